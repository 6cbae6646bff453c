"""Split a page that bundles several articles (a digest) into one segment per article.

A digest repeats the shape "title line, byline, body" for each article. A byline that comes
after a substantial body starts a new article, together with the title line just above it. A
page with a single byline (or none) stays one article, so a normal article is never cut.
"""

from __future__ import annotations

from storyline.text.clean import BLANK, BODY, BYLINE, SENTENCE_END, Line, is_paragraph

# Body words an article must have before a later byline may start another article: a lead
# paragraph followed by the byline (a common layout) is not a digest.
MIN_WORDS_BEFORE_SPLIT = 60
# The line above a byline is its title even when long: digests join several titles with ";".
MAX_TITLE_WORDS = 50


def split_articles(lines: list[Line]) -> list[list[Line]]:
    starts = [0]
    body_words = 0
    for i, ln in enumerate(lines):
        if ln.kind == BYLINE and body_words >= MIN_WORDS_BEFORE_SPLIT:
            start = i
            t = title_line_before(lines, i, floor=starts[-1])
            if t is not None:
                start = t
            starts.append(start)
            body_words = 0
        elif is_paragraph(ln):
            body_words += ln.words
    ends = [*starts[1:], len(lines)]
    return [lines[s:e] for s, e in zip(starts, ends, strict=True)]


def title_line_before(lines: list[Line], i: int, floor: int = 0) -> int | None:
    """Index of the heading-shaped line right above line i (blank lines skipped), if any."""
    j = i - 1
    while j >= floor and lines[j].kind == BLANK:
        j -= 1
    candidate = lines[j] if j >= floor else None
    if candidate and candidate.kind == BODY and candidate.words <= MAX_TITLE_WORDS:
        return None if SENTENCE_END.search(candidate.text.rstrip("?!")) else j
    return None
