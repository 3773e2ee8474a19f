"""The Markdown renderer: pandoc-flavoured, original note labels, nothing pandoc would misread."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from convert.parse import parse_file, parse_text
from convert.render import RenderOptions
from convert.render.markdown import render, to_markdown
from convert.words import body_words, text_words

from .helpers import NESTED, SEEDS, capture


def test_notes_keep_their_labels_and_uncited_ones_are_listed_under_their_heading():
    md = to_markdown(parse_file(SEEDS[0]).document)
    assert "[^30]" in md and "[^30]: " in md
    assert md.count("[^1]") == 2  # the call and the definition
    # notes 28 and 29 nobody cites: not definitions (pandoc would drop them) but a section after the body
    assert "[^28]" not in md and "[^29]" not in md
    heading = md.index("\n# Notes not cited in the text {#briefpress-notes-uncited .unnumbered}\n")
    first = md.index("\n[\\[28\\]]{#briefpress-note-28} Special Inspector General")
    assert heading < first < md.index("\n[\\[29\\]]{#briefpress-note-29} “US May Let")


def test_markdown_specials_in_the_text_are_escaped():
    result = capture(
        """
        A *Title* with_underscores

        By Jane Doe

        Costs $5 and <script>alert(1)</script> or [not a link](x) @cite #tag.

        1984. That was a year.
        """
    )
    md = to_markdown(result.document)
    assert "\\$5" in md and "\\<script\\>" in md and "\\[not a link\\]" in md and "\\@cite" in md
    assert "1984\\. That" in md


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_pandoc_reads_back_every_body_word_in_order(path, tmp_path):
    result = parse_file(path)
    md = tmp_path / "x.md"
    md.write_bytes(render(result, RenderOptions()).data)
    ast = json.loads(subprocess.run(["pandoc", str(md), "-t", "json"], capture_output=True, check=True, text=True).stdout)
    title = "".join(i.get("c", " ") if i["t"] == "Str" else " " for i in ast["meta"]["title"]["c"])
    assert text_words(title) == text_words(result.document.meta.title)
    plain = subprocess.run(["pandoc", str(md), "-t", "plain", "--wrap=none"], capture_output=True, check=True, text=True).stdout
    words = text_words(plain)
    expected = list(body_words(result.document, refs=False))
    it = iter(words)
    assert all(w in it for w in expected)  # a subsequence: every body word, in order


def test_sub_lists_are_indented_to_their_item_s_content_column():
    md = to_markdown(parse_text(NESTED, "nested.txt").document)
    assert (
        "1. Fund the archive properly over the next five years.\n"
        "   - Repair the roof of the reading room.[^1]\n"
        "   - Hire a conservator for the bindings.\n"
        "     - Start with the council minutes.\n"
        "     - Then the parish maps.\n"
        "2. Open the archive to the public.\n"
        "   1. On weekdays from nine.\n"
        "   2. On the first Saturday of each month.\n"
        "3. Report back to the committee within a year.\n"
    ) in md


def test_a_commonmark_reader_nests_the_sub_lists_and_starts_them_where_the_capture_did():
    markdown_it = pytest.importorskip("markdown_it")
    result = capture(
        """
        A Report

        The committee met on four occasions over the spring and heard evidence from officials before agreeing.

          1. First recommendation in full.
            • a point under it
              • a point under that
          2. Second recommendation in full.
            c. a lettered point that starts at c
          3. Third recommendation in full.
        """
    )
    tokens = markdown_it.MarkdownIt("commonmark").parse(to_markdown(result.document))
    opened = [(t.type, t.level, t.attrGet("start")) for t in tokens if t.type.endswith("_list_open")]
    assert opened == [
        ("ordered_list_open", 0, None),
        ("bullet_list_open", 2, None),
        ("bullet_list_open", 4, None),
        ("ordered_list_open", 2, 3),
    ]
    items = [t.level for t in tokens if t.type == "list_item_open"]
    assert items == [1, 3, 5, 1, 3, 1]


def test_two_lists_in_a_row_stay_two_lists():
    import markdown_it

    from convert.parse import parse_text

    result = parse_text(
        "Grants\n\nThe council agreed the following points for the year ahead, after a long debate.\n\n"
        "  i. repairs to the roof;\n  ii. new heating;\n\n  b. a later item.\n",
        "lists.txt",
    )
    text = to_markdown(result.document)
    opened = [t for t in markdown_it.MarkdownIt("commonmark").parse(text) if t.type == "ordered_list_open"]
    assert len(opened) == 2 and opened[1].attrs.get("start") == 2
