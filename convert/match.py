"""Matching the words of a model against the words read back from an output, word by word and in order.

An output is read back as a :class:`Stream`: its words in reading order
(normalised as :func:`convert.words.text_words` does), each with the page it
stands on where the format has pages. A block of the model (a paragraph, a
heading, a list item, a note) is a list of :class:`~convert.words.Token`; it
matches where its words follow one another in the stream. Only what a format
legitimately changes is tolerated:

* a note call, a list number or a link's address may be missing (some formats
  draw it, keep it in a link, or number the list themselves): such tokens are
  optional;
* in a paged format a word may be split over a line or a page ("inter-"
  "national", a URL broken after a slash), and between two words of a block
  may stand the rest of a page (its footnotes and page number) and the top of
  the next (its running head);
* a run of right-to-left or bidi-overridden words may come back in another
  order, or with its letters reversed (a PDF keeps the order of the page):
  the run must hold the same letters.

A swapped pair or a deleted word therefore fails: each word must be the very
next word of the stream (give or take ``slack`` words in a paged format).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field

from .words import WORD, Token

# Words at the top of a page that may stand before the text goes on: a running
# head (the short title, up to 60 characters, and the kicker) and a page number.
_PAGE_HEAD = 24
_MAX_SPLIT = 8  # pieces a word may be broken into (a long URL over several lines)


@dataclass
class Stream:
    """The words of an output in reading order; ``pages[i]`` is the page of word ``i`` (paged formats only)."""

    words: list[str]
    pages: list[int] | None = None
    split: bool = False  # a word may be split over two words of the stream (line-end hyphenation, broken URLs)
    slack: int = 0  # extra words a paged format may draw between two words of a block (a drawn list marker)
    _index: dict[str, list[int]] | None = field(default=None, repr=False)
    _page_starts: list[int] | None = field(default=None, repr=False)

    def positions(self, word: str) -> list[int]:
        """Where ``word`` stands in the stream as a whole word, in order."""
        if self._index is None:
            index: dict[str, list[int]] = {}
            for i, w in enumerate(self.words):
                index.setdefault(w, []).append(i)
            self._index = index
        return self._index.get(word, [])

    def next_page_heads(self, i: int) -> range:
        """The first words of the page after the page of word ``i`` (empty without pages)."""
        if self.pages is None or not 0 <= i < len(self.words):
            return range(0)
        if self._page_starts is None:
            self._page_starts = [k for k in range(len(self.pages)) if k == 0 or self.pages[k] != self.pages[k - 1]]
        k = bisect_right(self._page_starts, i)
        if k >= len(self._page_starts):
            return range(0)
        start = self._page_starts[k]
        return range(start, min(start + _PAGE_HEAD, len(self.words)))


@dataclass
class Match:
    """The outcome of matching one block: where it ended, or how far it got and the token it stopped at."""

    end: int | None
    matched: int = 0  # tokens of the block matched before it stopped
    stopped_at: int | None = None  # index of the token that was not where it should be


def _word_at(stream: Stream, word: str, i: int, pieces: int = 1) -> int | None:
    """Where ``word`` ends if it starts exactly at word ``i`` of the stream."""
    if i >= len(stream.words):
        return None
    here = stream.words[i]
    if here == word:
        return i + 1
    if stream.split and pieces < _MAX_SPLIT and here and word.startswith(here):
        # a word broken at a line end goes on with the next word, or at the top of the next page
        tail = word[len(here) :]
        for j in (i + 1, *stream.next_page_heads(i)):
            end = _word_at(stream, tail, j, pieces + 1)
            if end is not None:
                return end
    return None


def _candidates(stream: Stream, i: int) -> list[int]:
    """Where the next word of a block may start: here, after ``slack`` extra words, or at the top of the next page."""
    return [i + s for s in range(stream.slack + 1)] + list(stream.next_page_heads(i - 1))


def _run_at(stream: Stream, run: list[Token], i: int) -> int | None:
    """Where a run of reordered words ends if its letters, in any order, start at word ``i``.

    The letters of its words must all be there; those of its optional tokens
    (a call, a list number, an address) may be, and nothing else.
    """
    wanted = Counter("".join(t.text for t in run if t.kind == WORD))
    optional = Counter("".join(t.text for t in run if t.kind != WORD))
    limit = sum(wanted.values()) + sum(optional.values())
    got: Counter[str] = Counter()
    n = 0
    while n < limit and i < len(stream.words):
        got.update(stream.words[i])
        n += len(stream.words[i])
        i += 1
        if not wanted - got and not (got - wanted) - optional:
            return i
    return None


_NEUTRAL_GAP = 3  # words between two reordered words that the bidi algorithm moves with them (numbers, a name)


def _run_end(tokens: list[Token], k: int) -> int:
    """Where the run of reordered words starting at ``k`` ends: the words laid out among them belong to it."""
    stop = k + 1
    while stop < len(tokens):
        if tokens[stop].reordered:
            stop += 1
            continue
        ahead = next((j for j in range(stop, min(len(tokens), stop + _NEUTRAL_GAP + 1)) if tokens[j].reordered), None)
        if ahead is None:
            break
        stop = ahead
    return stop


_LOOK_AHEAD = 3  # words of a block that must follow a word found in several places


def _page_ends_at(stream: Stream, pos: int) -> bool:
    """True when word ``pos - 1`` is the last of its page."""
    pages = stream.pages
    return pages is not None and 0 < pos < len(pages) and pages[pos] != pages[pos - 1]


def _goes_on(tokens: list[Token], k: int, stream: Stream, pos: int, jump: bool = False) -> bool:
    """True when the block's next few words (from token ``k``) follow word ``pos`` of the stream, in one of the ways they may.

    ``jump``: they may go on at the top of the next page once, wherever this
    page's text ends (a page's footnotes come after its text).
    """
    words = [t.text for t in tokens[k:] if t.kind == WORD and not t.reordered][:_LOOK_AHEAD]
    return _follow(words, stream, pos, jump)


def _follow(words: list[str], stream: Stream, pos: int, jump: bool) -> bool:
    if not words:
        return True
    places = [pos + s for s in range(stream.slack + 1)]
    heads = list(stream.next_page_heads(pos - 1)) if (jump or _page_ends_at(stream, pos)) else []
    return any(
        end is not None and _follow(words[1:], stream, end, jump and p not in heads)
        for p in places + heads
        for end in (_word_at(stream, words[0], p),)
    )


def match_block(tokens: list[Token], stream: Stream, start: int) -> Match:
    """Match the tokens of one block from word ``start``, where its first token must stand."""
    pos = start
    k = 0
    while k < len(tokens):
        token = tokens[k]
        places = [pos] if k == 0 else _candidates(stream, pos)
        if token.reordered:
            stop = _run_end(tokens, k)
            end = next((e for e in (_run_at(stream, tokens[k:stop], p) for p in places) if e is not None), None)
            if end is None and all(t.kind != WORD for t in tokens[k:stop]):
                end = pos  # (a run of optional tokens only, left out by this format)
            if end is None:
                return Match(None, k, k)
            pos, k = end, stop
            continue
        ends = [e for e in (_word_at(stream, token.text, p) for p in places) if e is not None]
        end = ends[0] if ends else None
        if len(ends) > 1:
            # The word is found in more than one place (the text, and the running head or the
            # text at the top of the next page, which may share words with it): the first place
            # the block goes on from (over one page break at most: footnotes may come between).
            end = next((e for e in ends if _goes_on(tokens, k + 1, stream, e, True)), end)
        if end is not None:
            pos = end
        elif token.kind == WORD:
            return Match(None, k, k)
        k += 1
    return Match(pos, len(tokens))


_MAX_NOTE_PAGES = 4  # pages one note may run over, at the foot of each


def find_note(tokens: list[Token], stream: Stream, start: int, limit: int) -> Match:
    """A note's words from word ``start`` (within ``limit`` words of it), going on at the foot of the next pages if need be.

    A typesetter may break a long footnote at the foot of its page and carry
    the rest to the foot of the next (Typst does, as books do): the note's
    words then stop at the end of a page and go on after the next page's text.
    """
    found = find_block(tokens, stream, start, limit)
    done = 0
    for _ in range(_MAX_NOTE_PAGES):
        if found.end is not None or found.matched == 0 or stream.pages is None:
            break
        head = find_block(tokens[: found.matched], stream, start, limit)
        end = head.end
        if end is None or not (end == len(stream.words) or stream.pages[end] != stream.pages[end - 1]):
            break  # (the note stops inside its page: words are missing)
        rest = required(tokens[found.matched :])
        done += len(tokens) - found.matched - len(rest)
        page_end = end
        while page_end < len(stream.words) and stream.pages[page_end] == stream.pages[end]:
            page_end += 1
        done += found.matched
        # the rest starts somewhere on the next page, at its foot
        tail = find_block(rest, stream, end, page_end - end)
        if tail.end is not None and tail.end > page_end:
            tail = Match(None, 0, 0)
        tokens, start, limit, found = rest, end, page_end - end, tail
    if found.end is None:
        return Match(None, done + found.matched, done + (found.stopped_at or 0))
    return found


def required(tokens: list[Token]) -> list[Token]:
    """The block without the optional tokens it starts with (a list number, a call): it is found by its first word."""
    k = 0
    while k < len(tokens) and tokens[k].kind != WORD:
        k += 1
    return tokens[k:]


def find_block(tokens: list[Token], stream: Stream, start: int = 0, limit: int | None = None) -> Match:
    """The first place at or after word ``start`` where the whole block (from its first word: :func:`required`) matches.

    ``limit``: the block must start within that many words of ``start`` (a
    note right after its label). Without a match, the attempt that got
    furthest is returned, to say which word was not where it should be.
    """
    if not tokens:
        return Match(start, 0)
    last = len(stream.words) if limit is None else min(len(stream.words), start + limit + 1)
    best = Match(None, 0, 0)
    for spot in _spots(tokens[0], stream, start, last):
        found = match_block(tokens, stream, spot)
        if found.end is not None:
            return found
        if found.matched > best.matched:
            best = found
    return best


_SCAN = 4000  # words after the cursor scanned for a block whose first word is not whole in the stream


def _spots(first: Token, stream: Stream, start: int, last: int):
    """Where a block whose first token is ``first`` may start: that word whole, then (slower) a piece of it."""
    near = range(start, min(last, start + _SCAN))
    if first.reordered:
        yield from near  # (its letters may come back in any order)
        return
    positions = stream.positions(first.text)
    whole = positions[bisect_left(positions, start) : bisect_left(positions, last)]
    yield from whole
    if stream.split:
        # the first word broken over a line ("in-" "cluding")
        taken = set(whole)
        yield from (i for i in near if i not in taken and stream.words[i] and first.text.startswith(stream.words[i]))
