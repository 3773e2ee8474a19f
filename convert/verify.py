"""Proof after the fact: every output still holds every word of its source, in order, and every note where its calls lead.

For each output a manifest records, :func:`verify_output` finds the capture
the output was made from (the source file, if it is still the one converted;
for standard input, the capture a PDF/A carries or the model a JSON output
holds), parses it again, reads the output back — PDF text and links with
pypdf, DOCX with its footnotes and endnotes part, HTML with lxml less what
its CSS hides, Markdown and JSON — and checks, with :mod:`convert.match`:

* every block of the body (heading, paragraph, list item) is there, its words
  one after the other, the blocks in reading order;
* every note's text is at the note's own place: in HTML the element its
  call's link leads to, in DOCX the footnote or endnote its reference's id
  names, in PDF the text below the named destination its call's link leads
  to (down to the next destination), in Markdown its ``[^label]:``
  definition;
* every note call leads to its own note (HTML: each call's link by the
  call's id; DOCX: each reference, in order; PDF: each call's link, in order;
  Markdown: each ``[^label]``), and every in-page link lands somewhere.

Quotes compare as the same: the outputs print a capture's straight quotes and
apostrophes curly (:mod:`convert.render.typography`), and a word
(:func:`convert.words.text_words`) is letters and digits only, so
``don't``/``don’t`` and ``"final"``/``“final”`` are the same words.

What verify reports: ``ok``, the problems found (words lost or out of order,
notes missing or misplaced, calls misdirected), or that the output could not
be checked (the source is missing, or changed since the conversion).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal, assert_never

from .batch import CAPTURE_COPY, MANIFEST, STDIN, OutputRecord, load_manifest, read_manifest, sha256_file
from .match import Match, Stream, find_block, find_note, required
from .model import Document, Link, Note, NoteRef, block_inlines, iter_note_refs
from .parse import ParseError, parse_bytes
from .pipeline import read_source
from .render import FORMATS, resolve
from .words import Token, body_token_units, inline_tokens, text_tokens, text_words

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

# Words a note's text may start after, at its place: its label, a back-link.
_LABEL_ROOM = 6
# A link to a place (not a name) may show a line above the note too: a viewer scrolls it
# into view a little above its target (Typst's places are 10 pt above the note's top).
_PLACE_ROOM = _LABEL_ROOM + 20


@dataclass
class Verdict:
    output: str
    ok: bool
    checks: list[str] = field(default_factory=list)  # what was verified, for the report
    problems: list[str] = field(default_factory=list)
    unchecked: str | None = None  # why the output could not be checked at all (its source is gone or changed)


# --------------------------------------------------------------------------- reading outputs back

#: How an output's note calls lead to their notes, as its reader finds them:
#: ``"by-id"`` each call's link, known by the call's id, names its note's place
#: (HTML); ``"in-order"`` the calls' links, in order, without ids (PDF);
#: ``"footnotes"`` one footnote reference per cited note, at its first call
#: (DOCX); ``"labels"`` each call names its note's label (Markdown);
#: ``"named"`` each call names its note, with no link to follow (the JSON model).
Leads = Literal["by-id", "in-order", "footnotes", "labels", "named"]


@dataclass
class Readback:
    """What an output holds, as a reader finds it.

    ``body``: every word a reader sees, in reading order. ``notes``: the words
    at each place a note call can lead to (an element id, a footnote, a named
    destination, a Markdown label), from that place on. ``calls``: each note
    call's ``(id, the place it leads to)`` in order, the id where the format
    keeps it; ``leads`` says how a format's calls lead to their notes (see
    :data:`Leads`).
    """

    text: str
    body: Stream
    notes: dict[str, Stream] = field(default_factory=dict)
    calls: list[tuple[str | None, str]] | None = None
    leads: Leads = "by-id"
    broken_links: list[str] = field(default_factory=list)
    off_page: list[int] = field(default_factory=list)  # PDF pages (1-based) that draw text outside the page
    # A PDF's places its links lead to that have no name (see position_name): the body word each starts at.
    places: dict[str, int] = field(default_factory=dict)


# -- PDF


@dataclass
class _Piece:
    page: int
    y: float
    words: list[str]


def read_pdf(data: bytes) -> Readback:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pieces: list[_Piece] = []
    texts: list[str] = []
    off_page: list[int] = []
    calls: list[tuple[str | None, str]] = []
    for number, page in enumerate(reader.pages):
        visible, hidden = _page_pieces(page, number)
        pieces.extend(visible)
        texts.append(" ".join(" ".join(p.words) for p in visible))
        if hidden:
            off_page.append(number + 1)
        calls.extend((None, name) for name in _internal_links(reader, page))
    words = [w for p in pieces for w in p.words]
    pages = [p.page for p in pieces for _ in p.words]
    body = Stream(words, pages, split=True, slack=1)
    places = [name for _, name in calls if name.startswith(POSITION_MARK)]
    return Readback(
        "\n".join(texts), body, _destination_texts(reader, pieces), calls, "in-order", off_page=off_page,
        places=_place_starts(pieces, places),
    )


def _place_starts(pieces: list[_Piece], places: list[str]) -> dict[str, int]:
    """The first word of the line drawn just below each place (else the next page's first), as an index of the body's words.

    A place's note is read from there on, through the rest of the document:
    the next place a link leads to may lie above the note's last line (a viewer
    scrolls a place into view with a margin above it), so it does not end the note.
    """
    wanted: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for name in dict.fromkeys(places):
        page_text, _, top_text = name[len(POSITION_MARK):].partition(":")
        wanted[int(page_text)].append((float(top_text), name))
    best: dict[str, tuple[float, int]] = {}  # name -> (the line's height on the page, its first word)
    first_of_page: dict[int, int] = {}
    index = 0
    for piece in pieces:
        first_of_page.setdefault(piece.page, index)
        for top, name in wanted.get(piece.page, []):
            # (drawing order is not reading order: a folio may be drawn before the text above it)
            if piece.y <= top + 0.5 and (name not in best or piece.y > best[name][0] + 0.5):
                best[name] = (piece.y, index)
        index += len(piece.words)
    starts = {name: at for name, (_, at) in best.items()}
    pages = sorted(first_of_page)
    for page, entries in wanted.items():
        later = [first_of_page[p] for p in pages if p > page]
        for _, name in entries:
            if name not in starts and later:
                starts[name] = later[0]  # below the page's last line: the note starts on the next page
    return starts


def _page_pieces(page, number: int) -> tuple[list[_Piece], bool]:
    """``(visible, any hidden)``: the page's text pieces drawn inside its crop box, in drawing order, and whether any is drawn outside.

    Text is in the file whether or not it lands on the page: a reader sees only
    what is inside, so only that counts as kept. Each piece is tokenised on its
    own: a note call is drawn as a piece of its own, raised, and stays a word of its own.
    """
    box = page.cropbox
    left, bottom, right, top = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    visible: list[_Piece] = []
    hidden = False

    def collect(text, cm, tm, font, size):
        nonlocal hidden
        words = text_words(text)
        if not words:
            return
        # where the text starts, in page space: the text matrix's origin through the CTM
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if left <= x <= right and bottom <= y <= top:
            visible.append(_Piece(number, y, words))
        else:
            hidden = True

    _identity_encodings(page.get("/Resources"))
    page.extract_text(visitor_text=collect)
    return visible, hidden


def _identity_encodings(resources, depth: int = 0) -> None:
    """Read two-byte embedded CMap encodings as ``Identity-H``, in place.

    WeasyPrint gives a font with glyphs missing an embedded CMap over the whole
    two-byte range that only sends the missing glyphs to .notdef; the text is
    mapped by the font's ToUnicode as with ``Identity-H``. pypdf reads such a
    CMap as a one-byte encoding and decodes the text letter by letter, wrongly
    ("départment" as "d f p a r t …"), so it is read as what it is.
    """
    from pypdf.generic import NameObject, StreamObject

    if resources is None or depth > 3:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        font = font.get_object()
        encoding = font.get("/Encoding")
        target = encoding.get_object() if encoding is not None else None
        if isinstance(target, StreamObject) and b"<0000> <ffff>" in target.get_data():
            font[NameObject("/Encoding")] = NameObject("/Identity-H")
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _identity_encodings(xobject.get("/Resources"), depth + 1)


#: How a link to a place rather than a name is written among the calls: ``@PAGE:TOP``
#: (0-based page, the top in points). Typst writes such links; WeasyPrint names its places.
POSITION_MARK = "@"


def position_name(page: int, top: float) -> str:
    return f"{POSITION_MARK}{page}:{top:.1f}"


def _internal_links(reader, page) -> list[str]:
    """Where the page's links lead, in the page's order: a named destination's name, or a place (:func:`position_name`)."""
    found = []
    for annot in page.get("/Annots") or []:
        a = annot.get_object()
        if a.get("/Subtype") != "/Link":
            continue
        dest = a.get("/Dest")
        if dest is None:
            action = a.get("/A")
            action = action.get_object() if action is not None else None
            if action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
        if isinstance(dest, (str, bytes)):
            found.append(dest.decode("utf-8", "replace") if isinstance(dest, bytes) else str(dest))
            continue
        dest = dest.get_object() if dest is not None else None
        if isinstance(dest, list) and len(dest) >= 2:  # [page /XYZ left top zoom], an explicit destination
            try:
                number = reader.get_page_number(dest[0].get_object())
                top = float(dest[3]) if len(dest) > 3 and dest[3] is not None else float("inf")
            except Exception:  # a place pypdf cannot find leads nowhere a reader can see
                continue
            if number is not None and number >= 0:
                found.append(position_name(number, top))
    return found


def _destination_texts(reader, pieces: list[_Piece]) -> dict[str, Stream]:
    """The words below each named destination, down to the next one (and on to the top of the next page).

    A footnote's destination is the top of the footnote at the foot of its
    page; an end note's, the top of its item in the list. What is drawn
    below it, before the next destination, is that note.
    """
    marks: dict[int, list[tuple[float, str]]] = defaultdict(list)
    for name, dest in reader.named_destinations.items():
        try:
            page = reader.get_destination_page_number(dest)
            top = float(dest.top) if dest.top is not None else float("inf")
        except Exception:  # a destination pypdf cannot place leads nowhere a reader can see
            continue
        marks[page].append((-top, str(name)))
    for entries in marks.values():
        entries.sort()
    regions: dict[str, list[str]] = {}
    pages: dict[str, list[int]] = {}
    carried: str | None = None  # the last destination of the page before: its note may go on here
    current_page = -1
    for piece in pieces:
        if piece.page != current_page:
            if marks.get(current_page):
                carried = marks[current_page][-1][1]
            current_page = piece.page
        entries = marks.get(piece.page, [])
        k = bisect_right(entries, (-piece.y + 0.5, "\uffff")) - 1
        name = entries[k][1] if k >= 0 else carried
        if name is not None:
            regions.setdefault(name, []).extend(piece.words)
            pages.setdefault(name, []).extend([piece.page] * len(piece.words))
    return {name: Stream(words, pages[name], split=True, slack=1) for name, words in regions.items()}


# -- DOCX


def read_docx(data: bytes) -> Readback:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        raised = _reference_styles(etree.fromstring(z.read("word/styles.xml"))) if "word/styles.xml" in names else set()
        document = etree.fromstring(z.read("word/document.xml"))
        paragraphs = [_paragraph_words(p, raised) for p in document.iter(f"{W}p")]
        notes: dict[str, Stream] = {}
        for part, kind in (("word/footnotes.xml", "footnote"), ("word/endnotes.xml", "endnote")):
            if part not in names:
                continue
            for note in etree.fromstring(z.read(part)).iter(f"{W}{kind}"):
                words = [w for p in note.iter(f"{W}p") for w in _paragraph_words(p, raised)]
                notes[f"{kind}:{note.get(f'{W}id')}"] = Stream(words)
    for start in document.iter(f"{W}bookmarkStart"):
        p = next(start.iterancestors(f"{W}p"), None)
        if p is not None:
            notes[f"bookmark:{start.get(f'{W}name')}"] = Stream(_paragraph_words(p, raised))
    calls: list[tuple[str | None, str]] = [
        (None, f"{etree.QName(ref).localname.removesuffix('Reference')}:{ref.get(f'{W}id')}")
        for ref in document.iter(f"{W}footnoteReference", f"{W}endnoteReference")
    ]
    words = [w for p in paragraphs for w in p]
    return Readback(" ".join(words), Stream(words), notes, calls, "footnotes")


def _reference_styles(styles) -> set[str]:
    """Ids of the character styles of note marks (Word sets a call apart by raising it in its own style)."""
    found = set()
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name")
        if name is not None and "reference" in (name.get(f"{W}val") or "").lower():
            found.add(style.get(f"{W}styleId"))
    return found


def _paragraph_words(p, raised: set[str]) -> list[str]:
    """The words of a paragraph as Word shows them: hidden runs (``w:vanish``) left out, a note mark a word of its own."""
    parts: list[str] = []
    for run in p.iter(f"{W}r"):
        props = run.find(f"{W}rPr")
        if props is not None and _on(props.find(f"{W}vanish")):
            continue
        text = "".join(
            (child.text or "") if child.tag == f"{W}t" else " "
            for child in run
            if child.tag in (f"{W}t", f"{W}tab", f"{W}br", f"{W}cr")
        )
        mark = run.find(f"{W}footnoteReference") is not None or run.find(f"{W}endnoteReference") is not None
        if props is not None and not mark:
            style = props.find(f"{W}rStyle")
            align = props.find(f"{W}vertAlign")
            mark = (style is not None and style.get(f"{W}val") in raised) or (
                align is not None and align.get(f"{W}val") == "superscript"
            )
        parts.append(f" {text} " if mark else text)
    return text_words("".join(parts))


def _on(toggle) -> bool:
    """A Word on/off property: present and not switched off."""
    return toggle is not None and toggle.get(f"{W}val", "true").lower() not in ("0", "false", "off")


# -- HTML


def read_html(data: bytes) -> Readback:
    from lxml import html

    root = html.fromstring(data)
    for element in hidden_elements(root):
        element.drop_tree()  # (its tail is the parent's text, and stays)
    for bad in root.xpath("//script|//style|//head|//template"):
        bad.drop_tree()
    for call in root.xpath("//sup|//*[@role='doc-noteref']|//a[contains(concat(' ', @class, ' '), ' backref ')]"):
        # a raised call is a word of its own, as the reader sees it
        call.text = " " + (call.text or "")
        call.tail = " " + (call.tail or "")
    by_id: dict = {}  # (id -> lxml element)
    for element in root.xpath("//*[@id]"):
        by_id.setdefault(element.get("id"), element)
    broken = [h for h in root.xpath("//a/@href") if h.startswith("#") and h[1:] not in by_id]
    calls = [(a.get("id"), a.get("href", "")[1:]) for a in root.xpath("//a[@role='doc-noteref']") if a.get("href", "").startswith("#")]
    places = {target for _, target in calls} | set(
        # (a note of the page's notes list: a list item of the doc-endnotes section; pages made
        # before 2026-11 named each item doc-endnote)
        root.xpath("//*[@role='doc-endnote' or @role='doc-footnote']/@id | //*[@role='doc-endnotes']//li/@id")
    )
    notes = {name: Stream(text_words(by_id[name].text_content())) for name in places if name in by_id}
    text = root.text_content()
    return Readback(text, Stream(text_words(text)), notes, calls, broken_links=broken)


# Declarations that take text out of sight: no box, an invisible box, or letters of no size.
_ZERO = re.compile(r"^[+-]?0*\.?0+(px|pt|pc|em|rem|ex|ch|vw|vh|vmin|vmax|%|mm|cm|in|q)?$")


def _hides(declarations) -> bool:
    import tinycss2

    for decl in declarations:
        if getattr(decl, "type", None) != "declaration":
            continue
        value = tinycss2.serialize(decl.value).strip().lower()
        name = decl.lower_name
        if (
            (name == "display" and value == "none")
            or (name == "visibility" and value in ("hidden", "collapse"))
            or (name == "content-visibility" and value == "hidden")
            or (name == "font-size" and _ZERO.match(value) is not None)
            or (name == "opacity" and _ZERO.match(value) is not None)
        ):
            return True
    return False


def hidden_elements(root) -> list:
    """Elements a browser does not show: the ``hidden`` attribute, or CSS that hides them.

    CSS counts from ``style`` attributes and from the page's ``<style>``
    elements (rules for print media left out: the page is read on a screen).
    A hidden element hides what it holds: that a child could be shown again
    (``visibility: visible``) is not taken into account, so the check errs
    on the side of "not shown".
    """
    import cssselect2
    import tinycss2

    hidden = list(root.xpath("//*[@hidden]"))
    for element in root.xpath("//*[@style]"):
        if _hides(tinycss2.parse_blocks_contents(element.get("style"), skip_whitespace=True, skip_comments=True)):
            hidden.append(element)
    selectors = []
    for style in root.xpath("//style"):
        selectors.extend(_hiding_selectors(tinycss2.parse_stylesheet(style.text_content(), True, True)))
    if selectors:
        matchers = []
        for selector in selectors:
            try:
                matchers.extend(cssselect2.compile_selector_list(selector))
            except cssselect2.SelectorError:
                continue  # a selector the browser would drop too
        wrapper = cssselect2.ElementWrapper.from_html_root(root)
        for element in wrapper.iter_subtree():
            if any(m.pseudo_element is None and m.test(element) for m in matchers):
                hidden.append(element.etree_element)
    # an element inside another hidden one is gone with it
    chosen = set(hidden)
    return [e for e in dict.fromkeys(hidden) if not any(a in chosen for a in e.iterancestors())]


def _hiding_selectors(rules) -> list[str]:
    import tinycss2

    found = []
    for rule in rules:
        if rule.type == "qualified-rule":
            if _hides(tinycss2.parse_blocks_contents(rule.content, skip_whitespace=True, skip_comments=True)):
                found.append(tinycss2.serialize(rule.prelude).strip())
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports", "layer") and rule.content:
            query = tinycss2.serialize(rule.prelude).lower()
            if rule.lower_at_keyword == "media" and "print" in query and "screen" not in query:
                continue
            found.extend(_hiding_selectors(tinycss2.parse_rule_list(rule.content, True, True)))
    return found


# -- Markdown and JSON

_DEFINITION = re.compile(r"^\[\^([^\]\s]+)\]: ", re.MULTILINE)
# a note nobody cites: ``[\[28\]]{#briefpress-note-28} text`` (see convert.render.markdown)
_UNCITED_ENTRY = re.compile(r"^\[\\\[.*?\\\]\]\{#briefpress-note-([^\s}]+)\} ?", re.MULTILINE)
_MD_CALL = re.compile(r"(?<!\\)\[\^([^\]\s]+)\]")
# a link's destination, ``[text](<url>)``: a reader sees the text, not the address
_MD_DESTINATION = re.compile(r"\]\(<[^>\n]*>\)")


def read_markdown(data: bytes) -> Readback:
    text = _MD_DESTINATION.sub("]", data.decode("utf-8", errors="replace"))
    definitions = list(_DEFINITION.finditer(text))
    body_end = definitions[0].start() if definitions else len(text)
    notes: dict[str, Stream] = {}
    for k, m in enumerate(definitions):
        end = definitions[k + 1].start() if k + 1 < len(definitions) else len(text)
        notes.setdefault(m.group(1), Stream(text_words(text[m.end() : end])))
    for m in _UNCITED_ENTRY.finditer(text, 0, body_end):  # notes nobody cites, a paragraph each after the body
        end = text.find("\n\n", m.end())
        notes.setdefault(m.group(1), Stream(text_words(text[m.end() : end if end != -1 else body_end])))
    calls: list[tuple[str | None, str]] = [(None, m.group(1)) for m in _MD_CALL.finditer(text, 0, body_end)]
    return Readback(text, Stream(text_words(text)), notes, calls, "labels")


def read_json(data: bytes) -> Readback:
    from .modeljson import from_json
    from .words import model_words

    doc = from_json(data.decode("utf-8")).document
    words = model_words(doc)
    notes = {note.id: Stream([t.text for t in inline_tokens(note.content)]) for note in doc.notes}
    calls: list[tuple[str | None, str]] = [(ref.id, ref.note_id) for ref in iter_note_refs(doc) if ref.note_id is not None]
    return Readback(" ".join(words), Stream(words), notes, calls, "named")


# --------------------------------------------------------------------------- checks


def _shown(tokens: list[Token], k: int | None = None, around: int = 3) -> str:
    """A few words of a block for a message; with ``k``, the words around token ``k``."""
    words = [t.text for t in tokens]
    if k is None:
        return " ".join(words[:7]) + (" …" if len(words) > 7 else "")
    return " ".join(words[max(0, k - around) : k + around + 1])


def _why(tokens: list[Token], found: Match) -> str:
    """What went wrong with a block that did not match, in words."""
    if not found.matched or found.stopped_at is None:
        return f"“{_shown(tokens)}” is missing"
    k = found.stopped_at
    return f"in “{_shown(tokens)}”, “{tokens[k].text}” is not where it should be (… {_shown(tokens, k)} …)"


def check_body(doc: Document, back: Readback) -> tuple[list[str], list[str]]:
    """Every block of the body, its words one after another, the blocks in order."""
    units = [u for u in (required(u) for u in body_token_units(doc)) if u]
    pos, lost, words, kept = 0, [], 0, 0
    for unit in units:
        words += len(unit)
        found = find_block(unit, back.body, pos)
        if found.end is None:
            lost.append((unit, found))
            continue
        kept += len(unit)
        pos = found.end
    checks = [f"{kept}/{words} body words in order"]
    problems = []
    if lost:
        unit, found = lost[0]
        problems.append(f"{len(lost)} of {len(units)} body block(s) missing, incomplete or out of order, first: {_why(unit, found)}")
    return checks, problems


def linked_calls(doc: Document) -> list[NoteRef]:
    """The body's calls of notes the capture has, outside links (a link cannot hold another): each is a link to its note."""
    found: list[NoteRef] = []

    def walk(nodes, in_link: bool) -> None:
        for node in nodes:
            if isinstance(node, NoteRef):
                if node.note_id is not None and not in_link:
                    found.append(node)
            elif isinstance(node, Link):
                walk(node.children, True)
            elif hasattr(node, "children"):
                walk(node.children, in_link)

    for block in doc.body:
        for inlines in block_inlines(block):
            walk(inlines, False)
    return found


def note_places(doc: Document, back: Readback) -> tuple[dict[str, str], list[str], list[str]]:
    """``(place of each note by note id, checks, problems)``: where each note's text should be, and whether its calls lead there.

    A place of ``""`` is somewhere in the body (a DOCX note with no bookmark name).
    """
    by_id = doc.note_by_id()
    label = {n.id: n.label for n in doc.notes}
    calls = back.calls or []
    problems: list[str] = []
    match back.leads:
        case "footnotes":
            return _docx_places(doc, calls)
        case "labels":
            return _label_places(doc, calls)
        case "in-order" | "by-id" | "named":
            pass
        case _:
            assert_never(back.leads)
    place = {n.id: n.id for n in doc.notes}
    wanted = linked_calls(doc) if back.leads != "named" else [r for r in iter_note_refs(doc) if r.note_id in by_id]
    if back.leads == "in-order":
        # a PDF's links have no ids: the calls' links, in order, lead to the notes the calls cite
        # (links of calls inside notes come in between). A link to a place, not a name, leads to
        # a note when that note's words start there (Typst's links lead to places).
        targets = [t for _, t in calls if t in by_id or t.startswith(POSITION_MARK)]
        lands: dict[tuple[str, str], bool] = {}

        def leads_to(target: str, note_id: str) -> bool:
            if target == note_id:
                return True
            if target not in back.places:
                return False
            if (target, note_id) not in lands:
                # (a note the capture left empty is known at its place by its label alone)
                tokens = required(inline_tokens(by_id[note_id].content)) or required(list(text_tokens(label[note_id])))
                found = find_note(tokens, back.body, back.places[target], _PLACE_ROOM) if tokens else None
                lands[target, note_id] = found is not None and found.end is not None
            return lands[target, note_id]

        j, unlinked = 0, []
        reached: dict[str, str] = {}  # note id -> the first place a call's link leads to it
        for ref in wanted:
            while j < len(targets) and not leads_to(targets[j], ref.note_id or ""):
                j += 1
            if j == len(targets):
                unlinked.append(ref)
            else:
                reached.setdefault(ref.note_id or "", targets[j])
                j += 1
        for note_id in by_id:
            if note_id not in back.notes:
                # No destination by the note's name: the place a call leads to, else (a note no
                # call links to, in a PDF that names no places) anywhere in the text.
                place[note_id] = reached.get(note_id, "")
        if unlinked:
            problems.append(f"{len(unlinked)} of {len(wanted)} note call(s) do not lead to their notes, first: call {unlinked[0].label}")
        return place, [f"{len(wanted) - len(unlinked)}/{len(wanted)} note calls linked"], problems
    leads = {call_id: target for call_id, target in calls}
    unlinked = [r for r in wanted if r.id not in leads]
    astray = [r for r in wanted if r.id in leads and leads[r.id] != r.note_id]
    if unlinked:
        problems.append(f"only {len(wanted) - len(unlinked)} of {len(wanted)} note calls are linked to their notes")
    if astray:
        r = astray[0]
        other = label.get(leads[r.id])
        where = f"note {other}" if other is not None else f"#{leads[r.id]}"
        problems.append(f"{len(astray)} note call(s) lead to another note, first: call {r.label} leads to {where}")
    linked = len(wanted) - len(unlinked) - len(astray)
    # (a JSON model's calls name their notes; there is no link to follow)
    said = "note calls lead to their notes" if back.leads == "named" else "note calls linked"
    return place, [f"{linked}/{len(wanted)} {said}"], problems


def _label_places(doc: Document, calls: list[tuple[str | None, str]]) -> tuple[dict[str, str], list[str], list[str]]:
    """Markdown: each call names its note's label, the label the renderer gave the note."""
    from .render.markdown import _Writer

    by_id = doc.note_by_id()
    problems: list[str] = []
    md_label = _Writer(doc).labels
    place = {n.id: md_label[n.id] for n in doc.notes}
    wanted = [r for r in iter_note_refs(doc) if r.note_id in by_id]
    got = [target for _, target in calls]
    wrong = [(r, g) for r, g in zip(wanted, got) if r.note_id is None or place[r.note_id] != g]
    if len(got) != len(wanted):
        problems.append(f"{len(got)} note call(s) in the text, {len(wanted)} in the source")
    elif wrong:
        r, g = wrong[0]
        problems.append(f"{len(wrong)} note call(s) lead to another note, first: call {r.label} leads to [^{g}]")
    return place, [f"{len(wanted) - len(wrong)}/{len(wanted)} note calls lead to their notes"], problems


def _docx_places(doc: Document, calls: list[tuple[str | None, str]]) -> tuple[dict[str, str], list[str], list[str]]:
    """A DOCX gives each cited note one footnote (or endnote), at its first call: the references, in order, are the cited notes in order."""
    from .render.docx import _bookmark_name

    by_id = doc.note_by_id()
    first: list[str] = []
    for ref in iter_note_refs(doc):
        if ref.note_id in by_id and ref.note_id not in first:
            first.append(ref.note_id)
    place = {note_id: target for note_id, (_, target) in zip(first, calls)}
    for note in doc.notes:
        if note.id not in first:
            name = _bookmark_name(note.id)
            place[note.id] = f"bookmark:{name}" if name else ""
    checks = [f"{min(len(calls), len(first))}/{len(first)} note calls linked"]
    problems = []
    if len(calls) < len(first):
        problems.append(f"only {len(calls)} of {len(first)} cited notes have a footnote reference")
    elif len(calls) > len(first):
        problems.append(f"{len(calls)} footnote references for {len(first)} cited notes")
    return place, checks, problems


def check_notes(doc: Document, back: Readback) -> tuple[list[str], list[str]]:
    """Each note's words at the note's own place in the output (see :func:`note_places`)."""
    place, checks, problems = note_places(doc, back)
    lost: list[tuple[Note, str]] = []
    for note in doc.notes:
        tokens = required(inline_tokens(note.content))
        if not tokens:
            continue  # (a note the capture left empty has nothing to lose)
        where = place.get(note.id, "")
        if where in back.places:  # (a place a link leads to: the note is read from there on)
            found = find_note(tokens, back.body, back.places[where], _PLACE_ROOM)
            if found.end is None:
                lost.append((note, _why(tokens, found) + " at its place" if found.matched else "is missing from its place"))
            continue
        region = back.notes.get(where)
        if region is None:
            if place.get(note.id) == "":
                region = back.body  # (a note with no bookmark name is somewhere in the text)
            else:
                lost.append((note, "has no place in the output"))
                continue
        found = find_block(tokens, region, 0, None if region is back.body else _LABEL_ROOM)
        if found.end is None:
            lost.append((note, _why(tokens, found) + " at its place" if found.matched else "is missing from its place"))
    checks.insert(0, f"{len(doc.notes) - len(lost)}/{len(doc.notes)} notes")
    if lost:
        labels = ", ".join(n.label for n, _ in lost[:10]) + (" …" if len(lost) > 10 else "")
        note, why = lost[0]
        problems.insert(0, f"note(s) {labels} missing or incomplete: note {note.label} {why}")
    return checks, problems


def check(doc: Document, fmt: str, data: bytes) -> tuple[list[str], list[str]]:
    """``(checks, problems)`` for one output of one document."""
    back = FORMATS[fmt].read_back()(data)
    checks, problems = check_body(doc, back)
    note_checks, note_problems = check_notes(doc, back)
    checks += note_checks
    problems += note_problems
    if back.broken_links:
        problems.append(f"{len(back.broken_links)} in-page link(s) lead nowhere, e.g. {back.broken_links[0]}")
    if back.off_page:
        pages = ", ".join(map(str, back.off_page))
        problems.append(f"text drawn outside the page, where no reader sees it, on page(s) {pages}")
    if doc.furniture:
        # page furniture is kept in the model but not printed: the JSON must carry every line of it
        checks.append(f"{len(doc.furniture)} line(s) of page furniture kept out of the brief")
        if FORMATS[fmt].is_model:
            lost_furniture = [
                f.line for f in doc.furniture if find_block(required(list(text_tokens(f.text))), back.body).end is None
            ]
            if lost_furniture:
                problems.append(f"page furniture of line(s) {', '.join(map(str, lost_furniture[:5]))} missing from the model")
    title = required(list(text_tokens(doc.meta.title)))
    if title and find_block(title, back.body).end is None:
        problems.append("the title is missing")
    return checks, problems


# --------------------------------------------------------------------------- the source of an output


@dataclass
class Reference:
    """What an output is checked against: the parsed capture, or why there is none."""

    document: Document | None = None
    unchecked: str | None = None  # why the output cannot be checked
    problem: str | None = None  # the capture itself is not a capture (it fails to parse)
    note: str | None = None  # where the capture came from, when not from its file


def reference(out_dir: Path, rec: OutputRecord, cache: dict) -> Reference:
    """The document an output is checked against, from the manifest record's input (cached per input and hash).

    A file must still be the one converted (its hash as recorded). Standard
    input left no file: its capture is taken from a PDF in the same folder
    that carries it attached (the PDF/A variants do), or its model from a JSON
    output of the same conversion that is unchanged since it was written.
    """
    key = (rec.input, rec.input_sha256, str(out_dir) if rec.input == STDIN else "")
    if key not in cache:
        cache[key] = _stdin_reference(out_dir, rec, cache) if rec.input == STDIN else _file_reference(rec)
    return cache[key]


def _file_reference(rec: OutputRecord) -> Reference:
    path = Path(rec.input)
    if not path.exists():
        return Reference(unchecked=f"source missing: {rec.input}")
    try:
        data = read_source(path)
    except ParseError as exc:
        return Reference(unchecked=f"source {rec.input}: {exc}")
    if hashlib.sha256(data).hexdigest() != rec.input_sha256:
        return Reference(unchecked=f"source changed since conversion: {rec.input}")
    return _parsed(data, path.name, rec.input)


def _parsed(data: bytes, name: str, shown: str, note: str | None = None) -> Reference:
    try:
        return Reference(parse_bytes(data, name).document, note=note)
    except ParseError as exc:
        return Reference(problem=f"source {shown}: {exc}")


def _stdin_reference(out_dir: Path, rec: OutputRecord, cache: dict) -> Reference:
    kept = out_dir / (PurePosixPath(rec.output).with_suffix("").as_posix() + CAPTURE_COPY)
    if kept.is_file():
        data = kept.read_bytes()
        if hashlib.sha256(data).hexdigest() == rec.input_sha256:
            return _parsed(data, "stdin.txt", "standard input", f"checked against the capture kept in {kept.name}")
    siblings = [r for r in _manifest(out_dir, cache).values() if r.input == STDIN and r.input_sha256 == rec.input_sha256]
    # (formats that carry the capture first, then the model, as each format's registry entry says)
    siblings = [r for r in siblings if r.format in FORMATS]
    for other in sorted(siblings, key=lambda r: FORMATS[r.format].attachments is None):
        path = out_dir / other.output
        if not path.is_file():
            continue
        fmt = FORMATS[other.format]
        if fmt.attachments is not None:
            for name, data in resolve(fmt.attachments)(path):
                if hashlib.sha256(data).hexdigest() == rec.input_sha256:
                    return _parsed(data, name, "standard input", f"checked against the capture attached to {other.output}")
        elif fmt.is_model and sha256_file(path) == other.output_sha256:
            from .modeljson import from_json

            try:
                document = from_json(path.read_text(encoding="utf-8")).document
            except Exception:  # a model that no longer reads back is no reference
                continue
            return Reference(document, note=f"checked against the model in {other.output}, unchanged since conversion")
    return Reference(
        unchecked="converted from standard input, and no copy of it is left (its .capture file, a PDF/A "
        "carrying it or a JSON model): convert it again to make its outputs verifiable"
    )


def _manifest(out_dir: Path, cache: dict) -> dict[str, OutputRecord]:
    key = ("manifest", str(out_dir))
    if key not in cache:
        cache[key] = read_manifest(out_dir)
    return cache[key]


def attached_files(path: Path) -> list[tuple[str, bytes]]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        return [(name, data) for name, contents in reader.attachments.items() for data in contents]
    except Exception:  # an unreadable PDF carries nothing
        return []


# --------------------------------------------------------------------------- per output


def verify_output(out_dir: Path, rec: OutputRecord, cache: dict) -> Verdict:
    verdict = Verdict(rec.output, ok=False)
    path = out_dir / rec.output
    if rec.format not in FORMATS:
        verdict.problems.append(f"unknown format {rec.format!r}")
        return verdict
    try:
        data = path.read_bytes()
    except OSError as exc:
        verdict.problems.append(f"cannot read the output: {exc.strerror or exc}")
        return verdict
    ref = reference(out_dir, rec, cache)
    if ref.document is None:
        verdict.unchecked = ref.unchecked
        if ref.problem:
            verdict.problems.append(ref.problem)
        return verdict
    if ref.note:
        verdict.checks.append(ref.note)
    if hashlib.sha256(data).hexdigest() != rec.output_sha256:
        verdict.checks.append("changed since it was written")
    try:
        checks, problems = check(ref.document, rec.format, data)
    except Exception as exc:  # an unreadable output is a failed verification, not a crash
        verdict.problems.append(f"cannot read the {rec.format.upper()} back: {type(exc).__name__}: {exc}")
        return verdict
    verdict.checks.extend(checks)
    verdict.problems.extend(problems)
    verdict.ok = not verdict.problems
    return verdict


def find_records(targets: list[Path], problems: list[str] | None = None) -> list[tuple[Path, OutputRecord]]:
    """``(output folder, record)`` for every output named by the targets (folders or files).

    ``problems`` receives one line per manifest line that could not be read
    (the output it recorded is then not verified, and the report says so).
    """
    found: list[tuple[Path, OutputRecord]] = []
    for target in targets:
        if target.is_dir():
            manifests = sorted(target.rglob(MANIFEST))
            if not manifests:
                raise FileNotFoundError(f"{target}: no {MANIFEST} here; verify checks outputs of briefpress convert")
            for manifest in manifests:
                base = manifest.parent
                records, left_out = load_manifest(base)
                if problems is not None:
                    problems.extend(left_out)
                found.extend((base, r) for _, r in sorted(records.items()))
            continue
        base = target.resolve().parent
        while True:
            if (base / MANIFEST).exists():
                records = read_manifest(base)
                rel = target.resolve().relative_to(base).as_posix()
                if rel in records:
                    found.append((base, records[rel]))
                    break
            if base.parent == base:
                raise FileNotFoundError(f"{target}: no manifest records this file")
            base = base.parent
    return found
