"""Per-article extraction: pure functions of an article's text and its parse.

`analyse` routes each article by its detected language: English through spaCy and the English
extractors, Russian through natasha and the Russian ones (`*_ru` modules); both produce the same
`Extraction`, so everything downstream is language-blind. Every article is parsed once and the
parse is shared by its extractors. An article in any other language (or too long to parse) is
stored with `extraction = None` — "not analysed" — and `unanalysed_note` says why, for the build
report and the document page.
"""

from __future__ import annotations

from collections.abc import Callable

from storyline.extract.claims import extract_claims
from storyline.extract.claims_ru import extract_claims_ru
from storyline.extract.events import extract_events
from storyline.extract.events_ru import extract_events_ru
from storyline.extract.mentions import extract_entities
from storyline.extract.mentions_ru import extract_entities_ru
from storyline.extract.quotes import extract_quotes
from storyline.extract.quotes_ru import extract_quotes_ru
from storyline.extract.timex import TimeExpr, find_times
from storyline.extract.timex_ru import find_times_ru
from storyline.model import Article, Extraction, TimeMention
from storyline.nlp import MAX_CHARS, parse_many, parse_russian
from storyline.text.language import ANALYSED_LANGUAGES as LANGUAGE_PIPELINES
from storyline.text.language import not_analysed_note
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


def analyse(articles: list[Article], clock: StageClock | None = None) -> None:
    clock = clock or StageClock()
    _analyse_english([a for a in articles if can_analyse(a) and a.language == "en"], clock)
    _analyse_russian([a for a in articles if can_analyse(a) and a.language == "ru"], clock)


def _analyse_english(articles: list[Article], clock: StageClock) -> None:
    docs = parse_many(a.text for a in articles)
    for article in articles:
        with clock.stage("parse"):
            doc = next(docs)
        with clock.stage("extract.entities"):
            ex = extract_entities(doc)
        times = _times(article, ex, find_times, clock)
        with clock.stage("extract.events"):
            ex.events = extract_events(doc, ex, times)
        with clock.stage("extract.quotes"):
            ex.quotes = extract_quotes(doc, ex)
        with clock.stage("extract.claims"):
            ex.claims = extract_claims(doc, ex, times, article.published)
        article.extraction = ex


def _analyse_russian(articles: list[Article], clock: StageClock) -> None:
    for article in articles:
        with clock.stage("parse.ru"):
            rdoc = parse_russian(article.text)
        with clock.stage("extract.entities"):
            ex = extract_entities_ru(rdoc)
        times = _times(article, ex, find_times_ru, clock)
        with clock.stage("extract.events"):
            ex.events = extract_events_ru(rdoc, ex, times)
        with clock.stage("extract.quotes"):
            ex.quotes = extract_quotes_ru(rdoc, ex)
        with clock.stage("extract.claims"):
            ex.claims = extract_claims_ru(rdoc, ex, times, article.published)
        article.extraction = ex


TimeFinder = Callable[[str, "str | None"], list[TimeExpr]]


def _times(article: Article, ex: Extraction, finder: TimeFinder, clock: StageClock) -> list[TimeExpr]:
    with clock.stage("extract.times"):
        times = finder(article.text, article.published)
        ex.times = [TimeMention(t.start, t.end, t.text, t.value, t.type, t.anchor) for t in times]
    return times
