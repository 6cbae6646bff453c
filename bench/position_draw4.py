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
WORK/sample.db and the WORK/draw.json listing are position_draw.py's, reached through position_draw3.py's exclusion
and patching helpers pointed at this sample's constants, so nothing is copied and
`bench/position_audit.py --work WORK --reuse` reads the result.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

import position_draw3  # bench is not a package: its folder is put on sys.path above

EXCLUDE = ("position_audit.jsonl", "position_audit2.jsonl", "position_audit3.jsonl", "position_dev.jsonl")
SEED = 5454
PER_GROUP = 12
TALIBAN_SUBJECT = ("taliban", "afghanistan")
TALIBAN_TALKS = ("talks", "deal", "peace", "agreement", "negotiat")
CLIMATE_SUBJECT = ("climate", "paris agreement", "paris accord")
CLIMATE_TALKS = ("deal", "talks", "agreement", "accord", "summit", "pledge")
GROUPS = ("taliban", "climate")
T = TypeVar("T")


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


#: the names position_draw3's helpers read from their module at call time, with this sample's values
PATCH = {"EXCLUDE": EXCLUDE, "SEED": SEED, "PER_GROUP": PER_GROUP, "GROUPS": GROUPS, "group_of": group_of}


def _as_this_sample(fn: Callable[..., T], *args: object) -> T:
    """Call one of position_draw3's functions with PATCH in place of its module constants, then restore them.

    position_draw3.excluded and its own patching of position_draw read these names at call time, so swapping them for
    the duration of the call reuses both layers (exclusions, draw loop, build, listing) instead of copying them.
    """
    saved = {name: getattr(position_draw3, name) for name in PATCH}
    vars(position_draw3).update(PATCH)
    try:
        return fn(*args)
    finally:
        vars(position_draw3).update(saved)


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (taliban first, then climate)."""
    return _as_this_sample(position_draw3.draw)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/pos22d"))
    args = ap.parse_args(argv)
    _as_this_sample(position_draw3.main, ["--work", str(args.work)])


if __name__ == "__main__":
    main()
