"""`briefpress verify` finds what a damaged output lost, and passes what a good one keeps.

Outputs are rendered in-process and damaged the way an editor, a broken tool
or a careless stylesheet would: two words swapped, a word deleted, a
paragraph hidden by CSS, a call pointed at another note, a footnote emptied.
Each must fail with a message that names what is wrong; the good outputs of
the same capture must pass.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest

from convert.parse import parse_bytes, parse_file
from convert.render import RenderOptions, get_renderer
from convert.verify import check, hidden_elements, read_pdf
from convert.words import inline_tokens

from .helpers import ROOT, SEED_WITH_URLS

CORPUS = ROOT / "tests" / "corpus"
EPOCH = 1_700_000_000


@lru_cache(maxsize=None)
def seed():
    return parse_file(SEED_WITH_URLS)


@lru_cache(maxsize=None)
def rendered(fmt: str, path: Path = SEED_WITH_URLS) -> bytes:
    result = seed() if path == SEED_WITH_URLS else parse_file(path)
    return get_renderer(fmt)(result, RenderOptions(source_date_epoch=EPOCH)).data


def problems(fmt: str, data: bytes, doc=None) -> list[str]:
    return check(doc or seed().document, fmt, data)[1]


def html_with(old: str, new: str, count: int = -1) -> bytes:
    page = rendered("html").decode("utf-8")
    assert old in page, old
    return page.replace(old, new, count).encode("utf-8")


# --------------------------------------------------------------------------- good outputs


@pytest.mark.parametrize("fmt", ["html", "docx", "md", "json", "pdf"])
def test_a_good_output_of_the_seed_verifies(fmt):
    assert problems(fmt, rendered(fmt)) == []


# --------------------------------------------------------------------------- words in order


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_two_swapped_words_fail(fmt):
    data = rendered(fmt).replace(b"swept back into power", b"back swept into power")
    (problem,) = problems(fmt, data)
    assert "body block(s) missing, incomplete or out of order" in problem
    assert "“swept” is not where it should be" in problem


def test_a_deleted_word_fails():
    (problem,) = problems("html", html_with("swept back into power", "swept into power"))
    assert "“back” is not where it should be" in problem and "swept back into power" in problem


def test_a_word_deleted_from_the_docx_fails():
    data = _docx_replace(rendered("docx"), "word/document.xml", b"swept back into", b"swept into")
    (problem,) = problems("docx", data)
    assert "“back” is not where it should be" in problem


# --------------------------------------------------------------------------- hidden text


def _paragraph_with(page: str, phrase: str) -> str:
    return next(p for p in re.findall(r"<p>.*?</p>", page, re.S) if phrase in p)


@pytest.mark.parametrize(
    "how",
    [
        "style='display:none'",
        "style='visibility: hidden'",
        "style='font-size:0'",
        "hidden",
        "class='gone'",  # with a rule in the page's own <style>
    ],
)
def test_a_paragraph_hidden_from_the_reader_is_lost(how):
    page = rendered("html").decode("utf-8")
    victim = _paragraph_with(page, "swept back")
    page = page.replace(victim, victim.replace("<p>", f"<p {how}>", 1))
    page = page.replace("</style>", ".brief p.gone { display: none }\n</style>", 1)
    (problem,) = problems("html", page.encode("utf-8"))
    assert "1 of" in problem and "body block(s) missing" in problem


def test_a_rule_for_print_only_hides_nothing_on_screen():
    from lxml import html

    root = html.fromstring(
        b"<html><head><style>@media print { .a { display: none } } @media screen { .b { visibility: hidden } }</style>"
        b"</head><body><p class='a'>shown</p><p class='b'>hidden</p></body></html>"
    )
    assert [e.text for e in hidden_elements(root)] == ["hidden"]


def test_a_hidden_run_in_the_docx_is_lost():
    data = rendered("docx")
    run = re.search(rb"<w:r>(<w:t[^>]*>[^<]*swept back)", _docx_part(data, "word/document.xml"))
    data = _docx_replace(data, "word/document.xml", run.group(0), b"<w:r><w:rPr><w:vanish/></w:rPr>" + run.group(1))
    (problem,) = problems("docx", data)
    assert "body block(s) missing" in problem


# --------------------------------------------------------------------------- each note at its own place


def test_a_call_pointed_at_another_note_fails():
    doc = seed().document
    first, second = doc.notes[0], doc.notes[1]
    data = html_with(f'href="#{first.id}"', f'href="#{second.id}"')
    found = problems("html", data)
    assert any(f"call {first.label} leads to note {second.label}" in p for p in found), found


def test_a_note_text_swapped_between_two_notes_in_the_html_fails():
    # every word is still on the page, but each note's text is at the other's place
    doc = seed().document
    page = rendered("html").decode("utf-8")
    texts = re.findall(r'<span class="note-text">(.*?)</span>', page, re.S)
    page = page.replace(texts[0], "\0").replace(texts[1], texts[0]).replace("\0", texts[1])
    (problem,) = problems("html", page.encode("utf-8"))
    assert f"note(s) {doc.notes[0].label}, {doc.notes[1].label} missing or incomplete" in problem


def test_a_footnote_emptied_in_the_docx_fails():
    from lxml import etree

    data = rendered("docx")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(_docx_part(data, "word/footnotes.xml"))
    third = next(n for n in root.iter(f"{w}footnote") if n.get(f"{w}id") == "3")
    for p in list(third):
        third.remove(p)
    data = _docx_replace(data, "word/footnotes.xml", None, etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
    label = seed().document.notes[2].label
    (problem,) = problems("docx", data)
    assert f"note(s) {label} missing or incomplete: note {label} is missing from its place" in problem


def test_each_footnote_of_the_pdf_is_read_at_its_own_destination():
    back = read_pdf(rendered("pdf"))
    for note in seed().document.notes[:5]:
        words = [t.text for t in inline_tokens(note.content)]
        region = back.notes[note.id].words
        start = region.index(words[0])
        assert start <= 2 and region[start : start + len(words)] == words, note.label


# --------------------------------------------------------------------------- helpers


def _docx_part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def _docx_replace(data: bytes, name: str, old: bytes | None, new: bytes) -> bytes:
    """The DOCX with one part edited: ``old`` replaced by ``new`` in it, or (``old`` None) the part replaced whole."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            part = src.read(item.filename)
            if item.filename == name:
                assert old is None or old in part, old
                part = new if old is None else part.replace(old, new, 1)
            dst.writestr(item, part)
    return out.getvalue()


# --------------------------------------------------------------------------- what a paged format may change


def _tokens(text: str):
    from convert.words import text_tokens

    return list(text_tokens(text))


def test_a_word_hyphenated_across_a_page_break_still_matches_and_a_swap_there_does_not():
    from convert.match import Stream, find_block

    # page 1 ends in "inter-", its footnote (a line that is only a year) and page number;
    # page 2 starts with the running head, then "national"
    pages = [
        (1, "the body goes on inter"),
        (1, "1 a source times may 4 2021"),
        (1, "1 of 4"),
        (2, "a running head reports"),
        (2, "national law applies here"),
    ]
    words = [w for _, text in pages for w in text.split()]
    numbers = [p for p, text in pages for _ in text.split()]
    stream = Stream(words, numbers, split=True, slack=1)
    assert find_block(_tokens("The body goes on international law applies here."), stream).end == len(words)
    assert find_block(_tokens("The body goes on international applies law here."), stream).end is None
    assert find_block(_tokens("The body goes on international law now applies here."), stream).end is None


# --------------------------------------------------------------------------- what an output is checked against


def cli(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "convert", *args], capture_output=True, input=input, timeout=600)


def _converted(tmp_path: Path, formats: str = "html,md") -> tuple[Path, Path]:
    source = tmp_path / "report.txt"
    shutil.copy(SEED_WITH_URLS, source)
    out = tmp_path / "out"
    proc = cli("convert", str(source), "-o", str(out), "-t", formats)
    assert proc.returncode == 0, proc.stderr
    return source.resolve(), out


def test_a_changed_source_is_named_as_such_not_blamed_on_the_output(tmp_path):
    source, out = _converted(tmp_path)
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph written after the conversion.\n")
    proc = cli("verify", str(out))
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 1 and not any(line.startswith("LOST") for line in lines)
    assert sum(line.startswith("UNCHECKED") and line.endswith(f"source changed since conversion: {source}") for line in lines) == 2
    assert lines[-1] == "0 of 2 outputs verified, 2 could not be checked"


def test_a_deleted_source_is_named_as_missing(tmp_path):
    source, out = _converted(tmp_path)
    source.unlink()
    proc = cli("verify", str(out / "report.md"))
    (line, summary) = proc.stdout.decode().splitlines()
    assert proc.returncode == 1 and line == f"UNCHECKED  {out / 'report.md'}: source missing: {source}"
    assert b"Traceback" not in proc.stderr


def test_outputs_of_standard_input_are_checked_against_the_model_of_the_same_conversion(tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", "-", "-o", str(out), "-t", "html,md,docx,json", input=SEED_WITH_URLS.read_bytes())
    assert proc.returncode == 0, proc.stderr
    (out / "stdin.capture").unlink()  # (the kept copy gone: the model is the reference)
    checked = cli("verify", str(out))
    assert checked.returncode == 0, checked.stdout
    assert b"4 of 4 outputs verified" in checked.stdout
    assert checked.stdout.count(b"checked against the model in stdin.json, unchanged since conversion") == 4
    md = out / "stdin.md"
    md.write_text(md.read_text(encoding="utf-8").replace("swept back", "back swept"), encoding="utf-8")
    damaged = cli("verify", str(out))
    assert damaged.returncode == 1 and b"LOST" in damaged.stdout and b"\xe2\x80\x9cswept\xe2\x80\x9d is not where" in damaged.stdout


def test_outputs_of_standard_input_are_checked_against_the_capture_a_pdf_a_carries(tmp_path):
    out = tmp_path / "out"
    proc = cli("convert", "-", "-o", str(out), "-t", "pdf,html", "--pdf-variant", "pdf/a-3b", input=SEED_WITH_URLS.read_bytes())
    assert proc.returncode == 0, proc.stderr
    (out / "stdin.capture").unlink()  # (the kept copy gone: the PDF/A's attachment is the reference)
    checked = cli("verify", str(out))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.count(b"checked against the capture attached to stdin.pdf") == 2


def test_outputs_of_standard_input_are_checked_against_the_capture_kept_beside_them(tmp_path):
    out = tmp_path / "out"
    assert cli("convert", "-", "-o", str(out), "-t", "html,docx", input=SEED_WITH_URLS.read_bytes()).returncode == 0
    assert (out / "stdin.capture").read_bytes() == SEED_WITH_URLS.read_bytes()
    proc = cli("verify", str(out))
    assert proc.returncode == 0, proc.stdout
    assert proc.stdout.count(b"checked against the capture kept in stdin.capture") == 2
    # a changed copy is no reference: the outputs cannot be checked, and verify says how to fix that
    (out / "stdin.capture").write_bytes(b"Another capture\n\nWith other words in it.\n")
    proc = cli("verify", str(out))
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert all(l.startswith("UNCHECKED") and "converted from standard input" in l for l in lines[:-1]), lines


# --------------------------------------------------------------------------- captures that made verify fail good outputs

RTL_CAPTURE = """\
Reports

Names Across Scripts in the Parish Archive

By Jane Doe

Introduction

The archive holds letters in several scripts, and the catalogue must keep every name exactly as written by its clerk.[1]

A clerk once typed \u202ethis line backwards\u202c on purpose, and the override must not lose a word of it.

The Hebrew entry reads שלום עולם and the Arabic entry reads مرحبا بالعالم in the same sentence.

שלום לכולם, זהו פסקה שלמה בעברית עם המספר 2024 בתוכה.

Notes

[1] The catalogue entry \u202ereversed text\u202c was written by hand in 1921.
"""


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md", "json"])
def test_a_capture_with_a_right_to_left_override_and_right_to_left_text_verifies(fmt):
    result = parse_bytes(RTL_CAPTURE.encode("utf-8"), "rtl.txt")
    data = get_renderer(fmt)(result, RenderOptions(source_date_epoch=EPOCH)).data
    assert problems(fmt, data, result.document) == []


def many_notes(n: int) -> str:
    """A capture citing ``n`` notes, five calls to a paragraph."""
    lines = ["Reports", "", f"A Report With {n} Notes", "", "By Jane Doe", "", "Introduction", ""]
    for first in range(1, n + 1, 5):
        lines += [" ".join(f"Claim number {k} rests on a source.[{k}]" for k in range(first, min(n, first + 4) + 1)), ""]
    lines += ["Notes", ""] + [f"[{k}] Source {k}, a report by the archive, page {k % 300 + 1}." for k in range(1, n + 1)]
    return "\n".join(lines) + "\n"


def test_the_pdf_of_a_capture_with_many_notes_verifies_in_reasonable_time():
    # (600 notes by default; BRIEFPRESS_MANY_NOTES=100000 for the size issue 13 names)
    n = int(os.environ.get("BRIEFPRESS_MANY_NOTES", "600"))
    result = parse_bytes(many_notes(n).encode("utf-8"), "many.txt")
    assert len(result.document.notes) == n
    data = get_renderer("pdf")(result, RenderOptions(source_date_epoch=EPOCH)).data
    started = time.perf_counter()
    checks, found = check(result.document, "pdf", data)
    seconds = time.perf_counter() - started
    assert found == [] and f"{n}/{n} notes" in checks
    assert seconds < 15 + n / 100, f"{seconds:.1f} s"  # pypdf reads about 25 pages a second; the matching is linear
