"""Typographic quotes: the straight quotes and apostrophes of a capture, printed curly.

A capture typed on a keyboard holds ``"`` and ``'``; a publisher prints
“ ” ‘ ’ and the apostrophe ’. The model keeps the source text (the JSON model
and ``verify`` read the capture's own characters); the renderers that print
for a reader (the page for HTML and PDF, the DOCX, the Markdown) pass each
inline *run* — a paragraph, a heading, a list item, a cell, a caption, a note
— through :func:`curl_inlines` as they write it, and lone strings (the title,
an author's role) through :func:`curl_text`.

The rules are those of pandoc's ``smart`` extension, decided on the whole run
so that a quote opened in one text node (before an emphasis, a link or a note
call) closes in the next:

* ``'`` between letters or digits is an apostrophe (don’t, l’accès, 581’s);
  before two digits it is one too (’90s);
* a quote after the start of the run, a space, an opening bracket, a dash or
  another opening quote, with something after it, opens (“ ‘); any other
  quote with something before it closes (” ’); a quote with space on both
  sides is left as it is;
* after a digit, with no quote of its kind open, ``'`` and ``"`` are feet and
  inches (5'6", 12") and are left straight: a prime is not a quote;
* never in a URL: the text of a link whose text is its address (or looks like
  one), an address written in the text (``https://…``, ``www.…``, an e-mail
  address, and the quotes right around one: ``"jane@example.org"`` is a value
  typed as it is), and what looks like code — text between backticks, and a
  run with the marks of code (``name("…``, ``key = "…"``, ``"v=DMARC1; …"``,
  R's ``[1] "…"``): the model has no code node, so these are the signs a
  capture gives.

The marks follow the document's language: “ ” ‘ ’ by default (as pandoc
prints them), „ “ ‚ ‘ in German, « » with no-break spaces inside and
“ ” within them in French. The apostrophe is ’ in every language.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import NamedTuple, assert_never

from ..model import Emphasis, Inline, Link, NoteRef, Strong, Text


class QuoteMarks(NamedTuple):
    """The marks a language prints: double opening/closing, single opening/closing."""

    double_open: str
    double_close: str
    single_open: str
    single_close: str


ENGLISH = QuoteMarks("\u201c", "\u201d", "\u2018", "\u2019")
#: By primary language subtag; any other language gets :data:`ENGLISH` (pandoc's marks).
MARKS: dict[str, QuoteMarks] = {
    "de": QuoteMarks("\u201e", "\u201c", "\u201a", "\u2018"),
    # (a no-break space, not the narrower U+202F: Source Serif Pro has no glyph for that one)
    "fr": QuoteMarks("\u00ab\u00a0", "\u00a0\u00bb", "\u201c", "\u201d"),
}
APOSTROPHE = "\u2019"

#: Characters after which a quote opens (besides the start of the run and white space).
_OPENERS = frozenset("([{<-\u2010\u2013\u2014/\u201c\u2018\u201e\u201a\u00ab\u2039")
# Addresses: never touched. (An address ends before closing punctuation and a quote.)
_ADDRESS = re.compile(
    r"(?:\b(?:https?|ftp)://|\bmailto:|\bwww\.)[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"
    r"|[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
)
_URL_TEXT = re.compile(r"^\s*(?:(?:https?|ftp)://|mailto:|www\.)\S*\s*$")
_BACKTICKS = re.compile(r"`[^`]*`|```.*", re.S)
# Marks of code in a run: a call with a quoted argument, an assignment of a quoted
# value, a quoted key=value (a DNS record), a fenced block, R's printed vector.
_CODE = re.compile(r"\w\([\"']|\w\s*=\s*[\"']|[\"'][\w-]+=\S|^\s*```|^\s*\[\d+\]\s+[\"']")
# Where a straight quote in the joined text of a run must stay what it is.
_OPAQUE = "\ufffc"  # a note call: a word-like thing (a quote before or after it touches something)


def marks_for(lang: str | None) -> QuoteMarks:
    """The quote marks of a language (``"de-AT"`` → German's)."""
    primary = (lang or "").replace("_", "-").split("-", 1)[0].lower()
    return MARKS.get(primary, ENGLISH)


class CurledRun(tuple[Inline, ...]):
    """Inline content already through :func:`curl_inlines` (a renderer's walk into its children leaves it as it is)."""

    __slots__ = ()


def curl_text(text: str, lang: str | None = None) -> str:
    """A lone string (a title, a role, a caption line) with curly quotes."""
    if "'" not in text and '"' not in text:
        return text
    (out,) = _curl_segments([(text, True)], marks_for(lang))
    return out


def curl_inlines(inlines: tuple[Inline, ...], lang: str | None = None) -> tuple[Inline, ...]:
    """One run of inline content with curly quotes; the model's own nodes are not changed.

    The run is read as one text (so a quote may open in one node and close in
    another); a note call counts as a word, a link whose text is its address
    as text never changed. Given a run this returned, returns it unchanged.
    """
    if isinstance(inlines, CurledRun):
        return inlines
    segments: list[tuple[str, bool]] = []  # (text, may change)
    _flatten(inlines, segments)
    if not any(may and ("'" in s or '"' in s) for s, may in segments):
        return _mark(inlines)
    curled = iter(_curl_segments(segments, marks_for(lang)))
    return _rebuild(inlines, curled)


def _looks_like_url(node: Link) -> bool:
    text = "".join(c.text for c in node.children if isinstance(c, Text))
    return node.children == (Text(node.url),) or bool(_URL_TEXT.match(text))


def _flatten(inlines: tuple[Inline, ...], out: list[tuple[str, bool]], frozen: bool = False) -> None:
    for node in inlines:
        match node:
            case Text():
                out.append((node.text, not frozen))
            case Strong() | Emphasis():
                _flatten(node.children, out, frozen)
            case Link():
                _flatten(node.children, out, frozen or _looks_like_url(node))
            case NoteRef():
                out.append((_OPAQUE, False))
            case _:
                assert_never(node)


def _rebuild(inlines: tuple[Inline, ...], curled) -> tuple[Inline, ...]:
    """The run again, each Text node's text the next of ``curled`` (in :func:`_flatten`'s order)."""
    nodes: list[Inline] = []
    for node in inlines:
        match node:
            case Text():
                text = next(curled)
                nodes.append(node if text == node.text else Text(text))
            case Strong() | Emphasis() | Link():
                nodes.append(replace(node, children=_rebuild(node.children, curled)))
            case NoteRef():
                next(curled)
                nodes.append(node)
            case _:
                assert_never(node)
    return CurledRun(nodes)


def _mark(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """The run unchanged, its children's tuples marked as curled."""
    nodes: list[Inline] = []
    for node in inlines:
        match node:
            case Strong() | Emphasis() | Link():
                nodes.append(replace(node, children=_mark(node.children)))
            case Text() | NoteRef():
                nodes.append(node)
            case _:
                assert_never(node)
    return CurledRun(nodes)


def _curl_segments(segments: list[tuple[str, bool]], marks: QuoteMarks) -> list[str]:
    """The segments of one run with their quotes curled, decided on the run's whole text."""
    joined = "".join(s for s, _ in segments)
    chars = list(joined)
    fixed = bytearray(len(chars))  # 1: a character that must stay as it is
    at = 0
    for text, may in segments:
        if not may:
            fixed[at : at + len(text)] = b"\x01" * len(text)
        at += len(text)
    if _CODE.search(joined):
        return [s for s, _ in segments]
    for pattern in (_ADDRESS, _BACKTICKS):
        for m in pattern.finditer(joined):
            fixed[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
            # an address in quotes is a value typed as it is (git config user.email "…")
            if pattern is _ADDRESS and 0 < m.start() and m.end() < len(chars):
                if chars[m.start() - 1] == chars[m.end()] and chars[m.end()] in "'\"":
                    fixed[m.start() - 1] = fixed[m.end()] = 1
    # Opening marks may be two characters (French); they are placed after the walk.
    out: list[str] = chars[:]
    open_double = open_single = 0
    n = len(chars)
    for i, c in enumerate(chars):
        if c not in "'\"" or fixed[i]:
            continue
        prev = out[i - 1][-1:] if i else ""
        nxt = chars[i + 1] if i + 1 < n else ""
        before_space = not prev or prev.isspace()
        after_space = not nxt or nxt.isspace()
        opens = (before_space or prev in _OPENERS or out[i - 1] in (marks.double_open, marks.single_open)) and not after_space
        if c == "'":
            if prev.isdigit() and nxt.isdigit() and not open_single:
                continue  # a prime: 5'6"
            if prev.isalnum() and nxt.isalnum():
                out[i] = APOSTROPHE
            elif opens and re.match(r"\d\d(?!\d)", joined[i + 1 : i + 4]):
                out[i] = APOSTROPHE  # ’90s
            elif opens:
                out[i] = marks.single_open
                open_single += 1
            elif before_space:
                continue  # alone between spaces
            elif prev.isdigit() and not open_single:
                continue  # a prime: feet, minutes
            else:
                out[i] = marks.single_close if open_single else APOSTROPHE
                open_single = max(0, open_single - 1)
        else:
            if opens:
                out[i] = marks.double_open
                open_double += 1
            elif before_space:
                continue
            elif prev.isdigit() and not open_double:
                continue  # a prime: inches, seconds
            else:
                out[i] = marks.double_close
                open_double = max(0, open_double - 1)
    # Back into the segments (an opening or closing mark may be longer than the quote it replaces).
    result: list[str] = []
    at = 0
    for text, _ in segments:
        result.append("".join(out[at : at + len(text)]))
        at += len(text)
    return result
