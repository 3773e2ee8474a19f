"""Words: the unit in which briefpress proves that nothing was lost.

A word is a run of letters and digits after NFKC normalisation and case
folding (so ``jane_doe`` is the two words of "Jane Doe"); a run of
superscript or subscript digits is a word of its own (``here¹²`` is ``here``
and ``12``). :func:`model_words` lists every word a document model
holds, in reading order — front matter, body (with note-call labels and list
numbers), notes (with labels and URLs), then the page furniture — so that it can be compared with the
words of the capture (:func:`text_words`) or of a rendered output.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .model import (
    list_marker,
    Block,
    BlockQuote,
    BulletList,
    Document,
    Emphasis,
    Heading,
    Inline,
    Link,
    ListItem,
    NoteRef,
    OrderedList,
    Paragraph,
    Strong,
    Text,
)

_WORD = re.compile(r"[^\W_]+")
# A raised or lowered number is a word of its own: "here¹" is a call after
# "here" (the parser makes it one), not the word "here1" that NFKC would make.
_SCRIPT_DIGITS = re.compile("[\u00b9\u00b2\u00b3\u2070\u2074-\u2079\u2080-\u2089]+")


def text_words(text: str) -> list[str]:
    """The words of a text, normalised."""
    if _SCRIPT_DIGITS.search(text):
        text = _SCRIPT_DIGITS.sub(r" \g<0> ", text)
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def inline_words(content: tuple[Inline, ...], *, refs: bool = True) -> Iterator[str]:
    for node in content:
        if isinstance(node, Text):
            yield from text_words(node.text)
        elif isinstance(node, (Strong, Emphasis)):
            yield from inline_words(node.children, refs=refs)
        elif isinstance(node, Link):
            # the visible text; a URL that is not also the text is counted too
            shown = list(inline_words(node.children, refs=refs))
            yield from shown
            url_words = text_words(node.url)
            if url_words != shown:
                yield from url_words
        elif isinstance(node, NoteRef):
            if refs:
                yield from text_words(node.label)
        else:  # pragma: no cover - the union is closed
            raise TypeError(f"unknown inline node {type(node).__name__}")


def body_units(doc: Document, *, refs: bool = True, numbers: bool = True) -> Iterator[list[str]]:
    """The words of each heading, paragraph and list item (with its number unless ``numbers=False``), in reading order.

    A list item comes before the items of the sub-lists under it.
    """
    for block in doc.body:
        yield from _block_units(block, refs, numbers)


def _block_units(block: Block, refs: bool, numbers: bool) -> Iterator[list[str]]:
    if isinstance(block, (Heading, Paragraph)):
        yield list(inline_words(block.content, refs=refs))
    elif isinstance(block, OrderedList):
        for k, item in enumerate(block.items):
            # (the marker as printed: "3", "c", "iv" — letters and numerals are words of the capture too)
            number = text_words(list_marker(block.style, block.start + k)) if numbers else []
            yield from _item_units(item, number, refs, numbers)
    elif isinstance(block, BulletList):
        for item in block.items:
            yield from _item_units(item, [], refs, numbers)
    elif isinstance(block, BlockQuote):
        for para in block.content:
            yield list(inline_words(para.content, refs=refs))
    else:  # pragma: no cover - the union is closed
        raise TypeError(f"unknown block node {type(block).__name__}")


def _item_units(item: ListItem, number: list[str], refs: bool, numbers: bool) -> Iterator[list[str]]:
    yield number + list(inline_words(item.content, refs=refs))
    for child in item.children:
        yield from _block_units(child, refs, numbers)


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
