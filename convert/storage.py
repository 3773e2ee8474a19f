"""Where captures come from and outputs go when they are not local files: object storage through fsspec.

An input or ``-o`` may be an fsspec URL — ``s3://bucket/prefix`` with the
``s3`` extra (s3fs), or any other protocol fsspec knows. A plain path, and a
``file://`` URL (turned into its path by :func:`local_path`), stay on the
local code path of :mod:`convert.batch` and :mod:`convert.pipeline`, unchanged.

What this module hands on:

- :func:`plan_remote` lists the captures under a URL prefix (the same
  ``--glob`` as a folder, hidden names passed over) as ``(url, relative
  path, size)``; the batch makes them jobs. A job carries the object's URL,
  never its bytes: the worker that runs it reads it (:func:`read_object`)
  and puts its outputs itself (:func:`put_object`).
- An object is put whole, in one request: object stores make it visible
  only when complete (an S3 PUT is atomic), so there is no temporary name
  to clean up and no half-written output under a final name.
- The manifest beside remote outputs (``PREFIX/manifest.jsonl``) has a single
  writer, the process that runs the batch: workers return their records with
  their results, and :class:`RemoteManifest` writes the whole object again
  (one PUT) every few seconds, at the end and on an interrupt. Object stores
  have no append and no lock, so this is what keeps it consistent however
  many workers finish at once.

Credentials and endpoint come from where every S3 tool takes them —
``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_ENDPOINT_URL``
(or ``AWS_PROFILE``, an instance role...) — or from ``--storage-options``,
a JSON object passed to the filesystem (``{"endpoint_url": ...,
"key": ..., "secret": ...}``). The options given travel with each job;
what comes from the environment is read by each worker from its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from .parse import ParseError

if TYPE_CHECKING:
    from .batch import OutputRecord

StorageOptions = dict[str, Any]


class StorageError(ValueError):
    """A URL cannot be used (no such protocol, the extra not installed, bad options); ``str(err)`` is one line."""


def is_remote(location: str | os.PathLike[str] | None) -> bool:
    """Whether ``location`` is a URL fsspec must open (not a plain path, not ``file://``, not ``-``)."""
    if location is None or not isinstance(location, str):
        return False
    scheme, sep, _ = location.partition("://")
    return bool(sep) and scheme.isidentifier() and scheme.lower() not in ("file", "local")


def local_path(location: str) -> str:
    """A ``file://`` URL as its path; anything else unchanged."""
    if location.lower().startswith(("file://", "local://")):
        return unquote(urlsplit(location).path) or "/"
    return location


def join(base: str, rel: str) -> str:
    """``base`` URL and a relative POSIX path, one slash between them."""
    return base.rstrip("/") + "/" + rel.lstrip("/")


def parse_storage_options(text: str | None) -> StorageOptions:
    """``--storage-options``: a JSON object, or :class:`StorageError` saying why not."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise StorageError(f"--storage-options: not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise StorageError("--storage-options: a JSON object is needed, such as {\"endpoint_url\": \"http://127.0.0.1:8333\"}")
    return value


def filesystem(url: str, options: StorageOptions | None = None) -> tuple[Any, str]:
    """``(fsspec filesystem, path inside it)`` for a URL; fsspec keeps one instance per options in each process.

    For S3 the endpoint comes from ``AWS_ENDPOINT_URL`` when the options name
    none (botocore reads that variable itself only in recent releases, and
    s3fs's own defaults may override it).
    """
    try:
        import fsspec
        from fsspec.registry import known_implementations
    except ImportError:
        raise StorageError(f"{url}: reading URLs needs fsspec: pip install 'briefpress[s3]'") from None
    protocol = url.split("://", 1)[0].lower()
    opts = dict(options or {})
    if protocol in ("s3", "s3a"):
        endpoint = os.environ.get("AWS_ENDPOINT_URL_S3") or os.environ.get("AWS_ENDPOINT_URL")
        if endpoint and "endpoint_url" not in opts and "endpoint_url" not in opts.get("client_kwargs", {}):
            opts["endpoint_url"] = endpoint
    try:
        return fsspec.core.url_to_fs(url, **opts)
    except ImportError as exc:
        extra = "s3" if protocol in ("s3", "s3a") else None
        hint = f"pip install 'briefpress[{extra}]'" if extra else (known_implementations.get(protocol, {}).get("err") or str(exc))
        raise StorageError(f"{url}: {protocol}:// needs a package that is not installed ({hint})") from None
    except ValueError as exc:
        raise StorageError(f"{url}: {exc}") from None
    except TypeError as exc:
        raise StorageError(f"--storage-options: not options {protocol}:// takes ({exc})") from None


def storage_reason(exc: BaseException) -> str:
    """A storage error as a one-line reason."""
    if isinstance(exc, FileNotFoundError):
        return "no such object"
    if isinstance(exc, PermissionError):
        return "permission denied (check the credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)"
    text = " ".join(str(exc).split()) or type(exc).__name__
    if type(exc).__name__ == "NoCredentialsError":
        return f"{text} (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY where the workers run, or --storage-options)"
    return text


# --------------------------------------------------------------------------- planning


def plan_remote(url: str, pattern: str, options: StorageOptions | None) -> tuple[list[tuple[str, str, int]], bool]:
    """``([(object URL, path relative to the input, size)], whether url is a prefix)``, sorted.

    An object named directly is one capture whatever its name (as a file named
    on the command line is); a prefix is listed recursively and its keys
    matched against ``pattern`` as a folder's paths are. A URL that names
    nothing is one capture too, which then fails with "no such object".
    """
    fs, path = filesystem(url, options)
    path = path.rstrip("/")
    try:
        info = fs.info(path)
    except FileNotFoundError:
        info = {"type": "missing"}
    except OSError as exc:
        raise StorageError(f"{url}: cannot list: {storage_reason(exc)}") from None
    if info.get("type") != "directory":
        name = PurePosixPath(path).name
        return [(url, name, int(info.get("size") or 0))], False
    try:
        listing = fs.find(path, detail=True)
    except OSError as exc:
        raise StorageError(f"{url}: cannot list: {storage_reason(exc)}") from None
    found = []
    for key, meta in listing.items():
        rel = PurePosixPath(key[len(path) :].lstrip("/"))
        if meta.get("type") == "directory" or any(part.startswith(".") for part in rel.parts) or not rel.match(pattern):
            continue
        found.append((join(url.rstrip("/"), rel.as_posix()), rel.as_posix(), int(meta.get("size") or 0)))
    return sorted(found, key=lambda f: f[1]), True


# --------------------------------------------------------------------------- objects


def read_object(url: str, max_bytes: int, options: StorageOptions | None) -> bytes:
    """An object's bytes, at most ``max_bytes`` (one ranged GET), or :class:`ParseError` with a one-line reason."""
    from .pipeline import format_size

    try:
        fs, path = filesystem(url, options)
        try:
            data = fs.cat_file(path, start=0, end=max_bytes + 1)
        except OSError as exc:
            if "range" not in str(exc).lower():
                raise
            data = fs.cat_file(path)  # (an empty object has no first byte: S3 answers 416 to a range)
    except StorageError as exc:
        raise ParseError(str(exc)) from None
    except IsADirectoryError:
        raise ParseError("is a prefix, not a capture") from None
    except Exception as exc:  # (botocore's own, such as NoCredentialsError, are no OSError)
        raise ParseError(f"cannot read: {storage_reason(exc)}") from None
    if len(data) > max_bytes:
        raise ParseError(f"larger than the {format_size(max_bytes)} ceiling; not read (--max-input-size raises it)")
    return data


def put_object(url: str, data: bytes, options: StorageOptions | None) -> None:
    """Put ``data`` whole under ``url`` (one PUT: never visible half-written); OSError says why not."""
    fs, path = filesystem(url, options)
    fs.pipe_file(path, data)


def object_sha256(url: str, options: StorageOptions | None) -> str | None:
    """The SHA-256 of an object's content, or None when it cannot be read."""
    try:
        fs, path = filesystem(url, options)
        return hashlib.sha256(fs.cat_file(path)).hexdigest()
    except (OSError, ValueError, StorageError):
        return None


def probe_output(url: str, options: StorageOptions | None) -> None:
    """Prove objects can be put under ``url`` (a probe put and removed), or :class:`StorageError`."""
    fs, path = filesystem(url, options)
    probe = path.rstrip("/") + f"/.briefpress-probe-{os.getpid()}-{time.time_ns()}"
    try:
        fs.pipe_file(probe, b"")
        fs.rm_file(probe)
    except (OSError, ValueError) as exc:
        raise StorageError(f"{url}: cannot put objects here: {storage_reason(exc)}") from None


def existing_keys(url: str, options: StorageOptions | None) -> set[str] | None:
    """Every object under a prefix, relative to it (one listing); None when it cannot be listed."""
    try:
        fs, path = filesystem(url, options)
        path = path.rstrip("/")
        return {key[len(path) :].lstrip("/") for key in fs.find(path)}
    except (OSError, ValueError, StorageError):
        return None


# --------------------------------------------------------------------------- the manifest


class RemoteManifest:
    """The manifest object beside remote outputs, written by one process: the batch's client.

    Records arrive with finished jobs (:meth:`add`); :meth:`flush` puts the
    whole manifest again, at most every :attr:`interval` seconds (or
    whenever asked with ``force``). The interval grows with the time one put
    takes — ten times it, at least 5 s — so that for a large manifest the
    client spends no more than a tenth of its time writing it. A client
    killed between two puts loses the records since the last one: those
    outputs are redone by the next run, as any output without a record is.
    """

    MIN_INTERVAL = 5.0

    def __init__(self, out_url: str, options: StorageOptions | None) -> None:
        self.url = join(out_url, _manifest_name())
        self.out_url = out_url
        self.options = options
        self.records: dict[str, OutputRecord] = {}
        self.problems: list[str] = []
        self.dirty = False
        self.interval = self.MIN_INTERVAL
        self._last = time.monotonic()

    def load(self) -> dict[str, OutputRecord]:
        """The records the manifest object holds (none when there is none); OSError when it cannot be read."""
        from .batch import _parse_manifest

        fs, path = filesystem(self.url, self.options)
        try:
            data = fs.cat_file(path)
        except FileNotFoundError:
            return {}
        self.records, self.problems = _parse_manifest(data, self.url)
        self.dirty = bool(self.problems)  # (a damaged line is dropped at the next put)
        return dict(self.records)

    def add(self, records: list[OutputRecord]) -> None:
        for rec in records:
            self.records[rec.output] = rec
        self.dirty = self.dirty or bool(records)

    def due(self) -> bool:
        return self.dirty and time.monotonic() - self._last >= self.interval

    def flush(self, *, compact: bool = False) -> None:
        """Put the whole manifest; with ``compact``, only the records whose output is still there (one listing)."""
        from .batch import record_line

        if not (self.dirty or compact):
            return
        records = self.records
        if compact:
            present = existing_keys(self.out_url, self.options)
            if present is not None:
                records = {k: r for k, r in records.items() if k in present}
        t0 = time.monotonic()
        data = "".join(record_line(r) for _, r in sorted(records.items())).encode("utf-8")
        put_object(self.url, data, self.options)
        self._last = time.monotonic()
        self.interval = max(self.MIN_INTERVAL, 10 * (self._last - t0))
        self.records = records
        self.dirty = False


def _manifest_name() -> str:
    from .batch import MANIFEST

    return MANIFEST


# --------------------------------------------------------------------------- verify


def fetch_for_verify(url: str, options: StorageOptions | None, into: str) -> dict[str, str]:
    """Copy a remote output prefix's manifest, the outputs it records and their sources into the folder ``into``.

    ``briefpress verify`` then checks the copy as it checks a local folder:
    the manifest's inputs that are URLs are rewritten to the copies of their
    objects, taken as they are now (a source changed since its conversion is
    still found out by its hash). Returns what to show for each local path
    (folder, outputs, sources): the URL it stands for.
    """
    from pathlib import Path

    from .batch import MANIFEST, record_line
    from .batch import _parse_manifest as parse

    base = Path(into)
    fs, path = filesystem(url, options)
    try:
        data = fs.cat_file(join(path, MANIFEST))
    except FileNotFoundError:
        raise FileNotFoundError(f"{url}: no {MANIFEST} here; verify checks outputs of briefpress convert") from None
    except OSError as exc:
        raise StorageError(f"{join(url, MANIFEST)}: cannot read: {storage_reason(exc)}") from None
    records, _ = parse(data, join(url, MANIFEST))
    shown = {str(base): url.rstrip("/")}
    sources: dict[str, str] = {}
    for rec in records.values():
        local = base / rec.output
        local.parent.mkdir(parents=True, exist_ok=True)
        shown[str(local)] = join(url, rec.output)
        try:
            local.write_bytes(fs.cat_file(join(path, rec.output)))
        except OSError:
            pass  # (missing: verify says it cannot read the output)
        if is_remote(rec.input) and rec.input not in sources:
            copy = base / ".sources" / str(len(sources)) / PurePosixPath(rec.input).name
            copy.parent.mkdir(parents=True, exist_ok=True)
            sources[rec.input] = str(copy)
            shown[str(copy)] = rec.input
            try:
                sfs, spath = filesystem(rec.input, options)
                copy.write_bytes(sfs.cat_file(spath))
            except (OSError, StorageError):
                pass  # (missing: verify says so)
        if rec.input in sources:
            rec.input = sources[rec.input]
    # (the damaged lines stay as they were, for verify to report)
    kept = data.splitlines(keepends=True)
    good = [record_line(r).encode("utf-8") for _, r in sorted(records.items())]
    bad = [line for line in kept if line.strip() and parse(line, "")[1]]
    (base / MANIFEST).write_bytes(b"".join(good + bad))
    return shown
