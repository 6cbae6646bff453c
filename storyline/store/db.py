"""The SQLite store: schema, migrations, and every write.

The only module that writes to the database. Each source unit (a file, or one row of a table)
is written in one transaction together with its documents, so a build killed at any instant
leaves either all of a unit or none of it; the next build sees which units are complete by their
content hash and carries on from there. WAL journaling keeps readers (the web UI, `info`)
working while a build writes.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from storyline.model import Article, SourceUnit

SCHEMA_VERSION = 1

# Append-only: each entry upgrades the store from the previous version. Never edit a shipped one.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE sources (
        content_hash TEXT PRIMARY KEY,
        name         TEXT NOT NULL,
        origin       TEXT NOT NULL,
        kind         TEXT NOT NULL,
        encoding     TEXT,
        n_documents  INTEGER NOT NULL,
        build_id     INTEGER,
        ingested_at  TEXT NOT NULL
    );
    CREATE TABLE documents (
        id              TEXT PRIMARY KEY,
        source_hash     TEXT NOT NULL REFERENCES sources(content_hash),
        source          TEXT NOT NULL,
        part            INTEGER NOT NULL,
        title           TEXT,
        outlet          TEXT,
        authors         TEXT NOT NULL,
        published       TEXT,
        published_basis TEXT NOT NULL CHECK (published_basis IN ('stated', 'inferred', 'unknown')),
        language        TEXT,
        translation     TEXT,
        url             TEXT,
        text            TEXT NOT NULL,
        duplicate_of    TEXT,
        story           TEXT,
        seq             INTEGER NOT NULL
    );
    CREATE INDEX documents_source ON documents(source_hash);
    CREATE INDEX documents_published ON documents(published);
    CREATE TABLE removed_lines (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        line   TEXT NOT NULL,
        reason TEXT NOT NULL
    );
    CREATE INDEX removed_lines_doc ON removed_lines(doc_id);
    CREATE TABLE builds (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        inputs      TEXT NOT NULL,
        summary     TEXT
    );
    CREATE TABLE problems (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        build_id INTEGER NOT NULL REFERENCES builds(id),
        origin   TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('skipped', 'warning')),
        reason   TEXT NOT NULL
    );
    """,
]


class StoreError(Exception):
    """The database file cannot be used (not a Storyline store, newer schema, unreadable)."""


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Store:
    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise StoreError(f"{self.path}: no such store (run `storyline build` first)")
        try:
            uri = f"file:{self.path}?mode=ro" if readonly else str(self.path)
            self.conn = sqlite3.connect(uri, uri=readonly, isolation_level=None, timeout=30)
            self.conn.row_factory = sqlite3.Row
            if not readonly:
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise StoreError(f"{self.path}: not a usable SQLite database ({e})") from e
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema {version} is newer than this Storyline understands ({SCHEMA_VERSION})"
            )
        if not readonly:
            self._migrate(version)

    def close(self) -> None:
        self.conn.close()

    def _migrate(self, version: int) -> None:
        for target in range(version + 1, len(MIGRATIONS) + 1):
            with self.transaction():
                for stmt in _statements(MIGRATIONS[target - 1]):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version={target}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # --- builds and problems ------------------------------------------------------------------
    def start_build(self, inputs: list[str]) -> int:
        with self.transaction() as c:
            cur = c.execute("INSERT INTO builds(started_at, inputs) VALUES (?, ?)", (_now(), json.dumps(inputs)))
            return int(cur.lastrowid or 0)

    def finish_build(self, build_id: int, summary: dict[str, int]) -> None:
        with self.transaction() as c:
            c.execute(
                "UPDATE builds SET finished_at = ?, summary = ? WHERE id = ?",
                (_now(), json.dumps(summary), build_id),
            )

    def record_problem(self, build_id: int, origin: str, severity: str, reason: str) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO problems(build_id, origin, severity, reason) VALUES (?, ?, ?, ?)",
                (build_id, origin, severity, reason),
            )

    # --- sources and documents ------------------------------------------------------------------
    def source_name(self, content_hash: str) -> str | None:
        """Name under which this exact content was already ingested, if it was."""
        row = self.conn.execute("SELECT origin FROM sources WHERE content_hash = ?", (content_hash,)).fetchone()
        return row[0] if row else None

    def add_source(
        self,
        unit: SourceUnit,
        articles: list[Article],
        build_id: int,
        encoding: str | None = None,
        warnings: list[str] | None = None,
    ) -> int:
        """Write a unit and all its documents atomically; returns the number of new documents."""
        added = 0
        with self.transaction() as c:
            c.execute(
                "INSERT INTO sources(content_hash, name, origin, kind, encoding, n_documents, build_id, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (unit.content_hash, unit.name, unit.origin, unit.kind, encoding, len(articles), build_id, _now()),
            )
            seq = c.execute("SELECT COALESCE(MAX(seq), 0) FROM documents").fetchone()[0]
            for a in articles:
                if c.execute("SELECT 1 FROM documents WHERE id = ?", (a.id,)).fetchone():
                    continue  # the same article text from the same source name: already stored
                seq += 1
                c.execute(
                    "INSERT INTO documents(id, source_hash, source, part, title, outlet, authors, published,"
                    " published_basis, language, translation, url, text, seq)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        a.id, unit.content_hash, a.source, a.part, a.title, a.outlet, json.dumps(a.authors),
                        a.published, a.published_basis, a.language, a.translation, a.url, a.text, seq,
                    ),
                )  # fmt: skip
                c.executemany(
                    "INSERT INTO removed_lines(doc_id, line, reason) VALUES (?, ?, ?)",
                    [(a.id, line, reason) for line, reason in a.removed],
                )
                added += 1
            for w in warnings or []:
                c.execute(
                    "INSERT INTO problems(build_id, origin, severity, reason) VALUES (?, ?, 'warning', ?)",
                    (build_id, unit.origin, w),
                )
        return added


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit mid-transaction)."""
    return [s.strip() for s in script.split(";") if s.strip()]
