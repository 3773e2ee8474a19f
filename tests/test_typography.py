"""Typographic quotes: straight quotes print curly in every format the reader sees, the model keeps the capture's.

The rules (convert/render/typography.py) are pandoc's ``smart`` extension:
opening or closing by what stands before and after, the apostrophe inside
words, primes after digits left alone, never in a URL or in code.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from convert.model import Emphasis, Link, Note, Strong, Text
from convert.parse import parse_file
from convert.render import RenderOptions, get_renderer
from convert.render.typography import CurledRun, curl_inlines, curl_text
from convert.verify import check
from convert.words import text_words
from tests.helpers import ROOT, SEEDS
from tests.render_helpers import doc, para, ref


@pytest.mark.parametrize(
    "source, shown",
    [
        ('He said "no" and left.', "He said “no” and left."),
        ("don't, l'accès, PEP 581's acceptance", "don’t, l’accès, PEP 581’s acceptance"),
        ("Then it 'resets' the batch.", "Then it ‘resets’ the batch."),
        ("the Board of Veterans' Appeals", "the Board of Veterans’ Appeals"),
        ("music of the '90s", "music of the ’90s"),
        ("impairment in 'most areas.'\" Then", "impairment in ‘most areas.’” Then"),
        ('("quoted")', "(“quoted”)"),
        ('a "quote"[12], "another"', "a “quote”[12], “another”"),
        ("a quote in the year \"2020\" closes", "a quote in the year “2020” closes"),
    ],
)
def test_straight_quotes_become_curly_by_what_stands_around_them(source, shown):
    assert curl_text(source) == shown


@pytest.mark.parametrize(
    "source",
    [
        "a 5'6\" man beside a 12\" pipe",  # feet and inches: primes, not quotes
        'a lone " between spaces',
        "see https://example.org/it's?q=\"x\" now",
        "write to jane.o'neil@example.org",
        'the call person("Scott", "Chamberlain", role = c("aut"))',
        'config user.email = "jane@example.org"',
        ' [1] "aut" "com" "ctr"',
        '"v=DMARC1; p=none; rua=mailto:reports@example.gov;"',
        'git config user.email "prenom.nom@ministere.gouv.fr"',
        "run `grep 'x' \"y\"` here",
    ],
)
def test_primes_urls_and_code_keep_their_straight_quotes(source):
    kept = [c for c in source if c in "'\""]
    assert [c for c in curl_text(source) if c in "'\""] == kept or source.startswith("run `")
    if source.startswith("run `"):
        assert "`grep 'x' \"y\"`" in curl_text(source)


def test_the_marks_follow_the_documents_language():
    assert curl_text('il dit "non" aujourd\'hui', "fr") == "il dit «\u00a0non\u00a0» aujourd’hui"
    assert curl_text('er sagt "nein" und \'ja\'', "de-AT") == "er sagt „nein“ und ‚ja‘"
    assert curl_text('dice "no"', "it") == "dice “no”"


def test_a_quote_opened_in_one_text_node_closes_in_the_next():
    run = (Text('He said "'), Emphasis((Text("never"),)), Text('" and left; it\'s'), ref("1"))
    curled = curl_inlines(run)
    assert curled == (Text("He said “"), Emphasis((Text("never"),)), Text("” and left; it’s"), ref("1"))
    assert curl_inlines(curled) is curled  # a renderer's walk into a curled run's children changes nothing


def test_a_link_whose_text_is_its_address_is_never_touched():
    url = "https://example.org/o'neil\"s"
    run = (Text("see '"), Link(url, (Text(url),)), Text("'"), Strong((Text("isn't"),)))
    curled = curl_inlines(run)
    assert curled[1] == Link(url, (Text(url),))
    assert curled[0] == Text("see ‘") and curled[2] == Text("’") and curled[3] == Strong((Text("isn’t"),))
    assert isinstance(curled, CurledRun)


def test_curly_and_straight_quotes_are_the_same_words():
    assert text_words("“don’t” ‘x’ «\u202fy\u202f» „z“") == text_words("\"don't\" 'x' \"y\" \"z\"")


QUOTED = doc(
    para('She wrote "the Board\'s view" in the \'90s', ref("1")),
    notes=[Note("1", "note-1", (Text('Cited as "final."'),), ("ref-1-1",))],
    title='The "Nosy" List',
)


def _formats():
    html = get_renderer("html")(QUOTED, RenderOptions()).data.decode()
    md = get_renderer("md")(QUOTED, RenderOptions()).data.decode()
    with zipfile.ZipFile(io.BytesIO(get_renderer("docx")(QUOTED, RenderOptions()).data)) as z:
        docx_xml = z.read("word/document.xml").decode() + z.read("word/footnotes.xml").decode()
    model = get_renderer("json")(QUOTED, RenderOptions()).data.decode()
    return html, md, docx_xml, model


def test_every_format_a_reader_sees_prints_curly_quotes_and_the_model_keeps_the_capture():
    html, md, docx_xml, model = _formats()
    for shown in (html, md, docx_xml):
        assert "“the Board’s view” in the ’90s" in shown
        assert "Cited as “final.”" in shown
    assert "The “Nosy” List" in html and "The “Nosy” List" in md and "The “Nosy” List" in docx_xml
    body = json.loads(model)["document"]["body"][0]["content"][0]["text"]
    assert body == 'She wrote "the Board\'s view" in the \'90s'


def test_the_pdf_prints_curly_quotes():
    pdf = get_renderer("pdf")(QUOTED, RenderOptions()).data
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "“the Board’s view”" in text and "’90s" in text


@pytest.mark.parametrize("fmt", ["html", "md", "docx"])
def test_verify_takes_curly_quotes_for_the_straight_ones_of_the_capture(fmt):
    result = parse_file(SEEDS[0])
    data = get_renderer(fmt)(result, RenderOptions()).data
    assert "’" in data.decode("utf-8", "replace") or fmt == "docx"
    checks, problems = check(result.document, fmt, data)
    assert problems == [] and checks


def test_the_seeds_print_no_straight_quote_outside_urls():
    from lxml import html as lxml_html

    for seed in SEEDS:
        page = lxml_html.fromstring(get_renderer("html")(parse_file(seed), RenderOptions()).data)
        for element in page.iter("p", "li", "h1", "h2", "h3"):
            text = "".join(t for t in element.itertext())
            for url in element.xpath(".//a/@href"):
                text = text.replace(url, "")
            assert "'" not in text and '"' not in text, (seed.name, text[:120])


def test_the_corpus_keeps_the_straight_quotes_of_its_code():
    result = parse_file(ROOT / "tests" / "corpus" / "ropensci-revisores-pt.txt")
    md = get_renderer("md")(result, RenderOptions()).data.decode()
    assert 'person("Scott", "Chamberlain"' in md
    assert "“Revisor(a)”" in md
