"""Stage 13: labelled lines → the document model's body blocks and notes.

Walks the labels in reading order: headings take the level the headings stage
gave them; list items of one kind and depth, on consecutive lines or across
blank lines, make one list (an ordered list keeps its first number, and a
list whose numbers do not run on starts anew), and deeper items right under an
item make the sub-lists of that item; a quotation and its
attribution make a block quote; consecutive paragraph lines of one block are
one paragraph when the capture is hard-wrapped or a sentence runs on;
captions, table rows and preformatted lines are kept as paragraphs (the model
has no figure, table or code node yet). In a bullet list whose every item
opens with a short sentence followed by more, that sentence is the item's
lead-in (a strong run).

Inline content is parsed line by line (:mod:`.inlines`), in reading order,
with the note-call oracle of :mod:`.calls`, so a note call keeps the number of
the line it stood on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..model import (
    LIST_STYLES,
    Block,
    BlockQuote,
    BulletList,
    Caption,
    Diagnostic,
    Figure,
    Heading,
    Inline,
    ListItem,
    OrderedList,
    Paragraph,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
    inline_text,
)
from .calls import CallFinder
from .inlines import merge_text, parse_line, parse_lines
from .labels import (
    ATTRIBUTION,
    CAPTION,
    CODE,
    HEADING,
    HEADING_CONT,
    ITEM,
    ITEM_CONT,
    NOTE,
    PARAGRAPH,
    QUOTE,
    TABLE,
    Labels,
)
from .lines import nwords, SENTENCE_END, Line, caption_label, cells
from .vocab import CAPTION_SOURCE_LEADS, CAPTION_TABLE_LEADS

# The break is group 1 (after the stop): opening with the stop itself rather
# than a lookbehind lets the regex engine skip ahead to the next candidate.
_SENTENCE_BREAK = re.compile(r"[.!?]([\"'”’)]*\s+)(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]|[A-Z]\.[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|No|Nos|vs|etc|e\.g|i\.e|Jr|Sr|Inc|Ltd|Co|Gen|Col|Lt|Sgt|Capt|Rep|Sen|Gov|Fig|Vol|pp?|Art|Sec)\.)$"
)
BODY_ROLES = frozenset((HEADING, PARAGRAPH, ITEM, ITEM_CONT, QUOTE, ATTRIBUTION, CAPTION, TABLE, CODE))
_CITING_ROLES = BODY_ROLES - {CODE}  # (preformatted text cites no note)


@dataclass
class _Item:
    kind: str
    marker: str
    number: int
    style: str
    depth: int
    lines: list[tuple[int, str]]  # (index, text)
    content: tuple[Inline, ...] = ()
    sublists: list[list[_Item]] = field(default_factory=list)


class Builder:
    def __init__(self, lab: Labels) -> None:
        self.lab = lab
        self.labels = frozenset(lab.note_labels)
        zones, first = [], 0
        for start, end in lab.note_zones:
            count = lab.role[start : end + 1].count(NOTE)
            zones.append((end, first, first + count))
            first += count
        self.calls = CallFinder(lab.note_labels, zones or None, parens=lab.note_parens)
        self.diagnostics: list[Diagnostic] = []  # (what the builder notices: a table's padded rows)
        self.tables = self.figures = 0  # (numbering the ids "table-N", "figure-N")
        self.pending_captions: list[Caption] = []  # captions read above the table being built
        self.last_table_end = -1

    # ---------------------------------------------------------------- inlines

    def inlines(self, parts: list[tuple[int, str]], *, refs: bool = True) -> tuple[Inline, ...]:
        if len(parts) == 1:  # (most blocks are one line)
            return self.line(*parts[0], refs=refs)
        calls = self.calls
        lines = self.lab.lines
        # (no superscript digit anywhere: the inline parser need not look for them)
        labels = self.labels if calls.superscripts else None
        found = []
        for i, text in parts:
            calls.at_line(i)
            plain = calls.plain_calls(text) if refs and calls.plain else ()
            found.append((text, lines[i].no, plain))
        return parse_lines(found, note_labels=labels, refs=refs)

    def line(self, i: int, text: str, *, refs: bool = True) -> tuple[Inline, ...]:
        """The inline content of line ``i`` alone (``text`` is the part of it to parse): :meth:`inlines` of that one part."""
        calls = self.calls
        calls.at_line(i)
        plain = calls.plain_calls(text) if refs and calls.plain else ()
        return parse_line(text, self.lab.lines[i].no, note_labels=self.labels if calls.superscripts else None, refs=refs, plain=plain)

    # ---------------------------------------------------------------- body

    def body(self) -> list[Block]:
        lab = self.lab
        roles, info = lab.role, lab.info
        self.calls.prescan([line.text for line, role in zip(lab.lines, roles) if role in _CITING_ROLES])
        out: list[Block] = []
        n = len(lab)
        i = 0
        while i < n:
            role = roles[i]
            if role not in BODY_ROLES or (i in info and info[i].get("front")):
                i += 1
                continue
            if role == HEADING:
                # (a heading broken over two lines takes its second line too)
                pair = lab.info[i].get("pair") and i + 1 < n and lab.role[i + 1] == HEADING_CONT
                parts = [(i, lab.text(i))] + ([(i + 1, lab.text(i + 1))] if pair else [])
                out.append(Heading(lab.info[i].get("level", 1), "", self.inlines(parts)))
                i += 2 if pair else 1
            elif role in (ITEM, ITEM_CONT):
                i = self._lists(i, out)
            elif role in (QUOTE, ATTRIBUTION):
                i = self._quote(i, out)
            elif role == CODE:
                j = i
                while j < n and lab.role[j] == CODE:
                    out.append(Paragraph(self.inlines([(j, lab.text(j))], refs=False)))
                    j += 1
                i = j
            elif role == TABLE:
                i = self._table(i, out)
            elif role == CAPTION:
                i = self._captions(i, out)
            else:
                j = i + 1
                while j < n and roles[j] == PARAGRAPH:
                    j += 1
                if j == i + 1:  # (most paragraphs are one line: one group of one)
                    out.append(Paragraph(self.line(i, lab.lines[i].text)))
                    i = j
                    continue
                group = lab.lines[i:j]
                # a browser's copy puts one block on a line and wraps nothing: a line is a paragraph
                for para in ([[line] for line in group] if lab.browser else _paragraph_groups(group)):
                    out.append(Paragraph(self.inlines([(line.no - 1, line.text) for line in para])))
                i = j
        return out

    def _quote(self, i: int, out: list[Block]) -> int:
        """A quotation's lines (across blank lines) as one block quote; an attribution line closes it."""
        lab = self.lab
        n = len(lab)
        j = i
        paras: list[Paragraph] = []
        marked: list[tuple[int, str]] = []
        attribution: tuple[Inline, ...] = ()
        while j < n and (lab.blank(j) or lab.role[j] in (QUOTE, ATTRIBUTION)):
            if lab.blank(j):
                if marked:
                    paras.append(Paragraph(self.inlines(marked)))
                    marked = []
            elif lab.role[j] == ATTRIBUTION:
                if marked:
                    paras.append(Paragraph(self.inlines(marked)))
                    marked = []
                text = lab.text(j)
                # (the dash is the attribution's mark, which every format sets again; the words are kept)
                attribution = self.line(j, text[len(text) - len(_ATTRIBUTION_DASH.sub("", text, count=1)):])
                j += 1
                break  # the attribution closes its quotation: a quote below it is another one
            elif "marker" in lab.info.get(j, {}):
                marked.append((j, lab.text(j)[lab.info[j]["marker"]:]))  # "> " lines of one block: one paragraph
            else:
                paras.append(Paragraph(self.inlines([(j, lab.text(j))])))
            j += 1
        if marked:
            paras.append(Paragraph(self.inlines(marked)))
        out.append(BlockQuote(tuple(paras), attribution))
        return j

    # ---------------------------------------------------------------- tables and captions

    def _table(self, i: int, out: list[Block]) -> int:
        """Consecutive table rows (one block of the capture) as one table; pipe rows a page failed to render stay text."""
        lab = self.lab
        n = len(lab)
        j = i
        while j < n and lab.role[j] == TABLE:
            j += 1
        rows: list[list[tuple[Inline, ...]]] = []
        if j - i >= 2 and _PIPE_DELIMITER.match(lab.text(i + 1)) and all(_is_pipe_row(lab.text(k)) for k in range(i, j)):
            # a whole Markdown table, its delimiter row under the header ("|---|:--|"): a table after all
            for k in range(i, j):
                if k != i + 1:
                    rows.append([self.line(k, c) if c else () for c in _pipe_cells(lab.text(k))])
            out.append(self._make_table(rows, i, header=1))
            self.last_table_end = j - 1
            return j
        for k in range(i, j):
            if not lab.lines[k].tabbed and _is_pipe_row(lab.text(k)):
                # "| a | b |": Markdown the page did not render; kept as the text it shows
                if rows:
                    out.append(self._make_table(rows, i))
                    rows = []
                out.append(Paragraph(self.line(k, lab.text(k))))
                i = k + 1
                continue
            rows.append([self.line(k, cell) if cell else () for cell in cells(lab.raws[k])])
        if rows:
            out.append(self._make_table(rows, i))
        self.last_table_end = j - 1
        return j

    def _make_table(self, rows: list[list[tuple[Inline, ...]]], first: int, header: int | None = None) -> Table:
        width = max(len(r) for r in rows)
        # Leading and trailing empty cells of a row are the row's own (a cell left blank);
        # a row with fewer cells than the widest is padded at its end.
        short = sum(1 for r in rows if len(r) < width and len(r) > 1)
        if short:
            self.diagnostics.append(
                Diagnostic(
                    "info",
                    "table-ragged-rows",
                    f"{short} row(s) of the table at line {self.lab.lines[first].no} had fewer cells than its widest row; padded with empty cells",
                    self.lab.lines[first].no,
                )
            )
        if header is None:
            header = _header_rows(rows, width)
        self.tables += 1
        captions, self.pending_captions = tuple(self.pending_captions), []
        return Table(
            f"table-{self.tables}",
            tuple(
                TableRow(tuple(TableCell(c) for c in r) + (TableCell(()),) * (width - len(r)), k < header)
                for k, r in enumerate(rows)
            ),
            captions,
        )

    def _caption(self, i: int) -> Caption:
        text = self.lab.text(i)
        return Caption(caption_label(text), self.line(i, text))

    def _captions(self, i: int, out: list[Block]) -> int:
        """A run of caption lines: a table's captions when it stands next to one, else the figures they stand for.

        A caption naming a table ("Table 2 –") goes with the table right
        under it, else with the table right above it; a source or note line
        ("Source: …") right under a table is that table's. Any other caption
        stands for a figure the capture lost (its image); a source line right
        under a figure's caption is that figure's.
        """
        lab = self.lab
        n = len(lab)
        run: list[int] = []
        j = i
        while j < n and (lab.blank(j) or lab.role[j] == CAPTION):
            if not lab.blank(j):
                run.append(j)
            j += 1
        after_table = bool(out) and isinstance(out[-1], Table) and lab.prev_text(run[0]) == self.last_table_end
        before_table = j < n and lab.role[j] == TABLE and (lab.lines[j].tabbed or not _is_pipe_row(lab.text(j)))
        k = 0
        while k < len(run):
            line = run[k]
            lead = lab.info[line].get("lead", "")
            if before_table and lead not in CAPTION_SOURCE_LEADS and all(
                lab.info[m].get("lead", "") not in CAPTION_SOURCE_LEADS for m in run[k:]
            ):
                # the rest of the run heads the table below; it is built with them
                self.pending_captions.extend(self._caption(m) for m in run[k:])
                break
            if after_table and (lead in CAPTION_SOURCE_LEADS or lead in CAPTION_TABLE_LEADS):
                table = out[-1]
                assert isinstance(table, Table)
                out[-1] = replace(table, captions=table.captions + (replace(self._caption(line), below=True),))
                k += 1
                continue
            after_table = False
            captions = [self._caption(line)]
            k += 1
            while k < len(run) and lab.info[run[k]].get("lead", "") in CAPTION_SOURCE_LEADS:
                captions.append(replace(self._caption(run[k]), below=True))
                k += 1
            self.figures += 1
            out.append(Figure(f"figure-{self.figures}", tuple(captions)))
        return j

    def _lists(self, i: int, out: list[Block]) -> int:
        lab = self.lab
        n = len(lab)
        if lab.role[i] == ITEM_CONT:
            # an item's run-on line whose item went elsewhere (the front matter): a paragraph of its own
            out.append(Paragraph(self.inlines([(i, lab.text(i))])))
            return i + 1
        items: list[_Item] = []
        j = i
        while j < n:
            if lab.blank(j):
                j += 1
                continue
            role = lab.role[j]
            if role == ITEM:
                info = lab.info[j]
                text = lab.text(j)[info["text_at"]:]
                items.append(_Item(info["kind"], info["marker"], info["number"], info.get("style", "decimal"), info["depth"], [(j, text)]))
            elif role == ITEM_CONT and items:
                items[-1].lines.append((j, lab.text(j)))
            else:
                break
            j += 1
        # the list ends before blank lines that lead to something else
        # (inline content is parsed in reading order: the note-call oracle walks the lines)
        for item in items:
            item.content = self.inlines(item.lines)
        out.extend(self._make_list(g) for g in _nest(items))
        return j

    def _make_list(self, items: list[_Item]) -> Block:
        contents = [item.content for item in items]
        first = items[0]
        if first.kind == "bullet":
            cuts = [_lead_in_split(c) for c in contents]
            if len(contents) > 1 and all(cut is not None for cut in cuts):
                contents = [_with_lead_in(c, cut) for c, cut in zip(contents, cuts)]  # type: ignore[arg-type]
        list_items = tuple(
            ListItem(content, tuple(self._make_list(sub) for sub in item.sublists))
            for content, item in zip(contents, items)
        )
        if first.kind == "ordered":
            style = first.style if first.style in LIST_STYLES else "decimal"
            return OrderedList(first.number, list_items, style)  # type: ignore[arg-type]
        return BulletList(list_items)


def _is_pipe_row(text: str) -> bool:
    return len(text) > 2 and text[0] == "|" and text[-1] == "|"


_PIPE_DELIMITER = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+$")


def _pipe_cells(text: str) -> list[str]:
    """The cells of "| a | b \\| c |": split at the bars no backslash escapes."""
    return [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", text.strip()[1:-1])]


_DIGIT = re.compile(r"\d")
_ATTRIBUTION_DASH = re.compile(r"^[—―–-]\s*")


def _header_rows(rows: list[list[tuple[Inline, ...]]], width: int) -> int:
    """How many rows at the top are column headings: 1 when the first row's shape says so, else 0.

    A first row of one cell over wider rows is the table's spanning title.
    A full first row of short labels (no full stop at the end) heads its
    columns when some column below holds much longer cells, or numbers where
    its label has none ("Date" over "01/11/2017"); a row like the ones under
    it ("Created" – "2021-04-09" over "Reviewed" – "2023-02-17") is not.
    """
    if len(rows) < 2:
        return 0
    first = [inline_text(c) for c in rows[0]]
    if len(first) == 1:
        return 1 if width > 1 and first[0] else 0
    # (a label may end with an abbreviation's full stop, "Frequency etc.": a sentence is longer)
    if len(first) < width or not all(c and nwords(c) <= 10 and (c[-1] not in ".;" or nwords(c) <= 4) for c in first):
        return 0
    body = [[inline_text(c) for c in r] for r in rows[1:]]
    for col, head in enumerate(first):
        column = [r[col] for r in body if col < len(r) and r[col]]
        if not column:
            continue
        longer = sum(nwords(c) for c in column) / len(column) >= 2 * nwords(head) + 2
        numbers = not _DIGIT.search(head) and sum(1 for c in column if _DIGIT.search(c)) * 2 >= len(column)
        if longer or numbers:
            return 1
    return 0


def _nest(items: list[_Item]) -> list[list[_Item]]:
    """The items as lists: a deeper item right under an item opens a sub-list of that item; a shallower one closes it.

    At one depth the items make one list while they continue it (see
    :func:`_continues`); a list that does not go on is followed by a new one,
    under the same parent item. A deeper item with no item above it to nest
    under opens a list at the top.
    """
    top: list[list[_Item]] = []
    open_lists: list[list[_Item]] = []  # the lists being built, outermost first
    for item in items:
        while open_lists and open_lists[-1][0].depth > item.depth:
            open_lists.pop()
        if open_lists and open_lists[-1][0].depth == item.depth:
            if _continues(open_lists[-1][-1], item):
                open_lists[-1].append(item)
                continue
            open_lists.pop()
        new = [item]
        (open_lists[-1][-1].sublists if open_lists else top).append(new)
        open_lists.append(new)
    return top


def _continues(prev: _Item, item: _Item) -> bool:
    if item.depth != prev.depth or item.kind != prev.kind:
        return False
    if item.kind == "bullet":
        return item.marker == prev.marker
    return item.number == prev.number + 1 and item.style == prev.style


# --------------------------------------------------------------------------- paragraphs and lead-ins


def _paragraph_groups(lines: list[Line]) -> list[list[Line]]:
    """Consecutive lines of one block: one paragraph when hard-wrapped or when a sentence runs on."""
    if len(lines) == 1:
        return [lines]
    groups: list[list[Line]] = []
    block: list[Line] = []
    for line in lines:
        if block and line.no != block[-1].no + 1:
            groups.extend(_wrap_groups(block))
            block = []
        block.append(line)
    groups.extend(_wrap_groups(block))
    return groups


def _wrap_groups(lines: list[Line]) -> list[list[Line]]:
    widest = max(len(l.text) for l in lines)
    wrapped = widest <= 100 and all(len(l.text) >= widest // 2 for l in lines[:-1])
    groups: list[list[Line]] = [[lines[0]]]
    for prev, line in zip(lines, lines[1:]):
        runs_on = prev.text[-1] not in SENTENCE_END and not prev.text.endswith(("”", '"'))
        if wrapped or runs_on or line.text[0].islower():
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _lead_in_split(content: tuple[Inline, ...]) -> int | None:
    """Where the item's opening sentence ends, if it is a lead-in: short, and more follows."""
    if not content or not isinstance(content[0], Text):
        return None
    text = content[0].text
    for m in _SENTENCE_BREAK.finditer(text):
        cut = m.start(1)
        last_word = text[text.rfind(" ", 0, cut) + 1 : cut]  # (no copy of the head: items can be long)
        if _ABBREVIATION.search(last_word):
            continue
        head_words = len(text[:cut].split())
        if head_words > 24:
            return None
        total_words = sum(nwords(n.text) for n in content if isinstance(n, Text))
        return cut if head_words * 5 <= total_words * 3 else None
    return None


def _with_lead_in(content: tuple[Inline, ...], cut: int) -> tuple[Inline, ...]:
    assert isinstance(content[0], Text)
    text = content[0].text
    # closing quotes/brackets right after the full stop belong to the lead-in
    end = cut
    while end < len(text) and text[end] in "\"'”’)":
        end += 1
    return merge_text([Strong((Text(text[:end]),)), Text(text[end:]), *content[1:]])
