"""The web app: server-rendered pages over a built store, read-only unless started with a token.

Every page is plain HTML from Jinja2 templates with autoescaping on; htmx only swaps the results
of a filter form in place (the same URL works without it). Charts and the actor network are drawn
by ECharts from JSON carried in a data attribute, never as code. The
store is opened read-only (SQLite `mode=ro` and `query_only`), one connection per worker thread.

Pages that take free text (search, the quotes' speaker, the entities' name, the timeline's actor)
run their queries under a time budget enforced by SQLite (`browse.time_budget`, default 2 s, or
STORYLINE_QUERY_SECONDS): past it the page answers 200 with the form and a note that the filter
was too broad, not a 500 and not a 503. 200 because htmx only swaps in 2xx answers (the note would
never show under a filter typed in place), and because retrying later, which a 503 invites, would
not help: the same words cost the same.

Corrections (an analyst's judgements, `store/judgements.py`) are the one write, and only for a
server started with a token: pages then carry small forms, and `POST /correct` or
`POST /corrections/N/undo` (guarded by `security.Guard` and a CSRF field) opens the store for
writing for that one request and closes it. The judgement is recorded, not applied: the next
`storyline build` applies it, which a page says after the redirect back. Page reads never use the
writable connection. Badges ("corrected", "reviewed") and the Corrections page show with or
without a token.
"""

from __future__ import annotations

import os
import re
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import jinja2
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.staticfiles import StaticFiles

from storyline import __version__
from storyline.lexicon.issues import ISSUES
from storyline.store import browse, judgements
from storyline.store.db import SCHEMA_VERSION, Store, StoreError
from storyline.store.judgements import JudgementError
from storyline.web.highlight import Layer, render, snippet
from storyline.web.security import CleanQuery, Guard, HeadAsGet, csrf_ok, csrf_token, is_loopback, local_path

WEB_DIR = Path(__file__).resolve().parent
VENDOR_DIR = WEB_DIR / "node_modules"
# browser libraries, installed from the npm registry by `make` (storyline/web/package.json)
VENDOR = {"echarts.min.js": "echarts/dist/echarts.min.js", "htmx.min.js": "htmx.org/dist/htmx.min.js"}
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
PageNo = Annotated[int, Query(alias="page", ge=1, le=1_000_000)]
MAX_FORM = 32_000  # bytes of one correction form: a reason of 2000 characters and a few names fit
MAX_WHY, MAX_NAME = 2000, 200
BADGED = ("entity", "quote", "claim", "event")
_FORM_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]+")  # newlines stay: one name a line
_TYPE = re.compile(r"[A-Z_]{1,20}")


class WebSetupError(Exception):
    """The app cannot start: store or browser libraries missing."""


def check_vendor() -> None:
    missing = [name for name, rel in VENDOR.items() if not (VENDOR_DIR / rel).is_file()]
    if missing:
        raise WebSetupError(
            f"the web app's browser libraries are not installed ({', '.join(missing)}): run `make` in the"
            f" checkout, or `npm ci --prefix {WEB_DIR}`"
        )


def check_store(db: Path) -> None:
    if not db.is_file():
        raise WebSetupError(f"{db}: no such store (run `storyline build` first)")
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as c:
            version = c.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise WebSetupError(f"{db}: not a usable SQLite database ({e})") from e
    if version != SCHEMA_VERSION:
        raise WebSetupError(
            f"{db}: store schema {version}, this Storyline serves schema {SCHEMA_VERSION}"
            " (`storyline serve` upgrades an older store when it can write to it)"
        )


class Db:
    """One read-only connection per thread (FastAPI runs page functions in a thread pool)."""

    def __init__(self, path: Path, query_seconds: float = browse.QUERY_SECONDS) -> None:
        self.path = path
        self.query_seconds = query_seconds
        self.local = threading.local()

    def conn(self) -> sqlite3.Connection:
        c = getattr(self.local, "conn", None)
        if c is None:
            c = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            c.row_factory = sqlite3.Row
            c.execute("PRAGMA query_only = ON")
            self.local.conn = c
        return c

    @contextmanager
    def budgeted(self, free_text: str) -> Iterator[sqlite3.Connection]:
        """This thread's connection, under one request's time budget when the request carries free
        text (raises browse.QueryTooSlow); without it the page's queries are the bounded, indexed ones.

        A context manager, not a FastAPI dependency: FastAPI may run a sync dependency's setup and
        teardown on other threads than the page function, and the connection is per thread."""
        if not free_text.strip():
            yield self.conn()
            return
        with browse.time_budget(self.conn(), self.query_seconds) as c:
            yield c


def query_seconds_from_env() -> float:
    """STORYLINE_QUERY_SECONDS if set to a number ≥ 0 (a slow machine, a huge store), else the default."""
    try:
        value = float(os.environ.get("STORYLINE_QUERY_SECONDS", ""))
    except ValueError:
        return browse.QUERY_SECONDS
    return value if value >= 0 else browse.QUERY_SECONDS


def evidence_url(doc: str, start: int, end: int) -> str:
    """Link to the sentence that supports an item: the reader marks it and scrolls to it."""
    return f"/doc/{quote(doc)}?at={int(start)}-{int(end)}#at"


def _date_arg(value: str | None) -> str | None:
    return value if value and _DATE.match(value.strip()) else None


def _layers(d: dict[str, Any]) -> list[Layer]:
    layers = [
        Layer(m["start"], m["end"], "entity", f"{m['entity_name'] or m['text']} ({m['type']})",
              f"/entity/{quote(m['entity_id'])}" if m["entity_id"] else "", m["type"])
        for m in d["mentions"]
    ]  # fmt: skip
    layers += [Layer(t["start"], t["end"], "time", f"time: {t['value'] or '?'}") for t in d["times"]]
    for q in d["quotes"]:
        who = "anonymous source" if q["anonymous"] else (q["speaker_name"] or q["speaker_text"] or "unattributed")
        layers.append(Layer(q["start"], q["end"], "quote", f"quote: {who}" + (" (hedged)" if q["hedged"] else "")))
    for c in d["claims"]:
        layers.append(Layer(c["number_start"], c["number_end"], "claim", f"figure: {c['measure']} ({c['unit'] or ''})"))
    for e in d["events"]:
        start = d["text"].find(e["trigger"], e["start"], e["end"]) if e["trigger"] else -1
        if start >= 0:
            layers.append(Layer(start, start + len(e["trigger"]), "event", f"event: {e['summary'] or e['type']}"))
    return layers


def _found(item: Any, what: str) -> Any:
    if item is None:
        raise HTTPException(404, f"no such {what}")
    return item


# --- corrections: the form an analyst posts -> a judgement (store/judgements.py) --------------------
async def read_form(request: Request) -> dict[str, str]:
    """The posted fields (URL-encoded, at most MAX_FORM bytes), control characters but newlines removed.

    Parsed here rather than by a form library: a correction form is a handful of short text fields."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        raise HTTPException(415, "a correction is sent as a form (application/x-www-form-urlencoded)")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM:
            raise HTTPException(413, f"a correction form holds at most {MAX_FORM} bytes")
    try:
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True, max_num_fields=40)
    except ValueError as e:
        raise HTTPException(400, f"not a correction form ({e})") from e
    form: dict[str, str] = {}
    for k, v in pairs:
        form.setdefault(k, _FORM_CONTROL.sub(" ", v).strip())
    return form


def _field(form: dict[str, str], name: str, limit: int = MAX_NAME) -> str:
    value = form.get(name, "")
    if len(value) > limit:
        raise JudgementError(f"{name}: at most {limit} characters")
    return value


def _lines(form: dict[str, str], name: str) -> list[str]:
    """A field holding one name a line (a split's names, an event's participants)."""
    found = [x.strip() for x in _field(form, name, 20 * MAX_NAME).splitlines() if x.strip()]
    if any(len(x) > MAX_NAME for x in found) or len(found) > 20:
        raise JudgementError(f"{name}: at most 20 names of {MAX_NAME} characters")
    return found


def one_entity(conn: sqlite3.Connection, text: str) -> str:
    """An entity id from an id, a name or a spelling, as the CLI reads it; several matches fail with
    the candidates, since a correction on the wrong entity is worse than none."""
    found = browse.entity_candidates(conn, text)
    if len(found) == 1:
        return found[0].id
    if not found:
        raise JudgementError(f"no entity matches {text!r}")
    listed = "; ".join(f"{e.name} ({e.type}, {e.id})" for e in found[:8])
    raise JudgementError(f"{text!r} matches several entities: {listed}{'; …' if len(found) > 8 else ''}. Give the id.")


def judgement_from_form(conn: sqlite3.Connection, form: dict[str, str]) -> judgements.Judgement:
    """The judgement a correction form asks for, with its readable references turned into stable
    keys; raises JudgementError (shown to the reader as a 400 page) for anything it cannot take."""
    action, kind, item = _field(form, "action"), _field(form, "kind"), _field(form, "item")
    if action not in judgements.ACTIONS or kind not in judgements.KINDS or not item:
        raise JudgementError(f"not a correction: action {action[:20]!r}, kind {kind[:20]!r}")
    ids, value = [item], {}
    etype = _field(form, "type")
    if etype and not _TYPE.fullmatch(etype):
        raise JudgementError(f"{etype!r} is not an entity type (PERSON, ORG, GPE, …)")
    if action in ("merge", "distinct"):
        if not (other := _field(form, "other")):
            raise JudgementError(f"{action}: name the other entity")
        ids.append(one_entity(conn, other))
    elif action == "split":
        value = {"aliases": _lines(form, "aliases"), "name": _field(form, "name"), "type": etype or None}
    elif action == "rename":
        value = {"name": _field(form, "name") or None, "type": etype or None}
    elif action == "speaker":
        given = [x for x in ("entity", "anonymous", "clear") if form.get(x)]
        if len(given) != 1:
            raise JudgementError("give exactly one of: who said it, an anonymous description, or no speaker")
        value = {"entity": one_entity(conn, _field(form, "entity"))} if given == ["entity"] else {}
        if given == ["anonymous"]:
            value = {"anonymous": _field(form, "anonymous")}
    elif action == "event":
        value = {"date": _field(form, "date")} if form.get("date") else {}
        if form.get("no_place") or form.get("place"):
            value["place"] = None if form.get("no_place") else one_entity(conn, _field(form, "place"))
        if participants := _lines(form, "participants"):
            value["participants"] = [one_entity(conn, p) for p in participants]
    return judgements.make(conn, action, kind, ids, value, _field(form, "by"), _field(form, "why", MAX_WHY))


@contextmanager
def writing(db: Path) -> Iterator[Store]:
    """The store opened for writing for one correction request, and closed after it."""
    try:
        store = Store(db)
    except StoreError as e:
        raise HTTPException(503, f"the store cannot be written now ({e})") from e
    try:
        yield store
    except sqlite3.OperationalError as e:  # locked by a build that runs right now
        raise HTTPException(503, f"the store is busy ({e}); try again when the build has finished") from e
    finally:
        store.close()


def record_from_form(db: Path, form: dict[str, str]) -> int:
    """Record the correction a form asks for; its number."""
    with writing(db) as store:
        return judgements.add(store, judgement_from_form(store.conn, form))[0].id


def undo_judgement(db: Path, jid: int) -> int:
    with writing(db) as store:
        return judgements.undo(store, jid).id


def back_to(target: str, **notice: int) -> str:
    """The page a form came from, on this server only, with the notice to show there."""
    parts = urlsplit(target[:2000])
    params = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k not in ("recorded", "undone")]
    params += [(k, str(v)) for k, v in notice.items()]
    return local_path(parts.path) + "?" + urlencode(params) + (f"#{quote(parts.fragment)}" if parts.fragment else "")


def badges(conn: sqlite3.Connection) -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> item id -> {label, ids}: "reviewed" when every judgement on it is a confirmation."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for kind in BADGED:
        out[kind] = {
            item: {"label": "reviewed" if {a for _, a in js} == {"confirm"} else "corrected", "ids": [j for j, _ in js]}
            for item, js in judgements.corrected_items(conn, kind).items()
        }
    return out


def value_text(value: Any) -> str:
    """A judgement's value as a reader wants it: names, not the stable keys that hold them."""
    if isinstance(value, dict):
        if "text" in value and "doc" in value:
            return str(value["text"])
        return "; ".join(f"{k}: {value_text(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    return "none" if value is None else str(value)


def create_app(
    db: Path, token: str | None = None, host: str = "127.0.0.1", query_seconds: float | None = None
) -> FastAPI:
    """The app for one store. Raises WebSetupError with a message naming what is missing.

    `query_seconds` is the time budget of a free-text page (None: STORYLINE_QUERY_SECONDS or 2 s)."""
    check_store(db)
    check_vendor()
    store = Db(db, query_seconds_from_env() if query_seconds is None else query_seconds)
    secret = secrets.token_bytes(32)  # per process: a form from an earlier run of the server is refused
    csrf = csrf_token(secret, token) if token else ""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WEB_DIR / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals.update(evidence_url=evidence_url, version=__version__, db_name=db.name, quote=quote)
    env.globals.update(writes=bool(token), csrf=csrf, max_why=MAX_WHY, max_name=MAX_NAME)
    env.filters["value_text"] = value_text
    env.filters["snippet"] = snippet
    env.filters["number"] = lambda v: "" if v is None else f"{v:,.6g}" if isinstance(v, float) else f"{v:,}"
    templates = Jinja2Templates(env=env)

    app = FastAPI(title="Storyline", docs_url=None, redoc_url=None, openapi_url=None)
    app.add_middleware(Guard, token=token, loopback=is_loopback(host))
    app.add_middleware(CleanQuery)
    app.add_middleware(HeadAsGet)  # outermost: everything inside sees a GET
    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

    def page(request: Request, name: str, **context: Any) -> HTMLResponse:
        def url_with(**changes: Any) -> str:
            params = {k: v for k, v in request.query_params.items() if k not in changes}
            params.update({k: v for k, v in changes.items() if v not in (None, "")})
            return f"{request.url.path}?{urlencode(params)}"

        base = {"path": request.url.path, "url_with": url_with, "page_size": browse.PAGE}
        here = [(k, v) for k, v in request.query_params.multi_items() if k not in ("recorded", "undone")]
        given = {k: request.query_params.get(k, "") for k in ("recorded", "undone")}
        notice = {k: int(v) if v.isdigit() and len(v) < 10 else None for k, v in given.items()}
        base.update(here=request.url.path + (f"?{urlencode(here)}" if here else ""), notice=notice)
        base.update(badges=badges(store.conn()))
        base.update(stopped=False, budget=store.query_seconds)  # a free-text page stopped by its time budget
        return templates.TemplateResponse(request, name, {**base, **context})

    @app.get("/vendor/{name}")
    def vendor(name: str) -> FileResponse:
        if name not in VENDOR:
            raise HTTPException(404)
        return FileResponse(VENDOR_DIR / VENDOR[name], media_type="text/javascript")

    @app.get("/", response_class=HTMLResponse)
    def overview(request: Request) -> HTMLResponse:
        return page(request, "overview.html", o=browse.overview(store.conn()))

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline(
        request: Request,
        actor: str = "",
        kind: Annotated[str, Query(alias="type")] = "",
        date_from: Annotated[str, Query(alias="from")] = "",
        date_to: Annotated[str, Query(alias="to")] = "",
        sources: str = "",
        everything: Annotated[str, Query(alias="all")] = "",
    ) -> HTMLResponse:
        min_sources = int(sources) if sources.isdigit() and 0 < int(sources) < 10**6 else None
        matched: list[dict[str, Any]] = []
        stopped = False
        try:
            with store.budgeted(actor) as conn:
                if actor.strip():
                    matched = browse.find_entities(conn, actor.strip())
                data = browse.timeline(
                    conn,
                    entity_ids=[m["id"] for m in matched] if actor.strip() else None,
                    type_=kind or None,
                    date_from=_date_arg(date_from),
                    date_to=_date_arg(date_to),
                    min_sources=min_sources,
                    news_only=not everything,
                )
        except browse.QueryTooSlow:
            matched, stopped = [], True
            data = {"events": [], "total": 0, "undated": 0, "capped": False, "hidden": 0}
        bad_dates = [d for d in (date_from, date_to) if d and not _date_arg(d)]
        chart = [{"id": e["id"], "type": e["type"], "date": e["date"], "summary": e["summary"],
                  "sources": e["n_sources"], "status": e["status"], "background": bool(e["background"])}
                 for e in data["events"]]  # fmt: skip
        return page(
            request, "timeline.html", t=data, chart=chart, types=browse.event_types(store.conn()), matched=matched,
            actor=actor, kind=kind, date_from=date_from, date_to=date_to, bad_dates=bad_dates, stopped=stopped,
            sources=min_sources or "", everything=bool(everything),
        )  # fmt: skip

    @app.get("/event/{event_id}", response_class=HTMLResponse)
    def event(request: Request, event_id: str) -> HTMLResponse:
        e = _found(browse.event(store.conn(), event_id), "event")
        return page(request, "event.html", e=e)

    @app.get("/entities", response_class=HTMLResponse)
    def entities(
        request: Request, q: str = "", kind: Annotated[str, Query(alias="type")] = "", page_no: PageNo = 1
    ) -> HTMLResponse:
        try:
            with store.budgeted(q) as conn:
                data, stopped = browse.entities_page(conn, q.strip(), kind, page_no), False
        except browse.QueryTooSlow:
            data, stopped = {"rows": [], "total": 0, "types": browse.entity_types(store.conn())}, True
        return page(request, "entities.html", data=data, q=q, kind=kind, page_no=page_no, stopped=stopped)

    @app.get("/entity/{entity_id}", response_class=HTMLResponse)
    def entity(request: Request, entity_id: str, page_no: PageNo = 1) -> HTMLResponse:
        conn = store.conn()
        e = _found(browse.entity(conn, entity_id, page_no), "entity")
        return page(
            request, "entity.html", e=e, graph=browse.cooccurrence(conn, entity_id, e["recent"]), page_no=page_no
        )

    @app.get("/documents", response_class=HTMLResponse)
    def documents(request: Request, outlet: str = "", page_no: PageNo = 1) -> HTMLResponse:
        conn = store.conn()
        data = browse.documents_page(conn, outlet, page_no)
        return page(request, "documents.html", data=data, outlet=outlet, outlets=browse.outlets(conn), page_no=page_no)

    @app.get("/doc/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, doc_id: str, at: str = "") -> HTMLResponse:
        d = _found(browse.document(store.conn(), doc_id), "document")
        target = None
        if m := re.fullmatch(r"(\d{1,9})-(\d{1,9})", at):
            target = (int(m[1]), int(m[2]))
        body = render(d["text"], _layers(d), target)
        return page(request, "document.html", d=d, body=body, target=target)

    @app.get("/quotes", response_class=HTMLResponse)
    def quotes(
        request: Request,
        speaker: str = "",
        anonymous: str = "",
        hedged: str = "",
        outlet: str = "",
        page_no: PageNo = 1,
    ) -> HTMLResponse:
        flag = {"yes": True, "no": False}
        try:
            with store.budgeted(speaker) as conn:
                data, stopped = browse.quotes_page(
                    conn, speaker=speaker.strip(), anonymous=flag.get(anonymous), hedged=flag.get(hedged),
                    outlet=outlet, page=page_no,
                ), False  # fmt: skip
        except browse.QueryTooSlow:
            data, stopped = {"rows": [], "total": 0}, True
        return page(
            request, "quotes.html", data=data, speaker=speaker, anonymous=anonymous, hedged=hedged, outlet=outlet,
            outlets=browse.outlets(store.conn()), page_no=page_no, stopped=stopped,
        )  # fmt: skip

    @app.get("/claims", response_class=HTMLResponse)
    def claims(
        request: Request,
        measure: str = "",
        subject: Annotated[str, Query(max_length=200)] = "",
        page_no: PageNo = 1,
        conflicts_no: Annotated[int, Query(alias="cpage", ge=1, le=1_000_000)] = 1,
    ) -> HTMLResponse:
        conn = store.conn()
        return page(
            request, "claims.html", data=browse.claims_page(conn, measure, page_no, subject),
            conflicts=browse.conflicts_page(conn, conflicts_no), measure=measure, subject=subject, page_no=page_no,
            conflicts_no=conflicts_no, conflicts_size=browse.CONFLICTS_PAGE,
        )  # fmt: skip

    @app.get("/stories", response_class=HTMLResponse)
    def stories(request: Request, page_no: PageNo = 1) -> HTMLResponse:
        return page(request, "stories.html", data=browse.stories_page(store.conn(), page_no), page_no=page_no)

    @app.get("/story/{story_id}", response_class=HTMLResponse)
    def story(request: Request, story_id: str) -> HTMLResponse:
        s = _found(browse.story(store.conn(), story_id), "story")
        return page(request, "story.html", s=s)

    @app.get("/negotiations", response_class=HTMLResponse)
    def negotiations(request: Request) -> HTMLResponse:
        return page(request, "negotiations.html", n=browse.negotiations(store.conn()))

    @app.get("/issue/{issue}", response_class=HTMLResponse)
    def issue(request: Request, issue: str, party: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
        label = _found(ISSUES.get(issue), "issue")
        data = browse.trajectory(store.conn(), issue, party.strip())
        return page(request, "issue.html", issue=issue, label=label, t=data, party=party.strip())

    @app.get("/position/{position_id}", response_class=HTMLResponse)
    def position(request: Request, position_id: str) -> HTMLResponse:
        found = _found(browse.proposal(store.conn(), position_id), "position")
        return page(request, "position.html", p=found["position"], label=ISSUES.get(found["position"].issue, "?"),
                    answered=found["answered"], answers=found["answers"])  # fmt: skip

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request, q: str = "", page_no: PageNo = 1) -> HTMLResponse:
        data, stopped = None, False
        if q.strip():
            try:
                with store.budgeted(q) as conn:
                    data = browse.search(conn, q, page_no)
            except browse.QueryTooSlow:
                stopped = True
        return page(request, "search.html", data=data, q=q, page_no=page_no, stopped=stopped)

    @app.get("/quote/{quote_id}", response_class=HTMLResponse)
    def quote_page(request: Request, quote_id: str) -> HTMLResponse:
        item = _found(browse.quote(store.conn(), quote_id), "quote")  # not `q`: the header's search box reads that
        return page(request, "quote.html", item=item)

    @app.get("/corrections", response_class=HTMLResponse)
    def corrections(request: Request) -> HTMLResponse:
        return page(request, "corrections.html", found=judgements.listed(store.conn()))

    async def checked_form(request: Request) -> dict[str, str] | Response:
        """The form, or the 403 that refuses it: no CSRF field, or not this process's."""
        form = await read_form(request)
        if not token or not csrf_ok(secret, token, form.get("csrf", "")):
            return PlainTextResponse("refused: this form did not come from this server's pages (CSRF token)\n", 403)
        return form

    @app.post("/correct")
    async def correct(request: Request) -> Response:
        form = await checked_form(request)
        if isinstance(form, Response):
            return form
        try:
            jid = await run_in_threadpool(record_from_form, db, form)
        except JudgementError as e:
            raise HTTPException(400, f"The correction was not recorded: {e}") from e
        return RedirectResponse(back_to(form.get("back", "/"), recorded=jid), 303)

    @app.post("/corrections/{jid}/undo")
    async def undo(request: Request, jid: int) -> Response:
        form = await checked_form(request)
        if isinstance(form, Response):
            return form
        try:
            await run_in_threadpool(undo_judgement, db, jid)
        except JudgementError as e:
            raise HTTPException(400, f"Nothing was undone: {e}") from e
        return RedirectResponse(back_to(form.get("back", "/corrections"), undone=jid), 303)

    @app.exception_handler(HTTPException)
    def not_found(request: Request, exc: HTTPException) -> HTMLResponse:
        response = page(request, "error.html", status=exc.status_code, message=str(exc.detail))
        response.status_code = exc.status_code
        return response

    return app
