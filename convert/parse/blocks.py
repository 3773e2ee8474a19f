"""Stage 3c: body lines → blocks (headings, paragraphs, lists, quotes).

Works on the blank-separated blocks of the body. Within a block, list-item
lines (``•``, ``-``, ``*``, ``–``, ``1.``, ``1)``) open items and the lines
after them continue the item; other lines are text. Text decides between
heading and paragraph by its shape and its context: a lone short line with no
closing punctuation, followed by more body, is a heading; so is a short first
line of a block whose next line is much longer. Consecutive lines of text are
one paragraph when the capture is hard-wrapped or a sentence runs on, else
one paragraph each. Items of the same kind merge into one list across blank
lines; an ordered list keeps its first number. In a bullet list whose every
item opens with a short sentence followed by more, that sentence is the
item's lead-in (a strong run).

Inline content is parsed here line by line (:mod:`.inlines`), so a note call
keeps the number of the line it stood on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Diagnostic,
    Heading,
    Inline,
    ListItem,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)
from .inlines import join_lines, merge_text, parse_inlines
from .lines import BULLET, NUMBERED, SENTENCE_END, Line, heading_shape, is_link_line

_QUOTE = re.compile(r"^>\s?(.*)$")
_FIGURE_REF = re.compile(
    r"\((?:see|cf\.?)\s+(?:the\s+|attached\s+)?(?:map|figure|fig\.|chart|graph|table|image|photo|infographic|graphic|diagram)s?\b[^)]*\)"
    r"|\((?:figure|fig\.|map|chart|table)\s+\d+[^)]*\)",
    re.IGNORECASE,
)
# The break is group 1 (after the stop): opening with the stop itself rather
# than a lookbehind lets the regex engine skip ahead to the next candidate.
_SENTENCE_BREAK = re.compile(r"[.!?]([\"'”’)]*\s+)(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|No|Nos|vs|etc|e\.g|i\.e|Jr|Sr|Inc|Ltd|Co|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|Fig|Vol|pp?|Art|Sec)\.)$"
)


@dataclass
class BodyContext:
    note_labels: frozenset[str]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    links: list[Line] = field(default_factory=list)


@dataclass
class _Item:
    kind: str  # "bullet" or "ordered"
    marker: str  # the bullet character, or the ordered delimiter
    number: int
    indent: int
    lines: list[tuple[int, str]]  # (line number, text)


@dataclass
class _Text:
    lines: list[Line]


@dataclass
class _Quote:
    lines: list[tuple[int, str]]


_Segment = _Item | _Text | _Quote


def parse_body(blocks: list[list[Line]], ctx: BodyContext) -> list[Block]:
    segments: list[tuple[_Segment, bool]] = []  # (segment, starts a new capture block)
    for block in blocks:
        if len(block) == 1 and is_link_line(block[0].text):
            ctx.links.append(block[0])
            continue
        for k, seg in enumerate(_segments(block)):
            segments.append((seg, k == 0))
    for seg, _ in segments:
        for no, text in _segment_lines(seg):
            _check_figures(text, no, ctx)

    out: list[Block] = []
    i = 0
    while i < len(segments):
        seg, _ = segments[i]
        if isinstance(seg, _Item):
            items = [seg]
            i += 1
            while i < len(segments) and _continues_list(items[-1], segments[i][0]):
                items.append(segments[i][0])  # type: ignore[arg-type]
                i += 1
            out.append(_make_list(items, ctx))
            continue
        if isinstance(seg, _Quote):
            out.append(BlockQuote((Paragraph(_inlines(seg.lines, ctx)),)))
            i += 1
            continue
        is_last = i == len(segments) - 1
        out.extend(_text_blocks(seg.lines, ctx, is_last=is_last))
        i += 1
    return _assign_levels(out)


# --------------------------------------------------------------------------- segments


def _segments(block: list[Line]) -> list[_Segment]:
    segs: list[_Segment] = []
    for line in block:
        text = line.text
        q = _QUOTE.match(text)
        b = BULLET.match(text)
        n = NUMBERED.match(text)
        if q:
            if segs and isinstance(segs[-1], _Quote):
                segs[-1].lines.append((line.no, q.group(1)))
            else:
                segs.append(_Quote([(line.no, q.group(1))]))
        elif b:
            segs.append(_Item("bullet", b.group(1), 0, line.indent, [(line.no, b.group(2))]))
        elif n:
            segs.append(_Item("ordered", n.group(2), int(n.group(1)), line.indent, [(line.no, n.group(3))]))
        elif segs and isinstance(segs[-1], _Item) and _item_goes_on(segs[-1], line):
            segs[-1].lines.append((line.no, text))
        elif segs and isinstance(segs[-1], _Text):
            segs[-1].lines.append(line)
        else:
            segs.append(_Text([line]))
    return segs


def _item_goes_on(item: _Item, line: Line) -> bool:
    """A line under an item continues it when indented past the marker, or the item's sentence runs on."""
    return line.indent > item.indent or item.lines[-1][1][-1] not in SENTENCE_END


def _segment_lines(seg: _Segment) -> list[tuple[int, str]]:
    if isinstance(seg, _Text):
        return [(l.no, l.text) for l in seg.lines]
    return seg.lines


def _continues_list(prev: _Item, seg: _Segment) -> bool:
    if not isinstance(seg, _Item) or seg.kind != prev.kind or seg.marker != prev.marker:
        return False
    return seg.kind == "bullet" or seg.number == prev.number + 1


def _check_figures(text: str, no: int, ctx: BodyContext) -> None:
    if "(" not in text:  # every figure reference is in brackets; most lines have none
        return
    for m in _FIGURE_REF.finditer(text):
        ctx.diagnostics.append(
            Diagnostic(
                "warning",
                "missing-figure",
                f"the text refers to a figure the capture does not contain: {m.group(0)!r}",
                no,
            )
        )


# --------------------------------------------------------------------------- inline helpers


def _inlines(lines: list[tuple[int, str]], ctx: BodyContext) -> tuple[Inline, ...]:
    return join_lines([parse_inlines(text, no, note_labels=ctx.note_labels) for no, text in lines])


# --------------------------------------------------------------------------- lists


def _make_list(items: list[_Item], ctx: BodyContext) -> Block:
    contents = [_inlines(item.lines, ctx) for item in items]
    if items[0].kind == "ordered":
        return OrderedList(items[0].number, tuple(ListItem(c) for c in contents))
    cuts = [_lead_in_split(c) for c in contents]
    if all(cut is not None for cut in cuts):
        contents = [_with_lead_in(c, cut) for c, cut in zip(contents, cuts)]  # type: ignore[arg-type]
    return BulletList(tuple(ListItem(c) for c in contents))


def _lead_in_split(content: tuple[Inline, ...]) -> int | None:
    """Where the item's opening sentence ends, if it is a lead-in: short, and more follows."""
    if not content or not isinstance(content[0], Text):
        return None
    text = content[0].text
    for m in _SENTENCE_BREAK.finditer(text):
        cut = m.start(1)
        last_word = text[text.rfind(" ", 0, cut) + 1 : cut]  # (no copy of the head: items can be long)
        if _ABBREVIATION.search(last_word):
            continue
        head_words = len(text[:cut].split())
        if head_words > 24:
            return None
        total_words = sum(len(n.text.split()) for n in content if isinstance(n, Text))
        return cut if head_words * 5 <= total_words * 3 else None
    return None


def _with_lead_in(content: tuple[Inline, ...], cut: int) -> tuple[Inline, ...]:
    assert isinstance(content[0], Text)
    text = content[0].text
    # closing quotes/brackets right after the full stop belong to the lead-in
    end = cut
    while end < len(text) and text[end] in "\"'”’)":
        end += 1
    return merge_text([Strong((Text(text[:end]),)), Text(text[end:]), *content[1:]])


# --------------------------------------------------------------------------- text: headings and paragraphs


def _text_blocks(lines: list[Line], ctx: BodyContext, *, is_last: bool) -> list[Block]:
    out: list[Block] = []
    if len(lines) == 1:
        line = lines[0]
        if not is_last and heading_shape(line.text):
            return [_heading(line, ctx)]
        return [Paragraph(_inlines([(line.no, line.text)], ctx))]
    first, second = lines[0], lines[1]
    if heading_shape(first.text) and second.words >= 8 and len(first.text) * 5 < len(second.text) * 3:
        out.append(_heading(first, ctx))
        lines = lines[1:]
    for group in _paragraph_groups(lines):
        out.append(Paragraph(_inlines([(l.no, l.text) for l in group], ctx)))
    return out


def _heading(line: Line, ctx: BodyContext) -> Heading:
    # level and id are settled later (levels below, ids in resolve)
    return Heading(1, "", _inlines([(line.no, line.text)], ctx))


def _paragraph_groups(lines: list[Line]) -> list[list[Line]]:
    widest = max(len(l.text) for l in lines)
    wrapped = widest <= 100 and all(len(l.text) >= widest // 2 for l in lines[:-1])
    groups: list[list[Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        runs_on = prev.text[-1] not in SENTENCE_END and not prev.text.endswith(("”", '"'))
        if wrapped or runs_on or line.text[0].islower():
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _assign_levels(blocks: list[Block]) -> list[Block]:
    """ALL-CAPS headings outrank mixed-case ones when a capture has both."""
    headings = [b for b in blocks if isinstance(b, Heading)]
    caps = {id(h) for h in headings if _all_caps(h)}
    if not caps or len(caps) == len(headings):
        return blocks
    return [
        Heading(1 if id(b) in caps else 2, b.id, b.content) if isinstance(b, Heading) else b for b in blocks
    ]


def _all_caps(h: Heading) -> bool:
    letters = [c for node in h.content if isinstance(node, Text) for c in node.text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


