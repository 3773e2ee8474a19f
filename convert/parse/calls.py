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

from .lines import SUPERSCRIPT_DIGITS, superscript_to_digits

# Digits glued to a letter or to closing punctuation, followed by a space, punctuation or the end.
_CANDIDATE = re.compile(
    r"(?<=[^\W\d_]|[.,;:!?)\]’”\"»*])(\d{1,6})(?=$|[\s.,;:!?)\]’”\"»\[—–-](?!\d))"
)
# Bracketed calls and groups: "[12]", "[1–3]", "[4, 5]", "[^3]", "[3^]".
BRACKET_GROUP = re.compile(r"\[(\^?\d{1,4}\^?(?:\s*[,–—-]\s*\d{1,4})*)\]")
_SUPERSCRIPTS = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_LOOKAHEAD = 3  # a call may be skipped (lost in the capture); no more than this many


def bracket_labels(inner: str) -> list[str]:
    """The labels a bracketed group cites: "1–3" → 1, 2, 3; "4, 5" → 4, 5; "^3" → 3."""
    inner = inner.replace("^", "")
    out: list[str] = []
    for part in re.split(r"\s*,\s*", inner):
        m = re.fullmatch(r"(\d{1,4})\s*[–—-]\s*(\d{1,4})", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a < b <= a + 30:
                out.extend(str(k) for k in range(a, b + 1))
                continue
            return []
        if part.isdigit():
            out.append(str(int(part)) if part != "0" else part)
        else:
            return []
    return out


class CallFinder:
    """Walks the body's lines in reading order and keeps the expected next label."""

    def __init__(self, labels: list[str]) -> None:
        self.labels = labels
        self.order = {}
        for k, label in enumerate(labels):
            self.order.setdefault(label, k)
        self.expected = 0  # index in ``labels`` of the next label due
        self.cited: set[str] = set()

    def saw(self, label: str) -> None:
        """A call found another way (brackets, superscripts) moves the expected label on."""
        self.cited.add(label)
        k = self.order.get(label)
        if k is not None and k >= self.expected:
            self.expected = k + 1

    def plain_calls(self, text: str) -> list[tuple[int, int, list[str]]]:
        """``(start, end, labels)`` of the plain-digit calls in one line, and the bracketed and superscript calls moved past."""
        if not self.labels:
            return []
        out: list[tuple[int, int, list[str]]] = []
        events: list[tuple[int, str, object]] = []
        if "[" in text:
            for m in BRACKET_GROUP.finditer(text):
                events.append((m.start(), "bracket", bracket_labels(m.group(1))))
        if not text.isascii():
            for m in _SUPERSCRIPTS.finditer(text):
                events.append((m.start(), "bracket", [superscript_to_digits(m.group(0))]))
        for m in _CANDIDATE.finditer(text):
            events.append((m.start(1), "digits", m))
        if not events:
            return out
        events.sort(key=lambda e: e[0])
        for _, kind, value in events:
            if kind == "bracket":
                for label in value:  # type: ignore[union-attr]
                    self.saw(label)
                continue
            m = value  # type: ignore[assignment]
            found = self._decide(text, m)  # type: ignore[arg-type]
            if found:
                out.append((m.start(1), m.end(1), found))  # type: ignore[union-attr]
        return out

    def _decide(self, text: str, m: re.Match) -> list[str] | None:
        digits = m.group(1)
        start = m.start(1)
        before = text[start - 1]
        if before == "." and start >= 2 and text[start - 2].isdigit():
            # "3.4.1" is a version; "2020.1" is a year and a call
            head = re.search(r"(\d+)\.$", text[:start])
            if not head or len(head.group(1)) != 4 or re.search(r"\d\.\d+\.$", text[:start]):
                return None
        if before.isalpha() and start >= 2 and text[start - 2].isdigit():
            return None  # "3DES", "21st"-like tokens: digits inside an alphanumeric word
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

    def _next_is(self, label: str) -> bool:
        k = self.order.get(label)
        return k is not None and self.expected <= k < self.expected + _LOOKAHEAD

    def _due(self, label: str, before: str) -> bool:
        if self._next_is(label):
            return True
        # a note cited again: only glued to a word or closing punctuation, never after a digit
        return label in self.cited and not before.isdigit()

    def _take(self, label: str) -> None:
        self.saw(label)
