"""`briefpress convert` under hostile conditions: odd file names, concurrent runs, a damaged manifest,
a full disk, interrupts, a killed parent, documents that take too long or need too much memory."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from convert.pipeline import TMP_PREFIX

from .helpers import SEED_WITH_URLS, SEED_WITHOUT_URLS
from .test_batch import cli, lines_starting

FAST = "json,md"


def manifest_records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]


# --------------------------------------------------------------------------- names that are not UTF-8


def test_a_file_name_that_is_not_utf8_is_converted_recorded_skipped_next_time_and_verified(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    odd = os.fsdecode(b"bad\xffbyte.txt")
    shutil.copy(SEED_WITH_URLS, src / odd)
    shutil.copy(SEED_WITHOUT_URLS, src / "good.txt")
    out = tmp_path / "out"
    first = cli("convert", str(src), "-o", str(out), "-t", FAST, "-j", "1")
    assert first.returncode == 0 and b"Traceback" not in first.stderr, first.stderr.decode(errors="replace")
    assert (out / os.fsdecode(b"bad\xffbyte.json")).is_file()
    records = manifest_records(out)
    assert sorted(r["output"] for r in records) == sorted(
        [os.fsdecode(b"bad\xffbyte.json"), os.fsdecode(b"bad\xffbyte.md"), "good.json", "good.md"]
    )
    assert {r["input"] for r in records} == {str((src / odd).resolve()), str((src / "good.txt").resolve())}
    again = cli("convert", str(src), "-o", str(out), "-t", FAST, "-v")
    assert again.returncode == 0 and lines_starting(again, "skipped ") == 2, again.stderr.decode(errors="replace")
    checked = cli("verify", str(out))
    assert checked.returncode == 0 and b"4 of 4 outputs verified" in checked.stdout, checked.stdout


# --------------------------------------------------------------------------- two runs into one folder


def a_record(output: str) -> "OutputRecord":
    from convert.batch import OutputRecord

    return OutputRecord(
        input="/captures/" + output.rsplit(".", 1)[0] + ".txt", input_sha256="0" * 64, output=output,
        output_sha256="0" * 64, format="json", pages=None, diagnostics={}, seconds=0.0, options="", version="",
    )


APPEND_FROM_ANOTHER_RUN = """
import json, sys
from pathlib import Path
from convert.batch import OutputRecord, append_manifest
print("ready", flush=True)
append_manifest(Path(sys.argv[1]), [OutputRecord(**json.loads(sys.argv[2]))])
"""


def test_a_record_another_run_appends_while_the_manifest_is_compacted_is_kept(tmp_path, monkeypatch):
    import dataclasses

    import convert.batch as batch
    from convert.batch import append_manifest, compact_manifest, read_manifest

    out = tmp_path / "out"
    out.mkdir()
    for name in ("mine.json", "theirs.json"):
        (out / name).write_text("{}")
    append_manifest(out, [a_record("mine.json")])
    real_write_atomic = batch.write_atomic
    other = []

    def write_while_another_run_appends(target, data):
        # The other run appends between this run's reading of the manifest and its rename.
        proc = subprocess.Popen(
            [sys.executable, "-c", APPEND_FROM_ANOTHER_RUN, str(out), json.dumps(dataclasses.asdict(a_record("theirs.json")))],
            stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        )
        assert proc.stdout.readline() == b"ready\n"
        try:
            proc.wait(timeout=1.5)  # it appends at once, or waits for this run's lock
        except subprocess.TimeoutExpired:
            pass
        other.append(proc)
        real_write_atomic(target, data)

    monkeypatch.setattr(batch, "write_atomic", write_while_another_run_appends)
    compact_manifest(out)
    assert other[0].wait(timeout=20) == 0
    assert sorted(read_manifest(out)) == ["mine.json", "theirs.json"]


def small_captures(folder: Path, prefix: str, n: int) -> list[Path]:
    """``n`` short captures of different sizes (openings of a seed), fast to convert."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED_WITHOUT_URLS.read_bytes()
    paths = []
    for k in range(n):
        path = folder / f"{prefix}{k:04d}.txt"
        path.write_bytes(text[: 1500 + 37 * k])
        paths.append(path)
    return paths


def test_runs_into_one_folder_while_a_long_run_goes_on_lose_no_record(tmp_path):
    # Each short run compacts the manifest while the long one keeps appending to it.
    long = small_captures(tmp_path / "long", "l", 300)
    short = small_captures(tmp_path / "short", "s", 8)
    out = tmp_path / "out"
    running = subprocess.Popen(
        [sys.executable, "-m", "convert", "convert", str(long[0].parent), "-o", str(out), "-t", FAST, "-j", "2", "-q"],
        stderr=subprocess.DEVNULL,
    )
    done = 0
    while running.poll() is None and done < len(short):
        assert cli("convert", str(short[done]), "-o", str(out), "-t", FAST, "-q").returncode == 0
        done += 1
    assert running.wait(timeout=120) == 0
    assert done >= 1, "the long run ended before any short run"
    expected = {f"{p.stem}.{ext}" for p in long + short[:done] for ext in ("json", "md")}
    assert {r["output"] for r in manifest_records(out)} == expected
    checked = cli("verify", str(out), "-q")
    assert f"{len(expected)} of {len(expected)} outputs verified".encode() in checked.stdout


# --------------------------------------------------------------------------- a damaged manifest, a full disk


def test_an_invalid_byte_in_the_manifest_is_a_warning_and_its_output_is_redone(tmp_path):
    out = tmp_path / "out"
    assert cli("convert", str(SEED_WITH_URLS), str(SEED_WITHOUT_URLS), "-o", str(out), "-t", FAST).returncode == 0
    manifest = out / "manifest.jsonl"
    lines = manifest.read_bytes().splitlines(keepends=True)
    damaged = json.loads(lines[1])["output"]
    lines[1] = lines[1].replace(b'"output"', b'"out\xffput"')
    manifest.write_bytes(b"".join(lines))
    checked = cli("verify", str(out))
    assert b"Traceback" not in checked.stderr, checked.stderr
    # (verify cannot vouch for an output whose record it cannot read: it says so, and does not pass)
    assert f"UNCHECKED  {manifest}:2: not a manifest record".encode() in checked.stdout, checked.stdout
    assert b"3 of 4 outputs verified, 1 could not be checked" in checked.stdout and checked.returncode == 1
    again = cli("convert", str(SEED_WITH_URLS), str(SEED_WITHOUT_URLS), "-o", str(out), "-t", FAST, "-v")
    err = again.stderr.decode()
    assert again.returncode == 0 and "Traceback" not in err, err
    assert f"{manifest}:2: not a manifest record" in err
    (redone,) = [line for line in err.splitlines() if line.startswith("converted ")]
    assert f"→ {damaged.rsplit('.', 1)[1]} (" in redone  # that output alone, the other one was up to date
    assert len(manifest_records(out)) == 4
    assert b"4 of 4 outputs verified" in cli("verify", str(out)).stdout


def test_a_full_disk_when_the_manifest_is_compacted_is_one_line_and_keeps_every_record(tmp_path, monkeypatch, capsys):
    import errno

    import convert.batch as batch
    from convert.batch import MANIFEST, plan_jobs
    from convert.render import RenderOptions
    from convert.runner import BatchRun

    real_write_atomic = batch.write_atomic

    def no_space_for_the_manifest(target, data):
        if Path(target).name == MANIFEST:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_write_atomic(target, data)

    monkeypatch.setattr(batch, "write_atomic", no_space_for_the_manifest)
    out = tmp_path / "out"
    for _ in range(2):  # the second run re-records nothing: only the compaction writes
        run = BatchRun(plan_jobs([str(SEED_WITH_URLS), str(SEED_WITHOUT_URLS)]), out, ["json"], RenderOptions(),
                       workers=1, force=False, quiet=True, verbose=False)
        assert run.execute() == 0
        err = capsys.readouterr().err
        (line,) = [l for l in err.splitlines() if "not compacted" in l]
        assert line.startswith(f"{out / MANIFEST}: ") and "No space left on device" in line
    assert sorted(r["output"] for r in manifest_records(out)) == sorted(
        f"{p.stem}.json" for p in (SEED_WITH_URLS, SEED_WITHOUT_URLS)
    )


# --------------------------------------------------------------------------- Ctrl-C and SIGTERM


def slow_captures(folder: Path, n: int, repeat: int = 30) -> list[Path]:
    """``n`` captures, each a seed with its body repeated: slow enough to stop a batch between two of them."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED_WITH_URLS.read_text(encoding="utf-8")
    cut = text.index("\n[1] ")
    paths = []
    for k in range(n):
        path = folder / f"doc{k:02d}.txt"
        path.write_text(text[:cut] * repeat + f"\n\nDocument {k}.\n" + text[cut:], encoding="utf-8")
        paths.append(path)
    return paths


def start_batch(src: Path, out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "convert", "convert", str(src), "-o", str(out), *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def wait_for_records(out: Path, n: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        manifest = out / "manifest.jsonl"
        if manifest.exists() and len(manifest.read_bytes().splitlines()) >= n:
            return
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} records after {timeout} s")


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stop_signal_ends_the_batch_soon_records_every_finished_output_and_the_next_run_resumes(tmp_path, signum, status):
    src = tmp_path / "src"
    sources = slow_captures(src, 24)
    out = tmp_path / "out"
    proc = start_batch(src, out, "-t", "json", "-j", "2")
    wait_for_records(out, 2)
    sent = time.monotonic()
    os.kill(proc.pid, signum)
    _, err = proc.communicate(timeout=60)
    took = time.monotonic() - sent
    err = err.decode()
    assert proc.returncode == status, err
    assert "Traceback" not in err
    assert f"interrupted by {signal.Signals(signum).name}: " in err and "interrupted" in err.split("briefpress convert")[-1]
    assert took < 10, took  # a generous bound: it takes well under a second here
    written = sorted(p.name for p in out.glob("*.json"))
    recorded = sorted(r["output"] for r in manifest_records(out))
    assert written == recorded, "every finished output is recorded, and nothing else is written"
    assert 2 <= len(written) < len(sources), "the queued documents were not converted"
    assert not list(out.glob(".briefpress-tmp-*"))
    for name in written:
        json.loads((out / name).read_text(encoding="utf-8"))
    resumed = cli("convert", str(src), "-o", str(out), "-t", "json", "-j", "2", "-v")
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert lines_starting(resumed, "skipped ") == len(written)
    assert lines_starting(resumed, "converted ") == len(sources) - len(written)


# --------------------------------------------------------------------------- a killed parent


def descendants(pid: int) -> set[int]:
    """Every living process below ``pid`` (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if fields[0] != "Z":
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path):
    src = tmp_path / "src"
    slow_captures(src, 24)
    out = tmp_path / "out"
    proc = start_batch(src, out, "-t", "json", "-j", "2")
    wait_for_records(out, 1)
    below = descendants(proc.pid)
    assert below, "the batch runs its documents in worker processes"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(alive(pid) for pid in below):
        time.sleep(0.1)
    left = [pid for pid in below if alive(pid)]
    for pid in left:  # do not leave them running after the test
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} worker(s) outlived their parent"


# --------------------------------------------------------------------------- time and memory per document


def a_good_and_a_heavy_capture(folder: Path, repeat: int) -> tuple[Path, Path]:
    """A small capture, and one whose body is repeated ``repeat`` times (slow, and hungry)."""
    folder.mkdir(parents=True, exist_ok=True)
    good = folder / "good.txt"
    shutil.copy(SEED_WITHOUT_URLS, good)
    (heavy,) = slow_captures(folder / "heavy", 1, repeat)
    return good, heavy.rename(folder / "heavy.txt")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_document_over_its_time_fails_alone_with_the_reason_and_the_batch_goes_on(tmp_path, jobs):
    good, heavy = a_good_and_a_heavy_capture(tmp_path / "src", 400)
    out = tmp_path / "out"
    started = time.monotonic()
    proc = cli("convert", str(good), str(heavy), "-o", str(out), "-t", "json,md", "-j", jobs, "--timeout", "0.5")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert f"{heavy}: took longer than 0.5 s" in err.splitlines()
    assert (out / "good.json").is_file() and (out / "good.md").is_file()
    assert not (out / "heavy.json").exists() and not list(out.glob(".briefpress-tmp-*"))
    assert time.monotonic() - started < 60


def test_standard_output_honours_the_time_limit(tmp_path):
    _, heavy = a_good_and_a_heavy_capture(tmp_path / "src", 400)
    proc = cli("convert", str(heavy), "-o", "-", "-t", "md", "--timeout", "0.5")
    assert proc.returncode == 1 and proc.stdout == b""
    assert proc.stderr.decode().splitlines()[-1] == f"{heavy}: took longer than 0.5 s"


def test_a_document_over_the_memory_ceiling_fails_alone_with_the_reason(tmp_path):
    good, heavy = a_good_and_a_heavy_capture(tmp_path / "src", 400)
    out = tmp_path / "out"
    proc = cli("convert", str(good), str(heavy), "-o", str(out), "-t", "json", "-j", "2", "--max-memory", "200M", "--timeout", "60")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert f"{heavy}: needed more than 200 MiB of memory" in err.splitlines()
    assert (out / "good.json").is_file() and not (out / "heavy.json").exists()


def test_a_size_that_is_not_one_is_a_usage_error(tmp_path):
    proc = cli("convert", str(SEED_WITH_URLS), "-o", str(tmp_path), "-t", "json", "--max-memory", "lots")
    assert proc.returncode == 2 and b"is not a size such as 2G" in proc.stderr


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_a_worker_killed_from_outside_fails_its_document_alone_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "src"
    sources = slow_captures(src, 12)
    out = tmp_path / "out"
    proc = start_batch(src, out, "-t", "json", "-j", "2")
    wait_for_records(out, 1)
    busy = [pid for pid in descendants(proc.pid) if "briefpress-worker" in _name(pid) or _is_worker(pid)]
    assert busy, "no worker found"
    os.kill(busy[0], signal.SIGKILL)
    _, err = proc.communicate(timeout=120)
    err = err.decode()
    assert proc.returncode in (0, 1) and "Traceback" not in err, err
    lost = [line for line in err.splitlines() if "its worker process died (killed by SIGKILL)" in line]
    assert len(lost) <= 1  # none if the worker was between two documents
    # The manifest records exactly the documents reported done. A worker killed after its
    # output's atomic rename but before it reported leaves that output whole and unrecorded,
    # so the next run redoes it; never a half-written file.
    recorded = {r["output"] for r in manifest_records(out)}
    assert len(recorded) == len(sources) - len(lost)
    outputs = sorted(out.glob("doc*.json"))
    assert len(outputs) in (len(sources) - len(lost), len(sources))
    for path in outputs:
        json.loads(path.read_text(encoding="utf-8"))
    assert not list(out.glob("*.tmp*")) and not list(out.glob(".*tmp*"))
    assert proc.returncode == (1 if lost else 0)


def _name(pid: int) -> str:
    try:
        return (Path("/proc") / str(pid) / "comm").read_text()
    except OSError:
        return ""


def _is_worker(pid: int) -> bool:
    """A worker has the fork server as its parent (the fork server's own parent is the batch)."""
    try:
        cmdline = (Path("/proc") / str(pid) / "cmdline").read_bytes()
        ppid = int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        parent = (Path("/proc") / str(ppid) / "cmdline").read_bytes()
    except (OSError, ValueError):
        return False
    return b"forkserver" in parent and b"forkserver" in cmdline


def stuck_in_c_code(n: int) -> object:
    """A regular expression that backtracks for ages inside one C call, where no timer can raise."""
    import re

    return re.match(r"(a+)+$", "a" * n + "b")


def test_a_job_stuck_in_c_code_is_killed_after_its_time_and_grace_and_the_pool_goes_on():
    from convert.pool import JobTimeout, Limits, SupervisedPool

    started = time.monotonic()
    with SupervisedPool(1, Limits(timeout=0.5, grace=0.5)) as pool:
        stuck = pool.submit(stuck_in_c_code, 60)
        after = pool.submit(len, "still here")
        with pytest.raises(JobTimeout, match="took longer than 0.5 s"):
            stuck.result(timeout=60)
        assert after.result(timeout=60) == 10
    assert time.monotonic() - started < 30


def test_ctrl_c_in_a_terminal_reaching_every_process_of_the_batch_fails_no_document(tmp_path):
    src = tmp_path / "src"
    slow_captures(src, 24)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "convert", "convert", str(src), "-o", str(out), "-t", "json", "-j", "2", "-q"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    wait_for_records(out, 2)
    os.killpg(proc.pid, signal.SIGINT)  # a terminal sends Ctrl-C to the whole foreground group
    _, err = proc.communicate(timeout=60)
    err = err.decode()
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert not [line for line in err.splitlines() if line.endswith(": interrupted")], err
    failed_row = next(line for line in err.splitlines() if "failed" in line)
    assert failed_row.split()[-2] == "0", failed_row
    assert sorted(p.name for p in out.glob("*.json")) == sorted(r["output"] for r in manifest_records(out))
