"""The Monte Carlo engine: sample a chunk of draws, evaluate the model, reduce to bounded statistics; merge.

Each chunk draws its inputs from the sampler (seeded per fixed block, so a draw never depends on the
chunking), runs the plan's model on (chunk, quarters) arrays and reduces the outputs to :class:`ChunkStats`,
whose size does not depend on the chunk's length: histogram sketches (:mod:`.sketch`), sums over fixed
sub-blocks of ``SUB`` draws (added in sub-block order, so the same seed gives bit-identical means for any
chunk size or backend), exact minimum and maximum, and event counts. The model is whatever the plan holds:
one program or a composite (the engine does not know which).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from gigawatt.montecarlo.events import EVENTS
from gigawatt.montecarlo.plan import BLOCK, SUB, Output, Plan, headline_of, series_of
from gigawatt.montecarlo.results import MCResults
from gigawatt.montecarlo.sketch import Histogram, _bin_limits, _histogram


@dataclass
class OutputStats:
    hist: Histogram
    nan: np.ndarray        # (cells,) NaN draws (left out of quantiles and means)
    first_sub: int         # global index of the first sub-block in sub_sums
    sub_sums: np.ndarray   # (sub-blocks, cells) sums of the finite values
    finite: np.ndarray     # (cells,) finite draws
    low: np.ndarray        # (cells,) smallest value (NaN ignored)
    high: np.ndarray       # (cells,) largest value


@dataclass
class ChunkStats:
    start: int
    n: int
    outputs: dict[str, OutputStats]
    events: dict[str, int]


def _reduce(x: np.ndarray, out: Output, start: int) -> OutputStats:
    """Statistics of one output over a chunk: ``x`` shaped (n, cells), draws ``start .. start + n``."""
    x = np.asarray(x, dtype=np.float64).reshape(x.shape[0], out.cells)
    if out.offset:
        x = x - out.offset
    n = x.shape[0]
    # Sub-block sums, always over the same draws in the same order.
    first_sub = start // SUB
    bounds = np.arange(first_sub * SUB, start + n, SUB) - start
    bounds[0] = 0
    sums = np.add.reduceat(x, bounds, axis=0)
    finite = np.full(out.cells, n, dtype=np.int64)
    nan = np.zeros(out.cells, dtype=np.int64)
    if not np.isfinite(sums).all():  # rare path: leave non-finite values out of the sums
        ok = np.isfinite(x)
        sums = np.add.reduceat(np.where(ok, x, 0.0), bounds, axis=0)
        finite = ok.sum(axis=0)
        nan = np.isnan(x).sum(axis=0)
    lo, counts = _histogram(x, out.scale)
    if nan.any():  # NaN fell in the overflow bin: take it out
        counts[:, _bin_limits(out.scale)[1] - lo] -= nan
    return OutputStats(Histogram(lo, counts), nan, first_sub, sums, finite, np.fmin.reduce(x, axis=0),
                       np.fmax.reduce(x, axis=0))


def run_chunk(plan: Plan, start: int, n: int) -> ChunkStats:
    """Draws ``[start, start + n)``: sample, evaluate, reduce. Pure: same arguments, same result."""
    from gigawatt import uncertainty

    model = plan.model
    draws = uncertainty.sample(list(model.dists), n, plan.seed, start=start, correlation=model.correlation,
                               block=BLOCK)
    data = model.evaluate(draws, series=plan.series)
    head = headline_of(model, data)
    stats = {}
    for o in plan.outputs:
        x = series_of(data, o.name) if o.kind == "series" else head[o.name][:, None]
        stats[o.key] = _reduce(x, o, start)
    # an outcome no input moves comes as one value for all n draws: count it n times, not once
    events = {e.name: int(np.count_nonzero(np.broadcast_to(e.test(data, head, plan.static), (n,))))
              for e in EVENTS}
    return ChunkStats(start, n, stats, events)


def run_chunks(plan: Plan, start: int, n: int) -> ChunkStats:
    """Draws ``[start, start + n)`` as consecutive chunks of ``plan.chunk``, merged into one ChunkStats.

    A remote task runs several chunks this way: the statistics it sends back (mostly histograms, whose
    size depends on the outputs' range, not on the draws) are then shipped once per group, not per chunk.
    """
    return merge_consecutive([run_chunk(plan, s, min(plan.chunk, start + n - s))
                              for s in range(start, start + n, plan.chunk)])


def merge_consecutive(parts: list[ChunkStats]) -> ChunkStats:
    """Statistics of consecutive chunks as one: histograms and counts added, sub-block sums kept in order."""
    first = parts[0]
    outputs = {}
    for key, st0 in first.outputs.items():
        sts = [p.outputs[key] for p in parts]
        hist = Histogram(st0.hist.lo, st0.hist.counts.copy())
        for st in sts[1:]:
            hist = hist.merge(st.hist)
        outputs[key] = OutputStats(
            hist, sum(st.nan for st in sts), st0.first_sub, np.concatenate([st.sub_sums for st in sts]),
            sum(st.finite for st in sts), np.fmin.reduce([st.low for st in sts]), np.fmax.reduce([st.high for st in sts]))
    events = {k: sum(p.events[k] for p in parts) for k in first.events}
    return ChunkStats(first.start, sum(p.n for p in parts), outputs, events)


# --- merging and the result ---------------------------------------------------------------------------------


class Accumulator:
    """Merges chunk statistics; histograms and counts in any order, sums strictly in sub-block order."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.hist: dict[str, Histogram | None] = {o.key: None for o in plan.outputs}
        self.nan = {o.key: np.zeros(o.cells, dtype=np.int64) for o in plan.outputs}
        self.finite = {o.key: np.zeros(o.cells, dtype=np.int64) for o in plan.outputs}
        self.sums = {o.key: np.zeros(o.cells) for o in plan.outputs}
        self.low = {o.key: np.full(o.cells, np.nan) for o in plan.outputs}
        self.high = {o.key: np.full(o.cells, np.nan) for o in plan.outputs}
        self.events = {e.name: 0 for e in EVENTS}
        self.done = 0
        self._next = 0                         # next draw whose sums may be added
        self._pending: dict[int, ChunkStats] = {}  # chunks that arrived early (Dask), by start

    def add(self, cs: ChunkStats) -> None:
        for name, st in cs.outputs.items():
            h = self.hist[name]
            self.hist[name] = Histogram(st.hist.lo, st.hist.counts.copy()) if h is None else h.merge(st.hist)
            self.nan[name] += st.nan
            self.finite[name] += st.finite
            self.low[name] = np.fmin(self.low[name], st.low)
            self.high[name] = np.fmax(self.high[name], st.high)
        for k, v in cs.events.items():
            self.events[k] += v
        self.done += cs.n
        self._pending[cs.start] = cs
        while self._next in self._pending:
            ready = self._pending.pop(self._next)
            for name, st in ready.outputs.items():
                acc = self.sums[name]
                for row in st.sub_sums:  # one add per sub-block, in order
                    acc += row
            self._next += ready.n

    def result(self, scenario=None) -> "MCResults":
        if self._pending or self.done != self.plan.draws:
            raise RuntimeError(f"Monte Carlo incomplete: {self.done} of {self.plan.draws} draws merged")
        return MCResults(plan=self.plan, hist=self.hist, nan=self.nan, finite=self.finite, sums=self.sums,
                         low=self.low, high=self.high, events=self.events)


def run_local(p: Plan, progress=None, threads: int | None = None) -> MCResults:
    """The chunks on ``threads`` threads (default: one per core, at most 4; numpy and the compiled kernels
    release the GIL, and the result does not depend on it), with a bounded window of chunks in flight."""
    acc = Accumulator(p)
    chunks = p.chunks()
    threads = min(os.cpu_count() or 1, 4) if threads is None else int(threads)
    if threads <= 1 or len(chunks) == 1:
        for start, n in chunks:
            acc.add(run_chunk(p, start, n))
            if progress:
                progress(acc.done, p.draws)
    else:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(threads) as pool:
            # A bounded window of chunks in flight keeps memory flat.
            pending = []
            it = iter(chunks)
            for c in it:
                pending.append(pool.submit(run_chunk, p, *c))
                if len(pending) >= threads:
                    acc.add(pending.pop(0).result())
                    if progress:
                        progress(acc.done, p.draws)
            for f in pending:
                acc.add(f.result())
                if progress:
                    progress(acc.done, p.draws)
    return acc.result()
