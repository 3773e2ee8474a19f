"""The Markdown renderer: pandoc-flavoured Markdown of the document model.

A YAML metadata block (title, subtitle, author, date, lang and briefpress's
own fields), then the body, then the notes as ``[^label]: …`` definitions
under their original labels. Notes nobody cites are listed after the body
under their own heading, as in every format (as definitions nobody calls,
pandoc would drop them). Text is escaped
so that pandoc reads back exactly the words of the model: no accidental
emphasis, lists, headings, citations or raw HTML.
"""

from __future__ import annotations

import json
import re

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Document,
    Emphasis,
    Heading,
    Inline,
    Link,
    ListItem,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Text,
)
from . import Rendered, RenderOptions
from .present import Presentation, presentation, safe_url

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#$^~|@])")
#: The id of a note nobody cites, listed after the body, is this and its Markdown label.
UNCITED_NOTE_ID_PREFIX = "briefpress-note-"
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)|^(\s*)([-+:=%])(?=\s|$)")


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


def _escape_line_start(m: re.Match) -> str:
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
        lines = ["---", f"title: {_yaml(m.title)}"]
        if m.subtitle:
            lines.append(f"subtitle: {_yaml(m.subtitle)}")
        if m.authors:
            lines.append("author:")
            lines.extend(f"  - {_yaml(a.name)}" for a in m.authors)
            roles = [a for a in m.authors if a.role]
            if roles:
                lines.append("author-roles:")
                lines.extend(f"  - name: {_yaml(a.name)}\n    role: {_yaml(a.role or '')}" for a in roles)
        if m.credits:
            lines.append("credits:")
            lines.extend(f"  - {_yaml(c)}" for c in m.credits)
        if self.shown.date_display:
            lines.append(f"date: {_yaml(self.shown.date_iso or self.shown.date_display)}")
        if m.fields:
            lines.append("fields:")
            lines.extend(f"  - name: {_yaml(f.name)}\n    value: {_yaml(f.value)}" for f in m.fields)
        if m.kicker:
            lines.append(f"kicker: {_yaml(m.kicker)}")
        if m.image_caption:
            lines.append(f"image-caption: {_yaml(m.image_caption)}")
        if m.links:
            lines.append("source-links:")
            lines.extend(f"  - {_yaml(l.text)}" for l in m.links)
        lines.append(f"lang: {_yaml(m.lang)}")
        lines.append("---")
        return "\n".join(lines)

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        """The blocks in order; two lists of one kind in a row get a comment between them, or Markdown would join them into one."""
        out: list[str] = []
        for k, block in enumerate(blocks):
            if k and isinstance(block, (OrderedList, BulletList)) and type(blocks[k - 1]) is type(block):
                out.append("<!-- end of list -->")
            out.append(self.block(block))
        return out

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            return "#" * min(block.level, 5) + f" {self.inlines(block.content)} {{#{block.id}}}"
        if isinstance(block, Paragraph):
            return self.paragraph(block.content)
        if isinstance(block, OrderedList):
            return "\n".join(self.item(f"{block.start + k}.", item) for k, item in enumerate(block.items))
        if isinstance(block, BulletList):
            return "\n".join(self.item("-", i) for i in block.items)
        if isinstance(block, BlockQuote):
            return "\n>\n".join("> " + self.paragraph(p.content) for p in block.content)
        raise TypeError(f"markdown: unknown block node {type(block).__name__}")

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
        return _LINE_START.sub(_escape_line_start, self.inlines(content))

    def inlines(self, content: tuple[Inline, ...]) -> str:
        return "".join(self.inline(node) for node in content)

    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return _escape(node.text)
        if isinstance(node, Strong):
            return f"**{self.inlines(node.children)}**"
        if isinstance(node, Emphasis):
            return f"*{self.inlines(node.children)}*"
        if isinstance(node, Link):
            safe = safe_url(node.url)
            if safe is None:
                return self.inlines(node.children)
            url = safe.replace(">", "%3E").replace(" ", "%20")
            return f"[{self.inlines(node.children)}](<{url}>)"
        if isinstance(node, NoteRef):
            if node.note_id is None or node.note_id not in self.labels:
                return _escape(f"[{node.label}]")
            return f"[^{self.labels[node.note_id]}]"
        raise TypeError(f"markdown: unknown inline node {type(node).__name__}")
