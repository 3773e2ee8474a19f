"""The PDF renderer: the brief's print page, laid out by WeasyPrint.

It renders the page template for the ``"print"`` medium (see
:mod:`convert.render.page`), then hands it to WeasyPrint with the bundled
``fonts.css`` and ``print.css`` (plus the user's ``--css``). What it adds to
WeasyPrint:

* a URL fetcher that refuses the network and every file outside the bundled
  templates (and the folders of a user's own template and stylesheet): the
  capture is untrusted, and nothing it says may make the renderer fetch. A
  user's template is its own base: its relative URLs (a logo beside it)
  resolve against its folder;
* per-process caches of the font configuration and the parsed stylesheets,
  so that every document after the first costs about what WeasyPrint's own
  layout and PDF writing cost;
* the page read as XML where it is well-formed (the bundled template writes
  markup that is both HTML and XML): Python's expat builds the same tree as
  WeasyPrint's pure-Python HTML5 parser about 20 times faster (0.6 against
  13 ms for a benchmark capture's page), and any other page, a user's
  template for instance, goes through WeasyPrint's parser as before;
* four narrow adjustments of WeasyPrint, each scoped to this renderer's
  calls by a context variable: footnotes stay on their call's page
  (:mod:`.footnote_policy`), each footnote is laid out once per place rather
  than again for every note added to its page (:mod:`.footnote_area`),
  streams are deflated at zlib's default level rather than its slowest
  (:mod:`.compression`), and fonts subset by fontTools keep their own date
  (:mod:`.font_dates`). The WeasyPrint releases they were tested with are
  checked when this module is imported, and one that did not take hold in a
  render is reported on its PDF (:mod:`.engine`);
* a tagged PDF whatever the variant: running heads and page numbers are
  artifacts, footnotes are notes, the viewer shows the title and opens the
  outline (:mod:`.pdf_tags`, a fifth adjustment of WeasyPrint, reported as
  the others are);
* the archival variants (PDF/A-3b, PDF/UA-1) with the source capture and the
  model JSON attached;
* the document's metadata (title, authors, subject, keywords, dates) from
  the presentation (:mod:`.present`), the values the DOCX's core properties
  hold;
* fixed dates from ``options.source_date_epoch``, so that two runs give
  byte-identical files (with or without the HarfBuzz-Subset library).

It hands on a :class:`~convert.render.Rendered` with the PDF bytes, the page
count, a ``pdf-resource-refused`` diagnostic for every resource it refused
(whether the page or a stylesheet's ``@import`` or ``@font-face`` asked for
it) and a ``pdf-engine-degraded`` one for every adjustment that did not take
hold.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname
from xml.etree import ElementTree

from .engine import require_supported_weasyprint

# Before anything of WeasyPrint's is imported: an older release lacks some of
# it, and the one-line refusal is clearer than an ImportError.
require_supported_weasyprint()

import cssselect2  # noqa: E402
from weasyprint import CSS, HTML, Attachment  # noqa: E402
from weasyprint.formatting_structure.boxes import FootnoteAreaBox  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from ..model import Diagnostic, ParseResult  # noqa: E402
from ..modeljson import to_json  # noqa: E402
from ..resources import templates_dir  # noqa: E402
from . import Rendered, RenderOptions  # noqa: E402
from . import compression, font_dates, footnote_area, footnote_policy, pdf_tags  # noqa: E402
from .compression import default_compression  # noqa: E402
from .engine import COMPRESSION, FONT_DATES, FOOTNOTE_AREA, FOOTNOTE_POLICY, Probe, degraded  # noqa: E402
from .font_dates import fonttools_subsetting, keeping_font_dates  # noqa: E402
from .footnote_area import memoising_footnote_area  # noqa: E402
from .footnote_policy import keeping_footnotes_with_calls  # noqa: E402
from .page import render_page  # noqa: E402
from .pdf_tags import PDF_TAGS, mending_tags, took_hold  # noqa: E402
from .present import Presentation, footnote_calls, presentation  # noqa: E402

BUNDLED_STYLESHEETS = ("fonts.css", "print.css")
KEEP_FOOTNOTES_STYLESHEET = "print-keep-footnotes.css"
VARIANTS = {"pdf/a-3b", "pdf/ua-1"}


class ResourceRefused(ValueError):
    """The renderer would not fetch this URL (network, or a file outside the allowed folders)."""


class LocalOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads only files inside ``roots`` and refuses everything else.

    Refused URLs are remembered in :attr:`refused` (WeasyPrint itself only logs
    a warning and goes on without the resource).
    """

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file",))
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []
        self._lock = threading.Lock()

    def allows(self, url: str) -> Path | None:
        """The local file ``url`` names, if it may be read; otherwise ``None``."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def fetch(self, url, headers=None):
        path = self.allows(url)
        if path is None:
            with self._lock:
                self.refused.append(url)
            raise ResourceRefused(f"briefpress fetches no resources from outside its templates: {url}")
        mime, _ = mimetypes.guess_type(path.name)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime or "application/octet-stream"})


# --------------------------------------------------------------------------- per-process caches

_lock = threading.Lock()
_font_config: FontConfiguration | None = None
_stylesheets: dict[tuple, tuple[CSS, tuple[str, ...]]] = {}


def font_config() -> FontConfiguration:
    """The process's one font configuration (``@font-face`` rules register into it)."""
    global _font_config
    with _lock:
        if _font_config is None:
            _font_config = FontConfiguration()
        return _font_config


def parsed_stylesheet(path: Path, roots: tuple[Path, ...]) -> tuple[CSS, tuple[str, ...]]:
    """A parsed stylesheet and the URLs refused while parsing it, cached per process by path and modification time.

    ``@import`` and ``@font-face`` URLs are fetched while the stylesheet is
    parsed, once per process; the refusals are kept with it so that every
    document it styles reports them.
    """
    path = Path(path).resolve()
    stat = path.stat()
    key = (str(path), stat.st_mtime_ns, stat.st_size, roots)
    with _lock:
        cached = _stylesheets.get(key)
    if cached is not None:
        return cached
    fetcher = LocalOnlyFetcher(roots)
    css = CSS(
        string=path.read_text(encoding="utf-8"),
        base_url=path.parent.as_uri() + "/",
        url_fetcher=fetcher,
        font_config=font_config(),
    )
    parsed = (css, tuple(dict.fromkeys(fetcher.refused)))
    with _lock:
        _stylesheets[key] = parsed
    return parsed


def stylesheet(path: Path, roots: tuple[Path, ...]) -> CSS:
    """A parsed stylesheet, cached per process (see :func:`parsed_stylesheet`)."""
    return parsed_stylesheet(path, roots)[0]


def allowed_roots(options: RenderOptions) -> tuple[Path, ...]:
    """The folders the renderer may read: the bundled templates and the user's own template/CSS folders."""
    roots = [templates_dir()]
    for extra in (options.template, options.css):
        if extra is not None:
            roots.append(Path(extra).resolve().parent)
    return tuple(dict.fromkeys(roots))


def page_base_url(options: RenderOptions) -> str:
    """The folder the page's relative URLs resolve against: the user's template's own, else the bundled one."""
    folder = Path(options.template).resolve().parent if options.template is not None else templates_dir()
    return folder.as_uri() + "/"


def stylesheet_paths(options: RenderOptions, *, keep_footnotes: bool = False) -> list[Path]:
    """The stylesheets of a render, in cascade order: bundled, the footnote fix if asked for, then the user's."""
    names = BUNDLED_STYLESHEETS + ((KEEP_FOOTNOTES_STYLESHEET,) if keep_footnotes else ())
    paths = [templates_dir() / name for name in names]
    if options.css is not None:
        paths.append(Path(options.css))
    return paths


def stylesheets(options: RenderOptions, *, keep_footnotes: bool = False) -> list[CSS]:
    """The parsed stylesheets for a render (see :func:`stylesheet_paths`)."""
    roots = allowed_roots(options)
    return [stylesheet(path, roots) for path in stylesheet_paths(options, keep_footnotes=keep_footnotes)]


def refused_by_stylesheets(options: RenderOptions, *, keep_footnotes: bool = False) -> tuple[str, ...]:
    """The URLs the render's stylesheets asked for (``@import``, ``@font-face``) and were refused."""
    roots = allowed_roots(options)
    paths = stylesheet_paths(options, keep_footnotes=keep_footnotes)
    return tuple(url for path in paths for url in parsed_stylesheet(path, roots)[1])


# --------------------------------------------------------------------------- footnote placement


def displaced_footnotes(
    document, result: ParseResult, end_notes: frozenset[str] = frozenset()
) -> list[tuple[str, int, int]]:
    """Notes printed on another page than the call that carries them: ``(label, call page, note page)``, 1-based."""
    anchor_page: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            anchor_page.setdefault(name, number)
    wrong = []
    calls = footnote_calls(result.document)
    for note in result.document.notes:
        if note.id not in calls or note.id in end_notes:
            continue  # not a footnote: listed at the end
        call, printed = anchor_page.get(calls[note.id]), anchor_page.get(note.id)
        if call is not None and printed is not None and call != printed:
            wrong.append((note.label, call, printed))
    return wrong


def overflowing_footnotes(document) -> dict[str, int]:
    """Footnotes that run past the foot of their page, where no reader sees them: ``{note id: page}``, 1-based.

    WeasyPrint does not split a footnote across pages: one taller than the room
    the page allows for notes is drawn on regardless, down past the page's
    text area and its bottom edge.
    """
    found: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        box = page._page_box  # (WeasyPrint keeps a laid-out page's boxes here)
        limit = box.content_box_y() + box.height + 0.5  # px; half a pixel for rounding
        for area in box.children:
            if not isinstance(area, FootnoteAreaBox):
                continue
            for note in area.children:
                bottom = note.position_y + note.margin_top + note.border_height()
                note_id = note.element.get("id") if note.element is not None else None
                if note_id and bottom > limit:
                    found.setdefault(note_id, number)
    return found


# --------------------------------------------------------------------------- archival attachments


def attachments(result: ParseResult, options: RenderOptions, shown: Presentation | None = None) -> list[Attachment]:
    """The source capture (if given) and the model JSON, for the archival variants, dated as the PDF is."""
    moment = (shown or presentation(result.document, options)).created
    stem = Path(options.source_name).stem if options.source_name else "document"
    found: list[Attachment] = []
    if options.source_bytes is not None:
        found.append(
            Attachment(
                string=options.source_bytes,
                name=options.source_name or f"{stem}.txt",
                description="The plain-text capture this PDF was made from",
                created=moment,
                modified=moment,
                relationship="Source",
            )
        )
    found.append(
        Attachment(
            string=to_json(result).encode("utf-8"),
            name=f"{stem}.model.json",
            description="The briefpress document model (JSON) of the capture",
            created=moment,
            modified=moment,
            relationship="Data",
        )
    )
    return found


# --------------------------------------------------------------------------- metadata


def set_metadata(document, shown: Presentation) -> None:
    """The PDF's document information (and XMP) from the presentation, as the DOCX's core properties are.

    WeasyPrint would read them back from the page's ``<meta>`` elements, which
    the page template writes from the same presentation; they are set here
    too because a user's template may write others, and WeasyPrint splits a
    keyword at its commas (a section title "Costs, benefits" would become two
    keywords in the PDF and stay one in the DOCX).
    """
    meta = document.metadata  # (WeasyPrint's Document.metadata, read by write_pdf)
    meta.title = shown.title
    meta.authors = list(shown.authors)
    meta.description = shown.subject
    meta.keywords = list(shown.keywords)
    meta.created = meta.modified = shown.created_w3c


# --------------------------------------------------------------------------- the page


def xml_tree(page: str) -> ElementTree.Element | None:
    """The page's element tree when it is XML that WeasyPrint can take as it is, else None.

    That is: well-formed, rooted at an ``html`` element without namespace (as
    WeasyPrint's parser builds it), with no ``<base>`` (WeasyPrint reads it
    while parsing) and no entity declarations (nothing to expand).
    """
    if "<!ENTITY" in page:
        return None
    try:
        root = ElementTree.fromstring(page)
    except ElementTree.ParseError:
        return None
    if root.tag != "html" or root.find("head/base") is not None:
        return None
    return root


def page_document(page: str, base_url: str, fetcher: URLFetcher) -> HTML:
    """WeasyPrint's document for the page: its tree from :func:`xml_tree` where there is one."""
    root = xml_tree(page)
    if root is not None:
        # WeasyPrint's constructor parses what it is given and wraps the tree
        # for its selectors; it is given an empty page and the wrapped tree
        # replaces the empty one. Tests check the PDF is byte-identical.
        document = HTML(string="<html></html>", base_url=base_url, url_fetcher=fetcher)
        if hasattr(document, "wrapper_element") and hasattr(document, "etree_element"):
            document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
            document.etree_element = document.wrapper_element.etree_element
            return document
    return HTML(string=page, base_url=base_url, url_fetcher=fetcher)


# --------------------------------------------------------------------------- render


def reached_in_any(probes: list[Probe | None]) -> Probe | None:
    """One probe for several layouts: reached if WeasyPrint went through the adjustment in any of them."""
    if all(p is None for p in probes):
        return None
    return Probe(reached=any(p is not None and p.reached for p in probes))


def degraded_adjustments(
    policy: Probe | None, area: Probe | None, deflated: Probe | None, dated: Probe | None, tagged: Probe | None = None
) -> list[Diagnostic]:
    """A ``pdf-engine-degraded`` warning for each adjustment of WeasyPrint that did not take hold in a render."""
    found = (
        degraded(FOOTNOTE_POLICY, footnote_policy.AVAILABLE, policy),
        degraded(FOOTNOTE_AREA, footnote_area.AVAILABLE, area),
        degraded(COMPRESSION, compression.AVAILABLE, deflated),
        degraded(FONT_DATES, font_dates.AVAILABLE, dated, expected=fonttools_subsetting()),
        degraded(PDF_TAGS, pdf_tags.AVAILABLE, tagged) if tagged is not None else None,
    )
    return [d for d in found if d is not None]


def render(result: ParseResult, options: RenderOptions) -> Rendered:
    """The PDF of a parsed capture."""
    if options.pdf_variant is not None and options.pdf_variant not in VARIANTS:
        raise ValueError(f"unknown PDF variant {options.pdf_variant!r} (known: {', '.join(sorted(VARIANTS))})")
    fetcher = LocalOnlyFetcher(allowed_roots(options))
    shown = presentation(result.document, options)
    # Presentational hints: WeasyPrint honours <ol start> and <ol type> only with them.
    # Tagged whatever the variant (PDF/UA-1 requires it; see pdf_tags).
    pdf_options: dict = {"pdf_identifier": True, "presentational_hints": True, "pdf_tags": True}
    if options.pdf_variant is not None:
        pdf_options["pdf_variant"] = options.pdf_variant
        pdf_options["attachments"] = attachments(result, options, shown)

    refused: list[str] = []  # by the stylesheets, then by the page
    probes: dict[str, list[Probe | None]] = {"policy": [], "area": []}

    def lay_out(end_notes: frozenset[str], keep_footnotes: bool = False):
        page = render_page(result, options, "print", end_notes=end_notes, shown=shown)
        html = page_document(page, page_base_url(options), fetcher)
        refused.extend(refused_by_stylesheets(options, keep_footnotes=keep_footnotes))
        with keeping_footnotes_with_calls() as policy, memoising_footnote_area() as area:
            probes["policy"].append(policy)
            probes["area"].append(area)
            return html.render(
                font_config=font_config(), stylesheets=stylesheets(options, keep_footnotes=keep_footnotes), **pdf_options
            )

    diagnostics: list[Diagnostic] = []
    end_notes: frozenset[str] = frozenset()
    document = lay_out(end_notes)
    if options.notes == "foot":
        labels = {note.id: note.label for note in result.document.notes}
        # A note taller than the foot of a page allows would run off the page:
        # it prints with the notes at the end instead (its call links there) and
        # the pages are laid out again; that may push another such note onto a
        # page of its own, hence a few rounds.
        # Each check is run once per layout and its answer kept until the next.
        overflow = overflowing_footnotes(document)
        for _ in range(3):
            too_long = {k: v for k, v in overflow.items() if k not in end_notes}
            if not too_long:
                break
            end_notes |= frozenset(too_long)
            diagnostics.extend(
                Diagnostic(
                    "warning",
                    "pdf-note-too-long",
                    f"note {labels.get(note_id, note_id)} is too long for the foot of page {page}; "
                    "printed with the notes at the end",
                )
                for note_id, page in too_long.items()
            )
            document = lay_out(end_notes)
            overflow = overflowing_footnotes(document)
        displaced = displaced_footnotes(document, result, end_notes)
        if displaced:
            # The safety net, slower: lay the pages out again with each block a
            # one-column multicol box (see the stylesheet), for what
            # footnote_policy does not cover.
            document = lay_out(end_notes, keep_footnotes=True)
            diagnostics.append(
                Diagnostic("info", "pdf-footnotes-relaid", "laid out again to keep every footnote on its call's page")
            )
            displaced = displaced_footnotes(document, result, end_notes)
            overflow = overflowing_footnotes(document)
        for label, call_page, note_page in displaced:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "pdf-footnote-displaced",
                    f"note {label} is cited on page {call_page} but printed on page {note_page}",
                )
            )
        for note_id, page in overflow.items():
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "pdf-note-off-page",
                    f"note {labels.get(note_id, note_id)} runs past the foot of page {page}, where no reader sees it",
                )
            )
    set_metadata(document, shown)
    with default_compression() as deflated, keeping_font_dates() as dated, mending_tags() as mended:
        data = document.write_pdf(finisher=pdf_tags.finish, **pdf_options)
    diagnostics.extend(
        degraded_adjustments(
            reached_in_any(probes["policy"]), reached_in_any(probes["area"]), deflated, dated, took_hold(mended)
        )
    )
    diagnostics.extend(
        Diagnostic("warning", "pdf-resource-refused", f"refused to fetch {url}")
        for url in dict.fromkeys(refused + fetcher.refused)  # once each, however many layouts asked
    )
    return Rendered(data, len(document.pages), tuple(diagnostics))
