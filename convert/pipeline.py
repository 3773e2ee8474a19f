"""One unit of work: one capture in, its outputs written, an outcome out.

:func:`convert_file` parses a capture, runs each requested renderer and
writes every output atomically (a temporary name in the target folder,
renamed when complete), so a run killed at any moment leaves no half-written
file under a final name. It never raises for a bad input: the reason comes
back in :attr:`Outcome.error`.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from .model import Diagnostic
from .parse import ParseError, parse_bytes
from .render import RenderOptions, extension, get_renderer

TMP_PREFIX = ".briefpress-tmp-"


@dataclass
class Outcome:
    source: Path
    written: list[Path] = field(default_factory=list)
    pages: dict[str, int] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    error: str | None = None


def read_source(path: Path) -> bytes:
    """The capture's bytes, or :class:`ParseError` with a one-line reason."""
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise ParseError("is a directory, not a capture") from None
    except FileNotFoundError:
        raise ParseError("no such file") from None
    except PermissionError:
        raise ParseError("permission denied") from None
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}") from None


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def convert_file(path: Path, out_dir: Path, formats: list[str], options: RenderOptions, *, stem: Path | None = None) -> Outcome:
    """Parse ``path`` and write one output per format as ``out_dir/<stem><ext>``."""
    outcome = Outcome(path)
    try:
        data = read_source(path)
        result = parse_bytes(data, path.name)
    except ParseError as exc:
        outcome.error = str(exc)
        return outcome
    outcome.diagnostics.extend(result.diagnostics)
    options = replace(options, source_bytes=data, source_name=path.name)
    base = out_dir / (stem if stem is not None else Path(path.stem))
    for fmt in formats:
        try:
            rendered = get_renderer(fmt)(result, options)
        except Exception as exc:  # a renderer's failure is this document's failure, not the batch's
            outcome.error = f"cannot render {fmt}: {type(exc).__name__}: {exc}"
            return outcome
        target = base.with_name(base.name + extension(fmt))
        write_atomic(target, rendered.data)
        outcome.written.append(target)
        if rendered.pages is not None:
            outcome.pages[fmt] = rendered.pages
        outcome.diagnostics.extend(rendered.diagnostics)
    return outcome
