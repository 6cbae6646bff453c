"""Story audit: do Storyline's stories follow the happenings of real coverage?

    .venv/bin/python bench/story_audit.py                 # build the sample with this checkout, print the figures
    .venv/bin/python bench/story_audit.py --list          # ... and every story with its articles' happenings
    .venv/bin/python bench/story_audit.py --keep DIR      # keep the sample rows and the store in DIR (reused if there)
    .venv/bin/python bench/story_audit.py --db STORE      # score an already built store of the sample
    .venv/bin/python bench/story_audit.py --context       # annotator view: each article's row and raw text, no output
    .venv/bin/python bench/story_audit.py --draw OUT      # redo the seeded draw (see "Sampling") into OUT

What it measures. bench/data/story_audit.jsonl gives each article of a random sample of two busy months
of AllSides coverage the happening it reports (guidelines: bench/data/story_audit.md), written by hand
before the story rules of issue 20 were changed. The script rebuilds those articles from the user's own
copy of the corpus (`../shared/data/allsides/articles.jsonl.gz`; no article text is in the repository)
with this checkout, `python -m storyline build`, and compares the stored stories (documents.story) with
the happenings:

- B-cubed precision, recall and F1 over the articles (each article: the share of its story that reports
  its happening, and the share of its happening that is in its story; averaged over articles);
- mixing: of the pairs of articles that report *different happenings of the same kind* (gold `kind`),
  the share put in one story (the issue's "two fires at stores of one chain");
- scattering: for the happenings with two or more articles, the mean number of stories their articles
  are spread over (goal: at most 2), and the worst;
- the same figures for the articles whose date was withheld at build time (see "Sampling"), which test
  how undated documents are placed;
- the labels of the stories of two or more articles, for a reader to judge.

Sampling (`--draw`, seed 24). Candidates are the AllSides rows whose `date` is in April or May 2013 (the
months were picked for having many articles on many topics, not by reading them) with non-empty
`content_original`; shuffled with random.Random(24); the first 220 are the sample, in that order. One
in five, chosen by the same generator, is built with its `date` field emptied ("withheld"), so the
pipeline must place it by what the text says — a pile of scraped pages often has no dates.

A development sample (`bench/data/story_dev.jsonl`, seed 25, October-November 2019, 150 articles,
same guidelines) is for developing the rules: `--data bench/data/story_dev.jsonl --list` may be read
freely; the held-out sample is scored without `--list`.

Exits 2 with a message when the corpus or the data file is missing.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from speaker_audit import ALLSIDES, REPO, build, documents_by_row, read_corpus, sha1

DATA = REPO / "bench/data/story_audit.jsonl"
SEED, N, MONTHS, WITHHELD_ONE_IN = 24, 220, ("2013-04", "2013-05"), 5
LEAD = 3000  # characters of each article the annotator reads: enough to tell what it reports


def fail(msg: str) -> None:
    print(f"story_audit: {msg}", file=sys.stderr)
    raise SystemExit(2)


# --- the draw ---------------------------------------------------------------------------------------
def draw(out: Path, seed: int = SEED, months: tuple[str, ...] = MONTHS, n: int = N) -> None:
    rng = random.Random(seed)
    cands = [(i, r) for i, r in read_corpus(ALLSIDES)
             if (r.get("date") or "")[:7] in months and (r.get("content_original") or "").strip()]  # fmt: skip
    rng.shuffle(cands)
    with out.open("w", encoding="utf-8") as f:
        for i, r in cands[:n]:
            rec = {"record": "article", "allsides_id": r["ID"], "row": i, "topic": r.get("topic") or "",
                   "outlet": r.get("source") or "", "date": r.get("date") or "",
                   "withheld": rng.randrange(WITHHELD_ONE_IN) == 0}  # fmt: skip
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"{min(n, len(cands))} of {len(cands)} candidates -> {out}", file=sys.stderr)


def load(path: Path) -> tuple[list[dict], dict[str, dict]]:
    """(article records, happening id -> happening record) of a gold file."""
    if not path.is_file():
        fail(f"{path} is missing")
    recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in recs if r["record"] == "article"], {r["id"]: r for r in recs if r["record"] == "happening"}


def rows_of(arts: list[dict]) -> list[dict]:
    """The corpus rows of the sample, in its order, with the withheld dates emptied (and no URL, which
    often carries the date: a withheld article must be placed by its text)."""
    found = {r["ID"]: r for _i, r in read_corpus(ALLSIDES, {a["allsides_id"] for a in arts})}
    missing = [a["allsides_id"] for a in arts if a["allsides_id"] not in found]
    if missing:
        fail(f"{len(missing)} article(s) not in {ALLSIDES}: {', '.join(missing[:5])}")
    rows = []
    for a in arts:
        row = dict(found[a["allsides_id"]])
        if a.get("withheld"):
            row["date"], row["url"] = "", ""
        rows.append(row)
    return rows


def context(arts: list[dict]) -> None:
    """The annotator's view: the row's metadata and raw text; never a store or any system output."""
    found = {r["ID"]: r for _i, r in read_corpus(ALLSIDES, {a["allsides_id"] for a in arts})}
    for n, a in enumerate(arts, 1):
        r = found[a["allsides_id"]]
        print(f"\n=== #{n} {a['allsides_id']} | {a['topic']} | {a['outlet']} | row date {a['date']!r} | "
              f"title: {r.get('title')}")  # fmt: skip
        text = " ".join((r.get("content_original") or "").split())
        print(text[:LEAD] + (f" [... {len(text) - LEAD} more characters]" if len(text) > LEAD else ""))


# --- scoring ----------------------------------------------------------------------------------------
def bcubed(gold: dict[str, str], system: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall, F1 over the items of `gold` (item -> gold class; item -> system cluster)."""
    by_gold, by_sys = defaultdict(set), defaultdict(set)
    for item, g in gold.items():
        by_gold[g].add(item)
        by_sys[system[item]].add(item)
    p = sum(len(by_gold[gold[i]] & by_sys[system[i]]) / len(by_sys[system[i]]) for i in gold) / len(gold)
    r = sum(len(by_gold[gold[i]] & by_sys[system[i]]) / len(by_gold[gold[i]]) for i in gold) / len(gold)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def figures(arts: list[dict], happenings: dict[str, dict], story: dict[str, str], label: str) -> None:
    gold = {a["allsides_id"]: a["happening"] for a in arts}
    system = {a["allsides_id"]: story[a["allsides_id"]] for a in arts}
    p, r, f1 = bcubed(gold, system)
    print(f"\n{label} ({len(arts)} articles, {len(set(gold.values()))} happenings, "
          f"{len(set(system.values()))} stories)")  # fmt: skip
    print(f"  B-cubed precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}")
    kind = {a["allsides_id"]: happenings[a["happening"]].get("kind", "") for a in arts}
    same_kind = [(x, y) for x, y in combinations(gold, 2) if gold[x] != gold[y] and kind[x] and kind[x] == kind[y]]
    mixed = sum(1 for x, y in same_kind if system[x] == system[y])
    print(f"  pairs of different happenings of the same kind put in one story: {mixed} of {len(same_kind)}"
          f" ({mixed / max(len(same_kind), 1):.1%})")  # fmt: skip
    members: dict[str, set[str]] = defaultdict(set)
    for item, g in gold.items():
        members[g].add(system[item])
    multi = {g: len(s) for g, s in members.items() if sum(1 for x in gold.values() if x == g) >= 2}
    if multi:
        worst = max(multi, key=lambda g: multi[g])
        print(f"  scattering: happenings with >= 2 articles {len(multi)}, mean stories each "
              f"{sum(multi.values()) / len(multi):.2f}, worst {multi[worst]} ({worst}: "
              f"{happenings.get(worst, {}).get('description', '')[:60]})")  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--context", action="store_true")
    ap.add_argument("--draw", type=Path)
    ap.add_argument("--seed", type=int, default=SEED, help="with --draw (the held-out sample: 24)")
    ap.add_argument("--months", default=",".join(MONTHS), help="with --draw: YYYY-MM,YYYY-MM")
    ap.add_argument("--n", type=int, default=N, help="with --draw: articles drawn")
    args = ap.parse_args()
    if args.draw:
        return draw(args.draw, args.seed, tuple(args.months.split(",")), args.n)
    arts, happenings = load(args.data)
    if args.context:
        return context(arts)
    arts = [a for a in arts if a.get("happening")]
    if not arts:
        fail(f"{args.data} has no annotated article")
    rows = rows_of(arts)
    secs = 0.0
    with tempfile.TemporaryDirectory(prefix="story_audit_") as tmp:
        db = args.db
        if db is None:
            work = args.keep or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            if args.keep and (work / "audit.db").exists():
                db = work / "audit.db"
            else:
                db, secs = build(rows, work)
        conn = sqlite3.connect(db)
        docs = documents_by_row(conn, rows)
        story, titles, labels = {}, {}, {}
        for aid, found in docs.items():
            doc_id = found[0][0]  # a row is one article; a digest row would be split, its first part kept
            sid, title, published = conn.execute(
                "SELECT story, title, published FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
            story[aid] = sid or f"none:{doc_id}"
            titles[aid] = f"{published or '?':<10} {title or ''}"[:100]
        labels = dict(conn.execute("SELECT id, label FROM stories"))
        conn.close()
    arts = [a for a in arts if a["allsides_id"] in story]
    print(f"store: {db if args.db or args.keep else 'temporary'}; build {secs:.0f} s; data {args.data.name} "
          f"(SHA-1 {sha1(args.data.read_text(encoding='utf-8'))[:10]})")  # fmt: skip
    figures(arts, happenings, story, "all articles")
    withheld = [a for a in arts if a.get("withheld")]
    if withheld:
        in_story = Counter(story[a["allsides_id"]] for a in arts)
        alone = sum(1 for a in withheld if in_story[story[a["allsides_id"]]] == 1)
        gold_n = Counter(a["happening"] for a in arts)
        could = sum(1 for a in withheld if gold_n[a["happening"]] >= 2)
        print(f"\narticles built without their date: {len(withheld)}; left alone in a story {alone}; "
              f"whose happening has other articles {could}")  # fmt: skip
        gold = {a["allsides_id"]: a["happening"] for a in arts}
        companions = [(a, b) for a in withheld for b in arts
                      if b is not a and story[b["allsides_id"]] == story[a["allsides_id"]]]  # fmt: skip
        right = sum(1 for a, b in companions if gold[b["allsides_id"]] == a["happening"])
        wrong = len(companions) - right
        print(f"  their story companions: {right} of the same happening, {wrong} of another")
    by_story: dict[str, list[dict]] = defaultdict(list)
    for a in arts:
        by_story[story[a["allsides_id"]]].append(a)
    multi = sorted((s for s in by_story if len(by_story[s]) >= 2), key=lambda s: -len(by_story[s]))
    print(f"\nstories of >= 2 sample articles: {len(multi)}; their labels:")
    for s in multi:
        hs = Counter(a["happening"] for a in by_story[s])
        print(f"  [{len(by_story[s])}] {labels.get(s, s)!r}  happenings: {dict(hs.most_common(4))}")
        if args.list:
            for a in by_story[s]:
                print(f"      {a['happening']:<6} {titles[a['allsides_id']]}")


if __name__ == "__main__":
    main()
