"""The job runner: Monte Carlo runs in background threads, with progress, admitted by memory and slots.

This is the web's one "run a Monte Carlo with progress" helper: ``POST /api/mc`` waits on a job,
``POST /api/mc/jobs`` returns it for polling. A job's memory is estimated before it starts, from what the
engine holds per chunk in flight (:func:`estimate`); jobs run together while their estimates fit in
:data:`~gigawatt.web.limits.MEMORY_BUDGET_BYTES`, a job that could never fit is refused with 422, one that
must wait for others gets 429. Other heavy requests (a power solve, a claims check) hold a fixed estimate
of the same budget while they run (:meth:`Jobs.hold`), so heavy requests together are refused with 429
rather than crashing the server. A finished job keeps its JSON payload only (no scenario, plan or
traceback), and the memory a job held is handed back when it ends (:func:`gigawatt.web.memory.release`).
Background jobs queue (bounded per server and per client) and take their memory and thread only when they
start; a job is cancelled by ``DELETE /api/mc/jobs/{id}`` or, for ``POST /api/mc``, when its client leaves.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass

from gigawatt import present
from gigawatt.errors import InputError
from gigawatt.store import RunNotFoundError, StoreError
from gigawatt.web import memory
from gigawatt.web.errors import Busy, Unavailable
from gigawatt.web.limits import (HOLD_WAIT_S, HOLD_WAITERS, JOB_SLOTS, JOB_THREADS, KEPT_JOB_S, KEPT_JOBS, KIND_SLOTS, MAX_CHUNK,
                                 MAX_CLIENT_JOBS, MAX_QUEUED_JOBS, MEMORY_BUDGET_BYTES, POWER_BYTES,
                                 SUB_BLOCK)


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


class Cancelled(Exception):
    """Raised in a job's progress callback once its client cancelled it or went away."""


class Jobs:
    """Queued, running and recently finished Monte Carlo jobs, in this server's memory.

    At most :data:`JOB_SLOTS` jobs and held requests run at once, each in its own thread, admitted by memory
    when it *starts* (a queued job holds no budget and no thread). Background jobs wait in one queue of at
    most :data:`MAX_QUEUED_JOBS`, and one client may have at most :data:`MAX_CLIENT_JOBS` queued or running
    (else 429). Finished jobs are kept for polling, at most :data:`KEPT_JOBS` of them and for
    :data:`KEPT_JOB_S` seconds, whatever still runs."""

    def __init__(self, budget: int = MEMORY_BUDGET_BYTES, slots: int = JOB_SLOTS,
                 max_queued: int = MAX_QUEUED_JOBS, per_client: int = MAX_CLIENT_JOBS, hold_wait_s: float = HOLD_WAIT_S):
        self.budget, self.slots, self.max_queued, self.per_client = budget, slots, max_queued, per_client
        self.hold_wait_s = hold_wait_s  # how long a held request waits for a slot (Jobs.hold)
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)  # notified whenever a held request ends
        self._waiting: dict[str, int] = {}  # kind -> held requests waiting for one of that kind to end
        self._jobs: OrderedDict[str, dict] = OrderedDict()
        self._held: dict[str, int] = {}  # kind -> bytes held by heavy requests other than jobs (Jobs.hold)
        self._holding: dict[str, int] = {}  # kind -> held requests running

    def _running(self) -> list[dict]:
        return [j for j in self._jobs.values() if j["status"] == "running"]

    def in_use(self) -> int:
        """Bytes the running jobs and held requests are estimated to hold (queued jobs hold none)."""
        return sum(self._held.values()) + sum(j["memory_bytes"] for j in self._running())

    def busy_slots(self) -> int:
        """Running jobs and held requests."""
        return len(self._running()) + sum(self._holding.values())

    def counts(self) -> dict:
        """Jobs by status and held requests by kind (for tests and the load script's report)."""
        with self._lock:
            by = {}
            for j in self._jobs.values():
                by[j["status"]] = by.get(j["status"], 0) + 1
            return {**by, "held": dict(self._holding)}

    def _kind_full(self, kind: str) -> bool:
        return self._holding.get(kind, 0) >= KIND_SLOTS.get(kind, self.slots)

    def _slot_free(self, kind: str) -> bool:
        return not self._kind_full(kind) and self.busy_slots() < self.slots

    def _wait_for_slot(self, kind: str, wait_s: float) -> None:
        """With the lock held: while no slot is free for ``kind``, wait up to ``wait_s`` for one, if fewer than
        :data:`HOLD_WAITERS` requests wait already (a page reloaded while its panels' requests still run gets its
        answers instead of 429; a flood still gets 429 at once). Nothing is held while waiting."""
        if self._slot_free(kind) or wait_s <= 0 or sum(self._waiting.values()) >= HOLD_WAITERS:
            return
        self._waiting[kind] = self._waiting.get(kind, 0) + 1
        try:
            self._freed.wait_for(lambda: self._slot_free(kind), timeout=wait_s)
        finally:
            self._waiting[kind] -= 1

    def _refuse_hold(self, memory_bytes: int, what: str, field: str, kind: str) -> None:
        if self._kind_full(kind):
            raise Busy(f"{what} is already running on this server (one at a time): try again when it ends",
                       field=field)
        if self.busy_slots() >= self.slots:
            raise Busy(f"the server runs {self.slots} heavy requests at once and all are taken; "
                       f"{what} must wait: try again when one ends", field=field)
        used = self.in_use()
        if used + memory_bytes > self.budget:
            raise Busy(f"runs already running hold {_bytes(used)} of the server's "
                       f"{_bytes(self.budget)}; {what} needs about {_bytes(memory_bytes)}: "
                       "try again when one ends", field=field)

    @contextmanager
    def hold(self, memory_bytes: int, what: str, field: str = "request", kind: str = "request",
             wait_s: float | None = None):
        """Hold a slot and ``memory_bytes`` of the budget while a heavy request (``what``) runs; Busy (429) when
        the memory does not fit, at once, and when no slot is free (or one of its ``kind`` runs) after waiting up
        to ``wait_s`` (default: the server's ``hold_wait_s``) for one (at most :data:`HOLD_WAITERS` wait; nothing is held while waiting). Slot and memory
        are handed back when it ends, and queued jobs started."""
        with self._lock:
            self._wait_for_slot(kind, self.hold_wait_s if wait_s is None else wait_s)
            self._refuse_hold(memory_bytes, what, field, kind)
            self._held[kind] = self._held.get(kind, 0) + memory_bytes
            self._holding[kind] = self._holding.get(kind, 0) + 1
        try:
            yield
        finally:
            with self._lock:
                self._held[kind] -= memory_bytes
                self._holding[kind] -= 1
                self._dispatch()
                self._freed.notify_all()
            memory.release()

    def _refuse_job(self, memory_bytes: int, client: str, queue: bool) -> None:
        if not queue:
            used = self.in_use()
            waiting = any(j["status"] == "queued" for j in self._jobs.values())
            if used + memory_bytes > self.budget or self.busy_slots() >= self.slots or waiting:
                raise Busy(f"Monte Carlo runs already running hold {_bytes(used)} of the server's "
                           f"{_bytes(self.budget)} and {self.busy_slots()} of its {self.slots} slots; this one "
                           f"needs {_bytes(memory_bytes)}: try again when one ends")
            return
        active = [j for j in self._jobs.values() if j["status"] in ("queued", "running")]
        if sum(j["client"] == client for j in active) >= self.per_client:
            raise Busy(f"this client already has {self.per_client} Monte Carlo jobs queued or running (at most "
                       f"{self.per_client}): try again when one ends")
        if sum(j["status"] == "queued" for j in active) >= self.max_queued:
            raise Busy(f"{self.max_queued} Monte Carlo jobs are already waiting on this server: "
                       "try again when one ends")

    def start(self, work, total: int, memory_bytes: int, client: str = "", queue: bool = True) -> str:
        """Queue ``work(progress)``; it runs in a thread once a slot and its memory are free. Busy (429) when
        the queue or the client's share of it is full, or (``queue=False``) when it cannot start now."""
        job_id = uuid.uuid4().hex[:12]
        job = {"job_id": job_id, "status": "queued", "done": 0, "total": total, "t0": time.perf_counter(),
               "elapsed_s": 0.0, "memory_bytes": int(memory_bytes), "error": None, "result": None, "exc": None,
               "ended": threading.Event(), "cancel": threading.Event(), "client": client, "work": work}
        with self._lock:
            self._refuse_job(memory_bytes, client, queue)
            self._jobs[job_id] = job
            self._evict()
            self._dispatch()
        return job_id

    def _evict(self) -> None:
        """Drop finished jobs beyond :data:`KEPT_JOBS` (oldest first) or older than :data:`KEPT_JOB_S`."""
        now = time.perf_counter()
        finished = [j for j in self._jobs.values() if j["status"] in ("done", "failed", "cancelled")]
        for n, j in enumerate(finished):
            if n < len(finished) - KEPT_JOBS or now - j["t0"] - j["elapsed_s"] > KEPT_JOB_S:
                self._jobs.pop(j["job_id"])

    def _dispatch(self) -> None:
        """Start queued jobs, oldest first, while a slot and their memory are free (called under the lock)."""
        for job in [j for j in self._jobs.values() if j["status"] == "queued"]:
            if self.busy_slots() >= self.slots or self.in_use() + job["memory_bytes"] > self.budget:
                return
            job["status"], job["t0"] = "running", time.perf_counter()
            threading.Thread(target=self._run, args=(job,), name=f"gigawatt-mc-{job['job_id']}",
                             daemon=True).start()

    def _run(self, job: dict) -> None:
        def progress(done, total_=None):
            if job["cancel"].is_set():
                raise Cancelled
            job["done"] = int(done)
            if total_:
                job["total"] = int(total_)

        try:
            job["result"] = job["work"](progress)
            job["done"], job["status"] = job["total"], "done"
        except Cancelled:
            job["error"], job["status"] = "cancelled by its client", "cancelled"
        except (InputError, Unavailable, StoreError) as e:
            job["error"], job["status"], job["exc"] = str(e), "failed", e.with_traceback(None)
        except MemoryError as e:
            job["error"], job["status"], job["exc"] = memory.OUT_OF_MEMORY, "failed", e.with_traceback(None)
        except Exception as e:  # noqa: BLE001 - reported to the poller, never lost in a thread
            job["error"], job["status"] = f"internal error: {type(e).__name__}", "failed"
            job["exc"] = e.with_traceback(None)
        finally:
            job["work"] = None
            job["elapsed_s"] = time.perf_counter() - job["t0"]
            memory.release()  # the chunks' arrays are gone: hand the heap back before answering
            job["ended"].set()
            with self._lock:
                self._evict()
                self._dispatch()

    def cancel(self, job_id: str) -> dict:
        """Cancel a queued or running job (a running one stops at its next chunk); its status after."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None and job["status"] == "queued":
                job["status"], job["error"], job["work"] = "cancelled", "cancelled by its client", None
                job["ended"].set()
        if job is not None:
            job["cancel"].set()
        return self.get(job_id)

    def ended(self, job_id: str) -> threading.Event:
        with self._lock:
            return self._jobs[job_id]["ended"]

    def wait(self, job_id: str) -> dict:
        """The result of a job once it ends; its error re-raised if it failed."""
        with self._lock:
            job = self._jobs[job_id]
        job["ended"].wait()
        if job["status"] == "cancelled":
            raise Unavailable("the Monte Carlo run was cancelled (its client went away)")
        if job["exc"] is not None:
            raise job["exc"]
        return job["result"]

    def get(self, job_id: str) -> dict:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise RunNotFoundError(f"no Monte Carlo job {job_id[:40]!r} (jobs live in the server's memory "
                                   f"and finished ones are kept {KEPT_JOB_S // 60} minutes)")
        out = {k: v for k, v in job.items() if k not in ("t0", "exc", "ended", "cancel", "client", "work")}
        if job["status"] == "running":
            out["elapsed_s"] = time.perf_counter() - job["t0"]
        out["status_text"] = _status_text(out)
        return out


def power_hold(jobs: Jobs, scn):
    """While a scenario with ``energy.supply: optimised`` runs (``/api/run``, ``/api/tornado``): the power
    slot and :data:`POWER_BYTES` of the budget, and the HiGHS deadline, as ``POST /api/power`` holds them;
    nothing for a flat supply."""
    from gigawatt.web.loading import uses_power

    if not uses_power(scn):
        return nullcontext()
    return _power_slot(jobs.hold(POWER_BYTES, "a power solve (energy.supply: optimised)", field="scenario",
                                 kind="power"))


@contextmanager
def _power_slot(held):
    """``held`` with every HiGHS solve inside sharing :data:`POWER_SOLVE_S` (a solve past it: one line, 422)."""
    from gigawatt.power import highs
    from gigawatt.web.limits import POWER_SOLVE_S

    with held, highs.deadline(POWER_SOLVE_S):
        yield


def _status_text(job: dict) -> str:
    draws = present.sig(job["total"])
    took = present.seconds(job["elapsed_s"])
    if job["status"] == "running":
        share = f", {present.pct(job['done'] / job['total'])}" if job["done"] and job["total"] else ""
        return f"running {draws} draws… {took}{share}"
    if job["status"] == "queued":
        return f"queued: {draws} draws wait for a free slot"
    if job["status"] == "done":
        return f"done: {draws} draws in {took}"
    if job["status"] == "cancelled":
        return "cancelled"
    return f"failed: {job['error']}"
