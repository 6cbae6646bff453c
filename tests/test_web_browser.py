"""End to end in a real browser: Debian's chromium, headless, driven by Playwright, against a real
`storyline serve` on 127.0.0.1.

Each test writes its screenshots to test-artifacts/screenshots/<test name>/ in the checkout. The
browser is told to reach nothing but the app: any request elsewhere fails the test, as does any
console error (a CSP violation, a script error) or any dialog an article could open.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO
from playwright.sync_api import Browser, Page, expect, sync_playwright
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


@pytest.fixture
def session(browser: Browser, demo_url: str, request: pytest.FixtureRequest) -> Iterator[Session]:
    folder = SHOTS / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    s = Session(context.new_page(), demo_url, folder)
    yield s
    context.close()
    s.assert_clean()


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
