"""Real captures, mutated: the parser never fails on them and never loses a word.

Each example takes one of the smaller corpus captures and applies a few
line-level edits of the kinds real copies differ by — a line dropped or
doubled, two lines swapped, blank lines removed (a browser's copy) or added,
a stretch indented, list markers stripped, lines joined — then parses it.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.parse import parse_text
from convert.words import model_words, text_words

from .helpers import covered

CORPUS = Path(__file__).parent / "corpus"
# the smaller captures, so that a hundred examples run in seconds
CAPTURES = sorted((p for p in CORPUS.glob("*.txt") if p.stat().st_size < 16_000), key=lambda p: p.name)
TEXTS = [p.read_text(encoding="utf-8").split("\n") for p in CAPTURES]


def _edit(lines: list[str], kind: str, at: float, span: int) -> list[str]:
    if not lines:
        return lines
    i = int(at * len(lines)) % len(lines)
    j = min(len(lines), i + span)
    if kind == "drop":
        return lines[:i] + lines[i + 1 :]
    if kind == "double":
        return lines[: i + 1] + lines[i:]
    if kind == "swap" and i + 1 < len(lines):
        return lines[:i] + [lines[i + 1], lines[i]] + lines[i + 2 :]
    if kind == "no-blanks":
        return lines[:i] + [l for l in lines[i:j] if l.strip()] + lines[j:]
    if kind == "more-blanks":
        return lines[:i] + [x for l in lines[i:j] for x in (l, "")] + lines[j:]
    if kind == "indent":
        return lines[:i] + ["   " + l for l in lines[i:j]] + lines[j:]
    if kind == "strip-markers":
        return lines[:i] + [l.lstrip(" •-*0123456789.)") for l in lines[i:j]] + lines[j:]
    if kind == "join" and i + 1 < len(lines):
        return lines[:i] + [lines[i] + " " + lines[i + 1]] + lines[i + 2 :]
    return lines


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["drop", "double", "swap", "no-blanks", "more-blanks", "indent", "strip-markers", "join"]),
        st.floats(min_value=0, max_value=1, exclude_max=True),
        st.integers(min_value=1, max_value=40),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(TEXTS) - 1), _EDITS)
def test_a_mutated_real_capture_parses_and_keeps_every_word(which, edits):
    lines = TEXTS[which]
    for kind, at, span in edits:
        lines = _edit(lines, kind, at, span)
    text = "\n".join(lines)
    if not text.strip():
        return
    result = parse_text(text, CAPTURES[which].name)
    vocabulary = frozenset(model_words(result.document))
    assert {w for w in text_words(text) if not covered(w, vocabulary)} == set()
