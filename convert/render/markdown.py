"""The Markdown renderer: pandoc-flavoured Markdown of the document model.

A YAML metadata block (title, subtitle, author, date, lang and briefpress's
own fields), then the body, then the notes as ``[^label]: …`` definitions
under their original labels. Notes nobody cites are listed after the body
under their own heading, as in every format (as definitions nobody calls,
pandoc would drop them). Text is escaped
so that pandoc reads back exactly the words of the model: no accidental
emphasis, lists, headings, citations, table captions or raw HTML.

Tables are pipe tables: a model cell is one run of inline content on one line
(the parser folds white space, and :class:`~convert.model.TableCell` has no
line-break node), so the grid tables pandoc needs for multi-line cells never
arise. The captions above a table make its pandoc caption (``Table: …``); the
captions below follow it as paragraphs. A figure has no image to carry, so
pandoc's implicit figure (an image alone in a paragraph) cannot be used: its
captions are plain paragraphs, which already begin with their label ("Figure
3: …"). A quote's attribution is its last line, "— Name".
"""

from __future__ import annotations

import json
import re
from typing import assert_never

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListItem,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Table,
    TableRow,
    Text,
)
from . import Rendered, RenderOptions
from .present import Presentation, presentation, safe_url
from .typography import curl_inlines, curl_text

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#$^~|@])")
#: The id of a note nobody cites, listed after the body, is this and its Markdown label.
UNCITED_NOTE_ID_PREFIX = "briefpress-note-"
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)|^(\s*)([-+:=%])(?=\s|$)")
# A paragraph that begins "Table:" next to a table is read by pandoc as its caption.
_CAPTION_START = re.compile(r"^(\s*[Tt]able):")


def render(result: ParseResult, options: RenderOptions) -> Rendered:
    return Rendered(to_markdown(result.document, presentation(result.document, options)).encode("utf-8"), None, ())


def to_markdown(doc: Document, shown: Presentation | None = None) -> str:
    return _Writer(doc, shown).write()


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _label(label: str) -> str:
    return re.sub(r"[^\w-]", "_", label)


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text).replace("\xa0", "\\ ")


def _escape_line_start(m: re.Match[str]) -> str:
    if m.group(2) is not None:
        return f"{m.group(1)}{m.group(2)}\\{m.group(3)}"
    return f"{m.group(4)}\\{m.group(5)}"


class _Writer:
    """Walks one document; knows the Markdown label of every note."""

    def __init__(self, doc: Document, shown: Presentation | None = None) -> None:
        self.doc = doc
        self.shown = shown or presentation(doc)
        # The capture's label; a label defined twice gets a suffix the second time.
        self.labels: dict[str, str] = {}
        seen: dict[str, int] = {}
        for note in doc.notes:
            base = _label(note.label)
            seen[base] = seen.get(base, 0) + 1
            self.labels[note.id] = base if seen[base] == 1 else f"{base}-{seen[base]}"

    def write(self) -> str:
        doc = self.doc
        parts = [self.front()]
        parts.extend(self.blocks(doc.body))
        uncited = {note.id for note in self.shown.uncited}
        if uncited:
            parts.append(f"# {_escape(self.shown.uncited_heading)} {{#briefpress-notes-uncited .unnumbered}}")
            # The label as printed, in a span whose id names the note (a link target, and verify's key).
            parts.extend(
                f"[\\[{_escape(n.label)}\\]]{{#{UNCITED_NOTE_ID_PREFIX}{self.labels[n.id]}}} {self.inlines(n.content)}".rstrip()
                for n in self.shown.uncited
            )
        if doc.notes_title:
            parts.append(f"<!-- {doc.notes_title.replace('--', '- -')} -->")
        for note in doc.notes:
            if note.id not in uncited:
                parts.append(f"[^{self.labels[note.id]}]: {self.inlines(note.content) or _escape(' ')}")
        return "\n\n".join(p for p in parts if p) + "\n"

    def front(self) -> str:
        m = self.doc.meta

        def shown(text: str) -> str:  # the reader's text, quotes curled, as a YAML string
            return _yaml(curl_text(text, m.lang))

        lines = ["---", f"title: {shown(m.title)}"]
        if m.subtitle:
            lines.append(f"subtitle: {shown(m.subtitle)}")
        if m.authors:
            lines.append("author:")
            lines.extend(f"  - {shown(a.name)}" for a in m.authors)
            roles = [a for a in m.authors if a.role]
            if roles:
                lines.append("author-roles:")
                lines.extend(f"  - name: {shown(a.name)}\n    role: {shown(a.role or '')}" for a in roles)
        if m.credits:
            lines.append("credits:")
            lines.extend(f"  - {shown(c)}" for c in m.credits)
        if self.shown.date_display:
            lines.append(f"date: {_yaml(self.shown.date_iso or self.shown.date_display)}")
        if m.fields:
            lines.append("fields:")
            lines.extend(f"  - name: {shown(f.name)}\n    value: {shown(f.value)}" for f in m.fields)
        if m.kicker:
            lines.append(f"kicker: {shown(m.kicker)}")
        if m.image_caption:
            lines.append(f"image-caption: {shown(m.image_caption)}")
        if m.links:
            lines.append("source-links:")
            lines.extend(f"  - {_yaml(l.text)}" for l in m.links)
        lines.append(f"lang: {_yaml(self.shown.lang)}")
        lines.append("---")
        return "\n".join(lines)

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """The blocks in order; two lists of one kind in a row get a comment between them, or Markdown would join them into one.

        So does a table whose caption is above it, after a table that ends with its last row.
        """
        out: list[str] = []
        for k, block in enumerate(blocks):
            before = blocks[k - 1] if k else None
            if isinstance(block, (OrderedList, BulletList)) and type(before) is type(block):
                out.append("<!-- end of list -->")
            if (isinstance(block, Table) and any(not c.below for c in block.captions)
                    and isinstance(before, Table) and not any(c.below for c in before.captions)):
                out.append("<!-- end of table -->")  # (pandoc gives a table with no caption under it the caption after it)
            out.append(self.block(block))
        return out

    def block(self, block: Block) -> str:
        match block:
            case Heading():
                return "#" * min(block.level, 5) + f" {self.inlines(block.content)} {{#{block.id}}}"
            case Paragraph():
                return self.paragraph(block.content)
            case OrderedList():
                return "\n".join(self.item(f"{block.start + k}.", item) for k, item in enumerate(block.items))
            case BulletList():
                return "\n".join(self.item("-", i) for i in block.items)
            case BlockQuote():
                lines = ["> " + self.paragraph(p.content) for p in block.content]
                if block.attribution:
                    lines.append("> \u2014 " + self.inlines(block.attribution))
                return "\n>\n".join(lines)
            case Table():
                return self.table(block)
            case Figure():
                # No image, so no implicit figure: the caption lines stand for it, as in the capture.
                return "\n\n".join(self.paragraph(c.content) for c in block.captions)
            case _:
                assert_never(block)

    def table(self, table: Table) -> str:
        """A pipe table between its captions: the ones above as pandoc's ``Table:`` caption, the ones below as paragraphs."""
        parts: list[str] = []
        above = [self.paragraph(c.content) for c in table.captions if not c.below]
        if above:
            # One caption paragraph (pandoc takes one): several caption lines are its lines, in order.
            parts.append("Table: " + "\n".join(above))
        if table.rows and table.columns:
            parts.append(self.pipe_table(table))
        parts.extend(self.paragraph(c.content) for c in table.captions if c.below)
        return "\n\n".join(parts)

    def pipe_table(self, table: Table) -> str:
        """The rows as a pipe table; the first row becomes the header row when it is one.

        A pipe table must have a header row, and pandoc reads one whose cells
        are all empty as no header at all (its manual's advice for a
        headerless table), so a table without header rows gets an empty one.
        Header rows after the first become body rows: a pipe table has one.
        """
        width = table.columns
        rows = list(table.rows)
        head = rows.pop(0) if rows[0].header else TableRow(cells=())
        lines = [self.row(head, width), "|" + "---|" * width]
        lines.extend(self.row(r, width) for r in rows)
        return "\n".join(lines)

    def row(self, row: TableRow, width: int) -> str:
        cells = [self.cell(c.content) for c in row.cells]
        cells.extend("" for _ in range(width - len(cells)))
        return "| " + " | ".join(cells) + " |"

    def cell(self, content: tuple[Inline, ...]) -> str:
        # ``|`` is escaped with the other specials; a line break would end the row, and the
        # model has none in a cell (white space is folded), but a stray one becomes a space.
        return " ".join(self.inlines(content).split("\n")).strip()

    def item(self, marker: str, item: ListItem) -> str:
        """A list item; the lists under it are indented to its content column, where CommonMark and pandoc nest them."""
        out = [f"{marker} {self.inlines(item.content)}"]
        pad = " " * (len(marker) + 1)
        for k, child in enumerate(item.children):
            if isinstance(child, OrderedList) and child.start != 1:
                out.append("")  # (only a list that starts at 1 may interrupt the item's text)
            if k and type(item.children[k - 1]) is type(child):
                out.extend(["", pad + "<!-- end of list -->", ""])  # (or Markdown would join the two lists)
            out.extend(pad + line if line else line for line in self.block(child).split("\n"))
        return "\n".join(out)

    def paragraph(self, content: tuple[Inline, ...]) -> str:
        text = _LINE_START.sub(_escape_line_start, self.inlines(content))
        return _CAPTION_START.sub(r"\1\\:", text)

    def inlines(self, content: tuple[Inline, ...]) -> str:
        content = curl_inlines(content, self.doc.meta.lang)  # typographic quotes (a run once)
        return "".join(self.inline(node) for node in content)

    def inline(self, node: Inline) -> str:
        match node:
            case Text():
                return _escape(node.text)
            case Strong():
                return f"**{self.inlines(node.children)}**"
            case Emphasis():
                return f"*{self.inlines(node.children)}*"
            case Link():
                safe = safe_url(node.url)
                if safe is None:
                    return self.inlines(node.children)
                # (a "|" would split a table cell before the link is read)
                url = safe.replace(">", "%3E").replace(" ", "%20").replace("|", "%7C")
                return f"[{self.inlines(node.children)}](<{url}>)"
            case NoteRef():
                if node.note_id is None or node.note_id not in self.labels:
                    return _escape(f"[{node.label}]")
                return f"[^{self.labels[node.note_id]}]"
            case _:
                assert_never(node)
