"""Bad input: a sensible model with diagnostics, or one clear error line and a non-zero exit."""

from __future__ import annotations

import codecs
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.parse import ParseError, parse_bytes
from convert.words import model_words, text_words

from .helpers import SEED_WITH_URLS, codes, headings

SEED = SEED_WITH_URLS.read_bytes()


def run_cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, text=True, cwd=cwd, timeout=120)


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty file"),
        (b"   \n\t\n  \r\n", "only white space"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (bytes(range(256)) * 16, "binary"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ],
    ids=["empty", "whitespace", "png", "random-bytes", "pdf"],
)
def test_input_that_is_not_a_capture_is_refused_with_a_reason(data, reason):
    with pytest.raises(ParseError) as err:
        parse_bytes(data, "bad.txt")
    assert reason in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    "data, name",
    [
        (b"", "empty.txt"),
        (b"\x00\x01\x02\x03" * 100, "binary.txt"),
        (b" \n \n", "blank.txt"),
    ],
)
def test_the_cli_says_file_and_reason_on_one_line_and_exits_1(tmp_path, data, name):
    path = tmp_path / name
    path.write_bytes(data)
    for args in (["inspect", str(path)], ["inspect", str(path), "--json"]):
        proc = run_cli(*args)
        assert proc.returncode == 1
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"{path}: ")
        assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_a_missing_file_and_a_directory_are_one_line_errors(tmp_path):
    for target, reason in [(tmp_path / "nope.txt", "no such file"), (tmp_path, "is a directory")]:
        proc = run_cli("inspect", str(target))
        assert proc.returncode == 1 and proc.stderr.strip() == f"{target}: {reason}" + (
            ", not a capture" if reason == "is a directory" else ""
        )


def test_an_unknown_option_is_a_usage_error_with_exit_2():
    proc = run_cli("inspect", "--nope")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- encodings and line ends


def test_cp1252_text_is_decoded_with_a_diagnostic_naming_the_line():
    text = SEED.decode("utf-8")
    data = text.encode("cp1252", errors="replace")
    result = parse_bytes(data, "cp.txt")
    assert result.encoding == "cp1252"
    (diag,) = [d for d in result.diagnostics if d.code == "encoding-fallback"]
    assert diag.level == "warning" and diag.line == 2 or diag.line is not None
    assert len(headings(result)) == 6 and len(result.document.notes) == 32
    assert "Taliban’s" in model_text(result)


def test_latin1_bytes_that_cp1252_cannot_take_fall_back_to_latin1():
    data = "A Title\n\nCafé au lait costs money.".encode("latin-1") + b"\x81\n"
    result = parse_bytes(data, "l1.txt")
    assert result.encoding == "latin-1" and "encoding-fallback" in codes(result)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_bom_and_utf16_captures_parse_like_the_utf8_seed(encoding):
    text = SEED.decode("utf-8")
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        pass  # no byte-order mark: the NUL pattern gives the byte order away
    result = parse_bytes(data, "enc.txt")
    reference = parse_bytes(SEED, "enc.txt")
    assert result.document == reference.document
    assert not result.document.meta.kicker.startswith(codecs.BOM_UTF8.decode("utf-8"))


def test_crlf_and_tabs_give_the_same_model():
    text = SEED.decode("utf-8")
    crlf = text.replace("\n", "\r\n").replace("  1.", "\t1.").replace("  •", "\t•")
    assert parse_bytes(crlf.encode(), "x.txt").document == parse_bytes(SEED, "x.txt").document


def test_control_characters_are_removed_and_reported():
    result = parse_bytes(b"A Title\n\nSome\x07 text\x1b here.\n", "ctl.txt")
    assert "control-chars" in codes(result)
    assert "Some text here." in model_text(result)


def test_a_ten_megabyte_capture_parses():
    text = SEED.decode("utf-8")
    body_start = text.index("Introduction")
    notes_start = text.index("\n[1] ") + 1
    body = text[body_start:notes_start]
    copies = (10 * 1024 * 1024) // len(body.encode()) + 1
    big = (text[:body_start] + body * copies + text[notes_start:]).encode()
    assert len(big) > 10 * 1024 * 1024
    result = parse_bytes(big, "big.txt")
    assert len(result.document.notes) == 32
    assert sum(1 for b in result.document.body if type(b).__name__ == "Heading") == 6 * copies


def model_text(result) -> str:
    from convert.model import block_inlines, inline_text

    return " ".join(inline_text(c) for b in result.document.body for c in block_inlines(b))


# --------------------------------------------------------------------------- properties

_alphabet = st.sampled_from(
    list("abcdefghij KLMNOP qrstu") + ["\n", "\n\n", ".", ",", "[1]", "[2]", "  • ", "  1. ", "’", "“", "—", "¹", "http://x.org/a ", "\t", "\xa0", "é", "_"]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_alphabet, min_size=0, max_size=200).map("".join))
def test_any_text_either_parses_or_is_refused_cleanly_and_no_word_is_lost(text):
    try:
        result = parse_bytes(text.encode("utf-8"), "prop.txt")
    except ParseError as err:
        assert str(err) and "\n" not in str(err)
        assert not text.strip()
        return
    lost = set(text_words(text)) - set(model_words(result.document))
    assert not lost


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_either_parse_or_are_refused_with_a_one_line_reason(data):
    try:
        parse_bytes(data, "fuzz.bin")
    except ParseError as err:
        assert str(err) and "\n" not in str(err)


@pytest.mark.parametrize(
    "text",
    [
        "Title\n\nA claim here¹ and more.\n\nNotes\n\n¹ Source.",
        "a\n\na\n\n¹a",  # once found by the property test above
        "Title\n\nArea of 5 km² in all.",
    ],
)
def test_a_superscript_glued_to_a_word_is_not_counted_as_a_lost_word(text):
    result = parse_bytes(text.encode("utf-8"), "sup.txt")
    assert set(text_words(text)) - set(model_words(result.document)) == set()


def test_utf8_with_a_pasted_cp1252_line_is_decoded_line_by_line(tmp_path):
    from convert.parse import parse_bytes

    data = (
        "Café Report\n\nThe café served crème brûlée every day of the week, and its customers came back for it, week after week.\n\n".encode()
        + "Une ligne collée d'ailleurs: déjà vu, à Noël comme à Pâques, et personne ne s'en plaignait.\n".encode("cp1252")
    )
    from convert.model import inline_text

    result = parse_bytes(data, "mixed.txt")
    text = " ".join(inline_text(b.content) for b in result.document.body)
    assert "crème brûlée" in text and "déjà vu" in text
    (diag,) = [d for d in result.diagnostics if d.code == "encoding-fallback"]
    assert diag.line == 5 and result.encoding == "utf-8"


def test_note_labels_past_9999_open_notes_of_their_own():
    from convert.parse import parse_text

    n = 10_005
    text = "Many Notes\n\n" + " ".join(f"w[{i}]" for i in range(1, n + 1)) + "\n\nNotes\n\n" + "\n".join(f"[{i}] Note {i}." for i in range(1, n + 1)) + "\n"
    doc = parse_text(text, "many.txt").document
    assert len(doc.notes) == n and doc.notes[-1].label == str(n) and all(note.referenced for note in doc.notes)


def test_a_call_right_after_a_url_is_a_call_not_part_of_the_address():
    from convert.model import Link, iter_note_refs
    from convert.parse import parse_text

    doc = parse_text("A Title\n\nSee https://x.org/a.[1] and https://x.org/b[2]?\n\nNotes\n\n[1] One.\n[2] Two.\n", "u.txt").document
    links = [n.url for b in doc.body for n in getattr(b, "content", ()) if isinstance(n, Link)]
    assert links == ["https://x.org/a", "https://x.org/b"]
    assert [r.label for r in iter_note_refs(doc)] == ["1", "2"]
