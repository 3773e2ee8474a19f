"""The PDF engine's seams: what a user's template and stylesheet may do, which WeasyPrint is supported, and reproducibility."""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from convert.render import RenderOptions, get_renderer
from tests.render_helpers import doc, para

EPOCH = 1_700_000_000


def small_doc():
    return doc(para("The committee met on four occasions and agreed its findings."), title="A Brief on Archives")


def refusals(rendered) -> list[str]:
    return [d.message for d in rendered.diagnostics if d.code == "pdf-resource-refused"]


def write_template(folder, body: str, name: str = "mine.html.j2"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text('{% extends "briefpress/brief.html.j2" %}' + body, encoding="utf-8")
    return path


def tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


# --------------------------------------------------------------------------- a user's template runs in the sandbox


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_user_template_that_reaches_for_python_internals_runs_no_command_and_fails_in_one_line(tmp_path, fmt):
    marker = tmp_path / "PWNED"
    template = write_template(
        tmp_path / "tpl",
        "\n{% block masthead %}\n<h1>{{ title }}</h1>\n"
        f"{{{{ cycler.__init__.__globals__.os.popen('touch {marker}').read() }}}}\n"
        "{% endblock %}\n",
    )
    with pytest.raises(ValueError) as caught:
        get_renderer(fmt)(small_doc(), RenderOptions(template=template))
    assert not marker.exists()
    message = str(caught.value)
    assert "\n" not in message
    assert re.fullmatch(rf"{re.escape(str(template))}: line 4: unsafe: access to attribute .*", message), message


def test_a_user_template_cannot_change_the_lists_it_is_given(tmp_path):
    template = write_template(tmp_path, "{% block masthead %}{{ authors.append({'name': 'Mallory'}) }}{% endblock %}\n")
    with pytest.raises(ValueError, match=r"mine\.html\.j2: line 1: unsafe: "):
        get_renderer("html")(small_doc(), RenderOptions(template=template))


def test_a_user_template_with_a_syntax_error_fails_in_one_line_naming_its_line(tmp_path):
    template = write_template(tmp_path, "\n\n{% block masthead %}{{ title }{% endblock %}\n")
    with pytest.raises(ValueError) as caught:
        get_renderer("html")(small_doc(), RenderOptions(template=template))
    assert re.fullmatch(rf"{re.escape(str(template))}: line 3: syntax error: .*", str(caught.value)), str(caught.value)


def test_a_user_template_is_checked_before_any_render_in_one_line(tmp_path):
    from convert.render.page import TemplateFailed, check_template

    check_template(write_template(tmp_path / "good", "{% block masthead %}<h1>{{ title }}</h1>{% endblock %}\n"))
    broken = write_template(tmp_path / "broken", "\n{% block masthead %}{% if %}{% endblock %}\n")
    with pytest.raises(TemplateFailed, match=rf"^{re.escape(str(broken))}: line 2: syntax error: "):
        check_template(broken)
    missing = tmp_path / "extends-nothing.html.j2"
    missing.write_text('{% extends "no-such.html.j2" %}', encoding="utf-8")
    with pytest.raises(TemplateFailed, match="template not found: no-such.html.j2"):
        check_template(missing)


def test_a_user_template_that_only_extends_the_bundled_one_gives_the_bundled_page_in_the_sandbox(tmp_path):
    from convert.render.page import render_page

    template = write_template(tmp_path, "\n")
    result = small_doc()
    for medium in ("screen", "print"):
        bundled = render_page(result, RenderOptions(source_date_epoch=EPOCH), medium)
        sandboxed = render_page(result, RenderOptions(source_date_epoch=EPOCH, template=template), medium)
        assert sandboxed == bundled


def test_the_bundled_template_is_not_sandboxed_and_a_users_is():
    from jinja2.sandbox import SandboxedEnvironment

    from convert.render.page import environment
    from convert.resources import templates_dir

    assert not isinstance(environment(None), SandboxedEnvironment)
    assert isinstance(environment(templates_dir() / "brief.html.j2"), SandboxedEnvironment)


# --------------------------------------------------------------------------- a user's files: what is fetched, what is refused


def test_a_user_stylesheets_refused_import_and_font_are_reported_on_every_pdf(tmp_path):
    secret = tmp_path / "outside" / "secret.css"
    secret.parent.mkdir()
    secret.write_text("body { color: red }", encoding="utf-8")
    css = tmp_path / "style" / "mine.css"
    css.parent.mkdir()
    css.write_text(
        "@import url(http://127.0.0.1:9/imported.css);\n"
        f"@import url({secret.as_uri()});\n"
        "@font-face { font-family: Remote; src: url(http://127.0.0.1:9/font.woff2); }\n"
        "h1 { font-family: Remote; }\n",
        encoding="utf-8",
    )
    expected = [
        "refused to fetch http://127.0.0.1:9/imported.css",
        f"refused to fetch {secret.as_uri()}",
        "refused to fetch http://127.0.0.1:9/font.woff2",
    ]
    render = get_renderer("pdf")
    first = render(small_doc(), RenderOptions(css=css))
    # The stylesheet is parsed once per process: the second document must say so too.
    second = render(small_doc(), RenderOptions(css=css))
    assert sorted(refusals(first)) == sorted(expected)
    assert sorted(refusals(second)) == sorted(expected)


def test_the_bundled_stylesheets_refuse_nothing():
    rendered = get_renderer("pdf")(small_doc(), RenderOptions())
    assert refusals(rendered) == []


def test_a_relative_url_in_a_user_template_is_read_from_the_templates_own_folder(tmp_path):
    folder = tmp_path / "tpl"
    template = write_template(folder, '{% block masthead %}<img src="logo.png" alt="logo"><h1>{{ title }}</h1>{% endblock %}\n')
    (folder / "logo.png").write_bytes(tiny_png())
    rendered = get_renderer("pdf")(small_doc(), RenderOptions(template=template))
    assert refusals(rendered) == []
    assert len(pypdf.PdfReader(io.BytesIO(rendered.data)).pages[0].images) == 1


def test_a_user_template_reads_nothing_outside_its_own_folder(tmp_path):
    (tmp_path / "secret.png").write_bytes(tiny_png())
    template = write_template(
        tmp_path / "tpl", '{% block masthead %}<img src="../secret.png" alt="secret"><h1>{{ title }}</h1>{% endblock %}\n'
    )
    rendered = get_renderer("pdf")(small_doc(), RenderOptions(template=template))
    assert refusals(rendered) == [f"refused to fetch {(tmp_path / 'secret.png').as_uri()}"]
    assert len(pypdf.PdfReader(io.BytesIO(rendered.data)).pages[0].images) == 0


# --------------------------------------------------------------------------- the supported WeasyPrint releases


@pytest.mark.parametrize("version", ["62.3", "67.0", "71.0", "80.1", None])
def test_a_weasyprint_outside_the_supported_range_is_refused_in_one_line(version):
    from convert.render.engine import EngineUnsupported, require_supported_weasyprint

    with pytest.raises(EngineUnsupported) as caught:
        require_supported_weasyprint(version) if version else require_supported_weasyprint("")
    found = version or "none installed"
    assert str(caught.value) == f"briefpress needs WeasyPrint >=68,<71; found {found}"


@pytest.mark.parametrize("version", ["68.0", "68.1", "69.0", "70.0", "70.1b1"])
def test_the_tested_weasyprint_releases_are_accepted(version):
    from convert.render.engine import unsupported_reason

    assert unsupported_reason(version) is None


def test_the_installed_weasyprint_is_supported():
    from convert.render.engine import installed_weasyprint, unsupported_reason

    assert unsupported_reason(installed_weasyprint()) is None


def test_the_package_declares_the_range_the_renderer_checks():
    import tomllib

    from convert.render.engine import SUPPORTED, SUPPORTED_TEXT
    from tests.helpers import ROOT

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert f"weasyprint{SUPPORTED_TEXT}" in [d.split("#")[0].replace(" ", "") for d in declared]
    (low_major, low_minor), (high_major, high_minor) = SUPPORTED
    assert SUPPORTED_TEXT == f">={low_major}{f'.{low_minor}' if low_minor else ''},<{high_major}{f'.{high_minor}' if high_minor else ''}"


def test_asking_for_the_pdf_renderer_with_an_unsupported_weasyprint_fails_in_one_line():
    import subprocess
    import sys

    from tests.helpers import ROOT

    script = (
        "import importlib.metadata as m\n"
        "real = m.version\n"
        "m.version = lambda name: '62.3' if name.lower() == 'weasyprint' else real(name)\n"
        "from convert.render import get_renderer\n"
        "try:\n"
        "    get_renderer('pdf')\n"
        "except Exception as exc:\n"
        "    print(type(exc).__name__, exc)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.stdout == "EngineUnsupported briefpress needs WeasyPrint >=68,<71; found 62.3\n", done.stderr


# --------------------------------------------------------------------------- an adjustment gone inert is reported


def degraded_names(rendered) -> list[str]:
    return [re.match(r"the (\w+) adjustment", d.message).group(1) for d in rendered.diagnostics if d.code == "pdf-engine-degraded"]


def noted_doc():
    from tests.render_helpers import note, ref

    return doc(para("Claim.", ref("1")), notes=[note("1", "Source.", "ref-1-1")])


def test_a_pdf_made_with_every_adjustment_in_place_reports_none_degraded():
    assert degraded_names(get_renderer("pdf")(noted_doc(), RenderOptions(source_date_epoch=EPOCH))) == []


@pytest.mark.parametrize("name", ["footnote_policy", "footnote_area", "compression", "font_dates"])
def test_an_adjustment_that_could_not_be_installed_is_reported_on_the_pdf(monkeypatch, name):
    import importlib

    monkeypatch.setattr(importlib.import_module(f"convert.render.{name}"), "AVAILABLE", False)
    rendered = get_renderer("pdf")(noted_doc(), RenderOptions(source_date_epoch=EPOCH))
    assert degraded_names(rendered) == [name]
    (warning,) = [d for d in rendered.diagnostics if d.code == "pdf-engine-degraded"]
    assert warning.level == "warning"
    assert f"the {name} adjustment of WeasyPrint " in warning.message and " is not installed: " in warning.message


def test_adjustments_whose_targets_weasyprint_no_longer_calls_are_reported_on_the_pdf(monkeypatch):
    # As if a WeasyPrint release had moved the functions the adjustments
    # replace: they stay installed where WeasyPrint no longer looks.
    import zlib

    import pydyf
    from weasyprint.layout import block

    from convert.render import compression, footnote_area, footnote_policy

    monkeypatch.setattr(block, "_linebox_layout", footnote_policy._stock_linebox_layout)
    monkeypatch.setattr(block, "block_level_layout", footnote_area._stock_block_level_layout)
    monkeypatch.setattr(pydyf, "zlib", zlib)
    rendered = get_renderer("pdf")(noted_doc(), RenderOptions(source_date_epoch=EPOCH))
    assert degraded_names(rendered) == ["footnote_policy", "footnote_area", "compression"]
    assert all(" was not used by WeasyPrint: " in d.message for d in rendered.diagnostics if d.code == "pdf-engine-degraded")


# --------------------------------------------------------------------------- reproducible without HarfBuzz-Subset


@pytest.fixture
def fonttools_subsetting(monkeypatch):
    """WeasyPrint as on a machine without the HarfBuzz-Subset library: it subsets fonts with fontTools."""
    import weasyprint.pdf.fonts as weasyprint_fonts

    from convert.render.font_dates import fonttools_subsetting

    monkeypatch.setattr(weasyprint_fonts, "harfbuzz_subset", None)
    # fontTools would take its date from here; the machine in the issue has none.
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert fonttools_subsetting()


def embedded_font_dates(data: bytes) -> dict[str, int]:
    """``head.modified`` of each font embedded in a PDF, by font name without the subset prefix."""
    from fontTools.ttLib import TTFont

    found = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/DescendantFonts" in font:
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font["/FontDescriptor"].get_object()
            stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            found[str(descriptor["/FontName"]).split("+", 1)[-1]] = TTFont(io.BytesIO(stream.get_object().get_data()))["head"].modified
    return found


def bundled_font_dates() -> set[int]:
    from fontTools.ttLib import TTFont

    from convert.resources import templates_dir

    return {TTFont(str(path))["head"].modified for path in (templates_dir() / "fonts").glob("*.ttf")}


def test_two_renders_with_one_epoch_are_byte_identical_when_fonttools_subsets_the_fonts(fonttools_subsetting, monkeypatch):
    import time
    import types

    from fontTools.misc import timeTools

    from tests.helpers import SEED_WITH_URLS
    from convert.parse import parse_file

    result = parse_file(SEED_WITH_URLS)
    options = RenderOptions(source_date_epoch=EPOCH)
    first = get_renderer("pdf")(result, options)
    # The second render an hour later, as far as fontTools can tell.
    monkeypatch.setattr(timeTools, "time", types.SimpleNamespace(time=lambda: time.time() + 3600))
    second = get_renderer("pdf")(result, options)
    assert first.data == second.data
    assert degraded_names(first) == []


def test_fonts_subset_by_fonttools_keep_their_own_date_as_harfbuzz_does(fonttools_subsetting):
    rendered = get_renderer("pdf")(small_doc(), RenderOptions(source_date_epoch=EPOCH))
    dates = embedded_font_dates(rendered.data)
    assert dates and set(dates.values()) <= bundled_font_dates()


def test_without_its_adjustment_fonttools_stamps_the_time_and_the_pdf_says_so(fonttools_subsetting, monkeypatch):
    # The control: fontTools' own behaviour is what the adjustment undoes.
    import weasyprint.pdf.fonts as weasyprint_fonts
    from fontTools.ttLib import TTFont

    monkeypatch.setattr(weasyprint_fonts, "TTFont", TTFont)
    rendered = get_renderer("pdf")(small_doc(), RenderOptions(source_date_epoch=EPOCH))
    assert not set(embedded_font_dates(rendered.data).values()) & bundled_font_dates()
    assert degraded_names(rendered) == ["font_dates"]


def test_with_harfbuzz_subset_the_fonts_keep_their_own_date_and_fonttools_is_not_asked():
    from convert.render.font_dates import fonttools_subsetting

    if fonttools_subsetting():
        pytest.skip("the HarfBuzz-Subset library (Debian: libharfbuzz-subset0) is not installed")
    rendered = get_renderer("pdf")(small_doc(), RenderOptions(source_date_epoch=EPOCH))
    dates = embedded_font_dates(rendered.data)
    assert dates and set(dates.values()) <= bundled_font_dates()
    assert degraded_names(rendered) == []


def test_convert_to_pdf_with_an_unsupported_weasyprint_is_one_usage_line_before_any_document(tmp_path):
    import subprocess
    import sys

    from tests.helpers import ROOT, SEED_WITH_URLS as SEED

    script = (
        "import importlib.metadata as m, sys\n"
        "real = m.version\n"
        "m.version = lambda name: '62.3' if name.lower() == 'weasyprint' else real(name)\n"
        "from convert.cli import main\n"
        "sys.argv = ['briefpress'] + sys.argv[1:]\n"
        "main()\n"
    )
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", script, "convert", str(SEED), "-o", str(out), "-t", "html,pdf"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines() == ["briefpress needs WeasyPrint >=68,<71; found 62.3"]
    assert not out.exists()  # decided before any document ran
    # the other formats do not need WeasyPrint: they still convert
    done = subprocess.run(
        [sys.executable, "-c", script, "convert", str(SEED), "-o", str(out), "-t", "html"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert done.returncode == 0, done.stderr
