"""Proof after the fact: every output still holds every word of its source.

For each output a manifest records, :func:`verify_output` parses the source
capture again, reads the output back — PDF text with pypdf, DOCX with
python-docx including the footnotes part, HTML with lxml, Markdown and JSON
as text — and checks:

* every word of the body is there, in reading order;
* every note is there, each with its words in order (a footnote sits at the
  foot of the page that cites it, so notes are checked one by one, not as one
  run after the body);
* every note call is linked to its note (HTML: each ``doc-noteref`` link and
  every in-page link resolves; PDF: an internal link per call; DOCX: a
  footnote reference per cited note).

Words are compared as a stream of letters and digits, so a word the PDF
hyphenated at a line end, or a URL broken over two lines, still matches.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .batch import MANIFEST, OutputRecord, read_manifest, sha256_file
from .model import Document, iter_note_refs
from .parse import ParseError, parse_bytes
from .pipeline import read_source
from .words import body_units, inline_words, text_words

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@dataclass
class Verdict:
    output: str
    ok: bool
    checks: list[str] = field(default_factory=list)  # what was verified, for the report
    problems: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- reading outputs back


@dataclass
class Readback:
    text: str
    note_links: int | None = None  # how many note calls are linked to their notes
    broken_links: list[str] = field(default_factory=list)
    off_page: list[int] = field(default_factory=list)  # PDF pages (1-based) that draw text outside the page


def read_pdf(data: bytes) -> Readback:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    texts = []
    internal = 0
    off_page = []
    for number, page in enumerate(reader.pages, 1):
        visible, hidden = _visible_text(page)
        texts.append(visible)
        if hidden.strip():
            off_page.append(number)
        for annot in page.get("/Annots") or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            action = a.get("/A")
            action = action.get_object() if action is not None else None
            if "/Dest" in a or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    return Readback("\n".join(_without_furniture(texts)), note_links=internal, off_page=off_page)


def _visible_text(page) -> tuple[str, str]:
    """``(visible, hidden)``: the page's text drawn inside its crop box, and the text drawn outside it.

    Text is in the file whether or not it lands on the page: a reader sees only
    what is inside, so only that counts as kept.
    """
    box = page.cropbox
    left, bottom, right, top = (float(v) for v in (box.left, box.bottom, box.right, box.top))
    visible: list[str] = []
    hidden: list[str] = []

    def collect(text, cm, tm, font, size):
        # where the text starts, in page space: the text matrix's origin through the CTM
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        inside = left <= x <= right and bottom <= y <= top
        (visible if inside or not text.strip() else hidden).append(text)

    page.extract_text(visitor_text=collect)
    return "".join(visible), "".join(hidden)


_EDGE = 2  # lines at each end of a page's text where a running head or page number can stand


def _without_furniture(pages: list[str]) -> list[str]:
    """Page texts without running heads and page numbers: edge lines whose shape recurs on most pages.

    A word hyphenated across a page break ("in-" … "ternational") can only be
    joined again once the header and footer between its halves are gone. Only
    the first and last lines of a page are candidates: a footnote's last line
    that is just a year ("2021.") has the shape of a page number too, and
    recurs on many pages.
    """
    if len(pages) < 3:
        return pages

    def shape(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip())

    def edges(lines: list[str]) -> list[int]:
        return sorted(set(range(min(_EDGE, len(lines)))) | set(range(max(0, len(lines) - _EDGE), len(lines))))

    split = [[l for l in page.splitlines() if l.strip()] for page in pages]
    seen = Counter(s for lines in split for s in {shape(lines[i]) for i in edges(lines)})
    furniture = {s for s, n in seen.items() if n >= max(2, 0.6 * len(pages))}
    kept = []
    for number, lines in enumerate(split):
        drop = {i for i in edges(lines) if shape(lines[i]) in furniture}
        if number == 0:
            # the first page has no running head: its top lines are the title, which the running head repeats
            drop = {i for i in drop if i >= len(lines) - _EDGE}
        kept.append("\n".join(l for i, l in enumerate(lines) if i not in drop))
    return kept


def read_docx(data: bytes) -> Readback:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        parts = ["word/document.xml"] + [n for n in ("word/footnotes.xml", "word/endnotes.xml") if n in names]
        texts, refs = [], 0
        for name in parts:
            root = etree.fromstring(z.read(name))
            # paragraph by paragraph, so words never run together across paragraphs
            for p in root.iter(f"{{{W_NS}}}p"):
                texts.append("".join(t.text or "" for t in p.iter(f"{{{W_NS}}}t")))
            if name == "word/document.xml":
                refs = sum(1 for _ in root.iter(f"{{{W_NS}}}footnoteReference", f"{{{W_NS}}}endnoteReference"))
    return Readback("\n".join(texts), note_links=refs)


def read_html(data: bytes) -> Readback:
    from lxml import html

    root = html.fromstring(data)
    for bad in root.xpath("//script|//style|//head"):
        bad.getparent().remove(bad)
    ids = set(root.xpath("//@id"))
    broken = [h for h in root.xpath("//a/@href") if h.startswith("#") and h[1:] not in ids]
    noterefs = root.xpath("//a[@role='doc-noteref']")
    linked = sum(1 for a in noterefs if a.get("href", "").startswith("#") and a.get("href")[1:] in ids)
    return Readback(root.text_content(), note_links=linked, broken_links=broken)


def read_text(data: bytes) -> Readback:
    return Readback(data.decode("utf-8", errors="replace"))


def read_json(data: bytes) -> Readback:
    from .modeljson import from_json
    from .words import model_words

    result = from_json(data.decode("utf-8"))
    return Readback(" ".join(model_words(result.document)))


READERS = {"pdf": read_pdf, "docx": read_docx, "html": read_html, "md": read_text, "json": read_json}


# --------------------------------------------------------------------------- word checks


def _stream(text: str) -> str:
    return "".join(text_words(text))


def missing_in_order(expected: list[str], stream: str, start: int = 0) -> list[int]:
    """Indexes of ``expected`` words not found in ``stream`` in order (a missing word does not move the cursor)."""
    pos, missing = start, []
    for k, word in enumerate(expected):
        end = _match(word, stream, pos)
        if end is None:
            missing.append(k)
        else:
            pos = end
    return missing


_NEAR = 8  # characters a note-call label or similar may take between two words
_PAGE_GAP = 4000  # letters of footnotes, running head and page number between a word's halves


def _match(word: str, stream: str, pos: int) -> int | None:
    """Where the match of ``word`` at or after ``pos`` ends.

    A word hyphenated at the end of a page has footnotes, the running head and
    the page number between its halves: when the word does not follow right
    here, a head that does and a tail further on make the match.
    """
    found = stream.find(word, pos)
    if 0 <= found - pos <= _NEAR:
        return found + len(word)
    for cut in range(len(word) - 1, 1, -1):
        head = stream.find(word[:cut], pos)
        if 0 <= head - pos <= _NEAR:
            # the tail must come within a page's worth of footnotes and furniture
            tail = stream.find(word[cut:], head + cut, head + cut + _PAGE_GAP)
            if tail >= 0:
                return tail + len(word) - cut
    return None if found < 0 else found + len(word)


def _context(words: list[str], index: int) -> str:
    return " ".join(words[max(0, index - 3) : index + 4])


def check(doc: Document, fmt: str, data: bytes) -> tuple[list[str], list[str]]:
    """``(checks, problems)`` for one output of one document."""
    back = READERS[fmt](data)
    stream = _stream(back.text)
    checks, problems = [], []

    # Block by block: a lost paragraph is reported as that paragraph, and the
    # cursor moves past a block only when all of its words were found in order.
    # list numbers are drawn by the format (CSS counters, Word numbering), not text
    units = [u for u in body_units(doc, refs=False, numbers=False) if u]
    pos, lost_units, words_total, words_lost = 0, [], 0, 0
    for unit in units:
        words_total += len(unit)
        miss = missing_in_order(unit, stream, pos)
        if miss:
            lost_units.append(unit)
            words_lost += len(unit)
            continue
        for word in unit:
            pos = stream.find(word, pos) + len(word)
    checks.append(f"{words_total - words_lost}/{words_total} body words in order")
    if lost_units:
        problems.append(
            f"{len(lost_units)} of {len(units)} body block(s) missing or incomplete, first: “{_context(lost_units[0], 3)} …”"
        )

    lost_notes = []
    for note in doc.notes:
        words = list(inline_words(note.content))
        if words and missing_in_order(words, stream):  # (a note the capture left empty has nothing to lose)
            lost_notes.append(note.label)
    checks.append(f"{len(doc.notes) - len(lost_notes)}/{len(doc.notes)} notes")
    if lost_notes:
        problems.append(f"note(s) {', '.join(lost_notes)} missing or incomplete")

    cited = [r for r in iter_note_refs(doc) if r.note_id is not None]
    if back.note_links is not None and fmt != "md" and fmt != "json":
        wanted = len({r.note_id for r in cited}) if fmt == "docx" else len(cited)
        checks.append(f"{min(back.note_links, wanted)}/{wanted} note calls linked")
        if back.note_links < wanted:
            problems.append(f"only {back.note_links} of {wanted} note calls are linked to their notes")
    if back.broken_links:
        problems.append(f"{len(back.broken_links)} in-page link(s) lead nowhere, e.g. {back.broken_links[0]}")
    if back.off_page:
        pages = ", ".join(map(str, back.off_page))
        problems.append(f"text drawn outside the page, where no reader sees it, on page(s) {pages}")
    if doc.furniture:
        # page furniture is kept in the model but not printed: the JSON must carry every line of it
        checks.append(f"{len(doc.furniture)} line(s) of page furniture kept out of the brief")
        if fmt == "json":
            lost_furniture = [f.line for f in doc.furniture if missing_in_order(text_words(f.text), stream)]
            if lost_furniture:
                problems.append(f"page furniture of line(s) {', '.join(map(str, lost_furniture[:5]))} missing from the model")
    title_missing = missing_in_order(text_words(doc.meta.title), stream)
    if title_missing:
        problems.append("the title is missing")
    return checks, problems


# --------------------------------------------------------------------------- per output


def verify_output(out_dir: Path, rec: OutputRecord, cache: dict[str, Document]) -> Verdict:
    verdict = Verdict(rec.output, ok=False)
    path = out_dir / rec.output
    if rec.format not in READERS:
        verdict.problems.append(f"unknown format {rec.format!r}")
        return verdict
    try:
        data = path.read_bytes()
    except OSError as exc:
        verdict.problems.append(f"cannot read the output: {exc.strerror or exc}")
        return verdict
    doc = cache.get(rec.input)
    if doc is None:
        try:
            source = read_source(Path(rec.input))
        except ParseError as exc:
            verdict.problems.append(f"source {rec.input}: {exc}")
            return verdict
        try:
            doc = parse_bytes(source, Path(rec.input).name).document
        except ParseError as exc:
            verdict.problems.append(f"source {rec.input}: {exc}")
            return verdict
        cache[rec.input] = doc
    if sha256_file(path) != rec.output_sha256:
        verdict.checks.append("changed since it was written")
    try:
        checks, problems = check(doc, rec.format, data)
    except Exception as exc:  # an unreadable output is a failed verification, not a crash
        verdict.problems.append(f"cannot read the {rec.format.upper()} back: {type(exc).__name__}: {exc}")
        return verdict
    verdict.checks.extend(checks)
    verdict.problems.extend(problems)
    verdict.ok = not verdict.problems
    return verdict


def find_records(targets: list[Path]) -> list[tuple[Path, OutputRecord]]:
    """``(output folder, record)`` for every output named by the targets (folders or files)."""
    found: list[tuple[Path, OutputRecord]] = []
    for target in targets:
        if target.is_dir():
            manifests = sorted(target.rglob(MANIFEST))
            if not manifests:
                raise FileNotFoundError(f"{target}: no {MANIFEST} here; verify checks outputs of briefpress convert")
            for manifest in manifests:
                base = manifest.parent
                found.extend((base, r) for _, r in sorted(read_manifest(base).items()))
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
