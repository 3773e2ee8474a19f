"""Stage 8: the front matter — furniture, kicker, title, subtitle, authors and roles, date, links.

The front zone is the run of short lines before the report's body begins
(a paragraph, a list, a table, an outline-numbered heading, or a title-like
line that follows the metadata and has body text under it). Each of its lines
is first classified by the rules of :data:`FRONT_RULES` — furniture, a link,
a date, a byline ("By …", "Par …", "Von …", "Por …"), an author field
("Author: …"), a line of person names, a role or affiliation after an author,
a header field ("Status: Final"), a deck sentence — and what is left is
title-like. The title is then chosen from the document's own evidence: the
title-like line right before the metadata, with a short line before it read
as a kicker (or a site name) and a sentence-case phrase after it as its deck.
Lines of the zone the rules leave are handed back to the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date

from ..model import Author, Field, SourceLink
from . import vocab
from .furniture import furniture_rule, tab_row
from .labels import (
    AUTHOR,
    DATE,
    FIELD,
    FURNITURE,
    KICKER,
    LINK,
    ROLE,
    SUBTITLE,
    TITLE,
    Labels,
    Rule,
    rule,
)
from .lines import (
    nwords,
    BYLINE,
    DATE_ANYWHERE,
    SLUG,
    capital_share,
    is_date_line,
    is_link_line,
    kind_of_link,
    outline_number,
    sentence_then_more,
    slug_to_name,
    without_trailing_call,
)


@dataclass
class FrontMatter:
    title: str | None = None
    kicker: str | None = None
    subtitle: str | None = None
    authors: list[Author] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    date: str | None = None
    date_iso: str | None = None
    image_caption: str | None = None
    links: list[SourceLink] = field(default_factory=list)
    fields: list[Field] = field(default_factory=list)


# --------------------------------------------------------------------------- person names

_PARTICLES = frozenset("van von de da del della der den du la le di dos das do y bin al ten ter zu st.".split())
_TOKEN = re.compile(r"^(?:[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\-]*|[A-Z]\.(?:[A-Z]\.)*)$")
_EMAIL = re.compile(r"\s*(?:<[^>]*>|\([^)]*@[^)]*\)|\([^)]*\bat\b[^)]*\))")
_COLLECTIVE = re.compile(
    r"^(?:the\s+)?(?:[\w'’-]+\s+){0,4}(?:team|group|staff|collective|committee|editors|editorial board|board|council|"
    r"working group|task force|community|project|équipe|groupe|rédaction|redaktion|gruppe|equipo|grupo|redacción|"
    r"gruppo|redazione|equipe)$|^the\s",
    re.IGNORECASE,
)


# Word endings that names hardly ever have and the nouns of titles often do
# (English and Romance -tion/-ción/-zione, -ment, -ities/-ité/-idad, -ism,
# -ship, German -heit/-keit/-schaft …). Endings that names share (-ence in
# Lawrence, -ies in Davies, -ness in Guinness) are left out.
_NOUN_ENDING = re.compile(
    r"(?:tion|sion|ción|sión|zione|ção|ções|(?<!Cle)ment|ities|ité|idad|ità|idade|ism|isme|ismo|ship|ics|ology|"
    r"heit|keit|schaft|ungen)s?$",
    re.IGNORECASE,
)


def person_name(text: str) -> bool:
    """Two to five name tokens (capitalised words, initials, particles), the last a word: a person's name."""
    tokens = text.split()
    if not 2 <= len(tokens) <= 5:
        return False
    if tokens[0].lower() in _PARTICLES:
        return False
    for t in tokens:
        if t.lower() in _PARTICLES and t.islower():
            continue
        if not _TOKEN.match(t):
            return False
    last = tokens[-1]
    if len(last.rstrip(".")) < 2 or last.endswith(".") or all(len(t.rstrip(".")) == 1 for t in tokens):
        return False
    if all(t.isupper() for t in tokens) and len(tokens) > 2 and not any(t.endswith(".") for t in tokens):
        return False  # "PLANNING INSPECTORATE FILE": capitals are a name only as "M. SMITH" or "JANE SMITH"
    if any(_NOUN_ENDING.search(t) for t in tokens):
        return False  # "Transport Subsidies", "Rural Regeneration": words of a title, not a name
    if tokens[-1].lower() in _ROLE_NOUNS:
        return False  # "Senior Fellow", "Policy Analyst": a role, not a name
    return not vocab.has_org_word(text)


# Nouns that end a role and never a name in a byline.
_ROLE_NOUNS = frozenset(
    "fellow director professor lecturer analyst researcher president editor officer adviser advisor scholar "
    "economist manager coordinator consultant specialist expert founder correspondent journalist writer author "
    "student candidate scientist engineer historian strategist intern ceo chair associate".split()
)


def names_in(text: str, *, allow_single: bool = False, marks: dict[str, str] | None = None) -> tuple[list[str], list[str]] | None:
    """``(persons, collectives)`` when the whole text is a list of names, else None.

    A name may carry the marks of its affiliations ("Ana Souza¹,²", "Jo Lee*"):
    they are left out of the name and, when ``marks`` is given, put there by name.
    """
    text = _EMAIL.sub("", text).strip().rstrip(",;")
    if not text or len(text) > 600:
        return None
    if _DIGIT_MARK.search(text):
        text = digit_marks(text)
    if _MARK_CHARS.search(text):
        text = _MARK_LIST.sub(r"\1", text)  # "¹,²" → "¹²": one name's marks, not two names
    parts = [p.strip() for p in vocab.NAME_JOINERS.split(text) if p and p.strip()]
    persons: list[str] = []
    collectives: list[str] = []
    for p in parts:
        m = _NAME_MARKS.match(p)
        if m:
            p = m.group(1)
            if marks is not None:
                marks[p] = m.group(2)
        if _COLLECTIVE.match(p) and nwords(p) <= 6:
            collectives.append(p)
        elif person_name(p) or (allow_single and len(parts) == 1 and re.match(r"^[A-ZÀ-Ý][\w'’-]+$", p)):
            persons.append(p)
        else:
            return None
    return (persons, collectives) if persons or collectives else None


_MARKS = "¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§"
_MARK_CHARS = re.compile(f"[{_MARKS}]")
_MARK_LIST = re.compile(f"([{_MARKS}])\\s*,\\s*(?=[{_MARKS}])")
_NAME_MARKS = re.compile(f"^(.*[^\\s{_MARKS}])\\s*([{_MARKS}]+)$")
# An affiliation line under the names: its mark, then the institution ("¹ University of …").
_AFFILIATION = re.compile(f"^([{_MARKS}]+)\\s*(\\S.{{2,200}})$")


# Marks that lost their superscript in the copy: a digit glued to a name's last
# letter ("Delgado1", "Raman1,2") or to an institution's first ("1University of …").
_DIGIT_MARK = re.compile(r"(?<=[^\W\d_])[1-9](?:,[1-9])*(?=,|\s|$)|^[1-9](?=[^\W\d_])")
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def digit_marks(text: str) -> str:
    """The text with marks of plain digits glued to a word made superscripts ("Raman1,2" → "Raman¹²")."""
    return _DIGIT_MARK.sub(lambda m: m.group(0).replace(",", "").translate(_TO_SUPERSCRIPT), text)


def affiliation(text: str) -> tuple[str, str] | None:
    """``(mark, institution)`` of an affiliation line ("¹ Universidade de São Paulo, Brasil"), else None."""
    if text[0].isdigit() and len(text) > 1 and text[1].isalpha():
        text = digit_marks(text)
    m = _AFFILIATION.match(text)
    if not m or text[-1] == ".":
        return None
    rest = m.group(2)
    return (m.group(1), rest) if vocab.ROLE_WORDS.search(rest) or vocab.ORG_WORDS.search(rest) or "," in rest else None


def person_with_affiliation(text: str) -> tuple[str, str] | None:
    """``(name, role)`` of "Jane Doe, Transport Research Unit" or "Jane Doe (Senior Fellow)", else None."""
    m = _NAME_THEN_ROLE.match(text)
    if not m:
        return None
    name, role = m.group(1).strip(), m.group(2).strip()
    if not person_name(name) or vocab.has_role_word(name):
        return None  # ("Senior Fellow, Centre for …" is a role and its organisation)
    if not (vocab.has_role_word(role) or vocab.has_org_word(role)) or names_in(role):
        return None
    return name, role


_NAME_THEN_ROLE = re.compile(r"^([^,(]{3,60}?)\s*(?:,\s*|\()([^()]{3,120}?)\)?$")


def byline(text: str) -> tuple[list[str], list[str], list[str], dict[str, str]] | None:
    """``(persons, collectives, credits, roles)`` of a "By A, B and C – Edited by D" line, else None.

    ``roles`` maps a person to the role or affiliation the line gives after
    the name ("By Jane Doe, Senior Fellow").
    """
    if len(text) > 400:
        return None
    segments = [s.strip() for s in re.split(r"\s+[–—|]\s+|\s*;\s*", text) if s.strip()]
    if not segments:
        return None
    first = segments[0]
    m = BYLINE.match(first)
    field = vocab.AUTHOR_FIELD.match(first)
    if m:
        rest = m.group(1)
    elif field:
        rest = first[field.end():]
    else:
        return None
    found = names_in(rest, allow_single=bool(field))
    roles: dict[str, str] = {}
    if not found:
        pair = person_with_affiliation(rest)
        if not pair:
            return None
        found = ([pair[0]], [])
        roles[pair[0]] = pair[1]
    credits = segments[1:]
    if any(not vocab.NOT_AUTHOR_ROLES.search(c) for c in credits):
        return None
    return found[0], found[1], credits, roles


# --------------------------------------------------------------------------- dates


def iso_date(text: str, lang: str = "en") -> str | None:
    """The date of a date line as ISO 8601 (``YYYY-MM-DD`` or ``YYYY-MM``), when it can be read.

    "03/04/2021" is month first in English and day first in the other
    languages (a value over 12 settles it either way).
    """
    m = DATE_ANYWHERE.search(text)
    if not m:
        return None
    core = m.group(1).lower().replace(",", " ").replace(" de ", " ")
    core = re.sub(r"(\d)(st|nd|rd|th|er|º)\b", r"\1", core)
    m2 = re.match(r"(\d{4})-(\d{2})-(\d{2})(?:t|$)", core.strip())
    if m2:
        return _ymd(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
    words = re.findall(r"[^\W\d_]+\.?|\d+", core)
    words = [w.rstrip(".") for w in words if w.rstrip(".") not in vocab.WEEKDAYS]
    month = next((vocab.MONTH_NUMBER[w] for w in words if w in vocab.MONTH_NUMBER), None)
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((y for y in numbers if y >= 1000), None)
    if month and year:
        days = [d for d in numbers if d < 100 and d != year]
        return _ymd(year, month, days[0]) if days else f"{year:04d}-{month:02d}"
    m3 = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})", core.strip())
    if m3:
        a, b, y = int(m3.group(1)), int(m3.group(2)), int(m3.group(3))
        y = y + 2000 if y < 100 else y
        # "/" is month first in American use, "." day first; a value over 12 settles it
        month_first = "/" in core and a <= 12 and lang == "en"
        if b > 12:
            month_first = True
        elif a > 12:
            month_first = False
        return _ymd(y, a, b) if month_first else _ymd(y, b, a)
    return None


def _ymd(y: int, m: int, d: int) -> str | None:
    try:
        return _date(y, m, d).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- line kinds

FRONT_RULES: list[Rule] = []

_FIELD_NAME = re.compile(r"^[A-Z][\w -]{0,30}:$")
_FIELD_PAIR = re.compile(r"^([A-Z][\w .-]{0,30}?\w):\s+(\S.{0,80})$")


@rule(FRONT_RULES)
def _meta_line(lab: Labels, i: int):
    """Names, a date and a reading time in one line, set apart by "|" or "·" ("Jane Doe | 18 July 2017 | 6 min read")."""
    text = lab.text(i)
    if "|" not in text and "·" not in text and "•" not in text:
        return None
    found = meta_line(text)
    if found:
        return ("A", found)
    return ("D", "meta") if _dated_meta_line(text) else None  # ("22 de agosto de 2021 · 5 min de leitura")


def _dated_meta_line(text: str) -> bool:
    """A date and reading times or furniture, set apart by "|" or "·", with no names."""
    parts = [p.strip() for p in _META_SEPARATOR.split(text) if p.strip()]
    dates = [p for p in parts if is_date_line(p)]
    return len(parts) >= 2 and len(dates) == 1 and all(p in dates or _READING_TIME.match(p) or furniture_rule(p) for p in parts)


def meta_line(text: str) -> tuple[list[str], list[str], list[str], dict[str, str]] | None:
    """The authors of a line of metadata parts, when one part names them and every other is a date, a reading time or furniture."""
    parts = [p.strip() for p in _META_SEPARATOR.split(text) if p.strip()]
    if len(parts) < 2:
        return None
    found: tuple[list[str], list[str], list[str], dict[str, str]] | None = None
    for part in parts:
        names = None if found else (byline(part) or names_in(part))
        if names:
            found = (names[0], names[1], [], names[3] if len(names) > 3 else {})
        elif not (is_date_line(part) or _READING_TIME.match(part) or furniture_rule(part)):
            return None
    return found


_META_SEPARATOR = re.compile(r"\s+[|·•]\s+")
_READING_TIME = re.compile(
    r"^\d+\s*(?:min(?:ute)?s?\.?|mn)\s*(?:read|reading|de lecture|lesezeit|de lectura|di lettura|de leitura)?$|"
    r"^(?:lesezeit|lectura|lettura|leitura|temps de lecture|reading time)\s*:?\s*\d+\s*min",
    re.IGNORECASE,
)


@rule(FRONT_RULES)
def _furniture_line(lab: Labels, i: int):
    """A furniture line by its shape (banner, domain, breadcrumb, menu, badge)."""
    name = furniture_rule(lab.text(i))
    return ("F", name) if name else None


@rule(FRONT_RULES)
def _link_line(lab: Labels, i: int):
    """A link offering the report in another form ("View full PDF"), or a DOI or URL alone."""
    text = lab.text(i)
    if is_link_line(text) or vocab.URL_LINE.match(text):
        return ("L", None)
    return None


@rule(FRONT_RULES)
def _date_line(lab: Labels, i: int):
    """A date in any of the six languages, with or without "Published:", a weekday or a version."""
    text = lab.text(i)
    if is_date_line(text) or (text[-1] in ")*†]" and is_date_line(_MARKED_END.sub("", text))):
        return ("D", None)  # (with or without a note's mark after it: "12 March 2024 (*)")
    head = _CREDIT_AFTER.split(text, 1)[0] if " - " in text or " – " in text or " — " in text else None
    if head and is_date_line(head) and nwords(text) <= 20:
        return ("D", None)  # "Vérifié le 01 janvier 2024 - Direction de l'information légale": a date and who vouches for it
    # "Decision Date: 09/30/25  Archive Date: 09/30/25", "Last Reviewed: 16 May 2022, …": fields holding a date
    if ":" in text and nwords(text) <= 20 and DATE_ANYWHERE.search(text):
        return ("D", None)
    return None


@rule(FRONT_RULES)
def _reading_time(lab: Labels, i: int):
    """A reading time alone ("7 min read", "Lesezeit: 4 Min."): a field of the front matter, not a numbered heading."""
    text = lab.text(i)
    return ("K", Field("", text)) if _READING_TIME.match(text) else None


@rule(FRONT_RULES)
def _contact_line(lab: Labels, i: int):
    """Only e-mail addresses ("{a, b}@uni.edu, c@lab.org"): the authors' contacts, kept as a field."""
    text = lab.text(i)
    if "@" not in text or not _CONTACTS.match(text):
        return None
    return ("K", Field("", text))


@rule(FRONT_RULES)
def _citation_line(lab: Labels, i: int):
    """A journal's citation of the article ("Journal volume 15, Article number: 2201 (2024)"): a field."""
    text = lab.text(i)
    if nwords(text) > 25 or not any(c.isdigit() for c in text) or not _CITATION.search(text):
        return None
    return ("K", Field("", text))


_CITATION = re.compile(r"\b(?:volume|vol\.|article number|issue|jahrgang|numéro|número|fascicolo)\s*:?\s*\d", re.IGNORECASE)

_CONTACTS = re.compile(r"^(?:(?:\{[^{}@]{1,200}\}|[\w.+-]+)@[\w-]+(?:\.[\w-]+)+[\s,;]*)+$")

_CREDIT_AFTER = re.compile(r"\s[-–—]\s")
_MARKED_END = re.compile(r"\s*(?:\(\*+\)|\*+|†|\[\d{1,3}\])$")

_BYLINE_PHRASE_OPENINGS = frozenset(p.split()[0] for p in vocab.BYLINE_PHRASES)


@rule(FRONT_RULES)
def _byline_line(lab: Labels, i: int):
    """"By A, B and C", "Par …", "Von …", "Authors: …", with editor or translator credits after a dash."""
    text = lab.text(i)
    first = text[: text.find(" ")].lower() if " " in text else ""
    if first not in vocab.BYLINE_WORDS and first not in _BYLINE_PHRASE_OPENINGS and ":" not in text[:24]:
        return None  # (neither a byline word nor a field name opens the line)
    found = byline(text)
    return ("A", found) if found else None


@rule(FRONT_RULES)
def _author_slug(lab: Labels, i: int):
    """An author's slug as a site prints it (``jane_doe``)."""
    text = lab.text(i)
    return ("A", ([slug_to_name(text)], [], [], {})) if SLUG.match(text) else None


@rule(FRONT_RULES)
def _author_field(lab: Labels, i: int):
    """A field name for authors ("Author:", "Autores:") alone, its value on the next line."""
    text = lab.text(i)
    if not vocab.AUTHOR_FIELD.match(text) or text.rstrip()[-1] != ":":
        return None
    j = lab.next_text(i)
    if j is None:
        return None
    value = lab.text(j)
    found = names_in(value, allow_single=True)
    if found:
        return ("AF", (found[0], found[1], [], {}, j))
    pair = person_with_affiliation(value)
    return ("AF", ([pair[0]], [], [], {pair[0]: pair[1]}, j)) if pair else None


@rule(FRONT_RULES)
def _field(lab: Labels, i: int):
    """A header field: a name ending in a colon alone on its line ("Status:"), or "Name: value" when short."""
    text = lab.text(i)
    if _FIELD_NAME.match(text) and nwords(text) <= 3:
        return ("KN", None)
    m = _FIELD_PAIR.match(text)
    value = m.group(2).split() if m else []
    if m and i > 0 and nwords(m.group(1)) <= 3 and (len(value) <= 2 or (len(value) <= 6 and re.search(r"\d", m.group(2)))):
        if _headline_with_colon(m.group(1), value) and lab.alone(i):
            return None  # "Rural Broadband Programs: An Overview": a title and its subtitle, in title case, alone
        return ("K", Field(m.group(1), m.group(2)))
    return None


def _headline_with_colon(name: str, value: list[str]) -> bool:
    """Three capitalised words or more, a colon, then capitalised words with no digit: a headline, not a field."""
    words = name.split()
    return (
        len(words) >= 3
        and all(w[0].isupper() for w in words if w.lower() not in vocab.JOINING_WORDS)
        and all(w[0].isupper() and not any(c.isdigit() for c in w) for w in value)
    )


@rule(FRONT_RULES)
def _outline_heading(lab: Labels, i: int):
    """An outline-numbered heading ("1 Introduction", "I. Background"): the body has begun."""
    text = lab.text(i)
    if outline_number(text) and nwords(text) <= 14 and text[-1] not in ".,;":
        nxt = lab.next_text(i)
        if nxt is not None and _INITIAL_AND_NAME.match(text) and _role_like(lab.text(nxt)):
            return None  # "A. Novak" over "Example University": an author's initial, not section A
        return ("H", None) if nxt is not None else None
    return None


_INITIAL_AND_NAME = re.compile(r"^[A-Z]\. [A-Z][\w'’-]+$")


@rule(FRONT_RULES)
def _body_text(lab: Labels, i: int):
    """A paragraph: long, a sentence of more than twelve words, or a line of hard-wrapped prose."""
    text = without_trailing_call(lab.text(i))  # (a call after the last full stop hides it)
    words = nwords(text)
    if words > 12 and words <= 30 and text[-1] == "." and _metadata_under(lab, i):
        return None  # a deck: one sentence with the byline or the date under it
    if words > 30 or (words > 12 and text[-1] in ".!?:;") or (words > 4 and sentence_then_more(text)):
        return ("B", None)
    if words > 12 and re.search(r"\[\d{1,3}\]", text):
        return ("B", None)  # a note call: text of the body
    if words >= 4 and "://" in text:
        return ("B", None)  # a web address among words: a sentence of the body, not a title
    nxt = lab.lines[i + 1] if i + 1 < len(lab) else None
    if words >= 8 and nxt and nxt.words >= 4 and nxt.text[0].islower() and text[-1] not in ".!?":
        return ("B", None)  # the sentence runs on into the next line: wrapped prose
    return None


def _metadata_under(lab: Labels, i: int) -> bool:
    j = lab.next_text(i)
    if j is None or not lab.free(j):
        return False
    text = lab.text(j)
    return bool(byline(text)) or is_date_line(text) or bool(SLUG.match(text))


@rule(FRONT_RULES)
def _deck_sentence(lab: Labels, i: int):
    """A short sentence ending with a full stop: a deck or lead."""
    text = lab.text(i)
    if text[-1] == "." and nwords(text) >= 3:
        # one sentence, with no note call, and not the capture's last line: a deck
        if lab.next_text(i) is None or (sentence_then_more(text) and not _metadata_under(lab, i)) or "[" in text:
            return ("B", None)
        return ("S", None)
    return None


def _classify(lab: Labels, i: int) -> tuple[str, object, str]:
    for r in FRONT_RULES:
        found = r.fn(lab, i)
        if found:
            if found[0] == "F":
                return "F", None, f"{r.name}: {found[1]}"
            return found[0], found[1], r.name
    return "T", None, "title-like"


def _classify_once(lab: Labels, i: int, kinds: dict[int, tuple[str, object, str]]) -> tuple[str, object, str]:
    """:func:`_classify` of line ``i``, remembered in ``kinds`` for the walk over the front matter.

    (The walk asks about the line under the current one — is it body text,
    a title-like line? — and then classifies that line again when it gets
    there; the walk labels no line, so the answer cannot change.)
    """
    found = kinds.get(i)
    if found is None:
        found = kinds[i] = _classify(lab, i)
    return found


# --------------------------------------------------------------------------- the zone


def label_front(lab: Labels) -> FrontMatter:
    fm = FrontMatter()
    seq: list[tuple[int, str, object, str]] = []  # (index, kind, detail, rule)
    n = len(lab)
    i = 0
    skip_to = -1
    after_meta = False
    kinds: dict[int, tuple[str, object, str]] = {}  # (see _classify_once)
    while i < n and len(seq) < 40:
        if lab.blank(i) or i <= skip_to:
            i += 1
            continue
        if not lab.free(i):
            break
        kind, detail, name = _classify_once(lab, i, kinds)
        if kind in ("B", "H"):
            lab.why[i].append(f"front-matter-ends: {name}")  # (the line is left to the stages after)
            break
        if kind == "T" and _menu_entry(lab, seq, i, kinds):
            kind, name = "F", "menu-run"
        if kind == "T" and seq and seq[-1][1] in ("A", "R") and _role_like(lab.text(i)) and not person_with_affiliation(lab.text(i)):
            kind, name = "R", "role-after-author"
        if kind == "T" and (after_meta or _title_seen(seq)) and tab_row(lab.text(i)):
            kind, name = "F", "tab-row"  # "Article Authors Metrics Comments": the page's tabs, under the metadata
        if (
            kind == "T"
            and (after_meta or _title_seen(seq))
            and (lab.block_start(i) or lab.browser)  # (a line in the byline's block is the lead image's caption)
            and _has_body_under(lab, i, kinds, strict=not after_meta)
        ):
            break
        if (
            kind == "T"
            and _title_seen(seq)
            and (lab.alone(i) or lab.browser)  # (not an entry of a menu's block)
            and nwords(lab.text(i)) <= 4
            and vocab.fold(lab.text(i).rstrip(":")) in vocab.SECTION_NAMES
        ):
            lab.why[i].append("front-matter-ends: section-name")  # ("Results", "Zusammenfassung" under the title)
            break
        if kind == "T" and _title_seen(seq) and not after_meta and _has_body_under(lab, i, kinds) and not _role_under_name(lab, seq, i):
            # a second title-like line with a paragraph under it: the first heading of the body
            break
        if kind == "AF":
            j = detail[4]  # type: ignore[index]
            seq.append((i, "K", Field(lab.text(i).rstrip(":").strip(), lab.text(j)), name))
            seq.append((j, "A", detail[:4], "author-field-value"))  # type: ignore[index]
            skip_to = j
            after_meta = True
            i = j + 1
            continue
        if kind == "KN":
            j = lab.next_text(i)
            if j is not None and lab.free(j) and nwords(lab.text(j)) <= 12:
                kind_j, _, _ = _classify_once(lab, j, kinds)
                seq.append((i, "K", Field(lab.text(i).rstrip(":").strip(), lab.text(j)), name))
                seq.append((j, "KD" if kind_j == "D" else "KV", None, "field-value"))
                skip_to = j
                i = j + 1
            else:
                seq.append((i, "K", Field(lab.text(i).rstrip(":").strip(), ""), name))
                i += 1
            after_meta = True
            continue
        if kind in ("A", "D", "L", "S"):
            after_meta = after_meta or kind != "D" or _title_seen(seq)
        seq.append((i, kind, detail, name))
        i += 1
    if not seq:
        return fm
    _names_lines(lab, seq)
    _roles(lab, seq)
    _decide(lab, seq, fm)
    return fm


def _role_under_name(lab: Labels, seq, i: int) -> bool:
    """A role or an affiliation in the block of the person's name above it ("Jordan Ellis" / "Analyst in …")."""
    if not seq or seq[-1][0] != i - 1 or seq[-1][1] != "T" or not _role_like(lab.text(i)):
        return False
    found = names_in(lab.text(i - 1))
    return bool(found and len(found[0]) == 1)


def _title_seen(seq) -> bool:
    return any(k == "T" for _, k, _, _ in seq)


def _has_body_under(lab: Labels, i: int, kinds: dict, *, strict: bool = False) -> bool:
    """The line has a paragraph, list or table under it: a heading of the body (``strict``: a list, table or code only)."""
    j = lab.next_text(i)
    if j is None:
        return False
    if not lab.free(j):
        return lab.role[j] in ("item", "table", "code") or (lab.role[j] == "paragraph" and not strict)
    if strict:
        return False
    kind, _, _ = _classify_once(lab, j, kinds)
    return kind == "B"


def _menu_entry(lab: Labels, seq, i: int, kinds: dict) -> bool:
    """A short label right after two menu entries and right before another title-like line: one more entry of the same menu."""
    if len(seq) < 2 or not all(seq[-d][1] == "F" and "menu-symbol" in seq[-d][3] for d in (1, 2)):
        return False
    if lab.lines[i].words > 3:
        return False
    j = lab.next_text(i)
    return j is not None and lab.free(j) and _classify_once(lab, j, kinds)[0] == "T"


def _names_lines(lab: Labels, seq) -> None:
    """A title-like line made only of person names, right after the title or deck and before a date, another author or the person's role: authors."""
    for k, (i, kind, detail, name) in enumerate(seq):
        if kind != "T" or not any(seq[m][1] == "T" for m in range(k)):
            continue  # (names come under a title: above every title-like line, a line is the site's or a menu's)
        if seq[k - 1][1] == "A":
            # another author under an author, with a role or an affiliation after the name
            pair = person_with_affiliation(lab.text(i))
            if pair:
                seq[k] = (i, "A", ([pair[0]], [], [], {pair[0]: pair[1]}), "name-with-affiliation")
                continue
        marks: dict[str, str] = {}
        found = None if _genre(lab.text(i)) else names_in(lab.text(i), marks=marks)
        if not found or not found[0]:
            continue
        # (the page's buttons between the name and what follows it — "Follow" — do not part them)
        after = next((m for m in range(k + 1, len(seq)) if seq[m][1] != "F"), None)
        nxt = seq[after][1] if after is not None else None
        prev = seq[k - 1][1]
        nxt_text = lab.text(seq[after][0]) if nxt == "T" else ""
        if (
            nxt in ("D", "K")
            # (a "By …" line under it makes the line the title, not more names)
            or (nxt == "A" and seq[after][3] != "byline-line")
            or (nxt == "T" and names_in(nxt_text))
            # one person, and a role or an affiliation on the line under the name
            or (nxt == "T" and len(found[0]) == 1 and _role_like(nxt_text))
            # names with affiliation marks, their affiliations under them
            or (nxt == "T" and bool(marks) and affiliation(nxt_text) is not None)
            or (prev == "A" and seq[k - 1][3] == "names-line")
            # two names or more right under a title-like line
            or (len(found[0]) >= 2 and prev == "T")
        ):
            seq[k] = (i, "A", (found[0], found[1], [], {}, marks), "names-line")


def _roles(lab: Labels, seq) -> None:
    """A line after an author that names a role or an affiliation."""
    for k in range(1, len(seq)):
        i, kind, detail, name = seq[k]
        if kind == "T" and seq[k - 1][1] in ("A", "R") and affiliation(lab.text(i)):
            seq[k] = (i, "R", affiliation(lab.text(i)), "affiliation-after-authors")
        elif kind == "T" and seq[k - 1][1] in ("A", "R") and _role_like(lab.text(i)):
            seq[k] = (i, "R", None, "role-after-author")


def _role_like(text: str) -> bool:
    """A role or an affiliation: role words, or "Position, Organisation" in a dozen words."""
    words = text.split()
    if len(words) > 15 or text[-1] in ".;":
        return False
    return bool(vocab.has_role_word(text) or vocab.has_org_word(text)) or ("," in text and len(words) <= 12)


def _decide(lab: Labels, seq, fm: FrontMatter) -> None:
    titles = [k for k, s in enumerate(seq) if s[1] == "T"]
    first_anchor = next((k for k, s in enumerate(seq) if _anchors(lab, s) and any(t < k for t in titles)), len(seq))
    before = [k for k in titles if k < first_anchor]
    # a series line with its date over the title ("Study 2023/S 12, 14.09.2023"): when only a
    # site's name or menu words stand before it, the title is among the lines between it and the names
    first_author = next((k for k, s in enumerate(seq) if s[1] == "A"), len(seq))
    # (a line in brackets is a note on the document, never its title)
    later = [k for k in titles if k > first_anchor and not lab.text(seq[k][0]).startswith("(")]
    between = [k for k in later if k < first_author]
    if before and between and first_author < len(seq) and all(_masthead_word(lab.text(seq[k][0])) for k in before):
        before = between
    elif before and later and all(_names_an_organisation(lab.text(seq[k][0])) for k in before):
        # an issuer's name alone over the date or the memo's fields ("EUROPEAN COMMISSION", "Brussels,
        # 12.5.2023"; "Internet Engineering Task Force", "Request for Comments: 9876"), then the title
        before = between or later[:1]
    # a title-like line with body text under it after another title candidate is the first heading
    title_k = kicker_k = subtitle_k = None
    if not before and titles:
        before = titles[:1]
    if before:
        # right before the metadata, the title is among the last two candidates (a kicker or a site name before it)
        cands = before
        if len(cands) >= 2:
            a, b = cands[-2], cands[-1]
            ta, tb = lab.text(seq[a][0]), lab.text(seq[b][0])
            ia, ib = seq[a][0], seq[b][0]
            if not lab.block_start(ia) and lab.alone(ib) and lab.text(ia - 1) and seq[a - 1][0] == ia - 1:
                # the line above the last one shares its block with the site's name (a masthead's
                # motto), the last stands alone: the title
                title_k = b
            elif len(cands) >= 3 and _genre(lab.text(seq[cands[-3]][0])) and not _genre(ta):
                # "Report" over two lines: the kind of document, then the title and its subtitle
                title_k, subtitle_k, kicker_k = a, b, cands[-3]
            elif _deck_like(tb, lab.lang) and nwords(ta) >= 4:
                title_k, subtitle_k = a, b
                above = seq[cands[-3]][0] if len(cands) >= 3 else None
                # (a kicker opens its block: a label inside one is a menu's entry)
                if above is not None and _kicker_like(lab.text(above)) and (lab.block_start(above) or lab.browser):
                    kicker_k = cands[-3]
            elif _kicker_like(ta) and len(tb) >= len(ta):
                title_k, kicker_k = b, a
            elif nwords(tb) <= 5 and len(tb) < len(ta):
                title_k, subtitle_k = a, b
            elif _names_an_organisation(ta) and len(tb) > len(ta) and not vocab.has_org_word(tb):
                title_k = b  # the shorter line above names an organisation: the site's or publisher's name
            else:
                title_k, subtitle_k = a, b  # two title-like lines of a length: the title and its subtitle
        else:
            title_k = cands[0]
    # a sentence right after the title is its deck
    if title_k is not None and subtitle_k is None and title_k + 1 < len(seq) and seq[title_k + 1][1] in ("S", "T"):
        nxt = seq[title_k + 1]
        if nxt[1] == "S" or _deck_like(lab.text(nxt[0]), lab.lang):
            subtitle_k = title_k + 1

    roles = {}
    if title_k is not None:
        roles[title_k] = (TITLE, "title-before-metadata" if len(titles) > 1 else "first-title-like-line")
    if kicker_k is not None:
        roles[kicker_k] = (KICKER, "short-line-over-title")
    if subtitle_k is not None:
        deck_rule = seq[subtitle_k][3]
        roles[subtitle_k] = (SUBTITLE, "deck-under-title" + (f" ({deck_rule})" if deck_rule != "title-like" else ""))
    # title-like lines above the kicker or title that neither took: the site's name, a menu entry
    top = min(k for k in (kicker_k, title_k) if k is not None) if title_k is not None else 0
    for k in range(top):
        if seq[k][1] in ("T", "S"):  # (a sentence up there is the site's greeting or banner)
            roles[k] = (FURNITURE, "above-the-title")

    last_author: int | None = None
    author_marks: dict[str, str] = {}  # an author's affiliation marks ("¹²")
    last_front = -1
    for k, (i, kind, detail, name) in enumerate(seq):
        text = lab.text(i)
        if k in roles:
            role, why = roles[k]
            if role == FURNITURE:
                lab.set(i, FURNITURE, why, where="front")
                last_front = k
                continue
            lab.set(i, role, why)
            if role == TITLE:
                fm.title = text
            elif role == KICKER:
                fm.kicker = text
            else:
                fm.subtitle = text
            last_front = k
        elif kind == "F":
            lab.set(i, FURNITURE, name, where="front")
            last_front = k
        elif kind == "L":
            lab.set(i, LINK, name)
            fm.links.append(SourceLink(text, kind_of_link(text), text if vocab.URL_LINE.match(text) else None, lab.lines[i].no))  # type: ignore[arg-type]
            last_front = k
        elif kind == "D" and detail == "meta":
            _metadata_parts(text, fm, lab.lang)
            lab.set(i, DATE, name)
            last_front = k
        elif kind == "D":
            if fm.date is None:
                fm.date = text
                fm.date_iso = iso_date(text, lab.lang)
                lab.set(i, DATE, name)
            else:
                fm.fields.append(Field("", text))  # (kept: no text of the capture is lost)
                lab.set(i, FIELD, "another-date")
            last_front = k
        elif kind == "A":
            persons, collectives, credits, given_roles = detail[:4]
            if len(detail) > 4:
                author_marks.update(detail[4])
            new = [p for p in persons if p not in {a.name for a in fm.authors}]
            fm.authors.extend(Author(p, given_roles.get(p)) for p in new)
            if name == "meta-line":
                _metadata_parts(text, fm, lab.lang)
            fm.credits.extend(c for c in collectives if c not in fm.credits)
            fm.credits.extend(c for c in credits if c not in fm.credits)
            if new:
                last_author = len(fm.authors) - 1
            lab.set(i, AUTHOR, name)
            last_front = k
        elif kind == "R" and detail is not None and any(c in m for m in author_marks.values() for c in detail[0]):
            # an affiliation with its mark: the role of every author who carries the mark
            mark, institution = detail
            for n, author in enumerate(fm.authors):
                if any(c in author_marks.get(author.name, "") for c in mark):
                    fm.authors[n] = Author(author.name, institution if author.role is None else f"{author.role}; {institution}")
            lab.set(i, ROLE, name)
            last_front = k
        elif kind == "R" and last_author is not None:
            author = fm.authors[last_author]
            fm.authors[last_author] = Author(author.name, text if author.role is None else f"{author.role}; {text}")
            lab.set(i, ROLE, name)
            last_front = k
        elif kind == "K":
            fm.fields.append(detail)
            lab.set(i, FIELD, name)
            last_front = k
        elif kind in ("KV", "KD"):
            # (the field's value is in the Field of its name, on the line above)
            if kind == "KD" and fm.date is None:
                fm.date = text
                fm.date_iso = iso_date(text, lab.lang)
                lab.set(i, DATE, "date-field")
            else:
                lab.set(i, FIELD, name)
            last_front = k
        elif kind == "T" and title_k is not None and k > title_k and k + 1 < len(seq) and seq[k + 1][1] in ("D", "K", "KV", "KD") and k - 1 > title_k and seq[k - 1][1] in ("D", "K", "KV", "KD"):
            # a line between two fields or dates of the front matter: a field of its own ("DOCKET NO. 12-345")
            fm.fields.append(Field("", text))
            lab.set(i, FIELD, "line-among-fields")
            last_front = k
        elif (
            kind == "T"
            and last_author is not None
            and k == last_front + 1
            and not lab.blank(i - 1)
            and fm.image_caption is None
            and not _text_right_under(lab, i)  # (a line straight over a paragraph is the first heading)
        ):
            # a short line right under the byline, in the same block: the caption of the lead image
            fm.image_caption = text
            lab.set(i, "caption", "caption-under-byline", front=True)
            last_front = k
    lab.front_end = (seq[last_front][0] + 1) if last_front >= 0 else 0


def _metadata_parts(text: str, fm: FrontMatter, lang: str) -> None:
    """The parts of a metadata line ("Jane Doe | 18 July 2017 | 6 min read") other than its names.

    The first date is the document's; every other part (a reading time, a
    second date, a label) is kept as a field, so no text of the line is lost.
    """
    for part in _META_SEPARATOR.split(text):
        if byline(part) or names_in(part):
            continue  # (the line's authors, taken from it already)
        if is_date_line(part) and fm.date is None:
            fm.date, fm.date_iso = part, iso_date(part, lang)
        else:
            fm.fields.append(Field("", part))


_VERSION = re.compile(r"^(?:version|v\d|rev(?:ision)?\b|release|versión|versione|versão)", re.IGNORECASE)


def _anchors(lab: Labels, entry) -> bool:
    """Metadata that follows a title: a byline, a field, a deck, a link, or a date (not a version stamp, which floats)."""
    i, kind = entry[0], entry[1]
    if kind in ("A", "K", "S", "L"):
        return True
    return kind == "D" and not _VERSION.match(lab.text(i))


def _text_right_under(lab: Labels, i: int) -> bool:
    """A sentence of the body right under the line, with no blank line between."""
    j = i + 1
    return j < len(lab) and not lab.blank(j) and lab.lines[j].words >= 12 and without_trailing_call(lab.text(j))[-1] in ".!?:" and lab.free(j)


def _names_an_organisation(text: str) -> bool:
    """A name of six words or fewer with a capitalised organisation word ("Institute for Rural Studies")."""
    if nwords(text) > 6 or text[-1] in ".:;,":
        return False  # (the quick tests first: the pattern is slow)
    m = vocab.ORG_WORDS.search(text)
    return m is not None and m.group(0)[0].isupper()


def _masthead_word(text: str) -> bool:
    """A site's name or a menu word: two words at most, or the name of an organisation, or a kind of document."""
    return nwords(text) <= 2 or _names_an_organisation(text) or _genre(text)


def _genre(text: str) -> bool:
    """The line names a kind of document ("Report", "Policy brief", "Analyse")."""
    return len(text) <= 30 and vocab.fold(text.rstrip(":")) in vocab.GENRE_WORDS


def _kicker_like(text: str) -> bool:
    return nwords(text) <= 5 and len(text) <= 40 and text[-1] not in ".,;:"


def _deck_like(text: str, lang: str = "en") -> bool:
    """A phrase in sentence case (few capitals after the first word) of five words or more.

    German capitalises its nouns: a sentence there has up to half its words
    capitalised, still far from a title in title case.
    """
    words = text.split()
    return len(words) >= 5 and capital_share(text) <= (0.5 if lang == "de" else 0.25) and not names_in(text)


__all__ = ["FrontMatter", "label_front", "iso_date", "names_in", "person_name", "byline", "DATE", "FIELD"]
