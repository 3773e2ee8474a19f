"""Snapshot the parser's whole output, to check that a change (a speed-up) alters nothing.

    python tools/snapshot.py OUT_DIR

For every capture of ``tests/corpus`` (browser copies included), every seed,
every per-rule fixture, the variants of ``tools/corpus_variants.py`` (front
matter parts dropped, browser-style copies), a few reshaped copies of each
corpus capture (lines shuffled, blank lines dropped, halves) and the
benchmark's 100× seed, writes one file: the model JSON with the
diagnostics, then every line's role, rules and text (``inspect --json
--explain`` and a little more), or the ParseError's message. Compare two
snapshots with ``diff -r``: they must be identical.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus_variants import DROPS, browser_style, load  # noqa: E402
from parse_speed import scaled  # noqa: E402

from convert.modeljson import to_json  # noqa: E402
from convert.parse import ParseError, parse_bytes  # noqa: E402


def inputs():
    """(name, bytes) of every input."""
    corpus = ROOT / "tests" / "corpus"
    for p in sorted(corpus.glob("*.txt")):
        yield f"corpus/{p.name}", p.read_bytes()
    for p in sorted((ROOT / "seeds").iterdir()):
        yield f"seeds/{p.name}", p.read_bytes()
    seed = (ROOT / "seeds" / "000_c0832e8980d532ef.txt").read_text(encoding="utf-8")
    yield "seeds/x100", scaled(seed, 100).encode()
    for p in sorted((ROOT / "tests" / "fixtures" / "rules").glob("*.txt")):
        yield f"rules/{p.name}", p.read_bytes()
    for p in sorted(corpus.glob("*.lines.tsv")):
        name = p.name[: -len(".lines.tsv")]
        lines, gold, _ = load(corpus, name)
        for label, drop in DROPS.items():
            text = "\n".join(line for (_, role, _), line in zip(gold, lines) if role not in drop)
            yield f"variants/{name}.{label}", text.encode()
        if ".browser" not in name:
            yield f"variants/{name}.browser-style", browser_style(lines, gold).encode()
    for p in sorted(corpus.glob("*.txt")):
        lines = p.read_text(encoding="utf-8").split("\n")
        rng = random.Random(p.name)
        shuffled = lines[:]
        rng.shuffle(shuffled)
        yield f"reshaped/{p.name}.shuffled", "\n".join(shuffled).encode()
        yield f"reshaped/{p.name}.no-blanks", "\n".join(l for l in lines if l.strip()).encode()
        half = len(lines) // 2
        yield f"reshaped/{p.name}.first-half", "\n".join(lines[:half]).encode()
        yield f"reshaped/{p.name}.second-half", "\n".join(lines[half:]).encode()
        blocks = "\n".join(lines).split("\n\n")
        rng.shuffle(blocks)
        yield f"reshaped/{p.name}.blocks-shuffled", "\n\n".join(blocks).encode()


def snapshot(data: bytes, name: str) -> str:
    try:
        result = parse_bytes(data, name)
    except ParseError as err:
        return f"ParseError: {err}\n"
    explain = [[lr.line, lr.role, list(lr.rules), lr.text] for lr in result.explain]
    return to_json(result) + json.dumps(explain, ensure_ascii=False, indent=0) + "\n"


def main() -> None:
    out = Path(sys.argv[1])
    count = 0
    for name, data in inputs():
        path = out / (name.replace("/", "__") + ".out")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(snapshot(data, Path(name).name), encoding="utf-8")
        count += 1
    print(f"{count} snapshots in {out}")


if __name__ == "__main__":
    main()
