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

from storyline.ingest.untrusted import printable
from storyline.model import Article, Extraction, SourceUnit
from storyline.store.reads import chunks

SCHEMA_VERSION = 16
SCHEMA = Path(__file__).with_name("schema.sql")  # the current schema; MIGRATIONS upgrade older stores to it

# Append-only: each entry upgrades a store from the previous version (entry 1 creates version 1).
# Never edit a shipped one; a new one goes with the same change to schema.sql and SCHEMA_VERSION.
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
    # 2: entities — each article's mentions, roles and own entities; canonical entities across articles
    """
    ALTER TABLE documents ADD COLUMN analysed INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        local  INTEGER NOT NULL,
        start  INTEGER NOT NULL,
        end    INTEGER NOT NULL,
        text   TEXT NOT NULL,
        type   TEXT NOT NULL,
        kind   TEXT NOT NULL
    );
    CREATE INDEX mentions_doc ON mentions(doc_id, local);
    CREATE TABLE roles (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        local  INTEGER NOT NULL,
        role   TEXT NOT NULL,
        start  INTEGER NOT NULL,
        end    INTEGER NOT NULL
    );
    CREATE INDEX roles_doc ON roles(doc_id, local);
    CREATE TABLE local_entities (
        doc_id     TEXT NOT NULL REFERENCES documents(id),
        local      INTEGER NOT NULL,
        type       TEXT NOT NULL,
        name       TEXT NOT NULL,
        era_lo     INTEGER,
        era_hi     INTEGER,
        n_mentions INTEGER NOT NULL,
        entity_id  TEXT,
        PRIMARY KEY (doc_id, local)
    );
    CREATE INDEX local_entities_entity ON local_entities(entity_id);
    CREATE INDEX local_entities_pending ON local_entities(entity_id) WHERE entity_id IS NULL;
    CREATE TABLE local_keys (
        key    TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        local  INTEGER NOT NULL
    );
    CREATE INDEX local_keys_key ON local_keys(key);
    CREATE INDEX local_keys_local ON local_keys(doc_id, local);
    CREATE TABLE entities (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        type        TEXT NOT NULL,
        n_mentions  INTEGER NOT NULL,
        n_documents INTEGER NOT NULL
    );
    CREATE INDEX entities_name ON entities(name);
    """,
    # 3: time expressions, event reports, merged events, conflicts between sources
    """
    CREATE TABLE times (
        doc_id TEXT NOT NULL REFERENCES documents(id),
        idx    INTEGER NOT NULL,
        start  INTEGER NOT NULL,
        end    INTEGER NOT NULL,
        text   TEXT NOT NULL,
        value  TEXT,
        type   TEXT NOT NULL,
        anchor TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE TABLE event_mentions (
        doc_id       TEXT NOT NULL REFERENCES documents(id),
        idx          INTEGER NOT NULL,
        type         TEXT NOT NULL,
        start        INTEGER NOT NULL,
        end          INTEGER NOT NULL,
        trigger      TEXT NOT NULL,
        date         TEXT,
        date_end     TEXT,
        place        INTEGER,
        participants TEXT NOT NULL,
        event_id     TEXT,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX event_mentions_event ON event_mentions(event_id);
    CREATE TABLE events (
        id           TEXT PRIMARY KEY,
        type         TEXT NOT NULL,
        date         TEXT,
        date_end     TEXT,
        place        TEXT,
        participants TEXT NOT NULL,
        summary      TEXT NOT NULL
    );
    CREATE INDEX events_date ON events(date);
    CREATE TABLE conflicts (
        id    INTEGER PRIMARY KEY AUTOINCREMENT,
        kind  TEXT NOT NULL,
        items TEXT NOT NULL,
        note  TEXT NOT NULL,
        stage TEXT NOT NULL
    );
    """,
    # 4: quotes and their sources
    """
    CREATE TABLE quotes (
        doc_id        TEXT NOT NULL REFERENCES documents(id),
        idx           INTEGER NOT NULL,
        start         INTEGER NOT NULL,
        end           INTEGER NOT NULL,
        direct        INTEGER NOT NULL,
        speaker       INTEGER,
        speaker_text  TEXT,
        speaker_start INTEGER,
        speaker_end   INTEGER,
        cue_start     INTEGER,
        cue_end       INTEGER,
        anonymous     INTEGER NOT NULL,
        hedged        INTEGER NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    """,
    # 5: numeric claims, duplicate detection, stories. Every document is re-analysed so that claims
    # exist for all of them (the per-document tables are emptied and refilled by the next build).
    """
    CREATE TABLE claims (
        doc_id       TEXT NOT NULL REFERENCES documents(id),
        idx          INTEGER NOT NULL,
        start        INTEGER NOT NULL,
        end          INTEGER NOT NULL,
        number_start INTEGER NOT NULL,
        number_end   INTEGER NOT NULL,
        subject      TEXT NOT NULL,
        measure      TEXT NOT NULL,
        value        REAL,
        value_max    REAL,
        unit         TEXT,
        as_of        TEXT,
        status       TEXT,
        bound        TEXT,
        hedged       INTEGER NOT NULL,
        speaker      INTEGER,
        holders      TEXT NOT NULL,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX claims_measure ON claims(measure);
    CREATE TABLE sketches (
        doc_id  TEXT PRIMARY KEY REFERENCES documents(id),
        minhash BLOB NOT NULL
    );
    CREATE TABLE paragraph_vectors (
        doc_id  TEXT PRIMARY KEY REFERENCES documents(id),
        model   TEXT NOT NULL,
        vectors BLOB NOT NULL
    );
    CREATE TABLE duplicate_pairs (
        doc_a     TEXT NOT NULL REFERENCES documents(id),
        doc_b     TEXT NOT NULL REFERENCES documents(id),
        jaccard   REAL NOT NULL,
        contained REAL NOT NULL,
        aligned   REAL,
        matched   REAL,
        duplicate INTEGER NOT NULL,
        PRIMARY KEY (doc_a, doc_b)
    );
    CREATE TABLE stories (
        id          TEXT PRIMARY KEY,
        label       TEXT NOT NULL,
        n_documents INTEGER NOT NULL,
        first_date  TEXT,
        last_date   TEXT
    );
    DELETE FROM mentions;
    DELETE FROM roles;
    DELETE FROM local_keys;
    DELETE FROM local_entities;
    DELETE FROM entities;
    DELETE FROM times;
    DELETE FROM event_mentions;
    DELETE FROM events;
    DELETE FROM conflicts;
    DELETE FROM quotes;
    UPDATE documents SET analysed = 0
    """,
    # 6: what the web app reads: full-text indexes over documents and quotes and each event's entities
    # (participants and place), kept in step by triggers (so every writer, present and future,
    # updates them), and indexes for its page queries.
    """
    CREATE VIRTUAL TABLE documents_fts USING fts5(
        title, text, content='documents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
    );
    CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, text ON documents BEGIN
        INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO documents_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    INSERT INTO documents_fts(documents_fts) VALUES ('rebuild');
    CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, tokenize='unicode61 remove_diacritics 2');
    CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
        INSERT INTO quotes_fts(rowid, text, speaker)
        SELECT new.rowid, substr(d.text, new.start + 1, new.end - new.start), COALESCE(new.speaker_text, '')
        FROM documents d WHERE d.id = new.doc_id;
    END;
    CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
        DELETE FROM quotes_fts WHERE rowid = old.rowid;
    END;
    INSERT INTO quotes_fts(rowid, text, speaker)
    SELECT q.rowid, substr(d.text, q.start + 1, q.end - q.start), COALESCE(q.speaker_text, '')
    FROM quotes q JOIN documents d ON d.id = q.doc_id;
    CREATE INDEX documents_duplicate_of ON documents(duplicate_of);
    CREATE INDEX documents_story ON documents(story);
    CREATE INDEX documents_outlet ON documents(outlet);
    CREATE INDEX entities_rank ON entities(n_documents DESC, n_mentions DESC);
    CREATE INDEX documents_id_published ON documents(id, published);
    CREATE INDEX documents_basis_language ON documents(published_basis, language);
    CREATE INDEX quotes_speaker ON quotes(doc_id, speaker);
    DROP INDEX mentions_doc;
    CREATE INDEX mentions_doc ON mentions(doc_id, local, kind, text);
    DROP INDEX local_entities_entity;
    CREATE INDEX local_entities_entity ON local_entities(entity_id, doc_id, local);
    CREATE TABLE event_entities (
        event_id  TEXT NOT NULL,
        entity_id TEXT NOT NULL
    );
    CREATE INDEX event_entities_entity ON event_entities(entity_id, event_id);
    CREATE INDEX event_entities_event ON event_entities(event_id);
    CREATE TRIGGER event_entities_insert AFTER INSERT ON events BEGIN
        INSERT INTO event_entities(event_id, entity_id)
        SELECT new.id, value FROM json_each(new.participants)
        UNION SELECT new.id, new.place WHERE new.place IS NOT NULL;
    END;
    CREATE TRIGGER event_entities_delete AFTER DELETE ON events BEGIN
        DELETE FROM event_entities WHERE event_id = old.id;
    END;
    INSERT INTO event_entities(event_id, entity_id)
    SELECT e.id, p.value FROM events e, json_each(e.participants) p
    UNION SELECT id, place FROM events WHERE place IS NOT NULL
    """,
    # 7: each document's content terms for stories, counted once: re-clustering reads them instead
    # of re-tokenising every text on every build
    """
    CREATE TABLE story_terms (
        doc_id TEXT PRIMARY KEY REFERENCES documents(id),
        terms  TEXT NOT NULL
    )
    """,
    # 8: Russian articles: a mention's nominative form (names inflect), which names the entity; documents
    # in a newly supported language are picked up by the backfill (they were stored with analysed = 0)
    # People also meet under sound keys now (x:...): the people already resolved get theirs at the next
    # build (stale_keys lists whose blocking keys predate a key rule; their entities are unchanged)
    """
    ALTER TABLE mentions ADD COLUMN normal TEXT;
    CREATE TABLE stale_keys (
        doc_id TEXT NOT NULL,
        local  INTEGER NOT NULL,
        PRIMARY KEY (doc_id, local)
    );
    INSERT INTO stale_keys(doc_id, local) SELECT doc_id, local FROM local_entities
    WHERE type = 'PERSON' AND entity_id IS NOT NULL
    """,
    # 9: why a document's analysis is partial or missing (its extraction ran out of its time budget,
    # or failed), shown with the document
    """
    ALTER TABLE documents ADD COLUMN note TEXT
    """,
    # 10: each stored unit numbers its documents after the highest so far: by index, not by a scan
    # of every document (a flood of 10,000 feed items spent 57 s there)
    """
    CREATE INDEX documents_seq ON documents(seq)
    """,
    # 11: a speaker named by a pronoun or a description keeps the mention it was linked to
    """
    ALTER TABLE quotes ADD COLUMN via_start INTEGER;
    ALTER TABLE quotes ADD COLUMN via_end INTEGER;
    ALTER TABLE quotes ADD COLUMN via_how TEXT
    """,
    # 12: blocking keys from the alias file, country variants and spelling-free person keys: every
    # resolved local entity's keys are recomputed once, so that new articles reach old entities
    """
    INSERT OR IGNORE INTO stale_keys(doc_id, local) SELECT doc_id, local FROM local_entities
    WHERE entity_id IS NOT NULL
    """,
    # 13: what each report says of its event (happened, scheduled, cancelled, ...; background), an
    # event's status from its reports, and the evidence of a participant named by a pronoun
    """
    ALTER TABLE event_mentions ADD COLUMN status TEXT NOT NULL DEFAULT 'happened';
    ALTER TABLE event_mentions ADD COLUMN background INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE event_mentions ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE events ADD COLUMN status TEXT NOT NULL DEFAULT 'happened';
    ALTER TABLE events ADD COLUMN background INTEGER NOT NULL DEFAULT 0
    """,
    # 14: a copy must cover half of the longer text, else the pair shares a passage (kept with its
    # spans); each document's source group (copies and shared passages are one source). Every pair is
    # decided again on the next build under the new rule (the paragraph vectors are kept); story terms
    # are counted again with the headline's words.
    """
    ALTER TABLE duplicate_pairs ADD COLUMN covered REAL;
    ALTER TABLE duplicate_pairs ADD COLUMN passages TEXT;
    ALTER TABLE duplicate_pairs ADD COLUMN republished TEXT;
    ALTER TABLE documents ADD COLUMN source_group TEXT;
    DELETE FROM duplicate_pairs;
    DELETE FROM sketches;
    DELETE FROM story_terms
    """,
    # 15: an analyst's judgements and what they changed (resolve.corrections)
    """
    CREATE TABLE judgements (
        id      INTEGER PRIMARY KEY AUTOINCREMENT,
        uid     TEXT NOT NULL UNIQUE,
        action  TEXT NOT NULL,
        target  TEXT NOT NULL,
        value   TEXT NOT NULL,
        label   TEXT NOT NULL,
        author  TEXT NOT NULL,
        reason  TEXT NOT NULL,
        created TEXT NOT NULL,
        undone  TEXT,
        status  TEXT NOT NULL DEFAULT 'pending',
        problem TEXT
    );
    CREATE TABLE corrected (
        judgement_id INTEGER NOT NULL,
        kind         TEXT NOT NULL,
        item         TEXT NOT NULL,
        doc_id       TEXT
    );
    CREATE INDEX corrected_item ON corrected(kind, item)
    """,
    # 16: positions (extract.positions, resolve.positions); every document is analysed again to find them
    """
    CREATE TABLE positions (
    doc_id        TEXT NOT NULL REFERENCES documents(id),
        idx           INTEGER NOT NULL,
        kind          TEXT NOT NULL,
        start         INTEGER NOT NULL,
        end           INTEGER NOT NULL,
        content_start INTEGER NOT NULL,
        content_end   INTEGER NOT NULL,
        cue_start     INTEGER NOT NULL,
        cue_end       INTEGER NOT NULL,
        holder        INTEGER,
        holder_start  INTEGER,
        holder_end    INTEGER,
        issue         TEXT NOT NULL,
        topic         TEXT NOT NULL,
        sourcing      TEXT NOT NULL,
        hedged        INTEGER NOT NULL,
        date          TEXT,
        document      TEXT,
        points        TEXT NOT NULL DEFAULT '[]',
        side          TEXT,
        subissue      TEXT,
        answers       TEXT,
        status        TEXT,
        n_sources     INTEGER,
        PRIMARY KEY (doc_id, idx)
    );
    CREATE INDEX positions_issue ON positions(issue, side);
    CREATE INDEX positions_answers ON positions(answers);
    UPDATE documents SET analysed = 0
    """,
]


_DOCUMENT_WORK_TABLES = ("removed_lines", "sketches", "paragraph_vectors", "story_terms")  # besides extraction
_EXTRACTION_TABLES = (
    "mentions",
    "roles",
    "local_keys",
    "stale_keys",
    "local_entities",
    "times",
    "event_mentions",
    "quotes",
    "claims",
    "positions",
)


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
            try:
                self._migrate(version)
            except sqlite3.Error as e:
                self.conn.close()
                raise StoreError(f"{self.path}: cannot upgrade the store's schema from {version} ({e})") from e
        elif version < SCHEMA_VERSION:
            self.conn.close()
            raise StoreError(
                f"{self.path}: store schema {version} is older than this Storyline's ({SCHEMA_VERSION}) and is only"
                " upgraded when opened for writing: run `storyline build` on it (or `storyline serve`)"
            )

    def close(self) -> None:
        self.conn.close()

    def _migrate(self, version: int) -> None:
        """A new store is created from schema.sql; an older one replays the migrations it lacks."""
        if version == 0:
            if self.conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'").fetchone():
                raise sqlite3.DatabaseError("it holds tables but is not a Storyline store")
            with self.transaction():
                for stmt in _statements(SCHEMA.read_text(encoding="utf-8")):
                    self.conn.execute(stmt)
                self.conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            return
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
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error:  # a commit that fails (disk full) leaves the transaction open: end it
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # --- builds and problems ------------------------------------------------------------------
    def start_build(self, inputs: list[str]) -> int:
        with self.transaction() as c:
            cur = c.execute("INSERT INTO builds(started_at, inputs) VALUES (?, ?)", (_now(), json.dumps(inputs)))
            return int(cur.lastrowid or 0)

    def finish_build(self, build_id: int, summary: dict[str, object], finished: bool = True) -> None:
        """Record the build's summary; `finished` False (it stopped on an error) leaves it unfinished,
        as a killed build is, so the next build knows to redo the corpus-level stages."""
        with self.transaction() as c:
            c.execute(
                "UPDATE builds SET finished_at = ?, summary = ? WHERE id = ?",
                (_now() if finished else None, json.dumps(summary), build_id),
            )

    def last_build_unfinished(self) -> bool:
        """Whether the latest build so far was killed or stopped on an error."""
        row = self.conn.execute("SELECT finished_at FROM builds ORDER BY id DESC LIMIT 1").fetchone()
        return row is not None and row[0] is None

    def record_problem(self, build_id: int, origin: str, severity: str, reason: str) -> None:
        with self.transaction() as c:
            c.execute(
                "INSERT INTO problems(build_id, origin, severity, reason) VALUES (?, ?, ?, ?)",
                (build_id, printable(origin), severity, printable(reason)),
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
                    " published_basis, language, translation, url, text, seq, note)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        a.id, unit.content_hash, a.source, a.part, a.title, a.outlet, json.dumps(a.authors),
                        a.published, a.published_basis, a.language, a.translation, a.url, a.text, seq, a.note,
                    ),
                )  # fmt: skip
                c.executemany(
                    "INSERT INTO removed_lines(doc_id, line, reason) VALUES (?, ?, ?)",
                    [(a.id, line, reason) for line, reason in a.removed],
                )
                if a.extraction is not None:
                    _write_extraction(c, a.id, a.extraction)
                added += 1
            for w in warnings or []:
                c.execute(
                    "INSERT INTO problems(build_id, origin, severity, reason) VALUES (?, ?, 'warning', ?)",
                    (build_id, printable(unit.origin), printable(w)),
                )
        return added

    # --- extraction and entity resolution -------------------------------------------------------
    def unanalysed_documents(self, languages: frozenset[str]) -> list[tuple[str, str, str | None, str]]:
        """(id, text, published, language) of documents stored before their language could be analysed."""
        marks = ",".join("?" * len(languages))
        rows = self.conn.execute(
            "SELECT id, text, published, language FROM documents"
            f" WHERE analysed = 0 AND language IN ({marks}) ORDER BY seq",
            tuple(sorted(languages)),
        )
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    def save_extraction(self, doc_id: str, extraction: Extraction, note: str | None = None) -> None:
        with self.transaction() as c:
            if c.execute("SELECT analysed FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]:
                return
            _forget_resolution(c, doc_id)
            for table in _EXTRACTION_TABLES:  # what a failed or older analysis left behind is replaced whole
                c.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
            _write_extraction(c, doc_id, extraction)
            c.execute("UPDATE documents SET note = ? WHERE id = ?", (note, doc_id))

    def remove_documents(self, doc_ids: list[str]) -> int:
        """Take documents out of the store with everything made from them, atomically; the next
        build re-resolves what they took part in. A source left with no document goes too, so the
        same file can be read again. Returns how many documents were removed."""
        with self.transaction() as c:
            found = [
                d for d in dict.fromkeys(doc_ids) if c.execute("SELECT 1 FROM documents WHERE id = ?", (d,)).fetchone()
            ]
            sources = {r[0] for d in found for r in c.execute("SELECT source_hash FROM documents WHERE id = ?", (d,))}
            for d in found:
                _forget_resolution(c, d)
                for table in (*_EXTRACTION_TABLES, *_DOCUMENT_WORK_TABLES):
                    c.execute(f"DELETE FROM {table} WHERE doc_id = ?", (d,))
                c.execute("DELETE FROM duplicate_pairs WHERE doc_a = ? OR doc_b = ?", (d, d))
                c.execute("UPDATE documents SET duplicate_of = NULL WHERE duplicate_of = ?", (d,))
                c.execute("UPDATE documents SET source_group = NULL WHERE source_group = ?", (d,))
                c.execute("DELETE FROM documents WHERE id = ?", (d,))
            for h in sorted(sources):
                if not c.execute("SELECT 1 FROM documents WHERE source_hash = ?", (h,)).fetchone():
                    c.execute("DELETE FROM sources WHERE content_hash = ?", (h,))
        return len(found)

    def mark_unanalysed(self) -> None:
        """Every document is analysed again by the next backfill (a full rebuild)."""
        with self.transaction() as c:
            c.execute("UPDATE documents SET analysed = 0")

    def pending_locals(self) -> list[tuple[str, int]]:
        rows = self.conn.execute("SELECT doc_id, local FROM local_entities WHERE entity_id IS NULL")
        return [(r[0], r[1]) for r in rows]

    def save_keys(self, keys: list[tuple[str, str, int]]) -> None:
        """(key, doc_id, local) rows; replaces any keys the listed local entities had."""
        with self.transaction() as c:
            listed = sorted({(d, loc) for _k, d, loc in keys})
            c.executemany("DELETE FROM local_keys WHERE doc_id = ? AND local = ?", listed)
            c.executemany("INSERT INTO local_keys(key, doc_id, local) VALUES (?, ?, ?)", keys)
            c.executemany("DELETE FROM stale_keys WHERE doc_id = ? AND local = ?", listed)

    def stale_key_locals(self, limit: int) -> list[tuple[str, int]]:
        """Local entities whose blocking keys were computed under older key rules (see migration 8)."""
        return [(r[0], r[1]) for r in self.conn.execute("SELECT doc_id, local FROM stale_keys LIMIT ?", (limit,))]

    def clear_stale_keys(self, locals_: list[tuple[str, int]]) -> None:
        with self.transaction() as c:
            c.executemany("DELETE FROM stale_keys WHERE doc_id = ? AND local = ?", locals_)

    def apply_entities(
        self, members: set[tuple[str, int]], entities: list[tuple[str, str, str, list[tuple[str, int]]]]
    ) -> None:
        """Replace the entities of `members` by `entities` (id, name, type, member locals), atomically."""
        with self.transaction() as c:
            old: set[str] = set()
            for doc_id, local in members:
                row = c.execute(
                    "SELECT entity_id FROM local_entities WHERE doc_id = ? AND local = ?", (doc_id, local)
                ).fetchone()
                if row and row[0]:
                    old.add(row[0])
            c.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in sorted(old)])
            for eid, name, typ, locals_ in entities:
                c.executemany(
                    "UPDATE local_entities SET entity_id = ? WHERE doc_id = ? AND local = ?",
                    [(eid, d, loc) for d, loc in locals_],
                )
                n_mentions = sum(
                    c.execute(
                        "SELECT n_mentions FROM local_entities WHERE doc_id = ? AND local = ?", (d, loc)
                    ).fetchone()[0]
                    for d, loc in locals_
                )
                c.execute(
                    "INSERT INTO entities(id, name, type, n_mentions, n_documents) VALUES (?, ?, ?, ?, ?)",
                    (eid, name, typ, n_mentions, len({d for d, _ in locals_})),
                )

    def replace_events(self, old: list[str], events: list[dict], assignments: list[tuple[str, str, int]]) -> None:
        """Replace the events `old` (those of the month blocks re-merged in this build) by `events`,
        and point their reports at them, atomically."""
        with self.transaction() as c:
            for part in chunks(old):
                marks = ",".join("?" * len(part))
                c.execute(f"UPDATE event_mentions SET event_id = NULL WHERE event_id IN ({marks})", part)
                c.execute(f"DELETE FROM events WHERE id IN ({marks})", part)
            c.executemany(
                "INSERT INTO events(id, type, date, date_end, place, participants, summary, status, background)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(e["id"], e["type"], e["date"], e["date_end"], e["place"], json.dumps(e["participants"]), e["summary"],
                  e.get("status", "happened"), int(e.get("background", False)))
                 for e in events],
            )  # fmt: skip
            c.executemany("UPDATE event_mentions SET event_id = ? WHERE doc_id = ? AND idx = ?", assignments)

    def set_quote_speakers(self, links: list[dict]) -> None:
        """Speakers found at corpus level for quotes their article left unresolved (resolve.speakers)."""
        with self.transaction() as c:
            c.executemany(
                "UPDATE quotes SET speaker = :local, via_start = :via_start, via_end = :via_end, via_how = :how "
                "WHERE doc_id = :doc_id AND idx = :idx AND speaker IS NULL",
                links,
            )

    def set_event_summaries(self, summaries: list[tuple[str, str]]) -> None:
        """(summary, event id): events whose participants' names changed."""
        with self.transaction() as c:
            c.executemany("UPDATE events SET summary = ? WHERE id = ?", summaries)

    # --- duplicates, stories, conflicts between sources -----------------------------------------

    def save_paragraph_vectors(self, rows: list[tuple[str, str, bytes]]) -> None:
        with self.transaction() as c:
            c.executemany("INSERT OR REPLACE INTO paragraph_vectors(doc_id, model, vectors) VALUES (?, ?, ?)", rows)

    def save_duplicate_work(
        self,
        sketches: list[tuple[str, bytes]],
        rows: list[tuple[str, str, float, float, float | None, float | None, bool, float | None, str | None]],
    ) -> None:
        """New documents' sketches with the verdicts on every pair they are in, atomically, so a
        sketched document has always been compared. Rows: (doc_a, doc_b, jaccard, containment,
        aligned paragraphs, embedding match, duplicate?, share of the longer covered, shared passages)"""
        with self.transaction() as c:
            c.executemany("INSERT OR REPLACE INTO sketches(doc_id, minhash) VALUES (?, ?)", sketches)
            c.executemany(
                "INSERT OR REPLACE INTO duplicate_pairs(doc_a, doc_b, jaccard, contained, aligned, matched, duplicate,"
                " covered, passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(a, b, j, ct, al, m, int(d), cv, ps) for a, b, j, ct, al, m, d, cv, ps in rows],
            )

    def set_republished(self, rows: list[tuple[str, str, str | None]]) -> None:
        """(doc_a, doc_b, the spans of the passage both print once page templates are left out, or None)."""
        with self.transaction() as c:
            c.execute("UPDATE duplicate_pairs SET republished = NULL WHERE republished IS NOT NULL")
            c.executemany(
                "UPDATE duplicate_pairs SET republished = ? WHERE doc_a = ? AND doc_b = ?",
                [(r, a, b) for a, b, r in rows],
            )

    def set_duplicates(self, duplicate_of: dict[str, str], source_group: dict[str, str]) -> None:
        """Point every copy at its original, and every document that copies or shares a passage with
        earlier ones at the first of them (its source group: one source, however many documents);
        every other document's pointers are cleared, atomically."""
        with self.transaction() as c:
            c.execute("UPDATE documents SET duplicate_of = NULL, source_group = NULL"
                      " WHERE duplicate_of IS NOT NULL OR source_group IS NOT NULL")  # fmt: skip
            c.executemany(
                "UPDATE documents SET duplicate_of = ? WHERE id = ?", [(o, d) for d, o in duplicate_of.items()]
            )
            c.executemany(
                "UPDATE documents SET source_group = ? WHERE id = ?", [(o, d) for d, o in source_group.items()]
            )

    def save_story_terms(self, rows: list[tuple[str, str]]) -> None:
        """(document id, its content terms as JSON)."""
        with self.transaction() as c:
            c.executemany("INSERT OR REPLACE INTO story_terms(doc_id, terms) VALUES (?, ?)", rows)

    def replace_stories(self, stories: list[dict], members: dict[str, str]) -> None:
        """Replace all stories and every document's story, atomically (stories are recomputed per build)."""
        with self.transaction() as c:
            c.execute("DELETE FROM stories")
            c.execute("UPDATE documents SET story = NULL")
            c.executemany(
                "INSERT INTO stories(id, label, n_documents, first_date, last_date) VALUES (?, ?, ?, ?, ?)",
                [(x["id"], x["label"], x["n_documents"], x["first_date"], x["last_date"]) for x in stories],
            )
            c.executemany("UPDATE documents SET story = ? WHERE id = ?", [(s, d) for d, s in members.items()])

    def set_position_resolution(self, rows: list[tuple]) -> None:
        """(side, subissue, answers, status, n_sources, doc_id, idx) for every position (resolve.positions)."""
        with self.transaction() as c:
            c.executemany(
                "UPDATE positions SET side = ?, subissue = ?, answers = ?, status = ?, n_sources = ?"
                " WHERE doc_id = ? AND idx = ?",
                [(*r[:5], r[5], int(r[6])) for r in rows],
            )

    def replace_conflicts(self, stage: str, conflicts: list[dict]) -> None:
        with self.transaction() as c:
            _replace_conflicts(c, stage, conflicts)


def _forget_resolution(c: sqlite3.Connection, doc_id: str) -> None:
    """Before a document is analysed again (a full rebuild, an undone correction): the entities and
    events its old extraction took part in are dissolved, their other members waiting to be resolved
    again, so no entity or event keeps counting rows that are gone."""
    sql = "SELECT DISTINCT {0} FROM {1} WHERE doc_id = ? AND {0} IS NOT NULL"
    old = [r[0] for r in c.execute(sql.format("entity_id", "local_entities"), (doc_id,))]
    c.executemany("UPDATE local_entities SET entity_id = NULL WHERE entity_id = ?", [(e,) for e in old])
    c.executemany("DELETE FROM entities WHERE id = ?", [(e,) for e in old])
    events = [r[0] for r in c.execute(sql.format("event_id", "event_mentions"), (doc_id,))]
    c.executemany("UPDATE event_mentions SET event_id = NULL WHERE event_id = ?", [(e,) for e in events])
    c.executemany("DELETE FROM events WHERE id = ?", [(e,) for e in events])


def _replace_conflicts(c: sqlite3.Connection, stage: str, conflicts: list[dict]) -> None:
    """Each resolution stage owns its conflicts (`stage`) and rewrites them whole."""
    c.execute("DELETE FROM conflicts WHERE stage = ?", (stage,))
    c.executemany(
        "INSERT INTO conflicts(kind, items, note, stage) VALUES (?, ?, ?, ?)",
        [(x["kind"], json.dumps(x["items"]), x["note"], stage) for x in conflicts],
    )


def _write_extraction(c: sqlite3.Connection, doc_id: str, ex: Extraction) -> None:
    c.executemany(
        "INSERT INTO mentions(doc_id, local, start, end, text, type, kind, normal) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, m.local, m.start, m.end, m.text, m.type, m.kind, m.normal) for m in ex.mentions],
    )
    c.executemany(
        "INSERT INTO roles(doc_id, local, role, start, end) VALUES (?, ?, ?, ?, ?)",
        [(doc_id, r.local, r.role, r.start, r.end) for r in ex.roles],
    )
    counts: dict[int, int] = {}
    for m in ex.mentions:
        if m.kind != "title":
            counts[m.local] = counts.get(m.local, 0) + 1
    c.executemany(
        "INSERT INTO local_entities(doc_id, local, type, name, era_lo, era_hi, n_mentions)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, e.local, e.type, e.name, e.era[0] if e.era else None, e.era[1] if e.era else None,
             counts.get(e.local, 0))
            for e in ex.entities
        ],
    )  # fmt: skip
    c.executemany(
        "INSERT INTO times(doc_id, idx, start, end, text, value, type, anchor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, i, t.start, t.end, t.text, t.value, t.type, t.anchor) for i, t in enumerate(ex.times)],
    )
    c.executemany(
        "INSERT INTO event_mentions(doc_id, idx, type, start, end, trigger, date, date_end, place, participants,"
        " status, background, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc_id,
                i,
                e.type,
                e.start,
                e.end,
                e.trigger,
                e.date,
                e.date_end,
                e.place,
                json.dumps(e.participants),
                e.status,
                int(e.background),
                json.dumps(e.links),
            )
            for i, e in enumerate(ex.events)
        ],
    )
    c.executemany(
        "INSERT INTO quotes(doc_id, idx, start, end, direct, speaker, speaker_text, speaker_start, speaker_end,"
        " cue_start, cue_end, anonymous, hedged, via_start, via_end, via_how)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, i, q.start, q.end, int(q.direct), q.speaker, q.speaker_text, q.speaker_start, q.speaker_end,
             q.cue_start, q.cue_end, int(q.anonymous), int(q.hedged), q.via_start, q.via_end, q.via_how)
            for i, q in enumerate(ex.quotes)
        ],
    )  # fmt: skip
    c.executemany(
        "INSERT INTO claims(doc_id, idx, start, end, number_start, number_end, subject, measure, value, value_max,"
        " unit, as_of, status, bound, hedged, speaker, holders)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, i, x.start, x.end, x.number_start, x.number_end, x.subject, x.measure, x.value, x.value_max,
             x.unit, x.as_of, x.status, x.bound, int(x.hedged), x.speaker, json.dumps(x.holders))
            for i, x in enumerate(ex.claims)
        ],
    )  # fmt: skip
    c.executemany(
        "INSERT INTO positions(doc_id, idx, kind, start, end, content_start, content_end, cue_start, cue_end, holder,"
        " holder_start, holder_end, issue, topic, sourcing, hedged, date, document, points)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, i, p.kind, p.start, p.end, p.content_start, p.content_end, p.cue_start, p.cue_end, p.holder,
             p.holder_start, p.holder_end, p.issue, p.topic, p.sourcing, int(p.hedged), p.date, p.document,
             json.dumps([list(x) for x in p.points]))
            for i, p in enumerate(ex.positions)
        ],
    )  # fmt: skip
    c.execute("UPDATE documents SET analysed = 1 WHERE id = ?", (doc_id,))


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit mid-transaction); a
    trigger body's inner semicolons do not end its CREATE TRIGGER."""
    out: list[str] = []
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                out.append(pending.strip())
            pending = ""
    if pending.strip(" \n;"):
        out.append(pending.strip())
    return out
