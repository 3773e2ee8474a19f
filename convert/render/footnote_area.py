"""Lay each footnote out once per page, not once per note added: a narrow adjustment of WeasyPrint.

Each time WeasyPrint places a footnote on a page, it lays the page's whole
footnote area out again, every note already there included, to learn the
area's new height (``LayoutContext._update_footnote_area``); it does so again
when a note is taken back, and once more when the page is finished. A page
with five notes lays its first note out six times or more. On the benchmark
captures that was a fifth of the PDF's time: 95 note layouts for 28 notes a
document, each note's lines broken by Pango again every time.

Laying a footnote out as a child of the area depends only on the note and on
the arguments it is laid out with: where it starts, the width of the area, the
margins it collapses with, the page-break state WeasyPrint reads, and the
floats already on the page. :func:`memoising_footnote_area` keeps, for the
layouts run inside it (one document's; a context variable, so other threads
and other users of WeasyPrint in the same process see stock behaviour), the
result of each such call under all of those, and hands it back when the same
call comes again. The area itself is still laid out by WeasyPrint every time,
with its margin collapsing, its height and its overflow test; only the notes'
own layouts are reused. A result is not kept when laying the note out left
something on the page beside it (a float, a positioned box) or broke it, and
is not handed back if anything moved it since.

The renderer's output is byte-identical with and without this on the 40
benchmark captures, the seeds, three pathological captures and a stylesheet
giving notes margins and padding; a test pins it on a capture. The context
manager hands back a :class:`~.engine.Probe`: a render whose blocks never came
through here is reported as ``pdf-engine-degraded`` (see :mod:`.engine`).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

from weasyprint.formatting_structure import boxes as _boxes
from weasyprint.layout import block as _block

from .engine import Probe, probing

_memo: ContextVar[dict | None] = ContextVar("briefpress_footnote_area_memo", default=None)
_probe: ContextVar[Probe | None] = ContextVar("briefpress_footnote_area_probe", default=None)

# (Any: None when a WeasyPrint release lacks them; then AVAILABLE is false and nothing is installed)
_stock_block_level_layout: Any = getattr(_block, "block_level_layout", None)
_FootnoteAreaBox: Any = getattr(_boxes, "FootnoteAreaBox", None)


def _shapes(context) -> tuple:
    # Floats already on the page can give a note clearance.
    return tuple((s.position_x, s.position_y, s.margin_width(), s.margin_height()) for s in context.excluded_shapes)


def block_level_layout(context, box, bottom_space, skip_stack, containing_block,
                       page_is_empty=True, absolute_boxes=None, fixed_boxes=None,
                       adjoining_margins=None, first_letter_style=None,
                       first_line_style=None, discard=False, max_lines=None):
    """WeasyPrint's ``block_level_layout``, answering from the memo for a footnote area's children."""
    memo = _memo.get()
    probe = _probe.get()
    if probe is not None:
        probe.reached = True
    if (memo is None or skip_stack is not None or not isinstance(containing_block, _FootnoteAreaBox)
            or first_letter_style is not None or first_line_style is not None):
        return _stock_block_level_layout(
            context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
            fixed_boxes, adjoining_margins, first_letter_style, first_line_style, discard, max_lines)
    # Everything block_level_layout reads besides the note's own content.
    # The box is a fresh copy each time (the area is deep-copied before each
    # layout); its element stands for the note.
    key = (
        box.element, box.element_tag, type(box), box.position_x, box.position_y, bottom_space,
        containing_block.width, containing_block.height, page_is_empty, tuple(adjoining_margins or ()),
        discard, max_lines, context.current_page > 1, getattr(context, "forced_break", None), _shapes(context),
    )
    kept = memo.get(key)
    if kept is not None:
        (new_box, resume_at, next_page, margins, through, lines), position_y = kept
        if new_box.position_y == position_y:  # nothing has moved it since
            # The caller appends to the margins list and may update next_page.
            return new_box, resume_at, dict(next_page), list(margins), through, lines
        del memo[key]
    counts = (len(absolute_boxes or ()), len(fixed_boxes or ()), len(context.excluded_shapes))
    result = _stock_block_level_layout(
        context, box, bottom_space, skip_stack, containing_block, page_is_empty, absolute_boxes,
        fixed_boxes, adjoining_margins, first_letter_style, first_line_style, discard, max_lines)
    new_box, resume_at, next_page, margins, through, lines = result
    if (new_box is not None and resume_at is None and isinstance(next_page, dict)
            and counts == (len(absolute_boxes or ()), len(fixed_boxes or ()), len(context.excluded_shapes))):
        memo[key] = ((new_box, resume_at, dict(next_page), list(margins), through, lines), new_box.position_y)
    return result


# Installed once; inert outside ``memoising_footnote_area``. Where WeasyPrint
# lacks what this relies on, nothing is replaced and layout is stock.
AVAILABLE = callable(_stock_block_level_layout) and isinstance(_FootnoteAreaBox, type)
if AVAILABLE and getattr(_block.block_level_layout, "__module__", None) != __name__:
    _block.block_level_layout = block_level_layout


@contextmanager
def memoising_footnote_area() -> Iterator[Probe]:
    """Within this block, each footnote is laid out once per place it is laid out at; the probe says if WeasyPrint came through here."""
    token = _memo.set({})
    try:
        with probing(_probe) as probe:
            yield probe
    finally:
        _memo.reset(token)
