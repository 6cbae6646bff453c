"""Shared test helpers: run the real CLI, and check every export the suite makes."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from storyline.cli import app

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
EXAMPLES = REPO / "examples" / "corpus"
SCHEMA = REPO / "storyline" / "export" / "dossier.schema.json"

needs_shared = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared (seeds and data) is not beside the checkout")


def cli(*args: str | Path) -> tuple[int, str]:
    """Run a storyline command in-process; returns (exit code, combined output)."""
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "250"})
    return result.exit_code, result.output


def build_texts(folder: Path, texts: dict[str, str], db: Path) -> Path:
    """Write `texts` (file name -> text) into `folder` and build it into `db` (added to what is there)."""
    folder.mkdir(parents=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    code, out = cli("build", folder, "--db", db)
    assert code == 0, out
    return db


# Columns that say when or in which build a row was written, not what the store holds
_VOLATILE = {"ingested_at", "build_id", "started_at", "finished_at"}
_FTS_SHADOW = ("_data", "_idx", "_config", "_docsize", "_content")


def store_content(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows (sorted), minus build bookkeeping: two stores built from the same
    inputs must be equal by this, however and wherever their builds ran."""
    out: dict[str, list[tuple]] = {}
    with sqlite3.connect(db) as c:
        tables = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        for t in tables:
            if t in ("builds", "sqlite_sequence") or t.endswith(_FTS_SHADOW) or t.endswith("_fts"):
                continue
            # row ids numbered in write order (problems, conflicts) say when, not what
            info = c.execute(f"PRAGMA table_info({t})").fetchall()
            cols = [r[1] for r in info if r[1] not in _VOLATILE and not (r[5] == 1 and r[2].upper() == "INTEGER")]
            rows = c.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall()
            out[t] = sorted(rows, key=repr)
    return out


def check_dossier(d: dict) -> None:
    """Schema-valid, every span is exactly the document text it points at, every id resolves."""
    jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text(encoding="utf-8"))).validate(d)
    texts = {doc["id"]: doc["text"] for doc in d["documents"]}
    assert len(texts) == len(d["documents"]), "document ids are not unique"
    ents = {e["id"] for e in d["entities"]}

    def span(s: dict) -> None:
        assert texts[s["doc"]][s["start"] : s["end"]] == s["text"], s

    for e in d["entities"]:
        for s in e["mentions"]:
            span(s)
    for e in d["events"]:
        for s in e["evidence"]:
            span(s)
        assert set(e["participants"]) <= ents
    for k in ("quotes", "claims", "times"):
        for x in d[k]:
            span(x)
    for doc in d["documents"]:
        assert doc["duplicate_of"] in (None, *texts)
        assert doc["duplicate_of"] != doc["id"]
    for c in d["claims"]:
        span(c["figure"])
        assert c["start"] <= c["figure"]["start"] < c["figure"]["end"] <= c["end"]
        assert c["attributed_to"] in (None, *ents)
    stories = {s["id"]: s for s in d["stories"]}
    for doc in d["documents"]:
        assert doc["story"] is None or doc["id"] in stories[doc["story"]]["documents"]
    assert sorted(x for s in d["stories"] for x in s["documents"]) == sorted(texts)  # one story each
    ids = set(texts) | {c["id"] for c in d["claims"]} | {e["id"] for e in d["events"]}
    for c in d["conflicts"]:
        assert set(c["items"]) <= ids, c


def export_checked(db: Path, tmp_path: Path) -> dict:
    """Export the store as JSON through the CLI and check it; also run ../shared's checker if present."""
    out = tmp_path / f"{db.stem}-dossier.json"
    code, output = cli("export", "--db", db, "--format", "json", "--output", out)
    assert code == 0, output
    d = json.loads(out.read_text(encoding="utf-8"))
    check_dossier(d)
    tool = SHARED / "tools" / "check_dossier.py"
    if tool.exists():
        r = subprocess.run([sys.executable, str(tool), str(out)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    return d


# --- web app: stores built once per test session, shared by the server and browser tests ----------
@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from webserver import build_store

    return build_store([EXAMPLES], tmp_path_factory.mktemp("web") / "demo.db")


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store whose only article, title, outlet, authors and URL are attacks on the page."""
    from webserver import HOSTILE_ROW, build_store

    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.jsonl").write_text(json.dumps(HOSTILE_ROW) + "\n", encoding="utf-8")
    return build_store([folder / "hostile.jsonl"], folder / "hostile.db")


@pytest.fixture(scope="session")
def demo_url(demo_db: Path) -> Iterator[str]:
    from webserver import serving

    with serving(demo_db) as base:
        yield base
