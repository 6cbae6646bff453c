"""Per-article extraction: pure functions of an article's text and its parse.

`analyse` routes each article by its detected language: English through spaCy, Russian through
natasha converted to a spaCy Doc (`nlp.russian_spacy`). Each task (mentions, events, quotes,
claims, positions) is a package: `core` holds the algorithm every language shares, `en` and `ru` what differs
by language. Both languages produce the same `Extraction`, so everything downstream is
language-blind. Every article is parsed once and the
parse is shared by its extractors. An article in any other language (or too long to parse) is
stored with `extraction = None` — "not analysed" — and `unanalysed_note` says why, for the build
report and the document page.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from spacy.tokens import Doc

from storyline.extract.claims import extract_claims, extract_claims_ru
from storyline.extract.events import extract_events, extract_events_ru
from storyline.extract.mentions import extract_entities, extract_entities_ru
from storyline.extract.positions import extract_positions, extract_positions_ru
from storyline.extract.quotes import extract_quotes, extract_quotes_ru
from storyline.model import Article, Extraction, TimeMention
from storyline.nlp import MAX_CHARS, parse_many, parse_russian, russian_spacy
from storyline.text.language import ANALYSED_LANGUAGES as LANGUAGE_PIPELINES
from storyline.text.language import not_analysed_note
from storyline.text.timex import TimeExpr, find_times, find_times_ru
from storyline.timing import StageClock

ANALYSED_LANGUAGES = frozenset(LANGUAGE_PIPELINES)


def can_analyse(article: Article) -> bool:
    return article.language in ANALYSED_LANGUAGES and len(article.text) <= MAX_CHARS


def unanalysed_note(article: Article) -> str | None:
    """Why an article is stored without extraction, or None when it is analysed."""
    if article.language not in ANALYSED_LANGUAGES:
        return not_analysed_note(article.language)
    if len(article.text) > MAX_CHARS:
        return f"{len(article.text):,} characters: stored, but too long to parse (limit {MAX_CHARS:,})"
    return None


DEFAULT_DOC_SECONDS = 60.0  # an article's extraction budget; ordinary articles take a few hundredths of a second


class OverBudget(Exception):
    """An article's extraction ran past its time budget."""


@contextmanager
def _budget(seconds: float) -> Iterator[Callable[[], bool]]:
    """Yields a check "is the budget spent?"; in a process's main thread the budget is also enforced
    by an interval timer, so one extractor stuck in a super-linear loop is stopped mid-way (in a
    worker thread, such as a Dask worker's, the check between extractors is what is left)."""
    deadline = time.monotonic() + seconds
    armed = seconds > 0 and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    previous = None
    if armed:

        def expire(_signum: int, _frame: object) -> None:
            raise OverBudget

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield lambda: seconds > 0 and time.monotonic() >= deadline
    finally:
        if armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def analyse(articles: list[Article], clock: StageClock | None = None, doc_seconds: float = DEFAULT_DOC_SECONDS) -> None:
    """Parse and extract each article in place. The parse is not timed against the budget (its cost
    is linear and capped by MAX_CHARS); the extractors are: when an article's extractors run past
    `doc_seconds` (0: no limit), the steps already done are kept, the rest are skipped, and
    `article.note` says which."""
    clock = clock or StageClock()
    english = [a for a in articles if can_analyse(a) and a.language == "en"]
    docs = parse_many(a.text for a in english)
    for article in english:
        with clock.stage("parse"):
            doc = next(docs)
        _extract(article, doc, ENGLISH, clock, doc_seconds)
    for article in articles:
        if can_analyse(article) and article.language == "ru":
            with clock.stage("parse.ru"):
                doc = russian_spacy(parse_russian(article.text))
            _extract(article, doc, RUSSIAN, clock, doc_seconds)


@dataclass
class _Work:
    """One article's extraction in progress: what each step reads and adds to."""

    article: Article
    doc: Doc  # the one token model of every language (Russian: natasha's parse as a spaCy Doc)
    ex: Extraction = field(default_factory=Extraction)
    times: list[TimeExpr] = field(default_factory=list)


Step = tuple[str, Callable[[_Work], None]]


def _extract(article: Article, doc: Doc, steps: list[Step], clock: StageClock, seconds: float) -> None:
    work = _Work(article, doc)
    done: list[str] = []
    try:
        with _budget(seconds) as spent:
            for name, step in steps:
                if spent():
                    raise OverBudget
                with clock.stage(f"extract.{name}"):
                    step(work)
                done.append(name)
    except OverBudget:
        left = [name for name, _ in steps if name not in done]
        article.note = (
            f"extraction stopped after its {seconds:g} s budget (--doc-seconds): stored with "
            f"{', '.join(done) or 'no extraction'}; not extracted: {', '.join(left)}"
        )
        _keep_only(work.ex, done)
    article.extraction = work.ex


def _keep_only(ex: Extraction, done: list[str]) -> None:
    """Drop what an interrupted step may have half-written."""
    if "entities" not in done:
        ex.mentions, ex.roles, ex.entities = [], [], []
    for name in ("times", "events", "quotes", "claims", "positions"):
        if name not in done:
            setattr(ex, name, [])


def _set_entities(work: _Work, found: Extraction) -> None:
    work.ex.mentions, work.ex.roles, work.ex.entities = found.mentions, found.roles, found.entities


def _set_times(work: _Work, finder: TimeFinder) -> None:
    work.times = finder(work.article.text, work.article.published)
    work.ex.times = [TimeMention(t.start, t.end, t.text, t.value, t.type, t.anchor) for t in work.times]


TimeFinder = Callable[[str, "str | None"], list[TimeExpr]]

ENGLISH: list[Step] = [
    ("entities", lambda w: _set_entities(w, extract_entities(w.doc))),
    ("times", lambda w: _set_times(w, find_times)),
    ("events", lambda w: setattr(w.ex, "events", extract_events(w.doc, w.ex, w.times))),
    ("quotes", lambda w: setattr(w.ex, "quotes", extract_quotes(w.doc, w.ex))),
    ("claims", lambda w: setattr(w.ex, "claims", extract_claims(w.doc, w.ex, w.times, w.article.published))),
    ("positions", lambda w: setattr(w.ex, "positions", extract_positions(w.doc, w.ex, w.times, w.article.published))),
]
RUSSIAN: list[Step] = [
    ("entities", lambda w: _set_entities(w, extract_entities_ru(w.doc))),
    ("times", lambda w: _set_times(w, find_times_ru)),
    ("events", lambda w: setattr(w.ex, "events", extract_events_ru(w.doc, w.ex, w.times))),
    ("quotes", lambda w: setattr(w.ex, "quotes", extract_quotes_ru(w.doc, w.ex))),
    ("claims", lambda w: setattr(w.ex, "claims", extract_claims_ru(w.doc, w.ex, w.times, w.article.published))),
    (
        "positions",
        lambda w: setattr(w.ex, "positions", extract_positions_ru(w.doc, w.ex, w.times, w.article.published)),
    ),
]
