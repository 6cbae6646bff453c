"""Corrections that last (issue 21): an analyst's judgements, kept in the store, hold through full and
incremental rebuilds, are reported when their document goes, undo to the automatic result, and
travel between stores as JSON lines. The real pipeline, the real CLI and real SQLite throughout;
the items corrected are picked from what the demo corpus yields, not named."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import EXAMPLES, build_texts, cli, export_checked, store_content

from storyline.resolve.entities import Judged, LocalRecord, resolve
from storyline.resolve.unionfind import UnionFind
from storyline.store import judgements
from storyline.store.db import Store

LATER = ("06_undated_analysis.txt", "08_wire.jsonl")  # added by an incremental build


def _corpus(folder: Path, skip: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in EXAMPLES.iterdir():
        if f.name not in skip:
            shutil.copy(f, folder / f.name)
    return folder


def _build(db: Path, *inputs: Path | str) -> str:
    code, out = cli("build", *inputs, "--db", db)
    assert code == 0, out
    return out


def _conn(db: Path) -> sqlite3.Connection:
    c = sqlite3.connect(db)
    c.row_factory = sqlite3.Row
    return c


def _pick(db: Path) -> dict[str, str]:
    """Items to correct, chosen by what they are: two people, a place named two ways, a quote with a
    named speaker and another person in its article, two dated events."""
    c = _conn(db)
    people = [r[0] for r in c.execute("SELECT id FROM entities WHERE type = 'PERSON' ORDER BY n_mentions DESC, id")]
    two_ways = c.execute(
        "SELECT entity_id, name FROM local_entities WHERE entity_id IN (SELECT entity_id FROM local_entities"
        " WHERE entity_id IS NOT NULL GROUP BY entity_id HAVING COUNT(DISTINCT name) >= 2 AND COUNT(*) >= 3)"
        " ORDER BY entity_id, doc_id, local"
    ).fetchall()
    split_entity = two_ways[0]["entity_id"]
    anchor = judgements.entity_ref(c, split_entity)
    anchor_name = c.execute(
        "SELECT le.name FROM local_entities le JOIN mentions m ON m.doc_id = le.doc_id AND m.local = le.local"
        " WHERE m.doc_id = ? AND m.start = ?",
        (anchor["doc"], anchor["start"]),
    ).fetchone()[0]
    alias = next(r["name"] for r in two_ways if r["entity_id"] == split_entity and r["name"] != anchor_name)
    quote = c.execute(
        "SELECT q.doc_id, q.idx, le.entity_id, other.entity_id AS other FROM quotes q"
        " JOIN local_entities le ON le.doc_id = q.doc_id AND le.local = q.speaker"
        " JOIN local_entities other ON other.doc_id = q.doc_id AND other.type = 'PERSON'"
        " AND other.entity_id != le.entity_id ORDER BY q.doc_id, q.idx, other.local LIMIT 1"
    ).fetchone()
    events = [r[0] for r in c.execute("SELECT id FROM events WHERE date LIKE '____-__-__' ORDER BY id")]
    c.close()
    return {"a": people[0], "b": people[1], "split": split_entity, "alias": alias,
            "quote": f"q-{quote['doc_id']}-{quote['idx']}", "speaker": quote["other"],
            "event": events[0], "reject": events[1]}  # fmt: skip


def _correct(db: Path, picked: dict[str, str]) -> None:
    for args in (
        ("merge", picked["a"], picked["b"]),
        ("split", picked["split"], "--alias", picked["alias"], "--name", "Another One"),
        ("speaker", picked["quote"], "--entity", picked["speaker"]),
        ("reject", "event", picked["reject"]),
        ("event", picked["event"], "--date", "2024-01-15"),
    ):
        code, out = cli("correct", *args, "--db", db, "--why", "test", "--by", "tester")
        assert code == 0, out
        assert "(applied)" in out, out


def _holds(db: Path, tmp_path: Path) -> None:
    """Every correction shows in the store and in the dossier."""
    c = _conn(db)
    found = {j.action: j for j in judgements.listed(c)}
    assert {j.status for j in found.values()} == {"applied"}, [(j.id, j.status, j.problem) for j in found.values()]
    merge = found["merge"]
    assert len({judgements.entity_at(c, r) for r in merge.refs}) == 1
    split = found["split"]
    moved = c.execute(
        "SELECT DISTINCT e.name FROM local_entities le JOIN entities e ON e.id = le.entity_id WHERE le.name = ?",
        (split.value["aliases"][0],),
    ).fetchall()
    assert [r[0] for r in moved] == ["Another One"]
    assert judgements.entity_at(c, split.refs[0]) not in {None, *(r[0] for r in moved)}
    speaker = found["speaker"]
    doc, idx = judgements.row_at(c, "quote", speaker.refs[0]) or ("", 0)
    said = c.execute(
        "SELECT le.entity_id FROM quotes q JOIN local_entities le ON le.doc_id = q.doc_id AND le.local = q.speaker"
        " WHERE q.doc_id = ? AND q.idx = ?",
        (doc, idx),
    ).fetchone()
    assert said[0] == judgements.entity_at(c, speaker.value["entity"])
    rejected = found["reject"]
    assert judgements.event_at(c, rejected.refs[0]) is None
    dated = judgements.event_at(c, found["event"].refs[0])
    assert c.execute("SELECT date FROM events WHERE id = ?", (dated,)).fetchone()[0] == "2024-01-15"
    c.close()
    d = export_checked(db, tmp_path)
    assert {j["action"] for j in d["judgements"]} == set(found)
    quote = next(q for q in d["quotes"] if q["id"] == f"q-{doc}-{idx}")
    assert quote["corrected"] and quote["judgements"] == [speaker.id]
    event = next(e for e in d["events"] if e["id"] == dated)
    assert event["corrected"] and event["date"] == "2024-01-15"


def test_corrections_hold_through_full_and_incremental_builds(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _build(db, _corpus(tmp_path / "first", skip=LATER))
    _correct(db, _pick(db))
    _holds(db, tmp_path)
    _build(db, "--full")
    _holds(db, tmp_path)
    _build(db, _corpus(tmp_path / "all"))  # the documents left out: an incremental build
    assert len(list(_conn(db).execute("SELECT id FROM documents"))) == 15
    _holds(db, tmp_path)
    before = store_content(db)
    _build(db)  # the same inputs and judgements again: the same store
    assert store_content(db) == before


def test_undo_restores_the_automatic_result(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _build(db, _corpus(tmp_path / "corpus"))
    automatic = store_content(db)
    _correct(db, _pick(db))
    assert store_content(db)["entities"] != automatic["entities"]
    for j in judgements.listed(_conn(db)):
        code, out = cli("corrections", "undo", str(j.id), "--db", db, "--later")
        assert code == 0 and "(undone)" in out, out
    _build(db)
    after = store_content(db)
    assert {t: rows for t, rows in after.items() if t not in ("judgements", "corrected")} == {
        t: rows for t, rows in automatic.items() if t not in ("judgements", "corrected")
    }
    code, out = cli("corrections", "undo", "1", "--db", db)
    assert code == 1 and "already undone" in out


def test_a_correction_whose_document_was_removed_is_reported(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    corpus = _corpus(tmp_path / "corpus")
    _build(db, corpus)
    picked = _pick(db)
    code, out = cli("correct", "speaker", picked["quote"], "--entity", picked["speaker"], "--db", db)
    assert code == 0, out
    doc = picked["quote"][2:].rpartition("-")[0]
    source = _conn(db).execute("SELECT source FROM documents WHERE id = ?", (doc,)).fetchone()[0]
    code, out = cli("remove", source, "--db", db)
    assert code == 0 and f"document {doc} is no longer in the store" in out, out
    code, out = cli("build", "--db", db)
    assert code == 0 and "#1: no longer applies" in out, out
    code, out = cli("corrections", "--json", "--db", db)
    assert '"status": "orphaned"' in out, out
    _build(db, corpus)  # the document is read again: its correction holds again
    j = judgements.listed(_conn(db))[0]
    assert (j.status, j.problem) == ("applied", None)


def test_judgements_round_trip_into_a_fresh_store(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "corpus")
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    _build(first, corpus)
    _correct(first, _pick(first))
    code, out = cli("corrections", "undo", "4", "--db", first)  # an undone one travels too, undone
    assert code == 0, out
    shared = tmp_path / "judgements.jsonl"
    code, out = cli("corrections", "export", shared, "--db", first)
    assert code == 0, out
    _build(second, corpus)
    code, out = cli("corrections", "import", shared, "--db", second)
    assert code == 0 and "Imported 5 corrections" in out, out
    assert store_content(second) == store_content(first)
    code, out = cli("corrections", "import", shared, "--db", second)  # the same file again adds nothing
    assert code == 0 and "Imported 0 corrections" in out and "(5 already here)" in out, out


def test_a_bad_judgements_file_imports_nothing(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _build(db, _corpus(tmp_path / "corpus"))
    bad = tmp_path / "bad.jsonl"
    good = {"action": "reject", "kind": "story", "refs": [{"doc": "x"}], "created": "2026-01-01T00:00:00Z"}
    bad.write_text(json.dumps(good) + "\n" + json.dumps(good | {"action": "delete"}) + "\n", encoding="utf-8")
    code, out = cli("corrections", "import", bad, "--db", db)
    assert code == 1 and "line 2" in out and "nothing imported" in out, out
    assert judgements.listed(_conn(db)) == []


def test_distinct_wins_over_merge_and_says_so(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _build(db, _corpus(tmp_path / "corpus"))
    picked = _pick(db)
    assert cli("correct", "merge", picked["a"], picked["b"], "--db", db)[0] == 0
    code, out = cli("correct", "distinct", picked["a"], picked["b"], "--db", db)
    assert code == 1, out  # merged, the two are one entity: there is no second one to tell apart
    code, out = cli("corrections", "undo", "1", "--db", db)
    assert code == 0, out
    assert cli("correct", "distinct", picked["a"], picked["b"], "--db", db)[0] == 0
    code, out = cli("correct", "merge", picked["a"], picked["b"], "--db", db)
    assert code == 0 and "(refused" in out, out
    c = _conn(db)
    assert judgements.entity_ref(c, picked["a"]) != judgements.entity_ref(c, picked["b"])


def test_an_ambiguous_or_unknown_reference_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _build(db, _corpus(tmp_path / "corpus"))
    assert cli("correct", "merge", "no such name at all", "Putin", "--db", db)[0] == 1
    code, out = cli("correct", "speaker", "q-nothing-3", "--clear", "--db", db)
    assert code == 1 and "no quote" in out
    code, out = cli("correct", "event", "v000", "--date", "next week", "--db", db)
    assert code == 1
    assert judgements.listed(_conn(db)) == []


# --- the pure parts: held-apart links and judged clusters ------------------------------------------


def test_union_find_refuses_a_link_that_joins_keys_held_apart() -> None:
    uf = UnionFind("abcd", apart=[("a", "d")])
    uf.union("a", "b")
    uf.union("c", "d")
    uf.union("b", "c")  # would put a and d together, through any chain
    assert not uf.together("a", "d") and uf.together("a", "b") and uf.together("c", "d")


@pytest.mark.parametrize("kind", ["together", "apart", "names"])
def test_judged_clusters(kind: str) -> None:
    records = [
        LocalRecord("d1", 0, "PERSON", "Anna Smith", None, 3),
        LocalRecord("d2", 0, "PERSON", "Anna Smith", None, 2),
        LocalRecord("d3", 0, "PERSON", "Boris Jones", None, 2),
    ]
    forms = {r.key: {r.name: r.mentions} for r in records}
    judged = {
        "together": Judged(together=((("d1", 0), ("d3", 0)),)),
        "apart": Judged(apart=((("d1", 0), ("d2", 0)),)),
        "names": Judged(names=((("d3", 0), "Boris N. Jones", "ORG"),)),
    }[kind]
    found = {e.members: (e.name, e.type) for e in resolve(records, forms, judged=judged)}
    expected = {
        "together": {(("d1", 0), ("d2", 0), ("d3", 0)): ("Anna Smith", "PERSON")},
        "apart": {(("d1", 0),): ("Anna Smith", "PERSON"), (("d2", 0),): ("Anna Smith", "PERSON"),
                  (("d3", 0),): ("Boris Jones", "PERSON")},
        "names": {(("d1", 0), ("d2", 0)): ("Anna Smith", "PERSON"), (("d3", 0),): ("Boris N. Jones", "ORG")},
    }[kind]  # fmt: skip
    assert found == expected


def test_the_same_judgement_twice_is_one_row(tmp_path: Path) -> None:
    """A judgement is one row however often it is added (its uid), and undo keeps it listed."""
    db = tmp_path / "s.db"
    _build(db, _corpus(tmp_path / "corpus"))
    store = Store(db)
    doc = store.conn.execute("SELECT id FROM documents ORDER BY seq LIMIT 1").fetchone()[0]
    j = judgements.make(store.conn, "reject", "story", [doc], author="a", reason="r")
    first, new = judgements.add(store, j)
    again, new_again = judgements.add(store, j)
    assert new and not new_again and first.id == again.id
    judgements.undo(store, first.id)
    assert [x.undone is not None for x in judgements.listed(store.conn)] == [True]
    store.close()


def test_rejected_links_memberships_and_figures_stay_out(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    _build(db, _corpus(tmp_path / "corpus"))
    c = _conn(db)
    copy, original = c.execute("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchone()
    member = c.execute(
        "SELECT d.id FROM documents d JOIN stories s ON s.id = d.story WHERE s.n_documents >= 2"
        " AND d.duplicate_of IS NULL ORDER BY d.seq LIMIT 1"
    ).fetchone()[0]
    claim = c.execute("SELECT doc_id, idx FROM claims ORDER BY doc_id, idx LIMIT 1").fetchone()
    quote = c.execute("SELECT doc_id, idx FROM quotes ORDER BY doc_id, idx LIMIT 1").fetchone()
    c.close()
    corrections = [
        ("reject", "duplicate", copy, original), ("reject", "story", member),
        ("reject", "claim", f"c-{claim[0]}-{claim[1]}"), ("confirm", "quote", f"q-{quote[0]}-{quote[1]}"),
    ]  # fmt: skip
    for args in corrections:
        code, out = cli("correct", *args, "--db", db)
        assert code == 0 and "(applied)" in out, out
    for _ in range(2):  # applied now, and again after a full rebuild
        c = _conn(db)
        assert c.execute("SELECT duplicate_of FROM documents WHERE id = ?", (copy,)).fetchone()[0] != original
        story = c.execute("SELECT story FROM documents WHERE id = ?", (member,)).fetchone()[0]
        assert c.execute("SELECT n_documents FROM stories WHERE id = ?", (story,)).fetchone()[0] == 1
        assert c.execute("SELECT 1 FROM claims WHERE doc_id = ? AND idx = ?", tuple(claim)).fetchone() is None
        c.close()
        d = export_checked(db, tmp_path)
        confirmed = next(q for q in d["quotes"] if q["id"] == f"q-{quote[0]}-{quote[1]}")
        assert confirmed["reviewed"] and not confirmed["corrected"]
        _build(db, "--full")


def test_a_rejected_conflict_stays_out_and_comes_back_on_undo(tmp_path: Path) -> None:
    from test_sources_agree import INDEPENDENT, OWN_REPORT, WIRE

    texts = {"a_wire.txt": WIRE, "b_own_report.txt": OWN_REPORT, "c_independent.txt": INDEPENDENT}
    db = build_texts(tmp_path / "corpus", texts, tmp_path / "w.db")
    conflict = _conn(db).execute("SELECT id, items FROM conflicts WHERE kind = 'value'").fetchone()
    code, out = cli("correct", "reject", "conflict", str(conflict[0]), "--db", db, "--why", "one figure is a forecast")
    assert code == 0 and "(applied)" in out, out
    assert _conn(db).execute("SELECT COUNT(*) FROM conflicts WHERE kind = 'value'").fetchone()[0] == 0
    _build(db, "--full")
    assert _conn(db).execute("SELECT COUNT(*) FROM conflicts WHERE kind = 'value'").fetchone()[0] == 0
    assert cli("corrections", "undo", "1", "--db", db)[0] == 0
    assert [r[0] for r in _conn(db).execute("SELECT items FROM conflicts WHERE kind = 'value'")] == [conflict[1]]
