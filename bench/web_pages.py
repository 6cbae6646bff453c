"""Web app response times on a large store, per page, over real HTTP.

    .venv/bin/python bench/web_pages.py --db STORE [--samples 20] [--repeats 3]
    .venv/bin/python bench/web_pages.py --build 10000 --db /tmp/allsides10k.db   # builds the store first

Starts `storyline serve` on 127.0.0.1 as a user would, then requests every page kind with a sample
of real ids from the store: the busiest entities and documents (the worst case for their pages)
and random ones, search terms from common title words, first/middle/last pages of each list,
and filters. Each URL is fetched `--repeats` times after one warm-up request; its time is the
median. Prints, per page kind, the median / 95th percentile / maximum in milliseconds and whether
the maximum stays under the 300 ms budget. Building 10k AllSides articles takes about an hour on
2 cores (the parser's speed); the store can be reused between runs.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import platform
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote, urlencode

import httpx

REPO = Path(__file__).resolve().parent.parent
ALLSIDES = REPO.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
BUDGET_MS = 300.0


def build(n: int, db: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        rows = Path(tmp) / f"allsides-{n}.jsonl"
        with gzip.open(ALLSIDES, "rt", encoding="utf-8") as src, rows.open("w", encoding="utf-8") as dst:
            dst.writelines(itertools.islice(src, n))
        jobs = str(os.cpu_count() or 1)
        subprocess.run([sys.executable, "-m", "storyline", "build", str(rows), "--db", str(db), "--jobs", jobs],
                       check=False)  # fmt: skip


def sample_urls(db: Path, k: int, rng: random.Random) -> dict[str, list[str]]:
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def ids(sql: str, top: int = 5) -> list[str]:
        rows = [r[0] for r in c.execute(sql)]
        return rows[:top] + rng.sample(rows[top:], min(k - top, max(0, len(rows) - top)))

    entities = ids("SELECT id FROM entities ORDER BY n_documents DESC")
    busiest = [r[0] for r in c.execute("SELECT name FROM entities ORDER BY n_documents DESC LIMIT 5")]
    docs = ids("SELECT doc_id FROM mentions GROUP BY doc_id ORDER BY COUNT(*) DESC")
    events = ids("SELECT event_id FROM event_mentions WHERE event_id IS NOT NULL GROUP BY event_id"
                 " ORDER BY COUNT(*) DESC")  # fmt: skip
    stories = ids("SELECT id FROM stories ORDER BY n_documents DESC")
    words = Counter(
        w.lower() for (t,) in c.execute("SELECT title FROM documents WHERE title IS NOT NULL LIMIT 3000")
        for w in re.findall(r"[A-Za-z]{5,}", t)
    )  # fmt: skip
    common = [w for w, _ in words.most_common(200)]
    pairs = zip(rng.sample(common, k // 4), rng.sample(common, k // 4), strict=True)
    terms = common[: k // 2] + [f'"{a} {b}"' for a, b in pairs]
    outlets = [r[0] for r in c.execute("SELECT outlet FROM documents WHERE outlet IS NOT NULL GROUP BY outlet"
                                       " ORDER BY COUNT(*) DESC LIMIT 5")]  # fmt: skip
    measures = [r[0] for r in c.execute("SELECT measure FROM claims GROUP BY measure ORDER BY COUNT(*) DESC LIMIT 5")]
    types = [r[0] for r in c.execute("SELECT DISTINCT type FROM events")]
    years = sorted({r[0][:4] for r in c.execute("SELECT date FROM events WHERE date IS NOT NULL LIMIT 5000")})

    def pages(table_sql: str, path: str) -> list[str]:
        total = c.execute(table_sql).fetchone()[0]
        last = max(1, -(-total // 50))
        return [f"{path}{'&' if '?' in path else '?'}page={p}" for p in sorted({1, 2, last // 2 or 1, last})]

    return {
        "overview": ["/"],
        "timeline": ["/timeline"]
        + [f"/timeline?type={t}" for t in types[:4]]
        + [f"/timeline?actor={quote(n)}" for n in busiest]
        + [f"/timeline?from={y}&to={y}" for y in years[-3:]],
        "event": [f"/event/{quote(e)}" for e in events],
        "entities": [*pages("SELECT COUNT(*) FROM entities", "/entities"), "/entities?q=an", "/entities?type=PERSON"],
        "entity": [f"/entity/{quote(e)}" for e in entities] + [f"/entity/{quote(entities[0])}?page=20"],
        "documents": pages("SELECT COUNT(*) FROM documents", "/documents")
        + [f"/documents?{urlencode({'outlet': o})}" for o in outlets],
        "document": [f"/doc/{quote(d)}" for d in docs],
        "quotes": pages("SELECT COUNT(*) FROM quotes", "/quotes")
        + ["/quotes?anonymous=yes", "/quotes?hedged=yes"]
        + [f"/quotes?{urlencode({'speaker': n})}" for n in busiest[:3]]
        + [f"/quotes?{urlencode({'outlet': o})}" for o in outlets[:3]],
        "claims": pages("SELECT COUNT(*) FROM claims", "/claims")
        + [f"/claims?{urlencode({'measure': m})}" for m in measures],
        "stories": pages("SELECT COUNT(*) FROM stories WHERE n_documents > 1", "/stories"),
        "story": [f"/story/{quote(s)}" for s in stories],
        "search": [f"/search?{urlencode({'q': t})}" for t in terms] + ["/search?q=trump&page=5"],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="store to serve (built first with --build N)")
    ap.add_argument("--build", type=int, default=0, help="build the store from the first N AllSides rows first")
    ap.add_argument("--samples", type=int, default=20, help="ids sampled per page kind")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    if args.build:
        build(args.build, args.db)
    if not args.db.is_file():
        raise SystemExit(f"{args.db}: no store (give --build N to build one from AllSides)")
    # serve upgrades an older store's schema once; do it before timing anything
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "storyline", "serve", "--db", str(args.db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/static/app.css", timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    raise SystemExit(server.stderr.read().decode() if server.stderr else "serve failed") from None
                time.sleep(0.5)
        urls = sample_urls(args.db, args.samples, random.Random(7))
        c = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
        n_docs, n_ent = (c.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("documents", "entities"))
        print(
            f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; store "
            f"{args.db.name}: {n_docs:,} documents, {n_ent:,} entities, {args.db.stat().st_size / 2**20:,.0f} MiB"
        )
        print(f"each URL: 1 warm-up + median of {args.repeats} requests over HTTP on 127.0.0.1 (one at a time)")
        print(f"{'page':<11}{'urls':>5}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}  slowest URL")
        worst = 0.0
        with httpx.Client(base_url=base, timeout=60) as client:
            for kind, paths in urls.items():
                times: list[tuple[float, str]] = []
                for path in paths:
                    assert client.get(path).status_code == 200, path
                    runs = []
                    for _ in range(args.repeats):
                        t0 = time.perf_counter()
                        r = client.get(path)
                        runs.append((time.perf_counter() - t0) * 1000)
                        assert r.status_code == 200, path
                    times.append((statistics.median(runs), path))
                ms = sorted(t for t, _ in times)
                p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
                slowest = max(times)
                worst = max(worst, slowest[0])
                figures = f"{statistics.median(ms):>11.1f}{p95:>9.1f}{slowest[0]:>9.1f}"
                print(f"{kind:<11}{len(ms):>5}{figures}  {slowest[1][:70]}")
        verdict = "every page under" if worst < BUDGET_MS else "SLOWER than"
        print(f"slowest page {worst:.0f} ms: {verdict} the {BUDGET_MS:.0f} ms budget")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
