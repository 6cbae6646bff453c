"""Per-stage figures of the extractors: mentions/s, times/s, events/s, and resolution time.

    .venv/bin/python bench/extraction.py [--n 300]

Runs in one process on the seeds and on the first N AllSides rows: reading (decode, clean,
metadata), parsing with spaCy, extracting entities, time expressions and events, then a full
build into a fresh store, and finally cross-document entity resolution and event merging alone.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from storyline.extract.events import extract_events  # noqa: E402
from storyline.extract.mentions import extract_entities  # noqa: E402
from storyline.ingest.files import expand_inputs, file_units  # noqa: E402
from storyline.model import Skip  # noqa: E402
from storyline.nlp import english, parse_many  # noqa: E402
from storyline.pipeline import build  # noqa: E402
from storyline.prepare import prepare  # noqa: E402
from storyline.resolve import entities as entity_stage  # noqa: E402
from storyline.resolve import events as event_stage  # noqa: E402
from storyline.resolve.stage import Changes  # noqa: E402
from storyline.store.db import Store  # noqa: E402
from storyline.text.timex import find_times  # noqa: E402

SHARED = REPO.parent / "shared"


def measure(label: str, inputs: list[Path]) -> None:
    t0 = time.perf_counter()
    articles = []
    for path in expand_inputs(inputs):
        if isinstance(path, Skip):
            continue
        for unit in file_units(path):
            if not isinstance(unit, Skip):
                articles += prepare(unit).articles
    articles = [a for a in articles if a.language == "en"]
    t1 = time.perf_counter()
    docs = list(parse_many(a.text for a in articles))
    t2 = time.perf_counter()
    extractions = [extract_entities(d) for d in docs]
    t3 = time.perf_counter()
    times = [find_times(a.text, a.published) for a in articles]
    t3b = time.perf_counter()
    events = [extract_events(d, x, tm) for d, x, tm in zip(docs, extractions, times, strict=True)]
    t3c = time.perf_counter()
    words = sum(len(a.text.split()) for a in articles)
    mentions = sum(len(x.mentions) for x in extractions)
    n_times = sum(len(x) for x in times)
    n_events = sum(len(x) for x in events)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t4 = time.perf_counter()
        build(inputs, db)
        t5 = time.perf_counter()
        store = Store(db)
        with store.transaction() as c:
            c.execute("UPDATE local_entities SET entity_id = NULL")
            c.execute("DELETE FROM entities")
        t6 = time.perf_counter()
        changes = Changes(redo=True)
        n_entities = entity_stage.update(store, changes)
        t7 = time.perf_counter()
        n_merged = event_stage.update(store, changes)
        t8 = time.perf_counter()
        locals_ = store.conn.execute("SELECT COUNT(*) FROM local_entities").fetchone()[0]
        types = store.conn.execute("SELECT type, COUNT(*) FROM events GROUP BY type ORDER BY 2 DESC").fetchall()
        store.close()
    print(f"\n{label}: {len(articles)} English documents, {words:,} words, {mentions:,} mentions")
    print(f"  read (decode/clean/metadata) {t1 - t0:7.2f} s")
    print(f"  parse (spaCy)                {t2 - t1:7.2f} s   {words / (t2 - t1):8.0f} words/s")
    print(f"  extract entities             {t3 - t2:7.2f} s   {mentions / (t3 - t2):8.0f} mentions/s")
    print(f"  time expressions             {t3b - t3:7.2f} s   {n_times / (t3b - t3):8.0f} times/s ({n_times:,})")
    print(f"  events                       {t3c - t3b:7.2f} s   {n_events / (t3c - t3b):8.0f} events/s ({n_events:,})")
    print(f"  parse + all extractors       {t3c - t1:7.2f} s   {n_events / (t3c - t1):8.0f} events/s, "
          f"{words / (t3c - t1):.0f} words/s")  # fmt: skip
    print(f"  full build into a store      {t5 - t4:7.2f} s   {words / (t5 - t4):8.0f} words/s")
    print(f"  resolve entities ({locals_:,} local -> {n_entities:,} entities) {t7 - t6:7.2f} s")
    print(f"  merge events ({n_events:,} reports -> {n_merged:,} events)   {t8 - t7:7.2f} s")
    print(f"  event types: {', '.join(f'{t} {n}' for t, n in types)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=300, help="AllSides rows (default 300)")
    args = ap.parse_args()
    if not (SHARED / "seeds").is_dir():
        raise SystemExit("../shared is not beside the checkout: nothing to measure")
    english()  # load the model outside the timings
    measure("seeds", [SHARED / "seeds"])
    allsides = SHARED / "data" / "allsides" / "articles.jsonl.gz"
    if allsides.exists() and args.n:
        with tempfile.TemporaryDirectory() as tmp:
            sample = Path(tmp) / f"allsides-{args.n}.jsonl"
            with gzip.open(allsides, "rt", encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
                dst.writelines(itertools.islice(src, args.n))
            measure(f"allsides first {args.n} rows", [sample])


if __name__ == "__main__":
    main()
