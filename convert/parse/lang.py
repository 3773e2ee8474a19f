"""The document's language: English, French, German, Spanish, Italian or Portuguese.

Counts the frequent short words of each language (:data:`.vocab.STOPWORDS`,
no word in two lists) in up to 40,000 characters of the capture's longer
lines — its prose, not its menus — and picks the language with the most.
A capture too short to tell, or in none of the six, is English (the
renderers hyphenate by this tag).
"""

from __future__ import annotations

import re

from .vocab import STOPWORDS

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 40_000
_MIN_HITS = 8


def detect_language(lines: list[str]) -> str:
    counts = {lang: 0 for lang in STOPWORDS}
    size = 0
    for text in lines:
        if len(text) < 60:
            continue
        for word in _WORD.findall(text.lower()):
            for lang, words in STOPWORDS.items():
                if word in words:
                    counts[lang] += 1
                    break
        size += len(text)
        if size > _SAMPLE:
            break
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] >= _MIN_HITS else "en"
