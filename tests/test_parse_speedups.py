"""The parser's quick tests and rewritten regexes agree with the plain forms they stand in for."""

from __future__ import annotations

import importlib
import re

from hypothesis import given
from hypothesis import strategies as st

decode_stage = importlib.import_module("convert.parse.decode")
lines_stage = importlib.import_module("convert.parse.lines")
blocks_stage = importlib.import_module("convert.parse.build")

_spaces = st.lists(st.sampled_from([" ", "\xa0", "\t", "\x0c", "\x85", "\u2003", "\u3000", "a", "b", "."]), max_size=12).map("".join)


def test_the_utf8_byte_test_finds_every_control_character_the_text_regex_finds():
    for code in range(0x800):  # every one- and two-byte UTF-8 sequence
        text = f"a{chr(code)}b"
        found = decode_stage._may_hold_controls(text.encode("utf-8"), "utf-8")
        assert found == bool(decode_stage._CONTROL.search(text)), hex(code)


def test_captures_in_other_encodings_always_go_to_the_text_regex():
    assert decode_stage._may_hold_controls(b"plain", "cp1252")


@given(_spaces)
def test_the_fold_regex_folds_like_its_plain_form(text):
    plain = re.compile(r"\s{2,}|[^\S \xa0]")  # a run of white space, or one other than a plain or no-break space
    assert lines_stage._FOLD.sub(" ", text) == plain.sub(" ", text)


@given(st.lists(st.sampled_from(["Mr.", "e.g.", "end.", "!", "?", "”", ")", " ", "  ", "A", "(B", "9", "word"]), max_size=14).map("".join))
def test_the_sentence_break_regex_finds_the_breaks_of_its_lookbehind_form(text):
    plain = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
    assert [m.start(1) for m in blocks_stage._SENTENCE_BREAK.finditer(text)] == [m.start() for m in plain.finditer(text)]


@given(st.lists(st.sampled_from(["[", "]", "1", "12", "¹", "²", "٣", " ", "x", "."]), max_size=8).map("".join))
def test_a_line_turned_away_by_the_first_character_opens_no_note(text):
    always = (lines_stage.NOTE_BRACKET, lines_stage.NOTE_SUPERSCRIPT)
    under_a_heading = always + (lines_stage.NOTE_NUMBERED, lines_stage.NOTE_BARE_NUMBER)
    for under_heading, patterns in ((False, always), (True, under_a_heading)):
        found = lines_stage.note_start(text, under_heading=under_heading)
        assert (found is not None) == any(p.match(text) for p in patterns)


inlines_stage = importlib.import_module("convert.parse.inlines")
calls_stage = importlib.import_module("convert.parse.calls")


def test_the_superscript_test_knows_every_superscript_digit_and_nothing_else():
    for digit in lines_stage.SUPERSCRIPT_DIGITS:
        assert calls_stage._has_superscript(f"Taliban’s{digit} rise")
    assert not calls_stage._has_superscript("Taliban’s rise in 2021 — “no” 10^2 km2 ½")


@given(st.lists(st.sampled_from(["1", "²", "k", "m", "µ", " ", "x", "km", "10"]), max_size=10).map("".join))
def test_the_unit_test_reads_no_further_back_than_a_unit_can_reach(text):
    unit = inlines_stage._UNIT_BEFORE
    for end in range(len(text) + 1):
        near = unit.search(text, max(0, end - inlines_stage._UNIT_REACH), end)
        assert bool(near) == bool(unit.search(text, 0, end))


parse_package = importlib.import_module("convert.parse")


@given(st.lists(st.sampled_from([".", " ", ",", "\xa0", "2022", "x", " ."]), max_size=8).map("".join))
def test_the_residue_hint_is_a_full_stop_after_a_space_comma_or_nbsp(text):
    expected = " ." in text or ",." in text or "\xa0." in text
    assert bool(parse_package._RESIDUE_HINT.search(text)) == expected


_url_parts = st.lists(
    st.sampled_from(["http", "https", "HTTPS", "Http", "HTTPs", "mailto", "Mailto", "mailTo", ":", "://", "//", " ", "\xa0", "<", "”", "x", "s", "o", "é"]),
    max_size=10,
).map("".join)


@given(_url_parts)
def test_the_url_scan_at_colons_finds_what_the_url_regex_finds(text):
    assert inlines_stage.url_spans(text) == [m.span() for m in inlines_stage._URL.finditer(text)]


@given(st.lists(st.sampled_from([" ", "\xa0", "\t", "\u2003", "\u200b", "a", "b", "."]), max_size=12).map("".join))
def test_folding_a_line_with_lone_nbsps_agrees_with_the_fold_regex(text):
    text = text.strip()
    if text:
        plain = re.compile(r"\s{2,}|[^\S \xa0]")
        assert lines_stage._fold(text) == plain.sub(" ", text)


vocab_module = importlib.import_module("convert.parse.vocab")
_role_words = ["Fellow", "fellows", "chairman", "Chairwoman", "chair", "adviser", "ADVISOR", "advisr", "services", "service",
               "vice-président", "Vice-President", "maître de conférences", "lead", "leads", "université", "UNIVERSITÄT",
               "Center", "centre2", "_board", "board_", "ſcholar", "Kelvin K", "scholar", "ıd"]
_role_texts = st.lists(st.sampled_from(_role_words + [" ", ", ", "-", "x", "é", "2", "_", "(", ")", "’"]), max_size=8).map("".join)


@given(_role_texts)
def test_the_role_and_organisation_word_tests_answer_as_their_patterns(text):
    assert vocab_module.has_role_word(text) == bool(vocab_module.ROLE_WORDS.search(text))
    assert vocab_module.has_org_word(text) == bool(vocab_module.ORG_WORDS.search(text))


def test_the_role_and_organisation_word_tests_answer_as_their_patterns_on_every_corpus_line():
    from pathlib import Path

    corpus = Path(__file__).parent / "corpus"
    for path in sorted(corpus.glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert vocab_module.has_role_word(line) == bool(vocab_module.ROLE_WORDS.search(line)), line
            assert vocab_module.has_org_word(line) == bool(vocab_module.ORG_WORDS.search(line)), line


@given(st.lists(st.sampled_from([b"\xc2", b"\x80", b"\x9f", b"\xa0", b"\xc3", b"a", b"\xc2\xa0" * 9]), max_size=24).map(b"".join))
def test_the_c1_byte_test_answers_as_its_pattern(data):
    assert decode_stage._has_c1(data) == (decode_stage._C1_UTF8.search(data) is not None)


def test_the_role_and_organisation_word_sets_hold_only_words_of_their_patterns():
    for pattern, words in ((vocab_module.ROLE_WORDS, vocab_module._ROLE_SET), (vocab_module.ORG_WORDS, vocab_module._ORG_SET)):
        assert words and all(pattern.fullmatch(w) for w in words)
        assert {"chairperson", "advisor", "adviser"} <= vocab_module._ROLE_SET and {"service", "services"} <= vocab_module._ORG_SET


@given(st.lists(st.sampled_from(["(", ")", "(see ", "see the map", "(Figure 3)", "(fig. 2", "(cf. table 4)", "tables", " ", "x", "3"]), max_size=10).map("".join))
def test_the_figure_references_are_the_figure_pattern_s_matches(text):
    assert [m.span() for m in parse_package._figure_refs(text)] == [m.span() for m in parse_package._FIGURE_REF.finditer(text)]


def test_the_letters_folding_to_ascii_are_all_known():
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    folding = {chr(c) for c in range(128, 0x110000) if ascii_letter.fullmatch(chr(c))}
    assert folding == set(vocab_module._FOLDS_TO_ASCII)


@given(st.lists(st.sampled_from(["x", "/", " ", "\xa0", "\t", "<", ">", '"', "“", "”", "\u200b", "é", "."]), max_size=10).map("".join), st.integers(0, 4))
def test_the_url_tail_ends_where_the_tail_pattern_ends(text, start):
    m = inlines_stage._URL_TAIL.match(text, start)
    assert inlines_stage._url_tail_end(text, start) == (m.end() if m else None)


lang_stage = importlib.import_module("convert.parse.lang")


def test_every_character_that_lowers_to_a_letter_of_a_stop_word_spells_it():
    letters = {c for word in lang_stage._LANG_OF for c in word}
    for code in range(0x110000):
        char = chr(code)
        low = char.lower()
        if low in letters:
            assert char in lang_stage._spellings(low), hex(code)


@given(st.lists(st.sampled_from(["The", "THE", "tHe", "the", "Et", "ÉTÉ", "été", "Die", "\u212aein", "kein", "İs", "is", " ", "x"]), max_size=8).map("".join))
def test_the_any_case_stop_words_answer_as_the_lower_cased_look_up(text):
    for word in text.split():
        assert lang_stage._LANG_OF_ANY_CASE.get(word) == lang_stage._LANG_OF.get(word.lower())
