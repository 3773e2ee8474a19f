"""Build ``templates/reference.docx``, the bundled DOCX reference document.

The reference holds the house styles, page setup and package furniture the
DOCX renderer starts from (see :func:`convert.render.ooxml.make_reference_document`).
Run it after changing the house style; its output is byte-for-byte stable, and
a test checks that the committed file is what this script makes.

    python tools/make_reference_docx.py [OUTPUT]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from convert.render import ooxml
from convert.render.docx import REFERENCE_NAME, new_reference_document

DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "templates" / REFERENCE_NAME


def reference_docx_bytes() -> bytes:
    """The bytes of the reference document, with fixed zip dates."""
    out = io.BytesIO()
    new_reference_document().save(out)
    return ooxml.fix_zip_timestamps(out.getvalue(), None)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUTPUT
    target.write_bytes(reference_docx_bytes())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
