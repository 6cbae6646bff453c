"""Does a change keep the build's output? Builds the same corpora with this checkout and another
revision, and compares every table of the two stores.

    .venv/bin/python bench/same_output.py --base HEAD~3          # demo, seeds, Russian tests, 300 AllSides rows
    .venv/bin/python bench/same_output.py --base main --allsides 1000

The other revision is checked out with `git worktree` into a temporary folder and run with this
checkout's virtualenv (`python -m storyline` from inside that folder, so its own package is the one
imported). Stores are compared with the test suite's `store_content` (every table's rows, sorted,
without build bookkeeping). Differences are listed per table with a few example rows from each
side, so a refactor that changes output shows what changed, not only that something did.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "tests"))
from conftest import store_content  # noqa: E402  (the suite's own definition of "the same store")


def corpora(work: Path, allsides: int) -> dict[str, list[Path]]:
    out = {"demo": [REPO / "examples" / "corpus"], "russian-tests": [REPO / "tests" / "data" / "ru"]}
    if (SHARED / "seeds").is_dir():
        out["seeds"] = [SHARED / "seeds"]
    source = SHARED / "data" / "allsides" / "articles.jsonl.gz"
    if allsides and source.is_file():
        rows = work / f"allsides-{allsides}.jsonl"
        with gzip.open(source, "rt", encoding="utf-8") as src, rows.open("w", encoding="utf-8") as dst:
            dst.writelines(itertools.islice(src, allsides))
        out[f"allsides-{allsides}"] = [rows]
    return out


def build(checkout: Path, inputs: list[Path], db: Path) -> float:
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "storyline", "build", *map(str, inputs), "--db", str(db), "--quiet"]
    r = subprocess.run(cmd, cwd=checkout, capture_output=True, text=True)
    if r.returncode not in (0, 3):
        raise SystemExit(f"build failed in {checkout}:\n{r.stderr[-3000:]}")
    return time.perf_counter() - started


def compare(a: Path, b: Path, examples: int) -> list[str]:
    left, right = store_content(a), store_content(b)
    out = []
    for table in sorted(left.keys() | right.keys()):
        if table not in left or table not in right:
            out.append(f"  table {table}: only in {'base' if table in left else 'this checkout'}")
            continue
        x, y = set(map(repr, left[table])), set(map(repr, right[table]))
        if x != y:
            out.append(f"  {table}: {len(x - y)} rows only in base, {len(y - x)} only in this checkout")
            out += [f"    - {r[:300]}" for r in sorted(x - y)[:examples]]
            out += [f"    + {r[:300]}" for r in sorted(y - x)[:examples]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", default="HEAD", help="revision to compare against (default: HEAD)")
    ap.add_argument("--allsides", type=int, default=300, help="AllSides rows to include (0: none)")
    ap.add_argument("--examples", type=int, default=3, help="example rows shown per side and table")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="same-output-"))
    base = work / "base"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(base), args.base], check=True,
                   capture_output=True)  # fmt: skip
    try:
        differing = 0
        for name, inputs in corpora(work, args.allsides).items():
            t_base = build(base, inputs, work / f"{name}-base.db")
            t_here = build(REPO, inputs, work / f"{name}-here.db")
            diff = compare(work / f"{name}-base.db", work / f"{name}-here.db", args.examples)
            verdict = "identical" if not diff else "DIFFERENT"
            print(f"{name}: {verdict} (build {t_base:.1f} s at {args.base}, {t_here:.1f} s here)")
            print("\n".join(diff))
            differing += bool(diff)
        print(f"{differing} corpora differ" if differing else "every corpus gives the same store")
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], capture_output=True)
        shutil.rmtree(work, ignore_errors=True)
    sys.exit(1 if differing else 0)


if __name__ == "__main__":
    main()
