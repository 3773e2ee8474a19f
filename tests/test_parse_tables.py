"""Tables, captions and attributed quotes as the parser reads them, on small captures and on the real corpus."""

from __future__ import annotations

import json

import pytest

from convert.model import BlockQuote, Figure, Table, inline_text
from convert.modeljson import from_json, to_json
from convert.parse import parse_text

from .test_corpus import CAPTURES, _parsed

ROWS = "Contract\tLeft in year\tHeadcount\nSalaried\t54\t310\nZero-hours\t97\n"


def _capture(body: str) -> str:
    return f"Staff turnover in home care\n\nTurnover fell in every group of staff except nurses on zero-hours contracts this year.\n\n{body}\nThe providers that moved staff to salaried contracts lost fewer of them.\n"


def _tables(result) -> list[Table]:
    return [b for b in result.document.body if isinstance(b, Table)]


def test_a_short_row_is_padded_and_reported():
    result = parse_text(_capture(ROWS))
    [table] = _tables(result)
    assert [len(r.cells) for r in table.rows] == [3, 3, 3]
    assert inline_text(table.rows[2].cells[2].content) == ""
    [diag] = [d for d in result.diagnostics if d.code == "table-ragged-rows"]
    assert diag.line == 5 and "1 row" in diag.message


def test_the_header_row_is_marked_only_when_the_first_row_says_so():
    headed = _tables(parse_text(_capture(ROWS)))[0]
    assert [r.header for r in headed.rows] == [True, False, False]
    plain = _tables(parse_text(_capture("Created\t2021-04-09\nReviewed\t2023-02-17\nPublished\t2023-02-23\n")))[0]
    assert not any(r.header for r in plain.rows)


def test_a_table_and_its_captions_round_trip_through_json():
    result = parse_text(_capture(f"Table 2 – Turnover by contract\n\n{ROWS}\nSource: workforce survey.\n"))
    [table] = _tables(result)
    assert [(c.label, c.below) for c in table.captions] == [("Table 2", False), ("Source", True)]
    assert from_json(to_json(result)) == result
    assert json.loads(to_json(result))["document"]["body"][1]["type"] == "table"


def test_a_caption_alone_is_a_figure_and_an_attribution_closes_its_quote():
    text = _capture(
        "Figure 3: Turnover by region\n\n"
        "“We lost more staff to the supermarkets than to other care providers.”\n\n"
        "— A care manager, West Midlands\n\n"
    )
    body = parse_text(text).document.body
    figures = [b for b in body if isinstance(b, Figure)]
    quotes = [b for b in body if isinstance(b, BlockQuote)]
    assert [c.label for f in figures for c in f.captions] == ["Figure 3"]
    assert [inline_text(q.attribution) for q in quotes] == ["A care manager, West Midlands"]


def test_pipe_rows_the_page_failed_to_render_stay_text():
    text = _capture("| Version | 1.1 | 25 NOV 2020 | Status | WIP |\n\n")
    assert not _tables(parse_text(text))


# One-column tables have no TAB in a capture: their rows read as a title line over
# its text, which is how a heading over a paragraph reads too. The parser does not
# guess; the corpus document that holds four of them is known to count fewer.
KNOWN_SHORT = {"eudi-privacy-risks": "four one-column tables without a TAB"}


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.stem)
def test_the_corpus_tables_are_counted_as_their_source_has_them(path):
    want = json.loads(path.with_name(path.name.replace(".txt", ".expect.json")).read_text(encoding="utf-8"))
    got = len(_tables(_parsed(path)))
    if path.stem in KNOWN_SHORT:
        assert got < want["tables"], f"{path.stem} now counts {got}: take it out of KNOWN_SHORT"
        pytest.xfail(KNOWN_SHORT[path.stem])
    assert got == want.get("tables", 0)


def test_a_whole_markdown_table_the_page_did_not_render_is_a_table():
    text = _capture("| Contract | Left \\| joined |\n|---|:---:|\n| Salaried | 54 |\n| Zero-hours | 97 |\n\n")
    [table] = _tables(parse_text(text))
    assert [[inline_text(c.content) for c in r.cells] for r in table.rows] == [
        ["Contract", "Left | joined"], ["Salaried", "54"], ["Zero-hours", "97"]]
    assert [r.header for r in table.rows] == [True, False, False]
