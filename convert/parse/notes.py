"""Stage 6: the notes list(s) — where they are, and each note's lines.

A notes zone is found in one of two ways:

* **under a notes heading** ("Notes", "Footnotes", "References", "Anmerkungen",
  "Notas" … in any of the six languages) whose next line opens a note —
  ``[1] text``, ``[1]`` alone, ``1. text``, ``1 text``, ``1) text``,
  ``12Text``, ``¹ text``, ``[^1]: text`` — or, in a browser's copy where
  the labels are lost, by the lines under the heading: one note a line, or
  one note up to each ``↩`` back-link when the lines carry them;
* **with no heading**, from the note shapes themselves: a run of bracketed
  or caret labels (``[1]``, ``[3^]:``) at the end of the text, or of numbered
  lines that end with the page's ``↩`` back-link, wherever they stand (a
  notes block after each chapter).

Labels must ascend through a zone (gaps allowed; a ``1`` after the run is a
new zone). A line that opens no note continues the note before it when no
blank line separates them, when it is a URL or starts in lower case or with
punctuation, or when the note before it is visibly unfinished and the line
is no heading: so notes survive a URL on its own line and a title broken in
two. The zone ends at anything else: the back matter, a "Copyright" section,
a table of contents. Hands on the labels of every note (the oracle for the
note calls in the text).
"""

from __future__ import annotations

import re

from .labels import NOTE, NOTE_CONT, NOTES_HEADING, Labels
from .lines import nwords, BACKLINK, NOTE_BARE_NUMBER, NOTE_PAREN, is_notes_heading, note_opening, note_start
from . import vocab
from .furniture import furniture_rule

_URLISH = re.compile(r"^(?:https?://|www\.|mailto:|doi:|\()", re.IGNORECASE)
_FINISHED = re.compile(r"(?:[.!?][\"'”’)\]]*|" + BACKLINK + r")$")
_MAX_GAP = 25


def label_notes(lab: Labels) -> None:
    taken: set[int] = set()
    lines, role = lab.lines, lab.role
    for i in lab.free_lines():
        # (a heading found earlier may have claimed the lines under it)
        if lines[i].words <= 6 and role[i] is None and i not in taken and _heading_here(lab, i):
            zone = _zone_after_heading(lab, i)
            if zone:
                taken.update(range(zone[0], zone[1] + 1))
                lab.note_zones.append(zone)
    _headless_zones(lab, taken)
    lab.note_zones.sort()
    # the labels in reading order of the zones
    labels: list[str] = []
    parens = 0
    for start, end in lab.note_zones:
        openers = [k for k in range(start, end + 1) if lab.role[k] == NOTE]
        labels.extend(lab.info[k]["label"] for k in openers)
        parens += sum(1 for k in openers if lab.text(k).startswith("("))
    lab.note_labels = labels
    lab.note_parens = bool(labels) and parens * 2 > len(labels)


def _heading_here(lab: Labels, i: int) -> bool:
    text = lab.text(i)
    return len(text) <= 40 and is_notes_heading(text) and (lab.block_start(i) or lab.browser)


# --------------------------------------------------------------------------- under a heading


def _zone_after_heading(lab: Labels, h: int) -> tuple[int, int] | None:
    first = lab.next_text(h)
    if first is None or not lab.free(first):
        return None
    if note_start(lab.text(first), under_heading=True):
        end = _cut(lab, first, under_heading=True)
        if end is None:
            return None
        if not _numbered_list_is_notes(lab, first, end):
            _undo(lab, first, end)
            return None
        lab.set(h, NOTES_HEADING, "notes-heading-word")
        return h, end
    if lab.browser:
        end = _cut_unlabelled(lab, first)
        if end is None:
            return None
        lab.set(h, NOTES_HEADING, "notes-heading-word")
        return h, end
    return None


def _cut(lab: Labels, start: int, *, under_heading: bool, openings: dict | None = None) -> int | None:
    """Label the notes from ``start``; the index of the zone's last line, or None when no note opens there.

    ``openings`` holds the :func:`note_opening` of lines already asked (with the same ``under_heading``).
    """
    found = False
    last = None
    previous: int | None = None
    i = start
    n = len(lab)
    lines, role, empty = lab.lines, lab.role, lab.empty
    after_blank = False
    while i < n:
        if empty[i]:
            after_blank = True
            i += 1
            continue
        if role[i] is not None:
            break
        opened = openings[i] if openings and i in openings else note_opening(lines[i].text, under_heading=under_heading)
        if opened and previous is not None and not opened[2] and opened[0].isdigit():
            # (a bracketed label opens a note whatever its number; a bare number must be the next one)
            value = int(opened[0])
            if value == 1:
                break  # a new run of labels from 1: a zone of its own
            if value <= previous or value > previous + _MAX_GAP:
                opened = None  # not the next label: text of the note before
        if opened:
            label, rest, _ = opened
            lab.set(i, NOTE, "note-label", label=label, rest=rest)
            found = True
            previous = int(label) if label.isdigit() else previous
            last = i
        elif found and _continues(lab, last, i, after_blank):
            lab.set(i, NOTE_CONT, "note-runs-on")
            last = i
        else:
            break
        after_blank = False
        i += 1
    return last if found else None


def _numbered_list_is_notes(lab: Labels, start: int, end: int) -> bool:
    """An indented numbered list under "References" is a list of references unless its items link back or the text cites them.

    A capture indents a list's items; a page's notes list is told from an
    ordinary numbered list by the back-links of its items ("↩") or by calls
    of its labels in the text ("[3]").
    """
    openers = [k for k in range(start, end + 1) if lab.role[k] == NOTE]
    if lab.lines[start].indent < 2 or not lab.text(start)[0].isdigit():
        return True
    linked = sum(1 for k in openers if _ends_with_backlink(lab, k))
    if linked * 2 >= len(openers):
        return True
    text = "\n".join(lab.text(k) for k in range(0, start) if not lab.blank(k))
    cited = sum(1 for k in openers if f"[{lab.info[k]['label']}]" in text)
    return cited * 2 >= len(openers)


def _ends_with_backlink(lab: Labels, k: int) -> bool:
    j = k
    while j + 1 < len(lab) and lab.role[j + 1] == NOTE_CONT:
        j += 1
    return lab.text(j).rstrip("\ufe0e").endswith(BACKLINK)


def _undo(lab: Labels, start: int, end: int) -> None:
    for k in range(start, end + 1):
        if lab.role[k] in (NOTE, NOTE_CONT):
            lab.role[k] = None
            lab.why[k].append("not-a-note: an indented numbered list with no back-links and no calls")
            lab.info.pop(k, None)


def _continues(lab: Labels, last: int | None, i: int, after_blank: bool) -> bool:
    if last is None:
        return False
    if lab.text(last).endswith(BACKLINK) and not lab.text(i).startswith(BACKLINK):
        return False  # the back-link closes the note: what follows is no part of it
    if not after_blank:
        return True
    text = lab.text(i)
    if _URLISH.match(text) or text[0] in ".,;:)]" or text[0].islower():
        return True
    if _FINISHED.search(lab.text(last)) or lab.text(last).endswith(BACKLINK):
        return False
    # an unfinished note runs on over a blank line, but not into a heading
    return nwords(text) >= 8 or text[-1] in ".,;:"


def _cut_unlabelled(lab: Labels, start: int) -> int | None:
    """A browser's copy lost the labels: one note a line, or one up to each back-link when the lines carry them."""
    end = start
    lines: list[int] = []
    i = start
    n = len(lab)
    while i < n:
        if lab.blank(i):
            i += 1
            continue
        if not lab.free(i) or _stops_unlabelled(lab, i):
            break
        lines.append(i)
        i += 1
    if not lines:
        return None
    backlinks = sum(lab.text(k).endswith(BACKLINK) for k in lines)
    if backlinks * 2 >= len(lines):
        # cut after the last back-link: what follows it belongs to the page
        while lines and not lab.text(lines[-1]).endswith(BACKLINK):
            lines.pop()
    elif not _cited_in_brackets(lab, start, len(lines)):
        return None  # lines with neither back-links nor calls in the text are no notes list
    number = 0
    open_note = False
    for k in lines:
        if open_note and backlinks:
            lab.set(k, NOTE_CONT, "note-runs-to-back-link")
        else:
            number += 1
            lab.set(k, NOTE, "note-line", label=str(number), rest=lab.text(k))
        open_note = bool(backlinks) and not lab.text(k).endswith(BACKLINK)
        end = k
    return end


def _cited_in_brackets(lab: Labels, before: int, count: int) -> bool:
    """The text before the notes calls at least half of labels 1 to ``count`` in brackets ("[3]", "[4, 5]", "[1–3]")."""
    text = "\n".join(lab.text(k) for k in range(before) if not lab.blank(k))
    found: set[int] = set()
    for m in _BRACKETS.finditer(text):
        for part in re.split(r"\s*,\s*", m.group(1)):
            ends = [int(x) for x in re.split(r"\s*[–—-]\s*", part) if x.isdigit()]
            if ends:
                found.update(range(ends[0], ends[-1] + 1))
    return len(found & set(range(1, count + 1))) * 2 >= count


_BRACKETS = re.compile(r"\[(\d{1,6}(?:\s*[,–—-]\s*\d{1,6})*)\]")


def _stops_unlabelled(lab: Labels, i: int) -> bool:
    text = lab.text(i)
    folded = vocab.fold(text)
    if folded in vocab.FURNITURE_LINES or vocab.FURNITURE_PHRASES.search(text):
        return True
    # a short title-like line followed by longer text: the next section
    nxt = lab.next_text(i)
    return (
        nwords(text) <= 6
        and text[-1] not in ".,;:" + BACKLINK
        and not re.search(r"\d{4}|https?://", text)
        and nxt is not None
        and len(lab.text(nxt)) > len(text)
    )


# --------------------------------------------------------------------------- no heading


def _headless_zones(lab: Labels, taken: set[int]) -> None:
    # numbered lines with back-links, wherever they stand
    lines = lab.lines
    for i in [k for k in lab.free_lines() if BACKLINK in lines[k].text]:
        if i in taken or not lab.free(i) or not _backlinked_note(lab, i):
            continue
        end = _cut(lab, i, under_heading=True)
        if end is not None:
            lab.note_zones.append((i, end))
            taken.update(range(i, end + 1))
    if lab.browser:
        # a browser's copy lost the labels: a run of lines ending with back-links is a notes list
        for start, end in lab.blocks:
            free = [k for k in range(start, end) if k not in taken and lab.free(k)]
            while free and not lab.text(free[-1]).endswith(BACKLINK):
                free.pop()  # (the page's furniture may follow the last note in the same block)
            if not free:
                continue
            top = free[0]
            while top + 1 <= free[-1] and not lab.text(top).endswith(BACKLINK) and _looks_like_body(lab, top):
                top += 1
            zone_end = _cut_unlabelled(lab, top)
            if zone_end is not None:
                lab.note_zones.append((top, zone_end))
                taken.update(range(top, zone_end + 1))
    # bracketed labels at the end: the first one from which on notes are most of the lines
    first: int | None = None
    total = starts = 0
    role, lines = lab.role, lab.lines
    openings: dict[int, tuple[str, str, bool] | None] = {}  # (the matches are kept for the cut below: each note line is matched once)
    for i in range(len(lab) - 1, 0, -1):
        text = lines[i].text
        if not text:
            continue
        if i in taken:
            break
        total += 1
        opens = False
        if role[i] is None and text[0] in "[⁰¹²³⁴⁵⁶⁷⁸⁹":
            # (a bracket, a caret or superscript digits: what opens a note with no heading)
            openings[i] = note_opening(text, under_heading=False)
            opens = openings[i] is not None
        starts += opens
        if opens and starts * 4 >= total and (not lines[i - 1].text or role[i - 1] is not None or lab.browser):
            first = i
    # (notes follow the text that cites them: above the first prose, marked lines are affiliations or the like)
    if first is not None and any(lines[k].words >= 8 and _SENTENCE_STOP.search(lines[k].text) for k in range(first)):
        end = _cut(lab, first, under_heading=False, openings=openings)
        if end is not None:
            lab.note_zones.append((first, end))
            return
    _plain_tail(lab, taken)


# A number glued to a word, perhaps after its closing punctuation ("énergie1", "handle.1", "said,”2"),
# and "(1)" glued to what precedes it: the calls of notes that lost their superscript.
_DIGITS_GLUED = re.compile(r"(?:(?<=[^\W\d_])|(?<=[^\W\d_][.,;:»”’\"')]))(\d+)(?!\d)")
_PAREN_GLUED = re.compile(r"(?<=\S)\((\d+)\)")

# The most lines after the last note that are not the page's furniture by their shape (a download link, a blurb).
_TAIL_FURNITURE = 3


def _plain_tail(lab: Labels, taken: set[int]) -> None:
    """Lines "1 text", "2 text" (or "(1) text") … with no heading at the end: notes, when the text cites most of them.

    A bare number opens a note only under a notes heading, as a numbered
    paragraph looks the same; with no heading, the labels must run from 1 with
    no gap, each alone on its line, and the body must carry most of them glued
    to a word ("énergie1", "2015.2") — the calls that lost their superscript.
    """
    openers: list[int] = []
    tail = 0
    i = len(lab) - 1
    while i > 0:
        if lab.blank(i):
            i -= 1
            continue
        if i in taken or not lab.free(i):
            break
        text = lab.text(i)
        furniture = furniture_rule(text) is not None  # ("42 Likes" is a counter, not note 42)
        m = None if furniture else (NOTE_PAREN if text[0] == "(" else NOTE_BARE_NUMBER).match(text)
        if m and lab.lines[i].indent == 0 and not m.group(2)[0].islower():
            openers.append(i)
        elif openers:
            break
        elif not furniture:
            # (the page's own lines after the notes: its furniture, and a few short lines more)
            if tail == _TAIL_FURNITURE or lab.lines[i].words > 12:
                break
            tail += 1
        i -= 1
    openers.reverse()
    parens = {lab.text(k)[0] == "(" for k in openers}
    if len(parens) != 1:
        return  # (one list, in one shape)
    paren = parens.pop()
    labels = [int((NOTE_PAREN if paren else NOTE_BARE_NUMBER).match(lab.text(k)).group(1)) for k in openers]  # type: ignore[union-attr]
    if len(labels) < 2 or labels != list(range(1, len(labels) + 1)):
        return
    first = openers[0]
    body = "\n".join(lab.text(k) for k in range(first) if not lab.blank(k))
    # (the numbers the body carries as calls, found in one pass: a search per label would
    # read the body once for each of a long list's notes)
    glued = {int(m.group(1)) for m in (_PAREN_GLUED if paren else _DIGITS_GLUED).finditer(body)}
    cited = sum(1 for n in labels if n in glued)
    if cited * 2 < len(labels):
        return
    end = _cut(lab, first, under_heading=True)
    if end is not None:
        lab.note_zones.append((first, end))
        taken.update(range(first, end + 1))


_SENTENCE_STOP = re.compile(r"\w[.!?]")


def _looks_like_body(lab: Labels, i: int) -> bool:
    """A line before the first back-link of a block that is not a note's first paragraph: a paragraph of the body."""
    return lab.lines[i].words > 40


def _backlinked_note(lab: Labels, i: int) -> bool:
    text = lab.text(i)
    if not text.endswith(BACKLINK) and not text.endswith(BACKLINK + "\ufe0e"):
        return False
    return note_start(text, under_heading=True) is not None
