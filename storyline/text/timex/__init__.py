"""Time expressions: found in the text and resolved against the publication date.

Pure functions of the text (no parse), so both the metadata stage (which infers an undated
article's month from the dates it reports) and the extractors use them. `core` holds the
resolution loop and the rule registry; each language module holds its grammar: rules, cue words,
tense and plausibility hooks.
"""
