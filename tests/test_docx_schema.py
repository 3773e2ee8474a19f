"""The DOCX against the OOXML schema and Word's own checks (openxml-audit; skipped without it).

openxml-audit validates a package as the Open XML SDK does (the schemas of
ECMA-376 and Word's extensions, relationships, content types) and adds
checks of what Word repairs or refuses. Every DOCX briefpress writes from its
bundled reference passes with no finding: the seeds with footnotes and with
endnotes (custom note marks, markup compatibility content, embedded fonts)
and every corpus capture.

A reference document saved by python-docx from its stock template trips two
findings of its own, which the DOCX keeps because it keeps a reference's
parts as they are: its ``stylesWithEffects.xml`` (a Word 2010 part) lacks the
styles and document defaults its ``styles.xml`` has. They are allowed there,
by name, and nothing else is.
"""

from __future__ import annotations

from functools import cache

import docx
import pytest

from convert.parse import parse_file
from convert.render import RenderOptions, get_renderer
from tests.docx_models import sample
from tests.helpers import SEEDS
from tests.test_corpus import CAPTURES

audit = pytest.importorskip("openxml_audit", reason="openxml-audit is not installed (pip install -e '.[test]')")

render = get_renderer("docx")

#: What python-docx's stock template trips (its stylesWithEffects part is stale), by the start of the finding.
STOCK_TEMPLATE_FINDINGS = (
    "styles.xml contains ",  # "... style(s) not in stylesWithEffects: Footer, FooterChar, Header, HeaderChar"
    "docDefaults differ between styles.xml and stylesWithEffects",
)


@cache
def validator():
    return audit.OpenXmlValidator()  # (one for the module: making one takes most of a second)


def findings(data: bytes, tmp_path, name: str) -> list[str]:
    path = tmp_path / f"{name}.docx"
    path.write_bytes(data)
    result = validator().validate(str(path))
    return [f"{e.part_uri} {e.path}: {e.description}" for e in result.errors]


@pytest.mark.parametrize("notes", ["foot", "end"])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_the_seed_docx_passes_the_schema_check(path, notes, tmp_path):
    data = render(parse_file(path), RenderOptions(source_date_epoch=0, notes=notes)).data
    assert findings(data, tmp_path, path.stem) == []


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.stem)
def test_every_corpus_docx_passes_the_schema_check(path, tmp_path):
    data = render(parse_file(path), RenderOptions(source_date_epoch=0)).data
    assert findings(data, tmp_path, path.stem) == []


def test_with_python_docx_s_stock_template_only_its_own_findings_remain(tmp_path):
    reference = tmp_path / "stock.docx"
    docx.Document().save(str(reference))
    stock = findings(reference.read_bytes(), tmp_path, "stock-alone")
    assert stock and all(any(f.split(": ", 1)[1].startswith(s) for s in STOCK_TEMPLATE_FINDINGS) for f in stock)
    data = render(sample(), RenderOptions(source_date_epoch=0, reference_docx=reference)).data
    left = [f for f in findings(data, tmp_path, "with-stock")
            if not any(f.split(": ", 1)[1].startswith(s) for s in STOCK_TEMPLATE_FINDINGS)]
    assert left == []
