"""Quotes and sources: one algorithm (`core`) and one grammar per language (`en`, `ru`)."""

from storyline.extract.quotes.core import MIN_QUOTE_WORDS, continue_speakers, direct_spans
from storyline.extract.quotes.en import extract_quotes, quotes_for_text
from storyline.extract.quotes.ru import extract_quotes_ru

__all__ = [
    "MIN_QUOTE_WORDS",
    "continue_speakers",
    "direct_spans",
    "extract_quotes",
    "extract_quotes_ru",
    "quotes_for_text",
]
