"""End to end in a real browser: Debian's chromium, headless, driven by Playwright, against a real
`storyline serve` on 127.0.0.1.

Each test writes its screenshots to test-artifacts/screenshots/<test name>/ in the checkout. The
browser is told to reach nothing but the app: any request elsewhere fails the test, as does any
console error (a CSP violation, a script error) or any dialog an article could open.

Corrections are made the way an analyst makes them: a form on a page of a server started with a
token, then `storyline build` in a subprocess, then the page again.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Page, expect, sync_playwright
from test_web import seeds_db, seeds_url  # noqa: F401  (session fixtures: the seeds' store and its server)
from webserver import serving

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SHOTS = REPO / "test-artifacts" / "screenshots"
# flags this closed network needs: no background connections to Google, no GPU, root without sandbox
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} not found: `make test` installs Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:  # Playwright gives each launch a fresh, empty profile
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Session:
    """A page that records what must never happen, and screenshots into the test's folder."""

    def __init__(self, page: Page, base: str, folder: Path) -> None:
        self.page, self.base, self.folder = page, base, folder
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.n = 0
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route(re.compile(r"^(?!" + re.escape(base) + ").*"), self._block)

    def _block(self, route, request) -> None:  # type: ignore[no-untyped-def]
        self.foreign.append(request.url)
        route.abort()

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.ready()

    def ready(self) -> None:
        self.page.wait_for_selector("body[data-ready]")

    def shot(self, name: str) -> None:
        self.n += 1
        self.page.screenshot(path=str(self.folder / f"{self.n:02d}-{name}.png"), full_page=False)

    def assert_clean(self) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        assert not self.foreign, self.foreign


@contextmanager
def opened(browser: Browser, base: str, name: str) -> Iterator[Session]:
    """A fresh browser context on `base` whose screenshots go to the test's folder; checked clean after."""
    folder = SHOTS / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    s = Session(context.new_page(), base, folder)
    try:
        yield s
    finally:
        context.close()
    s.assert_clean()


@pytest.fixture
def session(browser: Browser, demo_url: str, request: pytest.FixtureRequest) -> Iterator[Session]:
    with opened(browser, demo_url, request.node.name) as s:
        yield s


def test_overview_and_every_section(session: Session) -> None:
    s = session
    s.open("/")
    expect(s.page.locator("h1")).to_have_text("Overview")
    expect(s.page.locator(".card").first).to_contain_text("documents")
    s.shot("overview")
    for label, heading in [("Entities", "Entities"), ("Documents", "Documents"), ("Quotes", "Quotes"),
                           ("Claims & conflicts", "Claims & conflicts"), ("Stories", "Stories")]:  # fmt: skip
        s.page.locator("header nav").get_by_role("link", name=label, exact=True).click()
        s.ready()
        expect(s.page.locator("h1")).to_have_text(heading)
        if heading.startswith("Claims"):  # the demo's sources do not disagree: the section says so
            expect(s.page.get_by_role("heading", name=re.compile(r"Where sources disagree"))).to_be_visible()
            expect(s.page.locator(".conflict, p.empty").first).to_be_visible()
        s.shot(heading.split()[0].lower())


def test_timeline_chart_filter_and_event_evidence(session: Session) -> None:
    s = session
    s.open("/timeline")
    chart = s.page.locator("#timeline-chart canvas")
    expect(chart.first).to_be_visible()
    total = s.page.locator("#timeline-count").inner_text()
    s.shot("timeline")
    # filter through the form: htmx swaps the results in place and the chart is drawn again
    s.page.select_option("select[name=type]", "call")
    s.page.get_by_role("button", name="Filter").click()
    expect(s.page.locator("#timeline-count")).not_to_have_text(total)
    expect(s.page).to_have_url(re.compile(r"type=call"))
    s.page.wait_for_selector("#timeline-chart[data-drawn] canvas")
    types = s.page.locator("table.events td:nth-child(2)").all_inner_texts()
    assert types and set(types) == {"call"}
    s.shot("timeline-calls")
    # hovering a point shows its summary in the chart's tooltip; clicking it opens the event
    point = s.page.evaluate(
        """() => {
            const el = document.getElementById("timeline-chart");
            const chart = echarts.getInstanceByDom(el);
            const p = chart.getOption().series[0].data[0];
            const [x, y] = chart.convertToPixel({seriesIndex: 0}, [p[0], p[1]]);
            const box = el.getBoundingClientRect();
            return {x: box.left + x, y: box.top + y, summary: p[4]};
        }"""
    )
    s.page.mouse.move(point["x"], point["y"])
    expect(s.page.locator("#timeline-chart")).to_contain_text(point["summary"])
    s.shot("timeline-hover")
    s.page.mouse.click(point["x"], point["y"])
    s.page.wait_for_url(re.compile(r"/event/"))
    s.ready()
    expect(s.page.locator("h1")).to_have_text(point["summary"])
    expect(s.page.locator("ul.evidence li").first).to_be_visible()
    s.shot("event")
    s.page.locator("ul.evidence a.ev").first.click()
    s.ready()
    expect(s.page.locator("#at")).to_be_in_viewport()


def test_entity_page_and_actor_network(session: Session) -> None:
    s = session
    s.open("/")
    first_actor = s.page.locator("ol.plain a").first
    name = first_actor.inner_text()
    first_actor.click()
    s.ready()
    expect(s.page.locator("h1")).to_contain_text(name)
    expect(s.page.locator("#graph-chart canvas").first).to_be_visible()
    expect(s.page.locator("#mentions ~ ul.mentions li").first).to_be_visible()
    s.shot("entity")
    s.page.get_by_role("link", name="on the timeline").click()
    s.ready()
    expect(s.page.locator("#timeline-count")).to_contain_text("dated event")
    s.shot("entity-timeline")


def test_document_reader_highlights_and_layer_toggles(session: Session) -> None:
    s = session
    s.open("/quotes")
    s.page.locator("ul.quotes a.ev").first.click()
    s.ready()
    target = s.page.locator("#at")
    expect(target).to_be_in_viewport()
    text = s.page.locator("#doc-text")
    assert s.page.locator("#doc-text .l-entity").count() > 0
    assert s.page.locator("#doc-text .l-quote").count() > 0
    s.shot("document")
    entity = s.page.locator("#doc-text .l-entity").first
    before = entity.evaluate("e => getComputedStyle(e).backgroundColor")
    s.page.locator("input[data-layer=entity]").uncheck()
    expect(text).to_have_class(re.compile(r"hide-entity"))
    after = entity.evaluate("e => getComputedStyle(e).backgroundColor")
    assert before != after and after == "rgba(0, 0, 0, 0)"
    s.shot("document-no-entities")


def test_search_and_quote_filters(session: Session) -> None:
    s = session
    s.open("/")
    s.page.locator("header input[name=q]").fill("ceasefire")
    s.page.locator("header input[name=q]").press("Enter")
    s.ready()
    expect(s.page.locator(".hits mark").first).to_be_visible()
    assert "ceasefire" in s.page.locator(".hits mark").first.inner_text().lower()
    s.shot("search")
    s.open("/quotes")
    s.page.select_option("select[name=anonymous]", "yes")
    s.page.get_by_role("button", name="Filter").click()
    expect(s.page).to_have_url(re.compile(r"anonymous=yes"))
    rows = s.page.locator("ul.quotes li")
    expect(rows.first).to_be_visible()
    assert all("anonymous source" in t for t in rows.all_inner_texts())
    s.shot("quotes-anonymous")


def test_hostile_article_runs_nothing(browser: Browser, hostile_db: Path) -> None:
    folder = SHOTS / "test_hostile_article_runs_nothing"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with serving(hostile_db) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        s = Session(context.new_page(), base, folder)
        for path in ("/", "/documents", "/quotes", "/claims", "/entities", "/timeline", "/search?q=script"):
            s.open(path)
            assert s.page.evaluate("window.__pwned") is None, path
        s.page.locator(".hits a").first.click()
        s.ready()
        s.shot("hostile-document")
        body = s.page.locator("#doc-text").inner_text()
        assert "<script>window.__pwned = 'body'; alert(1)</script>" in body
        assert "{{ 7*7 }}" in body
        for a in s.page.locator("a").all():  # no link goes anywhere but the app
            href = a.get_attribute("href") or ""
            assert href.startswith(("/", "#", "?")), href
        s.page.mouse.move(300, 300)
        s.page.locator("#doc-text").hover()
        assert s.page.evaluate("window.__pwned") is None
        assert s.page.evaluate("document.querySelectorAll('#doc-text script, #doc-text img, [onerror]').length") == 0
        context.close()
    assert not s.dialogs and not s.foreign, (s.dialogs, s.foreign)
    assert not s.errors, s.errors


def _rebuild(db: Path) -> None:
    """`storyline build --db DB` with no inputs: what applies (or, undone, takes back) a correction."""
    r = subprocess.run([sys.executable, "-m", "storyline", "build", "--db", str(db), "--quiet"],
                       capture_output=True, text=True)  # fmt: skip
    assert r.returncode == 0, r.stdout + r.stderr


def _quote_and_another_speaker(db: Path) -> tuple[str, str, str]:
    """A quote with a named speaker, its speaker's name, and another person its article names (by a
    name no other entity has, so the form's name field means exactly one entity)."""
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for doc, idx, speaker, name in c.execute(
        "SELECT q.doc_id, q.idx, e.id, e.name FROM quotes q JOIN local_entities le ON le.doc_id = q.doc_id"
        " AND le.local = q.speaker JOIN entities e ON e.id = le.entity_id WHERE q.anonymous = 0"
        " ORDER BY q.doc_id, q.idx"
    ).fetchall():
        other = c.execute(
            "SELECT e.name FROM mentions m JOIN local_entities le ON le.doc_id = m.doc_id AND le.local = m.local"
            " JOIN entities e ON e.id = le.entity_id WHERE m.doc_id = ? AND m.kind = 'name' AND e.type = 'PERSON'"
            " AND e.id != ? AND (SELECT COUNT(*) FROM entities x WHERE x.name = e.name COLLATE NOCASE) = 1"
            " ORDER BY e.n_documents DESC, e.name LIMIT 1",
            (doc, speaker),
        ).fetchone()
        if other:
            return f"q-{doc}-{idx}", name, other[0]
    raise AssertionError("the demo corpus has a quote whose article names two people")


def test_a_speaker_corrected_in_the_browser_holds_after_a_rebuild_and_undo_brings_it_back(
    browser: Browser, demo_db: Path, tmp_path: Path
) -> None:
    folder = SHOTS / "test_a_speaker_corrected_in_the_browser"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    db = tmp_path / "corrected.db"
    db.write_bytes(demo_db.read_bytes())
    qid, said_by, new_speaker = _quote_and_another_speaker(db)
    token = "browser-corrections-tok"
    with serving(db, "--token", token) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        s = Session(context.new_page(), base, folder)
        s.open(f"/?token={token}")  # the token is traded for a cookie
        s.open(f"/quote/{qid}")
        row = s.page.locator("ul.quotes li.quote").first
        expect(row.locator(".meta")).to_contain_text(said_by)
        expect(row.locator(".badge-corrected")).to_have_count(0)
        row.locator("details.corrections summary").click()
        form = row.locator("form.correct").filter(has=s.page.locator("input[name=entity]"))
        form.locator("input[name=entity]").fill(new_speaker)
        form.locator("input[name=why]").fill("the article says so two lines up")
        s.shot("speaker-form")
        form.get_by_role("button", name="Set speaker").click()
        s.ready()
        expect(s.page.locator("#notice")).to_contain_text("is recorded")
        expect(s.page.locator("#notice")).to_contain_text("next storyline build")
        expect(s.page).to_have_url(re.compile(re.escape(f"/quote/{qid}?recorded=")))
        s.shot("recorded")

        # a page on another site can make the browser post with the cookie, but is refused
        rows = _count(db, "judgements")
        csrf = s.page.locator("input[name=csrf]").first.get_attribute("value") or ""
        forged = {"action": "reject", "kind": "quote", "item": qid, "back": "/"}
        for extra, headers in (({"csrf": csrf}, {"Origin": "http://evil.example"}), ({}, {})):
            r = s.page.request.post(base + "/correct", form=forged | extra, headers=headers, max_redirects=0)
            assert r.status == 403 and r.text().startswith("refused"), (r.status, r.text())
        assert _count(db, "judgements") == rows

        _rebuild(db)
        s.page.reload()
        s.ready()
        row = s.page.locator("ul.quotes li.quote").first
        expect(row.locator(".meta")).to_contain_text(new_speaker)
        expect(row.locator(".badge-corrected")).to_be_visible()
        s.shot("after-build")
        row.locator(".badge-corrected").click()
        s.ready()
        expect(s.page.locator("h1")).to_have_text("Corrections")
        line = s.page.locator("tr", has_text="speaker quote")
        expect(line).to_contain_text("applied")
        expect(line).to_contain_text(new_speaker)
        s.shot("corrections")
        line.get_by_role("button", name=re.compile(r"Undo #\d+")).click()
        s.ready()
        expect(s.page.locator("#notice")).to_contain_text("is undone")
        expect(s.page.locator("tr", has_text="speaker quote")).to_have_class("undone")

        _rebuild(db)
        s.open(f"/quote/{qid}")
        row = s.page.locator("ul.quotes li.quote").first
        expect(row.locator(".meta")).to_contain_text(said_by)
        expect(row.locator(".badge-corrected")).to_have_count(0)
        s.shot("undone")
        context.close()
    s.assert_clean()


def _count(db: Path, table: str) -> int:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True).execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_negotiations_matrix_to_issue_to_the_marked_sentence(
    browser: Browser,
    seeds_url: str,  # noqa: F811
    request: pytest.FixtureRequest,
) -> None:
    with opened(browser, seeds_url, request.node.name) as s:
        s.open("/")
        s.page.locator("header nav").get_by_role("link", name="Negotiations", exact=True).click()
        s.ready()
        expect(s.page.locator("h1")).to_have_text("Negotiations")
        assert s.page.locator("table.agenda tbody tr").count() >= 3
        s.shot("matrix")
        cell = s.page.locator("table.agenda a.cell[href*='party=']").first
        issue_label = cell.locator("xpath=ancestor::tr/th").inner_text()
        cell.click()
        s.ready()
        expect(s.page).to_have_url(re.compile(r"/issue/\w+\?party="))
        expect(s.page.locator("h1")).to_contain_text(issue_label)
        s.shot("issue")
        link = s.page.locator("table.positions a.sentence").first
        sentence = link.inner_text()
        link.click()
        s.ready()
        expect(s.page).to_have_url(re.compile(r"/doc/.+\?at=\d+-\d+#at"))
        expect(s.page.locator("#at")).to_be_in_viewport()
        marked = "".join(s.page.locator("#doc-text .at").all_text_contents())
        assert " ".join(marked.split()) == " ".join(sentence.split())
        s.shot("document")
