"""Walk the build's inputs and turn each file into source units (or skips).

Decides what a file is from its name and, when the name says nothing useful, from its first
bytes; reading stops at the size limit so a huge file is refused without being loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from storyline.ingest.feeds import feed_units, is_feed
from storyline.ingest.tables import is_table, table_units
from storyline.model import InputError, Skip, SourceUnit, content_hash

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
FEED_SIZE_FACTOR = 10  # a feed bundles many articles, so it may be this many times larger
TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
_IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def expand_inputs(inputs: Iterable[Path]) -> Iterator[Path | Skip]:
    """Files in the order given; folders recursively, sorted, hidden entries left out."""
    for p in inputs:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if f.is_file() and not any(part.startswith(".") for part in rel.parts) and f.name not in _IGNORED_NAMES:
                    yield f
        elif p.is_file():
            yield p
        elif p.exists():
            yield Skip(str(p), "not a regular file")
        else:
            yield Skip(str(p), "no such file or folder")


def file_units(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceUnit | Skip]:
    """Source units of one file; problems come out as Skip items, never as exceptions."""
    origin = str(path)
    try:
        if is_table(path):
            yield from table_units(path, max_bytes)
            return
        suffix = path.suffix.lower()
        limit = max_bytes * FEED_SIZE_FACTOR if suffix in FEED_SUFFIXES else max_bytes
        size = path.stat().st_size
        if size > limit:
            yield Skip(origin, f"too large: {size:,} bytes, limit {limit:,} (raise it with --max-mb)")
            return
        data = path.read_bytes()
        if is_feed(data) and suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            yield from feed_units(data, origin, path.name)
            return
        if suffix in FEED_SUFFIXES:
            raise InputError("not an RSS or Atom feed (no <rss>, <feed> or <rdf:RDF> root)")
        kind = "html" if suffix in HTML_SUFFIXES or _looks_html(data) else "text"
        yield SourceUnit(name=path.name, origin=origin, kind=kind, content_hash=content_hash(data), data=data)
    except InputError as e:
        yield Skip(origin, str(e))
    except OSError as e:
        yield Skip(origin, f"cannot read: {e.strerror or e}")


def _looks_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head[:200]
