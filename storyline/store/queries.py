"""Read-only queries over the store, shared by exports, `info` and (later) the web UI."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

DOCUMENT_FIELDS = (
    "id", "source", "part", "title", "outlet", "authors", "published", "published_basis",
    "language", "translation", "text", "duplicate_of", "story", "url",
)  # fmt: skip


def documents(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Documents in ingestion order, streamed (a large store is never loaded whole)."""
    cur = conn.execute(f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents ORDER BY seq")
    for row in cur:
        d = dict(row)
        d["authors"] = json.loads(d["authors"])
        yield d


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    q = {
        "sources": "SELECT COUNT(*) FROM sources",
        "documents": "SELECT COUNT(*) FROM documents",
        "outlets": "SELECT COUNT(DISTINCT outlet) FROM documents WHERE outlet IS NOT NULL",
        "dated_stated": "SELECT COUNT(*) FROM documents WHERE published_basis = 'stated'",
        "dated_inferred": "SELECT COUNT(*) FROM documents WHERE published_basis = 'inferred'",
        "undated": "SELECT COUNT(*) FROM documents WHERE published_basis = 'unknown'",
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


def problems(conn: sqlite3.Connection, build_id: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT build_id, origin, severity, reason FROM problems"
    args: tuple[Any, ...] = ()
    if build_id is not None:
        sql += " WHERE build_id = ?"
        args = (build_id,)
    return [dict(r) for r in conn.execute(sql + " ORDER BY id", args)]
