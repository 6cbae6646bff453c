"""JSONL (plain or gzipped) and CSV files with one article per row.

Rows are streamed, so a 37k-article file never sits in memory whole. A bad row (invalid JSON, no
text) is skipped on its own; a file cut off mid-stream keeps the rows read before the cut.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from storyline.model import GivenMeta, Skip, SourceUnit, content_hash

TEXT_FIELDS = ("text", "content", "content_original", "body")
TITLE_FIELDS = ("title", "headline")
OUTLET_FIELDS = ("outlet", "source", "publication", "site")
AUTHOR_FIELDS = ("authors", "author", "byline")
DATE_FIELDS = ("date", "published", "published_at", "pubdate")
URL_FIELDS = ("url", "link")


def is_table(path: Path) -> bool:
    n = path.name.lower()
    return n.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".csv", ".csv.gz"))


def table_units(path: Path, max_bytes: int) -> Iterator[SourceUnit | Skip]:
    """Yield one unit per usable row and one Skip per unusable row or for a broken stream."""
    lower = path.name.lower()
    is_csv = lower.endswith((".csv", ".csv.gz"))
    row_no = 0
    try:
        with _open(path) as fh:
            rows = _csv_rows(fh) if is_csv else _jsonl_rows(fh)
            for row_no, row in rows:
                where = f"{path} row {row_no}"
                if isinstance(row, str):
                    yield Skip(where, row)
                    continue
                yield from _row_unit(row, path.name, where, max_bytes)
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        yield Skip(str(path), f"truncated or corrupt compressed stream after row {row_no} ({e}); rows before it kept")
    except UnicodeDecodeError as e:
        yield Skip(str(path), f"undecodable: row {row_no + 1} is not UTF-8 ({e.reason}); rows before it kept")
    except csv.Error as e:
        yield Skip(str(path), f"malformed CSV at row {row_no + 1} ({e}); rows before it kept")


def _open(path: Path) -> IO[str]:
    if path.name.lower().endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _jsonl_rows(fh: IO[str]) -> Iterator[tuple[int, dict | str]]:
    for i, line in enumerate(fh, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            yield i, f"invalid JSON ({e.msg} at column {e.colno}); a truncated line?"
            continue
        yield i, row if isinstance(row, dict) else "row is not a JSON object"


def _csv_rows(fh: IO[str]) -> Iterator[tuple[int, dict | str]]:
    csv.field_size_limit(1 << 30)
    for i, row in enumerate(csv.DictReader(fh), start=1):
        yield i, {k.strip().lower(): v for k, v in row.items() if k}


def _first(row: dict, names: tuple[str, ...]) -> str | None:
    for n in names:
        v = row.get(n)
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v if x)
        if v is not None and str(v).strip():
            return str(v).strip()
    return None


def _row_unit(row: dict, file_name: str, where: str, max_bytes: int) -> Iterator[SourceUnit | Skip]:
    text = _first(row, TEXT_FIELDS)
    if text is None:
        yield Skip(where, f"no article text (expected one of the fields {', '.join(TEXT_FIELDS)})")
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        yield Skip(where, f"too large: {size:,} bytes of text, limit {max_bytes:,}")
        return
    raw_authors = row.get("authors", row.get("author"))
    if isinstance(raw_authors, list):
        authors = tuple(str(a).strip() for a in raw_authors if str(a).strip())
    else:
        authors = tuple(a.strip() for a in (_first(row, AUTHOR_FIELDS) or "").split(",") if a.strip())
    url = _first(row, URL_FIELDS)
    rid = _first(row, ("id", "ID"))
    given = GivenMeta(
        title=_first(row, TITLE_FIELDS),
        outlet=_first(row, OUTLET_FIELDS),
        authors=authors,
        published=_first(row, DATE_FIELDS),
        url=url,
    )
    key = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
    yield SourceUnit(
        name=url or f"{file_name}#{rid or where.rsplit(' ', 1)[-1]}",
        origin=where,
        kind="record",
        content_hash=content_hash(key),
        text=text,
        given=given,
    )
