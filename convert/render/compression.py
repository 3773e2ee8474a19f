"""Compress the PDF's streams at zlib's default level, not its slowest.

pydyf, the PDF writer under WeasyPrint, deflates every stream at zlib level 9.
On the benchmark captures that took 58 ms a document, a tenth of the PDF's
time, for streams 2 % smaller than level 6 gives in 13 ms (132 against
135 KiB of streams a document, measured on ten captures; levels above 6
search much longer for little gain).

:func:`default_compression` makes pydyf use level 6 for the writes run inside
it and no others: pydyf's ``zlib`` is replaced by a stand-in that reads a
context variable and otherwise passes every call to :mod:`zlib` unchanged, so
other threads and other users of pydyf in the same process keep level 9. The
output is as valid either way; only its size differs. The context manager
hands back a :class:`~.engine.Probe` that says whether pydyf compressed
through the stand-in (see :mod:`.engine`).
"""

from __future__ import annotations

import zlib
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

import pydyf

from .engine import Probe, probing

LEVEL = 6

_level: ContextVar[int | None] = ContextVar("briefpress_pdf_compression_level", default=None)
_probe: ContextVar[Probe | None] = ContextVar("briefpress_pdf_compression_probe", default=None)


def _chosen(level: int) -> int:
    """The level for a call from pydyf: :data:`LEVEL` inside :func:`default_compression`, else the one asked for."""
    chosen = _level.get()
    if chosen is None:
        return level
    probe = _probe.get()
    if probe is not None:
        probe.reached = True
    return chosen


class _Zlib:
    """:mod:`zlib` as pydyf sees it: the level asked for, unless a write inside :func:`default_compression`."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    def compressobj(self, level=-1, *args, **kwargs):
        return zlib.compressobj(_chosen(level), *args, **kwargs)

    def compress(self, data, level=-1, *args, **kwargs):
        return zlib.compress(data, _chosen(level), *args, **kwargs)


# Installed once; where pydyf no longer reaches zlib through its module
# attribute, nothing is replaced and streams keep pydyf's level.
AVAILABLE = getattr(pydyf, "zlib", None) is zlib or isinstance(getattr(pydyf, "zlib", None), _Zlib)
if getattr(pydyf, "zlib", None) is zlib:
    pydyf.zlib = _Zlib()


@contextmanager
def default_compression() -> Iterator[Probe]:
    """Within this block, pydyf deflates at :data:`LEVEL`; the probe says if it did."""
    token = _level.set(LEVEL)
    try:
        with probing(_probe) as probe:
            yield probe
    finally:
        _level.reset(token)
