"""What the parser understood of a capture, as data: the summary behind ``briefpress inspect``.

:func:`summary` turns a :class:`~convert.model.ParseResult` into one plain
dict (the ``--json`` form); the CLI prints it or lays it out for people.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .model import (
    Block,
    BlockQuote,
    BulletList,
    Figure,
    Heading,
    OrderedList,
    Paragraph,
    ParseResult,
    Table,
    inline_text,
    iter_note_refs,
)
from .modeljson import diagnostic_to_dict, meta_to_dict


def counts(result: ParseResult) -> dict[str, int]:
    """Counts of the body's parts; ``paragraphs`` are body paragraphs only (no headings, items, front matter, notes)."""
    doc = result.document
    body = doc.body
    lists = list(_lists(body))  # nested lists too: their items are counted with their kind
    return {
        "headings": sum(isinstance(b, Heading) for b in body),
        "paragraphs": sum(isinstance(b, Paragraph) for b in body),
        "numbered_items": sum(len(b.items) for b in lists if isinstance(b, OrderedList)),
        "bullet_items": sum(len(b.items) for b in lists if isinstance(b, BulletList)),
        "block_quotes": sum(isinstance(b, BlockQuote) for b in body),
        "tables": sum(isinstance(b, Table) for b in body),
        "figures": sum(isinstance(b, Figure) for b in body),
        "footnotes": len(doc.notes),
        # markers as printed: a range "[9–11]" is one marker citing three notes
        "footnote_refs": sum(1 for r in iter_note_refs(doc) if not r.joined),
        "furniture": len(doc.furniture),
    }


def _lists(blocks: tuple[Block, ...]) -> Iterator[OrderedList | BulletList]:
    for block in blocks:
        if isinstance(block, (OrderedList, BulletList)):
            yield block
            for item in block.items:
                yield from _lists(item.children)


def summary(result: ParseResult) -> dict[str, Any]:
    doc = result.document
    meta = meta_to_dict(doc.meta)
    del meta["lang"]
    return {
        **meta,
        "encoding": result.encoding,
        "headings": _printed_headings(result),
        "sections": [
            {"id": b.id, "level": b.level, "title": inline_text(b.content)} for b in doc.body if isinstance(b, Heading)
        ],
        "counts": counts(result),
        "notes_title": doc.notes_title,
        "unreferenced_notes": [n.label for n in doc.notes if not n.referenced],
        "missing_notes": sorted({r.label for r in iter_note_refs(doc) if r.note_id is None}, key=_label_key),
        "furniture": [{"line": f.line, "text": f.text, "where": f.where} for f in doc.furniture],
        "diagnostics": [diagnostic_to_dict(d) for d in result.diagnostics],
    }


def _printed_headings(result: ParseResult) -> list[str]:
    """The headings as the capture prints them (a note call glued to one stays), the notes list's heading included.

    Taken from the parser's line roles when it has them (a model read back
    from JSON has none: then from the model's headings).
    """
    if result.explain:
        out: list[str] = []
        for lr in result.explain:
            if lr.role in ("heading", "notes-heading"):
                out.append(lr.text)
            elif lr.role == "heading-cont" and out:
                out[-1] = f"{out[-1]} {lr.text}"  # a heading broken over two lines is one heading
        return out
    doc = result.document
    return [inline_text(b.content) for b in doc.body if isinstance(b, Heading)] + ([doc.notes_title] if doc.notes_title else [])


def _label_key(label: str) -> tuple[int, str]:
    return (int(label), "") if label.isdigit() else (10**9, label)
