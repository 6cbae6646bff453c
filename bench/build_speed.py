"""Build throughput and peak memory on real text: the seeds and the first N AllSides rows.

    .venv/bin/python bench/build_speed.py [--n 1000] [--repeats 3] [--jobs 1]

Each build runs as its own `storyline build` process on a fresh store, so the figures include
start-up and imports, as a user would see them; peak memory is that process's maximum RSS.
Prints a table: documents, words, median seconds, documents/s, words/s, peak RSS.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


def run_build(inputs: list[Path], jobs: int) -> tuple[float, int, int, int]:
    """Returns (seconds, peak RSS in bytes, documents, words) of one fresh build."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        cmd = [sys.executable, "-m", "storyline", "build", *map(str, inputs), "--db", str(db), "--quiet"]
        cmd += ["--jobs", str(jobs)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) not in (0, 3):
            raise SystemExit(f"build failed: {proc.stderr.read().decode() if proc.stderr else ''}")
        import sqlite3

        with sqlite3.connect(db) as c:
            docs = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
            words = sum(len(t.split()) for (t,) in c.execute("SELECT text FROM documents"))
        # ru_maxrss is in KiB on Linux; with --jobs > 1 it is the largest worker, not the sum.
        return seconds, usage.ru_maxrss * 1024, docs, words


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=1000, help="AllSides rows to build (default 1000)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    if not (SHARED / "seeds").is_dir():
        raise SystemExit("../shared is not beside the checkout: nothing to measure")
    corpora: list[tuple[str, list[Path]]] = [("seeds (5 files)", [SHARED / "seeds"])]
    allsides = SHARED / "data" / "allsides" / "articles.jsonl.gz"
    tmpdir = tempfile.TemporaryDirectory()
    if allsides.exists():
        sample = Path(tmpdir.name) / f"allsides-{args.n}.jsonl"
        with gzip.open(allsides, "rt", encoding="utf-8") as src, sample.open("w", encoding="utf-8") as dst:
            dst.writelines(itertools.islice(src, args.n))
        corpora.append((f"allsides first {args.n} rows", [sample]))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"jobs={args.jobs}, median of {args.repeats} runs, each a fresh process and store")  # fmt: skip
    print(f"{'corpus':<28}{'docs':>7}{'words':>10}{'seconds':>9}{'docs/s':>9}{'words/s':>10}{'peak RSS':>11}")
    for label, inputs in corpora:
        runs = [run_build(inputs, args.jobs) for _ in range(args.repeats)]
        secs = statistics.median(r[0] for r in runs)
        rss = max(r[1] for r in runs)
        docs, words = runs[0][2], runs[0][3]
        print(f"{label:<28}{docs:>7}{words:>10}{secs:>9.2f}{docs / secs:>9.1f}{words / secs:>10.0f}"
              f"{rss / 2**20:>8.0f} MiB")  # fmt: skip
    tmpdir.cleanup()


if __name__ == "__main__":
    main()
