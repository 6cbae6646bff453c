"""Union-find, the one grouping structure of corpus-level resolution (entities, events, date
conflicts, duplicates). Deterministic: the smaller key becomes the root, so groups and their
representatives do not depend on the order in which links are found.

`apart` pairs are keys an analyst said are different (store/judgements.py): a union that would put
both keys of such a pair in one group is refused, however the link was found, so no chain of
automatic links can bring them back together."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    def __init__(
        self, keys: Iterable[K] = (), links: Iterable[tuple[K, K]] = (), apart: Iterable[tuple[K, K]] = ()
    ) -> None:
        self.parent: dict[K, K] = {k: k for k in keys}
        self.apart = list(apart)
        for a, b in links:
            self.union(a, b)

    def find(self, k: K) -> K:
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a: K, b: K) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb and not any({self.find(x), self.find(y)} == {ra, rb} for x, y in self.apart):
            lo, hi = sorted((ra, rb))  # type: ignore[type-var]
            self.parent[hi] = lo

    def together(self, a: K, b: K) -> bool:
        return self.find(a) == self.find(b)

    def groups(self) -> dict[K, list[K]]:
        """root -> members, for every key seen, in the order keys were first seen."""
        out: dict[Any, list[K]] = {}
        for k in list(self.parent):
            out.setdefault(self.find(k), []).append(k)
        return out
