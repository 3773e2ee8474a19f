"""The DOCX survives LibreOffice: it opens and converts to PDF without error (skipped without LibreOffice)."""

from __future__ import annotations

import io
import shutil
import subprocess

import pypdf
import pytest

from convert.parse import parse_file
from convert.render import RenderOptions, get_renderer
from convert.render.docx import UNCITED_NOTES_HEADING
from convert.words import text_words
from tests.helpers import SEEDS

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")

pytestmark = pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed")


@pytest.mark.parametrize("path", SEEDS[:1], ids=lambda p: p.stem)
def test_libreoffice_converts_the_seed_docx_to_pdf_with_all_its_text(path, tmp_path):
    result = parse_file(path)
    source = tmp_path / f"{path.stem}.docx"
    source.write_bytes(get_renderer("docx")(result, RenderOptions(source_date_epoch=0)).data)
    # a profile of its own, so a LibreOffice already running elsewhere cannot capture the job
    profile = (tmp_path / "profile").as_uri()
    done = subprocess.run(
        [OFFICE, f"-env:UserInstallation={profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, text=True, timeout=180,
    )
    assert done.returncode == 0, done.stderr
    pdf = pypdf.PdfReader(io.BytesIO((tmp_path / f"{path.stem}.pdf").read_bytes()))
    text = " ".join(page.extract_text() for page in pdf.pages)
    words = " ".join(text_words(text))
    assert len(pdf.pages) >= 5
    assert " ".join(text_words(result.document.meta.title)) in words
    assert " ".join(text_words(UNCITED_NOTES_HEADING)) in words
    assert "special inspector general for afghanistan reconstruction" in words  # a footnote's text
