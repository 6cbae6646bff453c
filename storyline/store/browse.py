"""Read-only, paginated queries behind the web app's pages.

Each function answers one page from indexed lookups and bounded result sets, so a page costs the
same on a 15-document store as on a 10k-article one: lists are paged (`PAGE` rows), graphs and
charts are capped, and counts come from indexes. Texts are returned raw; escaping is the web
layer's job.

Free text typed by a reader (search words, a speaker's or an actor's name) is the one input that
can make a query arbitrarily expensive, so it is bounded twice: a search keeps at most `MAX_TERMS`
distinct words (FTS5's snippet() costs grow with the square of the number of phrases: 400 words
took 14 s on a 15-document store), and `time_budget` lets SQLite itself abort whatever a page
still runs past its budget, so no request can hold a worker thread, or a shutting-down server,
for longer than that.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from storyline.lexicon.issues import ISSUES
from storyline.store import reads, views
from storyline.store.reads import chunks
from storyline.text.language import ANALYSED_LANGUAGES, not_analysed_note

PAGE = 50
TIMELINE_CAP = 2000  # events drawn on the chart; past this the page asks to narrow the filter
GRAPH_NODES = 25  # co-occurring actors around an entity
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP")
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # FTS5 match markers; the web layer turns them into <mark>


# Newest first is `published DESC, rowid DESC`: SQLite sorts NULL lowest, so undated documents
# come last, and that is exactly the order of the documents_published index, which can then drive
# a paged scan without sorting the whole table.
NEWEST_FIRST = "d.published DESC, d.rowid DESC"
RECENT_DOCS = 250  # an entity's most recent documents, for the parts of its page that join per document


QUERY_SECONDS = 2.0  # wall time a page's free-text queries may take before SQLite stops them
PROGRESS_STEPS = 1_000  # SQLite VM steps between two looks at the clock (tens of µs; no measurable cost)


class QueryTooSlow(Exception):
    """SQLite stopped a page's queries because they ran past the page's time budget."""


@contextmanager
def time_budget(conn: sqlite3.Connection, seconds: float = QUERY_SECONDS) -> Iterator[sqlite3.Connection]:
    """Run the block's queries with a deadline enforced inside SQLite.

    A progress handler looks at the clock every `PROGRESS_STEPS` VM steps and, past the deadline,
    makes SQLite abort the running statement (OperationalError "interrupted"), which is raised here
    as QueryTooSlow. Enforcing it in SQLite, rather than timing the request from outside, frees the
    worker thread: a page whose reader has gone away stops within the budget too, and a server told
    to stop (uvicorn waits for the requests in flight) does. The handler is removed on
    the way out whatever happens, because the web app reuses one connection per thread and the next
    page on it must not inherit an expired deadline. (Work inside a single SQL function call, such
    as one snippet(), is not interruptible; MAX_TERMS keeps that part small.)
    """
    deadline = time.monotonic() + seconds
    fired = False

    def past_deadline() -> int:
        nonlocal fired
        fired = fired or time.monotonic() > deadline
        return int(fired)

    conn.set_progress_handler(past_deadline, PROGRESS_STEPS)
    try:
        yield conn
    except sqlite3.OperationalError as e:
        if fired:
            raise QueryTooSlow(f"stopped after {seconds:g} s") from e
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _offset(page: int) -> int:
    return (max(1, page) - 1) * PAGE


def _rows(cur: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(r) for r in cur]


# --- overview ------------------------------------------------------------------------------------
def overview(conn: sqlite3.Connection) -> dict[str, Any]:
    last_build = conn.execute(
        "SELECT id, started_at, finished_at, inputs, summary FROM builds ORDER BY id DESC LIMIT 1"
    )
    build = dict(row) if (row := last_build.fetchone()) else None
    if build:
        build["summary"] = json.loads(build["summary"]) if build["summary"] else None
        build["inputs"] = json.loads(build["inputs"])
    first, last = views.date_range(conn)
    return {
        "counts": views.counts(conn),
        "languages": views.languages(conn),
        "first_date": first,
        "last_date": last,
        "outlets": _rows(
            conn.execute(
                "SELECT outlet, COUNT(*) AS n FROM documents WHERE outlet IS NOT NULL"
                " GROUP BY outlet ORDER BY n DESC, outlet LIMIT 20"
            )
        ),
        "actors": _rows(
            conn.execute(
                "SELECT id, name, type, n_documents, n_mentions FROM entities"
                f" WHERE type IN ({','.join('?' * len(ACTOR_TYPES))})"
                " ORDER BY n_documents DESC, n_mentions DESC LIMIT 15",
                ACTOR_TYPES,
            )
        ),
        "latest_events": _with_sources(
            conn,
            _rows(
                conn.execute(
                    "SELECT id, type, date, summary FROM events WHERE date IS NOT NULL ORDER BY date DESC, id LIMIT 10"
                )
            ),
        ),
        "build": build,
        "problems": _rows(
            conn.execute(
                "SELECT p.origin, p.severity, p.reason, p.build_id FROM problems p ORDER BY p.id DESC LIMIT 100"
            )
        ),
    }


def _with_sources(conn: sqlite3.Connection, events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds each event's number of independent sources (a document, its copies and the documents it
    shares a passage with count once; one grouped, indexed count per chunk of events)."""
    sources: dict[str, int] = {}
    for ids in chunks([e["id"] for e in events]):
        sources.update(
            conn.execute(
                "SELECT em.event_id, COUNT(DISTINCT COALESCE(d.source_group, d.id)) FROM event_mentions em"
                " JOIN documents d ON d.id = em.doc_id"
                f" WHERE em.event_id IN ({','.join('?' * len(ids))}) GROUP BY em.event_id",
                ids,
            ).fetchall()
        )
    for e in events:
        e["n_sources"] = sources.get(e["id"], 0)
    return events


# --- timeline and events --------------------------------------------------------------------------
def event_types(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]


def find_entities(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Entities whose canonical name contains the text, most documented first."""
    return _rows(
        conn.execute(
            # `+n_documents`: scan the table for the name, then sort the few matches (walking the rank
            # index would read every entity's row in rank order)
            "SELECT id, name, type, n_documents FROM entities WHERE name LIKE ? ESCAPE '\\'"
            " ORDER BY +n_documents DESC, n_mentions DESC LIMIT ?",
            (f"%{_like(text)}%", limit),
        )
    )


def _like(text: str) -> str:
    return re.sub(r"([%_\\])", r"\\\1", text)


def timeline(
    conn: sqlite3.Connection,
    entity_ids: list[str] | None = None,
    type_: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    min_sources: int | None = None,
    news_only: bool = True,
) -> dict[str, Any]:
    """Dated events for the chart (capped) and the number of undated ones matching the filter;
    by default what happened (see `views.NEWS_ONLY`), and how many others the switch would add."""
    period, period_args = views.event_filter(date_from, date_to, min_sources)
    where, args = ["1=1", *period], [*period_args]
    if type_:
        where.append("e.type = ?")
        args.append(type_)
    if entity_ids is not None:
        if not entity_ids:
            return {"events": [], "total": 0, "undated": 0, "capped": False, "hidden": 0}
        marks = ",".join("?" * len(entity_ids))  # participants or place, by the event_entities index
        where.append(f"e.id IN (SELECT event_id FROM event_entities WHERE entity_id IN ({marks}))")
        args += entity_ids
    hidden = 0
    if news_only:
        hidden = conn.execute(
            f"SELECT COUNT(*) FROM events e WHERE {' AND '.join(where)} AND NOT ({views.NEWS_ONLY})", args
        ).fetchone()[0]
        where.append(views.NEWS_ONLY)
    sql_where = " AND ".join(where)
    total, undated = conn.execute(
        f"SELECT COUNT(e.date), COUNT(*) - COUNT(e.date) FROM events e WHERE {sql_where}", args
    ).fetchone()
    shown = _rows(
        conn.execute(
            "SELECT e.id, e.type, e.date, e.date_end, e.summary, e.status, e.background FROM events e"
            f" WHERE {sql_where} AND e.date IS NOT NULL ORDER BY e.date, e.id LIMIT ?",
            [*args, TIMELINE_CAP],
        )
    )
    return {"events": _with_sources(conn, shown), "total": total, "undated": undated, "capped": total > len(shown),
            "hidden": hidden}  # fmt: skip


def event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, type, date, date_end, place, participants, summary, status, background FROM events WHERE id = ?",
        (event_id,),
    ).fetchone()
    if row is None:
        return None
    e = dict(row)
    ids = json.loads(e["participants"]) + ([e["place"]] if e["place"] else [])
    names = _names(conn, ids)
    e["participants"] = [{"id": i, "name": names.get(i, i)} for i in json.loads(e["participants"])]
    e["place"] = {"id": e["place"], "name": names.get(e["place"], e["place"])} if e["place"] else None
    e["reports"] = views.event_reports(conn, [event_id])[event_id]
    e["link_names"] = _names(conn, sorted({who for r in e["reports"] for _said, who, _named in r.links if who}))
    e["conflicts"] = [
        {"note": r[0]}
        for r in conn.execute(
            "SELECT note FROM conflicts WHERE kind = 'date' AND items LIKE ? ESCAPE '\\'", (f'%"{_like(event_id)}"%',)
        )
    ]
    return e


def _names(conn: sqlite3.Connection, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    return {r[0]: r[1] for r in conn.execute(f"SELECT id, name FROM entities WHERE id IN ({marks})", ids)}


# --- entities ------------------------------------------------------------------------------------
def entities_page(conn: sqlite3.Connection, text: str = "", type_: str = "", page: int = 1) -> dict[str, Any]:
    where, args = ["1=1"], []
    if text:
        where.append("name LIKE ? ESCAPE '\\'")
        args.append(f"%{_like(text)}%")
    if type_:
        where.append("type = ?")
        args.append(type_)
    sql_where = " AND ".join(where)
    total = conn.execute(f"SELECT COUNT(*) FROM entities WHERE {sql_where}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT id, name, type, n_documents, n_mentions FROM entities WHERE {sql_where}"
        f" ORDER BY {'+' if text else ''}n_documents DESC, n_mentions DESC LIMIT ? OFFSET ?",  # see find_entities
        [*args, PAGE, _offset(page)],
    )
    return {"rows": _rows(rows), "total": total, "types": entity_types(conn)}


def entity_types(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM entities ORDER BY type")]


def recent_documents(conn: sqlite3.Connection, entity_id: str) -> list[str]:
    """The entity's most recent documents (up to RECENT_DOCS), newest first."""
    return [
        r[0]
        for r in conn.execute(
            "SELECT le.doc_id FROM local_entities le JOIN documents d ON d.id = le.doc_id WHERE le.entity_id = ?"
            " GROUP BY le.doc_id ORDER BY MAX(d.published) DESC, MAX(d.rowid) DESC LIMIT ?",
            (entity_id, RECENT_DOCS),
        )
    ]


def _recent_locals(entity_id: str, docs: list[str]) -> tuple[str, list[str]]:
    """SQL (and its parameters) for the entity's (document, local id) pairs in those documents."""
    marks = ",".join("?" * len(docs)) or "NULL"
    return f"SELECT doc_id, local FROM local_entities WHERE entity_id = ? AND doc_id IN ({marks})", [entity_id, *docs]


def entity(conn: sqlite3.Connection, entity_id: str, page: int = 1) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, name, type, n_mentions, n_documents FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None:
        return None
    e = dict(row)
    # spellings and roles from the entity's most recent documents (all of them, up to RECENT_DOCS)
    e["recent"] = recent_documents(conn, entity_id)
    e["recent_documents"] = len(e["recent"])
    recent_sql, recent_args = _recent_locals(entity_id, e["recent"])
    e["aliases"] = views.aliases(conn, entity_id, docs=e["recent"])[:30]
    e["roles"] = _rows(
        conn.execute(
            f"WITH recent AS ({recent_sql}) SELECT r.role, r.doc_id AS doc, r.start, r.end,"
            " substr(d.text, r.start + 1, r.end - r.start) AS text, d.outlet, d.published FROM recent"
            " JOIN roles r ON r.doc_id = recent.doc_id AND r.local = recent.local JOIN documents d ON d.id = r.doc_id"
            f" ORDER BY r.role, {NEWEST_FIRST} LIMIT 200",
            recent_args,
        )
    )
    # mentions in context, one per document (its first), newest documents first: paging walks the
    # entity's documents by index instead of sorting every mention
    e["mentions_total"] = conn.execute(
        "SELECT COUNT(DISTINCT doc_id) FROM local_entities WHERE entity_id = ?", (entity_id,)
    ).fetchone()[0]
    e["mentions"] = _rows(
        conn.execute(
            "WITH page AS (SELECT le.doc_id, MIN(le.local) AS local FROM local_entities le"
            f" JOIN documents d ON d.id = le.doc_id WHERE le.entity_id = ? GROUP BY le.doc_id"
            f" ORDER BY MAX(d.published) DESC, MAX(d.rowid) DESC LIMIT ? OFFSET ?),"
            " firsts AS (SELECT (SELECT MIN(m.rowid) FROM mentions m WHERE m.doc_id = page.doc_id"
            " AND m.local = page.local) AS r FROM page)"
            " SELECT m.doc_id AS doc, m.start, m.end, m.text, d.title, d.outlet, d.published,"
            " substr(d.text, max(1, m.start - 119), min(m.start, 120)) AS before,"
            " substr(d.text, m.end + 1, 120) AS after"
            f" FROM firsts JOIN mentions m ON m.rowid = firsts.r JOIN documents d ON d.id = m.doc_id"
            f" ORDER BY {NEWEST_FIRST}",
            (entity_id, PAGE, _offset(page)),
        )
    )
    e["quotes_by"] = [
        views.quote_from_row(r)
        for r in conn.execute(
            f"WITH recent AS ({recent_sql}) SELECT {views.QUOTE_COLUMNS} FROM recent JOIN quotes q"
            " ON q.doc_id = recent.doc_id AND q.speaker = recent.local JOIN documents d ON d.id = q.doc_id"
            f"{views.QUOTE_JOINS} ORDER BY {NEWEST_FIRST}, q.idx LIMIT 20",
            recent_args,
        )
    ]
    e["quotes_about"] = [
        views.quote_from_row(r)
        for r in conn.execute(
            f"WITH recent AS ({recent_sql}) SELECT DISTINCT {views.QUOTE_COLUMNS} FROM recent JOIN mentions m"
            " ON m.doc_id = recent.doc_id AND m.local = recent.local"
            " JOIN quotes q ON q.doc_id = m.doc_id AND q.start <= m.start AND m.end <= q.end"
            f" JOIN documents d ON d.id = q.doc_id{views.QUOTE_JOINS} ORDER BY {NEWEST_FIRST}, q.start LIMIT 20",
            recent_args,
        )
    ]
    e["events"] = timeline_for(conn, entity_id)
    return e


def timeline_for(conn: sqlite3.Connection, entity_id: str, limit: int = 30) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, type, date, summary FROM events WHERE id IN (SELECT event_id FROM event_entities"
        " WHERE entity_id = ?) ORDER BY date IS NULL, date DESC LIMIT ?",
        (entity_id, limit),
    )
    return _with_sources(conn, _rows(rows))


def cooccurrence(conn: sqlite3.Connection, entity_id: str, recent: list[str] | None = None) -> dict[str, Any]:
    """The entity and the actors most often named in the same documents, with the links among them
    (weight = shared documents), for the network drawing. Counted over the entity's most recent
    documents (RECENT_DOCS), so the busiest entity costs no more than any other."""
    types = ",".join("?" * len(ACTOR_TYPES))
    docs = recent if recent is not None else recent_documents(conn, entity_id)
    marks = ",".join("?" * len(docs)) or "NULL"
    pairs = conn.execute(
        f"SELECT DISTINCT le.doc_id, le.entity_id FROM local_entities le WHERE le.doc_id IN ({marks})"
        f" AND le.entity_id IS NOT NULL AND (le.type IN ({types}) OR le.entity_id = ?)",
        (*docs, *ACTOR_TYPES, entity_id),
    ).fetchall()
    shared: dict[str, int] = {}
    by_doc: dict[str, list[str]] = {}
    for doc, eid in pairs:
        by_doc.setdefault(doc, []).append(eid)
        if eid != entity_id:
            shared[eid] = shared.get(eid, 0) + 1
    top = sorted(shared, key=lambda i: (-shared[i], i))[:GRAPH_NODES]
    names = {
        r[0]: (r[1], r[2])
        for r in conn.execute(
            f"SELECT id, name, type FROM entities WHERE id IN ({','.join('?' * (len(top) + 1))})", (entity_id, *top)
        )
    }
    nodes = [
        {"id": i, "name": names[i][0], "type": names[i][1], "shared": len(by_doc) if i == entity_id else shared[i]}
        for i in (entity_id, *top)
        if i in names
    ]
    keep = {n["id"] for n in nodes}
    weights: dict[tuple[str, str], int] = {}
    for members in by_doc.values():
        inside = sorted(set(members) & keep)
        for i, a in enumerate(inside):
            for b in inside[i + 1 :]:
                weights[(a, b)] = weights.get((a, b), 0) + 1
    edges = [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(weights.items())]
    return {"nodes": nodes, "edges": edges, "documents": len(by_doc)}


# --- documents -----------------------------------------------------------------------------------
def documents_page(conn: sqlite3.Connection, outlet: str = "", page: int = 1) -> dict[str, Any]:
    where, args = "1=1", []
    if outlet:
        where, args = "outlet = ?", [outlet]
    total = conn.execute(f"SELECT COUNT(*) FROM documents WHERE {where}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT id, title, outlet, published, published_basis, source, part, duplicate_of FROM documents"
        f" WHERE {where} ORDER BY published DESC, rowid DESC LIMIT ? OFFSET ?",
        [*args, PAGE, _offset(page)],
    )
    return {"rows": _rows(rows), "total": total}


def document(conn: sqlite3.Connection, doc_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT d.*, s.name AS source_name, s.origin AS source_origin, s.kind AS source_kind,"
        " s.encoding AS source_encoding FROM documents d JOIN sources s ON s.content_hash = d.source_hash"
        " WHERE d.id = ?",
        (doc_id,),
    ).fetchone()
    if row is None:
        return None
    d = dict(row)
    d["authors"] = json.loads(d["authors"])
    supported = d["analysed"] or d["language"] in ANALYSED_LANGUAGES
    d["not_analysed"] = d["note"] if supported else not_analysed_note(d["language"])
    d["mentions"] = _rows(
        conn.execute(
            "SELECT m.start, m.end, m.text, m.kind, le.type, le.entity_id, e.name AS entity_name FROM mentions m"
            " JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
            " LEFT JOIN entities e ON e.id = le.entity_id WHERE m.doc_id = ? ORDER BY m.start",
            (doc_id,),
        )
    )
    d["times"] = _rows(
        conn.execute("SELECT start, end, text, value, type FROM times WHERE doc_id = ? ORDER BY start", (doc_id,))
    )
    # quotes and figures by offsets only: a substr() per row would re-read a long article each time
    speaker = (
        " LEFT JOIN local_entities le ON le.doc_id = x.doc_id AND le.local = x.speaker"
        " LEFT JOIN entities e ON e.id = le.entity_id"
    )
    d["quotes"] = _rows(
        conn.execute(
            "SELECT x.start, x.end, x.direct, x.speaker_text, x.anonymous, x.hedged, le.entity_id AS speaker_id,"
            f" e.name AS speaker_name FROM quotes x{speaker} WHERE x.doc_id = ? ORDER BY x.start",
            (doc_id,),
        )
    )
    d["claims"] = _rows(
        conn.execute(
            "SELECT x.start, x.end, x.number_start, x.number_end, x.measure, x.unit, x.value, x.as_of,"
            f" e.name AS speaker_name FROM claims x{speaker} WHERE x.doc_id = ? ORDER BY x.start, x.number_start",
            (doc_id,),
        )
    )
    d["events"] = _rows(
        conn.execute(
            "SELECT em.start, em.end, em.trigger, em.type, em.date, em.event_id, e.summary FROM event_mentions em"
            " LEFT JOIN events e ON e.id = em.event_id WHERE em.doc_id = ? ORDER BY em.start",
            (doc_id,),
        )
    )
    d["removed_lines"] = conn.execute("SELECT COUNT(*) FROM removed_lines WHERE doc_id = ?", (doc_id,)).fetchone()[0]
    related = "SELECT id, title, outlet, published FROM documents"
    d["original"] = (
        dict(r) if d["duplicate_of"] and (r := conn.execute(f"{related} WHERE id = ?", (d["duplicate_of"],)).fetchone())
        else None
    )  # fmt: skip
    d["copies"] = _rows(conn.execute(f"{related} WHERE duplicate_of = ? ORDER BY seq LIMIT 50", (doc_id,)))
    d["story_row"] = None
    d["siblings"] = []
    if d["story"]:
        s = conn.execute(
            "SELECT id, label, n_documents, first_date, last_date FROM stories WHERE id = ?", (d["story"],)
        )
        d["story_row"] = dict(r) if (r := s.fetchone()) else None
        d["siblings"] = _rows(
            conn.execute(
                f"{related} WHERE story = ? AND id != ? ORDER BY published IS NULL, published, seq LIMIT 30",
                (d["story"], doc_id),
            )
        )
    return d


# --- quotes, claims, conflicts, stories -----------------------------------------------------------
def outlets(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL ORDER BY 1")]


def quotes_page(
    conn: sqlite3.Connection,
    speaker: str = "",
    anonymous: bool | None = None,
    hedged: bool | None = None,
    outlet: str = "",
    page: int = 1,
) -> dict[str, Any]:
    where, args = ["1=1"], []
    if speaker:  # the words of the speaker as the source names them, or part of their entity's name
        words = fts_query(speaker) or '""'
        where.append(
            "q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? UNION SELECT q2.rowid"
            " FROM local_entities le2 JOIN quotes q2 ON q2.doc_id = le2.doc_id AND q2.speaker = le2.local"
            " WHERE le2.entity_id IN (SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\'))"
        )
        args += [f"speaker : ({words})", f"%{_like(speaker)}%"]
    if anonymous is not None:
        where.append("q.anonymous = ?")
        args.append(int(anonymous))
    if hedged is not None:
        where.append("q.hedged = ?")
        args.append(int(hedged))
    if outlet:
        where.append("d.outlet = ?")
        args.append(outlet)
    doc_join = " JOIN documents d ON d.id = q.doc_id"
    # newest first, read in the order of the published index, so a page never sorts the table; a
    # speaker's quotes are few: sort them
    index = "" if speaker else " INDEXED BY documents_published"
    keys = f" FROM documents d{index} JOIN quotes q ON q.doc_id = d.id"
    count_source = " FROM quotes q" + (doc_join if outlet else "")
    sql_where = " AND ".join(where)
    total = conn.execute(f"SELECT COUNT(*){count_source} WHERE {sql_where}", args).fetchone()[0]
    order = f"{NEWEST_FIRST}, q.idx"
    rows = conn.execute(
        f"WITH page AS (SELECT q.rowid AS r{keys} WHERE {sql_where} ORDER BY {order} LIMIT ? OFFSET ?)"
        f" SELECT {views.QUOTE_COLUMNS} FROM page JOIN quotes q ON q.rowid = page.r"
        f"{doc_join}{views.QUOTE_JOINS} ORDER BY {order}",
        [*args, PAGE, _offset(page)],
    )
    return {"rows": [views.quote_from_row(r) for r in rows], "total": total}


def quote(conn: sqlite3.Connection, quote_id: str) -> views.Quote | None:
    """One quote by its id (q-DOC-IDX): the page an analyst corrects it on."""
    doc, _, idx = quote_id.removeprefix("q-").rpartition("-")
    if not quote_id.startswith("q-") or not idx.isdigit():
        return None
    row = conn.execute(
        f"SELECT {views.QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id{views.QUOTE_JOINS}"
        " WHERE q.doc_id = ? AND q.idx = ?",
        (doc, int(idx)),
    ).fetchone()
    return views.quote_from_row(row) if row else None


def entity_candidates(conn: sqlite3.Connection, text: str, limit: int = 8) -> list[views.Entity]:
    """The entities a typed reference names, as the CLI reads it: an exact id; else an entity whose
    name is exactly the text (any case); else the entities whose name or a spelling contains it,
    most mentioned first. One result is an answer; several are the candidates to choose from."""
    if exact := views.entity(conn, text):
        return [exact]
    like = f"%{_like(text)}%"
    rows = conn.execute(
        "SELECT id, name FROM entities WHERE name LIKE ? ESCAPE '\\' OR id IN (SELECT le.entity_id FROM"
        " local_entities le JOIN mentions m ON m.doc_id = le.doc_id AND m.local = le.local"
        " WHERE m.text LIKE ? ESCAPE '\\') ORDER BY n_mentions DESC, name LIMIT ?",
        (like, like, limit + 1),
    ).fetchall()
    named = [r for r in rows if r["name"].casefold() == text.casefold()]
    return [e for r in (named if len(named) == 1 else rows) if (e := views.entity(conn, r["id"]))]


def claims_page(conn: sqlite3.Connection, measure: str = "", page: int = 1, subject: str = "") -> dict[str, Any]:
    """One page of figures, newest first: all, one measure's, or those about a subject (words of what
    is counted, its measure, or a country or organisation holding it: `reads.claim_subject`)."""
    conds, args = [], []
    if measure:
        conds.append("c.measure = ?")
        args.append(measure)
    if subject.strip():
        cond, more = reads.claim_subject(subject)
        conds.append(cond)
        args += more
    if conds:  # a measure's or a subject's figures are few: find them, then sort
        source, where = " FROM claims c JOIN documents d ON d.id = c.doc_id", " AND ".join(conds)
    else:  # all figures, newest first, in the order of the published index
        source = " FROM documents d INDEXED BY documents_published JOIN claims c ON c.doc_id = d.id"
        where = "1=1"
    total = conn.execute(f"SELECT COUNT(*) FROM claims c WHERE {where}", args).fetchone()[0]
    rows = conn.execute(
        f"WITH page AS (SELECT c.rowid AS r{source} WHERE {where} ORDER BY {NEWEST_FIRST}, c.idx LIMIT ? OFFSET ?)"
        " SELECT c.doc_id AS doc, c.idx, c.start, c.end, c.number_start, c.number_end, c.subject, c.measure, c.value,"
        " c.value_max,"
        " c.unit, c.as_of, c.status, c.bound, c.hedged, substr(d.text, c.start + 1, c.end - c.start) AS sentence,"
        " substr(d.text, c.number_start + 1, c.number_end - c.number_start) AS figure, d.outlet, d.published,"
        " d.title, e.name AS speaker_name FROM page JOIN claims c ON c.rowid = page.r"
        " JOIN documents d ON d.id = c.doc_id LEFT JOIN local_entities le ON le.doc_id = c.doc_id"
        f" AND le.local = c.speaker LEFT JOIN entities e ON e.id = le.entity_id ORDER BY {NEWEST_FIRST}, c.idx",
        [*args, PAGE, _offset(page)],
    )
    measures = _rows(
        conn.execute("SELECT measure, COUNT(*) AS n FROM claims GROUP BY measure ORDER BY n DESC, measure LIMIT 40")
    )
    return {"rows": _rows(rows), "total": total, "measures": measures}


CONFLICTS_PAGE = 20


def conflicts_page(conn: sqlite3.Connection, page: int = 1) -> dict[str, Any]:
    """One page of conflicts (figures first, then names, then dates), each with its items resolved
    to evidence, grouped by source, side by side."""
    total = conn.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0]
    rows = conn.execute(
        "SELECT kind, items, note, id FROM conflicts"
        " ORDER BY CASE kind WHEN 'value' THEN 0 WHEN 'name' THEN 1 ELSE 2 END, id LIMIT ? OFFSET ?",
        (CONFLICTS_PAGE, (max(1, page) - 1) * CONFLICTS_PAGE),
    )
    out = []
    for r in rows:
        note, _, why = r[2].partition(" Judged one ")
        c = {"kind": r[0], "items": json.loads(r[1]), "note": note, "why": f"Judged one {why}" if why else ""}
        c["id"] = r[3]  # what a correction of the conflict names
        if c["kind"] == "value":
            c["claims"] = [x for cid in c["items"] if (x := _claim(conn, cid))]
        elif c["kind"] == "date":
            c["events"] = [ev for eid in c["items"] if (ev := event(conn, eid))]
        elif c["kind"] == "name":
            marks = ",".join("?" * len(c["items"]))
            c["documents"] = _rows(
                conn.execute(f"SELECT id, title, outlet, published FROM documents WHERE id IN ({marks})", c["items"])
            )
        out.append(c)
    return {"rows": out, "total": total}


def _claim(conn: sqlite3.Connection, claim_id: str) -> dict[str, Any] | None:
    doc, _, idx = claim_id.removeprefix("c-").rpartition("-")
    row = conn.execute(
        "SELECT c.doc_id AS doc, c.start, c.end, c.measure, c.value, c.value_max, c.unit, c.as_of, c.status, c.bound,"
        " c.hedged, substr(d.text, c.start + 1, c.end - c.start) AS sentence,"
        " substr(d.text, c.number_start + 1, c.number_end - c.number_start) AS figure, d.outlet, d.published,"
        " d.source, e.name AS speaker_name FROM claims c JOIN documents d ON d.id = c.doc_id"
        " LEFT JOIN local_entities le ON le.doc_id = c.doc_id AND le.local = c.speaker"
        " LEFT JOIN entities e ON e.id = le.entity_id WHERE c.doc_id = ? AND c.idx = ?",
        (doc, int(idx) if idx.isdigit() else -1),
    ).fetchone()
    return dict(row) if row else None


def stories_page(conn: sqlite3.Connection, page: int = 1) -> dict[str, Any]:
    total = conn.execute("SELECT COUNT(*) FROM stories WHERE n_documents > 1").fetchone()[0]
    rows = _rows(
        conn.execute(
            "SELECT id, label, n_documents, first_date, last_date FROM stories WHERE n_documents > 1"
            " ORDER BY n_documents DESC, first_date, id LIMIT ? OFFSET ?",
            (PAGE, _offset(page)),
        )
    )
    singles = conn.execute("SELECT COUNT(*) FROM stories WHERE n_documents = 1").fetchone()[0]
    return {"rows": rows, "total": total, "singles": singles}


def story(conn: sqlite3.Connection, story_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT id, label, n_documents, first_date, last_date FROM stories WHERE id = ?", (story_id,))
    s = row.fetchone()
    if s is None:
        return None
    out = dict(s)
    out["documents"] = _rows(
        conn.execute(
            "SELECT id, title, outlet, source, published, published_basis, duplicate_of FROM documents"
            " WHERE story = ? ORDER BY published IS NULL, published, seq LIMIT 500",
            (story_id,),
        )
    )
    shared = reads.passage_partners(conn)  # few pairs: one read, not one per document
    for d in out["documents"]:
        d["shares_passage"] = shared.get(d["id"], [])
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for d in out["documents"]:  # in date order: each outlet's column starts with its first report
        by_outlet.setdefault(d["outlet"] or d["source"], []).append(d)
    out["by_outlet"] = [{"outlet": o, "documents": ds} for o, ds in by_outlet.items()]
    return out


# --- search --------------------------------------------------------------------------------------
MAX_TERMS = 32  # distinct words or phrases a search keeps (see the module docstring)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]+")


def fts_terms(text: str) -> list[str]:
    """Every distinct word or "quoted phrase" of the user's text as an FTS5 string, in order.

    Control characters separate words: FTS5 reads a NUL as the end of the query (an "unterminated
    string" error), and none of them can be part of a word in the index anyway. Repeats are dropped
    because "a a" matches exactly what "a" matches but costs twice as much to snippet."""
    parts: list[str] = []
    for token in re.findall(r'"[^"]+"|[^\s"]+', _CONTROL.sub(" ", text)):
        prefix = token.endswith("*") and not token.startswith('"')
        word = token.strip('"').rstrip("*")
        if word.strip():
            part = '"' + word.replace('"', '""') + '"' + ("*" if prefix else "")
            if part not in parts:
                parts.append(part)
    return parts


def fts_query(text: str, limit: int = MAX_TERMS) -> str:
    """The user's words as an FTS5 query that cannot be a syntax error: every word or "quoted
    phrase" becomes a string (all must match); a trailing * keeps prefix search. Only the first
    `limit` distinct terms are kept (the caller says so to the reader: see search())."""
    return " ".join(fts_terms(text)[:limit])


def search(conn: sqlite3.Connection, text: str, page: int = 1) -> dict[str, Any]:
    """Documents (paged, best first) and quotes (top 20) matching every term of the text.

    `n_terms` is the number of distinct terms typed and `used_terms` the number searched for (at
    most MAX_TERMS), so the page can say when the query was cut."""
    terms = fts_terms(text)
    query = " ".join(terms[:MAX_TERMS])
    out: dict[str, Any] = {"n_terms": len(terms), "used_terms": min(len(terms), MAX_TERMS)}
    if not query:
        return {**out, "documents": [], "quotes": [], "n_documents": 0, "n_quotes": 0}
    o, c = SNIPPET_OPEN, SNIPPET_CLOSE
    n_docs = conn.execute("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?", (query,)).fetchone()[0]
    # rank first, then build snippets for the page only (in one query SQLite makes a snippet for
    # every match before sorting them)
    page_ids = [
        r[0]
        for r in conn.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ? ORDER BY bm25(documents_fts, 4.0, 1.0)"
            " LIMIT ? OFFSET ?",
            (query, PAGE, _offset(page)),
        )
    ]
    marks = ",".join("?" * len(page_ids)) or "NULL"
    found = {
        r["rowid"]: r
        for r in _rows(
            conn.execute(
                f"SELECT documents_fts.rowid AS rowid, d.id, d.title, d.outlet, d.published,"
                f" snippet(documents_fts, 1, '{o}', '{c}', '…', 24) AS snippet FROM documents_fts"
                f" JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ?"
                f" AND documents_fts.rowid IN ({marks})",
                (query, *page_ids),
            )
        )
    }
    docs = [found[i] for i in page_ids if i in found]
    n_quotes = conn.execute("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH ?", (query,)).fetchone()[0]
    quote_ids = [
        r[0]
        for r in conn.execute("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ? ORDER BY rank LIMIT 20", (query,))
    ]
    marks = ",".join("?" * len(quote_ids)) or "NULL"
    found = {
        r["rowid"]: r
        for r in _rows(
            conn.execute(
                f"SELECT quotes_fts.rowid AS rowid, q.doc_id AS doc, q.start, q.end, q.speaker_text, q.anonymous,"
                f" d.outlet, d.published, highlight(quotes_fts, 0, '{o}', '{c}') AS snippet FROM quotes_fts"
                " JOIN quotes q ON q.rowid = quotes_fts.rowid JOIN documents d ON d.id = q.doc_id"
                f" WHERE quotes_fts MATCH ? AND quotes_fts.rowid IN ({marks})",
                (query, *quote_ids),
            )
        )
    }
    quotes = [found[i] for i in quote_ids if i in found]
    return {**out, "documents": docs, "quotes": quotes, "n_documents": n_docs, "n_quotes": n_quotes}


# --- negotiations: the agenda matrix, an issue's trajectory, a proposal --------------------------
MATRIX_PARTIES = 8  # columns of the agenda matrix: the most active sides; the rest are counted
TRAJECTORY_CAP = 500  # positions listed on an issue page


def _party_id(p: views.Position) -> str | None:
    """The entity id a cell's party stands for: its side, else its holder (None for a document)."""
    return p.side or p.holder


def negotiations(conn: sqlite3.Connection) -> dict[str, Any]:
    """The agenda matrix (views.agenda): rows of issues with their labels, the most active parties as
    columns, each cell None or a views.Cell; `more` counts the parties left out."""
    issues, parties, cells = views.agenda(conn)
    shown = parties[:MATRIX_PARTIES]
    ids = {party: _party_id(cell.latest) for (_, party), cell in cells.items()}
    rows = [{"issue": i, "label": ISSUES.get(i, i), "cells": [cells.get((i, p)) for p in shown]} for i in issues]
    return {"parties": [{"name": p, "id": ids.get(p)} for p in shown], "rows": rows,
            "more": len(parties) - len(shown), "n_positions": sum(c.n_positions for c in cells.values())}  # fmt: skip


def trajectory(conn: sqlite3.Connection, issue: str, party: str = "") -> dict[str, Any]:
    """An issue's positions (of one party when `party`, an entity id, is given) grouped by party and
    sub-issue, each group in date order; the proposals they answer, by id, for the "answers" links."""
    found = views.positions(conn, issue=issue, party=party or None)
    total, found = len(found), found[:TRAJECTORY_CAP]
    groups: dict[tuple[str, str], list[views.Position]] = {}
    for p in found:
        groups.setdefault((p.party, p.subissue), []).append(p)
    known = {p.id: p for p in found}
    answered = {p.answers: known.get(p.answers) or views.position(conn, p.answers) for p in found if p.answers}
    party_name = next((p.party for p in found if _party_id(p) == party), None) if party else None
    return {"groups": [{"party": k[0], "subissue": k[1], "positions": v} for k, v in sorted(groups.items())],
            "total": total, "shown": len(found), "capped": total > len(found), "answered": answered,
            "party_name": party_name}  # fmt: skip


def answers_to(conn: sqlite3.Connection, position_id: str) -> list[views.Position]:
    """The positions that answer this one (accept, reject, deny, support or oppose it), in date order."""
    doc, _, idx = position_id.removeprefix("p-").rpartition("-")
    rows = conn.execute(
        "SELECT doc_id, idx FROM positions WHERE answers = ? ORDER BY COALESCE(date, '9999'), doc_id, idx LIMIT ?",
        (f"{doc}/{idx}", PAGE),
    ).fetchall()
    return [p for r in rows if (p := views.position(conn, f"p-{r[0]}-{r[1]}")) is not None]


def proposal(conn: sqlite3.Connection, position_id: str) -> dict[str, Any] | None:
    """One position, the one it answers, and the ones that answer it."""
    p = views.position(conn, position_id)
    if p is None:
        return None
    answered = views.position(conn, p.answers) if p.answers else None
    return {"position": p, "answered": answered, "answers": answers_to(conn, p.id)}
