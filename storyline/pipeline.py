"""The only orchestrator: inputs -> source units -> prepared articles -> store.

Per-unit preparation and analysis (`process_batch`) is a pure map and may run in worker processes
(`jobs > 1`) or on a Dask cluster (`executor`); everything that touches the store happens here, in
the driver, one transaction per unit, in input order, so the result does not depend on where or
in how many processes the map ran.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from storyline import executors
from storyline.extract import ANALYSED_LANGUAGES, DEFAULT_DOC_SECONDS, analyse, unanalysed_note
from storyline.ingest.files import Limits, expand_inputs, file_units, store_files
from storyline.lexicon.names import is_acronym
from storyline.lexicon.places import canonical_place
from storyline.model import Article, InputError, Skip, SourceUnit
from storyline.nlp import warm_up
from storyline.prepare import Prepared, prepare
from storyline.resolve import duplicates as dup
from storyline.resolve.conflicts import Figure, NameSlot, name_conflicts, value_conflicts
from storyline.resolve.entities import LocalRecord, blocking_keys, resolve
from storyline.resolve.events import MergedEvent, Report, date_conflict_groups, event_summary, merge_reports
from storyline.resolve.stories import DocFeatures, cluster, content_terms, weigh
from storyline.resolve.unionfind import UnionFind
from storyline.store import queries
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
            "parsed": self.parsed,
            "seconds": round(self.seconds, 3),
            "stages": self.stages,
            "stage_detail": self.stage_detail,
        } | ({"failed": self.failed} if self.failed else {})


ProgressFn = Callable[[str, BuildSummary], None]


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
) -> BuildSummary:
    """`executor` is None (this machine, `jobs` processes) or "dask://HOST:PORT".

    Raises StoreError when the store cannot be written (disk full, read-only): the units stored
    before stay, and the build is recorded as not finished, so the next build redoes the
    corpus-level stages.
    """
    client = executors.connect(executor)
    try:
        return _build(inputs, db_path, limits or Limits(), jobs, client, doc_seconds, on_file, on_unit, batch)
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
) -> BuildSummary:
    store = Store(db_path)
    summary = BuildSummary()
    clock = StageClock()
    started = time.perf_counter()
    redo = store.last_build_unfinished()  # a killed or failed build may have left a stage half-done
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
        run = _Run(store, summary, redo, doc_seconds)
        for stage, step in CORPUS_STAGES:
            with clock.stage(stage):
                step(run)
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


@dataclass
class _Run:
    """What the corpus-level stages share within one build."""

    store: Store
    summary: BuildSummary
    redo: bool  # the previous build did not finish: re-merge every month's events
    doc_seconds: float = DEFAULT_DOC_SECONDS
    touched: set[str] = field(default_factory=set)  # documents whose local entities changed entity


def _stage_backfill(run: _Run) -> None:
    _backfill_analysis(run.store, run.summary, run.doc_seconds)


def _stage_entities(run: _Run) -> None:
    run.summary.entities, run.touched = _resolve_entities(run.store)


def _stage_events(run: _Run) -> None:
    """After an unfinished build every month is re-merged: the documents whose entities changed
    then were not recorded anywhere."""
    touched = set(queries.publication_dates(run.store.conn)) if run.redo else run.touched
    run.summary.events = _resolve_events(run.store, touched)


def _stage_duplicates(run: _Run) -> None:
    run.summary.duplicates = _resolve_duplicates(run.store)


def _stage_stories(run: _Run) -> None:
    run.summary.stories = _resolve_stories(run.store)


def _stage_conflicts(run: _Run) -> None:
    _resolve_conflicts(run.store)


# The corpus-level stages, in order (each reads what the ones before it wrote).
CORPUS_STAGES: list[tuple[str, Callable[[_Run], None]]] = [
    ("extract.backfill", _stage_backfill),
    ("resolve.entities", _stage_entities),
    ("resolve.events", _stage_events),
    ("resolve.duplicates", _stage_duplicates),
    ("resolve.stories", _stage_stories),
    ("resolve.conflicts", _stage_conflicts),
]


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


def _resolve_entities(store: Store) -> tuple[int, set[str]]:
    """Cluster new local entities (and every cluster they touch); returns the number of entities
    written and the documents where a local entity now belongs to another entity (or to one at all)."""
    _refresh_stale_keys(store)
    pending = set(store.pending_locals())
    if not pending:
        return 0, set()
    records = _records(store, pending)
    keys = [(k, r.doc_id, r.local) for r in records for k in sorted(blocking_keys(r))]
    store.save_keys(keys)
    members = set(pending)
    frontier = {k for k, _d, _l in keys}
    seen: set[str] = set()
    while frontier:
        seen |= frontier
        found = queries.locals_with_keys(store.conn, frontier) - members
        members |= found
        frontier = queries.keys_of(store.conn, found) - seen if found else set()
    before = queries.entity_of_locals(store.conn, members)
    taken = frozenset(queries.entity_names(store.conn).keys() - set(before.values()))
    forms = queries.mention_forms(store.conn, members)
    resolved = resolve(_records(store, members, forms), forms, taken)
    after = {m: e.id for e in resolved for m in e.members}
    store.apply_entities(members, [(e.id, e.name, e.type, list(e.members)) for e in resolved])
    return len(resolved), {d for d, loc in members if before.get((d, loc)) != after.get((d, loc))}


def _refresh_stale_keys(store: Store, chunk: int = 5000) -> None:
    """Blocking keys of entities resolved under older key rules, recomputed once (after an upgrade)
    so that new documents can reach them; their entities do not change."""
    while stale := store.stale_key_locals(chunk):
        keys = [(k, r.doc_id, r.local) for r in _records(store, set(stale)) for k in sorted(blocking_keys(r))]
        store.save_keys(keys)
        store.clear_stale_keys(stale)  # also those that no longer exist or have no key


def _resolve_events(store: Store, touched: set[str]) -> int:
    """Re-merge the event reports of every month that new reports, or reports whose participants
    changed entity, fall in; name the events; list date conflicts. Returns the number of events.

    Reports only ever merge within their month (see resolve.events), so re-merging whole months
    gives exactly the events a full pass would, at the cost of the months touched."""
    months = queries.event_report_months(store.conn, touched)
    names = queries.entity_names(store.conn)
    if months:
        reports = []
        rows = queries.event_reports(store.conn, months)
        entity_of = queries.entity_of_locals(
            store.conn, {(r["doc_id"], x) for r in rows for x in [*r["participants"], r["place"]] if x is not None}
        )
        for r in rows:
            doc = r["doc_id"]
            place = entity_of.get((doc, r["place"])) if r["place"] is not None else None
            people = tuple(dict.fromkeys(e for p in r["participants"] if (e := entity_of.get((doc, p)))))
            reports.append(Report(doc, r["idx"], r["type"], r["date"], r["date_end"], place, people))
        merged = merge_reports(reports)
        old = queries.events_in_months(store.conn, months)
        rows_out = [
            {"id": e.id, "type": e.type, "date": e.date, "date_end": e.date_end, "place": e.place,
             "participants": e.participants, "summary": event_summary(e, names)}
            for e in merged
        ]  # fmt: skip
        store.replace_events(old, rows_out, [(e.id, r.doc_id, r.idx) for e in merged for r in e.reports])
    rows = queries.merged_events(store.conn)
    events = [
        MergedEvent(e["id"], e["type"], e["date"], e["date_end"], e["place"], e["participants"], []) for e in rows
    ]
    # an entity's name can change with new documents: keep the summaries of untouched months current
    summaries = [(event_summary(e, names), e.id) for e in events]
    store.set_event_summaries([s for s, row in zip(summaries, rows, strict=True) if s[0] != row["summary"]])
    n_reports = {e["id"]: e["n_reports"] for e in rows}
    conflicts = [
        {"kind": "date", "items": [e.id for e in group],
         "note": f"{group[0].type} in {names.get(group[0].place or '', '?')}: "
                 + "; ".join(f"{n_reports[e.id]} source(s) say {e.date}" for e in group)}
        for group in date_conflict_groups(events)
    ]  # fmt: skip
    store.replace_conflicts("events", conflicts)
    return len(events)


def _records(
    store: Store, locals_: set[tuple[str, int]], forms: dict[tuple[str, int], dict[str, int]] | None = None
) -> list[LocalRecord]:
    out = []
    forms = queries.mention_forms(store.conn, locals_) if forms is None else forms
    for r in queries.local_rows(store.conn, locals_):
        era = (r["era_lo"], r["era_hi"]) if r["era_lo"] is not None else None
        year = int(r["published"][:4]) if r["published"] else None
        acronyms = tuple(sorted(f for f in forms.get((r["doc_id"], r["local"]), {}) if is_acronym(f)))
        out.append(LocalRecord(r["doc_id"], r["local"], r["type"], r["name"], era, r["n_mentions"], year, acronyms))
    return out


def _resolve_duplicates(store: Store) -> int:
    """Sketch new documents, compare each with the duplicate groups LSH proposes for it (capped, so a
    flood of copies stays linear: see `duplicates.link_new`), and point every copy at the earliest
    of its group. Returns the number of duplicates."""
    new = queries.unsketched_documents(store.conn)
    shingles = {d: dup.shingles(t) for d, t in new}
    fresh = {d: dup.sketch(shingles[d]) for d, _t in new}
    if new:
        sketches = {d: dup.from_bytes(b) for d, b in queries.sketches(store.conn)} | fresh
        known = queries.duplicate_pairs(store.conn, only_duplicates=False)
        dates = queries.publication_dates(store.conn)
        groups = UnionFind(links=((p["doc_a"], p["doc_b"]) for p in known if p["duplicate"]))
        decided = {(p["doc_a"], p["doc_b"]) for p in known}
        texts = dict(new)  # the texts of older documents are fetched when a pair needs them
        fetch = functools.partial(queries.texts, store.conn)
        judge = dup.PairJudge(texts, shingles, fetch, functools.partial(_pair_vectors, store, texts))
        found = dup.link_new(sketches, [d for d, _t in new], dates, groups, judge, decided)
        verdicts = [dataclasses.astuple(v) for v in found]
        decided |= {(v.doc_a, v.doc_b) for v in found}
        for verdict in _cross_language(store, [d for d, _t in new], dates, decided, groups):
            if verdict.duplicate:
                groups.union(verdict.doc_a, verdict.doc_b)
            verdicts.append(dataclasses.astuple(verdict))
        # sketches and verdicts land together: a build killed before this point redoes the pairs
        sketch_rows = [(d, dup.to_bytes(m)) for d, m in fresh.items()]
        store.save_duplicate_work(sketch_rows, verdicts)
    pairs_found = [(p["doc_a"], p["doc_b"]) for p in queries.duplicate_pairs(store.conn)]
    originals = dup.originals(pairs_found, queries.document_order(store.conn))
    store.set_duplicates(originals)
    return len(originals)


def _cross_language(
    store: Store, new: list[str], dates: dict[str, str | None], decided: set[tuple[str, str]], groups: UnionFind
) -> Iterator[dup.Verdict]:
    """Translations: new documents against documents in another language of the same weeks."""
    languages = queries.analysed_languages(store.conn)
    if len(set(languages.values())) < 2 or not (fresh := [d for d in new if d in languages]):
        return
    nearby = dup.near({d: dates.get(d) for d in languages}, fresh)
    texts = queries.texts(store.conn, nearby)
    parts = queries.anchor_parts(store.conn, nearby)
    doc_anchors = {d: dup.anchors(*parts[d], texts[d]) for d in nearby}
    proposed = dup.cross_language_pairs(doc_anchors, {d: languages[d] for d in nearby}, dates, fresh)
    for (a, b), (jaccard, contained) in sorted(proposed.items()):
        if (a, b) not in decided and not groups.together(a, b):
            yield dup.decide_across(a, b, jaccard, contained, texts[a], texts[b])


def _paragraph_vectors(store: Store, ids: set[str], texts: dict[str, str]) -> dict[str, np.ndarray]:
    """Vectors of these documents' paragraphs (`texts` holds them all), embedded once and kept in the store."""
    stored = queries.paragraph_vectors(store.conn, ids, dup.EMBEDDING_MODEL)
    out = {d: np.frombuffer(b, dtype=np.float16).reshape(-1, dup.DIMENSIONS) for d, b in stored.items()}
    missing = sorted(ids - out.keys())
    if missing:
        for d in missing:
            out[d] = dup.embed_paragraphs(texts[d])
        store.save_paragraph_vectors([(d, dup.EMBEDDING_MODEL, out[d].tobytes()) for d in missing])
    return out


def _pair_vectors(store: Store, texts: dict[str, str], a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
    vectors = _paragraph_vectors(store, {a, b}, texts)
    return vectors[a], vectors[b]


def _resolve_stories(store: Store) -> int:
    """Re-cluster all documents into stories: a single pass in date order, so an article that
    arrives late can change what follows it (stories stay independent of ingestion order). Each
    document's content terms are counted once and kept in the store; the pass holds only each
    document's top features, not its counts."""
    uncounted = queries.documents_without_story_terms(store.conn)
    for part in queries.chunks(uncounted, 200):
        texts = queries.texts(store.conn, set(part))
        store.save_story_terms([(d, json.dumps(content_terms(texts[d]))) for d in part])

    def documents() -> Iterator[tuple[str, Counter, Counter]]:
        for r in queries.story_inputs(store.conn):
            yield r["id"], Counter(json.loads(r["terms"])), Counter(r["entities"])

    docs = [
        DocFeatures(id=r["id"], order=((r["published"] or "9999"), r["seq"]), duplicate_of=r["duplicate_of"],
                    date=r["published"])
        for r in queries.story_inputs(store.conn, with_features=False)
    ]  # fmt: skip
    stories = cluster(docs, queries.entity_names(store.conn), weigh(documents))
    rows = [
        {"id": s.id, "label": s.label, "n_documents": len(s.documents), "first_date": s.first_date,
         "last_date": s.last_date}
        for s in stories
    ]  # fmt: skip
    store.replace_stories(rows, {d: s.id for s in stories for d in s.documents})
    return len(stories)


def _resolve_conflicts(store: Store) -> None:
    """Figures that disagree across sources, and names that differ between versions of one article."""
    names = queries.entity_names(store.conn)
    figures = [
        Figure(
            id=c["id"], doc=c["doc_id"], measure=c["measure"], unit=c["unit"], value=c["value"],
            value_max=c["value_max"], as_of=c["as_of"], bound=c["bound"], status=c["status"],
            speaker=c["speaker_id"], speaker_name=c["speaker_name"],
            holders=frozenset(canonical_place(h) or h for h in c["holders"]),
            story=c["story"], outlet=c["outlet"],
        )
        for c in queries.claim_rows(store.conn)
    ]  # fmt: skip
    conflicts = value_conflicts(figures)
    # versions that were told apart by their wording (translations, condensations); exact copies
    # share their sentences, names included, and are not worth embedding for this
    pairs = [p for p in queries.duplicate_pairs(store.conn) if p["matched"] is not None]
    if pairs:
        ids = {d for p in pairs for d in (p["doc_a"], p["doc_b"])}
        texts = queries.texts(store.conn, ids)
        spans = {d: dup.paragraph_spans(t) for d, t in texts.items()}
        slots = []
        for m in queries.entity_slots(store.conn, ids):
            for i, (s, e) in enumerate(spans[m["doc_id"]]):
                if s <= m["start"] < e:
                    position = (m["start"] - s) / max(1, e - s)
                    name = names.get(m["entity_id"], m["text"])
                    slots.append(NameSlot(m["doc_id"], i, m["entity_id"], name, m["type"], position))
                    break
        for p in pairs:
            aligned = dup.aligned_paragraphs(*_pair_vectors(store, texts, p["doc_a"], p["doc_b"]))
            conflicts += name_conflicts(p["doc_a"], p["doc_b"], slots, aligned)
    store.replace_conflicts("claims", conflicts)
