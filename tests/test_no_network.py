"""The capture is untrusted: rendering it fetches nothing, from the network or from the disk."""

from __future__ import annotations

import http.server
import threading
from pathlib import Path

import pytest

from convert.parse import parse_text
from convert.render import RenderOptions, get_renderer
from convert.render.pdf import LocalOnlyFetcher, allowed_roots
from convert.resources import templates_dir


class CountingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        CountingHandler.hits.append(self.path)
        body = b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    """A local HTTP server on 127.0.0.1 that counts every request it gets."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def hostile_capture(base: str) -> str:
    return f"""Reports
A Capture Full of URLs
Jane Doe
Senior Fellow

Introduction

See {base}/page.html and <img src="{base}/img.png"> and <link rel="stylesheet" href="{base}/x.css">.[1]
A style: <style>@import url({base}/import.css); body {{ background: url({base}/bg.png) }}</style>
<script src="{base}/x.js"></script> and <iframe src="{base}/frame"></iframe> and file:///etc/passwd.[2]

[1] Source, {base}/source.pdf.

[2] Another, {base}/another.html and <object data="{base}/obj"></object>.
"""


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_rendering_a_capture_full_of_urls_makes_no_request(server, fmt):
    CountingHandler.hits.clear()
    result = parse_text(hostile_capture(server), "hostile.txt")
    rendered = get_renderer(fmt)(result, RenderOptions())
    assert rendered.data
    assert CountingHandler.hits == []
    # The URLs are shown (as links or as text), never loaded.
    assert f"{server}/source.pdf".encode() in rendered.data or fmt == "pdf"


def test_the_server_does_count_a_request_so_zero_means_zero(server):
    import urllib.request

    CountingHandler.hits.clear()
    urllib.request.urlopen(f"{server}/probe", timeout=5).read()
    assert CountingHandler.hits == ["/probe"]


def test_a_user_stylesheet_that_points_at_the_network_is_refused(server, tmp_path):
    CountingHandler.hits.clear()
    css = tmp_path / "remote.css"
    css.write_text(
        f"@import url({server}/imported.css);\n"
        f"body {{ background: url({server}/bg.png); }}\n"
        f"@font-face {{ font-family: Remote; src: url({server}/font.woff2); }}\n"
        "h1 { font-family: Remote; }\n",
        encoding="utf-8",
    )
    result = parse_text(hostile_capture(server), "hostile.txt")
    rendered = get_renderer("pdf")(result, RenderOptions(css=css))
    assert CountingHandler.hits == []
    # the control: WeasyPrint's own fetcher would have gone to the server for this stylesheet
    from weasyprint import CSS

    CSS(filename=str(css))
    assert CountingHandler.hits == ["/imported.css"]
    assert rendered.data.startswith(b"%PDF")


def test_the_fetcher_reads_bundled_fonts_but_nothing_outside_the_templates(tmp_path):
    fetcher = LocalOnlyFetcher(allowed_roots(RenderOptions()))
    font = next((templates_dir() / "fonts").glob("*.ttf"))
    assert fetcher.fetch(font.as_uri()).read()[:4] in (b"\x00\x01\x00\x00", b"OTTO")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    sneaky = templates_dir().as_uri() + "/../" + "/".join(Path("..").parts * 20) + str(outside)
    for url in (outside.as_uri(), "file:///etc/passwd", sneaky, "http://127.0.0.1:9/x", "data:text/plain,hi"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_a_user_stylesheet_folder_is_readable_so_it_can_bring_its_own_fonts(tmp_path):
    css = tmp_path / "mine.css"
    css.write_text("", encoding="utf-8")
    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    fetcher = LocalOnlyFetcher(allowed_roots(RenderOptions(css=css)))
    assert fetcher.fetch((tmp_path / "logo.svg").as_uri()).read().startswith(b"<svg")


def test_a_user_template_that_points_at_the_network_fetches_nothing_and_says_so(server, tmp_path):
    CountingHandler.hits.clear()
    template = tmp_path / "remote.html.j2"
    template.write_text(
        '{% extends "briefpress/brief.html.j2" %}'
        f'{{% block masthead %}}<img src="{server}/logo.png" alt="logo"><h1>{{{{ title }}}}</h1>{{% endblock %}}',
        encoding="utf-8",
    )
    result = parse_text(hostile_capture(server), "hostile.txt")
    rendered = get_renderer("pdf")(result, RenderOptions(template=template))
    assert CountingHandler.hits == []
    refused = [d.message for d in rendered.diagnostics if d.code == "pdf-resource-refused"]
    assert refused == [f"refused to fetch {server}/logo.png"]
