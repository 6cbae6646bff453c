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

import argparse
import gzip
import hashlib
import json
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ALLSIDES = REPO.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
FIRST_GOLD = REPO / "bench" / "data" / "position_audit.jsonl"
SEED = 2222
SKIP_ROWS = 10_000
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


def excluded() -> set[str]:
    """AllSides IDs already in the first position sample."""
    with FIRST_GOLD.open(encoding="utf-8") as f:
        return {json.loads(line)["allsides_id"] for line in f if line.strip()}


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (korea first, then nafta)."""
    pools: dict[str, list[dict]] = {name: [] for name in GROUPS}
    skip = excluded()
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            if i < SKIP_ROWS or row.get("ID") in skip or not (row.get("content_original") or "").strip():
                continue
            name = group_of(row)
            if name:
                pools[name].append(row)
    out = []
    for name, pool in pools.items():
        pool.sort(key=lambda r: r["ID"])
        random.Random(SEED).shuffle(pool)
        print(f"{name}: {len(pool)} candidates", file=sys.stderr)
        out += [(name, r) for r in pool[:PER_GROUP]]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/pos22b"))
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    sample = draw()
    src = args.work / "rows.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for _, r in sample:
            rec = {"text": r["content_original"], "title": r["title"], "source": r["source"], "date": r["date"]}
            rec["url"] = r.get("url") or ""
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    db = args.work / "sample.db"
    db.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "storyline", "build", str(src), "--db", str(db), "--quiet"]
    subprocess.run(cmd, cwd=REPO, check=True)
    conn = sqlite3.connect(db)
    docs = conn.execute("SELECT id, title, text FROM documents").fetchall()
    listing = []
    for group, r in sample:
        hits = [d for d in docs if d[1].strip() == r["title"].strip()]
        doc_id, text = (hits[0][0], hits[0][2]) if len(hits) == 1 else (None, None)
        listing.append(
            {
                "allsides_id": r["ID"],
                "topic": r["topic"],
                "outlet": r["source"],
                "date": r["date"],
                "group": group,
                "doc_id": doc_id,
                "n_docs": len(hits),
                "doc_sha1": hashlib.sha1(text.encode("utf-8")).hexdigest() if text is not None else None,
            }
        )
    (args.work / "draw.json").write_text(json.dumps(listing, indent=1), encoding="utf-8")
    print(f"{len(docs)} documents for {len(sample)} rows; unmatched {sum(x['n_docs'] != 1 for x in listing)}")


if __name__ == "__main__":
    main()
