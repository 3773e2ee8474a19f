"""The HTML renderer: one standalone HTML5 page per capture.

The page comes from the same template as the PDF (see
:mod:`convert.render.page`), for the ``"screen"`` medium: the bundled
``screen.css`` (and the user's ``--css`` after it) is inlined, the notes are
listed at the end with links both ways, and nothing on the page makes the
browser fetch anything (no script, no remote font, no image).

The page carries the brief's own fonts, as the PDF does: each face of
``fonts.css`` the page uses is subset to the blocks of characters the page
shows (cut once per process for each set of blocks) and inlined as a WOFF2
``data:`` URL (the page's Content-Security-Policy allows
``font-src data:``), so the page looks the same on every machine and still
requests nothing.
"""

from __future__ import annotations

import base64
import io
import re
from functools import lru_cache
from pathlib import Path

from ..model import ParseResult
from ..resources import templates_dir
from . import Rendered, RenderOptions, fontblocks
from .page import render_page

BUNDLED_STYLESHEET = "screen.css"
FONTS_STYLESHEET = "fonts.css"

# Where the fonts' @font-face rules go, once the page (and so its characters) is known.
_FONTS_HERE = "/* briefpress: fonts */"
_FACE = re.compile(r"@font-face\s*\{[^}]*\}", re.S)
_SRC = re.compile(r'url\("(fonts/[^"]+\.ttf)"\)\s*format\("truetype"\)')
_WEIGHT = re.compile(r"font-weight:\s*(\d+)")
# Characters every page may draw without having them in its text: ASCII (list
# numbers and letters, a user's template or stylesheet), and what screen.css
# writes itself (the em dash and en space before a quote's attribution).
_ALWAYS = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("\u2014\u2002")
# OpenType features kept in a subset: kerning, ligatures, mark positioning, small
# capitals and figures, for the glyphs of the page's characters only (no layout
# closure: the small-capital and alternate glyphs those characters could turn
# into would make the fonts 40 % larger and their subsetting 60 % slower, measured
# on the seeds; the browser draws the caption labels' small capitals itself).
_FEATURES = ["kern", "liga", "clig", "calt", "ccmp", "locl", "mark", "mkmk", "smcp", "c2sc", "tnum", "lnum"]
# The fonts' legal records stay in every subset: copyright, names, version, licence and its URL.
_NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14]


def page_css(options: RenderOptions) -> str:
    """The CSS inlined into the page: the bundled stylesheet, then the user's."""
    parts = [(templates_dir() / BUNDLED_STYLESHEET).read_text(encoding="utf-8")]
    if options.css is not None:
        parts.append(Path(options.css).read_text(encoding="utf-8"))
    return "\n".join(parts)


def render(result: ParseResult, options: RenderOptions) -> Rendered:
    """The standalone HTML page of a parsed capture."""
    page = render_page(result, options, "screen", _FONTS_HERE + "\n" + page_css(options))
    if _FONTS_HERE in page:  # (a template of the user's own may leave the stylesheet out)
        page = page.replace(_FONTS_HERE, embedded_fonts(page), 1)
    return Rendered(page.encode("utf-8"), None, ())


def embedded_fonts(page: str) -> str:
    """The ``@font-face`` rules of ``fonts.css`` for the faces ``page`` uses, each a subset of its font as a ``data:`` URL.

    A face is used when screen.css sets text in it: the regular and semibold
    of both families always (body, title, headings, bylines), the italics
    only on a page with emphasis (the sans italic only where emphasis stands
    in a table, a caption or an attribution), the semibold italic only for
    emphasis in strong text or the title. The bold (700) faces are left out:
    screen.css never asks for them (a user's stylesheet that does gets the
    semibold). Each subset holds the blocks of the characters of the page's
    text (the kicker's in capitals too, as the stylesheet shows it) and the
    base blocks (see ``_BASE_BLOCKS``).
    """
    from lxml import html as lxml_html

    root = lxml_html.fromstring(page)
    text = root.text_content()
    chars = set(text) | _ALWAYS
    for kicker in root.find_class("kicker"):
        chars |= set(kicker.text_content().upper())
    codepoints = sorted(ord(c) for c in chars if not c.isspace() or c in " \u00a0\u2002\u202f")
    has = {
        "serif-italic": bool(root.xpath("//em")),
        "sans-italic": bool(root.xpath("//table//em|//caption//em|//figcaption//em|//footer//em|//header//em")),
        "serif-semibold-italic": bool(root.xpath("//strong//em|//em//strong|//h1//em")),
    }
    css = (templates_dir() / FONTS_STYLESHEET).read_text(encoding="utf-8")
    rules = []
    for face in _FACE.findall(css):
        src = _SRC.search(face)
        weight = _WEIGHT.search(face)
        if src is None or weight is None:
            continue
        italic = "italic" in face
        family = "sans" if "Sans" in face else "serif"
        if weight.group(1) == "700":
            continue
        if italic and not (has[f"{family}-italic"] if weight.group(1) == "400" else has["serif-semibold-italic"]):
            continue
        data = _block_subset(str(templates_dir() / src.group(1)), _blocks(codepoints))
        url = 'url("data:font/woff2;base64,%s") format("woff2")' % base64.b64encode(data).decode("ascii")
        rules.append(face[: src.start()] + url + face[src.end():])
    return "\n".join(rules)


# A subset holds whole blocks of code points, those the page draws from
# (:mod:`.fontblocks`): cutting a subset per page cost 0.9 s of CPU a page,
# 180 times the page itself; whole blocks make the seed's page 30 kB larger
# (README, HTML).

#: Blocks every page gets, so that pages differing by a letter or two share their fonts:
#: ASCII, Latin-1 (the no-break space), general punctuation (quotes, dashes) and arrows (the notes' back-links).
_BASE_BLOCKS = frozenset(fontblocks.block_of(cp) for cp in (0x00, 0x80, 0x2000, 0x2180))


def _blocks(codepoints: list[int]) -> tuple[int, ...]:
    """The blocks ``codepoints`` fall in, and the base ones, in order."""
    return fontblocks.blocks(codepoints, _BASE_BLOCKS)


@lru_cache(maxsize=64)
def _block_subset(path: str, blocks: tuple[int, ...]) -> bytes:
    """The font at ``path`` cut down to the code points of ``blocks`` (made once per process for each)."""
    return _subset(Path(path), fontblocks.codepoints(blocks))


def _subset(path: Path, codepoints: list[int]) -> bytes:
    """The font at ``path`` cut down to ``codepoints``, as WOFF2 (without hinting: screens smooth outlines)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.hinting = False
    options.layout_features = _FEATURES
    options.name_IDs = _NAME_IDS
    options.layout_closure = False  # (see _FEATURES)
    # (the subset keeps the font's own dates: fontTools would stamp the time of the
    # render, and two runs would no longer give the same page)
    font = TTFont(str(path), lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff2"
    font.save(out)
    return out.getvalue()
