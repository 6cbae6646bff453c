"""The only orchestrator: inputs -> source units -> prepared articles -> store -> resolution.

Per-unit preparation and analysis (`process_batch`) is a pure map and may run in worker processes
(`jobs > 1`) or on a Dask cluster (`executor`); everything that touches the store happens in the
driver, one transaction per unit, in input order, so the result does not depend on where or in how
many processes the map ran. Then the corpus-level stages run in order (`CORPUS_STAGES`); each is a
resolve/ module's `update`, which re-resolves what the new documents touch.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from storyline import executors
from storyline.extract import ANALYSED_LANGUAGES, DEFAULT_DOC_SECONDS, analyse, unanalysed_note
from storyline.ingest.files import Limits, expand_inputs, file_units, store_files
from storyline.model import Article, InputError, Skip, SourceUnit
from storyline.nlp import warm_up
from storyline.prepare import Prepared, prepare
from storyline.resolve import conflicts, corrections, duplicates, entities, events, positions, speakers, stories
from storyline.resolve.stage import Changes
from storyline.store import judgements
from storyline.store.db import Store, StoreError
from storyline.timing import StageClock


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
    entities: int = 0  # entities (re)written by resolution in this build
    events: int = 0  # events after merging the reports of all sources
    duplicates: int = 0  # documents that are a copy, version or translation of an earlier one
    stories: int = 0
    corrections: int = 0  # analysts' judgements that hold in this build
    positions: int = 0  # stances parties take in the negotiation
    orphaned: list[tuple[int, str]] = field(default_factory=list)  # (judgement id, why it no longer applies)
    parsed: int = 0  # documents parsed and extracted in this build (new ones, and any left unanalysed)
    stages: dict[str, float] = field(default_factory=dict)  # seconds per stage, summed over processes
    stage_detail: dict[str, float] = field(default_factory=dict)
    failed: dict[str, str] | None = None  # {"stage", "error"} when the build stopped on an error

    @property
    def n_skipped(self) -> int:
        """Inputs skipped, counting the rows a grouped line stands for."""
        return sum(s.count for s in self.skipped)

    def as_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "units": self.units,
            "documents_added": self.documents_added,
            "unchanged": self.unchanged,
            "skipped": self.n_skipped,
            "warnings": len(self.warnings),
            "entities_resolved": self.entities,
            "events": self.events,
            "duplicates": self.duplicates,
            "stories": self.stories,
            "corrections": self.corrections,
            "positions": self.positions,
            "orphaned_corrections": [{"id": i, "problem": p} for i, p in self.orphaned],
            "parsed": self.parsed,
            "seconds": round(self.seconds, 3),
            "stages": self.stages,
            "stage_detail": self.stage_detail,
        } | ({"failed": self.failed} if self.failed else {})


ProgressFn = Callable[[str, BuildSummary], None]

# The corpus-level stages, in order: each reads what the ones before it wrote (resolve/stage.py).
CORPUS_STAGES: list[tuple[str, Callable[[Store, Changes], int], str | None]] = [
    ("resolve.entities", entities.update, "entities"),
    ("resolve.speakers", speakers.update, None),
    ("resolve.events", events.update, "events"),
    ("resolve.corrections", corrections.update, "corrections"),
    ("resolve.duplicates", duplicates.update, "duplicates"),
    ("resolve.stories", stories.update, "stories"),
    ("resolve.conflicts", conflicts.update, None),
    ("resolve.positions", positions.update, "positions"),
]  # (stage, its update, the summary field that counts what it wrote)


def _prepare_safely(unit: SourceUnit, clock: StageClock) -> Prepared | Skip:
    """Any failure becomes a one-line Skip instead of killing the build."""
    try:
        return prepare(unit, clock)
    except InputError as e:
        return Skip(unit.origin, str(e))
    except RecursionError:
        return Skip(unit.origin, "document structure too deeply nested to parse")
    except Exception as e:  # a bug or a library failure on odd input must not lose the rest of the build
        return Skip(unit.origin, f"internal error while reading it ({type(e).__name__}: {e})")


@dataclass
class BatchResult:
    results: list[Prepared | Skip]  # one per unit, in the batch's order
    seconds: dict[str, float]  # stage timings of this batch, for the build's breakdown


def process_batch(units: list[SourceUnit], doc_seconds: float = DEFAULT_DOC_SECONDS) -> BatchResult:
    """The per-document map: read each unit, then parse and extract all its articles in one batch.

    Runs in worker processes (or on a cluster) as well as in the driver; touches no store.
    `doc_seconds` is each article's extraction budget (see `extract.analyse`).
    """
    clock = StageClock()
    results = [_prepare_safely(u, clock) for u in units]
    articles = [a for r in results if isinstance(r, Prepared) for a in r.articles]
    try:
        analyse(articles, clock, doc_seconds)
    except Exception:  # isolate the article the parser or an extractor fails on
        for r in results:
            if isinstance(r, Prepared):
                for a in r.articles:
                    if a.extraction is not None:
                        continue
                    try:
                        analyse([a], clock, doc_seconds)
                    except Exception as e:
                        a.note = f"stored without extraction ({type(e).__name__}: {e})"
    for r in results:
        if isinstance(r, Prepared):
            r.warnings += [f"part {a.part}: {note}" for a in r.articles if (note := a.note or unanalysed_note(a))]
    return BatchResult(results, dict(clock.seconds))


def build(
    inputs: list[Path],
    db_path: Path,
    *,
    limits: Limits | None = None,
    jobs: int = 1,
    executor: str | None = None,
    doc_seconds: float = DEFAULT_DOC_SECONDS,
    on_file: ProgressFn | None = None,
    on_unit: ProgressFn | None = None,
    batch: int = 8,
    full: bool = False,
) -> BuildSummary:
    """`executor` is None (this machine, `jobs` processes) or "dask://HOST:PORT". With no inputs, a
    build finishes what the store has pending (documents to analyse, corrections to apply); `full`
    analyses every stored document again and redoes every corpus stage, as a new store would.

    Raises StoreError when the store cannot be written (disk full, read-only): the units stored
    before stay, and the build is recorded as not finished, so the next build redoes the
    corpus-level stages.
    """
    client = executors.connect(executor)
    try:
        return _build(inputs, db_path, limits or Limits(), jobs, client, doc_seconds, on_file, on_unit, batch, full)
    finally:
        if client is not None:
            client.close()


@dataclass
class _Copies:
    """Inputs of this build with the same content as an earlier input of this build, whose outcome
    (stored or skipped) decides what is said about them."""

    first: dict[str, str] = field(default_factory=dict)  # content hash -> origin of its first input
    outcome: dict[str, Skip | None] = field(default_factory=dict)  # hash -> its skip, or None: stored
    waiting: dict[str, list[str]] = field(default_factory=dict)  # hash -> copies seen before the outcome


def _build(
    inputs: list[Path],
    db_path: Path,
    limits: Limits,
    jobs: int,
    client: object,
    doc_seconds: float,
    on_file: ProgressFn | None,
    on_unit: ProgressFn | None,
    batch: int,
    full: bool = False,
) -> BuildSummary:
    store = Store(db_path)
    summary = BuildSummary()
    clock = StageClock()
    started = time.perf_counter()
    redo = full or store.last_build_unfinished()  # a killed or failed build may have left a stage half-done
    summary.build_id = store.start_build([str(p) for p in inputs])
    copies = _Copies()
    stage = "read"

    def units() -> Iterator[SourceUnit]:
        for path in expand_inputs(inputs, exclude=store_files(db_path)):
            if isinstance(path, Skip):
                _skip(store, summary, path)
                continue
            summary.files += 1
            if on_file:
                on_file(str(path), summary)
            for item in file_units(path, limits):
                if isinstance(item, Skip):
                    _skip(store, summary, item)
                    continue
                summary.units += 1
                if item.content_hash in copies.first:
                    _copy_seen(store, summary, copies, item)
                    continue
                if first := store.source_name(item.content_hash):
                    summary.unchanged += 1
                    summary.already.append((item.origin, first))
                    continue
                copies.first[item.content_hash] = item.origin
                yield item

    work = functools.partial(process_batch, doc_seconds=doc_seconds)
    try:
        stage = "read, parse and store"
        batches = _batches(_timed(units(), clock, "read"), batch)
        large = _input_bytes(inputs) > EAGER_POOL_BYTES
        run_batches = executors.run(work, batches, jobs=jobs, client=client, eager=large, warm=warm_up)
        for units_done, done in run_batches:
            clock.add(done.seconds)
            for unit, result in zip(units_done, done.results, strict=True):
                with clock.stage("store"):
                    _store_unit(store, summary, unit, result)
                _outcome(store, summary, copies, unit, result)
                if on_unit:
                    on_unit(unit.origin, summary)
        stage = "extract.backfill"
        if full:
            store.mark_unanalysed()
        with clock.stage(stage):
            _backfill_analysis(store, summary, doc_seconds)
        changes = Changes(redo=redo)
        for stage, update, counts in CORPUS_STAGES:
            with clock.stage(stage):
                n = update(store, changes)
            if counts:
                setattr(summary, counts, n)
        summary.orphaned = [(j.id, j.problem or "") for j in judgements.active(store.conn) if j.status == "orphaned"]
    except sqlite3.Error as e:
        summary.failed = {"stage": stage, "error": f"{type(e).__name__}: {e}"}
        raise StoreError(f"{db_path}: cannot write the store during {stage} ({e})") from e
    except BaseException as e:
        summary.failed = {"stage": stage, "error": f"{type(e).__name__}: {e}"}
        raise
    finally:
        summary.seconds = time.perf_counter() - started
        summary.stages, summary.stage_detail = clock.rolled_up(), clock.detailed()
        with contextlib.suppress(sqlite3.Error):  # the store cannot be written: the error raised says why
            store.finish_build(summary.build_id, summary.as_dict(), finished=summary.failed is None)
        store.close()
    return summary


EAGER_POOL_BYTES = 1 << 20  # inputs larger than this start the workers before the first batch is read


def _input_bytes(inputs: list[Path]) -> int:
    """Size of the inputs named on the command line, folders counted by their files (stops early)."""
    total = 0
    for p in inputs:
        paths = (f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
        for f in paths:
            with contextlib.suppress(OSError):
                total += f.stat().st_size
            if total > EAGER_POOL_BYTES:
                return total
    return total


def _copy_seen(store: Store, summary: BuildSummary, copies: _Copies, unit: SourceUnit) -> None:
    """A unit with the content of an earlier one of this build: it shares that one's fate."""
    h = unit.content_hash
    if h not in copies.outcome:
        copies.waiting.setdefault(h, []).append(unit.origin)
    else:
        _report_copy(store, summary, copies.first[h], copies.outcome[h], unit.origin)


def _outcome(store: Store, summary: BuildSummary, copies: _Copies, unit: SourceUnit, result: Prepared | Skip) -> None:
    h = unit.content_hash
    copies.outcome[h] = result if isinstance(result, Skip) else None
    for origin in copies.waiting.pop(h, []):
        _report_copy(store, summary, unit.origin, copies.outcome[h], origin)


def _report_copy(store: Store, summary: BuildSummary, first: str, skipped: Skip | None, origin: str) -> None:
    if skipped is None:
        summary.unchanged += 1
        summary.already.append((origin, first))
    else:
        _skip(store, summary, Skip(origin, f"same content as {first}, which was skipped: {skipped.reason}"))


def _store_unit(store: Store, summary: BuildSummary, unit: SourceUnit, result: Prepared | Skip) -> None:
    if isinstance(result, Skip):
        _skip(store, summary, result)
        return
    try:
        summary.documents_added += store.add_source(
            unit, result.articles, summary.build_id, result.encoding, result.warnings
        )
    except sqlite3.IntegrityError:
        summary.unchanged += 1  # same content raced in from another input of this build
        return
    except (sqlite3.OperationalError, sqlite3.InternalError):
        raise  # the store itself failed (disk full, locked): nothing later could be written either
    except Exception as e:  # this unit's data could not be written; its transaction was rolled back
        _skip(store, summary, Skip(unit.origin, f"could not be stored ({type(e).__name__}: {e})"))
        return
    summary.warnings += [Skip(unit.origin, w) for w in result.warnings]
    summary.parsed += sum(1 for a in result.articles if a.extraction is not None)


def _timed(items: Iterable[SourceUnit], clock: StageClock, stage: str) -> Iterator[SourceUnit]:
    """Charges the time spent producing each item (reading files, hashing) to `stage`."""
    it = iter(items)
    while True:
        with clock.stage(stage):
            item = next(it, None)
        if item is None:
            return
        yield item


def _skip(store: Store, summary: BuildSummary, skip: Skip) -> None:
    summary.skipped.append(skip)
    store.record_problem(summary.build_id, skip.origin, "skipped", skip.reason)


def _batches(units: Iterable[SourceUnit], size: int) -> Iterator[list[SourceUnit]]:
    batch: list[SourceUnit] = []
    for u in units:
        batch.append(u)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _backfill_analysis(store: Store, summary: BuildSummary, doc_seconds: float = DEFAULT_DOC_SECONDS) -> None:
    """Documents stored without analysis (an older store, or a failure last time) are analysed now;
    a document that still fails is reported and left as it is."""
    for doc_id, text, published, language in store.unanalysed_documents(ANALYSED_LANGUAGES):
        article = Article(source="", part=0, text=text, language=language, published=published)
        try:
            analyse([article], doc_seconds=doc_seconds)
        except Exception as e:  # keep the build going; the reason is recorded with the document id
            warning = Skip(f"document {doc_id}", f"not analysed ({type(e).__name__}: {e})")
            summary.warnings.append(warning)
            store.record_problem(summary.build_id, warning.origin, "warning", warning.reason)
            continue
        if article.note:
            warning = Skip(f"document {doc_id}", article.note)
            summary.warnings.append(warning)
            store.record_problem(summary.build_id, warning.origin, "warning", warning.reason)
        if article.extraction is not None:
            store.save_extraction(doc_id, article.extraction, article.note)
            summary.parsed += 1
