"""The dossier JSON, exactly per ../shared/dossier.schema.json (storyline.dossier/1).

Every section is always present (empty when the store holds nothing for it), so consumers can rely
on the shape. Fields beyond the schema (claims' measure/status/bound/hedged and the figure's own
span, stories' date range, documents' `shares_passage`: the other articles a document prints a
passage in common with, and the shared spans of its text) are additions the schema allows.

So are the negotiation tracker's sections: `positions` (each party's stance — kind, holder and
the side it speaks for, agenda issue and sub-issue, sourcing, the sentence and what is on the
table as spans, a listed plan's points, the proposal it answers, a proposal's status, independent
sources) and `issues` (per agenda issue its sub-issues and, per party, the stances in date order:
the trajectory). And so are the analysts' corrections: a section `judgements` (every correction, undone ones too, with
what the last build could do with it), and on each entity, event, quote, claim and story a
judgement changed or confirmed, `corrected` / `reviewed` and the ids of those `judgements`, so a
reader of the file can tell a machine's reading from a person's.
"""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from storyline.lexicon.issues import ISSUES
from storyline.store import judgements, reads, views

SCHEMA_ID = "storyline.dossier/1"
SECTIONS = (
    "documents", "entities", "times", "events", "quotes", "claims", "conflicts", "stories", "positions", "issues",
    "judgements",
)  # fmt: skip
_DOC_KEYS = (
    "id", "source", "part", "title", "outlet", "authors", "published", "published_basis",
    "language", "translation", "text", "duplicate_of", "story",
)  # fmt: skip


def build_dossier(conn: sqlite3.Connection) -> dict[str, Any]:
    dossier: dict[str, Any] = {
        "schema": SCHEMA_ID,
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    for s in SECTIONS:
        dossier[s] = []
    passages = views.shared_passages(conn)
    dossier["documents"] = [
        {k: d[k] for k in _DOC_KEYS} | {"url": d["url"], "shares_passage": passages.get(d["id"], [])}
        for d in views.documents(conn)
    ]
    dossier["entities"] = views.entities_with_evidence(conn)
    dossier["times"] = list(views.times(conn))
    dossier["events"] = [
        {"id": e.id, "type": e.type, "date": e.date, "date_end": e.date_end, "place": e.place,
         "participants": e.participants, "summary": e.summary, "evidence": [asdict(s) for s in e.evidence],
         "status": e.status, "background": e.background}
        for e in views.events(conn)
    ]  # fmt: skip
    dossier["conflicts"] = views.conflicts(conn)
    dossier["quotes"] = [
        {**{k: getattr(q, k) for k in ("id", "doc", "start", "end", "text", "direct", "speaker", "speaker_text",
                                       "anonymous", "hedged")},
         "speaker_link": {"how": q.via_how, "evidence": asdict(q.via)} if q.via is not None else None}
        for q in views.quotes(conn)
    ]  # fmt: skip
    dossier["claims"] = [
        {"id": c["id"], "doc": c["doc_id"], "start": c["start"], "end": c["end"], "text": c["sentence"],
         "subject": c["subject"], "measure": c["measure"], "value": c["value"], "value_max": c["value_max"],
         "unit": c["unit"], "as_of": c["as_of"], "attributed_to": c["speaker_id"], "status": c["status"],
         "bound": c["bound"], "hedged": bool(c["hedged"]),
         "figure": {"doc": c["doc_id"], "start": c["number_start"], "end": c["number_end"], "text": c["figure"]}}
        for c in reads.claim_rows(conn)
    ]  # fmt: skip
    dossier["stories"] = [
        {"id": s["id"], "label": s["label"], "documents": [d["id"] for d in s["documents"]],
         "first_date": s["first_date"], "last_date": s["last_date"]}
        for s in views.stories(conn)
    ]  # fmt: skip
    found = views.positions(conn)
    dossier["positions"] = [_position(p) for p in found]
    dossier["issues"] = _issues(found)
    dossier["judgements"] = [
        j.record() | {"id": j.id, "status": j.status, "problem": j.problem} for j in judgements.listed(conn)
    ]
    for section, kind in (("entities", "entity"), ("events", "event"), ("quotes", "quote"), ("claims", "claim"),
                          ("stories", "story")):  # fmt: skip
        marks = judgements.corrected_items(conn, kind)
        for item in dossier[section]:
            if found := marks.get(item["id"]):
                item |= _marks(found)
    return dossier


def _position(p: views.Position) -> dict[str, Any]:
    return {
        "id": p.id, "doc": p.doc, "start": p.sentence.start, "end": p.sentence.end, "text": p.sentence.text,
        "kind": p.kind, "holder": p.holder, "holder_text": p.holder_text, "side": p.side, "party": p.party,
        "issue": p.issue, "subissue": p.subissue, "content": asdict(p.content), "sourcing": p.sourcing,
        "hedged": p.hedged, "date": p.date, "document": p.document, "points": [asdict(x) for x in p.points],
        "answers": p.answers, "status": p.status, "n_sources": p.n_sources,
    }  # fmt: skip


def _issues(found: list[views.Position]) -> list[dict[str, Any]]:
    """Per agenda issue: its sub-issues, and each party's stances in date order (the trajectory)."""
    out: dict[str, dict[str, Any]] = {}
    for p in found:  # date order
        issue = out.setdefault(p.issue, {"id": p.issue, "label": ISSUES.get(p.issue, p.issue), "subissues": [],
                                         "parties": {}, "proposals": []})  # fmt: skip
        if p.subissue not in issue["subissues"]:
            issue["subissues"].append(p.subissue)
        party = issue["parties"].setdefault(p.party, {"party": p.party, "side": p.side, "stances": []})
        party["stances"].append({"position": p.id, "kind": p.kind, "date": p.date, "subissue": p.subissue})
        if p.status is not None:
            issue["proposals"].append({"position": p.id, "status": p.status})
    return [v | {"parties": list(v["parties"].values())} for v in out.values()]


def _marks(found: list[tuple[int, str]]) -> dict[str, Any]:
    """`corrected` when a judgement changed the item, `reviewed` when one confirmed it."""
    actions = {action for _jid, action in found}
    return {"corrected": bool(actions - {"confirm"}), "reviewed": "confirm" in actions,
            "judgements": [jid for jid, _action in found]}  # fmt: skip


def write_json(conn: sqlite3.Connection, output: Path) -> dict[str, int]:
    """Write the dossier atomically (a temp file renamed into place) and return section sizes."""
    dossier = build_dossier(conn)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(dossier, fh, ensure_ascii=False, indent=1)
    tmp.replace(output)
    return {s: len(dossier[s]) for s in SECTIONS}
