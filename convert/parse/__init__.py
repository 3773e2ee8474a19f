"""The parser: a plain-text capture of a published report → a :class:`~convert.model.ParseResult`.

The capture is decoded (:mod:`.decode`) and cut into lines (:mod:`.lines`);
then the stages of :data:`STAGES` label its lines, in this order — each one
claims only lines no earlier stage claimed, and records the rule that decided
(:mod:`.labels`):

1. ``browser-copy`` — is this a browser's select-all copy (list markers lost,
   headings straight above their text)?
2. ``code``, ``tables``, ``lists`` (:mod:`.blocks`) — lines whose shape says it all;
3. ``notes`` (:mod:`.notes`) — the notes list(s), the oracle for note calls;
4. ``front-matter`` (:mod:`.front`) — furniture, kicker, title, deck, authors, date, links;
5. ``back-matter`` (:mod:`.furniture`) — the page's furniture after the report, an author's signature;
6. ``links``, ``buttons``, ``captions``, ``quotes`` (:mod:`.captions`) — short lines that are not headings;
7. ``headings`` (:mod:`.headings`) — evidence per line, then document-level passes;
8. ``paragraphs`` — what is left.

The labelled lines are built into the model (:mod:`.build`, with the note-call
oracle of :mod:`.calls` and inline parsing in :mod:`.inlines`), the language
is detected (:mod:`.lang`), and :mod:`.resolve` settles ids and cross-links
once. Bad input raises :class:`ParseError` whose message is the one-line
reason; everything else the parser notices comes back as diagnostics.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Author, Diagnostic, Furniture, LineRole, Metadata, ParseResult
from . import vocab
from .blocks import label_code, label_items, label_tables
from .build import Builder
from .captions import label_captions, label_quotes
from .decode import ParseError, decode
from .front import FrontMatter, label_front, names_in
from .furniture import furniture_rule, label_back
from .headings import label_headings
from .inlines import parse_line, parse_lines
from .labels import (
    AUTHOR,
    BLANK,
    FURNITURE,
    LINK,
    NOTE,
    NOTE_CONT,
    NOTES_HEADING,
    PARAGRAPH,
    ROLE,
    Labels,
)
from .lang import detect_language
from .lines import nwords, BACKLINK, is_link_line, source_link, split_lines
from .notes import label_notes
from .resolve import ParsedNote, resolve

__all__ = ["ParseError", "parse_bytes", "parse_file", "parse_text", "STAGES"]

# What a stripped URL leaves behind: "2022, ." or "16 ." before the closing stop.
_RESIDUE = re.compile(r"(?:\s*,\s*|\s+)\.(?=\s|$)")
# The cheap test first: a full stop right after a space, comma or no-break
# space (note text is folded). Written with the stop first so that the regex
# engine skips from stop to stop.
_RESIDUE_HINT = re.compile(r"\.(?<=[ ,\xa0]\.)")
_FIGURE_REF = re.compile(
    r"\((?:see|cf\.?)\s+(?:the\s+|attached\s+)?(?:map|figure|fig\.|chart|graph|table|image|photo|infographic|graphic|diagram)s?\b[^)]*\)"
    r"|\((?:figure|fig\.|map|chart|table)\s+\d+[^)]*\)",
    re.IGNORECASE,
)


# Lines whose text is not the report's (a missing figure is looked for in the rest).
_NO_FIGURES = frozenset((BLANK, NOTE, NOTE_CONT, NOTES_HEADING, FURNITURE))


class _State:
    """What the stages hand each other besides the labels."""

    def __init__(self, lab: Labels) -> None:
        self.lab = lab
        self.front = FrontMatter()
        self.signature: list[int] = []


def _browser_copy(st: _State) -> None:
    """Is this a browser's select-all copy?

    A capture sets a blank line under every block but a list's items, a
    table's rows and a note's lines, and marks its list items; a browser's
    copy marks no item and puts no blank line under a heading, so its short
    lines run straight into longer text below them.
    """
    lab = st.lab
    alone = adjacent = markers = 0
    n = len(lab.lines)
    for i, line in enumerate(lab.lines):
        text = line.text
        if not text or lab.role[i] is not None:
            continue  # (preformatted lines keep their own indents and stars)
        if line.indent >= 2 and (text[:1] in "•◦▪-*" or text[:1].isdigit()):
            markers += 1
        if line.words > 12 or line.tabbed or text[-1] in ".,;:":
            continue
        if i + 1 >= n or not lab.lines[i + 1].text:
            alone += 1
        elif lab.lines[i + 1].words > 2 * line.words + 4:
            adjacent += 1
    lab.browser = markers == 0 and adjacent >= 3 and adjacent * 5 >= alone * 2


def _front(st: _State) -> None:
    st.front = label_front(st.lab)
    st.lab.authors = frozenset(vocab.fold(a.name) for a in st.front.authors)


def _back(st: _State) -> None:
    fm = st.front
    # (a signature written role first ends the report: the back furniture starts after it)
    _signature_under_role(st)
    label_back(st.lab, [a.name for a in fm.authors], fm.date)
    _signature(st)


def _signature(st: _State) -> None:
    """Near the end, a person's name alone with role lines under it: the author's signature."""
    lab = st.lab
    fm = st.front
    seen = 0
    i = len(lab) - 1
    while i > lab.front_end and seen < 20:
        if lab.blank(i):
            i -= 1
            continue
        seen += 1
        text = lab.text(i)
        j = lab.next_text(i)
        if (lab.free(i) or _plain_furniture(lab, i)) and (lab.alone(i) or lab.browser) and nwords(text) <= 4 and j is not None:
            found = None if vocab.has_role_word(text) or not _signature_name(text) else names_in(text)
            if found and found[0] and _signature_role(lab.text(j)):
                lab.set(i, AUTHOR, "signature-name")
                role_lines = []
                while j is not None and (lab.free(j) or _plain_furniture(lab, j)) and not lab.lines[j].tabbed:
                    if not _signature_role(lab.text(j)):
                        break
                    lab.set(j, ROLE, "signature-role")
                    role_lines.append(lab.text(j))
                    j = lab.next_text(j)
                _sign(fm.authors, found[0], "; ".join(role_lines) or None)
                return
        i -= 1


def _signature_under_role(st: _State) -> None:
    """The report's last line a person's name alone, with role lines right above it: a signature written role first (as French letters sign)."""
    lab = st.lab
    # (past the page's footer: lines the furniture rules take)
    last = next((k for k in range(len(lab) - 1, lab.front_end, -1) if not lab.blank(k) and not furniture_rule(lab.text(k))), None)
    if last is None or not lab.free(last) or not (lab.alone(last) or lab.browser):
        return
    text = lab.text(last)
    found = None if vocab.has_role_word(text) or not _signature_name(text) else names_in(text)
    if not found or not found[0]:
        return
    roles: list[int] = []
    j = lab.prev_text(last)
    while j is not None and lab.free(j) and len(roles) < 3 and _signature_role(lab.text(j)):
        roles.insert(0, j)
        j = lab.prev_text(j)
    if not roles:
        return
    lab.set(last, AUTHOR, "signature-name-under-role")
    for k in roles:
        lab.set(k, ROLE, "signature-role")
    role = "; ".join(lab.text(k) for k in roles)
    _sign(st.front.authors, found[0], role)


def _sign(authors: list, names: list[str], role: str | None) -> None:
    """Add the signature's names to the authors; an author named already takes the signature's role too (its text is kept)."""
    for name in names:
        k = next((n for n, a in enumerate(authors) if a.name == name), None)
        if k is None:
            authors.append(Author(name, role))
        elif role and role not in (authors[k].role or ""):
            old = authors[k].role
            authors[k] = Author(name, f"{old}; {role}" if old else role)


def _prose(st: _State) -> None:
    """A line of more than sixty words is a paragraph (unless it is one quotation): no later rule could make it anything else."""
    lab = st.lab
    lines = lab.lines
    for i in lab.free_lines():
        line = lines[i]
        if line.words > 60 and line.text[0] not in "“\"«„‘>":
            lab.set(i, PARAGRAPH, "long-prose")


def _plain_furniture(lab: Labels, i: int) -> bool:
    """Back furniture that is no author box (a signature may stand among the page's last lines)."""
    return lab.role[i] == FURNITURE and "author-box" not in lab.why[i]


def _signature_name(text: str) -> bool:
    """A person's name as signed: two or three words, or four with an initial or a particle."""
    tokens = text.split()
    if len(tokens) == 4:
        return any(t.endswith(".") or t.islower() for t in tokens)
    return 2 <= len(tokens) <= 3


def _signature_role(text: str) -> bool:
    """A role or an organisation line under a signature (not a field, not a sentence)."""
    return (
        nwords(text) <= 10
        and ":" not in text
        and text[-1] not in ".;,"
        and bool(vocab.has_role_word(text) or vocab.has_org_word(text))
    )


def _buttons(st: _State) -> None:
    """A button label alone in the body ("Read more", "Share", "Back to top") is page furniture there too."""
    lab = st.lab
    for i in lab.free_lines(lab.front_end, lab.back_start):
        line = lab.lines[i]
        # (a browser's copy sets no block apart: there, a line that is only a button's label is one)
        if line.words <= 4 and (lab.alone(i) or lab.browser) and vocab.fold(line.text) in vocab.BUTTON_LINES:
            lab.set(i, FURNITURE, "button-in-the-body", where="body")


def _links(st: _State) -> None:
    """A line alone that offers the report in another form ("View full PDF") is a link, wherever it stands."""
    lab = st.lab
    for i in lab.free_lines():
        if lab.lines[i].words < 9 and _set_apart(lab, i) and is_link_line(lab.text(i)):
            lab.set(i, LINK, "link-line-in-the-body")


def _set_apart(lab: Labels, i: int) -> bool:
    """Blank lines or the page's furniture before and after the line ("Download the report" over "Share")."""
    return all(lab.blank(j) or lab.role[j] in (FURNITURE, LINK) for j in (i - 1, i + 1))


def _paragraphs(st: _State) -> None:
    lab = st.lab
    for i in lab.free_lines():
        lab.set(i, PARAGRAPH, "paragraph")


def _run(fn):
    def stage(st: _State) -> None:
        fn(st.lab)

    stage.__name__ = fn.__name__
    stage.__doc__ = fn.__doc__
    return stage


def _language(st: _State) -> None:
    """The document's language (the heading rules and the renderers use it)."""
    st.lab.lang = detect_language([line.text for line in st.lab.lines])


# The stages, in order: (name, function). Each labels lines no earlier stage claimed.
STAGES = (
    ("language", _language),
    ("code", _run(label_code)),
    ("browser-copy", _browser_copy),
    ("tables", _run(label_tables)),
    ("notes", _run(label_notes)),
    ("lists", _run(label_items)),
    ("prose", _prose),
    ("front-matter", _front),
    ("back-matter", _back),
    ("links", _links),
    ("buttons", _buttons),
    ("captions", _run(label_captions)),
    ("quotes", _run(label_quotes)),
    ("headings", _run(label_headings)),
    ("paragraphs", _paragraphs),
)


def parse_file(path: str | Path) -> ParseResult:
    """Parse the capture at ``path`` (raises :class:`ParseError` or ``OSError``)."""
    path = Path(path)
    return parse_bytes(path.read_bytes(), path.name)


def parse_bytes(data: bytes, source_name: str = "capture") -> ParseResult:
    """Parse a capture's bytes; ``source_name`` gives a fallback title."""
    decoded = decode(data)
    return parse_text(decoded.text, source_name, encoding=decoded.encoding, diagnostics=list(decoded.diagnostics))


def parse_text(
    text: str,
    source_name: str = "capture",
    *,
    encoding: str = "utf-8",
    diagnostics: list[Diagnostic] | None = None,
) -> ParseResult:
    """Parse a capture already decoded to text."""
    diags: list[Diagnostic] = list(diagnostics or [])
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines, raws = split_lines(text)
    if not any(line.text for line in lines):
        raise ParseError("no text: the file holds only white space")
    lab = Labels(lines, raws)
    st = _State(lab)
    for _, stage in STAGES:
        stage(st)
    fm = st.front

    builder = Builder(lab)
    body = builder.body()
    diags.extend(builder.diagnostics)
    notes = _notes(lab, diags)
    for line, role in zip(lines, lab.role):
        if role not in _NO_FIGURES and "(" in line.text:
            _check_figures(line.text, line.no, diags)

    first_body = _first_body(lab)
    # the last line of the report's own text: the first such line from the end
    last_body = next((i for i in range(len(lab) - 1, -1, -1) if lab.role[i] not in (BLANK, FURNITURE)), -1)
    furniture = tuple(
        Furniture(
            lab.lines[i].no,
            lab.text(i),
            "front" if i < lab.front_end or i < first_body else ("back" if i > last_body else "body"),
        )
        for i in lab.with_role(FURNITURE)
    )
    if furniture:
        placed = {w: sum(1 for f in furniture if f.where == w) for w in ("front", "body", "back")}
        detail = f"{placed['front']} before the report, {placed['back']} after it" + (f", {placed['body']} inside it" if placed["body"] else "")
        diags.append(
            Diagnostic(
                "info",
                "page-furniture",
                f"{len(furniture)} line(s) of page furniture kept out of the brief ({detail})",
                furniture[0].line,
            )
        )
    last_zone_end = max((end for _, end in lab.note_zones), default=None)
    if last_zone_end is not None:
        after = next((i for i in range(last_zone_end + 1, lab.back_start) if lab.role[i] not in (BLANK, FURNITURE)), None)
        if after is not None:
            diags.append(Diagnostic("info", "text-after-notes", "text after the notes list kept in the body", lab.lines[after].no))

    title = fm.title
    if not title:
        title = Path(source_name).stem
        diags.append(Diagnostic("warning", "no-title", f"no title found; using the file name {title!r}", None))

    links = list(fm.links) + [source_link(lab.lines[i]) for i in range(lab.front_end, len(lab)) if lab.role[i] == LINK]
    links.sort(key=lambda l: l.line or 0)
    pdf_lines = [l.line for l in links if l.kind == "pdf"]
    if pdf_lines and not any(l.url for l in links if l.kind == "pdf"):
        where = ", ".join(str(n) for n in pdf_lines)
        diags.append(
            Diagnostic(
                "info",
                "pdf-link-lost",
                f"the capture promises a PDF (line {where}) but holds only the link text; the rendered PDF stands in for it",
                pdf_lines[0],
            )
        )

    meta = Metadata(
        title=title,
        kicker=fm.kicker,
        subtitle=fm.subtitle,
        authors=tuple(fm.authors),
        date=fm.date,
        date_iso=fm.date_iso,
        image_caption=fm.image_caption,
        links=tuple(links),
        lang=lab.lang,
        credits=tuple(fm.credits),
        fields=tuple(fm.fields),
    )
    notes_title = next((lab.text(i) for i in lab.with_role(NOTES_HEADING)), None)
    document = resolve(meta, body, notes, notes_title, diags, furniture)
    diags.sort(key=lambda d: (d.line is None, d.line or 0))
    explain = tuple(
        [LineRole(line.no, role or PARAGRAPH, tuple(why), line.text) for line, role, why in zip(lines, lab.role, lab.why) if line.text]
    )
    return ParseResult(document, tuple(diags), encoding, explain)


def _first_body(lab: Labels) -> int:
    return next((i for i in range(len(lab)) if lab.role[i] not in (BLANK, FURNITURE) and lab.role[i] is not None), len(lab))


def _notes(lab: Labels, diags: list[Diagnostic]) -> list[ParsedNote]:
    notes: list[ParsedNote] = []
    for zone, (start, end) in enumerate(lab.note_zones):
        current: tuple[str, int, list[tuple[int, str]]] | None = None
        for i in range(start, end + 1):
            role = lab.role[i]
            if role == NOTE:
                if current:
                    notes.append(_finish_note(*current, zone, diags))
                info = lab.info[i]
                current = (info["label"], lab.lines[i].no, [(lab.lines[i].no, info["rest"])] if info["rest"] else [])
            elif role == NOTE_CONT and current:
                current[2].append((lab.lines[i].no, lab.text(i)))
        if current:
            notes.append(_finish_note(*current, zone, diags))
    return notes


def _finish_note(label: str, line: int, raw_parts: list[tuple[int, str]], zone: int, diags: list[Diagnostic]) -> ParsedNote:
    parts: list[tuple[int, str]] = []
    for no, text in raw_parts:
        text = _without_backlink(text)
        if not text:
            continue
        cleaned = _RESIDUE.sub(".", text) if (text == "." or _RESIDUE_HINT.search(text)) else text
        # a residue split over two lines: "2022," then " ." on the next
        if cleaned == "." and parts and parts[-1][1].endswith(","):
            prev_no, prev = parts.pop()
            parts.append((prev_no, prev[:-1] + "."))
            diags.append(_stripped(label, no))
            continue
        if cleaned != text:
            diags.append(_stripped(label, no))
        parts.append((no, cleaned))
    if not parts:
        diags.append(Diagnostic("warning", "empty-note", f"note [{label}] has no text", line))
    if len(parts) == 1:  # (most notes are one line)
        no, text = parts[0]
        content = parse_line(text, no, note_labels=None, refs=False)
    else:
        content = parse_lines([(text, no, ()) for no, text in parts], note_labels=None, refs=False)
    return ParsedNote(label, line, content, zone)


def _without_backlink(text: str) -> str:
    text = text.rstrip()
    while text.endswith(BACKLINK) or text.endswith("\ufe0e"):
        text = text[:-1].rstrip(" \xa0")
    return text


def _stripped(label: str, line: int) -> Diagnostic:
    return Diagnostic(
        "info",
        "stripped-url",
        f"note [{label}]: its URL was stripped from the capture; the punctuation left behind was cleaned",
        line,
    )


def _check_figures(text: str, no: int, diags: list[Diagnostic]) -> None:
    for m in _figure_refs(text):
        diags.append(
            Diagnostic(
                "warning",
                "missing-figure",
                f"the text refers to a figure the capture does not contain: {m.group(0)!r}",
                no,
            )
        )


def _figure_refs(text: str):
    """The matches of ``_FIGURE_REF.finditer(text)``, the pattern tried only at an opening bracket.

    Every match opens with "(": jumping from one to the next with
    ``str.find`` spares the case-blind pattern a try at every position.
    """
    at = text.find("(")
    while at >= 0:
        m = _FIGURE_REF.match(text, at)
        if m:
            yield m
            at = text.find("(", m.end())
        else:
            at = text.find("(", at + 1)
