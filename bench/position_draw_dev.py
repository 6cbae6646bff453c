"""Draw the DEVELOPMENT position sample of issue 22 (Brexit and Syria talks) and build it into a store.

    .venv/bin/python bench/position_draw_dev.py --work /tmp/pos22dev

Why: the lead tunes the negotiation tracker's rules on this sample, so it must share no article with the held-out
samples (bench/data/position_audit.jsonl and position_audit2.jsonl) and cover negotiations they do not. Its figures
are development figures. The offsets of bench/data/position_dev.jsonl refer to Storyline's own clean text
(`documents.text`). This script only draws and builds; it never scores and never reads any table but `documents`.

The draw (seed 3131): AllSides rows from row 10,000 on with non-empty `content_original`, excluding every
`allsides_id` of both held-out position samples, in two groups (case-insensitive title substrings, any date) —
"brexit": title containing "brexit" and one of deal/talks/negotiat/agreement/backstop;
"syria": title containing "syria" and one of talks/ceasefire/cease-fire/deal/agreement/peace.
Each group is sorted by ID, shuffled with `random.Random(3131)` (one generator per group) and cut to its first 12.
Drawing, building and listing are position_draw.py's own (`draw_sample`, `excluded`, `run`, given this sample's
groups), so WORK/rows.jsonl, WORK/sample.db and WORK/draw.json have exactly the format of the other draws.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import position_draw  # bench is not a package: its folder is put on sys.path above

HELD_OUT = ("position_audit.jsonl", "position_audit2.jsonl")
SEED = 3131
PER_GROUP = 12
# name -> (subject word, one-of words); any date
GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "brexit": ("brexit", ("deal", "talks", "negotiat", "agreement", "backstop")),
    "syria": ("syria", ("talks", "ceasefire", "cease-fire", "deal", "agreement", "peace")),
}


def group_of(row: dict) -> str | None:
    """The group a row belongs to, or None."""
    title = (row.get("title") or "").lower()
    for name, (subject, any_of) in GROUPS.items():
        if subject in title and any(w in title for w in any_of):
            return name
    return None


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (brexit first, then syria)."""
    return position_draw.draw_sample(list(GROUPS), group_of, SEED, PER_GROUP, position_draw.excluded(HELD_OUT))


def main(argv: list[str] | None = None) -> None:
    position_draw.run(__doc__.splitlines()[0], draw, Path("/tmp/pos22dev"), argv)


if __name__ == "__main__":
    main()
