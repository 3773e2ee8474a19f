"""The DOCX renderer: the document model as a Word document a person can go on editing.

It opens a reference document (the bundled ``templates/reference.docx``, or
the user's own with ``--reference-docx``), empties its body, keeps its styles
(adding any of the house styles it lacks), and writes the model into it with
python-docx: front matter, body blocks in named styles, real footnotes with
the capture's own labels, real numbered and bulleted lists, real tables
(header rows repeated on every page, rows kept whole) with their captions,
a figure's caption in place of its image, a quote's attribution, external
hyperlinks, core properties, a running header and a page-number footer. The
raw XML python-docx has no API for lives in :mod:`convert.render.ooxml`.

It hands on the ``.docx`` bytes and its diagnostics (characters XML cannot
hold, links that were not safe to make).
"""

from __future__ import annotations

import io
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import assert_never

import docx
from docx.document import Document as WordDocument
from docx.shared import Emu, Twips

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Caption,
    Diagnostic,
    Document,
    Emphasis,
    Figure,
    Heading,
    Inline,
    Link,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Table,
    Text,
    inline_text,
)
from ..resources import templates_dir
from . import Rendered, RenderOptions, short_title
from . import fontblocks, ooxml
from .present import presentation, split_label
from .typography import curl_inlines, curl_text

REFERENCE_NAME = "reference.docx"

#: The styles the renderer uses, by the name Word knows them by.
STYLE_NAMES = (
    "Normal", "Title", "Subtitle", "Kicker", "Author", "Author Role", "Date", "Source Link", "Front Matter End",
    "Heading 1", "Heading 2", "Heading 3", "List Number", "List Bullet", "Quote", "Quote Attribution",
    "Caption", "Brief Table", "Table Text", "Table Heading", "Table End",
    "Footnote Text", "Footnote Reference", "Endnote Text", "Endnote Reference", "Uncited Note",
    "Hyperlink", "Header", "Footer",
)

#: What opens a quote's attribution (the model holds its words without the dash): an em dash and an en space.
ATTRIBUTION_DASH = "\u2014\u2002"


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
        self.next_number = 1  # the number Word gives the next note it numbers (see ooxml.add_note_reference)
        self.next_bookmark_id = 0
        self.noted: set[str] = set()  # ids of notes that already have their footnote
        # the text's language (--lang, else the capture's), with the region Word wants for a bare tag
        self.language = ooxml.word_language(self.shown.lang)

    # -- public

    def write(self) -> bytes:
        self.word = open_reference(self.options)
        self.document_part = self.word.part
        ooxml.clear_body(self.word.element.body)
        self.style = ooxml.resolve_styles(self.word.styles.element, STYLE_NAMES)
        ooxml.set_language(self.word.styles.element, self.word.settings.element, self.language)
        self.notes_part = ooxml.attach_notes_part(self.document_part, self.note_kind)
        ooxml.declare_separator_notes(self.word.settings.element, self.note_kind)
        self.numbering = ooxml.ListNumbering(ooxml.attach_numbering_part(self.document_part).element)

        body = self.word.element.body
        self._front_matter(body)
        for block in self.model.body:
            self._block(body, block)
        self._uncited_notes(body)
        self._endnotes_heading(body)
        self._header_and_footer()
        self._core_properties()
        ooxml.embed_fonts(self.document_part, self.word.settings.element,
                          house_faces(self.word.styles.element, self._characters()))

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
        self._simple(body, "Title", keep_last_words(meta.title))
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
        ooxml.add_run(p, self.clean(curl_text(text, self.model.meta.lang)))
        return p

    # -- blocks

    def _block(self, body, block: Block, depth: int = 0) -> None:
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
            case BlockQuote(content=paragraphs, attribution=attribution):
                p = None
                for para in paragraphs:
                    p = ooxml.add_paragraph(body, self.style["Quote"])
                    self._inlines(p, para.content, self.document_part)
                if attribution:
                    if p is not None:
                        ooxml.keep_with_next(p)  # the quote's last lines stay with who said them
                    p = ooxml.add_paragraph(body, self.style["Quote Attribution"])
                    ooxml.add_run(p, ATTRIBUTION_DASH)
                    self._inlines(p, attribution, self.document_part)
            case Table():
                self._table(body, block)
            case Figure(captions=captions):
                # There is no image: its caption stands in its place, the lines kept together.
                for n, caption in enumerate(captions, start=1):
                    p = self._caption(body, caption)
                    if n < len(captions):
                        ooxml.keep_with_next(p)
            case _:
                assert_never(block)

    def _table(self, body, table: Table) -> None:
        """A table's captions above it, a Word table of its rows, its captions below.

        The table is python-docx's (``add_table``, which puts it at the end of
        the body, where ``body`` is: tables are blocks of the body alone) in
        the Brief Table style; header rows repeat on every page the table runs
        onto, no row splits across pages, and the cells' text goes through the
        same inline writer as a paragraph's, so a note call in a cell is a real
        footnote. An empty Table End paragraph closes it (see the style).
        """
        above = [c for c in table.captions if not c.below]
        below = [c for c in table.captions if c.below]
        for caption in above:
            ooxml.keep_with_next(self._caption(body, caption))  # a title never ends a page without its table
        columns = table.columns
        if columns:  # (a table of no cells is its captions alone: Word refuses a table without a cell)
            word_table = self.word.add_table(rows=len(table.rows), cols=columns)
            tbl = word_table._tbl
            ooxml.set_table_style(tbl, self.style.get("Brief Table"))
            ooxml.span_text_column(tbl)
            widths = [Twips(w) for w in column_widths(table, self._text_width())]
            for column, width in zip(word_table.columns, widths):
                column.width = width
            last = len(table.rows) - 1
            for n, (row, word_row) in enumerate(zip(table.rows, word_table.rows)):
                ooxml.set_row_properties(word_row._tr, header=row.header)
                style = self.style["Table Heading" if row.header else "Table Text"]
                for cell, word_cell, width in zip(row.cells, word_row.cells, widths):
                    word_cell.width = width
                    p = ooxml.cell_paragraph(word_cell._tc, style)
                    self._inlines(p, cell.content, self.document_part)
                    if n == last and below:
                        ooxml.keep_with_next(p)  # the last row stays with the source under it
        for caption in below:
            self._caption(body, caption)
        if columns:
            ooxml.add_paragraph(body, self.style["Table End"])

    def _text_width(self) -> int:
        """The width of the text column in twips (the last section's page less its margins)."""
        section = self.word.sections[-1]
        page = section.page_width or Twips(ooxml.PAGE["width"])
        left = section.left_margin if section.left_margin is not None else Twips(ooxml.PAGE["left"])
        right = section.right_margin if section.right_margin is not None else Twips(ooxml.PAGE["right"])
        return Emu(max(page - left - right, Twips(1440))).twips

    def _caption(self, body, caption: Caption):
        """A caption line in the Caption style, its label ("Table 1", "Source") in bold; return the paragraph."""
        p = ooxml.add_paragraph(body, self.style["Caption"])
        label, rest = split_label(caption)
        if label:
            ooxml.add_run(p, self.clean(label), bold=True)
        self._inlines(p, rest, self.document_part)
        return p

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
        for node in curl_inlines(inlines, self.model.meta.lang):  # typographic quotes (a run once)
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
        custom = label != str(self.next_number)  # Word numbers it unless its label is not Word's number
        if not custom:
            self.next_number += 1
        ooxml.add_note_reference(parent, self.note_kind, note_id, label, ref_style, custom=custom)
        element = ooxml.add_note(self.notes_part, self.note_kind, note_id)
        p = ooxml.add_paragraph(element, self.style[self.note_kind.text_style])
        ooxml.add_note_mark(p, self.note_kind, self.clean(note.label), ref_style, custom=custom)
        ooxml.add_run(p, " ")
        self._inlines(p, note.content, self.notes_part, in_note=True)

    # -- endnotes and notes nobody cites

    def _endnotes_heading(self, body) -> None:
        """With endnotes, the notes heading as the body's last paragraph: the endnotes follow it.

        Word and LibreOffice print endnotes right after the document's last
        paragraph, so the notes nobody cites, which are paragraphs of the body,
        come before the heading. (Word can print a section's endnotes at its
        end and go on with another section after them; LibreOffice 7.4 cannot,
        and puts them after everything on a page of their own.)
        """
        if self.note_kind is ooxml.ENDNOTES and self.noted:
            self._simple(body, "Heading 1", self.shown.notes_heading)
            ooxml.number_endnotes_in_section(body.sectPr)

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

    def _characters(self) -> str:
        """Every character the document shows (its stories' text, list markers), and those every document keeps."""
        return "".join(sorted(set(EVERY_DOCUMENT_CHARACTERS) | ooxml.shown_characters(self.document_part.package)))

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
        props.language = _prop(self.clean(self.language))
        props.revision = 1
        props.created = shown.created
        props.modified = shown.created


# --------------------------------------------------------------------------- the house fonts

#: The house families' faces carried in the DOCX (templates/fonts/, SIL Open Font License):
#: the four faces Word links to a family (regular, bold, italic, bold italic); the sans has no bold italic.
HOUSE_FACES = (
    (ooxml.BODY_FONT, "regular", "SourceSerifPro-Regular.ttf"),
    (ooxml.BODY_FONT, "bold", "SourceSerifPro-Bold.ttf"),
    (ooxml.BODY_FONT, "italic", "SourceSerifPro-It.ttf"),
    (ooxml.BODY_FONT, "bold-italic", "SourceSerifPro-BoldIt.ttf"),
    (ooxml.HEADING_FONT, "regular", "SourceSansPro-Regular.ttf"),
    (ooxml.HEADING_FONT, "bold", "SourceSansPro-Bold.ttf"),
    (ooxml.HEADING_FONT, "italic", "SourceSansPro-It.ttf"),
)
#: Characters every embedded face keeps, whatever the document holds, so a person editing
#: it in Word writes in the same face: printable ASCII and the typographic punctuation
#: of English text.
EVERY_DOCUMENT_CHARACTERS = (
    "".join(chr(c) for c in range(0x20, 0x7F)) + "\u00a0\u00a9\u00ae\u00b0\u00b7\u00e9"
    "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u2032\u2033\u20ac"
)


def house_faces(styles_element, characters: str) -> list[ooxml.EmbeddedFace]:
    """The house faces to embed, each cut down to ``characters``: only for the families the styles name.

    A user's reference document whose styles name other fonts gets none;
    without the bundled font files (a damaged install) none either, and
    Word and LibreOffice substitute by the font table's family.
    """
    named = ooxml.named_fonts(styles_element)
    faces = []
    for family, style, filename in HOUSE_FACES:
        path = templates_dir() / "fonts" / filename
        if family in named and path.is_file():
            faces.append(ooxml.EmbeddedFace(family, style, subset_font(path, characters)))
    return faces


#: The characters a prepared face keeps (see :func:`_prepared_font`): Latin with its accents,
#: Greek, general punctuation, currency, letterlike symbols, arrows, mathematical operators.
PREPARED_REPERTOIRE = "".join(chr(c) for lo, hi in (
    (0x20, 0x24F), (0x300, 0x36F), (0x370, 0x3FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x20A0, 0x20CF),
    (0x2100, 0x214F), (0x2190, 0x21FF), (0x2200, 0x22FF), (0xFB00, 0xFB06),
) for c in range(lo, hi + 1))


@cache
def _prepared_font(path: Path, whole: bool = False) -> bytes:
    """The font at ``path`` cut to :data:`PREPARED_REPERTOIRE` (``whole``: all of it) without layout tables.

    Made once per process: a document's subset is cut from this smaller
    font, which takes a sixth of the time of cutting it from the whole.
    """
    return _subset(path.read_bytes(), None if whole else PREPARED_REPERTOIRE)


#: The blocks every document's faces hold (:mod:`.fontblocks`): those of the characters every document may show.
_BASE_BLOCKS = fontblocks.blocks(map(ord, EVERY_DOCUMENT_CHARACTERS))


def subset_font(path: Path, characters: str) -> bytes:
    """The TrueType font at ``path`` with the glyphs of the blocks of ``characters``, without its layout tables.

    Whole blocks of code points (:mod:`.fontblocks`): documents of one script
    ask for the same blocks, and the subset is cut once per process for them
    (cutting each document's own cost 0.1 s, four fifths of a DOCX's time).

    Its names and embedding permission stay: Word and LibreOffice find an
    embedded face by its family name, and LibreOffice loads it only where
    the font's OS/2 ``fsType`` allows (the Source fonts: installable). The
    OpenType layout tables (GSUB, GPOS, GDEF: ligatures and kerning) go:
    Word applies neither unless asked, they are half of a subset's size,
    and reading them was nine tenths of the time a subset took.
    """
    whole = not set(characters) <= _PREPARED
    return _block_font(path, fontblocks.blocks(map(ord, characters), _BASE_BLOCKS), whole)


_PREPARED = frozenset(PREPARED_REPERTOIRE)


@lru_cache(maxsize=64)
def _block_font(path: Path, blocks: tuple[int, ...], whole: bool) -> bytes:
    """The prepared font at ``path`` (``whole``: all of it) cut to the code points of ``blocks``."""
    return _subset(_prepared_font(path, whole), "".join(map(chr, fontblocks.codepoints(blocks))))


def _subset(data: bytes, characters: str | None) -> bytes:
    """``data`` (a TrueType font) with the glyphs of ``characters`` (``None``: every glyph), no layout tables."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.notdef_outline = True
    options.recalc_timestamp = False  # (the same document, the same bytes)
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE"]
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    subsetter = subset.Subsetter(options)
    if characters is None:
        subsetter.populate(gids=range(len(font.getGlyphOrder())))
    else:
        subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def keep_last_words(title: str) -> str:
    """``title`` with its last two words joined by a no-break space, so its last line is never one word alone.

    (Word and LibreOffice cannot balance a heading's lines; the PDF's title
    wraps in the same width.) A title of three words or fewer, or ending in
    a long pair, is left as it is.
    """
    head, space, last = title.rstrip().rpartition(" ")
    if not space or head.count(" ") < 2 or len(head.rsplit(" ", 1)[-1]) + len(last) > 24:
        return title
    return f"{head}\u00a0{last}"


#: How wide a character of the table's text is, on average, in twips: the
#: Table Text style's 8.5 pt sans at about 0.55 em (digits are 0.556 em in
#: Arial; a bold heading a little wider), rounded up.
CHAR_TWIPS = 100
#: The room a cell takes beside its text: the Brief Table style's right cell margin (113) and a little slack.
CELL_PADDING_TWIPS = 160
#: A word longer than this (a URL, a hash) is broken anywhere, so it asks no more room than this.
_WRAP_AT = 60
#: A cell this short ("Item 12", "$45.6 million") is kept on one line: the floor
#: the HTML and PDF give a cell (print.css, ``td { min-width: 6rem }``), in characters.
_KEEP_WHOLE = 16


def column_widths(table: Table, text_width: int) -> list[int]:
    """The width of each column in twips, filling ``text_width``, from the text the column holds.

    Equal columns would give a column of years as much room as one of
    sentences and wrap "2021" in two. As a browser lays out an automatic
    table (so the DOCX agrees with the PDF and the HTML): each column asks
    for its longest cell on one line and needs at least its longest word
    (at most ``_WRAP_AT`` characters) and its short cells whole (up to
    ``_KEEP_WHOLE`` characters). When all fit, each gets what it asks
    and the room left is shared in proportion; when not, each gets its
    longest word and the rest is shared in proportion to what each column
    asks beyond it, so a column of long paragraphs takes most of the room
    and a column of short labels wraps little; when not even the words fit,
    the words are squeezed in proportion.
    """
    columns = table.columns
    asks = [0] * columns
    needs = [0] * columns
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            text = inline_text(cell.content, with_refs=True).strip()
            asks[i] = max(asks[i], len(text))
            longest_word = min(max((len(w) for w in text.split()), default=0), _WRAP_AT)
            needs[i] = max(needs[i], longest_word, min(len(text), _KEEP_WHOLE))
    ask = [a * CHAR_TWIPS + CELL_PADDING_TWIPS for a in asks]
    need = [n * CHAR_TWIPS + CELL_PADDING_TWIPS for n in needs]
    if sum(ask) <= text_width:
        widths = [text_width * a / sum(ask) for a in ask]
    elif sum(need) <= text_width:
        spare, wants = text_width - sum(need), [a - n for a, n in zip(ask, need)]
        widths = [n + spare * w / sum(wants) for n, w in zip(need, wants)]  # (sum(wants) > 0: sum(ask) > sum(need))
    else:
        widths = [text_width * n / sum(need) for n in need]
    return [int(w) for w in widths]



def _prop(text: str) -> str:
    """Core properties hold at most 255 characters."""
    return text if len(text) <= 255 else text[:254] + "\u2026"


def _bookmark_name(element_id: str) -> str | None:
    """A Word bookmark name for a model id (letters, digits, underscores; 40 at most)."""
    name = re.sub(r"[^A-Za-z0-9_]", "_", element_id)[:40]
    if not name or not name[0].isalpha():
        return None
    return name

