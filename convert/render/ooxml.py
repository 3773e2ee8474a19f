"""Raw WordprocessingML that python-docx has no API for, built on its OPC/oxml layer.

This is the only module of briefpress that writes OOXML by hand. It knows the
shape of a footnotes (or endnotes) part, of numbering definitions, of an
external hyperlink, of a field, of a table's row properties (repeating
header rows, rows kept whole) and width, and the house style set (a table
style among them); the DOCX renderer
(:mod:`convert.render.docx`) walks the document model and calls these
builders, never touching a tag name itself.

Everything here works on python-docx objects: parts are
``docx.opc.part.XmlPart`` subclasses added to the package through
relationships, elements come from ``docx.oxml.parse_xml``/``OxmlElement``,
and the package is written by python-docx. The only thing done after it is
:func:`fix_zip_timestamps`, which rewrites the zip entries' dates so that a
fixed ``source_date_epoch`` gives byte-identical files.
"""

from __future__ import annotations

import hashlib
import io
import re
import struct
import uuid
import zipfile
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import quote

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.parts.numbering import NumberingPart
from docx.parts.styles import StylesPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Twips

from .present import safe_url

# --------------------------------------------------------------------------- text

#: Characters XML 1.0 forbids: C0 controls other than tab, LF and CR; lone
#: surrogates; U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_illegal_chars(text: str) -> list[str]:
    """The characters of ``text`` that XML 1.0 cannot hold, in order."""
    return _XML_ILLEGAL.findall(text)


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (they are dropped)."""
    return _XML_ILLEGAL.sub("", text)


# --------------------------------------------------------------------------- links

def safe_link_target(url: str) -> str | None:
    """``url`` fit to be an external relationship target, or ``None`` if it must not be a link.

    Which URLs may be links is the presentation's rule (:func:`.present.safe_url`,
    the same for every format). Characters a URI cannot hold (spaces,
    non-ASCII, braces) are percent-encoded, because Word asks to repair a file
    whose relationship targets are not valid URIs.
    """
    safe = safe_url(xml_safe(url))
    if safe is None:
        return None
    return quote(safe, safe=":/?#[]@!$&'()*+,;=%~-._")


def add_hyperlink(paragraph_like, part, url: str):
    """Append a ``w:hyperlink`` to an external ``url`` to ``paragraph_like``; return it.

    The relationship is made on ``part``, the part that holds the paragraph
    (document, footnotes, header...), as Word requires.
    """
    r_id = part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink", attrs={qn("r:id"): r_id, qn("w:history"): "1"})
    paragraph_like.append(link)
    return link


# --------------------------------------------------------------------------- runs & paragraphs


def add_paragraph(container, style_id: str | None):
    """Append a ``w:p`` with paragraph style ``style_id`` to ``container``; return it.

    ``container`` is a ``w:body`` (the paragraph goes before its final
    ``w:sectPr``), a ``w:footnote``, a ``w:hdr`` or a ``w:ftr``.
    """
    p = OxmlElement("w:p")
    last = _last_child(container)
    if container.tag == qn("w:body") and last is not None and last.tag == qn("w:sectPr"):
        # Before the body's final section properties, found at the end: python-docx's
        # add_p() searches every child for them, which made the renderer quadratic.
        last.addprevious(p)
    else:
        container.append(p)
    if style_id:
        # Built directly on the new paragraph: python-docx's style setter
        # searches the schema's successor lists for where to insert (a fifth
        # of the DOCX renderer's time); the XML is the same.
        ppr = OxmlElement("w:pPr")
        ppr.append(OxmlElement("w:pStyle", attrs={qn("w:val"): style_id}))
        p.insert(0, ppr)
    return p


def _last_child(element):
    """The element's last child, or None (lxml finds it from the end; ``len()`` would count every child)."""
    try:
        return element[-1]
    except IndexError:
        return None


# What may come before ``w:numPr`` in a ``w:pPr``, in the schema's order.
_BEFORE_NUMPR = frozenset(qn(t) for t in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl"))


def set_numbering(p, num_id: int, ilvl: int = 0) -> None:
    """Give paragraph ``p`` numbering properties: list ``num_id``, level ``ilvl``.

    Built directly in the schema's place (python-docx's get_or_add setters
    search long successor lists for it); the XML is the same.
    """
    ppr = p.pPr
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    old = ppr.find(qn("w:numPr"))
    if old is not None:
        ppr.remove(old)
    num_pr = OxmlElement("w:numPr")
    num_pr.append(OxmlElement("w:ilvl", attrs={qn("w:val"): str(ilvl)}))
    num_pr.append(OxmlElement("w:numId", attrs={qn("w:val"): str(num_id)}))
    at = 0
    while at < len(ppr) and ppr[at].tag in _BEFORE_NUMPR:
        at += 1
    ppr.insert(at, num_pr)


def new_run(style_id: str | None = None, *, bold: bool = False, italic: bool = False, superscript: bool = False):
    """A new, empty ``w:r`` with these properties.

    The properties are appended in the schema's order (rStyle, b, i,
    vertAlign) rather than placed by python-docx's setters, which search the
    schema's successor lists for where each goes; the XML is the same.
    """
    r = OxmlElement("w:r")
    if style_id or bold or italic or superscript:
        rpr = OxmlElement("w:rPr")
        if style_id:
            rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): style_id}))
        if bold:
            rpr.append(OxmlElement("w:b"))
        if italic:
            rpr.append(OxmlElement("w:i"))
        if superscript:
            rpr.append(OxmlElement("w:vertAlign", attrs={qn("w:val"): "superscript"}))
        r.append(rpr)
    return r


def add_run(parent, text: str, *, style_id: str | None = None, bold: bool = False,
            italic: bool = False, superscript: bool = False):
    """Append a ``w:r`` holding ``text`` to ``parent`` (a paragraph or hyperlink); return it."""
    r = new_run(style_id, bold=bold, italic=italic, superscript=superscript)
    if text:
        if "\t" in text or "\n" in text or "\r" in text:
            r.text = text  # python-docx writes a tab as w:tab and a line feed as w:br, as Word needs
        else:
            # One w:t at once: the text setter above walks the text a character
            # at a time (a sixth of the DOCX renderer's time on the seed).
            r.add_t(text)
    parent.append(r)
    return r


def add_break(p) -> None:
    """Append a line break run to paragraph ``p``."""
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    p.append(r)


def add_field(p, instruction: str, placeholder: str, style_id: str | None = None) -> None:
    """Append a complex field (``PAGE``, ``NUMPAGES``...) showing ``placeholder`` until updated."""
    def run_with(child):
        r = new_run(style_id)
        r.append(child)
        p.append(r)

    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText", attrs={qn("xml:space"): "preserve"})
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "separate"}))
    t = OxmlElement("w:t")
    t.text = placeholder
    run_with(t)
    run_with(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "end"}))


def add_bookmark(p, bookmark_id: int, name: str) -> None:
    """Wrap the start of paragraph ``p`` in a bookmark named ``name`` (a heading's id)."""
    start = OxmlElement("w:bookmarkStart", attrs={qn("w:id"): str(bookmark_id), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", attrs={qn("w:id"): str(bookmark_id)})
    ppr = p.find(qn("w:pPr"))
    index = 0 if ppr is None else list(p).index(ppr) + 1
    p.insert(index, start)
    p.append(end)


def keep_with_next(p) -> None:
    """Keep paragraph ``p`` on the page of the paragraph (or table row) after it."""
    p.get_or_add_pPr().keepNext_val = True


# --------------------------------------------------------------------------- tables


def set_table_style(tbl, style_id: str | None) -> None:
    """Give table ``tbl`` (a ``w:tbl``) the table style ``style_id``; none if ``None``."""
    tbl.tblStyle_val = style_id


def span_text_column(tbl) -> None:
    """Make the table as wide as the text column, whatever its columns' widths add up to.

    ``w:tblW`` as 100% (5000 fiftieths of a percent): Word and LibreOffice
    then widen or narrow the columns in proportion to fill the column exactly.
    """
    width = tbl.tblPr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl.tblPr.insert(0, width)  # (only w:tblStyle, put in later in its own place, may precede)
    width.set(qn("w:type"), "pct")
    width.set(qn("w:w"), "5000")


# The children of a w:trPr python-docx knows, in its schema order.
_TRPR_ORDER = ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden")


def set_row_properties(tr, *, header: bool) -> None:
    """A row that does not split across pages (``w:cantSplit``), and, if ``header``, repeats at the top of each page.

    ``w:tblHeader`` marks a repeating header row: Word and LibreOffice print
    the table's leading rows so marked again on every page it runs onto.
    """
    tr_pr = tr.get_or_add_trPr()
    wanted = ["w:cantSplit"] + (["w:tblHeader"] if header else [])
    for tag in wanted:
        if tr_pr.find(qn(tag)) is None:
            insert_in_order(tr_pr, tag, OxmlElement(tag), _TRPR_ORDER)


def insert_in_order(parent, tag: str, element, order: tuple[str, ...]) -> None:
    """Put ``element`` (a ``tag`` such as ``"w:tblHeader"``) among ``parent``'s children where the schema's sequence ``order`` has it.

    Word refuses children out of their schema order: ``element`` goes before
    the first child the sequence puts after ``tag``, else last.
    """
    later = {qn(t) for t in order[order.index(tag) + 1:]}
    for child in parent:
        if child.tag in later:
            child.addprevious(element)
            return
    parent.append(element)


def cell_paragraph(tc, style_id: str | None):
    """The one paragraph a new cell (``w:tc``) holds, given paragraph style ``style_id``; return it."""
    p = tc.p_lst[0]
    if style_id:
        p.style = style_id
    return p


# --------------------------------------------------------------------------- notes


@dataclass(frozen=True)
class NoteKind:
    """Everything that differs between footnotes and endnotes."""

    part_tag: str  # w:footnotes
    note_tag: str  # w:footnote
    reference_tag: str  # w:footnoteReference
    mark_tag: str  # w:footnoteRef (the note's own number, at the head of its text)
    settings_tag: str  # w:footnotePr
    partname: str
    content_type: str
    reltype: str
    text_style: str  # style names (not ids)
    reference_style: str


FOOTNOTES = NoteKind(
    "w:footnotes", "w:footnote", "w:footnoteReference", "w:footnoteRef", "w:footnotePr", "/word/footnotes.xml",
    CT.WML_FOOTNOTES, RT.FOOTNOTES, "Footnote Text", "Footnote Reference",
)
ENDNOTES = NoteKind(
    "w:endnotes", "w:endnote", "w:endnoteReference", "w:endnoteRef", "w:endnotePr", "/word/endnotes.xml",
    CT.WML_ENDNOTES, RT.ENDNOTES, "Endnote Text", "Endnote Reference",
)


class NotesPart(XmlPart):
    """The ``word/footnotes.xml`` (or ``endnotes.xml``) part: the notes and their separators."""

    @classmethod
    def new(cls, package, kind: NoteKind) -> NotesPart:
        """A notes part holding only the separator and continuation-separator notes (ids -1, 0)."""
        note = kind.note_tag
        separator_p = (
            '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "<w:r><w:{sep}/></w:r></w:p>"
        )
        xml = (
            f"<{kind.part_tag} {nsdecls('w', 'r')} {_MCE_DECLS}>"
            f'<{note} w:type="separator" w:id="-1">{separator_p.format(sep="separator")}</{note}>'
            f'<{note} w:type="continuationSeparator" w:id="0">'
            f"{separator_p.format(sep='continuationSeparator')}</{note}>"
            f"</{kind.part_tag}>"
        )
        return cls(PackURI(kind.partname), kind.content_type, parse_xml(xml), package)


def attach_notes_part(document_part, kind: NoteKind) -> NotesPart:
    """Give the document a fresh, empty notes part of ``kind``, replacing any it had."""
    for r_id, rel in list(document_part.rels.items()):
        if rel.reltype == kind.reltype:
            del document_part.rels[r_id]
    part = NotesPart.new(document_part.package, kind)
    document_part.relate_to(part, kind.reltype)
    return part


def add_note(notes_part: NotesPart, kind: NoteKind, note_id: int):
    """Append an empty ``w:footnote``/``w:endnote`` with ``note_id``; return it."""
    note = OxmlElement(kind.note_tag, attrs={qn("w:id"): str(note_id)})
    notes_part.element.append(note)
    return note


def add_note_reference(p, kind: NoteKind, note_id: int, label: str, style_id: str | None, *, custom: bool):
    """Append a note call to ``p``: Word's own number, or, if ``custom``, ``label`` as a custom mark.

    A note whose label is the number Word would give it (the count of
    numbered notes before it, plus one) is numbered by Word, as a note a
    person inserts in Word is: the numbers go on right when notes are added
    later. Any other label (a capture that skips numbers, a "*") is a custom
    mark: ``w:customMarkFollows`` tells Word that the text after the
    reference in the run is the mark, and such a note takes no number.
    """
    r = new_run(style_id)
    if not custom:
        r.append(OxmlElement(kind.reference_tag, attrs={qn("w:id"): str(note_id)}))
        p.append(r)
        return r
    r.append(OxmlElement(kind.reference_tag, attrs={qn("w:customMarkFollows"): "1", qn("w:id"): str(note_id)}))
    # One w:t per character: Word reads them as one mark, and LibreOffice 7.4
    # otherwise prints a mark of two or more characters twice ("3030").
    for char in label:
        t = OxmlElement("w:t")
        t.text = char
        r.append(t)
    p.append(r)
    return r


#: The namespaces of a notes part's custom marks (see :func:`add_note_mark`).
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_MCE_DECLS = f'xmlns:mc="{_MC}" xmlns:w15="{_W15}"'


def add_note_mark(p, kind: NoteKind, label: str, style_id: str | None, *, custom: bool):
    """Append the note's own mark (its label, at the head of its text) to the note's paragraph ``p``.

    A numbered note's mark is ``w:footnoteRef``/``w:endnoteRef``, which
    Word and LibreOffice both show as the note's number. A custom-marked
    note's mark is, in Word's model, the label as text in the reference
    style (Word shows nothing of its own there), but LibreOffice (7.4 at
    least) shows the label of every note itself and kept that text too
    from the second note on ("55 Ibid."). So the text is offered as markup
    compatibility content that needs Word 2013's namespace (``w15``):
    Word 2013 and later take it; LibreOffice, which does not claim that
    namespace, takes the empty fallback and shows its own label once.
    """
    if not custom:
        r = new_run(style_id)
        r.append(OxmlElement(kind.mark_tag))
        p.append(r)
        return r
    alternate = parse_xml(
        f'<mc:AlternateContent {nsdecls("w")} {_MCE_DECLS}><mc:Choice Requires="w15"/>'
        "<mc:Fallback/></mc:AlternateContent>"
    )
    add_run(alternate[0], label, style_id=style_id)
    p.append(alternate)
    return alternate


# Schema order of w:settings after w:footnotePr/w:endnotePr: a new element goes
# before the first of these that is present.
_SETTINGS_AFTER_FOOTNOTEPR = (
    "w:endnotePr", "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
    "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions", "w:readModeInkLockDown",
    "w:smartTagType", "sl:schemaLibrary", "w:shapeDefaults", "w:doNotEmbedSmartTags",
    "w:decimalSymbol", "w:listSeparator",
)


def declare_separator_notes(settings_element, kind: NoteKind) -> None:
    """Name the separator notes in ``w:settings`` (``w:footnotePr``), as Word itself writes, and number notes 1, 2, 3."""
    if settings_element.find(qn(kind.settings_tag)) is not None:
        return
    pr = OxmlElement(kind.settings_tag)
    # (Word numbers endnotes i, ii, iii unless told; the captures' labels are digits)
    pr.append(OxmlElement("w:numFmt", attrs={qn("w:val"): "decimal"}))
    for note_id in ("-1", "0"):
        pr.append(OxmlElement(kind.note_tag, attrs={qn("w:id"): note_id}))
    successors: tuple[str, ...] = _SETTINGS_AFTER_FOOTNOTEPR
    if kind.settings_tag == "w:endnotePr":
        successors = successors[1:]
    follow = {qn(tag) for tag in successors if not tag.startswith("sl:")}
    for child in settings_element:
        if child.tag in follow:
            child.addprevious(pr)
            return
    settings_element.append(pr)


def number_endnotes_in_section(section_pr) -> None:
    """Number the section's endnotes 1, 2, 3 (``w:endnotePr``/``w:numFmt`` in its ``w:sectPr``).

    Word reads the document-wide setting (:func:`declare_separator_notes`);
    LibreOffice reads only the section's, and numbers endnotes i, ii, iii
    without it.
    """
    for old in section_pr.findall(qn("w:endnotePr")):
        section_pr.remove(old)
    pr = OxmlElement("w:endnotePr")
    pr.append(OxmlElement("w:numFmt", attrs={qn("w:val"): "decimal"}))
    # CT_SectPr: header/footer references, footnotePr, then endnotePr
    at = 0
    while at < len(section_pr) and section_pr[at].tag in _BEFORE_ENDNOTEPR:
        at += 1
    section_pr.insert(at, pr)


_BEFORE_ENDNOTEPR = frozenset(qn(t) for t in ("w:headerReference", "w:footerReference", "w:footnotePr"))


# --------------------------------------------------------------------------- numbering

_NUMBERING_XML = f"<w:numbering {nsdecls('w')}/>"

_ORDERED_FORMATS = {
    "decimal": "decimal", "lower-alpha": "lowerLetter", "upper-alpha": "upperLetter",
    "lower-roman": "lowerRoman", "upper-roman": "upperRoman",
}
_LEVEL_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
_BULLETS = ("\u2022", "\u25e6", "\u25aa")
#: The deepest list level (``w:ilvl``) a numbering definition has: Word's nine levels, 0 to 8.
MAX_LIST_LEVEL = 8


def attach_numbering_part(document_part):
    """The document's numbering part (``word/numbering.xml``), made if it has none."""
    try:
        return document_part.part_related_by(RT.NUMBERING)
    except KeyError:
        part = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, parse_xml(_NUMBERING_XML), document_part.package
        )
        document_part.relate_to(part, RT.NUMBERING)
        return part


def _level_xml(ilvl: int, fmt: str, text: str, start: int, font: str | None = None) -> str:
    left = 360 * (ilvl + 1)
    rpr = f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr>' if font else ""
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{left}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>'
    )


def _abstract_num_xml(abstract_id: int, levels: list[str]) -> str:
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="hybridMultilevel"/>{"".join(levels)}</w:abstractNum>'
    )


class ListNumbering:
    """The numbering part's lists: adds one definition per list, keeping the next ids at hand.

    Asking the part for its highest ids at each list (as python-docx's
    ``add_num`` does) made a document of many lists quadratic.
    """

    def __init__(self, numbering) -> None:
        self.element = numbering
        abstract_ids = [int(v) for v in numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        num_ids = [int(v) for v in numbering.xpath("./w:num/@w:numId")]
        self.next_abstract = max(abstract_ids, default=-1) + 1
        self.next_num = max(num_ids, default=0) + 1
        self.first_num = numbering.find(qn("w:num"))  # every abstractNum precedes every num

    def add(self, *, ordered: bool, start: int = 1, style: str = "decimal", level: int = 0) -> int:
        """Add numbering for one list; return its ``numId``.

        Every ordered list gets an abstract definition of its own whose level
        ``level`` (the list's nesting depth, 0 at the top: its items' ``w:ilvl``)
        starts at the list's source number, and a ``w:num`` that also says so
        with ``w:startOverride``: each list, a sub-list too, restarts where the
        capture did, in Word and in LibreOffice alike. Bullet lists are numbering
        too (a bullet format), not typed characters.
        """
        abstract_id, num_id = self.next_abstract, self.next_num
        self.next_abstract += 1
        self.next_num += 1
        if ordered:
            levels = [
                _level_xml(i, _ORDERED_FORMATS.get(style, "decimal"), f"%{i + 1}.", start)
                if i == level
                else _level_xml(i, _LEVEL_FORMATS[i % 3], f"%{i + 1}.", 1)
                for i in range(MAX_LIST_LEVEL + 1)
            ]
        else:
            levels = [_level_xml(i, "bullet", _BULLETS[i % 3], 1) for i in range(MAX_LIST_LEVEL + 1)]
        abstract = parse_xml(_abstract_num_xml(abstract_id, levels))
        if self.first_num is not None:
            self.first_num.addprevious(abstract)
        else:
            self.element.append(abstract)
        override = (
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>' if ordered else ""
        )
        num = parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>')
        self.element.append(num)
        if self.first_num is None:
            self.first_num = num
        return num_id


# --------------------------------------------------------------------------- styles


def _rpr(font: str | None = None, size: float | None = None, *, bold=False, italic=False,
         color: str | None = None, caps=False, spacing: int | None = None) -> str:
    out = []
    if font:
        out.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>')
    if bold:
        out.append("<w:b/><w:bCs/>")
    if italic:
        out.append("<w:i/><w:iCs/>")
    if caps:
        out.append("<w:caps/>")
    if color:
        out.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        out.append(f'<w:spacing w:val="{spacing}"/>')
    if size:
        half_points = round(size * 2)
        out.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    return f"<w:rPr>{''.join(out)}</w:rPr>" if out else ""


def _style(kind: str, style_id: str, name: str, *, based_on: str | None = None, next_id: str | None = None,
           ui_priority: int | None = None, qformat=False, ppr: str = "", rpr: str = "",
           default=False, semi_hidden=False) -> str:
    attrs = f'w:type="{kind}" w:styleId="{style_id}"' + (' w:default="1"' if default else "")
    parts = [f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_id:
        parts.append(f'<w:next w:val="{next_id}"/>')
    if ui_priority is not None:
        parts.append(f'<w:uiPriority w:val="{ui_priority}"/>')
    if semi_hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if qformat:
        parts.append("<w:qFormat/>")
    if ppr:
        parts.append(f"<w:pPr>{ppr}</w:pPr>")
    if rpr:
        parts.append(rpr)
    return f"<w:style {attrs}>{''.join(parts)}</w:style>"


#: The house look, as the PDF brief draws it (templates/print.css): Adobe's Source
#: Serif Pro for the text at 11 pt, Source Sans Pro for headings and furniture, the
#: same colours and heading sizes, on a US Letter page whose text column is about
#: 122 mm (some 66 characters a line) beside a wide outer margin that the title and
#: the running head reach into. The DOCX carries the two families (subsets, see
#: :func:`embed_fonts`); the font table gives their classes and PANOSE so that a
#: reader whose Word drops them still gets a serif and a sans.
BODY_FONT = "Source Serif Pro"
HEADING_FONT = "Source Sans Pro"
TEXT = "1B1F24"
INK = "13294B"
ACCENT = "9B2226"
MUTED = "5B6472"
LINK = "1D4E89"
RULE = "D5DAE0"

#: The page, in twips, as print.css's @page: US Letter, margins 22 mm top, 64 mm right
#: (outer), 24 mm bottom, 30 mm left: a text column of 6911 twips (121.9 mm).
PAGE = {"width": 12240, "height": 15840, "top": 1247, "right": 3628, "bottom": 1361, "left": 1701,
        "header": 680, "footer": 680}
TEXT_WIDTH = PAGE["width"] - PAGE["left"] - PAGE["right"]
#: How far the title and the running head reach into the outer margin (print.css: 42 mm).
INTO_MARGIN = 2381
#: Word's "auto" line spacing is a multiple of the face's own line (Source Serif Pro's
#: Windows ascent and descent: 1.371 em); 254/240 of it is print.css's 1.45 em.
BODY_LINE = 254


#: The table style, as the PDF draws a table: a rule above and below, hairlines
#: between rows, none between columns; no left padding, so the first column
#: lines up with the text. The header row (Word's "first row", which Word
#: also applies to every repeated header row) is set off by a rule under it.
BRIEF_TABLE_STYLE = (
    '<w:style w:type="table" w:styleId="BriefTable"><w:name w:val="Brief Table"/>'
    '<w:basedOn w:val="TableNormal"/><w:uiPriority w:val="59"/><w:qFormat/>'
    '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
    f"{_rpr(HEADING_FONT, 8.5, color=TEXT)}"
    "<w:tblPr><w:tblBorders>"
    f'<w:top w:val="single" w:sz="8" w:space="0" w:color="{INK}"/>'
    f'<w:bottom w:val="single" w:sz="6" w:space="0" w:color="{INK}"/>'
    f'<w:insideH w:val="single" w:sz="2" w:space="0" w:color="{RULE}"/>'
    "</w:tblBorders><w:tblCellMar>"
    '<w:top w:w="62" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
    '<w:bottom w:w="62" w:type="dxa"/><w:right w:w="113" w:type="dxa"/>'
    "</w:tblCellMar></w:tblPr>"
    f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/><w:color w:val="{INK}"/></w:rPr>'
    f'<w:tcPr><w:tcBorders><w:bottom w:val="single" w:sz="6" w:space="0" w:color="{INK}"/></w:tcBorders>'
    '<w:vAlign w:val="bottom"/></w:tcPr></w:tblStylePr>'
    "</w:style>"
)


def house_styles_xml() -> str:
    """The complete ``word/styles.xml`` of the bundled reference document."""
    keep = "<w:keepNext/><w:keepLines/>"
    styles = [
        _style("paragraph", "Normal", "Normal", default=True, qformat=True,
               ppr=f'<w:widowControl/><w:spacing w:after="120" w:line="{BODY_LINE}" w:lineRule="auto"/>'),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font", default=True,
               ui_priority=1, semi_hidden=True),
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>',
        _style("numbering", "NoList", "No List", default=True, ui_priority=99, semi_hidden=True),
        _style("paragraph", "Title", "Title", based_on="Normal", next_id="Normal", ui_priority=10, qformat=True,
               ppr=f'{keep}<w:spacing w:before="0" w:after="200" w:line="240" w:lineRule="auto"/>'
                   f'<w:ind w:right="-{INTO_MARGIN}"/>',
               rpr=_rpr(BODY_FONT, 25, bold=True, color=INK)),
        _style("paragraph", "Subtitle", "Subtitle", based_on="Normal", next_id="Normal", ui_priority=11,
               qformat=True, ppr=f'{keep}<w:spacing w:after="200" w:line="240" w:lineRule="auto"/>'
                   f'<w:ind w:right="-{INTO_MARGIN}"/>',
               rpr=_rpr(BODY_FONT, 13, color="3A4350")),
        _style("paragraph", "Kicker", "Kicker", based_on="Normal", next_id="Title", qformat=True,
               ppr=f'{keep}<w:spacing w:after="80"/>',
               rpr=_rpr(HEADING_FONT, 9, bold=True, caps=True, color=ACCENT, spacing=20)),
        _style("paragraph", "Author", "Author", based_on="Normal", next_id="AuthorRole", qformat=True,
               ppr=f'{keep}<w:spacing w:before="120" w:after="0"/>',
               rpr=_rpr(HEADING_FONT, 10, bold=True, color=INK)),
        _style("paragraph", "AuthorRole", "Author Role", based_on="Normal", next_id="Normal", qformat=True,
               ppr=f'{keep}<w:spacing w:after="0"/>', rpr=_rpr(HEADING_FONT, 9, color=MUTED)),
        _style("paragraph", "Date", "Date", based_on="Normal", next_id="Normal", qformat=True,
               ppr='<w:spacing w:before="120" w:after="0"/>', rpr=_rpr(HEADING_FONT, 9, color=MUTED)),
        _style("paragraph", "SourceLink", "Source Link", based_on="Date", next_id="Normal", qformat=True,
               ppr='<w:spacing w:before="60" w:after="0"/>'),
        _style("paragraph", "FrontMatterEnd", "Front Matter End", based_on="Normal", next_id="Normal",
               ppr='<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="' + INK + '"/></w:pBdr>'
                   '<w:spacing w:before="0" w:after="240" w:line="120" w:lineRule="exact"/>',
               rpr=_rpr(size=4)),
    ]
    for level, (size, before, after, italic) in enumerate(
        ((13.5, 360, 120, False), (11.5, 280, 100, False), (10.5, 220, 80, True)), start=1
    ):
        styles.append(_style(
            "paragraph", f"Heading{level}", f"heading {level}", based_on="Normal", next_id="Normal",
            ui_priority=9, qformat=True,
            ppr=f'{keep}<w:spacing w:before="{before}" w:after="{after}" w:line="240" w:lineRule="auto"/>'
                f'<w:outlineLvl w:val="{level - 1}"/>',
            rpr=_rpr(HEADING_FONT, size, bold=True, italic=italic, color=INK),
        ))
    styles += [
        _style("paragraph", "ListNumber", "List Number", based_on="Normal", ui_priority=99, qformat=True,
               ppr='<w:spacing w:after="80"/>'),
        _style("paragraph", "ListBullet", "List Bullet", based_on="Normal", ui_priority=99, qformat=True,
               ppr='<w:spacing w:after="80"/>'),
        _style("paragraph", "Quote", "Quote", based_on="Normal", next_id="Normal", ui_priority=29, qformat=True,
               ppr='<w:pBdr><w:left w:val="single" w:sz="12" w:space="8" w:color="' + ACCENT + '"/></w:pBdr>'
                   '<w:ind w:left="567" w:right="567"/>',
               rpr=_rpr(italic=True, color="2F3742")),
        # Who said it: inside the quote's bar, in the furniture's face, upright (the renderer writes the dash).
        _style("paragraph", "QuoteAttribution", "Quote Attribution", based_on="Quote", next_id="Normal",
               ui_priority=29, qformat=True, ppr='<w:spacing w:before="0" w:after="160"/>',
               rpr=f'<w:rPr><w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" w:cs="{HEADING_FONT}"/>'
                   f'<w:i w:val="0"/><w:iCs w:val="0"/><w:color w:val="{MUTED}"/>'
                   '<w:sz w:val="17"/><w:szCs w:val="17"/></w:rPr>'),
        # A table's title above it, its source below, a figure's caption in the image's place;
        # a caption of two lines (a title and a subtitle, a figure's caption and credit) holds together.
        _style("paragraph", "Caption", "caption", based_on="Normal", next_id="Normal", ui_priority=35,
               qformat=True, ppr='<w:spacing w:before="200" w:after="120" w:line="240" w:lineRule="auto"/>'
                                '<w:contextualSpacing/>',
               rpr=_rpr(HEADING_FONT, 9, color=INK)),
        # The cells' text: the table's tighter lines (a paragraph style, because Normal's
        # spacing would override a table style's paragraph properties).
        _style("paragraph", "TableText", "Table Text", based_on="Normal", qformat=True,
               ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
               rpr=_rpr(HEADING_FONT, 8.5, color=TEXT)),
        # A header row's cells: kept with the row after them, so a header never ends a page alone.
        _style("paragraph", "TableHeading", "Table Heading", based_on="TableText", qformat=True,
               ppr="<w:keepNext/>", rpr=_rpr(bold=True, color=INK)),
        BRIEF_TABLE_STYLE,
        # The empty paragraph that ends a table: the room under it (a Word table has no
        # spacing of its own), and what keeps two tables in a row from merging into one.
        _style("paragraph", "TableEnd", "Table End", based_on="Normal", next_id="Normal",
               ppr='<w:spacing w:before="0" w:after="0" w:line="200" w:lineRule="exact"/>', rpr=_rpr(size=4)),
        _style("paragraph", "FootnoteText", "footnote text", based_on="Normal", ui_priority=99, semi_hidden=True,
               ppr='<w:spacing w:after="40" w:line="240" w:lineRule="auto"/>', rpr=_rpr(size=8.5)),
        _style("character", "FootnoteReference", "footnote reference", ui_priority=99, semi_hidden=True,
               rpr='<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
        _style("paragraph", "EndnoteText", "endnote text", based_on="Normal", ui_priority=99, semi_hidden=True,
               ppr='<w:spacing w:after="60" w:line="240" w:lineRule="auto"/>', rpr=_rpr(size=9)),
        _style("character", "EndnoteReference", "endnote reference", ui_priority=99, semi_hidden=True,
               rpr='<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
        _style("paragraph", "UncitedNote", "Uncited Note", based_on="FootnoteText", qformat=True,
               ppr='<w:tabs><w:tab w:val="left" w:pos="425"/></w:tabs><w:spacing w:after="80"/>'
                   '<w:ind w:left="425" w:hanging="425"/>'),
        _style("character", "Hyperlink", "Hyperlink", ui_priority=99, semi_hidden=True,
               rpr=f'<w:rPr><w:color w:val="{LINK}"/><w:u w:val="single"/></w:rPr>'),
        _style("paragraph", "Header", "header", based_on="Normal", ui_priority=99, semi_hidden=True,
               ppr=f'<w:tabs><w:tab w:val="center" w:pos="{(TEXT_WIDTH + INTO_MARGIN) // 2}"/>'
                   f'<w:tab w:val="right" w:pos="{TEXT_WIDTH + INTO_MARGIN}"/></w:tabs>'
                   '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                   f'<w:ind w:right="-{INTO_MARGIN}"/>',
               rpr=_rpr(HEADING_FONT, 8, color=MUTED)),
        _style("paragraph", "Footer", "footer", based_on="Normal", ui_priority=99, semi_hidden=True,
               ppr=f'<w:tabs><w:tab w:val="center" w:pos="{(TEXT_WIDTH + INTO_MARGIN) // 2}"/>'
                   f'<w:tab w:val="right" w:pos="{TEXT_WIDTH + INTO_MARGIN}"/></w:tabs>'
                   '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
                   f'<w:ind w:right="-{INTO_MARGIN}"/><w:jc w:val="right"/>',
               rpr=_rpr(HEADING_FONT, 8, color=MUTED)),
    ]
    doc_defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{BODY_FONT}" w:eastAsia="{BODY_FONT}" w:hAnsi="{BODY_FONT}" w:cs="{BODY_FONT}"/>'
        f'<w:color w:val="{TEXT}"/><w:sz w:val="22"/><w:szCs w:val="22"/>'
        '<w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f'<w:spacing w:after="120" w:line="{BODY_LINE}" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f"<w:styles {nsdecls('w')}>{doc_defaults}{''.join(styles)}</w:styles>"
    )


def house_styles():
    """The house ``w:styles`` element."""
    return parse_xml(house_styles_xml().split("\n", 1)[1])


def resolve_styles(styles_element, names) -> dict[str, str]:
    """The style id for each style name, copying the house styles the document lacks.

    A user's reference document keeps every style it defines (matched by name,
    so a localised Word's ``heading 1`` with its own id is used as is); only
    the styles it lacks come from the house set, as pandoc does with
    ``--reference-doc``. A copied style's ``basedOn``/``next`` are pointed at
    the document's own style of that name.
    """
    house = house_styles().findall(qn("w:style"))
    house_by_name = {_style_name(s): s for s in house}
    house_name_of_id = {s.get(qn("w:styleId")): _style_name(s) for s in house}

    def existing() -> dict[str, str]:
        found: dict[str, str] = {}
        for s in styles_element.findall(qn("w:style")):
            found.setdefault(_style_name(s), s.get(qn("w:styleId")))
        return found

    have = existing()
    ids = {s.get(qn("w:styleId")) for s in styles_element.findall(qn("w:style"))}
    todo = [n.lower() for n in names]
    while todo:
        name = todo.pop(0)
        if name in have or name not in house_by_name:
            continue
        style = parse_xml(_serialise(house_by_name[name]))
        style_id = style.get(qn("w:styleId"))
        while style_id in ids:  # an unrelated style already holds the house id
            style_id += "X"
        style.set(qn("w:styleId"), style_id)
        styles_element.append(style)
        have[name] = style_id
        ids.add(style_id)
        for ref_tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(ref_tag))
            if ref is None:
                continue
            ref_name = house_name_of_id.get(ref.get(qn("w:val")))
            if ref_name is None:
                style.remove(ref)
            elif ref_name in have:
                ref.set(qn("w:val"), have[ref_name])
            else:
                todo.append(ref_name)
                # resolved below, once the referenced style is in
    # second pass: references to styles copied after the one citing them
    for style in styles_element.findall(qn("w:style")):
        for ref_tag in ("w:basedOn", "w:next", "w:link"):
            ref = style.find(qn(ref_tag))
            if ref is not None and ref.get(qn("w:val")) not in ids:
                ref_name = house_name_of_id.get(ref.get(qn("w:val")))
                if ref_name in have:
                    ref.set(qn("w:val"), have[ref_name])
    return {n: have[n.lower()] for n in names if n.lower() in have}


def _style_name(style) -> str:
    name = style.find(qn("w:name"))
    return (name.get(qn("w:val")) if name is not None else style.get(qn("w:styleId"))).lower()


def _serialise(element) -> bytes:
    from lxml import etree

    return etree.tostring(element)


#: The region Word is told for a language the capture names without one (Word spells checks and
#: hyphenates by language and region): English as written in the United States, unless the capture says otherwise.
DEFAULT_REGIONS = {
    "en": "en-US", "fr": "fr-FR", "de": "de-DE", "es": "es-ES", "it": "it-IT", "pt": "pt-PT", "nl": "nl-NL",
}


def word_language(lang: str | None) -> str:
    """The ``w:lang`` tag for a document language: "en" → "en-US", "en-GB" and "fr-CA" as they are."""
    tag = (lang or "en").strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        return "en-US"
    primary, _, rest = tag.partition("-")
    primary = primary.lower()
    if not rest:
        return DEFAULT_REGIONS.get(primary, primary)
    return f"{primary}-{rest.upper() if len(rest) == 2 else rest}"


def set_language(styles_element, settings_element, tag: str) -> None:
    """Make ``tag`` the language of the document's text: the default run properties' ``w:lang`` and the theme's.

    Only the Latin-script language (``w:val``) changes; the East Asian and
    complex-script ones a reference document names stay.
    """
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles_element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        # (w:lang comes late in CT_RPr: before w:eastAsianLayout, w:specVanish, w:oMath only)
        later = [c for c in rpr if c.tag in {qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath")}]
        if later:
            later[0].addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), tag)
    theme = settings_element.find(qn("w:themeFontLang"))
    if theme is not None:
        theme.set(qn("w:val"), tag)


# --------------------------------------------------------------------------- stories


def clear_body(body) -> None:
    """Remove the body's content, keeping its final section properties (page setup)."""
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def clear_story(story):
    """Remove every child of a header/footer (``w:hdr``/``w:ftr``); return it."""
    for child in list(story):
        story.remove(child)
    return story


def clear_core_properties(core_properties) -> None:
    """Remove every core property, so none of a reference document's survives."""
    element = core_properties._element  # python-docx keeps the cp:coreProperties element here
    for child in list(element):
        element.remove(child)


# --------------------------------------------------------------------------- package furniture

#: The house families as the font table describes them to a reader that lacks them: a
#: serif and a sans of these proportions (LibreOffice and Word pick a substitute by
#: family and PANOSE; the DOCX also carries them, see :func:`embed_fonts`).
FONT_TABLE_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f"<w:fonts {nsdecls('w', 'r')}>"
    '<w:font w:name="Source Serif Pro"><w:panose1 w:val="02040603050405020204"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/>'
    '<w:sig w:usb0="20000287" w:usb1="00000001" w:usb2="00000000" w:usb3="00000000" w:csb0="2000019F" w:csb1="00000000"/>'
    "</w:font>"
    '<w:font w:name="Source Sans Pro"><w:panose1 w:val="020B0503030403020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/>'
    '<w:sig w:usb0="600002F7" w:usb1="00000001" w:usb2="00000000" w:usb3="00000000" w:csb0="2000019F" w:csb1="00000000"/>'
    "</w:font>"
    '<w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)

APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>briefpress</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def make_reference_document(word):
    """Turn python-docx's default document into the bundled reference document; return it.

    It keeps the package python-docx starts from (settings, theme, web
    settings) and replaces the styles with the house set, the font table with
    one naming the house fonts' families, and the extended properties with
    briefpress's; it drops the parts a brief has no use for (thumbnail,
    custom XML, Word 2010 style effects, the template's numbering).
    """
    document_part = word.part
    package = document_part.package
    drop = {RT.CUSTOM_XML, RT.NUMBERING, RT.STYLES, RT.FONT_TABLE,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
    for r_id, rel in list(document_part.rels.items()):
        if rel.reltype in drop:
            del document_part.rels[r_id]
    for r_id, rel in list(package.rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            del package.rels[r_id]
    styles = StylesPart(PackURI("/word/styles.xml"), CT.WML_STYLES, house_styles(), package)
    document_part.relate_to(styles, RT.STYLES)
    fonts = Part(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, FONT_TABLE_XML.encode(), package)
    document_part.relate_to(fonts, RT.FONT_TABLE)
    app = Part(PackURI("/docProps/app.xml"), CT.OFC_EXTENDED_PROPERTIES, APP_XML.encode(), package)
    package.relate_to(app, RT.EXTENDED_PROPERTIES)

    settings = word.settings.element
    for tag in ("w:rsids", "w:proofState", "w:savePreviewPicture"):
        for child in settings.findall(qn(tag)):
            settings.remove(child)
    # Word 2013 and later layout, so Word does not open the file in "compatibility mode"
    for setting in settings.iterfind(f"{qn('w:compat')}/{qn('w:compatSetting')}"):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    body = word.element.body
    clear_body(body)
    section_pr = body.get_or_add_sectPr()
    for name in list(section_pr.attrib):
        del section_pr.attrib[name]  # rsid attributes
    set_page(section_pr)
    props = word.core_properties
    clear_core_properties(props)
    props.title = "briefpress reference document"
    props.created = props.modified = datetime(2000, 1, 1, tzinfo=timezone.utc)
    return word


def set_page(section_pr, page: dict[str, int] = PAGE) -> None:
    """Page size, margins and header and footer distances, given in twips (:data:`PAGE`)."""
    section_pr.page_width = Twips(page["width"])
    section_pr.page_height = Twips(page["height"])
    for side in ("top", "bottom", "left", "right"):
        setattr(section_pr, f"{side}_margin", Twips(page[side]))
    section_pr.header = Twips(page["header"])
    section_pr.footer = Twips(page["footer"])


# --------------------------------------------------------------------------- embedded fonts

#: A face of a family as Word embeds it: the font table's element for it, by style.
EMBED_TAGS = {"regular": "w:embedRegular", "bold": "w:embedBold", "italic": "w:embedItalic",
              "bold-italic": "w:embedBoldItalic"}
#: Where w:embedTrueTypeFonts goes in w:settings: after these, before everything else (CT_Settings).
_BEFORE_EMBED_SETTING = frozenset(qn(t) for t in (
    "w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation", "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries", "w:displayBackgroundShape", "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth", "w:printFormsData",
))
#: What w:font may hold before its embedding elements (CT_Font), in order.
_BEFORE_EMBED = ("w:altName", "w:panose1", "w:charset", "w:family", "w:notTrueType", "w:pitch", "w:sig")


#: The content type of an embedded, obfuscated font part (``.odttf``).
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


@dataclass(frozen=True)
class EmbeddedFace:
    """One face of a family to embed: the family's name in the font table, which face, the TrueType bytes."""

    family: str
    style: str  # a key of EMBED_TAGS
    data: bytes


def shown_characters(package) -> set[str]:
    """The characters of every ``w:t`` in the package's XML parts and of every list level's marker."""
    found: set[str] = set()
    for part in package.iter_parts():
        element = getattr(part, "element", None)  # (an XmlPart's)
        if element is None:
            continue
        for t in element.iter(qn("w:t")):
            found.update(t.text or "")
        for level_text in element.iter(qn("w:lvlText")):
            found.update(level_text.get(qn("w:val"), ""))
    return found


def named_fonts(styles_element) -> set[str]:
    """The font names the styles' ``w:rFonts`` give (document defaults included)."""
    return {value for element in styles_element.iter(qn("w:rFonts")) for value in element.values()}


def font_key(data: bytes) -> str:
    """A font key GUID (``{XXXXXXXX-XXXX-...}``) made from the font's bytes, so a render is reproducible."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])).upper() + "}"


def obfuscate_font(data: bytes, key: str) -> bytes:
    """The ``.odttf`` form of a TrueType font (ECMA-376 Part 1, §17.8.1): its first 32 bytes XORed with the key.

    The key is the GUID's 16 bytes read from its last hex pair to its first.
    (The same operation undoes it.)
    """
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ guid[i % 16] for i, b in enumerate(data[:32]))
    return head + data[32:]


def embed_fonts(document_part, settings_element, faces: list[EmbeddedFace]) -> None:
    """Carry ``faces`` inside the package, as Word does with "Embed fonts in the file".

    Each face is an obfuscated font part (``word/fonts/fontN.odttf``) related
    to the font table, whose entry for the family names it
    (``w:embedRegular``/``w:embedBold``/... with its ``r:id`` and
    ``w:fontKey``); ``w:embedTrueTypeFonts`` in the settings says the file
    carries fonts, ``w:saveSubsetFonts`` that they are subsets (Word keeps
    them so when it saves). The font table is replaced by a copy with the
    entries; families it lacks are added.
    """
    if not faces:
        return
    package = document_part.package
    try:
        table = parse_xml(document_part.part_related_by(RT.FONT_TABLE).blob)
    except KeyError:
        table = parse_xml(FONT_TABLE_XML.encode())
    for r_id, rel in list(document_part.rels.items()):
        if rel.reltype == RT.FONT_TABLE:
            del document_part.rels[r_id]
    part = XmlPart(PackURI("/word/fontTable.xml"), CT.WML_FONT_TABLE, table, package)
    fonts_by_name = {f.get(qn("w:name")): f for f in table.findall(qn("w:font"))}
    for n, face in enumerate(faces, start=1):
        key = font_key(face.data)
        font_part = Part(PackURI(f"/word/fonts/font{n}.odttf"), OBFUSCATED_FONT,
                         obfuscate_font(face.data, key), package)
        r_id = part.relate_to(font_part, RT.FONT)
        font = fonts_by_name.get(face.family)
        if font is None:
            font = OxmlElement("w:font", attrs={qn("w:name"): face.family})
            table.append(font)
            fonts_by_name[face.family] = font
        tag = EMBED_TAGS[face.style]
        for existing in font.findall(qn(tag)):
            font.remove(existing)
        embed = OxmlElement(tag, attrs={qn("r:id"): r_id, qn("w:fontKey"): key})
        insert_in_order(font, tag, embed, tuple(EMBED_TAGS.values()))
    document_part.relate_to(part, RT.FONT_TABLE)
    for tag in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        if settings_element.find(qn(tag)) is not None:
            continue
        element = OxmlElement(tag)
        at = 0
        while at < len(settings_element) and settings_element[at].tag in _BEFORE_EMBED_SETTING:
            at += 1
        if tag == "w:saveSubsetFonts":  # after w:embedTrueTypeFonts (and w:embedSystemFonts)
            while at < len(settings_element) and settings_element[at].tag in (
                    qn("w:embedTrueTypeFonts"), qn("w:embedSystemFonts")):
                at += 1
        settings_element.insert(at, element)


# --------------------------------------------------------------------------- zip


def zip_datetime(epoch: int | None) -> tuple[int, int, int, int, int, int]:
    """The zip entry date for ``epoch`` (UTC), clamped to the zip format's range (1980 to 2107)."""
    if epoch is None:
        return (1980, 1, 1, 0, 0, 0)
    moment = datetime.fromtimestamp(min(max(epoch, 315532800), 4354819198), tz=timezone.utc)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second & ~1)


def fix_zip_timestamps(data: bytes, epoch: int | None) -> bytes:
    """``data`` (a package python-docx wrote) with every zip entry dated ``epoch`` and readable by all.

    python-docx stamps entries with the current time. The dates (and the
    entries' permissions) are written over in place, in each entry's local
    header and in the central directory; the parts' bytes, their order and
    compression are kept as they are. (Writing the package again cost 40 %
    of a DOCX's time: every part, the embedded fonts among them, deflated twice.)
    """
    year, month, day, hour, minute, second = zip_datetime(epoch)
    stamp = struct.pack("<HH", (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day)
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = package.infolist()
    end = data.rfind(b"PK\x05\x06")  # the end of central directory record (the package has no comment)
    if end < 0:
        raise ValueError("not a zip package python-docx wrote")
    (directory,) = struct.unpack("<I", data[end + 16 : end + 20])
    for info in entries:
        at = info.header_offset
        if out[at : at + 4] != b"PK\x03\x04":
            raise ValueError("not a zip package python-docx wrote")
        out[at + 10 : at + 14] = stamp
    at = directory
    for _ in entries:
        if out[at : at + 4] != b"PK\x01\x02":
            raise ValueError("not a zip package python-docx wrote")
        out[at + 12 : at + 16] = stamp
        out[at + 38 : at + 42] = struct.pack("<I", 0o644 << 16)
        names, extra, comment = struct.unpack("<HHH", out[at + 28 : at + 34])
        at += 46 + names + extra + comment
    return bytes(out)
