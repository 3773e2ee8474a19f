"""The DOCX survives LibreOffice: it opens and converts to PDF without error (skipped without LibreOffice)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pytest

from convert.parse import parse_file, parse_text
from convert.render import RenderOptions, get_renderer
from convert.model import inline_text
from convert.render.present import UNCITED_HEADINGS, presentation
from convert.words import text_words
from tests.docx_models import document, long_table, para
from tests.helpers import NESTED, SEEDS

UNCITED_NOTES_HEADING = UNCITED_HEADINGS["en"]  # (the seeds are English and do not name their notes)
OFFICE = shutil.which("libreoffice") or shutil.which("soffice")

pytestmark = pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed")


def libreoffice_pdf(result, tmp_path, stem: str, **options) -> pypdf.PdfReader:
    """The DOCX of ``result`` (rendered with ``options``) as LibreOffice prints it."""
    source = tmp_path / f"{stem}.docx"
    source.write_bytes(get_renderer("docx")(result, RenderOptions(source_date_epoch=0, **options)).data)
    # a profile of its own, so a LibreOffice already running elsewhere cannot capture the job
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [OFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    return pypdf.PdfReader(io.BytesIO((tmp_path / f"{stem}.pdf").read_bytes()))


@pytest.mark.parametrize("path", SEEDS[:1], ids=lambda p: p.stem)
def test_libreoffice_converts_the_seed_docx_to_pdf_with_all_its_text(path, tmp_path):
    result = parse_file(path)
    pdf = libreoffice_pdf(result, tmp_path, path.stem)
    text = " ".join(page.extract_text() for page in pdf.pages)
    words = " ".join(text_words(text))
    assert len(pdf.pages) >= 5
    assert " ".join(text_words(result.document.meta.title)) in words
    assert " ".join(text_words(UNCITED_NOTES_HEADING)) in words
    assert "special inspector general for afghanistan reconstruction" in words  # a footnote's text


def test_libreoffice_numbers_sub_lists_apart_and_the_parent_list_on_past_them(tmp_path):
    pdf = libreoffice_pdf(parse_text(NESTED, "nested.txt"), tmp_path, "nested")
    lines = [" ".join(line.split()) for line in pdf.pages[0].extract_text().splitlines()]
    for printed in ("1. Fund the archive", "2. Open the archive", "3. Report back", "a. On weekdays", "b. On the first"):
        assert any(line.startswith(printed) for line in lines), printed


def test_a_long_table_runs_over_pages_with_its_header_row_repeated(tmp_path):
    result = document(para("A report with a long table."), long_table(60), para("After the table."))
    pdf = libreoffice_pdf(result, tmp_path, "long-table")
    assert len(pdf.pages) >= 2
    continued = 0
    for page in pdf.pages[1:]:
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        body_rows = [i for i, line in enumerate(lines) if re.match(r"20\d\d Item \d+ ", line)]
        if not body_rows:
            continue  # (a page after the table ends)
        # the header row heads the page again, right above the page's first row
        assert lines[body_rows[0] - 1] == "Year Item Description Amount"
        continued += 1
    assert continued >= 1
    # every row is there once, none lost, and whole on one page: its first line and its last
    pages = [" ".join(page.extract_text().split()) for page in pdf.pages]
    for n in range(1, 61):
        first = [i for i, text in enumerate(pages) if re.search(rf"\bItem {n}\b", text)]
        last = [i for i, text in enumerate(pages) if re.search(rf"\bRow {n}\.", text)]
        assert len(first) == 1 and first == last, n
    text = " ".join(pages)
    words = " ".join(text_words(text))
    assert "the ministry s accounts" in words


@pytest.mark.parametrize("notes", ["foot", "end"])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_libreoffice_shows_each_note_with_its_label_once(path, notes, tmp_path):
    """Each footnote (endnote) reads as its label, once, then its text: "5 Ibid.", never "55 Ibid."

    Notes 1 to 27 of the seeds are numbered by Word, 30 to 32 are custom
    marks (28 and 29, cited nowhere, are listed under their own heading):
    all three kinds are checked.
    """
    result = parse_file(path)
    pdf = libreoffice_pdf(result, tmp_path, path.stem, notes=notes)
    # (quotes compared straight: the DOCX prints the capture's straight quotes curly)
    straight = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'})
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages).translate(straight)
    shown = presentation(result.document)
    assert len(shown.footnote_call) == 30 and len(shown.uncited) == 2
    starts: dict[str, list[str]] = {}  # the first words of a note's text -> the labels of the notes so starting
    for note in result.document.notes:
        start = " ".join(inline_text(note.content).split()[:4]).translate(straight)
        starts.setdefault(start, []).append(note.label)
    for start, labels in starts.items():
        before = re.findall(r"(\S+) " + re.escape(start), text)
        assert sorted(before) == sorted(labels), start


def test_libreoffice_prints_the_docx_in_the_fonts_it_carries(tmp_path):
    """The text and the headings come out in Source Serif Pro and Source Sans Pro, from the DOCX itself.

    (LibreOffice loads a DOCX's embedded fonts; the test machine has none of
    the Source fonts installed, or the test proves nothing.)
    """
    import pdfplumber

    installed = subprocess.run(["fc-list"], capture_output=True, text=True).stdout if shutil.which("fc-list") else ""
    if "Source Serif Pro" in installed or "SourceSerifPro" in installed:
        pytest.skip("the Source fonts are installed: LibreOffice would find them without the DOCX")
    pdf = libreoffice_pdf(parse_file(SEEDS[0]), tmp_path, "fonts")
    del pdf
    with pdfplumber.open(tmp_path / "fonts.pdf") as doc:
        names = {c["fontname"].split("+")[-1] for page in doc.pages[:2] for c in page.chars}
    assert {"SourceSerifPro-Regular", "SourceSansPro-Bold"} <= names, names
    assert not {n for n in names if "DejaVu" in n or "Liberation" in n}, names
