"""The seam between the PDF renderer and WeasyPrint: which releases it supports, and whether its adjustments took hold.

The PDF renderer leans on WeasyPrint's private internals in four narrow
places (:mod:`.footnote_policy`, :mod:`.footnote_area`, :mod:`.compression`,
:mod:`.font_dates`) and on its public API of a given age (``URLFetcher``
subclasses arrived in WeasyPrint 68; ``block_level_layout``'s thirteen
arguments are those of 67 and later). Private internals change without notice
between releases, so this module

* declares the releases the renderer was tested with, :data:`SUPPORTED`
  (the same range as ``pyproject.toml``; CI runs the PDF tests at both ends),
  and :func:`require_supported_weasyprint` refuses any other with one line,
  ``briefpress needs WeasyPrint >=68,<71; found 62.3``, before the renderer
  imports anything of WeasyPrint's that an older release lacks;
* turns the state of each adjustment into data: whether it could be installed
  (its module's ``AVAILABLE``) and, for one render, whether WeasyPrint went
  through it at all (a :class:`Probe` its context manager hands back). One
  that did not is reported on the PDF as a ``pdf-engine-degraded`` warning
  naming it and what the output loses, instead of the output changing
  silently after an upgrade.

It imports nothing of WeasyPrint itself: the version is read from the
installed distribution's metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import metadata
from typing import TypeVar

from ..model import Diagnostic

T = TypeVar("T")

#: The WeasyPrint releases the PDF renderer is tested with: lowest tested, and
#: the first release not tested (the next major; its internals may differ).
SUPPORTED = ((68, 0), (71, 0))
SUPPORTED_TEXT = ">=68,<71"


class EngineUnsupported(RuntimeError):
    """The installed WeasyPrint is outside :data:`SUPPORTED`; ``str(err)`` is the one-line reason."""


def installed_weasyprint() -> str | None:
    """The installed WeasyPrint's version string, or None when it is not installed."""
    try:
        return metadata.version("weasyprint")
    except metadata.PackageNotFoundError:
        return None


def release(version: str) -> tuple[int, ...]:
    """The numeric release of a version string: ``"68.1"`` -> ``(68, 1)``, ``"70.0b1"`` -> ``(70, 0)``."""
    match = re.match(r"\d+(?:\.\d+)*", version.strip())
    return tuple(int(part) for part in match.group().split(".")) if match else ()


def unsupported_reason(version: str | None) -> str | None:
    """Why ``version`` of WeasyPrint cannot be used, in one line; None when it is supported."""
    lowest, below = SUPPORTED
    if version is not None and release(version) and lowest <= release(version) < below:
        return None
    return f"briefpress needs WeasyPrint {SUPPORTED_TEXT}; found {version or 'none installed'}"


def require_supported_weasyprint(version: str | None = None) -> None:
    """Raise :class:`EngineUnsupported` unless the installed (or given) WeasyPrint is in :data:`SUPPORTED`."""
    reason = unsupported_reason(installed_weasyprint() if version is None else version)
    if reason is not None:
        raise EngineUnsupported(reason)


# --------------------------------------------------------------------------- adjustments


@dataclass
class Probe:
    """Set by an adjustment when WeasyPrint calls through it inside its context manager (one render's)."""

    reached: bool = False


@contextmanager
def scoped(slot: ContextVar[T | None], value: T) -> Iterator[T]:
    """``value`` in ``slot`` for the block (the slot's previous value back after it)."""
    token = slot.set(value)
    try:
        yield value
    finally:
        slot.reset(token)


def probing(slot: ContextVar[Probe | None]) -> AbstractContextManager[Probe]:
    """A fresh :class:`Probe` in ``slot`` for the block: each adjustment's context manager is one of these."""
    return scoped(slot, Probe())


@dataclass(frozen=True)
class Adjustment:
    """One of the renderer's adjustments of WeasyPrint: its module, and what a PDF loses without it."""

    name: str
    loses: str


FOOTNOTE_POLICY = Adjustment(
    "footnote_policy",
    "a footnote that orphans control would move is kept on its call's page only by a second, slower layout, "
    "and may still print on another page",
)
FOOTNOTE_AREA = Adjustment(
    "footnote_area",
    "nothing printed, but each footnote is laid out again for every note added to its page (about a fifth slower)",
)
COMPRESSION = Adjustment(
    "compression",
    "nothing printed, but streams are deflated at zlib's slowest level (about 45 ms more a document, 2 % smaller)",
)
FONT_DATES = Adjustment(
    "font_dates",
    "fonts subset by fontTools (no HarfBuzz-Subset library) carry the time of the render, "
    "so two runs with one --source-date-epoch give different files",
)


def degraded(adjustment: Adjustment, available: bool, probe: Probe | None, *, expected: bool = True) -> Diagnostic | None:
    """The ``pdf-engine-degraded`` warning for an adjustment that was not installed or not gone through, else None.

    ``expected`` says whether this render should have gone through it (a
    fontTools adjustment is not reached when HarfBuzz subsets the fonts).
    """
    if available and (not expected or (probe is not None and probe.reached)):
        return None
    why = "is not installed" if not available else "was not used by WeasyPrint"
    version = installed_weasyprint() or "?"
    return Diagnostic(
        "warning",
        "pdf-engine-degraded",
        f"the {adjustment.name} adjustment of WeasyPrint {version} {why}: {adjustment.loses}",
    )
