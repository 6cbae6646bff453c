"""The bottom layer: words and names the rest of Storyline looks things up in, in every language it
reads (calendar words, person and organisation names, places). It imports nothing from the rest of
the package, so text cleaning, extraction and resolution can all use it."""
