"""The README a newcomer follows: its settings table is one table, every row inside it."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
HEADER = "| Variable | Default | Meaning |"


def section(title: str) -> list[str]:
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return lines[start:end]


def test_settings_table_has_no_blank_line_inside():
    lines = section("## Settings (environment)")
    start = lines.index(HEADER)
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)

    rows = [line for line in lines if line.startswith("| `")]
    assert [row for row in rows if row not in table] == []
    assert any(row.startswith("| `TERTIB_BEHIND_PROXY` |") for row in table)
    assert [row for row in table if len(re.findall(r"(?<!\\)\|", row)) != 4] == []  # 3 cells


def test_readme_says_how_to_reset_the_demo():
    text = README.read_text(encoding="utf-8")

    assert "make clean  # resets the demo" in text
    assert "| `make clean` | resets the demo" in text
