"""Tables, figures and attributed quotes go through every stage that walks the model.

The models are built by hand (the parser's side is tested with captures
elsewhere): a body with a table (a note call in a cell, a caption above and
a source below with a call of its own), a figure, and a quote whose
attribution cites a note, resolved by the resolve stage as the parser would
hand them over — calls with the builder's placeholder ids, tables and
figures without ids.
"""

from __future__ import annotations

from convert.inspect import counts
from convert.model import (
    BlockQuote,
    Caption,
    Diagnostic,
    Document,
    Figure,
    Heading,
    Inline,
    Metadata,
    NoteRef,
    Paragraph,
    ParseResult,
    Table,
    TableCell,
    TableRow,
    Text,
    iter_note_refs,
)
from convert.modeljson import from_json, to_json
from convert.parse.resolve import ParsedNote, resolve
from convert.words import body_token_units, body_words, model_words, text_words

# --------------------------------------------------------------------------- factories


def call(label: str, line: int) -> NoteRef:
    """A note call as the builder leaves it: a placeholder id naming its line, no note yet."""
    return NoteRef(label, f"@{line}", None)


def run(*parts: str | Inline) -> tuple[Inline, ...]:
    return tuple(Text(p) if isinstance(p, str) else p for p in parts)


def cell(*parts: str | Inline) -> TableCell:
    return TableCell(run(*parts))


def row(*cells: TableCell, header: bool = False) -> TableRow:
    return TableRow(cells, header)


def caption(label: str | None, *parts: str | Inline, below: bool = False) -> Caption:
    return Caption(label, run(*parts), below)


def table(*rows: TableRow, captions: tuple[Caption, ...] = (), id: str = "") -> Table:
    return Table(id, rows, captions)


def figure(*captions: Caption, id: str = "") -> Figure:
    return Figure(id, captions)


def quote(*paragraphs: str, attribution: tuple[Inline, ...] = ()) -> BlockQuote:
    return BlockQuote(tuple(Paragraph(run(p)) for p in paragraphs), attribution)


def note(label: str, line: int, words: str) -> ParsedNote:
    return ParsedNote(label, line, run(words))


def resolved(*body, notes: tuple[ParsedNote, ...] = ()) -> tuple[Document, list[Diagnostic]]:
    diagnostics: list[Diagnostic] = []
    doc = resolve(Metadata(title="Depot costs"), list(body), list(notes), "Notes" if notes else None, diagnostics)
    return doc, diagnostics


COSTS = table(
    row(cell("Item"), cell("Cost"), header=True),
    row(cell("Printing", call("2", 6)), cell("1200")),
    row(cell("Postage"), cell()),
    captions=(
        caption("Table 1", "Table 1: Yearly costs"),
        caption("Source", "Source: annual accounts", call("3", 8), below=True),
    ),
)
MAP = figure(caption("Figure 1", "Figure 1: Map of the depots"))
SAID = quote("We print less every year.", attribution=run("Jane Doe, treasurer", call("4", 11)))
NOTES = (
    note("1", 20, "First note."),
    note("2", 21, "Printing includes binding."),
    note("3", 22, "Accounts for 2023."),
    note("4", 23, "Interview, May."),
)


def report() -> tuple[Document, list[Diagnostic]]:
    return resolved(
        Heading(1, "", run("Costs")),
        Paragraph(run("See the table", call("1", 3), ".")),
        COSTS,
        MAP,
        SAID,
        notes=NOTES,
    )


def _table(doc: Document) -> Table:
    return next(b for b in doc.body if isinstance(b, Table))


# --------------------------------------------------------------------------- resolve


def test_a_call_in_a_table_cell_gets_an_id_and_links_to_its_note():
    doc, _ = report()
    in_cell = _table(doc).rows[1].cells[0].content[1]
    assert isinstance(in_cell, NoteRef)
    by_label = {n.label: n for n in doc.notes}
    assert in_cell.note_id == by_label["2"].id
    assert by_label["2"].ref_ids == (in_cell.id,)
    assert not in_cell.id.startswith("@")  # (the builder's placeholder is replaced)


def test_calls_in_a_caption_and_an_attribution_link_to_their_notes_and_every_note_is_cited():
    doc, diagnostics = report()
    refs = list(iter_note_refs(doc))
    assert [r.label for r in refs] == ["1", "2", "3", "4"]  # reading order: the source under the table after its cells
    assert all(r.note_id is not None for r in refs)
    assert {n.label: n.ref_ids for n in doc.notes} == {r.label: (r.id,) for r in refs}
    assert len({r.id for r in refs}) == 4
    assert [d.code for d in diagnostics if d.code in ("missing-note", "unreferenced-note")] == []


def test_the_resolved_quote_keeps_its_attribution():
    doc, _ = report()
    said = doc.body[-1]
    assert isinstance(said, BlockQuote)
    assert said.attribution[0] == Text("Jane Doe, treasurer")
    assert isinstance(said.attribution[1], NoteRef) and said.attribution[1].note_id is not None


def test_tables_and_figures_are_numbered_in_reading_order_when_the_builder_gave_no_id():
    doc, _ = resolved(COSTS, MAP, table(row(cell("a"))), figure(caption(None, "Photo: the depot")))
    assert [b.id for b in doc.body if isinstance(b, (Table, Figure))] == ["table-1", "figure-1", "table-2", "figure-2"]


def test_a_table_keeps_the_id_the_builder_gave_it_and_every_id_stays_unique():
    doc, _ = resolved(Heading(1, "", run("Table 1")), COSTS, table(row(cell("a")), id="costs"))
    heading, first, second = doc.body
    assert isinstance(heading, Heading) and isinstance(first, Table) and isinstance(second, Table)
    assert second.id == "costs"
    assert len({heading.id, first.id, second.id}) == 3  # (a heading "Table 1" takes the slug "table-1" first)


def test_resolving_keeps_the_captions_in_their_places():
    doc, _ = report()
    assert [(c.label, c.below) for c in _table(doc).captions] == [("Table 1", False), ("Source", True)]


# --------------------------------------------------------------------------- JSON, inspect, words


def test_the_model_json_round_trip_keeps_tables_figures_and_attributions():
    doc, diagnostics = report()
    result = ParseResult(doc, tuple(diagnostics))
    again = from_json(to_json(result))
    assert again == result
    assert _table(again.document).rows[0].header


def test_inspect_counts_a_table_and_a_figure_once_each_and_no_cell_as_a_paragraph():
    doc, _ = report()
    assert counts(ParseResult(doc)) == {
        "headings": 1,
        "paragraphs": 1,
        "numbered_items": 0,
        "bullet_items": 0,
        "block_quotes": 1,
        "tables": 1,
        "figures": 1,
        "footnotes": 4,
        "footnote_refs": 4,
        "furniture": 0,
    }


def test_the_body_words_hold_every_cell_caption_and_attribution_in_reading_order():
    doc, _ = report()
    expected = text_words(
        "Costs "
        "See the table 1 . "
        "Table 1: Yearly costs "  # the caption above the table
        "Item Cost Printing 2 1200 Postage "  # the cells, row by row (an empty cell has no word)
        "Source: annual accounts 3 "  # the source below it
        "Figure 1: Map of the depots "
        "We print less every year. "
        "Jane Doe, treasurer 4"
    )
    assert list(body_words(doc)) == expected
    assert set(expected) <= set(model_words(doc))


def test_each_table_cell_is_a_unit_of_its_own_for_verify():
    doc, _ = resolved(COSTS)
    units = [[t.text for t in unit] for unit in body_token_units(doc)]
    assert units == [["table", "1", "yearly", "costs"], ["item"], ["cost"], ["printing", "2"], ["1200"], ["postage"], [],
                     ["source", "annual", "accounts", "3"]]
