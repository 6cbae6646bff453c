"""The build end to end through the CLI, on real files the tests write: bad inputs, idempotence,
a killed build, exports."""

from __future__ import annotations

import csv
import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import EXAMPLES, cli, export_checked, store_content

ARTICLE = (
    "Talks in Riyadh end with a plan to meet again\n\n"
    "Delegations from both countries met in Riyadh on Tuesday and agreed to restore embassy staffing, "
    "officials said after more than four hours of talks.\n\n"
    "The sides also discussed a possible meeting of the two presidents, but no date was set, according to "
    "a statement released by the host government late in the evening.\n"
)


def _article(i: int) -> str:
    return ARTICLE.replace("four hours", f"{i + 2} hours") + f"\nThis is report number {i} in the series.\n"


def _docs(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT id, source, part, title, text FROM documents ORDER BY id").fetchall()


def _entities(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT id, name, type, n_mentions, n_documents FROM entities ORDER BY id").fetchall()


def _problems(db: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(db) as c:
        return c.execute("SELECT origin, severity, reason FROM problems ORDER BY id").fetchall()


def test_bad_inputs_are_skipped_with_reasons_and_nothing_else_is_lost(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (inp / "empty.txt").write_bytes(b"")
    (inp / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (inp / "scan.pdf.txt").write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 4)
    (inp / "huge.txt").write_text(ARTICLE * 2000, encoding="utf-8")
    (inp / "russian-cp1251.txt").write_bytes(
        (
            "Переговоры в Эр-Рияде\n\nДелегации двух стран встретились во вторник в Эр-Рияде и договорились "
            "восстановить работу посольств, сообщили официальные лица после четырёх часов переговоров.\n"
        ).encode("cp1251")
    )
    (inp / "brief-utf16.txt").write_bytes(_article(7).encode("utf-16"))
    (inp / "cut.html").write_text(
        "<html><head><title>Talks in Riyadh end with a plan</title></head><body><article><h1>Talks in Riyadh</h1>"
        + "".join(f"<p>{p}</p>" for p in ARTICLE.split("\n\n")[1:])
        + "<p>The next round is expected",
        encoding="utf-8",
    )
    (inp / "rows.jsonl").write_text(
        json.dumps({"id": "a1", "title": "Row one", "source": "Wire", "date": "2025-02-18", "text": _article(1)})
        + "\n"
        + '{"id": "a2", "title": "Broken row", "text": "cut off in the mid\n'
        + json.dumps({"id": "a3", "title": "No text here"})
        + "\n"
        + json.dumps({"id": "a4", "title": "Row four", "content": _article(4)})
        + "\n",
        encoding="utf-8",
    )
    whole = gzip.compress(
        "".join(json.dumps({"id": f"g{i}", "text": _article(10 + i)}) + "\n" for i in range(50)).encode()
    )
    (inp / "cut.jsonl.gz").write_bytes(whole[: len(whole) * 2 // 3])
    (inp / "not-a-feed.xml").write_text("<config><a>1</a></config>", encoding="utf-8")

    code, output = cli("build", inp, "--db", tmp_path / "s.db", "--max-mb", "0.05")
    assert code == 3, output  # finished, but something was skipped
    problems = _problems(tmp_path / "s.db")
    skipped = {
        Path(o.split(" row ")[0]).name + (" row " + o.split(" row ")[1] if " row " in o else ""): r
        for o, sev, r in problems
        if sev == "skipped"
    }
    assert "empty" in skipped["empty.txt"]
    assert "binary" in skipped["binary.txt"]
    assert "PDF" in skipped["scan.pdf.txt"]
    assert "too large" in skipped["huge.txt"]
    assert "invalid JSON" in skipped["rows.jsonl row 2"]
    assert "no article text" in skipped["rows.jsonl row 3"]
    assert "truncated" in skipped["cut.jsonl.gz"]
    assert "not an RSS or Atom feed" in skipped["not-a-feed.xml"]
    warnings = [(Path(o).name, r) for o, sev, r in problems if sev == "warning"]
    assert warnings == [("cut.html", "HTML looks truncated (no closing </body> or </html>); kept the text recovered")]
    for name in skipped:
        assert name.split(" row ")[0] in output  # every skip is named in the summary
    docs = _docs(tmp_path / "s.db")
    sources = {d[1] for d in docs}
    assert {"good.txt", "russian-cp1251.txt", "brief-utf16.txt", "cut.html"} <= sources
    assert {"rows.jsonl#a1", "rows.jsonl#a4"} <= sources
    gz_rows = [s for s in sources if s.startswith("cut.jsonl.gz#")]
    assert 5 < len(gz_rows) < 50  # rows before the cut are kept
    ru = next(d for d in docs if d[1] == "russian-cp1251.txt")
    assert "Делегации двух стран" in ru[4]
    export_checked(tmp_path / "s.db", tmp_path)


def test_reingesting_is_a_no_op_even_under_another_name(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    for i in range(3):
        (inp / f"a{i}.txt").write_text(_article(i), encoding="utf-8")
    db = tmp_path / "s.db"
    assert cli("build", inp, "--db", db)[0] == 0
    before = _docs(db)
    assert len(before) == 3
    (tmp_path / "copy.txt").write_text(_article(1), encoding="utf-8")
    code, output = cli("build", inp, tmp_path / "copy.txt", "--db", db)
    assert code == 0
    assert "same content as" in output and "0 new documents" in output
    assert _docs(db) == before
    export_checked(db, tmp_path)


def test_killed_build_leaves_a_consistent_store_and_resumes(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    n = 150
    for i in range(n):
        (inp / f"{i:04d}.txt").write_text(_article(i) * 3, encoding="utf-8")
    db = tmp_path / "killed.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "storyline", "build", str(inp), "--db", str(db), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 120
        count = 0
        while time.time() < deadline and proc.poll() is None:
            if db.exists():
                try:
                    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as c:
                        count = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
                except sqlite3.OperationalError:
                    count = 0
                if count >= 30:
                    break
            time.sleep(0.01)
        assert proc.poll() is None, "the build finished before it could be killed; make the corpus larger"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait()
    with sqlite3.connect(db) as c:
        assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        assert 30 <= partial < n
        orphans = c.execute(
            "SELECT COUNT(*) FROM documents d LEFT JOIN sources s ON s.content_hash = d.source_hash "
            "WHERE s.content_hash IS NULL"
        ).fetchone()[0]
        assert orphans == 0
        mismatched = c.execute(
            "SELECT COUNT(*) FROM sources s WHERE n_documents != "
            "(SELECT COUNT(*) FROM documents d WHERE d.source_hash = s.content_hash)"
        ).fetchone()[0]
        assert mismatched == 0
    code, output = cli("build", inp, "--db", db)
    assert code == 0, output
    assert f"{n - partial} new documents" in output
    clean = tmp_path / "clean.db"
    assert cli("build", inp, "--db", clean)[0] == 0
    assert _docs(db) == _docs(clean)
    assert _entities(db) == _entities(clean)
    code, output = cli("info", "--db", db, "--json")
    assert json.loads(output)["store"]["counts"]["interrupted_builds"] == 1


def test_parallel_build_equals_serial_build(tmp_path: Path) -> None:
    serial, parallel = tmp_path / "serial.db", tmp_path / "parallel.db"
    assert cli("build", EXAMPLES, "--db", serial, "--jobs", "1")[0] == 0
    assert cli("build", EXAMPLES, "--db", parallel, "--jobs", "2")[0] == 0
    content = store_content(serial)
    assert len(content["documents"]) > 10 and content["entities"] and content["events"]
    assert content == store_content(parallel)


def test_demo_corpus_exports_json_and_csv(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    code, output = cli("build", EXAMPLES, "--db", db)
    assert code == 0, output
    d = export_checked(db, tmp_path)
    assert len(d["documents"]) == 15
    assert d["schema"] == "storyline.dossier/1"
    assert all(d[k] for k in ("entities", "times", "events", "quotes", "claims", "stories"))
    assert d["conflicts"] == []  # the demo's sources do not disagree (a capital for its country is no conflict)
    condensed = next(x for x in d["documents"] if x["source"].startswith("03_"))
    wire = next(x for x in d["documents"] if x["source"].startswith("02_"))
    assert condensed["duplicate_of"] == wire["id"]  # a condensed translation of the wire story
    assert [x["source"] for x in d["documents"] if x["duplicate_of"]] == [condensed["source"]]
    code, _ = cli("export", "--db", db, "--format", "csv", "--output", tmp_path / "csv")
    assert code == 0
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == sorted(
        f"{s}.csv"
        for s in (
            "documents",
            "entities",
            "times",
            "events",
            "quotes",
            "claims",
            "conflicts",
            "stories",
            "positions",
            "issues",
            "judgements",
        )
    )
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == [x["id"] for x in d["documents"]]
    assert json.loads(rows[0]["authors"]) == d["documents"][0]["authors"]


def test_info_reports_versions_models_and_counts(tmp_path: Path) -> None:
    db = tmp_path / "i.db"
    cli("build", EXAMPLES, "--db", db)
    code, output = cli("info", "--db", db, "--json")
    assert code == 0
    data = json.loads(output)
    assert data["store"]["counts"]["documents"] == 15
    assert all(data["store"]["counts"][k] > 0 for k in ("entities", "mentions", "time_expressions", "events", "quotes"))
    assert data["models"]["py3langid"]["version"]
    assert data["store"]["languages"]["ru"] == 1
    stages = data["store"]["last_build"]["summary"]["stages"]
    assert stages["parse"] > 0 and stages["extract"] > 0 and stages["resolve"] > 0
    assert data["store"]["last_build"]["summary"]["seconds"] > 0
    code, table = cli("info", "--db", db)
    assert code == 0 and "documents" in table and "py3langid" in table and "parse" in table


def test_errors_on_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(b"this is not sqlite" * 100)
    code, output = cli("export", "--db", bogus, "--output", tmp_path / "x.json")
    assert code == 1 and "not a usable SQLite database" in output
    code, output = cli("export", "--db", tmp_path / "missing.db")
    assert code == 1 and "no such store" in output


def test_documents_stored_without_analysis_are_analysed_by_the_next_build(tmp_path: Path) -> None:
    inp = tmp_path / "in"
    inp.mkdir()
    (inp / "a.txt").write_text(ARTICLE + "\nForeign Minister Anna Keller met Reza Tavakoli in Vienna on March 3.\n")
    db = tmp_path / "b.db"
    assert cli("build", inp, "--db", db)[0] == 0
    full = _entities(db)
    with sqlite3.connect(db) as c:  # as an older store, or a failed analysis, would leave it
        for table in ("mentions", "roles", "local_keys", "local_entities", "entities", "times", "event_mentions",
                      "events", "quotes"):  # fmt: skip
            c.execute(f"DELETE FROM {table}")
        c.execute("UPDATE documents SET analysed = 0")
    code, output = cli("build", inp, "--db", db)
    assert code == 0 and "0 new documents" in output
    assert _entities(db) == full
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM times").fetchone()[0] > 0


def test_incremental_build_equals_one_build_of_everything(tmp_path: Path) -> None:
    """Adding articles re-resolves only what they touch, and what it gets is what a build of
    everything at once gets: entities, events (re-merged by month), duplicates, stories, conflicts."""
    files = sorted(EXAMPLES.iterdir())
    first, later = [f for f in files if f.name[1] in "13579"], [f for f in files if f.name[1] not in "13579"]
    assert first and later
    step, once = tmp_path / "step.db", tmp_path / "once.db"
    assert cli("build", *first, "--db", step, "--jobs", "1")[0] == 0
    code, output = cli("build", *later, "--db", step, "--jobs", "1")
    assert code == 0, output
    with sqlite3.connect(step) as c:
        builds = [json.loads(r[0]) for r in c.execute("SELECT summary FROM builds ORDER BY id")]
        n_docs = c.execute("SELECT COUNT(*) FROM documents WHERE analysed = 1").fetchone()[0]
    # the second build parsed only what it added; together the two parsed every document once
    assert builds[1]["parsed"] == builds[1]["documents_added"] > 0
    assert builds[0]["parsed"] + builds[1]["parsed"] == n_docs
    assert cli("build", *first, *later, "--db", once, "--jobs", "1")[0] == 0
    content = store_content(once)
    assert content["events"] and content["stories"] and content["duplicate_pairs"]
    assert store_content(step) == content
