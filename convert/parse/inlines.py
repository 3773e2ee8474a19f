"""Stage 4: a line of text → inline nodes.

Recognises note calls (``[12]`` wherever they stand, and superscript digits
``¹²`` when the capture has a note of that label), and URLs (http, https and
mailto only; trailing punctuation and unbalanced closing brackets stay text).
A call glued to the next word (``[30]Massoud``) gets the space the capture
lost. Note calls come out as placeholders whose ``id`` is ``"@<line>"``; the
resolve stage gives them their real ids.
"""

from __future__ import annotations

import re

from ..model import Inline, Link, NoteRef, Text
from .lines import SUPERSCRIPT_DIGITS, superscript_to_digits

_URL = r"(?<![^\W_])(?:https?://|mailto:)[^\s<>\"\u201c\u201d]+"
_TOKEN = re.compile(rf"\[(\d{{1,4}})\]|([{SUPERSCRIPT_DIGITS}]+)|({_URL})", re.IGNORECASE)
_URL_ONLY = re.compile(_URL, re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"(?:\d|\d\s?[A-Za-zµ]{1,3})$")
_TRAILING = ".,;:!?'\"’”)]}>"


def split_url(candidate: str) -> tuple[str, str]:
    """``(url, trailing)``: closing punctuation at the end belongs to the sentence, not the URL."""
    url = candidate
    while url and url[-1] in _TRAILING:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        if url[-1] == "]" and url.count("[") >= url.count("]"):
            break
        url = url[:-1]
    return url, candidate[len(url) :]


def parse_inlines(text: str, line: int, *, note_labels: frozenset[str] | None, refs: bool = True) -> list[Inline]:
    """Inline nodes for one line of text.

    ``note_labels`` are the labels the capture's notes list defines; superscript
    digits become calls only for those. With ``refs=False`` (inside notes)
    bracketed numbers stay text.
    """
    out: list[Inline] = []
    pos = 0
    pattern = _TOKEN if refs else _URL_ONLY
    for m in pattern.finditer(text):
        if refs:
            bracket, sup, url = m.group(1), m.group(2), m.group(3)
        else:
            bracket, sup, url = None, None, m.group(0)
        if sup is not None:
            label = superscript_to_digits(sup)
            if note_labels is None or label not in note_labels or _UNIT_BEFORE.search(text, 0, m.start()):
                continue  # no such note, a unit (km²) or an exponent (10²): leave it as text
        if m.start() > pos:
            out.append(Text(text[pos : m.start()]))
        end = m.end()
        if url is not None:
            href, trailing = split_url(url)
            if href.lower() in ("http://", "https://", "mailto:"):
                out.append(Text(url))
            else:
                out.append(Link(href, (Text(href),)))
                if trailing:
                    out.append(Text(trailing))
        else:
            out.append(NoteRef(bracket if bracket is not None else label, f"@{line}", None))
            # "[30]Massoud" — the capture lost the space after the call.
            if end < len(text) and text[end].isalnum():
                out.append(Text(" "))
        pos = end
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


def join_lines(parts: list[list[Inline]]) -> tuple[Inline, ...]:
    """Inline runs of consecutive lines, joined by single spaces, adjacent texts merged."""
    joined: list[Inline] = []
    for i, part in enumerate(parts):
        if i:
            joined.append(Text(" "))
        joined.extend(part)
    return merge_text(joined)


def merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            if not node.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + node.text)
                continue
        out.append(node)
    return tuple(out)
