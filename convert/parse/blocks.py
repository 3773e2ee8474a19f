"""Stages 3–5: the lines whose shape alone says what they are — code, table rows, list items.

* **code**: a block of several lines where a line after the first is
  indented but opens no list item (a capture joins a paragraph into one
  line and a list item's paragraphs into its item, so only preformatted text
  keeps an indent), or a line of a block that opens with a shell or console
  prompt;
* **table rows**: lines with a TAB between cells, and the lines of a block
  most of whose lines are such rows (a group row spans the table);
* **list items**: bullets (``•``, ``-``, ``*``, ``–`` …), numbers
  (``1.``, ``1)``), and — indented as a capture indents list items —
  letters (``a.``, ``B)``) and roman numerals (``iv.``). A number at the
  margin is an item when its text reads as a sentence, and an outline
  heading ("1. Introduction") otherwise; a lone dash line that reads as a
  quote's attribution ("– @user, Title") is left to the quotes stage.

Each stage labels only lines nobody has claimed.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .labels import CODE, ITEM, ITEM_CONT, TABLE, Labels, Rule, rule
from .lines import BULLET, BULLET_CHARS, LETTERED, NUMBERED, ROMAN, SENTENCE_END, nwords, roman_value

# --------------------------------------------------------------------------- code

_PROMPT = re.compile(r"^(?:\$|>>>|>|#|%|PS>)\s\S")
_CODE_CHARS = re.compile(r"[{};=<>()\[\]]|^\s*(?:/\*|\*/|//|#!)")


def label_code(lab: Labels) -> None:
    for i, j in lab.blocks:
        if j - i < 2:
            continue
        block = range(i, j)
        if _is_code_block(lab, block):
            for k in block:
                if lab.free(k):
                    lab.set(k, CODE, "code-block")


def _is_code_block(lab: Labels, block: range) -> bool:
    lines = [lab.lines[k] for k in block]
    if len(lines) < 2:
        return False
    if any(lab.lines[k].tabbed for k in block):
        return False
    base = lines[0].indent
    if re.match(r"^(?:/\*|```|~~~|<\?|#!)", lines[0].text):
        return True  # a fence or a comment's opening
    if not any(l.indent for l in lines) and not _PROMPT.match(lines[0].text):
        # (a block at the margin throughout has no odd indent and no indented
        # line: only a prompt can make it code, and its list markers, the
        # costly count below, need not be counted)
        return False
    markers = sum(1 for l in lines if BULLET.match(l.text) or NUMBERED.match(l.text))
    # A capture indents list items by two spaces a level: an odd indent is
    # preformatted text, unless most lines are list items (a list indented
    # to its markers' width, three spaces under "1. ").
    if any(l.indent % 2 for l in lines) and markers * 2 < len(lines) and sum(1 for l in lines if l.indent) * 2 > len(lines):
        return True  # (a stray space before one line of an unindented block is no code)
    if markers:
        return False
    indented = [l for l in lines[1:] if l.indent > base]
    if indented and sum(bool(_CODE_CHARS.search(l.text)) for l in lines) * 2 >= len(lines):
        return True
    prompt = _PROMPT.match(lines[0].text)
    return bool(prompt) and any(_CODE_CHARS.search(l.text, prompt.end()) for l in lines)  # type: ignore[union-attr]


# --------------------------------------------------------------------------- table rows


def label_tables(lab: Labels) -> None:
    lines = lab.lines
    # the lines that can be a row: one pass over the lines, not a search per block
    rowish = [k for k, line in enumerate(lines) if line.tabbed or line.text[:1] == "|"]
    if not rowish:
        return
    for i, j in lab.blocks:
        first = bisect_left(rowish, i)
        if first == len(rowish) or rowish[first] >= j:
            continue  # no row in the block
        rows = [k for k in range(i, j) if (lab.lines[k].tabbed or _pipe_row(lab.text(k))) and lab.free(k)]
        # The table runs from its first row to its last, and a short line
        # between rows is a group row; so is one line right above the first
        # row (a title of one cell): a capture sets a blank line between
        # blocks, so a line with none under it is the table's. A browser's
        # copy sets no blank line between: there only a short line is.
        first = rows[0] if rows else i
        if first > i and lab.free(first - 1) and _title_row(lab.text(first - 1), lab.browser):
            first -= 1
        last = rows[-1] if rows else i
        while last + 1 < j and lab.free(last + 1) and _title_row(lab.text(last + 1), lab.browser):
            last += 1  # (and a short line right under the last row: a row whose cells the page did not split)
        inside = range(first, last + 1) if rows else range(0)
        if len(rows) >= 2 and len(rows) * 2 >= len(inside):
            for k in inside:
                if lab.free(k):
                    lab.set(k, TABLE, "tab-separated-rows" if lab.lines[k].tabbed else ("pipe-table-row" if _pipe_row(lab.text(k)) else "row-inside-a-table"))
        elif len(rows) == 1 and j - i == 1 and (len(lab.raws[i].strip().split("\t")) >= 3 or _pipe_row(lab.text(i))):
            lab.set(i, TABLE, "tab-separated-row" if lab.lines[i].tabbed else "pipe-table-row")


def _title_row(text: str, browser: bool) -> bool:
    """A line next to a table's rows, in its block, that can be a row of it: short, and no sentence."""
    words = len(text.split())
    return words <= 3 or (not browser and words <= 12 and text[-1] not in ".:;!?")


def _pipe_row(text: str) -> bool:
    """A row of a Markdown table a page failed to render: "| a | b |"."""
    return len(text) > 2 and text[0] == "|" and text[-1] == "|" and text.count("|") >= 3


# --------------------------------------------------------------------------- list items

ITEM_RULES: list[Rule] = []


@rule(ITEM_RULES)
def _bullet_marker(lab: Labels, i: int):
    """A bullet character and a space open the line: an unordered item."""
    m = BULLET.match(lab.text(i))
    if not m:
        return None
    if m.group(1) in "–-" and _reads_as_attribution(lab, i, m.group(2)):
        return None
    if m.group(1) == "*" and _lone_mark_above_the_text(lab, i):
        return None  # "* Corresponding author" under the names: an affiliation's mark, not a list
    return {"kind": "bullet", "marker": m.group(1), "number": 0, "text_at": m.start(2)}


@rule(ITEM_RULES)
def _number_marker(lab: Labels, i: int):
    """A number and a full stop or bracket open the line: an ordered item (an outline heading when at the margin and short)."""
    text = lab.text(i)
    m = NUMBERED.match(text)
    if not m or lab.browser:
        return None  # (a browser's copy drops the numbers of list items: a number it shows is the text's own)
    if lab.lines[i].indent == 0 and _heading_like(m.group(3)) and (lab.alone(i) or _prose_right_under(lab, i)):
        return None  # an outline heading: alone, or straight over its text (a browser's copy sets no blank line)
    return {"kind": "ordered", "marker": m.group(2), "number": int(m.group(1)), "style": "decimal", "text_at": m.start(3)}


@rule(ITEM_RULES)
def _letter_or_roman_marker(lab: Labels, i: int):
    """An indented letter or roman numeral and a full stop or bracket, or one at the margin in a run of them on consecutive lines ("a) …" then "b) …"): an ordered item in letters or roman numerals."""
    text = lab.text(i)
    if lab.lines[i].indent < 2 and not _in_a_run_of_letters(lab, i, text):
        return None  # at the margin alone: an outline heading ("A. Scope") or a letter opening a sentence
    m = ROMAN.match(text)
    # A single letter that is also a roman numeral ("c)", "v.", "x)") is a letter, unless
    # it opens a list as "i." or goes on a list already counting in roman numerals.
    single = m is not None and len(m.group(1)) == 1
    previous = _previous_style(lab, i)
    if single and m is not None and not (previous == "roman" or (m.group(1).lower() == "i" and previous != "alpha")):
        m = None
    if m:
        value = roman_value(m.group(1))
        if value:
            style = "lower-roman" if m.group(1).islower() else "upper-roman"
            return {"kind": "ordered", "marker": m.group(2), "number": value, "style": style, "text_at": m.start(3)}
    m = LETTERED.match(text)
    if m:
        letter = m.group(1)
        style = "lower-alpha" if letter.islower() else "upper-alpha"
        return {"kind": "ordered", "marker": m.group(2), "number": ord(letter.lower()) - 96, "style": style, "text_at": m.start(3)}
    return None


def _in_a_run_of_letters(lab: Labels, i: int, text: str) -> bool:
    """The line's letter or numeral follows the one of the line right above, or the line right under follows it."""
    here = _letter_values(text)
    if not here:
        return False
    above = _letter_values(lab.text(i - 1)) if i > 0 and not lab.blank(i - 1) else set()
    below = _letter_values(lab.text(i + 1)) if i + 1 < len(lab) and not lab.blank(i + 1) else set()
    return any((style, value - 1) in above or (style, value + 1) in below for style, value in here)


def _letter_values(text: str) -> set[tuple[str, int]]:
    """What the line's marker can count: ("alpha", 3) for "c)", and ("roman", 100) as well (a letter can be a numeral)."""
    out = set()
    m = LETTERED.match(text)
    if m:
        out.add(("alpha", ord(m.group(1).lower()) - 96))
    m = ROMAN.match(text)
    if m and (value := roman_value(m.group(1))):
        out.add(("roman", value))
    return out


def _previous_style(lab: Labels, i: int) -> str | None:
    j = lab.prev_text(i)
    if j is None or lab.role[j] != ITEM:
        return None
    style = lab.info.get(j, {}).get("style", "")
    return "alpha" if "alpha" in style else ("roman" if "roman" in style else style)


def _prose_right_under(lab: Labels, i: int) -> bool:
    """Right under the line, with no blank between, a sentence of the body; above it, no item of its list."""
    j = i + 1
    if j >= len(lab) or lab.empty[j] or not lab.free(j):
        return False
    below = lab.lines[j]
    if below.words < 12 or not below.text[0].isupper() or below.text[-1] not in ".!?:" and not below.text[-1].isdigit():
        return False
    return i == 0 or lab.empty[i - 1] or not NUMBERED.match(lab.lines[i - 1].text)


def _heading_like(text: str) -> bool:
    return nwords(text) <= 12 and text[-1] not in ".;:," and not text[0].islower()


def _lone_mark_above_the_text(lab: Labels, i: int) -> bool:
    """A "*" line with no other item beside it and no prose above it (the front matter's marks)."""
    for j in (lab.prev_text(i), lab.next_text(i)):
        if j is not None and BULLET.match(lab.text(j)):
            return False
    return not any(lab.lines[k].words >= 8 and "." in lab.lines[k].text for k in range(i))


def _reads_as_attribution(lab: Labels, i: int, text: str) -> bool:
    """A lone "– Name, Title" line after a paragraph is a quote's attribution, not a one-item list."""
    if not lab.alone(i):
        return False
    j = lab.prev_text(i)
    if j is None or lab.role[j] is not None or BULLET.match(lab.text(j)):
        return False
    return text.startswith("@") or bool(re.match(r"^[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:,|$)", text))


_MARKER_HINT = re.compile(rf"[{BULLET_CHARS}0-9(]|[a-zA-Z]{{1,6}}[.)]\s")


def label_items(lab: Labels) -> None:
    n = len(lab)
    # A capture indents its list items; where it does, a marker at the margin is a character of the text.
    # one quick pattern turns away the lines that open with no marker at all
    free = [i for i in lab.free_lines() if _MARKER_HINT.match(lab.lines[i].text)]
    indented = sum(1 for i in free if lab.lines[i].indent >= 2 and (BULLET.match(lab.text(i)) or NUMBERED.match(lab.text(i))))
    base_indent: int | None = None
    previous = -1
    role = lab.role
    for i in free:
        # a line of another kind since the last free line ends the list's indentation
        # (not an item's wrapped line: free, right under the item, indented or running on)
        for k in range(previous + 1, i):
            if role[k] != ITEM and role[k] != "blank" and not (role[k] is None and _wrapped_line(lab, k)):
                base_indent = None
                break
        previous = i
        if indented >= 2 and lab.lines[i].indent == 0 and not _parent_at_the_margin(lab, i):
            continue
        for r in ITEM_RULES:
            found = r.fn(lab, i)
            if found:
                indent = lab.lines[i].indent
                if base_indent is None or indent < base_indent:
                    base_indent = indent
                found["depth"] = 1 + max(0, indent - base_indent) // 2
                lab.set(i, ITEM, r.name, **found)
                break
    _continuations(lab)


def _wrapped_line(lab: Labels, k: int) -> bool:
    """A free line right under a list line that is indented or continues its sentence: the item's wrapped text."""
    if k == 0 or lab.empty[k - 1] or (lab.role[k - 1] not in (ITEM, None)):
        return False
    return lab.lines[k].indent > 0 or lab.lines[k - 1].text[-1] not in SENTENCE_END


def _parent_at_the_margin(lab: Labels, i: int) -> bool:
    """A marker at the margin with indented items right under it, or going on from an item at the margin above them: the top level of a nested list."""
    j = i + 1
    if j < len(lab) and not lab.empty[j] and lab.lines[j].indent >= 2 and (BULLET.match(lab.lines[j].text) or NUMBERED.match(lab.lines[j].text)):
        return True
    # "2. …" after the sub-items of "1. …": the next number (or the same bullet) as the last item at the margin
    here = _marker_of(lab.lines[i].text)
    for k in range(i - 1, max(-1, i - 40), -1):
        if lab.role[k] == ITEM and lab.lines[k].indent == 0:
            before = _marker_of(lab.lines[k].text)
            return here is not None and before is not None and (here == before if isinstance(here, str) else here == before + 1)  # type: ignore[operator]
        if lab.empty[k] and k > 0 and lab.empty[k - 1]:
            break
    return False


def _marker_of(text: str) -> int | str | None:
    """A line's list marker: its number, or its bullet character."""
    m = NUMBERED.match(text)
    if m:
        return int(m.group(1))
    m = BULLET.match(text)
    return m.group(1) if m else None


def _continuations(lab: Labels) -> None:
    """A line right under an item continues it when indented past the marker or when the item's sentence runs on."""
    role, empty, lines = lab.role, lab.empty, lab.lines
    for i in range(1, len(lab)):
        if role[i] is not None or empty[i - 1]:
            continue
        j = i - 1
        while j > 0 and role[j] == ITEM_CONT:
            j -= 1
        if role[j] != ITEM:
            continue
        line = lines[i]
        prev = lines[i - 1]
        if line.indent > lines[j].indent or prev.text[-1] not in SENTENCE_END:
            lab.set(i, ITEM_CONT, "item-runs-on")
