"""The DOCX renderer: real footnotes, real lists, real styles, links, properties, clean XML."""

from __future__ import annotations

import io
from dataclasses import dataclass, replace
import re
import zipfile
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from convert.model import (
    BulletList,
    Heading,
    Link,
    ListItem,
    OrderedList,
    Text,
    block_inlines,
    inline_text,
    iter_note_refs,
)
from convert.parse import parse_file
from convert.render import RenderOptions, get_renderer
from convert.render import short_title
from convert.render.present import UNCITED_HEADINGS
from convert.render.docx import STYLE_NAMES, keep_last_words
from convert.render.ooxml import TEXT_WIDTH, xml_safe
from convert.words import inline_words, text_words
from tests.docx_models import (
    attributed_quote,
    bullets,
    caption,
    document,
    figure,
    heading,
    link,
    note,
    para,
    quote,
    ref,
    row,
    sample,
    table,
)
from tests.helpers import SEED_WITH_URLS, SEEDS

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
NS = {"w": W, "r": R, "mc": MC}
EPOCH = 1661817600  # 2022-08-30 00:00:00 UTC
UNCITED_NOTES_HEADING = UNCITED_HEADINGS["en"]  # (the seeds are English and do not name their notes)

render = get_renderer("docx")


# --------------------------------------------------------------------------- helpers


class Docx:
    """A rendered DOCX opened for reading: its XML parts and relationships."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    @property
    def body(self):
        return self.xml("word/document.xml").find("w:body", NS)

    @property
    def footnotes(self):
        return self.xml("word/footnotes.xml")

    def real_footnotes(self, kind: str = "footnote"):
        notes = self.footnotes if kind == "footnote" else self.xml("word/endnotes.xml")
        return [f for f in notes.findall(f"w:{kind}", NS) if f.get(f"{{{W}}}type") is None]

    def call_marks(self, kind: str = "footnote") -> list[str]:
        """The mark Word shows at each note call, in order: the note's number, or its custom mark."""
        return [mark for _, mark in self._calls(kind)]

    def _calls(self, kind: str) -> list[tuple[str, str]]:
        calls, number = [], 0
        for reference in self.body.iter(f"{{{W}}}{kind}Reference"):
            if reference.get(f"{{{W}}}customMarkFollows") == "1":
                mark = "".join(t.text for t in reference.getparent().findall("w:t", NS))
            else:
                number += 1
                mark = str(number)
            calls.append((reference.get(f"{{{W}}}id"), mark))
        return calls

    def note_texts(self, kind: str = "footnote") -> dict[str, str]:
        """Each real note's text as Word shows it, by id: its mark, then its paragraphs' text.

        A numbered note opens with ``w:footnoteRef`` (Word shows the number of
        its call there); a custom-marked note with its mark as text offered
        to Word 2013 and later, with an empty fallback (see ooxml.add_note_mark).
        """
        marks = dict(self._calls(kind))
        texts = {}
        for note in self.real_footnotes(kind):
            p = note.find("w:p", NS)
            first = [child for child in p if child.tag != f"{{{W}}}pPr"][0]
            if first.tag == f"{{{MC}}}AlternateContent":
                choice, fallback = first
                assert (choice.get("Requires"), len(fallback)) == ("w15", 0)
                mark = "".join(t.text for t in choice.iter(f"{{{W}}}t"))
            else:
                assert first.find(f"w:{kind}Ref", NS) is not None
                mark = marks[note.get(f"{{{W}}}id")]
            texts[note.get(f"{{{W}}}id")] = mark + "\n".join(paragraph_text(p, marks=False) for p in paragraphs(note))
        return texts

    def rels(self, part: str) -> dict[str, tuple[str, str, str | None]]:
        folder, name = part.rsplit("/", 1)
        rels_name = f"{folder}/_rels/{name}.rels"
        if rels_name not in self.zip.namelist():
            return {}
        root = etree.fromstring(self.zip.read(rels_name))
        return {r.get("Id"): (r.get("Type").rsplit("/", 1)[1], r.get("Target"), r.get("TargetMode"))
                for r in root}

    def hyperlink_targets(self, part: str) -> list[str]:
        rels = self.rels(part)
        root = self.xml(part)
        targets = []
        for h in root.iter(f"{{{W}}}hyperlink"):
            kind, target, mode = rels[h.get(f"{{{R}}}id")]
            assert (kind, mode) == ("hyperlink", "External")
            targets.append(target)
        return targets


def paragraph_text(p, *, marks: bool = True) -> str:
    """The text of a ``w:p``; without ``marks``, note marks (Footnote Reference runs) are left out."""
    out = []
    for r in p.iter(f"{{{W}}}r"):
        style = r.find("w:rPr/w:rStyle", NS)
        if not marks and style is not None and style.get(f"{{{W}}}val") in ("FootnoteReference", "EndnoteReference"):
            continue
        for child in r:
            if child.tag == f"{{{W}}}t":
                out.append(child.text or "")
            elif child.tag == f"{{{W}}}tab":
                out.append("\t")
            elif child.tag == f"{{{W}}}br":
                out.append("\n")
    return "".join(out)


def paragraphs(root):
    return list(root.iter(f"{{{W}}}p"))


def style_of(p) -> str | None:
    style = p.find("w:pPr/w:pStyle", NS)
    return None if style is None else style.get(f"{{{W}}}val")


def is_subsequence(needles: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(n == h for h in it) for n in needles)


@cache
def seed(path: Path):
    result = parse_file(path)
    return result, Docx(render(result, RenderOptions(source_date_epoch=EPOCH, source_name=path.name)).data)


def capture_parts(path: Path) -> tuple[str, dict[str, str]]:
    """The capture's body text (from the first heading to the notes) and its notes by label.

    Read straight from the capture, not through the parser: these are the
    words the DOCX must hold. Note calls (``[12]``), typed list numbers and
    "View full PDF" are left out.
    """
    text = path.read_text(encoding="utf-8")
    start = text.index("\nIntroduction\n")
    notes_at = re.search(r"^\[1\]", text, re.M).start()
    body = re.sub(r"\[\d+\]", " ", text[start:notes_at]).replace("View full PDF", " ")
    body = re.sub(r"(?m)^\s+\d+\.\s", " ", body)  # list numbers: the DOCX numbers lists itself
    chunks = re.split(r"^\[(\d+)\]", text[notes_at:], flags=re.M)
    notes = {chunks[i]: chunks[i + 1] for i in range(1, len(chunks), 2)}
    return body, notes


# --------------------------------------------------------------------------- the seeds


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_note_call_is_a_real_footnote_with_the_capture_label(path):
    _, out = seed(path)
    calls = out.body.findall(".//w:footnoteReference", NS)
    assert len(calls) == 30
    # Word numbers notes 1 to 27; 30, 31 and 32 (after the uncited 28 and 29) are custom marks
    custom = [c.get(f"{{{W}}}customMarkFollows") == "1" for c in calls]
    assert custom == [False] * 27 + [True] * 3
    marks = out.call_marks()
    assert marks == [str(n) for n in range(1, 28)] + ["30", "31", "32"]
    notes = {f.get(f"{{{W}}}id"): f for f in out.real_footnotes()}
    texts = out.note_texts()
    assert len(notes) == 30
    for call, mark in zip(calls, marks):
        note_id = call.get(f"{{{W}}}id")
        assert style_of(notes[note_id].find("w:p", NS)) == "FootnoteText"
        assert texts[note_id].startswith(mark + " ")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_separator_notes_are_in_the_footnotes_part_and_named_in_settings(path):
    _, out = seed(path)
    types = [f.get(f"{{{W}}}type") for f in out.footnotes.findall("w:footnote", NS)][:2]
    assert types == ["separator", "continuationSeparator"]
    assert out.xml("word/settings.xml").find("w:footnotePr", NS) is not None
    assert "footnotes" in {kind for kind, _, _ in out.rels("word/document.xml").values()}


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_notes_28_and_29_are_not_dropped_but_listed_under_their_own_heading(path):
    _, out = seed(path)
    paras = paragraphs(out.body)
    texts = [paragraph_text(p) for p in paras]
    at = texts.index(UNCITED_NOTES_HEADING)
    assert style_of(paras[at]) == "Heading1"
    assert [t.split("\t")[0] for t in texts[at + 1:]] == ["28", "29"]
    assert "Quarterly Report to the United States Congress" in texts[at + 1]
    assert "Fleeing Afghan Aircraft" in texts[at + 2]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_fourteen_list_paragraphs_carry_numbering_properties(path):
    _, out = seed(path)
    listed = [p for p in paragraphs(out.body) if p.find("w:pPr/w:numPr", NS) is not None]
    assert len(listed) == 14
    assert [style_of(p) for p in listed] == ["ListNumber"] * 5 + ["ListBullet"] * 9
    numbering = out.xml("word/numbering.xml")
    formats = []
    for p in listed:
        num_id = p.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val")
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        abstract_id = num.find("w:abstractNumId", NS).get(f"{{{W}}}val")
        lvl = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='0']", NS)
        formats.append(lvl.find("w:numFmt", NS).get(f"{{{W}}}val"))
    assert formats == ["decimal"] * 5 + ["bullet"] * 9
    # and no typed bullet or number in the text
    assert not any(re.match(r"\s*([•\u2022\-*]|\d+\.)\s", paragraph_text(p)) for p in listed)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_six_headings_are_in_heading_styles(path):
    result, out = seed(path)
    word = docx.Document(io.BytesIO(out.data))
    found = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    wanted = [b for b in result.document.body if isinstance(b, Heading)]
    assert len(wanted) == 6
    assert found == [paragraph_text_of(b) for b in wanted] + [UNCITED_NOTES_HEADING]
    assert {p.style.name for p in word.paragraphs if p.text in found[:6]} == {"Heading 1"}


def paragraph_text_of(block) -> str:
    return "".join(n.text for n in block.content if isinstance(n, Text))


def test_every_url_of_the_url_keeping_seed_is_a_real_hyperlink():
    result, out = seed(SEED_WITH_URLS)
    _, capture_notes = capture_parts(SEED_WITH_URLS)
    urls_in_capture = sum(len(re.findall(r"https?://", n)) for n in capture_notes.values())
    targets = out.hyperlink_targets("word/footnotes.xml") + out.hyperlink_targets("word/document.xml")
    assert urls_in_capture == 30
    assert len(targets) == urls_in_capture
    assert all(t.startswith("https://") for t in targets)
    model_urls = [n.url for note in result.document.notes for n in note.content if isinstance(n, Link)]
    assert sorted(targets) == sorted(model_urls)
    # the URL is the text of its link, in the Hyperlink character style
    for h in out.footnotes.iter(f"{{{W}}}hyperlink"):
        styles = {r.find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") for r in h.findall("w:r", NS)}
        assert styles == {"Hyperlink"}


def test_the_url_losing_seed_has_no_hyperlinks():
    _, out = seed(SEEDS[1])
    assert out.hyperlink_targets("word/footnotes.xml") == []


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_core_properties_name_the_report_and_carry_the_fixed_date(path):
    _, out = seed(path)
    props = docx.Document(io.BytesIO(out.data)).core_properties
    fixed = datetime.fromtimestamp(EPOCH, tz=timezone.utc)
    assert props.title == "US Has an Opportunity to Support the National Resistance Front of Afghanistan"
    assert props.author == "Luke Coffey"
    # the opening sentence (the seeds have no deck), and the kicker then the section titles
    assert props.subject == "Just over one year ago, the Taliban swept back into power in Afghanistan."
    assert props.keywords == "Reports, The Current Situation, Enter the NRF, The Goals of the NRF, What the US Should do"
    assert props.category == "Reports"
    assert props.language == "en-US"
    assert props.created == fixed and props.modified == fixed
    assert props.comments == f"Converted by briefpress from {path.name}"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_every_word_of_the_capture_body_and_notes_is_in_the_docx_in_order(path):
    _, out = seed(path)
    body, capture_notes = capture_parts(path)
    document_words = text_words(" ".join(paragraph_text(p, marks=False) for p in paragraphs(out.body)))
    assert is_subsequence(text_words(body), document_words)
    # each note's words, in order, in its own footnote or uncited-note paragraph
    note_paragraphs = list(out.note_texts().values())
    note_paragraphs += [paragraph_text(p) for p in paragraphs(out.body) if style_of(p) == "UncitedNote"]
    by_label = {re.split(r"[ \t]", t, maxsplit=1)[0]: t for t in note_paragraphs}
    assert sorted(by_label, key=int) == sorted(capture_notes, key=int)
    for label, text in capture_notes.items():
        assert is_subsequence(text_words(text), text_words(by_label[label])), label


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_docx_reopens_in_python_docx_with_the_text_of_the_model(path):
    result, out = seed(path)
    assert_reopens_with_the_text_of_the_model(result, out)


def assert_reopens_with_the_text_of_the_model(result, out: Docx) -> None:
    """python-docx reads one paragraph (or cell) per inline run of the model, in order."""
    word = docx.Document(io.BytesIO(out.data))
    texts, body_texts = [], []
    for item in word.iter_inner_content():  # paragraphs and tables, a table's cells row by row
        if isinstance(item, docx.table.Table):
            body_texts += [cell.text for row in item.rows for cell in row.cells]
        elif item.style.name == "Front Matter End":
            texts, body_texts = body_texts, []
        elif item.style.name != "Table End":  # (the empty paragraph that closes a table)
            body_texts.append(item.text)
    assert texts[:2] == ["Reports", keep_last_words(result.document.meta.title)]
    runs = [list(inline_words(c)) for b in result.document.body for c in block_inlines(b)]
    # a note mark glued to its word ("Province20") is one word to python-docx, two to the model;
    # a note Word numbers has no mark python-docx reads (Word shows its number): digits are left out
    def letters(words) -> str:
        return re.sub(r"\d", "", "".join(words))

    assert [letters(text_words(t)) for t in body_texts[: len(runs)]] == [letters(r) for r in runs]


def test_two_renders_with_a_fixed_date_are_byte_identical():
    result = parse_file(SEEDS[0])
    options = RenderOptions(source_date_epoch=EPOCH)
    first, second = render(result, options).data, render(result, options).data
    assert first == second
    dates = {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()}
    assert dates == {(2022, 8, 30, 0, 0, 0)}


# --------------------------------------------------------------------------- built by hand


def rendered(result, **options) -> Docx:
    return Docx(render(result, RenderOptions(**options)).data)


def test_a_report_that_skips_labels_shows_the_labels_it_had():
    out = rendered(sample())
    assert out.call_marks() == ["1", "2", "30"]
    assert [t.split(" ")[0] for t in out.note_texts().values()] == ["1", "2", "30"]


def test_a_note_cited_twice_gets_one_footnote_and_a_superscript_label_at_the_second_call():
    out = rendered(sample())
    last = [p for p in paragraphs(out.body) if paragraph_text(p).startswith("See ")][0]
    assert last.find(".//w:footnoteReference", NS) is None
    marks = [r for r in last.findall("w:r", NS) if r.find("w:rPr/w:rStyle", NS) is not None
             and r.find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "FootnoteReference"]
    assert ["".join(t.text for t in r.findall("w:t", NS)) for r in marks] == ["1", "9"]
    assert len(out.real_footnotes()) == 3  # 1, 2, 30: no footnote for the second call of 1, none for 9


def test_a_call_of_a_note_the_capture_lacks_invents_no_footnote():
    out = rendered(document(para("Text.", ref("7", None))))
    assert out.body.find(".//w:footnoteReference", NS) is None
    assert out.real_footnotes() == []
    assert paragraph_text(paragraphs(out.body)[-1]) == "Text.7"


def test_each_ordered_list_restarts_at_its_source_number():
    out = rendered(sample())
    numbering = out.xml("word/numbering.xml")
    starts = []
    for p in paragraphs(out.body):
        if style_of(p) != "ListNumber":
            continue
        num_id = p.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val")
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        starts.append((num_id, num.find("w:lvlOverride/w:startOverride", NS).get(f"{{{W}}}val")))
    assert [s for _, s in starts] == ["1", "1", "4", "4"]
    assert starts[0][0] != starts[2][0]  # two lists, two numberings


def test_sub_list_items_are_numbered_one_and_two_levels_deeper_and_the_parent_list_goes_on():
    def item(s: str, *children) -> ListItem:
        return ListItem((Text(s),), tuple(children))

    out = rendered(document(
        OrderedList(1, (
            item("Fund the archive.", BulletList((item("Repair the roof."), item("Hire help.", bullets("Minutes first."))))),
            item("Open it.", OrderedList(3, (item("On weekdays."),), "lower-alpha")),
            item("Report back."),
        )),
    ))
    numbering = out.xml("word/numbering.xml")

    def level(num_id: str, ilvl: str):
        abstract_id = numbering.find(f"w:num[@w:numId='{num_id}']/w:abstractNumId", NS).get(f"{{{W}}}val")
        return numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='{ilvl}']", NS)

    listed = []
    for p in paragraphs(out.body):
        if p.find("w:pPr/w:numPr", NS) is not None:
            ilvl = p.find("w:pPr/w:numPr/w:ilvl", NS).get(f"{{{W}}}val")
            num_id = p.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val")
            fmt = level(num_id, ilvl).find("w:numFmt", NS).get(f"{{{W}}}val")
            listed.append((paragraph_text(p), ilvl, num_id, fmt))
    assert [(text, ilvl, fmt) for text, ilvl, _, fmt in listed] == [
        ("Fund the archive.", "0", "decimal"),
        ("Repair the roof.", "1", "bullet"),
        ("Hire help.", "1", "bullet"),
        ("Minutes first.", "2", "bullet"),
        ("Open it.", "0", "decimal"),
        ("On weekdays.", "1", "lowerLetter"),
        ("Report back.", "0", "decimal"),
    ]
    # one numbering for the top list (so it counts on past its sub-lists), one for each sub-list
    num_ids = [num_id for _, _, num_id, _ in listed]
    assert num_ids[0] == num_ids[4] == num_ids[6] and len(set(num_ids)) == 4
    letters = num_ids[5]
    assert level(letters, "1").find("w:start", NS).get(f"{{{W}}}val") == "3"
    override = numbering.find(f"w:num[@w:numId='{letters}']/w:lvlOverride", NS)
    assert override.get(f"{{{W}}}ilvl") == "1" and override.find("w:startOverride", NS).get(f"{{{W}}}val") == "3"
    # deeper levels indent further
    indents = [int(level(num_id, ilvl).find("w:pPr/w:ind", NS).get(f"{{{W}}}left")) for _, ilvl, num_id, _ in listed[:4]]
    assert indents[0] < indents[1] == indents[2] < indents[3]


def test_only_http_and_mailto_links_become_hyperlinks():
    result = document(para(link("https://example.org/"), " ", link("mailto:a@example.org", "mail"), " ",
                           link("javascript:alert(1)", "bad"), " ", link("file:///etc/passwd", "file")))
    rendered_ = render(result, RenderOptions())
    out = Docx(rendered_.data)
    assert out.hyperlink_targets("word/document.xml") == ["https://example.org/", "mailto:a@example.org"]
    assert "bad" in paragraph_text(paragraphs(out.body)[-1])
    assert [d.code for d in rendered_.diagnostics] == ["unsafe-link", "unsafe-link"]


def test_characters_xml_forbids_are_removed_and_reported():
    result = document(para("Bell\x07 and NUL\x00 and <tags> & \"quotes\"", ref("1")),
                      notes=[note("1", "Form\x0cfeed.")], title="Title\x01")
    out = render(result, RenderOptions())
    word = docx.Document(io.BytesIO(out.data))
    assert word.core_properties.title == "Title"
    assert "Bell and NUL and <tags> & “quotes”" in [p.text for p in word.paragraphs]  # (Word numbers the note)
    assert [d.code for d in out.diagnostics] == ["xml-illegal-char"]
    assert "U+0000" in out.diagnostics[0].message and "U+000C" in out.diagnostics[0].message


def test_a_reference_docx_lends_its_styles_and_the_house_fills_the_gaps(tmp_path):
    reference = docx.Document()
    reference.styles["Heading 1"].font.name = "Comic Sans MS"
    reference.styles["Normal"].font.name = "Courier New"
    path = tmp_path / "mine.docx"
    reference.save(path)
    out = rendered(sample(), reference_docx=path)
    styles = {s.get(f"{{{W}}}styleId"): s for s in out.xml("word/styles.xml").findall("w:style", NS)}
    assert styles["Heading1"].find("w:rPr/w:rFonts", NS).get(f"{{{W}}}ascii") == "Comic Sans MS"
    assert styles["Normal"].find("w:rPr/w:rFonts", NS).get(f"{{{W}}}ascii") == "Courier New"
    assert "Kicker" in styles and "FootnoteText" in styles  # python-docx's default lacks these
    assert len(out.real_footnotes()) == 3


def test_the_bundled_reference_docx_is_what_the_tool_builds():
    import importlib.util

    from convert.resources import templates_dir

    tool = Path(__file__).resolve().parent.parent / "tools" / "make_reference_docx.py"
    spec = importlib.util.spec_from_file_location("make_reference_docx", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (templates_dir() / "reference.docx").read_bytes() == module.reference_docx_bytes()


def test_the_header_shows_the_short_title_and_the_footer_a_page_field():
    out = rendered(document(para("Body."), title="A Very Long Title That Goes On and On About Many Things: "
                                               "With a Subtitle Glued On"))
    rels = out.rels("word/document.xml")
    headers = [t for kind, t, _ in rels.values() if kind == "header"]
    footers = [t for kind, t, _ in rels.values() if kind == "footer"]
    header_texts = {paragraph_text(out.xml(f"word/{h}").find("w:p", NS)) for h in headers}
    assert "A Very Long Title That Goes On and On About Many Things\t\tREPORTS" in header_texts
    for f in footers:
        instr = [t.text.strip() for t in out.xml(f"word/{f}").iter(f"{{{W}}}instrText")]
        assert instr == ["PAGE", "NUMPAGES"]


def test_a_short_title_is_cut_at_a_word_with_an_ellipsis():
    assert short_title("Short") == "Short"
    cut = short_title("US Has an Opportunity to Support the National Resistance Front of Afghanistan")
    assert cut == "US Has an Opportunity to Support the National Resistance\u2026"


def test_notes_placed_at_the_end_become_real_endnotes():
    out = rendered(sample(), notes="end")
    assert len(out.body.findall(".//w:endnoteReference", NS)) == 3
    endnotes = out.xml("word/endnotes.xml").findall("w:endnote", NS)
    assert len(endnotes) == 2 + 3
    assert "word/footnotes.xml" not in out.zip.namelist()
    assert out.call_marks("endnote") == ["1", "2", "30"]
    assert [t.split(" ")[0] for t in out.note_texts("endnote").values()] == ["1", "2", "30"]


def test_endnotes_follow_a_notes_heading_after_the_notes_nobody_cites():
    # Word and LibreOffice print endnotes after the body's last paragraph: the heading is that paragraph
    paras = paragraphs(rendered(sample(), notes="end").body)
    assert [(style_of(p), paragraph_text(p).split("\t")[0]) for p in paras[-3:]] == [
        ("Heading1", UNCITED_NOTES_HEADING), ("UncitedNote", "28"), ("Heading1", "Notes"),
    ]


def test_endnotes_are_numbered_1_2_3_for_word_and_for_libreoffice():
    out = rendered(sample(), notes="end")
    settings = out.xml("word/settings.xml")
    assert settings.find("w:endnotePr/w:numFmt", NS).get(f"{{{W}}}val") == "decimal"
    assert out.body.find("w:sectPr/w:endnotePr/w:numFmt", NS).get(f"{{{W}}}val") == "decimal"


def test_the_notes_heading_is_in_the_document_s_language_and_absent_without_endnotes():
    result = sample()
    german = replace(result, document=replace(result.document, notes_title=None,
                                                meta=replace(result.document.meta, lang="de")))
    assert paragraph_text(paragraphs(rendered(german, notes="end").body)[-1]) == "Anmerkungen"
    assert "Notes" not in [paragraph_text(p) for p in paragraphs(rendered(sample()).body)]
    no_notes = document(para("Nothing cited."))
    assert paragraph_text(paragraphs(rendered(no_notes, notes="end").body)[-1]) == "Nothing cited."


def test_heading_ids_become_bookmarks():
    out = rendered(document(heading("Introduction"), para("x")))
    names = [b.get(f"{{{W}}}name") for b in out.body.iter(f"{{{W}}}bookmarkStart")]
    assert names == ["introduction"]


def test_note_calls_in_the_seed_model_all_resolve():
    # guards the seed tests above: they rely on the parser resolving every call
    result, _ = seed(SEEDS[0])
    assert all(r.note_id for r in iter_note_refs(result.document))


# --------------------------------------------------------------------------- any text at all


@settings(max_examples=40, deadline=None)
@given(body=st.text(min_size=1), note_text=st.text(), title=st.text(min_size=1), url=st.text())
def test_any_text_renders_to_a_docx_that_reopens_with_its_words(body, note_text, title, url):
    result = document(para(body, ref("1")), para(link(url, "x")), notes=[note("1", note_text or "n")], title=title)
    out = render(result, RenderOptions(source_date_epoch=0))
    word = docx.Document(io.BytesIO(out.data))
    texts = [p.text for p in word.paragraphs]
    assert text_words(xml_safe(body)) == text_words(texts[6])  # (its note is numbered by Word: no mark in the text)
    assert text_words(word.core_properties.title) == text_words(xml_safe(title))[: len(text_words(word.core_properties.title))]
    illegal = any(xml_safe(s) != s for s in (body, note_text, title))
    assert ("xml-illegal-char" in {d.code for d in out.diagnostics}) == illegal


def test_a_reference_that_is_not_a_word_document_is_refused_clearly(tmp_path):
    from convert.render.docx import BadReferenceDocx

    bogus = tmp_path / "notes.docx"
    bogus.write_text("not a zip")
    with pytest.raises(BadReferenceDocx, match="notes.docx"):
        render(sample(), RenderOptions(reference_docx=bogus))


def test_the_front_matter_is_kicker_title_authors_roles_and_date_in_their_styles():
    from convert.model import Author, SourceLink

    result = document(para("Body."), subtitle="A Subtitle", date="August 30, 2022",
                      authors=(Author("Jane Roe", "Senior Fellow"), Author("John Doe")),
                      links=(SourceLink("View full PDF", "pdf", "https://example.org/r.pdf"),
                             SourceLink("View full PDF", "pdf", None)))
    word = docx.Document(io.BytesIO(render(result, RenderOptions()).data))
    front = [(p.style.name, p.text) for p in word.paragraphs][:9]
    assert front == [
        ("Kicker", "Reports"), ("Title", "A Brief About\u00a0Things"), ("Subtitle", "A Subtitle"),
        ("Author", "Jane Roe"), ("Author Role", "Senior Fellow"), ("Author", "John Doe"),
        ("Date", "August 30, 2022"), ("Source Link", "View full PDF"), ("Front Matter End", ""),
    ]
    assert word.core_properties.author == "Jane Roe; John Doe"


def test_many_lists_get_distinct_numbering_and_each_list_restarts():
    """The list numbering keeps its next ids itself (it asked the part for them at every list, quadratic in lists)."""
    import io
    import zipfile

    from lxml import etree

    from convert.parse import parse_text
    from convert.render import RenderOptions, get_renderer

    lists = "\n\n".join(f"The council agreed point {k} after a long debate about it.\n\n  1. first\n  2. second" for k in range(40))
    result = parse_text(f"Many Lists\n\n{lists}\n", "many.txt")
    data = get_renderer("docx")(result, RenderOptions(source_date_epoch=0)).data
    xml = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/numbering.xml"))
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    num_ids = xml.xpath("//w:num/@w:numId", namespaces=ns)
    abstract_ids = xml.xpath("//w:abstractNum/@w:abstractNumId", namespaces=ns)
    assert len(set(num_ids)) == len(num_ids) >= 40 and len(set(abstract_ids)) == len(abstract_ids)
    assert all(a.getparent().index(a) < min(n.getparent().index(n) for n in xml.xpath("//w:num", namespaces=ns)) for a in xml.xpath("//w:abstractNum", namespaces=ns))


# --------------------------------------------------------------------------- tables, figures, attributions


def tabled():
    """A report with a table (title above, source below, a note call in a cell), a figure and an attributed quote."""
    return document(
        para("Before the table.", ref("1")),
        table(
            row("Year", "Programme", "Spending", header=True),
            row("2021", ("Roads and bridges", ref("2")), "$4.1 million"),
            row("2022", "Schools", "$2.7 million"),
            captions=(caption("Table 1: Spending by programme", "Table 1"),
                      caption("Source: Ministry of Finance.", "Source", below=True)),
        ),
        figure(caption("Figure 1: The valley in spring", "Figure 1")),
        attributed_quote("Jane Roe, Senior Fellow", "We will not wait."),
        para("After."),
        notes=(note("1", "A body note."), note("2", "A note from a cell.")),
    )


def body_items(out: Docx) -> list:
    """The body's paragraphs and tables, in order."""
    return [c for c in out.body if c.tag in (f"{{{W}}}p", f"{{{W}}}tbl")]


def cell_texts(tbl) -> list[list[str]]:
    return [[paragraph_text(tc.find("w:p", NS), marks=False) for tc in tr.findall("w:tc", NS)]
            for tr in tbl.findall("w:tr", NS)]


def test_a_table_is_a_word_table_with_its_rows_and_cells():
    out = rendered(tabled())
    tables = out.body.findall("w:tbl", NS)
    assert len(tables) == 1
    assert cell_texts(tables[0]) == [
        ["Year", "Programme", "Spending"],
        ["2021", "Roads and bridges", "$4.1 million"],
        ["2022", "Schools", "$2.7 million"],
    ]
    assert len(tables[0].findall("w:tblGrid/w:gridCol", NS)) == 3


def test_the_header_row_repeats_on_each_page_in_bold_and_no_row_splits():
    out = rendered(tabled())
    rows = out.body.findall("w:tbl/w:tr", NS)
    assert [r.find("w:trPr/w:tblHeader", NS) is not None for r in rows] == [True, False, False]
    assert all(r.find("w:trPr/w:cantSplit", NS) is not None for r in rows)
    styles = {s.get(f"{{{W}}}styleId"): s for s in out.xml("word/styles.xml").findall("w:style", NS)}
    header_styles = {style_of(p) for p in rows[0].iter(f"{{{W}}}p")}
    body_styles = {style_of(p) for r in rows[1:] for p in r.iter(f"{{{W}}}p")}
    assert header_styles == {"TableHeading"} and body_styles == {"TableText"}
    assert styles["TableHeading"].find("w:rPr/w:b", NS) is not None
    assert styles["TableText"].find("w:rPr/w:b", NS) is None


def test_a_table_has_the_brief_table_style_and_spans_the_text_column():
    out = rendered(tabled())
    tbl = out.body.find("w:tbl", NS)
    style_id = tbl.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val")
    style = out.xml("word/styles.xml").find(f"w:style[@w:styleId='{style_id}']", NS)
    assert style.get(f"{{{W}}}type") == "table"
    assert style.find("w:name", NS).get(f"{{{W}}}val") == "Brief Table"
    width = tbl.find("w:tblPr/w:tblW", NS)
    assert (width.get(f"{{{W}}}type"), width.get(f"{{{W}}}w")) == ("pct", "5000")
    # the columns add up to the text column: US Letter less the house margins (ooxml.PAGE), 6911 twips
    columns = [int(c.get(f"{{{W}}}w")) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert abs(sum(columns) - TEXT_WIDTH) <= len(columns)
    for tr in tbl.findall("w:tr", NS):
        assert [int(tc.find("w:tcPr/w:tcW", NS).get(f"{{{W}}}w")) for tc in tr.findall("w:tc", NS)] == columns


def test_a_column_of_short_figures_is_narrower_than_a_column_of_sentences():
    out = rendered(document(table(
        row("Year", "What happened", header=True),
        row("2021", "The council met twice and agreed to repair the bridge before the winter."),
    )))
    year, what = [int(c.get(f"{{{W}}}w")) for c in out.body.findall("w:tbl/w:tblGrid/w:gridCol", NS)]
    assert what > 4 * year


def test_beside_columns_of_sentences_a_column_of_years_keeps_room_for_its_longest_word():
    from convert.render.docx import CELL_PADDING_TWIPS, CHAR_TWIPS

    sentence = "Spent through the provincial councils, which kept no separate accounts before it."
    out = rendered(document(table(
        row("Year", "Comment", "Another comment", "Spent", header=True),
        row("1995", sentence, sentence, "$45.6 million"),
    )))
    widths = [int(c.get(f"{{{W}}}w")) for c in out.body.findall("w:tbl/w:tblGrid/w:gridCol", NS)]
    assert widths[0] >= 4 * CHAR_TWIPS + CELL_PADDING_TWIPS  # "1995" and "Year" on one line
    assert widths[3] >= len("million") * CHAR_TWIPS + CELL_PADDING_TWIPS
    assert widths[1] == widths[2] > widths[3] > widths[0]  # the sentences wrap, in columns of equal claim
    assert abs(sum(widths) - TEXT_WIDTH) <= 4


def test_a_note_call_in_a_cell_is_a_real_footnote():
    out = rendered(tabled())
    cell_calls = out.body.findall("w:tbl//w:footnoteReference", NS)
    assert len(cell_calls) == 1
    notes = out.note_texts()
    assert notes[cell_calls[0].get(f"{{{W}}}id")] == "2 A note from a cell."
    assert len(notes) == 2  # the body's note and the cell's, no more


def test_the_captions_are_caption_paragraphs_above_and_below_their_table():
    out = rendered(tabled())
    items = body_items(out)
    at = [i for i, item in enumerate(items) if item.tag == f"{{{W}}}tbl"][0]
    title, source = items[at - 1], items[at + 1]
    assert (style_of(title), paragraph_text(title)) == ("Caption", "Table 1: Spending by programme")
    assert (style_of(source), paragraph_text(source)) == ("Caption", "Source: Ministry of Finance.")
    assert title.find("w:pPr/w:keepNext", NS) is not None  # the title stays with its table
    assert source.find("w:pPr/w:keepNext", NS) is None
    # the last row stays with the source under it
    last_row = items[at].findall("w:tr", NS)[-1]
    assert all(p.find("w:pPr/w:keepNext", NS) is not None for p in last_row.iter(f"{{{W}}}p"))
    # the label is set apart in bold, no word moved
    first_run = title.find("w:r", NS)
    assert first_run.find("w:t", NS).text == "Table 1" and first_run.find("w:rPr/w:b", NS) is not None
    # an empty Table End paragraph closes the table
    assert style_of(items[at + 2]) == "TableEnd" and paragraph_text(items[at + 2]) == ""


def test_a_figure_is_its_caption_alone():
    out = rendered(tabled())
    texts = [(style_of(p), paragraph_text(p)) for p in paragraphs(out.body)]
    assert ("Caption", "Figure 1: The valley in spring") in texts
    assert out.body.find(".//w:drawing", NS) is None


def test_a_figure_of_two_caption_lines_keeps_them_together():
    out = rendered(document(figure(caption("Figure 2: A map", "Figure 2"), caption("Photo: A. Person", "Photo")),
                            para("After.")))
    captions = [p for p in paragraphs(out.body) if style_of(p) == "Caption"]
    assert [paragraph_text(p) for p in captions] == ["Figure 2: A map", "Photo: A. Person"]
    assert [p.find("w:pPr/w:keepNext", NS) is not None for p in captions] == [True, False]


def test_a_quote_s_attribution_follows_it_with_a_dash_in_its_own_style():
    out = rendered(tabled())
    paras = paragraphs(out.body)
    at = [i for i, p in enumerate(paras) if style_of(p) == "QuoteAttribution"]
    assert len(at) == 1
    assert paragraph_text(paras[at[0]]) == "\u2014\u2002Jane Roe, Senior Fellow"
    assert (style_of(paras[at[0] - 1]), paragraph_text(paras[at[0] - 1])) == ("Quote", "We will not wait.")
    assert paras[at[0] - 1].find("w:pPr/w:keepNext", NS) is not None


def test_a_quote_without_attribution_is_as_before():
    out = rendered(document(quote("Just the words.")))
    assert [style_of(p) for p in paragraphs(out.body)][-1] == "Quote"
    assert not [p for p in paragraphs(out.body) if style_of(p) == "QuoteAttribution"]
    assert paragraphs(out.body)[-1].find("w:pPr/w:keepNext", NS) is None


def test_every_word_of_a_table_figure_and_quote_is_in_the_docx_in_order():
    result = tabled()
    out = rendered(result)
    model = [w for b in result.document.body for run in block_inlines(b) for w in text_words(inline_text(run))]
    in_docx = text_words(" ".join(paragraph_text(p, marks=False) for p in paragraphs(out.body)))
    assert in_docx[-len(model):] == model  # (after the front matter)


def test_a_table_figure_and_quote_reopen_in_python_docx_with_the_text_of_the_model():
    result = tabled()
    assert_reopens_with_the_text_of_the_model(result, rendered(result))


def test_two_tables_in_a_row_stay_two_tables():
    # Word joins tables with nothing between them into one
    out = rendered(document(table(row("a", "b")), table(row("c"), number=2)))
    items = body_items(out)
    kinds = [item.tag.rsplit("}", 1)[1] for item in items]
    assert kinds[-4:] == ["tbl", "p", "tbl", "p"]
    assert [len(t.findall("w:tblGrid/w:gridCol", NS)) for t in out.body.findall("w:tbl", NS)] == [2, 1]


def test_a_table_of_no_cells_is_its_caption_alone():
    out = rendered(document(table(captions=(caption("Table 3: Withheld", "Table 3"),))))
    assert out.body.find("w:tbl", NS) is None
    assert paragraph_text(paragraphs(out.body)[-1]) == "Table 3: Withheld"


def test_a_reference_docx_without_the_table_styles_gets_the_house_ones(tmp_path):
    reference = docx.Document()
    for name in ("Brief Table", "Table Text", "Table Heading", "Quote Attribution"):
        assert name not in [s.name for s in reference.styles]
    path = tmp_path / "plain.docx"
    reference.save(path)
    out = render(tabled(), RenderOptions(reference_docx=path))
    word = docx.Document(io.BytesIO(out.data))
    assert word.tables[0].style.name == "Brief Table"
    assert word.tables[0].rows[0].cells[0].paragraphs[0].style.name == "Table Heading"
    assert "Quote Attribution" in [p.style.name for p in word.paragraphs]
    # python-docx's default document has a Caption style of its own: it is the one used
    assert word.styles["Caption"].font.name is None
    assert "Caption" in [p.style.name for p in word.paragraphs]
    assert out.diagnostics == ()


def test_the_bundled_reference_defines_the_caption_table_and_attribution_styles():
    from convert.resources import templates_dir

    word = docx.Document(str(templates_dir() / "reference.docx"))
    kinds = {s.name: s.type for s in word.styles}
    from docx.enum.style import WD_STYLE_TYPE

    assert kinds["Brief Table"] == WD_STYLE_TYPE.TABLE
    for name in ("Caption", "Table Text", "Table Heading", "Table End", "Quote Attribution"):
        assert kinds[name] == WD_STYLE_TYPE.PARAGRAPH, name
    assert word.styles["Quote Attribution"].base_style.name == "Quote"


def test_a_column_of_paragraphs_takes_more_room_than_a_column_of_short_labels():
    # a browser's automatic layout, as the PDF and the HTML have it: the room beyond each
    # column's longest word goes by how long its cells are on one line, not capped
    paragraph = " ".join(["Every provider must publish what it spent and on what, each year, in a form anyone can read."] * 4)
    out = rendered(document(table(
        row("Indicator", "Requirement", header=True),
        row("Relevance to the goals of the programme", paragraph),
        row("Use of approved open licences", paragraph),
    )))
    label, text = [int(c.get(f"{{{W}}}w")) for c in out.body.findall("w:tbl/w:tblGrid/w:gridCol", NS)]
    assert text > 2 * label
    assert label >= len("Relevance") * 100


# --------------------------------------------------------------------------- language


def text_language(out: Docx) -> tuple[str, str]:
    """The default run language the styles give the text, and the theme's."""
    lang = out.xml("word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    theme = out.xml("word/settings.xml").find("w:themeFontLang", NS)
    return lang.get(f"{{{W}}}val"), theme.get(f"{{{W}}}val")


def with_lang(result, lang: str):
    return replace(result, document=replace(result.document, meta=replace(result.document.meta, lang=lang)))


@pytest.mark.parametrize("lang, tag", [("en", "en-US"), ("en-GB", "en-GB"), ("en_au", "en-AU"), ("fr", "fr-FR"),
                                       ("de-CH", "de-CH"), ("sv", "sv"), ("", "en-US"), ("not a tag", "en-US")])
def test_the_text_s_language_is_the_document_s_with_a_region_for_english(lang, tag):
    out = rendered(with_lang(sample(), lang))
    assert text_language(out) == (tag, tag)
    assert docx.Document(io.BytesIO(out.data)).core_properties.language == tag


@dataclass(frozen=True)
class LangOptions(RenderOptions):
    """RenderOptions with the ``lang`` override (--lang) another branch adds."""

    lang: str | None = None


def test_a_lang_option_overrides_the_capture_s_language():
    out = Docx(render(with_lang(sample(), "en"), LangOptions(lang="en-GB")).data)
    assert text_language(out) == ("en-GB", "en-GB")
    out = Docx(render(with_lang(sample(), "fr"), LangOptions(lang=None)).data)
    assert text_language(out) == ("fr-FR", "fr-FR")


def test_a_reference_docx_without_a_default_language_gets_one(tmp_path):
    reference = docx.Document()
    lang = reference.styles.element.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    lang.getparent().remove(lang)
    path = tmp_path / "ref.docx"
    reference.save(str(path))
    out = Docx(render(with_lang(sample(), "de"), RenderOptions(reference_docx=path)).data)
    assert text_language(out)[0] == "de-DE"


def test_a_title_s_last_two_words_hold_together_so_no_line_is_one_word_alone():
    assert keep_last_words("US Has an Opportunity to Support the National Resistance Front of Afghanistan") == (
        "US Has an Opportunity to Support the National Resistance Front of\u00a0Afghanistan")
    assert keep_last_words("Three Word Title") == "Three Word Title"
    assert keep_last_words("Supercalifragilistic Words Antidisestablishmentarianism") == (
        "Supercalifragilistic Words Antidisestablishmentarianism")


# --------------------------------------------------------------------------- the house fonts, embedded

FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"


def embedded_faces(out: Docx) -> dict[tuple[str, str], bytes]:
    """The fonts the DOCX carries, by (family, face), each de-obfuscated with its font key."""
    from convert.render.ooxml import obfuscate_font

    table = out.xml("word/fontTable.xml")
    rels = out.rels("word/fontTable.xml")
    faces = {}
    for font in table.findall("w:font", NS):
        for embed in font:
            tag = etree.QName(embed).localname
            if not tag.startswith("embed"):
                continue
            kind, target, _ = rels[embed.get(f"{{{R}}}id")]
            assert kind == "font" and target.endswith(".odttf")
            data = out.zip.read("word/" + target)
            faces[(font.get(f"{{{W}}}name"), tag)] = obfuscate_font(data, embed.get(f"{{{W}}}fontKey"))
    return faces


def test_the_docx_names_and_carries_the_pdf_s_families():
    from fontTools.ttLib import TTFont

    result, out = seed(SEEDS[0])
    styles = etree.tostring(out.xml("word/styles.xml")).decode()
    assert "Georgia" not in styles and "Arial" not in styles
    faces = embedded_faces(out)
    assert set(faces) == {("Source Serif Pro", t) for t in ("embedRegular", "embedBold", "embedItalic",
                                                             "embedBoldItalic")} | {
        ("Source Sans Pro", t) for t in ("embedRegular", "embedBold", "embedItalic")}
    settings = out.xml("word/settings.xml")
    assert settings.find("w:embedTrueTypeFonts", NS) is not None
    assert settings.find("w:saveSubsetFonts", NS) is not None
    assert "application/vnd.openxmlformats-officedocument.obfuscatedFont" in out.zip.read("[Content_Types].xml").decode()
    shown = set("".join(paragraph_text(p) for p in paragraphs(out.body)))
    shown |= set("".join(out.note_texts().values()))
    for (family, tag), data in faces.items():
        font = TTFont(io.BytesIO(data))  # a TrueType font once de-obfuscated
        assert font["name"].getDebugName(1) == family
        assert font["OS/2"].fsType == 0  # installable: Word and LibreOffice may load it
        covered = {chr(c) for c in font.getBestCmap()}
        assert shown - {"\t", "\n"} <= covered, (family, tag, sorted(shown - covered))
        assert len(data) < 40_000  # a subset of the document's characters (the whole face is 80 to 290 kB)


def test_a_reference_docx_gets_only_the_house_faces_its_styles_name(tmp_path):
    # python-docx's template sets its text in the theme's fonts; the house styles it lacks
    # (Kicker, Author, Caption...) come in naming Source Sans Pro, so only the sans is carried
    reference = docx.Document()
    path = tmp_path / "plain.docx"
    reference.save(str(path))
    out = Docx(render(sample(), RenderOptions(reference_docx=path)).data)
    assert {family for family, _ in embedded_faces(out)} == {"Source Sans Pro"}
    names = {style.name for style in reference.styles}
    for name in STYLE_NAMES:  # every style the renderer uses, none of them in the house fonts
        if name not in names:
            reference.styles.add_style(name, 3 if name == "Brief Table" else 2 if "Reference" in name
                                       or name == "Hyperlink" else 1)
    reference.save(str(path))
    out = Docx(render(sample(), RenderOptions(reference_docx=path)).data)
    assert embedded_faces(out) == {}
    assert out.xml("word/settings.xml").find("w:embedTrueTypeFonts", NS) is None


def test_a_font_is_obfuscated_as_ecma_376_says_and_back():
    from convert.render.ooxml import font_key, obfuscate_font

    data = bytes(range(64))
    key = font_key(data)
    assert re.fullmatch(r"\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", key)
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))
    hidden = obfuscate_font(data, key)
    assert hidden[32:] == data[32:]
    assert all(hidden[i] == data[i] ^ guid[15 - i % 16] for i in range(32))
    assert obfuscate_font(hidden, key) == data


def test_a_short_cell_beside_a_column_of_paragraphs_stays_on_one_line():
    from convert.render.docx import CELL_PADDING_TWIPS, CHAR_TWIPS

    paragraph = " ".join(["The council met twice and agreed to repair the bridge before the winter came."] * 5)
    out = rendered(document(table(
        row("Item", "Description", header=True),
        row("Item 12", paragraph),
    )))
    item, _ = [int(c.get(f"{{{W}}}w")) for c in out.body.findall("w:tbl/w:tblGrid/w:gridCol", NS)]
    assert item >= len("Item 12") * CHAR_TWIPS + CELL_PADDING_TWIPS
