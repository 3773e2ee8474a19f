"""The HTML page that both the ``html`` and the ``pdf`` renderer start from.

This module turns a :class:`~convert.model.Document` into a *view*: plain
dicts of already-escaped inline HTML (:class:`markupsafe.Markup`), the
heading/note ids the parser settled, and the nesting of sections. A Jinja2
template (``templates/brief.html.j2`` or the user's ``--template``) lays the
view out; Jinja2 autoescaping is on, so text from the capture can never
become markup. Python owns escaping and ids; the template owns layout.

A user's template is Jinja code from outside the program, so it runs in
Jinja's immutable sandbox: it can read the view but not reach Python's
internals (``cycler.__init__.__globals__``...), call unsafe methods or change
the view's lists and dicts. What it tries and may not do, like any error it
raises, ends the render with :class:`TemplateFailed`, one line naming the
template and its line. The bundled template is the program's own and runs in
a plain environment (the sandbox would check every attribute it reads; its
page is the same either way, and a test pins that).

Two media share the template:

* ``"screen"``: the standalone HTML file (its CSS inlined, notes as a list at
  the end with links both ways);
* ``"print"``: the HTML WeasyPrint lays out. In footnote mode the text of a
  note is placed right after the call that carries it (settled by
  :mod:`.present`; after the link, for a call inside one), and
  ``float: footnote`` in the print stylesheet moves it to the foot of that
  page; notes never cited are listed at the end.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, assert_never
from urllib.parse import quote, urlsplit, urlunsplit

import jinja2
import jinja2.meta
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup, escape

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Caption,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    ListItem,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Table,
    TableCell,
    Text,
    inline_text,
    iter_note_refs,
)
from ..resources import templates_dir
from . import SHORT_TITLE_LENGTH, RenderOptions, document_language, short_title
from .present import Presentation, calls_in, presentation, safe_url, split_label
from .typography import curl_inlines, curl_text

Medium = Literal["screen", "print"]

TEMPLATE_NAME = "brief.html.j2"
#: the longest title the PDF's running head prints whole (about 110 fit its 122 mm at 7.5 pt)
RUNNING_HEAD_LENGTH = 100
GENERATOR = "briefpress"
_LIST_TYPE = {"decimal": "1", "lower-alpha": "a", "upper-alpha": "A", "lower-roman": "i", "upper-roman": "I"}


def is_safe_url(url: str) -> bool:
    """True for the only URLs that may become links (the presentation's rule: :func:`.present.safe_url`)."""
    return safe_url(url) is not None


# --------------------------------------------------------------------------- inlines


@dataclass(frozen=True)
class InlineContext:
    """What the inline walker needs to know beyond the node itself."""

    medium: Medium
    notes_by_id: dict[str, Note]
    # ids of the calls whose note text is printed right after them (print, footnote mode)
    footnote_at: frozenset[str] = frozenset()
    # the document's language: its quote marks (see :mod:`.typography`)
    lang: str | None = None


def render_inlines(inlines: tuple[Inline, ...], ctx: InlineContext, *, in_link: bool = False) -> Markup:
    """Inline content as escaped HTML, its quotes curled; every node type is handled or refused."""
    inlines = curl_inlines(inlines, ctx.lang)  # (a run once: the walk into its children finds them curled)
    return Markup("").join(render_inline(node, ctx, in_link=in_link) for node in inlines)


def render_inline(node: Inline, ctx: InlineContext, *, in_link: bool = False) -> Markup:
    match node:
        case Text():
            return escape(node.text)
        case Strong():
            return Markup("<strong>%s</strong>") % render_inlines(node.children, ctx, in_link=in_link)
        case Emphasis():
            return Markup("<em>%s</em>") % render_inlines(node.children, ctx, in_link=in_link)
        case Link():
            if node.children == (Text(node.url),):
                children = breakable_url(node.url, ctx.medium)
            else:
                children = render_inlines(node.children, ctx, in_link=True)
            if in_link:
                return children
            # A footnote carried by a call in the link follows the link (it may not sit in one).
            after = Markup("").join(
                _footnote(ctx.notes_by_id[ref.note_id], ctx)
                for ref in calls_in(node.children)
                if ref.id in ctx.footnote_at and ref.note_id in ctx.notes_by_id
            )
            if not is_safe_url(node.url):
                return children + after
            return Markup('<a href="%s">%s</a>') % (href(node.url), children) + after
        case NoteRef():
            return _note_ref(node, ctx, in_link=in_link)
        case _:
            assert_never(node)


#: joins two characters a line may not break between; draws nothing, extracts as nothing
WORD_JOINER = "\u2060"


# What an href may hold as it is (RFC 3986's unreserved and reserved characters, and
# escapes); anything else ("]" or "{" in a fragment, a space) is percent-encoded,
# or the HTML checker refuses the page: "Illegal character in fragment".
_HREF_SAFE = "/?:@!$&'()*+,;=-._~%"
_HREF_PLAIN = re.compile(r"[A-Za-z0-9/?:@!$&'()*+,;=\-._~%#]*")


def href(url: str) -> str:
    """``url`` as an href: itself when it is a valid URL already, else with the offending characters percent-encoded."""
    url = url.strip()
    if _HREF_PLAIN.fullmatch(url):
        return url
    parts = urlsplit(url)
    return urlunsplit(
        (
            parts.scheme,
            parts.netloc,
            quote(parts.path, safe=_HREF_SAFE),
            quote(parts.query, safe=_HREF_SAFE),
            quote(parts.fragment, safe=_HREF_SAFE),
        )
    )


_URL_BREAK = re.compile(r"(?<=/)(?!/)|(?=[.?&=#_%-])")


def url_pieces(url: str) -> list[str]:
    """``url`` in the pieces a line may break between: after its slashes and before its punctuation, its scheme whole.

    ``https://example.org/a-b`` → ``https://example.``, ``org/``, ``a``, ``-b``. A
    URL without a scheme is one piece. Joined, the pieces are the URL.
    """
    head, sep, rest = url.partition("://")
    if not sep:
        return [url]
    parts = [p for p in _URL_BREAK.split(rest) if p]
    return [head + sep + (parts[0] if parts else "")] + parts[1:]


def breakable_url(url: str, medium: Medium = "screen") -> Markup:
    """A URL shown as text, breakable after slashes and before punctuation, never inside its scheme.

    On screen the break opportunities are ``<wbr>`` elements (a copied URL stays
    clean); in print they are zero-width spaces, which WeasyPrint lays out about
    twice as fast as a thousand extra inline boxes and leaves out of the text layer.
    In print a word joiner (U+2060, also left out of the text layer) follows
    each hyphen and holds the scheme together: the line breaking of Unicode
    allows a break after a hyphen, and a line ending in "-" is one that
    pdftotext and other extractors join to the next without it, which would
    cut the hyphen out of a copied URL; the URL breaks before its hyphens
    instead. The scheme and its "://" are one unbreakable piece.
    """
    head, sep, _ = url.partition("://")
    if not sep:
        return escape(url)
    pieces = url_pieces(url)
    first = pieces[0][len(head + sep):]
    parts = ([first] if first else []) + pieces[1:]
    if medium == "print":
        joined = WORD_JOINER.join(head + sep) + "\u200b".join(parts).replace("-", "-" + WORD_JOINER)
        return escape(joined)
    return escape(head + sep) + Markup("<wbr>").join(escape(p) for p in parts)


def _note_ref(ref: NoteRef, ctx: InlineContext, *, in_link: bool) -> Markup:
    note = ctx.notes_by_id.get(ref.note_id) if ref.note_id else None
    if note is None or in_link:
        # No note to link to (or no nesting of links): the label stays visible as text.
        return Markup('<sup class="noteref noteref-unlinked" id="%s">%s</sup>') % (ref.id, ref.label)
    call = Markup(
        '<a class="noteref" href="#%s" id="%s" role="doc-noteref" aria-label="Note %s">%s</a>'
    ) % (note.id, ref.id, ref.label, ref.label)
    if ref.id in ctx.footnote_at:
        call += _footnote(note, ctx)
    return call


def _footnote(note: Note, ctx: InlineContext) -> Markup:
    """A note's text as a footnote, placed right after the call that carries it."""
    body = render_inlines(note.content, ctx)
    return Markup('<span class="footnote" id="%s" data-label="%s" role="doc-footnote">%s</span>') % (
        note.id,
        note.label,
        body,
    )


# --------------------------------------------------------------------------- blocks


def block_view(block: Block, ctx: InlineContext) -> dict[str, Any]:
    """One body block (not a heading) as a dict the template lays out by its ``kind``."""
    match block:
        case Paragraph():
            return {"kind": "paragraph", "html": render_inlines(block.content, ctx)}
        case OrderedList():
            return {
                "kind": "ordered_list",
                "start": block.start,
                "type": _LIST_TYPE[block.style],
                "style": block.style,
                "items": [item_view(item, ctx) for item in block.items],
            }
        case BulletList():
            return {"kind": "bullet_list", "items": [item_view(item, ctx) for item in block.items]}
        case BlockQuote():
            return {
                "kind": "block_quote",
                "paragraphs": [render_inlines(p.content, ctx) for p in block.content],
                # The attribution's words only: its dash is drawn by the stylesheet
                # (``.attribution::before``), so the page's text holds the capture's words.
                "attribution": render_inlines(block.attribution, ctx) if block.attribution else None,
            }
        case Table():
            return table_view(block, ctx)
        case Figure():
            return {"kind": "figure", "id": block.id, "captions": [caption_html(c, ctx) for c in block.captions]}
        case Heading():
            raise TypeError("headings open sections; they are not section content")
        case _:
            assert_never(block)


def table_view(table: Table, ctx: InlineContext) -> dict[str, Any]:
    """A table: its captions above and below, its header rows and body rows of cell HTML.

    The structure the template builds from it, and why: ``<table>`` can hold
    one ``<caption>``, and a caption printed under a table (its source) is not
    the table's title. So the captions above make the ``<caption>`` (the
    table's accessible name; each line its own block), and the captions below
    make the ``<figcaption>`` of a ``<figure class="table">`` wrapped around
    the table: a source stays tied to its table, in reading order after it.
    A ``<tfoot>`` would not do: WeasyPrint repeats it at the foot of every
    page the table spans, printing the source again on each. Header rows go in
    ``<thead>`` (WeasyPrint repeats them at the head of every page), with
    ``<th scope="col">`` cells; the table carries the id, for links to it.
    """
    above = [caption_html(c, ctx) for c in table.captions if not c.below]
    below = [caption_html(c, ctx) for c in table.captions if c.below]
    head = [[cell_view(cell, ctx) for cell in row.cells] for row in table.rows if row.header]
    body = [[cell_view(cell, ctx) for cell in row.cells] for row in table.rows if not row.header]
    return {
        "kind": "table",
        "id": table.id,
        # the accessible name of a table without a caption above it: "Table 2" (each unique on the page)
        "name": "Table " + table.id.rsplit("-", 1)[-1] if table.id.startswith("table-") else table.id,
        "columns": table.columns,
        "captions": above,
        "sources": below,
        "head": head,
        "rows": body,
    }


# A word longer than this (a URL, a hash, a chemical name) may be wider than its
# column: its cell may break it anywhere. Only such cells: a cell that may break
# anywhere has the width of one letter at its narrowest, and the browser's and
# WeasyPrint's automatic table layout then squeezed short columns to break their
# headings mid-word ("Spendin/g", measured) to give the long column more room.
LONG_WORD = 20


def cell_view(cell: TableCell, ctx: InlineContext) -> dict[str, Any]:
    """A table cell: its HTML, and whether it holds a word too long to keep whole (``long_words``)."""
    text = inline_text(cell.content)
    return {
        "html": render_inlines(cell.content, ctx),
        "long_words": any(len(word) > LONG_WORD for word in text.split()),
    }


def caption_html(caption: Caption, ctx: InlineContext) -> Markup:
    """A caption line as HTML, its label ("Table 1", "Source") set apart in a ``<span class="caption-label">``.

    The label is the start of the caption's own text; it is set apart only
    where it stands as plain text at the head of the line (not inside
    emphasis or a link), so no word moves and none is dropped.
    """
    label, rest = split_label(caption)
    if label is not None:
        return Markup('<span class="caption-label">%s</span>%s') % (label, render_inlines(rest, ctx))
    return render_inlines(caption.content, ctx)


def item_view(item: ListItem, ctx: InlineContext) -> dict[str, Any]:
    """One list item: its inline HTML and the blocks (sub-lists) laid out inside it."""
    return {"html": render_inlines(item.content, ctx), "blocks": [block_view(b, ctx) for b in item.children]}


def heading_view(heading: Heading, ctx: InlineContext, depth: int | None = None) -> dict[str, Any]:
    """A heading; ``depth`` is its section's depth in the outline (1 for a top-level section).

    The document title is the page's h1; a top-level section's heading is h2,
    and each nested section's one level down: a capture whose headings skip a
    level (a level-3 heading under a level-1 one, a document that starts at
    level 2) gives an outline without gaps (the HTML checker and axe's
    heading-order refuse one). The section keeps the capture's level as its
    class.
    """
    return {
        "id": heading.id,
        "level": heading.level,
        "tag": f"h{min((depth or heading.level) + 1, 6)}",
        "html": render_inlines(heading.content, ctx),
        "text": inline_text(curl_inlines(heading.content, ctx.lang)),
    }


def section_tree(doc: Document, ctx: InlineContext) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The flat body as (blocks before the first heading, nested sections)."""
    intro: list[dict[str, Any]] = []
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for block in doc.body:
        if isinstance(block, Heading):
            while stack and stack[-1]["heading"]["level"] >= block.level:
                stack.pop()
            section = {"heading": heading_view(block, ctx, len(stack) + 1), "blocks": [], "sections": []}
            (stack[-1]["sections"] if stack else roots).append(section)
            stack.append(section)
        else:
            (stack[-1]["blocks"] if stack else intro).append(block_view(block, ctx))
    return intro, roots


def note_view(note: Note, ctx: InlineContext) -> dict[str, Any]:
    return {
        "id": note.id,
        "label": note.label,
        "value": int(note.label) if note.label.isdigit() else None,
        "html": render_inlines(note.content, ctx),
        "ref_ids": list(note.ref_ids),
        "referenced": note.referenced,
    }


# --------------------------------------------------------------------------- the page


def source_links(doc: Document, options: RenderOptions, medium: Medium) -> list[dict[str, str]]:
    """The capture's links that lead somewhere, and on screen the PDF written beside the page.

    A capture that promised a PDF ("View full PDF") whose file is lost gets its
    promise kept: when the PDF is rendered too, the page links to it, under the
    capture's own words.
    """
    links = [
        {"text": curl_text(link.text, doc.meta.lang), "url": href(link.url), "kind": link.kind}
        for link in doc.meta.links
        if link.url and is_safe_url(link.url)
    ]
    if medium == "screen" and options.companion_pdf and not any(l["kind"] == "pdf" for l in links):
        promised = next((l.text for l in doc.meta.links if l.kind == "pdf"), "PDF version")
        links.insert(0, {"text": promised, "url": quote(options.companion_pdf), "kind": "pdf"})
    return links


def page_context(
    result: ParseResult,
    options: RenderOptions,
    medium: Medium,
    css: str = "",
    end_notes: frozenset[str] = frozenset(),
    shown: Presentation | None = None,
) -> dict[str, Any]:
    """Everything the page template gets.

    ``end_notes`` are ids of cited notes to print at the end even as footnotes
    are printed (the PDF renderer's choice for a note too long for the foot of
    a page); they come as ``long_notes``, apart from the notes nobody cites.
    ``shown`` is the document's :class:`~.present.Presentation` (settled here
    when not given): which call carries each footnote, the notes' headings,
    the description, keywords and dates.
    """
    doc = result.document
    shown = shown or presentation(doc, options)
    notes_mode = shown.placement
    known = doc.note_by_id()
    in_footnotes = medium == "print" and notes_mode == "foot"
    ctx = InlineContext(
        medium=medium,
        lang=doc.meta.lang,
        notes_by_id=known,
        footnote_at=(
            frozenset(call for note_id, call in shown.footnote_call.items() if note_id not in end_notes)
            if in_footnotes
            else frozenset()
        ),
    )
    intro, sections = section_tree(doc, ctx)
    placed = {known[ref.note_id].id for ref in iter_note_refs(doc) if ref.id in ctx.footnote_at and ref.note_id}
    unplaced = [n for n in doc.notes if n.id not in placed]
    to_end = end_notes if in_footnotes else frozenset()  # (with no footnotes, every note is listed anyway)
    long_notes = [note_view(n, ctx) for n in unplaced if n.id in to_end]
    listed = [note_view(n, ctx) for n in unplaced if n.id not in to_end]
    meta = doc.meta

    def curled(text: str | None) -> str | None:
        return curl_text(text, meta.lang) if text else text

    return {
        "medium": medium,
        "notes_mode": notes_mode,
        "lang": document_language(meta.lang, options),
        "title": curled(meta.title),
        # The PDF's running head spans the text column: it has room for most whole titles.
        "short_title": curled(short_title(meta.title, RUNNING_HEAD_LENGTH if medium == "print" else SHORT_TITLE_LENGTH)),
        "kicker": curled(meta.kicker),
        "subtitle": curled(meta.subtitle),
        "authors": [{"name": curled(a.name), "role": curled(a.role)} for a in meta.authors],
        "credits": [curled(c) for c in meta.credits],
        "fields": [{"name": curled(f.name), "value": curled(f.value)} for f in meta.fields],
        "date": shown.date_display,
        "date_iso": shown.date_iso,
        "image_caption": curled(meta.image_caption),
        "source_links": source_links(doc, options, medium),
        "description": shown.subject,
        "keywords": list(shown.keywords),
        "created": shown.created_w3c,
        "generator": GENERATOR,
        "intro": intro,
        "sections": sections,
        "notes": listed,
        "long_notes": long_notes,
        # In print footnote mode the listed notes are only those nobody cites.
        "notes_are_leftovers": in_footnotes,
        "notes_title": shown.notes_heading,
        # The heading of the "notes" list: in print footnote mode only the notes nobody cites are listed.
        "notes_heading": shown.uncited_heading if in_footnotes else shown.notes_heading,
        "css": Markup(css.replace("</", "<\\/")) if css else "",
    }


# --------------------------------------------------------------------------- templates


class TemplateFailed(ValueError):
    """A page template that cannot be compiled or rendered; ``str(err)`` is one line, ``TEMPLATE: line N: reason``."""


_environments: dict[tuple[str, ...], jinja2.Environment] = {}

_ENVIRONMENT_SETTINGS: dict[str, Any] = dict(
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def environment(template: Path | None) -> jinja2.Environment:
    """A (cached) Jinja2 environment; a user's template (sandboxed) may extend the bundled one."""
    search = [str(templates_dir())]
    if template is not None:
        search.insert(0, str(Path(template).resolve().parent))
    key = tuple(search)
    env = _environments.get(key)
    if env is None:
        # "briefpress/brief.html.j2" always names the bundled template, even
        # from a user's template of the same file name that extends it.
        loader = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(search),
                jinja2.PrefixLoader({"briefpress": jinja2.FileSystemLoader(str(templates_dir()))}),
            ]
        )
        kind = jinja2.Environment if template is None else ImmutableSandboxedEnvironment
        env = kind(loader=loader, **_ENVIRONMENT_SETTINGS)
        _environments[key] = env
    return env


def _template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an error came from (Jinja maps its frames back to the template's lines)."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.filename or exc.name, exc.lineno
    found: tuple[str | None, int | None] = (None, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if not frame.filename.endswith(".py"):
            found = (frame.filename, frame.lineno)
    return found


def template_failure(exc: Exception, template: Path | None) -> TemplateFailed:
    """The one-line error for a template that failed: which template, which line, why."""
    filename, line = _template_line(exc)
    where = filename or str(template or TEMPLATE_NAME)
    if line is not None:
        where += f": line {line}"
    message = str(exc).strip().splitlines()[0].rstrip(".") if str(exc).strip() else type(exc).__name__
    if isinstance(exc, SecurityError):
        return TemplateFailed(f"{where}: unsafe: {message}")
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateFailed(f"{where}: syntax error: {message}")
    if isinstance(exc, jinja2.TemplateNotFound):
        return TemplateFailed(f"{where}: template not found: {message}")
    if not isinstance(exc, jinja2.TemplateError):
        message = f"{type(exc).__name__}: {message}"
    return TemplateFailed(f"{where}: {message}")


def check_template(template: Path) -> None:
    """Compile a user's template and the templates it names outright (extends, includes) ahead of any render.

    :class:`TemplateFailed` if one cannot be found or compiled. Only that: what
    a template tries at run time (an unsafe attribute, an undefined variable)
    shows when a page is rendered.
    """
    env = environment(template)
    try:
        compiled = env.get_template(Path(template).name)
        source = Path(compiled.filename or template).read_text(encoding="utf-8")
        for name in jinja2.meta.find_referenced_templates(env.parse(source)):
            if name is not None:  # (None: a name computed at run time)
                env.get_template(name)
    except jinja2.TemplateError as exc:
        raise template_failure(exc, template) from None


def render_page(
    result: ParseResult,
    options: RenderOptions,
    medium: Medium,
    css: str = "",
    end_notes: frozenset[str] = frozenset(),
    shown: Presentation | None = None,
) -> str:
    """The HTML page for ``medium``, from the bundled template or ``options.template``."""
    env = environment(options.template)
    name = Path(options.template).name if options.template is not None else TEMPLATE_NAME
    context = page_context(result, options, medium, css, end_notes, shown)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as exc:
        raise template_failure(exc, options.template) from None
    except Exception as exc:
        if options.template is None:
            raise  # the bundled template failing is briefpress's own bug: keep the traceback
        raise template_failure(exc, options.template) from None
