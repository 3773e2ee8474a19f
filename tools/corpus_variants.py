"""How the parser holds up on variants of the corpus captures it was not written against.

    python tools/corpus_variants.py [CORPUS_DIR] [-v]

Two kinds of variant are made from each capture and its gold line labels:

* **without** one part of the front matter at a time — the page furniture, the
  kicker, the date, the authors and their roles, the deck, or all the metadata
  together: the title must still be found and no heading lost;
* **browser-style**: list markers and note labels stripped, no blank line under
  headings, items, notes and front-matter lines — the shape of a browser's
  select-all copy: headings F1 and title against the capture's expectations.

Prints the variants that lose the title or a heading, and the averages.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

from corpus_report import f1, norm  # noqa: E402

from convert.inspect import summary  # noqa: E402
from convert.parse import parse_text  # noqa: E402

DROPS = {
    "no-furniture": {"furniture"},
    "no-kicker": {"kicker"},
    "no-date": {"date"},
    "no-authors": {"author", "role"},
    "no-deck": {"subtitle"},
    "no-metadata": {"date", "author", "role", "subtitle", "link"},
}
_BLANK_AFTER = {"heading", "notes-heading", "title", "author", "date", "kicker", "subtitle", "furniture", "item", "note", "role", "table"}


def load(root: Path, name: str):
    lines = (root / f"{name}.txt").read_text(encoding="utf-8").split("\n")
    gold = [r.split("\t") for r in (root / f"{name}.lines.tsv").read_text(encoding="utf-8").split("\n") if r]
    want = json.loads((root / f"{name}.expect.json").read_text(encoding="utf-8"))
    return lines, gold, want


def browser_style(lines, gold) -> str:
    out: list[str] = []
    skip_blank = False
    for (_, role, _), line in zip(gold, lines):
        if role == "blank":
            if not skip_blank:
                out.append("")
            skip_blank = False
            continue
        skip_blank = role in _BLANK_AFTER
        if role == "item":
            line = re.sub(r"^\s*(•|\d+\.|[a-z]\.)\s+", "", line).strip()
        elif role == "note":
            line = re.sub(r"^\s*(\d+\.|\[\d+\])\s*", "", line).strip()
        out.append(line)
    return "\n".join(out)


def scored(text: str, name: str, want: dict):
    got = summary(parse_text(text, name))
    skip = {norm(h) for h in want.get("optional_headings") or []}
    if want.get("notes_heading"):
        skip.add(norm(want["notes_heading"]))
    heads = [h for h in got["headings"] if norm(h) not in skip]
    hf = f1(heads, [h for h in want["headings"] if norm(h) not in skip])
    titles = {norm(want["title"])} | {norm(t) for t in want.get("title_alternatives") or []}
    return hf, norm(got["title"]) in titles, Counter(norm(h) for h in heads), got["title"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", nargs="?", type=Path, default=ROOT / "tests" / "corpus")
    ap.add_argument("-v", "--verbose", action="store_true", help="the headings each variant gains or loses, and every browser-style score")
    args = ap.parse_args()
    verbose = args.verbose
    root = args.corpus
    names = sorted(p.name[: -len(".lines.tsv")] for p in root.glob("*.lines.tsv"))
    if not names:
        sys.exit(f"{root}: no *.lines.tsv files")
    worse = total = 0
    for name in names:
        lines, gold, want = load(root, name)
        base_f1, _, base_heads, _ = scored("\n".join(lines), name, want)
        for label, drop in DROPS.items():
            text = "\n".join(line for (_, role, _), line in zip(gold, lines) if role not in drop)
            hf, title_ok, heads, title = scored(text, name, want)
            total += 1
            if not title_ok or hf < base_f1 - 1e-9:
                worse += 1
                print(f"{label:13} {name}: title {'ok' if title_ok else repr(title[:50])}, headings F1 {base_f1:.2f} → {hf:.2f}")
                if verbose:
                    print("   extra", list((heads - base_heads).elements())[:5], "missing", list((base_heads - heads).elements())[:5])
    print(f"front-matter variants: {total - worse}/{total} keep the title and every heading")
    f1s, titles, n = [], 0, 0
    for name in names:
        if ".browser" in name:
            continue
        lines, gold, want = load(root, name)
        hf, title_ok, _, title = scored(browser_style(lines, gold), name, want)
        f1s.append(hf)
        titles += title_ok
        n += 1
        if verbose:
            print(f"browser-style {name:40} headings F1 {hf:.2f} title {'ok' if title_ok else repr(title[:40])}")
    print(f"browser-style copies: headings F1 {sum(f1s) / n:.2f} on average, title {titles}/{n}")


if __name__ == "__main__":
    main()
