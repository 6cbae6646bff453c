"""Speaker audit: 100 hand-annotated quotes from AllSides articles, held out from rule tuning.

    .venv/bin/python bench/speaker_audit.py                 # build the sample with this checkout, print the figures
    .venv/bin/python bench/speaker_audit.py --list          # ... and every record, gold vs system
    .venv/bin/python bench/speaker_audit.py --db STORE      # score an already built store of the sample (--keep)
    .venv/bin/python bench/speaker_audit.py --keep DIR      # keep the sample rows and the store in DIR
    .venv/bin/python bench/speaker_audit.py --context       # annotator view: each span in its article, no system output
    .venv/bin/python bench/speaker_audit.py --draw OUT      # redo the seeded draw (see "Sampling") into OUT

What it measures. bench/data/speaker_audit.jsonl holds 100 quote spans with the right speaker written
by hand (guidelines: bench/data/speaker_audit.md) *before* the speaker rules of issue 18 were changed,
so the rules can be measured on articles nobody tuned them on. A record keeps the AllSides `ID` of
its article, the span's `start`/`end` in Storyline's clean text of that article, the `sha1` of the
span's text (to notice when cleaning changes), `direct`, `gold`, `gold_kind` (named | anonymous |
unnamed | not_a_quote), `gold_type` (person | organisation | other), `anonymous_description`,
`named_in_article` and a short `note`. No article text is stored: the licence of the AllSides data
forbids copying it into the repository, so the script re-creates the articles from the user's own
copy (`../shared/data/allsides/articles.jsonl.gz`) by ID and builds them with the current checkout
(`python -m storyline build`, its own process, into a temporary store).

How a record is scored. The article's document is found by its source row; the span's text is
checked against `sha1`; if the text moved, the same text is looked for elsewhere in the document
(reported as "moved"), else the record is reported as drift and left out of the figures. The
system's quote is the stored quote (`quotes` table) that overlaps the gold span most; none: "missed".
Its speaker is quotes.speaker -> local_entities(doc_id, local).entity_id -> entities; the entity's
names are entities.name, local_entities.name and every non-title mention form (mentions.text and
.normal) of every local entity mapped to it, as store/views.aliases counts them. A person (gold_type
person) matches when storyline.lexicon.names.same_person(gold, name) holds for one of those names,
whatever type the tagger gave the entity; an organisation or other name matches an entity that is not
a PERSON when one name contains the other as whole words, case-insensitively and without a leading
"the" (gold "CNN/ORC International", entity "CNN"), or when a name is the gold's initials (FBI).

Printed:
- right named speaker: of the quotes whose gold is a named speaker, the share whose resolved speaker
  entity is that person/organisation (overall, direct, reported, and by gold_type);
- left unresolved although named: of the same quotes, the share with no speaker entity, or with an
  entity that has only title mentions, or flagged anonymous, split by the source phrase the quote
  keeps (quotes.speaker_text): none, a bare pronoun, a description or other phrase ("the survey",
  "The British prime minister", a caption word); issue 18's goal is <= 2 %;
- anonymous sources: precision and recall of quotes.anonymous against gold_kind anonymous;
- accuracy over all speech records (named right; anonymous flagged and credited to nobody; unnamed
  credited to nobody);
- a per-class breakdown of the errors with each record's note;
- build time and total run time.

Sampling (`--draw`, seed 18; this is how bench/data/speaker_audit.jsonl was drawn, with the code of
the commit named in bench/data/speaker_audit.md). Candidates are the AllSides rows from row 10,000 on
(the first 10,000 are what the other benchmarks build, so developers may have read them) with non-empty
`content_original`, in file order, shuffled with random.Random(18); the first 160 are built into a
temporary store; the extractor's quotes are read (doc_id, start, end, direct only: never the speaker
columns). The reported-speech quota is max(30, round(100 * reported share among all quotes found)), the
rest direct. Articles are then taken in their shuffled order, each article's quotes in an order
shuffled by the same generator, and a quote is kept while its class has room and its article has
fewer than 2, its topic fewer than 10 and its outlet fewer than 8 kept quotes, until 100. Nothing is
excluded for being hard. The draw depends on the extractor of its day, so a later `--draw` may pick
other spans; the committed sample is the fixed one.

Exits 2 with a message when the corpus or the data file is missing.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn

REPO = Path(__file__).resolve().parent.parent
ALLSIDES = REPO.parent / "shared" / "data" / "allsides" / "articles.jsonl.gz"
DATA = REPO / "bench" / "data" / "speaker_audit.jsonl"

SEED = 18
SKIP_ROWS = 10_000  # the first rows are what bench/extraction, same_output, throughput, dedup_stories build
POOL = 160  # articles built for the draw
N_QUOTES = 100
MIN_REPORTED = 30
PER_ARTICLE, PER_TOPIC, PER_OUTLET = 2, 10, 8

PRONOUNS = frozenset("he she they it this that these those him her them i we you who which his its their one".split())
KINDS = ("named", "anonymous", "unnamed", "not_a_quote")


def fail(msg: str) -> NoReturn:
    print(f"speaker_audit: {msg}", file=sys.stderr)
    raise SystemExit(2)


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


# --- the articles ----------------------------------------------------------------------------------
def read_corpus(path: Path, ids: set[str] | None = None) -> list[tuple[int, dict]]:
    """(row number, row) of the AllSides file, all of them or those whose ID is in `ids`."""
    if not path.is_file():
        fail(f"{path} is missing: the AllSides corpus must be at ../shared/data/allsides beside the checkout")
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            row = json.loads(line)
            if ids is None or row.get("ID") in ids:
                out.append((i, row))
    return out


def build(rows: list[dict], work: Path) -> tuple[Path, float]:
    """Build `rows` with this checkout into work/audit.db, as its own process; (store, seconds)."""
    src = work / "audit_rows.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    db = work / "audit.db"
    db.unlink(missing_ok=True)
    t0 = time.perf_counter()
    cmd = [sys.executable, "-m", "storyline", "build", str(src), "--db", str(db), "--quiet"]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    secs = time.perf_counter() - t0
    if proc.returncode != 0:
        fail(f"the build failed ({proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-4000:]}")
    return db, secs


def documents_by_row(conn: sqlite3.Connection, rows: list[dict]) -> dict[str, list[tuple[str, str]]]:
    """AllSides ID -> [(doc_id, text)] of the documents built from that row (origin '... row N', 1-based)."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    sql = (
        "SELECT d.id, d.text, s.origin FROM documents d JOIN sources s ON s.content_hash = d.source_hash ORDER BY d.seq"
    )
    for doc_id, text, origin in conn.execute(sql):
        m = re.search(r" row (\d+)$", origin)
        if m:
            out[rows[int(m.group(1)) - 1]["ID"]].append((doc_id, text))
    return out


# --- the draw ---------------------------------------------------------------------------------------
def draw(out: Path, keep: Path | None) -> None:
    rng = random.Random(SEED)
    rows = [r for i, r in read_corpus(ALLSIDES) if i >= SKIP_ROWS and (r.get("content_original") or "").strip()]
    rng.shuffle(rows)
    pool = rows[:POOL]
    with tempfile.TemporaryDirectory(prefix="speaker_audit_") as tmp:
        work = keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db, secs = build(pool, work)
        conn = sqlite3.connect(db)
        docs = documents_by_row(conn, pool)
        found: dict[str, list[tuple[str, str, int, int, bool]]] = {}
        for row in pool:
            qs = []
            for doc_id, text in docs.get(row["ID"], []):
                sql = "SELECT start, end, direct FROM quotes WHERE doc_id = ? ORDER BY start"  # never the speaker
                qs += [(doc_id, text, s, e, bool(d)) for s, e, d in conn.execute(sql, (doc_id,))]
            found[row["ID"]] = qs
        conn.close()
    total = sum(len(q) for q in found.values())
    reported = sum(1 for q in found.values() for x in q if not x[4])
    quota = {False: max(MIN_REPORTED, round(N_QUOTES * reported / max(total, 1)))}
    quota[True] = N_QUOTES - quota[False]
    print(f"pool: {len(pool)} articles built in {secs:.0f} s; {total} quotes, {reported} reported speech;"
          f" quota {quota[True]} direct + {quota[False]} reported")  # fmt: skip
    per_topic: Counter[str] = Counter()
    per_outlet: Counter[str] = Counter()
    taken: Counter[bool] = Counter()
    records = []
    for row in pool:
        qs = list(found[row["ID"]])
        rng.shuffle(qs)
        n_article = 0
        for _doc_id, text, s, e, direct in qs:
            topic, outlet = row.get("topic") or "", row.get("source") or ""
            if len(records) >= N_QUOTES or n_article >= PER_ARTICLE:
                break
            if per_topic[topic] >= PER_TOPIC or per_outlet[outlet] >= PER_OUTLET or taken[direct] >= quota[direct]:
                continue
            records.append({
                "allsides_id": row["ID"], "topic": topic, "outlet": outlet, "start": s, "end": e,
                "sha1": sha1(text[s:e]), "direct": direct, "gold": None, "gold_kind": None, "gold_type": None,
                "anonymous_description": None, "named_in_article": None, "note": "",
            })  # fmt: skip
            n_article += 1
            per_topic[topic] += 1
            per_outlet[outlet] += 1
            taken[direct] += 1
    with out.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} quotes from {len({r['allsides_id'] for r in records})} articles,"
          f" {len(per_topic)} topics, {len(per_outlet)} outlets -> {out}")  # fmt: skip


# --- scoring ----------------------------------------------------------------------------------------
@dataclass
class Result:
    rec: dict
    status: str = "ok"  # ok | moved | drift | no document
    quote: tuple | None = None  # (start, end, direct, speaker, speaker_text, anonymous) of the system's quote
    entity: tuple[str, str] | None = None  # (name, type) of the speaker's corpus entity
    names: list[str] = field(default_factory=list)
    titles_only: bool = False
    verdict: str = ""
    error: str = ""
    text: str = ""


def load_records(path: Path) -> list[dict]:
    if not path.is_file():
        fail(f"{path} is missing")
    recs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for r in recs:
        for key in ("allsides_id", "start", "end", "sha1", "direct", "gold", "gold_kind", "named_in_article"):
            if key not in r:
                fail(f"{path}: record {r.get('allsides_id')} has no {key!r}")
        if r["gold_kind"] not in KINDS:
            fail(f"{path}: record {r['allsides_id']} {r['start']}: gold_kind {r['gold_kind']!r} not in {KINDS}")
    return recs


def _plain(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"^(?:the|a|an)\s+", "", name.strip().lower())))


def matches(gold: str, gold_type: str | None, names: list[str], entity_type: str) -> bool:
    from storyline.lexicon.names import initials, same_person

    if gold_type == "person":  # a person's name the tagger typed otherwise still counts; "Trump Organization" not
        return any(same_person(gold, n) for n in names)
    if entity_type == "PERSON":  # an organisation is not the person who shares its name (Bloomberg)
        return False
    g = _plain(gold)
    for n in names:
        p = _plain(n)
        if p and g and (f" {p} " in f" {g} " or f" {g} " in f" {p} "):
            return True
        if n.isupper() and len(n) >= 2 and n == initials(gold):
            return True
    return False


def locate(rec: dict, docs: list[tuple[str, str]]) -> tuple[str, str, int, int, str]:
    """(status, doc_id, start, end, text) of the record's span in the built documents."""
    if not docs:
        return "no document", "", rec["start"], rec["end"], ""
    for doc_id, text in docs:
        if sha1(text[rec["start"] : rec["end"]]) == rec["sha1"]:
            return "ok", doc_id, rec["start"], rec["end"], text
    n = rec["end"] - rec["start"]
    for doc_id, text in docs:
        for s in range(0, max(0, len(text) - n) + 1):
            if sha1(text[s : s + n]) == rec["sha1"]:
                return "moved", doc_id, s, s + n, text
    return "drift", docs[0][0], rec["start"], rec["end"], docs[0][1]


def score_one(conn: sqlite3.Connection, res: Result, doc_id: str, s: int, e: int) -> None:
    rec = res.rec
    best, overlap = None, 0
    sql = "SELECT start, end, direct, speaker, speaker_text, anonymous FROM quotes WHERE doc_id = ?"
    for q in conn.execute(sql, (doc_id,)):
        ov = min(e, q[1]) - max(s, q[0])
        if ov > overlap:
            best, overlap = q, ov
    res.quote = best
    if best is not None and best[3] is not None:
        row = conn.execute(
            "SELECT e.id, e.name, e.type, le.name FROM local_entities le JOIN entities e ON e.id = le.entity_id"
            " WHERE le.doc_id = ? AND le.local = ?",
            (doc_id, best[3]),
        ).fetchone()
        if row is not None:
            res.entity = (row[1], row[2])
            forms: dict[str, None] = {row[1]: None, row[3]: None}
            sql = (
                "SELECT m.normal, m.text, m.kind FROM local_entities le JOIN mentions m"
                " ON m.doc_id = le.doc_id AND m.local = le.local WHERE le.entity_id = ?"
            )
            kinds = set()
            for normal, text, kind in conn.execute(sql, (row[0],)):
                kinds.add(kind)
                if kind != "title":
                    forms.update(dict.fromkeys(x for x in (normal, text) if x))
            res.names = list(forms)
            res.titles_only = bool(kinds) and kinds <= {"title"}
    kind = rec["gold_kind"]
    spk_text = (best[4] or "").strip() if best else ""
    anon = bool(best[5]) if best else False
    named = res.entity is not None and not res.titles_only
    if best is None:
        res.verdict, res.error = "wrong", "quote missed by the extractor"
    elif kind == "not_a_quote":
        res.verdict, res.error = "n/a", "span is not speech (extractor false positive)"
    elif kind == "named":
        if named and matches(rec["gold"], rec.get("gold_type"), res.names, res.entity[1]):
            res.verdict = "right"
        elif named:
            res.verdict, res.error = "wrong", "credited to another named entity"
        elif anon:
            res.verdict, res.error = "wrong", "unresolved: flagged anonymous although named"
        elif not spk_text:
            res.verdict, res.error = "wrong", "unresolved: no speaker"
        elif spk_text.lower() in PRONOUNS:
            res.verdict, res.error = "wrong", "unresolved: a pronoun"
        else:
            res.verdict, res.error = "wrong", "unresolved: a description or other phrase"
    elif kind == "anonymous":
        if named:
            res.verdict, res.error = "wrong", "anonymous source credited to a named entity"
        elif anon:
            res.verdict = "right"
        else:
            res.verdict, res.error = "wrong", "anonymous source not flagged"
    else:  # unnamed
        res.verdict, res.error = ("wrong", "speaker given to an unnamed source") if named else ("right", "")


def score(records: list[dict], db: Path | None, keep: Path | None, corpus: Path) -> tuple[list[Result], float]:
    ids = {r["allsides_id"] for r in records}
    found = dict((r["ID"], r) for _i, r in read_corpus(corpus, ids))
    missing = ids - set(found)
    if missing:
        print(f"warning: {len(missing)} article(s) not in {corpus}: {', '.join(sorted(missing))}")
    rows = [found[i] for i in dict.fromkeys(r["allsides_id"] for r in records) if i in found]
    secs = 0.0
    with tempfile.TemporaryDirectory(prefix="speaker_audit_") as tmp:
        if db is None:
            work = keep or Path(tmp)
            work.mkdir(parents=True, exist_ok=True)
            db, secs = build(rows, work)
        else:
            src = db.parent / "audit_rows.jsonl"  # the rows the store was built from, in their order
            if src.is_file():
                rows = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]
        conn = sqlite3.connect(db)
        docs = documents_by_row(conn, rows)
        results = []
        for rec in records:
            res = Result(rec)
            status, doc_id, s, e, text = locate(rec, docs.get(rec["allsides_id"], []))
            res.status, res.text = status, text[s:e]
            if status in ("ok", "moved"):
                score_one(conn, res, doc_id, s, e)
            results.append(res)
        conn.close()
    return results, secs


def share(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.1%}" if d else "0/0"


def report(results: list[Result], listing: bool) -> None:
    drift = [r for r in results if r.status not in ("ok", "moved")]
    moved = [r for r in results if r.status == "moved"]
    live = [r for r in results if r.status in ("ok", "moved")]
    print(f"records: {len(results)}; found in place {len(live) - len(moved)}, moved {len(moved)},"
          f" drift/missing {len(drift)} (left out of the figures)")  # fmt: skip
    for r in drift:
        print(f"  {r.status}: {r.rec['allsides_id']} {r.rec['start']}-{r.rec['end']}")
    kinds = Counter(r.rec["gold_kind"] for r in live)
    print("gold kinds: " + ", ".join(f"{k} {kinds[k]}" for k in KINDS))
    named = [r for r in live if r.rec["gold_kind"] == "named"]
    print("\nright named speaker (of quotes whose speaker is named in the article):")
    for label, sub in (("all", named), ("direct", [r for r in named if r.rec["direct"]]),
                       ("reported", [r for r in named if not r.rec["direct"]])):  # fmt: skip
        print(f"  {label:12} {share(sum(r.verdict == 'right' for r in sub), len(sub))}")
    for kind in ("person", "organisation", "other"):
        sub = [r for r in named if r.rec.get("gold_type") == kind]
        if sub:
            print(f"  {kind:12.12} {share(sum(r.verdict == 'right' for r in sub), len(sub))}")
    unresolved = [r for r in named if r.error.startswith("unresolved")]
    print(f"left unresolved although named: {share(len(unresolved), len(named))}  (issue 18 goal: <= 2 %)")
    for k, n in Counter(r.error for r in unresolved).most_common():
        print(f"  {k}: {n}")
    missed = sum(1 for r in named if r.quote is None)
    print(f"quotes whose speaker is named that the extractor no longer finds: {missed}")
    speech = [r for r in live if r.rec["gold_kind"] != "not_a_quote"]
    gold_anon = [r for r in speech if r.rec["gold_kind"] == "anonymous"]
    sys_anon = [r for r in live if r.quote is not None and r.quote[5]]
    tp = sum(1 for r in sys_anon if r.rec["gold_kind"] == "anonymous")
    print(f"\nanonymous sources flagged: precision {share(tp, len(sys_anon))}, recall {share(tp, len(gold_anon))}")
    print(f"accuracy over all speech records (named right, anonymous flagged, unnamed left unnamed):"
          f" {share(sum(r.verdict == 'right' for r in speech), len(speech))}")  # fmt: skip
    naq = [r for r in live if r.rec["gold_kind"] == "not_a_quote"]
    print(f"spans that are not speech (extractor false positives): {len(naq)}")
    errors = [r for r in live if r.verdict == "wrong"]
    print(f"\nerrors by class ({len(errors)}):")
    by_class: dict[str, list[Result]] = defaultdict(list)
    for r in errors:
        by_class[f"{r.rec['gold_kind']}: {r.error}"].append(r)
    for cls, rs in sorted(by_class.items(), key=lambda kv: -len(kv[1])):
        print(f"  {cls} — {len(rs)}")
        for r in rs:
            phrase = (r.quote[4] or "") if r.quote else ""
            system = f"{phrase!r} -> {r.entity[0] if r.entity else '-'}" if phrase or r.entity else "-"
            gold = r.rec["gold"] or r.rec.get("anonymous_description") or "-"
            print(f"    {r.rec['allsides_id']} {r.rec['start']:>5} {'D' if r.rec['direct'] else 'R'}"
                  f"  gold {gold!s:26.26}  system {system!s:44.44}  {r.rec.get('note') or ''}")  # fmt: skip
    if listing:
        print("\nall records (gold vs system):")
        for r in results:
            q = r.quote
            sys_txt = (q[4] or "-") if q else "(missed)"
            ent = f"{r.entity[0]} [{r.entity[1]}]" if r.entity else "-"
            flag = " anon" if q and q[5] else ""
            snippet = " ".join(r.text.split())
            snippet = snippet if len(snippet) <= 90 else snippet[:87] + "..."
            how = "direct" if r.rec["direct"] else "reported"
            print(f"- {r.rec['allsides_id']} {r.rec['start']}-{r.rec['end']} {how}"
                  f" [{r.status}] {r.verdict or '-'}{': ' + r.error if r.error else ''}\n"
                  f"    gold ({r.rec['gold_kind']}): {r.rec['gold'] or r.rec.get('anonymous_description') or '-'}\n"
                  f"    system: {sys_txt!r} -> {ent}{flag}\n"
                  f"    quote: {snippet}" + (f"\n    note: {r.rec['note']}" if r.rec.get("note") else ""))  # fmt: skip


def context(records: list[dict], corpus: Path, keep: Path | None, before: int, after: int) -> None:
    """The annotator's view: each span marked in its article, with no system output at all."""
    ids = {r["allsides_id"] for r in records}
    found = dict((r["ID"], r) for _i, r in read_corpus(corpus, ids))
    rows = [found[i] for i in dict.fromkeys(r["allsides_id"] for r in records) if i in found]
    with tempfile.TemporaryDirectory(prefix="speaker_audit_") as tmp:
        work = keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = work / "audit.db"
        if db.exists() and (work / "audit_rows.jsonl").is_file():  # a store kept by --keep (or by --draw)
            rows = [json.loads(x) for x in (work / "audit_rows.jsonl").read_text(encoding="utf-8").splitlines()]
        else:
            db, _ = build(rows, work)
        conn = sqlite3.connect(db)
        docs = documents_by_row(conn, rows)
        conn.close()
    for n, rec in enumerate(records, 1):
        status, _doc, s, e, text = locate(rec, docs.get(rec["allsides_id"], []))
        print(f"\n=== #{n} {rec['allsides_id']} {s}-{e} {'direct' if rec['direct'] else 'reported'} [{status}]"
              f" {found.get(rec['allsides_id'], {}).get('source', '')}")  # fmt: skip
        print(text[max(0, s - before) : s] + "⟦" + text[s:e] + "⟧" + text[e : e + after])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help="annotated records (JSONL)")
    ap.add_argument("--corpus", type=Path, default=ALLSIDES, help="the AllSides articles.jsonl.gz")
    ap.add_argument("--list", action="store_true", help="print every record, gold vs system")
    ap.add_argument("--db", type=Path, help="score this store (built by --keep) instead of building one")
    ap.add_argument("--keep", type=Path, help="build in this folder and keep the rows and the store")
    ap.add_argument("--draw", type=Path, metavar="OUT", help="redo the seeded draw into OUT (no gold)")
    ap.add_argument("--context", action="store_true", help="print each span in its article (annotator view)")
    ap.add_argument("--before", type=int, default=2500, help="--context: characters before the span")
    ap.add_argument("--after", type=int, default=600, help="--context: characters after the span")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.draw:
        draw(args.draw, args.keep)
        return
    if args.context:
        context([json.loads(x) for x in args.data.read_text(encoding="utf-8").splitlines() if x.strip()],
                args.corpus, args.keep, args.before, args.after)  # fmt: skip
        return
    sys.path.insert(0, str(REPO))
    records = load_records(args.data)
    results, secs = score(records, args.db, args.keep, args.corpus)
    report(results, args.list)
    print(f"\nbuild {secs:.1f} s; total {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
