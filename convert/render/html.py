"""The HTML renderer: one standalone HTML5 page per capture.

The page comes from the same template as the PDF (see
:mod:`convert.render.page`), for the ``"screen"`` medium: the bundled
``screen.css`` (and the user's ``--css`` after it) is inlined, the notes are
listed at the end with links both ways, and nothing on the page makes the
browser fetch anything (no script, no remote font, no image).
"""

from __future__ import annotations

from pathlib import Path

from ..model import ParseResult
from ..resources import templates_dir
from . import Rendered, RenderOptions
from .page import render_page

BUNDLED_STYLESHEET = "screen.css"


def page_css(options: RenderOptions) -> str:
    """The CSS inlined into the page: the bundled stylesheet, then the user's."""
    parts = [(templates_dir() / BUNDLED_STYLESHEET).read_text(encoding="utf-8")]
    if options.css is not None:
        parts.append(Path(options.css).read_text(encoding="utf-8"))
    return "\n".join(parts)


def render(result: ParseResult, options: RenderOptions) -> Rendered:
    """The standalone HTML page of a parsed capture."""
    return Rendered(render_page(result, options, "screen", page_css(options)).encode("utf-8"), None, ())
