"""Stage 3: the front matter — kicker, title, subtitle, authors and roles, date, caption, links.

The front matter is the first block of the capture, plus any single-line
blocks right after it that are plainly front matter (a byline, a date, an
author slug, a "View full PDF" link). Each line is classified by its shape:
author slugs (``jane_doe``, repeated slugs are one author), ``By A and B``
bylines, role lines (right after an author), dates, link lines; of the lines
left, a short first one is the kicker, the next the title, one before the
authors a subtitle, one after them the image caption. Front lines that fit
none of these are handed back to the body so that no text is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ..model import Author, Diagnostic, SourceLink
from .lines import (
    BYLINE,
    DATE_LINE,
    ROLE_WORDS,
    SLUG,
    Line,
    is_date_line,
    is_link_line,
    heading_shape,
    source_link,
    slug_to_name,
)


@dataclass
class FrontMatter:
    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    authors: list[Author] = field(default_factory=list)
    date: str | None = None
    date_iso: str | None = None
    image_caption: str | None = None
    links: list[SourceLink] = field(default_factory=list)
    leftover: list[Line] = field(default_factory=list)  # front lines that are body text
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _body_like(line: Line) -> bool:
    """A line no front matter has: a long sentence or paragraph."""
    return line.words > 20 or (line.words > 10 and line.text[-1] in ".!?:")


def _front_ish(line: Line) -> bool:
    text = line.text
    return bool(SLUG.match(text) or BYLINE.match(text) or is_date_line(text) or is_link_line(text))


def take_front(blocks: list[list[Line]]) -> tuple[list[Line], list[list[Line]]]:
    """Split the leading blocks into front-matter lines and the rest."""
    if not blocks or _body_like(blocks[0][0]):
        return [], blocks
    first = blocks[0]
    # "Title / By X / First paragraph..." with no blank line: the body starts
    # at the first line that reads like body text.
    cut = next((k for k, line in enumerate(first) if _body_like(line)), len(first))
    front = list(first[:cut])
    rest = ([first[cut:]] if cut < len(first) else []) + blocks[1:]
    if cut < len(first):
        return front, rest
    i = 0
    while i < len(rest):
        block = rest[i]
        if all(_front_ish(line) for line in block):
            front.extend(block)
            i += 1
            continue
        # "Kicker" alone in the first block, the title in the next one.
        if (
            i == 0
            and len(front) == 1
            and len(block) == 1
            and not _body_like(block[0])
            and _looks_kicker(front[0].text, block[0].text)
            # across a blank line, demand a clear contrast: a section heading
            # after a short title must not be taken for the title
            and block[0].words >= 4
            and len(block[0].text) >= 2 * len(front[0].text)
            and heading_shape(block[0].text)
        ):
            front.extend(block)
            i += 1
            continue
        break
    return front, rest[i:]


def _looks_kicker(first: str, second: str) -> bool:
    return len(first.split()) <= 4 and len(first) <= 40 and first[-1] not in ".,;:" and len(second) > len(first)


def parse_front(lines: list[Line]) -> FrontMatter:
    fm = FrontMatter()
    kinds: list[str] = []
    slugs_seen: set[str] = set()
    last_author_index: int | None = None
    for line in lines:
        text = line.text
        if is_link_line(text):
            fm.links.append(source_link(line))
            kinds.append("link")
        elif is_date_line(text) and fm.date is None:
            fm.date = text
            fm.date_iso = _iso_date(text)
            kinds.append("date")
        elif SLUG.match(text):
            if text not in slugs_seen:
                slugs_seen.add(text)
                fm.authors.append(Author(slug_to_name(text)))
                last_author_index = len(fm.authors) - 1
            kinds.append("author")
        elif BYLINE.match(text) and len(text.split()) <= 16:
            for name in _split_byline(BYLINE.match(text).group(1)):  # type: ignore[union-attr]
                fm.authors.append(Author(name))
            last_author_index = len(fm.authors) - 1
            kinds.append("author")
        elif kinds and kinds[-1] == "author" and last_author_index is not None and _role_like(text):
            author = fm.authors[last_author_index]
            fm.authors[last_author_index] = Author(author.name, text)
            kinds.append("role")
        else:
            kinds.append("text")

    free = [(i, line) for i, (line, kind) in enumerate(zip(lines, kinds)) if kind == "text"]
    first_meta = next((i for i, k in enumerate(kinds) if k in ("author", "date")), len(kinds))
    before = [(i, l) for i, l in free if i < first_meta]
    after = [(i, l) for i, l in free if i > first_meta]
    if len(before) >= 2 and _looks_kicker(before[0][1].text, before[1][1].text):
        fm.kicker = before.pop(0)[1].text
    if before:
        fm.title = before.pop(0)[1].text
    if before:
        fm.subtitle = before.pop(0)[1].text
    if fm.title is None and after:
        fm.title = after.pop(0)[1].text
    if after:
        fm.image_caption = after.pop()[1].text
    leftover = before + after
    if leftover:
        fm.leftover = [l for _, l in sorted(leftover, key=lambda p: p[0])]
        for line in fm.leftover:
            fm.diagnostics.append(
                Diagnostic("info", "front-matter-text", "front-matter line kept as a body paragraph", line.no)
            )
    return fm


def _role_like(text: str) -> bool:
    words = text.split()
    if len(words) > 15 or text[-1] in ".;":
        return False
    return bool(ROLE_WORDS.search(text)) or ("," in text and len(words) <= 12)


def _split_byline(names: str) -> list[str]:
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|\s*&\s*", names)
    return [p.strip() for p in parts if p.strip()]


def _iso_date(text: str) -> str | None:
    m = DATE_LINE.match(text)
    if not m:
        return None
    core = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", m.group(1), flags=re.IGNORECASE)
    core = core.replace(",", "").replace(".", "")
    core = re.sub(r"\s+", " ", core).strip()
    core = re.sub(r"^Sept\b", "Sep", core, flags=re.IGNORECASE)
    for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(core, fmt).date().isoformat()
        except ValueError:
            continue
    for fmt in ("%B %Y", "%b %Y"):
        try:
            return datetime.strptime(core, fmt).strftime("%Y-%m")
        except ValueError:
            continue
    return None
