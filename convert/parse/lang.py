"""The document's language: English, French, German, Spanish, Italian or Portuguese.

Counts the frequent short words of each language (:data:`.vocab.STOPWORDS`,
no word in two lists) in up to 4,000 characters of the capture's longer
lines — its prose, not its menus — and picks the language with the most.
A capture too short to tell, or in none of the six, is English (the
renderers hyphenate by this tag).
"""

from __future__ import annotations

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
    # white-space words are enough (a stop word rarely carries punctuation), and
    # splitting is many times quicker than a Unicode word pattern
    found = list(map(_LANG_OF.get, " ".join(sample).lower().split()))
    # the hits per language, in the order each language first appears (a
    # tie goes to the first, as Counter.most_common would give it); counting
    # six values in a list is quicker than a Counter of every word
    langs = set(found)
    langs.discard(None)
    if not langs:
        return "en"
    counts = {lang: found.count(lang) for lang in sorted(langs, key=found.index)}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] >= _MIN_HITS else "en"


_LANG_OF = {word: lang for lang, words in STOPWORDS.items() for word in words}
