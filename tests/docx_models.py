"""Small factories for document models, for the DOCX renderer's tests.

They build models by hand, so that the renderer's tests read as sentences
and do not depend on the parser.
"""

from __future__ import annotations

from convert.model import (
    Author,
    BlockQuote,
    BulletList,
    Caption,
    Document,
    Emphasis,
    Figure,
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
    Table,
    TableCell,
    TableRow,
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


def attributed_quote(attribution: str, *paragraphs: str) -> BlockQuote:
    """A quote with the line naming who said it (its words, without the dash)."""
    return BlockQuote(tuple(para(p) for p in paragraphs), (Text(attribution),))


def caption(line: str, label: str | None = None, *extra, below: bool = False) -> Caption:
    """A caption line (its label is the head of the line), with any inlines after it (a note call)."""
    return Caption(label, (Text(line), *extra), below)


def row(*cells, header: bool = False) -> TableRow:
    """A table row; a cell is a string, or a tuple of inlines (strings become text)."""
    def cell(c) -> TableCell:
        if isinstance(c, str):
            return TableCell((Text(c),) if c else ())
        return TableCell(tuple(Text(i) if isinstance(i, str) else i for i in c))

    return TableRow(tuple(cell(c) for c in cells), header)


def table(*rows: TableRow, captions=(), number: int = 1) -> Table:
    return Table(f"table-{number}", tuple(rows), tuple(captions))


def figure(*captions: Caption, number: int = 1) -> Figure:
    return Figure(f"figure-{number}", tuple(captions))


def long_table(rows: int = 60) -> Table:
    """A table of ``rows`` body rows under one header row, long enough to run over a page.

    Every third row is several lines tall; each row's last cell-line ends "Row n.".
    """
    def description(n: int) -> str:
        longer = " It goes on for a while, so that this row takes several lines and could split." * 6 if n % 3 == 0 else ""
        return f"A cell of several words that wraps in a narrow column.{longer} Row {n}."

    body = [row(str(2000 + n), f"Item {n}", description(n), f"{n * 7} units") for n in range(1, rows + 1)]
    return table(row("Year", "Item", "Description", "Amount", header=True), *body,
                 captions=(caption("Table 1: Spending by year", "Table 1"),
                           caption("Source: The ministry's accounts.", "Source", below=True)))


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
