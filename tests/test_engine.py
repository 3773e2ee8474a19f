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
