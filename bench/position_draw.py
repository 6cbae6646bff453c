"""Draw the held-out position sample of issue 22 and build it into a store for annotation.

    .venv/bin/python bench/position_draw.py --work /tmp/pos22

Why: the negotiation tracker's gold must be written on articles nobody tuned rules on, in Storyline's own clean
text (the offsets of bench/data/position_audit.jsonl refer to `documents.text`). This script only draws and builds;
it never scores and never reads any table but `documents`.

The draw (seed 22): AllSides rows from row 10,000 on with non-empty `content_original`, in two groups —
"iran": dated 2014-01-01..2015-12-31, title containing "iran" and one of nuclear/deal/talks/agreement/sanction;
"china": dated 2018-01-01..2019-12-31, title containing china/chinese and one of trade/tariff/talks/deal
(case-insensitive substrings). Each group is sorted by ID, shuffled with `random.Random(22)` (one generator per
group) and cut to its first 18. The 36 rows are written to WORK/rows.jsonl (text/title/source/date/url) and built
with `storyline build` into WORK/sample.db; WORK/draw.json lists the draw in order with each row's document.

The other samples (position_draw2.py, 3, 4, _dev) call `draw_sample`, `excluded` and `run` with their own groups,
seed, size and exclusions, so every sample is drawn, built and listed by the same code.
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
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ALLSIDES = REPO.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
SEED = 22
SKIP_ROWS = 10_000
PER_GROUP = 18
GROUPS: dict[str, tuple[str, str, tuple[str, ...], tuple[str, ...]]] = {
    "iran": ("2014-01-01", "2015-12-31", ("iran",), ("nuclear", "deal", "talks", "agreement", "sanction")),
    "china": ("2018-01-01", "2019-12-31", ("china", "chinese"), ("trade", "tariff", "talks", "deal")),
}


def group_of(row: dict) -> str | None:
    """The group a row belongs to, or None."""
    title = (row.get("title") or "").lower()
    date = row.get("date") or ""
    for name, (lo, hi, must, any_of) in GROUPS.items():
        if lo <= date <= hi and any(w in title for w in must) and any(w in title for w in any_of):
            return name
    return None


def draw_sample(
    groups: Sequence[str],
    group_of: Callable[[dict], str | None],
    seed: int,
    per_group: int,
    skip: Collection[str] = frozenset(),
) -> list[tuple[str, dict]]:
    """(group, row) of a sample, in draw order (group by group, in `groups` order): the rows from row SKIP_ROWS on
    with text and an ID not in `skip`, each group sorted by ID, shuffled with its own `random.Random(seed)` and cut
    to its first `per_group`."""
    pools: dict[str, list[dict]] = {name: [] for name in groups}
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
        random.Random(seed).shuffle(pool)
        print(f"{name}: {len(pool)} candidates", file=sys.stderr)
        out += [(name, r) for r in pool[:per_group]]
    return out


def excluded(names: Iterable[str]) -> set[str]:
    """AllSides IDs of the earlier position samples named (files of bench/data; those that do not exist yet are
    skipped)."""
    ids: set[str] = set()
    for name in names:
        path = REPO / "bench" / "data" / name
        if path.exists():
            with path.open(encoding="utf-8") as f:
                ids |= {json.loads(line)["allsides_id"] for line in f if line.strip()}
    return ids


def draw() -> list[tuple[str, dict]]:
    """(group, row) of the sample, in draw order (iran first, then china)."""
    return draw_sample(list(GROUPS), group_of, SEED, PER_GROUP)


def build_sample(sample: list[tuple[str, dict]], work: Path) -> None:
    """WORK/rows.jsonl, WORK/sample.db built by `storyline build`, and WORK/draw.json listing each row's document."""
    work.mkdir(parents=True, exist_ok=True)
    src = work / "rows.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for _, r in sample:
            rec = {"text": r["content_original"], "title": r["title"], "source": r["source"], "date": r["date"]}
            rec["url"] = r.get("url") or ""
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    db = work / "sample.db"
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
    (work / "draw.json").write_text(json.dumps(listing, indent=1), encoding="utf-8")
    print(f"{len(docs)} documents for {len(sample)} rows; unmatched {sum(x['n_docs'] != 1 for x in listing)}")


def run(description: str, draw_fn: Callable[[], list[tuple[str, dict]]], work: Path, argv: list[str] | None) -> None:
    """A draw script's command line: --work DIR (default `work`), then draw and build."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--work", type=Path, default=work)
    args = ap.parse_args(argv)
    build_sample(draw_fn(), args.work)


def main(argv: list[str] | None = None) -> None:
    run(__doc__.splitlines()[0], draw, Path("/tmp/pos22"), argv)


if __name__ == "__main__":
    main()
