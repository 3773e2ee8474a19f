"""Print the parser's rules as a Markdown table (stage, rule, what it decides), from the rulebook.

    python tools/rules_table.py            # print it
    python tools/rules_table.py --write    # rewrite the README's table

The README's rules table is this script's output.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convert.parse.rulebook import entries  # noqa: E402


def table() -> str:
    """The rules table, one row per rule or decision of the rulebook."""
    rows = ["| stage | rule | decides |", "|---|---|---|"]
    rows += [f"| {e.stage} | `{e.name}` | {e.description.replace('|', '/')} |" for e in entries()]
    return "\n".join(rows)


def readme_table(readme: str) -> str:
    """The rules table as the README prints it (from its header row to the first line that is not a row)."""
    lines = readme.split("\n")
    start = lines.index("| stage | rule | decides |")
    end = next((k for k in range(start, len(lines)) if not lines[k].startswith("|")), len(lines))
    return "\n".join(lines[start:end])


def main() -> None:
    if sys.argv[1:] == ["--write"]:
        path = Path(__file__).resolve().parent.parent / "README.md"
        readme = path.read_text(encoding="utf-8")
        path.write_text(readme.replace(readme_table(readme), table()), encoding="utf-8")
        return
    print(table())


if __name__ == "__main__":
    main()
