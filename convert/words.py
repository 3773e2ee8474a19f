"""Words: the unit in which briefpress proves that nothing was lost.

A word is a run of letters and digits after NFKC normalisation and case
folding (so ``jane_doe`` is the two words of "Jane Doe"); a run of
superscript or subscript digits is a word of its own (``here¹²`` is ``here``
and ``12``); characters that draw nothing (controls, zero-width spaces, soft
hyphens, direction marks) separate no words. :func:`model_words` lists every
word a document model holds, in reading order — front matter, body (with
note-call labels and list numbers, every table cell and caption, quotes'
attributions), notes (with labels and URLs), then the
page furniture — so that it can be compared with the words of the capture
(:func:`text_words`).

For comparing with a rendered output (:mod:`convert.verify`), the body and
the notes are also given as :class:`Token` lists, block by block
(:func:`body_token_units`, :func:`inline_tokens`): each word says whether it
is text, a note call, a link's address or a list number (which a format may
draw, or keep out of its text), and whether bidi layout may reorder it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import NamedTuple, assert_never

from .model import (
    block_inlines,
    inline_text,
    list_marker,
    Block,
    BlockQuote,
    BulletList,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListItem,
    NoteRef,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    Text,
)

_WORD = re.compile(r"[^\W_]+")
# A raised or lowered number is a word of its own: "here¹" is a call after
# "here" (the parser makes it one), not the word "here1" that NFKC would make.
_SCRIPT_DIGITS = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079\u2080-\u2089]+")


# Characters that take no room and draw nothing — the control characters the
# decoder removes (parse/decode.py), soft hyphens, zero-width spaces and joiners, direction marks
# and controls, byte-order marks — separate no words: every format may drop
# them (XML cannot hold most control characters, a PDF's text layer leaves
# them out), and "manage\u200bment" is read as one word on every page.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)


def text_words(text: str) -> list[str]:
    """The words of a text, normalised."""
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    if _SCRIPT_DIGITS.search(text):
        text = _SCRIPT_DIGITS.sub(r" \g<0> ", text)
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


# --------------------------------------------------------------------------- tokens

WORD = "word"
CALL = "call"  # the label of a note call
URL = "url"  # the address of a link whose text is not the address: some formats print it, some keep it in the link
NUMBER = "number"  # the number or letter of a list item: some formats draw it, some print it


class Token(NamedTuple):
    """A word of the model, with what kind of word it is.

    ``reordered``: the word stands inside a bidi embedding, override or
    isolate, or holds right-to-left letters, so a page laid out for reading
    may show its letters, or its place among its neighbours, in another order
    than the text's (a PDF's text layer keeps the order of the page).
    """

    text: str
    kind: str = WORD
    reordered: bool = False


# Explicit bidi openers (embeddings, overrides, isolates) and their closers.
_BIDI_OPEN = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_BIDI_CLOSE = frozenset("\u202c\u2069")
# A quick test for text that needs the bidi walk: the explicit controls, and the
# blocks of right-to-left scripts (Hebrew to N'Ko and Samaritan to Arabic
# Extended, their presentation forms, and the historic scripts of the SMP).
_BIDI_ANY = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_BIDI_SPLIT = re.compile("([\u202a-\u202e\u2066-\u2069])")


class _Bidi:
    """How deep in explicit bidi embeddings the walk of one paragraph is."""

    __slots__ = ("depth",)

    def __init__(self) -> None:
        self.depth = 0


def _rtl(word: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in word)


def text_tokens(text: str, kind: str = WORD, bidi: _Bidi | None = None) -> Iterator[Token]:
    """The words of a text as tokens of ``kind``; ``bidi`` carries the embedding depth from text to text."""
    if bidi is None:
        bidi = _Bidi()
    if not bidi.depth and not _BIDI_ANY.search(text):
        for word in text_words(text):
            yield Token(word, kind)
        return
    tokens: list[Token] = []
    control_after = False  # the last part was a bidi control: the word after it may be laid out with what it opens or closes
    for part in _BIDI_SPLIT.split(text):
        if part in _BIDI_OPEN or part in _BIDI_CLOSE:
            bidi.depth = bidi.depth + 1 if part in _BIDI_OPEN else max(0, bidi.depth - 1)
            if tokens:
                # (so may the word before it; and a control inside a word joins two halves laid out apart)
                tokens[-1] = tokens[-1]._replace(reordered=True)
            control_after = True
            continue
        for word in text_words(part):
            tokens.append(Token(word, kind, bool(bidi.depth) or _rtl(word) or control_after))
            control_after = False
    yield from tokens


def inline_tokens(content: tuple[Inline, ...], bidi: _Bidi | None = None) -> list[Token]:
    """The words of inline content, in order, each with its kind.

    Text runs that touch make one text ("un" *"believ"* "able" is one word, as
    every format shows it); a note call is a word of its own (formats set it
    apart, raised), and so is a link's address where it is not the link's text.
    """
    if bidi is None:
        bidi = _Bidi()
    out: list[Token] = []
    text: list[str] = []

    def flush() -> None:
        if text:
            out.extend(text_tokens("".join(text), WORD, bidi))
            text.clear()

    def walk(nodes: tuple[Inline, ...]) -> None:
        for node in nodes:
            match node:
                case Text():
                    text.append(node.text)
                case Strong() | Emphasis():
                    walk(node.children)
                case Link():
                    walk(node.children)
                    url = text_words(node.url)
                    if url != text_words(inline_text(node.children)):
                        # the address, where it is not the text: some formats print it, some keep it in the link
                        flush()
                        out.extend(text_tokens(node.url, URL, bidi))
                case NoteRef():
                    flush()
                    out.extend(text_tokens(node.label, CALL, bidi))
                case _:
                    assert_never(node)

    walk(content)
    flush()
    return out


def body_token_units(doc: Document) -> Iterator[list[Token]]:
    """The tokens of each unit of the body, in reading order.

    A unit is a heading, a paragraph (a quote's too), a list item (its number
    first), a quote's attribution, a table's caption or cell, a figure's
    caption: the runs of :func:`~convert.model.block_inlines`, one unit each,
    so every word of the body is in one. A list item comes before the items
    of the sub-lists under it; a table's captions above come before its cells
    (row by row), its captions below after them.
    """
    for block in doc.body:
        yield from _block_units(block)


def _block_units(block: Block) -> Iterator[list[Token]]:
    match block:
        case OrderedList():
            for k, item in enumerate(block.items):
                # (the marker as printed: "3", "c", "iv" — letters and numerals are words of the capture too)
                number = list(text_tokens(list_marker(block.style, block.start + k), NUMBER))
                yield from _item_units(item, number)
        case BulletList():
            for item in block.items:
                yield from _item_units(item, [])
        case Heading() | Paragraph() | BlockQuote() | Table() | Figure():
            # (each inline run is a unit: lists alone add words of their own, the items' numbers)
            for run in block_inlines(block):
                yield inline_tokens(run)
        case _:
            assert_never(block)


def _item_units(item: ListItem, number: list[Token]) -> Iterator[list[Token]]:
    yield number + list(inline_tokens(item.content))
    for child in item.children:
        yield from _block_units(child)


# --------------------------------------------------------------------------- words


def inline_words(content: tuple[Inline, ...], *, refs: bool = True) -> Iterator[str]:
    for token in inline_tokens(content):
        if refs or token.kind != CALL:
            yield token.text


def body_units(doc: Document, *, refs: bool = True, numbers: bool = True) -> Iterator[list[str]]:
    """The words of each unit of the body (:func:`body_token_units`; a list item with its number unless ``numbers=False``), in reading order.

    A list item comes before the items of the sub-lists under it.
    """
    for unit in body_token_units(doc):
        yield [t.text for t in unit if (refs or t.kind != CALL) and (numbers or t.kind != NUMBER)]


def body_words(doc: Document, *, refs: bool = True) -> Iterator[str]:
    """Words of the body in reading order (list numbers included)."""
    for unit in body_units(doc, refs=refs):
        yield from unit


def note_words(doc: Document, *, labels: bool = True) -> Iterator[str]:
    """Words of the notes in capture order (each note's label first)."""
    if doc.notes_title:
        yield from text_words(doc.notes_title)
    for note in doc.notes:
        if labels:
            yield from text_words(note.label)
        yield from inline_words(note.content)


def front_words(doc: Document) -> Iterator[str]:
    m = doc.meta
    for value in (m.kicker, m.title, m.subtitle):
        if value:
            yield from text_words(value)
    for author in m.authors:
        yield from text_words(author.name)
        if author.role:
            yield from text_words(author.role)
    for value in (m.date, m.image_caption, *m.credits):
        if value:
            yield from text_words(value)
    for f in m.fields:
        yield from text_words(f.name)
        yield from text_words(f.value)
    for link in m.links:
        yield from text_words(link.text)
        if link.url:
            yield from text_words(link.url)


def furniture_words(doc: Document) -> Iterator[str]:
    """Words of the page furniture the model keeps (not printed in the brief)."""
    for f in doc.furniture:
        yield from text_words(f.text)


def model_words(doc: Document) -> list[str]:
    """Every word the model holds: front matter, body, notes, page furniture."""
    return [*front_words(doc), *body_words(doc), *note_words(doc), *furniture_words(doc)]
