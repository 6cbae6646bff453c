"""Sentences that are page furniture rather than the article's own telling: an embedded tweet, a
caption, credit or gallery counter, a headline line of a related-links list. Cleaning removes what it
can recognise on its own; these are the lines it must keep (a caption can be a sentence), so each
extractor asks here before reporting an event or a figure from one — "Slideshow (5 Images)" is no
claim about five images, and a related headline is not this article's news."""

from __future__ import annotations

import re

_FURNITURE = re.compile(
    r"pic\.twitter\.com/|\(@\w{1,15}\)\s+\w+\.? \d{1,2}, \d{4}|https?://t\.co/"
    r"|\b(?:AP|AFP|Reuters|Getty|EPA|Bloomberg) (?:Photo|Images)\b|\bPhoto(?:graph)?:|\b(?:Image|Media|Video) caption\b"
    r"|\btoggle caption\b|\bSlideshow \(\d+ Images?\)|\bJUST WATCHED\b|\bMUST WATCH\b|\bRead more:"
    r"|\bHide Caption\b|\b\d+ of \d+ Photos:|(?m:^CLOSE\b)|\bStory Highlights\b"
    r"|\(\d+ (?:Images?|Photos?|Pictures?|Slides?|Videos?)\)|\b(?:Photo|Image|Slide|Picture) \d+ of \d+\b"
)
HEADLINE_WORDS = 16  # a line this short, with no sentence end, is a headline (of a related-links list)


def is_furniture(text: str, start: int, end: int) -> bool:
    """Whether the sentence text[start:end] is furniture: it holds a caption, credit, gallery or tweet
    marker, or it is a whole line with no sentence-ending punctuation (related-headline lists and
    hyperlink runs are)."""
    if _FURNITURE.search(text, start, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].strip()
    whole = text[start:end].strip() == line
    return whole and 0 < len(line.split()) <= HEADLINE_WORDS and line[-1] not in '.!?"”»…:)'
