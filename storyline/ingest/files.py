"""Walk the build's inputs and turn each file into source units (or skips).

Decides what a file is from its name and, when the name says nothing useful, from its first
bytes; reading stops at the size limit so a huge file is refused without being loaded. Folders are
walked with `os.walk` rather than `Path.rglob`, because rglob silently drops a folder it cannot
read and follows symlinked folders into loops; here an unreadable folder is a skip with its
reason, and a folder reached twice (a symlink loop) is walked once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from storyline.ingest.feeds import feed_units, is_feed
from storyline.ingest.tables import DEFAULT_MAX_ROWS, is_table, table_units
from storyline.ingest.untrusted import label
from storyline.model import InputError, Skip, SourceUnit, content_hash

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FEED_SIZE_FACTOR = 10  # a feed bundles many articles, so it may be this many times larger
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Limits:
    """Per-input resource limits of a build (documented in the README, set from the CLI)."""

    max_bytes: int = DEFAULT_MAX_BYTES  # one file, or one row's text
    max_rows: int = DEFAULT_MAX_ROWS  # rows read from one table file


def store_files(db: Path) -> frozenset[Path]:
    """The store and SQLite's companions of it: never inputs, even in a folder being built."""
    base = db.resolve()
    return frozenset({base, *(base.with_name(base.name + s) for s in ("-wal", "-shm", "-journal"))})


def expand_inputs(inputs: Iterable[Path], exclude: frozenset[Path] = frozenset()) -> Iterator[Path | Skip]:
    """Files in the order given; folders recursively, sorted, hidden entries and `exclude` left out."""
    for p in inputs:
        if p.is_dir():
            yield from (f for f in _walk(p) if isinstance(f, Skip) or not exclude or f.resolve() not in exclude)
        elif p.is_file():
            yield p
        elif p.exists() or p.is_symlink():
            yield Skip(label(p), "not a regular file" if p.exists() else "a symbolic link to nothing")
        else:
            yield Skip(label(p), "no such file or folder")


def _walk(root: Path) -> Iterator[Path | Skip]:
    problems: list[Skip] = []

    def unreadable(e: OSError) -> None:
        problems.append(Skip(label(e.filename or root), f"cannot read folder: {e.strerror or e}"))

    files: list[Path] = []
    seen: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(root, onerror=unreadable, followlinks=True):
        try:
            st = os.stat(folder)
        except OSError as e:
            unreadable(e)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # a symlink back to a folder already walked
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            f = Path(folder, name)
            if name.startswith(".") or name in _IGNORED_NAMES:
                continue
            if f.is_file():
                files.append(f)
            elif not f.exists():
                problems.append(Skip(label(f), "a symbolic link to nothing"))
    yield from sorted(problems, key=lambda s: s.origin)
    yield from sorted(files)


def file_units(path: Path, limits: Limits | None = None) -> Iterator[SourceUnit | Skip]:
    """Source units of one file; problems come out as Skip items, never as exceptions."""
    limits = limits or Limits()
    origin = label(path)
    try:
        if is_table(path):
            yield from table_units(path, origin, limits.max_bytes, limits.max_rows)
            return
        suffix = path.suffix.lower()
        limit = limits.max_bytes * FEED_SIZE_FACTOR if suffix in FEED_SUFFIXES else limits.max_bytes
        size = path.stat().st_size
        if size > limit:
            yield Skip(origin, f"too large: {size:,} bytes, limit {limit:,} (raise it with --max-mb)")
            return
        with open(path, "rb") as fh:  # never more than the limit, even if the file grows meanwhile
            data = fh.read(limit + 1)
        if len(data) > limit:
            yield Skip(origin, f"too large: over {limit:,} bytes (raise it with --max-mb)")
            return
        if is_feed(data) and suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            yield from feed_units(data, origin, label(path.name))
            return
        if suffix in FEED_SUFFIXES:
            raise InputError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
        kind = "html" if suffix in HTML_SUFFIXES or _looks_html(data) else "text"
        yield SourceUnit(name=label(path.name), origin=origin, kind=kind, content_hash=content_hash(data), data=data)
    except InputError as e:
        yield Skip(origin, str(e))
    except OSError as e:
        yield Skip(origin, f"cannot read: {e.strerror or e}")


def _looks_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]
