"""Score the negotiation tracker's positions against the held-out gold of bench/data/position_audit.jsonl.

    .venv/bin/python bench/position_audit.py [--work /tmp/pos22score] [--reuse]
    .venv/bin/python bench/position_audit.py --gold bench/data/position_audit2.jsonl \
        --draw bench/position_draw2.py --work /tmp/pos22b2   # the second, fresh sample

Builds the 36 drawn AllSides articles with the current code (`bench/position_draw.py --work WORK`; `--reuse`
scores WORK/sample.db as it is), checks that each article's clean text is the one annotated (SHA-1), and
matches the store's positions to the gold, one to one, greedily in document order:

- a system position and a gold one *overlap* when their sentences share characters (gold spans are the
  annotator's sentence cuts, the system's are the parser's);
- the *holder* matches when a word of three letters or more of the gold holder or side (case folded, a final
  "s" dropped: "Republicans" / "Republican") is a word of the system's holder entity, the holder as the
  article names it, or its side;
- **strict**: overlap, holder, kind and issue all agree — the issue's measure; **lenient**: the issue may
  differ. Issue accuracy is the share of lenient matches whose issue agrees.

Prints system and gold counts, precision/recall/F1 (strict and lenient), issue accuracy, per-kind figures and
the most frequent confusions (kinds only; no article text is printed).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "bench" / "data" / "position_audit.jsonl"
_WORD = re.compile(r"\w{3,}")


def words(*names: str | None) -> set[str]:
    return {w.lower().removesuffix("s") for n in names if n for w in _WORD.findall(n)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/pos22score"))
    ap.add_argument("--reuse", action="store_true", help="score WORK/sample.db as it is")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--draw", type=Path, default=REPO / "bench" / "position_draw.py", help="the sample's draw script")
    args = ap.parse_args(argv)
    if not args.reuse:
        draw = [sys.executable, str(args.draw), "--work", str(args.work)]
        subprocess.run(draw, cwd=REPO, check=True)
    listing = {d["allsides_id"]: d for d in json.loads((args.work / "draw.json").read_text(encoding="utf-8"))}
    records = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    articles = [r for r in records if r["record"] == "article" and r.get("annotated")]
    gold = [r for r in records if r["record"] == "position"]
    conn = sqlite3.connect(args.work / "sample.db")
    conn.row_factory = sqlite3.Row
    from storyline.store import views

    texts = {r["id"]: r["text"] for r in conn.execute("SELECT id, text FROM documents")}
    doc_of = {}
    for a in articles:
        doc = listing[a["allsides_id"]]["doc_id"]
        if doc is None or hashlib.sha1(texts[doc].encode()).hexdigest() != a["doc_sha1"]:
            print(f"article {a['allsides_id']}: its clean text changed since annotation; left out")
            continue
        doc_of[a["allsides_id"]] = doc
    gold = [g | {"doc": doc_of[g["allsides_id"]]} for g in gold if g["allsides_id"] in doc_of]
    system = [p for p in views.positions(conn) if p.doc in set(doc_of.values())]
    print(f"{len(doc_of)} articles; gold positions {len(gold)}; system positions {len(system)}")

    def overlap(p: views.Position, g: dict) -> bool:
        return p.doc == g["doc"] and p.sentence.start < g["end"] and g["start"] < p.sentence.end

    def holder(p: views.Position, g: dict) -> bool:
        return bool(words(g["holder"], g["side"]) & words(p.holder_name, p.holder_text, p.side_name))

    figures = {}
    for name, same_issue in (("strict", True), ("lenient", False)):
        free = list(gold)
        matched: list[tuple[views.Position, dict]] = []
        for p in system:
            hit = next(
                (g for g in free if overlap(p, g) and holder(p, g) and p.kind == g["kind"]
                 and (not same_issue or p.issue == g["issue"])),
                None,
            )  # fmt: skip
            if hit is not None:
                free.remove(hit)
                matched.append((p, hit))
        tp = len(matched)
        precision, recall = tp / max(1, len(system)), tp / max(1, len(gold))
        f1 = 2 * precision * recall / max(1e-9, precision + recall)
        figures[name] = matched
        print(f"{name}: matched {tp}; precision {precision:.3f} recall {recall:.3f} F1 {f1:.3f}")
    lenient = figures["lenient"]
    if lenient:
        agree = sum(p.issue == g["issue"] for p, g in lenient)
        print(f"issue accuracy on lenient matches: {agree}/{len(lenient)} = {agree / len(lenient):.3f}")
    located = sum(any(overlap(p, g) for p in system) for g in gold)
    print(f"gold positions whose sentence holds any system position: {located}/{len(gold)}")
    print("per kind (gold, system, strict matches):")
    strict_kinds = Counter(g["kind"] for _p, g in figures["strict"])
    gold_kinds, system_kinds = Counter(g["kind"] for g in gold), Counter(p.kind for p in system)
    for kind in sorted(set(gold_kinds) | set(system_kinds)):
        print(f"  {kind:11} {gold_kinds[kind]:4} {system_kinds[kind]:4} {strict_kinds[kind]:4}")
    confusions = Counter(
        (g["kind"], p.kind) for p in system for g in gold if overlap(p, g) and holder(p, g) and p.kind != g["kind"]
    )
    print("kind confusions (gold -> system) with overlap and holder:", dict(confusions.most_common(8)))


if __name__ == "__main__":
    main()
