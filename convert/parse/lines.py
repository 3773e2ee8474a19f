"""Stage 2: text → lines and blocks, and the shapes a single line can have.

A :class:`Line` keeps its 1-based number, its indent and its text with white
space folded (runs of spaces, tabs and no-break spaces become one space; a
lone no-break space between words is kept). A *block* is a run of non-blank
lines. The recognisers here look at one line's shape only (list marker, note
label, date, author slug, link text, heading shape); the later stages decide
from context.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..model import SourceLink

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

    @property
    def words(self) -> int:
        # the text is folded: words are separated by single spaces
        return self.text.count(" ") + 1 if self.text else 0


def split_lines(text: str) -> list[Line]:
    """Every line of the text, numbered from 1, with white space folded."""
    out = []
    for no, raw in enumerate(text.split("\n"), start=1):
        if "\t" in raw:
            raw = raw.expandtabs(4)
        stripped = raw.strip()
        if not stripped:
            out.append(Line(no, 0, ""))
            continue
        indent = len(raw) - len(raw.lstrip())
        out.append(Line(no, indent, _fold(stripped)))
    return out


def _fold(text: str) -> str:
    # Most lines need nothing: no double space, and no white space but plain
    # spaces (isprintable is False for tabs, NBSP and other separators).
    if "  " not in text and text.isprintable():
        return text
    # str.split is fast but also splits at no-break spaces, which are kept
    # when alone: only lines that have one take the slower regex.
    if "\xa0" not in text:
        return " ".join(text.split())
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


# --------------------------------------------------------------------------- list items

BULLET = re.compile(r"^([•◦▪▫●○■□·‣⁃∙–\-*+])\s+(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,3})([.)])\s+(\S.*)$")


# --------------------------------------------------------------------------- notes

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")

NOTE_BRACKET = re.compile(r"^\[(\d{1,4})\]\s*(.*)$")
# Under a notes heading, these label shapes start a note as well.
NOTE_NUMBERED = re.compile(r"^(\d{1,4})[.)]\s+(\S.*)$")
NOTE_SUPERSCRIPT = re.compile(rf"^([{SUPERSCRIPT_DIGITS}]+)\s*(\S.*)$")
NOTE_BARE_NUMBER = re.compile(r"^(\d{1,4})\s+(\S.*)$")

NOTES_HEADING = re.compile(
    r"^(?:end\s*notes|foot\s*notes|notes|references|sources|citations|bibliography|works cited|notes and references)\s*:?$",
    re.IGNORECASE,
)


def superscript_to_digits(s: str) -> str:
    return s.translate(_SUP_TO_DIGIT)


def note_start(text: str, *, under_heading: bool) -> tuple[str, str] | None:
    """``(label, rest)`` when the line opens a note, else ``None``."""
    # Every label opens with "[" or a digit (superscript digits are digits
    # too): one test turns away most lines before any regex runs.
    first = text[:1]
    if first != "[" and not first.isdigit():
        return None
    m = NOTE_BRACKET.match(text)
    if m:
        return m.group(1), m.group(2)
    m = NOTE_SUPERSCRIPT.match(text)
    if m:
        return superscript_to_digits(m.group(1)), m.group(2)
    if under_heading:
        for pattern in (NOTE_NUMBERED, NOTE_BARE_NUMBER):
            m = pattern.match(text)
            if m:
                return m.group(1), m.group(2)
    return None


# --------------------------------------------------------------------------- front matter shapes

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_DATE_CORE = (
    rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_MONTHS}\s+\d{{4}})"
)
DATE_LINE = re.compile(
    rf"^(?:(?:published|updated|posted|released|date|first published)(?:\s+on)?\s*:?\s*)?{_WEEKDAY}({_DATE_CORE})\.?$",
    re.IGNORECASE,
)

# An author slug: lowercase words joined by underscores (``jane_doe``), or by
# hyphens when there are two or three alphabetic parts (``jane-doe``).
SLUG = re.compile(r"^(?:[a-z][a-z0-9]*(?:_[a-z][a-z0-9]*)+|[a-z]{2,}(?:-[a-z]{2,}){1,2})$")
BYLINE = re.compile(r"^by\s+(\S.*)$", re.IGNORECASE)

# A line offering the report in another form: "View full PDF", "Download the report (PDF)".
LINK_LINE = re.compile(
    r"^(?:(?:view|download|read|open|get|see)\s+(?:the\s+)?(?:full\s+)?(?:text|report|pdf|document|publication|brief|paper)"
    r"|(?:full\s+)?(?:report|text)\s*\(?pdf\)?|pdf(?:\s+version)?|download)\b[^.]{0,40}$",
    re.IGNORECASE,
)

# Words that make a line a person's role ("Senior Fellow, Centre for ...").
ROLE_WORDS = re.compile(
    r"\b(?:fellow|director|professor|lecturer|analyst|researcher|research|president|chair(?:man|woman|person)?|"
    r"editor|officer|associate|advis[eo]r|scholar|economist|manager|head|chief|dean|ambassador|secretary|"
    r"minister|coordinator|consultant|specialist|expert|member|founder|partner|correspondent|journalist|"
    r"writer|author|student|candidate|lead|principal|deputy|executive|counsel|attorney|lawyer|scientist|"
    r"engineer|historian|strategist|staff|intern|ceo|cto|coo|vice)\b",
    re.IGNORECASE,
)

TERMINAL = ".,;:"
SENTENCE_END = ".!?"


def slug_to_name(slug: str) -> str:
    return " ".join(part[:1].upper() + part[1:] for part in re.split(r"[_-]", slug) if part)


def is_link_line(text: str) -> bool:
    # the anchored match turns most lines away at once; counting spaces reads the whole line
    return bool(LINK_LINE.match(text)) and text.count(" ") < 8


def kind_of_link(text: str) -> str:
    return "pdf" if "pdf" in text.lower() else "other"


def source_link(line: Line) -> SourceLink:
    """A link line ("View full PDF") as the model records it: its text, what it promises, where it stood."""
    return SourceLink(line.text, kind_of_link(line.text), None, line.no)  # type: ignore[arg-type]


def is_date_line(text: str) -> bool:
    return bool(DATE_LINE.match(text))


# --------------------------------------------------------------------------- headings

_TWO_SENTENCES = re.compile(rf"[.!?][\"”’)]?(?:\[\d+\]|[{SUPERSCRIPT_DIGITS}]+)?\s+[A-Z]")
_CAPTION_LEAD = re.compile(r"^(?:photo|image|source|credit|figure|fig\.|map|chart|table|graph)\s*\d*\s*[:.|]", re.IGNORECASE)


def heading_shape(text: str) -> bool:
    """Could this line, on its own, be a heading? (Context decides the rest.)

    Short, starts with a capital or digit, no closing punctuation other than a
    question or exclamation mark, one sentence only, not a list item, a note,
    a URL or a caption.
    """
    if not text or len(text) > 120:
        return False
    words = text.split()
    if len(words) > 14:
        return False
    first = text[0]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘("):
        return False
    if text[-1] in TERMINAL or text.endswith("..."):
        return False
    if text[-1] in "?!" and len(words) > 12:
        return False
    if _TWO_SENTENCES.search(text):
        return False
    if BULLET.match(text) or NUMBERED.match(text) or NOTE_BRACKET.match(text):
        return False
    if "://" in text or _CAPTION_LEAD.match(text):
        return False
    return True
