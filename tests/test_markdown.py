"""The Markdown renderer: pandoc-flavoured, original note labels, nothing pandoc would misread."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convert.model import (
    BlockQuote,
    Caption,
    Document,
    Emphasis,
    Figure,
    Link,
    Metadata,
    Note,
    NoteRef,
    Paragraph,
    Table,
    TableCell,
    TableRow,
    Text,
)
from convert.parse import parse_file, parse_text
from convert.render import RenderOptions
from convert.render.markdown import render, to_markdown
from convert.words import body_words, text_words

from .helpers import NESTED, SEEDS, capture


def test_notes_keep_their_labels_and_uncited_ones_are_listed_under_their_heading():
    md = to_markdown(parse_file(SEEDS[0]).document)
    assert "[^30]" in md and "[^30]: " in md
    assert md.count("[^1]") == 2  # the call and the definition
    # notes 28 and 29 nobody cites: not definitions (pandoc would drop them) but a section after the body
    assert "[^28]" not in md and "[^29]" not in md
    heading = md.index("\n# Notes not cited in the text {#briefpress-notes-uncited .unnumbered}\n")
    first = md.index("\n[\\[28\\]]{#briefpress-note-28} Special Inspector General")
    assert heading < first < md.index("\n[\\[29\\]]{#briefpress-note-29} “US May Let")


def test_markdown_specials_in_the_text_are_escaped():
    result = capture(
        """
        A *Title* with_underscores

        By Jane Doe

        Costs $5 and <script>alert(1)</script> or [not a link](x) @cite #tag.

        1984. That was a year.
        """
    )
    md = to_markdown(result.document)
    assert "\\$5" in md and "\\<script\\>" in md and "\\[not a link\\]" in md and "\\@cite" in md
    assert "1984\\. That" in md


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_pandoc_reads_back_every_body_word_in_order(path, tmp_path):
    result = parse_file(path)
    md = tmp_path / "x.md"
    md.write_bytes(render(result, RenderOptions()).data)
    ast = json.loads(subprocess.run(["pandoc", str(md), "-t", "json"], capture_output=True, check=True, text=True).stdout)
    title = "".join(i.get("c", " ") if i["t"] == "Str" else " " for i in ast["meta"]["title"]["c"])
    assert text_words(title) == text_words(result.document.meta.title)
    plain = subprocess.run(["pandoc", str(md), "-t", "plain", "--wrap=none"], capture_output=True, check=True, text=True).stdout
    words = text_words(plain)
    expected = list(body_words(result.document, refs=False))
    it = iter(words)
    assert all(w in it for w in expected)  # a subsequence: every body word, in order


def test_sub_lists_are_indented_to_their_item_s_content_column():
    md = to_markdown(parse_text(NESTED, "nested.txt").document)
    assert (
        "1. Fund the archive properly over the next five years.\n"
        "   - Repair the roof of the reading room.[^1]\n"
        "   - Hire a conservator for the bindings.\n"
        "     - Start with the council minutes.\n"
        "     - Then the parish maps.\n"
        "2. Open the archive to the public.\n"
        "   1. On weekdays from nine.\n"
        "   2. On the first Saturday of each month.\n"
        "3. Report back to the committee within a year.\n"
    ) in md


def test_a_commonmark_reader_nests_the_sub_lists_and_starts_them_where_the_capture_did():
    markdown_it = pytest.importorskip("markdown_it")
    result = capture(
        """
        A Report

        The committee met on four occasions over the spring and heard evidence from officials before agreeing.

          1. First recommendation in full.
            • a point under it
              • a point under that
          2. Second recommendation in full.
            c. a lettered point that starts at c
          3. Third recommendation in full.
        """
    )
    tokens = markdown_it.MarkdownIt("commonmark").parse(to_markdown(result.document))
    opened = [(t.type, t.level, t.attrGet("start")) for t in tokens if t.type.endswith("_list_open")]
    assert opened == [
        ("ordered_list_open", 0, None),
        ("bullet_list_open", 2, None),
        ("bullet_list_open", 4, None),
        ("ordered_list_open", 2, 3),
    ]
    items = [t.level for t in tokens if t.type == "list_item_open"]
    assert items == [1, 3, 5, 1, 3, 1]


def test_two_lists_in_a_row_stay_two_lists():
    import markdown_it

    from convert.parse import parse_text

    result = parse_text(
        "Grants\n\nThe council agreed the following points for the year ahead, after a long debate.\n\n"
        "  i. repairs to the roof;\n  ii. new heating;\n\n  b. a later item.\n",
        "lists.txt",
    )
    text = to_markdown(result.document)
    opened = [t for t in markdown_it.MarkdownIt("commonmark").parse(text) if t.type == "ordered_list_open"]
    assert len(opened) == 2 and opened[1].attrs.get("start") == 2


# --------------------------------------------------------------------------- tables, figures, attributed quotes

def _t(text):
    return (Text(text),)


def _row(*cells, header=False):
    return TableRow(tuple(TableCell(c if isinstance(c, tuple) else _t(c)) for c in cells), header)


def _doc(*body, notes=()):
    return Document(Metadata("A Report"), tuple(body), tuple(notes))


def _cells_read_back(md):
    """Every table of the Markdown as a CommonMark reader with tables sees it: rows of cell texts, header row first."""
    from markdown_it import MarkdownIt

    tables, row = [], None
    for token in MarkdownIt("commonmark").enable("table").parse(md):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
            tables[-1].append(row)
        elif token.type == "inline" and row is not None:
            row.append("".join(c.content for c in token.children if c.type in ("text", "code_inline")))
        elif token.type == "tr_close":
            row = None
    return tables


COSTS = Table(
    "table-1",
    (
        _row("Item", "Cost", header=True),
        _row("Roof", (Text("5,000"), NoteRef("1", "ref-1", "note-1"))),
        _row("Heating", "12,500"),
    ),
    (
        Caption("Table 1", _t("Table 1: Costs of the repairs")),
        Caption("Source", _t("Source: the clerk's estimates"), below=True),
    ),
)


def test_a_table_is_a_pipe_table_whose_header_row_is_its_first_header_row():
    md = to_markdown(_doc(COSTS, notes=[Note("1", "note-1", _t("Quoted in May."), ("ref-1",))]))
    assert (
        "| Item | Cost |\n"
        "|---|---|\n"
        "| Roof | 5,000[^1] |\n"
        "| Heating | 12,500 |\n"
    ) in md
    assert _cells_read_back(md) == [[["Item", "Cost"], ["Roof", "5,000[^1]"], ["Heating", "12,500"]]]


def test_a_note_call_in_a_cell_is_a_footnote_reference_whose_definition_is_written():
    md = to_markdown(_doc(COSTS, notes=[Note("1", "note-1", _t("Quoted in May."), ("ref-1",))]))
    assert "| 5,000[^1] |" in md and "\n[^1]: Quoted in May.\n" in md


def test_a_table_without_a_header_row_gets_an_empty_one_which_pandoc_reads_as_none():
    table = Table("table-1", (_row("Roof", "5,000"), _row("Heating", "12,500")))
    md = to_markdown(_doc(table))
    assert "|  |  |\n|---|---|\n| Roof | 5,000 |\n| Heating | 12,500 |" in md
    assert _cells_read_back(md) == [[["", ""], ["Roof", "5,000"], ["Heating", "12,500"]]]


def test_header_rows_after_the_first_are_kept_as_body_rows():
    table = Table("table-1", (_row("Region", "Spend", header=True), _row("", "£m", header=True), _row("North", "4")))
    assert _cells_read_back(to_markdown(_doc(table))) == [[["Region", "Spend"], ["", "£m"], ["North", "4"]]]


def test_a_pipe_in_a_cell_or_in_a_link_in_a_cell_does_not_split_the_cell():
    table = Table(
        "table-1",
        (
            _row("a | b", (Link("https://example.org/x?q=1|2", _t("the site")),), header=True),
            _row("c||", "d"),
        ),
    )
    md = to_markdown(_doc(table))
    assert "a \\| b" in md and "%7C2" in md
    assert _cells_read_back(md) == [[["a | b", "the site"], ["c||", "d"]]]


def test_the_captions_above_are_the_table_caption_and_the_ones_below_a_paragraph_after_it():
    md = to_markdown(_doc(Paragraph(_t("Before the table.")), COSTS, Paragraph(_t("After it."))))
    assert (
        "Before the table.\n\n"
        "Table: Table 1: Costs of the repairs\n\n"
        "| Item | Cost |\n"
    ) in md
    assert "| Heating | 12,500 |\n\nSource: the clerk’s estimates\n\nAfter it.\n" in md


def test_two_captions_above_make_one_caption_of_two_lines():
    table = Table("table-1", (_row("x", header=True),), (Caption("Table 2", _t("Table 2: Spend")), Caption(None, _t("£ million"))))
    assert "Table: Table 2: Spend\n£ million\n\n| x |\n|---|\n" in to_markdown(_doc(table))


def test_a_paragraph_that_begins_like_a_table_caption_is_escaped():
    md = to_markdown(_doc(COSTS, Paragraph(_t("Table: see the annex."))))
    assert "\n\nTable\\: see the annex.\n" in md


def test_a_figure_is_a_paragraph_of_its_caption():
    figure = Figure("figure-1", (Caption("Figure 3", (Text("Figure 3: Map of the "), Emphasis(_t("parish")))),))
    md = to_markdown(_doc(Paragraph(_t("Text.")), figure))
    assert "Text.\n\nFigure 3: Map of the *parish*\n" in md


def test_a_quote_s_attribution_is_its_last_line_after_a_dash():
    quote = BlockQuote((Paragraph(_t("We will act.")), Paragraph(_t("And soon.")),), _t("Jane Doe, Council"))
    md = to_markdown(_doc(quote))
    assert "> We will act.\n>\n> And soon.\n>\n> \u2014 Jane Doe, Council\n" in md
    assert "\u2014" not in to_markdown(_doc(BlockQuote((Paragraph(_t("We will act.")),))))


_cell_text = st.text(
    alphabet=st.sampled_from(list("ab|\\*_`[]<>#$:-+!1. ")), min_size=0, max_size=12
).map(lambda s: " ".join(s.split()))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_cell_text, min_size=2, max_size=2), min_size=1, max_size=4), st.booleans())
def test_every_cell_s_words_are_read_back_from_their_own_cell(rows, header):
    table = Table("table-1", tuple(_row(*r, header=header and k == 0) for k, r in enumerate(rows)))
    read = _cells_read_back(to_markdown(_doc(Paragraph(_t("Text.")), table)))
    assert len(read) == 1
    body = read[0] if header else read[0][1:]
    assert [[text_words(c) for c in r] for r in body] == [[text_words(c) for c in r] for r in rows]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_table_its_caption_header_and_cells(tmp_path):
    md = tmp_path / "x.md"
    headless = Table("table-2", (_row("North", "4"),))
    md.write_text(to_markdown(_doc(COSTS, headless, notes=[Note("1", "note-1", _t("Quoted."), ("ref-1",))])))
    ast = json.loads(subprocess.run(["pandoc", str(md), "-t", "json"], capture_output=True, check=True, text=True).stdout)
    tables = [b["c"] for b in ast["blocks"] if b["t"] == "Table"]
    assert len(tables) == 2

    def words(inlines):
        return text_words(" ".join(i["c"] for i in inlines if i["t"] == "Str"))

    def rows(part):
        return [[words(cell[4][0]["c"]) if cell[4] else [] for cell in row[1]] for row in part]

    caption = tables[0][1][1][0]["c"]
    assert words(caption) == text_words("Table 1: Costs of the repairs")
    assert rows(tables[0][3][1]) == [[text_words("Item"), text_words("Cost")]]
    assert rows(tables[0][4][0][3]) == [[text_words(c) for c in r] for r in (("Roof", "5,000"), ("Heating", "12,500"))]
    assert any(i["t"] == "Note" for i in tables[0][4][0][3][0][1][1][4][0]["c"])
    assert tables[1][3][1] == []  # the empty header row is no header
    assert rows(tables[1][4][0][3]) == [[text_words("North"), text_words("4")]]


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_a_table_s_caption_stays_its_own_after_a_table_without_one(tmp_path):
    first = Table("table-1", (_row("a", header=True), _row("b")))
    second = Table("table-2", (_row("c", header=True), _row("d")), (Caption("Table 2", _t("Table 2: Second")),))
    md = tmp_path / "x.md"
    md.write_text(to_markdown(_doc(first, second)))
    ast = json.loads(subprocess.run(["pandoc", str(md), "-t", "json"], capture_output=True, check=True, text=True).stdout)
    captions = [b["c"][1][1] for b in ast["blocks"] if b["t"] == "Table"]
    assert len(captions) == 2 and captions[0] == []
    assert text_words(" ".join(i["c"] for i in captions[1][0]["c"] if i["t"] == "Str")) == text_words("Table 2: Second")
