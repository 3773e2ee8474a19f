"""Per-rule fixtures: a capture and the model it must give, one file per rule (as markdown-it-py's and pandoc's suites do).

A fixture file in ``tests/fixtures/rules`` reads::

    rule: question
    rule: outline-numbered
    A line ending with a question mark is a FAQ's heading.
    ~~~ capture
    (the capture, as a reader would paste it)
    ~~~ model
    (the dump of the model the parser must give: see :func:`dump`)

Every ``rule:`` named must fire on the capture (its name is among the rules
``inspect --explain`` gives some line). ``BRIEFPRESS_UPDATE_GOLDEN=1`` rewrites
the model part after a deliberate change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from convert.model import (
    Block,
    BlockQuote,
    BulletList,
    Figure,
    Table,
    Emphasis,
    Heading,
    Inline,
    Link,
    NoteRef,
    OrderedList,
    Paragraph,
    ParseResult,
    Strong,
    Text,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rules"
CAPTURE = "~~~ capture\n"
MODEL = "~~~ model\n"


@dataclass
class Fixture:
    path: Path
    rules: list[str]
    description: str
    capture: str
    model: str

    def write_model(self, model: str) -> None:
        head = self.path.read_text(encoding="utf-8").split(MODEL)[0]
        self.path.write_text(head + MODEL + model, encoding="utf-8")


def load(path: Path) -> Fixture:
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(CAPTURE, 1)
    capture, model = rest.split(MODEL, 1)
    rules = [line[5:].strip() for line in head.splitlines() if line.startswith("rule:")]
    description = " ".join(line for line in head.splitlines() if line and not line.startswith("rule:"))
    return Fixture(path, rules, description, capture, model)


def all_fixtures() -> list[Fixture]:
    return [load(p) for p in sorted(FIXTURES.glob("*.txt"))]


def _inline(nodes: tuple[Inline, ...]) -> str:
    out = []
    for n in nodes:
        if isinstance(n, Text):
            out.append(n.text)
        elif isinstance(n, Strong):
            out.append(f"**{_inline(n.children)}**")
        elif isinstance(n, Emphasis):
            out.append(f"*{_inline(n.children)}*")
        elif isinstance(n, Link):
            out.append(f"<{n.url}|{_inline(n.children)}>")
        elif isinstance(n, NoteRef):
            out.append(f"[^{n.label}{'+' if n.joined else ''}{'' if n.note_id else '?'}]")
        else:  # pragma: no cover - the union is closed
            raise TypeError(type(n).__name__)
    return "".join(out)


def _dump_blocks(blocks: tuple[Block, ...], indent: str, out: list[str]) -> None:
    """Blocks one to a line; a list's items under it, and a sub-list under its item, two spaces further in."""
    for b in blocks:
        if isinstance(b, Heading):
            out.append(f"{indent}heading {b.level}: {_inline(b.content)}")
        elif isinstance(b, Paragraph):
            out.append(f"{indent}paragraph: {_inline(b.content)}")
        elif isinstance(b, (OrderedList, BulletList)):
            out.append(f"{indent}ordered from {b.start} ({b.style}):" if isinstance(b, OrderedList) else f"{indent}bullets:")
            for item in b.items:
                out.append(f"{indent}  - {_inline(item.content)}")
                _dump_blocks(item.children, indent + "    ", out)
        elif isinstance(b, BlockQuote):
            out.append(f"{indent}quote:")
            out.extend(f"{indent}  > {_inline(p.content)}" for p in b.content)
            if b.attribution:
                out.append(f"{indent}  -- {_inline(b.attribution)}")
        elif isinstance(b, Table):
            out.append(f"{indent}table {b.id} ({b.columns} columns):")
            out.extend(f"{indent}  caption{' below' if c.below else ''} [{c.label}]: {_inline(c.content)}" for c in b.captions)
            for row in b.rows:
                out.append(f"{indent}  {'th' if row.header else 'td'} " + " | ".join(_inline(c.content) for c in row.cells))
        elif isinstance(b, Figure):
            out.append(f"{indent}figure {b.id}:")
            out.extend(f"{indent}  caption{' below' if c.below else ''} [{c.label}]: {_inline(c.content)}" for c in b.captions)
        else:  # pragma: no cover - the union is closed
            raise TypeError(type(b).__name__)


def dump(result: ParseResult) -> str:
    """The model as text: front matter, furniture, body blocks, notes, and each line's role and first rule."""
    doc = result.document
    m = doc.meta
    out = [f"title: {m.title}"]
    for key in ("kicker", "subtitle", "date", "date_iso", "image_caption"):
        value = getattr(m, key)
        if value:
            out.append(f"{key}: {value}")
    if m.authors:
        out.append("authors: " + "; ".join(a.name + (f" ({a.role})" if a.role else "") for a in m.authors))
    if m.credits:
        out.append("credits: " + "; ".join(m.credits))
    if m.fields:
        out.append("fields: " + "; ".join(f"{f.name}={f.value}" for f in m.fields))
    for link in m.links:
        out.append(f"link: {link.text} ({link.kind}, line {link.line})")
    out.append(f"lang: {m.lang}")
    for f in doc.furniture:
        out.append(f"furniture {f.where} {f.line}: {f.text}")
    out.append("body:")
    _dump_blocks(doc.body, "  ", out)
    if doc.notes:
        out.append(f"notes ({doc.notes_title or 'no heading'}):")
        for n in doc.notes:
            cited = f" (cited {len(n.ref_ids)}×)" if n.ref_ids else " (never cited)"
            out.append(f"  [{n.label}] {_inline(n.content)}{cited}")
    out.append("lines:")
    for lr in result.explain:
        out.append(f"  {lr.line} {lr.role}: {lr.rules[0] if lr.rules else ''}")
    return "\n".join(out) + "\n"


def fired(result: ParseResult, rule: str) -> bool:
    """Did the named rule decide (or weigh in on) some line?"""
    weighed = re.compile(rf"^{re.escape(rule)}[+-]\d+$")
    for lr in result.explain:
        for reason in lr.rules:
            for word in reason.replace(":", " ").replace("(", " ").replace(")", " ").split():
                if word == rule or weighed.match(word):
                    return True
    return False
