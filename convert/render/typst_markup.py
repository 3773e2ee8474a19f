"""The Typst writer: a document model as Typst markup for the brief's Typst template.

The markup imports the template (``templates/brief.typ``, or the user's
``--typst-template``) and calls its functions: ``brief`` for the document,
``note``/``call`` for note calls, ``ordered`` lists, ``notes-list``, ``block-quote``,
``data-table``, ``figure-caption`` and ``url``; the template owns the look,
this module the structure (as :mod:`.page` does for the HTML page).

Escaping is by construction, not by a list of special characters: every text
of the capture is written as a Typst *string literal* (``#"…"`` in markup,
``"…"`` in arguments), in which only ``\\`` and ``"`` are special (and both
are escaped, as are control characters). A capture's ``#``, ``$``, ``*``,
``_``, `````, ``<``, ``@``, ``=``, ``//``, ``[``… are then characters, never
markup: nothing a capture holds can call a function, read a file, import a
package or reach the network. Markup syntax comes only from this module.

What is shown is what the other formats show, settled once in
:mod:`.present`: the call that carries each note's footnote, the notes nobody
cites (listed at the end under their heading), the metadata. Quotes are
curled as in the page, the DOCX and the Markdown (:mod:`.typography`).
"""

from __future__ import annotations

from typing import assert_never

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Caption,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListItem,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Table,
    Text,
    calls_in,
    inline_text,
)
from . import RenderOptions, short_title
from .page import RUNNING_HEAD_LENGTH, url_pieces
from .present import Presentation, presentation, safe_url, split_label
from .typography import curl_inlines, curl_text

#: The Typst enum numbering of each list style (Typst counts letters and numerals itself).
_NUMBERING = {
    "decimal": "1.",
    "lower-alpha": "a.",
    "upper-alpha": "A.",
    "lower-roman": "i.",
    "upper-roman": "I.",
}


def string(text: str) -> str:
    """``text`` as a Typst string literal: only the backslash, the double quote and control characters are escaped."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0:
            out.append(f"\\u{{{ord(ch):x}}}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def optional(text: str | None) -> str:
    """A string literal, or Typst's ``none``."""
    return "none" if text is None else string(text)


def array(items: list[str]) -> str:
    """A Typst array of already-written values (a one-element array keeps its trailing comma)."""
    if len(items) == 1:
        return f"({items[0]},)"
    return "(" + ", ".join(items) + ")"


class TypstWriter:
    """Writes one document; ``footnote_at`` holds the ids of the calls that carry their note's footnote."""

    def __init__(self, doc: Document, shown: Presentation, lang: str | None):
        self.doc = doc
        self.shown = shown
        self.lang = lang
        self.notes = doc.note_by_id()
        self.in_footnotes = shown.placement == "foot"
        self.footnote_at = frozenset(shown.footnote_call.values()) if self.in_footnotes else frozenset()

    # ------------------------------------------------------------------ inlines

    def inlines(self, nodes: tuple[Inline, ...], *, in_link: bool = False) -> str:
        """Inline content as markup, its quotes curled (a run at once, as the page does)."""
        return "".join(self.inline(n, in_link=in_link) for n in curl_inlines(nodes, self.lang))

    def inline(self, node: Inline, *, in_link: bool = False) -> str:
        match node:
            case Text():
                return "#" + string(node.text) if node.text else ""
            case Strong():
                return f"#strong[{self.inlines(node.children, in_link=in_link)}]"
            case Emphasis():
                return f"#emph[{self.inlines(node.children, in_link=in_link)}]"
            case Link():
                return self.link(node, in_link=in_link)
            case NoteRef():
                return self.note_ref(node, in_link=in_link)
            case _:
                assert_never(node)

    def link(self, node: Link, *, in_link: bool) -> str:
        target = safe_url(node.url)
        if node.children == (Text(node.url),) and target is not None and not in_link:
            return f"#url({array([string(piece) for piece in url_pieces(node.url)])}, {string(target)})"
        children = self.inlines(node.children, in_link=True)
        # A footnote carried by a call inside the link follows the link (a link holds no note).
        after = "".join(
            self.footnote(self.notes[ref.note_id])
            for ref in calls_in(node.children)
            if ref.id in self.footnote_at and ref.note_id in self.notes
        )
        if in_link or target is None:
            return children + after
        return f"#link({string(target)})[{children}]" + after

    def note_ref(self, ref: NoteRef, *, in_link: bool) -> str:
        note = self.notes.get(ref.note_id) if ref.note_id else None
        if note is None or in_link:
            # No note to lead to (or no link in a link): the label stays as text.
            return f"#call({string(ref.label)})"
        if ref.id in self.footnote_at:
            return self.footnote(note)
        return f"#call({string(ref.label)}, id: {string(note.id)}, anchor: {string(ref.id)})"

    def footnote(self, note: Note) -> str:
        return f"#note({string(note.label)}, {string(note.id)})[{self.inlines(note.content)}]"

    # ------------------------------------------------------------------ blocks

    def blocks(self) -> str:
        out: list[str] = []
        levels: list[int] = []  # the capture's levels of the open sections
        for block in self.doc.body:
            if isinstance(block, Heading):
                while levels and levels[-1] >= block.level:
                    levels.pop()
                levels.append(block.level)
                # The depth of its section, not the capture's level: an outline without gaps.
                depth = len(levels)
                if any(True for _ in calls_in(block.content)):
                    # The PDF outline takes a heading's words with its footnote's text:
                    # the heading is left out of it, and its words alone stand in.
                    words = inline_text(curl_inlines(block.content, self.lang))
                    out.append(
                        f"#heading(level: {depth}, bookmarked: false)[{self.inlines(block.content)}]"
                        f"#outline-entry({depth}, {string(words)})"
                    )
                else:
                    out.append(f"#heading(level: {depth})[{self.inlines(block.content)}]")
            else:
                out.append(self.block(block))
        return "\n\n".join(out)

    def block(self, block: Block) -> str:
        match block:
            case Paragraph():
                return self.inlines(block.content)
            case OrderedList():
                items = ", ".join(self.item(i) for i in block.items)
                return f"#ordered({block.start}, {string(_NUMBERING[block.style])}, {items})"
            case BulletList():
                return f"#list({', '.join(self.item(i) for i in block.items)})"
            case BlockQuote():
                body = "\n\n".join(self.inlines(p.content) for p in block.content)
                attribution = f"[{self.inlines(block.attribution)}]" if block.attribution else "none"
                return f"#block-quote({attribution})[{body}]"
            case Table():
                return self.table(block)
            case Figure():
                return f"#figure-caption({self.captions(block.captions)})"
            case Heading():
                raise TypeError("headings are written by blocks()")
            case _:
                assert_never(block)

    def item(self, item: ListItem) -> str:
        children = "".join("\n\n" + self.block(child) for child in item.children)
        return f"[{self.inlines(item.content)}{children}]"

    def captions(self, captions: tuple[Caption, ...]) -> str:
        """Caption lines as ``(label, rest)`` pairs: the label split off the line's head where it stands as plain text."""
        pairs = []
        for caption in captions:
            label, rest = split_label(caption)
            shown = string(curl_text(label, self.lang)) if label is not None else "none"
            pairs.append(f"({shown}, [{self.inlines(rest)}])")
        return array(pairs)

    def table(self, table: Table) -> str:
        width = table.columns

        def row(cells) -> str:
            padded = [f"[{self.inlines(c.content)}]" for c in cells] + ["[]"] * (width - len(cells))
            return array(padded)

        head = [row(r.cells) for r in table.rows if r.header]
        rows = [row(r.cells) for r in table.rows if not r.header]
        # Each column's longest word: the template measures them, to shrink a table too wide for
        # the page to fit. (Not an address: Typst breaks a link's text anywhere it must.)
        longest = ["" for _ in range(width)]
        for r in table.rows:
            for k, cell in enumerate(r.cells):
                for word in inline_text(cell.content).split():
                    if len(word) > len(longest[k]) and "://" not in word and not word.startswith("www."):
                        longest[k] = word
        return (
            f"#data-table(columns: {width}, widest: {array([string(w) for w in longest]) if longest else '()'}, "
            f"head: {array(head) if head else '()'}, rows: {array(rows) if rows else '()'}, "
            f"captions: {self.captions(tuple(c for c in table.captions if not c.below))}, "
            f"sources: {self.captions(tuple(c for c in table.captions if c.below))})"
        )

    # ------------------------------------------------------------------ notes at the end

    def notes_lists(self) -> str:
        placed = set(self.shown.footnote_call) if self.in_footnotes else set()
        listed = [n for n in self.doc.notes if n.id not in placed]
        if not listed:
            return ""
        heading = self.shown.uncited_heading if self.in_footnotes else self.shown.notes_heading
        entries = [
            f"({string(n.label)}, {string(n.id)}, [{self.inlines(n.content)}], "
            f"{array([string(r) for r in n.ref_ids]) if n.ref_ids and not self.in_footnotes else '()'})"
            for n in listed
        ]
        return f"#notes-list({string(heading)}, {array(entries)})"

    # ------------------------------------------------------------------ the document

    def front(self, template: str) -> str:
        meta = self.doc.meta
        shown = self.shown

        def curled(text: str | None) -> str | None:
            return curl_text(text, self.lang) if text else None

        primary, _, region = shown.lang.partition("-")
        authors = [f"({string(curled(a.name) or '')}, {optional(curled(a.role))})" for a in meta.authors if a.name.strip()]
        fields = [f"({optional(curled(f.name))}, {string(curled(f.value) or '')})" for f in meta.fields]
        links = [
            f"#link({string(url)})[#{string(curl_text(link.text, self.lang))}]"
            for link in meta.links
            if link.url and (url := safe_url(link.url)) is not None
        ]
        args = {
            "lang": string(primary.lower()),
            "region": string(region.lower()) if len(region) == 2 else "none",
            "title": string(curled(meta.title) or ""),
            "short-title": string(curled(short_title(meta.title, RUNNING_HEAD_LENGTH)) or ""),
            "kicker": optional(curled(meta.kicker)),
            "subtitle": optional(curled(meta.subtitle)),
            "authors": array(authors) if authors else "()",
            "credits": array([string(curled(c) or "") for c in meta.credits]) if meta.credits else "()",
            "date": optional(shown.date_display),
            "fields": array(fields) if fields else "()",
            "links": array([f"[{l}]" for l in links]) if links else "()",
            "author-names": array([string(a) for a in shown.authors]) if shown.authors else "()",
            "description": optional(shown.subject or None),
            "keywords": array([string(k) for k in shown.keywords]) if shown.keywords else "()",
        }
        joined = ",\n  ".join(f"{k}: {v}" for k, v in args.items())
        return f"#import {string(template)}: *\n#show: brief.with(\n  {joined},\n)\n"

    def write(self, template: str) -> str:
        parts = [self.front(template), self.blocks(), self.notes_lists()]
        return "\n\n".join(p for p in parts if p) + "\n"


def typst_markup(
    result: ParseResult, options: RenderOptions, shown: Presentation | None = None, template: str = "brief.typ"
) -> str:
    """The Typst source of a parsed capture, importing ``template`` (a path inside the compiler's root)."""
    doc = result.document
    shown = shown or presentation(doc, options)
    return TypstWriter(doc, shown, doc.meta.lang).write(template)
