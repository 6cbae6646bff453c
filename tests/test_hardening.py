"""Reproducers from the hardening review (issue 16), one test each: every one crashed, stalled or
misreported before. The web ones are in test_web_hardening.py, the flood ones in test_scale_guards.py,
and tests/test_fuzz.py holds the general property."""

from __future__ import annotations

import gzip
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from conftest import cli, store_content

from storyline.ingest.tables import table_units
from storyline.store import browse

ARTICLE = (
    "Negotiators meet in Geneva\n\n"
    "Anna Keller met Omar Haddad in Geneva on March 3, 2025, to discuss a trade agreement, officials said. "
    "The talks lasted five hours.\n\n"
    "\u201cWe made progress,\u201d Haddad told reporters. Both sides will meet again in Vienna next month.\n"
)


def _row(i: int, **extra: object) -> dict[str, object]:
    return {"text": ARTICLE.replace("five", f"{i + 2}"), "title": f"Talks {i}", "date": "2025-03-04"} | extra


def _jsonl(rows: list[object]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows)


def _db(db: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db) as c:
        return c.execute(sql, args).fetchall()


def _storyline(*args: str | Path, limit_file_bytes: int | None = None, prefix: list[str] | None = None):
    """The CLI as its own process (a traceback or exit code as the user sees them)."""

    def limit() -> None:
        if limit_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    cmd = [*(prefix or []), sys.executable, "-m", "storyline", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace", preexec_fn=limit, timeout=600)


def _without_read_override() -> list[str]:
    """A command prefix under which chmod 000 really hides a file: root keeps no power to read it."""
    if os.geteuid() != 0:
        return []
    cmd = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    if shutil.which("setpriv") and subprocess.run([*cmd, "true"]).returncode == 0:
        return cmd
    pytest.skip("running as root without setpriv: cannot make a file unreadable to this build")


# --- 1. inputs that crashed every build ------------------------------------------------------------
def test_rows_that_crashed_the_build_are_stored_or_named_and_the_rest_is_kept(tmp_path: Path) -> None:
    rows = [
        _row(0),
        json.dumps(_row(1, outlet="Wire \udc00")).replace("Geneva on", "Geneva \\udc00 on", 1),  # lone surrogates
        json.dumps(_row(2, id=1)).replace('"id": 1', '"id": ' + "9" * 5000),  # 5,000 digits
        json.dumps(_row(3))[:-1] + ', "x": ' + "[" * 100_000 + "]" * 100_000 + "}",  # 100,000 nested arrays
        _row(4),
    ]
    (tmp_path / "rows.jsonl").write_text(_jsonl(rows), encoding="utf-8", errors="surrogatepass")
    db = tmp_path / "s.db"
    for _ in range(2):  # the rerun used to crash at the same point
        r = _storyline("build", tmp_path / "rows.jsonl", "--db", db, "--quiet")
        assert r.returncode == 3, r.stderr
        assert "Traceback" not in r.stderr
        assert "rows.jsonl row 4: invalid JSON (nested deeper" in r.stderr
    fresh = _storyline("build", tmp_path / "rows.jsonl", "--db", tmp_path / "t.db")
    assert "rows.jsonl row 2: 1 lone UTF-16 surrogate" in fresh.stderr
    titles = {t for (t,) in _db(db, "SELECT title FROM documents")}
    assert titles == {"Talks 0", "Talks 1", "Talks 2", "Talks 4"}
    assert _db(db, "SELECT outlet FROM documents WHERE title = 'Talks 1'") == [("Wire \ufffd",)]
    assert _db(db, "SELECT COUNT(*) FROM entities")[0][0] > 0  # the corpus-level stages ran
    assert all(f is not None for (f,) in _db(db, "SELECT finished_at FROM builds"))


def test_file_names_that_are_not_utf8_or_read_as_markup_are_stored_and_printed_as_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "x[").mkdir(parents=True)
    (folder / "x[" / "bar].txt").write_text(ARTICLE, encoding="utf-8")
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(ARTICLE.replace("five", "six"), encoding="utf-8")
    (folder / "line\nbreak\x1b[31m.txt").write_text(ARTICLE.replace("five", "seven"), encoding="utf-8")
    (folder / "empty\n\x1b[2J[bold].txt").write_bytes(b"")
    db = tmp_path / "s.db"
    r = _storyline("build", folder, "--db", db, "--quiet")
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr and "\x1b" not in r.stderr
    assert "skipped " + str(folder / "empty\\n\\x1b[2J[bold].txt") + ": empty file" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 2  # one skip line and the summary: no forged lines
    sources = sorted(s for (s,) in _db(db, "SELECT source FROM documents"))
    assert sources == ["bar].txt", "caf\\xe9.txt", "line\\nbreak\\x1b[31m.txt"]


# --- 4. small inputs that exhausted memory or the terminal -----------------------------------------
def test_a_compressed_gigantic_line_is_refused_in_constant_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wb") as fh:
        fh.write(b'{"text": "')
        for _ in range(64):
            fh.write(b"a" * (1 << 20))
        fh.write(b'"}\n' + json.dumps(_row(1)).encode() + b"\n")
    tracemalloc.start()
    items = list(table_units(path, "big.jsonl.gz", max_bytes=100_000))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [getattr(i, "reason", "stored") for i in items] == [
        "too large (row over the size limit; raise it with --max-mb)",
        "stored",
    ]
    assert items[0].origin == "big.jsonl.gz row 1"
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.0f} MiB for a 64 MiB line"


def test_a_flood_of_empty_rows_is_reported_in_a_few_lines(tmp_path: Path) -> None:
    path = tmp_path / "braces.jsonl.gz"
    path.write_bytes(gzip.compress(b"{}\n" * 300_000, 9))
    db = tmp_path / "s.db"
    code, out = cli("build", path, "--db", db, "--quiet")
    assert code == 3
    lines = out.strip().splitlines()
    assert len(lines) <= 12, lines[:3]
    assert "braces.jsonl.gz rows 11-300,000: 299,990 more rows skipped: no article text" in out
    assert "300000 skipped" in lines[-1]
    assert _db(db, "SELECT COUNT(*) FROM problems")[0][0] <= 11


# --- 5. inputs lost or misreported without notice ---------------------------------------------------
def test_one_bad_byte_loses_only_that_byte_and_names_the_right_row(tmp_path: Path) -> None:
    body = _jsonl([_row(i) for i in range(5)]).encode()
    lines = body.split(b"\n")
    lines[2] = lines[2].replace(b"Geneva on", b"Gen\xe9va on")
    (tmp_path / "rows.jsonl").write_bytes(b"\n".join(lines))
    csv_rows = [b"title,text", *(b'"T%d","%s"' % (i, ARTICLE.replace("five", str(i)).encode()) for i in range(4))]
    csv_rows[3] = csv_rows[3].replace(b"Geneva on", b"Gen\xe9va on")
    (tmp_path / "rows.csv").write_bytes(b"\r\n".join(csv_rows) + b"\r\n")
    db = tmp_path / "s.db"
    code, out = cli("build", tmp_path / "rows.jsonl", tmp_path / "rows.csv", "--db", db, "--quiet")
    assert code == 0, out
    assert "rows.jsonl row 3: 1 invalid UTF-8 byte(s) replaced" in out
    assert "rows.csv row 3: 1 invalid UTF-8 byte(s) replaced" in out
    assert _db(db, "SELECT COUNT(*) FROM documents")[0][0] == 9


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.jsonl", b"", "empty file: no rows"),
        ("empty.csv", b"", "empty file: no rows"),
        ("header.csv", b"title,text,date\r\n", "only a header row: no articles"),
        ("nul.jsonl", b"\x00" * 4096, "holds only whitespace or NUL bytes: no rows"),
        ("nul.csv", b"\x00" * 4096, "holds only whitespace or NUL bytes: no rows"),
        ("empty.jsonl.gz", gzip.compress(b""), "empty file: no rows"),
        ("nul.csv.gz", gzip.compress(b"\x00" * 100), "holds only whitespace or NUL bytes: no rows"),
        ("blank.jsonl", b"\n\n  \n", "holds only whitespace or NUL bytes: no rows"),
    ],
)
def test_a_table_without_rows_says_so(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    items = list(table_units(tmp_path / name, name, max_bytes=10_000))
    assert [(i.origin, i.reason) for i in items] == [(name, reason)]


def test_a_copy_of_a_skipped_file_is_skipped_too_not_already_in_the_store(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "good-copy.txt").write_text(ARTICLE, encoding="utf-8")
    code, out = cli("build", tmp_path, "--db", tmp_path / "s.db", "--quiet")
    assert code == 3
    assert f"skipped {tmp_path / 'b.txt'}: same content as {tmp_path / 'a.txt'}, which was skipped: binary file" in out
    assert f"unchanged {tmp_path / 'good.txt'}: same content as {tmp_path / 'good-copy.txt'}" in out
    assert "already in the store" not in out.split("good.txt")[0]  # b.txt is not "already in the store"


def test_an_unreadable_folder_or_file_is_named_not_dropped(tmp_path: Path) -> None:
    prefix = _without_read_override()
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "ok.txt").write_text(ARTICLE.replace("five", "six"), encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE.replace("five", "nine"), encoding="utf-8")
    (folder / "locked").chmod(0)
    secret.chmod(0)
    try:
        r = _storyline("build", secret, folder, "--db", tmp_path / "s.db", "--quiet", prefix=prefix)
    finally:
        (folder / "locked").chmod(0o755)
    assert r.returncode == 3, r.stderr  # was: exit 2 (a usage error) for the file, silence for the folder
    assert f"skipped {folder / 'locked'}: cannot read folder: Permission denied" in r.stderr
    assert f"skipped {secret}: cannot read: Permission denied" in r.stderr
    assert "1 new documents" in r.stderr


def test_a_relative_row_date_is_not_read_against_todays_clock(tmp_path: Path) -> None:
    (tmp_path / "rows.jsonl").write_text(_jsonl([_row(0, date="yesterday"), _row(1, date="2 days ago")]))
    db = tmp_path / "s.db"
    code, out = cli("build", tmp_path / "rows.jsonl", "--db", db, "--quiet")
    assert code == 0
    assert "stated date 'yesterday' is not a calendar date" in out
    assert _db(db, "SELECT DISTINCT published, published_basis FROM documents") == [("2025-03", "inferred")]


# --- 6. lower ---------------------------------------------------------------------------------------
def test_a_full_disk_ends_in_one_line_and_the_next_build_completes(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"a{i}.txt").write_text(ARTICLE.replace("five", f"{i + 2}") + f"\nReport {i}.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    r = _storyline("build", folder, "--db", db, "--quiet", limit_file_bytes=300_000)
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert r.stderr.startswith("error: ") and "cannot" in r.stderr
    again = _storyline("build", folder, "--db", db, "--quiet")
    assert again.returncode == 0, again.stderr
    fresh = tmp_path / "fresh.db"
    assert _storyline("build", folder, "--db", fresh, "--quiet").returncode == 0
    assert _db(db, "SELECT COUNT(*) FROM documents") == _db(fresh, "SELECT COUNT(*) FROM documents") == [(30,)]


def test_a_failed_corpus_stage_leaves_the_build_unfinished_and_the_next_build_redoes_it(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"a{i}.txt").write_text(ARTICLE.replace("five", f"{i + 2}") + f"\nReport {i}.\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert cli("build", folder, "--db", db, "--quiet")[0] == 0
    (folder / "late.txt").write_text(ARTICLE.replace("Geneva", "Doha"), encoding="utf-8")
    with sqlite3.connect(db) as c:  # a store that refuses one stage's writes, as a full disk would
        c.execute("CREATE TRIGGER planted BEFORE INSERT ON events BEGIN SELECT RAISE(ABORT, 'planted failure'); END")
    code, out = cli("build", folder, "--db", db, "--quiet")
    assert code == 1
    assert "cannot write the store during resolve.events (planted failure)" in out
    (finished, summary), *_ = _db(db, "SELECT finished_at, summary FROM builds ORDER BY id DESC")
    assert finished is None and json.loads(summary)["failed"]["stage"] == "resolve.events"
    assert "stopped in resolve.events" in cli("info", "--db", db)[1]
    with sqlite3.connect(db) as c:
        c.execute("DROP TRIGGER planted")
    assert cli("build", folder, "--db", db, "--quiet")[0] == 0
    fresh = tmp_path / "fresh.db"
    assert cli("build", folder, "--db", fresh, "--quiet")[0] == 0
    assert store_content(db) == store_content(fresh)


def test_russian_utf16_without_bom_is_read(tmp_path: Path) -> None:
    text = "Переговоры в Женеве\n\nАнна Келлер встретилась с делегацией 3 марта 2025 года, сообщили официальные лица.\n"
    for enc in ("utf-16-le", "utf-16-be"):
        (tmp_path / f"{enc}.txt").write_bytes(text.encode(enc))
    db = tmp_path / "s.db"
    code, out = cli("build", tmp_path, "--db", db, "--quiet")
    assert code == 0, out
    assert _db(db, "SELECT DISTINCT language FROM documents") == [("ru",)]
    assert {e for (e,) in _db(db, "SELECT encoding FROM sources")} == {"utf-16-le", "utf-16-be"}


def test_an_article_over_its_time_budget_is_stored_flagged_and_the_rest_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE * 20, encoding="utf-8")
    db = tmp_path / "s.db"
    code, out = cli("build", tmp_path, "--db", db, "--quiet", "--doc-seconds", "0.000001")
    assert code == 0
    assert "extraction stopped after its 1e-06 s budget (--doc-seconds)" in out
    ((doc_id, note),) = _db(db, "SELECT id, note FROM documents")
    assert note.startswith("extraction stopped") and "not extracted: " in note
    assert _db(db, "SELECT COUNT(*) FROM quotes") == [(0,)]
    with sqlite3.connect(db) as c:  # the document page says so
        c.row_factory = sqlite3.Row
        assert browse.document(c, doc_id)["not_analysed"] == note
