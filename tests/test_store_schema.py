"""store/schema.sql is the store's current schema: a new store made from it and an old store
brought up to date by the migrations must have the same tables, columns, indexes and triggers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from storyline.store.db import MIGRATIONS, SCHEMA_VERSION, Store, StoreError, _statements


def _shape(db: Path) -> dict[str, tuple]:
    """Every schema object by name: a table's columns (name, type, not null, default, key, hidden),
    an index's columns and definition, a trigger's or virtual table's definition (whitespace folded)."""
    out: dict[str, tuple] = {}
    with sqlite3.connect(db) as c:
        for kind, name, sql in c.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"):
            text = " ".join((sql or "").split())
            if kind == "table" and not text.startswith("CREATE VIRTUAL"):
                out[name] = (kind, tuple(c.execute(f"PRAGMA table_xinfo('{name}')").fetchall()))
            elif kind == "index":
                out[name] = (kind, tuple(c.execute(f"PRAGMA index_xinfo('{name}')").fetchall()), text)
            else:
                out[name] = (kind, text)
    return out


def _migrated(db: Path, upto: int = len(MIGRATIONS)) -> None:
    """A store as an older Storyline left it (migrations 1..upto replayed on an empty file)."""
    with sqlite3.connect(db, isolation_level=None) as c:
        for version, script in enumerate(MIGRATIONS[:upto], start=1):
            for statement in _statements(script):
                c.execute(statement)
            c.execute(f"PRAGMA user_version = {version}")


def test_a_new_store_and_a_fully_migrated_one_have_the_same_schema(tmp_path: Path) -> None:
    Store(tmp_path / "new.db").close()
    _migrated(tmp_path / "old.db")
    new, old = _shape(tmp_path / "new.db"), _shape(tmp_path / "old.db")
    assert new.keys() == old.keys()
    assert {k: v for k, v in new.items() if old[k] != v} == {}
    assert len(MIGRATIONS) == SCHEMA_VERSION


@pytest.mark.parametrize("version", [1, 4, SCHEMA_VERSION - 1])
def test_an_older_store_is_upgraded_to_the_same_schema(tmp_path: Path, version: int) -> None:
    _migrated(tmp_path / "old.db", version)
    Store(tmp_path / "old.db").close()
    Store(tmp_path / "new.db").close()
    assert _shape(tmp_path / "old.db") == _shape(tmp_path / "new.db")


def test_a_database_that_is_not_a_store_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    with sqlite3.connect(db) as c:
        c.execute("CREATE TABLE accounts (id INTEGER)")
    with pytest.raises(StoreError, match="not a Storyline store"):
        Store(db)
    with sqlite3.connect(db) as c:
        assert [r[0] for r in c.execute("SELECT name FROM sqlite_master")] == ["accounts"]
