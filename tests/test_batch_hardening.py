"""`briefpress convert` under hostile conditions: odd file names, concurrent runs, a damaged manifest,
a full disk, interrupts, a killed parent, documents that take too long or need too much memory."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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
