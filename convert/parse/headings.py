"""Stage 10: headings, decided from the line's own shape and from the document's evidence.

A line can be a heading only where a heading stands: at the start of a block,
alone or with longer text right under it. There, the rules of
:data:`HEADING_RULES` each add evidence for or against — how the line ends
(a heading has no closing full stop, comma or semicolon; a question mark is a
FAQ's heading; a colon only ends a short label), its length, an outline number
("2.3.1", "IV.", "Question 4."), capitals, a second sentence, a lower-case
start, and what follows it. A line whose evidence reaches
:data:`THRESHOLD` is a heading.

Then document-level passes weigh the lines against each other: in a document
whose headings are outline-numbered, an unnumbered short line is not a
heading unless its evidence is strong; a run of four or more short lines with
no text between them is a list of terms, not a cascade of headings; a line
that repeats under several headings with the same opening words is a field of
those sections, not a heading. Levels come from the outline numbers, or from
capitals outranking mixed case.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from . import vocab
from .labels import FURNITURE, HEADING, HEADING_CONT, Labels, Rule
from .lines import WORDS, nwords, SENTENCE_END, all_caps, capital_share, is_date_line, outline_number, two_sentences, without_trailing_call

THRESHOLD = 2

HEADING_RULES: list[Rule] = []


def _evidence(fn):
    HEADING_RULES.append(Rule(fn.__name__.lstrip("_").replace("_", "-"), fn))
    return fn


@_evidence
def _no_closing_punctuation(lab: Labels, i: int, f: dict) -> int:
    """Ends with a word, a bracket or a closing quote, as headings do (+2)."""
    return 2 if f["end"] not in ".,;:?!" else 0


@_evidence
def _section_name(lab: Labels, i: int, f: dict) -> int:
    """The whole line is a standard section name ("Introduction", "References", "Remerciements", "Fazit" …) (+2)."""
    return 2 if f["section"] else 0


@_evidence
def _authors_name(lab: Labels, i: int, f: dict) -> int:
    """The whole line is the name of one of the document's authors: an author box, not a section (-4)."""
    return -4 if lab.authors and f["words"] <= 6 and vocab.fold(lab.text(i)) in lab.authors else 0


@_evidence
def _question(lab: Labels, i: int, f: dict) -> int:
    """Ends with a question mark: the heading of a question-and-answer section (+3)."""
    return 3 if f["end"] == "?" else 0


@_evidence
def _short_label_with_colon(lab: Labels, i: int, f: dict) -> int:
    """Ends with a colon: a short label before its section (+1), a sentence introducing what follows (-2)."""
    if f["end"] != ":":
        return 0
    if lab.browser:
        return 0 if f["words"] <= 4 else -2  # a browser's copy has no list markers to tell a label from an item's lead
    return 1 if f["words"] <= 4 and not f["next_is_item"] else -2


@_evidence
def _full_stop(lab: Labels, i: int, f: dict) -> int:
    """Ends with a full stop: a sentence, not a heading (-2); after an outline number, when it runs past ten words."""
    return -2 if f["end"] == "." and (not f["outline"] or lab.lines[i].words > 10) else 0


@_evidence
def _back_link(lab: Labels, i: int, f: dict) -> int:
    """Ends with a back-link "↩": a note, not a heading (-5)."""
    return -5 if lab.text(i).endswith("↩") else 0


@_evidence
def _dated(lab: Labels, i: int, f: dict) -> int:
    """A date line, with or without its place ("Paris, le 12 mars 2021"): a signature's date or a stamp, not a heading (-4)."""
    return -4 if f["words"] <= 12 and is_date_line(lab.text(i)) else 0  # (is_date_line asks for a digit first)


@_evidence
def _comma_or_semicolon(lab: Labels, i: int, f: dict) -> int:
    """Ends with a comma or semicolon: the text runs on (-5)."""
    return -5 if f["end"] in ",;" else 0


@_evidence
def _outline_numbered(lab: Labels, i: int, f: dict) -> int:
    """Opens with an outline number ("2.3.1", "IV.", "B.", "Question 4.") (+2)."""
    return 2 if f["outline"] else 0


@_evidence
def _capitals(lab: Labels, i: int, f: dict) -> int:
    """Written in capitals (+1)."""
    return 1 if f["caps"] else 0


@_evidence
def _short(lab: Labels, i: int, f: dict) -> int:
    """Twelve words or fewer (+1); more than eighteen (-1); more than twenty-five without an outline number (-4)."""
    w = f["words"]
    if w <= 12:
        return 1
    if w > 25 and not f["outline"]:
        return -4
    return -1 if w > 18 else 0


@_evidence
def _lower_case_start(lab: Labels, i: int, f: dict) -> int:
    """Opens in lower case: the middle of a sentence (-3)."""
    first = lab.text(i)[0]
    return -3 if first.islower() else 0


@_evidence
def _opening_bracket_or_markup(lab: Labels, i: int, f: dict) -> int:
    """Opens with a bracket or with markup left over from the page's source ("```", "#### ", "*`"), or has fewer than two letters: an aside or residue (-4)."""
    text = lab.text(i)
    if text[0] in "([{*`#>|=~_•◦▪▫●○■□·‣⁃∙" or not _TWO_LETTERS.search(text, 0, 40):
        return -4
    return 0


_TWO_LETTERS = re.compile(r"[^\W\d_][^\n]*?[^\W\d_]")


_COPULA = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|est|sont|était|ont|ist|sind|war|waren|hat|haben|es|son|era|eran|ha|han|"
    r"è|sono|era|erano|hanno|é|são|foi|foram|tem|têm)\b",
    re.IGNORECASE,
)


@_evidence
def _handles_or_addresses(lab: Labels, i: int, f: dict) -> int:
    """Holds an @handle, an e-mail address or a URL: a credit or a reference, not a heading (-3)."""
    text = lab.text(i)
    if "@" not in text and "://" not in text and "www." not in text:
        return 0
    return -3 if _ADDRESS.search(text) else 0


_ADDRESS = re.compile(r"(?:^|\s)@\w|\w@\w|https?://|www\.")


@_evidence
def _clauses(lab: Labels, i: int, f: dict) -> int:
    """More than twelve words with two commas, or a comma and then a colon: a sentence's clauses (-1)."""
    text = lab.text(i)
    if f["words"] <= 12:
        return 0
    comma = text.find(",")
    return -1 if text.count(",") >= 2 or (comma >= 0 and ":" in text[comma:]) else 0


@_evidence
def _colon_then_lower_case(lab: Labels, i: int, f: dict) -> int:
    """A colon followed by a lower-case word, over more than six words: a sentence running on past its colon (-3)."""
    if f["words"] <= 6:
        return 0
    m = re.search(r"(\s?):\s+[a-zà-ÿ]", lab.text(i))
    if m and m.group(1) and nwords(lab.text(i)[m.end() - 1 :]) <= 6:
        return 0  # French sets its colon apart ("« Titre » : le sous-titre"): a short lower-case tail is a heading's subtitle
    return -3 if m else 0


@_evidence
def _symbol_first(lab: Labels, i: int, f: dict) -> int:
    """Opens with an emoji or a symbol: a decorated paragraph or a menu entry (-2)."""
    first = lab.text(i)[0]
    return -2 if not first.isalnum() and unicodedata.category(first) in ("So", "Sk") else 0


@_evidence
def _finite_verb(lab: Labels, i: int, f: dict) -> int:
    """A statement with a finite "is", "are", "has" … over more than six words: a sentence (-1)."""
    if f["end"] == "?" or not 6 < f["words"] <= 25:
        return 0  # (past 25 words the length alone rules the line out)
    text = lab.text(i)
    return -1 if _COPULA.search(text) and capital_share(text) < 0.6 else 0


_SEE = re.compile(r"^(?:see|see also|cf\.|voir|voir aussi|siehe|siehe auch|véase|ver|vedi|vedere)\s", re.IGNORECASE)


@_evidence
def _cross_reference(lab: Labels, i: int, f: dict) -> int:
    """Opens with "See", "Voir", "Siehe" …: a pointer to another section, not a heading (-3)."""
    return -3 if _SEE.match(lab.text(i)) else 0


@_evidence
def _second_sentence(lab: Labels, i: int, f: dict) -> int:
    """Holds a second sentence, and is no question (-2)."""
    if f["end"] == "?" or f["words"] > 25:
        return 0  # (past 25 words the length alone rules the line out)
    text = lab.text(i)
    return -2 if "." in text[:-1] and two_sentences(text) else 0


@_evidence
def _link_under_it(lab: Labels, i: int, f: dict) -> int:
    """A web address alone comes next: the title of a link in a list of resources (-3)."""
    nxt = f["next"]
    return -3 if nxt is not None and vocab.URL_LINE.match(lab.text(nxt)) else 0


@_evidence
def _like_its_neighbours(lab: Labels, i: int, f: dict) -> int:
    """In a browser's copy, a line in a run of three or more alike (as long, opening alike) is one of a list's items (-2)."""
    if not lab.browser or f["outline"]:
        return 0  # (outline-numbered headings run one after another: "1 Introduction", "1.1 Scope")
    run = 1
    for step in (-1, 1):
        k = i
        while True:
            j = k + step
            if lab.blank(j) or not (lab.loose(j) or lab.role[j] == "heading"):
                break
            if step > 0 and lab.blank(j + 1):
                break  # the line below ends its block: a paragraph, not a sibling
            if not _alike(lab.text(k), lab.text(j)):
                break
            run += 1
            k = j
    return -2 if run >= 3 else 0


def _alike(a: str, b: str) -> bool:
    if a[0].islower() != b[0].islower():
        return False
    return len(a) * 2 >= len(b) and len(b) * 2 >= len(a)


@_evidence
def _after_an_introduction(lab: Labels, i: int, f: dict) -> int:
    """In a browser's copy (no list markers), comes right after a sentence ending with a colon: the first of the things it introduces (-3)."""
    if not lab.browser:
        return 0
    # the things introduced run on without blank lines: find where they start
    k = i
    while not lab.blank(k - 1) and lab.loose(k - 1):
        k -= 1
    end = i
    while not lab.blank(end + 2) and not lab.blank(end + 1) and lab.loose(end + 1):
        end += 1  # (the run's last line, before the line that closes the block)
    if k < i and not any(_alike(lab.text(i), lab.text(m)) for m in range(k, end + 1) if m != i):
        return 0  # unlike the things introduced: what comes after them
    j = lab.prev_text(k)
    if j is None or not lab.loose(j):
        return 0
    prev = lab.text(j)
    return -3 if prev.endswith(":") and nwords(prev) >= 6 else 0


@_evidence
def _nothing_under_it(lab: Labels, i: int, f: dict) -> int:
    """Nothing of the report follows (-4)."""
    return -4 if f["next"] is None else 0


def _features(lab: Labels, i: int, text: str | None = None) -> dict:
    text = text or lab.text(i)
    end = text[-1]
    bare = without_trailing_call(text)
    if bare != text:
        text, end = bare, bare[-1]
    if end in "\"”’»)]" and len(text) > 1:
        inner = text.rstrip("\"”’»)] \xa0")
        end = inner[-1] if inner and inner[-1] in "?!" else "w"
    elif end not in ".,;:?!":
        end = "w"
    if end == "." and text.endswith("..."):
        end = "w"
    nxt = lab.next_text(i)
    if nxt is not None and lab.role[nxt] is None and lab.info.get(i, {}).get("pair"):
        nxt = lab.next_text(nxt)
    if nxt is not None and nxt >= lab.back_start:
        nxt = None
    return {
        "end": end,
        "words": nwords(text),
        "outline": outline_number(text),
        "caps": all_caps(text),
        "next": nxt,
        "next_is_item": nxt is not None and lab.role[nxt] == "item",
        "section": lab.lines[i].words <= 4 and vocab.fold(text.rstrip(":")) in vocab.SECTION_NAMES,
    }


def _slot(lab: Labels, i: int, prev_heading: bool) -> bool:
    """Where a heading can stand.

    In a capture: a block's first line, alone or with much longer text right
    under it. In a browser's copy, which sets no blank line under a heading
    (a paragraph has one), any line with text right under it.
    """
    if lab.browser:
        return not lab.blank(i + 1)
    if not (lab.block_start(i) or prev_heading or i == lab.front_end):
        return False  # (the front matter's end starts a block of its own, blank line or not)
    if lab.blank(i + 1):
        return True
    j = i + 1
    if prev_heading:
        return len(lab.text(j)) > len(lab.text(i)) or not lab.loose(j)
    # (straight over its text: the line below a sentence half as long again at least; wrapped lines are of a length)
    return lab.loose(j) and len(lab.text(j)) * 2 >= 3 * len(lab.text(i)) and lab.lines[j].words >= 8 and without_trailing_call(lab.text(j))[-1] in ".!?:"


def _broken_heading(lab: Labels, i: int) -> bool:
    """A block of two short lines whose first breaks off at a joining word, or whose second runs on in lower case, over longer text: one heading broken over two lines.

    ("What the Owners Told Us About" / "Their Customers and Their Costs".) A
    browser's copy sets no blank lines to tell such a block, and is left alone.
    """
    if lab.browser or not lab.block_start(i) or i + 2 > len(lab) or lab.blank(i + 1) or not lab.free(i + 1):
        return False
    if i + 2 < len(lab) and not lab.blank(i + 2):
        return False
    first, second = lab.lines[i], lab.lines[i + 1]
    if first.text[-1] in ".,;:!?" or second.text[-1] in ".,;:" or first.words > 10 or second.words > 10:
        return False
    if first.text[0].islower() or not (vocab.fold(first.text.rsplit(" ", 1)[-1]) in vocab.JOINING_WORDS or second.text[0].islower()):
        return False
    j = lab.next_text(i + 1)
    return j is not None and lab.loose(j) and lab.lines[j].words >= 8


def label_headings(lab: Labels) -> None:
    decided: list[int] = []
    rules = [(r.name, r.fn) for r in HEADING_RULES]
    for i in lab.free_lines(lab.front_end, lab.back_start):
        text = lab.text(i)
        if len(text) > 250 or lab.role[i] is not None:
            continue
        prev_heading = bool(decided) and decided[-1] == i - 1
        pair = False
        if not _slot(lab, i, prev_heading):
            if not _broken_heading(lab, i):
                continue
            pair = True
            lab.info.setdefault(i, {})["pair"] = True
            text = f"{text} {lab.text(i + 1)}"
        f = _features(lab, i, text)
        score = 0
        reasons = []
        for name, fn in rules:
            w = fn(lab, i, f)
            if w:
                score += w
                reasons.append(f"{name}{w:+d}")
        if score >= THRESHOLD:
            lab.set(i, HEADING, ("heading-over-two-lines; " if pair else "") + "heading-evidence " + " ".join(reasons), score=score, outline=f["outline"])
            if pair:
                lab.set(i + 1, HEADING_CONT, "heading-over-two-lines")
            decided.append(i)
        else:
            lab.why[i].append(f"not-a-heading: evidence {score} < {THRESHOLD} " + " ".join(reasons))
    _contents(lab, decided)
    _numbered_documents(lab, decided)
    # (runs of short lines first: names and affiliations in a run are no evidence of the headings' case)
    _runs_of_terms(lab)
    _case_style(lab, decided)
    _repeated_fields(lab)
    _levels(lab)


# --------------------------------------------------------------------------- document-level passes


def _contents(lab: Labels, decided: list[int]) -> None:
    """A table of contents: its label with no list under it is the page's toggle; its entries repeat the headings.

    "Contents" (or "Inhaltsverzeichnis", "Sommaire" …) right above another
    heading is a collapsed table of contents: page furniture. Three or more
    lines in a row that repeat headings found elsewhere are its entries, not
    headings.
    """
    heads = [i for i in decided if lab.role[i] == HEADING]
    for i in heads:
        if vocab.fold(lab.text(i)) in vocab.CONTENTS_WORDS:
            j = lab.next_text(i)
            if j is None or lab.role[j] in (HEADING, None) and j in heads:
                lab.role[i] = None
                lab.set(i, FURNITURE, "contents-label-with-no-contents")
    # a block of lines most of which repeat headings found elsewhere is a table of contents
    head_texts = Counter(vocab.fold(lab.text(i)) for i in lab.with_role(HEADING))
    if not head_texts:
        return
    # A line of more words than the longest heading repeats none (folding
    # splits a lone no-break space, never joins words): only the others are
    # folded, and a block where they are too few to make half of it is passed by.
    longest = max(t.count(" ") for t in head_texts) + 1
    lines = lab.lines
    for i, j in lab.blocks:
        if j - i < 3:
            continue  # (most blocks are one line)
        block = range(i, j)
        short = [k for k in block if lines[k].words <= longest and len(lines[k].text) <= 200]
        if len(short) * 2 < len(block):
            continue
        if True:
            folded = {k: vocab.fold(lines[k].text) for k in short}
            inside = Counter(folded[k] for k in folded if lab.role[k] == HEADING)
            repeats = sum(1 for k in folded if head_texts[folded[k]] - inside[folded[k]] >= 1 or inside[folded[k]] >= 2)
            if repeats * 2 >= len(block):
                last = j - 1
                for k in block:
                    # the line right above the block's closing paragraph is the section's own heading, unless it repeats another
                    own = (
                        k == last - 1
                        and lab.loose(last)
                        and nwords(lab.text(last)) > 8
                        and head_texts[folded.get(k, "")] - inside[folded.get(k, "")] < 1
                    )
                    if lab.role[k] == HEADING and not own:
                        _undo(lab, k, "entry-of-a-table-of-contents")


def _adjacent(lab: Labels, a: int, b: int) -> bool:
    return all(lab.blank(k) for k in range(a + 1, b)) and b - a <= 2


def _numbered_documents(lab: Labels, decided: list[int]) -> None:
    """Where nearly every heading carries an outline number, an unnumbered one needs strong evidence."""
    heads = [i for i in decided if lab.role[i] == HEADING]
    numbered = [i for i in heads if lab.info[i].get("outline")]
    if len(numbered) < 5 or len(numbered) < 0.8 * len(heads):
        return
    for i in heads:
        info = lab.info[i]
        if not info.get("outline") and info["score"] < 5:
            _undo(lab, i, "unnumbered-in-a-numbered-document")


def _case_of(text: str) -> str:
    if all_caps(text):
        return "caps"
    significant = [w for w in WORDS.findall(text)[1:] if len(w) > 3]
    if len(significant) < 2:
        return "neutral"
    share = capital_share(text)
    if share >= 0.6:
        return "title"
    return "sentence" if share <= 0.25 else "neutral"


def _case_style(lab: Labels, decided: list[int]) -> None:
    """In English, where the mixed-case headings are in Title Case, a sentence-case line needs strong evidence to be one.

    (Other languages write their headings in sentence case as a rule.)
    """
    if lab.lang != "en":
        return
    heads = [i for i in decided if lab.role[i] == HEADING]
    cases = {i: _case_of(lab.text(i)) for i in heads}
    styled = [i for i in heads if cases[i] != "neutral"]
    sentence = [i for i in styled if cases[i] == "sentence"]
    # (a document whose mixed-case headings are not in Title Case, under headings
    # in capitals, writes its subheadings in sentence case)
    titled = sum(1 for i in heads if cases[i] != "caps" and lab.lines[i].words >= 2 and capital_share(lab.text(i)) >= 0.6)
    if len(styled) < 4 or titled < 2 or len(sentence) * 4 > len(styled):
        return
    for i in sentence:
        if not lab.info[i].get("outline") and lab.info[i]["score"] < 5:
            _undo(lab, i, "sentence-case-among-title-case-headings")


def _runs_of_terms(lab: Labels) -> None:
    """Four or more headings in a row with nothing between them are a list of terms, not a cascade of headings."""
    run: list[int] = []
    role, empty, back = lab.role, lab.empty, lab.back_start
    for i in range(lab.front_end, back + 1):
        if i < back:
            if empty[i]:
                continue
            if role[i] == HEADING:
                run.append(i)
                continue
        if len(run) >= 4:
            # the first line may be the heading over the list of terms: it lacks their separator
            rest = run[1:]
            shaped = sum(1 for k in rest if _TERM_SEPARATOR.search(lab.text(k)))
            keep_first = shaped * 4 >= len(rest) * 3 and not _TERM_SEPARATOR.search(lab.text(run[0]))
            for k in run[1:] if keep_first else run:
                if not lab.info[k].get("outline") and vocab.fold(lab.text(k)) not in vocab.SECTION_NAMES:
                    _undo(lab, k, "one-of-a-run-of-short-lines")
        run = []


_TERM_SEPARATOR = re.compile(r"\s[-–—]\s|:\s")
# "Assurance category: High …": a label of one to four words, a colon, a value.
_FIELD_LINE = re.compile(r"^([^\W\d_][\w'’-]*(?: [\w'’-]+){0,3}):\s+\S")


def _repeated_fields(lab: Labels) -> None:
    """A "Label: value" line whose opening words recur three times or more under headings is a field of those sections.

    The line above each such field is then the section's heading, whatever
    its own evidence: the document's parallel structure says so.
    """
    openings: Counter[str] = Counter()
    lines: dict[int, str] = {}
    every, role = lab.lines, lab.role
    for i in range(lab.front_end, lab.back_start):
        if role[i] is not None and role[i] != HEADING:
            continue  # (blank lines are claimed)
        line = every[i]
        text = line.text
        m = _FIELD_LINE.match(text) if line.words <= 20 and ": " in text else None
        if m and not outline_number(text):
            key = m.group(1).lower()
            openings[key] += 1
            lines[i] = key
    for i, key in lines.items():
        if openings[key] < 3:
            continue
        if lab.role[i] == HEADING:
            _undo(lab, i, "field-repeated-under-headings")
        j = lab.prev_text(i)
        if j is not None and lab.free(j) and nwords(lab.text(j)) <= 20 and lab.block_start(j):
            lab.set(j, HEADING, "heading-over-a-repeated-field", score=THRESHOLD, outline=outline_number(lab.text(j)))


def _undo(lab: Labels, i: int, reason: str) -> None:
    lab.role[i] = None
    lab.why[i].append(f"not-a-heading: {reason}")
    if i + 1 < len(lab) and lab.role[i + 1] == HEADING_CONT:
        lab.role[i + 1] = None
        lab.why[i + 1].append(f"not-a-heading: {reason}")


def _levels(lab: Labels) -> None:
    """Outline depth gives the level; otherwise capitals outrank mixed case."""
    heads = lab.with_role(HEADING)
    caps = {i for i in heads if all_caps(lab.text(i))}
    mixed_caps = bool(caps) and len(caps) < len(heads)
    for i in heads:
        outline = lab.info[i].get("outline")
        if outline and outline[0] == "num":
            level = min(6, outline[1].rstrip(".").count(".") + 1)
        elif outline and outline[0] in ("roman", "word"):
            level = 1
        elif outline and outline[0] in ("letter", "lower"):
            level = 2
        elif mixed_caps:
            level = 1 if i in caps else 2
        else:
            level = 1
        lab.info[i]["level"] = level


__all__ = ["HEADING_RULES", "THRESHOLD", "label_headings", "SENTENCE_END"]
