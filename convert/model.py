"""The document model: the one contract between the parser and every renderer.

A capture is parsed into a :class:`Document`: metadata (front matter), a flat
body of blocks in reading order, and the notes list. Everything is a frozen
dataclass holding tuples, so a model can be shared between threads and
processes and never changes under a renderer's feet.

Design choices (documented in the README as well):

* The body is **flat**, as in pandoc: a :class:`Heading` is a block among the
  others and carries its level and a stable ``id``; a section is "a heading
  and everything up to the next heading of the same or higher level". Lists
  are the one place blocks nest: a :class:`ListItem` holds its sub-lists.
* Block and inline content are distinct closed unions (:data:`Block`,
  :data:`Inline`); renderers dispatch over them exhaustively.
* Notes keep the **label they had in the capture**. Cross-links (note ids,
  the id of every call, which calls cite which note) are settled once by the
  resolve stage of the parser, never re-derived by a renderer.
* Diagnostics are data (:class:`Diagnostic`), carried beside the document in
  a :class:`ParseResult`, not printed.

The module does no I/O. JSON (de)serialisation lives in :mod:`convert.modeljson`.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from typing import TYPE_CHECKING, Any, Iterator, Literal, TypeVar, Union, assert_never

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_Node = TypeVar("_Node", bound="DataclassInstance")


def _quick_init(cls: type[_Node]) -> type[_Node]:
    """Give a frozen slotted dataclass a quicker ``__init__``: same parameters, defaults and result.

    A frozen dataclass's generated ``__init__`` sets each field through
    ``object.__setattr__`` (looked up and called per field), which makes
    building a node cost twice what it needs; a parse builds hundreds of
    nodes. This ``__init__`` calls each slot's own setter instead. The class
    stays a frozen dataclass (``fields``, ``replace``, equality and hashing
    are untouched); only fields with plain defaults are supported.
    """
    # Annotated, so that the type checker sees each class as the dataclass it
    # is (an untyped decorator would make every node ``Any`` and every
    # ``assert_never`` in a walker vacuous).
    names: list[str] = []
    params: list[str] = []
    env: dict[str, Any] = {}
    for f in fields(cls):
        assert f.init and f.default_factory is MISSING, f"{cls.__name__}.{f.name}"
        env[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        if f.default is MISSING:
            params.append(f.name)
        else:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
        names.append(f.name)
    body = "".join(f"    _set_{n}(self, {n})\n" for n in names) or "    pass\n"
    exec(f"def __init__(self, {', '.join(params)}):\n{body}", env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    generated = cls.__dict__["__init__"]
    init.__annotations__ = dict(generated.__annotations__)
    init.__doc__ = generated.__doc__
    setattr(cls, "__init__", init)
    return cls


# --------------------------------------------------------------------------- inlines


@_quick_init
@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text (white space already folded to single spaces)."""

    text: str


@_quick_init
@dataclass(frozen=True, slots=True)
class Strong:
    """Strongly emphasised content, e.g. a list item's lead-in sentence."""

    children: tuple[Inline, ...]


@_quick_init
@dataclass(frozen=True, slots=True)
class Emphasis:
    """Emphasised content."""

    children: tuple[Inline, ...]


@_quick_init
@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; ``url`` is always http(s) or mailto (the parser makes no others)."""

    url: str
    children: tuple[Inline, ...]


@_quick_init
@dataclass(frozen=True, slots=True)
class NoteRef:
    """A note call as it stood in the text.

    ``label`` is the label printed in the capture (never renumbered); ``id`` is
    unique per call in the document (the target of a note's back-link);
    ``note_id`` is the id of the note it cites, or ``None`` when the capture
    has no note with that label. ``joined`` marks a call that continues the
    one before it in a single printed marker: ``[9–11]`` is one marker, three
    calls (9, then 10 and 11 joined).
    """

    label: str
    id: str
    note_id: str | None
    joined: bool = False


Inline = Union[Text, Strong, Emphasis, Link, NoteRef]

# --------------------------------------------------------------------------- blocks


@_quick_init
@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading; ``level`` 1 is a top-level section (the title is not a heading)."""

    level: int
    id: str
    content: tuple[Inline, ...]


@_quick_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph."""

    content: tuple[Inline, ...]


@_quick_init
@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item: a single run of inline content (a lead-in is a leading :class:`Strong`).

    ``children`` are the blocks nested under the item, read after its content:
    the sub-lists the capture indents under it.
    """

    content: tuple[Inline, ...]
    children: tuple[Block, ...] = ()


ListStyle = Literal["decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman"]
#: How an ordered list counts: its items' numbers, letters or roman numerals.
LIST_STYLES: tuple[str, ...] = ("decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman")


def list_marker(style: str, n: int) -> str:
    """The marker of item number ``n`` (from 1) in a list of ``style``, as the capture printed it: "3", "c", "C", "iii", "III"."""
    if style in ("lower-alpha", "upper-alpha") and n >= 1:
        letters = ""
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(97 + r) + letters
        return letters if style == "lower-alpha" else letters.upper()
    if style in ("lower-roman", "upper-roman") and 1 <= n < 4000:
        out = ""
        for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                               (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            count, n = divmod(n, value)
            out += numeral * count
        return out if style == "lower-roman" else out.upper()
    return str(n)


@_quick_init
@dataclass(frozen=True, slots=True)
class OrderedList:
    """A numbered list; ``start`` is the number of its first item in the source (for letters: a = 1)."""

    start: int
    items: tuple[ListItem, ...]
    style: ListStyle = "decimal"


@_quick_init
@dataclass(frozen=True, slots=True)
class BulletList:
    """An unordered list."""

    items: tuple[ListItem, ...]


@_quick_init
@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A quoted passage, with the line that names who said it ("— Name, Organisation"), if the capture gives one.

    ``attribution`` is the attribution's text without its dash; empty when
    the quote has none.
    """

    content: tuple[Paragraph, ...]
    attribution: tuple[Inline, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class Caption:
    """A caption line as printed: "Figure 3: Map of …", "Table 1 – …", "Source: …".

    ``label`` is the caption's lead with its number ("Figure 3", "Table 1",
    "Source"), or ``None``; ``content`` is the whole line, label included,
    so that no word is dropped and each format can set the label apart.
    ``below`` marks a caption printed under its table (a table's source).
    """

    label: str | None
    content: tuple[Inline, ...]
    below: bool = False


@_quick_init
@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a table: a run of inline content (empty for a cell the row left out)."""

    content: tuple[Inline, ...]


@_quick_init
@dataclass(frozen=True, slots=True)
class TableRow:
    """One row of a table; ``header`` marks a row of column headings (HTML ``<thead>``, DOCX ``w:tblHeader``)."""

    cells: tuple[TableCell, ...]
    header: bool = False


@_quick_init
@dataclass(frozen=True, slots=True)
class Table:
    """A table: rows of cells, all rows as wide as the widest (short rows are padded), header rows first.

    ``id`` is stable per document ("table-1"); ``captions`` are the caption
    lines that go with it, in reading order (a title above, a source below).
    """

    id: str
    rows: tuple[TableRow, ...]
    captions: tuple[Caption, ...] = ()

    @property
    def columns(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@_quick_init
@dataclass(frozen=True, slots=True)
class Figure:
    """A figure the capture does not contain — its caption stands for the image ("Figure 3: …", "Photo: …")."""

    id: str
    captions: tuple[Caption, ...]


Block = Union[Heading, Paragraph, OrderedList, BulletList, BlockQuote, Table, Figure]

# --------------------------------------------------------------------------- notes & metadata


@_quick_init
@dataclass(frozen=True, slots=True)
class Note:
    """A note from the capture's notes list.

    ``ref_ids`` are the ids of every :class:`NoteRef` that cites this note, in
    reading order; a note nobody cites has none and is still kept.
    """

    label: str
    id: str
    content: tuple[Inline, ...]
    ref_ids: tuple[str, ...] = ()

    @property
    def referenced(self) -> bool:
        return bool(self.ref_ids)


@_quick_init
@dataclass(frozen=True, slots=True)
class Author:
    """An author, with the role line the capture gives for them, if any."""

    name: str
    role: str | None = None


@_quick_init
@dataclass(frozen=True, slots=True)
class SourceLink:
    """A link the capture mentions outside the body, e.g. "View full PDF".

    ``url`` is ``None`` when the capture kept only the link text (the usual
    case: the PDF itself is lost). ``kind`` says what it promises
    (``"pdf"`` or ``"other"``); ``line`` is where it stood in the capture.
    """

    text: str
    kind: Literal["pdf", "other"]
    url: str | None = None
    line: int | None = None


@_quick_init
@dataclass(frozen=True, slots=True)
class Field:
    """A header field of the front matter, as printed ("Status" – "Final"); ``name`` is empty for a value alone."""

    name: str
    value: str


@_quick_init
@dataclass(frozen=True, slots=True)
class Metadata:
    """What the front matter says about the report.

    ``credits`` are the byline's other credits ("Edited by …", a collective
    author); ``fields`` the header fields a page prints under its title.
    """

    title: str
    kicker: str | None = None
    subtitle: str | None = None
    authors: tuple[Author, ...] = ()
    date: str | None = None
    date_iso: str | None = None
    image_caption: str | None = None
    links: tuple[SourceLink, ...] = ()
    lang: str = "en"
    credits: tuple[str, ...] = ()
    fields: tuple[Field, ...] = ()


@_quick_init
@dataclass(frozen=True, slots=True)
class Furniture:
    """A line of the web page around the report — banner, menu, tags, footer — kept, but not printed in the brief.

    ``where`` says whether it stood before the report (``"front"``), after it
    (``"back"``), or between its lines (``"body"``: a collapsed table of
    contents' label, say).
    """

    line: int
    text: str
    where: Literal["front", "body", "back"]


@_quick_init
@dataclass(frozen=True, slots=True)
class Document:
    """A parsed report: metadata, body blocks in reading order, notes in capture order, the page's furniture."""

    meta: Metadata
    body: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    notes_title: str | None = None
    furniture: tuple[Furniture, ...] = ()

    def note_by_id(self) -> dict[str, Note]:
        return {n.id: n for n in self.notes}


# --------------------------------------------------------------------------- diagnostics

Level = Literal["info", "warning", "error"]


@_quick_init
@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A message about the input: a stable ``code``, a 1-based source ``line`` when known."""

    level: Level
    code: str
    message: str
    line: int | None = None


@_quick_init
@dataclass(frozen=True, slots=True)
class LineRole:
    """What the parser decided about one line of the capture: its role and the rules that decided."""

    line: int
    role: str
    rules: tuple[str, ...]
    text: str = ""


@_quick_init
@dataclass(frozen=True, slots=True)
class ParseResult:
    """What the parser hands on: the document, the diagnostics found on the way, and each line's role (``explain``)."""

    document: Document
    diagnostics: tuple[Diagnostic, ...] = field(default=())
    encoding: str = "utf-8"
    explain: tuple[LineRole, ...] = field(default=(), compare=False, repr=False)


# --------------------------------------------------------------------------- helpers


def inline_text(inlines: tuple[Inline, ...], *, with_refs: bool = False) -> str:
    """The plain text of inline content; note calls are left out unless ``with_refs``."""
    out: list[str] = []
    _collect_text(inlines, out, with_refs)
    return "".join(out)


def _collect_text(inlines: tuple[Inline, ...], out: list[str], with_refs: bool) -> None:
    for node in inlines:
        match node:
            case Text():
                out.append(node.text)
            case Strong() | Emphasis() | Link():
                _collect_text(node.children, out, with_refs)
            case NoteRef():
                if with_refs:
                    out.append(f"[{node.label}]")
            case _:
                assert_never(node)


def iter_note_refs(doc: Document) -> Iterator[NoteRef]:
    """Every :class:`NoteRef` of the body, in reading order."""
    for block in doc.body:
        for inlines in block_inlines(block):
            yield from calls_in(inlines)


def calls_in(inlines: tuple[Inline, ...]) -> Iterator[NoteRef]:
    """Every note call in inline content, links and emphasis included, in reading order."""
    for node in inlines:
        match node:
            case NoteRef():
                yield node
            case Strong() | Emphasis() | Link():
                yield from calls_in(node.children)
            case Text():
                pass
            case _:
                assert_never(node)


def block_inlines(block: Block) -> list[tuple[Inline, ...]]:
    """The inline runs of a block, in reading order.

    The one generic walk over the blocks: a list item's content, then the
    blocks nested under it; a quote's paragraphs, then its attribution; a
    table's captions above, its cells row by row, its captions below; a
    figure's captions. Everything that only needs a block's text (words,
    note calls, counts) goes through here, so it learns a new block type once.
    """
    match block:
        case Heading() | Paragraph():
            return [block.content]
        case OrderedList() | BulletList():
            runs: list[tuple[Inline, ...]] = []
            for item in block.items:
                runs.append(item.content)
                for child in item.children:
                    runs.extend(block_inlines(child))
            return runs
        case BlockQuote():
            runs = [p.content for p in block.content]
            if block.attribution:
                runs.append(block.attribution)
            return runs
        case Table():
            runs = [c.content for c in block.captions if not c.below]
            runs.extend(cell.content for row in block.rows for cell in row.cells)
            runs.extend(c.content for c in block.captions if c.below)
            return runs
        case Figure():
            return [c.content for c in block.captions]
        case _:
            assert_never(block)
