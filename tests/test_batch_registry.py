"""The format registry is complete, and is the only place that knows a format by name.

Every format has a renderer module that imports, a verify read-back that
reads its output back in full, a file extension of its own; the command
line offers exactly the registry's formats; the options key covers every
option a format reads; and the batch, the runner, verify and the command
line never test a format's name, so a new format is a renderer module, its
read-back and one registry entry.
"""

from __future__ import annotations

import ast
from dataclasses import fields, replace
from importlib.metadata import version
from pathlib import Path

import click
import pytest

import convert
from convert.render import FILE_OPTIONS, FORMATS, READ_OPTIONS, Format, RenderOptions, UnknownFormat, get_format, resolve
from convert.verify import check

from .helpers import SEED_WITH_URLS


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_and_verify_reads_its_output_back_in_full(fmt):
    from convert.parse import parse_file

    record = FORMATS[fmt]
    assert record.name == fmt
    result = parse_file(SEED_WITH_URLS)
    rendered = record.renderer()(result, RenderOptions(source_date_epoch=1_700_000_000))
    assert rendered.data
    assert (rendered.pages is not None and rendered.pages > 0) == record.has_pages
    checks, problems = check(result.document, fmt, rendered.data)
    assert problems == [] and any("body words in order" in c for c in checks)


def test_every_path_the_registry_names_resolves_to_a_function():
    for record in FORMATS.values():
        assert callable(record.read_back())
        for path in (record.engine_check, record.attachments):
            if path is not None:
                assert callable(resolve(path)), (record.name, path)
        if record.engine_check is not None:
            assert record.engine_packages, f"{record.name}: an engine check needs an engine package to ask"


def test_extensions_and_names_are_unique_and_the_unknown_is_refused():
    assert len({f.extension for f in FORMATS.values()}) == len(FORMATS)
    assert all(f.extension.startswith(".") and f.extension[1:].isalnum() for f in FORMATS.values())
    with pytest.raises(UnknownFormat, match="known: " + ", ".join(FORMATS)):
        get_format("rtf")


def test_the_options_a_format_reads_are_render_options_and_each_changes_the_options_key(tmp_path):
    from convert.batch import options_key

    names = {f.name for f in fields(RenderOptions)}
    assert all(set(f.options) <= names for f in FORMATS.values())
    assert set(READ_OPTIONS) == {o for f in FORMATS.values() for o in f.options}
    user_file = tmp_path / "user.css"
    user_file.write_text("p { color: red }")
    changed = {"notes": "end", "pdf_variant": "pdf/ua-1", "source_date_epoch": 1, "lang": "en-GB", "pdf_engine": "typst"}
    base = RenderOptions()
    key = options_key(list(FORMATS), base)
    for name in READ_OPTIONS:
        value = user_file if name in FILE_OPTIONS else changed[name]
        assert options_key(list(FORMATS), replace(base, **{name: value})) != key, name
    # a user's file counts by its content, not its name
    with_file = options_key(list(FORMATS), replace(base, css=user_file))
    user_file.write_text("p { color: blue }")
    assert options_key(list(FORMATS), replace(base, css=user_file)) != with_file


def test_the_command_line_offers_exactly_the_registry_s_formats():
    from convert.cli import _formats, convert as convert_command

    assert _formats(",".join(reversed(FORMATS))) == list(reversed(FORMATS))
    with pytest.raises(click.BadParameter) as refused:
        _formats("pdf,rtf")
    assert refused.value.message.endswith("choose from " + ", ".join(FORMATS))
    to = next(p for p in convert_command.params if p.name == "formats")
    assert to.help == f"Comma list of formats: {', '.join(FORMATS)}."
    assert set(to.default.split(",")) <= set(FORMATS)


def test_a_format_that_cannot_be_made_is_refused_by_the_command_line_before_any_work(monkeypatch, tmp_path):
    import convert.cli as cli
    import convert.render as render

    fake = Format("fake", ".fake", "convert.render.json", "convert.verify:read_json",
                  engine_packages=("click",), engine_check="tests.test_batch_registry:_refuse")
    monkeypatch.setitem(render.FORMATS, "fake", fake)
    assert fake.unusable() == f"fake needs another click than {version('click')}"
    with pytest.raises(SystemExit) as stopped:
        cli._check_engines(["json", "fake"])
    assert stopped.value.code == 2
    cli._check_engines(["json", "md"])  # (formats without an engine check pass)


def _refuse(version: str | None) -> str | None:
    return f"fake needs another click than {version}"


_PER_FORMAT_FREE = ("batch.py", "runner.py", "verify.py", "cli.py")


@pytest.mark.parametrize("module", _PER_FORMAT_FREE)
def test_no_module_but_the_registry_tests_a_format_s_name(module):
    tree = ast.parse((Path(convert.__file__).parent / module).read_text(encoding="utf-8"))
    named = [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in FORMATS
    ]
    assert named == [], f"{module} names formats: {named}"


def test_the_toolchain_key_covers_every_engine_package(monkeypatch):
    import convert.batch as batch
    from importlib import metadata

    real = metadata.version
    keys = {}
    for dist in {p for f in FORMATS.values() for p in f.engine_packages}:
        monkeypatch.setattr(metadata, "version", lambda name, d=dist: "0.0-other" if name == d else real(name))
        batch.toolchain_key.cache_clear()
        keys[dist] = batch.toolchain_key()
    monkeypatch.setattr(metadata, "version", real)
    batch.toolchain_key.cache_clear()
    plain = batch.toolchain_key()
    assert plain not in keys.values() and len(set(keys.values())) == len(keys)
