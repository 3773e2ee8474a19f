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


# --------------------------------------------------------------------------- the user's files and values (item 10)


def no_document_ran(out: Path) -> bool:
    return not out.exists() or not any(out.iterdir())


def test_a_template_syntax_error_names_the_file_and_line_and_exits_2(capture, tmp_path):
    template = tmp_path / "page.html.j2"
    template.write_text("<html>\n<body>\n{% if %}\n</body>\n", encoding="utf-8")
    out = tmp_path / "out"
    line = one_line_error(cli("convert", str(capture), "-o", str(out), "-t", "html", "--template", str(template)))
    assert line.startswith(f"{template}:3: ") and "template" in line
    assert no_document_ran(out)


def test_a_template_that_is_not_utf8_is_one_line_and_exit_2(capture, tmp_path):
    template = tmp_path / "page.html.j2"
    template.write_bytes(b"<p>caf\xe9</p>\n")
    line = one_line_error(cli("convert", str(capture), "-o", str(tmp_path / "out"), "-t", "html", "--template", str(template)))
    assert line.startswith(f"{template}:1: ") and "UTF-8" in line


def test_a_reference_docx_that_is_not_a_docx_is_one_line_and_exit_2(capture, tmp_path):
    out = tmp_path / "out"
    for name, data in [("text.docx", b"just some text\n"), ("zip.docx", _zip_without_word_parts())]:
        bad = tmp_path / name
        bad.write_bytes(data)
        line = one_line_error(cli("convert", str(capture), "-o", str(out), "-t", "docx", "--reference-docx", str(bad)))
        assert line.startswith(f"{bad}: ") and "internal error" not in line
    assert no_document_ran(out)


def _zip_without_word_parts() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a word document")
    return buf.getvalue()


def test_a_css_that_is_not_utf8_is_one_line_and_exit_2(capture, tmp_path):
    css = tmp_path / "style.css"
    css.write_bytes(b"p { font-family: \"Caf\xe9\"; }\n")
    out = tmp_path / "out"
    line = one_line_error(cli("convert", str(capture), "-o", str(out), "-t", "html", "--css", str(css)))
    assert line.startswith(f"{css}:1: ") and "UTF-8" in line
    assert no_document_ran(out)


@pytest.mark.parametrize("epoch", [str(10**20), "253402300800", "-1", "soon"])
def test_a_source_date_epoch_out_of_range_is_one_line_and_exit_2(capture, tmp_path, epoch):
    out = tmp_path / "out"
    line = one_line_error(cli("convert", str(capture), "-o", str(out), "-t", "html", "--source-date-epoch", epoch))
    assert line.startswith("--source-date-epoch: ")
    assert no_document_ran(out)


def test_a_bad_source_date_epoch_from_the_environment_names_the_variable(capture, tmp_path):
    import os

    env = dict(os.environ, SOURCE_DATE_EPOCH=str(10**20))
    proc = subprocess.run([sys.executable, "-m", "convert", "convert", str(capture), "-o", str(tmp_path / "o"), "-t", FAST],
                          capture_output=True, env=env, timeout=120)
    assert one_line_error(proc).startswith("SOURCE_DATE_EPOCH: ")


def test_the_last_second_of_year_9999_is_a_valid_source_date_epoch_for_every_dated_format(capture, tmp_path):
    proc = cli("convert", str(capture), "-o", str(tmp_path / "out"), "-t", "html,docx", "--source-date-epoch", "253402300799")
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"internal error" not in proc.stderr


def test_a_folder_with_no_matching_file_is_one_line_and_exit_2(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not a capture")
    line = one_line_error(cli("convert", str(empty), "-o", str(tmp_path / "out"), "-t", FAST))
    assert line == f"{empty}: no file matches '*.txt'"


def test_a_glob_that_matches_nothing_names_the_folder_and_the_pattern(capture, tmp_path):
    line = one_line_error(cli("convert", str(tmp_path), "-o", str(tmp_path / "out"), "-t", FAST, "--glob", "*.text"))
    assert line == f"{tmp_path}: no file matches '*.text'"


def test_an_empty_glob_is_one_line_and_exit_2(tmp_path, capture):
    assert one_line_error(cli("convert", str(tmp_path), "-o", str(tmp_path / "out"), "-t", FAST, "--glob", "")).startswith("--glob: ")


def test_one_empty_folder_among_others_is_a_warning_and_the_rest_converts(tmp_path, capture):
    empty, full = tmp_path / "empty", tmp_path / "full"
    empty.mkdir()
    full.mkdir()
    capture.rename(full / capture.name)
    proc = cli("convert", str(full), str(empty), "-o", str(tmp_path / "out"), "-t", FAST, "-v")
    err = proc.stderr.decode()
    assert proc.returncode == 0, err
    assert f"{empty}: warning: no file matches '*.txt'" in err.splitlines()
    assert (tmp_path / "out" / "report.json").is_file()


# --------------------------------------------------------------------------- file modes (item 9)


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_outputs_and_the_manifest_respect_the_umask(capture, tmp_path, umask, mode):
    import os
    import stat

    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "convert", "convert", str(capture), "-o", str(out), "-t", "json,md"],
                          capture_output=True, timeout=120, preexec_fn=lambda: os.umask(umask))
    assert proc.returncode == 0, proc.stderr.decode()
    for name in ("report.json", "report.md", "manifest.jsonl"):
        assert stat.S_IMODE((out / name).stat().st_mode) == mode, name
