"""The document's language: English, French, German, Spanish, Italian or Portuguese.

Counts the frequent short words of each language (:data:`.vocab.STOPWORDS`,
no word in two lists) in up to 4,000 characters of the capture's longer
lines — its prose, not its menus; with little prose, its shorter lines of
four words or more too — and picks the language with the most.
A short capture counts when one language has three times the hits of any
other. A capture too short to tell, or in none of the six, is English (the
renderers hyphenate by this tag).
"""

from __future__ import annotations

from itertools import product

from .vocab import STOPWORDS

_SAMPLE = 4_000
_MIN_HITS = 8


def detect_language(lines: list[str]) -> str:
    sample: list[str] = []
    size = 0
    for text in lines:
        if len(text) < 60:
            continue
        sample.append(text)
        size += len(text)
        if size > _SAMPLE:
            break
    if size < _SAMPLE // 4:
        # little prose: headings and short lines of four words or more count too
        sample += [text for text in lines if 25 <= len(text) < 60 and text.count(" ") >= 3]
    # white-space words are enough (a stop word rarely carries punctuation), and
    # splitting is many times quicker than a Unicode word pattern; each word
    # is looked up as written, in a table of every spelling whose lower case
    # is a stop word (lower-casing the text costs more than the look-ups)
    # (only the hits are kept: most words are no stop word, and the counts
    # below then run over a short list)
    found = list(filter(None, map(_LANG_OF_ANY_CASE.get, " ".join(sample).split())))
    # the hits per language, in the order each language first appears (a
    # tie goes to the first, as Counter.most_common would give it); counting
    # six values in a list is quicker than a Counter of every word
    langs = set(found)
    if not langs:
        return "en"
    counts = {lang: found.count(lang) for lang in sorted(langs, key=found.index)}
    ranked = sorted(counts.values(), reverse=True)
    best = max(counts, key=counts.__getitem__)
    hits, second = ranked[0], (ranked[1] if len(ranked) > 1 else 0)
    # a short capture tells too when one language has all but a few of the hits
    return best if hits >= _MIN_HITS or (hits >= 3 and hits >= 3 * second) else "en"


_LANG_OF = {word: lang for lang, words in STOPWORDS.items() for word in words}

# Letters whose lower case is another letter than their own small form's:
# the Kelvin sign (k), the Ångström sign (å) and the Ohm sign (ω).
_SIGNS = "\u212a\u212b\u2126"


def _spellings(letter: str) -> list[str]:
    """The characters whose lower case is ``letter`` (a small letter): itself, its capital, a sign."""
    out = [letter]
    capital = letter.upper()
    if len(capital) == 1 and capital != letter and capital.lower() == letter:
        out.append(capital)
    out.extend(sign for sign in _SIGNS if sign.lower() == letter)
    return out


def _any_case(table: dict[str, str]) -> dict[str, str]:
    """``table`` with every spelling of each word whose ``str.lower()`` is that word ("The", "THE", "tHe" …).

    ``_any_case(table).get(w) == table.get(w.lower())`` for every word ``w``
    (a character that lowers to two, as "İ" does, makes no stop word).
    """
    return {"".join(form): lang for word, lang in table.items() for form in product(*map(_spellings, word))}


_LANG_OF_ANY_CASE = _any_case(_LANG_OF)
