"""How long the DOCX of a capture takes to render, warm and in-process, beside the PDF.

    python bench/docx_time.py [CAPTURE] [--runs N]
    python bench/docx_time.py --sizes 1,32,330    # linear? seconds per MB at 1, 32 and 330 times the seed

Parses the capture once, renders it once per format to warm up (imports,
fonts, the reference document), then times ``--runs`` renders of each and
prints the median and best per format and the DOCX/PDF ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from convert.parse import parse_file  # noqa: E402
from convert.render import RenderOptions, get_renderer  # noqa: E402


def timings(fmt: str, result, runs: int) -> list[float]:
    render = get_renderer(fmt)
    options = RenderOptions(source_date_epoch=0)
    render(result, options)  # warm-up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        render(result, options)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("capture", nargs="?", default=str(ROOT / "seeds" / "000_c0832e8980d532ef.txt"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pdf-runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true", help="time the DOCX only")
    parser.add_argument("--sizes", help="comma list of factors: time the DOCX of the seed made that many times larger")
    args = parser.parse_args()
    if args.sizes:
        return by_size([int(f) for f in args.sizes.split(",")])
    result = parse_file(Path(args.capture))
    docx_times = timings("docx", result, args.runs)
    print(f"docx: median {statistics.median(docx_times) * 1000:.1f} ms, best {min(docx_times) * 1000:.1f} ms"
          f" over {args.runs} runs")
    if not args.no_pdf:
        pdf_times = timings("pdf", result, args.pdf_runs)
        print(f"pdf:  median {statistics.median(pdf_times) * 1000:.1f} ms, best {min(pdf_times) * 1000:.1f} ms"
              f" over {args.pdf_runs} runs")
        print(f"docx/pdf: {statistics.median(docx_times) / statistics.median(pdf_times):.3f}")
    return 0


def by_size(factors: list[int]) -> int:
    """The DOCX time of the seed scaled up, per MB: a renderer whose time grows with the document's size squared shows here."""
    from parse_speed import scaled  # (the seed made larger by repeating its body)

    from convert.parse import parse_text

    seed = (ROOT / "seeds" / "000_c0832e8980d532ef.txt").read_text(encoding="utf-8")
    for factor in factors:
        text = scaled(seed, factor)
        result = parse_text(text, "scaled.txt")
        runs = 3 if factor < 100 else 1
        best = min(timings("docx", result, runs)) if factor < 100 else timings_once("docx", result)
        mb = len(text.encode()) / 1e6
        print(f"×{factor:<4} {mb:7.2f} MB  {best:7.3f} s  {best / mb:.2f} s/MB")
    return 0


def timings_once(fmt: str, result) -> float:
    start = time.perf_counter()
    get_renderer(fmt)(result, RenderOptions(source_date_epoch=0))
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
