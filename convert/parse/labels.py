"""The labelled capture: every line with the role the stages gave it and the rules that decided.

The parser works as a line labeller. Each stage (a named pass, run in a fixed
order by :mod:`convert.parse`) looks at the lines nobody has claimed yet, or
at a zone of the document, and labels lines with a role — ``heading``,
``note``, ``furniture`` … — recording the name of the rule that decided. The
builder (:mod:`.build`) then turns the labelled lines into the document
model, and ``briefpress inspect --explain`` prints the labels with their
rules, so that a user can see why a line became a heading.

Rules are plain functions, kept in ordered tables per decision (see
:class:`Rule`); a stage applies its table and the first rule that answers
wins, or, for the heading decision, the rules add up evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .lines import Line

# The roles a line can have (the same names as the corpus' gold labels).
BLANK = "blank"
FURNITURE = "furniture"
KICKER = "kicker"
TITLE = "title"
SUBTITLE = "subtitle"
AUTHOR = "author"
ROLE = "role"
DATE = "date"
LINK = "link"
FIELD = "field"  # a header field of the front matter ("Status: Final") kept as text
HEADING = "heading"
HEADING_CONT = "heading-cont"  # the second line of a heading broken over two lines
PARAGRAPH = "paragraph"
ITEM = "item"
ITEM_CONT = "item-cont"
QUOTE = "quote"
ATTRIBUTION = "attribution"
CAPTION = "caption"
TABLE = "table"
NOTES_HEADING = "notes-heading"
NOTE = "note"
NOTE_CONT = "note-cont"
CODE = "code"

FRONT_ROLES = frozenset((KICKER, TITLE, SUBTITLE, AUTHOR, ROLE, DATE, LINK, FIELD))


@dataclass(frozen=True)
class Rule:
    """One named rule: ``fn`` looks at line ``i`` of the labels and answers (a role, a weight, or None)."""

    name: str
    fn: Callable[..., Any]

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip().splitlines()[0] if self.fn.__doc__ else ""


def rule(table: list[Rule]):
    """Decorator: append the function to ``table`` as a rule named after it."""

    def add(fn):
        table.append(Rule(fn.__name__.lstrip("_").replace("_", "-"), fn))
        return fn

    return add


@dataclass
class Labels:
    """The lines of one capture with a role, reasons and details per line."""

    lines: list[Line]
    raws: list[str]
    role: list[str | None] = field(default_factory=list)
    why: list[list[str]] = field(default_factory=list)
    info: dict[int, dict[str, Any]] = field(default_factory=dict)
    browser: bool = False  # a browser's select-all copy: blocks not always separated, list markers lost
    lang: str = "en"
    # the notes list(s): (first line index, last line index) of each notes zone
    note_zones: list[tuple[int, int]] = field(default_factory=list)
    note_labels: list[str] = field(default_factory=list)
    note_parens: bool = False  # the notes are labelled "(1)": the text calls them so too
    authors: frozenset[str] = frozenset()  # the front matter's authors, folded (their names repeat in author boxes)
    front_end: int = 0  # index of the first line after the front matter
    back_start: int = 0  # index of the first line of the back furniture

    def __post_init__(self) -> None:
        n = self.n = len(self.lines)
        self.empty = empty = [not line.text for line in self.lines]
        # the blocks: runs of non-blank lines, as (first, last + 1)
        self.blocks: list[tuple[int, int]] = []
        start = None
        for i, e in enumerate(empty):
            if e:
                if start is not None:
                    self.blocks.append((start, i))
                    start = None
            elif start is None:
                start = i
        if start is not None:
            self.blocks.append((start, n))
        if not self.role:
            # blank lines are claimed from the start
            self.role = [BLANK if e else None for e in empty]
            self.why = [[] for _ in range(n)]
        if not self.back_start:
            self.back_start = n

    # ---------------------------------------------------------------- access

    def __len__(self) -> int:
        return len(self.lines)

    def text(self, i: int) -> str:
        return self.lines[i].text

    def blank(self, i: int) -> bool:
        return i < 0 or i >= self.n or self.empty[i]

    def set(self, i: int, role: str, reason: str, **info: Any) -> None:
        self.role[i] = role
        self.why[i].append(reason)
        if info:
            self.info.setdefault(i, {}).update(info)

    def free_lines(self, start: int = 0, end: int | None = None) -> list[int]:
        """Indexes of the lines from ``start`` to ``end`` that nobody has claimed (blank lines are claimed)."""
        return [i for i, r in enumerate(self.role[start:end], start) if r is None]

    def with_role(self, role: str) -> list[int]:
        return [i for i, r in enumerate(self.role) if r == role]

    def loose(self, i: int) -> bool:
        """Unclaimed, or a paragraph: text of the body no special rule has taken."""
        return self.role[i] is None or self.role[i] == PARAGRAPH

    def free(self, i: int) -> bool:
        """Not blank and not yet labelled."""
        return self.role[i] is None

    def prev_text(self, i: int) -> int | None:
        """Index of the nearest non-blank line before ``i``."""
        j = i - 1
        while j >= 0 and not self.lines[j].text:
            j -= 1
        return j if j >= 0 else None

    def next_text(self, i: int) -> int | None:
        j = i + 1
        n = len(self.lines)
        while j < n and not self.lines[j].text:
            j += 1
        return j if j < n else None

    def alone(self, i: int) -> bool:
        """The line is a block of its own (blank or edge before and after)."""
        return self.blank(i - 1) and self.blank(i + 1)

    def block_start(self, i: int) -> bool:
        return self.blank(i - 1)
