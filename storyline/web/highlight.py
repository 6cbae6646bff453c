"""Untrusted article text to safe HTML with highlighted layers.

Written here because the job is specific: spans from several layers (entities, times, quotes,
claims, events) overlap and nest arbitrarily, and the only HTML allowed out is ours. The text is cut
at every span boundary; each piece is escaped by markupsafe and wrapped in one element whose
classes name the layers covering it, so overlapping spans never produce broken nesting and no byte
of the article is ever emitted unescaped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from storyline.store.browse import SNIPPET_CLOSE, SNIPPET_OPEN

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n")


@dataclass(frozen=True)
class Layer:
    start: int
    end: int
    kind: str  # entity, time, quote, claim, event
    title: str = ""
    href: str = ""  # entity mentions link to their entity page
    subtype: str = ""  # e.g. PERSON, for the colour


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the previous sentence end (or line break) to
    the next one. Used to show the whole supporting sentence around a short span such as a name."""
    lo = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    m = _SENTENCE_END.search(text, max(end - 1, lo))  # a span may end on its sentence's full stop
    hi = m.start() + 1 if m and text[m.start()] != "\n" else (m.start() if m else len(text))
    return lo, max(hi, end)


def render(text: str, layers: list[Layer], target: tuple[int, int] | None = None) -> Markup:
    """The text as HTML: one <span> per stretch covered by the same layers; the target span (the
    evidence a link pointed at) and its sentence are marked, the target's first piece gets id="at"."""
    n = len(text)
    spans = [s for s in layers if 0 <= s.start < s.end <= n]
    cuts = {0, n}
    for s in spans:
        cuts.update((s.start, s.end))
    sentence = None
    if target and 0 <= target[0] < target[1] <= n:
        sentence = sentence_bounds(text, *target)
        cuts.update((*target, *sentence))
    else:
        target = None
    points = sorted(cuts)
    starts: dict[int, list[Layer]] = {}
    for s in spans:
        starts.setdefault(s.start, []).append(s)
    active: list[Layer] = []
    out: list[str] = []
    anchored = False
    for a, b in itertools.pairwise(points):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        piece = str(escape(text[a:b]))
        classes = sorted({f"l-{s.kind}" for s in active} | {f"t-{s.subtype}" for s in active if s.subtype})
        if sentence and sentence[0] <= a and b <= sentence[1]:
            classes.append("at-sentence")
        attrs = ""
        if target and target[0] <= a and b <= target[1]:
            classes.append("at")
            if not anchored:
                attrs = ' id="at"'
                anchored = True
        if not classes:
            out.append(piece)
            continue
        titles = " · ".join(dict.fromkeys(s.title for s in active if s.title))
        if titles:
            attrs += f' title="{escape(titles)}"'
        link = next((s.href for s in active if s.href), "")
        if link:
            piece = f'<a href="{escape(link)}">{piece}</a>'
        out.append(f'<span class="{" ".join(classes)}"{attrs}>{piece}</span>')
    return Markup("".join(out))


def snippet(text: str | None) -> Markup:
    """An FTS5 snippet with its match markers as <mark>, everything else escaped."""
    if not text:
        return Markup("")
    out: list[str] = []
    for i, part in enumerate(re.split(f"[{SNIPPET_OPEN}{SNIPPET_CLOSE}]", text)):
        # markers alternate open/close, so odd pieces are matches
        out.append(f"<mark>{escape(part)}</mark>" if i % 2 else str(escape(part)))
    return Markup("".join(out))
