"""Two versions of the parser on the seed, in one process, parse by parse: is a change quicker?

    python bench/parse_ab.py OLD_TREE [NEW_TREE] [--pairs N]

OLD_TREE and NEW_TREE are checkouts of this project (``git worktree add
/tmp/base <commit>`` makes one; NEW_TREE defaults to this one). On a shared
machine separate runs of ``parse_speed.py`` can differ by twice; alternating
the two versions parse by parse puts both through the same slow spells, so
their ratio holds where their times do not.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_c0832e8980d532ef.txt"


def load(tree: Path):
    """``parse_text`` of the ``convert`` package in ``tree`` (each tree's modules kept apart)."""
    for name in [m for m in sys.modules if m == "convert" or m.startswith("convert.")]:
        del sys.modules[name]
    sys.path.insert(0, str(tree))
    try:
        import convert.parse as parse

        return parse.parse_text
    finally:
        sys.path.pop(0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path, nargs="?", default=ROOT)
    ap.add_argument("--pairs", type=int, default=500)
    ap.add_argument(
        "--cpu",
        action="store_true",
        help="time the CPU the parse used (thread time), not the wall clock: on a busy machine a parse descheduled half-way counts its wait too",
    )
    args = ap.parse_args()
    text = SEED.read_text(encoding="utf-8")
    old, new = load(args.old), load(args.new)
    for f in (old, new):
        for _ in range(30):
            f(text)
    times: dict[str, list[float]] = {"old": [], "new": []}
    clock = time.thread_time if args.cpu else time.perf_counter
    for k in range(args.pairs):
        order = (("old", old), ("new", new)) if k % 2 else (("new", new), ("old", old))
        for name, f in order:
            t0 = clock()
            f(text)
            times[name].append(clock() - t0)
    size = len(text.encode())
    for name, ts in times.items():
        best, median = min(ts), statistics.median(ts)
        print(f"{name:4} min {best * 1e3:.2f} ms ({size / best / 1e6:.1f} MB/s), median {median * 1e3:.2f} ms ({size / median / 1e6:.1f} MB/s)")
    ratio = statistics.median(n / o for n, o in zip(times["new"], times["old"]))
    print(f"new/old, median of the pairs: {ratio:.3f}")


if __name__ == "__main__":
    main()
