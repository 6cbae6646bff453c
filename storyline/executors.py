"""Where the per-document map runs: in this process, in a local process pool, or on a Dask cluster.

Each executor takes batches of work in input order and yields the results in that same order,
with a bounded number of batches in flight: memory stays flat however large the input, and the
store (written by the driver alone, in input order) does not depend on where the work ran.

The cluster executor is a thin layer over `dask.distributed` (submit + ordered gather) rather than
`dask.bag`: a bag would materialise partitions and reorder results, and the driver needs them in
order, one batch at a time, to commit each source unit atomically.
"""

from __future__ import annotations

import itertools
import multiprocessing as mp
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

DASK_PACKAGE = "dask[distributed]"
IN_FLIGHT_PER_WORKER = 2  # batches queued per worker: enough to keep it busy, little to hold in memory
CONNECT_TIMEOUT = "10s"


class ExecutorError(ValueError):
    """The executor spec is malformed, or the cluster cannot be reached."""


def default_jobs() -> int:
    """Cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_spec(spec: str | None) -> str | None:
    """Validate `--executor` early, before any work starts; returns the Dask scheduler address."""
    if spec in (None, "", "local"):
        return None
    host, _, port = spec.removeprefix("dask://").rpartition(":")
    if not spec.startswith("dask://") or not host or not port.isdigit():
        raise ExecutorError(f"unknown executor {spec!r}: use 'local' or 'dask://HOST:PORT'")
    return f"tcp://{host}:{port}"


def connect(spec: str | None) -> Any:
    """A Dask client for a `dask://HOST:PORT` spec (None for local work). Called before a build
    touches its store, so a cluster that cannot be reached costs nothing."""
    address = check_spec(spec)
    if address is None:
        return None
    try:
        from distributed import Client
    except ImportError as e:
        raise ExecutorError(
            f"the Dask executor needs the PyPI package {DASK_PACKAGE} (pip install '{DASK_PACKAGE}')"
        ) from e
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except OSError as e:
        raise ExecutorError(f"cannot reach the Dask scheduler at {address}: {e}") from e


def run(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int = 1,
    client: Any = None,
    eager: bool = False,
    warm: Callable[[], object] | None = None,
) -> Iterator[tuple[T, R]]:
    """(item, fn(item)) for every item, in order: on the cluster of `client` if given, else here.

    Locally, work that fits in one item runs in this process: starting workers (each loads the
    language model) would cost more than it saves. With `eager` (the caller knows the input is
    large) the workers start at once and run `warm` (loading the model) while this process is still
    producing the first items: reading one large feed or table would otherwise leave them unstarted.
    """
    if client is not None:
        yield from _on_dask(fn, items, client)
        return
    items = iter(items)
    if jobs > 1 and eager:
        yield from _on_pool(fn, items, jobs, warm)
        return
    first = list(itertools.islice(items, 2))
    if jobs <= 1 or len(first) < 2:
        for item in itertools.chain(first, items):
            yield item, fn(item)
    else:
        yield from _on_pool(fn, itertools.chain(first, items), jobs, warm)


def _on_pool(
    fn: Callable[[T], R], items: Iterable[T], jobs: int, warm: Callable[[], object] | None = None
) -> Iterator[tuple[T, R]]:
    # spawn, not fork: a forked copy of a driver holding an open SQLite store and a loaded model
    # is neither safe nor smaller
    with mp.get_context("spawn").Pool(jobs, initializer=warm) as pool:
        yield from _ordered(items, lambda item: pool.apply_async(fn, (item,)), lambda r: r.get(), jobs)


def _on_dask(fn: Callable[[T], R], items: Iterable[T], client: Any) -> Iterator[tuple[T, R]]:
    workers = sum(client.nthreads().values()) or 1

    def collect(future: Any) -> R:
        try:
            result = future.result()
        except Exception as e:  # process_batch turns bad input into Skips: this is the cluster failing
            raise ExecutorError(
                f"the Dask cluster failed on a batch ({type(e).__name__}: {e}); every input stored so far is "
                "kept: run the same build again to continue"
            ) from e
        future.release()  # the driver has it now; free the worker's copy
        return result

    yield from _ordered(items, lambda item: client.submit(fn, item, pure=False), collect, workers)


def _ordered(
    items: Iterable[T], submit: Callable[[T], Any], collect: Callable[[Any], R], workers: int
) -> Iterator[tuple[T, R]]:
    pending: deque[tuple[T, Any]] = deque()
    for item in items:
        pending.append((item, submit(item)))
        if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
            done, handle = pending.popleft()
            yield done, collect(handle)
    while pending:
        done, handle = pending.popleft()
        yield done, collect(handle)
