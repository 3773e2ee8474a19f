"""The Typst engine's own guarantees: the capture's text is only ever text, the template is the user's to replace,
the PDF is tagged and sound (``qpdf --check``), and real captures verify. The checks both engines share are in
tests/test_pdf.py, parameterised by engine."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from importlib.util import find_spec

import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("typst", reason="the typst package is not installed (briefpress[typst])")

import typst  # noqa: E402

from convert.parse import parse_bytes  # noqa: E402
from convert.render import RenderOptions, get_renderer  # noqa: E402
from convert.render.typst_markup import string, typst_markup  # noqa: E402
from convert.resources import templates_dir  # noqa: E402
from convert.verify import check  # noqa: E402
from tests.helpers import ROOT, SEEDS  # noqa: E402
from tests.render_helpers import doc, note, para, ref  # noqa: E402

EPOCH = 1_700_000_000
TYPST = RenderOptions(pdf_engine="typst", source_date_epoch=EPOCH)
render = get_renderer("pdf", TYPST)
CORPUS = ROOT / "tests" / "corpus"


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


# --------------------------------------------------------------------------- the capture's text is text


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=80))
def test_a_string_literal_reads_back_as_exactly_the_text_it_was_made_from(text):
    source = f"#metadata({string(text)}) <x>"
    assert json.loads(typst.query(source.encode(), "<x>", field="value", one=True)) == text


# Every character Typst markup gives a meaning, and the sequences that would call
# code, read a file, import a package, open math, raw text, a comment, a label, a reference...
HOSTILE = [
    '#read("/etc/passwd") #import "@preview/cetz:0.3.0": * #include "x.typ"',
    "$x^2$ and `raw` and ```python print(1)``` here",
    "*not bold* _not emphasised_ <label> @reference = not a heading",
    "// not a comment /* nor this */ [brackets] {braces} ~tilde \\backslash",
    '- not a list + not an enum 1. not numbered / term: no "quotes" \'single\'',
    "-- --- ... -? #set page(width: 1cm) #let x = 1 #{ 1 + 1 } #(1 + 1)",
    "#sys.inputs #pdf.attach(\"f\", bytes(\"x\")) #link(\"file:///etc/passwd\")[x]",
]


def test_every_typst_special_character_and_markup_sequence_in_a_capture_prints_as_itself():
    result = doc(*(para(line) for line in HOSTILE), title="#set text(size: 1pt) $title$ *x*")
    source = typst_markup(result, TYPST)
    rendered = render(result, TYPST)
    text = " ".join(text_of(rendered.data).split())
    # (the quotes print curly: the model keeps the capture's, as in every format)
    straight = text.replace("\u201c", '"').replace("\u201d", '"').replace("\u2018", "'").replace("\u2019", "'")
    for line in HOSTILE:
        assert " ".join(line.split()) in straight, line
    assert "root:" not in text  # nothing was read
    assert pypdf.PdfReader(io.BytesIO(rendered.data)).metadata.title == "#set text(size: 1pt) $title$ *x*"
    # the capture's text reaches Typst inside string literals only: no markup call names a capture's word
    assert "#read(" not in source.replace(string(HOSTILE[0]), "")
    assert check(result.document, "pdf", rendered.data)[1] == []


def test_a_capture_cannot_change_the_page_or_the_type_size():
    plain = render(doc(para("Plain words.")), TYPST)
    hostile = render(doc(para("#set page(width: 5cm) #set text(size: 40pt) Plain words.")), TYPST)
    first = pypdf.PdfReader(io.BytesIO(hostile.data)).pages[0].mediabox
    base = pypdf.PdfReader(io.BytesIO(plain.data)).pages[0].mediabox
    assert (first.width, first.height) == (base.width, base.height)


# --------------------------------------------------------------------------- the template


def test_a_template_of_the_user_s_own_lays_the_brief_out(tmp_path):
    mine = tmp_path / "mine.typ"
    mine.write_text(
        (templates_dir() / "brief.typ").read_text(encoding="utf-8").replace('paper: "us-letter"', 'paper: "a5"'),
        encoding="utf-8",
    )
    rendered = render(doc(para("Small page.")), RenderOptions(pdf_engine="typst", typst_template=mine))
    box = pypdf.PdfReader(io.BytesIO(rendered.data)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (420, 595)


def test_a_template_with_an_error_is_refused_in_one_line_naming_it_before_any_work(tmp_path):
    broken = tmp_path / "broken.typ"
    broken.write_text("#let brief(..args) = {\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(SEEDS[0]), "-o", str(tmp_path / "out"), "-t", "pdf",
         "--pdf-engine", "typst", "--typst-template", str(broken)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith(f"{broken}: "), proc.stderr
    assert not (tmp_path / "out").exists()


def test_a_template_that_fails_on_one_document_fails_that_document_alone(tmp_path):
    # (a template that lays out a small document but not this one: a missing function)
    picky = tmp_path / "picky.typ"
    picky.write_text(
        (templates_dir() / "brief.typ").read_text(encoding="utf-8").replace("#let data-table(", "#let no-data-table("),
        encoding="utf-8",
    )
    table = "Title\n\nText.\n\nName\tValue\nOne\t1\nTwo\t2\n"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "table.txt").write_text(table, encoding="utf-8")
    (tmp_path / "src" / "plain.txt").write_text("Title\n\nJust a paragraph of text.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(tmp_path / "src"), "-o", str(tmp_path / "out"), "-t", "pdf",
         "--pdf-engine", "typst", "--typst-template", str(picky), "-j", "1"],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert (tmp_path / "out" / "plain.pdf").is_file() and not (tmp_path / "out" / "table.pdf").exists()
    line = next(l for l in proc.stderr.splitlines() if "table.txt" in l)
    assert str(picky) in line and "data-table" in line


def test_a_typst_template_without_the_typst_engine_is_a_usage_error(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "convert", "convert", str(SEEDS[0]), "-o", str(tmp_path), "-t", "pdf",
         "--typst-template", str(templates_dir() / "brief.typ")],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2 and proc.stderr.strip().endswith("applies to --pdf-engine typst only")


# --------------------------------------------------------------------------- tags, soundness, real captures


@pytest.mark.parametrize("variant", [None, "pdf/a-3b", "pdf/ua-1"])
def test_the_pdf_is_tagged_with_its_language_and_footnotes_tagged_as_notes(variant):
    source = SEEDS[0].read_bytes()
    result = parse_bytes(source, SEEDS[0].name)
    options = RenderOptions(pdf_engine="typst", pdf_variant=variant, source_date_epoch=EPOCH,
                            source_bytes=source, source_name=SEEDS[0].name)
    data = render(result, options).data
    pdf = pypdf.PdfReader(io.BytesIO(data))
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert str(root["/Lang"]).startswith("en")
    kinds = set()
    stack = [root["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/S" in node:
                kinds.add(str(node["/S"]))
            kids = node.get("/K")
            if kids is not None:
                kids = kids.get_object()
                stack.extend(k.get_object() for k in (kids if isinstance(kids, list) else [kids]))
    assert "/Note" in kinds or "/FENote" in kinds, kinds
    assert {"/H1", "/H2"} & kinds or "/H" in kinds, kinds


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
@pytest.mark.parametrize("variant", [None, "pdf/a-3b", "pdf/ua-1"])
@pytest.mark.parametrize("notes", ["foot", "end"])
def test_qpdf_finds_nothing_wrong_with_the_seeds_pdfs(tmp_path, variant, notes):
    for seed in SEEDS:
        source = seed.read_bytes()
        options = RenderOptions(pdf_engine="typst", pdf_variant=variant, notes=notes, source_date_epoch=EPOCH,
                                source_bytes=source, source_name=seed.name)
        target = tmp_path / f"{seed.stem}.pdf"
        target.write_bytes(render(parse_bytes(source, seed.name), options).data)
        proc = subprocess.run(["qpdf", "--check", str(target)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr


CORPUS_SAMPLE = ["plos-research-findings-false", "cisa-bod-18-01", "cisa-bod-20-01"]


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the development corpus is not beside the project")
@pytest.mark.parametrize("name", CORPUS_SAMPLE)
def test_real_captures_verify_with_every_word_and_note_at_its_place(name):
    path = CORPUS / f"{name}.txt"
    result = parse_bytes(path.read_bytes(), path.name)
    for notes in ("foot", "end"):
        data = render(result, RenderOptions(pdf_engine="typst", notes=notes, source_date_epoch=EPOCH)).data
        checks, problems = check(result.document, "pdf", data)
        assert problems == [], (notes, problems)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_the_pdf_ua_variant_passes_the_pdf_ua_checker(seed, tmp_path):
    if find_spec("pdfua") is None:
        pytest.skip("pdfua is not installed (pip install -e '.[test]')")
    source = seed.read_bytes()
    options = RenderOptions(pdf_engine="typst", pdf_variant="pdf/ua-1", source_date_epoch=EPOCH,
                            source_bytes=source, source_name=seed.name)
    target = tmp_path / "ua.pdf"
    target.write_bytes(render(parse_bytes(source, seed.name), options).data)
    checked = subprocess.run([sys.executable, "-m", "pdfua", "check", "-f", "json", str(target)],
                             capture_output=True, text=True, timeout=120)
    report = json.loads(checked.stdout)
    # (pdfua cannot run its rule UA-14-001 on a heading whose /K is an array: see tests/test_pdf_tags.py)
    assert {s["rule_id"] for s in report["skipped"]} <= {"UA-14-001"}
    assert report["summary"]["errors"] == report["summary"]["warnings"] == 0, report["findings"]


def test_a_character_no_bundled_font_draws_is_reported_and_refused_by_pdf_ua():
    result = doc(para("A clip \U0001F4CE beside the text, and plain words."))
    rendered = render(result, TYPST)
    missing = [d for d in rendered.diagnostics if d.code == "pdf-glyph-missing"]
    assert len(missing) == 1 and "U+1F4CE" in missing[0].message
    from convert.render.pdf_typst import TypstFailed

    with pytest.raises(TypstFailed, match=r"PDF/UA-1 needs every character drawn, and '.' \(U\+1F4CE\)"):
        render(result, RenderOptions(pdf_engine="typst", pdf_variant="pdf/ua-1"))


def test_a_table_too_wide_for_the_column_is_scaled_down_to_fit_not_drawn_over_itself():
    import pdfplumber

    from convert.parse import parse_text

    rows = "\n".join("\t".join(f"r{r}c{c}" for c in range(40)) for r in range(4))
    result = parse_text(f"A wide table\n\nSome text before it.\n\n{rows}\n\nSome text after it.\n")
    data = render(result, TYPST).data
    right_edge = (30 + 122) / 25.4 * 72  # the text column's right edge, in points
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        # (the scaled gaps between cells are narrower than pdfplumber's default tolerance)
        words = [w for w in pdf.pages[0].extract_words(x_tolerance=0.3) if w["text"].startswith("r")]
    cells = [w for w in words if w["text"][1:2].isdigit()]
    assert len(cells) == 160, [w["text"] for w in words][:10]
    assert max(w["x1"] for w in cells) <= right_edge + 1
    for row in range(4):  # each row's cells left to right, none over the next
        line = sorted((w for w in cells if w["text"].startswith(f"r{row}c")), key=lambda w: int(w["text"].split("c")[1]))
        assert all(a["x1"] <= b["x0"] + 0.1 for a, b in zip(line, line[1:]))
    assert check(result.document, "pdf", data)[1] == []


def test_the_seeds_compile_without_a_warning_from_typst():
    for seed in SEEDS:
        rendered = render(parse_bytes(seed.read_bytes(), seed.name), TYPST)
        assert rendered.diagnostics == ()
        assert rendered.pages == len(pypdf.PdfReader(io.BytesIO(rendered.data)).pages)


def test_a_note_cited_twice_links_from_its_second_call_to_the_footnote_of_the_first():
    result = doc(
        para("First claim.", ref("7", 1), " Again.", ref("7", 2)),
        notes=[note("7", "Seven source.", "ref-7-1", "ref-7-2")],
    )
    data = render(result, TYPST).data
    checks, problems = check(result.document, "pdf", data)
    assert problems == [] and "2/2 note calls linked" in checks
    assert text_of(data).count("Seven source.") == 1
