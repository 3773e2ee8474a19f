"""Font subsets by whole blocks of code points, so that one cut serves many documents.

A document's fonts are cut down to what it draws (the HTML page's WOFF2
``data:`` fonts, the DOCX's embedded faces). Cutting per document cost more
than the rest of the document's rendering (0.9 s of CPU for the HTML page of
the seed, four fifths of the DOCX's time). Documents of one script draw from
the same few blocks of 128 code points (ASCII, Latin-1, general punctuation),
so a subset of whole blocks is cut once per process and every later document
asking for the same blocks reuses it, at the price of a few kilobytes more.
"""

from __future__ import annotations

from typing import Iterable

BLOCK_BITS = 7
BLOCK_SIZE = 1 << BLOCK_BITS


def blocks(codepoints: Iterable[int], base: Iterable[int] = ()) -> tuple[int, ...]:
    """The blocks ``codepoints`` fall in, with the ``base`` blocks, in order (a cache key)."""
    return tuple(sorted(set(base) | {cp >> BLOCK_BITS for cp in codepoints}))


def block_of(codepoint: int) -> int:
    return codepoint >> BLOCK_BITS


def codepoints(of: tuple[int, ...]) -> list[int]:
    """Every code point of the blocks ``of``."""
    return [cp for block in of for cp in range(block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE)]
