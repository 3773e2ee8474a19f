"""Small factories and readers shared by the tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from convert.model import BulletList, Heading, OrderedList, Paragraph, ParseResult, inline_text
from convert.parse import parse_text
from convert.words import model_words, text_words

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED_WITH_URLS = ROOT / "seeds" / "000_c0832e8980d532ef.txt"
SEED_WITHOUT_URLS = ROOT / "seeds" / "001_931164668b5cd148.txt"

#: A capture whose numbered list has bullets under its first item (and bullets
#: under one of those), letters under its second, and a plain third item.
NESTED = """\
Reports

Keeping the Parish Archive

By Jane Doe

Recommendations

The committee met on four occasions over the spring and heard evidence from officials, academics and members of the public before agreeing its findings.

  1. Fund the archive properly over the next five years.
    • Repair the roof of the reading room.[1]
    • Hire a conservator for the bindings.
      • Start with the council minutes.
      • Then the parish maps.
  2. Open the archive to the public.
    a. On weekdays from nine.
    b. On the first Saturday of each month.
  3. Report back to the committee within a year.

The committee will review progress at its next meeting, and the clerk will circulate the minutes to every member before then.

Notes

[1] The roof has leaked since the storm of 2019.
"""


def capture(text: str, name: str = "capture.txt") -> ParseResult:
    """Parse a capture written inline in a test (dedented, leading newline dropped)."""
    return parse_text(textwrap.dedent(text).lstrip("\n"), name)


def headings(result: ParseResult) -> list[str]:
    return [inline_text(b.content) for b in result.document.body if isinstance(b, Heading)]


def paragraphs(result: ParseResult) -> list[str]:
    return [inline_text(b.content) for b in result.document.body if isinstance(b, Paragraph)]


def lists(result: ParseResult) -> list[OrderedList | BulletList]:
    return [b for b in result.document.body if isinstance(b, (OrderedList, BulletList))]


def codes(result: ParseResult) -> list[str]:
    return [d.code for d in result.diagnostics]


def lost_words(source: str, result: ParseResult) -> set[str]:
    """Words of the source that the model does not hold anywhere.

    A set, not a multiset: front matter repeats itself by design (an author
    slug given twice is one author).
    """
    return set(text_words(source)) - set(model_words(result.document))


def covered(word: str, vocabulary: frozenset[str]) -> bool:
    """The word is in the model, or is model words glued together ("compendium56" = "compendium" + calls 5 and 6)."""
    if word in vocabulary:
        return True
    ends = [False] * (len(word) + 1)
    ends[0] = True
    for i in range(len(word)):
        if ends[i]:
            for j in range(i + 1, len(word) + 1):
                if word[i:j] in vocabulary:
                    ends[j] = True
    return ends[-1]
