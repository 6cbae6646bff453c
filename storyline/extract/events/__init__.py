"""Event candidates per article: one algorithm (`core`), one `Language` per language (`en`, `ru`).

`extract_events` (English) and `extract_events_ru` (Russian) read the same spaCy `Doc` token model;
`country_of` is re-exported for the claims extractor, which reads nationality adjectives too.
"""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.extract.events import core
from storyline.extract.events.core import PRIORITY, TYPE_GROUP, Language
from storyline.extract.events.en import ENGLISH
from storyline.extract.events.ru import RUSSIAN
from storyline.lexicon.countries import country_of
from storyline.model import EventMention, Extraction
from storyline.text.timex.core import TimeExpr

__all__ = [
    "ENGLISH",
    "PRIORITY",
    "RUSSIAN",
    "TYPE_GROUP",
    "Language",
    "country_of",
    "extract_events",
    "extract_events_ru",
]


def extract_events(doc: Doc, ex: Extraction, times: list[TimeExpr]) -> list[EventMention]:
    """Events of an English article (spaCy's parse)."""
    return core.extract_events(doc, ex, times, ENGLISH)


def extract_events_ru(doc: Doc, ex: Extraction, times: list[TimeExpr]) -> list[EventMention]:
    """Events of a Russian article (natasha's parse as a spaCy Doc: `nlp.russian_spacy`)."""
    return core.extract_events(doc, ex, times, RUSSIAN)
