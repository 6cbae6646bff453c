"""An analyst's judgements: kept in the store, referring to items by keys that survive a rebuild.

A build rewrites row ids, entity ids and event ids, so a judgement never names them: an entity is
held by one of its mentions (document id + span + the words), a quote by its span, a figure by the
span of its number, an event by one of its reports (span + type), a conflict by its items, a copy
link by its two documents, a story membership by its document. Document ids are hashes of their
text, so a judgement follows a document across rebuilds and stops applying — visibly, as
`orphaned` — when the document is removed or its text changes. The readable references the CLI
and web take ("Dmitriev", q-…, an event id) are turned into these keys here (`refs_for`), and
turned back into the current items on every build (`locate`).

Judgements are never rewritten by a build: undo stamps them, the audit trail stays.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storyline.store.db import Store

ACTIONS = ("merge", "split", "distinct", "rename", "speaker", "reject", "confirm", "event")
KINDS = ("entity", "quote", "claim", "event", "conflict", "duplicate", "story")
ENTITY_ACTIONS = ("merge", "split", "distinct", "rename")  # applied inside entity resolution
REJECTABLE = ("event", "quote", "claim", "conflict", "duplicate", "story")
EXTRACTED = ("quote", "claim", "event")  # kinds whose correction edits a document's extraction rows
_COLUMNS = "id, uid, action, target, value, label, author, reason, created, undone, status, problem"


class JudgementError(ValueError):
    """A correction that cannot be recorded as asked (unknown item, wrong kind); the message says why."""


@dataclass(frozen=True)
class Judgement:
    action: str
    kind: str
    refs: tuple[dict[str, Any], ...]  # stable keys of the items it is about
    value: dict[str, Any] = field(default_factory=dict)
    label: str = ""
    author: str = ""
    reason: str = ""
    created: str = ""
    id: int = 0
    undone: str | None = None
    status: str = "pending"
    problem: str | None = None

    @property
    def uid(self) -> str:
        said = [self.action, self.kind, list(self.refs), self.value, self.author, self.created]
        return hashlib.sha1(json.dumps(said, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:16]

    def record(self) -> dict[str, Any]:
        """What export writes and import reads: everything but the store's own bookkeeping."""
        return {
            "uid": self.uid, "action": self.action, "kind": self.kind, "refs": list(self.refs), "value": self.value,
            "label": self.label, "author": self.author, "reason": self.reason, "created": self.created,
            "undone": self.undone,
        }  # fmt: skip


def from_record(r: dict[str, Any]) -> Judgement:
    """A judgement from an exported line, checked for shape (the file may have been edited by hand)."""
    try:
        j = Judgement(
            action=str(r["action"]), kind=str(r["kind"]), refs=tuple(dict(x) for x in r["refs"]),
            value=dict(r.get("value") or {}), label=str(r.get("label", "")), author=str(r.get("author", "")),
            reason=str(r.get("reason", "")), created=str(r["created"]), undone=r.get("undone"),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError) as e:
        raise JudgementError(f"not a judgement record ({type(e).__name__}: {e})") from e
    if j.action not in ACTIONS or j.kind not in KINDS or not j.refs:
        raise JudgementError(f"not a judgement record: action {j.action!r}, kind {j.kind!r}")
    return j


def _row(r: sqlite3.Row) -> Judgement:
    target = json.loads(r["target"])
    return Judgement(
        action=r["action"], kind=target["kind"], refs=tuple(target["refs"]), value=json.loads(r["value"]),
        label=r["label"], author=r["author"], reason=r["reason"], created=r["created"], id=r["id"],
        undone=r["undone"], status=r["status"], problem=r["problem"],
    )  # fmt: skip


def listed(conn: sqlite3.Connection, include_undone: bool = True) -> list[Judgement]:
    where = "" if include_undone else " WHERE undone IS NULL"
    return [_row(r) for r in conn.execute(f"SELECT {_COLUMNS} FROM judgements{where} ORDER BY id")]


def active(conn: sqlite3.Connection, actions: Iterable[str] = ACTIONS) -> list[Judgement]:
    """Judgements in force, oldest first (a later one decides where two disagree)."""
    wanted = set(actions)
    return [j for j in listed(conn, include_undone=False) if j.action in wanted]


def rejected(conn: sqlite3.Connection, kind: str) -> list[dict[str, Any]]:
    """The stable keys of every item of this kind an analyst rejected (and did not undo)."""
    return [ref for j in active(conn, ("reject",)) if j.kind == kind for ref in j.refs]


def conflict_key(conn: sqlite3.Connection, kind: str, items: list[str]) -> str:
    """A conflict as stable keys: its kind and its items' keys, in a fixed order."""
    refs = sorted(json.dumps(_item_ref(conn, i), sort_keys=True) for i in items)
    return json.dumps([kind, refs])


def conflict_key_of(ref: dict[str, Any]) -> str:
    return json.dumps([ref["kind"], sorted(json.dumps(i, sort_keys=True) for i in ref["items"])])


def get(conn: sqlite3.Connection, jid: int) -> Judgement | None:
    r = conn.execute(f"SELECT {_COLUMNS} FROM judgements WHERE id = ?", (jid,)).fetchone()
    return _row(r) if r else None


def now() -> str:
    """UTC to the microsecond: a judgement made again after an undo is a new one (its uid differs)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_author() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name on this system (a container without passwd entry)
        return "unknown"


def add(store: Store, j: Judgement) -> tuple[Judgement, bool]:
    """Record a judgement; (the stored judgement, whether it is new). The same judgement again is one."""
    with store.transaction() as c:
        existing = c.execute(f"SELECT {_COLUMNS} FROM judgements WHERE uid = ?", (j.uid,)).fetchone()
        if existing:
            return _row(existing), False
        cur = c.execute(
            "INSERT INTO judgements(uid, action, target, value, label, author, reason, created, undone, status)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (j.uid, j.action, json.dumps({"kind": j.kind, "refs": list(j.refs)}, ensure_ascii=False, sort_keys=True),
             json.dumps(j.value, ensure_ascii=False, sort_keys=True), j.label, j.author, j.reason, j.created, j.undone,
             "undone" if j.undone else "pending"),
        )  # fmt: skip
        if not j.undone:
            _reopen(c, j)
        row = c.execute(f"SELECT {_COLUMNS} FROM judgements WHERE id = ?", (cur.lastrowid,)).fetchone()
    return _row(row), True


def undo(store: Store, jid: int) -> Judgement:
    """Stamp a judgement undone and mark what it changed for the next build to work out afresh."""
    with store.transaction() as c:
        row = c.execute(f"SELECT {_COLUMNS} FROM judgements WHERE id = ?", (jid,)).fetchone()
        if row is None:
            raise JudgementError(f"no correction #{jid} (`storyline corrections` lists them)")
        j = _row(row)
        if j.undone:
            raise JudgementError(f"correction #{jid} was already undone on {j.undone}")
        c.execute("UPDATE judgements SET undone = ?, status = 'undone', problem = NULL WHERE id = ?", (now(), jid))
        _reopen(c, j)
        docs = {r[0] for r in c.execute("SELECT doc_id FROM corrected WHERE judgement_id = ? AND doc_id IS NOT NULL",
                                        (jid,))}  # fmt: skip
        if j.kind in EXTRACTED:
            docs |= {ref["doc"] for ref in j.refs}
        # what it deleted or overwrote in a document's extraction comes back by analysing it again
        c.executemany("UPDATE documents SET analysed = 0 WHERE id = ?", [(d,) for d in sorted(docs)])
        c.execute("DELETE FROM corrected WHERE judgement_id = ?", (jid,))
    return get(store.conn, jid) or j


def _reopen(c: sqlite3.Connection, j: Judgement) -> None:
    """An entity judgement's mentions go back to unresolved, so the next build re-clusters everything
    their names reach, with the judgement (or, undone, without it)."""
    if j.action not in ENTITY_ACTIONS:
        return
    for ref in j.refs:
        row = c.execute(
            "SELECT le.entity_id FROM mentions m JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
            " WHERE m.doc_id = ? AND m.start = ? AND m.end = ?",
            (ref["doc"], ref["start"], ref["end"]),
        ).fetchone()
        if row and row[0]:  # the whole entity waits, so no row keeps counting members it loses
            c.execute("UPDATE local_entities SET entity_id = NULL WHERE entity_id = ?", (row[0],))
            c.execute("DELETE FROM entities WHERE id = ?", (row[0],))


@dataclass
class Outcome:
    """What one build did with one judgement."""

    judgement: int
    status: str  # applied | orphaned | refused (another judgement decides otherwise)
    problem: str | None = None
    items: list[tuple[str, str]] = field(default_factory=list)  # (kind, item id) it changed or confirmed
    documents: set[str] = field(default_factory=set)  # whose extraction rows it edited: analysed again on undo


def save_outcomes(store: Store, outcomes: list[Outcome]) -> None:
    """Statuses and badges are rewritten; the documents a judgement edited accumulate until it is undone
    (an event it rejected may be gone from every later build, its reports still need restoring)."""
    with store.transaction() as c:
        c.execute("DELETE FROM corrected WHERE kind != 'document'")
        for o in outcomes:
            c.execute("UPDATE judgements SET status = ?, problem = ? WHERE id = ?", (o.status, o.problem, o.judgement))
            c.executemany("INSERT INTO corrected(judgement_id, kind, item) VALUES (?, ?, ?)",
                          [(o.judgement, k, i) for k, i in o.items])  # fmt: skip
            sql = "SELECT doc_id FROM corrected WHERE judgement_id = ? AND kind = 'document'"
            known = {r[0] for r in c.execute(sql, (o.judgement,))}
            c.executemany("INSERT INTO corrected(judgement_id, kind, item, doc_id) VALUES (?, 'document', ?, ?)",
                          [(o.judgement, d, d) for d in sorted(o.documents - known)])  # fmt: skip


# --- the edits a judgement makes to stored items (resolve.corrections decides them) -----------------


def set_speaker(store: Store, doc: str, idx: int, speaker: dict[str, Any]) -> None:
    """speaker: {local, text, start, end, anonymous} as the quote should now read (all None: no speaker)."""
    with store.transaction() as c:
        c.execute(
            "UPDATE quotes SET speaker = :local, speaker_text = :text, speaker_start = :start, speaker_end = :end,"
            " anonymous = :anonymous, via_start = NULL, via_end = NULL, via_how = NULL"
            " WHERE doc_id = :doc AND idx = :idx",
            speaker | {"doc": doc, "idx": idx},
        )
        c.execute(
            "UPDATE quotes_fts SET speaker = ? WHERE rowid = (SELECT rowid FROM quotes WHERE doc_id = ? AND idx = ?)",
            (speaker["text"] or "", doc, idx),
        )


def delete_rows(store: Store, kind: str, rows: list[tuple[str, int]]) -> None:
    """Quotes or figures (kind 'quote' or 'claim') an analyst rejected; analysing their document again restores
    them (undo)."""
    table = _SPANNED[kind][1]
    with store.transaction() as c:
        c.executemany(f"DELETE FROM {table} WHERE doc_id = ? AND idx = ?", rows)


def delete_event(store: Store, event_id: str) -> set[str]:
    """An event an analyst rejected, with its reports; returns the documents that reported it."""
    with store.transaction() as c:
        docs = {r[0] for r in c.execute("SELECT doc_id FROM event_mentions WHERE event_id = ?", (event_id,))}
        c.execute("DELETE FROM event_mentions WHERE event_id = ?", (event_id,))
        c.execute("DELETE FROM events WHERE id = ?", (event_id,))
    return docs


def set_event(store: Store, event_id: str, fields: dict[str, Any]) -> None:
    """Date, place, participants and summary an analyst gave an event (its entity rows follow)."""
    with store.transaction() as c:
        c.execute(
            "UPDATE events SET date = :date, date_end = :date_end, place = :place, participants = :participants,"
            " summary = :summary WHERE id = :id",
            fields | {"id": event_id, "participants": json.dumps(fields["participants"])},
        )
        c.execute("DELETE FROM event_entities WHERE event_id = ?", (event_id,))
        c.executemany(
            "INSERT INTO event_entities(event_id, entity_id) VALUES (?, ?)",
            [(event_id, e) for e in dict.fromkeys([*fields["participants"], fields["place"]]) if e],
        )


def corrected_items(conn: sqlite3.Connection, kind: str) -> dict[str, list[tuple[int, str]]]:
    """Item id -> [(judgement id, action)] for one kind: what the badges and the export show."""
    out: dict[str, list[tuple[int, str]]] = {}
    for r in conn.execute(
        "SELECT c.item, c.judgement_id, j.action FROM corrected c JOIN judgements j ON j.id = c.judgement_id"
        " WHERE c.kind = ? ORDER BY c.judgement_id",
        (kind,),
    ):
        out.setdefault(r[0], []).append((r[1], r[2]))
    return out


# --- readable references -> stable keys -------------------------------------------------------------


def entity_ref(conn: sqlite3.Connection, entity_id: str) -> dict[str, Any]:
    """The mention that holds an entity: its first name mention (not a title) in the earliest document."""
    r = conn.execute(
        "SELECT m.doc_id, m.start, m.end, m.text FROM mentions m"
        " JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local JOIN documents d ON d.id = m.doc_id"
        " WHERE le.entity_id = ? ORDER BY m.kind = 'title', m.kind != 'name', d.seq, m.start LIMIT 1",
        (entity_id,),
    ).fetchone()
    if r is None:
        raise JudgementError(f"no entity {entity_id}")
    return {"doc": r[0], "start": r[1], "end": r[2], "text": r[3]}


# quotes and figures: id prefix, table, and the span that holds each (a figure is held by its number)
_SPANNED = {"quote": ("q-", "quotes", "start", "end"), "claim": ("c-", "claims", "number_start", "number_end")}


def item_id(kind: str, row: tuple[str, int]) -> str:
    """The id views give a quote or figure: q-DOC-IDX, c-DOC-IDX."""
    return f"{_SPANNED[kind][0]}{row[0]}-{row[1]}"


def span_ref(conn: sqlite3.Connection, kind: str, item: str) -> dict[str, Any]:
    """The stable key of a quote or figure (kind 'quote' or 'claim') named by its id."""
    prefix, table, start, end = _SPANNED[kind]
    what = "quote" if kind == "quote" else "figure"
    doc, _, idx = item.removeprefix(prefix).rpartition("-")
    if not item.startswith(prefix) or not doc or not idx.isdigit():
        raise JudgementError(f"{item!r} is not a {what} id ({prefix}DOC-N)")
    sql = f"SELECT {start}, {end} FROM {table} WHERE doc_id = ? AND idx = ?"
    r = conn.execute(sql, (doc, int(idx))).fetchone()
    if r is None:
        raise JudgementError(f"no {what} {item}")
    return {"doc": doc, "start": r[0], "end": r[1]}


def event_ref(conn: sqlite3.Connection, event_id: str) -> dict[str, Any]:
    """An event is held by its first report (earliest document, first sentence)."""
    r = conn.execute(
        "SELECT em.doc_id, em.start, em.end, em.type FROM event_mentions em JOIN documents d ON d.id = em.doc_id"
        " WHERE em.event_id = ? ORDER BY d.seq, em.start LIMIT 1",
        (event_id,),
    ).fetchone()
    if r is None:
        raise JudgementError(f"no event {event_id}")
    return {"doc": r[0], "start": r[1], "end": r[2], "type": r[3]}


def _item_ref(conn: sqlite3.Connection, item: str) -> dict[str, Any]:
    """A conflict's item: a figure, an event, or a document (two versions naming different things)."""
    if item.startswith("c-"):
        return {"claim": span_ref(conn, "claim", item)}
    if conn.execute("SELECT 1 FROM events WHERE id = ?", (item,)).fetchone():
        return {"event": event_ref(conn, item)}
    return {"doc": item}


def conflict_ref(conn: sqlite3.Connection, conflict_id: int) -> dict[str, Any]:
    r = conn.execute("SELECT kind, items FROM conflicts WHERE id = ?", (conflict_id,)).fetchone()
    if r is None:
        raise JudgementError(f"no conflict {conflict_id}")
    return {"kind": r[0], "items": [_item_ref(conn, i) for i in json.loads(r[1])]}


def document_exists(conn: sqlite3.Connection, doc: str) -> bool:
    return conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc,)).fetchone() is not None


def duplicate_ref(conn: sqlite3.Connection, doc_a: str, doc_b: str) -> dict[str, Any]:
    r = conn.execute(
        "SELECT doc_a, doc_b FROM duplicate_pairs WHERE (doc_a = ? AND doc_b = ?) OR (doc_a = ? AND doc_b = ?)",
        (doc_a, doc_b, doc_b, doc_a),
    ).fetchone()
    if r is None:
        raise JudgementError(f"no link between documents {doc_a} and {doc_b}")
    return {"doc_a": r[0], "doc_b": r[1]}


def story_ref(conn: sqlite3.Connection, doc: str) -> dict[str, Any]:
    if not document_exists(conn, doc):
        raise JudgementError(f"no document {doc}")
    return {"doc": doc, "story": story_of(conn, doc)}


# --- stable keys -> the items of this build --------------------------------------------------------


def local_at(conn: sqlite3.Connection, ref: dict[str, Any]) -> tuple[str, int] | None:
    """The local entity a mention key names now; None when the mention is gone."""
    r = conn.execute(
        "SELECT local FROM mentions WHERE doc_id = ? AND start = ? AND end = ?", (ref["doc"], ref["start"], ref["end"])
    ).fetchone()
    return (ref["doc"], r[0]) if r else None


def entity_at(conn: sqlite3.Connection, ref: dict[str, Any]) -> str | None:
    found = local_at(conn, ref)
    if found is None:
        return None
    r = conn.execute("SELECT entity_id FROM local_entities WHERE doc_id = ? AND local = ?", found).fetchone()
    return r[0] if r else None


def row_at(conn: sqlite3.Connection, kind: str, ref: dict[str, Any]) -> tuple[str, int] | None:
    """The (document, idx) of the quote or figure a stable key holds now; None when it is gone."""
    _prefix, table, start, end = _SPANNED[kind]
    sql = f"SELECT idx FROM {table} WHERE doc_id = ? AND {start} = ? AND {end} = ?"
    r = conn.execute(sql, (ref["doc"], ref["start"], ref["end"])).fetchone()
    return (ref["doc"], r[0]) if r else None


def story_of(conn: sqlite3.Connection, doc: str) -> str | None:
    r = conn.execute("SELECT story FROM documents WHERE id = ?", (doc,)).fetchone()
    return r[0] if r else None


def event_at(conn: sqlite3.Connection, ref: dict[str, Any]) -> str | None:
    r = conn.execute(
        "SELECT event_id FROM event_mentions WHERE doc_id = ? AND start = ? AND end = ? AND type = ?",
        (ref["doc"], ref["start"], ref["end"], ref["type"]),
    ).fetchone()
    return r[0] if r else None


def documents_of(ref: dict[str, Any]) -> list[str]:
    """The documents a stable key stands on (a conflict's: those of its items)."""
    docs = [ref[k] for k in ("doc", "doc_a", "doc_b") if k in ref]
    for item in ref.get("items", []):
        docs += [d for x in item.values() for d in ([x] if isinstance(x, str) else documents_of(x))]
    return docs


def gone(conn: sqlite3.Connection, ref: dict[str, Any], what: str) -> str:
    """Why a key finds nothing: the reader needs to know whether the document went or only the item."""
    missing = [d for d in documents_of(ref) if not document_exists(conn, d)]
    if missing:
        return f"document {missing[0]} is no longer in the store (removed, or its text changed)"
    where = f" at {ref['doc']}:{ref['start']}-{ref['end']}" if "start" in ref else ""
    return f"no {what}{where} any more (the extraction changed)"


# --- a judgement from readable references (the CLI's and the web's) -------------------------------


def make(
    conn: sqlite3.Connection,
    action: str,
    kind: str,
    ids: list[str],
    value: dict[str, Any] | None = None,
    author: str = "",
    reason: str = "",
) -> Judgement:
    """A judgement on the items `ids` name now (entity ids, q-…, c-…, event ids, a conflict's number,
    document ids), held by stable keys. `value` names entities by id too (a speaker, a place); they
    are turned into keys as well. Raises JudgementError with a reader's message when it cannot be."""
    value = {k: v for k, v in (value or {}).items() if v is not None or k in ("date", "place")}
    if action not in ACTIONS:
        raise JudgementError(f"unknown correction {action!r} (one of: {', '.join(ACTIONS)})")
    allowed = {"merge": ("entity",), "split": ("entity",), "distinct": ("entity",), "rename": ("entity",),
               "speaker": ("quote",), "event": ("event",), "reject": REJECTABLE, "confirm": KINDS}[action]  # fmt: skip
    if kind not in allowed:
        raise JudgementError(f"{action} applies to {' or '.join(allowed)}, not to {kind!r}")
    wanted = {"merge": 2, "distinct": 2, "duplicate": 2}.get(action if kind == "entity" else kind, 1)
    if len(ids) != wanted and not (action == "merge" and len(ids) > 2):
        raise JudgementError(f"{action} {kind} takes {wanted} id(s), got {len(ids)}")
    if kind == "entity" and len(set(ids)) < len(ids):
        raise JudgementError(
            "these names are one entity already: to take names out of it, use `correct split ENTITY --alias NAME`"
        )
    refs, label = _refs(conn, kind, ids)
    if action == "split":
        value = _split_value(conn, ids[0], value)
    elif action == "rename" and not (value.get("name") or value.get("type")):
        raise JudgementError("rename needs a new name or a new type")
    elif action == "speaker" and value.get("entity"):
        value["entity"] = entity_ref(conn, value["entity"])
    elif action == "event":
        value = _event_value(conn, value)
    return Judgement(action, kind, tuple(refs), value, label, author or default_author(), reason, now())


def _refs(conn: sqlite3.Connection, kind: str, ids: list[str]) -> tuple[list[dict[str, Any]], str]:
    if kind == "entity":
        names = [r[0] if (r := conn.execute("SELECT name FROM entities WHERE id = ?", (i,)).fetchone()) else i
                 for i in ids]  # fmt: skip
        return [entity_ref(conn, i) for i in ids], " / ".join(names)
    if kind in _SPANNED:  # a figure's label shows the words around its number
        ref = span_ref(conn, kind, ids[0])
        return [ref], _words(conn, ref["doc"], ref["start"], ref["end"], around=60 if kind == "claim" else 0)
    if kind == "event":
        row = conn.execute("SELECT summary, date FROM events WHERE id = ?", (ids[0],)).fetchone()
        return [event_ref(conn, ids[0])], f"{row[1] or 'undated'}: {row[0]}" if row else ids[0]
    if kind == "conflict":
        if not ids[0].isdigit():
            raise JudgementError(f"{ids[0]!r} is not a conflict number")
        note = conn.execute("SELECT note FROM conflicts WHERE id = ?", (int(ids[0]),)).fetchone()
        return [conflict_ref(conn, int(ids[0]))], (note[0][:100] if note else ids[0])
    if kind == "duplicate":
        return [duplicate_ref(conn, ids[0], ids[1])], f"{ids[0]} ~ {ids[1]}"
    ref = story_ref(conn, ids[0])
    title = conn.execute("SELECT COALESCE(title, source) FROM documents WHERE id = ?", (ids[0],)).fetchone()[0]
    return [ref], title


def _words(conn: sqlite3.Connection, doc: str, start: int, end: int, around: int = 0) -> str:
    row = conn.execute("SELECT substr(text, ?, ?) FROM documents WHERE id = ?",
                       (max(0, start - around) + 1, end - start + 2 * around, doc)).fetchone()  # fmt: skip
    text = " ".join((row[0] if row else "").split())
    return text if len(text) <= 100 else text[:99] + "…"


def _split_value(conn: sqlite3.Connection, entity_id: str, value: dict[str, Any]) -> dict[str, Any]:
    aliases = [a.strip() for a in value.get("aliases", []) if a.strip()]
    if not aliases or not str(value.get("name", "")).strip():
        raise JudgementError("split needs the names to move (--alias) and the new entity's name (--name)")
    forms = {r[0] for r in conn.execute(
        "SELECT DISTINCT m.text FROM mentions m JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
        " WHERE le.entity_id = ?", (entity_id,))}  # fmt: skip
    forms |= {r[0] for r in conn.execute("SELECT name FROM local_entities WHERE entity_id = ?", (entity_id,))}
    unknown = [a for a in aliases if a not in forms]
    if unknown:
        known = "; ".join(sorted(forms)[:8])
        raise JudgementError(f"{', '.join(map(repr, unknown))}: not a name this entity goes by ({known})")
    return {"aliases": aliases, "name": value["name"].strip()} | ({"type": value["type"]} if value.get("type") else {})


def _event_value(conn: sqlite3.Connection, value: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "date" in value:
        date = value["date"]
        if date is not None and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date):
            raise JudgementError(f"{date!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        out["date"] = date
    if "place" in value:
        out["place"] = entity_ref(conn, value["place"]) if value["place"] else None
    if "participants" in value:
        out["participants"] = [entity_ref(conn, e) for e in value["participants"]]
    if not out:
        raise JudgementError("an event correction needs a date, a place or participants")
    return out
