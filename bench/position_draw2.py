"""Draw the second held-out position sample of issue 22 (other negotiations) and build it into a store.

    .venv/bin/python bench/position_draw2.py --work /tmp/pos22b

Why: a second, fresh gold sample on negotiations the first sample (bench/position_draw.py: Iran nuclear talks,
US-China trade talks) did not cover, so the tracker's figures are checked on talks nobody looked at while writing
rules. The offsets of bench/data/position_audit2.jsonl refer to Storyline's own clean text (`documents.text`). This
script only draws and builds; it never scores and never reads any table but `documents`.

The draw (seed 2222): AllSides rows from row 10,000 on with non-empty `content_original`, excluding every
`allsides_id` of bench/data/position_audit.jsonl, in two groups (case-insensitive title substrings) —
"korea": dated 2018-01-01..2019-12-31, title containing "korea" or "kim jong" and one of
talks/summit/deal/denuclear/negotiat/sanction;
"nafta": dated 2017-01-01..2019-12-31, title containing "nafta" or "usmca", or "trade" with "mexico" or "canada",
and one of deal/talks/agreement/negotiat/tariff.
Each group is sorted by ID, shuffled with `random.Random(2222)` (one generator per group) and cut to its first 16.
The 32 rows are written to WORK/rows.jsonl (text/title/source/date/url) and built with `storyline build` into
WORK/sample.db; WORK/draw.json lists the draw in order with each row's document (same format as position_draw.py,
so `bench/position_audit.py --work WORK --reuse` reads it).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import position_draw  # bench is not a package: its folder is put on sys.path above

EXCLUDE = ("position_audit.jsonl",)
SEED = 2222
PER_GROUP = 16
# name -> (first date, last date, subject test on the lower-cased title, one-of words)
GROUPS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "korea": ("2018-01-01", "2019-12-31", ("talks", "summit", "deal", "denuclear", "negotiat", "sanction")),
    "nafta": ("2017-01-01", "2019-12-31", ("deal", "talks", "agreement", "negotiat", "tariff")),
}


def _subject(name: str, title: str) -> bool:
    """Whether a lower-cased title names the group's negotiation."""
    if name == "korea":
        return "korea" in title or "kim jong" in title
    trade_partner = "trade" in title and ("mexico" in title or "canada" in title)
    return "nafta" in title or "usmca" in title or trade_partner


def group_of(row: dict) -> str | None:
    """The group a row belongs to, or None."""
    title = (row.get("title") or "").lower()
    date = row.get("date") or ""
    for name, (lo, hi, any_of) in GROUPS.items():
        if lo <= date <= hi and _subject(name, title) and any(w in title for w in any_of):
            return name
    return None


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (korea first, then nafta)."""
    return position_draw.draw_sample(list(GROUPS), group_of, SEED, PER_GROUP, position_draw.excluded(EXCLUDE))


def main(argv: list[str] | None = None) -> None:
    position_draw.run(__doc__.splitlines()[0], draw, Path("/tmp/pos22b"), argv)


if __name__ == "__main__":
    main()
