"""JSON export and import of the document model.

The export is the full model, lossless: ``document_from_dict(document_to_dict(d)) == d``
and ``to_json(from_json(s)) == s`` for any ``s`` this module wrote. Every node is
an object with a ``"type"`` key, in the manner of pandoc's JSON AST; the
top-level object carries a ``"format"`` version so that readers can refuse a
shape they do not know. The schema is described in the README.
"""

from __future__ import annotations

import json
from typing import Any, assert_never

from .model import (
    LIST_STYLES,
    Author,
    Field,
    Furniture,
    Block,
    BlockQuote,
    BulletList,
    Caption,
    Diagnostic,
    Figure,
    Document,
    Emphasis,
    Heading,
    Inline,
    Link,
    ListItem,
    Metadata,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    SourceLink,
    Strong,
    Table,
    TableCell,
    TableRow,
    Text,
)

FORMAT = "briefpress-model/2"
#: The versions :func:`from_json` reads: version 2 added tables, figures and
#: quote attributions; a version-1 model is a version-2 model without them.
READABLE = ("briefpress-model/1", FORMAT)


class ModelJSONError(ValueError):
    """The JSON does not describe a briefpress model."""


# --------------------------------------------------------------------------- export


def inline_to_dict(node: Inline) -> dict[str, Any]:
    match node:
        case Text():
            return {"type": "text", "text": node.text}
        case Strong():
            return {"type": "strong", "children": [inline_to_dict(c) for c in node.children]}
        case Emphasis():
            return {"type": "emphasis", "children": [inline_to_dict(c) for c in node.children]}
        case Link():
            return {"type": "link", "url": node.url, "children": [inline_to_dict(c) for c in node.children]}
        case NoteRef():
            out: dict[str, Any] = {"type": "note_ref", "label": node.label, "id": node.id, "note_id": node.note_id}
            if node.joined:
                out["joined"] = True
            return out
        case _:
            assert_never(node)


def _inlines(content: tuple[Inline, ...]) -> list[dict[str, Any]]:
    return [inline_to_dict(c) for c in content]


def _item(item: ListItem) -> list[dict[str, Any]] | dict[str, Any]:
    # An item is its inline content; only an item with sub-lists needs an object,
    # so models written before items could nest read (and are written) as they were.
    if not item.children:
        return _inlines(item.content)
    return {"content": _inlines(item.content), "children": [block_to_dict(b) for b in item.children]}


def block_to_dict(block: Block) -> dict[str, Any]:
    match block:
        case Heading():
            return {"type": "heading", "level": block.level, "id": block.id, "content": _inlines(block.content)}
        case Paragraph():
            return {"type": "paragraph", "content": _inlines(block.content)}
        case OrderedList():
            return {
                "type": "ordered_list",
                "start": block.start,
                "style": block.style,
                "items": [_item(i) for i in block.items],
            }
        case BulletList():
            return {"type": "bullet_list", "items": [_item(i) for i in block.items]}
        case BlockQuote():
            out: dict[str, Any] = {"type": "block_quote", "content": [block_to_dict(p) for p in block.content]}
            if block.attribution:
                out["attribution"] = _inlines(block.attribution)
            return out
        case Table():
            return {
                "type": "table",
                "id": block.id,
                "captions": [_caption(c) for c in block.captions],
                "rows": [{"header": r.header, "cells": [_inlines(c.content) for c in r.cells]} for r in block.rows],
            }
        case Figure():
            return {"type": "figure", "id": block.id, "captions": [_caption(c) for c in block.captions]}
        case _:
            assert_never(block)


def _caption(c: Caption) -> dict[str, Any]:
    return {"label": c.label, "below": c.below, "content": _inlines(c.content)}


def meta_to_dict(m: Metadata) -> dict[str, Any]:
    return {
        "title": m.title,
        "kicker": m.kicker,
        "subtitle": m.subtitle,
        "authors": [{"name": a.name, "role": a.role} for a in m.authors],
        "date": m.date,
        "date_iso": m.date_iso,
        "image_caption": m.image_caption,
        "links": [{"text": l.text, "kind": l.kind, "url": l.url, "line": l.line} for l in m.links],
        "lang": m.lang,
        "credits": list(m.credits),
        "fields": [{"name": f.name, "value": f.value} for f in m.fields],
    }


def document_to_dict(doc: Document) -> dict[str, Any]:
    return {
        "meta": meta_to_dict(doc.meta),
        "body": [block_to_dict(b) for b in doc.body],
        "notes_title": doc.notes_title,
        "notes": [
            {
                "label": n.label,
                "id": n.id,
                "referenced": n.referenced,
                "ref_ids": list(n.ref_ids),
                "content": _inlines(n.content),
            }
            for n in doc.notes
        ],
        "furniture": [{"line": f.line, "text": f.text, "where": f.where} for f in doc.furniture],
    }


def diagnostic_to_dict(d: Diagnostic) -> dict[str, Any]:
    return {"level": d.level, "code": d.code, "line": d.line, "message": d.message}


def result_to_dict(result: ParseResult) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "encoding": result.encoding,
        "document": document_to_dict(result.document),
        "diagnostics": [diagnostic_to_dict(d) for d in result.diagnostics],
    }


def to_json(result: ParseResult, *, indent: int | None = 2) -> str:
    """The full model (document and diagnostics) as JSON text."""
    return json.dumps(result_to_dict(result), ensure_ascii=False, indent=indent) + "\n"


# --------------------------------------------------------------------------- import


def _req(obj: dict[str, Any], key: str, kind: type | tuple[type, ...]):
    if not isinstance(obj, dict) or key not in obj:
        raise ModelJSONError(f"missing key {key!r}")
    value = obj[key]
    if not isinstance(value, kind):
        raise ModelJSONError(f"key {key!r} has the wrong type ({type(value).__name__})")
    return value


def _opt_str(obj: dict[str, Any], key: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise ModelJSONError(f"key {key!r} must be a string or null")
    return value


def _opt_list(obj: dict[str, Any], key: str) -> list:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise ModelJSONError(f"key {key!r} must be a list")
    return value


def _str_list(obj: dict[str, Any], key: str) -> list[str]:
    value = _opt_list(obj, key)
    if not all(isinstance(v, str) for v in value):
        raise ModelJSONError(f"key {key!r} must be a list of strings")
    return value


def inline_from_dict(obj: dict[str, Any]) -> Inline:
    kind = _req(obj, "type", str)
    if kind == "text":
        return Text(_req(obj, "text", str))
    if kind == "strong":
        return Strong(_inlines_from(_req(obj, "children", list)))
    if kind == "emphasis":
        return Emphasis(_inlines_from(_req(obj, "children", list)))
    if kind == "link":
        return Link(_req(obj, "url", str), _inlines_from(_req(obj, "children", list)))
    if kind == "note_ref":
        joined = obj.get("joined", False)
        if not isinstance(joined, bool):
            raise ModelJSONError("key 'joined' must be a boolean")
        return NoteRef(_req(obj, "label", str), _req(obj, "id", str), _opt_str(obj, "note_id"), joined)
    raise ModelJSONError(f"unknown inline type {kind!r}")


def _inlines_from(items: list) -> tuple[Inline, ...]:
    return tuple(inline_from_dict(i) for i in items)


def _item_from(obj: list | dict[str, Any]) -> ListItem:
    if isinstance(obj, list):
        return ListItem(_inlines_from(obj))
    if not isinstance(obj, dict):
        raise ModelJSONError("a list item is a list of inlines or an object")
    nested = obj.get("children", [])
    if not isinstance(nested, list):
        raise ModelJSONError("key 'children' must be a list")
    children = tuple(block_from_dict(b) for b in nested)
    if any(isinstance(b, Heading) for b in children):
        raise ModelJSONError("a list item holds no heading")
    return ListItem(_inlines_from(_req(obj, "content", list)), children)


def block_from_dict(obj: dict[str, Any]) -> Block:
    kind = _req(obj, "type", str)
    if kind == "heading":
        return Heading(_req(obj, "level", int), _req(obj, "id", str), _inlines_from(_req(obj, "content", list)))
    if kind == "paragraph":
        return Paragraph(_inlines_from(_req(obj, "content", list)))
    if kind == "ordered_list":
        style = _req(obj, "style", str)
        if style not in LIST_STYLES:
            raise ModelJSONError(f"unknown list style {style!r}")
        items = tuple(_item_from(i) for i in _req(obj, "items", list))
        return OrderedList(_req(obj, "start", int), items, style)
    if kind == "bullet_list":
        return BulletList(tuple(_item_from(i) for i in _req(obj, "items", list)))
    if kind == "block_quote":
        blocks = tuple(block_from_dict(p) for p in _req(obj, "content", list))
        paras = tuple(p for p in blocks if isinstance(p, Paragraph))
        if len(paras) != len(blocks):
            raise ModelJSONError("a block quote holds paragraphs only")
        attribution = _inlines_from(_opt_list(obj, "attribution"))
        return BlockQuote(paras, attribution)
    if kind == "table":
        rows = []
        for r in _req(obj, "rows", list):
            header = _req(r, "header", bool)
            rows.append(TableRow(tuple(TableCell(_inlines_from(c)) for c in _lists(_req(r, "cells", list), "cell")), header))
        if any(len(r.cells) != len(rows[0].cells) for r in rows):
            raise ModelJSONError("the rows of a table differ in width")
        return Table(_req(obj, "id", str), tuple(rows), _captions_from(obj))
    if kind == "figure":
        captions = _captions_from(obj)
        if not captions:
            raise ModelJSONError("a figure has at least one caption")
        return Figure(_req(obj, "id", str), captions)
    raise ModelJSONError(f"unknown block type {kind!r}")


def _lists(values: list, what: str) -> list[list]:
    if not all(isinstance(v, list) for v in values):
        raise ModelJSONError(f"a {what} is a list of inlines")
    return values


def _captions_from(obj: dict[str, Any]) -> tuple[Caption, ...]:
    out = []
    for c in _opt_list(obj, "captions"):
        below = c.get("below", False) if isinstance(c, dict) else None
        if not isinstance(below, bool):
            raise ModelJSONError("key 'below' must be a boolean")
        out.append(Caption(_opt_str(c, "label"), _inlines_from(_req(c, "content", list)), below))
    return tuple(out)


def document_from_dict(obj: dict[str, Any]) -> Document:
    m = _req(obj, "meta", dict)
    links = []
    for l in _req(m, "links", list):
        kind = _req(l, "kind", str)
        if kind not in ("pdf", "other"):
            raise ModelJSONError(f"unknown link kind {kind!r}")
        line = l.get("line")
        if line is not None and not isinstance(line, int):
            raise ModelJSONError("link line must be an integer or null")
        links.append(SourceLink(_req(l, "text", str), kind, _opt_str(l, "url"), line))
    meta = Metadata(
        title=_req(m, "title", str),
        kicker=_opt_str(m, "kicker"),
        subtitle=_opt_str(m, "subtitle"),
        authors=tuple(Author(_req(a, "name", str), _opt_str(a, "role")) for a in _req(m, "authors", list)),
        date=_opt_str(m, "date"),
        date_iso=_opt_str(m, "date_iso"),
        image_caption=_opt_str(m, "image_caption"),
        links=tuple(links),
        lang=_req(m, "lang", str),
        # (added to version 1 later: a model written before has none)
        credits=tuple(_str_list(m, "credits")),
        fields=tuple(Field(_req(f, "name", str), _req(f, "value", str)) for f in _opt_list(m, "fields")),
    )
    furniture = []
    for f in _opt_list(obj, "furniture"):
        where = _req(f, "where", str)
        if where not in ("front", "body", "back"):
            raise ModelJSONError(f"unknown furniture place {where!r}")
        furniture.append(Furniture(_req(f, "line", int), _req(f, "text", str), where))
    notes = []
    for n in _req(obj, "notes", list):
        note = Note(
            _req(n, "label", str),
            _req(n, "id", str),
            _inlines_from(_req(n, "content", list)),
            tuple(_req(n, "ref_ids", list)),
        )
        if "referenced" in n and n["referenced"] != note.referenced:
            raise ModelJSONError(f"note {note.label!r}: 'referenced' disagrees with 'ref_ids'")
        notes.append(note)
    return Document(
        meta=meta,
        body=tuple(block_from_dict(b) for b in _req(obj, "body", list)),
        notes=tuple(notes),
        notes_title=_opt_str(obj, "notes_title"),
        furniture=tuple(furniture),
    )


def result_from_dict(obj: dict[str, Any]) -> ParseResult:
    if not isinstance(obj, dict) or obj.get("format") not in READABLE:
        raise ModelJSONError(f"not a {' or '.join(READABLE)} object")
    diags = []
    for d in _req(obj, "diagnostics", list):
        level = _req(d, "level", str)
        if level not in ("info", "warning", "error"):
            raise ModelJSONError(f"unknown diagnostic level {level!r}")
        line = d.get("line")
        if line is not None and not isinstance(line, int):
            raise ModelJSONError("diagnostic line must be an integer or null")
        diags.append(Diagnostic(level, _req(d, "code", str), _req(d, "message", str), line))
    return ParseResult(document_from_dict(_req(obj, "document", dict)), tuple(diags), _req(obj, "encoding", str))


def from_json(text: str) -> ParseResult:
    """Read a model written by :func:`to_json`."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelJSONError(f"invalid JSON: {exc}") from None
    return result_from_dict(obj)
