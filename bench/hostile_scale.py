"""Small hostile inputs that used to make the build grow quadratically: prints time, memory, pairs.

    .venv/bin/python bench/hostile_scale.py                      # feed 1000,3000,10000 and paragraphs 10000
    .venv/bin/python bench/hostile_scale.py --feed 1000 --paragraphs 0
    .venv/bin/python bench/hostile_scale.py --python-path /tmp/scale-base --python-path .   # before / after

Two inputs, generated deterministically (seeded) into a temporary folder:

* `--feed N`: one RSS file of N near-identical items (a wire story re-sent with small updates),
  60-120 words each. Every item differs from the story's first version by its figure (a count),
  and some also by the spokesperson's name or by one added sentence. Such a feed used to make the
  duplicate stage propose, hold and decide every pair (n²/2: 50 million at 10,000 items).
* `--paragraphs N`: one plain-text article of N different one-sentence paragraphs (~58 bytes
  each: ~576 KB at 10,000) built from news templates, so names, places, dates, figures, quotes,
  claims and events all occur — and recur, as in a long live blog. Entity linking and event
  merging used to compare each mention or report with all earlier ones.

Each build runs `python -m storyline build` as its own process (start-up and model load included,
as a user sees it), with the checkout given by `--python-path` first on PYTHONPATH. Memory is the
peak of the summed RSS of the build's whole process tree, sampled every 0.2 s from /proc (the
helper of bench/throughput.py); a run that passes `--limit-seconds` or `--limit-gib` is stopped
and reported as such ("> limit"), since the old code on 10,000 items would exhaust the machine.
Pairs stored is `SELECT COUNT(*) FROM duplicate_pairs` after the build.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import _tree_rss  # a script beside this one, not a package

REPO = Path(__file__).resolve().parent.parent
MIB = 2**20
SEED = 20250301

# --- the near-identical feed ---------------------------------------------------------------------
_SPOKESPEOPLE = [
    ("Maria", "Kovalenko"), ("Daniel", "Okafor"), ("Elena", "Petrova"), ("James", "Whitfield"),
    ("Amira", "Haddad"), ("Tomasz", "Nowak"), ("Grace", "Mensah"), ("Lukas", "Brandt"),
    ("Sofia", "Marchetti"), ("Kenji", "Watanabe"), ("Olga", "Sidorenko"), ("Pierre", "Lambert"),
]  # fmt: skip
_UPDATES = [
    "The national weather service warned that more rain was expected through the weekend.",
    "Volunteers from neighbouring towns brought food, blankets and drinking water to the shelters.",
    "Power was cut to parts of the regional capital after a substation was flooded.",
    "Two bridges on the main highway were closed while engineers inspected them for damage.",
    "The defence ministry said army helicopters had joined the rescue effort on Wednesday.",
    "Insurers said it was too early to estimate the cost of the damage to homes and farms.",
]


def feed_item(i: int, rng: random.Random) -> tuple[str, str]:
    """(title, HTML body) of item `i`: the same report with its own figure, sometimes another
    spokesperson, sometimes one more sentence (60-75 words)."""
    count = 1200 + 37 * i + rng.randrange(30)
    first, last = _SPOKESPEOPLE[0] if rng.random() < 0.6 else rng.choice(_SPOKESPEOPLE)
    paragraphs = [
        f"Emergency officials in the Dniester valley said on Tuesday that {count:,} residents had been moved "
        "to shelters after the river burst its banks overnight.",
        f"{first} {last}, a spokesperson for the regional emergency service, said rescue teams were still "
        "trying to reach villages near Soroca.",
        f"“We are doing everything we can to get people to safety,” {last} told reporters.",
    ]
    if rng.random() < 0.4:
        paragraphs.append(rng.choice(_UPDATES))
    paragraphs.append("Schools in the valley will stay closed until further notice.")
    title = f"Floods force {count:,} from their homes in Dniester valley"
    return title, "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


def write_feed(path: Path, n: int, seed: int = SEED) -> None:
    rng = random.Random(seed)
    start = dt.datetime(2025, 3, 4, 6, 0, tzinfo=dt.UTC)
    items = []
    for i in range(n):
        title, body = feed_item(i, rng)
        stamp = format_datetime(start + dt.timedelta(seconds=97 * i))  # one every 97 s: ten days at 10,000
        items.append(
            f"<item><title>{escape(title)}</title><link>https://wire.example.org/floods/{i + 1}</link>"
            f"<guid>https://wire.example.org/floods/{i + 1}</guid><pubDate>{stamp}</pubDate>"
            f"<author>desk@wire.example.org (Wire Desk)</author>"
            f"<description>{escape(body)}</description></item>"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Regional Wire</title>'
        "<link>https://wire.example.org/</link><description>Updates</description>\n"
        + "\n".join(items)
        + "\n</channel></rss>\n",
        encoding="utf-8",
    )


# --- the long document -----------------------------------------------------------------------------
_FIRST = "Anna Boris Carlos Dmitry Elif Farid Greta Hassan Irina Jorge Kirill Leila Marco Nadia Omar Pavel".split()
_LAST = (
    "Dmitriev Kellogg Lavrov Rubio Witkoff Ushakov Fidan Erdogan Sybiha Umerov Yermak Waltz Peskov "
    "Zakharova Barrot Lammy Tusk Sikorski Rutte Costa Kallas Merz Meloni Orban Fico Stubb"
).split()
_PLACES = (
    "Riyadh Istanbul Ankara Geneva Vienna Kyiv Moscow Warsaw Berlin Paris London Brussels Rome Budapest "
    "Helsinki Oslo Doha Cairo Minsk Tbilisi Baku Yerevan Odesa Kharkiv Lviv Dnipro Belgrade Prague"
).split()
_ORGS = [
    "the Foreign Ministry", "the Kremlin", "the State Department", "NATO", "the European Commission",
    "the United Nations", "the central bank", "the defence ministry", "Gazprom", "the IMF",
]  # fmt: skip
_MONTHS = "January February March April May June July August September October November December".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
_TEMPLATES = [
    "{P} met {Q} in {X} on {D}, aides said.",
    "{P} and {Q} held talks in {X} on {D}.",
    "{P} spoke by phone with {Q} on {W}.",
    "{P} will visit {X} on {D}, {O} said.",
    "“We are ready to talk,” {P} told reporters.",
    "“No deal is possible yet,” {L} said on {W}.",
    "{O} said {N} people fled {X}.",
    "Exports fell {n}% in {M}, {O} reported.",
    "{P} said the fund had raised ${n} billion.",
    "According to {P}, {N} troops are near {X}.",
    "{O} imposed sanctions on {N} firms on {D}.",
    "{P} arrived in {X} on {W} for a visit.",
    "Talks in {X} ended on {D} without a deal.",
    "{L} said the meeting in {X} was useful.",
    "{O} named {P} as its envoy on {D}.",
    "A source in {X} said {P} would resign.",
    "{P} signed the accord in {X} on {D}.",
    "Prices in {X} rose {n}% last month, {O} said.",
]


def _sentence(rng: random.Random) -> str:
    def person() -> str:
        return f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"

    org = rng.choice(_ORGS)
    fill = {
        "P": person(), "Q": person(), "L": rng.choice(_LAST), "X": rng.choice(_PLACES),
        "D": f"{rng.choice(_MONTHS)} {rng.randint(1, 28)}", "W": rng.choice(_DAYS), "M": rng.choice(_MONTHS),
        "O": org, "N": f"{rng.randint(2, 9000):,}", "n": str(rng.randint(2, 40)),
    }  # fmt: skip
    text = rng.choice(_TEMPLATES).format(**fill)
    return text[0].upper() + text[1:]


def write_long_text(path: Path, n: int, seed: int = SEED) -> None:
    """A headline, a dateline, then `n` different one-sentence paragraphs."""
    rng = random.Random(seed)
    seen: set[str] = set()
    lines = []
    while len(lines) < n:
        s = _sentence(rng)
        if s not in seen:
            seen.add(s)
            lines.append(s)
    path.write_text("Live updates: the talks\n\nMarch 28, 2025\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")


# --- running a build -------------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    peak_rss: int
    status: str  # "ok", "failed (rc)", "stopped: > N s", "stopped: > N GiB"


def run_build(python_path: Path, inputs: list[Path], db: Path, jobs: int | None, limit_s: float, limit_rss: int) -> Run:
    """One `storyline build` with `python_path` first on PYTHONPATH; stopped, workers included, when
    it passes a limit."""
    cmd = [sys.executable, "-m", "storyline", "build", *map(str, inputs), "--db", str(db), "-q"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    env = dict(os.environ, PYTHONPATH=str(python_path))
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    peak = [0]
    stopped: list[str] = []

    def sample() -> None:
        while proc.poll() is None:
            total, _own = _tree_rss(proc.pid)
            peak[0] = max(peak[0], total)
            elapsed = time.perf_counter() - start
            if not stopped and (elapsed > limit_s or total > limit_rss):
                over = f"> {limit_s:.0f} s" if elapsed > limit_s else f"> {limit_rss / 2**30:.0f} GiB"
                stopped.append(f"stopped: {over}")
                for pid in _tree_pids(proc.pid):  # the build this script started, and its workers
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if stopped:
        return Run(seconds, peak[0], stopped[0])
    if proc.returncode not in (0, 3):  # 3: finished, some inputs skipped
        sys.stderr.write(err[-2000:])
        return Run(seconds, peak[0], f"failed ({proc.returncode})")
    return Run(seconds, peak[0], "ok")


def _tree_pids(root: int) -> list[int]:
    """`root` and its descendants (from /proc), the workers first."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue  # ended while we looked
    tree, frontier = [root], [root]
    while frontier:
        node = frontier.pop()
        kids = [c for c, p in parent.items() if p == node and c not in tree]
        tree += kids
        frontier += kids
    return tree[::-1]


def store_counts(db: Path) -> dict[str, int | None]:
    """Pairs stored and what the build made of the input (None when the store is unreadable)."""
    queries = {
        "pairs": "SELECT COUNT(*) FROM duplicate_pairs",
        "documents": "SELECT COUNT(*) FROM documents",
        "duplicates": "SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL",
        "entities": "SELECT COUNT(*) FROM entities",
        "events": "SELECT COUNT(*) FROM events",
        "quotes": "SELECT COUNT(*) FROM quotes",
        "claims": "SELECT COUNT(*) FROM claims",
    }
    out: dict[str, int | None] = {}
    try:
        with sqlite3.connect(db) as c:
            for k, sql in queries.items():
                out[k] = c.execute(sql).fetchone()[0]
    except sqlite3.Error:
        out = dict.fromkeys(queries)
    return out


def _fmt(v: int | None) -> str:
    return "-" if v is None else f"{v:,}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feed", default="1000,3000,10000", help="comma-separated item counts ('' or 0: none)")
    ap.add_argument("--paragraphs", type=int, default=10000, help="paragraphs of the long text (0: none)")
    ap.add_argument("--python-path", type=Path, action="append",
                    help="checkout to run (repeatable: one table per checkout); default: this one")  # fmt: skip
    ap.add_argument("--jobs", type=int, help="passed to storyline build (default: its own, the cores)")
    ap.add_argument("--limit-seconds", type=float, default=900.0, help="stop a build after this long")
    ap.add_argument("--limit-gib", type=float, default=12.0, help="stop a build whose process tree passes this")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--keep", type=Path, help="keep inputs and stores in this folder")
    args = ap.parse_args()
    feeds = [int(x) for x in args.feed.split(",") if x.strip() and int(x) > 0]
    checkouts = [p.resolve() for p in (args.python_path or [REPO])]
    limit_rss = int(args.limit_gib * 2**30)
    print(f"{len(os.sched_getaffinity(0))} cores; limits {args.limit_seconds:.0f} s, {args.limit_gib:g} GiB")
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        cases: list[tuple[str, Path]] = []
        for n in feeds:
            path = tmp / f"feed-{n}.xml"
            write_feed(path, n, args.seed)
            cases.append((f"feed {n:,} items", path))
        if args.paragraphs:
            path = tmp / f"paragraphs-{args.paragraphs}.txt"
            write_long_text(path, args.paragraphs, args.seed)
            cases.append((f"text {args.paragraphs:,} paragraphs ({path.stat().st_size / 1000:,.0f} KB)", path))
        for k, checkout in enumerate(checkouts):
            print(f"\ncheckout {checkout}")
            print(f"  {'case':<36}{'seconds':>9}{'peak RSS':>11}{'pairs':>10}{'docs':>8}{'dups':>8}"
                  f"{'entities':>10}{'events':>8}  status")  # fmt: skip
            for label, path in cases:
                db = tmp / f"{path.stem}-{k}.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{db}{suffix}").unlink(missing_ok=True)
                run = run_build(checkout, [path], db, args.jobs, args.limit_seconds, limit_rss)
                c = store_counts(db) if run.status == "ok" else dict.fromkeys(("pairs", "documents"))
                print(f"  {label:<36}{run.seconds:>9.1f}{run.peak_rss / MIB:>7,.0f} MiB{_fmt(c.get('pairs')):>10}"
                      f"{_fmt(c.get('documents')):>8}{_fmt(c.get('duplicates')):>8}{_fmt(c.get('entities')):>10}"
                      f"{_fmt(c.get('events')):>8}  {run.status}")  # fmt: skip
                sys.stdout.flush()


if __name__ == "__main__":
    main()
