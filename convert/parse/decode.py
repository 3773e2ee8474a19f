"""Stage 1: bytes → text.

Finds the encoding (a byte-order mark for UTF-8/16/32; UTF-8; UTF-8 with a
few lines in Windows-1252 decoded line by line; then the Windows-1252 and
Latin-1 fallbacks, each reported), refuses what is not text
(empty, white space only, binary), folds line endings to ``\\n`` and removes
control characters that no text format can carry, reporting each.
Hands on a :class:`Decoded` text.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..model import Diagnostic


class ParseError(Exception):
    """The input cannot be read as a capture; ``str(err)`` is the one-line reason."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    diagnostics: tuple[Diagnostic, ...]


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG", "a PNG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"PK\x03\x04", "a ZIP archive (DOCX, EPUB or similar)"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an OLE file (old Word/Excel)"),
)

# C0/C1 controls that are neither line structure nor tab: they carry no text
# and XML 1.0 forbids most of them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# The same characters as UTF-8 bytes: the C0 controls and DEL are single bytes
# that stand for nothing else, the C1 controls "\xc2" then "\x80"–"\x9f". Bytes
# are much cheaper to scan than decoded text.
_C0_BYTES = bytes(b for b in range(0x80) if _CONTROL.match(chr(b)))
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def decode(data: bytes) -> Decoded:
    """Decode a capture's bytes, or raise :class:`ParseError` with the reason."""
    if not data:
        raise ParseError("empty file")
    diags: list[Diagnostic] = []
    text, encoding = _decode(data, diags)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # One scan answers both questions for nearly every capture: with no
    # control character at all the text cannot look binary either.
    first = _CONTROL.search(text) if _may_hold_controls(data, encoding) else None
    if first is not None:
        if _looks_binary(text):
            raise ParseError("binary file, not a text capture")
        controls = _CONTROL.findall(text)
        line = text.count("\n", 0, first.start()) + 1
        diags.append(
            Diagnostic(
                "warning",
                "control-chars",
                f"removed {len(controls)} control character(s) that carry no text",
                line,
            )
        )
        text = _CONTROL.sub("", text)
    if not text or text.isspace():  # (not text.strip(): no copy of the whole text)
        raise ParseError("no text: the file holds only white space")
    return Decoded(text, encoding, tuple(diags))


def _decode(data: bytes, diags: list[Diagnostic]) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ParseError(f"starts with a {encoding} byte-order mark but is not valid {encoding}: {exc.reason}") from None
            if encoding != "utf-8":
                diags.append(Diagnostic("info", "encoding", f"decoded as {encoding} (byte-order mark)", None))
            return text, encoding
    for magic, what in _MAGIC:
        if data.startswith(magic):
            raise ParseError(f"binary file ({what}), not a text capture")
    if b"\x00" in data:
        guess = _guess_utf16(data)
        if guess is None:
            raise ParseError("binary file (contains NUL bytes), not a text capture")
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            raise ParseError("binary file (contains NUL bytes), not a text capture") from None
        diags.append(Diagnostic("warning", "encoding-guess", f"no byte-order mark; decoded as {guess}", None))
        return text, guess
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
    mixed = _decode_by_line(data)
    if mixed is not None:
        text, bad_lines = mixed
        shown = ", ".join(str(n) for n in bad_lines[:10]) + (f" and {len(bad_lines) - 10} more" if len(bad_lines) > 10 else "")
        diags.append(
            Diagnostic(
                "warning",
                "encoding-fallback",
                f"not valid UTF-8 on {len(bad_lines)} line(s) ({shown}); those decoded as cp1252, the rest as UTF-8",
                bad_lines[0],
            )
        )
        return text, "utf-8"
    for fallback in ("cp1252", "latin-1"):
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            continue
        diags.append(
            Diagnostic(
                "warning",
                "encoding-fallback",
                f"not valid UTF-8 (byte 0x{bad}); decoded as {fallback}",
                line,
            )
        )
        return text, fallback
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _decode_by_line(data: bytes) -> tuple[str, list[int]] | None:
    """UTF-8 with a few lines in cp1252 (pasted from another source): each line decoded as what it is.

    ``None`` when no line holds UTF-8 beyond ASCII: the file is in a single-byte
    encoding through and through, and decoding it whole says so better.
    """
    lines = data.split(b"\n")
    out: list[str] = []
    bad: list[int] = []
    utf8_lines = 0
    for no, raw in enumerate(lines, start=1):
        try:
            text = raw.decode("utf-8")
            if not raw.isascii():
                utf8_lines += 1
        except UnicodeDecodeError:
            text = raw.decode("cp1252") if _cp1252_decodes(raw) else raw.decode("latin-1")
            bad.append(no)
        out.append(text)
    if not utf8_lines:
        return None
    return "\n".join(out), bad


def _cp1252_decodes(raw: bytes) -> bool:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _may_hold_controls(data: bytes, encoding: str) -> bool:
    """False when the bytes, decoded as UTF-8, cannot hold a control character (a quick test on the bytes)."""
    if encoding != "utf-8":
        return True
    return len(data.translate(None, _C0_BYTES)) < len(data) or _has_c1(data)


def _has_c1(data: bytes) -> bool:
    """``_C1_UTF8.search(data) is not None``, quicker.

    The pattern's engine steps through the bytes one by one to its leading
    ``0xC2``; ``bytes.find`` jumps to it. A text holds few such bytes (they
    lead the Latin-1 signs: no-break space, "©", "«"): the first few are
    checked here, and the pattern takes over from there.
    """
    at = data.find(b"\xc2")
    for _ in range(16):
        if at < 0:
            return False
        if b"\x80" <= data[at + 1 : at + 2] <= b"\x9f":  # (empty past the end: no match)
            return True
        at = data.find(b"\xc2", at + 1)
    return _C1_UTF8.search(data, at) is not None


def _guess_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows NULs in every other byte of ASCII text."""
    sample = data[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) / 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """Text decoded from binary data is thick with control characters."""
    sample = text[:65536]
    if not sample:
        return False
    controls = len(_CONTROL.findall(sample))
    return "\x00" in sample or controls > max(8, len(sample) // 100)
