"""The JSON renderer: the full document model and its diagnostics (see :mod:`convert.modeljson`)."""

from __future__ import annotations

from ..model import ParseResult
from ..modeljson import to_json
from . import Rendered, RenderOptions


def render(result: ParseResult, options: RenderOptions) -> Rendered:
    return Rendered(to_json(result).encode("utf-8"), None, ())
