"""Stage 12: a line of text → inline nodes.

Recognises note calls — bracketed (``[12]``, and groups and ranges ``[4, 5]``,
``[1–3]``; ``[^3]`` as a page that failed to render Markdown notes leaves
it), superscript digits ``¹²`` when the capture has a note of that label, and
the plain-digit calls :mod:`.calls` found with the notes list as oracle — and
URLs (http, https and mailto only; trailing punctuation and unbalanced closing
brackets stay text). A call glued to the next word (``[30]Massoud``) gets the
space the capture lost. Note calls come out as placeholders whose ``id`` is
``"@<line>"``; the resolve stage gives them their real ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Inline, Link, NoteRef, Text
from .calls import BRACKET_GROUP, _has_superscript, bracket_labels
from .lines import SUPERSCRIPT_DIGITS, superscript_to_digits

# Three simple patterns, merged by position, run much faster than one
# alternation: each starts with literal characters the regex engine can skip to.
_BRACKET_CALL = re.compile(r"\[(\d{1,6})\]")
# "[…][…]*" rather than "[…]+": a pattern that opens with a plain character
# class lets the regex engine skip ahead to the next candidate character (a
# repeat first makes it try every position, three times slower).
_SUPERSCRIPTS = re.compile(f"[{SUPERSCRIPT_DIGITS}][{SUPERSCRIPT_DIGITS}]*")
_URL = re.compile(r"(?:https?://|mailto:|HTTPS?://|MAILTO:|Https?://|Mailto:)[^\s<>\"\u201c\u201d]+")
# The scheme of each URL form, by the word before its colon; "://" must follow http(s).
_SCHEMES = {"http": True, "https": True, "HTTP": True, "HTTPS": True, "Http": True, "Https": True,
            "mailto": False, "MAILTO": False, "Mailto": False}
# A bracketed call at the end of a URL's characters (before closing punctuation).
_CALL_AFTER_URL = re.compile(r"\[\^?\d{1,6}(?:\s*[,–—-]\s*\d{1,6})*\][.,;:)?!]*$")
_URL_TAIL = re.compile(r"[^\s<>\"\u201c\u201d]+")


def url_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each match of :data:`_URL` in the text, as ``_URL.finditer`` finds them.

    The pattern opens with six schemes and no common letter, so the regex
    engine tries it at nearly every position; every match has a colon right
    after its scheme, and lines hold few colons: the schemes are checked at
    each colon instead (a scheme holds no colon, so the matches come in the
    order of their colons, and one that ends past a colon swallows it).
    """
    out: list[tuple[int, int]] = []
    c = text.find(":")
    while c >= 0:
        # every scheme ends in "p", "s" or "o" (of either case): one test turns other colons away
        if c >= 4 and text[c - 1] in "psoPSO":
            for size in (4, 5, 6):
                slashes = _SCHEMES.get(text[c - size : c]) if size <= c else None
                if slashes is not None:
                    break
            if slashes is not None and (not slashes or text.startswith("//", c + 1)):
                end = _url_tail_end(text, c + 3 if slashes else c + 1)
                if end is not None:
                    out.append((c - size, end))
                    c = text.find(":", end)
                    continue
        c = text.find(":", c + 1)
    return out


def _url_tail_end(text: str, start: int) -> int | None:
    """Where the match of :data:`_URL_TAIL` at ``start`` ends, or None when it does not match there.

    A URL mostly runs to the next space: up to there, a text that is all
    printable holds no other white space, and with none of the stops
    ``<>"“”`` it is the whole match (found with ``str.find``, not character
    by character); otherwise the pattern decides.
    """
    end = text.find(" ", start)
    if end < 0:
        end = len(text)
    tail = text[start:end]
    if tail and tail.isprintable() and not ("<" in tail or ">" in tail or '"' in tail or "\u201c" in tail or "\u201d" in tail):
        return end
    m = _URL_TAIL.match(text, start)
    return m.end() if m else None


_UNIT_BEFORE = re.compile(r"(?:\d|\d\s?[A-Za-zµ]{1,3})$")
_UNIT_REACH = 5  # the longest text _UNIT_BEFORE can match: search only that far back
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


def _tokens(text: str, refs: bool, note_labels: frozenset[str] | None, plain=()) -> list[tuple[int, int, str, object]]:
    """``(start, end, kind, value)`` of every call and URL in the line, in order.

    Superscripts are looked for only when there are note labels for them to
    cite; they cannot overlap a URL's start or a bracketed call, so leaving
    them out changes nothing else.
    """
    found: list[tuple[int, int, str, object]] = []
    # every URL form has a colon: a one-character test first is much cheaper
    # (the scan then goes from colon to colon, and turns most away at once)
    if ":" in text:
        for start, end in url_spans(text):
            if start > 0 and text[start - 1].isalnum():
                continue  # "xhttp://…" is not a URL that starts here
            if refs and text[end - 1] in "].,;:)?!" and "[" in text[start:end]:
                call = _CALL_AFTER_URL.search(text, start, end)
                if call:
                    end = call.start()  # "https://x.org/a.[4]": the call cites a note, it is no part of the address
            found.append((start, end, "url", text[start:end]))
    if refs:
        if "[" in text:
            for m in BRACKET_GROUP.finditer(text):
                inner = m.group(1)
                if inner.isdigit():  # (most calls cite one note: bracket_labels' own first case, without the call)
                    labels = [(str(int(inner)) if inner != "0" else inner, False)]
                else:
                    labels = bracket_labels(inner)
                if labels:
                    found.append((m.start(), m.end(), "call", labels))
        for start, end, labels in plain:
            # (a label alone, or with whether it continues the marker before it: a range "7–9")
            found.append((start, end, "call", [item if isinstance(item, tuple) else (item, False) for item in labels]))
        if note_labels and not text.isascii() and _has_superscript(text):
            found.extend((m.start(), m.end(), "sup", m.group(0)) for m in _SUPERSCRIPTS.finditer(text))
    if len(found) > 1:
        found.sort()
        kept, end = [], -1
        for tok in found:
            if tok[0] >= end:  # a call inside a URL belongs to the URL
                kept.append(tok)
                end = tok[1]
        found = kept
    return found


def parse_inlines(
    text: str, line: int, *, note_labels: frozenset[str] | None, refs: bool = True, plain=()
) -> list[Inline]:
    """Inline nodes for one line of text.

    ``note_labels`` are the labels the capture's notes list defines; superscript
    digits become calls only for those. With ``refs=False`` (inside notes)
    bracketed numbers stay text.
    """
    tokens = _tokens(text, refs, note_labels, plain)
    if not tokens:
        return [Text(text)]
    return _nodes(text, line, tokens, note_labels)


def parse_line(text: str, line: int, *, note_labels: frozenset[str] | None, refs: bool = True, plain=()) -> tuple[Inline, ...]:
    """The inline content of one line: :func:`parse_lines` of that line alone, with no list to build."""
    found = _tokens(text, refs, note_labels, plain)
    if not found:
        return (Text(text),) if text else ()
    return tuple(_nodes(text, line, found, note_labels))


def parse_lines(lines: Sequence[tuple[str, int, object]], *, note_labels: frozenset[str] | None, refs: bool = True) -> tuple[Inline, ...]:
    """The inline content of consecutive lines ``(text, line number, plain calls)``, joined by single spaces.

    The same as :func:`join_lines` of :func:`parse_inlines` of each line, but
    most lines hold no call and no URL: their text joined is the whole
    content, one :class:`Text` made once instead of one per line and merged.
    """
    if len(lines) == 1:  # (most paragraphs are one line: no lists to build)
        text, no, plain = lines[0]
        return parse_line(text, no, note_labels=note_labels, refs=refs, plain=plain)
    if not lines:
        return ()
    tokens = []
    for text, _, plain in lines:
        tokens.append(_tokens(text, refs, note_labels, plain))
    if not any(tokens):
        return (Text(" ".join([text for text, _, _ in lines])),)  # (not empty: the spaces between lines are kept)
    parts: list[list[Inline]] = []
    for (text, no, _), found in zip(lines, tokens):
        parts.append(_nodes(text, no, found, note_labels) if found else [Text(text)])
    return join_lines(parts)


def _nodes(text: str, line: int, tokens: list, note_labels: frozenset[str] | None) -> list[Inline]:
    """The inline nodes of a line with the tokens :func:`_tokens` found in it, adjacent texts merged.

    (The text between two nodes that are not text is gathered in pieces and
    made one :class:`Text` once, with no empty one: what :func:`merge_text`
    would make of one node per piece, without making them.)
    """
    out: list[Inline] = []
    pending: list[str] = []  # the pieces of text since the last node that is not text
    pos = 0
    ref_id = None
    for start, end, kind, value in tokens:
        if kind == "sup":
            value = superscript_to_digits(value)
            if note_labels is None or value not in note_labels or _UNIT_BEFORE.search(text, max(0, start - _UNIT_REACH), start):
                continue  # no such note, a unit (km²) or an exponent (10²): leave it as text
        if start > pos:
            pending.append(text[pos:start])
        if kind == "url":
            href, trailing = split_url(value)
            if href.lower() in ("http://", "https://", "mailto:"):
                pending.append(value)
            else:
                if pending:
                    out.append(Text("".join(pending)))
                    pending = []
                out.append(Link(href, (Text(href),)))
                if trailing:
                    pending.append(trailing)
        else:
            if ref_id is None:
                ref_id = f"@{line}"
            if not isinstance(value, list):
                refs = [NoteRef(value, ref_id, None, False)]
            elif len(value) == 1:  # (most calls cite one note)
                refs = [NoteRef(value[0][0], ref_id, None, value[0][1])]
            else:
                refs = [NoteRef(label, ref_id, None, joined) for label, joined in value]
            if refs:
                if pending:
                    out.append(Text("".join(pending)))
                    pending = []
                out.extend(refs)
            # "[30]Massoud" — the capture lost the space after the call.
            if end < len(text) and text[end].isalnum():
                pending.append(" ")
        pos = end
    if pos < len(text):
        pending.append(text[pos:])
    if pending:
        out.append(Text("".join(pending)))
    return out


_SPACE = Text(" ")


def join_lines(parts: list[list[Inline]]) -> tuple[Inline, ...]:
    """Inline runs of consecutive lines, joined by single spaces, adjacent texts merged."""
    if len(parts) == 1:
        return merge_text(parts[0])
    joined: list[Inline] = []
    for i, part in enumerate(parts):
        if i:
            joined.append(_SPACE)
        joined.extend(part)
    return merge_text(joined)


def merge_text(nodes: list[Inline]) -> tuple[Inline, ...]:
    """The nodes with empty texts dropped and each run of adjacent texts made one."""
    out: list[Inline] = []
    run: list[Text] = []  # adjacent texts, joined once when the run ends (not copied piece by piece)
    for node in nodes:
        if isinstance(node, Text):
            if node.text:
                run.append(node)
            continue
        if run:
            out.append(_joined(run))
            run = []
        out.append(node)
    if run:
        out.append(_joined(run))
    return tuple(out)


def _joined(run: list[Text]) -> Text:
    return run[0] if len(run) == 1 else Text("".join(t.text for t in run))
