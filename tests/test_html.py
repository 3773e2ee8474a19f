"""The standalone HTML page: semantics, notes both ways, escaping, no external requests, no lost word."""

from __future__ import annotations

import re

import pytest

from convert.model import Author, BulletList, Emphasis, Heading, Link, ListItem, OrderedList, Strong, inline_text
from convert.parse import parse_file
from convert.render import RenderOptions, document_language, get_renderer
from convert.render.typography import curl_text
from convert.words import body_words, inline_words
from tests.helpers import SEEDS
from tests.render_helpers import (
    doc,
    found_in_order,
    heading,
    html_words,
    note,
    note_streams,
    para,
    parse_html,
    ref,
    squash,
    t,
)

render_html = get_renderer("html")


def html_of(result, **options):
    return parse_html(render_html(result, RenderOptions(**options)).data)


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.stem)
def seed(request):
    result = parse_file(request.param)
    data = render_html(result, RenderOptions()).data
    return result, data, parse_html(data)


# --------------------------------------------------------------------------- the seeds


def test_the_html_of_a_seed_keeps_every_body_word_in_order(seed):
    result, data, _ = seed
    body = parse_html(data).find_class("body")[0]  # a copy: this test edits the tree
    expected = squash(body_words(result.document, refs=False))
    # the page shows note calls as links; leave them out as the model's words do
    for call in body.find_class("noteref"):
        call.drop_tree()
    # a browser numbers the items of an <ol>; put the numbers a reader sees into the text
    for ol in body.iter("ol"):
        for k, li in enumerate(ol.findall("li")):
            li.text = f"{int(ol.get('start', '1')) + k} {li.text or ''}"
    assert squash(html_words(body)) == expected


def test_the_html_of_a_seed_keeps_every_note_word_in_order(seed):
    result, _, page = seed
    notes = page.find_class("notes")[0]
    assert found_in_order(squash(html_words(notes)), note_streams(list(result.document.notes))) == []


def test_every_internal_link_of_a_seed_page_resolves_to_one_element(seed):
    _, _, page = seed
    ids = [e.get("id") for e in page.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique"
    targets = [a.get("href")[1:] for a in page.iter("a") if a.get("href", "").startswith("#")]
    assert targets, "the seed has note calls"
    assert sorted(set(targets) - set(ids)) == []


def test_every_note_call_links_to_its_note_and_every_note_links_back_to_each_call(seed):
    result, _, page = seed
    calls = {a.get("id"): a for a in page.xpath('//a[@role="doc-noteref"]')}
    for n in result.document.notes:
        item = page.get_element_by_id(n.id)
        backlinks = [a.get("href")[1:] for a in item.xpath('.//a[@role="doc-backlink"]')]
        assert backlinks == list(n.ref_ids)
        for ref_id in n.ref_ids:
            assert calls[ref_id].get("href") == f"#{n.id}"
            assert calls[ref_id].text_content() == n.label


def test_notes_keep_their_original_labels_and_uncited_notes_still_appear(seed):
    result, _, page = seed
    labels = [e.text_content() for e in page.find_class("note-label")]
    assert labels == [n.label for n in result.document.notes]
    uncited = [n for n in result.document.notes if not n.referenced]
    for n in uncited:
        assert page.get_element_by_id(n.id) is not None


def test_a_seed_page_makes_no_external_request(seed):
    _, data, page = seed
    assert page.xpath("//script|//link|//img|//iframe|//object|//embed|//video|//audio|//source") == []
    assert page.xpath("//@src|//@srcset|//@poster") == []
    styles = " ".join(s.text_content() for s in page.iter("style"))
    assert "@import" not in styles
    # the only URLs of the stylesheet are the fonts it carries, as data: URLs
    urls = re.findall(r"url\(\"?([^\")]*)", styles)
    assert urls and all(u.startswith("data:font/woff2;base64,") for u in urls)
    for a in page.iter("a"):
        href = a.get("href")
        assert href.startswith("#") or re.match(r"(https?:|mailto:)", href), href


def test_the_page_head_carries_language_title_author_and_description(seed):
    result, _, page = seed
    meta = result.document.meta
    assert page.get("lang") == document_language(meta.lang) == "en-US"  # (English as en-US: see document_language)
    assert page.findtext(".//title") == meta.title
    assert page.xpath('//meta[@name="author"]/@content') == [a.name for a in meta.authors]
    assert page.xpath('//meta[@name="description"]/@content')[0]
    assert page.xpath('//meta[@name="viewport"]')


def test_the_masthead_shows_kicker_title_authors_and_roles(seed):
    result, _, page = seed
    meta = result.document.meta
    header = page.xpath("//article/header")[0]
    assert header.find_class("kicker")[0].text_content() == meta.kicker
    assert header.xpath(".//h1")[0].text_content() == meta.title
    assert [e.text_content() for e in header.find_class("author-name")] == [a.name for a in meta.authors]
    assert [e.text_content() for e in header.find_class("author-role")] == [a.role for a in meta.authors if a.role]


def test_sections_carry_the_heading_ids_the_parser_settled(seed):
    result, _, page = seed
    expected = [(b.id, inline_text(b.content)) for b in result.document.body if isinstance(b, Heading)]
    found = [(h.get("id"), h.text_content()) for h in page.xpath("//section/*[self::h2 or self::h3 or self::h4]")]
    assert found[: len(expected)] == expected


# --------------------------------------------------------------------------- hand-made models


def test_an_ordered_list_keeps_its_start_number_and_a_bullet_lead_in_is_strong():
    result = doc(
        OrderedList(3, (ListItem((t("third"),)), ListItem((t("fourth"),)))),
        BulletList((ListItem((Strong((t("Lead in."),)), t(" Then the rest."))),)),
    )
    page = html_of(result)
    ol = page.xpath("//ol")[0]
    assert ol.get("start") == "3"
    assert [li.text_content() for li in ol.iter("li")] == ["third", "fourth"]
    assert page.xpath("//ul[not(@class)]/li/strong")[0].text_content() == "Lead in."


def test_a_lower_alpha_list_is_typed_as_such():
    page = html_of(doc(OrderedList(1, (ListItem((t("a thing"),)),), "lower-alpha")))
    assert page.xpath("//ol")[0].get("type") == "a"


def test_a_sub_list_is_laid_out_inside_its_item_and_its_note_call_links():
    result = doc(
        OrderedList(1, (
            ListItem((t("Fund the archive."),), (
                BulletList((
                    ListItem((t("Repair the roof."), ref("1"))),
                    ListItem((t("Hire a conservator."),), (BulletList((ListItem((t("Minutes first."),)),)),)),
                )),
            )),
            ListItem((t("Open it."),), (OrderedList(3, (ListItem((t("On weekdays."),)),), "lower-alpha"),)),
            ListItem((t("Report back."),)),
        )),
        notes=(note("1", "The roof leaks.", "ref-1-1"),),
    )
    body = html_of(result).find_class("body")[0]
    (top,) = body.xpath("./descendant::ol[not(ancestor::li)][not(@class='note-list')]")
    fund, open_, report = top.findall("li")
    assert fund.text == "Fund the archive." and report.findall("*") == []
    (bullets,) = fund.findall("ul")
    assert [li.text for li in bullets.findall("li")] == ["Repair the roof.", "Hire a conservator."]
    assert bullets.xpath("li[1]/a[@class='noteref']/@href") == ["#note-1"]
    assert bullets.xpath("li[2]/ul/li/text()") == ["Minutes first."]
    (letters,) = open_.findall("ol")
    assert (letters.get("type"), letters.get("start"), letters.xpath("li/text()")) == ("a", "3", ["On weekdays."])


def test_markup_in_a_capture_shows_as_text_and_never_becomes_an_element():
    evil = "<script>alert('x')</script> & <img src=x onerror=alert(1)> Tom &amp; Jerry"
    result = doc(heading("<b>bold</b> & co", "h"), para(evil), title="Title <i>&</i>", authors=(Author("<em>A</em>"),))
    data = render_html(result, RenderOptions()).data
    page = parse_html(data)
    assert page.xpath("//script|//img|//b|//i|//em") == []
    assert evil in page.find_class("body")[0].text_content()
    assert page.findtext(".//title") == "Title <i>&</i>"
    assert b"&lt;script&gt;" in data


def test_only_http_https_and_mailto_become_links():
    links = [
        Link("https://example.org/a", (t("https"),)),
        Link("http://example.org/b", (t("http"),)),
        Link("mailto:someone@example.org", (t("mail"),)),
        Link("javascript:alert(1)", (t("script"),)),
        Link("file:///etc/passwd", (t("file"),)),
        Link("data:text/html,<script>1</script>", (t("data"),)),
        Link("http:no-host", (t("nohost"),)),
    ]
    page = html_of(doc(para(*links)))
    anchors = {a.text_content(): a.get("href") for a in page.iter("a")}
    assert anchors == {
        "https": "https://example.org/a",
        "http": "http://example.org/b",
        "mail": "mailto:someone@example.org",
    }
    assert "scriptfiledatanohost" in page.find_class("body")[0].text_content().replace(" ", "")


def test_a_note_call_without_a_note_stays_visible_as_text_without_a_link():
    page = html_of(doc(para("Claim.", ref("7", cited=False))))
    assert page.xpath('//a[@role="doc-noteref"]') == []
    assert page.find_class("noteref-unlinked")[0].text_content() == "7"


def test_a_note_cited_twice_links_back_to_both_calls_and_labels_are_never_renumbered():
    result = doc(
        para("One.", ref("30", 1), " Two.", ref("31", 1), " Again.", ref("30", 2)),
        notes=[
            note("30", "Thirty.", "ref-30-1", "ref-30-2"),
            note("31", "Thirty-one.", "ref-31-1"),
            note("32", "Never cited."),
        ],
    )
    page = html_of(result)
    assert [e.text_content() for e in page.find_class("note-label")] == ["30", "31", "32"]
    thirty = page.get_element_by_id("note-30")
    assert thirty.get("value") == "30"
    assert [a.get("href") for a in thirty.xpath('.//a[@role="doc-backlink"]')] == ["#ref-30-1", "#ref-30-2"]
    assert page.get_element_by_id("note-32").xpath('.//a[@role="doc-backlink"]') == []


def test_emphasis_and_strong_inside_notes_survive():
    result = doc(
        para("x", ref("1")),
        notes=[note("1", "", "ref-1-1", content=(Emphasis((t("Title"),)), t(", "), Strong((t("bold"),))))],
    )
    page = html_of(result)
    item = page.get_element_by_id("note-1")
    assert item.xpath(".//em")[0].text == "Title" and item.xpath(".//strong")[0].text == "bold"


def test_a_user_stylesheet_is_inlined_after_the_bundled_one(tmp_path):
    css = tmp_path / "mine.css"
    css.write_text("h1.title { color: rebeccapurple; }", encoding="utf-8")
    page = html_of(doc(para("x")), css=css)
    style = page.findtext(".//style")
    assert style.rstrip().endswith("h1.title { color: rebeccapurple; }")
    assert "--navy" in style


def test_a_user_template_can_extend_the_bundled_one(tmp_path):
    template = tmp_path / "mine.html.j2"
    template.write_text(
        '{% extends "brief.html.j2" %}{% block masthead %}<header class="mine">{{ title }}</header>{% endblock %}',
        encoding="utf-8",
    )
    page = html_of(doc(para("Body text."), title="A & B"), template=template)
    assert page.find_class("mine")[0].text_content() == "A & B"
    assert page.find_class("kicker") == []
    assert "Body text." in page.find_class("body")[0].text_content()


def test_the_html_words_of_the_notes_include_their_urls():
    result = doc(
        para("x", ref("1")),
        notes=[note("1", "", "ref-1-1", content=(t("See "), Link("https://example.org/p", (t("https://example.org/p"),))))],
    )
    page = html_of(result)
    assert squash(inline_words(result.document.notes[0].content)) in squash(html_words(page.find_class("notes")[0]))


def test_a_note_call_inside_a_link_does_not_nest_links_and_its_back_link_still_resolves():
    result = doc(
        para(Link("https://example.org/", (t("linked"), ref("1")))),
        notes=[note("1", "Source.", "ref-1-1")],
    )
    page = html_of(result)
    assert page.xpath("//a//a") == []
    back = page.get_element_by_id("note-1").xpath('.//a[@role="doc-backlink"]')[0].get("href")
    assert page.get_element_by_id(back[1:]).text_content() == "1"


# --------------------------------------------------------------------------- properties

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"), min_size=1, max_size=40
).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(_text, min_size=1, max_size=6), _text)
def test_any_text_comes_out_of_the_html_as_the_same_characters_and_never_as_markup(paragraphs, title):
    result = doc(*(para(p) for p in paragraphs), title=title)
    page = html_of(result)
    shown = [p.text_content() for p in page.find_class("body")[0].iter("p")]
    # the same characters, the quotes curled as the typography module curls them
    assert shown == [curl_text(p) for p in paragraphs]
    assert page.findtext(".//title") == curl_text(title)
    assert page.xpath("//body//script|//body//style|//body//img") == []


def test_a_user_template_of_the_same_name_can_still_extend_the_bundled_one(tmp_path):
    template = tmp_path / "brief.html.j2"
    template.write_text(
        '{% extends "briefpress/brief.html.j2" %}{% block notes %}<p class="colophon">Made here.</p>{% endblock %}',
        encoding="utf-8",
    )
    page = html_of(doc(para("Body."), notes=[note("1", "Dropped by the template.")]), template=template)
    assert page.find_class("colophon")[0].text_content() == "Made here."
    assert page.find_class("notes") == []


def test_the_page_tells_the_browser_to_load_nothing(seed):
    _, _, page = seed
    policy = page.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert "default-src 'none'" in policy
    assert "script-src" not in policy and "connect-src" not in policy


def test_a_page_written_beside_its_pdf_links_to_it_even_when_the_capture_promised_none():
    page = html_of(doc(para("Text.")), companion_pdf="brief.pdf")
    links = [(a.text_content(), a.get("href")) for a in page.xpath("//a[@href='brief.pdf']")]
    assert links == [("PDF version", "brief.pdf")]


# --------------------------------------------------------------------------- tables, figures, attributions

from convert.match import find_block, required  # noqa: E402
from convert.model import (  # noqa: E402
    BlockQuote,
    Caption,
    Figure,
    Table,
    TableCell,
    TableRow,
    block_inlines,
)
from convert.verify import check_notes, read_html  # noqa: E402
from convert.words import inline_tokens  # noqa: E402

LONG_CELL = (
    "South-west and the islands, where the cell runs on over several lines of its column "
    "because it says much more than its neighbours do"
)


def cell(*content) -> TableCell:
    return TableCell(tuple(t(c) if isinstance(c, str) else c for c in content))


def row(*cells, header: bool = False) -> TableRow:
    return TableRow(tuple(c if isinstance(c, TableCell) else cell(c) for c in cells), header)


def caption(text: str, label: str | None, *more, below: bool = False) -> Caption:
    return Caption(label, (t(text), *more), below)


def table_doc():
    """A brief with a table (caption above, header row, ragged cells, a note call in a cell, a source below), a figure and an attributed quote."""
    table = Table(
        "table-1",
        (
            row("Region", "Spending", "Change", header=True),
            row("North", cell("£2.1bn", ref("2")), "up sharply"),
            row(LONG_CELL, "£0.9bn", ""),  # (the parser pads a short row with an empty cell)
            row("Wales", cell(Emphasis((t("£1.2bn"),))), "flat"),
        ),
        (
            caption("Table 1: Spending by region", "Table 1"),
            caption("Source: Office for National Statistics.", "Source", ref("3"), below=True),
        ),
    )
    return doc(
        para("Spending rose.", ref("1")),
        table,
        para("After the table."),
        Figure("figure-1", (caption("Figure 1: Map of the regions", "Figure 1"),)),
        BlockQuote((para("We cannot wait any longer."),), (t("Jane Smith, Director of Policy"),)),
        para("The end."),
        notes=[
            note("1", "First source.", "ref-1-1"),
            note("2", "Includes standing charges.", "ref-2-1"),
            note("3", "Rounded to the nearest hundred million.", "ref-3-1"),
        ],
    )


def lost_runs(document, body) -> list[str]:
    """The body's inline runs (paragraphs, captions, every cell) *not* found one after another in ``body``.

    verify's body check (:func:`convert.verify.check_body`), run over every
    run :func:`convert.model.block_inlines` gives, tables included.
    """
    lost, position = [], 0
    for block in document.body:
        for run in block_inlines(block):
            tokens = required(inline_tokens(run))
            if not tokens:
                continue
            found = find_block(tokens, body, position)
            if found.end is None:
                lost.append(inline_text(run))
            else:
                position = found.end
    return lost


def normalised(element) -> str:
    return " ".join(element.text_content().split())


def test_a_table_has_its_caption_above_a_header_row_of_column_headings_and_its_source_below():
    page = html_of(table_doc())
    (figure,) = page.xpath("//figure[contains(@class, 'table')]")
    (table,) = figure.xpath(".//table")
    assert table.get("id") == "table-1"
    assert normalised(table.find("caption")) == "Table 1: Spending by region"
    assert table.xpath("caption//*[@class='caption-label']/text()") == ["Table 1"]
    assert [normalised(th) for th in table.xpath("thead/tr/th")] == ["Region", "Spending", "Change"]
    assert set(table.xpath("thead/tr/th/@scope")) == {"col"}
    body = [[normalised(td) for td in tr.findall("td")] for tr in table.xpath("tbody/tr")]
    assert body == [["North", "£2.1bn2", "up sharply"], [LONG_CELL, "£0.9bn", ""], ["Wales", "£1.2bn", "flat"]]
    assert table.xpath("tbody/tr[3]/td[2]/em/text()") == ["£1.2bn"]
    # the source is the figure's caption, after the table, not a second caption of the table
    (source,) = figure.findall("figcaption")
    assert figure.index(source) == len(figure) - 1 and "table-source" in source.get("class")
    assert normalised(source) == "Source: Office for National Statistics.3"
    assert "Source" not in normalised(table)


@pytest.mark.parametrize("where, label", [("td", "2"), ("figcaption", "3")])
def test_a_note_call_in_a_cell_or_a_caption_links_to_its_note_and_the_note_links_back_to_it(where, label):
    page = html_of(table_doc())
    (call,) = page.xpath(f"//{where}//a[@role='doc-noteref']")
    assert (call.get("href"), call.get("id"), call.text_content()) == (f"#note-{label}", f"ref-{label}-1", label)
    back = page.get_element_by_id(f"note-{label}").xpath(".//a[@role='doc-backlink']/@href")
    assert back == [f"#ref-{label}-1"]


def test_a_table_without_captions_or_header_rows_has_no_empty_caption_or_thead():
    result = doc(Table("table-1", (row("a", "b"), row("c", "d"))))
    (table,) = html_of(result).xpath("//table")
    assert table.xpath("caption|thead|tfoot") == [] and len(table.xpath("tbody/tr/td")) == 4
    assert html_of(result).xpath("//figure[contains(@class, 'table')]/figcaption") == []


@pytest.mark.parametrize(
    "content, labelled",
    [
        ((t("Table 2 – Costs"),), True),
        ((Strong((t("Table 2"),)), t(" – Costs")), False),  # the label already set apart by the capture
        ((t("Costs (see Table 2)"),), False),  # the label is not where the line starts
    ],
)
def test_a_caption_label_is_set_apart_only_where_it_leads_the_line_and_no_word_moves(content, labelled):
    table = Table("table-1", (row("x"),), (Caption("Table 2", content),))
    (caption_element,) = html_of(doc(table)).xpath("//caption")
    assert normalised(caption_element) == inline_text(content)
    assert caption_element.xpath(".//*[@class='caption-label']/text()") == (["Table 2"] if labelled else [])


def test_a_figure_is_its_caption_in_a_figure_with_the_figure_id():
    page = html_of(table_doc())
    figure = page.get_element_by_id("figure-1")
    assert figure.tag == "figure" and [c.tag for c in figure] == ["figcaption"]
    assert normalised(figure) == "Figure 1: Map of the regions"
    assert figure.xpath(".//*[@class='caption-label']/text()") == ["Figure 1"]


def test_a_quote_attribution_is_the_quote_footer_with_the_captures_words_and_its_dash_drawn_by_css():
    page = html_of(table_doc())
    (quote,) = page.xpath("//blockquote")
    assert [p.text_content() for p in quote.findall("p")] == ["We cannot wait any longer."]
    (footer,) = quote.findall("footer")
    assert footer.text_content() == "Jane Smith, Director of Policy"  # no dash in the text
    style = page.findtext(".//style")
    assert re.search(r"\.attribution::before\s*\{\s*content:\s*\"\\2014", style)


def test_a_quote_without_attribution_has_no_footer():
    page = html_of(doc(BlockQuote((para("Quoted."),))))
    assert page.xpath("//blockquote/footer") == []


def test_the_html_of_tables_figures_and_quotes_verifies_every_word_and_note():
    result = table_doc()
    back = read_html(render_html(result, RenderOptions()).data)
    assert lost_runs(result.document, back.body) == []
    assert check_notes(result.document, back)[1] == []
    assert back.broken_links == []


# --------------------------------------------------------------------------- landmarks, validity, fonts


def test_the_brief_is_the_pages_main_landmark_and_its_sections_are_not_landmarks(seed):
    _, _, page = seed
    assert len(page.xpath("//main")) == 1
    assert page.xpath("//main/article[@class='brief']//header[@class='masthead']")
    assert page.xpath("//section[not(contains(@class, 'notes'))][@aria-labelledby]") == []
    # DPUB-ARIA 1.1 deprecates doc-endnote: a note is a plain item of the doc-endnotes list
    assert page.xpath("//*[@role='doc-endnote']") == []
    assert page.xpath("//section[@role='doc-endnotes']//li[@id]")


def test_headings_that_skip_a_level_in_the_capture_make_an_outline_without_gaps():
    page = html_of(doc(heading("Starts at two", "two", level=2), para("a"), heading("One", "one", level=1),
                       heading("Three under one", "three", level=3), para("b")))
    assert [(h.tag, h.get("id")) for h in page.xpath("//main//h2|//main//h3|//main//h4")] == [
        ("h2", "two"), ("h2", "one"), ("h3", "three")]
    assert [s.get("class") for s in page.xpath("//main//section")] == ["level-2", "level-1", "level-3"]


def test_an_address_a_checker_would_refuse_is_percent_encoded_in_the_href_only():
    url = "https://example.gov/practices/#add-a-contact]{.ul"
    page = html_of(doc(para("See ", Link(url, (t(url),)), ".")))
    a = page.xpath("//main//p/a")[0]
    assert a.get("href") == "https://example.gov/practices/#add-a-contact%5D%7B.ul"
    assert a.text_content() == url
    plain = "https://example.org/a?b=c&d=e#f"
    assert html_of(doc(para(Link(plain, (t("here"),))))).xpath("//main//p/a/@href") == [plain]


def test_a_field_without_a_name_is_a_line_of_its_own_not_a_definition_without_a_term():
    from dataclasses import replace

    from convert.model import Field

    result = doc(para("Body."))
    meta = replace(result.document.meta, fields=(Field("Status", "Final"), Field("", "DOCKET NO. 1")))
    page = html_of(replace(result, document=replace(result.document, meta=meta)))
    fields = page.find_class("fields")[0]
    assert [(e.tag, e.text_content()) for e in fields] == [("dl", "StatusFinal"), ("p", "DOCKET NO. 1")]


def test_the_page_carries_its_fonts_subset_to_its_own_characters(seed):
    import base64
    import io

    from fontTools.ttLib import TTFont

    _, data, page = seed
    styles = " ".join(s.text_content() for s in page.iter("style"))
    faces = re.findall(r"@font-face\s*\{([^}]*)\}", styles)
    assert {(re.search(r'font-family: "([^"]+)"', f).group(1), re.search(r"font-weight: (\d+)", f).group(1))
            for f in faces} >= {("Source Serif Pro", "400"), ("Source Serif Pro", "600"),
                                ("Source Sans Pro", "400"), ("Source Sans Pro", "600")}
    text = page.xpath("//body")[0].text_content()
    for face in faces:
        b64 = re.search(r"data:font/woff2;base64,([A-Za-z0-9+/=]+)", face).group(1)
        font = TTFont(io.BytesIO(base64.b64decode(b64)))
        cmap = set(font.getBestCmap())
        assert len(cmap) < 400  # a subset, not the font's 1,900 glyphs
        assert {ord(c) for c in text if c.isalpha()} <= cmap | {ord(c) for c in text if ord(c) > 0xFFFF}
        assert "SIL Open Font License" in font["name"].getDebugName(13)
    assert len(data) < 160_000  # (the seed's page was 55 kB before its fonts; about 45 kB of fonts)


def test_two_renders_of_the_page_are_the_same_bytes_fonts_included(seed):
    result, _, _ = seed
    options = RenderOptions(source_date_epoch=1_700_000_000)
    assert render_html(result, options).data == render_html(result, options).data
