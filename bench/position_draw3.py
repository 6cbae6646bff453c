"""Draw the third held-out position sample of issue 22 (Middle East truces, Iran after 2018) and build it into a store.

    .venv/bin/python bench/position_draw3.py --work /tmp/pos22c

Why: a third, fresh gold sample on negotiations the first two samples (bench/position_draw.py: Iran nuclear talks
2014-15 and US-China trade talks; bench/position_draw2.py: Korea summits and NAFTA) did not cover, so the tracker's
figures are checked on talks nobody looked at while writing rules. The offsets of bench/data/position_audit3.jsonl
refer to Storyline's own clean text (`documents.text`). This script only draws and builds; it never scores and never
reads any table but `documents`.

The draw (seed 4343): AllSides rows from row 10,000 on with non-empty `content_original`, excluding every
`allsides_id` of bench/data/position_audit.jsonl, position_audit2.jsonl and position_dev.jsonl (those that exist), in
two groups (case-insensitive title substrings) —
"mideast": any date, title containing one of israel/hamas/gaza/palestin and one of
ceasefire/cease-fire/truce/talks/deal/peace;
"iran2": dated 2018-01-01 or later, title containing "iran" and one of deal/talks/sanction/nuclear/negotiat.
Each group is sorted by ID, shuffled with `random.Random(4343)` (one generator per group) and cut to its first 14.
The draw loop, the build, the WORK/rows.jsonl and WORK/sample.db files and the WORK/draw.json listing are
position_draw.py's own (`draw_sample`, `excluded`, `run`, given this sample's groups), so
`bench/position_audit.py --work WORK --reuse` reads the result.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import position_draw  # bench is not a package: its folder is put on sys.path above

EXCLUDE = ("position_audit.jsonl", "position_audit2.jsonl", "position_dev.jsonl")
SEED = 4343
PER_GROUP = 14
MIDEAST_SUBJECT = ("israel", "hamas", "gaza", "palestin")
MIDEAST_TALKS = ("ceasefire", "cease-fire", "truce", "talks", "deal", "peace")
IRAN_TALKS = ("deal", "talks", "sanction", "nuclear", "negotiat")
IRAN_FROM = "2018-01-01"
GROUPS = ("mideast", "iran2")


def group_of(row: dict) -> str | None:
    """The group a row belongs to, or None."""
    title = (row.get("title") or "").lower()
    if any(w in title for w in MIDEAST_SUBJECT) and any(w in title for w in MIDEAST_TALKS):
        return "mideast"
    if (row.get("date") or "") >= IRAN_FROM and "iran" in title and any(w in title for w in IRAN_TALKS):
        return "iran2"
    return None


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (mideast first, then iran2)."""
    return position_draw.draw_sample(GROUPS, group_of, SEED, PER_GROUP, position_draw.excluded(EXCLUDE))


def main(argv: list[str] | None = None) -> None:
    position_draw.run(__doc__.splitlines()[0], draw, Path("/tmp/pos22c"), argv)


if __name__ == "__main__":
    main()
