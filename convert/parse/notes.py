"""Stage 3b: find the notes list at the end of the capture and cut it into notes.

The notes list starts either after a notes heading ("Notes", "Endnotes",
"References", ...) whose next line opens a note (``[1]``, ``1.``, ``1)``,
``1 text`` or ``¹``), or, with no heading, at the first line opening with a
bracketed label ``[1]``/``[1]text`` from which on at least a quarter of the lines open notes (notes run over several lines).

A line that opens no note continues the note before it when no blank line
separates them, when it is a URL or starts in lower case or with
punctuation, or when the note before it is visibly unfinished (no closing
full stop): so notes survive a URL on its own line and a title broken in two.
Other lines after the notes are back matter and go to the body. Link lines
("View full PDF") are picked out wherever they stand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lines import NOTES_HEADING, Line, is_link_line, note_start


@dataclass
class RawNote:
    label: str
    line: int
    parts: list[tuple[int, str]]  # (line number, text) of each piece


@dataclass
class NotesSplit:
    body: list[list[Line]]
    notes: list[RawNote] = field(default_factory=list)
    notes_title: str | None = None
    notes_title_line: int | None = None
    preface: list[list[Line]] = field(default_factory=list)  # text between the notes heading and the first note
    trailing: list[list[Line]] = field(default_factory=list)  # back matter after the notes
    links: list[Line] = field(default_factory=list)


_URLISH = re.compile(r"^(?:https?://|www\.|mailto:|doi:|\()", re.IGNORECASE)
_FINISHED = re.compile(r"[.!?][\"'”’)\]]*$")


def split_notes(blocks: list[list[Line]]) -> NotesSplit:
    start, title_index = _find_notes(blocks)
    if start is None:
        return NotesSplit(body=blocks)
    split = NotesSplit(body=blocks[: title_index if title_index is not None else start])
    under_heading = title_index is not None
    if title_index is not None:
        split.notes_title = blocks[title_index][0].text
        split.notes_title_line = blocks[title_index][0].no
    _cut_notes(blocks[start:], split, under_heading)
    return split


def _find_notes(blocks: list[list[Line]]) -> tuple[int | None, int | None]:
    """``(index of the first notes block, index of the notes heading or None)``."""
    # A notes heading whose next block opens a note: the last one wins.
    for i in range(len(blocks) - 2, -1, -1):
        block = blocks[i]
        if len(block) == 1 and NOTES_HEADING.match(block[0].text):
            if note_start(blocks[i + 1][0].text, under_heading=True):
                return i + 1, i
    # No heading: the first bracketed note from which on most lines are notes
    # (walking back from the end, counting lines and note openings as we go).
    first: int | None = None
    total = starts = 0
    for i in range(len(blocks) - 1, 0, -1):
        opens = [note_start(l.text, under_heading=False) is not None for l in blocks[i]]
        total += len(opens)
        starts += sum(opens)
        if opens[0] and starts * 4 >= total:
            first = i
    return first, None


def _cut_notes(blocks: list[list[Line]], split: NotesSplit, under_heading: bool) -> None:
    current: RawNote | None = None
    in_trailing = False
    for block in blocks:
        for k, line in enumerate(block):
            text = line.text
            opened = note_start(text, under_heading=under_heading)
            if opened:
                label, rest = opened
                current = RawNote(label, line.no, [(line.no, rest)] if rest else [])
                split.notes.append(current)
                in_trailing = False
                continue
            if len(block) == 1 and is_link_line(text):
                split.links.append(line)
                continue
            if current is None:
                _append_line(split.preface, line, k == 0)
                continue
            if not in_trailing and _continues(current, line, after_blank=(k == 0)):
                current.parts.append((line.no, text))
                continue
            in_trailing = True
            _append_line(split.trailing, line, k == 0)


def _continues(note: RawNote, line: Line, *, after_blank: bool) -> bool:
    if not after_blank or not note.parts:
        return True
    text = line.text
    if _URLISH.match(text) or text[0] in ".,;:)]" or text[0].islower():
        return True
    return not _FINISHED.search(note.parts[-1][1])


def _append_line(blocks: list[list[Line]], line: Line, new_block: bool) -> None:
    if new_block or not blocks:
        blocks.append([line])
    else:
        blocks[-1].append(line)
