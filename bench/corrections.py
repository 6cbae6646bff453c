"""What a correction costs on a real store: the time from `storyline correct` to a store that shows it.

    .venv/bin/python bench/corrections.py --db STORE [--work DIR]

Copies STORE (built by `storyline build`, any size) into DIR, then times, each as the CLI runs it:

1. `build` with no inputs on the copy as it is (upgrades its schema once and runs every corpus
   stage: the fixed cost every later correction pays);
2. one `correct merge` of the two most mentioned people (recorded, then applied by a build with no
   inputs: entity resolution re-clusters what their names reach, the stages after it rerun);
3. one `correct reject event` of the most reported event;
4. `corrections undo` of the merge (its entities re-resolved without it);
5. `corrections undo` of the rejection (the documents that reported the event analysed again:
   this step loads the language model).

Prints seconds per step and the store's size. Everything runs in this process through the CLI's
own entry point, on the copy; STORE is never written.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from storyline.cli import app


def run(*args: str) -> float:
    started = time.perf_counter()
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    if result.exit_code != 0:
        raise SystemExit(f"storyline {' '.join(args)} failed:\n{result.output}")
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--work", type=Path, default=None)
    a = ap.parse_args()
    work = a.work or Path(tempfile.mkdtemp(prefix="storyline-corrections-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "store.db"
    shutil.copy(a.db, db)
    with sqlite3.connect(db) as c:
        docs = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    print(f"store: {docs} documents, {a.db.stat().st_size / 1e6:.0f} MB (copied to {db})")
    print(f"build, no inputs (schema upgrade + every stage): {run('build', '--db', str(db), '--quiet'):.1f} s")
    with sqlite3.connect(db) as c:
        sql = "SELECT id FROM entities WHERE type = 'PERSON' ORDER BY n_mentions DESC LIMIT 2"
        people = [r[0] for r in c.execute(sql)]
    seconds = run("correct", "merge", *people, "--db", str(db))
    print(f"correct merge (two most mentioned people), applied: {seconds:.1f} s")
    with sqlite3.connect(db) as c:
        sql = "SELECT event_id FROM event_mentions WHERE event_id IS NOT NULL GROUP BY event_id ORDER BY COUNT(*) DESC"
        event = c.execute(sql + " LIMIT 1").fetchone()[0]
    seconds = run("correct", "reject", "event", event, "--db", str(db))
    print(f"correct reject event (most reported), applied: {seconds:.1f} s")
    print(f"undo the merge, applied: {run('corrections', 'undo', '1', '--db', str(db)):.1f} s")
    print(f"undo the rejection, its documents analysed again: {run('corrections', 'undo', '2', '--db', str(db)):.1f} s")


if __name__ == "__main__":
    main()
