"""What briefpress adds to WeasyPrint's own cost of a PDF, in one process.

    .venv/bin/python bench/pdf_overhead.py [CAPTURE] [--runs N] [--notes foot|end] [--css FILE]

Times, for the same capture:

* ``briefpress cold``: the first ``convert.render.pdf.render`` of the process
  (fonts and stylesheets parsed, caches filled);
* ``briefpress warm``: the median of the following renders;
* ``weasyprint (shared css)``: WeasyPrint alone on the very HTML and
  stylesheets briefpress ended up using, with the font configuration and the
  parsed stylesheets reused (the strictest baseline), tagged as
  briefpress's PDFs are (``pdf_tags``);
* ``weasyprint (naive)``: WeasyPrint alone parsing the stylesheet files on
  every call, as a script would that does not cache them;

and prints the ratio of briefpress warm to each baseline. The PDF of the
seed must cost at most about 1.15 times WeasyPrint alone.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from weasyprint import CSS, HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from convert.parse import parse_bytes  # noqa: E402
from convert.render import RenderOptions  # noqa: E402
from convert.render import pdf as pdf_renderer  # noqa: E402
from convert.render.page import render_page  # noqa: E402
from convert.resources import templates_dir  # noqa: E402


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("capture", nargs="?", default=str(ROOT / "seeds" / "000_c0832e8980d532ef.txt"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--notes", choices=("foot", "end"), default="foot")
    parser.add_argument("--css", type=Path, default=None, help="a user stylesheet, as briefpress --css")
    args = parser.parse_args(argv)

    path = Path(args.capture)
    result = parse_bytes(path.read_bytes(), path.name)
    options = RenderOptions(notes=args.notes, css=args.css, source_date_epoch=0)

    start = time.perf_counter()
    first = pdf_renderer.render(result, options)
    cold = time.perf_counter() - start
    relaid = any(d.code == "pdf-footnotes-relaid" for d in first.diagnostics)
    warm = timed(lambda: pdf_renderer.render(result, options), args.runs)

    # The same HTML and the stylesheets briefpress's output was laid out with.
    page = render_page(result, options, "print")
    base_url = templates_dir().as_uri() + "/"
    names = list(pdf_renderer.BUNDLED_STYLESHEETS) + ([pdf_renderer.KEEP_FOOTNOTES_STYLESHEET] if relaid else [])
    files = [templates_dir() / name for name in names] + ([args.css] if args.css else [])
    font_config = FontConfiguration()
    shared = [CSS(filename=str(f), font_config=font_config) for f in files]

    def weasyprint_shared():
        HTML(string=page, base_url=base_url).write_pdf(stylesheets=shared, font_config=font_config, pdf_identifier=True, presentational_hints=True, pdf_tags=True)

    def weasyprint_naive():
        config = FontConfiguration()
        sheets = [CSS(filename=str(f), font_config=config) for f in files]
        HTML(string=page, base_url=base_url).write_pdf(stylesheets=sheets, font_config=config, pdf_identifier=True, presentational_hints=True, pdf_tags=True)

    weasyprint_shared()  # warm WeasyPrint's own caches too
    alone = timed(weasyprint_shared, args.runs)
    naive = timed(weasyprint_naive, args.runs)

    w, a, n = statistics.median(warm), statistics.median(alone), statistics.median(naive)
    print(f"capture                  {path.name} ({first.pages} pages, notes={args.notes})")
    if relaid:
        print("                         laid out twice: the first layout displaced a footnote")
    print(f"briefpress cold          {cold:7.3f} s")
    print(f"briefpress warm          {w:7.3f} s  (median of {args.runs}: {', '.join(f'{x:.3f}' for x in warm)})")
    print(f"weasyprint (shared css)  {a:7.3f} s")
    print(f"weasyprint (naive)       {n:7.3f} s")
    print(f"ratio warm / shared      {w / a:7.2f}")
    print(f"ratio warm / naive       {w / n:7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
