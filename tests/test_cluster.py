"""The batch on a Dask cluster: `--cluster local:N` and `--scheduler tcp://…`, on real worker processes.

Every cluster here is started by the test (a LocalCluster of 2 worker
processes, by the command or by the test itself) and stopped after; the S3
server is SeaweedFS on 127.0.0.1 (tests/s3server.py). Without Dask, s3fs or
``weed`` the tests that need them skip, saying which.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .helpers import ROOT, SEED_WITH_URLS, SEED_WITHOUT_URLS
from .s3server import S3, seaweed
from .test_storage import cli, manifest_lines, starting

FAST = "json,md"
#: Corpus captures for the cluster runs: the whole corpus with
#: BRIEFPRESS_CLUSTER_CORPUS=all, else eight of its smaller captures (time).
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"), key=lambda p: (p.stat().st_size, p.name))
SUBSET = CORPUS if os.environ.get("BRIEFPRESS_CLUSTER_CORPUS") == "all" else CORPUS[:8]

needs_dask = pytest.mark.skipif(
    __import__("importlib").util.find_spec("distributed") is None, reason="Dask is not installed: pip install 'briefpress[dask]'"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> S3:
    with seaweed(tmp_path_factory.mktemp("seaweed")) as s3:
        yield s3


def upload(server: S3, prefix: str, files: list[Path]) -> str:
    server.fs().pipe({f"{server.bucket}/{prefix}/captures/{p.name}": p.read_bytes() for p in files})
    return server.url(prefix, "captures")


def object_hashes(server: S3, url: str) -> dict[str, str]:
    fs, base = server.fs(), url.removeprefix("s3://")
    return {k[len(base) + 1 :]: hashlib.sha256(fs.cat_file(k)).hexdigest() for k in fs.find(base)}


# --------------------------------------------------------------------------- the options


def test_a_malformed_cluster_or_both_options_are_one_line_usage_errors(tmp_path):
    bad = cli("convert", str(SEED_WITH_URLS), "-o", str(tmp_path), "--cluster", "remote:2")
    assert bad.returncode == 2 and b"is not local:N" in bad.stderr and bad.stderr.count(b"\n") == 1
    both = cli("convert", str(SEED_WITH_URLS), "-o", str(tmp_path), "--cluster", "local:1", "--scheduler", "tcp://x:1")
    assert both.returncode == 2 and b"give one of them" in both.stderr


@needs_dask
def test_a_scheduler_that_does_not_answer_is_one_line(tmp_path):
    proc = cli("convert", str(SEED_WITH_URLS), "-o", str(tmp_path), "-t", "json", "--scheduler", "tcp://127.0.0.1:9",
               timeout=120)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "cannot reach the Dask scheduler" in err and "Traceback" not in err, err


# --------------------------------------------------------------------------- local folders


@needs_dask
def test_a_local_cluster_writes_what_the_local_pool_writes_and_records_it_once(tmp_path):
    src = tmp_path / "captures"
    (src / "nested").mkdir(parents=True)
    shutil.copy(SEED_WITH_URLS, src / "report.txt")
    shutil.copy(SEED_WITH_URLS, src / "nested" / "report.txt")  # the same bytes: two tasks all the same (pure=False)
    shutil.copy(SEED_WITHOUT_URLS, src / "other.txt")
    (src / "empty.txt").write_bytes(b"")
    pool = cli("convert", str(src), "-o", str(tmp_path / "pool"), "-t", FAST, "-j", "2")
    dask = cli("convert", str(src), "-o", str(tmp_path / "dask"), "-t", FAST, "--cluster", "local:2", "-v")
    err = dask.stderr.decode()
    assert pool.returncode == dask.returncode == 1, err
    assert f"{src / 'empty.txt'}: empty file" in err and "Traceback" not in err
    assert "with 2 worker(s)" in err and starting(dask, "converted ") == 3

    def outputs(out: Path) -> dict[str, bytes]:
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file() and p.name != "manifest.jsonl"}

    assert outputs(tmp_path / "dask") == outputs(tmp_path / "pool")
    records = [json.loads(line) for line in (tmp_path / "dask" / "manifest.jsonl").read_text().splitlines()]
    assert sorted(r["output"] for r in records) == sorted(outputs(tmp_path / "dask"))

    again = cli("convert", str(src), "-o", str(tmp_path / "dask"), "-t", FAST, "--cluster", "local:2", "-v")
    assert starting(again, "skipped ") == 3 and starting(again, "converted ") == 0


# --------------------------------------------------------------------------- object storage


@needs_dask
def test_corpus_captures_from_s3_to_s3_on_a_local_cluster_verify_and_a_rerun_skips_everything(server):
    src = upload(server, "corpus", SUBSET)
    out = server.url("corpus", "briefs")
    first = cli("convert", src, "-o", out, "--cluster", "local:2", "-q", env=server.env, timeout=900)
    err = first.stderr.decode()
    assert first.returncode == 0, err
    assert "with 2 worker(s)" in err
    records = manifest_lines(server, "corpus", "briefs")
    written = object_hashes(server, out)
    assert len(records) == 3 * len(SUBSET) == len(written) - 1  # (pdf, docx, html each; and the manifest)
    assert {r["output"]: r["output_sha256"] for r in records} == {k: v for k, v in written.items() if k != "manifest.jsonl"}

    checked = cli("verify", out, "-q", env=server.env, timeout=900)
    assert checked.returncode == 0, checked.stdout.decode()
    assert f"{3 * len(SUBSET)} of {3 * len(SUBSET)} outputs verified".encode() in checked.stdout

    again = cli("convert", src, "-o", out, "--cluster", "local:2", "-v", env=server.env, timeout=900)
    assert again.returncode == 0
    assert starting(again, "skipped ") == len(SUBSET) and starting(again, "converted ") == 0
    assert object_hashes(server, out) == {k: v for k, v in written.items()} | {"manifest.jsonl": object_hashes(server, out)["manifest.jsonl"]}


@needs_dask
def test_a_worker_killed_mid_run_ends_with_every_output_complete_and_recorded_once(server):
    """The test runs the cluster (--scheduler), so it knows the workers' pids and what each is doing."""
    from distributed import Client, LocalCluster

    src = upload(server, "killed", SUBSET)
    out = server.url("killed", "briefs")
    # (the workers take the bucket's credentials from their own environment, as on a real cluster)
    credentials = {k: v for k, v in server.env.items() if k.startswith("AWS_")}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      env=credentials) as cluster, \
            Client(cluster) as client:
        proc = subprocess.Popen(
            [sys.executable, "-m", "convert", "convert", src, "-o", out, "-t", "pdf,docx", "-v",
             "--scheduler", cluster.scheduler_address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=server.env,
        )
        try:
            victim = None
            deadline = time.monotonic() + 300
            while victim is None and time.monotonic() < deadline and proc.poll() is None:
                busy = {addr for addr, keys in client.processing().items() if keys}
                done = sum(1 for k in server.fs().find(out.removeprefix("s3://")) if k.endswith(".pdf"))
                if done >= 1 and busy:
                    pids = client.run(os.getpid)
                    victim = pids[sorted(busy)[0]]
                    os.kill(victim, signal.SIGKILL)
                time.sleep(0.1)
            stdout, stderr = proc.communicate(timeout=600)
        finally:
            if proc.poll() is None:
                proc.kill()
    err = stderr.decode()
    assert victim is not None, "no worker was busy while outputs were being written: " + err
    assert proc.returncode == 0, err
    assert starting(subprocess.CompletedProcess([], 0, b"", stderr), "converted ") == len(SUBSET)
    assert "retried (worker died)" in err  # the summary says a job ran again
    records = manifest_lines(server, "killed", "briefs")
    outputs = [r["output"] for r in records]
    assert sorted(outputs) == sorted({f"{p.stem}.{e}" for p in SUBSET for e in ("pdf", "docx")})  # each once
    written = object_hashes(server, out)
    for r in records:  # complete: each object is the output its record names
        assert written[r["output"]] == r["output_sha256"], r["output"]
    checked = cli("verify", out, "-q", env=server.env, timeout=900)
    assert checked.returncode == 0, checked.stdout.decode()
