"""Where a build's time goes: seconds per stage, summed over every process that worked on it.

The per-document map runs in worker processes (or on a cluster), so each batch times its own
stages and sends the totals back with its results; the driver adds its own (reading inputs,
writing the store, resolving) and keeps one breakdown per build. Stage names are dotted
(`extract.quotes`, `resolve.stories`) so a profile can be read at either level.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

# The breakdown a reader sees, in pipeline order (sub-stages roll up into these).
STAGES = ("read", "decode", "clean", "segment", "metadata", "parse", "extract", "store", "resolve")


class StageClock:
    """Accumulates seconds by stage; cheap enough to wrap every document."""

    def __init__(self) -> None:
        self.seconds: Counter[str] = Counter()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] += time.perf_counter() - start

    def add(self, seconds: dict[str, float]) -> None:
        self.seconds.update(seconds)

    def rolled_up(self) -> dict[str, float]:
        """Seconds per top-level stage, in pipeline order (stages that never ran are left out)."""
        top: Counter[str] = Counter()
        for name, s in self.seconds.items():
            top[name.split(".", 1)[0]] += s
        return {s: round(top[s], 3) for s in (*STAGES, *sorted(top.keys() - set(STAGES))) if s in top}

    def detailed(self) -> dict[str, float]:
        return {k: round(v, 3) for k, v in sorted(self.seconds.items())}
