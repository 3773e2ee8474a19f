"""Keep every footnote on its call's page, in one layout: a narrow adjustment of WeasyPrint.

When a line at the foot of a page would leave a paragraph with fewer lines
than ``orphans`` allows, WeasyPrint (since its pull request #2437) first tries
to make room by *reporting* footnotes already placed on the page, i.e. moving
them to the next page, away from their calls. The brief promises the opposite:
a note is printed on the page that cites it, and the paragraph moves instead,
which is what WeasyPrint itself does inside a multi-column box, where it never
reports footnotes for orphans (``report = not context.in_column and ...`` in
``weasyprint.layout.block._linebox_layout``).

:func:`keeping_footnotes_with_calls` gives exactly that behaviour to plain
block flow, for the layouts run inside it and no others (a context variable,
so other threads and other users of WeasyPrint in the same process see stock
behaviour): line layout is handed a view of WeasyPrint's layout context that
answers ``in_column`` with ``True`` and passes every other attribute, method
and assignment through to the real context. Footnote-area bookkeeping runs as
methods of the real context, so it still reserves the page space as in block
flow. The one other place WeasyPrint reads ``in_column`` under line layout,
the page-break values of inline-block contents, then also treats
``avoid-column``/``column`` as page breaks; the bundled stylesheets use none.

Without this, 23 of the 40 varied benchmark captures needed a second, slower
layout (see ``print-keep-footnotes.css``), and that layout did not always bring
the note back; with it, none did. The PDF renderer still checks every
footnote's page after layout, keeps that second layout as a safety net and
reports a footnote still displaced as a warning, so a WeasyPrint release that
changes the internals this relies on is noticed, not silent (and tests pin the
behaviour on a capture that needs it); the context manager also hands back a
:class:`~.engine.Probe`, and a render whose lines never came through here is
reported as ``pdf-engine-degraded`` (see :mod:`.engine`).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Iterator

from weasyprint.layout import block as _block

from .engine import Probe, probing

# The probe of the render inside keeping_footnotes_with_calls, None outside it.
_active: ContextVar[Probe | None] = ContextVar("briefpress_keep_footnotes_with_calls", default=None)


class _LineLayoutView:
    """WeasyPrint's layout context as line layout sees it: ``in_column`` is true, all else is the real context."""

    __slots__ = ("_context",)

    def __init__(self, context):
        object.__setattr__(self, "_context", context)

    def __getattr__(self, name):
        return getattr(self._context, name)

    def __setattr__(self, name, value):
        setattr(self._context, name, value)

    @property
    def in_column(self) -> bool:
        return True

    @in_column.setter
    def in_column(self, value: bool) -> None:
        self._context.in_column = value


_stock_linebox_layout: Any = getattr(_block, "_linebox_layout", None)  # (None when a release lacks it: then AVAILABLE is false)


def _linebox_layout(context, *args, **kwargs):
    probe = _active.get()
    if probe is not None and not isinstance(context, _LineLayoutView):
        probe.reached = True
        context = _LineLayoutView(context)
    return _stock_linebox_layout(context, *args, **kwargs)


# Installed once; inert outside ``keeping_footnotes_with_calls``. Where the
# function is missing (another WeasyPrint layout), nothing is replaced and the
# renderer's check-and-relayout does the work.
AVAILABLE = callable(_stock_linebox_layout)
if AVAILABLE and getattr(_block._linebox_layout, "__module__", None) != __name__:
    _block._linebox_layout = _linebox_layout


@contextmanager
def keeping_footnotes_with_calls() -> Iterator[Probe]:
    """Within this block, WeasyPrint moves a paragraph rather than a footnote to honour ``orphans``; the probe says if it laid lines out here."""
    with probing(_active) as probe:
        yield probe
