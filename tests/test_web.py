"""The web app over HTTP: a real `storyline serve` on 127.0.0.1 answering real requests.

What a page shows is checked against the store it reads; the security rules (escaping, read-only,
host check, token) are checked from the outside, as an attacker or a careless user would meet them.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import httpx
import pytest
from conftest import EXAMPLES, SEEDS, build_texts, cli, needs_shared
from webserver import build_store, serving

from storyline.store.browse import fts_query
from storyline.web.highlight import Layer, render, sentence_bounds, snippet


def _db(db: Path) -> sqlite3.Connection:
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    c.row_factory = sqlite3.Row
    return c


def _get(base: str, path: str, status: int = 200) -> str:
    r = httpx.get(base + path, timeout=30)
    assert r.status_code == status, (path, r.status_code, r.text[:300])
    return r.text


# --- pure parts ----------------------------------------------------------------------------------
def test_render_escapes_every_piece_and_nests_overlaps() -> None:
    text = 'He said "<b>stop</b>" & left on May 5.'
    layers = [Layer(8, 21, "quote", "quote: <x>"), Layer(0, 2, "entity", "He & co", "/entity/e1", "PERSON"),
              Layer(10, 14, "claim"), Layer(34, 39, "time", "2025-05-05")]  # fmt: skip
    html = str(render(text, layers, target=(10, 14)))
    assert not re.search(r"<(?!/?(span|a)[ >])", html), "only our own tags"
    assert 'title="quote: &lt;x&gt;"' in html and 'title="He &amp; co"' in html
    assert '<a href="/entity/e1">He</a>' in html
    assert html.count('id="at"') == 1
    # the rendered text, stripped of our tags, is exactly the article text
    assert unescape(re.sub(r"<[^>]+>", "", html)) == text


def test_render_ignores_spans_outside_the_text() -> None:
    html = str(render("short", [Layer(2, 99, "entity"), Layer(-1, 3, "time")], target=(3, 100)))
    assert html == "short"


def test_sentence_bounds_cover_the_sentence_around_a_span() -> None:
    text = "First one. Then Mr. Lavrov spoke at length. Last.\n\nNext paragraph."
    start = text.index("Lavrov")
    lo, hi = sentence_bounds(text, start, start + 6)
    assert text[lo:hi] == "Lavrov spoke at length."  # "Mr." ends a sentence for this simple rule
    q = text.index("Then")
    assert text[slice(*sentence_bounds(text, q, text.index("length.") + 7))] == "Then Mr. Lavrov spoke at length."


def test_snippet_marks_matches_and_escapes_the_rest() -> None:
    assert str(snippet("a <i>\x02b\x03</i> c")) == "a &lt;i&gt;<mark>b</mark>&lt;/i&gt; c"


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("black sea", '"black" "sea"'),
        ('"black sea" deal', '"black sea" "deal"'),
        ("cease*", '"cease"*'),
        ('NEAR( a" OR -b', '"NEAR(" "a" "OR" "-b"'),
        ('""', ""),
    ],
)
def test_fts_query_turns_any_input_into_a_valid_query(typed: str, query: str) -> None:
    assert fts_query(typed) == query


# --- pages ---------------------------------------------------------------------------------------
def test_every_page_answers_on_the_demo_store(demo_url: str, demo_db: Path) -> None:
    c = _db(demo_db)
    entity = c.execute("SELECT id, name FROM entities ORDER BY n_documents DESC LIMIT 1").fetchone()
    doc = c.execute("SELECT id, title FROM documents ORDER BY seq LIMIT 1").fetchone()
    event = c.execute("SELECT id, summary FROM events WHERE date IS NOT NULL LIMIT 1").fetchone()
    story = c.execute("SELECT id, label FROM stories ORDER BY n_documents DESC LIMIT 1").fetchone()
    n_docs = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    overview = _get(demo_url, "/")
    assert re.search(rf"<b>{n_docs}</b> documents", overview)
    assert "No input was skipped" in overview
    assert unescape(entity["name"]) in unescape(_get(demo_url, f"/entity/{entity['id']}"))
    assert doc["title"] in unescape(_get(demo_url, f"/doc/{doc['id']}"))
    event_page = unescape(_get(demo_url, f"/event/{event['id']}"))
    assert event["summary"] in event_page
    assert re.search(r"this source dates it \S+ <span class=\"muted\">\(from “[^”]+”", event_page)  # and how
    assert story["label"] in unescape(_get(demo_url, f"/story/{story['id']}"))
    for path in ("/timeline", "/entities", "/documents", "/quotes", "/claims", "/stories", "/search",
                 "/search?q=ceasefire", "/entities?type=PERSON&page=2", "/quotes?anonymous=yes&hedged=no"):  # fmt: skip
        _get(demo_url, path)
    for path in ("/entity/nope", "/doc/nope", "/event/nope", "/story/nope"):
        assert "no such" in _get(demo_url, path, 404)
    _get(demo_url, "/entities?page=0", 422)


def test_timeline_filters_by_type_actor_and_dates(demo_url: str, demo_db: Path) -> None:
    c = _db(demo_db)

    def chart(query: str) -> list[dict]:
        html = _get(demo_url, "/timeline" + query)
        m = re.search(r"id=\"timeline-chart\"[^>]* data-chart='([^']*)'", html)
        return json.loads(unescape(m[1])) if m else []

    everything = chart("?all=1")
    assert len(everything) == c.execute("SELECT COUNT(*) FROM events WHERE date IS NOT NULL").fetchone()[0]
    news = chart("")  # by default what happened: no plans, no background
    assert news and all(e["status"] == "happened" and not e["background"] for e in news)
    assert (
        len(news)
        == c.execute(
            "SELECT COUNT(*) FROM events WHERE date IS NOT NULL AND status = 'happened' AND background = 0"
        ).fetchone()[0]
    )
    calls = chart("?type=call")
    assert calls and {e["type"] for e in calls} == {"call"}
    spring = chart("?from=2025-03&to=2025-04")
    assert spring and all("2025-03" <= e["date"][:7] <= "2025-04" for e in spring)
    putin = c.execute("SELECT id FROM entities WHERE name LIKE '%Putin%' ORDER BY n_documents DESC").fetchone()[0]
    with_putin = {e["id"] for e in chart("?actor=Putin&all=1")}
    expected = {r[0] for r in c.execute("SELECT id FROM events WHERE date IS NOT NULL AND participants LIKE ?",
                                         (f'%"{putin}"%',))}  # fmt: skip
    assert expected and expected <= with_putin
    year, months, days = (chart(q) for q in ("?from=2025&to=2025", "?from=2025-01&to=2025-12",
                                             "?from=2025-01-01&to=2025-12-31"))  # fmt: skip
    assert year and year == months == days  # a period means the same at any precision
    several = chart("?sources=2&all=1")
    assert several and all(e["sources"] >= 2 for e in several) and len(several) < len(everything)
    assert "not in the form" in _get(demo_url, "/timeline?from=March")
    assert "No entity named like" in _get(demo_url, "/timeline?actor=zzzzqx")


def test_search_finds_documents_and_quotes_with_highlighted_snippets(demo_url: str) -> None:
    html = _get(demo_url, "/search?q=ceasefire")
    assert re.search(r"<h2>Documents \(([1-9]\d*)\)</h2>", html)
    assert re.search(r"<mark>ceasefire</mark>", html, re.I)
    # FTS5 syntax typed by a user is searched for, never an error
    for q in ['"unbalanced', "NEAR(", "a OR", "*", "-x", "'; DROP TABLE documents; --"]:
        _get(demo_url, "/search?q=" + httpx.QueryParams({"q": q})["q"])


def test_entity_page_links_every_item_to_its_sentence(demo_url: str, demo_db: Path) -> None:
    c = _db(demo_db)
    eid = c.execute("SELECT id FROM entities WHERE type = 'PERSON' ORDER BY n_documents DESC").fetchone()[0]
    html = _get(demo_url, f"/entity/{eid}")
    links = set(re.findall(r'href="/doc/([^"?]+)\?at=(\d+)-(\d+)#at"', html))
    assert len(links) >= 5
    texts = {r[0]: r[1] for r in c.execute("SELECT id, text FROM documents")}
    for doc, start, end in links:
        page = _get(demo_url, f"/doc/{doc}?at={start}-{end}")
        pieces = re.findall(r'<span class="(?:[^"]* )?at(?: [^"]*)?"[^>]*>(?:<a [^>]+>)?(.*?)(?:</a>)?</span>', page)
        marked = "".join(pieces)
        assert unescape(marked) == texts[doc][int(start) : int(end)]


def test_quote_shows_how_a_pronoun_speaker_was_resolved(demo_url: str, demo_db: Path) -> None:
    c = _db(demo_db)
    rows = c.execute(
        "SELECT q.speaker_text, q.via_start, q.via_end, q.doc_id, e.id, e.name FROM quotes q"
        " JOIN local_entities le ON le.doc_id = q.doc_id AND le.local = q.speaker"
        " JOIN entities e ON e.id = le.entity_id WHERE q.via_how = 'pronoun'"
    ).fetchall()
    assert rows, "the demo corpus has a quote whose speaker is a pronoun"
    said, start, end, doc, eid, name = rows[0]
    html = unescape(_get(demo_url, f"/entity/{eid}"))
    assert f"“{said}” → " in html and name in html
    assert f'href="/doc/{doc}?at={start}-{end}#at"' in html  # the mention the pronoun was linked to


def test_claims_page_shows_conflicts_side_by_side(demo_url: str, demo_db: Path) -> None:
    c = _db(demo_db)
    n = c.execute("SELECT COUNT(*) FROM conflicts").fetchone()[0]
    html = _get(demo_url, "/claims")
    assert f"Where sources disagree ({n})" in html
    assert html.count('class="conflict"') == n


# --- security ------------------------------------------------------------------------------------
def test_hostile_article_is_shown_as_text(hostile_db: Path) -> None:
    c = _db(hostile_db)
    doc = c.execute("SELECT id FROM documents").fetchone()[0]
    with serving(hostile_db) as base:
        pages = [_get(base, p) for p in ("/", "/documents", f"/doc/{doc}", "/quotes", "/search?q=script",
                                         "/search?q=onerror", "/claims", "/entities", "/timeline")]  # fmt: skip
    page = pages[2]
    assert "&lt;script&gt;window.__pwned = &#39;body&#39;; alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and ">49<" not in page
    assert '<code class="url">javascript:alert(9)</code>' in page
    for html in pages:
        tags = _tags(html)
        scripts = [a for t, a in tags if t == "script"]
        assert all(a.get("src", "").startswith(("/static/", "/vendor/")) for a in scripts), scripts
        assert not {t for t, _ in tags} & {"img", "iframe", "svg", "style", "object", "embed", "base"}
        assert [a for t, a in tags if t == "link"] == [{"rel": "icon", "href": "data:,"},
                                                       {"rel": "stylesheet", "href": "/static/app.css"}]  # fmt: skip
        for _, attrs in tags:
            assert not [k for k in attrs if k.startswith("on") or (k.startswith("hx-") and k not in OUR_HTMX)], attrs
            assert not any(v.strip().lower().startswith("javascript:") for v in attrs.values() if v), attrs


OUR_HTMX = {"hx-get", "hx-target", "hx-select", "hx-swap", "hx-push-url", "hx-trigger"}


class _TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))


def _tags(html: str) -> list[tuple[str, dict[str, str]]]:
    """Every element as a browser's parser would see it."""
    p = _TagCollector()
    p.feed(html)
    return p.tags


def test_server_is_read_only(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with serving(db) as base:
        for method in ("POST", "PUT", "DELETE", "PATCH"):
            for path in ("/", "/search?q=x", "/doc/anything"):
                r = httpx.request(method, base + path, timeout=10)
                assert r.status_code == 405, (method, path)
        _get(base, "/search?q=ceasefire")
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_loopback_server_refuses_other_host_names(demo_url: str) -> None:
    r = httpx.get(demo_url + "/", headers={"Host": "attacker.example"}, timeout=10)
    assert r.status_code == 400
    r = httpx.get(demo_url + "/", timeout=10)
    assert r.headers["content-security-policy"].startswith("default-src 'none'; script-src 'self'")
    assert r.headers["x-content-type-options"] == "nosniff"


def test_public_host_needs_a_token(demo_db: Path) -> None:
    code, output = cli("serve", "--db", demo_db, "--host", "0.0.0.0", "--port", "1")
    assert code == 1 and "--token" in output
    with serving(demo_db, "--token", "s3cret-tok", host="0.0.0.0") as base:
        assert httpx.get(base + "/", timeout=10).status_code == 401
        assert httpx.get(base + "/", headers={"Authorization": "Bearer wrong"}, timeout=10).status_code == 401
        assert httpx.get(base + "/", headers={"Authorization": "Bearer s3cret-tok"}, timeout=10).status_code == 200
        assert httpx.get(base + "/vendor/echarts.min.js", timeout=10).status_code == 401
        with httpx.Client(base_url=base, timeout=10, follow_redirects=True) as browser:
            r = browser.get("/timeline?token=s3cret-tok&type=call")
            assert r.status_code == 200 and str(r.url).endswith("/timeline?type=call")  # token left the URL
            assert browser.get("/quotes").status_code == 200  # by cookie from now on
        assert httpx.get(base + "/?token=wrong", timeout=10).status_code == 401


def test_serve_names_a_missing_or_broken_store(tmp_path: Path) -> None:
    code, output = cli("serve", "--db", tmp_path / "none.db")
    assert code == 1 and "no such store" in output
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not sqlite at all" * 100)
    code, output = cli("serve", "--db", bad)
    assert code == 1 and "bad.db" in output


def test_event_entity_index_follows_rebuilds(demo_db: Path, tmp_path: Path) -> None:
    """The timeline's actor filter reads event_entities; triggers must keep it equal to the events'
    participants and places through a later, incremental build that re-merges every event."""
    from webserver import HOSTILE_ROW, build_store

    db = tmp_path / "grow.db"
    db.write_bytes(demo_db.read_bytes())
    (tmp_path / "more.jsonl").write_text(json.dumps(HOSTILE_ROW) + "\n", encoding="utf-8")
    build_store([tmp_path / "more.jsonl"], db)
    c = _db(db)
    derived = set(c.execute("SELECT e.id, p.value FROM events e, json_each(e.participants) p"
                            " UNION SELECT id, place FROM events WHERE place IS NOT NULL").fetchall())  # fmt: skip
    stored = {tuple(r) for r in c.execute("SELECT event_id, entity_id FROM event_entities")}
    assert derived and stored == {tuple(r) for r in derived}


# --- across sources (issue 20): coverage by outlet, figures by subject, conflicts that say why -------
@pytest.fixture(scope="module")
def wire_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from test_sources_agree import FIRES, INDEPENDENT, OWN_REPORT, WIRE

    tmp = tmp_path_factory.mktemp("wire_web")
    texts = {"a_wire.txt": WIRE, "b_own_report.txt": OWN_REPORT, "c_independent.txt": INDEPENDENT, **FIRES}
    return build_texts(tmp / "corpus", texts, tmp / "w.db")


def test_story_page_shows_coverage_side_by_side_by_outlet(wire_db: Path) -> None:
    c = _db(wire_db)
    story = c.execute("SELECT story FROM documents WHERE source = 'b_own_report.txt'").fetchone()[0]
    with serving(wire_db) as base:
        html = unescape(_get(base, f"/story/{story}"))
    columns = re.findall(r'<section class="claim-card outlet">\s*<h3>([^<]+)</h3>', html)
    assert {"Aldmoor Courier", "Valley Herald"} <= set(columns) and len(columns) == 3
    assert "Aldmoor counts the cost as the Tarn spills over" in html and "2024-04-04" in html
    assert "shares a passage" in html  # the report that prints the wire story whole


def test_claims_page_filters_by_subject_and_explains_each_conflict(wire_db: Path) -> None:
    with serving(wire_db) as base:
        residents = unescape(_get(base, "/claims?subject=resident"))
        nothing = unescape(_get(base, "/claims?subject=zeppelin"))
    figures = re.search(r'<div id="results">(.*?)</div>', residents, re.S).group(1)
    assert "3 figures about “resident”" in figures and "9,000" in figures and "metres" not in figures
    assert "No figures match." in nothing
    assert "Judged one quantity: the same measure “resident”" in residents
    assert "3 documents, 2 independent sources" in residents


# --- corrections (issue 21): writes only with a token, a CSRF field and this server's origin ---------
TOKEN = "corr-tok-21"


def _store_hash(db: Path) -> str:
    """The store as a reader would find it: the file and its write-ahead log, if any."""
    wal = db.with_name(db.name + "-wal")
    return hashlib.sha256(db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).hexdigest()


def _judgements(db: Path) -> int:
    return _db(db).execute("SELECT COUNT(*) FROM judgements").fetchone()[0]


def _corrected_pages(db: Path) -> dict[str, str]:
    """One page of each kind that carries correction controls when the server takes corrections."""
    c = _db(db)
    q = c.execute("SELECT doc_id, idx FROM quotes WHERE speaker IS NOT NULL ORDER BY doc_id, idx").fetchone()
    entity = c.execute("SELECT id FROM entities WHERE type = 'PERSON' ORDER BY n_documents DESC").fetchone()[0]
    event = c.execute("SELECT id FROM events ORDER BY id").fetchone()[0]
    return {"quote": f"/quote/q-{q[0]}-{q[1]}", "entity": f"/entity/{entity}", "event": f"/event/{event}",
            "claims": "/claims", "quotes": "/quotes"}  # fmt: skip


@pytest.fixture(scope="module")
def writable_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("corrections") / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    return db


def test_without_a_token_there_are_no_controls_and_a_forged_post_changes_nothing(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    db.write_bytes(demo_db.read_bytes())
    before = _store_hash(db)
    with serving(db) as base:
        for kind, path in _corrected_pages(db).items():  # the server reads the store: it has it open
            html = _get(base, path)
            assert 'action="/correct"' not in html and "Correct…" not in html, kind
            assert 'name="csrf"' not in html, kind
        assert "Undo" not in _get(base, "/corrections")
        form = {"action": "reject", "kind": "quote", "item": _corrected_pages(db)["quote"].removeprefix("/quote/")}
        for path in ("/correct", "/corrections/1/undo"):
            r = httpx.post(base + path, data=form, timeout=10)
            assert r.status_code == 405 and "read-only" in r.text, (path, r.status_code)
        _get(base, "/corrections")
    assert _store_hash(db) == before


def test_with_a_token_a_write_needs_the_csrf_field_and_this_origin(writable_db: Path) -> None:
    db = writable_db
    quote_page = _corrected_pages(db)["quote"]
    qid = quote_page.removeprefix("/quote/")
    c = _db(db)
    doc = qid.removeprefix("q-").rpartition("-")[0]
    speaker = c.execute(
        "SELECT le.entity_id FROM quotes q JOIN local_entities le ON le.doc_id = q.doc_id AND le.local = q.speaker"
        " WHERE q.doc_id = ? AND q.idx = ?",
        (doc, int(qid.rpartition("-")[2])),
    ).fetchone()[0]
    other = c.execute(
        "SELECT e.id FROM local_entities le JOIN entities e ON e.id = le.entity_id WHERE le.doc_id = ?"
        " AND le.type = 'PERSON' AND e.id != ? ORDER BY e.id",
        (doc, speaker),
    ).fetchone()[0]
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with serving(db, "--token", TOKEN) as base, httpx.Client(base_url=base, headers=auth, timeout=30) as client:
        pages = {kind: client.get(path).text for kind, path in _corrected_pages(db).items()}
        for kind, html in pages.items():
            assert 'action="/correct"' in html and "Correct…" in html, kind
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', pages["quote"])[1]
        form = {"action": "speaker", "kind": "quote", "item": qid, "entity": other, "back": quote_page, "why": "test"}
        before, rows = _store_hash(db), _judgements(db)
        refused = [
            client.post("/correct", data=form),  # no CSRF field
            client.post("/correct", data=form | {"csrf": "0" * 64}),  # not this process's
            client.post("/correct", data=form | {"csrf": csrf}, headers={"Origin": "http://evil.example"}),
            client.post("/correct", data=form | {"csrf": csrf}, headers={"Origin": "null"}),
            client.post("/correct", data=form | {"csrf": csrf}, headers={"Sec-Fetch-Site": "cross-site"}),
        ]
        assert [r.status_code for r in refused] == [403] * 5, [r.text for r in refused]
        assert all(r.text.startswith("refused") for r in refused)
        assert httpx.post(base + "/correct", data=form | {"csrf": csrf}, timeout=10).status_code == 401  # no token
        assert client.post("/search", data=form | {"csrf": csrf}).status_code == 405  # only the correction routes
        assert client.put("/correct", data=form | {"csrf": csrf}).status_code == 405
        assert _store_hash(db) == before and _judgements(db) == rows
        # untrusted input is a 400 page saying why, never a 500, and records nothing
        for bad in ({"action": "explode"}, {"kind": "document"}, {"entity": "zzzz-nobody"}, {"why": "x" * 2001},
                    {"entity": "", "clear": ""}, {"item": "q-nope-1"}):  # fmt: skip
            r = client.post("/correct", data=form | {"csrf": csrf} | bad)
            assert r.status_code == 400 and "not recorded" in r.text, (bad, r.status_code, r.text[:200])
        assert _judgements(db) == rows
        r = client.post("/correct", data=form | {"csrf": csrf, "back": "//evil.example/x"}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/x?recorded=")  # never off this server
        confirm = {
            "action": "confirm",
            "kind": "quote",
            "item": qid,
            "back": quote_page,
            "why": "checked",
            "csrf": csrf,
        }
        r = client.post("/correct", data=confirm, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith(f"{quote_page}?recorded=")
        assert _judgements(db) == rows + 2
        jid = int(r.headers["location"].rpartition("=")[2])
        shown = client.get(r.headers["location"]).text
        assert f"Correction #{jid} is recorded" in shown and "storyline build" in shown
        listed = unescape(client.get("/corrections").text)
        assert re.search(rf'<tr id="j{jid}">.*?confirm quote.*?checked.*?pending.*?Undo #{jid}', listed, re.S)
        assert re.search(r"speaker quote.*?entity: \w.*?test", listed, re.S)  # the speaker, named
        r = client.post(f"/corrections/{jid}/undo", data={"csrf": csrf}, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == f"/corrections?undone={jid}"
        assert client.post(f"/corrections/{jid}/undo", data={"csrf": csrf}).status_code == 400  # already undone
        assert client.post(f"/corrections/{jid}/undo", data={"back": "/"}).status_code == 403
    assert _db(db).execute("SELECT undone FROM judgements WHERE id = ?", (jid,)).fetchone()[0]


# --- negotiations: the agenda matrix, an issue's trajectory, a proposal's page --------------------
@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds (a real negotiation) and the demo corpus; built once for this file and the browser's."""
    if not SEEDS.is_dir():
        pytest.skip("../shared (seeds and data) is not beside the checkout")
    db = tmp_path_factory.getbasetemp() / "negotiations" / "seeds.db"
    if not db.exists():
        db.parent.mkdir(exist_ok=True)
        build_store([SEEDS, EXAMPLES], db)
    return db


@pytest.fixture(scope="session")
def seeds_url(seeds_db: Path) -> Iterator[str]:
    with serving(seeds_db) as base:
        yield base


def _sentence_links(html: str) -> list[tuple[str, int, int, str]]:
    """(doc, start, end, shown text) of every sentence link on a page."""
    found = re.findall(r'<a class="sentence" href="/doc/([^"?]+)\?at=(\d+)-(\d+)#at"[^>]*>(.*?)</a>', html, re.S)
    return [(d, int(a), int(b), unescape(t)) for d, a, b, t in found]


@needs_shared
def test_negotiations_matrix_lists_issues_and_parties_and_cells_lead_to_issue_pages(
    seeds_url: str, seeds_db: Path
) -> None:
    from storyline.lexicon.issues import ISSUES

    html = unescape(_get(seeds_url, "/negotiations"))
    assert '<a href="/negotiations" aria-current="page">Negotiations</a>' in html
    issues = {r[0] for r in _db(seeds_db).execute("SELECT DISTINCT issue FROM positions")}
    assert len(issues) >= 3
    for issue in issues:
        assert f'<a href="/issue/{issue}">{ISSUES[issue]}</a>' in html
    heads = re.findall(r'<th><a href="/entity/[^"]+">([^<]+)</a></th>', html)
    assert 2 <= len(heads) <= 8
    sides = {r[0] for r in _db(seeds_db).execute("SELECT e.name FROM positions p JOIN entities e ON e.id = p.side")}
    assert set(heads) <= sides
    cells = re.findall(r'<a class="cell" href="(/issue/(\w+)\?party=(\w+))"', html)
    assert cells and {issue for _, issue, _ in cells} <= issues
    href, issue, party = cells[0]
    page = _get(seeds_url, href)
    name = _db(seeds_db).execute("SELECT name FROM entities WHERE id = ?", (party,)).fetchone()[0]
    assert f"<h1>{ISSUES[issue]}: {name}</h1>" in unescape(page)
    # every position listed is that party's, on that issue
    listed = re.findall(r'<tr id="(p-[^"]+)">', page)
    assert listed
    conn = _db(seeds_db)
    for pid in listed:
        doc, _, idx = pid[2:].rpartition("-")
        row = conn.execute(
            "SELECT p.issue, p.side, le.entity_id FROM positions p LEFT JOIN local_entities le"
            " ON le.doc_id = p.doc_id AND le.local = p.holder WHERE p.doc_id = ? AND p.idx = ?",
            (doc, int(idx)),
        ).fetchone()
        assert row[0] == issue and party in (row[1], row[2]), (pid, tuple(row))


@needs_shared
def test_issue_page_links_every_sentence_to_its_evidence(seeds_url: str, seeds_db: Path) -> None:
    conn = _db(seeds_db)
    issue, n = conn.execute("SELECT issue, COUNT(*) FROM positions GROUP BY issue ORDER BY 2 DESC").fetchone()
    html = _get(seeds_url, f"/issue/{issue}")
    links = _sentence_links(html)
    assert len(links) == n
    for doc, start, end, shown in links:
        text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
        assert text[start:end] == shown
        assert conn.execute("SELECT 1 FROM positions WHERE doc_id = ? AND start = ? AND end = ? AND issue = ?",
                            (doc, start, end, issue)).fetchone()  # fmt: skip
    dates = re.findall(r'<tr id="p-[^"]+"><td class="date">([^<]+)</td>', html)
    assert len(dates) == n
    answering = conn.execute("SELECT doc_id, idx, answers FROM positions WHERE issue = ? AND answers IS NOT NULL",
                             (issue,)).fetchone()  # fmt: skip
    if answering:
        target = "p-" + answering[2].replace("/", "-")
        assert f'<a class="answers" href="/position/{target}">' in html


@needs_shared
def test_proposal_page_shows_a_listed_plan_its_points_and_document_note(seeds_url: str, seeds_db: Path) -> None:
    conn = _db(seeds_db)
    doc, idx, points, note = conn.execute(
        "SELECT doc_id, idx, points, document FROM positions WHERE points != '[]' AND sourcing = 'document'"
    ).fetchone()
    points = json.loads(points)
    assert len(points) >= 2 and note
    html = _get(seeds_url, f"/position/p-{doc}-{idx}")
    text = conn.execute("SELECT text FROM documents WHERE id = ?", (doc,)).fetchone()[0]
    shown = re.search(r'<ol class="points">(.*?)</ol>', html, re.S)
    assert shown
    items = re.findall(r'<li><a href="/doc/[^"?]+\?at=(\d+)-(\d+)#at"[^>]*>(.*?)</a></li>', shown[1], re.S)
    assert [(int(a), int(b)) for a, b, _ in items] == [tuple(p) for p in points]  # in order, each its own span
    assert all(text[int(a) : int(b)] == unescape(t) for a, b, t in items)
    assert re.search(r'id="document-note">.*?' + re.escape(escape(note)), html, re.S)
    answers = conn.execute("SELECT doc_id || '-' || idx, kind FROM positions WHERE answers = ?", (f"{doc}/{idx}",))
    for a, kind in answers:
        assert f'href="/position/p-{a}"' in html and f"pos-{kind}" in html


@needs_shared
def test_unknown_issue_or_position_is_a_404_page(seeds_url: str) -> None:
    for path in ("/issue/nothing", "/issue/%3Cscript%3E", "/position/p-nodoc-1", "/position/p-x", "/position/zzz"):
        html = _get(seeds_url, path, 404)
        assert "no such" in html and "<script>" not in html.split("<main>")[1]


def test_negotiations_page_without_positions_says_so(tmp_path: Path) -> None:
    db = build_texts(tmp_path / "in", {"a.txt": "The weather was mild in Lyon on Monday, the forecasters said.\n"},
                     tmp_path / "calm.db")  # fmt: skip
    assert _db(db).execute("SELECT COUNT(*) FROM positions").fetchone()[0] == 0
    with serving(db) as base:
        html = _get(base, "/negotiations")
        assert 'id="no-positions"' in html and "agenda" not in html.split("<main>")[1]
        assert "No positions on this issue" in _get(base, "/issue/ceasefire")
