"""Event audit: hand-written gold events of held-out AllSides articles, and a scorer for the timeline.

    .venv/bin/python bench/event_audit.py                 # build the sample with this checkout, print the figures
    .venv/bin/python bench/event_audit.py --list          # ... and every mismatch, gold vs system
    .venv/bin/python bench/event_audit.py --keep DIR      # keep the sample rows and the store in DIR
    .venv/bin/python bench/event_audit.py --db STORE      # score an already built store of the sample (--keep)
    .venv/bin/python bench/event_audit.py --context       # annotator view: each article's clean text, no system output
    .venv/bin/python bench/event_audit.py --draw OUT      # redo the seeded draw (see "Sampling") into OUT
    .venv/bin/python bench/event_audit.py --compile NOTES # annotator's notes -> gold records (offsets, SHA-1)

Why. Issue 19 changes how events are found, dated and merged; its rules must be measured on articles
nobody tuned them on. bench/data/event_audit.jsonl holds every event of the issue's types that 60
AllSides articles report, written by hand (guidelines: bench/data/event_audit.md) before any of the
issue's event rules changed and before the system's events of these articles were read. No article
text is stored (the publishers' licence): a record keeps the article's AllSides `ID`, character
offsets into Storyline's clean text of it, the SHA-1 of each span, and facts (type, dates, names).
The script re-creates the articles from the user's own copy (`../shared/data/allsides/articles.jsonl.gz`)
and builds them with the current checkout (`python -m storyline build`, its own process, into a
temporary store), by the helpers of bench/speaker_audit.py.

What a system event is. For each sample document, every merged event (`events`) with a report
(`event_mentions`) in it is one system event *of that document*, seen as the timeline shows it: the
merged event's type, date, date_end and participants (corpus entities, known by their name, their
local names and every non-title mention form); a report not merged yet stands for itself. Two
reports of one merged event in one document are one system event (the timeline shows one line).

When it matches a gold event of the same document: the type agrees (meeting and talks are one group;
a gold `alt_type`, written for the ambiguous cases the guidelines list, is accepted too); the date
agrees at the gold's precision (the system date cut to the gold's precision equals the gold date, or
lies within the gold's date..date_end; a gold date of null — the text gives none — accepts any date,
but then the report must come from one of the gold's evidence sentences); and
at least one participant agrees: names compared casefolded with accents and a leading "the" dropped,
equal or one containing the other as whole words, the initials of the gold name (dots ignored), or
for persons `lexicon.names.same_person` (a surname alone matches). A gold event without participants
(an attack by unknown people) matches on type, date and a report whose sentence overlaps the gold
evidence. Pairs are assigned greedily, those whose evidence overlaps the gold's first, each gold and
system event used once.

Printed:
- event precision and recall over all gold events (background and not-happened ones included, as
  the system shows everything it finds), and for the "default timeline": gold events that are
  background or whose status is not `happened` are not wanted there; a system event matched to one
  counts as wrong unless the system keeps it off its default view (an `events.status` column other
  than happened, or a true `events.background`, when the schema has them);
- date value accuracy: of the gold events with a date expression that the system reports (a report of
  the same type from the gold's sentences, else a full match), the share whose system date is the
  gold date at the gold's precision; and over the gold date expressions themselves, the
  share whose `times` value (the time expression overlapping the gold span most) is the gold value
  at its precision;
- same-event links on the multi-source story: two system events in different documents are linked
  when they are one merged event; pairwise precision and recall against the gold `happening`
  (pairs of matched events; gold pairs whose events went unmatched count as missed links);
- errors by class (counts; `classify` says how each is decided): duplicate, wrong date, wrong
  participants, wrong date and participants, wrong type, not an event, background or not happened
  shown as current, missing. `--list` prints each of them (off by default, so that the error list is
  not read casually while rules change).

Sampling (`--draw`, seed 19). Candidates are the AllSides rows 10,000-23,999 (0-based; rows from
24,000 on are another benchmark's) with non-empty `content_original`, minus every article of
bench/data/speaker_audit.jsonl. (1) Single articles: the candidates in file order, shuffled with
random.Random(19), taken in that order with at most 3 per topic and 3 per outlet; news is preferred
by what the row says (rows whose outlet or URL says opinion are taken only if news runs out), until
40. (2) One story: the candidates not drawn in (1) whose `date` parses, grouped by 5-day windows
(every date that occurs opens one: rows dated d..d+4) and a happening noun from a fixed list
(HAPPENINGS) found as a whole word in the title or the first 300 characters of the content; groups
of 20+ rows, duplicates (same rows) dropped, in (date, noun) order; Random(19), continued after the
shuffle, chooses one; its rows in file order, shuffled by the same generator, the first 20 kept.

Exits 2 with a message when the corpus or the data file is missing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sqlite3
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from speaker_audit import ALLSIDES, REPO, build, documents_by_row, read_corpus, sha1

DATA = REPO / "bench" / "data" / "event_audit.jsonl"
SPEAKER_DATA = REPO / "bench" / "data" / "speaker_audit.jsonl"

SEED = 19
ROWS = range(10_000, 24_000)
N_SINGLE, PER_TOPIC, PER_OUTLET = 40, 3, 3
STORY_MIN, STORY_N, WINDOW_DAYS, LEAD = 20, 20, 5, 300
HAPPENINGS = (
    "convention debate summit shooting bombing hearing caucus caucuses primary speech address verdict ruling riot "
    "hurricane storm earthquake crash massacre shutdown inauguration funeral marathon"
).split()
OPINION = re.compile(r"(?i)opinion|editorial|commentary|/op-?ed")
TYPES = ("call", "meeting", "talks", "visit", "agreement", "decision", "sanction", "appointment", "election", "attack",
         "publication", "statement")  # fmt: skip
STATUSES = ("happened", "scheduled", "cancelled", "proposed", "speculated", "denied")


def fail(msg: str) -> None:
    print(f"event_audit: {msg}", file=sys.stderr)
    raise SystemExit(2)


# --- the draw ---------------------------------------------------------------------------------------
def _row_date(row: dict) -> dt.date | None:
    m = re.match(r"^(\d{4}-\d\d-\d\d)", row.get("date") or "")
    try:
        return dt.date.fromisoformat(m.group(1)) if m else None
    except ValueError:
        return None


def _article(i: int, row: dict, part: str) -> dict:
    return {"record": "article", "allsides_id": row["ID"], "row": i, "set": part, "topic": row.get("topic") or "",
            "outlet": row.get("source") or "", "date": row.get("date") or ""}  # fmt: skip


def draw_sample(corpus: Path) -> list[dict]:
    """The article records of the sample, singles then the story (see "Sampling")."""
    taken_before = set()
    if SPEAKER_DATA.is_file():
        taken_before = {json.loads(x)["allsides_id"] for x in SPEAKER_DATA.read_text(encoding="utf-8").splitlines()}
    cands = [(i, r) for i, r in read_corpus(corpus) if i in ROWS and r.get("ID") not in taken_before
             and (r.get("content_original") or "").strip()]  # fmt: skip
    rng = random.Random(SEED)
    shuffled = list(cands)
    rng.shuffle(shuffled)
    singles: list[tuple[int, dict]] = []
    topics: dict[str, int] = {}
    outlets: dict[str, int] = {}
    news = [x for x in shuffled if not OPINION.search(f"{x[1].get('source') or ''} {x[1].get('url') or ''}")]
    for i, row in news + [x for x in shuffled if x not in news]:
        topic, outlet = row.get("topic") or "", row.get("source") or ""
        if len(singles) >= N_SINGLE:
            break
        if topics.get(topic, 0) >= PER_TOPIC or outlets.get(outlet, 0) >= PER_OUTLET:
            continue
        singles.append((i, row))
        topics[topic] = topics.get(topic, 0) + 1
        outlets[outlet] = outlets.get(outlet, 0) + 1
    single_rows = {i for i, _ in singles}
    dated = [(d, i, r) for i, r in cands if i not in single_rows and (d := _row_date(r)) is not None]
    groups: dict[frozenset[int], tuple[dt.date, str]] = {}
    for start in sorted({d for d, _, _ in dated}):
        window = [(i, r) for d, i, r in dated if start <= d < start + dt.timedelta(days=WINDOW_DAYS)]
        for noun in HAPPENINGS:
            word = re.compile(rf"\b{noun}\b")
            rows = frozenset(
                i for i, r in window if word.search(f"{r['title']} {r['content_original'][:LEAD]}".lower())
            )
            if len(rows) >= STORY_MIN and rows not in groups:
                groups[rows] = (start, noun)
    if not groups:
        fail("no story group of 20+ rows")
    chosen = rng.choice(sorted(groups, key=lambda g: (groups[g], sorted(g))))
    by_row = dict(cands)
    story = sorted(chosen)
    rng.shuffle(story)
    story = sorted(story[:STORY_N])
    start, noun = groups[chosen]
    print(f"{len(groups)} story group(s); chosen: {noun!r} from {start}, {len(chosen)} rows, {len(story)} kept",
          file=sys.stderr)  # fmt: skip
    return [_article(i, r, "single") for i, r in singles] + [_article(i, by_row[i], "story") for i in story]


def draw(out: Path, corpus: Path) -> None:
    arts = draw_sample(corpus)
    with out.open("w", encoding="utf-8") as f:
        for a in arts:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"{len(arts)} articles -> {out}", file=sys.stderr)


# --- the sample's store -------------------------------------------------------------------------------
def load(path: Path) -> tuple[list[dict], list[dict]]:
    """(article records, event records) of a gold file."""
    if not path.is_file():
        fail(f"{path} is missing")
    recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return [r for r in recs if r["record"] == "article"], [r for r in recs if r["record"] == "event"]


def sample_store(
    arts: list[dict], corpus: Path, keep: Path | None, db: Path | None, work: Path
) -> tuple[Path, dict, float]:
    """(store, AllSides ID -> [(doc_id, text)], build seconds): `db` as given, a kept one, or a fresh build."""
    ids = {a["allsides_id"] for a in arts}
    found = {r["ID"]: r for _i, r in read_corpus(corpus, ids)}
    if ids - set(found):
        print(f"warning: {len(ids - set(found))} article(s) not in {corpus}: {', '.join(sorted(ids - set(found)))}")
    rows = [found[a["allsides_id"]] for a in arts if a["allsides_id"] in found]
    secs = 0.0
    if db is None:
        folder = keep or work
        folder.mkdir(parents=True, exist_ok=True)
        if keep and (keep / "audit.db").exists() and (keep / "audit_rows.jsonl").is_file():
            db = keep / "audit.db"
        else:
            db, secs = build(rows, folder)
    src = db.parent / "audit_rows.jsonl"  # the rows the store was built from, in their order
    if src.is_file():
        rows = [json.loads(x) for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]
    conn = sqlite3.connect(db)
    docs = documents_by_row(conn, rows)
    conn.close()
    return db, docs, secs


def context(arts: list[dict], corpus: Path, keep: Path | None) -> None:
    """The annotator's view: each article's clean text, paragraph by paragraph with offsets; no system output."""
    with tempfile.TemporaryDirectory(prefix="event_audit_") as tmp:
        db, docs, _ = sample_store(arts, corpus, keep, None, Path(tmp))
        conn = sqlite3.connect(db)
        for n, a in enumerate(arts, 1):
            for doc_id, text in docs.get(a["allsides_id"], []):
                title = conn.execute("SELECT title FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
                print(f"\n=== #{n} {a['allsides_id']} [{a['set']}] {a['topic']} | {a['outlet']}"
                      f" | row date {a['date']!r} | doc {doc_id[:10]} | title: {title}")  # fmt: skip
                for m in re.finditer(r"[^\n]+", text):
                    print(f"[{m.start()}] {m.group()}")
        conn.close()


# --- from the annotator's notes to records ---------------------------------------------------------------
_SENT_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])|\n")


def sentence_around(text: str, s: int, e: int) -> tuple[int, int]:
    """The sentence(s) holding text[s:e], by punctuation and line ends (good enough for evidence offsets)."""
    lo = 0
    for m in _SENT_END.finditer(text, 0, s + 1):
        if m.end() <= s:
            lo = m.end()
    m = _SENT_END.search(text, e)
    hi = m.start() if m else len(text)
    return lo, hi


def _find(text: str, snippet: str, near: int = 0) -> tuple[int, int]:
    hits = [m.start() for m in re.finditer(re.escape(snippet), text)]
    if not hits:
        raise ValueError(f"not found: {snippet!r}")
    s = min(hits, key=lambda h: abs(h - near))
    return s, s + len(snippet)


def compile_notes(notes: Path, arts: list[dict], corpus: Path, keep: Path | None, out: Path) -> None:
    """Notes (a scratch file outside the repository) -> the gold file: article records, then events.

    A line `@ ID` opens an article; each event line is `type | date | date_end | participants (; between
    names, / between a name's forms) | place | status | background (y/n) | evidence snippet(s) (|| between
    sentences) | date expression (snippet, or snippet=>value) | happening | note`, fields empty for none.
    A snippet is any part of the sentence, unique enough; the record gets the whole sentence's offsets."""
    with tempfile.TemporaryDirectory(prefix="event_audit_") as tmp:
        _db, docs, _ = sample_store(arts, corpus, keep, None, Path(tmp))
    texts = {aid: ds[0][1] for aid, ds in docs.items() if ds}
    events: list[dict] = []
    problems: list[str] = []
    aid = ""
    for ln, line in enumerate(notes.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("@"):
            aid = line[1:].split()[0]
            continue
        f = [x.strip() for x in line.replace("||", "\0").split("|")]
        if len(f) < 8:
            fail(f"{notes}:{ln}: {len(f)} fields")
        f += [""] * (11 - len(f))
        typ, date, date_end, parts, place, status, bg, ev, dexpr, happening, note = f[:11]
        alt = None
        if "/" in typ:
            typ, alt = typ.split("/", 1)
        if typ not in TYPES or (alt and alt not in TYPES) or (status or "happened") not in STATUSES:
            fail(f"{notes}:{ln}: type {typ!r}/{alt!r} or status {status!r}")
        text = texts[aid]
        evidence = []
        try:
            for snip in (x.strip() for x in ev.split("\0")):
                s, e = _find(text, snip)
                s, e = sentence_around(text, s, e)
                evidence.append({"start": s, "end": e, "sha1": sha1(text[s:e])})
            dx = None
            if dexpr:
                snip, _, value = dexpr.partition("=>")
                s, e = _find(text, snip.strip(), evidence[0]["start"])
                dx = {"start": s, "end": e, "sha1": sha1(text[s:e]), "value": value.strip() or date or None}
        except ValueError as err:
            problems.append(f"{notes}:{ln}: {err}")
            continue
        names = [[y.strip() for y in x.split("/") if y.strip()] for x in parts.split(";") if x.strip()]
        events.append({
            "record": "event", "allsides_id": aid, "type": typ, "alt_type": alt, "date": date or None,
            "date_end": date_end or None, "participants": names, "place": place or None,
            "status": status or "happened", "background": bg.lower().startswith("y"), "evidence": evidence,
            "date_expr": dx, "happening": happening or None, "note": note,
        })  # fmt: skip
    if problems:
        fail("snippets not found in the clean text:\n" + "\n".join(problems))
    with out.open("w", encoding="utf-8") as fh:
        for r in arts + events:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(events)} events of {len({e['allsides_id'] for e in events})} articles -> {out}", file=sys.stderr)


# --- scoring ------------------------------------------------------------------------------------------
@dataclass
class SysEvent:
    """One system event of one document, as the timeline shows it."""

    aid: str
    doc_id: str
    event_id: str | None
    type: str
    date: str | None
    date_end: str | None
    parties: list[tuple[list[str], str]]  # (names, entity type) of each participant
    spans: list[tuple[int, int]]
    shown: bool = True  # on the default timeline


@dataclass
class Result:
    gold: list[dict]
    system: list[SysEvent]
    pairs: dict[int, int]  # gold index -> system index
    loose: dict[int, int]  # the same, ignoring the date (for date accuracy)
    errors: list[tuple[str, int | None, int | None]]  # (class, gold index, system index)
    expr: list[tuple[int, str | None]]  # (gold index, system value) of every gold date expression with a value
    sets: dict[str, str]  # allsides_id -> single | story


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def _names(
    conn: sqlite3.Connection, cache: dict, entity: str | None, doc_id: str, local: int | None
) -> tuple[list[str], str]:
    """Every form a participant is known by: a corpus entity's names and mention forms, or a local entity's."""
    key = entity or (doc_id, local)
    if key in cache:
        return cache[key]
    forms: dict[str, None] = {}
    etype = ""
    if entity is not None:
        row = conn.execute("SELECT name, type FROM entities WHERE id = ?", (entity,)).fetchone()
        if row:
            forms[row[0]] = None
            etype = row[1]
        locals_ = conn.execute(
            "SELECT doc_id, local, name FROM local_entities WHERE entity_id = ?", (entity,)
        ).fetchall()
    else:
        locals_ = conn.execute("SELECT doc_id, local, name FROM local_entities WHERE doc_id = ? AND local = ?",
                               (doc_id, local)).fetchall()  # fmt: skip
        row = conn.execute("SELECT type FROM local_entities WHERE doc_id = ? AND local = ?", (doc_id, local)).fetchone()
        etype = row[0] if row else ""
    for d, loc, name in locals_:
        forms[name] = None
        sql = "SELECT text, normal FROM mentions WHERE doc_id = ? AND local = ? AND kind != 'title'"
        for text, normal in conn.execute(sql, (d, loc)):
            forms.update(dict.fromkeys(x for x in (text, normal) if x))
    cache[key] = (list(forms), etype)
    return cache[key]


def _split_date(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    a, _, b = value.partition("/")
    return a or None, b or None


def read_system(conn: sqlite3.Connection, docs: dict[str, list[tuple[str, str]]]) -> list[SysEvent]:
    ev_cols, men_cols = _columns(conn, "events"), _columns(conn, "event_mentions")
    cache: dict = {}
    out: list[SysEvent] = []
    for aid, ds in docs.items():
        for doc_id, _text in ds:
            units: dict[str, SysEvent] = {}
            sql = "SELECT * FROM event_mentions WHERE doc_id = ? ORDER BY idx"
            cur = conn.execute(sql, (doc_id,))
            names = [c[0] for c in cur.description]
            for values in cur.fetchall():
                m = dict(zip(names, values, strict=True))
                hidden = m.get("background") in (1, True) or (m.get("status") or "happened") != "happened"
                key = m["event_id"] or f"{doc_id}:{m['idx']}"
                if key in units:
                    units[key].spans.append((m["start"], m["end"]))
                    units[key].shown = units[key].shown or not hidden
                    continue
                ev = None
                if m["event_id"]:
                    cur2 = conn.execute("SELECT * FROM events WHERE id = ?", (m["event_id"],))
                    row = cur2.fetchone()
                    ev = dict(zip([c[0] for c in cur2.description], row, strict=True)) if row else None
                if ev is not None:
                    parties = [_names(conn, cache, e, doc_id, None) for e in json.loads(ev["participants"])]
                    date, date_end = ev["date"], ev["date_end"]
                    typ = ev["type"]
                    if "status" in ev_cols or "background" in ev_cols:
                        hidden = ev.get("background") in (1, True) or (ev.get("status") or "happened") != "happened"
                    elif not ({"status", "background"} & men_cols):
                        hidden = False
                else:
                    parties = [_names(conn, cache, None, doc_id, loc) for loc in json.loads(m["participants"])]
                    date, date_end, typ = m["date"], m["date_end"], m["type"]
                d0, d1 = _split_date(date)
                units[key] = SysEvent(aid, doc_id, m["event_id"], typ, d0, date_end or d1, parties,
                                      [(m["start"], m["end"])], not hidden)  # fmt: skip
            out.extend(units.values())
    return out


def _group(typ: str | None) -> str | None:
    return "meeting" if typ == "talks" else typ


def type_agrees(g: dict, s: SysEvent) -> bool:
    return _group(s.type) in {_group(g["type"]), _group(g.get("alt_type"))}


def date_agrees(g: dict, s: SysEvent) -> bool:
    """The system date at the gold's precision is the gold date, or within the gold's date..date_end."""
    gd, ge = g["date"], g.get("date_end")
    if gd is None:
        return True
    if s.date is None or len(s.date) < len(gd):
        return False
    if ge is None:
        return s.date[: len(gd)] == gd
    return gd <= s.date[: len(gd)] and s.date[: len(ge)] <= ge


def norm(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = re.sub(r"^(?:the|a|an)\s+", "", text.strip())
    return " ".join(re.findall(r"[a-z0-9]+", text))


def party_agrees(forms: list[str], names: list[str], etype: str) -> bool:
    from storyline.lexicon.names import initials, same_person

    for g in forms:
        ng = norm(g)
        for n in names:
            nn = norm(n)
            if ng and nn and (ng == nn or f" {nn} " in f" {ng} " or f" {ng} " in f" {nn} "):
                return True
            bare = re.sub(r"[.\s]", "", n)
            if len(bare) >= 2 and bare.isupper() and bare == initials(g).replace(".", ""):
                return True
            if etype == "PERSON" and same_person(g, n):
                return True
    return False


def parties_agree(g: dict, s: SysEvent) -> bool:
    if not g["participants"]:  # an event whose actors the article does not name: its sentence must be the one
        return _overlaps(g, s)
    return any(party_agrees(forms, names, etype) for forms in g["participants"] for names, etype in s.parties)


def matches(g: dict, s: SysEvent) -> bool:
    """Type, date and a participant agree; an undated gold event also needs the report to come from its sentences
    (with no date to tell two happenings apart, a participant alone would pair unrelated events of one article)."""
    if not (type_agrees(g, s) and date_agrees(g, s) and parties_agree(g, s)):
        return False
    return g["date"] is not None or _overlaps(g, s)


def _overlaps(g: dict, s: SysEvent) -> bool:
    return any(a < e["end"] and e["start"] < b for e in g["evidence"] for a, b in s.spans)


def assign(gold: list[dict], system: list[SysEvent], ok: Callable[[dict, SysEvent], bool]) -> dict[int, int]:
    """Greedy one-to-one pairs within each document, pairs whose evidence overlaps first."""
    cands = [(not _overlaps(g, s), gi, si) for gi, g in enumerate(gold) for si, s in enumerate(system)
             if g["allsides_id"] == s.aid and ok(g, s)]  # fmt: skip
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _far, gi, si in sorted(cands):
        if gi not in pairs and si not in used:
            pairs[gi] = si
            used.add(si)
    return pairs


def wanted(g: dict) -> bool:
    return not g["background"] and g["status"] == "happened"


def classify(
    gold: list[dict], system: list[SysEvent], pairs: dict[int, int]
) -> list[tuple[str, int | None, int | None]]:
    """Each error once. An unmatched system event: a second report of a matched gold event (duplicate); a
    report from a gold event's sentences of the same type whose date or participants disagree; one from a
    gold event's sentences of another type (wrong type); else not an event (or a report of a gold event from
    a sentence its record does not list, which the figures cannot tell apart). A matched one that the default
    timeline shows although the gold is background or did not happen. An unmatched gold event: missing."""
    errors: list[tuple[str, int | None, int | None]] = []
    matched_s = {si: gi for gi, si in pairs.items()}
    for si, s in enumerate(system):
        if si in matched_s:
            if s.shown and not wanted(gold[matched_s[si]]):
                errors.append(("background or not happened, shown as current", matched_s[si], si))
            continue
        near = [(gi, g) for gi, g in enumerate(gold) if g["allsides_id"] == s.aid]
        same_type = [(gi, g) for gi, g in near if type_agrees(g, s)]
        tests: list[tuple[str, Callable[[int, dict], bool]]] = [
            ("duplicate", lambda gi, g, s=s: gi in pairs and (_overlaps(g, s) or matches(g, s))),
            ("wrong date", lambda _gi, g, s=s: _overlaps(g, s) and parties_agree(g, s)),
            ("wrong participants", lambda _gi, g, s=s: _overlaps(g, s) and date_agrees(g, s)),
            ("wrong date and participants", lambda _gi, g, s=s: _overlaps(g, s)),
        ]
        for cls, test in tests:
            hit = next((gi for gi, g in same_type if test(gi, g)), None)
            if hit is not None:
                errors.append((cls, hit, si))
                break
        else:
            hit = next((gi for gi, g in near if _overlaps(g, s)), None)
            errors.append(("wrong type" if hit is not None else "not an event", hit, si))
    errors += [("missing", gi, None) for gi in range(len(gold)) if gi not in pairs]
    return errors


def expression_values(conn: sqlite3.Connection, gold: list[dict], docs: dict) -> list[tuple[int, str | None]]:
    """The `times` value over each gold date expression (the one overlapping it most; None: no expression)."""
    out = []
    for gi, g in enumerate(gold):
        dx = g.get("date_expr")
        if not dx or not dx.get("value") or not docs.get(g["allsides_id"]):
            continue
        doc_id = docs[g["allsides_id"]][0][0]
        best, most = None, 0
        for s, e, value in conn.execute("SELECT start, end, value FROM times WHERE doc_id = ?", (doc_id,)):
            ov = min(e, dx["end"]) - max(s, dx["start"])
            if ov > most:
                best, most = value, ov
        out.append((gi, best))
    return out


def value_agrees(gold: str, value: str | None) -> bool:
    if not value:
        return False
    if re.match(r"^\d{4}(-\d\d){0,2}$", gold):
        return len(value) >= len(gold) and value[: len(gold)] == gold
    return value.casefold() == gold.casefold()


def check_spans(gold: list[dict], docs: dict) -> list[str]:
    """Records whose evidence or date expression no longer has its SHA-1 in the built text (cleaning changed)."""
    bad = []
    for g in gold:
        text = docs[g["allsides_id"]][0][1] if docs.get(g["allsides_id"]) else ""
        spans = g["evidence"] + ([g["date_expr"]] if g.get("date_expr") else [])
        if any(sha1(text[x["start"] : x["end"]]) != x["sha1"] for x in spans):
            bad.append(f"{g['allsides_id']} {g['type']} {g['evidence'][0]['start']}")
    return bad


def score(conn: sqlite3.Connection, arts: list[dict], gold: list[dict], docs: dict) -> Result:
    drift = check_spans(gold, docs)
    if drift:
        print(f"warning: {len(drift)} record(s) whose spans moved (cleaning changed): {'; '.join(drift[:10])}")
    system = read_system(conn, {a["allsides_id"]: docs.get(a["allsides_id"], []) for a in arts})
    pairs = assign(gold, system, matches)
    loose = assign(gold, system, lambda g, s: type_agrees(g, s) and (_overlaps(g, s) or matches(g, s)))
    sets = {a["allsides_id"]: a["set"] for a in arts}
    return Result(gold, system, pairs, loose, classify(gold, system, pairs), expression_values(conn, gold, docs), sets)


def share(n: int, d: int) -> str:
    return f"{n}/{d} = {n / d:.1%}" if d else "0/0"


def links(res: Result) -> tuple[int, int, int]:
    """(right system links, system links, gold links) over pairs of story events in different documents."""
    story = [gi for gi, g in enumerate(res.gold) if res.sets.get(g["allsides_id"]) == "story" and g.get("happening")]
    gold_links = sys_links = right = 0
    for x, gi in enumerate(story):
        for gj in story[x + 1 :]:
            a, b = res.gold[gi], res.gold[gj]
            if a["allsides_id"] == b["allsides_id"]:
                continue
            same = a["happening"] == b["happening"]
            si, sj = res.pairs.get(gi), res.pairs.get(gj)
            linked = si is not None and sj is not None and res.system[si].event_id is not None
            linked = linked and res.system[si].event_id == res.system[sj].event_id
            gold_links += same
            sys_links += linked
            right += same and linked
    return right, sys_links, gold_links


def report(res: Result, listing: bool) -> None:
    gold, system, pairs = res.gold, res.system, res.pairs
    print(f"gold events: {len(gold)} in {len(set(res.sets))} articles; system events: {len(system)}")
    for label, keep in (("all", lambda _aid: True), ("single articles", lambda aid: res.sets.get(aid) == "single"),
                        ("story", lambda aid: res.sets.get(aid) == "story")):  # fmt: skip
        g_ix = [gi for gi, g in enumerate(gold) if keep(g["allsides_id"])]
        s_ix = [si for si, s in enumerate(system) if keep(s.aid)]
        hit = [gi for gi in g_ix if gi in pairs]
        print(f"\n{label}:")
        print(
            f"  events, everything:       precision {share(len(hit), len(s_ix))}, recall {share(len(hit), len(g_ix))}"
        )
        shown = [si for si in s_ix if system[si].shown]
        right = [gi for gi in hit if wanted(gold[gi]) and system[pairs[gi]].shown]
        want = [gi for gi in g_ix if wanted(gold[gi])]
        print(f"  events, default timeline: precision {share(len(right), len(shown))},"
              f" recall {share(len(right), len(want))}")  # fmt: skip
    dated = [gi for gi, g in enumerate(gold) if g.get("date_expr") and g["date"] and gi in res.loose]
    ok = sum(date_agrees(gold[gi], system[res.loose[gi]]) for gi in dated)
    n_expr = sum(1 for g in gold if g.get("date_expr") and g["date"])
    print(f"\ndate value accuracy, events (gold events with a date expression whose event was found, {len(dated)}"
          f" of {n_expr}): {share(ok, len(dated))}")  # fmt: skip
    ok = sum(value_agrees(gold[gi]["date_expr"]["value"], v) for gi, v in res.expr)
    print(f"date value accuracy, expressions (times over the gold span): {share(ok, len(res.expr))}"
          f" (no expression found: {sum(v is None for _gi, v in res.expr)})")  # fmt: skip
    undated = sum(1 for gi, si in pairs.items() if gold[gi]["date"] is None and system[si].date is not None)
    print(f"matched events the text gives no date for, dated by the system: {undated}")
    right, sys_links, gold_links = links(res)
    print(f"\nsame-event links on the story (pairs of reports in different articles): precision"
          f" {share(right, sys_links)}, recall {share(right, gold_links)}")  # fmt: skip
    units = [s for s in system if res.sets.get(s.aid) == "story" and s.event_id]
    matched = {pairs[gi] for gi in pairs}
    every = [
        (a, b) for i, a in enumerate(units) for b in units[i + 1 :] if a.doc_id != b.doc_id and a.event_id == b.event_id
    ]
    idx = {id(s): si for si, s in enumerate(system)}
    loose = sum(1 for a, b in every if idx[id(a)] not in matched or idx[id(b)] not in matched)
    print(
        f"  all system links between story articles: {len(every)}, {loose} of them with an event that matches no gold"
    )
    print("\nerrors by class:")
    for cls, n in Counter(c for c, _g, _s in res.errors).most_common():
        print(f"  {cls}: {n}")
    if listing:
        print("\nmismatches:")
        for cls, gi, si in res.errors:
            g = gold[gi] if gi is not None else None
            s = system[si] if si is not None else None
            aid = g["allsides_id"] if g else s.aid
            print(f"- {cls}: {aid}")
            if g:
                names = "; ".join(f[0] for f in g["participants"])
                print(f"    gold   {g['type']} {g['date']}{'..' + g['date_end'] if g.get('date_end') else ''}"
                      f" [{names}] place {g['place']} {g['status']}{' background' if g['background'] else ''}"
                      f" @{g['evidence'][0]['start']}")  # fmt: skip
            if s:
                names = "; ".join(n[0][0] if n[0] else "?" for n in s.parties)
                print(f"    system {s.type} {s.date}{'..' + s.date_end if s.date_end else ''} [{names}]"
                      f" @{s.spans[0][0]} event {s.event_id}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    paths = {
        "--data": (DATA, "the gold file (JSONL)"),
        "--corpus": (ALLSIDES, "the AllSides articles.jsonl.gz"),
        "--db": (None, "score this store (built by --keep) instead of building one"),
        "--keep": (None, "build in this folder and keep the rows and the store"),
        "--draw": (None, "redo the seeded draw into this file (article records only)"),
        "--compile": (None, "annotator's notes -> gold records into --data (a new file)"),
    }
    for flag, (default, text) in paths.items():
        ap.add_argument(flag, type=Path, default=default, help=text)
    for flag, text in (("--list", "print every mismatch, gold vs system"),
                       ("--context", "print each article's clean text (annotator view)")):  # fmt: skip
        ap.add_argument(flag, action="store_true", help=text)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    if args.draw:
        draw(args.draw, args.corpus)
        return
    if args.context or args.compile:
        arts, events = load(args.data) if args.data.is_file() else (draw_sample(args.corpus), [])
        if args.compile and events:
            fail(f"{args.data} already holds gold events (frozen): compile into a new file (--data NEW, from --draw)")
        if args.context:
            context(arts, args.corpus, args.keep)
        else:
            compile_notes(args.compile, arts, args.corpus, args.keep, args.data)
        return
    arts, events = load(args.data)
    with tempfile.TemporaryDirectory(prefix="event_audit_") as tmp:
        db, docs, secs = sample_store(arts, args.corpus, args.keep, args.db, Path(tmp))
        conn = sqlite3.connect(db)
        result = score(conn, arts, events, docs)
        conn.close()
    report(result, args.list)
    print(f"\nbuild {secs:.1f} s; total {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
