"""Batch conversion: many captures, in parallel, safely, with an audit trail.

The plan (:func:`plan_jobs`) turns the command line's inputs — files,
directories walked for captures, ``-`` for standard input — into jobs, each
with the output stem it writes under the output folder (a directory input
keeps its relative tree, so two ``report.txt`` in different folders never
collide). A folder is walked without following symbolic links (or, asked
to, following only those that stay inside it); what the walk passes over is
reported, one line each. A job is one capture in and its outputs plus manifest records out
(:func:`run_job`); it shares nothing with other jobs, so any
``concurrent.futures.Executor`` can run it — a local process pool by default,
a distributed engine's executor for archives that outgrow one machine
(:mod:`convert.cluster`). Inputs and the output folder may also be URLs of
object storage (:mod:`convert.storage`): a job then carries the capture's
URL, and the worker reads it and puts the outputs itself.

Outputs are written atomically (see :mod:`convert.pipeline`). The manifest
(``DIR/manifest.jsonl``, one JSON line per output) records input path and
hash, output path and hash, format, pages, diagnostic counts, time, the
options and the briefpress version; a re-run skips an output whose record
matches and whose file is still there unchanged. In a local folder the
job appends each output's record as soon as the output is written, so a job
stopped halfway leaves what it finished recorded. Appends and compaction
hold a ``flock`` on the manifest, so runs into one folder at the same time
lose no record; a line that is not a record (cut short, damaged) is reported
and left out, and its output redone. Beside remote outputs the job only
returns its records, and the batch's client, the manifest's one writer, puts
the manifest whole (:class:`convert.storage.RemoteManifest`).
"""

from __future__ import annotations

import errno
import gc
import hashlib
import json
import os
import re
import stat
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields, replace
from functools import cache
from pathlib import Path, PurePosixPath

try:
    import fcntl
except ImportError:  # not POSIX: runs into one folder are not coordinated
    fcntl = None  # type: ignore[assignment]

from . import __version__
from .display import printable
from .modeljson import diagnostic_to_dict
from .parse import ParseError, parse_bytes
from .parse.decode import decode
from .pipeline import MAX_INPUT_BYTES, TMP_PREFIX, file_kind, read_source, write_atomic
from .pool import memory_exceeded, near_memory_ceiling, uninterrupted
from .render import (
    ENGINE_PACKAGES,
    FILE_OPTIONS,
    READ_OPTIONS,
    RenderOptions,
    companion_format,
    extension,
    get_format,
    get_renderer,
    installed_version,
)
from .render.engine import EngineUnsupported
from .render.page import TemplateFailed
from .resources import templates_dir
from .storage import StorageError, StorageOptions, storage_reason, is_remote, join, local_path, object_sha256, plan_remote, put_object, read_object

MANIFEST = "manifest.jsonl"
STDIN = "-"


class PlanError(ValueError):
    """The inputs cannot be planned (a usage error)."""


@dataclass(frozen=True)
class Job:
    """One capture to convert: where it comes from and the output stem it writes."""

    source: str  # a path, or "-" for standard input
    stem: str  # relative output stem, POSIX style, without extension
    data: bytes | None = None  # the bytes of standard input
    max_bytes: int = MAX_INPUT_BYTES  # the ceiling on the capture's size (--max-input-size)
    read_error: str | None = None  # why standard input could not be read (the parent reads it, the worker reports it)
    size: int | None = None  # the capture's size when the listing said it (an object in storage)

    @property
    def shown(self) -> str:
        """The source as messages show it, escaped (see :func:`convert.display.printable`)."""
        return printable(self.source)


@dataclass
class OutputRecord:
    """One manifest line."""

    input: str
    input_sha256: str
    output: str
    output_sha256: str
    format: str
    pages: int | None
    diagnostics: dict[str, int]
    seconds: float
    options: str
    version: str


@dataclass
class JobResult:
    job: Job
    records: list[OutputRecord] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # formats already up to date
    diagnostics: list[dict] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    data: dict[str, bytes] = field(default_factory=dict)  # outputs kept in memory (standard output)


# --------------------------------------------------------------------------- planning


@dataclass
class Plan:
    """The jobs for a run, and what the walk passed over: warnings are data, the command line shows them."""

    jobs: list[Job] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why it is no job), one line each
    unmatched: list[str] = field(default_factory=list)  # folder inputs in which no file matched the pattern


def plan_jobs(inputs: list[str], pattern: str = "*.txt", *, follow_symlinks: bool = False,
              max_bytes: int = MAX_INPUT_BYTES, storage_options: StorageOptions | None = None) -> list[Job]:
    """Jobs for the inputs, in a stable order; :class:`PlanError` for a clash or a bad pattern."""
    return plan_inputs(inputs, pattern, follow_symlinks=follow_symlinks, max_bytes=max_bytes,
                       storage_options=storage_options).jobs


def plan_inputs(inputs: list[str], pattern: str = "*.txt", *, follow_symlinks: bool = False,
                max_bytes: int = MAX_INPUT_BYTES, storage_options: StorageOptions | None = None) -> Plan:
    """The :class:`Plan` for the command line's inputs.

    A file given directly is a job even when it is a symbolic link or missing
    (naming it is the user's explicit choice; a missing one fails later with
    its reason). Folders are walked without following symbolic links unless
    ``follow_symlinks``, and then only to places inside the folder. A URL
    (:func:`convert.storage.is_remote`) is listed as a folder is walked when
    it is a prefix (:func:`convert.storage.plan_remote`); a listing that fails
    is a :class:`PlanError`.
    """
    pattern = _check_pattern(pattern)
    plan = Plan()
    for raw in inputs:
        if raw == STDIN:
            plan.jobs.append(Job(STDIN, "stdin", max_bytes=max_bytes))
            continue
        if is_remote(raw):
            _plan_remote(raw, pattern, storage_options, max_bytes, plan)
            continue
        path = Path(local_path(raw))
        if path.is_dir():
            found = _walk(path, pattern, follow_symlinks, plan.skipped)
            if not found:
                plan.unmatched.append(raw)
            for rel in found:
                plan.jobs.append(Job(str(path / rel), rel.with_suffix("").as_posix(), max_bytes=max_bytes))
        else:
            plan.jobs.append(Job(str(path), Path(path.name).with_suffix("").as_posix(), max_bytes=max_bytes))
    stems = Counter(j.stem for j in plan.jobs)
    clashes = sorted(s for s, n in stems.items() if n > 1)
    if clashes:
        sources = [j.shown for j in plan.jobs if j.stem == clashes[0]]
        raise PlanError(
            f"{' and '.join(sources)} would write the same outputs ({printable(clashes[0])}.*); pass their folder instead"
        )
    return plan


def _plan_remote(url: str, pattern: str, options: StorageOptions | None, max_bytes: int, plan: Plan) -> None:
    try:
        found, is_prefix = plan_remote(url, pattern, options)
    except StorageError as exc:
        raise PlanError(str(exc)) from None
    if is_prefix and not found:
        plan.unmatched.append(url)
    for obj, rel, size in found:
        plan.jobs.append(Job(obj, PurePosixPath(rel).with_suffix("").as_posix(), max_bytes=max_bytes, size=size))


def _check_pattern(pattern: str) -> str:
    """The pattern matched against paths inside a folder; a leading ``**/`` adds nothing (the walk is recursive)."""
    while pattern.startswith("**/"):
        pattern = pattern[3:]
    if not pattern.strip():
        raise PlanError("--glob: an empty pattern matches no file")
    if pattern.startswith("/"):
        raise PlanError(f"--glob: {pattern!r} is matched inside each folder, so it cannot start with /")
    return pattern


def _walk(root: Path, pattern: str, follow_symlinks: bool, skipped: list[tuple[str, str]]) -> list[PurePosixPath]:
    """The paths (relative to ``root``, sorted) of the captures in a folder tree.

    Hidden files and folders are passed over in silence (``.git``, editors'
    files); everything else that is no capture but could look like one is
    reported in ``skipped``: a symbolic link (not followed, or leading out of
    the tree, nowhere, or back to a folder already walked), a folder named like
    a capture, a FIFO or device.
    """
    top = root.resolve()
    walked: dict[tuple[int, int], Path] = {}
    found: list[PurePosixPath] = []
    folders = [PurePosixPath()]
    while folders:
        rel_folder = folders.pop()
        folder = root / rel_folder
        try:
            st = folder.stat()
            key = (st.st_dev, st.st_ino)
            if key in walked:
                skipped.append((str(folder), f"the same folder as {walked[key]}, already walked"))
                continue
            walked[key] = folder
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            skipped.append((str(folder), f"cannot read the folder: {(exc.strerror or str(exc)).lower()}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = rel_folder / entry.name
            matches = rel.match(pattern)
            if entry.is_symlink():
                target = _followed_link(Path(entry.path), top, matches, follow_symlinks, skipped)
                if target is None:
                    continue
                mode = target.stat().st_mode
            elif entry.is_dir(follow_symlinks=False):
                mode = stat.S_IFDIR
            elif not matches:
                continue  # no capture whatever its type, which is then not worth a system call
            else:
                mode = entry.stat(follow_symlinks=False).st_mode
            if stat.S_ISDIR(mode):
                if matches:
                    skipped.append((entry.path, "a folder named like a capture: not converted, the files in it are"))
                folders.append(rel)
            elif matches and stat.S_ISREG(mode):
                found.append(rel)
            elif matches:
                skipped.append((entry.path, f"not a regular file but {file_kind(mode)}"))
    return sorted(found)


def _followed_link(link: Path, top: Path, matches: bool, follow: bool, skipped: list[tuple[str, str]]) -> Path | None:
    """Where a symbolic link in the tree leads, if it is to be followed; else ``None``, reported when it matters.

    A link that neither matches the pattern nor leads to a folder is no capture
    and not worth a line.
    """
    try:
        target = link.resolve(strict=True)
    except RuntimeError:  # Python 3.11 reports a loop of links this way, later versions as ELOOP
        skipped.append((str(link), "a symbolic link loop"))
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            skipped.append((str(link), "a symbolic link loop"))
        elif matches:
            skipped.append((str(link), "a symbolic link that leads nowhere"))
        return None
    if not (matches or target.is_dir()):
        return None
    if not follow:
        skipped.append((str(link), "a symbolic link, not followed (--follow-symlinks follows links that stay in the folder)"))
        return None
    if not target.is_relative_to(top):
        skipped.append((str(link), f"a symbolic link out of the folder {top}, not followed"))
        return None
    return target


@cache
def toolchain_key() -> str:
    """A digest of what renders the outputs: the bundled templates by content, and the engines' versions.

    The manifest's version check alone would keep outputs made with other
    templates (a source checkout being edited) or another WeasyPrint. The
    engines are the registry's (each format's ``engine_packages``).
    """
    h = hashlib.sha256()
    root = templates_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    # (reverse name order is the order the key had when it named the three engines itself:
    # kept, so that outputs already made stay up to date)
    for dist in sorted(ENGINE_PACKAGES, reverse=True):
        h.update(f"{dist}={installed_version(dist) or '?'}\0".encode())
    return h.hexdigest()[:16]


def options_key(formats: list[str], options: RenderOptions) -> str:
    """A digest of everything that changes an output, user files by content: every option some format reads."""
    def value(name: str) -> object:
        v = getattr(options, name)
        if name in FILE_OPTIONS and v is not None:
            return hashlib.sha256(Path(v).read_bytes()).hexdigest()
        return v

    # A format made with another engine than its default: that engine's packages too.
    other_engines = {
        fmt: {dist: installed_version(dist) for dist in engine.packages}
        for fmt in formats
        if (engine := get_format(fmt).engine(options)).name != get_format(fmt).default_engine
    }
    key = {
        "toolchain": toolchain_key(),
        **({"engines": other_engines} if other_engines else {}),
        # the other outputs link to the companion written beside them (the HTML page to its PDF)
        "with_pdf": companion_format(formats) is not None,
        **{name: value(name) for name in READ_OPTIONS},
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- manifest


def read_manifest(out_dir: Path) -> dict[str, OutputRecord]:
    """The latest record of every output, by output path (relative to ``out_dir``); unreadable lines are left out."""
    return load_manifest(out_dir)[0]


def load_manifest(out_dir: Path) -> tuple[dict[str, OutputRecord], list[str]]:
    """``(records by output path, one line per manifest line left out)``.

    A line is left out when it is not a whole record in UTF-8 — cut short by a
    killed run, or damaged by hand or by the disk: the output it recorded is
    then not up to date, so the run redoes it, and the next compaction drops
    the line.
    """
    with _locked_manifest(out_dir, exclusive=False, append=False) as fd:
        if fd is None:
            return {}, []
        data = _read_all(fd)
    return _parse_manifest(data, out_dir / MANIFEST)


def _parse_manifest(data: bytes, path: Path | str) -> tuple[dict[str, OutputRecord], list[str]]:
    records: dict[str, OutputRecord] = {}
    problems: list[str] = []
    for number, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        rec = _record_from_line(line)
        if rec is None:
            problems.append(f"{path}:{number}: not a manifest record, left out (its output will be redone)")
        else:
            records[rec.output] = rec
    return records, problems


_RECORD_TYPES = {f.name: f.type for f in fields(OutputRecord)}


def _record_from_line(line: bytes) -> OutputRecord | None:
    """The record a manifest line holds, or None when it holds none."""
    try:
        obj = json.loads(line.decode("utf-8"))
        rec = OutputRecord(**obj)
    except (ValueError, TypeError):
        return None
    ok = (
        all(isinstance(getattr(rec, name), str) for name, kind in _RECORD_TYPES.items() if kind == "str")
        and isinstance(rec.diagnostics, dict)
        and (rec.pages is None or isinstance(rec.pages, int))
        and isinstance(rec.seconds, (int, float))
    )
    return rec if ok else None


def record_line(rec: OutputRecord) -> str:
    """One manifest line: JSON in UTF-8, a file name that is not UTF-8 kept byte for byte.

    Python reads such a name with each undecodable byte as a lone surrogate
    (U+DC80–U+DCFF, PEP 383), which UTF-8 cannot encode; written as a JSON
    escape (``\\udcff``) it stays ASCII and reads back as the same name, so a
    re-run finds the record and ``verify`` the source.
    """
    text = json.dumps(asdict(rec), ensure_ascii=False)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def append_manifest(out_dir: Path, records: list[OutputRecord]) -> None:
    """Add records at the end of the manifest, in one write under the manifest's lock."""
    if not records:
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    data = "".join(record_line(rec) for rec in records).encode("utf-8")
    with _locked_manifest(out_dir, exclusive=True, append=True) as fd:
        assert fd is not None
        view = memoryview(data)
        while view:  # O_APPEND: at the end, whatever another run wrote meanwhile
            view = view[os.write(fd, view) :]
        os.fsync(fd)


def compact_manifest(out_dir: Path) -> None:
    """Rewrite the manifest with only the latest record of each output that still exists.

    The lock is held from reading to the rename, so a record another run
    appends meanwhile waits and then goes into the new file, never into the
    one being replaced.
    """
    with _locked_manifest(out_dir, exclusive=True, append=False) as fd:
        if fd is None:
            return
        records, problems = _parse_manifest(_read_all(fd), out_dir / MANIFEST)
        if not records and not problems:
            return
        lines = [record_line(r) for _, r in sorted(records.items()) if (out_dir / r.output).exists()]
        write_atomic(out_dir / MANIFEST, "".join(lines).encode("utf-8"))


@contextmanager
def _locked_manifest(out_dir: Path, *, exclusive: bool, append: bool) -> Iterator[int | None]:
    """The manifest's descriptor under a ``flock``; created for ``append``, else None when there is none.

    Appending and compacting hold the lock exclusively, reading shares it.

    Compaction replaces the file by a rename, so a run that waited for the
    lock may hold the replaced file: it checks the name still leads to the
    file it locked, and opens it again if not.
    """
    path = out_dir / MANIFEST
    flags = (os.O_WRONLY | os.O_APPEND | os.O_CREAT) if append else os.O_RDONLY
    while True:
        try:
            fd = os.open(path, flags, 0o666)
        except FileNotFoundError:
            yield None
            return
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
            try:
                current = os.stat(path)
            except FileNotFoundError:
                current = None
            if current is not None and os.path.samestat(current, os.fstat(fd)):
                yield fd
                return
        finally:
            os.close(fd)  # closing releases the lock


def _read_all(fd: int) -> bytes:
    chunks = []
    offset = 0
    while chunk := os.pread(fd, 1 << 20, offset):
        chunks.append(chunk)
        offset += len(chunk)
    return b"".join(chunks)


#: A temporary older than this is a leftover whatever its pid says. An output
#: is written in one go and renamed within seconds, so no live run keeps one
#: this long; but a pid is reused, and the process now holding it may live on.
STALE_AFTER_SECONDS = 3600


def clean_stale_temporaries(out_dir: Path, now: float | None = None) -> tuple[int, int]:
    """Delete temporary files left by runs that were killed; returns ``(removed, kept)``.

    A temporary is left over when the process named in it is gone, or when it
    is older than :data:`STALE_AFTER_SECONDS`. A fresh one whose process is
    alive is kept: it may be a concurrent run's output being written (or a
    killed run's worker that has not died yet).
    """
    if not out_dir.is_dir():
        return 0, 0
    now = time.time() if now is None else now
    removed = kept = 0
    for p in out_dir.rglob(TMP_PREFIX + "*"):
        if _may_be_live(p, now):
            kept += 1
            continue
        try:
            p.unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed, kept


def _may_be_live(tmp: Path, now: float) -> bool:
    pid = _pid_of(tmp.name)
    if pid is None or pid == os.getpid() or not _alive(pid):
        return False
    try:
        age = now - tmp.lstat().st_mtime
    except FileNotFoundError:
        return True  # already gone: nothing to do
    return age < STALE_AFTER_SECONDS


def _pid_of(name: str) -> int | None:
    rest = name[len(TMP_PREFIX) :]
    head = rest.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------- the unit of work


def warm_up(formats: list[str], options: RenderOptions | None = None) -> None:
    """Ready a worker process: load each renderer once (of the engines ``options`` choose), then settle the garbage collector."""
    for fmt in formats:
        get_renderer(fmt, options)
    # WeasyPrint allocates hundreds of thousands of small objects per document,
    # and the collector's default young-generation threshold (700) makes it
    # sweep many times per page. What was loaded so far (modules, caches) lives
    # as long as the worker, so it is frozen out of every sweep, and the young
    # threshold is raised (the older generations keep their defaults, so cycles
    # are still reclaimed every few documents): measured on 25 benchmark
    # captures, 5 % less time per document for about 25 MB more peak memory.
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 10, 10)


def run_job(
    job: Job,
    out_dir: str | None,
    formats: list[str],
    options: RenderOptions,
    opts_key: str,
    previous: dict[str, OutputRecord],
    force: bool,
    storage_options: StorageOptions | None = None,
) -> JobResult:
    """Convert one capture; never raises for a bad input (the reason is in ``error``).

    ``out_dir`` None keeps the outputs in memory (``JobResult.data``) instead of writing them.
    A URL source is read from storage, and with a URL ``out_dir`` each output
    is put whole and its record only returned (the client writes the manifest).
    """
    started = time.perf_counter()
    result = JobResult(job)
    remote_in = is_remote(job.source)
    try:
        if job.read_error:
            raise ParseError(job.read_error)
        if job.source == STDIN:
            data = job.data
        elif remote_in:
            data = read_object(job.source, job.max_bytes, storage_options)
        else:
            data = read_source(Path(job.source), job.max_bytes)
        if data is None:
            raise ParseError("no data on standard input")
        in_hash = hashlib.sha256(data).hexdigest()
        todo, result.skipped = split_up_to_date(job, in_hash, out_dir, formats, opts_key, previous, force,
                                                storage_options)
        if not todo:
            result.seconds = time.perf_counter() - started
            return result
        if job.source == STDIN and out_dir is not None:
            keep_capture(out_dir, job.stem, data, storage_options)
        source_name = Path(job.source).name if job.source != STDIN else "stdin.txt"
        parsed = parse_bytes(data, source_name)
        result.diagnostics = [diagnostic_to_dict(d) for d in parsed.diagnostics]
        counts: Counter[str] = Counter(d.level for d in parsed.diagnostics)
        companion = companion_format(formats)
        doc_options = replace(
            options,
            source_bytes=data,
            source_name=source_name,
            companion_pdf=(Path(job.stem).name + extension(companion)) if companion and out_dir is not None else None,
        )
        for fmt in todo:
            t0 = time.perf_counter()
            rendered = get_renderer(fmt, doc_options)(parsed, doc_options)
            rel = job.stem + extension(fmt)
            extra: Counter[str] = Counter(d.level for d in rendered.diagnostics)
            for d in rendered.diagnostics:
                result.diagnostics.append(diagnostic_to_dict(replace(d, message=f"{fmt}: {d.message}")))
            record = OutputRecord(
                input=job.source if job.source == STDIN or remote_in else str(Path(job.source).resolve()),
                input_sha256=in_hash,
                output=rel,
                output_sha256=hashlib.sha256(rendered.data).hexdigest(),
                format=fmt,
                pages=rendered.pages,
                diagnostics=dict(counts + extra),
                seconds=round(time.perf_counter() - t0, 4),
                options=opts_key,
                version=__version__,
            )
            if out_dir is None:
                result.data[fmt] = rendered.data
            elif is_remote(out_dir):
                put_output(out_dir, record, rendered.data, storage_options)
            else:
                write_and_record(Path(out_dir), record, rendered.data)
            result.records.append(record)
    except (ParseError, OutputError, TemplateFailed, EngineUnsupported) as exc:
        result.error = str(exc)  # (one line each: a bad input, an output place, a user's template, the engine)
    except MemoryError:
        raise  # the worker that ran out is replaced; the runner gives the reason
    except Exception as exc:  # one document's failure must not end the batch
        if near_memory_ceiling():
            raise MemoryError(memory_exceeded()) from None
        result.error = f"internal error: {type(exc).__name__}: {exc}"
    result.seconds = time.perf_counter() - started
    return result


class OutputError(Exception):
    """An output could not be written or recorded (a full disk, a folder that refuses)."""


# A capture read from standard input has no file of its own to be checked against
# later: its bytes are kept beside its outputs, under a name no --glob of "*.txt" takes.
CAPTURE_COPY = ".capture"


def keep_capture(out_dir: str | Path, stem: str, data: bytes, storage_options: StorageOptions | None = None) -> None:
    """Keep the bytes of a capture read from standard input beside its outputs (``STEM.capture``), for verify."""
    if isinstance(out_dir, str) and is_remote(out_dir):
        target = join(out_dir, stem + CAPTURE_COPY)
        try:
            put_object(target, data, storage_options)
        except Exception as exc:
            raise OutputError(f"cannot put {target}: {storage_reason(exc)}") from None
        return
    out_dir = Path(out_dir)
    try:
        write_atomic(out_dir / (stem + CAPTURE_COPY), data)
    except OSError as exc:
        raise OutputError(f"cannot write {out_dir / (stem + CAPTURE_COPY)}: {exc.strerror or exc}") from None


def put_output(out_url: str, record: OutputRecord, data: bytes, storage_options: StorageOptions | None) -> None:
    """Put one output whole in object storage (one PUT, never visible half-written); its record goes back to the client."""
    target = join(out_url, record.output)
    with uninterrupted():
        try:
            put_object(target, data, storage_options)
        except Exception as exc:  # (botocore's own, such as NoCredentialsError, are no OSError)
            raise OutputError(f"cannot put {target}: {storage_reason(exc)}") from None


def write_and_record(out_dir: Path, record: OutputRecord, data: bytes) -> None:
    """Write one output and append its manifest record, as one step a timeout or an interrupt cannot split.

    The job, not the parent, records its outputs, each as soon as it is
    written: a job stopped or a worker killed halfway leaves every output it
    finished recorded (and the one it was writing only as a temporary file,
    which the next run removes).
    """
    with uninterrupted():
        try:
            write_atomic(out_dir / record.output, data)
        except OSError as exc:
            raise OutputError(f"cannot write {out_dir / record.output}: {exc.strerror or exc}") from None
        try:
            append_manifest(out_dir, [record])
        except OSError as exc:
            raise OutputError(
                f"{record.output} written but not recorded in {out_dir / MANIFEST} ({exc.strerror or exc}); "
                "the next run redoes it"
            ) from None


def diagnostic_line(source: str, d: dict) -> str:
    """A diagnostic of a job's result as one line: ``FILE:LINE: level: message [code]``."""
    where = f":{d['line']}" if d.get("line") else ""
    return f"{source}{where}: {d['level']}: {d['message']} [{d['code']}]"


def split_up_to_date(
    job: Job,
    in_hash: str,
    out_dir: str | None,
    formats: list[str],
    opts_key: str,
    previous: dict[str, OutputRecord],
    force: bool,
    storage_options: StorageOptions | None = None,
) -> tuple[list[str], list[str]]:
    """``(formats to render, formats already up to date)`` for one job.

    Up to date: the manifest records this input hash, these options and this
    briefpress version for the output, and the file is still as written.
    """
    todo, skipped = [], []
    for fmt in formats:
        rel = job.stem + extension(fmt)
        rec = previous.get(rel)
        if (
            not force
            and out_dir is not None
            and rec is not None
            and rec.input_sha256 == in_hash
            and rec.options == opts_key
            and rec.version == __version__
            and _unchanged(out_dir, rel, rec, storage_options)
        ):
            skipped.append(fmt)
        else:
            todo.append(fmt)
    return todo, skipped


def skip_result(job: Job, out_dir: str, formats: list[str], opts_key: str, previous: dict[str, OutputRecord]) -> JobResult | None:
    """The result of a job settled without a worker (nothing to do, or not a capture); ``None`` when it has work.

    Only local files are settled here: an object in storage is read by its
    worker, which does the same check there, so the client reads no capture.
    """
    if job.source == STDIN or is_remote(job.source) or is_remote(out_dir):
        return None
    try:
        data = read_source(Path(job.source), job.max_bytes)
        decode(data)  # cheap: refuses empty and binary files before any worker starts
    except ParseError as exc:
        return JobResult(job, error=str(exc))
    todo, skipped = split_up_to_date(job, hashlib.sha256(data).hexdigest(), out_dir, formats, opts_key, previous, False)
    return None if todo else JobResult(job, skipped=skipped)


def _unchanged(out_dir: str, rel: str, rec: OutputRecord, storage_options: StorageOptions | None = None) -> bool:
    if is_remote(out_dir):
        return object_sha256(join(out_dir, rel), storage_options) == rec.output_sha256
    try:
        return sha256_file(Path(out_dir) / rel) == rec.output_sha256
    except OSError:
        return False
