"""Page furniture: the site's own lines around the report, at the front and at the back.

Banners ("An official website of …"), site names (a bare domain), breadcrumbs
("Home > Reports > …"), menu lines (an emoji or symbol before a short label),
badges, tab rows ("Article Authors Metrics …"), "Share", "Return to top", tag
lists, licence and copyright footers, the author box a page repeats after the
article. :data:`LINE_RULES` decide from one line's shape and the general
vocabulary of :mod:`.vocab`; :func:`label_back` finds where the back matter
starts — the earliest furniture line after the last of the report's own text
from which on nothing reads as the report — and labels the lines from there.
Furniture is kept in the model (with its line numbers) and left out of the
brief.
"""

from __future__ import annotations

import re
import unicodedata

from . import vocab
from .labels import AUTHOR, DATE, FURNITURE, ITEM, NOTE, NOTE_CONT, NOTES_HEADING, ROLE, TABLE, Labels, Rule, rule
from .lines import DATE_ANYWHERE, nwords, is_date_line, outline_number

LINE_RULES: list[Rule] = []
_PARENTHESIS_END = re.compile(r"\s*\([^)]{1,30}\)$")


@rule(LINE_RULES)
def _furniture_word(text: str) -> bool:
    """The whole line is a furniture label ("Share", "Return to top", "Open Access", "Page source (GitHub)" …)."""
    if len(text) > 60:
        return False
    label = _PARENTHESIS_END.sub("", text).rstrip(":") if text.endswith(")") else text.rstrip(":")
    return vocab.fold(label) in vocab.FURNITURE_LINES


@rule(LINE_RULES)
def _label_and_address(text: str) -> bool:
    """A short label and a URL, nothing else ("Source: https://…", "Permalink: …"): the page's own address."""
    return "://" in text and bool(_LABEL_URL.match(text))


_LABEL_URL = re.compile(r"^[^\W\d_][\w ]{0,20}:\s*https?://\S+$")


@rule(LINE_RULES)
def _tag_list(text: str) -> bool:
    """A tag-list label, a colon, then short terms separated by commas ("Tags: rail, cities, planning")."""
    head, colon, rest = text.partition(":")
    if not colon or len(head) > 25 or vocab.fold(head) not in vocab.TAG_LABELS:
        return False
    terms = [t for t in _TERM_SEPARATOR.split(rest) if t.strip()]
    return bool(terms) and all(nwords(t.strip()) <= 5 for t in terms) and not _SENTENCE_STOP.search(rest)


_TERM_SEPARATOR = re.compile(r"[,;|·•]")
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")


@rule(LINE_RULES)
def _navigation(text: str) -> bool:
    """A short navigation line ("Back to all guides", "Related articles", "Zurück zur Übersicht", "Guías relacionadas")."""
    return nwords(text) <= 7 and text[-1] not in ".;," and bool(vocab.NAVIGATION.match(text))


@rule(LINE_RULES)
def _furniture_phrase(text: str) -> bool:
    """The line carries a furniture phrase ("An official website of", "All rights reserved", "Licensed under" …)."""
    if len(text) > 200:
        return False
    low = text.lower()
    # (a few substring tests turn nearly every line away before the long case-blind pattern runs)
    for stem in vocab.FURNITURE_STEMS:  # (a plain loop: a generator costs more than the tests)
        if stem in low:
            return bool(vocab.FURNITURE_PHRASES.search(text))
    return False


@rule(LINE_RULES)
def _share_line(text: str) -> bool:
    """A sharing button with its network ("Share this via Facebook", "Partager sur LinkedIn", "Teilen auf X")."""
    return nwords(text) <= 6 and text[-1] not in ".;" and bool(vocab.SHARE_LINE.match(text))


@rule(LINE_RULES)
def _counter(text: str) -> bool:
    """A counter of a page's reactions: "1.2K", "18", "2.1K Followers", "34 comments" (not a year, which is a date)."""
    m = _COUNTER.match(text)
    return m is not None and (m.group(2) is not None or m.group(3) is not None or not _YEAR.match(m.group(1)))


_COUNTER = re.compile(r"^(\d[\d.,]{0,6})\s?([KkMm]\+?)?(?:\s+(" + "|".join(vocab.COUNTER_WORDS) + r"))?\s?[·∙•]?$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d$")


@rule(LINE_RULES)
def _separator(text: str) -> bool:
    """A line of one to five symbols with no letter or digit ("·", "|", "• •"): a separator the page drew."""
    return len(text) <= 9 and not any(c.isalnum() for c in text) and len(text.replace(" ", "")) <= 5


@rule(LINE_RULES)
def _subscribe_prompt(text: str) -> bool:
    """An invitation to subscribe ("Subscribe to The Ledger", "Sign up for our newsletter")."""
    return nwords(text) <= 8 and text[-1] not in ".;" and bool(vocab.SUBSCRIBE_PROMPT.match(text))


@rule(LINE_RULES)
def _publication_line(text: str) -> bool:
    """The platform's publication line: "Published in Engineering Notes", "Posted in Updates"."""
    if nwords(text) > 8 or "," in text or text[-1] in ".;" or not vocab.PUBLISHED_IN.match(text):
        return False
    return not (any(c.isdigit() for c in text) and DATE_ANYWHERE.search(text))  # ("Published in March 2024" is a date)


@rule(LINE_RULES)
def _copyright(text: str) -> bool:
    """A copyright line ("© 2024 …", "Copyright 2021 …")."""
    return bool(vocab.COPYRIGHT.match(text))


@rule(LINE_RULES)
def _site_domain(text: str) -> bool:
    """The line is a bare domain: the site's name ("example.gov")."""
    return "." in text and " " not in text and bool(vocab.DOMAIN.match(text)) and "@" not in text


@rule(LINE_RULES)
def _breadcrumb(text: str) -> bool:
    """Short labels joined by "»", "›", ">" or "/": a breadcrumb."""
    if text[0] == "|":
        return False  # a table's row
    # (in a line with "«", "»" closes a French quotation, not a crumb; a line
    # with none of the separators is one part, and the patterns need not run)
    strong = "»" in text or "›" in text or ">" in text or "→" in text
    parts = (vocab.BREADCRUMB_NO_GUILLEMET if "«" in text else vocab.BREADCRUMB).split(text) if strong else [text]
    weak = vocab.BREADCRUMB_WEAK.split(text) if "/" in text or "|" in text or "·" in text else [text]
    if len(parts) < 2 and len(weak) >= 3:
        parts = weak
    if len(parts) >= 2:
        return nwords(text) <= 14 and all(0 < nwords(p) <= 5 for p in parts)
    words = text.split()
    return 2 <= len(words) <= 4 and vocab.fold(words[0]) in _HOME and all(w[:1].isupper() for w in words)


_HOME = frozenset(("home", "accueil", "startseite", "inicio", "início", "home page"))


@rule(LINE_RULES)
def _menu_symbol(text: str) -> bool:
    """A symbol or emoji before a short label: a menu entry."""
    if nwords(text) > 6:
        return False
    first = text[0]
    return unicodedata.category(first) in ("So", "Sk", "Cn") and not first.isalnum()


def tab_row(text: str) -> bool:
    """Six or more capitalised single words, no joining word, no punctuation: a row of tabs or menu labels."""
    words = text.split()
    if not 6 <= len(words) <= 12 or re.search(r"[^\w\s-]", text):
        return False
    return all(w[0].isupper() for w in words) and not any(w.lower() in _JOINING for w in words)


_JOINING = frozenset("of the and a an to in for on with from by at as or is are".split())


def furniture_rule(text: str) -> str | None:
    """The name of the first line rule that takes ``text`` for furniture, or None."""
    for r in LINE_RULES:
        if r.fn(text):
            return r.name
    return None


# --------------------------------------------------------------------------- back matter


def label_back(lab: Labels, authors: list[str], date: str | None) -> None:
    """Label the furniture after the report's own text: from the earliest furniture line past which nothing reads as the report."""
    n = len(lab)
    known = {vocab.fold(a) for a in authors}
    start: int | None = None
    i = n - 1
    checked = 0
    # (the walk stops at the front matter: its furniture, a "Share" over the
    # first paragraph, does not make the whole report the page's footer)
    while i >= lab.front_end and checked < 60:
        if lab.blank(i):
            i -= 1
            continue
        role = lab.role[i]
        text = lab.text(i)
        if role == NOTE_CONT and _label_like(text):
            pass  # a short label the notes stage ran on from the last note: the page's lines after the notes
        elif role in (NOTE, NOTE_CONT, NOTES_HEADING, ITEM, TABLE) or (role is not None and role != FURNITURE):
            break
        if _strong_furniture(text, known, date):
            if start is not None and _button(text) and _prose_between(lab, i, start):
                break  # a "Share" over paragraphs: the buttons over the report, the footer is below it
            start = i
        elif not _may_be_furniture(text) or _numbered_heading(lab, i) or _closing_section(lab, i):
            break  # (a numbered section heading is the report's own: its furniture lies after it)

        checked += 1
        i -= 1
    if start is None:
        return
    lab.back_start = start
    prev_author = False
    for k in range(start, n):
        if lab.role[k] == NOTE_CONT:
            lab.set(k, FURNITURE, "after-the-notes")
            continue
        if not lab.free(k):
            continue
        text = lab.text(k)
        if vocab.fold(text) in known:
            lab.set(k, FURNITURE, "author-box", what="author")
            prev_author = True
            continue
        if prev_author and not furniture_rule(text) and not is_date_line(text):
            lab.set(k, FURNITURE, "author-box", what="role")
            continue
        prev_author = False
        lab.set(k, FURNITURE, furniture_rule(text) or ("date-repeated" if is_date_line(text) else "back-matter"))


# The furniture rules that hold after the report too; a domain, a menu symbol or a breadcrumb
# can be the report's own last words there.
_BACK_RULES = frozenset(
    (
        "furniture-word", "tag-list", "navigation", "furniture-phrase", "copyright", "label-and-address", "share-line",
        "counter", "subscribe-prompt",
    )
)


def _strong_furniture(text: str, known: set[str], date: str | None) -> bool:
    if furniture_rule(text) in _BACK_RULES:
        return True
    if known and (vocab.fold(text) in known or _credits_known(text, known)):
        return True
    return date is not None and vocab.fold(text) == vocab.fold(date)


def _button(text: str) -> bool:
    """A button's label or a counter ("Share", "Follow", "42"), not a heading of the page's own boxes ("Related articles")."""
    return vocab.fold(text) in vocab.BUTTON_LINES or furniture_rule(text) in ("share-line", "counter")


def _prose_between(lab: Labels, i: int, j: int) -> bool:
    """Two sentences of eight words or more between lines ``i`` and ``j``: paragraphs of the report."""
    found = 0
    for k in range(i + 1, j):
        text = lab.text(k)
        if text and lab.lines[k].words >= 8 and text[-1] in ".!?" and lab.free(k):
            found += 1
            if found == 2:
                return True
    return False


def _label_like(text: str) -> bool:
    """Five words or fewer with no digit, address or closing punctuation: a label, not a note's words."""
    return nwords(text) <= 5 and text[-1] not in ".,;:)" and not any(c.isdigit() for c in text) and "/" not in text.replace(" / ", "")


def _credits_known(text: str, known: set[str]) -> bool:
    """A byline of the known authors repeated in the author box ("Written by Jane Doe")."""
    from .front import byline  # (the front stage's byline reader; imported here, as it imports this module)

    found = byline(text) if nwords(text) <= 12 else None
    return found is not None and bool(found[0]) and all(vocab.fold(name) in known for name in found[0])


def _numbered_heading(lab: Labels, i: int) -> bool:
    """A short line alone with an outline number ("3. Getting help"): a section of the report."""
    text = lab.text(i)
    return lab.alone(i) and nwords(text) <= 12 and text[-1] not in ".,;:" and outline_number(text) is not None


def _closing_section(lab: Labels, i: int) -> bool:
    """A heading that closes a paper ("Acknowledgements", "Competing interests"): the report's own section."""
    text = lab.text(i)
    if nwords(text) > 5 or not (lab.block_start(i) or lab.browser):
        return False
    name = vocab.fold(text.rstrip(":"))
    return name in vocab.CLOSING_SECTIONS and name not in vocab.FURNITURE_LINES


def _may_be_furniture(text: str) -> bool:
    """Short lines (tags, box titles, an author's agency) or short sentences of a page's footer."""
    return nwords(text) <= 24  # (a footer's sentences are short; a paragraph of the report runs longer)


__all__ = ["LINE_RULES", "furniture_rule", "label_back", "AUTHOR", "DATE", "ROLE"]
