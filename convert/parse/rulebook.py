"""The rulebook: every named rule and decision of the parser, by stage, with what it decides.

The rule tables of the stages (:data:`.headings.HEADING_RULES`,
:data:`.front.FRONT_RULES`, :data:`.furniture.LINE_RULES`,
:data:`.blocks.ITEM_RULES`) carry their own descriptions (the first line of
each rule's docstring); the decisions the stages make without a table are
described here. ``inspect --explain`` prints these names beside each line;
the README's rules table and the per-rule fixtures (``tests/fixtures/rules``)
are checked against this list.
"""

from __future__ import annotations

from typing import NamedTuple

from .blocks import ITEM_RULES
from .front import FRONT_RULES
from .furniture import LINE_RULES
from .headings import HEADING_RULES


class Entry(NamedTuple):
    stage: str
    name: str
    description: str


# Decisions made outside the rule tables: name → what it decides.
DECISIONS: dict[str, dict[str, str]] = {
    "code": {
        "code-block": "a block whose lines keep an odd indent, open with a comment or a prompt with code after it: preformatted text",
    },
    "tables": {
        "tab-separated-rows": "two or more TAB-separated rows in a block make a table",
        "tab-separated-row": "one line of three or more TAB-separated cells alone in its block is a table row",
        "pipe-table-row": "a Markdown table row a page failed to render (\"| a | b |\")",
        "row-inside-a-table": "a short line between a table's rows (a group row) or right above its first row (its header)",
    },
    "notes": {
        "notes-heading-word": "a notes heading (\"Notes\", \"References\", \"Anmerkungen\" …) with notes right under it",
        "note-label": "a line opening with a note label ([1], 1., 1 text, (1), ¹, [^1]:) in a notes zone, labels ascending",
        "note-runs-on": "a line continuing the note above it (no blank line, a URL, a lower-case start, an unfinished note)",
        "note-line": "in a browser's copy, one note a line under a notes heading",
        "note-runs-to-back-link": "in a browser's copy, a note runs on to the line that ends with its back-link ↩",
    },
    "lists": {
        "item-runs-on": "a line right under an item, indented past its marker or continuing its sentence",
    },
    "prose": {
        "long-prose": "a line of more than sixty words is a paragraph",
    },
    "front-matter": {
        "front-matter-ends": "a paragraph, an outline-numbered heading or a section name (\"Results\") under the title: the body has begun (the rule that saw it is named)",
        "title-before-metadata": "the title: the title-like line before the byline, date or deck, told from a kicker or a site name before it",
        "first-title-like-line": "the title: the only title-like line of the front matter",
        "short-line-over-title": "a short line over the title: the kicker (or the site's name)",
        "above-the-title": "a title-like line above the kicker or title that neither took: the site's name or a menu entry, kept as furniture",
        "deck-under-title": "a phrase in sentence case or a sentence right under the title: its deck",
        "affiliation-after-authors": "under names carrying marks (\"Ana Souza¹\"), a line opening with a mark and naming an institution: the role of each author with that mark",
        "name-with-affiliation": "under an author, a person's name then a role or an affiliation (\"Jane Doe, Research Unit\"): another author, with that role",
        "names-line": "a line of person names right under the title or deck and before a date or another author",
        "author-field-value": "the value of an author field (\"Author:\" on the line above)",
        "field-value": "the value of a header field on the line under its name",
        "role-after-author": "a line after an author naming a role or an affiliation",
        "menu-run": "a short label right after two furniture lines and before the title: one more menu entry",
        "tab-row": "a row of capitalised single words under the metadata: the page's tabs",
        "another-date": "a second date in the front matter, kept as a field",
        "date-field": "a header field whose value is a date: the document's date",
        "line-among-fields": "a line between two fields or dates of the front matter: a field of its own",
        "caption-under-byline": "a short line in the byline's block: the lead image's caption",
    },
    "back-matter": {
        "author-box": "the author box a page repeats after the article (a known author's name, and the line under it)",
        "date-repeated": "the document's date repeated after the article",
        "after-the-notes": "short labels the notes stage ran on from the last note, with the page's furniture among them: furniture",
        "back-matter": "a short line among the page's furniture after the article",
        "signature-name": "near the end, a person's name alone with role lines under it: the author's signature",
        "signature-role": "a role line under a signature, or above it when the signature is written role first",
        "signature-name-under-role": "the report's last line a person's name alone, with role lines right above it: a signature written role first",
    },
    "links": {
        "link-line-in-the-body": "a line alone in the body offering the report in another form (\"View full PDF\")",
    },
    "buttons": {
        "button-in-the-body": "a button label alone in the body (\"Read more\", \"Share\", \"Back to top\"): page furniture there too",
    },
    "captions": {
        "caption-lead": "a caption word and a number or a colon (\"Figure 3 –\", \"Tableau 1.\", \"Source:\")",
    },
    "quotes": {
        "quote-marker": "a line opening with \">\": a quotation marked by its writer",
        "dash-before-a-name": "a short line opening with a dash after a paragraph: a quotation's attribution",
        "quote-before-attribution": "the paragraph right before an attribution: the quotation",
        "quotation-marks-around-the-paragraph": "a paragraph that is one quotation from its opening mark to its closing mark",
    },
    "headings": {
        "heading-evidence": "the evidence of the rules below reaches the threshold (the reasons list each rule's weight)",
        "heading-over-two-lines": "two short lines alone in their block, the first breaking off at a joining word (\"of\", \"und\", \"de\" …) or the second running on in lower case, over longer text: one heading",
        "heading-over-a-repeated-field": "the line above a field repeated under several headings is that section's heading",
        "contents-label-with-no-contents": "\"Contents\" right above a heading, with no list under it: a collapsed table of contents (furniture)",
        "entry-of-a-table-of-contents": "not a heading: a block of lines most of which repeat headings found elsewhere",
        "unnumbered-in-a-numbered-document": "not a heading: unnumbered, with weak evidence, where nearly every heading is outline-numbered",
        "sentence-case-among-title-case-headings": "not a heading: sentence case, with weak evidence, where the (English) mixed-case headings are in Title Case",
        "one-of-a-run-of-short-lines": "not a heading: one of four or more short lines in a row with nothing between (a list of terms)",
        "field-repeated-under-headings": "not a heading: a \"Label: value\" line repeated under three headings or more",
    },
    "paragraphs": {
        "paragraph": "a line no rule claimed",
    },
}

_TABLES = (
    ("lists", ITEM_RULES),
    ("front-matter", FRONT_RULES),
    ("furniture", LINE_RULES),
    ("headings", HEADING_RULES),
)


def entries() -> list[Entry]:
    """Every rule and decision, stage by stage."""
    out = [Entry(stage, r.name, r.doc) for stage, table in _TABLES for r in table]
    out += [Entry(stage, name, text) for stage, names in DECISIONS.items() for name, text in names.items()]
    return out
