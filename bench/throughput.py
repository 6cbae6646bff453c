"""Full build against the bare parser: how close does Storyline get to spaCy's own speed?

    .venv/bin/python bench/throughput.py --n 1000 [--jobs 2]
    .venv/bin/python bench/throughput.py --scaling 1000,5000,20000 [--no-bare]
    .venv/bin/python bench/throughput.py --add 10 --db STORE --n 20000   # incremental: 10 new rows

For each N it builds a fresh store from the first N rows of
`../shared/data/allsides/articles.jsonl.gz` with `storyline build --jobs J` (its own process,
start-up and imports included, as a user sees it), then runs bare `nlp.pipe` of the same model,
with the same batch size and J processes, over exactly the texts the build parsed (the stored
English document texts), also in its own process with its model load included. Both rates use
the same word count (whitespace words of those texts), so the ratio is build/bare throughput.

Memory is the peak of the *sum* of RSS over the build's whole process tree (driver + workers),
sampled every 0.2 s, plus the driver's own peak: flat memory means both stay level as N grows.
The per-stage breakdown is the build's own accounting (seconds summed over processes; `parse` is
time inside spaCy, `extract` our extractors, `store` the driver's writes, `resolve` the
corpus-level stages), read back from the store's build record.

`--add K` measures an incremental build: copy the store `--db`, append rows N..N+K-1 and build;
prints the time per stage and how many documents were parsed.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ALLSIDES = REPO.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
MIB = 2**20


def write_rows(path: Path, start: int, n: int) -> None:
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as src, path.open("w", encoding="utf-8") as dst:
        dst.writelines(itertools.islice(src, start, start + n))


def _tree_rss(root: int) -> tuple[int, int]:
    """(sum of RSS over `root` and all its descendants, RSS of `root`) in bytes, from /proc."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parent[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parent.items() if pp == p and c not in tree]
        tree.update(kids)
        frontier += kids
    return sum(rss.get(p, 0) for p in tree), rss.get(root, 0)


def run_measured(cmd: list[str]) -> tuple[float, int, int]:
    """Runs `cmd`; returns (wall seconds, peak tree RSS, peak RSS of the process itself)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peaks = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            total, own = _tree_rss(proc.pid)
            peaks[0], peaks[1] = max(peaks[0], total), max(peaks[1], own)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 3):  # 3: finished, some inputs skipped
        raise SystemExit(f"{cmd[:4]} failed ({proc.returncode}):\n{err[-2000:]}")
    return seconds, peaks[0], peaks[1]


def build(inputs: list[Path], db: Path, jobs: int) -> tuple[float, int, int]:
    cmd = [sys.executable, "-m", "storyline", "build", *map(str, inputs), "--db", str(db), "-q", "--jobs", str(jobs)]
    return run_measured(cmd)


def last_build(db: Path) -> dict:
    with sqlite3.connect(db) as c:
        return json.loads(c.execute("SELECT summary FROM builds ORDER BY id DESC LIMIT 1").fetchone()[0])


def parsed_texts(db: Path, out: Path) -> tuple[int, int]:
    """Writes the texts the build parsed (one JSON string per line); returns (documents, words)."""
    from storyline.extract import ANALYSED_LANGUAGES
    from storyline.nlp import MAX_CHARS

    docs = words = 0
    marks = ",".join("?" * len(ANALYSED_LANGUAGES))
    with sqlite3.connect(db) as c, out.open("w", encoding="utf-8") as f:
        sql = f"SELECT text FROM documents WHERE language IN ({marks}) AND length(text) <= ? ORDER BY seq"
        for (text,) in c.execute(sql, (*sorted(ANALYSED_LANGUAGES), MAX_CHARS)):
            f.write(json.dumps(text) + "\n")
            docs += 1
            words += len(text.split())
    return docs, words


def bare_parse(texts_file: Path, jobs: int) -> None:
    """The floor: the model alone, as `storyline.nlp` loads and batches it."""
    from storyline.nlp import BATCH_SIZE, english

    nlp = english()
    with texts_file.open(encoding="utf-8") as f:
        texts = (json.loads(line) for line in f)
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE, n_process=jobs):
            pass


def measure(n: int, jobs: int, bare: bool, tmp: Path) -> dict:
    rows = tmp / f"allsides-{n}.jsonl"
    write_rows(rows, 0, n)
    db = tmp / f"allsides-{n}.db"
    db.unlink(missing_ok=True)
    seconds, tree_rss, driver_rss = build([rows], db, jobs)
    texts = tmp / f"texts-{n}.jsonl"
    docs, words = parsed_texts(db, texts)
    result = {"n": n, "docs": docs, "words": words, "seconds": seconds, "tree_rss": tree_rss,
              "driver_rss": driver_rss, "summary": last_build(db)}  # fmt: skip
    if bare:
        cmd = [sys.executable, __file__, "--bare", str(texts), "--jobs", str(jobs)]
        result["bare_seconds"], result["bare_rss"], _ = run_measured(cmd)
    return result


def print_stages(summary: dict) -> None:
    stages, detail = summary.get("stages", {}), summary.get("stage_detail", {})
    total = sum(stages.values()) or 1.0
    print(f"  stage breakdown (seconds summed over processes; total {total:.1f}):")
    for name, secs in stages.items():
        subs = ", ".join(f"{k.split('.', 1)[1]} {v:.1f}" for k, v in detail.items() if k.startswith(name + "."))
        print(f"    {name:<9}{secs:>9.1f} s {100 * secs / total:>5.1f} %" + (f"   ({subs})" if subs else ""))


def report(r: dict, jobs: int) -> None:
    wps = r["words"] / r["seconds"]
    print(f"N={r['n']}: {r['docs']} documents parsed, {r['words']:,} words")
    print(f"  build      {r['seconds']:>8.1f} s {wps:>8.0f} words/s   peak RSS {r['tree_rss'] / MIB:,.0f} MiB "
          f"(all processes), driver {r['driver_rss'] / MIB:,.0f} MiB")  # fmt: skip
    if "bare_seconds" in r:
        bare_wps = r["words"] / r["bare_seconds"]
        print(f"  bare parse {r['bare_seconds']:>8.1f} s {bare_wps:>8.0f} words/s   peak RSS "
              f"{r['bare_rss'] / MIB:,.0f} MiB   (nlp.pipe, n_process={jobs})")  # fmt: skip
        print(f"  ratio build/bare: {wps / bare_wps:.2f}")
    print_stages(r["summary"])


def incremental(db: Path, start: int, k: int, jobs: int, tmp: Path) -> None:
    """Copy the store, add rows start..start+k-1, build, report what the build touched."""
    work = tmp / "incremental.db"
    with sqlite3.connect(db) as src, sqlite3.connect(work) as dst:
        src.backup(dst)
    rows = tmp / f"rows-{start}-{k}.jsonl"
    write_rows(rows, start, k)
    with sqlite3.connect(work) as c:
        before = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    seconds, tree_rss, _ = build([rows], work, jobs)
    summary = last_build(work)
    print(f"incremental: {summary['documents_added']} new documents into a store of {before:,} "
          f"in {seconds:.1f} s (peak RSS {tree_rss / MIB:,.0f} MiB); documents parsed in this build: "
          f"{summary['parsed']}")  # fmt: skip
    print_stages(summary)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="AllSides rows to build (default 1000)")
    ap.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--scaling", help="comma-separated N values, e.g. 1000,5000,20000")
    ap.add_argument("--no-bare", action="store_true", help="skip the bare-parser run")
    ap.add_argument("--add", type=int, help="incremental: add this many rows (from row N on) to a copy of --db")
    ap.add_argument("--db", type=Path, help="store for --add")
    ap.add_argument("--keep", type=Path, help="keep stores and inputs in this folder")
    ap.add_argument("--bare", type=Path, help=argparse.SUPPRESS)  # internal: the bare-parser subprocess
    args = ap.parse_args()
    if args.bare:
        bare_parse(args.bare, args.jobs)
        return
    if not ALLSIDES.exists():
        raise SystemExit(f"{ALLSIDES} is missing: ../shared must be beside the checkout")
    print(f"machine: {platform.machine()} {platform.processor() or ''}, {len(os.sched_getaffinity(0))} cores, "
          f"{os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}; --jobs {args.jobs}")  # fmt: skip
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        if args.add:
            if not args.db:
                raise SystemExit("--add needs --db (a store built from the first --n rows)")
            incremental(args.db, args.n, args.add, args.jobs, tmp)
            return
        sizes = [int(x) for x in args.scaling.split(",")] if args.scaling else [args.n]
        results = []
        for n in sizes:
            results.append(measure(n, args.jobs, not args.no_bare, tmp))
            report(results[-1], args.jobs)
            sys.stdout.flush()
        if len(results) > 1:
            print(f"{'N':>7}{'docs':>7}{'words':>12}{'seconds':>9}{'words/s':>9}{'peak RSS':>10}{'driver':>9}")
            for r in results:
                rate = r["words"] / r["seconds"]
                print(f"{r['n']:>7}{r['docs']:>7}{r['words']:>12,}{r['seconds']:>9.0f}{rate:>9.0f}"
                      f"{r['tree_rss'] / MIB:>6.0f} MiB{r['driver_rss'] / MIB:>5.0f} MiB")  # fmt: skip


if __name__ == "__main__":
    main()
