"""Print the parser's rules as a Markdown table (stage, rule, what it decides), from the rulebook.

    python tools/rules_table.py

The README's rules table is this script's output.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from convert.parse.rulebook import entries  # noqa: E402


def main() -> None:
    print("| stage | rule | decides |")
    print("|---|---|---|")
    for e in entries():
        print(f"| {e.stage} | `{e.name}` | {e.description.replace('|', '/')} |")


if __name__ == "__main__":
    main()
