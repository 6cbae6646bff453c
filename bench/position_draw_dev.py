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
Drawing, building and listing are position_draw2.py's own (which builds and lists like position_draw.py): its module
settings are pointed at this sample's seed, size, groups and exclusions and its `main` is run, so WORK/rows.jsonl,
WORK/sample.db and WORK/draw.json have exactly the format of the other draws and no draw code is repeated.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import position_draw2 as base
from position_draw import REPO

HELD_OUT = (REPO / "bench" / "data" / "position_audit.jsonl", REPO / "bench" / "data" / "position_audit2.jsonl")
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


def excluded() -> set[str]:
    """AllSides IDs already in a held-out position sample."""
    lines = [line for path in HELD_OUT for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {json.loads(line)["allsides_id"] for line in lines}


def configure() -> None:
    """Point position_draw2's draw at this sample (its `draw` reads these module globals)."""
    base.SEED, base.PER_GROUP, base.GROUPS = SEED, PER_GROUP, GROUPS
    base.group_of, base.excluded = group_of, excluded


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (brexit first, then syria)."""
    configure()
    return base.draw()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/pos22dev"))
    args = ap.parse_args(argv)
    configure()
    base.main(["--work", str(args.work)])


if __name__ == "__main__":
    main()
