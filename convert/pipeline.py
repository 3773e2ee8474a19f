"""Reading a capture and writing an output safely.

:func:`read_source` turns every way a file can fail to be read into a one-line
:class:`~convert.parse.ParseError`; :func:`write_atomic` writes an output under
a temporary name in the target folder and renames it when complete, so a run
killed at any moment leaves no half-written file under a final name; the
file gets the mode the umask gives any new file (0644 under umask 022).
:func:`prepare_output_folder` proves, before any document runs, that the
output folder exists or can be made and takes new files.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path
from typing import BinaryIO

from .parse import ParseError

TMP_PREFIX = ".briefpress-tmp-"


class OutputPlaceError(ValueError):
    """The output folder cannot take outputs; ``str(err)`` is the one-line reason."""


#: The default ceiling on a capture's size: the largest real captures are a
#: few megabytes, and a file of this size already takes minutes to lay out.
MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_source(path: Path, max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The capture's bytes, or :class:`ParseError` with a one-line reason.

    Only a regular file is read: a FIFO would wait for a writer forever and a
    device such as ``/dev/zero`` never ends, so both are refused from their
    type alone (the FIFO is opened without waiting). Never more than
    ``max_bytes + 1`` bytes are read, so a file that grows while it is read is
    refused too.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except IsADirectoryError:
        raise ParseError("is a directory, not a capture") from None
    except FileNotFoundError:
        raise ParseError("no such file") from None
    except PermissionError:
        raise ParseError("permission denied") from None
    except OSError as exc:
        raise ParseError(f"cannot read: {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise ParseError("is a directory, not a capture")
        raise ParseError(f"not a regular file but {file_kind(mode)}; not read")
    with os.fdopen(fd, "rb") as fh:
        try:
            return read_at_most(fh, max_bytes)
        except OSError as exc:
            raise ParseError(f"cannot read: {exc.strerror or exc}") from None


def read_at_most(fh: BinaryIO, max_bytes: int) -> bytes:
    """All of ``fh``, or :class:`ParseError` once it holds more than ``max_bytes`` (reading one byte past it)."""
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ParseError(f"larger than the {format_size(max_bytes)} ceiling; not read (--max-input-size raises it)")
    return data


def format_size(n: int) -> str:
    """A byte count for messages: ``64 MB``, ``1.5 kB``, ``900 bytes`` (binary multiples, as ``--max-input-size`` reads them)."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("kB", 1 << 10)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n} bytes"


def file_kind(mode: int) -> str:
    """What a file that is not a regular file is, for messages."""
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "a special file"


def write_atomic(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # the pid in the name lets a later run tell a dead run's leftovers from a live one's
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=target.parent)
    try:
        # mkstemp makes the file 0600 whatever the umask; an output is an
        # ordinary file, so it gets the mode open() would have given it.
        os.fchmod(fd, 0o666 & ~current_umask())
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


def prepare_output_folder(folder: Path) -> None:
    """Make ``folder`` if needed and prove a file can be created in it, or :class:`OutputPlaceError`.

    Creating a file is the only test that tells the truth: permission bits say
    nothing to root, and a read-only mount or an immutable folder refuses
    writes whatever the bits say.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputPlaceError("exists and is not a folder, so it cannot hold the outputs")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPlaceError(f"cannot create the output folder: {_reason(exc)}") from None
    try:
        fd, probe = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{os.getpid()}-", dir=folder)
    except OSError as exc:
        raise OutputPlaceError(f"cannot write into the output folder: {_reason(exc)}") from None
    os.close(fd)
    os.unlink(probe)


def _reason(exc: OSError) -> str:
    """An OS error's reason without the file name (the message names the file first)."""
    return (exc.strerror or str(exc)).lower()


def current_umask() -> int:
    """The process's umask, read without changing it where the system allows.

    ``os.umask`` can only be read by setting it, which for a moment would
    give any file another thread creates the wrong mode; Linux shows it in
    ``/proc/self/status``.
    """
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
