"""The presentation: what every format shows the same way is settled once, and every format shows it.

Unit tests of the rules (which call carries a footnote, subject, keywords,
dates, link safety, the headings of the notes), then the formats side by
side: the PDF's metadata and the DOCX's core properties, a note cited only
in a heading, the notes nobody cites and their heading.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import docx
import pdfplumber
import pypdf
import pytest
from lxml import etree
from lxml import html as lxml_html

from convert.model import Author, Document, Heading, Link, Metadata, Note, NoteRef, Paragraph, ParseResult, Text
from convert.parse import parse_file
from convert.render import RenderOptions, get_renderer
from convert.render.markdown import to_markdown
from convert.render.page import render_page
from convert.render.present import (
    MAX_KEYWORDS,
    SUBJECT_LIMIT,
    footnote_calls,
    iso_date,
    keywords,
    presentation,
    safe_url,
    subject,
    uncited_heading,
)

from .helpers import SEEDS

EPOCH = 1700000000  # 2023-11-14 22:13:20 UTC
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


# --------------------------------------------------------------------------- factories


def t(text: str) -> Text:
    return Text(text)


def call(label: str, n: int = 1) -> NoteRef:
    return NoteRef(label, f"ref-{label}-{n}", f"note-{label}")


def para(*content) -> Paragraph:
    return Paragraph(tuple(Text(c) if isinstance(c, str) else c for c in content))


def heading(text: str, *calls: NoteRef, level: int = 1) -> Heading:
    return Heading(level, re.sub(r"\W+", "-", text.lower()).strip("-"), (Text(text), *calls))


def note(label: str, text: str, *ref_ids: str) -> Note:
    return Note(label, f"note-{label}", (Text(text),), tuple(ref_ids))


def report(*body, notes=(), notes_title=None, lang="en", **meta) -> Document:
    meta.setdefault("title", "A Brief About Things")
    meta.setdefault("kicker", "Reports")
    meta.setdefault("authors", (Author("Jane Roe", "Senior Fellow"),))
    return Document(Metadata(lang=lang, **meta), tuple(body), tuple(notes), notes_title)


def render(fmt: str, document: Document, **options) -> bytes:
    options.setdefault("source_date_epoch", EPOCH)
    return get_renderer(fmt)(ParseResult(document), RenderOptions(**options)).data


# --------------------------------------------------------------------------- readers


class Word:
    """The parts of a DOCX a test reads: body paragraphs as (style, text, has a note reference)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.body = etree.fromstring(z.read("word/document.xml"))
        self.properties = docx.Document(io.BytesIO(data)).core_properties

    def paragraphs(self) -> list[tuple[str | None, str, bool]]:
        found = []
        numbers = iter(range(1, 10**6))  # a call Word numbers itself shows the next number (ooxml.add_note_reference)
        for p in self.body.iter(f"{{{W}}}p"):
            style = p.find("w:pPr/w:pStyle", NS)
            text = "".join(
                (node.text or "") if node.tag == f"{{{W}}}t"
                else "\t" if node.tag == f"{{{W}}}tab"
                else "" if node.get(f"{{{W}}}customMarkFollows") == "1"
                else str(next(numbers))
                for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}footnoteReference", f"{{{W}}}endnoteReference")
            )
            noted = p.find(".//w:footnoteReference", NS) is not None or p.find(".//w:endnoteReference", NS) is not None
            found.append((None if style is None else style.get(f"{{{W}}}val"), text, noted))
        return found

    def after_heading(self, heading_text: str) -> list[str]:
        """The paragraphs after the heading of that text, up to the next heading (the label of each)."""
        paras = self.paragraphs()
        at = [k for k, (style, text, _) in enumerate(paras) if text == heading_text and (style or "").startswith("Heading")]
        assert len(at) == 1, paras
        labels = []
        for style, text, _ in paras[at[0] + 1:]:
            if (style or "").startswith("Heading"):
                break
            labels.append(text.split("\t")[0])
        return labels


def pdf_text(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() for page in pdf.pages)


def pdf_after_heading(data: bytes, heading_text: str) -> list[str]:
    """The note labels listed after the heading of that text in the PDF."""
    text = pdf_text(data)
    assert text.count(heading_text) == 1, text
    rest = text.split(heading_text, 1)[1]
    return re.findall(r"(?m)^(\S+) (?:Uncited|Orphan)", rest)


def markdown_after_heading(md: str, heading_text: str) -> list[str]:
    lines = md.split("\n# " + heading_text + " ", 1)[1].split("\n# ", 1)[0]
    return re.findall(r"(?m)^\[\\\[(.+?)\\\]\]\{#briefpress-note-", lines)


# --------------------------------------------------------------------------- which call carries a footnote


def test_a_note_s_footnote_goes_with_its_first_call_in_running_text_not_with_an_earlier_heading_call():
    doc = report(
        heading("Findings", call("1", 1)),
        para("A claim.", call("1", 2), " Another.", call("1", 3)),
        notes=[note("1", "Source.", "ref-1-1", "ref-1-2", "ref-1-3")],
    )
    assert footnote_calls(doc) == {"note-1": "ref-1-2"}


def test_a_note_cited_only_in_headings_takes_its_footnote_at_the_first_of_them():
    doc = report(
        heading("Findings", call("1", 1)),
        heading("More findings", call("1", 2), level=2),
        para("No call here."),
        notes=[note("1", "Source.", "ref-1-1", "ref-1-2")],
    )
    assert footnote_calls(doc) == {"note-1": "ref-1-1"}
    assert presentation(doc).uncited == ()


def test_a_call_inside_a_link_carries_its_footnote_and_a_call_of_a_missing_note_carries_nothing():
    doc = report(
        para(Link("https://example.org/", (t("a claim"), call("2"))), " text", NoteRef("9", "ref-9-1", "note-9")),
        notes=[note("2", "Link source.", "ref-2-1")],
    )
    assert footnote_calls(doc) == {"note-2": "ref-2-1"}


def test_uncited_notes_are_those_no_body_call_cites_in_capture_order():
    doc = report(
        para("Claim.", call("2")),
        notes=[note("1", "Uncited one."), note("2", "Cited.", "ref-2-1"), note("3", "Uncited three.")],
    )
    assert [n.label for n in presentation(doc).uncited] == ["1", "3"]


# --------------------------------------------------------------------------- headings of the notes


@pytest.mark.parametrize(
    "lang, notes_title, expected",
    [
        ("en", None, "Notes not cited in the text"),
        ("en", "References", "References not cited in the text"),
        ("en-GB", "Footnotes", "Footnotes not cited in the text"),
        ("fr", "Références", "Notes non citées dans le texte"),
        ("de", None, "Im Text nicht zitierte Anmerkungen"),
        ("xx", None, "Notes not cited in the text"),
    ],
)
def test_the_uncited_notes_heading_follows_the_document_s_language(lang, notes_title, expected):
    assert uncited_heading(report(notes_title=notes_title, lang=lang)) == expected


def test_the_notes_heading_is_the_capture_s_own_else_notes_in_the_document_s_language():
    assert presentation(report(notes_title="Endnotes")).notes_heading == "Endnotes"
    assert presentation(report(lang="de")).notes_heading == "Anmerkungen"


# --------------------------------------------------------------------------- subject, keywords, dates, URLs


def test_the_subject_is_the_deck_when_there_is_one():
    doc = report(para("An opening sentence that says a good deal about the report."), subtitle="The deck says it.")
    assert subject(doc) == "The deck says it."


def test_the_subject_is_the_opening_text_in_whole_sentences_within_the_limit():
    first = "The first sentence says what the report is about, at some length and in detail. "
    doc = report(para("Share"), para(first * 3 + "A fourth sentence that would not fit any more in the subject line."))
    found = subject(doc)
    assert len(found) <= SUBJECT_LIMIT
    assert found == (first * 3).strip()  # the stray one-word paragraph is passed over


def test_a_first_sentence_longer_than_the_limit_is_cut_at_a_word():
    doc = report(para("word " * 100))
    found = subject(doc)
    assert found.endswith("word…") and len(found) <= SUBJECT_LIMIT + 1


def test_keywords_are_the_kicker_and_section_titles_without_numbers_generic_titles_or_repeats():
    doc = report(
        heading("1. Introduction"),
        heading("2. Costs, benefits and risks"),
        heading("Sub-section", level=2),
        heading("REPORTS"),
        heading("III. Governance"),
        heading("Conclusion"),
    )
    assert keywords(doc) == ("Reports", "Costs, benefits and risks", "Governance")


def test_keywords_are_capped():
    doc = report(*(heading(f"Topic {k}") for k in range(20)))
    assert len(keywords(doc)) == MAX_KEYWORDS


@pytest.mark.parametrize(
    "value, expected",
    [("2022-08-30", "2022-08-30"), ("2022-08", "2022-08"), ("2022", "2022"), ("2022-02-30", None),
     ("30/08/2022", None), (None, None)],
)
def test_only_a_real_iso_calendar_date_is_kept_as_the_iso_date(value, expected):
    assert iso_date(value) == expected


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/a", "https://example.org/a"),
        ("  http://example.org ", "http://example.org"),
        ("mailto:jane@example.org", "mailto:jane@example.org"),
        ("HTTPS://EXAMPLE.ORG", "HTTPS://EXAMPLE.ORG"),
        ("https:///no-host", None),
        ("http:relative", None),
        ("mailto:", None),
        ("javascript:alert(1)", None),
        ("file:///etc/passwd", None),
        ("data:text/html,<b>x</b>", None),
        ("http://[::1", None),
    ],
)
def test_only_http_with_a_host_and_mailto_with_an_address_may_be_live_links(url, expected):
    assert safe_url(url) == expected


def test_the_file_s_moment_is_the_fixed_epoch_when_given():
    shown = presentation(report(), RenderOptions(source_date_epoch=EPOCH))
    assert shown.created == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert shown.created_w3c == "2023-11-14T22:13:20Z"


# --------------------------------------------------------------------------- the formats agree: metadata


@cache
def seed_outputs(path: Path):
    result = parse_file(path)
    options = RenderOptions(source_date_epoch=EPOCH)
    return result, get_renderer("pdf")(result, options).data, get_renderer("docx")(result, options).data


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_pdf_and_the_docx_of_a_seed_carry_the_same_title_subject_keywords_and_date(path):
    result, pdf_data, docx_data = seed_outputs(path)
    info = pypdf.PdfReader(io.BytesIO(pdf_data)).metadata
    props = Word(docx_data).properties
    shown = presentation(result.document, RenderOptions(source_date_epoch=EPOCH))
    assert info.title == props.title == shown.title
    assert info.subject == props.subject == shown.subject
    assert info["/Keywords"] == props.keywords == ", ".join(shown.keywords)
    assert shown.subject and shown.keywords  # (not agreeing on nothing)
    assert info["/CreationDate"] == "D:20231114221320Z" and props.created == shown.created


def test_a_keyword_with_a_comma_is_one_keyword_in_the_pdf_as_in_the_docx():
    # (the page's <meta name=keywords> would split it, and the PDF would write "Costs, benefits")
    doc = report(heading("Costs,benefits and risks"), para("Some text to open the report with, long enough."))
    info = pypdf.PdfReader(io.BytesIO(render("pdf", doc))).metadata
    assert info["/Keywords"] == Word(render("docx", doc)).properties.keywords == "Reports, Costs,benefits and risks"


def test_the_html_page_s_description_and_keywords_are_the_presentation_s():
    doc = report(heading("Governance"), para("The opening sentence of the report, which says enough about it."))
    page = lxml_html.fromstring(render("html", doc))
    shown = presentation(doc)
    assert page.xpath('//meta[@name="description"]/@content') == [shown.subject]
    assert page.xpath('//meta[@name="keywords"]/@content') == [", ".join(shown.keywords)]


# --------------------------------------------------------------------------- the formats agree: a note cited in a heading


def heading_cited() -> Document:
    return report(
        heading("Findings", call("1", 1)),
        para("A first claim.", call("2")),
        heading("Method", call("3", 1)),
        para("A second claim.", call("3", 2)),
        notes=[
            note("1", "Heading source.", "ref-1-1"),
            note("2", "Body source.", "ref-2-1"),
            note("3", "Method source.", "ref-3-1", "ref-3-2"),
        ],
    )


def test_a_note_cited_only_in_a_heading_is_a_footnote_at_the_heading_in_the_pdf_and_the_docx():
    doc = heading_cited()
    # PDF: the footnote text is laid out right after the heading's call and prints at the page's foot
    page = lxml_html.fromstring(render_page(ParseResult(doc), RenderOptions(), "print"))
    assert page.get_element_by_id("note-1").getparent().tag == "h2"
    pdf_data = render("pdf", doc)
    assert "not cited" not in pdf_text(pdf_data)
    with pdfplumber.open(io.BytesIO(pdf_data)) as pdf:
        first = pdf.pages[0]
        assert first.search("Heading source.")[0]["top"] > first.search("A second claim.")[0]["bottom"]
    # DOCX: a real footnote in the heading's paragraph, and no section of uncited notes
    paras = Word(render("docx", doc)).paragraphs()
    assert ("Heading1", "Findings1", True) in paras
    assert not any("not cited" in text for _, text, _ in paras)


def test_a_note_cited_in_a_heading_and_in_the_text_takes_its_footnote_in_the_text_in_the_pdf_and_the_docx():
    doc = heading_cited()
    page = lxml_html.fromstring(render_page(ParseResult(doc), RenderOptions(), "print"))
    assert page.get_element_by_id("note-3").getparent().tag == "p"
    assert page.get_element_by_id("ref-3-1").getparent().tag == "h2"  # the heading's call stays, as a link
    paras = Word(render("docx", doc)).paragraphs()
    assert ("Heading1", "Method3", False) in paras
    assert ("Normal", "A second claim.3", True) in paras


# --------------------------------------------------------------------------- the formats agree: uncited notes


def uncited_report(lang: str = "en", notes_title: str | None = None) -> Document:
    return report(
        heading("Findings"),
        para("A claim.", call("2")),
        notes=[note("1", "Uncited one."), note("2", "Cited source.", "ref-2-1"), note("3", "Orphan three.")],
        lang=lang,
        notes_title=notes_title,
    )


@pytest.mark.parametrize(
    "lang, notes_title, expected",
    [("en", "References", "References not cited in the text"), ("fr", None, "Notes non citées dans le texte")],
)
def test_the_uncited_notes_and_their_heading_are_the_same_in_the_pdf_the_docx_and_the_markdown(lang, notes_title, expected):
    doc = uncited_report(lang, notes_title)
    shown = presentation(doc)
    assert shown.uncited_heading == expected
    labels = [n.label for n in shown.uncited]
    assert labels == ["1", "3"]
    assert pdf_after_heading(render("pdf", doc), expected) == labels
    assert Word(render("docx", doc)).after_heading(expected) == labels
    assert Word(render("docx", doc, notes="end")).after_heading(expected) == labels
    assert markdown_after_heading(to_markdown(doc), expected) == labels


def test_the_html_page_lists_every_note_under_the_notes_heading_the_uncited_ones_without_back_links():
    doc = uncited_report(notes_title="References")
    page = lxml_html.fromstring(render("html", doc))
    section = page.get_element_by_id("briefpress-notes")
    assert section.text_content() == "References"
    items = page.xpath('//section[@aria-labelledby="briefpress-notes"]//li')
    backlinked = {li.get("id"): bool(li.find_class("backref")) for li in items}
    assert backlinked == {"note-1": False, "note-2": True, "note-3": False}


# --------------------------------------------------------------------------- the formats agree: links and dates


def test_a_link_no_format_may_make_live_is_live_in_none_and_a_safe_one_in_all():
    doc = report(para(
        Link("https:///no-host", (t("hostless"),)), " ",
        Link("javascript:alert(1)", (t("script"),)), " ",
        Link("https://example.org/ok", (t("fine"),)),
    ))
    page = lxml_html.fromstring(render("html", doc))
    assert page.xpath("//div[@class='body']//a/@href") == ["https://example.org/ok"]
    with zipfile.ZipFile(io.BytesIO(render("docx", doc))) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
    assert re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', rels) == ["https://example.org/ok"]
    md = to_markdown(doc)
    assert re.findall(r"\]\(<([^>]+)>\)", md) == ["https://example.org/ok"]
    assert "hostless" in md and "script" in md


def test_a_date_the_parser_could_not_read_is_shown_but_not_given_as_an_iso_date():
    doc = report(para("Text."), date="30 February 2022", date_iso="2022-02-30")
    page = lxml_html.fromstring(render("html", doc))
    assert page.find_class("date")[0].text_content() == "30 February 2022"
    assert page.xpath("//time") == []
    assert 'date: "30 February 2022"' in to_markdown(doc)
    good = report(para("Text."), date="30 August 2022", date_iso="2022-08-30")
    assert lxml_html.fromstring(render("html", good)).xpath("//time/@datetime") == ["2022-08-30"]
    assert 'date: "2022-08-30"' in to_markdown(good)


def test_lang_sets_every_format_s_language_and_the_notes_headings():
    # a French capture's notes, one cited and one not, rendered with --lang fr-CA and with none
    doc = report(
        Paragraph((Text("Le texte cite une note."), NoteRef("1", "ref-1-1", "note-1"))),
        notes=(Note("1", "note-1", (Text("Cité."),)), Note("2", "note-2", (Text("Jamais cité."),))),
        lang="en",
    )
    assert presentation(doc).lang == "en-US"
    shown = presentation(doc, RenderOptions(lang="fr-CA"))
    assert shown.lang == "fr-CA" and shown.uncited_heading == "Notes non citées dans le texte"
    assert re.search(r"^lang: \"?fr-CA\"?$", render("md", doc, lang="fr-CA").decode("utf-8"), re.M)
    with zipfile.ZipFile(io.BytesIO(render("docx", doc, lang="fr-CA"))) as z:
        assert 'w:val="fr-CA"' in z.read("word/styles.xml").decode("utf-8")
    assert 'lang="fr-CA"' in render("html", doc, lang="fr-CA").decode("utf-8")
