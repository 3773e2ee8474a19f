"""The parser's quick tests agree with the slower ones they stand in front of."""

from __future__ import annotations

import importlib

decode_stage = importlib.import_module("convert.parse.decode")


def test_the_utf8_byte_test_finds_every_control_character_the_text_regex_finds():
    for code in range(0x800):  # every one- and two-byte UTF-8 sequence
        text = f"a{chr(code)}b"
        found = decode_stage._may_hold_controls(text.encode("utf-8"), "utf-8")
        assert found == bool(decode_stage._CONTROL.search(text)), hex(code)


def test_captures_in_other_encodings_always_go_to_the_text_regex():
    assert decode_stage._may_hold_controls(b"plain", "cp1252")
