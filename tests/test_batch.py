"""`briefpress convert` as a batch tool, run as a subprocess on a temporary tree."""

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

from convert.parse import parse_file

from .helpers import NESTED, SEED_WITH_URLS, SEED_WITHOUT_URLS

FAST = "json,md"  # formats that need no WeasyPrint: the batch logic is what is tested here


def cli(*args: str, cwd: Path | None = None, input: bytes | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "convert", *args], capture_output=True, cwd=cwd, input=input, timeout=timeout
    )


def lines_starting(proc: subprocess.CompletedProcess, prefix: str) -> int:
    return sum(1 for line in proc.stderr.decode().splitlines() if line.startswith(prefix))


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Two seeds, a nested copy with the same name as a top-level one, and three bad files."""
    root = tmp_path / "captures"
    (root / "nested" / "deeper").mkdir(parents=True)
    shutil.copy(SEED_WITH_URLS, root / "report.txt")
    shutil.copy(SEED_WITHOUT_URLS, root / "other.txt")
    shutil.copy(SEED_WITH_URLS, root / "nested" / "deeper" / "report.txt")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (root / "windows.txt").write_bytes(SEED_WITHOUT_URLS.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    (root / "notes.md").write_text("not a capture by the default glob")
    return root


def test_a_tree_converts_good_files_reports_bad_ones_and_exits_1(tree, tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", str(tree), "-o", str(out), "-t", FAST, "-j", "2")
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    for stem in ["report", "other", "windows", "nested/deeper/report"]:
        for ext in (".json", ".md"):
            assert (out / f"{stem}{ext}").is_file(), stem + ext
    assert not (out / "empty.json").exists() and not (out / "notes.json").exists()
    assert f"{tree / 'empty.txt'}: empty file" in err
    assert f"{tree / 'binary.txt'}: binary file" in err
    assert "encoding-fallback" in err  # the cp1252 file's diagnostic is shown
    assert "Traceback" not in err
    records = [json.loads(l) for l in (out / "manifest.jsonl").read_text().splitlines()]
    assert len(records) == 8 and {r["format"] for r in records} == {"json", "md"}
    assert all(len(r["input_sha256"]) == 64 and len(r["output_sha256"]) == 64 for r in records)
    assert "failed" in err and "documents" in err  # the summary table


def test_a_second_run_skips_everything_and_is_much_faster_and_force_redoes_it(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for seed in (SEED_WITH_URLS, SEED_WITHOUT_URLS):
        shutil.copy(seed, src / seed.name)
    out = tmp_path / "out"
    t0 = time.perf_counter()
    first = cli("convert", str(src), "-o", str(out), "-t", "pdf,html,md", "-j", "1")
    t1 = time.perf_counter()
    second = cli("convert", str(src), "-o", str(out), "-t", "pdf,html,md", "-j", "1", "-v")
    t2 = time.perf_counter()
    assert first.returncode == 0 and second.returncode == 0
    assert lines_starting(second, "skipped ") == 2
    assert lines_starting(second, "converted ") == 0
    # the skipping run never loads WeasyPrint or lays out a page
    assert (t2 - t1) * 1.5 < t1 - t0, (t1 - t0, t2 - t1)
    forced = cli("convert", str(src), "-o", str(out), "-t", "md", "--force")
    assert lines_starting(forced, "converted ") == 2


def test_a_changed_input_or_option_is_redone(tree, tmp_path):
    out = tmp_path / "out"
    for name in ("empty.txt", "binary.txt", "windows.txt"):
        (tree / name).unlink()
    cli("convert", str(tree), "-o", str(out), "-t", FAST)
    with open(tree / "other.txt", "a", encoding="utf-8") as fh:
        fh.write("\n\nA closing line added later.\n")
    again = cli("convert", str(tree), "-o", str(out), "-t", FAST, "-v")
    converted = [l for l in again.stderr.decode().splitlines() if l.startswith("converted ")]
    assert len(converted) == 1 and "other.txt" in converted[0]
    assert lines_starting(cli("convert", str(tree), "-o", str(out), "-t", FAST, "--notes", "end", "-v"), "converted ") == 3


def test_a_tampered_output_is_redone(tree, tmp_path):
    out = tmp_path / "out"
    cli("convert", str(tree / "report.txt"), "-o", str(out), "-t", FAST)
    (out / "report.md").write_text("lost everything")
    again = cli("convert", str(tree / "report.txt"), "-o", str(out), "-t", FAST, "-v").stderr.decode()
    assert "converted" in again and "md" in again
    assert "lost everything" not in (out / "report.md").read_text()


def test_standard_input_to_standard_output():
    proc = cli("convert", "-", "-o", "-", "-t", "md", input=SEED_WITH_URLS.read_bytes())
    assert proc.returncode == 0
    assert proc.stdout.decode().startswith("---\ntitle: ")


def test_two_files_with_the_same_name_given_directly_are_a_usage_error(tree):
    proc = cli("convert", str(tree / "report.txt"), str(tree / "nested" / "deeper" / "report.txt"), "-t", FAST)
    assert proc.returncode == 2 and b"same outputs" in proc.stderr


def test_unknown_format_and_stdout_with_two_formats_are_usage_errors(tree):
    assert cli("convert", str(tree / "report.txt"), "-t", "pdf,odt").returncode == 2
    assert cli("convert", str(tree / "report.txt"), "-o", "-", "-t", "md,json").returncode == 2


def test_a_batch_killed_midway_leaves_only_complete_files_and_the_next_run_finishes(tmp_path):
    # Large captures make each document slow enough to kill the run between two of them.
    src = tmp_path / "big"
    src.mkdir()
    text = SEED_WITH_URLS.read_text(encoding="utf-8")
    cut = text.index("\n[1] ")
    big = text[:cut] * 60 + text[cut:]
    for k in range(8):
        (src / f"doc{k}.txt").write_text(big, encoding="utf-8")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "convert", "convert", str(src), "-o", str(out), "-t", "json", "-j", "1"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.time() + 120
    while time.time() < deadline and not list(out.glob("*.json")):
        time.sleep(0.05)
    time.sleep(0.3)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = sorted(out.glob("doc*.json"))
    assert 0 < len(finished) < 8, "the run should have been killed midway"
    for f in finished:
        json.loads(f.read_text(encoding="utf-8"))  # complete, not half-written
    resumed = cli("convert", str(src), "-o", str(out), "-t", "json", "-j", "1", "-v")
    assert resumed.returncode == 0
    # Outputs the manifest recorded before the kill are skipped; the one whose
    # record the kill may have cut off is redone, never trusted blindly.
    assert lines_starting(resumed, "skipped ") >= len(finished) - 1 >= 0
    assert lines_starting(resumed, "skipped ") + lines_starting(resumed, "converted ") == 8
    assert len(list(out.glob("doc*.json"))) == 8
    assert not list(out.glob(".briefpress-tmp-*"))
    records = [json.loads(l) for l in (out / "manifest.jsonl").read_text().splitlines()]
    assert sorted(r["output"] for r in records) == [f"doc{k}.json" for k in range(8)]


def test_verify_passes_on_good_outputs_and_fails_on_a_lost_paragraph(tmp_path):
    out = tmp_path / "out"
    assert cli("convert", str(SEED_WITH_URLS), str(SEED_WITHOUT_URLS), "-o", str(out), "-t", FAST).returncode == 0
    good = cli("verify", str(out))
    assert good.returncode == 0, good.stdout
    assert b"4 of 4 outputs verified" in good.stdout
    md = out / f"{SEED_WITH_URLS.stem}.md"
    paragraphs = md.read_text(encoding="utf-8").split("\n\n")
    victim = next(p for p in paragraphs[5:] if len(p) > 300 and not p.startswith(("#", "[^", "-", "1.")))
    md.write_text("\n\n".join(p for p in paragraphs if p != victim), encoding="utf-8")
    bad = cli("verify", str(out))
    assert bad.returncode == 1
    (line,) = [l for l in bad.stdout.decode().splitlines() if l.startswith("LOST")]
    assert md.name in line and "1 of" in line and " ".join(victim.split()[:2]).lower() in line.lower()


def test_verify_names_a_note_that_was_lost(tmp_path):
    out = tmp_path / "out"
    cli("convert", str(SEED_WITH_URLS), "-o", str(out), "-t", "md")
    md = out / f"{SEED_WITH_URLS.stem}.md"
    text = md.read_text(encoding="utf-8")
    start = text.index("[\\[28\\]]{#briefpress-note-28} ")  # (a note nobody cites, listed after the body)
    md.write_text(text[:start] + text[text.index("\n\n", start) + 2 :], encoding="utf-8")
    bad = cli("verify", str(md))
    assert bad.returncode == 1 and b"note(s) 28 missing" in bad.stdout


def test_verify_of_a_folder_without_manifest_is_a_clear_error(tmp_path):
    proc = cli("verify", str(tmp_path))
    assert proc.returncode == 1 and b"no manifest.jsonl" in proc.stderr and b"Traceback" not in proc.stderr


def test_verify_passes_for_endnotes_in_every_format(tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", str(SEED_WITH_URLS), "-o", str(out), "-t", "pdf,docx,html", "--notes", "end", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    checked = cli("verify", str(out))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.count(b"30/30 note calls linked") == 3


def test_the_html_keeps_the_captures_pdf_promise_by_linking_the_pdf_beside_it(tmp_path):
    from lxml import html

    out = tmp_path / "out"
    assert cli("convert", str(SEED_WITH_URLS), "-o", str(out), "-t", "html,pdf", "-j", "1").returncode == 0
    page = html.fromstring((out / f"{SEED_WITH_URLS.stem}.html").read_bytes())
    (link,) = page.xpath("//a[contains(@class, 'source-link-pdf')]")
    promised = parse_file(SEED_WITH_URLS).document.meta.links[0].text
    assert link.text_content() == promised
    assert (out / link.get("href")).is_file()
    alone = tmp_path / "alone"
    assert cli("convert", str(SEED_WITH_URLS), "-o", str(alone), "-t", "html").returncode == 0
    assert not html.fromstring((alone / f"{SEED_WITH_URLS.stem}.html").read_bytes()).xpath("//a[contains(@class, 'source-link-pdf')]")


def test_outputs_made_with_other_bundled_templates_are_not_up_to_date(tmp_path, monkeypatch):
    import convert.batch as batch
    from convert.render import RenderOptions
    from convert.resources import templates_dir

    copy = tmp_path / "templates"
    shutil.copytree(templates_dir(), copy, ignore=shutil.ignore_patterns("fonts", "__pycache__"))
    monkeypatch.setattr(batch, "templates_dir", lambda: copy)
    keys = []
    for _ in range(2):
        batch.toolchain_key.cache_clear()
        keys.append(batch.options_key(["pdf"], RenderOptions()))
    with open(copy / "print.css", "a", encoding="utf-8") as fh:
        fh.write("\n.body p { text-indent: 2em; }\n")
    batch.toolchain_key.cache_clear()
    keys.append(batch.options_key(["pdf"], RenderOptions()))
    batch.toolchain_key.cache_clear()
    assert keys[0] == keys[1] != keys[2]


def test_verify_reads_only_the_text_a_reader_sees_on_a_pdf_page():
    from weasyprint import HTML

    from convert.verify import read_pdf

    data = HTML(
        string="<p>Words on the page.</p><p style='position: absolute; top: 400mm'>Words below its edge.</p>"
    ).write_pdf()
    back = read_pdf(data)
    assert "on the page" in back.text and "below its edge" not in back.text
    assert back.off_page == [1]


def test_verify_passes_on_the_main_job_every_format_of_both_seeds(tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", str(SEED_WITH_URLS), str(SEED_WITHOUT_URLS), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    checked = cli("verify", str(out))
    assert checked.returncode == 0, checked.stdout
    assert b"6 of 6 outputs verified" in checked.stdout


def test_verify_passes_on_every_format_of_a_nested_list_and_misses_a_lost_sub_item(tmp_path):
    source = tmp_path / "nested.txt"
    source.write_text(NESTED, encoding="utf-8")
    out = tmp_path / "out"
    proc = cli("convert", str(source), "-o", str(out), "-t", "pdf,docx,html,json,md", "-j", "1")
    assert proc.returncode == 0, proc.stderr
    checked = cli("verify", str(out))
    assert checked.returncode == 0, checked.stdout
    assert b"5 of 5 outputs verified" in checked.stdout
    assert checked.stdout.count(b"1/1 note calls linked") == 3  # (the call in a sub-item, in PDF, DOCX and HTML)
    md = out / "nested.md"
    md.write_text(md.read_text(encoding="utf-8").replace("     - Then the parish maps.\n", ""), encoding="utf-8")
    bad = cli("verify", str(md))
    assert bad.returncode == 1 and b"parish maps" in bad.stdout


def test_a_parallel_batch_starts_the_largest_captures_first(tmp_path, monkeypatch):
    # A large capture started last keeps one worker busy while the others
    # idle; the pool is handed the jobs largest first.
    from concurrent.futures import ThreadPoolExecutor

    from convert.batch import plan_jobs
    from convert.render import RenderOptions
    from convert.runner import BatchRun

    root = tmp_path / "captures"
    root.mkdir()
    text = SEED_WITHOUT_URLS.read_bytes()
    for name, size in (("a.txt", 3000), ("b.txt", len(text)), ("c.txt", 1500), ("d.txt", 6000)):
        (root / name).write_bytes(text[:size])
    started: list[str] = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn, job, *args, **kwargs):
            started.append(Path(job.source).name)
            return super().submit(fn, job, *args, **kwargs)

    monkeypatch.setattr(BatchRun, "executor_factory", staticmethod(lambda workers, formats: Recording(workers)))
    run = BatchRun(plan_jobs([str(root)]), tmp_path / "out", ["json"], RenderOptions(), workers=2, force=False,
                   quiet=True, verbose=False)
    assert run.execute() == 0
    assert started == ["b.txt", "d.txt", "a.txt", "c.txt"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.json")) == ["a.json", "b.json", "c.json", "d.json"]
