"""Small factories for document models, for the DOCX renderer's tests.

They build models by hand, so that the renderer's tests read as sentences
and do not depend on the parser.
"""

from __future__ import annotations

from convert.model import (
    Author,
    BlockQuote,
    BulletList,
    Document,
    Emphasis,
    Heading,
    Link,
    ListItem,
    Metadata,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Text,
)


def text(s: str) -> Text:
    return Text(s)


def para(*inlines) -> Paragraph:
    return Paragraph(tuple(Text(i) if isinstance(i, str) else i for i in inlines))


def heading(s: str, level: int = 1) -> Heading:
    return Heading(level, s.lower().replace(" ", "-"), (Text(s),))


def ref(label: str, note_id: str | None = "auto") -> NoteRef:
    return NoteRef(label, f"ref-{label}", f"note-{label}" if note_id == "auto" else note_id)


def note(label: str, *inlines, cited: bool = True) -> Note:
    content = tuple(Text(i) if isinstance(i, str) else i for i in inlines)
    return Note(label, f"note-{label}", content, (f"ref-{label}",) if cited else ())


def link(url: str, label: str | None = None) -> Link:
    return Link(url, (Text(label or url),))


def ordered(start: int, *items: str) -> OrderedList:
    """An ordered list whose items open with a bold lead-in (the text up to the first full stop)."""
    def item(s: str) -> ListItem:
        lead, _, rest = s.partition(". ")
        return ListItem((Strong((Text(lead + "."),)), Text(" " + rest)) if rest else (Text(s),))

    return OrderedList(start, tuple(item(i) for i in items))


def bullets(*items: str) -> BulletList:
    return BulletList(tuple(ListItem((Text(i),)) for i in items))


def quote(*paragraphs: str) -> BlockQuote:
    return BlockQuote(tuple(para(p) for p in paragraphs))


def document(*body, notes=(), title="A Brief About Things", kicker="Reports",
             authors=(Author("Jane Roe", "Senior Fellow"),), date="August 30, 2022", **meta) -> ParseResult:
    md = Metadata(title=title, kicker=kicker, authors=tuple(authors), date=date, **meta)
    return ParseResult(Document(md, tuple(body), tuple(notes), "Notes"))


def sample() -> ParseResult:
    """A small report with everything the renderer knows: calls, lists, links, a quote."""
    return document(
        heading("Introduction"),
        para("Plain text with ", Strong((Text("bold"),)), " and ", Emphasis((Text("italic"),)),
             " words.", ref("1"), " More.", ref("2")),
        quote("A quoted passage."),
        ordered(1, "First item. Its text.", "Second item. Its text."),
        para("Between lists", ref("30")),
        ordered(4, "Fourth item.", "Fifth item."),
        bullets("A bullet.", "Another bullet."),
        heading("Sub", 2),
        para("See ", link("https://example.org/a b", "the site"), " and ", link("javascript:alert(1)", "bad"),
             ".", ref("1"), ref("9", None)),
        notes=(
            note("1", "A note with ", link("https://example.org/x?a=1&b=2"), "."),
            note("2", "Second note."),
            note("28", "Never cited note.", cited=False),
            note("30", "Thirtieth note."),
        ),
    )
