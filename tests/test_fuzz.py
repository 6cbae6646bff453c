"""The build's promise under hostile input, as a property over generated inputs.

For any set of inputs, `storyline build` exits 0 or 3, never prints a traceback or a raw control
character, keeps every valid article, and names every input it did not store — with the right
reason where the reason is predictable. The inputs (tests/hostile.py) cover every class the
hardening review found and more: encodings, empty and NUL-only files, binaries, random and
damaged bytes, entity bombs, tables with every kind of bad row, compressed floods, names with
undecodable bytes, newlines, escape sequences and Rich markup, links to nowhere and link loops.

`STORYLINE_FUZZ_INPUTS` sets how many inputs (250 in the suite; the issue note's run used more),
`STORYLINE_FUZZ_SEED` the seed.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from hostile import NAMED, ROW_LIMIT_MB, SKIPPED, STORED, WARNED, Case, generate

N_INPUTS = int(os.environ.get("STORYLINE_FUZZ_INPUTS", "250"))
SEED = int(os.environ.get("STORYLINE_FUZZ_SEED", "20261206"))
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def expected_label(path: Path) -> str:
    """How the build must name a path: undecodable bytes as \\xNN, control characters escaped."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    names = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    return _CONTROL.sub(lambda m: names.get(m.group(0), f"\\x{ord(m.group(0)):02x}"), text)


def run_build(inputs: list[Path], db: Path) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "storyline", "build", *map(str, inputs), "--db", str(db), "--quiet"]
    cmd += ["--max-mb", str(ROW_LIMIT_MB), "--jobs", "2"]
    return subprocess.run(cmd, capture_output=True, text=True, errors="replace", timeout=1200)


class Store:
    """What a finished build says about each input: stored units, problems, document texts."""

    def __init__(self, db: Path, output: str) -> None:
        with sqlite3.connect(db) as c:
            self.stored = {r[0] for r in c.execute("SELECT origin FROM sources")}
            self.problems = c.execute("SELECT origin, severity, reason FROM problems").fetchall()
            self.text = "\n".join(r[0] for r in c.execute("SELECT text FROM documents"))
            self.n_documents = c.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        self.unchanged = set(re.findall(r"^unchanged (.*?): same content as", output, re.MULTILINE))

    def said(self, origin: str, severity: str | None = None) -> list[str]:
        """Reasons given for this input (or for a group of rows it belongs to)."""
        return [
            reason
            for o, sev, reason in self.problems
            if (o == origin or o.startswith(f"{origin} rows ")) and severity in (None, sev)
        ]

    def named(self, origin: str, file_origin: str) -> bool:
        """Stored, or named in a message: itself, its rows or items, or its file as a whole (a cut stream)."""
        inside = f"{file_origin} "
        return (
            origin in self.stored
            or origin in self.unchanged
            or bool(self.said(origin))
            or any(o == file_origin or o.startswith(inside) for o, _s, _r in self.problems)
            or any(o.startswith(inside) for o in self.stored)
        )


def check(case: Case, origin: str, file_origin: str, store: Store) -> list[str]:
    """What is wrong with the build's account of one input (empty: nothing)."""
    wrong = []
    if case.expect in (STORED, WARNED) and not case.rows:
        if origin not in store.stored:
            wrong.append(f"{origin}: not stored ({store.said(origin)})")
        if case.marker and case.marker not in store.text:
            wrong.append(f"{origin}: its text ({case.marker}) is not in the store")
    if case.expect == WARNED and not any(case.reason in r for r in store.said(origin, "warning")):
        wrong.append(f"{origin}: no warning about {case.reason!r} ({store.said(origin)})")
    if case.expect == SKIPPED and not any(case.reason in r for r in store.said(origin, "skipped")):
        wrong.append(f"{origin}: not skipped for {case.reason!r} ({store.said(origin)})")
    if case.expect == NAMED and not case.rows and not store.named(origin, file_origin):
        wrong.append(f"{origin}: neither stored nor named in a message")
    return wrong


def test_any_input_set_builds_without_a_traceback_and_loses_nothing_unnamed(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    cases = generate(root, N_INPUTS, SEED)
    db = tmp_path / "fuzz.db"
    result = run_build([root], db)
    output = result.stdout + result.stderr
    assert result.returncode in (0, 3), output[-3000:]
    assert "Traceback" not in output and "╭─" not in output, output[-3000:]
    assert "\x1b" not in output, "a raw escape sequence reached the terminal"
    store = Store(db, output)
    wrong: list[str] = []
    for case in cases:
        origin = expected_label(root / case.path)
        wrong += check(case, origin, origin, store)
        for row in case.rows:
            wrong += check(row, f"{origin} {row.path}", origin, store)
    n_inputs = sum(max(1, len(c.rows)) for c in cases)
    assert not wrong, f"{len(wrong)} of {n_inputs} inputs misreported:\n" + "\n".join(wrong[:40])
    # every message is one line: no name or reason can forge or hide a line of the report
    for line in output.splitlines():
        assert re.match(r"^(skipped|warning|unchanged|Built|… and) ", line), repr(line)

    again = run_build([root], db)
    assert again.returncode == result.returncode, again.stdout + again.stderr
    assert Store(db, "").n_documents == store.n_documents  # the same inputs again add nothing
