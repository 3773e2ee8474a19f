"""Where the bundled templates, stylesheets and fonts are.

Installed, they are the package ``convert.templates`` (the top-level
``templates/`` folder of the source tree, shipped in the wheel); run from a
source checkout without installing, they are that folder itself.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def templates_dir() -> Path:
    """The folder holding the bundled templates."""
    try:
        from importlib.resources import files

        path = Path(str(files("convert.templates")))
        if path.is_dir():
            return path.resolve()
    except ModuleNotFoundError:
        pass
    return (Path(__file__).resolve().parent.parent / "templates").resolve()
