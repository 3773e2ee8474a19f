"""`briefpress convert` refuses bad options, inputs and output places with one line, before any document runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import SEED_WITH_URLS

FAST = "json"  # no WeasyPrint: what is tested is the command line, not a format


def cli(*args: str, cwd: Path | None = None, input: bytes | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "convert", *args], capture_output=True, cwd=cwd, input=input, timeout=timeout
    )


def one_line_error(proc: subprocess.CompletedProcess, code: int = 2) -> str:
    """The single line on standard error of a run that exited with ``code`` and wrote nothing else."""
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    return err.rstrip("\n")


@pytest.fixture
def capture(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_bytes(SEED_WITH_URLS.read_bytes())
    return path


# --------------------------------------------------------------------------- the output place (item 8)


def test_an_output_that_is_an_existing_file_is_one_line_and_exit_2(capture, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("mine")
    line = one_line_error(cli("convert", str(capture), "-o", str(taken), "-t", FAST))
    assert line.startswith(f"{taken}: ") and "not a folder" in line
    assert taken.read_text() == "mine"


def test_an_output_folder_under_a_file_is_one_line_and_exit_2(capture, tmp_path):
    (tmp_path / "file").write_text("x")
    place = tmp_path / "file" / "out"
    line = one_line_error(cli("convert", str(capture), "-o", str(place), "-t", FAST))
    assert line.startswith(f"{place}: cannot create the output folder")


@pytest.fixture
def read_only_folder(tmp_path: Path):
    """A folder this process cannot create files in (mode 0500; immutable when running as root)."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    immutable = False
    if _can_create_in(folder):
        immutable = subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode == 0
        if not immutable or _can_create_in(folder):
            pytest.skip("no way to make a read-only folder here")
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], capture_output=True)
    folder.chmod(0o700)


def _can_create_in(folder: Path) -> bool:
    try:
        (folder / "probe").write_text("")
    except OSError:
        return False
    (folder / "probe").unlink()
    return True


def test_a_read_only_output_folder_is_one_line_and_exit_2_before_any_document(capture, read_only_folder):
    line = one_line_error(cli("convert", str(capture), "-o", str(read_only_folder), "-t", FAST))
    assert line.startswith(f"{read_only_folder}: cannot write into the output folder")
    one_line_error(cli("convert", str(capture), "-o", str(read_only_folder / "sub"), "-t", FAST))


def test_usage_errors_of_click_itself_are_one_line_and_exit_2(capture):
    for args in (["--nope"], ["-t", "pdf,odt"], ["-j", "0"], ["--notes", "side"]):
        one_line_error(cli("convert", str(capture), "-o", "-", *args))
