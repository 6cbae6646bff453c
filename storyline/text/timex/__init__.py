"""Time expressions: found in the text and resolved against the publication date.

Pure functions of the text (no parse), so both the metadata stage (which infers an undated
article's month from the dates it reports) and the extractors use them. `core` holds the
resolution loop, the rule registry (`Grammar`) and the calendar arithmetic every language shares;
each language module (`en`, `ru`) holds only its grammar: patterns, number and cue words, and the
tense and plausibility hooks. A new language is one more such module.
"""

from storyline.text.timex.core import TimeExpr
from storyline.text.timex.en import find_times
from storyline.text.timex.ru import find_times_ru

__all__ = ["TimeExpr", "find_times", "find_times_ru"]
