"""How file names appear in one-line messages.

A file name may hold a newline (which would break the one-line ``FILE:
reason`` format), an escape sequence (which a terminal would obey), invisible
format characters, or bytes that are not UTF-8 (which Python keeps as lone
surrogates that cannot even be printed). :func:`printable` escapes all of
them, in the notation of the shell's ``$'...'`` quoting, so a name shown can be
pasted back.
"""

from __future__ import annotations

import unicodedata
from os import PathLike

#: Character categories never printed as they are: controls, format
#: characters (bidirectional overrides reorder what a terminal shows), line
#: and paragraph separators, surrogates.
_ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
_SHORT = {"\n": "\\n", "\t": "\\t", "\r": "\\r", "\\": "\\\\"}


def printable(name: str | PathLike[str]) -> str:
    """``name`` with every character a terminal or a one-line message cannot take escaped."""
    text = str(name)
    if text.isprintable() and "\\" not in text:
        return text  # the common case, at no cost
    return "".join(_escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch in _SHORT:
        return _SHORT[ch]
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    if unicodedata.category(ch) not in _ESCAPED_CATEGORIES:
        return ch
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
