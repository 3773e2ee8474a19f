"""The DOCX renderer: the document model as a Word document a person can go on editing.

It opens a reference document (the bundled ``templates/reference.docx``, or
the user's own with ``--reference-docx``), empties its body, keeps its styles
(adding any of the house styles it lacks), and writes the model into it with
python-docx: front matter, body blocks in named styles, real footnotes with
the capture's own labels, real numbered and bulleted lists, external
hyperlinks, core properties, a running header and a page-number footer. The
raw XML python-docx has no API for lives in :mod:`convert.render.ooxml`.

It hands on the ``.docx`` bytes and its diagnostics (characters XML cannot
hold, links that were not safe to make).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import assert_never

import docx
from docx.document import Document as WordDocument

from ..model import (
    BlockQuote,
    BulletList,
    Diagnostic,
    Document,
    Emphasis,
    Heading,
    Inline,
    Link,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Text,
)
from ..resources import templates_dir
from . import Rendered, RenderOptions, short_title
from . import ooxml
from .present import presentation

REFERENCE_NAME = "reference.docx"

#: The styles the renderer uses, by the name Word knows them by.
STYLE_NAMES = (
    "Normal", "Title", "Subtitle", "Kicker", "Author", "Author Role", "Date", "Source Link", "Front Matter End",
    "Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet", "Quote",
    "Footnote Text", "Footnote Reference", "Endnote Text", "Endnote Reference", "Uncited Note",
    "Hyperlink", "Header", "Footer",
)


def render(result: ParseResult, options: RenderOptions) -> Rendered:
    """The DOCX of ``result.document``; see the module docstring."""
    writer = _DocxWriter(result.document, options)
    return Rendered(writer.write(), None, writer.diagnostics())


def reference_path(options: RenderOptions) -> Path:
    """The reference document to take styles and page setup from."""
    return options.reference_docx or templates_dir() / REFERENCE_NAME


class BadReferenceDocx(ValueError):
    """The ``--reference-docx`` file is not a Word document python-docx can open."""


def open_reference(options: RenderOptions) -> WordDocument:
    """The reference document opened for writing into (see :func:`reference_path`).

    Without the bundled file (a damaged install) the same document is built in memory.
    """
    path = reference_path(options)
    if options.reference_docx is None and not path.is_file():
        return new_reference_document()
    try:
        return docx.Document(str(path))
    except Exception as exc:  # python-docx raises several kinds for a file it cannot read
        raise BadReferenceDocx(f"reference document {path} cannot be used: {exc}") from exc


def new_reference_document() -> WordDocument:
    """The bundled reference document, built from python-docx's default one (see tools/)."""
    return ooxml.make_reference_document(docx.Document())


# --------------------------------------------------------------------------- the writer


class _DocxWriter:
    """Writes one document model into one Word document; used once."""

    def __init__(self, document: Document, options: RenderOptions) -> None:
        self.model = document
        self.options = options
        self.shown = presentation(document, options)  # footnote calls, uncited notes, properties
        self.notes = document.note_by_id()
        self.note_kind = ooxml.ENDNOTES if options.notes == "end" else ooxml.FOOTNOTES
        self.removed_chars: list[str] = []
        self.unsafe_links: list[str] = []
        self.next_note_id = 1
        self.next_bookmark_id = 0
        self.noted: set[str] = set()  # ids of notes that already have their footnote

    # -- public

    def write(self) -> bytes:
        self.word = open_reference(self.options)
        self.document_part = self.word.part
        ooxml.clear_body(self.word.element.body)
        self.style = ooxml.resolve_styles(self.word.styles.element, STYLE_NAMES)
        self.notes_part = ooxml.attach_notes_part(self.document_part, self.note_kind)
        ooxml.declare_separator_notes(self.word.settings.element, self.note_kind)
        self.numbering = ooxml.ListNumbering(ooxml.attach_numbering_part(self.document_part).element)

        body = self.word.element.body
        self._front_matter(body)
        for block in self.model.body:
            self._block(body, block)
        self._uncited_notes(body)
        self._header_and_footer()
        self._core_properties()

        out = io.BytesIO()
        self.word.save(out)
        data = out.getvalue()
        if self.options.source_date_epoch is not None:
            data = ooxml.fix_zip_timestamps(data, self.options.source_date_epoch)
        return data

    def diagnostics(self) -> tuple[Diagnostic, ...]:
        found: list[Diagnostic] = []
        if self.removed_chars:
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in self.removed_chars}))
            found.append(Diagnostic(
                "warning", "xml-illegal-char",
                f"removed {len(self.removed_chars)} character(s) that XML 1.0 cannot hold ({codes})",
            ))
        for url in self.unsafe_links:
            found.append(Diagnostic("warning", "unsafe-link", f"link to {url!r} written as text, not a hyperlink"))
        return tuple(found)

    # -- text

    def clean(self, text: str) -> str:
        """``text`` fit for XML; what had to go is remembered for the diagnostics."""
        bad = ooxml.xml_illegal_chars(text)
        if not bad:
            return text
        self.removed_chars.extend(bad)
        return ooxml.xml_safe(text)

    # -- front matter

    def _front_matter(self, body) -> None:
        meta = self.model.meta
        if meta.kicker:
            self._simple(body, "Kicker", meta.kicker)
        self._simple(body, "Title", meta.title)
        if meta.subtitle:
            self._simple(body, "Subtitle", meta.subtitle)
        for author in meta.authors:
            self._simple(body, "Author", author.name)
            if author.role:
                self._simple(body, "Author Role", author.role)
        for credit in meta.credits:
            self._simple(body, "Author Role", credit)
        if self.shown.date_display:
            self._simple(body, "Date", self.shown.date_display)
        for field in meta.fields:
            self._simple(body, "Date", f"{field.name}: {field.value}" if field.name else field.value)
        for link in meta.links:
            target = ooxml.safe_link_target(link.url) if link.url else None
            if target:  # a source link that lost its URL promises nothing: left out
                p = ooxml.add_paragraph(body, self.style["Source Link"])
                hyperlink = ooxml.add_hyperlink(p, self.document_part, target)
                ooxml.add_run(hyperlink, self.clean(link.text), style_id=self.style["Hyperlink"])
        ooxml.add_paragraph(body, self.style["Front Matter End"])

    def _simple(self, container, style: str, text: str):
        p = ooxml.add_paragraph(container, self.style[style])
        ooxml.add_run(p, self.clean(text))
        return p

    # -- blocks

    def _block(self, body, block, depth: int = 0) -> None:
        """One body block; ``depth`` is a list's nesting depth, its items' ``w:ilvl`` (0 at the top, 1 below …)."""
        match block:
            case Heading(level=level, id=heading_id, content=content):
                p = ooxml.add_paragraph(body, self.style[f"Heading {min(max(level, 1), 3)}"])
                self._inlines(p, content, self.document_part)
                name = _bookmark_name(heading_id)
                if name:
                    ooxml.add_bookmark(p, self.next_bookmark_id, name)
                    self.next_bookmark_id += 1
            case Paragraph(content=content):
                p = ooxml.add_paragraph(body, self.style["Normal"])
                self._inlines(p, content, self.document_part)
            case OrderedList(start=start, items=items, style=style):
                num_id = self.numbering.add(ordered=True, start=start, style=style, level=depth)
                self._list_items(body, items, "List Number", num_id, depth)
            case BulletList(items=items):
                num_id = self.numbering.add(ordered=False, level=depth)
                self._list_items(body, items, "List Bullet", num_id, depth)
            case BlockQuote(content=paragraphs):
                for para in paragraphs:
                    p = ooxml.add_paragraph(body, self.style["Quote"])
                    self._inlines(p, para.content, self.document_part)
            case _:
                assert_never(block)

    def _list_items(self, body, items, style: str, num_id: int, depth: int) -> None:
        # Word has no list inside a paragraph: a sub-list is the paragraphs right
        # after its item's, numbered by a definition of their own one level deeper.
        for item in items:
            p = ooxml.add_paragraph(body, self.style[style])
            ooxml.set_numbering(p, num_id, depth)
            self._inlines(p, item.content, self.document_part)
            for child in item.children:
                # (lists nested deeper than Word's last level stay on it)
                self._block(body, child, min(depth + 1, ooxml.MAX_LIST_LEVEL))

    # -- inlines

    def _inlines(self, parent, inlines: tuple[Inline, ...], part, *, bold=False, italic=False,
                 in_link=False, in_note=False) -> None:
        for node in inlines:
            match node:
                case Text(text=text):
                    style = self.style["Hyperlink"] if in_link else None
                    ooxml.add_run(parent, self.clean(text), style_id=style, bold=bold, italic=italic)
                case Strong(children=children):
                    self._inlines(parent, children, part, bold=True, italic=italic, in_link=in_link,
                                  in_note=in_note)
                case Emphasis(children=children):
                    self._inlines(parent, children, part, bold=bold, italic=True, in_link=in_link,
                                  in_note=in_note)
                case Link(url=url, children=children):
                    children = children or (Text(url),)
                    target = None if in_link else ooxml.safe_link_target(url)
                    if target is None:
                        if not in_link:
                            self.unsafe_links.append(url)  # reported with repr(), never written
                        self._inlines(parent, children, part, bold=bold, italic=italic, in_link=in_link,
                                      in_note=in_note)
                    else:
                        hyperlink = ooxml.add_hyperlink(parent, part, target)
                        self._inlines(hyperlink, children, part, bold=bold, italic=italic, in_link=True,
                                      in_note=in_note)
                case NoteRef():
                    self._note_ref(parent, node, in_note)
                case _:
                    assert_never(node)

    def _note_ref(self, parent, ref: NoteRef, in_note: bool) -> None:
        """A real footnote at the call the presentation says carries it; a superscript label anywhere else.

        Other calls of the note, calls of a note the capture lacks, and calls
        inside a note all print the label alone, in the Footnote Reference
        style: no footnote is invented or duplicated.
        """
        label = self.clean(ref.label)
        note = self.notes.get(ref.note_id) if ref.note_id else None
        ref_style = self.style[self.note_kind.reference_style]
        if note is None or in_note or note.id in self.noted or not self.shown.carries_footnote(ref):
            ooxml.add_run(parent, label, style_id=ref_style)
            return
        self.noted.add(note.id)
        note_id = self.next_note_id
        self.next_note_id += 1
        ooxml.add_note_reference(parent, self.note_kind, note_id, label, ref_style)
        element = ooxml.add_note(self.notes_part, self.note_kind, note_id)
        p = ooxml.add_paragraph(element, self.style[self.note_kind.text_style])
        ooxml.add_run(p, self.clean(note.label), style_id=ref_style)
        ooxml.add_run(p, " ")
        self._inlines(p, note.content, self.notes_part, in_note=True)

    # -- notes nobody cites

    def _uncited_notes(self, body) -> None:
        """Notes nobody cites go at the end, under a heading of their own (as in every format)."""
        left = self.shown.uncited
        if not left:
            return
        self._simple(body, "Heading 1", self.shown.uncited_heading)
        for note in left:
            self._uncited_note(body, note)

    def _uncited_note(self, body, note: Note) -> None:
        p = ooxml.add_paragraph(body, self.style["Uncited Note"])
        name = _bookmark_name(note.id)
        ooxml.add_run(p, self.clean(note.label))
        ooxml.add_run(p, "\t")
        self._inlines(p, note.content, self.document_part, in_note=True)
        if name:
            ooxml.add_bookmark(p, self.next_bookmark_id, name)
            self.next_bookmark_id += 1

    # -- page furniture and properties

    def _header_and_footer(self) -> None:
        """A running header (short title, kicker) and a "page N of M" footer, unless the reference has its own.

        The first page (the title's) carries the page number but no running header.
        """
        section = self.word.sections[-1]
        if not section.header.is_linked_to_previous or not section.footer.is_linked_to_previous:
            return  # the reference document's own header/footer win, as with pandoc
        section.different_first_page_header_footer = True
        header = section.header
        header.is_linked_to_previous = False
        hdr = ooxml.clear_story(header._element)
        p = ooxml.add_paragraph(hdr, self.style["Header"])
        ooxml.add_run(p, self.clean(short_title(self.model.meta.title)))
        if self.model.meta.kicker:  # as the PDF: the short title left, the kicker right
            ooxml.add_run(p, "\t\t")
            ooxml.add_run(p, self.clean(self.model.meta.kicker.upper()), bold=True)
        for footer in (section.footer, section.first_page_footer):
            footer.is_linked_to_previous = False
            ftr = ooxml.clear_story(footer._element)
            p = ooxml.add_paragraph(ftr, self.style["Footer"])
            ooxml.add_field(p, "PAGE", "1")
            ooxml.add_run(p, " of ")
            ooxml.add_field(p, "NUMPAGES", "1")
        first_header = section.first_page_header
        first_header.is_linked_to_previous = False
        ooxml.add_paragraph(ooxml.clear_story(first_header._element), self.style["Header"])

    def _core_properties(self) -> None:
        """Title, authors, subject, keywords and dates as the PDF's metadata has them (the presentation's)."""
        meta = self.model.meta
        shown = self.shown
        props = self.word.core_properties
        ooxml.clear_core_properties(props)
        props.title = _prop(self.clean(shown.title))
        names = "; ".join(shown.authors)  # (Word's separator: its Info pane shows one author each)
        if names:
            props.author = _prop(self.clean(names))
            props.last_modified_by = _prop(self.clean(names))
        props.subject = _prop(self.clean(shown.subject))
        props.keywords = _prop(self.clean(shown.keywords_text))
        if meta.kicker:
            props.category = _prop(self.clean(meta.kicker))
        if self.options.source_name:
            props.comments = _prop(self.clean(f"Converted by briefpress from {self.options.source_name}"))
        props.language = _prop(self.clean(meta.lang))
        props.revision = 1
        props.created = shown.created
        props.modified = shown.created


def _prop(text: str) -> str:
    """Core properties hold at most 255 characters."""
    return text if len(text) <= 255 else text[:254] + "\u2026"


def _bookmark_name(element_id: str) -> str | None:
    """A Word bookmark name for a model id (letters, digits, underscores; 40 at most)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", element_id)[:40]
    if not name or not name[0].isalpha():
        return None
    return name

