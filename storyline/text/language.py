"""Language and script of a text, offline.

py3langid (a maintained fork of langid.py) ships its model inside the wheel and classifies a
few thousand characters in well under a millisecond, which matters when a build reads tens of
thousands of articles. Script detection is a cheaper, sharper signal for single lines: a Cyrillic
cookie notice under an English article needs no language model to spot.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import py3langid

_SAMPLE = 3000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text, or None when it is too short to tell."""
    sample = text[:_SAMPLE]
    if sum(ch.isalpha() for ch in sample) < 20:
        return None
    lang, _score = py3langid.classify(sample)
    return lang


@lru_cache(maxsize=4096)
def _script_of(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "OTHER"


def dominant_script(text: str) -> str | None:
    """'LATIN', 'CYRILLIC', ... for the letters of the text; None if it has no letters."""
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            s = _script_of(ch)
            counts[s] = counts.get(s, 0) + 1
    return max(counts, key=counts.__getitem__) if counts else None
