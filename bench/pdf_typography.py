"""The PDF's typography, measured on its pages: the figures issue 14 asks for.

    .venv/bin/python bench/pdf_typography.py CAPTURE.txt [...]          (renders each)
    .venv/bin/python bench/pdf_typography.py --pdf FILE.pdf --source CAPTURE.txt

For each document, from the body text only (the face and size of the
running text, as pdfplumber reads its characters):

* ``chars/line``: the median number of characters (spaces counted) of the
  full lines, those reaching at least 85 % of the widest;
* ``hyph/100``: line ends broken by hyphenation, per 100 body lines (a line
  ending in a hyphen whose word, joined with the next line's first word
  without it, is one word of the capture);
* ``max run``: the most hyphenated line ends in a row;
* ``split pages``: words broken by hyphenation across a page break;
* ``gap lines``: the widest empty space between a page's last body line and
  its footnote rule, in body lines beyond the rule's own margin (the worst page).
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import sys
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HYPHENS = "-\u2010\u00ad"


def body_lines(page, size: float) -> list[dict]:
    """The page's lines of body text: ``{"text", "x0", "x1", "top", "bottom"}``, top to bottom."""
    chars = [c for c in page.chars if abs(c["size"] - size) < 0.05 and "Serif" in c["fontname"]]
    lines: list[dict] = []
    for c in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(lines[-1]["top"] - c["top"]) < 2:
            line = lines[-1]
            gap = c["x0"] - line["x1"]
            if gap > size * 0.2 and not line["text"].endswith(" "):
                line["text"] += " "
            line["text"] += c["text"]
            line["x1"] = max(line["x1"], c["x1"])
            line["bottom"] = max(line["bottom"], c["bottom"])
        else:
            lines.append({"text": c["text"], "x0": c["x0"], "x1": c["x1"], "top": c["top"], "bottom": c["bottom"]})
    return lines


def body_size(pdf) -> float:
    """The most common size of the serif face: the running text's."""
    sizes: dict[float, int] = {}
    for page in pdf.pages:
        for c in page.chars:
            if "Serif" in c["fontname"] and c["text"].strip():
                key = round(c["size"], 2)
                sizes[key] = sizes.get(key, 0) + 1
    return max(sizes, key=sizes.__getitem__)


def footnote_rule_top(page, size: float) -> float | None:
    """The top of the page's footnotes (their first line, in the notes' smaller serif), if any."""
    found = [
        c["top"]
        for c in page.chars
        if "Serif" in c["fontname"] and c["size"] < size * 0.8 and c["top"] > page.height * 0.2
    ]
    return min(found) if found else None


def measure(data: bytes, source: str) -> dict[str, float]:
    words = set(re.findall(r"[^\W\d_][\w'’]*", source))
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        size = body_size(pdf)
        pages = [body_lines(p, size) for p in pdf.pages]
        rules = [footnote_rule_top(p, size) for p in pdf.pages]
    all_lines = [line for page in pages for line in page]
    widest = max(l["x1"] - l["x0"] for l in all_lines)
    full = [len(l["text"].strip()) for l in all_lines if l["x1"] - l["x0"] >= 0.85 * widest]
    hyphenated = 0
    run = best_run = 0
    split_pages = 0
    for number, page in enumerate(pages):
        for i, line in enumerate(page):
            nxt = page[i + 1] if i + 1 < len(page) else (pages[number + 1][0] if number + 1 < len(pages) and pages[number + 1] else None)
            text = line["text"].rstrip()
            broken = False
            if nxt is not None and text and text[-1] in HYPHENS:
                head = re.findall(r"[^\W\d_][\w'’]*$", text[:-1])
                tail = re.findall(r"^[\w'’]+", nxt["text"].lstrip())
                if head and tail and (head[0] + tail[0]) in words and (head[0] + "-" + tail[0]) not in source:
                    broken = True
            if broken:
                hyphenated += 1
                run += 1
                best_run = max(best_run, run)
                if i == len(page) - 1:
                    split_pages += 1
            else:
                run = 0
    line_height = statistics.median(
        b["top"] - a["top"] for page in pages for a, b in zip(page, page[1:]) if 0 < b["top"] - a["top"] < size * 2
    )
    gaps = []
    for page, rule in zip(pages, rules):
        if rule is None or not page:
            continue
        above = [l for l in page if l["bottom"] < rule]
        if above and len(above) == len(page):  # (not a page whose notes are listed after the body)
            gaps.append((rule - above[-1]["bottom"]) / line_height)
    # The rule's own margins are the narrowest gap: report what is beyond them.
    usual = min(gaps) if gaps else 0.0
    return {
        "body pt": size,
        "chars/line": statistics.median(full),
        "lines": len(all_lines),
        "hyph/100": round(100 * hyphenated / max(1, len(all_lines)), 1),
        "max run": best_run,
        "split pages": split_pages,
        "gap lines": round(max(gaps) - usual, 1) if gaps else 0.0,
        "pages": len(pages),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("captures", nargs="*")
    parser.add_argument("--pdf", type=Path)
    parser.add_argument("--source", type=Path)
    args = parser.parse_args(argv)
    jobs: list[tuple[str, bytes, str]] = []
    if args.pdf:
        jobs.append((args.pdf.name, args.pdf.read_bytes(), args.source.read_text(encoding="utf-8")))
    if args.captures:
        from convert.parse import parse_bytes
        from convert.render import RenderOptions
        from convert.render import pdf as pdf_renderer

        for name in args.captures:
            path = Path(name)
            raw = path.read_bytes()
            data = pdf_renderer.render(parse_bytes(raw, path.name), RenderOptions(source_date_epoch=0)).data
            jobs.append((path.name, data, raw.decode("utf-8", "replace")))
    for name, data, source in jobs:
        figures = measure(data, source)
        print(name, "  ".join(f"{k}: {v}" for k, v in figures.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
