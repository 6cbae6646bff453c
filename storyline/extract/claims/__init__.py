"""Numeric claims of an article, in any language the pipeline analyses: `core` is the algorithm, `en` and
`ru` the grammars (words, cue tables, dependency labels) it runs with."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.extract.claims.core import ClaimLookups, Figure, Language, extract
from storyline.extract.claims.core import find_figures as find_figures_in
from storyline.extract.claims.en import ENGLISH, MEASURE_FAMILIES
from storyline.extract.claims.ru import RUSSIAN
from storyline.extract.spans import Regions
from storyline.model import ClaimMention, Extraction
from storyline.text.timex import TimeExpr

__all__ = [
    "ENGLISH",
    "MEASURE_FAMILIES",
    "RUSSIAN",
    "ClaimLookups",
    "Language",
    "extract_claims",
    "extract_claims_ru",
    "find_figures",
]


def extract_claims(doc: Doc, ex: Extraction, times: list[TimeExpr], published: str | None) -> list[ClaimMention]:
    return extract(doc, ex, times, published, ENGLISH)


def extract_claims_ru(doc: Doc, ex: Extraction, times: list[TimeExpr], published: str | None) -> list[ClaimMention]:
    """`doc`: natasha's analysis as a spaCy Doc (`storyline.nlp.russian_spacy`)."""
    return extract(doc, ex, times, published, RUSSIAN)


def find_figures(
    text: str, start: int, end: int, taken: Regions | list[tuple[int, int]], lang: Language = ENGLISH
) -> list[Figure]:
    """Every figure in text[start:end] as written (see `core.find_figures`); English unless `lang` says."""
    return find_figures_in(text, start, end, taken, lang)
