"""Figures and conflicts judged by hand on a large store (issue 20).

    .venv/bin/python bench/cross_source_audit.py --db STORE --draw DIR   # what a judge reads (DIR/*.txt)
    .venv/bin/python bench/cross_source_audit.py --db STORE --score DIR  # the shares, from the judge's DIR/*.jsonl

The store is any built store (the issue asks for 5,000 AllSides articles: the first 5,000 rows with
text, `storyline build rows.jsonl --db STORE`). `--draw` samples, with a fixed seed, 50 figures out of
all stored claims and 30 conflicts out of all listed ones (all of them when fewer), and writes for each
what a reader of the dossier sees: the figure as written, its value, unit, measure, subject, holders,
date and the sentence; a conflict's note (which says why its figures were judged one quantity) and
each item's sentence, outlet and date. The judge answers, one JSON object per line:

- DIR/figures.jsonl: {"n": 1, "value_right": true|false, "measure_recognisable": true|false, "note": "..."}
  — the value (and unit) is what the sentence states for it; the measure (and subject) names the thing
  counted or valued in words a reader recognises ("tariff on dairy product", not "response").
- DIR/conflicts.jsonl: {"n": 1, "real": true|false, "note": "..."} — a real disagreement: two independent
  sources give incompatible values (or dates) for the same measure of the same subject as of the same
  date.

`--score` prints the share of figures right on both counts (goal >= 85 %) and of real conflicts (goal
>= 80 %), with the judge's notes on the failures grouped for the error classes.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
from pathlib import Path

SEED, N_FIGURES, N_CONFLICTS = 20, 50, 30


def fail(msg: str) -> None:
    print(f"cross_source_audit: {msg}", file=sys.stderr)
    raise SystemExit(2)


def _claim(conn: sqlite3.Connection, claim_id: str) -> dict | None:
    doc, _, idx = claim_id.removeprefix("c-").rpartition("-")
    row = conn.execute(
        "SELECT c.*, substr(d.text, c.start + 1, c.end - c.start) AS sentence,"
        " substr(d.text, c.number_start + 1, c.number_end - c.number_start) AS figure, d.outlet, d.source,"
        " d.published FROM claims c JOIN documents d ON d.id = c.doc_id WHERE c.doc_id = ? AND c.idx = ?",
        (doc, int(idx) if idx.isdigit() else -1),
    ).fetchone()
    return dict(row) if row else None


def _figure_text(n: int, c: dict) -> str:
    value = ("?" if c["value"] is None else f"{c['value']:g}") + (
        f" to {c['value_max']:g}" if c["value_max"] is not None else ""
    )  # "several" has no value
    return (
        f"#{n} figure {c['figure']!r} -> value {value} {c['unit'] or ''} | measure: {c['measure']} | subject: "
        f"{c['subject']} | holders: {', '.join(json.loads(c['holders'])) or '-'} | as of {c['as_of']} | "
        f"{c['outlet'] or c['source']} {c['published'] or ''} (doc {c['doc_id']})\n"
        f"    sentence: {' '.join(c['sentence'].split())}\n"
    )


def draw(conn: sqlite3.Connection, out: Path) -> None:
    rng = random.Random(SEED)
    ids = [f"c-{d}-{i}" for d, i in conn.execute("SELECT doc_id, idx FROM claims ORDER BY doc_id, idx")]
    figures = rng.sample(ids, min(N_FIGURES, len(ids)))
    conflicts = [dict(r) for r in conn.execute("SELECT id, kind, items, note FROM conflicts ORDER BY id")]
    picked = conflicts if len(conflicts) <= N_CONFLICTS else rng.sample(conflicts, N_CONFLICTS)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "figures.txt").open("w", encoding="utf-8") as f:
        for n, cid in enumerate(figures, 1):
            c = _claim(conn, cid)
            if c is not None:
                f.write(_figure_text(n, c))
    with (out / "conflicts.txt").open("w", encoding="utf-8") as f:
        for n, c in enumerate(picked, 1):
            f.write(f"#{n} [{c['kind']}] {c['note']}\n")
            for item in json.loads(c["items"]):
                if c["kind"] == "value" and (x := _claim(conn, item)) is not None:
                    f.write(f"    - {x['figure']!r} in {x['outlet'] or x['source']} {x['published'] or ''} (doc "
                            f"{x['doc_id']}): {' '.join(x['sentence'].split())}\n")  # fmt: skip
                elif c["kind"] == "date":
                    for r in conn.execute(
                        "SELECT em.date, substr(d.text, em.start + 1, em.end - em.start), d.outlet, d.source,"
                        " d.published, d.id FROM event_mentions em JOIN documents d ON d.id = em.doc_id"
                        " WHERE em.event_id = ? LIMIT 4",
                        (item,),
                    ):
                        f.write(f"    - event {item} dated {r[0]} in {r[2] or r[3]} {r[4] or ''} (doc {r[5]}): "
                                f"{' '.join(r[1].split())}\n")  # fmt: skip
                else:
                    f.write(f"    - {item}\n")
    print(f"{len(figures)} of {len(ids)} figures, {len(picked)} of {len(conflicts)} conflicts -> {out}")


def score(out: Path) -> None:
    def judged(name: str) -> list[dict]:
        path = out / name
        if not path.is_file():
            print(f"({path} is missing: {name.replace('.jsonl', '.txt')} not judged)")
            return []
        return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]

    figures = judged("figures.jsonl")
    good = [f for f in figures if f["value_right"] and f["measure_recognisable"]]
    print(f"figures: {len(good)} of {len(figures)} right on value and measure ({len(good) / max(len(figures), 1):.0%});"
          f" value right {sum(f['value_right'] for f in figures)}, measure recognisable "
          f"{sum(f['measure_recognisable'] for f in figures)}")  # fmt: skip
    for f in figures:
        if f not in good:
            print(f"  #{f['n']}: value {'ok' if f['value_right'] else 'WRONG'}, measure "
                  f"{'ok' if f['measure_recognisable'] else 'UNCLEAR'} — {f.get('note', '')}")  # fmt: skip
    conflicts = judged("conflicts.jsonl")
    real = sum(c["real"] for c in conflicts)
    print(f"conflicts: {real} of {len(conflicts)} real disagreements ({real / max(len(conflicts), 1):.0%})")
    for c in conflicts:
        if not c["real"]:
            print(f"  #{c['n']}: {c.get('note', '')}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--draw", type=Path)
    ap.add_argument("--score", type=Path)
    args = ap.parse_args()
    if not args.db.is_file():
        fail(f"{args.db}: no such store")
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    if args.draw:
        draw(conn, args.draw)
    if args.score:
        score(args.score)
    if not (args.draw or args.score):
        fail("say --draw DIR or --score DIR")


if __name__ == "__main__":
    main()
