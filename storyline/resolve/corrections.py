"""The analysts' judgements, applied on every build (store/judgements.py holds them).

Why a stage, and where it sits: a build recomputes everything a judgement corrects, so a judgement
is applied where the item is made, each time. Entity judgements act inside entity resolution
(`entities.Judged`: forced links, refused links, splits, names), so events, quotes and conflicts
follow the corrected entities; copy links, story memberships and conflicts an analyst rejected are
left out by the duplicates, stories and conflicts stages themselves. This stage, right after events
and before the stages that read them, makes the edits to single items — a quote's speaker, a
rejected quote, figure or event, an event's date, place or parties — and then says, for every
judgement, whether it held (`applied`), found nothing to hold on (`orphaned`: its document was
removed or its text changed) or was overruled by another judgement (`refused`), and which items
carry its badge.

Edits to a document's extraction rows (a deleted quote, an overwritten speaker) are undone by
analysing the document again (`judgements.undo`), so nothing of the automatic result needs keeping.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from storyline.resolve.events import MergedEvent, event_summary
from storyline.resolve.stage import Changes
from storyline.store import judgements, views
from storyline.store.db import Store
from storyline.store.judgements import Judgement, Outcome


def update(store: Store, changes: Changes) -> int:
    """Apply every judgement in force, oldest first; returns how many hold."""
    del changes  # judgements are few and each is checked on every build
    outcomes = []
    for j in judgements.active(store.conn):
        outcome = APPLY[j.action](store, j)
        outcomes.append(outcome)
    judgements.save_outcomes(store, outcomes)
    return sum(o.status == "applied" for o in outcomes)


def _orphaned(store: Store, j: Judgement, ref: dict, what: str) -> Outcome:
    return Outcome(j.id, "orphaned", judgements.gone(store.conn, ref, what))


def _entities(store: Store, j: Judgement) -> Outcome:
    """merge, distinct, split, rename: already applied by entity resolution; checked here."""
    found = []
    for ref in j.refs:
        eid = judgements.entity_at(store.conn, ref)
        if eid is None:
            return _orphaned(store, j, ref, f"mention {ref.get('text', '')!r}")
        found.append(eid)
    items = [("entity", e) for e in dict.fromkeys(found)]
    if j.action == "split":
        name = j.value.get("name", "")
        items += [("entity", r[0]) for r in store.conn.execute("SELECT id FROM entities WHERE name = ?", (name,))]
    held = {"merge": len(set(found)) == 1, "distinct": len(set(found)) == len(found)}.get(j.action, True)
    if not held:
        return Outcome(j.id, "refused", "another correction decides otherwise (see `storyline corrections`)", items)
    return Outcome(j.id, "applied", None, items)


def _speaker(store: Store, j: Judgement) -> Outcome:
    ref = j.refs[0]
    quote = judgements.row_at(store.conn, "quote", ref)
    if quote is None:
        return _orphaned(store, j, ref, "quote")
    doc, idx = quote
    speaker: dict = {"local": None, "text": None, "start": None, "end": None, "anonymous": 0}
    if (who := j.value.get("entity")) is not None:
        eid = judgements.entity_at(store.conn, who)
        if eid is None:
            return _orphaned(store, j, who, f"mention {who.get('text', '')!r} of the speaker")
        mention = _nearest_mention(store, doc, eid, ref["start"])
        if mention is None:
            return Outcome(j.id, "orphaned", f"{_name(store, eid)} is no longer named in document {doc}")
        speaker = mention | {"anonymous": 0}
    elif description := j.value.get("anonymous"):
        speaker |= {"text": description, "anonymous": 1}
    judgements.set_speaker(store, doc, idx, speaker)
    return Outcome(j.id, "applied", None, [("quote", judgements.item_id("quote", quote))], {doc})


def _nearest_mention(store: Store, doc: str, entity_id: str, at: int) -> dict | None:
    """The mention of the entity in the quote's document closest before the quote (else after it):
    where a reader would look for who said it."""
    rows = store.conn.execute(
        "SELECT m.local, m.text, m.start, m.end FROM mentions m"
        " JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
        " WHERE m.doc_id = ? AND le.entity_id = ? AND m.kind != 'title'",
        (doc, entity_id),
    ).fetchall()
    if not rows:
        return None
    best = min(rows, key=lambda r: (r["start"] > at, abs(at - r["start"])))
    return {"local": best["local"], "text": best["text"], "start": best["start"], "end": best["end"]}


def _name(store: Store, entity_id: str) -> str:
    return views.entity_names(store.conn, [entity_id]).get(entity_id, entity_id)


def _reject(store: Store, j: Judgement) -> Outcome:
    """A rejected quote, figure or event is deleted (its document's analysis restores it on undo); a
    copy link, story membership or conflict is left out by its own stage. An item already gone
    while its document is still there is what the judgement wants: it holds."""
    ref = j.refs[0]
    if any(not judgements.document_exists(store.conn, d) for d in judgements.documents_of(ref)):
        return _orphaned(store, j, ref, j.kind)
    if j.kind in ("quote", "claim"):
        if (row := judgements.row_at(store.conn, j.kind, ref)) is not None:
            judgements.delete_rows(store, j.kind, [row])
        return Outcome(j.id, "applied", None, [], {ref["doc"]})
    if j.kind == "event":
        eid = judgements.event_at(store.conn, ref)
        docs = judgements.delete_event(store, eid) if eid else set()
        return Outcome(j.id, "applied", None, [], docs | {ref["doc"]})
    if j.kind == "story":
        story = judgements.story_of(store.conn, ref["doc"])
        return Outcome(j.id, "applied", None, [("story", story)] if story else [])
    return Outcome(j.id, "applied")


def _confirm(store: Store, j: Judgement) -> Outcome:
    ref = j.refs[0]
    conn = store.conn
    if j.kind == "entity":
        item = judgements.entity_at(conn, ref)
    elif j.kind in ("quote", "claim"):
        item = judgements.item_id(j.kind, row) if (row := judgements.row_at(conn, j.kind, ref)) else None
    elif j.kind == "event":
        item = judgements.event_at(conn, ref)
    elif j.kind == "story":
        item = judgements.story_of(conn, ref["doc"])
    else:  # conflicts and copy links: confirmed by their keys
        item = json.dumps(ref, sort_keys=True)
    if item is None:
        return _orphaned(store, j, ref, j.kind)
    return Outcome(j.id, "applied", None, [(j.kind, item)])


def _event(store: Store, j: Judgement) -> Outcome:
    """An event's date, place or parties as the analyst gives them; the rest stays as merged."""
    ref = j.refs[0]
    eid = judgements.event_at(store.conn, ref)
    if eid is None:
        return _orphaned(store, j, ref, "event report")
    row = store.conn.execute("SELECT * FROM events WHERE id = ?", (eid,)).fetchone()
    fields = {"date": row["date"], "date_end": row["date_end"], "place": row["place"],
              "participants": json.loads(row["participants"])}  # fmt: skip
    if "date" in j.value:
        fields |= {"date": j.value["date"], "date_end": j.value.get("date_end")}
    entity_refs = {"place": [j.value["place"]] if j.value.get("place") else [], "participants": []}
    entity_refs["participants"] = list(j.value.get("participants") or [])
    resolved: dict[str, list[str]] = {}
    for key, refs in entity_refs.items():
        resolved[key] = []
        for r in refs:
            if (e := judgements.entity_at(store.conn, r)) is None:
                return _orphaned(store, j, r, f"mention {r.get('text', '')!r}")
            resolved[key].append(e)
    if "place" in j.value:
        fields["place"] = resolved["place"][0] if resolved["place"] else None
    if "participants" in j.value:
        fields["participants"] = list(dict.fromkeys(resolved["participants"]))
    event = MergedEvent(eid, row["type"], fields["date"], fields["date_end"], fields["place"],
                        list(fields["participants"]), [], row["status"], bool(row["background"]))  # fmt: skip
    names = views.entity_names(store.conn, [*event.participants, *([event.place] if event.place else [])])
    judgements.set_event(store, eid, fields | {"summary": event_summary(event, names)})
    return Outcome(j.id, "applied", None, [("event", eid)], {ref["doc"]})


APPLY: dict[str, Callable[[Store, Judgement], Outcome]] = {
    "merge": _entities, "distinct": _entities, "split": _entities, "rename": _entities,
    "speaker": _speaker, "reject": _reject, "confirm": _confirm, "event": _event,
}  # fmt: skip
