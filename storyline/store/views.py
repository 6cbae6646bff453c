"""What a reader sees of the store: typed views shared by the CLI, the exports and the web app.

One definition of each object a reader asks about — an entity with its aliases, a quote with its
speaker, an event with the sentences that report it — so the terminal, the dossier and the pages
cannot disagree about what an alias or a source is. The web app pages and filters its lists with
SQL of its own (store/browse.py) but selects the same columns and builds the same objects
(`QUOTE_COLUMNS` + `quote_from_row`, `aliases`, `event_reports`). The pipeline's own bulk reads
are in `reads`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from storyline.store import reads
from storyline.store.reads import chunks

DOCUMENT_FIELDS = (
    "id", "source", "part", "title", "outlet", "authors", "published", "published_basis",
    "language", "translation", "text", "duplicate_of", "story", "url",
)  # fmt: skip


# --- the objects -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Span:
    """Evidence: characters start..end of a document's clean text."""

    doc: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Alias:
    text: str
    n: int  # mentions that use this form (as written, or as its nominative form)


@dataclass
class Entity:
    id: str
    name: str
    type: str
    n_mentions: int
    n_documents: int
    aliases: list[Alias] = field(default_factory=list)


@dataclass
class Quote:
    id: str
    doc: str
    start: int
    end: int
    text: str
    direct: bool
    speaker: str | None  # entity id; None when anonymous or unresolved
    speaker_name: str | None  # the entity's canonical name
    speaker_text: str | None  # how the source names the speaker
    speaker_start: int | None
    speaker_end: int | None
    anonymous: bool
    hedged: bool
    source: str
    title: str | None
    outlet: str | None
    published: str | None
    via: Span | None = None  # a pronoun's or description's speaker: the mention that names the person
    via_how: str | None = None  # pronoun | description | publication


@dataclass(frozen=True)
class Report:
    """One source's report of an event: its sentence, trigger word and date as that source gives
    them, and the document it is in."""

    span: Span
    trigger: str
    reported_date: str | None
    title: str | None
    outlet: str | None
    published: str | None
    source: str
    original: str = ""  # the document this one is a copy/translation of, else itself
    date_words: Span | None = None  # the time expression in the sentence that gave the date
    date_anchor: str | None = None  # how it was resolved: absolute | publication | text
    # participants named by a pronoun: (the pronoun, the entity id, the mention that names them)
    links: list[tuple[Span, str | None, Span]] = field(default_factory=list)

    @property
    def date_how(self) -> str | None:
        """How the date was resolved, in words ("“Friday”, counted from the publication date")."""
        if self.date_words is None:
            return None
        how = {"absolute": "written in full", "publication": f"counted from the publication date {self.published}",
               "text": "counted from a date given earlier in the text"}.get(self.date_anchor or "", "")  # fmt: skip
        return f"“{self.date_words.text}”" + (f", {how}" if how else "")

    @property
    def doc(self) -> str:
        return self.span.doc


@dataclass
class Event:
    id: str
    type: str
    date: str | None
    date_end: str | None
    place: str | None  # entity id
    participants: list[str]  # entity ids
    summary: str
    reports: list[Report] = field(default_factory=list)  # by publication date, then reading order
    status: str = "happened"  # happened | scheduled | cancelled | proposed | speculated | denied
    background: bool = False  # history or context the articles recall, not news

    @property
    def evidence(self) -> list[Span]:
        return [r.span for r in self.reports]

    @property
    def n_sources(self) -> int:
        """Independent sources: a document and its copies, translations and the documents it shares
        a passage with count once."""
        return len({r.original or r.doc for r in self.reports})


# an event's independent sources, as SQL over the events table aliased `e`
SOURCES_OF_EVENT = (
    "(SELECT COUNT(DISTINCT COALESCE(d.source_group, d.id)) FROM event_mentions em"
    " JOIN documents d ON d.id = em.doc_id WHERE em.event_id = e.id)"
)


# what the default timeline shows: what happened, not plans, doubts or the history an article recalls
NEWS_ONLY = "e.status = 'happened' AND e.background = 0"


def period_filter(start: str, end: str, date_from: str | None, date_to: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions for items whose dates (columns `start`..`end`) overlap a period at any precision
    (see `event_filter`); an undated item is in no period."""
    where: list[str] = []
    args: list[Any] = []
    if date_from:
        where.append(f"{end} || '~' >= ?")
        args.append(date_from)
    if date_to:
        where.append(f"{start} <= ? || '~'")
        args.append(date_to)
    return where, args


def event_filter(
    date_from: str | None, date_to: str | None, min_sources: int | None = None
) -> tuple[list[str], list[Any]]:
    """SQL conditions (on events aliased `e`) for a period and a minimum of independent sources.
    An event is in the period when its date range overlaps it, whatever the precision of either:
    a date written as a prefix ("2018", "2018-05") spans every day it covers, so "2018" to "2019",
    "2018-01" to "2019-12" and "2018-01-01" to "2019-12-31" select the same events, and a
    month-precision event is in a filter on that month or on any day of it. String order does the
    work: a prefix sorts before everything it covers, and prefix + "~" after it."""
    where, args = period_filter("e.date", "COALESCE(e.date_end, e.date)", date_from, date_to)
    if min_sources and min_sources > 1:
        where.append(f"{SOURCES_OF_EVENT} >= ?")
        args.append(min_sources)
    return where, args


# --- entities --------------------------------------------------------------------------------------
def aliases(conn: sqlite3.Connection, entity_id: str, docs: Iterable[str] | None = None) -> list[Alias]:
    """Every spelling the sources use for an entity (title-only mentions such as "the envoy" are
    roles, not names): an inflected form's nominative ("Стивом Уиткоффом" -> "Стив Уиткофф") and
    the form as written, most used first, then in order of first use. `docs` limits the count to
    those documents (the web's entity page reads the most recent ones of a busy entity)."""
    sql = (
        "SELECT m.normal, m.text FROM local_entities le JOIN mentions m ON m.doc_id = le.doc_id AND m.local = le.local"
        " JOIN documents d ON d.id = m.doc_id WHERE le.entity_id = ? AND m.kind != 'title'"
    )
    args: list[Any] = [entity_id]
    if docs is not None:
        ids = list(docs)
        if not ids:
            return []
        sql += f" AND m.doc_id IN ({','.join('?' * len(ids))})"
        args += ids
    counts: dict[str, int] = {}
    for normal, text in conn.execute(sql + " ORDER BY d.seq, m.start", args):
        for form in dict.fromkeys((normal or text, text)):
            counts[form] = counts.get(form, 0) + 1
    return [Alias(t, n) for t, n in sorted(counts.items(), key=lambda kv: -kv[1])]


def _entity(row: sqlite3.Row | tuple) -> Entity:
    return Entity(row[0], row[1], row[2], row[3], row[4])


def entity(conn: sqlite3.Connection, entity_id: str) -> Entity | None:
    row = conn.execute(
        "SELECT id, name, type, n_mentions, n_documents FROM entities WHERE id = ?", (entity_id,)
    ).fetchone()
    if row is None:
        return None
    e = _entity(row)
    e.aliases = aliases(conn, entity_id)
    return e


def entities(conn: sqlite3.Connection, type_: str | None = None, name: str | None = None) -> list[Entity]:
    """Entities, most mentioned first; `name` matches the canonical name or any spelling."""
    sql = "SELECT id, name, type, n_mentions, n_documents FROM entities WHERE 1=1"
    args: list[Any] = []
    if type_:
        sql += " AND type = ?"
        args.append(type_.upper())
    if name:
        sql += " AND (name LIKE ? OR id IN (SELECT le.entity_id FROM local_entities le JOIN mentions m"
        sql += " ON m.doc_id = le.doc_id AND m.local = le.local WHERE m.text LIKE ?))"
        args += [f"%{name}%", f"%{name}%"]
    sql += " ORDER BY n_mentions DESC, name"
    return [_entity(r) for r in conn.execute(sql, args)]


def entity_roles(conn: sqlite3.Connection, entity_id: str) -> list[dict[str, Any]]:
    """The titles sources give an entity, each with its evidence, the document's date and outlet."""
    rows = conn.execute(
        "SELECT r.role, r.doc_id, r.start, r.end, substr(d.text, r.start + 1, r.end - r.start), d.published,"
        " d.outlet, d.source FROM roles r JOIN local_entities le ON le.doc_id = r.doc_id AND le.local = r.local"
        " JOIN documents d ON d.id = r.doc_id WHERE le.entity_id = ? ORDER BY d.seq, r.start",
        (entity_id,),
    )
    return [
        {"role": r[0], "span": Span(r[1], r[2], r[3], r[4]), "date": r[5], "outlet": r[6], "source": r[7]} for r in rows
    ]


def entity_mentions(conn: sqlite3.Connection, entity_id: str, context: int = 60) -> list[dict[str, Any]]:
    """Every mention of an entity with `context` characters on each side (read by SQL, so showing one
    entity never loads the documents' texts)."""
    rows = conn.execute(
        "SELECT m.doc_id, m.start, m.end, m.text, d.source, substr(d.text, max(1, m.start - ? + 1), min(m.start, ?)),"
        " substr(d.text, m.end + 1, ?) FROM mentions m JOIN local_entities le ON le.doc_id = m.doc_id"
        " AND le.local = m.local JOIN documents d ON d.id = m.doc_id WHERE le.entity_id = ? ORDER BY d.seq, m.start",
        (context, context, context, entity_id),
    )
    return [{"span": Span(r[0], r[1], r[2], r[3]), "source": r[4], "before": r[5], "after": r[6]} for r in rows]


def entities_with_evidence(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Every entity with aliases, roles (and their evidence) and mention spans, for the export."""
    out: dict[str, dict[str, Any]] = {}
    for r in conn.execute("SELECT id, name, type, n_mentions, n_documents FROM entities ORDER BY n_mentions DESC, id"):
        out[r["id"]] = {"id": r["id"], "name": r["name"], "type": r["type"], "aliases": [], "roles": [],
                        "mentions": [], "role_evidence": [], "documents": r["n_documents"]}  # fmt: skip
    forms: dict[str, dict[str, int]] = {}
    rows = conn.execute(
        "SELECT le.entity_id, m.doc_id, m.start, m.end, m.text, m.kind, m.normal FROM mentions m "
        "JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local JOIN documents d ON d.id = m.doc_id "
        "WHERE le.entity_id IS NOT NULL ORDER BY d.seq, m.start"
    )
    for eid, doc, start, end, text, kind, normal in rows:
        out[eid]["mentions"].append({"doc": doc, "start": start, "end": end, "text": text})
        if kind != "title":  # the same counting as `aliases`, for every entity in one pass
            counts = forms.setdefault(eid, {})
            for form in dict.fromkeys((normal or text, text)):
                counts[form] = counts.get(form, 0) + 1
    for eid, counts in forms.items():
        out[eid]["aliases"] = [t for t, _n in sorted(counts.items(), key=lambda kv: -kv[1])]
    rows = conn.execute(
        "SELECT le.entity_id, r.role, r.doc_id, r.start, r.end, d.published,"
        " substr(d.text, r.start + 1, r.end - r.start)"
        " FROM roles r "
        "JOIN local_entities le ON le.doc_id = r.doc_id AND le.local = r.local JOIN documents d ON d.id = r.doc_id "
        "WHERE le.entity_id IS NOT NULL ORDER BY d.seq, r.start"
    )
    for eid, role, doc, start, end, published, text in rows:
        e = out[eid]
        if role not in e["roles"]:
            e["roles"].append(role)
        e["role_evidence"].append(
            {"role": role, "date": published, "span": {"doc": doc, "start": start, "end": end, "text": text}}
        )
    return list(out.values())


def entity_names(conn: sqlite3.Connection, ids: Iterable[str] | None = None) -> dict[str, str]:
    """Canonical names by entity id (of `ids`, or of every entity)."""
    if ids is None:
        return {r[0]: r[1] for r in conn.execute("SELECT id, name FROM entities")}
    out: dict[str, str] = {}
    for part in chunks(sorted(set(ids))):
        sql = f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(part))})"
        out.update({r[0]: r[1] for r in conn.execute(sql, part)})
    return out


# --- quotes ----------------------------------------------------------------------------------------
# The columns of a quote, for any query that joins quotes q, documents d, the speaker's local
# entity le and its entity e (LEFT JOINs: a quote may have no resolved speaker)
QUOTE_COLUMNS = (
    "q.doc_id, q.idx, q.start, q.end, substr(d.text, q.start + 1, q.end - q.start), q.direct, le.entity_id,"
    " e.name, q.speaker_text, q.speaker_start, q.speaker_end, q.anonymous, q.hedged, d.source, d.title, d.outlet,"
    " d.published, q.via_start, q.via_end, q.via_how, substr(d.text, q.via_start + 1, q.via_end - q.via_start)"
)
QUOTE_JOINS = (
    " LEFT JOIN local_entities le ON le.doc_id = q.doc_id AND le.local = q.speaker"
    " LEFT JOIN entities e ON e.id = le.entity_id"
)


def quote_from_row(r: sqlite3.Row | tuple) -> Quote:
    return Quote(
        id=f"q-{r[0]}-{r[1]}", doc=r[0], start=r[2], end=r[3], text=r[4], direct=bool(r[5]), speaker=r[6],
        speaker_name=r[7], speaker_text=r[8], speaker_start=r[9], speaker_end=r[10], anonymous=bool(r[11]),
        hedged=bool(r[12]), source=r[13], title=r[14], outlet=r[15], published=r[16],
        via=Span(r[0], r[17], r[18], r[20]) if r[17] is not None else None, via_how=r[19],
    )  # fmt: skip


def quotes(
    conn: sqlite3.Connection, speaker_id: str | None = None, anonymous: bool | None = None, doc_id: str | None = None
) -> list[Quote]:
    """Quotes in reading order, optionally of one speaker entity, anonymous ones, or one document."""
    sql = f"SELECT {QUOTE_COLUMNS} FROM quotes q JOIN documents d ON d.id = q.doc_id{QUOTE_JOINS} WHERE 1=1"
    args: list[Any] = []
    if speaker_id:
        sql += " AND le.entity_id = ?"
        args.append(speaker_id)
    if anonymous is not None:
        sql += " AND q.anonymous = ?"
        args.append(int(anonymous))
    if doc_id:
        sql += " AND q.doc_id = ?"
        args.append(doc_id)
    return [quote_from_row(r) for r in conn.execute(sql + " ORDER BY d.seq, q.start", args)]


# --- events ----------------------------------------------------------------------------------------
def event_reports(conn: sqlite3.Connection, event_ids: list[str]) -> dict[str, list[Report]]:
    """The reports of each event, earliest publication first (undated last), then in reading order."""
    out: dict[str, list[Report]] = {e: [] for e in event_ids}
    for part in chunks(event_ids):
        rows = conn.execute(
            "SELECT em.event_id, em.doc_id, em.start, em.end, substr(d.text, em.start + 1, em.end - em.start),"
            " em.trigger, em.date, d.title, d.outlet, d.published, d.source, COALESCE(d.source_group, d.id), em.links,"
            " d.text"
            " FROM event_mentions em JOIN documents d ON d.id = em.doc_id"
            f" WHERE em.event_id IN ({','.join('?' * len(part))})"
            " ORDER BY d.published IS NULL, d.published, d.seq, em.start",
            part,
        )
        words = _date_words(conn, part)
        rows = rows.fetchall()
        entity_of = reads.entity_of_locals(conn, {(r[1], k[0]) for r in rows for k in json.loads(r[12])})
        for eid, doc, start, end, text, trigger, date, title, outlet, published, source, original, links, body in rows:
            span = Span(doc, start, end, text)
            said, anchor = words.get((eid, doc, start), (None, None))
            linked = [(Span(doc, a, b, body[a:b]), entity_of.get((doc, local)), Span(doc, x, y, body[x:y]))
                      for local, a, b, x, y in json.loads(links)]  # fmt: skip
            report = Report(span, trigger, date, title, outlet, published, source, original, said, anchor, linked)
            out[eid].append(report)
    return out


def _date_words(conn: sqlite3.Connection, event_ids: list[str]) -> dict[tuple[str, str, int], tuple[Span, str]]:
    """For each report (event, document, sentence start) with a date: the first time expression in
    its sentence whose value is that date, or holds it, and the anchor it was resolved against — so
    a reader sees why "Friday" became that day."""
    rows = conn.execute(
        "SELECT em.event_id, em.doc_id, em.start, t.start, t.end, t.text, t.anchor FROM event_mentions em"
        " JOIN times t ON t.doc_id = em.doc_id AND t.start >= em.start AND t.end <= em.end"
        f" WHERE em.event_id IN ({','.join('?' * len(event_ids))}) AND em.date IS NOT NULL AND t.value IS NOT NULL"
        " AND (t.value = em.date OR substr(t.value, 1, length(em.date)) = em.date"
        " OR substr(em.date, 1, length(t.value)) = t.value)"
        " ORDER BY t.start",
        event_ids,
    )
    out: dict[tuple[str, str, int], tuple[Span, str]] = {}
    for eid, doc, sent, start, end, text, anchor in rows:
        out.setdefault((eid, doc, sent), (Span(doc, start, end, text), anchor))
    return out


def events(
    conn: sqlite3.Connection,
    date_from: str | None = None,
    date_to: str | None = None,
    entity_id: str | None = None,
    type_: str | None = None,
    min_sources: int | None = None,
    news_only: bool = False,
) -> list[Event]:
    """Merged events in date order (undated last), each with its evidence sentences; with
    `news_only`, only what happened (no plans, cancellations, denials, speculation or background)."""
    sql = "SELECT id, type, date, date_end, place, participants, summary, status, background FROM events e WHERE 1=1"
    where, args = event_filter(date_from, date_to, min_sources)
    sql += "".join(f" AND {w}" for w in [*where, *([NEWS_ONLY] if news_only else [])])
    if type_:
        sql += " AND type = ?"
        args.append(type_)
    if entity_id:
        sql += " AND id IN (SELECT event_id FROM event_entities WHERE entity_id = ?)"
        args.append(entity_id)
    found = [
        Event(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], status=r[7], background=bool(r[8]))
        for r in conn.execute(sql + " ORDER BY date IS NULL, date, id", args)
    ]
    reports = event_reports(conn, [e.id for e in found])
    for e in found:
        e.reports = reports[e.id]
    return found


# --- documents, times, conflicts, stories, the store as a whole --------------------------------------
def documents(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Documents in ingestion order, streamed (a large store is never loaded whole)."""
    cur = conn.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents ORDER BY seq")
    for row in cur:
        d = dict(row)
        d["authors"] = json.loads(d["authors"])
        yield d


def shared_passages(conn: sqlite3.Connection) -> dict[str, list[dict[str, Any]]]:
    """Document id -> the other articles it prints a passage in common with (not copies: each is its
    own article), each with the shared spans of this document's text, in the other's order."""
    pairs = reads.shared_passages(conn)
    ids = {d for p in pairs for d in (p["doc_a"], p["doc_b"])}
    texts = reads.texts(conn, ids) if ids else {}
    out: dict[str, list[dict[str, Any]]] = {}
    for p in pairs:
        spans = json.loads(p["passages"])
        for me, other, mine in ((p["doc_a"], p["doc_b"], spans["a"]), (p["doc_b"], p["doc_a"], spans["b"])):
            out.setdefault(me, []).append({
                "doc": other,
                "spans": [asdict(Span(me, s, e, texts[me][s:e])) for s, e in mine],
            })  # fmt: skip
    return out


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    q = {
        "sources": "SELECT COUNT(*) FROM sources",
        "documents": "SELECT COUNT(*) FROM documents",
        "outlets": "SELECT COUNT(DISTINCT outlet) FROM documents WHERE outlet IS NOT NULL",
        "dated_stated": "SELECT COUNT(*) FROM documents WHERE published_basis = 'stated'",
        "dated_inferred": "SELECT COUNT(*) FROM documents WHERE published_basis = 'inferred'",
        "undated": "SELECT COUNT(*) FROM documents WHERE published_basis = 'unknown'",
        "entities": "SELECT COUNT(*) FROM entities",
        "mentions": "SELECT COUNT(*) FROM mentions",
        "time_expressions": "SELECT COUNT(*) FROM times",
        "events": "SELECT COUNT(*) FROM events",
        "quotes": "SELECT COUNT(*) FROM quotes",
        "anonymous_quotes": "SELECT COUNT(*) FROM quotes WHERE anonymous = 1",
        "claims": "SELECT COUNT(*) FROM claims",
        "duplicates": "SELECT COUNT(*) FROM documents WHERE duplicate_of IS NOT NULL",
        "shared_passages": "SELECT COUNT(*) FROM duplicate_pairs WHERE republished IS NOT NULL",
        "stories": "SELECT COUNT(*) FROM stories",
        "conflicts": "SELECT COUNT(*) FROM conflicts",
        "builds": "SELECT COUNT(*) FROM builds",
        "interrupted_builds": "SELECT COUNT(*) FROM builds WHERE finished_at IS NULL",
        "skipped_inputs": "SELECT COUNT(*) FROM problems WHERE severity = 'skipped'",
        "warnings": "SELECT COUNT(*) FROM problems WHERE severity = 'warning'",
    }
    return {k: int(conn.execute(sql).fetchone()[0]) for k, sql in q.items()}


def languages(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute(
        "SELECT COALESCE(language, '?') AS l, COUNT(*) FROM documents GROUP BY l ORDER BY COUNT(*) DESC"
    )
    return {r[0]: int(r[1]) for r in rows}


def date_range(conn: sqlite3.Connection) -> tuple[str | None, str | None]:
    row = conn.execute("SELECT MIN(published), MAX(published) FROM documents WHERE published IS NOT NULL").fetchone()
    return row[0], row[1]


def last_build(conn: sqlite3.Connection) -> dict[str, Any] | None:
    """The latest build: when, and its summary (counts, seconds, seconds per stage) if it finished."""
    row = conn.execute("SELECT id, started_at, finished_at, summary FROM builds ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        return None
    return dict(row) | {"summary": json.loads(row["summary"]) if row["summary"] else None}


def times(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    rows = conn.execute(
        "SELECT t.doc_id, t.idx, t.start, t.end, t.text, t.value, t.type, t.anchor FROM times t "
        "JOIN documents d ON d.id = t.doc_id ORDER BY d.seq, t.idx"
    )
    for r in rows:
        yield {"id": f"t-{r['doc_id']}-{r['idx']}", "doc": r["doc_id"], "start": r["start"], "end": r["end"],
               "text": r["text"], "value": r["value"], "anchor": r["anchor"], "type": r["type"]}  # fmt: skip


def conflicts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {"kind": r[0], "items": json.loads(r[1]), "note": r[2], "id": r[3]}  # the id is this build's (`correct`)
        for r in conn.execute("SELECT kind, items, note, id FROM conflicts ORDER BY id")
    ]


def stories(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Stories, biggest first, each with its documents in date order."""
    docs: dict[str, list[dict[str, Any]]] = {}
    for r in conn.execute(
        "SELECT id, story, title, outlet, published, source, part, duplicate_of FROM documents"
        " WHERE story IS NOT NULL ORDER BY COALESCE(published, '9999'), seq"
    ):
        docs.setdefault(r["story"], []).append(dict(r))
    return [
        dict(r) | {"documents": docs.get(r["id"], [])}
        for r in conn.execute("SELECT id, label, n_documents, first_date, last_date FROM stories"
                              " ORDER BY n_documents DESC, first_date, id")
    ]  # fmt: skip


# --- positions: the negotiation tracker ----------------------------------------------------------------


@dataclass
class Position:
    """A party's stance on something on the table, with its evidence and what became of it."""

    id: str  # p-DOC-IDX
    doc: str
    kind: str
    sentence: Span
    content: Span
    holder: str | None  # entity id; None for a document's own proposal
    holder_name: str | None
    holder_text: str | None  # how the article names the holder
    side: str | None  # entity id of the country or body the holder speaks for
    side_name: str | None
    issue: str
    subissue: str
    sourcing: str  # on_record | anonymous | document | outlet
    hedged: bool
    date: str | None
    document: str | None  # what is known of a document's author, date and publisher
    points: list[Span]
    answers: str | None  # id of the proposal it answers
    status: str | None  # proposals: proposed | discussed | agreed | rejected | denied
    n_sources: int
    outlet: str | None
    title: str | None
    source: str = ""  # the document's source group: copies and shared passages are one source

    @property
    def party(self) -> str:
        """The side's name, else the holder's, else 'a document'."""
        return self.side_name or self.holder_name or ("a document" if self.sourcing == "document" else "unnamed")


_POSITION_SQL = (
    "SELECT p.*, d.text AS doc_text, d.outlet, d.title, COALESCE(d.source_group, d.id) AS source_group,"
    " le.entity_id AS holder_id, he.name AS holder_name,"
    " se.name AS side_name FROM positions p JOIN documents d ON d.id = p.doc_id"
    " LEFT JOIN local_entities le ON le.doc_id = p.doc_id AND le.local = p.holder"
    " LEFT JOIN entities he ON he.id = le.entity_id LEFT JOIN entities se ON se.id = p.side"
)


def _position(r: sqlite3.Row) -> Position:
    text, doc = r["doc_text"], r["doc_id"]

    def span(a: int, b: int) -> Span:
        return Span(doc, a, b, text[a:b])

    return Position(
        id=f"p-{doc}-{r['idx']}", doc=doc, kind=r["kind"], sentence=span(r["start"], r["end"]),
        content=span(r["content_start"], r["content_end"]), holder=r["holder_id"], holder_name=r["holder_name"],
        holder_text=text[r["holder_start"] : r["holder_end"]] if r["holder_start"] is not None else None,
        side=r["side"], side_name=r["side_name"] or r["holder_name"], issue=r["issue"],
        subissue=r["subissue"] or r["topic"], sourcing=r["sourcing"], hedged=bool(r["hedged"]), date=r["date"],
        document=r["document"], points=[span(a, b) for a, b in json.loads(r["points"])],
        answers=f"p-{r['answers'].replace('/', '-')}" if r["answers"] else None, status=r["status"],
        n_sources=r["n_sources"] or 1, outlet=r["outlet"], title=r["title"], source=r["source_group"],
    )  # fmt: skip


def positions(
    conn: sqlite3.Connection,
    issue: str | None = None,
    party: str | None = None,
    kind: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
) -> list[Position]:
    """Positions in date order; `party` is an entity id matched against the holder and the side;
    a period selects the positions whose date overlaps it at any precision."""
    where, args = ["1=1"], []
    if issue:
        where.append("p.issue = ?")
        args.append(issue)
    if party:
        where.append("(p.side = ? OR le.entity_id = ?)")
        args += [party, party]
    if kind:
        where.append("p.kind = ?")
        args.append(kind)
    period, period_args = period_filter("p.date", "p.date", date_from, date_to)
    where, args = where + period, args + period_args
    sql = f"{_POSITION_SQL} WHERE {' AND '.join(where)} ORDER BY COALESCE(p.date, '9999'), d.seq, p.start"
    return [_position(r) for r in conn.execute(sql, args)]


def position(conn: sqlite3.Connection, position_id: str) -> Position | None:
    doc, _, idx = position_id.removeprefix("p-").rpartition("-")
    if not idx.isdigit():
        return None
    r = conn.execute(f"{_POSITION_SQL} WHERE p.doc_id = ? AND p.idx = ?", (doc, int(idx))).fetchone()
    return _position(r) if r else None


@dataclass
class Cell:
    """One issue × party cell of the agenda: the latest stance and what stands behind it."""

    issue: str
    party: str
    latest: Position
    n_positions: int
    n_sources: int
    anonymous_only: bool  # every position of the cell rests on unnamed sources
    denied: bool  # the party denied something on this issue
    kinds: dict[str, int]


def agenda(
    conn: sqlite3.Connection, min_positions: int = 1
) -> tuple[list[str], list[str], dict[tuple[str, str], Cell]]:
    """(issues, parties, cells): the matrix analysts keep by hand. Parties are sides, most active first."""
    cells: dict[tuple[str, str], list[Position]] = {}
    for p in positions(conn):
        cells.setdefault((p.issue, p.party), []).append(p)
    out: dict[tuple[str, str], Cell] = {}
    for (issue, party), found in cells.items():
        if len(found) < min_positions:
            continue
        kinds: dict[str, int] = {}
        for p in found:
            kinds[p.kind] = kinds.get(p.kind, 0) + 1
        out[(issue, party)] = Cell(
            issue, party, found[-1], len(found), len({p.source for p in found}),
            all(p.sourcing == "anonymous" for p in found), "denial" in kinds, kinds,
        )  # fmt: skip
    activity: dict[str, int] = {}
    for (_issue, party), cell in out.items():
        activity[party] = activity.get(party, 0) + cell.n_positions
    parties = sorted(activity, key=lambda x: (-activity[x], x))
    issues = sorted({i for i, _ in out}, key=lambda i: -sum(c.n_positions for (j, _), c in out.items() if j == i))
    return issues, parties, out
