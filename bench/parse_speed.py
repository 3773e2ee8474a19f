"""Parse speed: the seed, and a capture 100 times larger, to show the cost is linear.

    python bench/parse_speed.py [--repeat N]

Prints a small table and, last, one JSON line with the figures. The large
capture repeats the seed's body (front matter and notes once) until it is 100
times the seed's size.
"""

from __future__ import annotations

import argparse
import re
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.parse import parse_bytes  # noqa: E402

SEED = ROOT / "seeds" / "000_c0832e8980d532ef.txt"


def scaled(text: str, factor: int) -> str:
    """The capture made ``factor`` times larger by repeating its body (front matter and notes once)."""
    lines = text.split("\n")
    body_start = lines.index("")  # after the front-matter block
    notes_start = next(i for i, l in enumerate(lines) if re.match(r"\[\d+\]", l))
    head, body, tail = lines[:body_start], lines[body_start:notes_start], lines[notes_start:]
    fixed = len("\n".join(head + tail)) + 2
    repeats = max(1, round((factor * len(text) - fixed) / (len("\n".join(body)) + 1)))
    return "\n".join(head + body * repeats + tail)


def timed(data: bytes, repeat: int, rounds: int = 1) -> float:
    """Seconds per parse: the median of ``repeat`` parses, the best of ``rounds`` such rounds (after one warm-up).

    On a shared machine a whole round can land in a slow spell (another
    tenant, the kernel reclaiming memory) and every sample in it is slow; the
    best round's median is the parser's cost, not the spell's.
    """
    parse_bytes(data, "bench.txt")
    best = float("inf")
    for _ in range(rounds):
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            parse_bytes(data, "bench.txt")
            samples.append(time.perf_counter() - t0)
        best = min(best, statistics.median(samples))
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=21)
    args = ap.parse_args()
    text = SEED.read_text(encoding="utf-8")
    small = text.encode()
    large = scaled(text, 100).encode()
    t_small = timed(small, args.repeat, rounds=9)
    t_large = timed(large, max(3, args.repeat // 4), rounds=3)
    figures = {
        "seed_bytes": len(small),
        "seed_parse_ms": round(t_small * 1000, 2),
        "seed_mb_s": round(len(small) / t_small / 1e6, 1),
        "large_bytes": len(large),
        "large_parse_ms": round(t_large * 1000, 1),
        "large_mb_s": round(len(large) / t_large / 1e6, 1),
        "size_ratio": round(len(large) / len(small), 1),
        "parse_scaling_100x": round(t_large / t_small, 1),
    }
    print(f"{'capture':<10}{'bytes':>12}{'ms':>10}{'MB/s':>8}")
    print(f"{'seed':<10}{figures['seed_bytes']:>12}{figures['seed_parse_ms']:>10}{figures['seed_mb_s']:>8}")
    print(f"{'seed×100':<10}{figures['large_bytes']:>12}{figures['large_parse_ms']:>10}{figures['large_mb_s']:>8}")
    print(f"size ratio {figures['size_ratio']}, time ratio {figures['parse_scaling_100x']}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
