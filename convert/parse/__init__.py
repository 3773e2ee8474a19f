"""The parser: a plain-text capture of a published report → a :class:`~convert.model.ParseResult`.

The stages, each in its own module, run in this order:

1. :mod:`.decode` — bytes → text (encoding, line endings, refusal of non-text);
2. :mod:`.lines` — text → numbered lines and blank-separated blocks;
3. :mod:`.frontmatter` — kicker, title, authors and roles, date, caption, links;
4. :mod:`.notes` — the notes list at the end, cut into notes;
5. :mod:`.blocks` (with :mod:`.inlines`) — the body: headings, paragraphs, lists;
6. :mod:`.resolve` — ids and cross-links, settled once.

Bad input raises :class:`ParseError` whose message is the one-line reason;
everything else the parser notices comes back as diagnostics.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model import Diagnostic, Metadata, ParseResult
from .blocks import BodyContext, parse_body
from .decode import ParseError, decode
from .frontmatter import parse_front, take_front
from .inlines import join_lines, parse_inlines
from .lines import source_link, split_blocks, split_lines
from .notes import RawNote, split_notes
from .resolve import ParsedNote, resolve

__all__ = ["ParseError", "parse_bytes", "parse_file", "parse_text"]

# What a stripped URL leaves behind: "2022, ." or "16 ." before the closing stop.
_RESIDUE = re.compile(r"(?:\s*,\s*|\s+)\.(?=\s|$)")
# The cheap test first: a full stop right after a space, comma or no-break
# space (note text is folded). Written with the stop first so that the regex
# engine skips from stop to stop.
_RESIDUE_HINT = re.compile(r"\.(?<=[ ,\xa0]\.)")


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
    lines = split_lines(text)
    blocks = split_blocks(lines)
    if not blocks:
        raise ParseError("no text: the file holds only white space")

    front_lines, rest = take_front(blocks)
    front = parse_front(front_lines)
    diags.extend(front.diagnostics)

    split = split_notes(rest)
    notes = [_finish_note(raw, diags) for raw in split.notes]
    labels = frozenset(n.label for n in notes)

    ctx = BodyContext(note_labels=labels)
    body_blocks = ([front.leftover] if front.leftover else []) + split.body + split.preface
    body = parse_body(body_blocks, ctx)
    if split.trailing:
        diags.append(
            Diagnostic("info", "text-after-notes", "text after the notes list kept at the end of the body", split.trailing[0][0].no)
        )
        body += parse_body(split.trailing, ctx)
    diags.extend(ctx.diagnostics)

    title = front.title
    if not title:
        title = Path(source_name).stem
        diags.append(Diagnostic("warning", "no-title", f"no title found; using the file name {title!r}", None))

    links = list(front.links) + [source_link(l) for l in ctx.links + split.links]
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
        kicker=front.kicker,
        subtitle=front.subtitle,
        authors=tuple(front.authors),
        date=front.date,
        date_iso=front.date_iso,
        image_caption=front.image_caption,
        links=tuple(links),
    )
    document = resolve(meta, body, notes, split.notes_title, diags)
    diags.sort(key=lambda d: (d.line is None, d.line or 0))
    return ParseResult(document, tuple(diags), encoding)


def _finish_note(raw: RawNote, diags: list[Diagnostic]) -> ParsedNote:
    parts = []
    for no, text in raw.parts:
        cleaned = _RESIDUE.sub(".", text) if (text == "." or _RESIDUE_HINT.search(text)) else text
        # a residue split over two lines: "2022," then " ." on the next
        if cleaned == "." and parts and parts[-1][1].endswith(","):
            prev_no, prev = parts.pop()
            parts.append((prev_no, prev[:-1] + "."))
            diags.append(_stripped(raw, no))
            continue
        if cleaned != text:
            diags.append(_stripped(raw, no))
        parts.append((no, cleaned))
    if not parts:
        diags.append(Diagnostic("warning", "empty-note", f"note [{raw.label}] has no text", raw.line))
    content = join_lines([parse_inlines(text, no, note_labels=None, refs=False) for no, text in parts])
    return ParsedNote(raw.label, raw.line, content)


def _stripped(raw: RawNote, line: int) -> Diagnostic:
    return Diagnostic(
        "info",
        "stripped-url",
        f"note [{raw.label}]: its URL was stripped from the capture; the punctuation left behind was cleaned",
        line,
    )
