"""Stage 11: note calls written as plain digits, found with the notes list as the oracle.

A superscript number copied as text is just digits glued to what precedes
it: ``facilities.12 The``, ``Ministry,30``, ``practices2.``, ``20201`` (the
year 2020, then note 1), ``compendium56`` (notes 5 and 6). Digits like these
are also years, quantities, versions and names (``R 3.4.4``, ``P300``,
``IPv6``). The notes list decides: its labels, in order, say which number
the next call should carry, and calls mostly ascend through the text. So the
candidates are walked in reading order and a candidate is a call when it is
the next label due (or one of the next few, when a call was lost), or a label
already cited (a note cited again); a run of digits that is no label due may
be two calls glued together or a year with a call after it.

Bracketed calls (``[12]``, ``[1–3]``, ``[4, 5]``, ``[^3]``) and superscript
digits are found by :mod:`.inlines`; they move the expected label on too.
Hands on, per line, the spans that are calls.
"""

from __future__ import annotations

import re
from typing import Any

from .lines import SUPERSCRIPT_DIGITS, superscript_to_digits

# Digits glued to a letter or to closing punctuation, followed by a space, punctuation or the end.
_CANDIDATE = re.compile(
    r"(?<=[^\W\d_]|[.,;:!?)\]’”\"»*-])(\d{1,6})(?=$|[\s.,;:!?)\]’”\"»\[—–/-](?!\d))"
    r"|(?<=\s)((?:19|20)\d\d\d{1,2})(?=$|[\s.,;:!?)\]’”\"»](?!\d))"
)
# Several calls glued after a word or a stop: "twice.5,6", "election.7–9".
_GROUP = re.compile(
    r"(?<=[^\W\d_]|[.,;:!?)\]’”\"»])(\d{1,3})((?:,\s?\d{1,3})+|[–—-]\d{1,3})(?=$|[\s.;:!?)\]’”\"»])"
)
# "(3)" after a word or a stop, in a document whose notes are labelled so.
_PAREN_CALL = re.compile(r"(?<=\S)\s?\((\d{1,3})\)")
# Bracketed calls and groups: "[12]", "[1–3]", "[4, 5]", "[^3]", "[3^]".
BRACKET_GROUP = re.compile(r"\[(\^?\d{1,6}\^?(?:\s*[,–—-]\s*\d{1,6})*)\]")
_SUPERSCRIPTS = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
# A call set apart by a space, as a page that puts a space before its note
# markers prints it: after a closing quote or before a detached full stop
# ("sciences” 1 .", "anglais” 1. Next"); and, in a document known to do so,
# between two words ("une étude 4 suggère").
_SPACED_SURE = re.compile(
    r"(?:(?<=[”\"’»])|(?<=[^\W\d_]))\s(\d{1,3})(?=\s[.,;:](?:\s|$))"
    r"|(?<=[”\"»])\s(\d{1,3})(?=[.,;:](?:\s|$))"
    r"|(?<=[^\W\d_][.!?]|[.!?][”\"’»]|[”\"’»][.!?])\s(\d{1,3})(?=\s+[A-ZÀ-Ý]|$)"
    r"|(?<=[^\W\d_])(\d{1,3})(?=\s[.,;:](?:\s|$))"
)
_SPACED_MAYBE = re.compile(r"(?<=[^\W\d_]{3})\s(\d{1,3})(?=\s[^\W\d_]{3,}\b|\)?[.,;:](?:\s|$))")
_LOOKAHEAD = 3  # a call may be skipped (lost in the capture); no more than this many
# Every candidate starts at a run of digits or at the space before one: the
# patterns are tried only there (their lookbehinds see the text before), which
# is many times quicker than letting them scan every position of every line.
_DIGITS = re.compile(r"[0-9]+")


def _spaced(text: str, pattern: re.Pattern, runs: list[int] | None = None):
    """The matches of a spaced-call pattern, tried only at a run of digits and the character before it."""
    if runs is None:
        runs = [d.start() for d in _DIGITS.finditer(text)]
    for start in runs:
        for pos in (start - 1, start):
            if pos < 0:
                continue
            m = pattern.match(text, pos)
            if m:
                yield m
                break


def bracket_labels(inner: str) -> list[tuple[str, bool]]:
    """The labels a bracketed group cites, each with whether it continues the marker before it.

    "4, 5" is two markers (4, 5); "1–3" is one marker that cites 1, 2 and 3
    (2 and 3 continue it); "^3" is 3.
    """
    if inner.isdigit():
        return [(str(int(inner)) if inner != "0" else inner, False)]
    inner = inner.replace("^", "")
    out: list[tuple[str, bool]] = []
    for part in re.split(r"\s*,\s*", inner):
        m = re.fullmatch(r"(\d{1,6})\s*[–—-]\s*(\d{1,6})", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a < b <= a + 30:
                out.extend((str(k), k != a) for k in range(a, b + 1))
                continue
            return []
        if part.isdigit():
            out.append((str(int(part)) if part != "0" else part, False))
        else:
            return []
    return out


def _has_superscript(text: str) -> bool:
    # Ten substring tests take about half the time of one character-class
    # search, which tests every character against the class in turn.
    return (
        "¹" in text or "²" in text or "³" in text or "⁰" in text or "⁴" in text
        or "⁵" in text or "⁶" in text or "⁷" in text or "⁸" in text or "⁹" in text
    )


class CallFinder:
    """Walks the body's lines in reading order and keeps the expected next label."""

    def __init__(self, labels: list[str], zones: list[tuple[int, int, int]] | None = None, *, parens: bool = False) -> None:
        self.labels = labels
        self.parens = parens  # the notes are labelled "(1)": "(1)" in the text is a call when due
        # The notes lists in reading order: (index of the list's last line, its
        # first and its last label's place in ``labels``). Calls before a list's
        # end cite that list (a notes block after each chapter).
        self.zones = zones or [(1 << 60, 0, len(labels))]
        self.zone = -1
        self.order: dict[str, int] = {}
        self.expected = 0  # index in ``labels`` of the next label due
        self.cited: set[str] = set()
        self._enter(0)
        self.spaced = False  # the document sets its calls apart with a space
        self.plain = True  # the document prints calls as plain digits (not in brackets)
        self.superscripts = True  # the text holds superscript digits at all

    def prescan(self, texts) -> None:
        """The document's way of printing calls: in brackets, or as plain digits (glued or set apart with a space).

        A document that cites most of its notes in brackets or superscripts
        prints its calls that way: plain digits are then left alone (and not
        searched, which saves most of the time calls take). Otherwise one sure
        case of a call set apart by a space tells the document does that.
        """
        texts = list(texts)
        whole = "\n".join(texts)
        self.superscripts = _has_superscript(whole)
        if not self.labels:
            return
        known = set(self.labels)
        bracketed: set[str] = set()
        if "[" in whole:
            cited = 0  # (the known labels among them: once half are cited, the rest of the text need not be read)
            for m in BRACKET_GROUP.finditer(whole):
                inner = m.group(1)
                if inner.isdigit():  # (most calls cite one note: no list of labels to make)
                    labels = [str(int(inner)) if inner != "0" else inner]
                else:
                    labels = [label for label, _ in bracket_labels(inner)]
                for label in labels:
                    if label not in bracketed:
                        bracketed.add(label)
                        cited += label in known
                if cited * 2 >= len(known):
                    self.plain = False
                    return
        if self.superscripts:
            bracketed.update(superscript_to_digits(m.group(0)) for m in _SUPERSCRIPTS.finditer(whole))
        if len(bracketed & known) * 2 >= len(known):
            self.plain = False
            return
        for text in texts:
            for m in _spaced(text, _SPACED_SURE):
                if (m.group(1) or m.group(2) or m.group(3) or m.group(4)) in known:
                    self.spaced = True
                    return

    def _enter(self, zone: int) -> None:
        self.zone = zone
        _, first, last = self.zones[zone]
        self.order = {}
        for k in range(first, last):
            self.order.setdefault(self.labels[k], k)
        self.expected = first
        self.cited = set()

    def at_line(self, i: int) -> None:
        """The walk has reached line ``i``: past a notes list, the next list's labels are due."""
        while self.zone + 1 < len(self.zones) and i > self.zones[self.zone][0]:
            self._enter(self.zone + 1)

    def saw(self, label: str) -> None:
        """A call found another way (brackets, superscripts) moves the expected label on."""
        self.cited.add(label)
        k = self.order.get(label)
        if k is not None and k >= self.expected:
            self.expected = k + 1

    def plain_calls(self, text: str) -> list[tuple[int, int, list[str]]]:
        """``(start, end, labels)`` of the plain-digit calls in one line, and the bracketed and superscript calls moved past."""
        if not self.labels or not self.plain:
            return []  # (calls in brackets and superscripts need no oracle)
        out: list[tuple[int, int, list[str]]] = []
        # (the payload is the labels of a "bracket" event, else the match that found it)
        events: list[tuple[int, str, Any]] = []
        if "[" in text:
            for m in BRACKET_GROUP.finditer(text):
                events.append((m.start(), "bracket", [label for label, _ in bracket_labels(m.group(1))]))
        if self.superscripts and not text.isascii() and _has_superscript(text):
            for m in _SUPERSCRIPTS.finditer(text):
                events.append((m.start(), "bracket", [superscript_to_digits(m.group(0))]))
        if self.parens and "(" in text:
            for m in _PAREN_CALL.finditer(text):
                events.append((m.start(), "paren", m))
        runs = [d.start() for d in _DIGITS.finditer(text)] if self.plain else []
        for start in runs:
            candidate = _CANDIDATE.match(text, start)
            if candidate:
                events.append((candidate.start(), "digits", candidate))
            elif start and text[start - 1] not in " 0123456789":
                g = _GROUP.match(text, start)
                if g:
                    events.append((g.start(), "group", g))
        if self.spaced and runs:
            for m in _spaced(text, _SPACED_SURE, runs):
                if not m.group(4):  # (glued calls are candidates already)
                    events.append((m.start(), "spaced", m))
            for m in _spaced(text, _SPACED_MAYBE, runs):
                events.append((m.start(), "spaced-maybe", m))
        if not events:
            return out
        events.sort(key=lambda e: e[0])
        taken_to = -1
        for at, kind, value in events:
            if at < taken_to:
                continue  # inside a group of calls already taken
            if kind == "group":
                group = self._group(text, value)
                if group:
                    out.append((value.start(), value.end(), group))
                    taken_to = value.end()
                continue
            if kind == "bracket":
                for label in value:
                    self.saw(label)
                continue
            if kind == "paren":
                label = value.group(1)
                if self._due(label, "("):
                    self._take(label)
                    out.append((value.start(), value.end(), [label]))
                    taken_to = value.end()
                continue
            m = value
            if kind == "spaced":
                n = next(n for n in (1, 2, 3) if m.group(n))
                label = m.group(n)
                if self._next_is(label) or label in self.cited:
                    self._take(label)
                    out.append((m.start(n), m.end(n), [label]))
                continue
            if kind == "spaced-maybe":
                label = m.group(1)
                if self._is_next(label):
                    self._take(label)
                    out.append((m.start(1), m.end(1), [label]))
                continue
            found = self._decide(text, m)
            if found:
                start, end = m.span()
                if len(found) == 1 and found[0] != m.group(0):
                    start = end - len(found[0])  # a call glued after a year or a number: only its digits
                out.append((start, end, found))
        return out

    def _decide(self, text: str, m: re.Match) -> list[str] | None:
        digits = m.group(0)
        start = m.start()
        before = text[start - 1]
        if m.group(2):
            # "20201": a year, then the call glued to it
            b = digits[4:]
            if not b.startswith("0") and self._is_next(b):
                self._take(b)
                return [b]
            return None
        if before == "-":
            # "ITE-261": an identifier's number, then the call glued to it (never "16-03" or "A-11")
            if len(digits) < 3:
                return None
            for cut in range(1, len(digits)):
                b = digits[cut:]
                if not b.startswith("0") and self._is_next(b):
                    self._take(b)
                    return [b]
            return None
        if before == ".":
            # "facilities.12" is a call after a word; "2020.1" a year and a call; "3.4.1" and "3A.1" are numbers
            word = re.search(r"(\w+)\.$", text[max(0, start - 40):start])
            if word and any(c.isdigit() for c in word.group(1)):
                head = word.group(1)
                if not (len(head) == 4 and head.isdigit()) or re.search(r"\d\.\d+\.$", text[:start]):
                    return None
        if before.isalpha():
            word = re.search(r"[^\W\d_]+$", text[max(0, start - 40):start])
            head = word.group(0) if word else before
            lead = start - len(head) - 1
            decade = head == "s" and re.search(r"(?:^|\D)(?:\d{2}|\d{4})s$", text[max(0, start - 6):start])
            if lead >= 0 and text[lead].isdigit() and not decade:
                return None  # "3DES", "4G5": digits inside an alphanumeric word ("1980s12" is a decade and a call)
            if not decade and (len(head) == 1 or (len(head) <= 2 and head.isupper())):
                return None  # "S1", "R6", "H2", "v2": an identifier (a table, a risk, a version), not a word with a call
            token = text[text.rfind(" ", 0, start) + 1 : start]
            if token.startswith("@") or "@" in token or "/" in token or "_" in token:
                return None  # "@user1", "a/b2", "snake_case3": a handle, a path or a name
        elif before in ",;:" and start >= 2 and text[start - 2].isdigit():
            return None  # "1:3", "1,5": a ratio or a number
        if self._due(digits, before):
            self._take(digits)
            return [digits]
        # two calls glued together, or a year with a call glued after it
        for cut in range(1, len(digits)):
            a, b = digits[:cut], digits[cut:]
            if a.startswith("0") or b.startswith("0"):
                continue
            if len(a) == 4 and a[:2] in ("19", "20") and self._next_is(b):
                self._take(b)
                return [b]
            if self._next_is(a) and self.order.get(b) == self.order[a] + 1:
                self._take(a)
                self._take(b)
                return [a, b]
        return None

    def _group(self, text: str, m: re.Match) -> list | None:
        """The calls of a glued group ("5,6", "7–9") when its first label is due and the rest follow it in the notes list."""
        before = text[m.start() - 1]
        if before == "." and (m.start() < 2 or not text[m.start() - 2].isalpha()):
            return None  # "3.5-7", "1.2,3": numbers, not calls after a sentence
        first, rest = m.group(1), m.group(2)
        if not self._due(first, before) or first.startswith("0"):
            return None
        k = self.order[first]
        if rest[0] in "–—-":
            last = int(rest[1:])
            labels = [str(v) for v in range(int(first), last + 1)] if int(first) < last <= int(first) + 30 else []
            joined = [False] + [True] * (len(labels) - 1)  # a range is one marker citing each note in it
        else:
            labels = [first] + [part.strip() for part in rest.split(",") if part.strip()]
            joined = [False] * len(labels)
        if len(labels) < 2 or any(self.labels[k + n : k + n + 1] != [label] for n, label in enumerate(labels)):
            return None  # the notes list does not hold these labels one after another here
        for label in labels:
            self._take(label)
        return list(zip(labels, joined))

    def _is_next(self, label: str) -> bool:
        """The label due now, exactly."""
        return self.expected < self.zones[self.zone][2] and self.labels[self.expected] == label

    def _next_is(self, label: str) -> bool:
        k = self.order.get(label)
        return k is not None and self.expected <= k < self.expected + _LOOKAHEAD

    def _due(self, label: str, before: str) -> bool:
        if self._next_is(label):
            return True
        k = self.order.get(label)
        if k is not None and k < self.expected and label not in self.cited:
            # a label the text skipped (its call came later than the next one's)
            return True
        # A note cited again: only after closing punctuation or a quote. Glued
        # to a word, an old label is more often a name ("ggplot2", "log2").
        return label in self.cited and not before.isalnum()

    def _take(self, label: str) -> None:
        self.saw(label)
