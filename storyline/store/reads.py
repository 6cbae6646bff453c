"""What the pipeline and the resolution stages read from the store: rows in bulk, by chunked
`IN (...)` lists, as plain dicts and tuples for the stages' pure cores. The CLI, the exports and the
web app read through `views` instead."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

_CHUNK = 400  # bound on SQL parameters per statement


def chunks(items: list, n: int = _CHUNK) -> Iterator[list]:
    """Pieces of a list small enough for one `IN (...)` each."""
    for i in range(0, len(items), n):
        yield items[i : i + n]


def rows_in(conn: sqlite3.Connection, sql: str, keys: Iterable[Any], *before: Any) -> Iterator[sqlite3.Row]:
    """Rows of `sql` for every key: its `{marks}` is filled with one `IN (...)` list per chunk of the
    sorted keys, after the parameters `before`."""
    for part in chunks(sorted(keys)):
        yield from conn.execute(sql.format(marks=",".join("?" * len(part))), (*before, *part))


def places_of_documents(conn: sqlite3.Connection, doc_ids: Iterable[str]) -> Iterator[sqlite3.Row]:
    """The places and nationality words of these articles (doc_id, type, name, n_mentions): which
    country an article is about."""
    return rows_in(
        conn,
        "SELECT doc_id, type, name, n_mentions FROM local_entities"
        " WHERE type IN ('GPE', 'NORP') AND doc_id IN ({marks})",
        doc_ids,
    )


def locals_with_keys(conn: sqlite3.Connection, keys: set[str]) -> set[tuple[str, int]]:
    return {(r[0], r[1]) for r in rows_in(conn, "SELECT doc_id, local FROM local_keys WHERE key IN ({marks})", keys)}


def _by_locals(conn: sqlite3.Connection, sql: str, locals_: set[tuple[str, int]]) -> Iterator[sqlite3.Row]:
    """Rows of `sql` (which selects from a table aliased t with doc_id/local) for these locals."""
    by_doc: dict[str, set[int]] = {}
    for d, loc in locals_:
        by_doc.setdefault(d, set()).add(loc)
    for row in rows_in(conn, sql, by_doc):
        if row["local"] in by_doc[row["doc_id"]]:
            yield row


def keys_of(conn: sqlite3.Connection, locals_: set[tuple[str, int]]) -> set[str]:
    sql = "SELECT t.key, t.doc_id, t.local FROM local_keys t WHERE t.doc_id IN ({marks})"
    return {r["key"] for r in _by_locals(conn, sql, locals_)}


def local_rows(conn: sqlite3.Connection, locals_: set[tuple[str, int]]) -> list[dict[str, Any]]:
    sql = (
        "SELECT t.doc_id, t.local, t.type, t.name, t.era_lo, t.era_hi, t.n_mentions, d.published "
        "FROM local_entities t JOIN documents d ON d.id = t.doc_id WHERE t.doc_id IN ({marks})"
    )
    return [dict(r) for r in _by_locals(conn, sql, locals_)]


def mention_forms(conn: sqlite3.Connection, locals_: set[tuple[str, int]]) -> dict[tuple[str, int], dict[str, int]]:
    """Forms (as names) of each local entity with their counts, titles excluded; an inflected mention
    counts under its nominative form."""
    sql = (
        "SELECT t.doc_id, t.local, COALESCE(t.normal, t.text) AS text FROM mentions t"
        " WHERE t.kind != 'title' AND t.doc_id IN ({marks})"
    )
    out: dict[tuple[str, int], dict[str, int]] = {}
    for r in _by_locals(conn, sql, locals_):
        name = re.sub(r"['’]s?$", "", re.sub(r"[\[\]]", "", r["text"])).strip()
        forms = out.setdefault((r["doc_id"], r["local"]), {})
        forms[name] = forms.get(name, 0) + 1
    return out


def entity_of_locals(conn: sqlite3.Connection, locals_: set[tuple[str, int]]) -> dict[tuple[str, int], str | None]:
    sql = "SELECT t.doc_id, t.local, t.entity_id FROM local_entities t WHERE t.doc_id IN ({marks})"
    return {(r["doc_id"], r["local"]): r["entity_id"] for r in _by_locals(conn, sql, locals_)}


_MONTH = "COALESCE(substr(date, 1, 7), 'undated')"  # an event report's month block (see resolve.events)


def event_report_months(conn: sqlite3.Connection, doc_ids: set[str]) -> set[str]:
    """Months of the event reports in these documents and of those not yet merged into an event."""
    out = {r[0] for r in conn.execute(f"SELECT {_MONTH} FROM event_mentions WHERE event_id IS NULL")}
    return out | {
        r[0] for r in rows_in(conn, f"SELECT {_MONTH} FROM event_mentions WHERE doc_id IN ({{marks}})", doc_ids)
    }


def event_reports(conn: sqlite3.Connection, months: set[str]) -> list[dict[str, Any]]:
    """Every event report dated in one of these months ('undated' for none)."""
    sql = (
        "SELECT em.doc_id, idx, type, date, date_end, place, participants, status, background,"
        # the day the article speaks from: its publication, else the latest date it gives
        " COALESCE(d.published, (SELECT MAX(substr(t.value, 1, 10)) FROM times t WHERE t.doc_id = em.doc_id"
        "   AND t.value GLOB '[0-9][0-9][0-9][0-9]*')) AS speaks_from"
        " FROM event_mentions em JOIN documents d ON d.id = em.doc_id"
        f" WHERE {_MONTH} IN ({{marks}})"
    )
    return [
        dict(r) | {"participants": json.loads(r["participants"]), "background": bool(r["background"])}
        for r in rows_in(conn, sql, months)
    ]


def merged_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every merged event with its number of reports."""
    rows = conn.execute(
        "SELECT e.id, e.type, e.date, e.date_end, e.place, e.participants, e.summary, e.status, e.background,"
        " COALESCE(n.c, 0) AS n_reports"
        " FROM events e LEFT JOIN (SELECT event_id, COUNT(*) AS c FROM event_mentions GROUP BY event_id) n"
        " ON n.event_id = e.id ORDER BY e.id"
    )
    return [dict(r) | {"participants": json.loads(r["participants"])} for r in rows]


def events_in_months(conn: sqlite3.Connection, months: set[str]) -> list[str]:
    """Events dated in these months, and those whose reports are (an analyst may have moved an
    event's date out of its reports' month: re-merging the month makes it again)."""
    sql = (
        f"SELECT id FROM events WHERE {_MONTH} IN ({{marks}})"
        f" UNION SELECT event_id FROM event_mentions WHERE event_id IS NOT NULL AND {_MONTH} IN ({{marks}})"
    )
    out: set[str] = set()
    for part in chunks(sorted(months)):
        marks = ",".join("?" * len(part))
        out |= {r[0] for r in conn.execute(sql.format(marks=marks), [*part, *part])}
    return sorted(out)


def entity_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM entities")}


def unsketched_documents(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    rows = conn.execute(
        "SELECT d.id, d.text FROM documents d LEFT JOIN sketches s ON s.doc_id = d.id"
        " WHERE s.doc_id IS NULL ORDER BY d.seq"
    )
    return [(r[0], r[1]) for r in rows]


def sketches(conn: sqlite3.Connection) -> Iterator[tuple[str, bytes]]:
    """Every stored sketch, in ingestion order: the order in which `duplicates.link_new` files the
    documents, and so which copies stand for a group in its capped buckets."""
    sql = "SELECT s.doc_id, s.minhash FROM sketches s JOIN documents d ON d.id = s.doc_id ORDER BY d.seq"
    yield from ((r[0], r[1]) for r in conn.execute(sql))


def texts(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    return {r[0]: r[1] for r in rows_in(conn, "SELECT id, text FROM documents WHERE id IN ({marks})", ids)}


def paragraph_vectors(conn: sqlite3.Connection, ids: set[str], model: str) -> dict[str, bytes]:
    sql = "SELECT doc_id, vectors FROM paragraph_vectors WHERE model = ? AND doc_id IN ({marks})"
    return {r[0]: r[1] for r in rows_in(conn, sql, ids, model)}


def duplicate_pairs(conn: sqlite3.Connection, only_duplicates: bool = True) -> list[dict[str, Any]]:
    sql = "SELECT doc_a, doc_b, jaccard, contained, aligned, matched, duplicate FROM duplicate_pairs"
    if only_duplicates:
        sql += " WHERE duplicate = 1"
    return [dict(r) for r in conn.execute(sql + " ORDER BY doc_a, doc_b")]


def passage_candidates(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every pair that prints some same paragraphs, page templates included, with the documents' dates."""
    sql = (
        "SELECT p.doc_a, p.doc_b, p.passages, a.published AS date_a, b.published AS date_b FROM duplicate_pairs p"
        " JOIN documents a ON a.id = p.doc_a JOIN documents b ON b.id = p.doc_b WHERE p.passages IS NOT NULL"
    )
    return [dict(r) for r in conn.execute(sql)]


def shared_passages(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Pairs of different articles that republish the same passage, with its spans in each (JSON)."""
    sql = (
        "SELECT doc_a, doc_b, contained, covered, republished AS passages FROM duplicate_pairs"
        " WHERE republished IS NOT NULL ORDER BY doc_a, doc_b"
    )
    return [dict(r) for r in conn.execute(sql)]


def passage_partners(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Document id -> the documents it republishes a passage in common with (ids only: no spans)."""
    out: dict[str, list[str]] = {}
    for a, b in conn.execute("SELECT doc_a, doc_b FROM duplicate_pairs WHERE republished IS NOT NULL ORDER BY 1, 2"):
        out.setdefault(a, []).append(b)
        out.setdefault(b, []).append(a)
    return out


def analysed_languages(conn: sqlite3.Connection) -> dict[str, str]:
    """Language of every analysed document (the ones with entities and dates to compare)."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, language FROM documents WHERE analysed = 1")}


def anchor_parts(conn: sqlite3.Connection, ids: set[str]) -> dict[str, tuple[set[str], set[str]]]:
    """Each document's resolved entity ids and stated date values (DATE times at any precision)."""
    out: dict[str, tuple[set[str], set[str]]] = {d: (set(), set()) for d in ids}
    sql = "SELECT doc_id, entity_id FROM local_entities WHERE entity_id IS NOT NULL AND doc_id IN ({marks})"
    for r in rows_in(conn, sql, ids):
        out[r[0]][0].add(r[1])
    sql = "SELECT doc_id, value FROM times WHERE type = 'DATE' AND value IS NOT NULL AND doc_id IN ({marks})"
    for r in rows_in(conn, sql, ids):
        out[r[0]][1].add(r[1])
    return out


def publication_dates(conn: sqlite3.Connection) -> dict[str, str | None]:
    return {r[0]: r[1] for r in conn.execute("SELECT id, published FROM documents")}


def document_order(conn: sqlite3.Connection) -> dict[str, tuple[str, int, int]]:
    """What 'earliest' means for duplicates: publication date, where a date known only to the month
    or year counts as the end of that period (so "2025-04-04" comes before "2025-04"), then a stated
    date before an inferred one, then ingestion order."""
    rank = {"stated": 0, "inferred": 1, "unknown": 2}
    return {
        r[0]: ((r[1] or "9999") + "-99-99"[: max(0, 10 - len(r[1] or "9999"))], rank.get(r[2], 2), r[3])
        for r in conn.execute("SELECT id, published, published_basis, seq FROM documents")
    }


def story_events(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Per (merged event, document) reporting it as news (not background, not a statement: people
    speak daily), for events reported by two documents or more: id, type, doc_id."""
    sql = (
        "SELECT DISTINCT e.id, e.type, em.doc_id FROM events e"
        " JOIN event_mentions em ON em.event_id = e.id"
        " WHERE e.type != 'statement' AND em.background = 0"
        " AND (SELECT COUNT(DISTINCT doc_id) FROM event_mentions x WHERE x.event_id = e.id) >= 2"
        " ORDER BY e.id, em.doc_id"
    )
    return [dict(r) for r in conn.execute(sql)]


def entity_kinds(conn: sqlite3.Connection) -> dict[str, tuple[str, str]]:
    """Entity id -> (name, type)."""
    return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT id, name, type FROM entities")}


def outlets(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL")}


def titles(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    return {r[0]: r[1] or "" for r in rows_in(conn, "SELECT id, title FROM documents WHERE id IN ({marks})", ids)}


def documents_without_story_terms(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT d.id FROM documents d LEFT JOIN story_terms t ON t.doc_id = d.id WHERE t.doc_id IS NULL ORDER BY d.seq"
    )
    return [r[0] for r in rows]


def story_inputs(conn: sqlite3.Connection, with_features: bool = True) -> Iterator[dict[str, Any]]:
    """Per document, streamed: id, date, order, duplicate_of and, `with_features`, its content
    terms (JSON, see `documents_without_story_terms`) and its resolved entities with mention counts."""
    ents: dict[str, dict[str, int]] = {}
    if with_features:
        for r in conn.execute(
            "SELECT doc_id, entity_id, n_mentions FROM local_entities"
            " WHERE entity_id IS NOT NULL AND type IN ('PERSON', 'ORG', 'GPE', 'LOC', 'FAC', 'EVENT', 'LAW')"
        ):
            ents.setdefault(r[0], {})[r[1]] = ents.get(r[0], {}).get(r[1], 0) + max(1, r[2])
    terms = ", t.terms" if with_features else ", NULL"
    rows = conn.execute(
        f"SELECT d.id, d.published, d.seq, d.duplicate_of{terms} FROM documents d"
        " LEFT JOIN story_terms t ON t.doc_id = d.id ORDER BY d.seq"
    )
    for r in rows:
        yield {"id": r[0], "published": r[1], "seq": r[2], "duplicate_of": r[3], "terms": r[4],
               "entities": ents.get(r[0], {})}  # fmt: skip


def claim_subject(text: str) -> tuple[str, list[str]]:
    """SQL condition (claims aliased `c`) and its arguments for the figures about `text`: the words
    appear in what is counted (subject), its measure, or the countries and organisations holding it
    ("dairy", "tariff", "Russia"). One definition for the terminal and the web page. Holders are
    stored as JSON with non-ASCII escaped, so the escaped spelling is matched too ("Россия")."""

    def like(words: str) -> str:
        return "%" + words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    words = text.strip()
    escaped = json.dumps(words)[1:-1]
    cond = (
        "(c.subject LIKE ? ESCAPE '\\' OR c.measure LIKE ? ESCAPE '\\' OR c.holders LIKE ? ESCAPE '\\'"
        " OR c.holders LIKE ? ESCAPE '\\')"
    )
    return cond, [like(words), like(words.lower()), like(words), like(escaped)]


def claim_rows(conn: sqlite3.Connection, doc_id: str | None = None, subject: str = "") -> list[dict[str, Any]]:
    """Claims in reading order with the speaker's entity and name, the sentence, and the document's
    outlet, date and story (only one document's, or only those about `subject`: `claim_subject`)."""
    sql = (
        "SELECT c.*, substr(d.text, c.start + 1, c.end - c.start) AS sentence,"
        " substr(d.text, c.number_start + 1, c.number_end - c.number_start) AS figure,"
        " le.entity_id AS speaker_id, e.name AS speaker_name, d.outlet, d.published, d.story, d.source, d.part,"
        " COALESCE(d.source_group, d.id) AS source_group"
        " FROM claims c JOIN documents d ON d.id = c.doc_id"
        " LEFT JOIN local_entities le ON le.doc_id = c.doc_id AND le.local = c.speaker"
        " LEFT JOIN entities e ON e.id = le.entity_id"
    )
    where, args = ["1=1"], []
    if doc_id:
        where.append("c.doc_id = ?")
        args.append(doc_id)
    if subject.strip():
        cond, more = claim_subject(subject)
        where.append(cond)
        args += more
    rows = conn.execute(sql + f" WHERE {' AND '.join(where)} ORDER BY d.seq, c.start, c.number_start", args)
    return [dict(r) | {"id": f"c-{r['doc_id']}-{r['idx']}", "holders": json.loads(r["holders"])} for r in rows]


def entity_slots(conn: sqlite3.Connection, doc_ids: set[str]) -> list[dict[str, Any]]:
    """Named mentions (not titles) with their resolved entity, for comparing versions of an article."""
    sql = (
        "SELECT m.doc_id, m.start, m.end, m.text, le.type, le.entity_id FROM mentions m"
        " JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
        " WHERE m.kind != 'title' AND le.entity_id IS NOT NULL AND m.doc_id IN ({marks})"
    )
    return [dict(r) for r in rows_in(conn, sql, doc_ids)]


def unresolved_speakers(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Quotes whose speaker phrase names nobody and is no anonymous source ("the Russian dictator")."""
    sql = """SELECT doc_id, idx, start, speaker_text FROM quotes
             WHERE speaker IS NULL AND anonymous = 0 AND via_how IS NULL AND speaker_text IS NOT NULL"""
    return [dict(r) for r in conn.execute(sql)]


def people_mentions(conn: sqlite3.Connection, doc_ids: set[str]) -> list[dict[str, Any]]:
    """Every person mention of these documents, with the corpus entity it belongs to."""
    sql = """SELECT m.doc_id, m.local, m.start, m.end, m.kind, t.entity_id FROM mentions m
             JOIN local_entities t ON t.doc_id = m.doc_id AND t.local = m.local
             WHERE m.type = 'PERSON' AND m.doc_id IN ({marks})"""
    return [dict(r) for r in rows_in(conn, sql, doc_ids)]


def quoted_spans(conn: sqlite3.Connection, doc_ids: set[str]) -> list[tuple[str, int, int]]:
    sql = "SELECT doc_id, start, end FROM quotes WHERE direct = 1 AND doc_id IN ({marks})"
    return [(r["doc_id"], r["start"], r["end"]) for r in rows_in(conn, sql, doc_ids)]


def entity_titles(conn: sqlite3.Connection, entity_ids: set[str]) -> dict[str, list[str]]:
    """Every role and title any source gives these entities ("Russian President", "the Kremlin chief")."""
    sql = """SELECT t.entity_id, r.role AS words FROM roles r
             JOIN local_entities t ON t.doc_id = r.doc_id AND t.local = r.local WHERE t.entity_id IN ({marks})
             UNION ALL
             SELECT t.entity_id, m.text FROM mentions m
             JOIN local_entities t ON t.doc_id = m.doc_id AND t.local = m.local
             WHERE m.kind = 'title' AND t.entity_id IN ({marks})"""
    out: dict[str, list[str]] = {}
    for chunk in chunks(sorted(entity_ids)):
        marks = ",".join("?" * len(chunk))
        for r in conn.execute(sql.format(marks=marks), [*chunk, *chunk]):
            out.setdefault(r["entity_id"], []).append(r["words"])
    return out


def event_origins(conn: sqlite3.Connection) -> dict[str, set[str]]:
    """Each merged event's independent sources: its reports' documents, a copy, translation or
    document sharing a passage counted as the first of its source group."""
    out: dict[str, set[str]] = {}
    for eid, origin in conn.execute(
        "SELECT em.event_id, COALESCE(d.source_group, d.id) FROM event_mentions em"
        " JOIN documents d ON d.id = em.doc_id WHERE em.event_id IS NOT NULL"
    ):
        out.setdefault(eid, set()).add(origin)
    return out


def entity_types(conn: sqlite3.Connection, ids: set[str]) -> dict[str, str]:
    return {r["id"]: r["type"] for r in rows_in(conn, "SELECT id, type FROM entities WHERE id IN ({marks})", ids)}


def documents_named(conn: sqlite3.Connection, item: str) -> list[str]:
    """Documents with this id, else those read from the source of that name."""
    if conn.execute("SELECT 1 FROM documents WHERE id = ?", (item,)).fetchone():
        return [item]
    return [r[0] for r in conn.execute("SELECT id FROM documents WHERE source = ? ORDER BY seq", (item,))]


def position_rows(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every position with its holder's entity, its document's order and source group, and its content."""
    rows = conn.execute(
        "SELECT p.doc_id, p.idx, p.kind, p.issue, p.topic, p.date, p.start, p.points, le.entity_id AS party, d.seq,"
        " COALESCE(d.source_group, d.id) AS source_group,"
        " substr(d.text, p.content_start + 1, p.content_end - p.content_start) AS content"
        " FROM positions p JOIN documents d ON d.id = p.doc_id"
        " LEFT JOIN local_entities le ON le.doc_id = p.doc_id AND le.local = p.holder ORDER BY d.seq, p.idx"
    )
    return [dict(r) for r in rows]


def names_before(conn: sqlite3.Connection, entity_ids: set[str], reach: int = 40) -> dict[str, list[tuple[str, str]]]:
    """Entity id -> (a country or nationality name written just before one of its mentions, the words
    between): "U.S. President Donald Trump", "Russian envoy Kirill Dmitriev"."""
    sql = (
        "SELECT le.entity_id, g.text, substr(d.text, g.end + 1, m.start - g.end) AS gap"
        " FROM mentions m JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
        " JOIN mentions g ON g.doc_id = m.doc_id AND g.type IN ('GPE', 'NORP') AND g.end <= m.start"
        f" AND m.start - g.end <= {int(reach)} JOIN documents d ON d.id = m.doc_id"
        " WHERE le.entity_id IN ({marks})"
    )
    out: dict[str, list[tuple[str, str]]] = {}
    for r in rows_in(conn, sql, entity_ids):
        out.setdefault(r[0], []).append((r[1], r[2]))
    return out
