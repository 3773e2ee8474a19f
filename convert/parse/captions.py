"""Stage 9: captions, quotations and their attributions — short lines that are not headings.

* a **caption** opens with a caption word and a number or a colon
  ("Figure 3 – …", "Table 1.", "Source: …", "Abbildung 2:", "Immagine 4"),
  in any of the six languages;
* an **attribution** is a short line opening with a dash ("— Name,
  Organisation", "– @user") right after a paragraph: that paragraph is the
  quotation it closes;
* a paragraph that is one quotation from its opening mark to its closing mark
  is a block quote.
"""

from __future__ import annotations

import re

from .labels import ATTRIBUTION, CAPTION, QUOTE, Labels
from .lines import nwords, caption_lead

_ATTRIBUTION = re.compile(r"^[—―–-]\s*(?:@\w|[A-ZÀ-Ý\"“«])")
_OPENING = "“\"«„‘"
_CLOSING = "”\"»“’"
_QUOTED = re.compile(r"^[“\"«„][^“”\"«»„]{20,}[”\"»“][.!?]?(?:\s*\[\d+\]|\d{1,3})?$")


def label_captions(lab: Labels) -> None:
    for i in lab.free_lines(lab.front_end, lab.back_start):
        text = lab.text(i)
        if lab.lines[i].words <= 60:
            lead = caption_lead(text)
            if lead:
                lab.set(i, CAPTION, "caption-lead", lead=lead)


_MARKED = re.compile(r"^>\s?")


def label_quotes(lab: Labels) -> None:
    for i in lab.free_lines(lab.front_end, lab.back_start):
        if lab.text(i).startswith(">"):
            # "> text": a quotation marked as e-mail and Markdown mark one
            lab.set(i, QUOTE, "quote-marker", marker=_MARKED.match(lab.text(i)).end())  # type: ignore[union-attr]
            continue
        if not lab.free(i):
            continue  # (claimed as a quote by the attribution below it)
        text = lab.text(i)
        if _ATTRIBUTION.match(text) and nwords(text) <= 20 and lab.block_start(i):
            j = lab.prev_text(i)
            if j is not None and (lab.loose(j) or lab.role[j] == QUOTE) and nwords(lab.text(j)) >= 5:
                lab.set(i, ATTRIBUTION, "dash-before-a-name")
                if lab.loose(j):
                    lab.set(j, QUOTE, "quote-before-attribution")
                continue
        if lab.alone(i) and _QUOTED.match(text) and not _quoted_question(text):
            lab.set(i, QUOTE, "quotation-marks-around-the-paragraph")


def _quoted_question(text: str) -> bool:
    """« Suis-je concerné ? »: a question in quotation marks is a FAQ's heading, not a quotation."""
    inner = text.rstrip("”\"»“’ \xa0.")
    return inner.endswith("?") and nwords(text) <= 30
