"""Every rule of the parser, shown on a small capture of its own (``tests/fixtures/rules``)."""

from __future__ import annotations

import os

import pytest

from convert.parse import parse_text
from convert.parse.rulebook import entries

from .rule_fixtures import all_fixtures, dump, fired

FIXTURES = all_fixtures()


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.path.stem)
def test_the_capture_gives_its_model_and_the_rule_fires(fixture):
    result = parse_text(fixture.capture, fixture.path.stem + ".txt")
    for rule in fixture.rules:
        assert fired(result, rule), f"{fixture.path.name}: rule {rule!r} did not fire"
    got = dump(result)
    if os.environ.get("BRIEFPRESS_UPDATE_GOLDEN"):
        fixture.write_model(got)
        return
    assert got == fixture.model


def test_every_rule_of_the_rulebook_has_a_fixture():
    shown = {rule for f in FIXTURES for rule in f.rules}
    missing = sorted({e.name for e in entries()} - shown)
    assert not missing, f"rules with no fixture: {missing}"


def test_every_rule_has_a_description_and_a_name_of_its_own():
    names = [e.name for e in entries()]
    assert len(names) == len(set(names)), "two rules share a name"
    for e in entries():
        assert len(e.description.split()) >= 4, e


def test_the_readme_rules_table_is_the_rulebook():
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("rules_table", root / "tools" / "rules_table.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)  # type: ignore[union-attr]
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert tool.readme_table(readme) == tool.table(), "README's rules table is stale: run python tools/rules_table.py --write"
