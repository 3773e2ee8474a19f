"""Captures and outputs in object storage: `briefpress convert s3://… -o s3://…` against a real S3 server.

The server is SeaweedFS on 127.0.0.1 with access keys (tests/s3server.py),
started by this module and stopped after; without ``weed`` or s3fs the
tests that need it skip, saying which.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from convert.storage import StorageError, is_remote, join, local_path, parse_storage_options

from .helpers import SEED_WITH_URLS, SEED_WITHOUT_URLS
from .s3server import S3, seaweed

FAST = "json,md"  # no WeasyPrint: the storage is what is tested here


def cli(*args: str, env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, env=env, timeout=timeout)


def starting(proc: subprocess.CompletedProcess, prefix: str) -> int:
    return sum(1 for line in proc.stderr.decode().splitlines() if line.startswith(prefix))


def manifest_lines(server: S3, *prefix: str) -> list[dict]:
    data = server.fs().cat_file(server.url(*prefix, "manifest.jsonl").removeprefix("s3://"))
    return [json.loads(line) for line in data.decode().splitlines()]


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> S3:
    with seaweed(tmp_path_factory.mktemp("seaweed")) as s3:
        yield s3


@pytest.fixture
def captures(server: S3, request) -> str:
    """Two seeds, a nested copy with the same name, an empty capture and a note, under a fresh prefix."""
    prefix = request.node.name[:40]
    fs = server.fs()
    base = f"{server.bucket}/{prefix}/captures"
    fs.pipe({
        f"{base}/report.txt": SEED_WITH_URLS.read_bytes(),
        f"{base}/other.txt": SEED_WITHOUT_URLS.read_bytes(),
        f"{base}/2022/october/report.txt": SEED_WITH_URLS.read_bytes(),
        f"{base}/empty.txt": b"",
        f"{base}/notes.md": b"not a capture by the default glob",
    })
    return prefix


# --------------------------------------------------------------------------- no server needed


def test_urls_and_plain_paths_are_told_apart():
    assert is_remote("s3://bucket/prefix") and is_remote("gcs://b/p") and is_remote("memory://x")
    assert not is_remote("captures") and not is_remote("-") and not is_remote("/tmp/a://b")
    assert not is_remote("file:///tmp/out") and local_path("file:///tmp/out%20dir") == "/tmp/out dir"
    assert join("s3://b/out/", "/a/b.pdf") == "s3://b/out/a/b.pdf"


def test_storage_options_must_be_a_json_object():
    assert parse_storage_options('{"endpoint_url": "http://127.0.0.1:1"}') == {"endpoint_url": "http://127.0.0.1:1"}
    for bad in ("[1, 2]", "{endpoint_url: 1}"):
        with pytest.raises(StorageError, match="--storage-options"):
            parse_storage_options(bad)
    proc = cli("convert", str(SEED_WITH_URLS), "-o", "out", "--storage-options", "nope")
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1 and b"not JSON" in proc.stderr


def test_a_file_url_is_the_local_path(tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", SEED_WITH_URLS.as_uri(), "-o", out.as_uri(), "-t", "json")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (out / f"{SEED_WITH_URLS.stem}.json").is_file() and (out / "manifest.jsonl").is_file()


# --------------------------------------------------------------------------- against the server


def test_s3_to_s3_converts_records_each_output_once_and_a_rerun_skips_everything(server, captures):
    src, out = server.url(captures, "captures"), server.url(captures, "briefs")
    first = cli("convert", src, "-o", out, "-t", FAST, "-j", "2", "-v", env=server.env)
    err = first.stderr.decode()
    assert first.returncode == 1, err  # the empty capture fails alone
    assert f"{src}/empty.txt: empty file" in err and "Traceback" not in err
    fs = server.fs()
    written = sorted(k.split("/briefs/", 1)[1] for k in fs.find(out.removeprefix("s3://")))
    assert written == sorted(["manifest.jsonl"] + [f"{s}.{e}" for s in ("report", "other", "2022/october/report")
                                                    for e in ("json", "md")])
    records = manifest_lines(server, captures, "briefs")
    assert sorted(r["output"] for r in records) == sorted(w for w in written if w != "manifest.jsonl")
    for r in records:  # every output complete: its bytes are the ones recorded
        import hashlib

        assert hashlib.sha256(fs.cat_file(f"{out.removeprefix('s3://')}/{r['output']}")).hexdigest() == r["output_sha256"]
        assert r["input"].startswith(src + "/")

    again = cli("convert", src, "-o", out, "-t", FAST, "-j", "2", "-v", env=server.env)
    assert again.returncode == 1
    assert starting(again, "skipped ") == 3 and starting(again, "converted ") == 0
    assert len(manifest_lines(server, captures, "briefs")) == 6

    # an output changed behind briefpress's back is redone, and only that one
    fs.pipe_file(f"{out.removeprefix('s3://')}/other.md", b"tampered")
    third = cli("convert", src, "-o", out, "-t", FAST, "-v", env=server.env)
    assert b"converted " + f"{src}/other.txt".encode() + b" \xe2\x86\x92 md" in third.stderr, third.stderr.decode()
    assert starting(third, "converted ") == 1


def test_verify_reads_the_outputs_and_sources_from_the_urls(server, captures):
    src, out = server.url(captures, "captures"), server.url(captures, "briefs")
    assert cli("convert", src, "-o", out, "-t", FAST, env=server.env).returncode == 1
    good = cli("verify", out, env=server.env)
    assert good.returncode == 0, good.stdout.decode()
    assert b"6 of 6 outputs verified" in good.stdout and f"ok    {out}/report.md".encode() in good.stdout
    server.fs().pipe_file(f"{out.removeprefix('s3://')}/report.md", b"# Nothing left\n")
    bad = cli("verify", out, env=server.env)
    assert bad.returncode == 1 and f"LOST  {out}/report.md".encode() in bad.stdout


def test_without_credentials_the_server_refuses_in_one_line(server, captures):
    env = dict(server.env, AWS_SECRET_ACCESS_KEY="wrong")
    proc = cli("convert", server.url(captures, "captures"), "-o", server.url(captures, "briefs"), "-t", FAST, env=env)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "permission denied" in err and err.count("\n") == 1, err


def test_a_damaged_manifest_line_is_reported_and_its_output_redone(server, captures):
    src, out = server.url(captures, "captures"), server.url(captures, "briefs")
    assert cli("convert", src, "-o", out, "-t", "json", env=server.env).returncode == 1
    key = f"{out.removeprefix('s3://')}/manifest.jsonl"
    fs = server.fs()
    lines = fs.cat_file(key).splitlines(keepends=True)
    fs.pipe_file(key, lines[0][:30] + b"\n" + b"".join(lines[1:]))
    again = cli("convert", src, "-o", out, "-t", "json", "-v", env=server.env)
    err = again.stderr.decode()
    assert f"{out}/manifest.jsonl:1: not a manifest record" in err and starting(again, "converted ") == 1, err
    assert len(manifest_lines(server, captures, "briefs")) == 3


def test_local_captures_into_s3_and_s3_captures_into_a_local_folder(server, captures, tmp_path):
    local = tmp_path / "captures"
    local.mkdir()
    shutil.copy(SEED_WITH_URLS, local / "a.txt")
    up = cli("convert", str(local), "-o", server.url(captures, "up"), "-t", "json", env=server.env)
    assert up.returncode == 0, up.stderr.decode()
    assert [r["output"] for r in manifest_lines(server, captures, "up")] == ["a.json"]
    down = cli("convert", server.url(captures, "captures", "other.txt"), "-o", str(tmp_path / "down"), "-t", "json",
               env=server.env)
    assert down.returncode == 0, down.stderr.decode()
    rec = json.loads((tmp_path / "down" / "manifest.jsonl").read_text())
    assert rec["output"] == "other.json" and rec["input"] == server.url(captures, "captures", "other.txt")
