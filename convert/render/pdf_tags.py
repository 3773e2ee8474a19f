"""Tagged PDF: what briefpress adds to WeasyPrint's structure tree and catalog.

Every PDF briefpress writes is tagged (WeasyPrint's ``pdf_tags``): headings,
paragraphs, lists, tables and links become structure elements a screen reader
and a reflowing viewer follow. WeasyPrint's tree leaves four things a reader
notices, which this module mends while WeasyPrint builds it:

* **Running heads and page numbers are content.** WeasyPrint marks the text of
  the page-margin boxes (``@top-left``, ``@bottom-right``...) with an MCID like
  body text and then leaves its structure elements out of the tree ("it could
  be included as Artifact, but that's only allowed in PDF 2.0", its
  ``weasyprint/pdf/tags.py``, ``_build_box_tree``): marked content that belongs
  to no element of the tree, which PDF/UA forbids. Here that text becomes
  pagination artifacts (``/Artifact <</Type /Pagination /Subtype /Header>>``,
  ``/Footer`` at the foot) in the page's content stream, and its MCIDs map to
  nothing (``null``) in the parent tree, so a screen reader does not read "9"
  and the running title on every page.
* **Footnotes are spans.** A footnote (``float: footnote``) is tagged as the
  ``Span`` its element is, its label as ``NonStruct``, inside a ``NonStruct``
  for the page's footnote area. Here each footnote in a footnote area becomes
  a ``Note`` with an ``/ID`` (its element's id; PDF/UA-1 7.9 asks for one) and
  its ``::footnote-marker`` a ``Lbl``.
* **Header cells have no scope.** A ``TH`` gets the ``/Scope`` its HTML
  ``scope`` gives (``row``, else ``/Column``, as WeasyPrint itself reads it to
  fill the data cells' ``/Headers``), so a checker that looks at header cells
  alone (pdfua's UA-15-003) sees the association too.
* **The identifiers have no ID tree**, and WeasyPrint 68 names a table
  header's element after a Python object's address (``id(box)``), which
  differs on every run. :func:`finish` renames any such identifier in the
  order of the tree, rewrites the cells' ``/Headers`` with the new names, and
  writes the ``IDTree`` the PDF needs once any element has an ``/ID``.

:func:`finish` also asks the viewer to show the document's title rather than
its file name (``/ViewerPreferences << /DisplayDocTitle true >>``) and to open
with the outline shown (``/PageMode /UseOutlines``). The catalog's ``/Lang`` is
WeasyPrint's own, from the page's ``<html lang>``.

The tree is mended by wrapping WeasyPrint's private ``_build_box_tree``
(identical in signature from 68 to 70), inside :func:`mending_tags` only (a
context variable, so other threads and other users of WeasyPrint in the same
process see stock behaviour); :func:`finish` is WeasyPrint's public
``finisher`` hook and works on pydyf's objects before they are written. The
context manager hands back a :class:`~.engine.Probe`; the renderer reports a
``pdf-engine-degraded`` warning (:data:`PDF_TAGS`) when WeasyPrint did not go
through the wrapper or a margin box's text could not be found in its page's
stream.

What WeasyPrint's tree still lacks, and this module does not attempt:

* the tree is built page by page (``add_tags`` walks each page's boxes): the
  article, a section or a paragraph that runs over a page break is two
  elements, one a page, and each page's footnotes follow its body text rather
  than their calls;
* a note's call is a ``Link``, not a ``Reference`` to its ``Note``;
* endnotes (``--notes end``, and the notes nobody cites) are list items
  (``L``/``LI``/``LBody``), not ``Note`` elements.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes as _boxes

from .engine import Adjustment, Probe, scoped

try:
    from weasyprint.pdf import tags as _tags
except ImportError:  # another WeasyPrint layout: nothing is replaced
    _tags = None

#: The adjustment as the renderer reports it when it does not take hold.
PDF_TAGS = Adjustment(
    "pdf_tags",
    "running heads and page numbers are marked content outside the structure tree (not artifacts), "
    "and footnotes are tagged as spans rather than notes",
)

NULL = b"null"  # (pydyf writes bytes as they are)


@dataclass
class Mending:
    """One PDF's mending: its probe, the boxes that are footnotes, and what could not be done."""

    probe: Probe = field(default_factory=Probe)
    footnotes: set[int] = field(default_factory=set)  # id() of the boxes in footnote areas (alive for the write)
    notes: int = 0
    artifacts: int = 0
    missed: int = 0  # margin-box MCIDs not found in their page's stream


_mending: ContextVar[Mending | None] = ContextVar("briefpress_pdf_tags", default=None)

# (Any: None when a WeasyPrint release lacks them; then AVAILABLE is false and nothing is installed)
_stock_build_box_tree: Any = getattr(_tags, "_build_box_tree", None)
_MarginBox: Any = getattr(_boxes, "MarginBox", None)
_FootnoteAreaBox: Any = getattr(_boxes, "FootnoteAreaBox", None)


def _obj(pdf, reference) -> Any:
    """The pydyf object a reference (``b"12 0 R"``) names: pydyf numbers objects by their place in ``pdf.objects``."""
    return pdf.objects[int(bytes(reference).split()[0])]


def _artifact_kind(box) -> str | None:
    """The pagination artifact's subtype for a margin box: a running head at the top, a footer at the foot."""
    keyword = getattr(box, "at_keyword", "") or ""
    if keyword.startswith("@top"):
        return "/Header"
    if keyword.startswith("@bottom"):
        return "/Footer"
    return None


def _mark_artifacts(box, pdf, page_number: int, nums: dict, tags: dict, mending: Mending) -> None:
    """A margin box's marked text becomes pagination artifacts: in the page's stream, and mapped to nothing."""
    mcids: set[int] = set()
    stack = [box]
    while stack:
        current = stack.pop()
        if current in tags:  # (WeasyPrint checks after each page that every marked box was taken)
            mcids.add(tags.pop(current)["mcid"])
        stack.extend(getattr(current, "children", ()))
    if not mcids:
        return
    for mcid in mcids:
        nums[mcid] = NULL  # the parent tree's array is indexed by MCID: keep the place
    stream = _obj(pdf, _obj(pdf, pdf.page_references[page_number])["Contents"])
    operations = stream.stream
    properties = pydyf.Dictionary({"Type": "/Pagination"})
    kind = _artifact_kind(box)
    if kind is not None:
        properties["Subtype"] = kind
    found = 0
    for index, operation in enumerate(operations):
        if (isinstance(operation, pydyf.Dictionary) and operation.get("MCID") in mcids and index
                and isinstance(operations[index - 1], str) and operations[index - 1].startswith("/")):
            operations[index - 1] = "/Artifact"
            operations[index] = properties
            found += 1
    mending.artifacts += found
    mending.missed += len(mcids) - found


def _scope(element, scope: str | None) -> None:
    """A header cell's ``/Scope``, as WeasyPrint reads the HTML's ``scope`` to map its headers: row, else column."""
    attributes = element.get("A")
    if not isinstance(attributes, pydyf.Dictionary):
        attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
    attributes["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    """WeasyPrint's ``_build_box_tree``, with margin boxes as artifacts and footnotes as notes inside :func:`mending_tags`."""
    mending = _mending.get()
    if mending is None:
        yield from _stock_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags)
        return
    mending.probe.reached = True
    if isinstance(box, _MarginBox):
        _mark_artifacts(box, pdf, page_number, nums, tags, mending)
        return
    if isinstance(box, _FootnoteAreaBox):
        mending.footnotes.update(id(child) for child in box.children)
    for element in _stock_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        if id(box) in mending.footnotes and box.element is not None and box.element.get("id"):
            element["S"] = "/Note"
            element["ID"] = pydyf.String(box.element.get("id"))
            mending.notes += 1
        elif str(getattr(box, "element_tag", "")).endswith("::footnote-marker"):
            element["S"] = "/Lbl"
        elif element.get("S") == "/TH" and box.element is not None:
            _scope(element, box.element.get("scope"))
        yield element


# Installed once; inert outside ``mending_tags``. Where WeasyPrint lacks what
# this relies on, nothing is replaced and the tree is stock.
AVAILABLE = (
    _tags is not None and callable(_stock_build_box_tree)
    and isinstance(_MarginBox, type) and isinstance(_FootnoteAreaBox, type)
)
if AVAILABLE and getattr(_tags._build_box_tree, "__module__", None) != __name__:
    _tags._build_box_tree = _build_box_tree


def mending_tags() -> AbstractContextManager[Mending]:
    """Within this block, WeasyPrint's structure tree gets artifacts for margin boxes and notes for footnotes."""
    return scoped(_mending, Mending())


def took_hold(mending: Mending | None) -> Probe | None:
    """The probe the renderer reports from: reached only if the wrapper ran and found every margin box's text."""
    if mending is None:
        return None
    return Probe(reached=mending.probe.reached and not mending.missed)


# --------------------------------------------------------------------------- the catalog and the ID tree


def _struct_elements(pdf, root) -> Iterator[Any]:
    """The structure elements under the tree's root, depth first in reading order."""
    stack = list(reversed(list(root.get("K", ()))))
    while stack:
        kid = stack.pop()
        if not isinstance(kid, bytes):
            continue  # an MCID
        element = _obj(pdf, kid)
        if not isinstance(element, pydyf.Dictionary) or element.get("Type") != "/StructElem":
            continue  # an object reference (a link's annotation)
        yield element
        kids = element.get("K", ())
        stack.extend(reversed(list(kids)) if isinstance(kids, (list, pydyf.Array)) else [kids])


def _text(value) -> str:
    """A pydyf string's text (or any value's)."""
    return str(getattr(value, "string", value))


def write_id_tree(pdf) -> int:
    """Give every ``/ID`` a stable, unique name and write the ``IDTree``; the number of identifiers.

    The notes keep their elements' ids. Others (table headers) are renamed
    ``briefpress-th-1``, ``briefpress-th-2``... in the tree's order, and the
    ``/Headers`` of the cells that name them follow: WeasyPrint 68 writes
    ``id(box)``, a memory address, and a name must be the same on every run.
    """
    root_reference = pdf.catalog.get("StructTreeRoot")
    if root_reference is None:
        return 0
    root = _obj(pdf, root_reference)
    elements = list(_struct_elements(pdf, root))
    renamed: dict[str, pydyf.String] = {}
    names: dict[str, bytes] = {}
    for element in elements:
        if "ID" not in element:
            continue
        old = _text(element["ID"])
        if element.get("S") == "/Note" and old not in names:
            new = element["ID"]
        else:
            kind, number = str(element.get("S", "/id"))[1:].lower(), len(renamed) + 1
            while f"briefpress-{kind}-{number}" in names:
                number += 1
            new = pydyf.String(f"briefpress-{kind}-{number}")
            renamed[old] = new
        element["ID"] = new
        names[_text(new)] = element.reference
    for element in elements:
        attributes = element.get("A")
        if isinstance(attributes, pydyf.Dictionary) and "Headers" in attributes:
            attributes["Headers"] = pydyf.Array(renamed.get(_text(h), h) for h in attributes["Headers"])
    if names:
        pairs = pydyf.Array()
        for name in sorted(names):  # a name tree's keys are sorted
            pairs.extend((pydyf.String(name), names[name]))
        root["IDTree"] = pydyf.Dictionary({"Names": pairs})
    return len(names)


def finish(document, pdf) -> None:
    """WeasyPrint's ``finisher``: the window shows the title, the outline opens with the file, and identifiers are stable."""
    preferences = pdf.catalog.get("ViewerPreferences")
    if not isinstance(preferences, pydyf.Dictionary):
        preferences = pdf.catalog["ViewerPreferences"] = pydyf.Dictionary()
    preferences["DisplayDocTitle"] = "true"
    if "Outlines" in pdf.catalog:
        pdf.catalog["PageMode"] = "/UseOutlines"
    write_id_tree(pdf)
