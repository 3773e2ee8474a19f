"""The validators of the field pass the HTML of every seed and every corpus capture.

* The Nu HTML Checker (``vnu.jar``, the W3C's validator): no error.
* axe-core in headless Chromium: no violation of any rule it runs by default
  (WCAG 2 A and AA, and its best practices: one ``main`` landmark, all content
  in landmarks, unique landmarks, heading order, named tables...).

Both come from npm (``tools/validators/package.json``, pinned; ``.ci/run``
installs them with ``npm ci``) and need Java (Debian ``default-jre-headless``)
and Chromium (Debian ``chromium``). Each test skips, saying what is missing,
where they are not installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from convert.parse import parse_file
from convert.render import RenderOptions, get_renderer

from .helpers import ROOT, SEEDS

VALIDATORS = ROOT / "tools" / "validators"
MODULES = VALIDATORS / "node_modules"
VNU_JAR = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CORPUS = sorted((ROOT / "tests" / "corpus").glob("*.txt"))
INSTALL = "install with `npm ci --ignore-scripts` in tools/validators (.ci/run does)"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> list[Path]:
    """The HTML of both seeds and of every corpus capture, written to files."""
    out = tmp_path_factory.mktemp("html")
    render = get_renderer("html")
    paths = []
    for source in [*SEEDS, *CORPUS]:
        path = out / f"{source.stem}.html"
        path.write_bytes(render(parse_file(source), RenderOptions(source_date_epoch=1_700_000_000)).data)
        paths.append(path)
    return paths


def _need(condition: bool, reason: str) -> None:
    if not condition:
        pytest.skip(reason)


def test_the_nu_html_checker_finds_no_error_in_any_page(pages):
    _need(VNU_JAR.is_file(), f"the Nu HTML Checker is not installed ({VNU_JAR} missing): {INSTALL}")
    java = shutil.which("java")
    _need(java is not None, "no Java to run the Nu HTML Checker (Debian: apt-get install default-jre-headless)")
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, pages)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(run.stderr or "{}").get("messages", [])
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}" for m in messages if m.get("type") == "error"]
    assert errors == []
    assert run.returncode == 0, run.stderr[-2000:]


def test_axe_core_in_headless_chromium_finds_no_violation_in_any_page(pages):
    _need((MODULES / "axe-core").is_dir() and (MODULES / "puppeteer-core").is_dir(),
          f"axe-core and puppeteer-core are not installed: {INSTALL}")
    node = shutil.which("node")
    _need(node is not None, "no Node.js to run axe-core (Debian: apt-get install nodejs npm)")
    _need(CHROMIUM.is_file(), f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; or set CHROMIUM)")
    run = subprocess.run(
        [node, str(VALIDATORS / "axe-check.js"), "--chromium", str(CHROMIUM), *map(str, pages)],
        capture_output=True, text=True, timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout)
    assert len(found) == len(pages)
    violations = [f"{Path(page).name}: {v['id']} ({v['impact']}) at {', '.join(v['nodes'][:3])}"
                  for page, listed in found.items() for v in listed]
    assert violations == []
