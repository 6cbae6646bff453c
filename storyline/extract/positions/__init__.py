"""Positions in an article (who proposes, demands, accepts or rejects what), in any language the
pipeline analyses: `core` is the algorithm, `en` and `ru` the cue words."""

from __future__ import annotations

from spacy.tokens import Doc

from storyline.extract.positions.core import extract
from storyline.extract.positions.en import ENGLISH
from storyline.extract.positions.ru import RUSSIAN
from storyline.model import Extraction, PositionMention
from storyline.text.timex import TimeExpr


def extract_positions(doc: Doc, ex: Extraction, times: list[TimeExpr], published: str | None) -> list[PositionMention]:
    return extract(doc, ex, times, published, ENGLISH)


def extract_positions_ru(
    doc: Doc, ex: Extraction, times: list[TimeExpr], published: str | None
) -> list[PositionMention]:
    return extract(doc, ex, times, published, RUSSIAN)
