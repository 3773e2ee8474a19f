"""The PDF renderer on Typst (``--pdf-engine typst``): the brief from the model, several times faster than WeasyPrint.

It writes the document as Typst markup (:mod:`.typst_markup`) that imports
the brief's Typst template (``templates/brief.typ``, or ``--typst-template``)
and compiles it with the ``typst`` package (the compiler is in its wheel;
``pip install 'briefpress[typst]'``). What it adds to Typst:

* the bundled fonts only, passed as font files: no system font and none of
  Typst's own (a PDF looks the same on every machine, and is the brief's);
* a compiler per process and template, so that fonts are read once and every
  document after the first costs Typst's layout and PDF writing only;
* a sandbox: the compiler's root is the template's folder (Typst reads no
  file outside it), the markup never reads, includes or imports anything but
  the template, and the capture's text reaches Typst only as string literals
  and as the attachments' data (``sys.inputs``), never as markup;
* the archival variants (PDF/A-3b, PDF/UA-1) with the capture and the model
  JSON attached, as the WeasyPrint path attaches them; Typst tags every PDF
  (footnotes as notes), sets the document's language, title and outline;
* fixed dates from ``options.source_date_epoch``: two runs give
  byte-identical files.

Typst breaks a footnote too long for its page over the next page, as books
do, so no note is moved to the end (the WeasyPrint path has to). Typst's
warnings come back as ``typst-warning`` diagnostics.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import cache
from pathlib import Path

from ..model import Diagnostic, ParseResult
from ..modeljson import to_json
from ..resources import templates_dir
from . import Rendered, RenderOptions
from .page import TemplateFailed
from .present import presentation
from .typst_markup import string, typst_markup

try:
    import typst
except ImportError:  # pragma: no cover - the optional extra is missing; the command line says so first
    typst = None  # type: ignore[assignment]

TEMPLATE_NAME = "brief.typ"
FONTS_DIR = "fonts"
STANDARDS = {"pdf/a-3b": ["a-3b"], "pdf/ua-1": ["ua-1"]}
CAPTURE_INPUT = "briefpress-capture"
MODEL_INPUT = "briefpress-model"


class TypstFailed(TemplateFailed):
    """Typst refused the document (a user's template with an error, most often); ``str(err)`` is one line."""


def unavailable_reason(version: str | None) -> str | None:
    """Why the Typst engine cannot run here, in one line; None when it can."""
    if typst is None or version is None:
        return "the Typst PDF engine needs the typst package: pip install 'briefpress[typst]'"
    return None


_lock = threading.Lock()
_compilers: dict[tuple[str, int], object] = {}


def compiler(root: Path):
    """The process's compiler for templates in ``root`` (fonts loaded once), one per folder and thread."""
    key = (str(root), threading.get_ident())
    with _lock:
        found = _compilers.get(key)
        if found is None:
            fonts = typst.Fonts(
                include_system_fonts=False,
                include_embedded_fonts=False,
                font_paths=[str(templates_dir() / FONTS_DIR)],
            )
            found = typst.Compiler(root=str(root), font_paths=fonts, ignore_system_fonts=True)
            _compilers[key] = found
        return found


@cache
def covered() -> frozenset[int]:
    """The code points some bundled font draws (their character maps, read once per process)."""
    from fontTools.ttLib import TTFont

    found: set[int] = set()
    for path in sorted((templates_dir() / FONTS_DIR).glob("*.[to]tf")):
        with TTFont(path, lazy=True) as font:
            found.update(font.getBestCmap() or {})
    return frozenset(found)


# Characters that draw nothing of their own: controls, format characters (a word
# joiner, a zero-width space), spaces and separators.
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def undrawable(source: str) -> list[str]:
    """The characters of ``source`` that no bundled font draws, in code point order.

    Typst draws nothing for them and says nothing (and PDF/UA-1 refuses the
    document): the renderer says so, one warning per character.
    """
    have = covered()
    return sorted(
        (ch for ch in set(source) if ord(ch) > 0x7E and ord(ch) not in have and unicodedata.category(ch) not in _INVISIBLE),
        key=ord,
    )


def template_place(options: RenderOptions) -> tuple[Path, str]:
    """``(root, the template's name in it)``: the user's template in its folder, else the bundled one."""
    if options.typst_template is not None:
        path = Path(options.typst_template).resolve()
        return path.parent, path.name
    return templates_dir(), TEMPLATE_NAME


def attachments_markup(result: ParseResult, options: RenderOptions) -> tuple[str, dict[str, str]]:
    """The ``pdf.attach`` calls of an archival variant, and the ``sys.inputs`` that carry their data."""
    stem = Path(options.source_name).stem if options.source_name else "document"
    inputs: dict[str, str] = {}
    calls: list[str] = []
    if options.source_bytes is not None:
        name = options.source_name or f"{stem}.txt"
        try:
            inputs[CAPTURE_INPUT] = options.source_bytes.decode("utf-8")
            data = f"bytes(sys.inputs.at({string(CAPTURE_INPUT)}))"
        except UnicodeDecodeError:
            # Not UTF-8: its bytes as they are (a string input holds text only).
            data = "bytes((" + ",".join(map(str, options.source_bytes)) + ",))"
        calls.append(
            f"#pdf.attach({string(name)}, {data}, relationship: \"source\", mime-type: \"text/plain\", "
            f"description: {string('The plain-text capture this PDF was made from')})"
        )
    inputs[MODEL_INPUT] = to_json(result)
    calls.append(
        f"#pdf.attach({string(stem + '.model.json')}, bytes(sys.inputs.at({string(MODEL_INPUT)})), "
        f"relationship: \"data\", mime-type: \"application/json\", "
        f"description: {string('The briefpress document model (JSON) of the capture')})"
    )
    return "\n".join(calls) + "\n", inputs


def render(result: ParseResult, options: RenderOptions) -> Rendered:
    """The PDF of a parsed capture, laid out by Typst."""
    if typst is None:
        raise TypstFailed(unavailable_reason(None) or "")
    if options.pdf_variant is not None and options.pdf_variant not in STANDARDS:
        raise ValueError(f"unknown PDF variant {options.pdf_variant!r} (known: {', '.join(sorted(STANDARDS))})")
    shown = presentation(result.document, options)
    root, name = template_place(options)
    source = typst_markup(result, options, shown, name)
    inputs: dict[str, str] = {}
    missing = undrawable(source)
    if options.pdf_variant is not None:
        if missing:
            # (Typst refuses too, naming one character and one font; this names them all, and the way out)
            shown_chars = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:5]) + (" …" if len(missing) > 5 else "")
            raise TypstFailed(
                f"{options.pdf_variant.upper()} needs every character drawn, and {shown_chars} "
                "is in none of the bundled fonts (the WeasyPrint engine falls back to the system's fonts)"
            )
        extra, inputs = attachments_markup(result, options)
        source += extra
    try:
        data, warnings = compiler(root).compile_with_warnings(
            input=source.encode("utf-8"),
            format="pdf",
            sys_inputs=inputs,
            pdf_standards=STANDARDS.get(options.pdf_variant or "", []),
            timestamp=int(shown.created.timestamp()),
        )
    except typst.TypstError as exc:
        where = f"{options.typst_template}: " if options.typst_template is not None else ""
        raise TypstFailed(where + " ".join(str(exc.message).split())) from None
    messages = dict.fromkeys(" ".join(str(w.message).split()) for w in warnings)  # (once each)
    diagnostics = tuple(Diagnostic("warning", "typst-warning", message) for message in messages) + tuple(
        Diagnostic(
            "warning",
            "pdf-glyph-missing",
            f"{ch!r} (U+{ord(ch):04X}) is in none of the bundled fonts: the PDF shows nothing in its place",
        )
        for ch in missing
    )
    return Rendered(data, page_count(data), diagnostics)


def check_template(path: Path) -> None:
    """:class:`TypstFailed` when the Typst template at ``path`` cannot lay out a small document (checked before a batch)."""
    from ..model import Document, Metadata, Note, NoteRef, Paragraph, ParseResult, Text

    sample = ParseResult(Document(
        Metadata(title="Title"),
        (Paragraph((Text("Text."), NoteRef("1", "ref-1", "note-1"))),),
        (Note("1", "note-1", (Text("Note."),), ("ref-1",)),),
    ))
    render(sample, RenderOptions(pdf_engine="typst", typst_template=path, source_date_epoch=0))


def page_count(data: bytes) -> int:
    """The pages of a PDF Typst wrote: its page tree's ``/Count`` (Typst writes one page tree, uncompressed)."""
    import re

    counts = [int(m) for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", data)]
    counts += [int(m) for m in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", data)]
    if counts:
        return max(counts)
    from pypdf import PdfReader  # (a page tree in an object stream: read it properly)
    import io

    return len(PdfReader(io.BytesIO(data)).pages)
