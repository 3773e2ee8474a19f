"""Score the parser on a corpus in-process, by half, with a per-line role comparison against the gold labels.

    python tools/corpus_report.py [CORPUS_DIR] [-v] [--lines NAME] [--confusion]

Scores like the corpus' own ``score.py`` (the same normalisation and fields)
but without a process per capture, so it runs in a second or two; prints one
line per document that is not exact, the score of each half of the corpus
(documents alternate between halves in name order, a browser copy with its
document) and the whole. ``--lines NAME`` prints every line of one capture
whose role differs from its gold label; ``--confusion`` a table of (gold role,
parser role) counts over all captures.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.inspect import summary  # noqa: E402
from convert.parse import parse_bytes  # noqa: E402

# The corpus' own normalisation and F1, so that the figures here are the scorer's.
sys.path.insert(0, str(ROOT / "tests" / "corpus"))
from score import f1, norm  # noqa: E402

# The parser's roles against the gold labels' names.
ROLE_MAP = {"item-cont": "other", "field": "other", "attribution": "quote", "notes-heading": "notes-heading"}


def half_of(name: str, names: list[str]) -> str:
    base = name.replace(".browser", "")
    bases = sorted({n.replace(".browser", "") for n in names})
    return "A" if bases.index(base) % 2 == 0 else "B"


def score_one(path: Path, want: dict) -> dict:
    result = parse_bytes(path.read_bytes(), path.name)
    got = summary(result)
    c = got["counts"]
    skip = {norm(h) for h in want.get("optional_headings") or []}
    if want.get("notes_heading"):
        skip.add(norm(want["notes_heading"]))
    hf = f1([h for h in got["headings"] if norm(h) not in skip], [h for h in want["headings"] if norm(h) not in skip])
    titles = {norm(want["title"])} | {norm(t) for t in want.get("title_alternatives") or []}
    r = {"name": path.name, "f1": hf, "title": norm(got["title"]) in titles, "got_title": got["title"]}
    want_auth = {norm(a) for a in want.get("authors") or []}
    got_auth = {norm(a["name"]) for a in got["authors"]}
    r["authors"] = None if not want_auth else got_auth == want_auth
    r["got_authors"] = sorted(got_auth)
    r["notes"] = c["footnotes"] == want["footnotes"]
    r["refs"] = c["footnote_refs"] == want["footnote_refs"]
    checks = []
    if want.get("numbered_items") is not None:
        checks.append(c["numbered_items"] == want["numbered_items"])
    if want.get("bullet_items") is not None:
        checks.append(c["bullet_items"] == want["bullet_items"])
    r["lists"] = all(checks) if checks else None
    r["paras"] = c["paragraphs"] >= want.get("paragraphs_min", 0)
    tables = c.get("tables")
    r["tables"] = None if tables is None or want.get("tables") is None else tables == want["tables"]
    r["exact"] = all(
        [r["title"], r["authors"] is not False, r["notes"], r["refs"], r["lists"] is not False, r["paras"], r["tables"] is not False, hf == 1.0]
    )
    r["detail"] = (
        f"title {'ok' if r['title'] else repr(got['title'])[:50]}; F1 {hf:.2f}; authors {'ok' if r['authors'] is not False else r['got_authors']}; "
        f"notes {c['footnotes']}/{want['footnotes']}; refs {c['footnote_refs']}/{want['footnote_refs']}; "
        f"ol {c['numbered_items']}/{want.get('numbered_items')}; ul {c['bullet_items']}/{want.get('bullet_items')}; "
        f"paras {c['paragraphs']}>={want.get('paragraphs_min')}; tables {tables}/{want.get('tables')}"
    )
    r["result"] = result
    return r


def total(rows: list[dict]) -> str:
    n = len(rows)
    auth = [r for r in rows if r["authors"] is not None]
    lists = [r for r in rows if r["lists"] is not None]
    tables = [r for r in rows if r["tables"] is not None]
    return (
        f"{sum(r['exact'] for r in rows)}/{n} exact; headings F1 {sum(r['f1'] for r in rows) / max(n, 1):.2f}; "
        f"title {sum(r['title'] for r in rows)}/{n}; authors {sum(r['authors'] for r in auth)}/{len(auth)}; "
        f"notes {sum(r['notes'] for r in rows)}/{n}; refs {sum(r['refs'] for r in rows)}/{n}; "
        f"lists {sum(r['lists'] for r in lists)}/{len(lists)}; tables {sum(r['tables'] for r in tables)}/{len(tables)}"
    )


def gold_roles(path: Path) -> list[tuple[str, str, str]]:
    rows = path.with_name(path.name[: -len(".txt")] + ".lines.tsv").read_text(encoding="utf-8").split("\n")
    return [tuple(r.split("\t")) for r in rows if r]  # type: ignore[misc]


def compare_lines(path: Path, result) -> list[tuple[int, str, str, str]]:
    gold = gold_roles(path)
    mine = {lr.line: lr for lr in result.explain}
    lines = path.read_text(encoding="utf-8").split("\n")
    out = []
    for (no, role, extra), text in zip(gold, lines):
        if role == "blank":
            continue
        lr = mine.get(int(no))
        got = lr.role if lr else "?"
        got_cmp = ROLE_MAP.get(got, got)
        want_cmp = role
        if role == "other" and extra.startswith("item-cont"):
            want_cmp = "other"
        if role in ("subtitle", "kicker", "link", "role") and got_cmp in ("subtitle", "kicker", "link", "role", "furniture"):
            pass
        if got_cmp != want_cmp:
            out.append((int(no), role + (":" + extra if extra else ""), got, text[:90] + ("  <" + " ".join(lr.rules)[:80] + ">" if lr else "")))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT / "tests" / "corpus"))
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--lines")
    ap.add_argument("--confusion", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    root = Path(args.corpus)
    docs = sorted(root.glob("*.expect.json"))
    names = [d.name[: -len(".expect.json")] for d in docs]
    rows = []
    for e, name in zip(docs, names):
        want = json.loads(e.read_text(encoding="utf-8"))
        r = score_one(e.with_name(name + ".txt"), want)
        r["half"] = half_of(name, names)
        rows.append(r)
        if args.v and not r["exact"]:
            print(f"[{r['half']}] {r['name']}: {r['detail']}")
    if args.lines:
        for r in rows:
            if r["name"] == args.lines + ".txt":
                for row in compare_lines(root / r["name"], r["result"]):
                    print(*row, sep="  ")
    if args.confusion:
        conf: Counter = Counter()
        for r in rows:
            for no, want, got, _ in compare_lines(root / r["name"], r["result"]):
                conf[(want.split(":")[0], got)] += 1
        for (want, got), k in conf.most_common(40):
            print(f"{k:5}  gold {want:14} parser {got}")
    for half in ("A", "B"):
        print(f"half {half}: " + total([r for r in rows if r["half"] == half]))
    print("corpus: " + total(rows))
    if args.json:
        print(json.dumps({"exact": sum(r["exact"] for r in rows), "n": len(rows)}))


if __name__ == "__main__":
    main()
