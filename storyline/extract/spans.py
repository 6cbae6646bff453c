"""Where things are in an article's text: sorted character ranges and items by offset.

Every extractor asks, per token, mention or figure, "is this inside a quotation?", "which mentions
start here?". Asked by scanning lists, a long article became quadratic; these answer by binary
search, in the order the scans they replace did, so the answers are the same.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable
from itertools import accumulate, pairwise
from typing import Generic, Protocol, TypeVar

from spacy.tokens import Token


def subtree_extent(tok: Token) -> tuple[int, int]:
    """The characters a token's phrase covers: from its leftmost to the end of its rightmost dependent."""
    return tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks, where a name or an event belongs to the quoted speaker."""
    return [(m.start(), m.end()) for m in re.finditer(r"“[^”]{1,3000}”|«[^»]{1,3000}»|\"[^\"\n]{1,3000}\"", text)]


# --- positions: questions the extractors ask per token, mention or figure ------------------------
class Regions:
    """Character ranges (quotations, time expressions, roles) that extractors ask about for every
    token, mention or figure: "is this offset inside one?", "which ones overlap this range?".
    Answered by binary search over the sorted ranges; scanning every range for every question made
    a long article quadratic (thousands of quotations, each checked for each of 100,000 tokens)."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.ranges = sorted(ranges)
        self._starts = [a for a, _b in self.ranges]
        self._reach = list(accumulate((b for _a, b in self.ranges), max))  # the furthest end so far
        # no range reaches into the next one: then the ends are sorted too, and at most one range holds an offset
        self.disjoint = all(b <= a2 for (_a, b), (a2, _b2) in pairwise(self.ranges))
        self._ends = [b for _a, b in self.ranges] if self.disjoint else []

    def __contains__(self, pos: int) -> bool:
        """Is `pos` inside a range (start <= pos < end)?"""
        i = bisect_right(self._starts, pos)
        return i > 0 and self._reach[i - 1] > pos

    def __bool__(self) -> bool:
        return bool(self.ranges)

    def holding_other(self, pos: int, skip: tuple[int, int]) -> bool:
        """Is `pos` inside a range other than `skip`?"""
        if not self.disjoint:
            return any(a <= pos < b for a, b in self.ranges if (a, b) != skip)
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self.ranges[i][1] > pos and self.ranges[i] != skip

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The ranges (a, b) with a < end and b > start, in sorted order."""
        hi = bisect_left(self._starts, end)
        if self.disjoint:
            return self.ranges[bisect_right(self._ends, start, 0, hi) : hi]
        return [r for r in self.ranges[:hi] if r[1] > start]


class _HasStart(Protocol):
    start: int
    end: int


T = TypeVar("T", bound=_HasStart)


class ByStart(Generic[T]):
    """Items of an article (mentions, times, quotes) by the offset they start at, answered in the
    list's own order, as the scans they replace did; items appended to the list later (the events
    stage adds a country mention for "the Russian delegation") are taken in when next asked."""

    def __init__(self, items: list[T]) -> None:
        self.items = items
        self._keys: list[tuple[int, int]] = []  # (start, index in items), sorted
        self._seen = 0
        self._longest = 0

    def _sync(self) -> None:
        for i in range(self._seen, len(self.items)):
            item = self.items[i]
            insort(self._keys, (item.start, i))
            self._longest = max(self._longest, item.end - item.start)
        self._seen = len(self.items)

    def starting_in(self, start: int, end: int) -> list[T]:
        """Items with start <= item.start < end, in list order."""
        self._sync()
        lo, hi = bisect_left(self._keys, (start, -1)), bisect_left(self._keys, (end, -1))
        return [self.items[i] for i in sorted(i for _s, i in self._keys[lo:hi])]

    def holding(self, pos: int) -> list[T]:
        """Items with item.start <= pos < item.end, in list order."""
        self._sync()
        return [x for x in self.starting_in(pos - self._longest + 1, pos + 1) if x.end > pos]
