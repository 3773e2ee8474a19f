"""Running a planned batch for the command line: executor, progress, logs, summary.

Jobs go to a ``concurrent.futures`` executor (a process pool whose workers
load WeasyPrint and the fonts once; no pool for one worker or one document).
The parent process alone writes the manifest, as results arrive. On a
terminal a rich progress bar shows the batch; otherwise (or with
``--quiet``/``--verbose``) there is one plain line per document. A summary
table ends the run. The exit status is 0 when every document converted, 1
when some failed.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .batch import (
    MANIFEST,
    STDIN,
    Job,
    JobResult,
    append_manifest,
    clean_stale_temporaries,
    compact_manifest,
    diagnostic_line,
    options_key,
    load_manifest,
    run_job,
    skip_result,
    warm_up,
)
from .render import RenderOptions


@dataclass
class Totals:
    documents: int = 0
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    files: int = 0
    pages: int = 0
    warnings: int = 0
    errors: int = 0


def _size(job: Job) -> int:
    """The capture's size in bytes, for scheduling (0 if it cannot be read now; the job reports why)."""
    if job.data is not None:
        return len(job.data)
    try:
        return Path(job.source).stat().st_size
    except OSError:
        return 0


class BatchRun:
    def __init__(self, jobs: list[Job], out_dir: Path, formats: list[str], options: RenderOptions, *,
                 workers: int, force: bool, quiet: bool, verbose: bool) -> None:
        self.jobs = jobs
        self.out_dir = out_dir
        self.formats = formats
        self.options = options
        self.workers = max(1, min(workers, len(jobs)))
        self.force = force
        self.quiet = quiet
        self.verbose = verbose
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self.live = self.err.is_terminal and not quiet and not verbose
        self.totals = Totals(documents=len(jobs))

    # ------------------------------------------------------------------ run

    def execute(self) -> int:
        started = time.perf_counter()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        removed = clean_stale_temporaries(self.out_dir)
        if removed and not self.quiet:
            self.err.print(f"removed {removed} temporary file(s) left by an interrupted run")
        try:
            previous, problems = load_manifest(self.out_dir)
        except OSError as exc:
            self.err.print(f"{self.out_dir / MANIFEST}: cannot read: {exc.strerror or exc}", markup=False)
            return 1
        for problem in problems:
            self.err.print(problem, markup=False)
        key = options_key(self.formats, self.options)
        jobs = [replace(j, data=sys.stdin.buffer.read()) if j.source == STDIN else j for j in self.jobs]
        results = self._results(jobs, key, previous)
        if self.live:
            with Progress(
                TextColumn("[bold]converting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[current]}"),
                TimeElapsedColumn(),
                console=self.err,
            ) as progress:
                task = progress.add_task("batch", total=len(jobs), current="")
                for result in results:
                    self._record(result)
                    progress.update(task, advance=1, current=Path(result.job.source).name)
        else:
            for result in results:
                self._record(result)
        self._compact()
        self._summary(time.perf_counter() - started)
        return 1 if self.totals.failed else 0

    def _compact(self) -> None:
        # Every record is already appended; a manifest that cannot be rewritten
        # (a full disk) stays as it is, longer but as true.
        try:
            compact_manifest(self.out_dir)
        except OSError as exc:
            self.err.print(
                f"{self.out_dir / MANIFEST}: not compacted ({exc.strerror or exc}); every record is kept",
                markup=False,
            )

    def _results(self, jobs: list[Job], key: str, previous) -> Iterator[JobResult]:
        """Results as each job finishes (so the manifest grows as the batch goes)."""
        args = (str(self.out_dir), self.formats, self.options, key, previous, self.force)
        # Up-to-date documents are settled here, so a re-run loads no renderer at all.
        pending = []
        for job in jobs:
            done = None if self.force else skip_result(job, str(self.out_dir), self.formats, key, previous)
            if done is not None:
                yield done
            else:
                pending.append(job)
        if not pending:
            return
        if self.workers == 1 or len(pending) == 1:
            warm_up(self.formats)
            for job in pending:
                yield run_job(job, *args)
            return
        # All jobs are submitted before any progress display starts its thread:
        # the pool's workers are forked up front. Largest first: a large
        # capture started last would keep one worker busy while the others
        # idle (cost grows with size; ties keep the planned order).
        with self.executor_factory(min(self.workers, len(pending)), self.formats) as pool:
            futures = [pool.submit(run_job, job, *args) for job in sorted(pending, key=_size, reverse=True)]
            for fut in as_completed(futures):
                yield fut.result()

    @staticmethod
    def executor_factory(workers: int, formats: list[str]) -> Executor:
        """The executor for parallel runs; any ``concurrent.futures.Executor`` will do."""
        return ProcessPoolExecutor(max_workers=workers, initializer=warm_up, initargs=(formats,))

    # ------------------------------------------------------------------ per document

    def _record(self, result: JobResult) -> None:
        t = self.totals
        source = result.job.source
        if result.error:
            t.failed += 1
            self.err.print(f"{source}: {result.error}", markup=False)
            return
        try:
            append_manifest(self.out_dir, result.records)
        except OSError as exc:
            t.failed += 1
            self.err.print(
                f"{source}: outputs written but not recorded in {self.out_dir / MANIFEST} "
                f"({exc.strerror or exc}); the next run redoes them",
                markup=False,
            )
            return
        levels = Counter(d["level"] for d in result.diagnostics)
        t.warnings += levels["warning"]
        t.errors += levels["error"]
        if result.records:
            t.converted += 1
            t.files += len(result.records)
            t.pages += sum(r.pages or 0 for r in result.records if r.format == "pdf")
        else:
            t.skipped += 1
        if self.quiet:
            return
        for d in result.diagnostics:
            if d["level"] != "info" or self.verbose:
                self.err.print(diagnostic_line(source, d), markup=False)
        if self.live:
            return
        if result.records:
            pages = sum(r.pages or 0 for r in result.records if r.format == "pdf")
            what = ", ".join(r.format for r in result.records)
            facts = ([f"{pages} pages"] if "pdf" in self.formats else []) + [
                f"{levels['warning']} warnings",
                f"{result.seconds:.2f} s",
            ]
            skipped = f"; {', '.join(result.skipped)} up to date" if result.skipped else ""
            self.err.print(f"converted {source} → {what} ({', '.join(facts)}){skipped}", markup=False)
        else:
            self.err.print(f"skipped {source} (up to date)", markup=False)

    # ------------------------------------------------------------------ summary

    def _summary(self, seconds: float) -> None:
        t = self.totals
        rate = (t.converted / seconds) if seconds > 0 else 0.0
        table = Table(title="briefpress convert", show_header=False, title_justify="left")
        table.add_column("what")
        table.add_column("value", justify="right")
        rows = [
            ("documents", t.documents),
            ("converted", t.converted),
            ("skipped (up to date)", t.skipped),
            ("failed", t.failed),
            ("files written", f"{t.files} ({', '.join(self.formats)})"),
        ]
        if "pdf" in self.formats:
            rows.append(("PDF pages", t.pages))
        rows += [
            ("warnings", t.warnings),
            ("time", f"{seconds:.2f} s with {self.workers} worker(s), {rate:.2f} documents/s"),
        ]
        for name, value in rows:
            style = "red" if name == "failed" and t.failed else None
            table.add_row(name, str(value), style=style)
        self.err.print(table)
