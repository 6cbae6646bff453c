"""The only orchestrator: inputs -> source units -> prepared articles -> store.

Per-unit preparation (`prepare.prepare`) is a pure map and may run in worker processes
(`jobs > 1`); everything that touches the store happens here, in the driver, one transaction per
unit, in input order, so the result does not depend on how many workers ran.
"""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline.ingest.files import DEFAULT_MAX_BYTES, expand_inputs, file_units
from storyline.model import InputError, Skip, SourceUnit
from storyline.prepare import Prepared, prepare
from storyline.store.db import Store


@dataclass
class BuildSummary:
    build_id: int = 0
    files: int = 0
    units: int = 0
    documents_added: int = 0
    unchanged: int = 0
    skipped: list[Skip] = field(default_factory=list)
    warnings: list[Skip] = field(default_factory=list)
    already: list[tuple[str, str]] = field(default_factory=list)  # (origin, first ingested as)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "units": self.units,
            "documents_added": self.documents_added,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
            "warnings": len(self.warnings),
        }


ProgressFn = Callable[[str, BuildSummary], None]


def _prepare_safely(unit: SourceUnit) -> Prepared | Skip:
    """Worker entry point: any failure becomes a one-line Skip instead of killing the build."""
    try:
        return prepare(unit)
    except InputError as e:
        return Skip(unit.origin, str(e))
    except RecursionError:
        return Skip(unit.origin, "document structure too deeply nested to parse")
    except Exception as e:  # a bug or a library failure on odd input must not lose the rest of the build
        return Skip(unit.origin, f"internal error while reading it ({type(e).__name__}: {e})")


def build(
    inputs: list[Path],
    db_path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    jobs: int = 1,
    on_file: ProgressFn | None = None,
    on_unit: ProgressFn | None = None,
) -> BuildSummary:
    store = Store(db_path)
    summary = BuildSummary()
    started = time.perf_counter()
    summary.build_id = store.start_build([str(p) for p in inputs])
    seen: dict[str, str] = {}

    def units() -> Iterator[SourceUnit]:
        for path in expand_inputs(inputs):
            if isinstance(path, Skip):
                _skip(store, summary, path)
                continue
            summary.files += 1
            if on_file:
                on_file(str(path), summary)
            for item in file_units(path, max_bytes):
                if isinstance(item, Skip):
                    _skip(store, summary, item)
                    continue
                summary.units += 1
                first = seen.get(item.content_hash) or store.source_name(item.content_hash)
                if first:
                    summary.unchanged += 1
                    summary.already.append((item.origin, first))
                    continue
                seen[item.content_hash] = item.origin
                yield item

    try:
        for unit, result in _map(units(), jobs):
            if isinstance(result, Skip):
                _skip(store, summary, result)
            else:
                try:
                    summary.documents_added += store.add_source(
                        unit, result.articles, summary.build_id, result.encoding, result.warnings
                    )
                except sqlite3.IntegrityError:
                    summary.unchanged += 1  # same content raced in from another input of this build
                    continue
                summary.warnings += [Skip(unit.origin, w) for w in result.warnings]
            if on_unit:
                on_unit(unit.origin, summary)
    finally:
        summary.seconds = time.perf_counter() - started
        store.finish_build(summary.build_id, summary.as_dict())
        store.close()
    return summary


def _skip(store: Store, summary: BuildSummary, skip: Skip) -> None:
    summary.skipped.append(skip)
    store.record_problem(summary.build_id, skip.origin, "skipped", skip.reason)


def _map(units: Iterable[SourceUnit], jobs: int) -> Iterator[tuple[SourceUnit, Prepared | Skip]]:
    """Prepare units in order, in this process or in a pool of `jobs` workers."""
    if jobs <= 1:
        for u in units:
            yield u, _prepare_safely(u)
        return
    ctx = mp.get_context("spawn")
    with ctx.Pool(jobs) as pool:
        pending: list[tuple[SourceUnit, mp.pool.AsyncResult]] = []  # type: ignore[name-defined]
        window = jobs * 8  # bounded look-ahead keeps memory flat on huge inputs
        for u in units:
            pending.append((u, pool.apply_async(_prepare_safely, (u,))))
            if len(pending) >= window:
                first, res = pending.pop(0)
                yield first, res.get()
        for u, res in pending:
            yield u, res.get()
