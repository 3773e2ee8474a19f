"""Every corpus document in every format: its tables come out as tables, and verify passes.

Each renderer must carry the parser's tables through, and each format is
counted against the tables of the document's source markup
(``expect.json``): an HTML ``<table>`` with its header row in ``<thead>``, a
DOCX ``w:tbl`` with its header rows repeating, a Markdown pipe table, and in
the PDF (tagged, PDF/UA-1) a ``Table`` structure element with its header
cells. A document whose tables the parser is known to miss
(``test_parse_tables.KNOWN_SHORT``) is an expected failure of the count
against the source, after the tables it has are checked. Then ``verify`` reads every output
back and finds every word and note of the document in it.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

import pytest
from lxml import etree, html as lhtml

from convert.model import Table
from convert.render import RenderOptions, get_renderer
from convert.verify import check

from .test_corpus import CAPTURES, _parsed
from .test_parse_tables import KNOWN_SHORT

EPOCH = 1_700_000_000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _expected(path: Path) -> int:
    """The tables the document's source markup has (``expect.json``)."""
    return json.loads(path.with_name(path.name.replace(".txt", ".expect.json")).read_text(encoding="utf-8")).get("tables", 0)


WITH_TABLES = [p for p in CAPTURES if _expected(p)]


@lru_cache(maxsize=None)
def _render(path: Path, fmt: str, variant: str | None = None, engine: str = "weasyprint") -> bytes:
    options = RenderOptions(source_date_epoch=EPOCH, pdf_variant=variant, pdf_engine=engine)  # type: ignore[arg-type]
    return get_renderer(fmt, options)(_parsed(path), options).data


NEEDS_TYPST = pytest.mark.skipif(find_spec("typst") is None, reason="the typst package is not installed (briefpress[typst])")


def _tables(path: Path) -> list[Table]:
    return [b for b in _parsed(path).document.body if isinstance(b, Table)]


def _against_source(path: Path, found: int) -> None:
    """The format holds as many tables as the source markup has (those the parser found, where it falls short)."""
    assert found == len(_tables(path))
    if path.stem in KNOWN_SHORT:
        pytest.xfail(KNOWN_SHORT[path.stem])
    assert found == _expected(path)


def test_the_corpus_has_tables_to_show():
    assert len(WITH_TABLES) >= 9


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: p.stem)
def test_html_tables_with_their_header_rows(path):
    tables = _tables(path)
    page = lhtml.fromstring(_render(path, "html"))
    found = page.xpath("//article//table")
    assert len(found) == len(tables)
    for table, element in zip(tables, found):
        heads = sum(r.header for r in table.rows)
        assert len(element.xpath("./thead/tr")) == heads
        assert all(th.get("scope") == "col" for th in element.xpath("./thead//th"))
        assert len(element.xpath(".//tr")) == len(table.rows)
    _against_source(path, len(found))


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: p.stem)
def test_docx_tables_with_repeating_header_rows(path):
    tables = _tables(path)
    with zipfile.ZipFile(io.BytesIO(_render(path, "docx"))) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    found = body.findall(f".//{W}tbl")
    assert len(found) == len(tables)
    for table, element in zip(tables, found):
        rows = element.findall(f"{W}tr")
        assert len(rows) == len(table.rows)
        marked = [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows]
        assert marked == [r.header for r in table.rows]
    _against_source(path, len(found))


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: p.stem)
def test_markdown_tables(path):
    text = _render(path, "md").decode("utf-8")
    # one delimiter row per table: a pipe table, with an empty header row when the table has none
    # (every model cell is one line, so no grid table arises)
    delimiters = re.findall(r"^\|(?: *:?-{3,}:? *\|)+ *$", text, re.M)
    _against_source(path, len(delimiters))


@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: p.stem)
def test_tagged_pdf_tables(path):
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(_render(path, "pdf", "pdf/ua-1")))
    kinds: list[str] = []
    fragments: list[tuple[int, bool, bool]] = []  # each Table element: its page's Art, whether it opens / closes it
    arts = 0

    # WeasyPrint tags each page as an Art of its own, so a table over two pages
    # is two Table elements: the last thing on a page and the first on the next.
    def walk(node, art: int, opening: bool, closing: bool):
        nonlocal arts
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for i, child in enumerate(node):
                walk(child, art, opening and i == 0, closing and i == len(node) - 1)
            return
        if not isinstance(node, pypdf.generic.DictionaryObject) or "/S" not in node:
            return
        kind = str(node["/S"])
        kinds.append(kind)
        if kind == "/Art":
            arts += 1
            art, opening, closing = arts, True, True
        if kind == "/Table":
            fragments.append((art, opening, closing))
        if "/K" in node:
            walk(node["/K"], art, opening, closing)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"], 0, False, False)
    continued = [
        k > 0 and opening and fragments[k - 1][2] and fragments[k - 1][0] == art - 1
        for k, (art, opening, _) in enumerate(fragments)
    ]
    tables = continued.count(False)
    heads = sum(len(r.cells) for t in _tables(path) for r in t.rows if r.header)
    assert kinds.count("/TH") >= heads  # (a header row repeated on a later page is tagged again)
    _against_source(path, tables)


@pytest.mark.parametrize("fmt", ["html", "docx", "md", "json", "pdf"])
@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.stem)
def test_verify_passes_on_every_corpus_document(path, fmt):
    checks, problems = check(_parsed(path).document, fmt, _render(path, fmt))
    assert not problems, f"{path.name} as {fmt}: {problems}"
    assert checks


# --------------------------------------------------------------------------- the Typst engine


@NEEDS_TYPST
@pytest.mark.parametrize("path", WITH_TABLES, ids=lambda p: p.stem)
def test_typst_tagged_pdf_tables_with_their_header_cells(path):
    import pypdf

    # (tagged whatever the variant; PDF/UA-1 would refuse a document with a character no bundled font draws)
    reader = pypdf.PdfReader(io.BytesIO(_render(path, "pdf", None, "typst")))
    kinds: list[str] = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]["/K"]]
    while stack:
        node = stack.pop().get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(reversed(list(node)))
        elif isinstance(node, pypdf.generic.DictionaryObject) and "/S" in node:
            kinds.append(str(node["/S"]))
            if "/K" in node:
                stack.append(node["/K"])
    # (Typst tags a table over several pages as one Table)
    heads = sum(len(r.cells) for t in _tables(path) for r in t.rows if r.header)
    assert kinds.count("/TH") >= heads
    _against_source(path, kinds.count("/Table"))


@NEEDS_TYPST
@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.stem)
def test_verify_passes_on_every_corpus_document_laid_out_by_typst(path):
    checks, problems = check(_parsed(path).document, "pdf", _render(path, "pdf", None, "typst"))
    assert not problems, f"{path.name} as PDF by Typst: {problems}"
    assert checks
