"""Language and script of a text, offline.

py3langid (a maintained fork of langid.py) ships its model inside the wheel and classifies a
few thousand characters in well under a millisecond, which matters when a build reads tens of
thousands of articles. Script detection is a cheaper, sharper signal for single lines: a Cyrillic
cookie notice under an English article needs no language model to spot.
"""

from __future__ import annotations

import re

import py3langid

# Languages with an extraction pipeline (storyline.extract routes by these); any other language is
# stored, searchable and deduplicated, but not analysed.
ANALYSED_LANGUAGES = {"en": "English", "ru": "Russian"}

_SAMPLE = 3000
_LETTER = re.compile(r"[^\W\d_]")


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text, or None when it is too short to tell."""
    sample = text[:_SAMPLE]
    if len(_LETTER.findall(sample)) < 20:
        return None
    lang, _score = py3langid.classify(sample)
    return lang


# Letter ranges of the scripts news text comes in; counted with C-speed regexes because this runs
# on every line of every article.
_SCRIPTS = {
    "LATIN": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "CYRILLIC": re.compile(r"[\u0400-\u052f]"),
    "GREEK": re.compile(r"[\u0370-\u03ff]"),
    "ARABIC": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "HEBREW": re.compile(r"[\u0590-\u05ff]"),
    "CJK": re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]"),
}


def dominant_script(text: str) -> str | None:
    """'LATIN', 'CYRILLIC', ... for the letters of the text; None if it has none of these."""
    if text.isascii():
        return "LATIN" if _LETTER.search(text) else None
    best, count = None, 0
    for name, pat in _SCRIPTS.items():
        n = len(pat.findall(text))
        if n > count:
            best, count = name, n
    return best


def not_analysed_note(language: str | None) -> str:
    """What a reader is told about a document in a language we do not analyse."""
    found = f"language '{language}'" if language else "language could not be detected"
    names = " and ".join(ANALYSED_LANGUAGES[k] for k in sorted(ANALYSED_LANGUAGES))
    return f"{found}: stored and searchable, but no extraction (Storyline analyses {names})"
