"""Draw the fourth held-out position sample of issue 22 (Taliban/Afghanistan talks, climate deals) and build it.

    .venv/bin/python bench/position_draw4.py --work /tmp/pos22d

Why: a fourth, fresh gold sample on negotiations none of the earlier samples covered (Iran nuclear talks, US-China
trade, Korea summits, NAFTA, Middle East truces, Iran after 2018), so the tracker's figures are checked on talks
nobody looked at while writing rules. The offsets of bench/data/position_audit4.jsonl refer to Storyline's own clean
text (`documents.text`). This script only draws and builds; it never scores and never reads any table but
`documents`.

The draw (seed 5454): AllSides rows from row 10,000 on with non-empty `content_original`, excluding every
`allsides_id` of bench/data/position_audit.jsonl, position_audit2.jsonl, position_audit3.jsonl and position_dev.jsonl
(those that exist), in two groups (case-insensitive title substrings, any date) —
"taliban": title containing "taliban" or "afghanistan" and one of talks/deal/peace/agreement/negotiat;
"climate": title containing "climate", "paris agreement" or "paris accord" and one of
deal/talks/agreement/accord/summit/pledge.
A title matching both goes to "taliban" (checked first). Each group is sorted by ID, shuffled with
`random.Random(5454)` (one generator per group) and cut to its first 12. The draw loop, the build, WORK/rows.jsonl,
WORK/sample.db and the WORK/draw.json listing are position_draw.py's (`draw_sample`, `excluded`, `run`, given this
sample's groups), so `bench/position_audit.py --work WORK --reuse` reads the result.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import position_draw  # bench is not a package: its folder is put on sys.path above

EXCLUDE = ("position_audit.jsonl", "position_audit2.jsonl", "position_audit3.jsonl", "position_dev.jsonl")
SEED = 5454
PER_GROUP = 12
TALIBAN_SUBJECT = ("taliban", "afghanistan")
TALIBAN_TALKS = ("talks", "deal", "peace", "agreement", "negotiat")
CLIMATE_SUBJECT = ("climate", "paris agreement", "paris accord")
CLIMATE_TALKS = ("deal", "talks", "agreement", "accord", "summit", "pledge")
GROUPS = ("taliban", "climate")


def group_of(row: dict) -> str | None:
    """The group a row belongs to, or None."""
    title = (row.get("title") or "").lower()
    for name, subject, talks in (
        ("taliban", TALIBAN_SUBJECT, TALIBAN_TALKS),
        ("climate", CLIMATE_SUBJECT, CLIMATE_TALKS),
    ):
        if any(w in title for w in subject) and any(w in title for w in talks):
            return name
    return None


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (taliban first, then climate)."""
    return position_draw.draw_sample(GROUPS, group_of, SEED, PER_GROUP, position_draw.excluded(EXCLUDE))


def main(argv: list[str] | None = None) -> None:
    position_draw.run(__doc__.splitlines()[0], draw, Path("/tmp/pos22d"), argv)


if __name__ == "__main__":
    main()
