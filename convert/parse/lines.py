"""Stage 2: text → numbered lines, and the shapes one line can have.

A :class:`Line` keeps its 1-based number, its indent, its text with white
space folded (runs of spaces, tabs and no-break spaces become one space; a
lone no-break space between words is kept) and whether it had a TAB between
cells (a table row). The recognisers here look at one line's shape only (a
list marker, a note label, a date, a byline, a caption lead, a heading's
outline number); the stages after this one decide from context.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..model import SourceLink
from . import vocab

# A run of white space, or one white-space character other than a plain or
# no-break space: each becomes one space (a lone NBSP between words is kept).
# Written to open with \s (then: more white space, or the one just taken was
# not a plain or no-break space) so that the regex engine skips from one white
# space to the next instead of trying every position.
_FOLD = re.compile(r"\s(?:\s|(?<=[^\S \xa0]))\s*")


class Line(NamedTuple):
    """One line of the capture (a named tuple: immutable and quick to make, there is one per line)."""

    no: int
    indent: int
    text: str
    tabbed: bool = False  # a TAB stood between two cells of text
    words: int = 0  # (the text is folded: words are separated by single spaces)


def nwords(text: str) -> int:
    """The number of words of a folded line (words are separated by single spaces)."""
    return text.count(" ") + 1 if text else 0


def split_lines(text: str) -> tuple[list[Line], list[str]]:
    """Every line of the text, numbered from 1, with white space folded; and the raw lines (for table cells)."""
    out: list[Line] = []
    append = out.append
    raws = text.split("\n")
    # (a Line is made by tuple.__new__ directly: its generated __new__ costs a
    # Python call per line, and every field is given here)
    new = tuple.__new__
    for no, raw in enumerate(raws, start=1):
        tabbed = False
        if "\t" in raw:
            tabbed = "\t" in raw.strip()
            raw = raw.expandtabs(4)
        stripped = raw.strip()
        if not stripped:
            append(new(Line, (no, 0, "", False, 0)))
            continue
        # most lines start at the margin: no copy of the line to measure its indent
        indent = 0 if raw[0] == stripped[0] else len(raw) - len(raw.lstrip())
        # Most lines need no folding: no double space, and no white space but
        # plain spaces (isprintable is False for tabs, NBSP and other separators).
        folded = stripped if "  " not in stripped and stripped.isprintable() else _fold(stripped)
        append(new(Line, (no, indent, folded, tabbed, folded.count(" ") + 1)))
    return out, raws


def _fold(text: str) -> str:
    # Most lines need nothing: no double space, and no white space but plain
    # spaces (isprintable is False for tabs, NBSP and other separators).
    if "  " not in text and text.isprintable():
        return text
    # str.split is fast but also splits at no-break spaces, which are kept
    # when alone: only lines that have one take the slower regex.
    if "\xa0" not in text:
        return " ".join(text.split())
    # A lone NBSP is kept, so a line whose only odd white space is lone NBSPs
    # needs nothing either; the regex stops at every space, and is slow.
    plain = text.replace("\xa0", " ")
    if "  " not in plain and plain.isprintable():
        return text
    return _FOLD.sub(" ", text)


def split_blocks(lines: list[Line]) -> list[list[Line]]:
    """Runs of non-blank lines."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if line.text:
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def cells(raw: str) -> list[str]:
    """The cells of a table row: its TAB-separated parts, white space folded."""
    return [_fold(c.strip()) for c in raw.strip().split("\t")]


# --------------------------------------------------------------------------- list items

BULLET_CHARS = "•◦▪▫●○■□·‣⁃∙–\\-*+"
BULLET = re.compile(rf"^([{BULLET_CHARS}])\s+(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,3})([.)])\s+(\S.*)$")
# Lettered and roman items: "a.", "B)", "iv.", "(c)".
LETTERED = re.compile(r"^\(?([a-z]|[A-Z])([.)])\s+(\S.*)$")
ROMAN = re.compile(r"^\(?((?=[ivxlc]+[.)])[ivxlc]{1,6}|(?=[IVXLC]+[.)])[IVXLC]{1,6})([.)])\s+(\S.*)$")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman_value(numeral: str) -> int | None:
    total, prev = 0, 0
    for ch in reversed(numeral.lower()):
        v = _ROMAN_VALUES.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total or None


# --------------------------------------------------------------------------- notes

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

NOTE_BRACKET = re.compile(r"^\[(\d{1,6})\]\s*(.*)$")
# Under a notes heading, these label shapes start a note as well.
NOTE_NUMBERED = re.compile(r"^(\d{1,6})[.)](?:\s+(\S.*)|\s*)$")
# The label is the whole run of superscript digits: "¹¹" alone is a number, not note 1 saying "¹".
NOTE_SUPERSCRIPT = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)(?![{SUPERSCRIPT_DIGITS}])\s*(\S.*)$")
NOTE_BARE_NUMBER = re.compile(r"^(\d{1,6})\s+(\S.*)$")
# "(3) text": a label in brackets as some official documents print it.
NOTE_PAREN = re.compile(r"^\((\d{1,6})\)\s*(\S.*)$")
# Markdown footnote definitions that a page failed to render: "[^3]: text", "[3^]: text", "[^3] text".
NOTE_CARET = re.compile(r"^\[(?:\^(\d{1,6})|(\d{1,6})\^)\]:?\s*(.*)$")
# A number glued to the note's text: "12Text" (the label's superscript lost its space).
NOTE_GLUED = re.compile(r"^(\d{1,3})(?=[A-Z“\"‘'(«])(\S.*)$")
BACKLINK = "↩"


def superscript_to_digits(s: str) -> str:
    return s.translate(_SUP_TO_DIGIT)


def note_start(text: str, *, under_heading: bool) -> tuple[str, str] | None:
    """``(label, rest)`` when the line opens a note, else ``None``."""
    found = note_opening(text, under_heading=under_heading)
    return found[:2] if found else None


def note_opening(text: str, *, under_heading: bool) -> tuple[str, str, bool] | None:
    """``(label, rest, bracketed)`` when the line opens a note, else ``None``.

    ``bracketed`` tells a label in brackets, with a caret or in superscript
    digits (the shapes that open a note anywhere) from the shapes that open
    one only under a notes heading; the notes stage asks both questions of
    each line, and this answers them with one set of matches.
    """
    # Every label opens with "[", "(" or a digit (superscript digits are
    # digits too): one test turns away most lines before any regex runs.
    first = text[:1]
    if first != "[" and not first.isdigit() and first != "(":
        return None
    if first == "(":
        m = NOTE_PAREN.match(text) if under_heading else None
        return (m.group(1), m.group(2), False) if m else None
    m = NOTE_BRACKET.match(text)
    if m:
        return m.group(1), m.group(2), True
    m = NOTE_CARET.match(text)
    if m:
        return m.group(1) or m.group(2), m.group(3), True
    m = NOTE_SUPERSCRIPT.match(text)
    if m:
        return superscript_to_digits(m.group(1)), m.group(2), True
    if under_heading:
        m = NOTE_NUMBERED.match(text)
        if m:
            return m.group(1), m.group(2) or "", False
        m = NOTE_BARE_NUMBER.match(text)
        if m:
            return m.group(1), m.group(2), False
        m = NOTE_GLUED.match(text)
        if m:
            return m.group(1), m.group(2), False
    return None


def is_notes_heading(text: str) -> bool:
    return vocab.fold(text.rstrip(":").strip()) in vocab.NOTES_HEADINGS


# --------------------------------------------------------------------------- front matter shapes

_DATED = (
    rf"(?:{vocab.DATE_PREFIX}\s*(?:on|in|le|en|am|im|el|il|em|in data)?\s*:?\s*)?(?:[^\W\d][^:]{{0,40}}?,\s*(?:{vocab.DATE_PREFIX})?\s*(?:on|le|den|am|el|il|em)?\s*)?"
    rf"({vocab.DATE_CORE}){vocab.DATE_TIME}?"
)
# A date line: a date (with its prefix, its place, its time), and perhaps a second
# one ("Publié le 12/03/2021 • Mis à jour le 14/03/2021").
DATE_LINE = re.compile(rf"^{_DATED}(?:\s*[•|·,;–—-]?\s*{_DATED.replace('(' + vocab.DATE_CORE + ')', '(?:' + vocab.DATE_CORE + ')')})?\.?$", re.IGNORECASE)
# A date inside a short line: "Last Reviewed: 16 May 2022, PDF Published: 17 May 2022".
DATE_ANYWHERE = re.compile(rf"(?<![\w/-])({vocab.DATE_CORE})(?![\w/-])", re.IGNORECASE)

# An author slug: lowercase words joined by underscores (``jane_doe``), or by
# hyphens when there are two or three alphabetic parts (``jane-doe``).
SLUG = re.compile(r"^(?:[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)+|[a-z]{2,}(?:-[a-z]{2,}){1,2})$")
BYLINE = re.compile(rf"^(?:{'|'.join(vocab.BYLINE_PHRASES + vocab.BYLINE_WORDS)})\s+(\S.*)$", re.IGNORECASE)

TERMINAL = ".,;:"
SENTENCE_END = ".!?"


def slug_to_name(slug: str) -> str:
    return " ".join(part[:1].upper() + part[1:] for part in re.split(r"[_-]", slug) if part)


def is_link_line(text: str) -> bool:
    # the anchored match turns most lines away at once; counting spaces reads the whole line
    return text.count(" ") < 8 and bool(vocab.LINK_LINE.match(text))


def kind_of_link(text: str) -> str:
    return "pdf" if "pdf" in text.lower() else "other"


def source_link(line: Line) -> SourceLink:
    """A link line ("View full PDF") as the model records it: its text, what it promises, where it stood."""
    return SourceLink(line.text, kind_of_link(line.text), None, line.no)  # type: ignore[arg-type]


# A note call at the end of a line: "[5]", superscript digits, or digits glued
# to a stop ("reasons.5"). The line ends where the call's text ends.
_TRAILING_CALL = re.compile(
    r"(?:\[\d{1,6}(?:[–,\- ]+\d{1,6})*\]|(?<=[.!?,;:])\(\d{1,3}\)|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|(?<=[^\W\d_][.!?,;:])\d{1,3}|(?<=\b(?:1[89]|20)\d\d[.!?])\d{1,2}|(?<=[.!?]) \d{1,3}|(?<=[.!?,;:][\"”’)])\d{1,3})$"
)


def without_trailing_call(text: str) -> str:
    """The line without the note call at its end ("… reasons.5" → "… reasons."), so that its own last character shows."""
    end = text[-1:]
    if (end.isdigit() or end in ")]⁰¹²³⁴⁵⁶⁷⁸⁹") and len(text) > 3:
        bare = _TRAILING_CALL.sub("", text).rstrip()
        if bare:
            return bare
    return text


def is_date_line(text: str) -> bool:
    # every date form holds a run of digits: one quick test before the long pattern
    return len(text) <= 80 and _HAS_DIGIT.search(text) is not None and bool(DATE_LINE.match(text))


_HAS_DIGIT = re.compile(r"[0-9]")


# --------------------------------------------------------------------------- headings and captions

# Outline numbers before a heading: "1", "2.3.1", "A.", "IV.", "a)", "1-", "Question 4.", "Chapter 2:".
OUTLINE = re.compile(
    r"^(?:"
    r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,5})\.?(?:\s*[-–—)]\s*|\s+)(?=\S)"
    r"|(?P<roman>[IVXLC]{1,6})[.)]\s+"
    r"|(?P<letter>[A-Z])[.)]\s+"
    r"|(?P<lower>[a-z])\)\s+"
    r"|(?P<word>(?:question|chapter|section|part|article|annex|appendix|step|action|requirement|chapitre|partie|annexe|"
    r"étape|kapitel|teil|anhang|schritt|capítulo|parte|anexo|paso|capitolo|allegato|passo|pergunta|pregunta|domanda)"
    r"\s+(?:\d{1,3}|[IVXLC]{1,6}|[A-Z]|one|two|three|four|five|six|seven|eight|nine|ten)\b[.:]?)"
    r")",
    re.IGNORECASE,
)


def outline_number(text: str) -> tuple[str, str] | None:
    """``(kind, number)`` of a heading's leading outline number, if it has one."""
    m = OUTLINE.match(text)
    if not m:
        return None
    for kind in ("num", "roman", "letter", "lower", "word"):
        value = m.group(kind)
        if value:
            if kind == "word":
                return kind, value.split()[0].lower()
            return kind, value
    return None  # pragma: no cover


_CAPTION = re.compile(
    rf"^(?:{'|'.join(sorted((re.escape(w) for w in vocab.CAPTION_LEADS), key=len, reverse=True))})\.?"
    r"(?:\s*(?P<num>\d{1,3}(?:\.\d{1,2})?[a-z]?|[IVX]{1,5}|[A-Z](?=[.:]))\s*(?:[.:|–—-]\s*|\s+|$)|\s*:\s*)",
    re.IGNORECASE,
)


def caption_lead(text: str) -> str | None:
    """The lead word of a caption line ("Figure 3 – …", "Source: …"), or None.

    "Figure 2 shows …" is a sentence about a figure, not its caption: a
    number followed by a lower-case word opens a sentence.
    """
    m = _CAPTION.match(text)
    if not m:
        return None
    rest = text[m.end():]
    if m.group("num") and m.group(0)[-1:].isspace() and rest[:1].islower():
        return None
    lead = text[: m.start("num") if m.group("num") else text.index(":")].strip().rstrip(".").lower()
    if m.group("num") is None and lead not in vocab.CAPTION_UNNUMBERED:
        return None
    return lead


def caption_label(text: str) -> str | None:
    """A caption's label as printed: its lead and number ("Figure 3", "Tableau 1", "Source"), or None."""
    m = _CAPTION.match(text)
    if not m:
        return None
    end = m.end("num") if m.group("num") else text.index(":")
    return text[:end].strip().rstrip(".:") or None


_TWO_SENTENCES = re.compile(rf"(?:[.!?][\"”’)]?(?:\[\d+\]|[{SUPERSCRIPT_DIGITS}]+)?\s+[A-Z]|(?<=[a-z]{{3}})\.\s+\d)")


def two_sentences(text: str) -> bool:
    return bool(_TWO_SENTENCES.search(text))


# A sentence ends after a word of two lower-case letters or more (not after an initial, "N. Smith").
_SENTENCE_THEN_MORE = re.compile(rf"[a-z]{{2}}[.!?][\"”’)]?(?:\[\d+\]|[{SUPERSCRIPT_DIGITS}]+)?\s+[A-Z]")


def sentence_then_more(text: str) -> bool:
    return bool(_SENTENCE_THEN_MORE.search(text))


_LETTERS = re.compile(r"[^\W\d_]")


def all_caps(text: str) -> bool:
    # Every cased character is a letter, so three capital letters and no
    # small one make str.isupper true: its quick scan turns most lines away.
    if not text.isupper():
        return False
    letters = _LETTERS.findall(text)
    return len(letters) >= 3 and all(c.isupper() for c in letters)


# Short words that stay lower case in a Title Case heading.
_MINOR = frozenset(
    "a an and as at but by for from in into nor of on or over per the to up via vs with "
    "de du des la le les et en à au aux pour par sur un une "
    "der die das und von zu im am für mit den dem des ein eine "
    "el los las y e del por con para una un "
    "il lo gli di da della delle dei con per su "
    "o os as do da dos das em com para um uma".split()
)


# A word: a letter, then letters, digits, apostrophes and hyphens.
WORDS = re.compile(r"[^\W\d_][\w'’-]*")


def capital_share(text: str) -> float:
    """The share of a line's words (past the first, minor words left out) that open with a capital."""
    words = [w for w in WORDS.findall(text)[1:] if w.lower() not in _MINOR]
    if not words:
        return 1.0
    return sum(1 for w in words if w[0].isupper()) / len(words)
