"""Captures nobody here has seen: one small capture per rule of the parser."""

from __future__ import annotations

import json

from convert.inspect import counts
from convert.model import BlockQuote, BulletList, Link, OrderedList, Strong, inline_text, iter_note_refs
from convert.modeljson import from_json, to_json
from convert.parse import parse_text

from .helpers import NESTED, capture, codes, headings, lists, lost_words, paragraphs

LONG = (
    "The committee met on four occasions over the spring and heard evidence from officials, "
    "academics and members of the public before agreeing its findings."
)


# --------------------------------------------------------------------------- front matter


def test_a_by_line_with_two_authors_and_a_date_line():
    result = capture(
        f"""
        Analysis
        Water Security in the Sahel After the Drought
        By Amina Diallo and Peter Okafor
        14 March 2023

        Background

        {LONG}
        """
    )
    meta = result.document.meta
    assert meta.kicker == "Analysis"
    assert meta.title == "Water Security in the Sahel After the Drought"
    assert [a.name for a in meta.authors] == ["Amina Diallo", "Peter Okafor"]
    assert meta.date == "14 March 2023" and meta.date_iso == "2023-03-14"
    assert headings(result) == ["Background"]


def test_a_title_without_kicker_and_an_american_date():
    result = capture(
        f"""
        How Municipal Bonds Price Climate Risk
        Published: September 5, 2021

        {LONG}
        """
    )
    meta = result.document.meta
    assert meta.kicker is None
    assert meta.title == "How Municipal Bonds Price Climate Risk"
    assert meta.date_iso == "2021-09-05"


def test_slugged_authors_each_with_a_role_and_a_caption():
    result = capture(
        f"""
        Commentary
        The Quiet Return of Industrial Policy
        maria_gonzalez
        maria_gonzalez
        Director, Trade Programme
        tom_baker
        Research Associate
        Container ship at dawn

        {LONG}
        """
    )
    meta = result.document.meta
    assert [(a.name, a.role) for a in meta.authors] == [
        ("Maria Gonzalez", "Director, Trade Programme"),
        ("Tom Baker", "Research Associate"),
    ]
    assert meta.image_caption == "Container ship at dawn"


def test_a_kicker_alone_then_a_title_across_a_blank_line():
    result = capture(
        f"""
        Brief

        Rethinking Deterrence in an Age of Cheap Drones

        By Sam Lee

        {LONG}
        """
    )
    assert result.document.meta.kicker == "Brief"
    assert result.document.meta.title == "Rethinking Deterrence in an Age of Cheap Drones"
    assert result.document.meta.authors[0].name == "Sam Lee"


def test_a_capture_with_no_title_falls_back_to_the_file_name_and_says_so():
    result = capture(f"{LONG}\n\n{LONG}\n", name="report-17.txt")
    assert result.document.meta.title == "report-17"
    assert "no-title" in codes(result)
    assert len(paragraphs(result)) == 2


def test_a_download_line_is_a_link_wherever_it_stands():
    result = capture(
        f"""
        A Short Title About Ports

        Download the full report (PDF)

        {LONG}

        Read the full report
        """
    )
    links = result.document.meta.links
    assert [(l.text, l.kind) for l in links] == [
        ("Download the full report (PDF)", "pdf"),
        ("Read the full report", "other"),
    ]
    assert paragraphs(result) == [LONG]


# --------------------------------------------------------------------------- headings


def test_title_case_and_sentence_case_headings():
    result = capture(
        f"""
        The State of Rural Broadband

        What we found

        {LONG}

        Policy Options for the Next Parliament

        {LONG}

        Why does coverage still lag?

        {LONG}
        """
    )
    assert headings(result) == ["What we found", "Policy Options for the Next Parliament", "Why does coverage still lag?"]


def test_a_short_sentence_with_a_full_stop_is_a_paragraph_not_a_heading():
    result = capture(
        f"""
        The State of Rural Broadband

        {LONG}

        That was the easy part.

        {LONG}
        """
    )
    assert headings(result) == []
    assert "That was the easy part." in paragraphs(result)


def test_a_heading_with_no_blank_line_before_its_paragraph():
    result = capture(
        f"""
        The State of Rural Broadband

        Summary
        {LONG}
        """
    )
    assert headings(result) == ["Summary"]
    assert paragraphs(result) == [LONG]


def test_a_report_with_no_headings_is_all_paragraphs():
    result = capture(
        f"""
        An Essay on Walking

        {LONG}

        {LONG}
        """
    )
    assert headings(result) == [] and len(paragraphs(result)) == 2


def test_all_caps_headings_outrank_mixed_case_ones():
    result = capture(
        f"""
        Annual Review

        PART ONE

        {LONG}

        The first finding

        {LONG}
        """
    )
    levels = [b.level for b in result.document.body if hasattr(b, "level")]
    assert levels == [1, 2]


def test_repeated_headings_get_distinct_stable_ids():
    result = capture(
        f"""
        Two Cities

        Overview

        {LONG}

        Overview

        {LONG}
        """
    )
    ids = [b.id for b in result.document.body if hasattr(b, "level")]
    assert ids == ["overview", "overview-2"]


def test_a_photo_credit_is_not_a_heading():
    result = capture(
        f"""
        Two Cities

        {LONG}

        Photo: Jane Smith for the Institute

        {LONG}
        """
    )
    assert headings(result) == []


# --------------------------------------------------------------------------- paragraphs and lists


def test_a_hard_wrapped_paragraph_is_one_paragraph():
    result = capture(
        """
        A Wrapped Report

        The committee met on four occasions over the spring and heard
        evidence from officials, academics and members of the public
        before agreeing its findings in a short session.
        """
    )
    assert len(paragraphs(result)) == 1
    assert paragraphs(result)[0].startswith("The committee met") and "heard evidence" in paragraphs(result)[0]


def test_dash_star_and_en_dash_bullets_are_lists():
    for marker in ["-", "*", "–", "•"]:
        result = capture(
            f"""
            A Report

            {LONG}

            {marker} first point about the budget
            {marker} second point about the budget
            """
        )
        (only,) = lists(result)
        assert isinstance(only, BulletList) and len(only.items) == 2, marker


def test_an_ordered_list_keeps_its_start_number():
    result = capture(
        f"""
        A Report

        {LONG}

          3. Third recommendation in full.
          4. Fourth recommendation in full.
        """
    )
    (only,) = lists(result)
    assert isinstance(only, OrderedList) and only.start == 3 and len(only.items) == 2


def test_items_separated_by_blank_lines_are_still_one_list():
    result = capture(
        f"""
        A Report

        {LONG}

        1. First.

        2. Second.

        3. Third.
        """
    )
    (only,) = lists(result)
    assert [inline_text(i.content) for i in only.items] == ["First.", "Second.", "Third."]


def test_a_bullet_lead_in_is_strong_only_when_every_item_has_one():
    result = capture(
        f"""
        A Report

        {LONG}

          • Fund the archive. It holds the only copies of the council's minutes since 1950 and needs a roof.
          • Hire a conservator. Nobody on staff can repair bindings or treat mould, and the backlog grows.

        {LONG}

          • apples
          • Pears. Lots of pears.
        """
    )
    with_lead, without = lists(result)
    assert all(isinstance(i.content[0], Strong) for i in with_lead.items)
    assert inline_text(with_lead.items[0].content[:1]) == "Fund the archive."
    assert not any(isinstance(n, Strong) for i in without.items for n in i.content)


def test_a_lead_in_is_not_cut_at_an_abbreviation():
    result = capture(
        f"""
        A Report

        {LONG}

          • Engage the U.S. Congress early. Committees set the appropriations calendar and staff turn over often.
          • Brief Dr. Patel's team this month. They draft the guidance that departments follow when they procure.
        """
    )
    (only,) = lists(result)
    assert inline_text(only.items[0].content[:1]) == "Engage the U.S. Congress early."
    assert inline_text(only.items[1].content[:1]) == "Brief Dr. Patel's team this month."


def _items(block) -> list[str]:
    return [inline_text(i.content) for i in block.items]


def test_bullets_indented_under_numbered_items_are_their_sub_lists_two_levels_deep():
    result = parse_text(NESTED, "nested.txt")
    (only,) = lists(result)
    assert isinstance(only, OrderedList) and only.start == 1
    assert _items(only) == [
        "Fund the archive properly over the next five years.",
        "Open the archive to the public.",
        "Report back to the committee within a year.",
    ]
    fund, open_, report = only.items
    (bullets,) = fund.children
    assert isinstance(bullets, BulletList)
    assert _items(bullets) == ["Repair the roof of the reading room.", "Hire a conservator for the bindings."]
    assert bullets.items[0].children == ()
    (deeper,) = bullets.items[1].children
    assert isinstance(deeper, BulletList) and _items(deeper) == ["Start with the council minutes.", "Then the parish maps."]
    (letters,) = open_.children
    assert isinstance(letters, OrderedList) and letters.style == "lower-alpha" and letters.start == 1
    assert _items(letters) == ["On weekdays from nine.", "On the first Saturday of each month."]
    assert report.children == ()
    # the text around the list is untouched, and nothing is lost
    assert len(paragraphs(result)) == 2
    assert lost_words(NESTED, result) <= {"by", "b"}  # the byline's "by" and a list letter are structure


def test_a_note_call_in_a_sub_item_is_linked_to_its_note():
    result = parse_text(NESTED, "nested.txt")
    (call,) = iter_note_refs(result.document)
    (note,) = result.document.notes
    assert call.note_id == note.id and note.ref_ids == (call.id,)
    assert codes(result) == []


def test_nested_items_are_counted_with_their_kind():
    found = counts(parse_text(NESTED, "nested.txt"))
    assert (found["numbered_items"], found["bullet_items"]) == (3 + 2, 4)


def test_a_nested_list_round_trips_through_model_json_and_writes_children_only_where_there_are_some():
    result = parse_text(NESTED, "nested.txt")
    text = to_json(result)
    assert from_json(text) == result and to_json(from_json(text)) == text
    (ordered,) = [b for b in json.loads(text)["document"]["body"] if b["type"] == "ordered_list"]
    fund, open_, report = ordered["items"]
    assert fund["children"][0]["type"] == "bullet_list" and open_["children"][0]["style"] == "lower-alpha"
    assert isinstance(report, list)  # an item with no sub-list is its inlines, as before items could nest


def test_a_list_whose_numbers_do_not_run_on_after_a_sub_list_starts_anew():
    result = capture(
        f"""
        A Report

        {LONG}

          1. First recommendation in full.
            • a point under it
          5. Fifth recommendation in full.
        """
    )
    first, fifth = lists(result)
    assert (first.start, _items(first), fifth.start, _items(fifth)) == (
        1, ["First recommendation in full."], 5, ["Fifth recommendation in full."]
    )
    assert _items(first.items[0].children[0]) == ["a point under it"]


def test_bullets_with_another_marker_start_another_sub_list_under_the_same_item():
    result = capture(
        f"""
        A Report

        {LONG}

          1. First recommendation in full.
            • a dot
            • another dot
            - a dash
          2. Second recommendation in full.
        """
    )
    (only,) = lists(result)
    assert [_items(b) for b in only.items[0].children] == [["a dot", "another dot"], ["a dash"]]
    assert _items(only) == ["First recommendation in full.", "Second recommendation in full."]


def test_a_deeper_item_with_no_item_above_it_opens_a_list_at_the_top():
    # (the labeller gives a run's first item depth 1, so this is the builder's rule alone)
    from convert.parse.build import _Item, _nest

    def item(depth: int, number: int) -> _Item:
        return _Item("ordered", ".", number, "decimal", depth, [])

    deep, shallow = _nest([item(2, 1), item(1, 2)])
    assert [i.depth for i in deep] == [2] and [i.depth for i in shallow] == [1]
    assert deep[0].sublists == [] and shallow[0].sublists == []


def test_quoted_lines_are_a_block_quote():
    result = capture(
        f"""
        A Report

        {LONG}

        > We shall not flag or fail.
        > We shall go on to the end.
        """
    )
    quotes = [b for b in result.document.body if isinstance(b, BlockQuote)]
    assert len(quotes) == 1 and "flag or fail" in inline_text(quotes[0].content[0].content)


# --------------------------------------------------------------------------- notes


def test_bracket_markers_after_punctuation_quotes_glued_and_in_a_row():
    result = capture(
        """
        A Report

        Rates rose sharply.[1] He called it “a disaster.”[2] Prices[3][4] moved.[5]Traders panicked.

        [1] First source.
        [2] Second source.
        [3] Third source.
        [4] Fourth source.
        [5] Fifth source.
        """
    )
    refs = list(iter_note_refs(result.document))
    assert [r.label for r in refs] == ["1", "2", "3", "4", "5"]
    text = inline_text(result.document.body[0].content)
    assert "moved. Traders" in text  # the space the capture lost after a glued call


def test_notes_under_a_notes_heading_written_as_a_numbered_list():
    result = capture(
        f"""
        A Report

        {LONG}[1] More text follows here.[2]

        Notes

        1. Author One, Book Title (London: Press, 2001), 12.
        2. Author Two, “Article,” Journal 4 (2019): 5–9.
        """
    )
    doc = result.document
    assert doc.notes_title == "Notes"
    assert [n.label for n in doc.notes] == ["1", "2"]
    assert all(n.referenced for n in doc.notes)
    assert lists(result) == []


def test_endnotes_heading_with_bracket_labels_and_references_with_bare_numbers():
    for heading, first, second in [("Endnotes", "[1]", "[2]"), ("References", "1", "2")]:
        result = capture(
            f"""
            A Report

            {LONG}[1] And more.[2]

            {heading}

            {first} Source one, 2020.
            {second} Source two, 2021.
            """
        )
        assert result.document.notes_title == heading
        assert [n.label for n in result.document.notes] == ["1", "2"], heading


def test_superscript_markers_become_calls_but_units_stay_text():
    result = capture(
        """
        A Report

        The site covers 40 km² of wetland.¹ Its value is disputed.²

        Notes

        ¹ Survey data, 2020.
        ² Ministry estimate.
        """
    )
    refs = list(iter_note_refs(result.document))
    assert [r.label for r in refs] == ["1", "2"]
    assert "km²" in inline_text(result.document.body[0].content)


def test_a_note_running_over_blank_lines_with_its_url_alone_and_its_title_broken():
    result = capture(
        f"""
        A Report

        {LONG}[1]

        [1] Jane Roe, “The Long Title of a Report on

        Coastal Flooding,” Agency, May 2022: 7,

        https://example.org/flood.pdf.
        """
    )
    (note,) = result.document.notes
    text = inline_text(note.content)
    assert "Report on Coastal Flooding" in text
    links = [n for n in note.content if isinstance(n, Link)]
    assert [l.url for l in links] == ["https://example.org/flood.pdf"]
    assert text.endswith("flood.pdf.")


def test_the_residue_of_stripped_urls_is_cleaned_and_reported():
    result = capture(
        f"""
        A Report

        {LONG}[1][2][3]

        [1] Source one, May 2022, .
        [2]Source two, June 2022,.
        [3] Source three, 2021 .
        """
    )
    assert [inline_text(n.content) for n in result.document.notes] == [
        "Source one, May 2022.",
        "Source two, June 2022.",
        "Source three, 2021.",
    ]
    assert codes(result).count("stripped-url") == 3


def test_only_http_and_mailto_become_links():
    result = capture(
        f"""
        A Report

        {LONG}[1]

        [1] See https://example.org/a_(b), mailto:press@example.org and javascript:alert(1) or ftp://x.y/z.
        """
    )
    links = [n.url for n in result.document.notes[0].content if isinstance(n, Link)]
    assert links == ["https://example.org/a_(b)", "mailto:press@example.org"]


def test_missing_duplicate_and_out_of_order_notes_are_reported_and_kept():
    result = capture(
        f"""
        A Report

        {LONG}[1] Then[2] and[9].

        [1] One.
        [3] Three.
        [2] Two.
        [3] Three again.
        """
    )
    c = codes(result)
    assert "missing-note" in c and "note-out-of-order" in c and "duplicate-note-label" in c
    assert [n.label for n in result.document.notes] == ["1", "3", "2", "3"]
    refs = {r.label: r for r in iter_note_refs(result.document)}
    assert refs["9"].note_id is None
    assert len({n.id for n in result.document.notes}) == 4


def test_uncited_notes_are_kept_with_their_labels():
    result = capture(
        f"""
        A Report

        {LONG}[1] Later[4].

        [1] One.
        [2] Two.
        [3] Three.
        [4] Four.
        """
    )
    doc = result.document
    assert [(n.label, n.referenced) for n in doc.notes] == [("1", True), ("2", False), ("3", False), ("4", True)]
    assert codes(result).count("unreferenced-note") == 2


def test_a_report_with_no_notes():
    result = capture(
        f"""
        A Report

        {LONG}

        Conclusion

        {LONG}
        """
    )
    assert result.document.notes == () and list(iter_note_refs(result.document)) == []
    assert headings(result) == ["Conclusion"]


def test_a_copyright_line_after_the_notes_is_kept_as_furniture_not_printed():
    result = capture(
        f"""
        A Report

        {LONG}[1]

        [1] One source, 2020.

        © 2023 The Institute. All rights reserved.
        """
    )
    doc = result.document
    assert inline_text(doc.notes[0].content) == "One source, 2020."
    assert not any(p.startswith("©") for p in paragraphs(result))
    assert [(f.text, f.where) for f in doc.furniture] == [("© 2023 The Institute. All rights reserved.", "back")]
    assert codes(result).count("page-furniture") == 1


def test_a_section_after_the_notes_is_kept_in_the_body():
    result = capture(
        f"""
        A Report

        {LONG}[1]

        References

        [1] One source, 2020.

        Appendix

        {LONG}
        """
    )
    assert headings(result) == ["Appendix"]
    assert paragraphs(result)[-1] == LONG
    assert "text-after-notes" in codes(result)


def test_a_reference_to_a_missing_chart_is_reported_with_its_line():
    result = capture(
        """
        A Report

        Exports fell by half (see chart below) in the first quarter.
        """
    )
    (diag,) = [d for d in result.diagnostics if d.code == "missing-figure"]
    assert diag.line == 3


def test_no_word_is_lost_in_a_busy_capture():
    source = f"""
        Reports
        A Busy Capture With Everything In It
        by Ann Other & Bo Ring
        June 2, 2020
        Download PDF

        Intro

        {LONG}[1] Glued[2]word.

          1. One item.
          2. Two item.

        - bullet one
        - bullet two

        Notes:

        [1] A note, https://example.org/x.
        [2] Another note ,.
        """
    result = capture(source)
    assert lost_words(source, result) <= {"by"}  # the byline's "by" is structure, as a list marker is


# --------------------------------------------------------------------------- regressions found by the per-rule fixtures

_P = (
    "The council has asked the three towns to agree a common timetable for the late buses before the end "
    "of the year, and to share the cost of the drivers between them."
)


def test_a_lettered_list_goes_on_through_c_and_v():
    result = capture(f"Grants for Small Halls\n\n{_P}\n\n  a) repairs to the roof;\n  b) new heating;\n  c) new doors.\n\n{_P}\n")
    (lettered,) = lists(result)
    assert isinstance(lettered, OrderedList) and lettered.style == "lower-alpha" and len(lettered.items) == 3


def test_a_link_line_with_a_file_size_is_a_link():
    result = capture(f"Night Buses\n\nBy Ana Ruiz-Castro\n\nView the full report (PDF, 1.2 MB)\n\n{_P}\n")
    assert [l.text for l in result.document.meta.links] == ["View the full report (PDF, 1.2 MB)"]
    assert headings(result) == []


def test_a_long_deck_sentence_over_a_byline_is_the_deck():
    deck = "Why the last buses of the night matter more than their passenger numbers suggest."
    result = capture(f"Night Buses\n\n{deck}\n\nBy Nadia Ferreira-Kuhn\n\n{_P}\n")
    meta = result.document.meta
    assert meta.subtitle == deck and [a.name for a in meta.authors] == ["Nadia Ferreira-Kuhn"]


def test_a_role_line_with_the_body_right_under_it_is_the_author_s_role():
    result = capture(f"Island Ferries\n\nBy Ewan MacAskill-Trent\n\nSenior Research Fellow, Centre for Island Studies\n\n{_P}\n")
    (author,) = result.document.meta.authors
    assert author.role == "Senior Research Fellow, Centre for Island Studies" and headings(result) == []


def test_a_line_in_capitals_is_no_author():
    result = capture(f"Appeal Decision\n\nAppeal reference: APP-4471\n\nPLANNING INSPECTORATE FILE\n\nDecision date: 12 March 2024\n\n{_P}\n")
    assert result.document.meta.authors == () and result.document.meta.date_iso == "2024-03-12"


def test_organisations_at_the_end_are_no_signature_but_a_person_with_a_french_role_is():
    partners = capture(f"Youth Work\n\n{_P}\n\nFenbury Youth Trust\n\nAstley Parish Council\n")
    assert partners.document.meta.authors == ()
    signed = capture(f"Rapport annuel\n\n{_P}\n\nMathilde Garnier-Loussaut\n\nPrésidente du conseil scientifique\n\nConseil régional\n")
    (author,) = signed.document.meta.authors
    assert author.name == "Mathilde Garnier-Loussaut" and "Conseil régional" in (author.role or "")


def test_the_report_s_last_short_paragraph_after_a_web_address_stays_in_the_body():
    result = capture(f"Help for Tenants\n\n{_P}\n\nTenants Advice Line\n\nhttps://tenantsadvice.example.org\n\nCall us any weekday.\n")
    assert paragraphs(result)[-1] == "Call us any weekday." and result.document.furniture == ()


def test_notes_after_each_chapter_are_cited_from_their_own_chapter():
    # Two chapters, each with its own notes numbered from 1 and calls glued to
    # the words: each chapter's calls belong to the notes under that chapter.
    result = capture(
        f"""
        A Report in Two Chapters

        Chapter One

        {_P} The first chapter is described1 and argued2 here.

        Notes

        1. Source for the first chapter, 2001.
        2. Second source for the first chapter, 2002.

        Chapter Two

        {_P} The second chapter goes higher1 still.

        Notes

        1. Source for the second chapter, 2011.
        """
    )
    doc = result.document
    assert [n.label for n in doc.notes] == ["1", "2", "1"]
    assert all(n.referenced for n in doc.notes)
    refs = list(iter_note_refs(doc))
    # The last call, in chapter two, cites the third note (chapter two's note 1).
    assert len(refs) == 3 and refs[-1].note_id == doc.notes[2].id != doc.notes[0].id


def test_no_stop_word_counts_for_two_languages():
    from collections import Counter

    from convert.parse.vocab import STOPWORDS

    counts = Counter(word for words in STOPWORDS.values() for word in words)
    assert [w for w, n in counts.items() if n > 1] == []


def test_a_short_capture_still_tells_its_language():
    result = capture(
        """
        O financiamento da educação nos municípios

        A educação básica é financiada pelos municípios e pelos estados.

        O fundo é composto por impostos estaduais e municipais, e a distribuição segue as matrículas.
        """
    )
    assert result.document.meta.lang == "pt"


def test_sentence_case_subheadings_under_headings_in_capitals_stay_headings():
    result = capture(
        f"""
        Rural Buses After the Cuts

        INTRODUCTION

        {_P}

        THE CUTS

        Why the evening routes went first

        {_P}

        What the passengers did instead

        {_P}

        CONCLUSION

        {_P}
        """
    )
    assert headings(result) == [
        "INTRODUCTION",
        "THE CUTS",
        "Why the evening routes went first",
        "What the passengers did instead",
        "CONCLUSION",
    ]
    levels = [b.level for b in result.document.body if hasattr(b, "level")]
    assert levels == [1, 1, 2, 2, 1]


def test_authors_on_lines_of_their_own_each_with_a_role_line_under():
    result = capture(
        f"""
        Annual Report
        The State of Village Halls in 2023

        Ruth Abernethy-Cole
        Director, Village Halls Observatory

        Tomasz Wielgosz
        Researcher, University of Leeds

        Published 5 April 2024

        {_P}
        """
    )
    meta = result.document.meta
    assert meta.title == "The State of Village Halls in 2023" and meta.kicker == "Annual Report"
    assert [(a.name, a.role) for a in meta.authors] == [
        ("Ruth Abernethy-Cole", "Director, Village Halls Observatory"),
        ("Tomasz Wielgosz", "Researcher, University of Leeds"),
    ]


def test_lettered_items_at_the_margin_on_consecutive_lines_are_a_list_but_an_outline_heading_is_not():
    result = capture(
        f"""
        Grants for Small Halls

        A. Scope

        {_P} The halls reported three problems:
        a) the roof;
        b) the heating;
        c) the doors.

        B. Funding

        {_P}
        """
    )
    assert headings(result) == ["A. Scope", "B. Funding"]
    (lettered,) = lists(result)
    assert isinstance(lettered, OrderedList) and lettered.style == "lower-alpha" and len(lettered.items) == 3


def test_two_title_like_lines_over_the_byline_are_title_and_subtitle_unless_the_first_names_an_organisation():
    paired = capture(f"The Long Road Back: Recovery of Small Businesses\n\nA Survey of Owners in Three Northern Towns\n\nBy Helen Ashworth\n\n{_P}\n")
    meta = paired.document.meta
    assert (meta.title, meta.subtitle) == ("The Long Road Back: Recovery of Small Businesses", "A Survey of Owners in Three Northern Towns")
    site = capture(f"Institute for Rural and Regional Transport\n\nThe Long Road Back: Recovery of Small Bus Routes\n\nBy Helen Ashworth\n\n{_P}\n")
    assert site.document.meta.title == "The Long Road Back: Recovery of Small Bus Routes"
    assert [f.text for f in site.document.furniture] == ["Institute for Rural and Regional Transport"]


def test_glued_groups_and_ranges_of_plain_calls_are_calls_and_the_count_goes_on_after_them():
    result = capture(
        f"""
        Water Tariffs

        {_P} Tariffs rose twice.1,2 Others froze them until the election.3–5 Release 3.5-7 was late.

        The drought made things worse.6

        Notes

        1 One.
        2 Two.
        3 Three.
        4 Four.
        5 Five.
        6 Six.
        """
    )
    refs = list(iter_note_refs(result.document))
    assert [r.label for r in refs] == ["1", "2", "3", "4", "5", "6"]
    assert [r.joined for r in refs] == [False, False, False, True, True, False]
    assert all(n.referenced for n in result.document.notes)
    assert "Release 3.5-7 was late." in paragraphs(result)[0]


def test_notes_labelled_in_round_brackets_are_called_so_and_other_documents_keep_their_enumerations():
    noted = capture(
        """
        Flood Insurance in River Towns

        Premiums in river towns have doubled since 2015.(1) The rise follows the new flood maps (2).

        Notes

        (1) The maps were revised in 2018.
        (2) Letter from the insurers' association, 2021.
        """
    )
    assert [r.label for r in iter_note_refs(noted.document)] == ["1", "2"]
    assert all(n.referenced for n in noted.document.notes)
    plain = capture(
        f"""
        Flood Insurance in River Towns

        The insurers asked for (1) new maps and (2) lower caps.[1] {_P}

        Notes

        [1] Letter from the insurers' association, 2021.
        """
    )
    assert [r.label for r in iter_note_refs(plain.document)] == ["1"]
    assert "(1) new maps and (2) lower caps." in paragraphs(plain)[0]


def test_a_back_link_closes_its_note_and_title_words_are_no_names():
    from convert.parse.front import person_name

    result = capture(
        f"""
        Flood Insurance in River Towns

        {_P} Premiums doubled.[1]

        Notes

        1. The maps were revised in 2018. ↩
        Privacy policy
        Contact us
        """
    )
    (note,) = result.document.notes
    assert "Privacy" not in str(note.content)
    assert [f.text for f in result.document.furniture] == ["Privacy policy", "Contact us"]
    assert not person_name("Digital Transformation") and not person_name("Urban Regeneration Strategies")
    assert person_name("Clement Attlee") and person_name("Rhodri Davies") and person_name("Florence Nightingale")


def test_roman_and_lettered_lists_keep_their_style_and_their_markers_are_words_of_the_model():
    from convert.model import list_marker
    from convert.words import model_words

    result = capture(f"Grants for Small Halls\n\n{_P}\n\n  i. repairs to the roof;\n  ii. new heating;\n  iii. new doors.\n\n{_P}\n")
    (roman,) = lists(result)
    assert isinstance(roman, OrderedList) and roman.style == "lower-roman" and roman.start == 1
    assert {"i", "ii", "iii"} <= set(model_words(result.document))
    assert [list_marker("lower-alpha", n) for n in (1, 26, 27)] == ["a", "z", "aa"]
    assert [list_marker("upper-roman", n) for n in (4, 9, 14, 1999)] == ["IV", "IX", "XIV", "MCMXCIX"]


def test_an_orphan_run_on_line_of_an_item_is_a_paragraph_not_an_endless_loop():
    from convert.parse.build import Builder
    from convert.parse.labels import ITEM_CONT, Labels
    from convert.parse.lines import split_lines

    lines, raws = split_lines("the rest of an item whose item was taken elsewhere\n")
    lab = Labels(lines, raws)
    lab.set(0, ITEM_CONT, "item-runs-on")
    (para,) = Builder(lab).body()
    assert inline_text(para.content) == "the rest of an item whose item was taken elsewhere"


def test_a_nested_list_at_the_margin_indented_to_its_markers_and_an_item_that_wraps():
    margin = capture(
        f"Nested\n\n{_P}\n\n1. Repair the roof\n   - slates\n   - gutters\n2. Heating, which will take\n   the whole winter to install\n"
        "   - boiler\n   - radiators\n3. Doors\n\nThe work starts in May.\n"
    )
    (top,) = lists(margin)
    assert isinstance(top, OrderedList) and [len(i.children) for i in top.items] == [1, 1, 0]
    assert inline_text(top.items[1].content) == "Heating, which will take the whole winter to install"
    wrapped = capture(f"Nested\n\n{_P}\n\n  - Repair the roof, which\n    leaks in three places\n    - slates\n    - gutters\n  - Doors\n\nThe work starts in May.\n")
    (top,) = lists(wrapped)
    assert isinstance(top, BulletList) and [len(i.children) for i in top.items] == [1, 0]


def test_date_lines_with_times_two_dates_french_colons_iso_stamps_and_day_first_slashes():
    from convert.parse.front import iso_date
    from convert.parse.lines import is_date_line

    for line in (
        "Publicado em 16/03/2018 10h30 Atualizado em 16/03/2018 11h00",
        "Pubblicato il 5 aprile 2023 alle 10:30",
        "Publié le 12/03/2021 • Mis à jour le 14/03/2021",
        "Veröffentlicht am 12.03.2021 um 10:30 Uhr",
        "Mise à jour : 14 mars 2021",
        "Fecha de publicación: 12 de marzo de 2021",
        "Published: 2023-03-03T10:00:00Z",
    ):
        assert is_date_line(line), line
    assert not is_date_line("Phase 2 - 2021") and not is_date_line("What we did in 2022")
    assert iso_date("Published: 2023-03-03T10:00:00Z") == "2023-03-03"
    assert iso_date("Publié le 12/03/2021", "fr") == "2021-03-12" and iso_date("Published 03/12/2021") == "2021-03-12"
    body = "Les bibliothèques de la ville ont ouvert plus longtemps cette année, et les prêts ont augmenté dans tous les quartiers."
    result = capture(f"Rapport annuel des bibliothèques\n\nPublié le 12/03/2021 • Mis à jour le 14/03/2021\n\n{body}\n")
    assert result.document.meta.lang == "fr" and result.document.meta.date_iso == "2021-03-12"


def test_an_isbn_under_the_byline_is_a_field_not_the_lead_image_s_caption():
    result = capture(f"Research paper\nRethinking Water in the Sahel\nAmina Diallo and Peter Okafor\nPublished 12 May 2023\nISBN: 978 1 78413 555 0\n\n{_P}\n")
    meta = result.document.meta
    assert meta.image_caption is None and ("ISBN", "978 1 78413 555 0") in [(f.name, f.value) for f in meta.fields]


def test_a_browser_copy_of_a_small_report_keeps_its_numbered_headings_and_its_first_heading():
    result = capture(
        """
        Public Transport Subsidies and Rural Access
        By Maria Lindqvist
        Introduction
        Rural bus services have been cut in most regions since 2010, and this paper asks whether subsidies restored access.

        1. Background
        Regional authorities spend a growing share of their budgets on rural transport, and the evidence is thin.

        2. Results
        Access improved where subsidies were tied to frequency, not where they were tied to coverage, in every region.

        Conclusion
        Tie subsidies to frequency, and publish the timetables they buy, so that passengers can see what they pay for.
        """
    )
    assert headings(result) == ["Introduction", "1. Background", "2. Results", "Conclusion"]
    assert result.document.meta.image_caption is None and lists(result) == []
