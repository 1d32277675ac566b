"""Dask as the Monte Carlo engine: chunks are tasks on a cluster, results merge exactly as locally.

``--workers K`` starts a :class:`dask.distributed.LocalCluster` of K single-threaded processes;
``--scheduler ADDR`` joins an existing cluster. The plan (scenario structure, distributions, seed) is
scattered once; each task runs :func:`gigawatt.montecarlo.run_chunks` on a range of draws and returns its
bounded statistics. Merging is the local :class:`~gigawatt.montecarlo.Accumulator`, which adds sums in
sub-block order whatever order tasks finish in, so the result equals the local run's for the same seed.
Dask is imported here, lazily, never by ``import gigawatt``.
"""

from __future__ import annotations

import numbers
import os
from collections.abc import Callable

from gigawatt import machine, montecarlo
from gigawatt.errors import InputError, show

MAX_WORKERS = 256
# A worker's resident memory running the default scenario's chunks: 24 workers held 10.8 GB (issue 22's
# attack, 2 cores, 2026-12-05), 450 MB each.
WORKER_BYTES = 450 * 10**6
CONNECT_TIMEOUT_S = 5
IN_FLIGHT_PER_WORKER = 4  # tasks queued per worker: enough to keep it busy, few enough to bound memory
CHUNKS_PER_TASK = 8       # chunks merged in the worker before their statistics travel (~2 MB a task, sparse)


def _check_workers(workers) -> int:
    """A local cluster's size: at most one worker per core, and as many as this machine's free memory holds."""
    if isinstance(workers, bool) or not isinstance(workers, numbers.Integral) or not 1 <= workers <= MAX_WORKERS:
        raise InputError("--workers", f"{show(workers)} must be a whole number from 1 to {MAX_WORKERS}")
    cores = os.cpu_count() or 1
    if workers > cores:
        raise InputError("--workers", f"{workers} is more than this machine's {cores} cores (at most {cores} "
                                      "single-threaded workers; for more, a cluster elsewhere: --scheduler)")
    free = machine.available_bytes()
    if free is not None and workers * WORKER_BYTES > free:
        raise InputError("--workers", f"{workers} workers need about {machine.gb(workers * WORKER_BYTES)}; "
                                      f"this machine has {machine.gb(free)} free "
                                      f"(at most {free // WORKER_BYTES} workers)")
    return int(workers)


def connect(workers: int | None = None, scheduler: str | None = None):
    """A (client, cluster-or-None) pair: a new local cluster, or a client of the scheduler at ``scheduler``."""
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        if not isinstance(scheduler, str) or not scheduler.strip():
            raise InputError("--scheduler", f"{show(scheduler)} is not a scheduler address (tcp://host:port)")
        _probe(scheduler)
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False), None
        except (OSError, TimeoutError, ValueError) as e:
            raise InputError("--scheduler", f"cannot reach a Dask scheduler at {scheduler!r} "
                                            f"({type(e).__name__}: {str(e).splitlines()[0] if str(e) else 'no answer'})") from None
    n = _check_workers(workers)
    with _worker_environ():
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=40)
    return Client(cluster, set_as_default=False), cluster


def _worker_environ():
    """Dask's nanny sets ``MALLOC_TRIM_THRESHOLD_=65536`` in its workers; glibc then turns its dynamic mmap
    threshold off, so every array above 128 kB of a chunk (most of them) is a fresh mmap, zero-filled page by
    page, and unmapped again: a worker ran the same chunks at 2-3x a local thread's CPU time (the histogram
    and finance kernels alike; cProfile in a worker, 2026-12-06). The workers keep glibc's defaults, as
    ``gigawatt mc`` has locally; the engine's memory per chunk is bounded the same either way. The workers'
    statistical profiler (a stack walk every 10 ms, for Dask's dashboard, which gigawatt does not open) is off."""
    import dask

    return dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                            "distributed.worker.profile.enabled": False})


def _probe(address: str) -> None:
    """Refuse an address no scheduler answers on before Dask's client tries (and litters stderr)."""
    import socket

    rest = address.strip().split("://", 1)[-1]
    host, _, port = rest.rpartition(":")
    if not host or not port.isdigit():
        raise InputError("--scheduler", f"{show(address)} is not a scheduler address (tcp://host:port)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as e:
        raise InputError("--scheduler", f"cannot reach a Dask scheduler at {address!r} ({e.strerror or e})") from None


def run(plan: "montecarlo.Plan", workers: int | None = None, scheduler: str | None = None,
        progress: Callable[[int, int], None] | None = None, client=None) -> "montecarlo.MCResults":
    """Run a Monte Carlo plan on Dask; ``client`` reuses an open client (tests, benchmarks)."""
    from dask.distributed import as_completed

    own = client is None
    cluster = None
    if own:
        client, cluster = connect(workers, scheduler)
    try:
        n_workers = max(len(client.nthreads()), 1)
        [plan_f] = client.scatter([plan], broadcast=True, hash=False)  # a key of its own per run (test_distributed)
        acc = montecarlo.Accumulator(plan)
        span = plan.chunk * CHUNKS_PER_TASK
        chunks = iter([(s, min(span, plan.draws - s)) for s in range(0, plan.draws, span)])
        window = IN_FLIGHT_PER_WORKER * n_workers
        first = []
        for _ in range(window):
            c = next(chunks, None)
            if c is None:
                break
            first.append(client.submit(montecarlo.run_chunks, plan_f, *c, pure=False))
        ac = as_completed(first, loop=client.loop)
        for fut in ac:
            acc.add(fut.result())
            fut.release()
            if progress:
                progress(acc.done, plan.draws)
            c = next(chunks, None)
            if c is not None:
                ac.add(client.submit(montecarlo.run_chunks, plan_f, *c, pure=False))
        return acc.result()
    finally:
        if own:
            client.close()
            if cluster is not None:
                cluster.close()
