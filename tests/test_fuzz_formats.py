"""Real captures, mutated, converted to every format: no traceback, no word lost, in bounded time.

Each example takes one of the smaller corpus captures and applies a few edits
of the kinds real copies and careless tools make: the line-level edits of
:mod:`tests.test_parse_mutations` (a line dropped, doubled or joined to the
next), and character-level ones — control characters, bidi marks and
overrides, tabs, huge numbers, stray brackets, a byte-order mark, Windows line
ends. The capture is parsed (every word of it must be in the model), rendered
to every format in-process, and each output is read back by ``verify``'s own
check (every word of the model must be in it, in order, each note at its place).

A handful of examples run by default; ``BRIEFPRESS_FUZZ_EXAMPLES=200`` runs more.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from convert.parse import parse_bytes
from convert.render import FORMATS, RenderOptions, get_renderer
from convert.verify import check
from convert.words import model_words, text_words

from .helpers import covered
from .test_parse_mutations import _edit

CORPUS = Path(__file__).parent / "corpus"
# the smallest captures, so that a PDF of each takes a second or two
CAPTURES = sorted((p for p in CORPUS.glob("*.txt") if p.stat().st_size < 9_000), key=lambda p: p.name)
TEXTS = [p.read_text(encoding="utf-8") for p in CAPTURES]
EXAMPLES = int(os.environ.get("BRIEFPRESS_FUZZ_EXAMPLES", "5"))
SECONDS_PER_FORMAT = 60  # generous: the largest of these captures renders to PDF in about 2 s

# What a character-level edit inserts: control characters, bidi marks and
# overrides, a tab, a huge number, stray brackets and note-call look-alikes.
INSERTS = [
    "\x01", "\x0b", "\x1f", "\x7f", "\u200b", "\u200e", "\u200f", "\u202e", "\u202c", "\u2067", "\u2069",
    "\t", "9" * 40, "[", "]", "[99999999999999999999]", "(", "[1]", "¹", "*", "\u00ad",
]


def _insert(text: str, at: float, what: str) -> str:
    i = int(at * len(text))
    return text[:i] + what + text[i:]


_LINE_EDITS = st.tuples(
    st.sampled_from(["drop", "double", "swap", "no-blanks", "more-blanks", "indent", "strip-markers", "join"]),
    st.floats(min_value=0, max_value=1, exclude_max=True),
    st.integers(min_value=1, max_value=20),
)
_CHAR_EDITS = st.tuples(st.floats(min_value=0, max_value=1, exclude_max=True), st.sampled_from(INSERTS))


# No shrinking: each example renders five formats, and shrinking a failure
# took minutes; the example as found is reported whole, and is small enough.
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.integers(min_value=0, max_value=len(TEXTS) - 1),
    st.lists(_LINE_EDITS, max_size=3),
    st.lists(_CHAR_EDITS, max_size=6),
    st.booleans(),
    st.booleans(),
)
def test_a_mutated_capture_converts_to_every_format_without_losing_a_word(which, line_edits, char_edits, bom, crlf):
    lines = TEXTS[which].split("\n")
    for kind, at, span in line_edits:
        lines = _edit(lines, kind, at, span)
    text = "\n".join(lines)
    for at, what in char_edits:
        text = _insert(text, at, what)
    if not any(text_words(text)):
        return
    data = ("\ufeff" if bom else "").encode("utf-8") + text.replace("\n", "\r\n" if crlf else "\n").encode("utf-8")

    result = parse_bytes(data, CAPTURES[which].name)
    vocabulary = frozenset(model_words(result.document))
    assert {w for w in text_words(text) if not covered(w, vocabulary)} == set()

    options = RenderOptions(source_date_epoch=0, source_bytes=data, source_name=CAPTURES[which].name)
    for fmt in FORMATS:
        started = time.perf_counter()
        rendered = get_renderer(fmt)(result, options)
        seconds = time.perf_counter() - started
        assert seconds < SECONDS_PER_FORMAT, f"{fmt}: {seconds:.1f} s"
        checks, problems = check(result.document, fmt, rendered.data)
        assert problems == [], f"{fmt}: {problems}"
