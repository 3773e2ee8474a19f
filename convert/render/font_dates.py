"""Keep each embedded font's own date when fontTools rewrites it: a narrow adjustment of WeasyPrint.

WeasyPrint subsets the fonts it embeds with the HarfBuzz-Subset library when
the system has it (Debian's ``libharfbuzz-subset0``), and otherwise with
fontTools. HarfBuzz copies a font's ``head`` table as it is; fontTools, when
it saves the subset, stamps the current time into ``head.modified`` (unless
``$SOURCE_DATE_EPOCH`` is set in the environment). Without the system library,
then, every PDF differed from the last, ``--source-date-epoch`` or not.

:func:`keeping_font_dates` makes the fonts WeasyPrint's PDF writer opens inside
it (one document's write; a context variable, so other threads and other users
of WeasyPrint in the same process see stock behaviour) keep the date they
came with, as HarfBuzz does: ``weasyprint.pdf.fonts.TTFont`` is replaced by a
subclass of fontTools' ``TTFont`` that, inside the block, defaults to
``recalcTimestamp=False``. The HarfBuzz path does not construct a ``TTFont``
for a static font, so its output is unchanged; a variable or colour font,
which WeasyPrint rewrites with fontTools on either path, now keeps its date
there too. The font's date is the right one to keep: it is the date of the
bundled font file, the same on every run and every machine.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from fontTools.ttLib import TTFont as _StockTTFont

from .engine import Probe, probing

try:
    from weasyprint.pdf import fonts as _fonts
except ImportError:  # another WeasyPrint layout: nothing is replaced
    _fonts = None

_probe: ContextVar[Probe | None] = ContextVar("briefpress_font_dates_probe", default=None)


class TTFont(_StockTTFont):
    """fontTools' ``TTFont`` as WeasyPrint's PDF writer sees it: keeps the font's date inside :func:`keeping_font_dates`."""

    def __init__(self, *args, **kwargs):
        probe = _probe.get()
        if probe is not None:
            probe.reached = True
            kwargs.setdefault("recalcTimestamp", False)
        super().__init__(*args, **kwargs)


def fonttools_subsetting() -> bool:
    """True when WeasyPrint will subset fonts with fontTools (no usable HarfBuzz-Subset library)."""
    if _fonts is None:
        return False
    # WeasyPrint's own test (weasyprint.pdf.fonts.Font.subset): 4.1.0 is needed for hb_set_add_sorted_array.
    harfbuzz = getattr(_fonts, "harfbuzz", None)
    return getattr(_fonts, "harfbuzz_subset", None) is None or harfbuzz is None or not harfbuzz.hb_version_atleast(4, 1, 0)


# Installed once; inert outside ``keeping_font_dates``. Where WeasyPrint no
# longer opens fonts through this module attribute, nothing is replaced.
AVAILABLE = _fonts is not None and getattr(_fonts, "TTFont", None) in (_StockTTFont, TTFont)
if AVAILABLE and _fonts.TTFont is _StockTTFont:
    _fonts.TTFont = TTFont


@contextmanager
def keeping_font_dates() -> Iterator[Probe]:
    """Within this block, fonts WeasyPrint rewrites keep their own ``head.modified``; the probe says if one was."""
    with probing(_probe) as probe:
        yield probe
