"""The type checker names every walker that must learn a new model node.

A copy of the package gets one more member of the model's ``Block`` (or
``Inline``) union, a node nobody handles; mypy, run on the copy with the
project's own settings, must then fail at the ``assert_never`` of each walker
over that union. This is what makes ``python -m mypy`` in CI worth having:
were a walker an ``isinstance`` chain ending in ``raise TypeError`` (or were
the model's classes ``Any`` to the checker), it would pass silently here.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mypy", reason="mypy is not installed (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parent.parent

# The walkers over each union that this suite relies on, by file and function:
# the model's own generic walks, JSON export, inspect's counts, the words that
# verify compares, and the resolve stage.
BLOCK_WALKERS = {
    ("convert/model.py", "block_inlines"),
    ("convert/modeljson.py", "block_to_dict"),
    ("convert/inspect.py", "_count"),
    ("convert/words.py", "_block_units"),
    ("convert/parse/resolve.py", "_map_block"),
    ("convert/render/page.py", "block_view"),
    ("convert/render/docx.py", "_DocxWriter._block"),
    ("convert/render/markdown.py", "_Writer.block"),
}
INLINE_WALKERS = {
    ("convert/model.py", "_collect_text"),
    ("convert/model.py", "calls_in"),
    ("convert/modeljson.py", "inline_to_dict"),
    ("convert/words.py", "inline_tokens.walk"),
    ("convert/parse/resolve.py", "_map"),
    ("convert/render/page.py", "render_inline"),
    ("convert/render/docx.py", "_DocxWriter._inlines"),
    ("convert/render/markdown.py", "_Writer.inline"),
    ("convert/render/typography.py", "_flatten"),
    ("convert/render/typography.py", "_rebuild"),
    ("convert/render/typography.py", "_mark"),
}

_ERROR = re.compile(r"^(?P<path>[\w/]+\.py):(?P<line>\d+): error: (?P<message>.*)$")


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory) -> Path:
    """One mypy cache for the module's runs (the standard library's and Jinja's types are read once), outside the tree."""
    return tmp_path_factory.mktemp("mypy-cache")


def _package_with_extra_node(where: Path, union: str, node: str) -> None:
    """A copy of the package and its settings in ``where``, whose model's ``union`` has one more member, ``node``."""
    shutil.copytree(ROOT / "convert", where / "convert", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", where / "pyproject.toml")
    model = where / "convert" / "model.py"
    source = model.read_text(encoding="utf-8")
    union_line = re.compile(rf"^{union} = Union\[(?P<members>[^\]]+)\]$", re.M)
    assert union_line.search(source), f"model.py has no `{union} = Union[...]` line to extend"
    extra = (
        "@_quick_init\n@dataclass(frozen=True, slots=True)\n"
        f"class {node}:\n    \"\"\"A node the walkers have not learnt.\"\"\"\n\n    text: str\n\n\n"
    )
    source = union_line.sub(lambda m: f"{extra}{union} = Union[{m['members']}, {node}]", source, count=1)
    model.write_text(source, encoding="utf-8")


def _enclosing_functions(path: Path) -> dict[int, str]:
    """Each line of a module that lies in a function, mapped to the function's dotted name (``outer.inner``)."""
    names: dict[int, str] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                name = f"{prefix}{child.name}"
                for line in range(child.lineno, (child.end_lineno or child.lineno) + 1):
                    names[line] = name  # (an inner function, visited after, overwrites its lines)
                visit(child, f"{name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(path.read_text(encoding="utf-8")), "")
    return names


def _unhandled(where: Path, cache: Path, node: str) -> tuple[set[tuple[str, str]], str]:
    """``(file, function)`` of every ``assert_never`` that mypy finds ``node`` reaching, and mypy's output."""
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), "--no-error-summary", "--hide-error-context"],
        cwd=where, capture_output=True, text=True, timeout=600,
    )
    assert run.returncode in (0, 1), run.stdout + run.stderr  # (2: mypy itself failed, e.g. a bad setting)
    found: set[tuple[str, str]] = set()
    functions: dict[str, dict[int, str]] = {}
    for line in run.stdout.splitlines():
        m = _ERROR.match(line)
        if m and '"assert_never"' in m["message"] and f'"{node}"' in m["message"]:
            path = m["path"]
            if path not in functions:
                functions[path] = _enclosing_functions(where / path)
            found.add((path, functions[path].get(int(m["line"]), "<module>")))
    return found, run.stdout


@pytest.mark.parametrize(
    ("union", "walkers"),
    [("Block", BLOCK_WALKERS), ("Inline", INLINE_WALKERS)],
    ids=["block", "inline"],
)
def test_a_new_model_node_makes_mypy_name_every_walker_that_must_learn_it(tmp_path, cache_dir, union, walkers):
    node = f"Unknown{union}"
    _package_with_extra_node(tmp_path, union, node)
    found, output = _unhandled(tmp_path, cache_dir, node)
    missing = walkers - found
    assert not missing, f"mypy did not point at {sorted(missing)}; it reported:\n{output}"
