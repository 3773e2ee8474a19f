"""Factories and readers for the HTML and PDF renderer tests.

Models are built by hand with :func:`doc` so a test says exactly what it
renders; the seeds go through the real parser. Readers turn an output back
into what a person sees: the words of the HTML (lxml) and of the PDF
(pdfplumber, split by type size into running text, notes and note calls).
"""

from __future__ import annotations

import functools
import io
from importlib.util import find_spec

import pytest

import pdfplumber
from lxml import html as lxml_html

from convert.model import (
    Author,
    Document,
    Heading,
    Inline,
    Metadata,
    Note,
    NoteRef,
    Paragraph,
    ParseResult,
    Text,
    iter_note_refs,
)
from convert.words import inline_words, text_words

# Type sizes of print.css, in points: running text and headings are larger than
# NOTE_MIN; footnote and endnote text lies between NOTE_MIN and TEXT_MIN; calls
# and footnote markers are smaller than NOTE_MIN.
TEXT_MIN = 9.2
NOTE_MIN = 7.0
MM = 72 / 25.4


def t(text: str) -> Text:
    return Text(text)


def para(*content: Inline | str) -> Paragraph:
    return Paragraph(tuple(Text(c) if isinstance(c, str) else c for c in content))


def heading(text: str, id: str, level: int = 1) -> Heading:
    return Heading(level, id, (Text(text),))


def ref(label: str, n: int = 1, *, cited: bool = True) -> NoteRef:
    return NoteRef(label, f"ref-{label}-{n}", f"note-{label}" if cited else None)


def note(label: str, text: str, *ref_ids: str, content: tuple[Inline, ...] | None = None) -> Note:
    return Note(label, f"note-{label}", content if content is not None else (Text(text),), tuple(ref_ids))


def doc(*body, notes=(), title="A Brief", authors=(Author("Ada Lovelace", "Senior Fellow"),), kicker="Reports", lang="en") -> ParseResult:
    meta = Metadata(title=title, kicker=kicker, authors=tuple(authors), lang=lang)
    return ParseResult(Document(meta, tuple(body), tuple(notes), None))


# --------------------------------------------------------------------------- words


def squash(words) -> str:
    """Words run together: line breaks and hyphenation cannot change it."""
    return "".join(words)


def note_order(document: Document, *, foot: bool) -> list[Note]:
    """The order notes are printed in: first-cited order then the uncited (footnotes), or capture order."""
    if not foot:
        return list(document.notes)
    by_id = document.note_by_id()
    seen: dict[str, Note] = {}
    for r in iter_note_refs(document):
        if r.note_id in by_id:
            seen.setdefault(r.note_id, by_id[r.note_id])
    return list(seen.values()) + [n for n in document.notes if n.id not in seen]


def found_in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles that are *not* found in order in the haystack (empty: all found)."""
    missing, position = [], 0
    for needle in needles:
        at = haystack.find(needle, position)
        if at < 0:
            missing.append(needle)
        else:
            position = at + len(needle)
    return missing


def note_streams(notes: list[Note]) -> list[str]:
    return [squash(inline_words(n.content)) for n in notes]


# --------------------------------------------------------------------------- HTML


def parse_html(data: bytes):
    return lxml_html.document_fromstring(data)


def html_words(element) -> list[str]:
    return text_words(element.text_content())


# --------------------------------------------------------------------------- PDF


@functools.lru_cache(maxsize=8)
def pdf_streams(data: bytes) -> dict[str, str]:
    """The PDF's words run together, split into running ``text`` and ``notes`` by type size.

    Page headers and footers (outside the type area) are left out.
    """
    text, notes = [], []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            # The type area: the running header sits above 22 mm (not on page 1), the footer below 24 mm.
            top, bottom = (0 if number == 1 else 21 * MM), page.height - 23 * MM
            inside = lambda o, lo, hi: o.get("object_type") != "char" or (  # noqa: E731
                top <= o["top"] and o["bottom"] <= bottom and lo <= o["size"] < hi
            )
            # extract_text orders characters by line (list markers are drawn after their item)
            text.append(page.filter(lambda o: inside(o, TEXT_MIN, 1000)).extract_text())
            notes.append(page.filter(lambda o: inside(o, NOTE_MIN, TEXT_MIN)).extract_text())
    keep = lambda chunks: squash(text_words(" ".join(chunks)))  # noqa: E731
    return {"text": keep(text), "notes": keep(notes)}


# --------------------------------------------------------------------------- the PDF's engines

NEEDS_TYPST = pytest.mark.skipif(find_spec("typst") is None, reason="the typst package is not installed (briefpress[typst])")
#: The PDF engines the PDF tests take as a parameter (Typst where its package is installed).
ENGINES = ["weasyprint", pytest.param("typst", marks=NEEDS_TYPST)]


def engine_params(values):
    """``values`` crossed with the engines, as pytest parameters ``(value, engine)`` with readable ids."""
    return [
        pytest.param((v, e), id=f"{getattr(v, 'stem', v)}-{e}", marks=[NEEDS_TYPST] if e == "typst" else [])
        for v in values for e in ("weasyprint", "typst")
    ]


def render_on(engine: str, result, options):
    """The PDF of ``result`` laid out by ``engine``."""
    from dataclasses import replace

    from convert.render import get_renderer

    options = replace(options, pdf_engine=engine)
    return get_renderer("pdf", options)(result, options)

