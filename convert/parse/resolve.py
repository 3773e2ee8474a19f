"""Stage 5: resolve — settle ids and cross-links once, for every renderer.

Gives each heading a stable id (a slug of its text, made unique), each table
and figure one from its number ("table-1", "figure-2") unless the builder
gave it one, each note an id from its original label, and each note call
(wherever it stands: paragraph, list item, table cell, caption, a quote's
attribution) an id of its own and the id of the note it cites; records on each note the calls that cite it. Reports
what does not add up: calls of notes that do not exist, notes nobody cites,
duplicate labels and labels out of order. Hands on the finished
:class:`~convert.model.Document`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import assert_never

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Caption,
    Diagnostic,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListItem,
    Metadata,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    inline_text,
)


@dataclass
class ParsedNote:
    label: str
    line: int
    content: tuple[Inline, ...]
    zone: int = 0  # which notes list it belongs to (a notes block after each chapter)


@lru_cache(maxsize=4096)
def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[^\w]+", "-", text).strip("-_")


class _Ids:
    """Unique ids: a base, then ``base-2``, ``base-3``… (a counter per base keeps it linear)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}

    def make(self, base: str) -> str:
        candidate = base
        k = self.next.get(base, 2)
        while candidate in self.taken:
            candidate = f"{base}-{k}"
            k += 1
        self.next[base] = k
        self.taken.add(candidate)
        return candidate


@dataclass
class _Walk:
    """What resolving a block needs: the resolver of note calls, and the document's ids with a count per numbered kind."""

    ref: Callable[[NoteRef], NoteRef]
    ids: _Ids
    numbered: dict[str, int] = field(default_factory=dict)

    def heading_id(self, content: tuple[Inline, ...]) -> str:
        return self.ids.make(slugify(inline_text(content)) or "section")

    def numbered_id(self, kind: str, given: str) -> str:
        """The id of the n-th table or figure: the builder's, else ``kind-n`` (made unique like every id)."""
        n = self.numbered[kind] = self.numbered.get(kind, 0) + 1
        return self.ids.make(given or f"{kind}-{n}")


def resolve(
    meta: Metadata,
    body: list[Block],
    notes: list[ParsedNote],
    notes_title: str | None,
    diagnostics: list[Diagnostic],
    furniture: tuple = (),
) -> Document:
    ids = _Ids()
    # -- notes: ids from their labels; duplicates and order reported
    note_ids: list[str] = []
    first_id_of: dict[str, str] = {}
    # per notes list: its first line and the id of each label in it
    zone_ids: dict[int, dict[str, str]] = defaultdict(dict)
    zone_line: dict[int, int] = {}
    previous: int | None = None
    previous_zone: int | None = None
    for note in notes:
        note_id = ids.make(f"note-{slugify(note.label) or 'x'}")
        note_ids.append(note_id)
        zone_line.setdefault(note.zone, note.line)
        if note.zone != previous_zone:
            previous, previous_zone = None, note.zone
        in_zone = zone_ids[note.zone]
        if note.label in in_zone:
            diagnostics.append(
                Diagnostic("warning", "duplicate-note-label", f"note [{note.label}] is defined more than once", note.line)
            )
        else:
            in_zone[note.label] = note_id
            first_id_of.setdefault(note.label, note_id)
            if note.label.isdigit():
                if previous is not None and int(note.label) <= previous:
                    diagnostics.append(
                        Diagnostic(
                            "warning",
                            "note-out-of-order",
                            f"note [{note.label}] comes after note [{previous}]",
                            note.line,
                        )
                    )
                previous = int(note.label)

    # -- calls: ids per occurrence, linked to the first note of their label
    cited: dict[str, list[str]] = defaultdict(list)
    occurrences: dict[str, int] = defaultdict(int)

    def ref(node: NoteRef) -> NoteRef:
        label = node.label
        occurrences[label] += 1
        seen = occurrences[label]
        base = f"ref-{slugify(label) or 'x'}"
        ref_id = ids.make(base if seen == 1 else f"{base}-{seen}")
        line = None if one_list else _line(node)
        # (with one notes list, the call cites its label's note: no search by line)
        target = first_id_of.get(label) if one_list else _target(label, line)
        if target is None:
            line = _line(node)
            diagnostics.append(
                Diagnostic("warning", "missing-note", f"the text cites note [{node.label}], which the capture does not have", line)
            )
        else:
            cited[target].append(ref_id)
        return NoteRef(node.label, ref_id, target, node.joined)

    zones_in_order = sorted(zone_line, key=lambda z: zone_line[z])
    one_list = len(zones_in_order) <= 1

    def _target(label: str, line: int | None) -> str | None:
        """The note a call cites: in the first notes list after the call that has its label, else the last before it."""
        if len(zones_in_order) <= 1 or line is None:
            return first_id_of.get(label)
        after = [z for z in zones_in_order if zone_line[z] > line and label in zone_ids[z]]
        if after:
            return zone_ids[after[0]][label]
        before = [z for z in zones_in_order if zone_line[z] <= line and label in zone_ids[z]]
        return zone_ids[before[-1]][label] if before else None

    walk = _Walk(ref, ids)
    new_body = [_map_block(block, walk) for block in body]

    final_notes = []
    for note, note_id in zip(notes, note_ids):
        refs = tuple(cited.get(note_id, ()))
        if not refs and zone_ids[note.zone].get(note.label) == note_id:
            diagnostics.append(
                Diagnostic("warning", "unreferenced-note", f"note [{note.label}] is never cited in the text", note.line)
            )
        final_notes.append(Note(note.label, note_id, note.content, refs))
    return Document(meta, tuple(new_body), tuple(final_notes), notes_title, tuple(furniture))


def _line(node: NoteRef) -> int | None:
    """The line a call stood on (the builder's placeholder id is ``"@<line>"``)."""
    return int(node.id[1:]) if node.id.startswith("@") else None


def _map(content: tuple[Inline, ...], ref: Callable[[NoteRef], NoteRef]) -> tuple[Inline, ...]:
    """The content with every note call resolved by ``ref``; the same tuple when it holds no call.

    (Most paragraphs cite nothing: handing back the content unchanged, rather
    than an equal copy, spares making their nodes again.)
    """
    for k, node in enumerate(content):
        if not isinstance(node, Text):
            break
    else:
        return content  # (text alone: nothing to resolve, nothing to copy)
    out: list[Inline] = list(content[:k])
    changed = False
    for node in content[k:]:
        new: Inline
        match node:
            case Text():
                new = node
            case NoteRef():
                new = ref(node)
            case Strong():
                children = _map(node.children, ref)
                new = node if children is node.children else Strong(children)
            case Emphasis():
                children = _map(node.children, ref)
                new = node if children is node.children else Emphasis(children)
            case Link():
                children = _map(node.children, ref)
                new = node if children is node.children else Link(node.url, children)
            case _:
                assert_never(node)
        changed = changed or new is not node
        out.append(new)
    return tuple(out) if changed else content


def _map_items(items: tuple[ListItem, ...], walk: _Walk) -> tuple[ListItem, ...]:
    out = []
    changed = False
    for item in items:
        # the item's own calls come before those of its sub-lists: ids follow reading order
        content = _map(item.content, walk.ref)
        children = tuple(_map_block(child, walk) for child in item.children)
        if content is not item.content or any(a is not b for a, b in zip(children, item.children)):
            item = ListItem(content, children)
            changed = True
        out.append(item)
    return tuple(out) if changed else items


def _map_paragraph(para: Paragraph, ref: Callable[[NoteRef], NoteRef]) -> Paragraph:
    content = _map(para.content, ref)
    return para if content is para.content else Paragraph(content)


def _map_captions(captions: tuple[Caption, ...], ref: Callable[[NoteRef], NoteRef]) -> tuple[Caption, ...]:
    return tuple(Caption(c.label, _map(c.content, ref), c.below) for c in captions)


def _map_block(block: Block, walk: _Walk) -> Block:
    """The block with its ids settled and its note calls resolved, in reading order (the block itself when nothing changes)."""
    ref = walk.ref
    match block:
        case Heading():
            hid = walk.heading_id(block.content)
            return Heading(block.level, hid, _map(block.content, ref))
        case Paragraph():
            return _map_paragraph(block, ref)
        case OrderedList():
            items = _map_items(block.items, walk)
            return block if items is block.items else OrderedList(block.start, items, block.style)
        case BulletList():
            items = _map_items(block.items, walk)
            return block if items is block.items else BulletList(items)
        case BlockQuote():
            paras = tuple(_map_paragraph(p, ref) for p in block.content)
            attribution = _map(block.attribution, ref)
            if attribution is block.attribution and all(a is b for a, b in zip(paras, block.content)):
                return block
            return BlockQuote(paras, attribution)
        case Table():
            tid = walk.numbered_id("table", block.id)
            # reading order, as block_inlines walks it: captions above, the cells row by row, captions below
            above = _map_captions(tuple(c for c in block.captions if not c.below), ref)
            rows = tuple(TableRow(tuple(TableCell(_map(c.content, ref)) for c in r.cells), r.header) for r in block.rows)
            below = _map_captions(tuple(c for c in block.captions if c.below), ref)
            return Table(tid, rows, _in_order(block.captions, above, below))
        case Figure():
            fid = walk.numbered_id("figure", block.id)
            return Figure(fid, _map_captions(block.captions, ref))
        case _:
            assert_never(block)


def _in_order(captions: tuple[Caption, ...], above: tuple[Caption, ...], below: tuple[Caption, ...]) -> tuple[Caption, ...]:
    """The resolved captions back in the order the table had them (above and below were resolved apart, in reading order)."""
    ups, downs = iter(above), iter(below)
    return tuple(next(downs) if c.below else next(ups) for c in captions)
