"""The two sample captures, parsed whole: the counts the foundation issue names, and goldens."""

from __future__ import annotations

import json
import os

import pytest

from convert.model import Link, Note, Strong, Text, block_inlines, inline_text, iter_note_refs
from convert.modeljson import ModelJSONError, from_json, to_json
from convert.parse import parse_file

from .helpers import ROOT, SEED_WITH_URLS, SEED_WITHOUT_URLS, SEEDS, codes, headings, lists, lost_words

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.stem)
def seed(request):
    return request.param, parse_file(request.param)


def test_each_seed_has_title_kicker_and_one_author_with_role(seed):
    _, result = seed
    meta = result.document.meta
    assert meta.kicker and len(meta.kicker.split()) == 1
    assert meta.title and len(meta.title.split()) > 5
    assert len(meta.authors) == 1
    author = meta.authors[0]
    assert author.name.istitle() and "_" not in author.name
    assert author.role and "," in author.role
    assert meta.image_caption


def test_each_seed_has_six_headings_and_the_expected_counts(seed):
    _, result = seed
    from convert.inspect import counts

    c = counts(result)
    assert len(headings(result)) == 6
    assert (c["paragraphs"], c["numbered_items"], c["bullet_items"]) == (27, 5, 9)
    assert (c["footnotes"], c["footnote_refs"]) == (32, 30)


def test_notes_keep_their_labels_and_28_and_29_are_reported_uncited(seed):
    _, result = seed
    notes = result.document.notes
    assert [n.label for n in notes] == [str(i) for i in range(1, 33)]
    uncited = [n.label for n in notes if not n.referenced]
    assert uncited == ["28", "29"]
    reported = {d.message for d in result.diagnostics if d.code == "unreferenced-note"}
    assert any("[28]" in m for m in reported) and any("[29]" in m for m in reported)
    cited_labels = [r.label for r in iter_note_refs(result.document)]
    assert cited_labels == [str(i) for i in range(1, 28)] + ["30", "31", "32"]


def test_every_note_call_points_at_its_note_and_back(seed):
    _, result = seed
    doc = result.document
    by_id = doc.note_by_id()
    for ref in iter_note_refs(doc):
        note = by_id[ref.note_id]
        assert note.label == ref.label and ref.id in note.ref_ids


def test_the_ordered_list_keeps_its_start_and_bullets_get_lead_ins(seed):
    _, result = seed
    ordered, bullets = lists(result)
    assert ordered.start == 1 and len(ordered.items) == 5
    assert all(isinstance(item.content[0], Strong) for item in bullets.items)
    lead = inline_text(bullets.items[0].content[:1])
    assert lead.endswith(".") and len(lead.split()) < 12


def test_the_figure_the_capture_lacks_is_reported(seed):
    _, result = seed
    assert "missing-figure" in codes(result)


def test_no_word_of_a_seed_is_lost(seed):
    path, result = seed
    assert not lost_words(path.read_text(encoding="utf-8"), result)


def test_the_two_seeds_give_the_same_model_apart_from_urls_and_the_pdf_link():
    with_urls = parse_file(SEED_WITH_URLS).document
    without = parse_file(SEED_WITHOUT_URLS).document
    assert [l.kind for l in with_urls.meta.links] == ["pdf", "pdf"]
    assert without.meta.links == ()
    assert with_urls.body == without.body
    assert with_urls.meta.title == without.meta.title and with_urls.meta.authors == without.meta.authors

    def without_links(note: Note) -> str:
        text = "".join(n.text for n in note.content if isinstance(n, Text))
        return " ".join(text.replace(" .", ".").replace(", .", ".").split()).replace(",.", ".").rstrip(",. ")

    assert [without_links(n) for n in with_urls.notes] == [inline_text(n.content).rstrip(". ") for n in without.notes]
    links = [n for note in with_urls.notes for n in note.content if isinstance(n, Link)]
    assert len(links) == 30 and all(l.url.startswith("https://") for l in links)
    assert not any(isinstance(n, Link) for note in without.notes for n in note.content)


def test_stripped_urls_are_reported_for_the_seed_that_lost_them():
    result = parse_file(SEED_WITHOUT_URLS)
    assert codes(result).count("stripped-url") == 30
    assert "stripped-url" not in codes(parse_file(SEED_WITH_URLS))
    for note in result.document.notes:
        text = inline_text(note.content)
        assert ", ." not in text and not text.endswith(" .")


def test_the_pdf_promise_is_recorded_as_a_link_not_body_text():
    result = parse_file(SEED_WITH_URLS)
    assert [l.line for l in result.document.meta.links] == [8, 92]
    assert "pdf-link-lost" in codes(result)
    link_text = result.document.meta.links[0].text
    body_text = [inline_text(c) for b in result.document.body for c in block_inlines(b)]
    assert link_text not in body_text


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_model_matches_its_golden_file(path):
    """The whole-document golden: regenerate with BRIEFPRESS_UPDATE_GOLDEN=1 after a deliberate change."""
    result = parse_file(path)
    golden = GOLDEN / f"{path.stem}.model.json"
    text = to_json(result)
    if os.environ.get("BRIEFPRESS_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_model_json_round_trips(path):
    result = parse_file(path)
    text = to_json(result)
    again = from_json(text)
    assert again == result
    assert to_json(again) == text
    assert json.loads(text)["format"] == "briefpress-model/2"


@pytest.mark.parametrize("path", SEEDS[:1], ids=lambda p: p.stem)
def test_a_version_1_model_still_reads(path):
    # Version 2 only added node types; a model written by version 1 reads as the same document.
    result = parse_file(path)
    old = to_json(result).replace('"format": "briefpress-model/2"', '"format": "briefpress-model/1"', 1)
    assert from_json(old) == result
    with pytest.raises(ModelJSONError):
        from_json(old.replace("briefpress-model/1", "briefpress-model/9", 1))
