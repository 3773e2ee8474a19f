"""Renderers: one module per output format, and the registry that names them.

A renderer is a function ``render(result, options) -> Rendered``: it walks the
document model of a :class:`~convert.model.ParseResult` and returns the bytes
of one output file. Renderers know nothing of the command line, of files on
disk (other than the templates and fonts they ship) or of each other.

The registry (:data:`FORMATS`) is the one home of what is particular to a
format: one :class:`Format` record each, naming its renderer module, file
extension, whether it has pages, the packages whose versions key the
manifest, the options it reads and verify's read-back. The batch, the runner,
verify and the command line ask the registry and never test a format's name,
so a new format is its renderer module, its read-back and one entry here.
Modules are named, not imported, so that a process that only writes JSON
never loads WeasyPrint.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path
from typing import Any, Callable, Literal

from ..model import Diagnostic, ParseResult

NotesPlacement = Literal["foot", "end"]
PdfVariant = Literal["pdf/a-3b", "pdf/ua-1"]
PdfEngine = Literal["weasyprint", "typst"]


@dataclass(frozen=True)
class RenderOptions:
    """Everything a user can choose about an output, for every renderer.

    ``source_date_epoch`` fixes the creation/modification dates written into
    the output (seconds since 1970, as the reproducible-builds convention);
    with it, two runs on the same input give byte-identical files.
    ``source_bytes``/``source_name`` are the original capture, which the
    archival PDF variants attach to the file. ``companion_pdf`` is the file
    name of the PDF written beside this output (the HTML page links to it,
    keeping the capture's "View full PDF" promise). ``lang`` is the document's
    language as a BCP 47 tag (``en-GB``, ``fr``), in place of the one the
    parser detected; every renderer takes the language from
    :func:`document_language`. ``pdf_engine`` lays the PDF out with
    WeasyPrint (from the page template and its CSS) or with Typst (from the
    model and ``typst_template``, the brief's Typst template when None).
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
    lang: str | None = None
    pdf_engine: PdfEngine = "weasyprint"
    typst_template: Path | None = None


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


#: the region a bare language tag is printed with: its hyphenation patterns and
#: spelling (pyphen has en_GB and en_US; a bare "en" fell back to the British ones)
DEFAULT_REGION = {"en": "en-US"}

_LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


def valid_language(tag: str) -> bool:
    """True for a language tag of BCP 47's shape: a two- or three-letter language and subtags (``en-GB``)."""
    return bool(_LANG_TAG.match(tag))


def document_language(meta_lang: str | None, options: RenderOptions | None = None) -> str:
    """The document's language tag for every format: ``options.lang`` if given, else the parser's, ``en`` as ``en-US``.

    A tag with a region (``en-GB``, from the capture or the user) is kept as it
    is; a bare ``en`` takes the region of :data:`DEFAULT_REGION`; French,
    German, Spanish, Italian and Portuguese stay bare (one set of patterns each).
    """
    chosen = (options.lang if options is not None and options.lang else None) or meta_lang or "en"
    primary, _, region = chosen.partition("-")
    if region:
        return f"{primary.lower()}-{region.upper() if len(region) == 2 else region}"
    return DEFAULT_REGION.get(primary.lower(), primary.lower())


@dataclass(frozen=True)
class Engine:
    """Another engine a format can be made with: its renderer module, its packages and its check (as :class:`Format`'s)."""

    name: str
    module: str
    packages: tuple[str, ...] = ()
    check: str | None = None


@dataclass(frozen=True)
class Format:
    """One output format: everything briefpress knows about it outside its renderer.

    ``module`` holds its ``render`` function; ``extension`` names its files
    (with the dot). ``has_pages``: its :attr:`Rendered.pages` is a page
    count, which the run adds up and reports. ``engine_packages``: the
    distributions that shape its bytes; their versions are part of the
    manifest's options key, so that another engine's output is not taken as
    up to date. ``options``: the :class:`RenderOptions` fields a user sets
    that it reads (each is part of the options key). ``reader``: verify's
    read-back, as ``"module:function"`` (bytes -> ``Readback``).

    ``engine_check`` (``"module:function"``): given the installed version of
    the first engine package (None when missing), why the format cannot be
    made, or None; the command line refuses the run in one line before any
    work. ``companion``: the other outputs of a document link to this one
    written beside them (the HTML page to its PDF, the capture's "View full
    PDF"). ``attachments`` (``"module:function"``): the files an output of
    this format carries, ``path -> [(name, bytes)]`` (a PDF/A attaches the
    capture), where verify looks for a capture read from standard input.
    ``is_model``: the output is the document model itself; verify can check
    the other outputs against it, and expects the page furniture in it.

    ``engine_option`` names the :class:`RenderOptions` field that chooses
    among the format's engines: ``default_engine`` is the one the fields
    above describe, ``engines`` the others (the PDF's ``--pdf-engine typst``).
    """

    name: str
    extension: str
    module: str
    reader: str
    has_pages: bool = False
    engine_packages: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    engine_check: str | None = None
    companion: bool = False
    attachments: str | None = None
    is_model: bool = False
    engine_option: str | None = None
    default_engine: str = ""
    engines: tuple[Engine, ...] = ()

    def engine(self, options: RenderOptions | None = None) -> Engine:
        """The engine ``options`` choose (the default one without options)."""
        chosen = getattr(options, self.engine_option) if options is not None and self.engine_option else None
        if chosen in (None, self.default_engine):
            return Engine(self.default_engine, self.module, self.engine_packages, self.engine_check)
        for engine in self.engines:
            if engine.name == chosen:
                return engine
        raise UnknownFormat(f"{self.name} has no engine {chosen!r} (known: {', '.join(self.engine_names)})")

    @property
    def engine_names(self) -> tuple[str, ...]:
        return (self.default_engine, *(e.name for e in self.engines)) if self.engine_option else ()

    def renderer(self, options: RenderOptions | None = None) -> Renderer:
        """The ``render`` function of the format's engine that ``options`` choose (its module is imported now)."""
        return importlib.import_module(self.engine(options).module).render

    def read_back(self) -> Callable[[bytes], Any]:
        """Verify's reader of this format's bytes."""
        return resolve(self.reader)

    def unusable(self, options: RenderOptions | None = None) -> str | None:
        """Why this format cannot be made with the installed engine ``options`` choose, in one line; None when it can."""
        engine = self.engine(options)
        if engine.check is None:
            return None
        return resolve(engine.check)(installed_version(engine.packages[0]))


_FORMATS = (
    Format(
        "pdf", ".pdf", "convert.render.pdf", "convert.verify:read_pdf",
        has_pages=True,
        engine_packages=("weasyprint", "jinja2"),
        options=("notes", "pdf_variant", "template", "css", "source_date_epoch", "lang", "pdf_engine", "typst_template"),
        engine_check="convert.render.engine:unsupported_reason",
        companion=True,
        attachments="convert.verify:attached_files",
        engine_option="pdf_engine",
        default_engine="weasyprint",
        engines=(
            Engine("typst", "convert.render.pdf_typst", ("typst",), "convert.render.pdf_typst:unavailable_reason"),
        ),
    ),
    Format(
        "docx", ".docx", "convert.render.docx", "convert.verify:read_docx",
        engine_packages=("python-docx",),
        options=("notes", "reference_docx", "source_date_epoch", "lang"),
    ),
    Format(
        "html", ".html", "convert.render.html", "convert.verify:read_html",
        engine_packages=("jinja2",),
        options=("notes", "template", "css", "source_date_epoch", "lang"),
    ),
    Format("json", ".json", "convert.render.json", "convert.verify:read_json", is_model=True),
    Format("md", ".md", "convert.render.markdown", "convert.verify:read_markdown", options=("lang",)),
)

#: format name -> its record, in the order the command line lists them
FORMATS: dict[str, Format] = {f.name: f for f in _FORMATS}

#: the user's options some format reads (each is part of the manifest's options key)
READ_OPTIONS: tuple[str, ...] = tuple(dict.fromkeys(o for f in _FORMATS for o in f.options))
#: the packages some format is made with (their versions are part of the manifest's options key)
#: (a format's other engines key the outputs they make by their own packages: see ``Format.engine``)
ENGINE_PACKAGES: tuple[str, ...] = tuple(dict.fromkeys(p for f in _FORMATS for p in f.engine_packages))

#: the options that name a user's file (the options key digests the file's content)
FILE_OPTIONS: tuple[str, ...] = tuple(f.name for f in fields(RenderOptions) if f.type == "Path | None")

_option_names = {f.name for f in fields(RenderOptions)}
assert set(READ_OPTIONS) <= _option_names, set(READ_OPTIONS) - _option_names


class UnknownFormat(ValueError):
    """A format name the registry does not know."""


def get_format(fmt: str) -> Format:
    """The registry's record of a format name."""
    try:
        return FORMATS[fmt]
    except KeyError:
        raise UnknownFormat(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})") from None


def get_renderer(fmt: str, options: RenderOptions | None = None) -> Renderer:
    """The ``render`` function for a format name (of the engine ``options`` choose)."""
    return get_format(fmt).renderer(options)


def extension(fmt: str) -> str:
    """The file extension for a format name, with its dot."""
    return get_format(fmt).extension


def companion_format(formats: list[str]) -> str | None:
    """The format among ``formats`` that the other outputs link to, if any."""
    return next((f for f in formats if get_format(f).companion), None)


def resolve(path: str) -> Any:
    """The object a ``"module:name"`` path names (the module is imported now)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def installed_version(dist: str) -> str | None:
    """The installed version of a distribution, or None when it is not installed."""
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None
