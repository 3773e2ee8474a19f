"""Presentation: what every format must show the same way, settled once per document.

The parser's resolve stage settles what the capture *says* (labels, ids, which
calls cite which note). This stage settles what the outputs *show* where a
format could decide differently, so that the PDF, the DOCX, the HTML page and
the Markdown file agree because they read one answer, not because four
copies of a rule happen to match (they did not: the PDF and the DOCX put the
footnote of a note cited in a heading in different places, listed different
notes as uncited, and wrote different subjects and keywords):

* which call carries each note's footnote (:attr:`Presentation.footnote_call`);
* which notes nobody cites, and the heading they are listed under;
* the heading of the notes list, in the document's language;
* the subject, keywords and authors written into the file's properties;
* the date shown and its ISO form, and the moment the file is made;
* which link URLs may become live links (:func:`safe_url`);
* a caption's label, set apart from its words where it can be (:func:`split_label`).

:func:`presentation` hands on a frozen :class:`Presentation`; it reads the
model and the render options only, and imports no renderer (every renderer
imports it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from types import MappingProxyType
from typing import Mapping, assert_never
from urllib.parse import urlsplit

from ..model import (
    Caption,
    Document,
    Emphasis,
    Inline,
    Link,
    Strong,
    Text,
    Heading,
    Note,
    NoteRef,
    Paragraph,
    block_inlines,
    calls_in,
    inline_text,
)
from . import NotesPlacement, RenderOptions, document_language

# --------------------------------------------------------------------------- links

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def safe_url(url: str) -> str | None:
    """``url`` (trimmed) if it may be written as a live link, else ``None``.

    Only http(s) with a host and mailto with an address: a capture is
    untrusted, and a ``javascript:``, ``file:`` or ``data:`` link in an output
    would act for whoever opens it. The parser makes no other links, but a
    model read back from JSON or built by hand may hold any; every format asks
    here, so a link is live in all of them or in none. (Each format still
    encodes the URL its own way: DOCX percent-encodes it for a relationship.)
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme in ("http", "https"):
        return url if parts.netloc else None
    return url if parts.path.strip() else None


# --------------------------------------------------------------------------- note calls


def footnote_calls(doc: Document) -> dict[str, str]:
    """For each note the body cites: the id of the call that carries its footnote.

    That is the note's first call in running text (paragraphs, lists, quotes,
    tables, captions) and, only for a note cited in nothing but headings, its
    first call in a heading. House styles (Chicago 14.26 among them) keep note
    calls out of headings: there the footnote would follow the heading into a
    table of contents or a PDF outline, and a reader meets the note where the
    text first leans on it. But a note cited only in a heading is still cited:
    it gets its footnote there (the PDF outline takes the heading's words
    without the call) rather than being listed as if nobody cited it.

    A call inside a link carries its footnote like any other: HTML prints the
    footnote right after the link (an element may not sit in a link), Word
    inside the hyperlink. Calls of a note the capture lacks carry nothing.
    """
    known = {note.id for note in doc.notes}
    in_text: dict[str, str] = {}
    in_heading: dict[str, str] = {}
    for block in doc.body:
        first = in_heading if isinstance(block, Heading) else in_text
        for inlines in block_inlines(block):
            for ref in calls_in(inlines):
                if ref.note_id is not None and ref.note_id in known:
                    first.setdefault(ref.note_id, ref.id)
    # In the notes' order, so that iterating the mapping is stable.
    return {
        note.id: in_text.get(note.id) or in_heading[note.id]
        for note in doc.notes
        if note.id in in_text or note.id in in_heading
    }


# --------------------------------------------------------------------------- headings of the notes

# The notes list's heading when the capture gives none, and the heading of
# the notes nobody cites, in the languages the corpus has; others read English.
NOTES_HEADINGS = {"en": "Notes", "fr": "Notes", "de": "Anmerkungen", "es": "Notas", "it": "Note", "pt": "Notas"}
UNCITED_HEADINGS = {
    "en": "Notes not cited in the text",
    "fr": "Notes non citées dans le texte",
    "de": "Im Text nicht zitierte Anmerkungen",
    "es": "Notas no citadas en el texto",
    "it": "Note non citate nel testo",
    "pt": "Notas não citadas no texto",
}
UNCITED_SUFFIX_EN = " not cited in the text"


def _language(lang: str | None) -> str:
    """The primary language subtag ("en-GB" → "en"), lower case; English when unknown."""
    primary = (lang or "en").split("-")[0].split("_")[0].strip().lower()
    return primary if primary in NOTES_HEADINGS else "en"


def notes_heading(doc: Document, lang: str | None = None) -> str:
    """The heading of the notes list: the capture's own ("Footnotes", "Références"), else "Notes" in its language.

    ``lang``: the language the output is set in (``--lang``), when not the capture's.
    """
    return doc.notes_title or NOTES_HEADINGS[_language(lang or doc.meta.lang)]


def uncited_heading(doc: Document, lang: str | None = None) -> str:
    """The heading of the notes nobody cites.

    In English it names the notes as the capture did ("References not cited
    in the text"); in another language a fixed phrase, since the capture's
    word cannot be declined into a sentence by rule ("Notes non citées dans
    le texte").
    """
    primary = _language(lang or doc.meta.lang)
    if primary == "en" and doc.notes_title:
        return doc.notes_title + UNCITED_SUFFIX_EN
    return UNCITED_HEADINGS[primary]


# --------------------------------------------------------------------------- properties

#: Subject and keywords fit a DOCX core property (255 characters) and read whole.
SUBJECT_LIMIT = 250
MAX_KEYWORDS = 10
OPENING_MIN_WORDS = 8
# Section titles too generic to say anything about a report as keywords.
GENERIC_HEADINGS = frozenset({
    "introduction", "conclusion", "conclusions", "summary", "executive summary", "abstract", "overview",
    "background", "notes", "endnotes", "footnotes", "references", "bibliography", "acknowledgements",
    "acknowledgments", "appendix", "sources",
    "einleitung", "fazit", "zusammenfassung", "anmerkungen", "literatur",  # de
    "références", "résumé", "bibliographie",  # fr
    "introducción", "conclusión", "conclusiones", "resumen", "notas", "referencias",  # es
    "introduzione", "conclusione", "conclusioni", "riassunto", "note", "riferimenti",  # it
    "introdução", "conclusão", "resumo", "referências",  # pt
})
# "3.2 ", "1- ", "IV. ", "- ": a section number or dash before a heading's words.
_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*[.):\-–]?|[IVXLC]+[.):]|[-–—•])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


def _clip(text: str, limit: int = SUBJECT_LIMIT) -> str:
    """``text`` cut to whole sentences within ``limit``; a first sentence longer than that is cut at a word, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for m in _SENTENCE_END.finditer(text):
        sentences = text[: m.end()].rstrip()
        if len(sentences) > limit:
            break
        kept = sentences
    if kept:
        return kept
    return text[: limit].rsplit(" ", 1)[0].rstrip(" ,;:.-–—") + "…"


def subject(doc: Document) -> str:
    """What the report is about, in a sentence or two: the deck (subtitle), else the opening text, else the title.

    For a reader searching an archive, the subject should add to the title,
    not repeat it: the deck says what the report argues, and a report
    without one opens by saying so (its first paragraph of
    :data:`OPENING_MIN_WORDS` words or more). Whole sentences, at most
    :data:`SUBJECT_LIMIT` characters.
    """
    if doc.meta.subtitle and doc.meta.subtitle.strip():
        return _clip(doc.meta.subtitle)
    texts = [inline_text(b.content).strip() for b in doc.body if isinstance(b, Paragraph)]
    # A stray word before the text proper ("Markdown", "Share") says nothing.
    opening = next((t for t in texts if len(t.split()) >= OPENING_MIN_WORDS), None)
    opening = opening or next((t for t in texts if t), None)
    return _clip(opening or doc.meta.title)


def keywords(doc: Document) -> tuple[str, ...]:
    """The kicker, then the top-level section titles (section numbers and generic titles left out).

    The section titles are the report's own index of its subjects; the
    kicker is its series or category. Authors are not keywords: they have
    their own property. Each once (case aside), at most :data:`MAX_KEYWORDS`.
    """
    found: dict[str, str] = {}
    candidates = [doc.meta.kicker or ""]
    candidates += [inline_text(b.content) for b in doc.body if isinstance(b, Heading) and b.level == 1]
    for text in candidates:
        text = _SECTION_NUMBER.sub("", " ".join(text.split())).strip(" :;,.")
        if text and text.lower() not in GENERIC_HEADINGS:
            found.setdefault(text.casefold(), text)
    return tuple(found.values())[:MAX_KEYWORDS]


_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def iso_date(value: str | None) -> str | None:
    """``value`` if it is an ISO 8601 calendar date (a year, a month or a day) that exists, else ``None``."""
    if not value or not _ISO_DATE.fullmatch(value):
        return None
    try:
        date.fromisoformat(value if len(value) == 10 else (value + "-01-01")[:10])
    except ValueError:
        return None
    return value


def made_at(epoch: int | None) -> datetime:
    """The moment a file is made (UTC, whole seconds): ``epoch`` when given, for reproducible output."""
    if epoch is not None:
        return datetime.fromtimestamp(epoch, timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


# --------------------------------------------------------------------------- the presentation


@dataclass(frozen=True)
class Presentation:
    """What every format shows the same way; see the module docstring.

    ``lang`` is the language tag the output is set in
    (:func:`~convert.render.document_language`: ``--lang``, else the
    capture's, English as ``en-US``); the notes' headings follow it.

    ``footnote_call`` maps a note id to the id of the call that carries its
    footnote (a Word footnote or endnote, a floated footnote in the PDF, the
    Markdown note); every other call of it prints its label alone, linked
    where the format can. ``uncited`` are the notes no call in the body
    cites, in capture order: every format lists them after the body under
    ``uncited_heading`` (the HTML page and an endnotes PDF list them among
    all the notes, under ``notes_heading``). ``authors`` is a list each format
    writes its own way: Word separates authors with "; ", a PDF's Info
    dictionary with ", " (its XMP keeps the list).
    """

    placement: NotesPlacement
    lang: str
    footnote_call: Mapping[str, str]
    uncited: tuple[Note, ...]
    notes_heading: str
    uncited_heading: str
    title: str
    authors: tuple[str, ...]
    subject: str
    keywords: tuple[str, ...]
    date_display: str | None
    date_iso: str | None
    created: datetime

    def carries_footnote(self, ref: NoteRef) -> bool:
        """True for the one call of its note that carries the note's footnote."""
        return ref.note_id is not None and self.footnote_call.get(ref.note_id) == ref.id

    @property
    def keywords_text(self) -> str:
        """The keywords as one property value, joined as the PDF's Info dictionary joins them."""
        return ", ".join(self.keywords)

    @property
    def created_w3c(self) -> str:
        """:attr:`created` as a W3C date-time (``2023-11-14T22:13:20Z``), as HTML ``dcterms`` metadata writes it."""
        return self.created.strftime("%Y-%m-%dT%H:%M:%SZ")


def presentation(doc: Document, options: RenderOptions | None = None) -> Presentation:
    """Settle, once, what every format must show the same way for ``doc`` rendered with ``options``."""
    options = options or RenderOptions()
    calls = footnote_calls(doc)
    meta = doc.meta
    lang = document_language(meta.lang, options)
    return Presentation(
        placement="end" if options.notes == "end" else "foot",
        lang=lang,
        footnote_call=MappingProxyType(calls),
        uncited=tuple(note for note in doc.notes if note.id not in calls),
        notes_heading=notes_heading(doc, lang),
        uncited_heading=uncited_heading(doc, lang),
        title=meta.title,
        authors=tuple(a.name for a in meta.authors if a.name.strip()),
        subject=subject(doc),
        keywords=keywords(doc),
        date_display=meta.date,
        date_iso=iso_date(meta.date_iso),
        created=made_at(options.source_date_epoch),
    )


# --------------------------------------------------------------------------- captions


def split_label(caption: Caption) -> tuple[str | None, tuple[Inline, ...]]:
    """A caption's label and the content after it, or ``None`` and the whole content.

    The label is set apart only where it stands as plain text at the head of
    the caption (not inside emphasis or a link), so no word moves or is lost.
    """
    label, content = caption.label, caption.content
    if not label or not content:
        return None, content
    first = content[0]
    match first:
        case Text(text=text) if text.startswith(label):
            rest = text[len(label):]
            return label, ((Text(rest),) if rest else ()) + content[1:]
        case Text() | Strong() | Emphasis() | Link() | NoteRef():
            return None, content
        case _:
            assert_never(first)
