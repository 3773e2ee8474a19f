"""Running a planned batch for the command line: executor, limits, interrupts, progress, logs, summary.

Jobs go to a ``concurrent.futures`` executor: by default a
:class:`~convert.pool.SupervisedPool` (worker processes that load WeasyPrint
and the fonts once), also for one worker or one document, so that every
document is held to the same limits — ``--timeout`` seconds and
``--max-memory`` bytes — and one that breaks them, or whose worker dies,
fails alone while the batch goes on. Each job records its outputs in the
manifest as it writes them; the parent reports results as they arrive and
compacts the manifest at the end.

SIGINT (Ctrl-C) and SIGTERM stop the batch within about a second: queued
documents are cancelled, running ones stopped, every output already finished
is recorded, and the exit status is 128 + the signal's number (130, 143), so
that the next run resumes. On a terminal a rich progress bar shows the batch;
otherwise (or with ``--quiet``/``--verbose``) there is one plain line per
document. A summary table ends the run. The exit status is otherwise 0 when
every document converted, 1 when some failed.

Any other executor can take the pool's place (``BatchRun(executor=...)``):
:mod:`convert.cluster` gives a Dask cluster's. With the outputs in object
storage (:mod:`convert.storage`) this process is the manifest's one writer:
it adds the records each finished job returns and puts the manifest whole
every few seconds, at the end, and on an interrupt.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Executor, Future, wait
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
    OutputRecord,
    clean_stale_temporaries,
    compact_manifest,
    diagnostic_line,
    load_manifest,
    options_key,
    run_job,
    skip_result,
    warm_up,
)
from .parse import ParseError
from .pipeline import read_at_most
from .pool import JobInterrupted, JobStopped, Limits, SupervisedPool, WorkerLost, memory_exceeded
from .render import FORMATS, RenderOptions, extension
from .storage import RemoteManifest, StorageError, StorageOptions, is_remote

#: What makes the batch's executor: ``(workers, formats) -> Executor``.
ExecutorFactory = Callable[[int, list[str]], Executor]

#: Per document, unless the command line says otherwise: long enough for the
#: largest real captures as PDF, short enough that one pathological capture
#: does not hold an archive's batch for hours.
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY = 4 << 30

#: How often the parent looks up from waiting, to notice Ctrl-C.
POLL_SECONDS = 0.2


@dataclass
class Totals:
    documents: int = 0
    converted: int = 0
    skipped: int = 0
    failed: int = 0
    interrupted: int = 0  # stopped halfway or never started, because the run was interrupted
    retried: int = 0  # (on a cluster) jobs run again elsewhere because their worker died
    files: int = 0
    pages: int = 0
    warnings: int = 0
    errors: int = 0


def _size(job: Job) -> int:
    """The capture's size in bytes, for scheduling (0 if it cannot be read now; the job reports why)."""
    if job.data is not None:
        return len(job.data)
    if job.size is not None:
        return job.size  # (an object in storage: its listing said)
    try:
        return Path(job.source).stat().st_size
    except OSError:
        return 0


class StopSignals:
    """While active, SIGINT and SIGTERM are noted (the first one) instead of raising at a random point.

    The batch loop looks at :attr:`signum` between results and winds down in
    order. Outside the main thread signals cannot be caught: then nothing changes.
    """

    CAUGHT = (signal.SIGINT, signal.SIGTERM)

    def __init__(self) -> None:
        self.signum: int | None = None
        self._previous: dict = {}  # (signal number -> the handler it had: signal.signal's own union)

    def __enter__(self) -> StopSignals:
        if threading.current_thread() is threading.main_thread():
            for sig in self.CAUGHT:
                self._previous[sig] = signal.signal(sig, self._note)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)

    def _note(self, signum: int, frame: object) -> None:
        if self.signum is None:
            self.signum = signum

    @property
    def exit_status(self) -> int:
        """128 + the signal's number, as a shell reports a process the signal ended."""
        return 128 + (self.signum or 0)


def failure_reason(exc: BaseException) -> str:
    """A job's exception as the one-line reason shown after the file name."""
    if isinstance(exc, (JobStopped, WorkerLost)):
        return str(exc)
    if isinstance(exc, MemoryError):
        return str(exc) or memory_exceeded()
    if type(exc).__name__ == "KilledWorker":  # (Dask: every worker that took the job died with it)
        return f"its worker process died each time it ran it ({exc})"
    return f"internal error: {type(exc).__name__}: {exc}"


def _stopped(future: Future) -> bool:
    """Whether the job ended because the run was stopped (cancelled, interrupted, or its worker killed)."""
    return future.cancelled() or isinstance(future.exception(), (JobInterrupted, WorkerLost))


def _stop_executor(pool: Executor) -> None:
    """Cancel what is queued; stop what runs if the executor can (a thread pool lets running jobs finish)."""
    interrupt = getattr(pool, "interrupt", None)
    if callable(interrupt):
        interrupt()
    else:
        pool.shutdown(wait=False, cancel_futures=True)


def settle(job: Job, future: Future) -> JobResult:
    """The job's result, or a failed result saying why there is none."""
    try:
        return future.result()
    except CancelledError:
        return JobResult(job, error=str(JobInterrupted()))
    except BaseException as exc:
        return JobResult(job, error=failure_reason(exc))


def preload_modules(formats: list[str], options: RenderOptions | None = None) -> tuple[str, ...]:
    """What the fork server imports once, so that every worker (a replacement too) starts with it loaded."""
    return ("convert.batch", *(FORMATS[fmt].engine(options).module for fmt in formats))


def convert_alone(job: Job, fmt: str, options: RenderOptions, limits: Limits) -> tuple[JobResult, int | None]:
    """One capture in one format kept in memory (for standard output), under the same limits as a batch.

    Returns the result and, if a stop signal ended it, the exit status to use.
    """
    with StopSignals() as stop:
        pool = SupervisedPool(1, limits, initializer=warm_up, initargs=([fmt], options),
                              preload=preload_modules([fmt], options))
        try:
            future = pool.submit(run_job, job, None, [fmt], options, "", {}, True)
            while not future.done():
                if stop.signum is not None:
                    pool.interrupt()
                wait([future], timeout=POLL_SECONDS)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
        return settle(job, future), (stop.exit_status if stop.signum is not None else None)


def with_standard_input(job: Job) -> Job:
    """The job with the bytes of standard input, read up to its size ceiling (or why they could not be)."""
    try:
        return replace(job, data=read_at_most(sys.stdin.buffer, job.max_bytes))
    except ParseError as exc:
        return replace(job, read_error=str(exc))


class BatchRun:
    def __init__(self, jobs: list[Job], out_dir: Path | str, formats: list[str], options: RenderOptions, *,
                 workers: int, force: bool, quiet: bool, verbose: bool, limits: Limits = Limits(),
                 executor: ExecutorFactory | None = None, storage_options: StorageOptions | None = None) -> None:
        self.jobs = jobs
        self.out = str(out_dir)  # a folder, or a URL of object storage
        self.remote = is_remote(self.out)
        self.out_dir = Path(out_dir)  # (the local folder; unused for a URL)
        self.executor = executor
        self.storage_options = storage_options or {}
        self.manifest: RemoteManifest | None = None
        self.formats = formats
        self.paged = [f for f in formats if FORMATS[f].has_pages]  # (their pages are counted and reported)
        self.options = options
        self.workers = max(1, min(workers, len(jobs)))
        self.force = force
        self.quiet = quiet
        self.verbose = verbose
        self.limits = limits
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)
        self.live = self.err.is_terminal and not quiet and not verbose
        self.totals = Totals(documents=len(jobs))
        self.stop = StopSignals()

    # ------------------------------------------------------------------ run

    def execute(self) -> int:
        with self.stop:
            return self._execute()

    def _execute(self) -> int:
        started = time.perf_counter()
        if self.remote:
            # (an object is put whole: no temporaries to clean up)
            kept = 0
            self.manifest = RemoteManifest(self.out, self.storage_options)
            try:
                previous = self.manifest.load()
            except (OSError, ValueError, StorageError) as exc:
                self.err.print(f"{self.manifest.url}: cannot read: {exc}", markup=False)
                return 1
            problems = self.manifest.problems
        else:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            removed, kept = clean_stale_temporaries(self.out_dir)
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
        jobs = [with_standard_input(j) if j.source == STDIN else j for j in self.jobs]
        results = self._results(jobs, key, previous)
        try:
            self._report(results, len(jobs))
        except BaseException:
            if self.manifest is not None:
                self._compact()  # (a client stopped by an exception keeps what its workers finished)
            raise
        t = self.totals
        t.interrupted = t.documents - t.converted - t.skipped - t.failed
        if not self.remote and (self.stop.signum is not None or t.failed or kept):
            # a stopped or killed worker's unfinished file; or those of a killed
            # earlier run whose workers were still dying when this run began
            # (a second walk of the output tree only when there is cause for one)
            clean_stale_temporaries(self.out_dir)
        self._compact()
        if self.stop.signum is not None:
            self.err.print(
                f"interrupted by {signal.Signals(self.stop.signum).name}: {self.totals.interrupted} document(s) "
                "not converted; every finished output is recorded, run again to resume",
                markup=False,
            )
        self._summary(time.perf_counter() - started)
        if self.stop.signum is not None:
            return self.stop.exit_status
        return 1 if self.totals.failed else 0

    def _report(self, results: Iterator[JobResult], total: int) -> None:
        """Each result as it comes: counted, shown, its records kept."""
        if self.live:
            with Progress(
                TextColumn("[bold]converting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[current]}"),
                TimeElapsedColumn(),
                console=self.err,
            ) as progress:
                task = progress.add_task("batch", total=total, current="")
                for result in results:
                    self._record(result)
                    progress.update(task, advance=1, current=Path(result.job.shown).name)
        else:
            for result in results:
                self._record(result)

    def _compact(self) -> None:
        if self.manifest is not None:
            # The records of every finished job, in one put; a store that
            # refuses it leaves the previous manifest, whose missing records
            # only mean outputs redone next time.
            try:
                self.manifest.flush(compact=True)
            except (OSError, ValueError, StorageError) as exc:
                self.err.print(f"{self.manifest.url}: not written ({exc}); the next run redoes "
                               "the outputs it does not record", markup=False)
            return
        # Every record is already appended; a manifest that cannot be rewritten
        # (a full disk) stays as it is, longer but as true.
        try:
            compact_manifest(self.out_dir)
        except OSError as exc:
            self.err.print(
                f"{self.out_dir / MANIFEST}: not compacted ({exc.strerror or exc}); every record is kept",
                markup=False,
            )

    def _results(self, jobs: list[Job], key: str, previous: dict[str, OutputRecord]) -> Iterator[JobResult]:
        """Results as each job finishes; after a stop signal, those of the jobs that were running, then none."""
        # Up-to-date documents are settled here, so a re-run loads no renderer at all.
        pending = []
        for job in jobs:
            if self.stop.signum is not None:
                return
            done = None if self.force else skip_result(job, self.out, self.formats, key, previous)
            if done is not None:
                yield done
            else:
                pending.append(job)
        if not pending:
            return
        pool = self.executor_factory(min(self.workers, len(pending)), self.formats)
        try:
            # Largest first: a large capture started last would keep one worker
            # busy while the others idle (cost grows with size; ties keep the
            # planned order).
            self.workers = getattr(pool, "worker_count", self.workers)  # (a cluster says how many it has)
            futures = {
                pool.submit(run_job, job, self.out, self.formats, self.options, key,
                            self._previous_for(job, previous), self.force, self.storage_options): job
                for job in sorted(pending, key=_size, reverse=True)
            }
            waiting = set(futures)
            stopping = False
            while waiting:
                if self.stop.signum is not None and not stopping:
                    stopping = True
                    _stop_executor(pool)
                finished, waiting = wait(waiting, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
                while finished:
                    # Each future is dropped as soon as it is settled: a cluster keeps a
                    # job's result while its future lives, and would run the job again if
                    # the worker holding that result died (overwriting outputs already
                    # recorded); and a million futures held to the end would fill memory.
                    fut = finished.pop()
                    job = futures.pop(fut)
                    stopped = self.stop.signum is not None and _stopped(fut)  # (interrupted, not failed)
                    result = None if stopped else settle(job, fut)
                    del fut
                    if result is not None:
                        yield result
        finally:
            if self.stop.signum is not None:
                _stop_executor(pool)
            retried = getattr(pool, "retried", None)
            if callable(retried):
                self.totals.retried = retried()
            pool.shutdown(wait=True, cancel_futures=True)

    def _previous_for(self, job: Job, previous: dict[str, OutputRecord]) -> dict[str, OutputRecord]:
        """The records of this job's outputs alone: a job crosses to its worker with only what it needs."""
        rels = (job.stem + extension(fmt) for fmt in self.formats)
        return {rel: previous[rel] for rel in rels if rel in previous}

    def executor_factory(self, workers: int, formats: list[str]) -> Executor:
        """The executor for the batch; any ``concurrent.futures.Executor`` will do (only the local pool enforces the limits)."""
        if self.executor is not None:
            return self.executor(workers, formats)
        return SupervisedPool(workers, self.limits, initializer=warm_up, initargs=(formats, self.options),
                              preload=preload_modules(formats, self.options) + self._storage_modules())

    def _storage_modules(self) -> tuple[str, ...]:
        """The filesystems the workers will open, loaded once in the fork server (s3fs takes about a second)."""
        protocols = {loc.split("://", 1)[0].lower() for loc in [self.out, *(j.source for j in self.jobs)] if is_remote(loc)}
        return ("s3fs",) if protocols & {"s3", "s3a"} else ()

    # ------------------------------------------------------------------ per document

    def _record(self, result: JobResult) -> None:
        t = self.totals
        source = result.job.shown  # escaped: a file name may hold a newline or a terminal escape
        if self.manifest is not None:
            self.manifest.add(result.records)
            if self.manifest.due():
                self._flush()
        if result.error:
            t.failed += 1
            t.files += len(result.records)  # outputs it finished before it failed (they are recorded)
            self.err.print(f"{source}: {result.error}", markup=False)
            return
        levels = Counter(d["level"] for d in result.diagnostics)
        t.warnings += levels["warning"]
        t.errors += levels["error"]
        if result.records:
            t.converted += 1
            t.files += len(result.records)
            t.pages += sum(r.pages or 0 for r in result.records if FORMATS[r.format].has_pages)
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
            pages = sum(r.pages or 0 for r in result.records if FORMATS[r.format].has_pages)
            what = ", ".join(r.format for r in result.records)
            facts = ([f"{pages} pages"] if self.paged else []) + [
                f"{levels['warning']} warnings",
                f"{result.seconds:.2f} s",
            ]
            skipped = f"; {', '.join(result.skipped)} up to date" if result.skipped else ""
            self.err.print(f"converted {source} → {what} ({', '.join(facts)}){skipped}", markup=False)
        else:
            self.err.print(f"skipped {source} (up to date)", markup=False)

    def _flush(self) -> None:
        assert self.manifest is not None
        try:
            self.manifest.flush()
        except (OSError, ValueError, StorageError) as exc:
            self.manifest._last = time.monotonic()  # (tried again after the interval, and at the end)
            self.err.print(f"{self.manifest.url}: not written yet ({exc}); tried again", markup=False)

    # ------------------------------------------------------------------ summary

    def _summary(self, seconds: float) -> None:
        t = self.totals
        rate = (t.converted / seconds) if seconds > 0 else 0.0
        table = Table(title="briefpress convert", show_header=False, title_justify="left")
        table.add_column("what")
        table.add_column("value", justify="right")
        rows: list[tuple[str, object]] = [
            ("documents", t.documents),
            ("converted", t.converted),
            ("skipped (up to date)", t.skipped),
            ("failed", t.failed),
        ]
        if t.interrupted:
            rows.append(("interrupted", t.interrupted))
        if t.retried:
            rows.append(("retried (worker died)", t.retried))
        rows.append(("files written", f"{t.files} ({', '.join(self.formats)})"))
        if self.paged:
            rows.append((f"{'/'.join(f.upper() for f in self.paged)} pages", t.pages))
        rows += [
            ("warnings", t.warnings),
            ("time", f"{seconds:.2f} s with {self.workers} worker(s), {rate:.2f} documents/s"),
        ]
        for name, value in rows:
            style = "red" if name == "failed" and t.failed else None
            table.add_row(name, str(value), style=style)
        self.err.print(table)
