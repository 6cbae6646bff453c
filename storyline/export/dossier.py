"""The dossier JSON, exactly per ../shared/dossier.schema.json (storyline.dossier/1).

Sections that no stage fills yet are present and empty, so consumers can rely on the shape.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from storyline.store import queries

SCHEMA_ID = "storyline.dossier/1"
SECTIONS = ("documents", "entities", "times", "events", "quotes", "claims", "conflicts", "stories")
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
    dossier["documents"] = [{k: d[k] for k in _DOC_KEYS} | {"url": d["url"]} for d in queries.documents(conn)]
    dossier["entities"] = queries.entities_with_evidence(conn)
    dossier["times"] = list(queries.times(conn))
    dossier["events"] = queries.events(conn)
    dossier["conflicts"] = queries.conflicts(conn)
    dossier["quotes"] = [
        {k: q[k] for k in ("id", "doc", "start", "end", "text", "direct", "speaker", "speaker_text", "anonymous",
                           "hedged")}
        for q in queries.quotes(conn)
    ]  # fmt: skip
    return dossier


def write_json(conn: sqlite3.Connection, output: Path) -> dict[str, int]:
    """Write the dossier atomically (a temp file renamed into place) and return section sizes."""
    dossier = build_dossier(conn)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(dossier, fh, ensure_ascii=False, indent=1)
    tmp.replace(output)
    return {s: len(dossier[s]) for s in SECTIONS}
