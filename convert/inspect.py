"""What the parser understood of a capture, as data: the summary behind ``briefpress inspect``.

:func:`summary` turns a :class:`~convert.model.ParseResult` into one plain
dict (the ``--json`` form); the CLI prints it or lays it out for people.
"""

from __future__ import annotations

from typing import Any, assert_never

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
    """Counts of the body's parts.

    ``paragraphs`` are body paragraphs only (no headings, items, quotes'
    paragraphs, table cells, front matter, notes); a table and a figure count
    one each, whatever they hold; list items are counted in nested lists too.
    """
    doc = result.document
    tally = dict.fromkeys(
        ("headings", "paragraphs", "numbered_items", "bullet_items", "block_quotes", "tables", "figures"), 0
    )
    _count(doc.body, tally)
    return {
        **tally,
        "footnotes": len(doc.notes),
        # markers as printed: a range "[9–11]" is one marker citing three notes
        "footnote_refs": sum(1 for r in iter_note_refs(doc) if not r.joined),
        "furniture": len(doc.furniture),
    }


def _count(blocks: tuple[Block, ...], tally: dict[str, int]) -> None:
    for block in blocks:
        match block:
            case Heading():
                tally["headings"] += 1
            case Paragraph():
                tally["paragraphs"] += 1
            case OrderedList():
                tally["numbered_items"] += len(block.items)
                for item in block.items:
                    _count(item.children, tally)
            case BulletList():
                tally["bullet_items"] += len(block.items)
                for item in block.items:
                    _count(item.children, tally)
            case BlockQuote():
                tally["block_quotes"] += 1
            case Table():
                tally["tables"] += 1
            case Figure():
                tally["figures"] += 1
            case _:
                assert_never(block)


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
