"""Renderers: one module per output format, and the registry that names them.

A renderer is a function ``render(result, options) -> Rendered``: it walks the
document model of a :class:`~convert.model.ParseResult` and returns the bytes
of one output file. Renderers know nothing of the command line, of files on
disk (other than the templates and fonts they ship) or of each other.

The registry maps a format name (``"pdf"``, ``"docx"``, ``"html"``, ...) to
the module that renders it; modules are imported on first use so that a
process that only writes JSON never loads WeasyPrint.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Literal

from ..model import Diagnostic, ParseResult

NotesPlacement = Literal["foot", "end"]
PdfVariant = Literal["pdf/a-3b", "pdf/ua-1"]


@dataclass(frozen=True)
class RenderOptions:
    """Everything a user can choose about an output, for every renderer.

    ``source_date_epoch`` fixes the creation/modification dates written into
    the output (seconds since 1970, as the reproducible-builds convention);
    with it, two runs on the same input give byte-identical files.
    ``source_bytes``/``source_name`` are the original capture, which the
    archival PDF variants attach to the file. ``companion_pdf`` is the file
    name of the PDF written beside this output (the HTML page links to it,
    keeping the capture's "View full PDF" promise).
    """

    notes: NotesPlacement = "foot"
    pdf_variant: PdfVariant | None = None
    template: Path | None = None
    css: Path | None = None
    reference_docx: Path | None = None
    source_date_epoch: int | None = None
    source_bytes: bytes | None = None
    source_name: str | None = None
    companion_pdf: str | None = None


@dataclass(frozen=True)
class Rendered:
    """One rendered output: its bytes, its page count where the format has pages, and messages."""

    data: bytes
    pages: int | None = None
    diagnostics: tuple[Diagnostic, ...] = field(default=())


Renderer = Callable[[ParseResult, RenderOptions], Rendered]

SHORT_TITLE_LENGTH = 60


def short_title(title: str, limit: int = SHORT_TITLE_LENGTH) -> str:
    """The title for running headers (the same in every format): before a colon if that is shorter, else cut at a word."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    head = title.split(":", 1)[0].strip()
    if 10 <= len(head) <= limit:
        return head
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "\u2026"

#: format name -> (module, file extension)
FORMATS: dict[str, tuple[str, str]] = {
    "pdf": ("convert.render.pdf", ".pdf"),
    "docx": ("convert.render.docx", ".docx"),
    "html": ("convert.render.html", ".html"),
    "json": ("convert.render.json", ".json"),
    "md": ("convert.render.markdown", ".md"),
}


class UnknownFormat(ValueError):
    """A format name the registry does not know."""


def get_renderer(fmt: str) -> Renderer:
    """The ``render`` function for a format name."""
    try:
        module_name, _ = FORMATS[fmt]
    except KeyError:
        raise UnknownFormat(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})") from None
    module = importlib.import_module(module_name)
    return module.render


def extension(fmt: str) -> str:
    """The file extension for a format name, with its dot."""
    try:
        return FORMATS[fmt][1]
    except KeyError:
        raise UnknownFormat(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})") from None
