"""The real-world regression suite: the corpus of real captures in ``tests/corpus``.

* The corpus' own scorer (``tests/corpus/score.py``) runs ``briefpress inspect``
  on every capture; its figures may not fall below the last committed ones
  (``tests/corpus_ratchet.json``, raised by hand when the parser improves).
* No word of any capture is lost: every word is somewhere in the model — body,
  notes, front matter or page furniture.
* Every line is labelled and the labels explain themselves (``inspect --explain``).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from convert.parse import parse_file
from convert.words import model_words, text_words

from .helpers import ROOT, covered

CORPUS = ROOT / "tests" / "corpus"
RATCHET = ROOT / "tests" / "corpus_ratchet.json"
CAPTURES = sorted(CORPUS.glob("*.txt"))
_SCORE_LINE = re.compile(
    r"corpus: (?P<exact>\d+)/(?P<n>\d+) exact; headings F1 (?P<headings_f1>[\d.]+); title (?P<title>\d+)/\d+; "
    r"authors (?P<authors>\d+)/\d+; notes (?P<notes>\d+)/\d+; refs (?P<refs>\d+)/\d+; lists (?P<lists>\d+)/\d+; "
    r"tables (?P<tables>\d+)/\d+"
)


def _briefpress() -> str:
    exe = Path(sys.executable).with_name("briefpress")
    found = str(exe) if exe.exists() else shutil.which("briefpress")
    if not found:
        pytest.skip("the briefpress command is not installed (pip install -e .)")
    return found


def test_the_corpus_is_complete():
    expectations = sorted(CORPUS.glob("*.expect.json"))
    assert len(CAPTURES) == len(expectations) == 30
    for e in expectations:
        assert e.with_name(e.name.replace(".expect.json", ".txt")).exists()
        assert e.with_name(e.name.replace(".expect.json", ".lines.tsv")).exists()
    assert (CORPUS / "SOURCES.md").exists() and (CORPUS / "score.py").exists()


def test_the_corpus_score_does_not_fall_below_the_ratchet():
    run = subprocess.run(
        [sys.executable, str(CORPUS / "score.py"), _briefpress(), str(CORPUS)], capture_output=True, text=True, timeout=600
    )
    last = run.stdout.strip().splitlines()[-1]
    m = _SCORE_LINE.match(last)
    assert m, f"unexpected scorer output: {last!r}"
    got = {k: float(v) for k, v in m.groupdict().items()}
    ratchet = json.loads(RATCHET.read_text(encoding="utf-8"))
    fallen = {k: (got[k], floor) for k, floor in ratchet.items() if got[k] < floor}
    assert not fallen, f"the corpus score fell below the ratchet: {fallen} ({last})"
    assert "crashes 0" in last


@lru_cache(maxsize=None)
def _parsed(path: Path):
    return parse_file(path)


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.stem)
def test_no_word_of_a_real_capture_is_lost(path):
    vocabulary = frozenset(model_words(_parsed(path).document))
    source = path.read_text(encoding="utf-8")
    lost = sorted({w for w in text_words(source) if not covered(w, vocabulary)})
    assert not lost, f"{path.name}: {len(lost)} words missing from the model, e.g. {lost[:10]}"


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.stem)
def test_every_line_has_a_role_and_the_rules_that_gave_it(path):
    result = _parsed(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    labelled = {lr.line: lr for lr in result.explain}
    for no, text in enumerate(lines, 1):
        if text.strip():
            assert no in labelled, f"line {no} has no role"
            assert labelled[no].rules, f"line {no} has no rule"


def test_inspect_explain_shows_each_line_s_role_and_its_rules():
    path = CORPUS / "gsa-design-10-questions.txt"
    run = subprocess.run([_briefpress(), "inspect", str(path), "--explain", "--json"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    by_line = {row["line"]: row for row in data["explain"]}
    first = path.read_text(encoding="utf-8").split("\n")
    title_line = first.index(data["title"]) + 1
    assert by_line[title_line]["role"] == "title" and by_line[title_line]["rules"]
    heading = next(row for row in data["explain"] if row["role"] == "heading")
    assert any(rule.startswith("heading-evidence") for rule in heading["rules"])
    furniture = [row for row in data["explain"] if row["role"] == "furniture"]
    assert len(furniture) == data["counts"]["furniture"] > 0

    text = subprocess.run([_briefpress(), "inspect", str(path), "--explain"], capture_output=True, text=True, timeout=120)
    assert text.returncode == 0 and "← heading-evidence" in text.stdout and "title" in text.stdout
