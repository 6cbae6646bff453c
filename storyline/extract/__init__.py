"""Per-article extraction: pure functions of an article's text and its parse.

`analyse` parses a batch of articles once (the parse is shared by every extractor) and attaches
each article's extraction. Only English articles are analysed for now; others are stored with
`extraction = None`, which the store records as "not analysed".
"""

from __future__ import annotations

from storyline.extract.claims import extract_claims
from storyline.extract.events import extract_events
from storyline.extract.mentions import extract_entities
from storyline.extract.quotes import extract_quotes
from storyline.extract.timex import find_times
from storyline.model import Article, TimeMention
from storyline.nlp import MAX_CHARS, parse_many
from storyline.timing import StageClock

ANALYSED_LANGUAGES = frozenset({"en"})


def can_analyse(article: Article) -> bool:
    return article.language in ANALYSED_LANGUAGES and len(article.text) <= MAX_CHARS


def analyse(articles: list[Article], clock: StageClock | None = None) -> None:
    clock = clock or StageClock()
    todo = [a for a in articles if can_analyse(a)]
    docs = parse_many(a.text for a in todo)
    for article in todo:
        with clock.stage("parse"):
            doc = next(docs)
        with clock.stage("extract.entities"):
            ex = extract_entities(doc)
        with clock.stage("extract.times"):
            times = find_times(article.text, article.published)
            ex.times = [TimeMention(t.start, t.end, t.text, t.value, t.type, t.anchor) for t in times]
        with clock.stage("extract.events"):
            ex.events = extract_events(doc, ex, times)
        with clock.stage("extract.quotes"):
            ex.quotes = extract_quotes(doc, ex)
        with clock.stage("extract.claims"):
            ex.claims = extract_claims(doc, ex, times, article.published)
        article.extraction = ex
