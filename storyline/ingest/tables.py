"""JSONL (plain or gzipped) and CSV files with one article per row.

Rows are streamed as bytes, one physical line at a time and never more than a row's limit, so a
37k-article file never sits in memory whole and a compressed file holding one gigabyte-long line
is refused in constant memory. Each row is decoded and parsed on its own: a bad row (invalid JSON
or UTF-8, no text, too large) is skipped or repaired on its own, with its row number, and the rows
around it are kept; a stream cut off mid-file keeps the rows read before the cut. A file whose
rows are all the same kind of bad (300,000 empty objects) is reported in a few lines, not one per
row.
"""

from __future__ import annotations

import csv
import gzip
import json
import zlib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from storyline.ingest.untrusted import label, scrub_text
from storyline.model import GivenMeta, Skip, SourceUnit, content_hash

TEXT_FIELDS = ("text", "content", "content_original", "body")
TITLE_FIELDS = ("title", "headline")
OUTLET_FIELDS = ("outlet", "source", "publication", "site")
AUTHOR_FIELDS = ("authors", "author", "byline")
DATE_FIELDS = ("date", "published", "published_at", "pubdate")
URL_FIELDS = ("url", "link")

DEFAULT_MAX_ROWS = 1_000_000  # rows read from one file (--max-rows)
ROW_OVERHEAD = 4  # a row may be this many times its text limit: other fields, JSON escapes (\u0434 = 6 bytes)
LISTED_PER_REASON = 10  # skipped rows named one by one per kind of problem, per file; the rest are counted
MAX_BAD_SHARE = 0.01  # a row with more invalid UTF-8 bytes than this share is not text in UTF-8
MAX_INT_DIGITS = 100  # longer JSON integers are kept as their digits (Python refuses > 4,300)
_BOM = b"\xef\xbb\xbf"
_BLANK = b" \t\r\n\x00"  # a line of only these holds no row (NUL padding of a preallocated file)


def is_table(path: Path) -> bool:
    n = path.name.lower()
    return n.endswith((".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".csv", ".csv.gz"))


class _Report:
    """Skips of one file: the first few of each kind by row, the rest as one counted line."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.counts: Counter[str] = Counter()
        self.rows: dict[str, list[int]] = {}  # kind -> first and last unlisted row

    def skip(self, row_no: int, reason: str) -> Skip | None:
        kind = reason.split(" (", 1)[0]
        self.counts[kind] += 1
        if self.counts[kind] <= LISTED_PER_REASON:
            return Skip(f"{self.origin} row {row_no}", reason)
        span = self.rows.setdefault(kind, [row_no, row_no])
        span[1] = row_no
        return None

    def rest(self) -> Iterator[Skip]:
        for kind, (first, last) in self.rows.items():
            n = self.counts[kind] - LISTED_PER_REASON
            yield Skip(f"{self.origin} rows {first:,}-{last:,}", f"{n:,} more rows skipped: {kind}", count=n)


def table_units(
    path: Path, origin: str, max_bytes: int, max_rows: int = DEFAULT_MAX_ROWS
) -> Iterator[SourceUnit | Skip]:
    """One unit per usable row and one Skip per unusable row (counted beyond a few), or for the file."""
    is_csv = path.name.lower().endswith((".csv", ".csv.gz"))
    report = _Report(origin)
    state = _Progress()
    try:
        with _open(path) as fh:
            lines = _lines(fh, max_bytes * ROW_OVERHEAD, state)
            rows = _csv_rows(lines, state, max_bytes * ROW_OVERHEAD) if is_csv else _jsonl_rows(lines)
            for row_no, row, notes in rows:
                state.rows = row_no
                if row_no > max_rows:
                    yield Skip(origin, f"stopped after {max_rows:,} rows (the --max-rows limit); the rest not read")
                    break
                if isinstance(row, str):
                    skip = report.skip(row_no, row)
                    if skip:
                        yield skip
                    continue
                for item in _row_unit(row, label(path.name), origin, row_no, max_bytes, notes):
                    if isinstance(item, Skip):
                        if skip := report.skip(row_no, item.reason):
                            yield skip
                    else:
                        state.units += 1
                        yield item
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        yield Skip(origin, f"truncated or corrupt compressed stream after row {state.rows:,} ({e}); earlier rows kept")
    except OSError as e:
        yield Skip(origin, f"cannot read: {e.strerror or e}")
    yield from report.rest()
    if state.rows == 0:
        yield Skip(origin, state.why_empty(is_csv))


class _Progress:
    """What the reader has seen of a file: enough to say why a file gave no rows at all."""

    def __init__(self) -> None:
        self.bytes = 0
        self.non_blank = 0  # bytes other than whitespace and NUL
        self.rows = 0  # last row number read
        self.units = 0
        self.header = False

    def why_empty(self, is_csv: bool) -> str:
        if self.bytes == 0:
            return "empty file: no rows"
        if self.non_blank == 0:
            return "holds only whitespace or NUL bytes: no rows"
        if is_csv and self.header:
            return "only a header row: no articles"
        return "no rows"


def _open(path: Path) -> BinaryIO:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _lines(fh: BinaryIO, limit: int, state: _Progress) -> Iterator[bytes | None]:
    """Physical lines as bytes; None for a line over `limit`, which is read past in constant memory."""
    first = True
    while True:
        line = fh.readline(limit + 1)
        if not line:
            return
        if first:
            line = line.removeprefix(_BOM)
            first = False
        state.bytes += len(line)
        if state.non_blank == 0:
            state.non_blank = len(line.strip(_BLANK))
        if len(line) > limit and not line.endswith(b"\n"):
            while (chunk := fh.readline(1 << 20)) and not chunk.endswith(b"\n"):
                state.bytes += len(chunk)
            yield None
            continue
        yield line


def _decode(line: bytes) -> tuple[str | None, str | None]:
    """(text, note): UTF-8, with a few invalid bytes replaced and noted; None when not UTF-8 at all."""
    try:
        return line.decode("utf-8"), None
    except UnicodeDecodeError as e:
        text = line.decode("utf-8", "replace")
        bad = text.count("\ufffd") - line.decode("utf-8", "ignore").count("\ufffd")
        if bad > max(1, len(line) * MAX_BAD_SHARE):
            return None, f"not UTF-8 ({bad} invalid bytes, first at byte {e.start}): save the file as UTF-8"
        return text, f"{bad} invalid UTF-8 byte(s) replaced by U+FFFD (first at byte {e.start})"


def _int_or_digits(s: str) -> int | str:
    return int(s) if len(s) <= MAX_INT_DIGITS else s


Row = tuple[int, "dict | str", tuple[str, ...]]  # row number, the row or why it is unusable, notes


def _jsonl_rows(lines: Iterator[bytes | None]) -> Iterator[Row]:
    row_no = 0
    for line in lines:
        if line is not None and not line.strip(_BLANK):
            continue
        row_no += 1
        if line is None:
            yield row_no, "too large (row over the size limit; raise it with --max-mb)", ()
            continue
        text, note = _decode(line)
        if text is None:
            yield row_no, note or "not UTF-8", ()
            continue
        try:
            row = json.loads(text, parse_int=_int_or_digits)
        except json.JSONDecodeError as e:
            yield row_no, f"invalid JSON ({e.msg} at column {e.colno}; a truncated line?)", ()
            continue
        except RecursionError:
            yield row_no, "invalid JSON (nested deeper than the parser allows)", ()
            continue
        except ValueError as e:
            yield row_no, f"invalid JSON ({e})", ()
            continue
        if isinstance(row, dict):
            yield row_no, row, (note,) if note else ()
        else:
            yield row_no, "row is not a JSON object", ()


def _csv_rows(lines: Iterator[bytes | None], state: _Progress, limit: int) -> Iterator[Row]:
    notes: dict[int, str] = {}  # physical line number -> what was wrong with it
    too_long: set[int] = set()
    line_no = 0

    def text_lines() -> Iterator[str]:
        nonlocal line_no
        for line in lines:
            line_no += 1
            if line is None:
                too_long.add(line_no)
                yield "\n"
                continue
            text, note = _decode(line)
            if note:
                notes[line_no] = note
            yield text if text is not None else "\n"

    reader = csv.reader(text_lines())
    csv.field_size_limit(limit)  # a quoted field may run over many lines: bound it as a whole
    header: list[str] | None = None
    row_no = 0
    last_line = 0
    failures = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            row_no += 1
            failures += 1
            yield row_no, f"malformed CSV ({e})", ()
            if failures > 100:  # the reader is lost in the file: everything after is noise
                yield row_no, "malformed CSV (over 100 malformed rows: the rest of the file not read)", ()
                return
            continue
        lines_of_row = range(last_line + 1, reader.line_num + 1)
        last_line = reader.line_num
        if header is None:
            header = [c.strip().lower() for c in cells]
            state.header = True
            continue
        if not any(c.strip() for c in cells):
            continue
        row_no += 1
        failures = 0
        if any(n in too_long for n in lines_of_row):
            yield row_no, "too large (row over the size limit; raise it with --max-mb)", ()
            continue
        problems = [notes[n] for n in lines_of_row if n in notes]
        if any(p.startswith("not UTF-8") for p in problems):
            yield row_no, next(p for p in problems if p.startswith("not UTF-8")), ()
            continue
        yield row_no, {k: v for k, v in zip(header, cells, strict=False) if k}, tuple(problems)


def _first(row: dict, names: tuple[str, ...]) -> str | None:
    for n in names:
        v = row.get(n)
        if isinstance(v, list):
            v = ", ".join(str(x) for x in v if isinstance(x, str | int | float) and x)
        elif isinstance(v, dict):
            v = None
        if v is not None and str(v).strip():
            return str(v).strip()
    return None


def _row_unit(
    row: dict, file_name: str, origin: str, row_no: int, max_bytes: int, notes: tuple[str, ...]
) -> Iterator[SourceUnit | Skip]:
    where = f"{origin} row {row_no}"
    text = _first(row, TEXT_FIELDS)
    if text is None:
        yield Skip(where, f"no article text (expected one of the fields {', '.join(TEXT_FIELDS)})")
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        yield Skip(where, f"too large ({size:,} bytes of text, limit {max_bytes:,}; raise it with --max-mb)")
        return
    if (replaced := scrub_text(text)[1]) > 0:
        notes = (*notes, f"{replaced} lone UTF-16 surrogate(s) in the text (not characters) replaced by U+FFFD")
    raw_authors = row.get("authors", row.get("author"))
    if isinstance(raw_authors, list):
        authors = tuple(str(a).strip() for a in raw_authors if isinstance(a, str | int | float) and str(a).strip())
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
        name=label(url or f"{file_name}#{rid or row_no}"),
        origin=where,
        kind="record",
        content_hash=content_hash(key),
        text=text,
        given=given,
        notes=notes,
    )
