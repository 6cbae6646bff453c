"""Read-only, paginated queries behind the web app's pages.

Each function answers one page from indexed lookups and bounded result sets, so a page costs the
same on a 15-document store as on a 10k-article one: lists are paged (`PAGE` rows), graphs and
charts are capped, and counts come from indexes. Texts are returned raw; escaping is the web
layer's job.
"""

from __future__ import annotations

import json
import re
import sqlite3
from typing import Any

from storyline.store import queries

PAGE = 50
TIMELINE_CAP = 3000  # events drawn on the chart; past this the page asks to narrow the filter
GRAPH_NODES = 25  # co-occurring actors around an entity
ACTOR_TYPES = ("PERSON", "ORG", "GPE", "NORP")
SNIPPET_OPEN, SNIPPET_CLOSE = "\x02", "\x03"  # FTS5 match markers; the web layer turns them into <mark>


# Newest first is `published DESC`: SQLite sorts NULL lowest, so undated documents come last
# and the documents_published index can drive the scan.


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
    first, last = queries.date_range(conn)
    return {
        "counts": queries.counts(conn),
        "languages": queries.languages(conn),
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
    """Adds each event's number of reporting documents (one indexed count per event)."""
    for e in events:
        e["n_sources"] = conn.execute(
            "SELECT COUNT(DISTINCT doc_id) FROM event_mentions WHERE event_id = ?", (e["id"],)
        ).fetchone()[0]
    return events


# --- timeline and events --------------------------------------------------------------------------
def event_types(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM events ORDER BY type")]


def find_entities(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """Entities whose canonical name contains the text, most documented first."""
    return _rows(
        conn.execute(
            "SELECT id, name, type, n_documents FROM entities WHERE name LIKE ? ESCAPE '\\'"
            " ORDER BY n_documents DESC, n_mentions DESC LIMIT ?",
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
) -> dict[str, Any]:
    """Dated events for the chart (capped) and the number of undated ones matching the filter."""
    where, args = ["1=1"], []
    if type_:
        where.append("e.type = ?")
        args.append(type_)
    if date_from:
        where.append("e.date >= ?")
        args.append(date_from)
    if date_to:
        where.append("e.date <= ? || '~'")
        args.append(date_to)
    if entity_ids is not None:
        if not entity_ids:
            return {"events": [], "total": 0, "undated": 0, "capped": False}
        # participants is a JSON list of entity ids: match the quoted id, or the place
        ors = " OR ".join(["e.participants LIKE ?"] * len(entity_ids) + ["e.place = ?"] * len(entity_ids))
        where.append(f"({ors})")
        args += [f'%"{i}"%' for i in entity_ids] + list(entity_ids)
    sql_where = " AND ".join(where)
    total = conn.execute(f"SELECT COUNT(*) FROM events e WHERE {sql_where} AND e.date IS NOT NULL", args).fetchone()[0]
    undated = conn.execute(f"SELECT COUNT(*) FROM events e WHERE {sql_where} AND e.date IS NULL", args).fetchone()[0]
    rows = conn.execute(
        "SELECT e.id, e.type, e.date, e.date_end, e.summary,"
        " (SELECT COUNT(DISTINCT em.doc_id) FROM event_mentions em WHERE em.event_id = e.id) AS n_sources"
        f" FROM events e WHERE {sql_where} AND e.date IS NOT NULL ORDER BY e.date, e.id LIMIT ?",
        [*args, TIMELINE_CAP],
    )
    return {"events": _rows(rows), "total": total, "undated": undated, "capped": total > TIMELINE_CAP}


def event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, type, date, date_end, place, participants, summary FROM events WHERE id = ?", (event_id,)
    ).fetchone()
    if row is None:
        return None
    e = dict(row)
    ids = json.loads(e["participants"]) + ([e["place"]] if e["place"] else [])
    names = _names(conn, ids)
    e["participants"] = [{"id": i, "name": names.get(i, i)} for i in json.loads(e["participants"])]
    e["place"] = {"id": e["place"], "name": names.get(e["place"], e["place"])} if e["place"] else None
    e["evidence"] = _rows(
        conn.execute(
            "SELECT em.doc_id AS doc, em.start, em.end, em.trigger, em.date AS reported_date,"
            " substr(d.text, em.start + 1, em.end - em.start) AS text, d.title, d.outlet, d.published, d.source"
            " FROM event_mentions em JOIN documents d ON d.id = em.doc_id WHERE em.event_id = ?"
            " ORDER BY d.published IS NULL, d.published, d.seq, em.start",
            (event_id,),
        )
    )
    e["conflicts"] = [c for c in queries.conflicts(conn) if c["kind"] == "date" and event_id in c["items"]]
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
        " ORDER BY n_documents DESC, n_mentions DESC, name LIMIT ? OFFSET ?",
        [*args, PAGE, _offset(page)],
    )
    types = [r[0] for r in conn.execute("SELECT DISTINCT type FROM entities ORDER BY type")]
    return {"rows": _rows(rows), "total": total, "types": types}


def entity(conn: sqlite3.Connection, entity_id: str, page: int = 1) -> dict[str, Any] | None:
    row = conn.execute(
        "SELECT id, name, type, n_mentions, n_documents FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None:
        return None
    e = dict(row)
    e["aliases"] = _rows(
        conn.execute(
            "SELECT m.text, COUNT(*) AS n FROM mentions m JOIN local_entities le"
            " ON le.doc_id = m.doc_id AND le.local = m.local WHERE le.entity_id = ? AND m.kind != 'title'"
            " GROUP BY m.text ORDER BY n DESC, m.text LIMIT 30",
            (entity_id,),
        )
    )
    e["roles"] = _rows(
        conn.execute(
            "SELECT r.role, r.doc_id AS doc, r.start, r.end, substr(d.text, r.start + 1, r.end - r.start) AS text,"
            " d.outlet, d.published FROM roles r JOIN local_entities le ON le.doc_id = r.doc_id AND le.local = r.local"
            " JOIN documents d ON d.id = r.doc_id WHERE le.entity_id = ?"
            " ORDER BY r.role, d.published DESC LIMIT 200",
            (entity_id,),
        )
    )
    e["mentions_total"] = conn.execute(
        "SELECT COUNT(*) FROM mentions m JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
        " WHERE le.entity_id = ?",
        (entity_id,),
    ).fetchone()[0]
    e["mentions"] = _rows(
        conn.execute(
            "SELECT m.doc_id AS doc, m.start, m.end, m.text, d.title, d.outlet, d.published,"
            " substr(d.text, max(1, m.start - 119), min(m.start, 120)) AS before,"
            " substr(d.text, m.end + 1, 120) AS after"
            " FROM mentions m JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
            " JOIN documents d ON d.id = m.doc_id WHERE le.entity_id = ?"
            " ORDER BY d.published DESC, d.seq, m.start LIMIT ? OFFSET ?",
            (entity_id, PAGE, _offset(page)),
        )
    )
    e["quotes_by"] = quotes_page(conn, speaker_id=entity_id, limit=20)["rows"]
    e["quotes_about"] = _rows(
        conn.execute(
            "SELECT DISTINCT q.doc_id AS doc, q.start, q.end, substr(d.text, q.start + 1, q.end - q.start) AS text,"
            " q.speaker_text, q.anonymous, q.hedged, d.outlet, d.published"
            " FROM local_entities le JOIN mentions m ON m.doc_id = le.doc_id AND m.local = le.local"
            " JOIN quotes q ON q.doc_id = m.doc_id AND q.start <= m.start AND m.end <= q.end"
            " JOIN documents d ON d.id = q.doc_id WHERE le.entity_id = ?"
            " ORDER BY d.published DESC LIMIT 20",
            (entity_id,),
        )
    )
    e["events"] = timeline_for(conn, entity_id)
    return e


def timeline_for(conn: sqlite3.Connection, entity_id: str, limit: int = 30) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT id, type, date, summary FROM events WHERE participants LIKE ? OR place = ?"
        " ORDER BY date IS NULL, date DESC LIMIT ?",
        (f'%"{entity_id}"%', entity_id, limit),
    )
    return _with_sources(conn, _rows(rows))


def cooccurrence(conn: sqlite3.Connection, entity_id: str) -> dict[str, Any]:
    """The entity and the actors most often named in the same documents, with the links among them
    (weight = shared documents), for the network drawing."""
    types = ",".join("?" * len(ACTOR_TYPES))
    docs = "SELECT doc_id FROM local_entities WHERE entity_id = ?"
    top = _rows(
        conn.execute(
            f"SELECT e.id, e.name, e.type, COUNT(DISTINCT le.doc_id) AS shared FROM local_entities le"
            f" JOIN entities e ON e.id = le.entity_id WHERE le.doc_id IN ({docs}) AND le.entity_id != ?"
            f" AND e.type IN ({types}) GROUP BY e.id ORDER BY shared DESC, e.n_documents DESC LIMIT ?",
            (entity_id, entity_id, *ACTOR_TYPES, GRAPH_NODES),
        )
    )
    center = conn.execute("SELECT id, name, type, n_documents FROM entities WHERE id = ?", (entity_id,)).fetchone()
    nodes = [{"id": center["id"], "name": center["name"], "type": center["type"], "shared": center["n_documents"]}]
    nodes += top
    ids = [n["id"] for n in nodes]
    marks = ",".join("?" * len(ids))
    by_doc: dict[str, list[str]] = {}
    for doc, eid in conn.execute(
        f"SELECT DISTINCT doc_id, entity_id FROM local_entities WHERE doc_id IN ({docs}) AND entity_id IN ({marks})",
        (entity_id, *ids),
    ):
        by_doc.setdefault(doc, []).append(eid)
    weights: dict[tuple[str, str], int] = {}
    for members in by_doc.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                weights[(a, b)] = weights.get((a, b), 0) + 1
    edges = [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(weights.items())]
    return {"nodes": nodes, "edges": edges}


# --- documents -----------------------------------------------------------------------------------
def documents_page(conn: sqlite3.Connection, outlet: str = "", page: int = 1) -> dict[str, Any]:
    where, args = "1=1", []
    if outlet:
        where, args = "outlet = ?", [outlet]
    total = conn.execute(f"SELECT COUNT(*) FROM documents WHERE {where}", args).fetchone()[0]
    rows = conn.execute(
        f"SELECT id, title, outlet, published, published_basis, source, part, duplicate_of FROM documents"
        f" WHERE {where} ORDER BY published DESC, seq LIMIT ? OFFSET ?",
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
    d["quotes"] = quotes_page(conn, doc_id=doc_id, limit=1000)["rows"]
    d["claims"] = queries.claim_rows(conn, doc_id)
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
    speaker_id: str = "",
    anonymous: bool | None = None,
    hedged: bool | None = None,
    outlet: str = "",
    doc_id: str = "",
    page: int = 1,
    limit: int = PAGE,
) -> dict[str, Any]:
    where, args = ["1=1"], []
    if speaker:
        where.append("(q.speaker_text LIKE ? ESCAPE '\\' OR e.name LIKE ? ESCAPE '\\')")
        args += [f"%{_like(speaker)}%"] * 2
    if speaker_id:
        where.append("le.entity_id = ?")
        args.append(speaker_id)
    if anonymous is not None:
        where.append("q.anonymous = ?")
        args.append(int(anonymous))
    if hedged is not None:
        where.append("q.hedged = ?")
        args.append(int(hedged))
    if outlet:
        where.append("d.outlet = ?")
        args.append(outlet)
    if doc_id:
        where.append("q.doc_id = ?")
        args.append(doc_id)
    joins = (
        " FROM quotes q JOIN documents d ON d.id = q.doc_id"
        " LEFT JOIN local_entities le ON le.doc_id = q.doc_id AND le.local = q.speaker"
        " LEFT JOIN entities e ON e.id = le.entity_id"
    )
    sql_where = " AND ".join(where)
    # the count joins the speaker's entity only when a filter needs it
    count_joins = joins if (speaker or speaker_id) else " FROM quotes q JOIN documents d ON d.id = q.doc_id"
    total = conn.execute(f"SELECT COUNT(*){count_joins} WHERE {sql_where}", args).fetchone()[0]
    order = "q.start" if doc_id else "d.published DESC, d.seq, q.start"
    rows = conn.execute(
        "SELECT q.doc_id AS doc, q.start, q.end, substr(d.text, q.start + 1, q.end - q.start) AS text, q.direct,"
        " q.speaker_text, q.speaker_start, q.speaker_end, q.anonymous, q.hedged, le.entity_id AS speaker_id,"
        f" e.name AS speaker_name, d.title, d.outlet, d.published{joins} WHERE {sql_where}"
        f" ORDER BY {order} LIMIT ? OFFSET ?",
        [*args, limit, _offset(page) if limit == PAGE else 0],
    )
    return {"rows": _rows(rows), "total": total}


def claims_page(conn: sqlite3.Connection, measure: str = "", page: int = 1) -> dict[str, Any]:
    where, args = "1=1", []
    if measure:
        where, args = "c.measure = ?", [measure]
    total = conn.execute(f"SELECT COUNT(*) FROM claims c WHERE {where}", args).fetchone()[0]
    rows = conn.execute(
        "SELECT c.doc_id AS doc, c.start, c.end, c.number_start, c.number_end, c.measure, c.value, c.value_max,"
        " c.unit, c.as_of, c.status, c.bound, c.hedged, substr(d.text, c.start + 1, c.end - c.start) AS sentence,"
        " substr(d.text, c.number_start + 1, c.number_end - c.number_start) AS figure, d.outlet, d.published,"
        f" d.title, e.name AS speaker_name FROM claims c JOIN documents d ON d.id = c.doc_id"
        " LEFT JOIN local_entities le ON le.doc_id = c.doc_id AND le.local = c.speaker"
        f" LEFT JOIN entities e ON e.id = le.entity_id WHERE {where}"
        " ORDER BY d.published DESC, d.seq, c.start LIMIT ? OFFSET ?",
        [*args, PAGE, _offset(page)],
    )
    measures = _rows(
        conn.execute("SELECT measure, COUNT(*) AS n FROM claims GROUP BY measure ORDER BY n DESC, measure LIMIT 40")
    )
    return {"rows": _rows(rows), "total": total, "measures": measures}


def conflicts_page(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every conflict with its items resolved to evidence, grouped by source, side by side."""
    out = []
    for c in queries.conflicts(conn):
        if c["kind"] == "value":
            c["claims"] = [_claim(conn, cid) for cid in c["items"]]
            c["claims"] = [x for x in c["claims"] if x]
        elif c["kind"] == "date":
            c["events"] = [ev for eid in c["items"] if (ev := event(conn, eid))]
        elif c["kind"] == "name":
            marks = ",".join("?" * len(c["items"]))
            c["documents"] = _rows(
                conn.execute(f"SELECT id, title, outlet, published FROM documents WHERE id IN ({marks})", c["items"])
            )
        out.append(c)
    return out


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
            "SELECT id, title, outlet, published, duplicate_of FROM documents WHERE story = ?"
            " ORDER BY published IS NULL, published, seq LIMIT 500",
            (story_id,),
        )
    )
    return out


# --- search --------------------------------------------------------------------------------------
def fts_query(text: str) -> str:
    """The user's words as an FTS5 query that cannot be a syntax error: every word or "quoted
    phrase" becomes a string (all must match); a trailing * keeps prefix search."""
    parts = []
    for token in re.findall(r'"[^"]+"|[^\s"]+', text):
        prefix = token.endswith("*") and not token.startswith('"')
        word = token.strip('"').rstrip("*")
        if word.strip():
            parts.append('"' + word.replace('"', '""') + '"' + ("*" if prefix else ""))
    return " ".join(parts)


def search(conn: sqlite3.Connection, text: str, page: int = 1) -> dict[str, Any]:
    query = fts_query(text)
    if not query:
        return {"documents": [], "quotes": [], "n_documents": 0, "n_quotes": 0}
    o, c = SNIPPET_OPEN, SNIPPET_CLOSE
    n_docs = conn.execute("SELECT COUNT(*) FROM documents_fts WHERE documents_fts MATCH ?", (query,)).fetchone()[0]
    docs = _rows(
        conn.execute(
            f"SELECT d.id, d.title, d.outlet, d.published, snippet(documents_fts, 1, '{o}', '{c}', '…', 24) AS snippet"
            " FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH ?"
            " ORDER BY bm25(documents_fts, 4.0, 1.0) LIMIT ? OFFSET ?",
            (query, PAGE, _offset(page)),
        )
    )
    n_quotes = conn.execute("SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH ?", (query,)).fetchone()[0]
    quotes = _rows(
        conn.execute(
            f"SELECT q.doc_id AS doc, q.start, q.end, q.speaker_text, q.anonymous, d.outlet, d.published,"
            f" highlight(quotes_fts, 0, '{o}', '{c}') AS snippet FROM quotes_fts"
            " JOIN quotes q ON q.rowid = quotes_fts.rowid JOIN documents d ON d.id = q.doc_id"
            " WHERE quotes_fts MATCH ? ORDER BY rank LIMIT 20",
            (query,),
        )
    )
    return {"documents": docs, "quotes": quotes, "n_documents": n_docs, "n_quotes": n_quotes}
