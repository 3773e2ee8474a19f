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


# --------------------------------------------------------------------------- what a walk reads (item 4)


def stderr_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return proc.stderr.decode("utf-8", "replace").splitlines()


@pytest.fixture
def linked_tree(tmp_path: Path) -> Path:
    """A folder with one capture, and beside it, outside, a secret the folder links to."""
    root = tmp_path / "in"
    root.mkdir()
    (root / "report.txt").write_bytes(SEED_WITH_URLS.read_bytes())
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret Title\n\nroot:x:0:0:the password file of this machine\n", encoding="utf-8")
    (root / "p.txt").symlink_to(secret)
    return root


def test_a_symbolic_link_in_a_tree_is_not_followed_and_says_so(linked_tree, tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", str(linked_tree), "-o", str(out), "-t", FAST)
    assert proc.returncode == 0, proc.stderr.decode()
    assert not (out / "p.json").exists() and (out / "report.json").is_file()
    (line,) = [l for l in stderr_lines(proc) if l.startswith(f"{linked_tree / 'p.txt'}: ")]
    assert "skipped" in line and "symbolic link" in line


def test_follow_symlinks_follows_links_inside_the_tree_only(linked_tree, tmp_path):
    store = linked_tree / ".store"
    store.mkdir()
    (store / "kept.txt").write_bytes(SEED_WITH_URLS.read_bytes())
    (linked_tree / "kept.txt").symlink_to(store / "kept.txt")
    out = tmp_path / "out"
    proc = cli("convert", str(linked_tree), "-o", str(out), "-t", FAST, "--follow-symlinks")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (out / "kept.json").is_file()
    assert not (out / "p.json").exists()
    (line,) = [l for l in stderr_lines(proc) if l.startswith(f"{linked_tree / 'p.txt'}: ")]
    assert "out of the folder" in line


def test_a_symlink_given_directly_is_followed(linked_tree, tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", str(linked_tree / "p.txt"), "-o", str(out), "-t", FAST)
    assert proc.returncode == 0, proc.stderr.decode()
    assert (out / "p.json").is_file()


def test_link_loops_and_folders_named_like_captures_are_reported(linked_tree, tmp_path):
    (linked_tree / "a.txt").symlink_to(linked_tree / "b.txt")
    (linked_tree / "b.txt").symlink_to(linked_tree / "a.txt")
    (linked_tree / "again").symlink_to(linked_tree)
    (linked_tree / "folder.txt").mkdir()
    for follow in ([], ["--follow-symlinks"]):
        proc = cli("convert", str(linked_tree), "-o", str(tmp_path / "out"), "-t", FAST, *follow, timeout=60)
        assert proc.returncode == 0, proc.stderr.decode()
        reported = {l.split(": ", 1)[0]: l for l in stderr_lines(proc) if ": skipped, " in l}
        for name in ("a.txt", "b.txt", "again", "folder.txt"):
            assert str(linked_tree / name) in reported, (follow, name, reported)
        if follow:
            assert "loop" in reported[str(linked_tree / "a.txt")]
            assert "already walked" in reported[str(linked_tree / "again")]


def test_a_fifo_in_a_tree_is_reported_and_a_fifo_given_directly_is_refused_without_waiting(tmp_path):
    import os

    root = tmp_path / "in"
    root.mkdir()
    (root / "report.txt").write_bytes(SEED_WITH_URLS.read_bytes())
    fifo = root / "pipe.txt"
    os.mkfifo(fifo)
    walked = cli("convert", str(root), "-o", str(tmp_path / "out"), "-t", FAST, timeout=60)
    assert walked.returncode == 0
    assert f"{fifo}: skipped, not a regular file but a FIFO" in stderr_lines(walked)
    direct = cli("convert", str(fifo), "-o", str(tmp_path / "out2"), "-t", FAST, "-q", timeout=60)
    assert direct.returncode == 1
    assert f"{fifo}: not a regular file but a FIFO; not read" in stderr_lines(direct)
    assert "Traceback" not in direct.stderr.decode()


def test_a_device_given_directly_is_refused_with_one_line(tmp_path):
    proc = cli("convert", "/dev/zero", "-o", str(tmp_path / "out"), "-t", FAST, "-q", timeout=60)
    assert proc.returncode == 1
    assert "/dev/zero: not a regular file but a character device; not read" in stderr_lines(proc)
    assert "Traceback" not in proc.stderr.decode()


def test_a_capture_above_the_size_ceiling_is_refused_and_the_ceiling_can_be_raised(capture, tmp_path):
    size = capture.stat().st_size
    small = cli("convert", str(capture), "-o", str(tmp_path / "out"), "-t", FAST, "-q", "--max-input-size", "10k")
    assert small.returncode == 1
    assert f"{capture}: larger than the 10 kB ceiling; not read (--max-input-size raises it)" in stderr_lines(small)
    assert size > 10 * 1024
    enough = cli("convert", str(capture), "-o", str(tmp_path / "out"), "-t", FAST, "--max-input-size", str(size))
    assert enough.returncode == 0, enough.stderr.decode()
    piped = cli("convert", "-", "-o", "-", "-t", "md", "--max-input-size", "10k", input=capture.read_bytes())
    assert piped.returncode == 1 and stderr_lines(piped) == ["-: larger than the 10 kB ceiling; not read (--max-input-size raises it)"]


def test_a_bad_max_input_size_is_one_line_and_exit_2(capture, tmp_path):
    for value in ("lots", "0", "-5", "12q"):
        line = one_line_error(cli("convert", str(capture), "-o", str(tmp_path / "out"), "-t", FAST, "--max-input-size", value))
        assert line.startswith("--max-input-size: ")


def test_reading_stops_one_byte_past_the_ceiling():
    import io

    from convert.parse import ParseError
    from convert.pipeline import read_at_most

    class Endless(io.RawIOBase):
        def __init__(self):
            self.given = 0

        def readable(self):
            return True

        def readinto(self, buf):
            buf[:] = b"a" * len(buf)
            self.given += len(buf)
            return len(buf)

    stream = Endless()
    with pytest.raises(ParseError):
        read_at_most(io.BufferedReader(stream, buffer_size=16), 1000)
    assert stream.given <= 1000 + 16
    assert read_at_most(io.BytesIO(b"x" * 1000), 1000) == b"x" * 1000


# --------------------------------------------------------------------------- file names in messages (item 15)


def test_names_with_a_newline_an_escape_or_bytes_that_are_not_utf8_are_shown_escaped_on_one_line(tmp_path):
    import os

    root = tmp_path / "in"
    root.mkdir()
    rootb = os.fsencode(root)
    bad = {b"two\nlines.txt": b"two\\nlines.txt", b"\x1b[31mred.txt": b"\\x1b[31mred.txt", b"latin\xe9.txt": b"latin\\xe9.txt"}
    for raw in bad:
        with open(rootb + b"/" + raw, "wb"):
            pass  # empty: refused, so each name appears in an error line
    (root / "good\x07bell.txt").write_bytes(SEED_WITH_URLS.read_bytes())
    os.mkfifo(rootb + b"/pipe\x1b]0;title\x07.txt")
    proc = cli("convert", str(root), "-o", str(tmp_path / "out"), "-t", FAST, "-v", "-j", "1")
    assert proc.returncode == 1
    assert b"\x1b" not in proc.stderr and b"\x07" not in proc.stderr and b"Traceback" not in proc.stderr
    err = proc.stderr.decode("utf-8")  # strictly UTF-8: no raw byte of a name got through
    lines = err.splitlines()
    for shown in bad.values():
        assert f"{root}/{shown.decode()}: empty file" in lines
    assert any(l.startswith(f"converted {root}/good\\x07bell.txt → json") for l in lines)
    assert f"{root}/pipe\\x1b]0;title\\x07.txt: skipped, not a regular file but a FIFO" in lines


def test_a_name_given_directly_is_escaped_in_inspect_and_in_a_usage_error(tmp_path):
    name = tmp_path / "two\nlines.txt"
    name.write_bytes(b"")
    proc = cli("inspect", str(name))
    assert proc.returncode == 1 and proc.stderr.decode() == f"{tmp_path}/two\\nlines.txt: empty file\n"
    taken = tmp_path / "out\x1b[2J"
    taken.write_text("a file")
    line = one_line_error(cli("convert", str(name), "-o", str(taken), "-t", FAST))
    assert line.startswith(f"{tmp_path}/out\\x1b[2J: ")


def test_printable_escapes_as_the_shell_quotes_and_leaves_ordinary_names_alone():
    import os

    from convert.display import printable

    assert printable("rapport été 2024 漢字.txt") == "rapport été 2024 漢字.txt"
    assert printable("a\tb\\c") == "a\\tb\\\\c"
    assert printable("\u202eevil.txt") == "\\u202eevil.txt"
    assert printable(os.fsdecode(b"\xff.txt")) == "\\xff.txt"


# --------------------------------------------------------------------------- temporaries left behind (item 15)


def test_an_old_temporary_is_removed_even_when_its_pid_is_alive_and_a_fresh_one_is_kept(capture, tmp_path):
    import os
    import time

    out = tmp_path / "out"
    out.mkdir()
    alive = os.getpid()  # this test's own process: alive, and no briefpress run
    old = out / f".briefpress-tmp-{alive}-old.json"
    fresh = out / f".briefpress-tmp-{alive}-fresh.json"
    for tmp in (old, fresh):
        tmp.write_text("half an output")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    proc = cli("convert", str(capture), "-o", str(out), "-t", FAST)
    assert proc.returncode == 0, proc.stderr.decode()
    assert not old.exists()
    assert fresh.exists()  # it may be a concurrent run's output being written right now


def test_inspect_refuses_a_device_and_a_fifo_without_reading(tmp_path):
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for target, kind in (("/dev/zero", "a character device"), (str(fifo), "a FIFO")):
        line = one_line_error(cli("inspect", target, timeout=60), code=1)
        assert line == f"{target}: not a regular file but {kind}; not read"


# --------------------------------------------------------------------------- merged behaviour of the batch


def test_standard_input_into_a_folder_is_held_to_the_size_ceiling(tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", "-", "-o", str(out), "-t", FAST, "--max-input-size", "1k", "-q", input=b"A title\n\n" + b"word " * 400)
    assert proc.returncode == 1
    lines = [l for l in proc.stderr.decode().splitlines() if l.startswith("-: ")]
    assert len(lines) == 1 and "ceiling" in lines[0], proc.stderr
    assert not list(out.glob("*.json"))


def test_a_user_template_that_fails_at_render_is_its_own_one_line_reason_not_an_internal_error(capture, tmp_path):
    template = tmp_path / "evil.html.j2"
    marker = tmp_path / "ran"
    template.write_text("{{ cycler.__init__.__globals__.os.popen('touch %s').read() }}\n" % marker)
    proc = cli("convert", str(capture), "-o", str(tmp_path / "out"), "-t", "html", "--template", str(template), "-q")
    assert proc.returncode == 1
    err = proc.stderr.decode()
    line = next(l for l in err.splitlines() if l.startswith(f"{capture}: "))
    assert "line 1: unsafe" in line and "internal error" not in line, err
    assert not marker.exists()


def test_verify_names_a_damaged_manifest_line_and_does_not_pass(capture, tmp_path):
    out = tmp_path / "out"
    assert cli("convert", str(capture), "-o", str(out), "-t", FAST, "-q").returncode == 0
    manifest = out / "manifest.jsonl"
    manifest.write_bytes(manifest.read_bytes() + b'{"input": "\\xff broken\n')
    proc = cli("verify", str(out))
    text = proc.stdout.decode()
    assert proc.returncode == 1, text
    assert "UNCHECKED" in text and "manifest.jsonl:2" in text, text
    assert "1 of 2 outputs verified, 1 could not be checked" in text, text
