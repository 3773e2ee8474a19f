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
