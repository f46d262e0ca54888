"""Running batches of replicates: in-process, on a local process pool, or on a Dask cluster.

Replicates are grouped into batches (one task each) so the per-task overhead
of a pool or a cluster (pickling, scheduling: ~1 ms or more) is paid once per
batch rather than per ~ms-long fit. Results stream back as batches finish
(``as_completed``); the caller stores each finished replicate at once and
sorts the final table by replicate, so finishing order never shows.

Where the work runs:

* ``executor=None, workers=1``: in this process, one batch after another;
* ``executor=None, workers>1``: a ``ProcessPoolExecutor`` started and shut down here;
* any ``concurrent.futures.Executor``: its ``submit``;
* a ``dask.distributed.Client``: ``client.submit(..., pure=False)`` and
  ``distributed.as_completed`` (a local or a remote cluster alike).

On an interrupt (Ctrl-C) or any error, batches not yet started are cancelled
and the exception propagates; what already finished has been handed to
``on_result`` and stays stored.

Local pool workers die with their parent: a parent killed by SIGTERM or
SIGKILL runs no cleanup, and its workers would otherwise wait for work
forever. Each worker asks Linux to kill it when the parent goes
(``PR_SET_PDEATHSIG``) and, everywhere, watches its parent process id and
exits within a second once it changes.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Sequence
from typing import Any

import numpy as np

from careerrep.simulate.replicate import StudySpec, run_batch

Item = tuple[int, np.random.SeedSequence]
Finished = list[tuple[int, list[dict[str, Any]]]]

# Aim for this many batches per worker: enough to balance load and move the
# progress bar, few enough that per-task overhead stays negligible.
BATCHES_PER_WORKER = 8
MAX_BATCH = 50


def default_workers() -> int:
    """The number of local worker processes: ``os.cpu_count()`` (1 if unknown)."""
    return os.cpu_count() or 1


def single_threaded_blas() -> None:
    """Pool initializer: one BLAS thread per worker process.

    The workers already fill the cores; BLAS threads on top of them only
    oversubscribe (Dask's nanny does the same for its workers). Skipped when
    threadpoolctl is not installed.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl ships with most scientific stacks
        return
    threadpool_limits(limits=1)


# How often a worker checks that its parent is still alive (seconds).
PARENT_CHECK_INTERVAL = 0.5
_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Make this (worker) process exit when the process that started it dies.

    On Linux, ``prctl(PR_SET_PDEATHSIG, SIGKILL)`` has the kernel kill it at
    once; a daemon thread that polls ``os.getppid()`` covers other systems and
    the moment before ``prctl`` took effect.
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        # A libc without prctl leaves the job to the polling thread below.
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # pragma: no cover - the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_CHECK_INTERVAL)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="careerrep-parent-watch", daemon=True).start()


def worker_initializer() -> None:
    """Pool initializer: die with the parent, and one BLAS thread per worker."""
    die_with_parent()
    single_threaded_blas()


def batch_size_for(n_items: int, workers: int) -> int:
    """Replicates per task for ``n_items`` replicates on ``workers`` workers."""
    if n_items <= 0:
        return 1
    return max(1, min(MAX_BATCH, math.ceil(n_items / (max(workers, 1) * BATCHES_PER_WORKER))))


def batches(items: Sequence[Item], size: int) -> list[list[Item]]:
    """Consecutive chunks of ``items`` of at most ``size``."""
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


def is_dask_client(executor: object) -> bool:
    """True for a ``dask.distributed.Client`` (checked without importing dask)."""
    module = type(executor).__module__ or ""
    return module.startswith("distributed") and hasattr(executor, "submit") and hasattr(executor, "gather")


def cluster_workers(executor: object) -> int:
    """How many workers an executor has (for batch sizing); 1 if it does not say."""
    if is_dask_client(executor):
        info = executor.scheduler_info()  # type: ignore[attr-defined]
        threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
        return max(threads, 1)
    return int(getattr(executor, "_max_workers", 1) or 1)


def _serial(spec: StudySpec, tasks: list[list[Item]]) -> Generator[Finished, None, None]:
    for task in tasks:
        yield run_batch(spec, task)


def _futures(executor: Any, spec: StudySpec, tasks: list[list[Item]]) -> Generator[Finished, None, None]:
    futures = [executor.submit(run_batch, spec, task) for task in tasks]
    try:
        for future in concurrent.futures.as_completed(futures):
            yield future.result()
    finally:
        for future in futures:
            future.cancel()


def _dask(client: Any, spec: StudySpec, tasks: list[list[Item]]) -> Generator[Finished, None, None]:
    from distributed import as_completed

    futures = [client.submit(run_batch, spec, task, pure=False) for task in tasks]
    try:
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)


def run_batches(
    spec: StudySpec,
    items: Sequence[Item],
    on_result: Callable[[int, list[dict[str, Any]]], None],
    executor: Any = None,
    workers: int | None = None,
    batch_size: int | None = None,
) -> None:
    """Run every replicate in ``items`` and call ``on_result(rep, rows)`` as each batch finishes.

    Parameters
    ----------
    spec
        The study's replicate specification.
    items
        ``(rep, seed)`` pairs still to run.
    on_result
        Called in this process for every finished replicate, in finishing order.
    executor
        None (local), a ``concurrent.futures.Executor`` or a ``dask.distributed.Client``.
    workers
        Local worker processes when ``executor`` is None (default ``os.cpu_count()``).
    batch_size
        Replicates per task (default: about eight tasks per worker, at most 50).
    """
    if not items:
        return
    owned = None
    if executor is None:
        workers = default_workers() if workers is None else workers
        if workers > 1 and len(items) > 1:
            owned = concurrent.futures.ProcessPoolExecutor(
                max_workers=workers, initializer=worker_initializer
            )
            executor = owned
    n_workers = workers if executor is None else cluster_workers(executor)
    size = batch_size or batch_size_for(len(items), n_workers or 1)
    tasks = batches(items, size)
    if executor is None:
        stream = _serial(spec, tasks)
    elif is_dask_client(executor):
        stream = _dask(executor, spec, tasks)
    else:
        stream = _futures(executor, spec, tasks)
    try:
        for finished in stream:
            for rep, rows in finished:
                on_result(rep, rows)
    finally:
        stream.close()  # cancels batches not yet started
        if owned is not None:
            owned.shutdown(wait=True, cancel_futures=True)
