"""The job runner: Monte Carlo runs in background threads, with progress, admitted by memory.

This is the web's one "run a Monte Carlo with progress" helper: ``POST /api/mc`` waits on a job,
``POST /api/mc/jobs`` returns it for polling. A job's memory is estimated before it starts, from what the
engine holds per chunk in flight (:func:`estimate`); jobs run together while their estimates fit in
:data:`~gigawatt.web.limits.MEMORY_BUDGET_BYTES`, a job that could never fit is refused with 422, one that
must wait for others gets 429. Other heavy requests (a power solve, a claims check) hold a fixed estimate
of the same budget while they run (:meth:`Jobs.hold`), so heavy requests together are refused with 429
rather than crashing the server. A finished job keeps its JSON payload only (no scenario, plan or
traceback), and the memory a job held is handed back when it ends (:func:`gigawatt.web.memory.release`).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass

from gigawatt import present
from gigawatt.errors import InputError
from gigawatt.store import RunNotFoundError, StoreError
from gigawatt.web import memory
from gigawatt.web.errors import Busy, Unavailable
from gigawatt.web.limits import JOB_THREADS, KEPT_JOBS, MAX_CHUNK, MEMORY_BUDGET_BYTES, SUB_BLOCK


def _bytes(n: int) -> str:
    """Bytes as people read them: 2.15 GB, 629 MB (decimal units)."""
    return f"{n / 1e9:.3g} GB" if n >= 1e9 else f"{n / 1e6:.3g} MB"


@dataclass(frozen=True)
class Sizing:
    """How a job runs: draws per chunk, chunks at once, and the memory that takes."""

    chunk: int
    threads: int
    bytes: int


def bytes_per_draw(scn) -> int:
    """Bytes one draw of a chunk holds: the engine's own estimate (:func:`gigawatt.api.memory_per_draw`)."""
    from gigawatt import api

    return api.memory_per_draw(scn)


def estimate(scn, draws: int, budget: int = MEMORY_BUDGET_BYTES) -> Sizing:
    """The chunk that keeps a job within half the budget (so two run at once), and its memory.

    InputError (422) when even the smallest chunk would not fit in the whole budget."""
    per_draw = bytes_per_draw(scn)
    threads = JOB_THREADS
    smallest = min(draws, SUB_BLOCK)
    if smallest * per_draw > budget:
        threads = 1
    if smallest * per_draw * threads > budget:
        need = smallest * per_draw
        raise InputError("scenario", f"a Monte Carlo of it needs about {_bytes(need)} per chunk of "
                                     f"{smallest:,} draws; the server's budget is {_bytes(budget)} "
                                     "(fewer phases or a shorter horizon; or `gigawatt mc`)")
    fit = (budget // 2) // (per_draw * threads)
    chunk = max(SUB_BLOCK, min(MAX_CHUNK, fit // SUB_BLOCK * SUB_BLOCK))
    chunk = min(chunk, -(-draws // SUB_BLOCK) * SUB_BLOCK)
    return Sizing(chunk=chunk, threads=threads, bytes=min(chunk, draws) * per_draw * threads)


def run_mc(scn, draws: int, seed: int, sizing: Sizing, progress=None) -> dict:
    """``MCResults.to_json()`` of ``draws`` draws, run as ``sizing`` says; ``progress(done, total)``."""
    try:
        from gigawatt import api
    except ImportError as e:  # pragma: no cover - a broken install
        raise Unavailable(f"Monte Carlo is not available in this build of gigawatt ({e})") from None
    from gigawatt.present import plain

    res = api.monte_carlo(scn, draws, seed=seed, chunk=sizing.chunk, threads=sizing.threads, progress=progress)
    return plain(res.to_json())


class Jobs:
    """Running and recently finished Monte Carlo jobs, in this server's memory."""

    def __init__(self, budget: int = MEMORY_BUDGET_BYTES):
        self.budget = budget
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, dict] = OrderedDict()
        self._held = 0  # bytes held by heavy requests other than jobs (Jobs.hold)

    def in_use(self) -> int:
        """Bytes the running jobs and held requests are estimated to hold."""
        return self._held + sum(j["memory_bytes"] for j in self._jobs.values() if j["status"] == "running")

    @contextmanager
    def hold(self, memory_bytes: int, what: str, field: str = "request"):
        """Hold ``memory_bytes`` of the budget while a heavy request (``what``) runs; Busy (429) if it does
        not fit beside the running jobs and requests. Memory is handed back when it ends."""
        with self._lock:
            used = self.in_use()
            if used + memory_bytes > self.budget:
                raise Busy(f"runs already running hold {_bytes(used)} of the server's "
                           f"{_bytes(self.budget)}; {what} needs about {_bytes(memory_bytes)}: "
                           "try again when one ends", field=field)
            self._held += memory_bytes
        try:
            yield
        finally:
            with self._lock:
                self._held -= memory_bytes
            memory.release()

    def start(self, work, total: int, memory_bytes: int) -> str:
        """Run ``work(progress)`` in a thread if its memory fits beside the running jobs (else Busy, 429)."""
        job_id = uuid.uuid4().hex[:12]
        job = {"job_id": job_id, "status": "running", "done": 0, "total": total, "t0": time.perf_counter(),
               "elapsed_s": 0.0, "memory_bytes": int(memory_bytes), "error": None, "result": None, "exc": None,
               "ended": threading.Event()}
        with self._lock:
            used = self.in_use()
            if used + memory_bytes > self.budget:
                raise Busy(f"Monte Carlo runs already running hold {_bytes(used)} of the server's "
                           f"{_bytes(self.budget)}; this one needs {_bytes(memory_bytes)}: "
                           "try again when one ends")
            self._jobs[job_id] = job
            while len(self._jobs) > KEPT_JOBS:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest]["status"] == "running":
                    break
                self._jobs.pop(oldest)

        def progress(done, total_=None):
            job["done"] = int(done)
            if total_:
                job["total"] = int(total_)

        def target():
            try:
                job["result"] = work(progress)
                job["done"] = job["total"]
                job["status"] = "done"
            except (InputError, Unavailable, StoreError) as e:
                job["error"], job["status"], job["exc"] = str(e), "failed", e.with_traceback(None)
            except MemoryError as e:
                job["error"], job["status"], job["exc"] = memory.OUT_OF_MEMORY, "failed", e.with_traceback(None)
            except Exception as e:  # noqa: BLE001 - reported to the poller, never lost in a thread
                job["error"], job["status"] = f"internal error: {type(e).__name__}", "failed"
                job["exc"] = e.with_traceback(None)
            finally:
                job["elapsed_s"] = time.perf_counter() - job["t0"]
                memory.release()  # the chunks' arrays are gone: hand the heap back before answering
                job["ended"].set()

        threading.Thread(target=target, name=f"gigawatt-mc-{job_id}", daemon=True).start()
        return job_id

    def wait(self, job_id: str) -> dict:
        """The result of a job once it ends; its error re-raised if it failed."""
        with self._lock:
            job = self._jobs[job_id]
        job["ended"].wait()
        if job["exc"] is not None:
            raise job["exc"]
        return job["result"]

    def get(self, job_id: str) -> dict:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise RunNotFoundError(f"no Monte Carlo job {job_id[:40]!r} (jobs live in the server's memory)")
        out = {k: v for k, v in job.items() if k not in ("t0", "exc", "ended")}
        if job["status"] == "running":
            out["elapsed_s"] = time.perf_counter() - job["t0"]
        out["status_text"] = _status_text(out)
        return out


def _status_text(job: dict) -> str:
    draws = present.sig(job["total"])
    took = present.seconds(job["elapsed_s"])
    if job["status"] == "running":
        share = f", {present.pct(job['done'] / job['total'])}" if job["done"] and job["total"] else ""
        return f"running {draws} draws… {took}{share}"
    if job["status"] == "done":
        return f"done: {draws} draws in {took}"
    return f"failed: {job['error']}"
