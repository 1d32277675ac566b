"""The Monte Carlo engine: sample inputs per fixed block, evaluate in chunks, aggregate into bounded statistics.

``run(scn, draws, seed)`` cuts the stream of draws ``[0, draws)`` into chunks. Each chunk draws its inputs
from the sampler (:func:`gigawatt.uncertainty.sample`, seeded per fixed block, so a draw never depends on
the chunking), runs :func:`gigawatt.simulate.evaluate` on (chunk, quarters) arrays, and reduces the outputs
to :class:`ChunkStats`, whose size does not depend on the chunk's length:

* **quantiles** from log-linear histograms (the HDR-histogram idea): a value's bin is the top
  ``MANTISSA_BITS`` bits of its float64 mantissa plus its exponent, read straight from the bit pattern, so
  a bin is at most ``2**-MANTISSA_BITS`` (0.39 %) wide relative to its values. Values smaller than
  ``FLOOR × scale`` (the output's deterministic magnitude) count as zero; larger than ``CEIL × scale`` (and
  ±inf) fall in an overflow bin. Counts are integers, so merging chunks is exact and order-free, and the
  memory is bounded by the outputs' dynamic range, not by the number of draws.
* **means** from sums over fixed sub-blocks of ``SUB`` draws, added in sub-block order when chunks merge:
  the same floating-point operations in the same order whatever the chunk size or backend.
* **event probabilities** (:data:`EVENTS`) from integer counts.

Same seed, same draws: the statistics are bit-identical for every chunk size (a multiple of ``SUB``) and
for the local and the Dask engines (:mod:`gigawatt.distributed`).
"""

from __future__ import annotations

import functools
import math
import numbers
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

import numpy as np

from gigawatt import fields, timeline
from gigawatt.errors import InputError, show

MAX_DRAWS = 100_000_000       # documented cap on draws per run
BLOCK = 8192                  # the sampler's block: draws seeded together from SeedSequence(seed, spawn_key=(b,))
SUB = 1024                    # draws per sub-block: the unit of ordered, reproducible summation
DEFAULT_CHUNK = 8192          # draws per chunk: one sampler block, and arrays small enough to stay in cache
MANTISSA_BITS = 8             # histogram resolution: bins at most 2**-8 = 0.39 % wide
_SHIFT = 52 - MANTISSA_BITS
FLOOR = 1e-9                  # |x| below FLOOR × scale counts as 0
CEIL = 1e15                   # |x| above CEIL × scale (and ±inf) counts in the overflow bin
LEVELS = (0.05, 0.5, 0.95)

# Quarterly series aggregated by default (names of results.SERIES, plus the cumulative ones below).
DEFAULT_SERIES = ("gw_online", "it_power_gw", "gpus", "gpu_dies", "annual_energy_twh", "peak_dense_fp8_flops",
                  "capex_cumulative_usd", "vendor_investment_cumulative_usd", "vendor_equity_share",
                  "required_revenue_usd_per_year", "customer_revenue_usd_per_year")
CUMULATIVE = {"capex_cumulative_usd": ("capex_usd", "USD", "capex paid to date"),
              "vendor_investment_cumulative_usd": ("vendor_investment_cash_usd", "USD",
                                                   "vendor cash invested to date")}
# Headline figures that are dates: aggregated as quarters (or years) after the horizon's start, +inf = never.
_QUARTER_FIGURES = ("first_gw_quarter", "full_build_quarter")
_YEAR_FIGURES = ("revenue_covers_year",)


# --- events ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Event:
    """A yes/no outcome per draw; its probability is the share of draws where ``test`` holds."""

    name: str
    description: str
    test: Callable[[Mapping[str, np.ndarray], Mapping[str, np.ndarray], Any], np.ndarray]


def _at_quarter(series: np.ndarray, static, label: str) -> np.ndarray:
    """A series' value at a quarter (clamped into the horizon; 0 before it starts)."""
    q = timeline.parse_quarter(label) - static.q0
    if q < 0:
        return np.zeros(series.shape[0])
    return series[:, min(q, static.nq - 1)]


EVENTS = (
    Event("gw10_online_by_2030", "at least 10 GW of facility power online in 2030Q4",
          lambda d, h, s: _at_quarter(d["gw_online"], s, "2030Q4") >= 10.0 - 1e-9),
    Event("full_program_by_2030", "the whole planned program online by 2030Q4",
          lambda d, h, s: (h["completed_share"] >= 1 - 1e-9)
          & (h["full_build_quarter"] <= timeline.parse_quarter("2030Q4"))),
    Event("program_completed", "every planned phase goes ahead (none cancelled)",
          lambda d, h, s: h["completed_share"] >= 1 - 1e-9),
    Event("vendor_net_cash_negative", "vendor's gross profit on the sales is below its cash investment",
          lambda d, h, s: h["vendor_net_cash_usd"] < 0),
    Event("revenue_covers_by_2030", "customer revenue covers the required revenue in a year up to 2030",
          lambda d, h, s: h["revenue_covers_year"] <= 2030),
)


# --- the plan: everything a chunk needs (picklable, so Dask workers get it once) -----------------------------

@dataclass(frozen=True)
class Output:
    """One aggregated output: ``cells`` values per draw (quarters, or 1 for a headline figure)."""

    name: str
    kind: str            # "series" | "headline"
    cells: int
    scale: float         # typical magnitude (from the deterministic run); sets the zero floor
    offset: float = 0.0  # subtracted before binning (dates: the horizon's start)
    unit: str = ""
    description: str = ""

    @property
    def key(self) -> str:
        """Unique among outputs: a headline figure may share a series' name (``gpus``)."""
        return self.name if self.kind == "series" else f"headline.{self.name}"


@dataclass(frozen=True)
class Plan:
    scenario_name: str
    static: Any
    base: Mapping[str, np.ndarray]
    dists: tuple
    correlation: np.ndarray | None
    seed: int
    draws: int
    chunk: int
    outputs: tuple[Output, ...]
    platform_index: Mapping[str, int] = field(default_factory=dict)

    def chunks(self) -> list[tuple[int, int]]:
        return [(s, min(self.chunk, self.draws - s)) for s in range(0, self.draws, self.chunk)]

    @property
    def series(self) -> tuple[str, ...]:
        """The quarterly series the model must give in full (the rest only at full build)."""
        return tuple(CUMULATIVE[o.name][0] if o.name in CUMULATIVE else o.name
                     for o in self.outputs if o.kind == "series")


def _check_draws(draws) -> int:
    if isinstance(draws, bool) or not isinstance(draws, numbers.Integral):
        raise InputError("draws", f"{show(draws)} must be a whole number of draws (1 to {MAX_DRAWS:,})")
    if draws <= 0 or draws > MAX_DRAWS:
        raise InputError("draws", f"{draws:,} is outside 1 to {MAX_DRAWS:,} (the cap per run; split bigger runs "
                                  "by seed)")
    return int(draws)


def _check_chunk(chunk) -> int:
    if chunk is None:
        return DEFAULT_CHUNK
    if isinstance(chunk, bool) or not isinstance(chunk, numbers.Integral) or chunk <= 0:
        raise InputError("chunk", f"{show(chunk)} must be a positive whole number of draws")
    return int(-(-int(chunk) // SUB) * SUB)  # whole sub-blocks, so sums are added in the same order


def _check_seed(seed) -> int:
    """A seed for the sampler's SeedSequence and for SALib (whose numpy seeds stop at 2**32 - 1)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or not 0 <= seed < 2**32:
        raise InputError("--seed", f"{show(seed)} must be a whole number from 0 to 2**32 - 1")
    return int(seed)


def sampled_inputs(scn) -> tuple[list, np.ndarray | None]:
    """The distributions the Monte Carlo draws, in stream order, and their rank-correlation matrix.

    When phases may be cancelled (``program.continue_probability`` below 1, fixed or uncertain), the
    hidden uniform ``program.continue_draw`` that decides it joins the stream, uncorrelated, last.
    """
    from gigawatt import uncertainty

    dists = fields.distributions(scn)
    corr = fields.correlation_matrix(scn, dists)
    fixed = fields.fixed_values(scn)
    uncertain = {d.path for d in dists}
    p_continue = float(fixed.get("program.continue_probability", scn.program.continue_probability))
    if "program.continue_probability" in uncertain or p_continue < 1.0:
        dists = dists + [uncertainty.parse_distribution("program.continue_draw",
                                                        {"dist": "uniform", "low": 0.0, "high": 1.0})]
        if corr is not None:
            k = len(dists)
            grown = np.eye(k)
            grown[: k - 1, : k - 1] = corr
            corr = grown
    return dists, corr


def _series_arrays(data: Mapping[str, np.ndarray], name: str) -> np.ndarray:
    if name in CUMULATIVE:
        return np.cumsum(data[CUMULATIVE[name][0]], axis=1)
    return data[name]


def _headline(data, static) -> dict[str, np.ndarray]:
    from gigawatt.results import headline_arrays

    h = headline_arrays(data, static)
    for k in _QUARTER_FIGURES:
        h[k] = np.where(h[k] >= 0, h[k], np.inf)
    for k in _YEAR_FIGURES:
        h[k] = np.where(np.isfinite(h[k]), h[k], np.inf)
    return h


def plan(scn, draws: int, seed: int = 0, chunk: int | None = None,
         outputs: Iterable[str] | None = None) -> Plan:
    """Validate the arguments and fix everything the chunks share."""
    from gigawatt import results
    from gigawatt.model import deployment
    from gigawatt.simulate import evaluate, inputs, prepare

    draws, seed, chunk = _check_draws(draws), _check_seed(seed), _check_chunk(chunk)
    series = tuple(outputs) if outputs is not None else DEFAULT_SERIES
    for s in series:
        if s not in results.SERIES and s not in CUMULATIVE:
            known = ", ".join(list(results.SERIES) + list(CUMULATIVE))
            raise InputError("outputs", f"{show(s)} is not a quarterly series; known: {known}")
    static = prepare(scn)
    base = inputs(scn)
    dists, corr = sampled_inputs(scn)
    fixed = fields.fixed_values(scn)
    names = static.platform_names
    index = {n: i for i, n in enumerate(names)} | {"auto": deployment.AUTO}
    if "program.platform" in fixed:
        base = dict(base) | {"program.platform": np.array([index[fixed["program.platform"]]])}
    # Magnitudes from one deterministic run set each output's zero floor.
    data = evaluate(static, base)
    head = _headline(data, static)
    outs = []
    for s in series:
        unit, desc = (CUMULATIVE[s][1:] if s in CUMULATIVE else results.SERIES[s])
        outs.append(Output(s, "series", static.nq, _scale(_series_arrays(data, s)), 0.0, unit, desc))
    year0 = float(timeline.year_of(static.q0))
    for k, arr in head.items():
        offset = float(static.q0) if k in _QUARTER_FIGURES else (year0 if k in _YEAR_FIGURES else 0.0)
        unit, desc = results.HEADLINE.get(k, ("quarter" if k in _QUARTER_FIGURES else "", k.replace("_", " ")))
        scale = 1.0 if offset else _scale(arr)
        outs.append(Output(k, "headline", 1, scale, offset, unit, desc))
    return Plan(scenario_name=scn.name, static=static, base=base, dists=tuple(dists), correlation=corr,
                seed=seed, draws=draws, chunk=chunk, outputs=tuple(outs), platform_index=index)


def _scale(x) -> float:
    x = np.abs(np.asarray(x, dtype=float))
    x = x[np.isfinite(x)]
    m = float(x.max()) if x.size else 0.0
    return m if m > 0 else 1.0


# --- one chunk ----------------------------------------------------------------------------------------------

@dataclass
class Histogram:
    """Counts of ``cells`` log-linear histograms over signed bin indices ``lo .. lo + width - 1``."""

    lo: int
    counts: np.ndarray   # (cells, width) int64

    @property
    def hi(self) -> int:
        return self.lo + self.counts.shape[1] - 1

    def merge(self, other: "Histogram") -> "Histogram":
        lo, hi = min(self.lo, other.lo), max(self.hi, other.hi)
        if (lo, hi) == (self.lo, self.hi):
            out = self.counts
        else:
            out = np.zeros((self.counts.shape[0], hi - lo + 1), dtype=np.int64)
            out[:, self.lo - lo: self.lo - lo + self.counts.shape[1]] = self.counts
        out[:, other.lo - lo: other.lo - lo + other.counts.shape[1]] += other.counts
        return Histogram(lo, out)


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


def _bin_limits(scale: float) -> tuple[int, int]:
    """(kfloor, kover) of an output's histogram: the float64 bin of FLOOR × scale, and the overflow index."""
    kfloor = int(np.float64(FLOOR * scale).view(np.int64)) >> _SHIFT
    return kfloor, (int(np.float64(CEIL * scale).view(np.int64)) >> _SHIFT) - kfloor + 2


def _keys(x: np.ndarray, scale: float) -> np.ndarray:
    """Signed bin index of every value: 0 for |x| < FLOOR × scale, ±1.. by magnitude, ±kover for overflow."""
    kfloor, kover = _bin_limits(scale)
    k = np.abs(x).view(np.int64)
    np.right_shift(k, _SHIFT, out=k)
    np.subtract(k, kfloor - 1, out=k)
    np.clip(k, 0, kover, out=k)
    if np.signbit(x).any():
        np.negative(k, out=k, where=x < 0)
    return k


def _histogram(x: np.ndarray, scale: float) -> tuple[int, np.ndarray]:
    """Counts per cell and signed bin index (see :func:`_keys`): (lowest index, counts (cells, width))."""
    kernel = _jit_histogram()
    if kernel is not None and x.size >= 4096:
        return kernel(np.ascontiguousarray(x), *_bin_limits(scale), _SHIFT)
    k = _keys(x, scale)
    lo, hi = int(k.min()), int(k.max())
    width = hi - lo + 1
    cells = x.shape[1]
    np.add(k, (np.arange(cells, dtype=np.int64) * width - lo)[None, :], out=k)
    return lo, np.bincount(k.ravel(), minlength=cells * width).reshape(cells, width)


@functools.cache
def _jit_histogram():
    """:func:`_keys` and the counting fused in one compiled pass (numba), or None without numba."""
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(nogil=True, cache=True)
    def kernel(x, kfloor, kover, shift):  # pragma: no cover - compiled
        n, cells = x.shape
        keys = np.empty((n, cells), dtype=np.int64)
        bits = np.abs(x).view(np.int64)
        lo, hi = kover, -kover
        for i in range(n):
            for c in range(cells):
                k = (bits[i, c] >> shift) - (kfloor - 1)
                k = min(max(k, 0), kover)
                if x[i, c] < 0:
                    k = -k
                keys[i, c] = k
                lo = min(lo, k)
                hi = max(hi, k)
        counts = np.zeros((cells, hi - lo + 1), dtype=np.int64)
        for i in range(n):
            for c in range(cells):
                counts[c, keys[i, c] - lo] += 1
        return lo, counts

    return kernel


def _bin_edges(k: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """|x| range [lower, upper) of positive bin indices ``k`` >= 1."""
    kfloor, _ = _bin_limits(scale)
    key = (np.asarray(k, dtype=np.int64) + kfloor - 1)
    lower = (key << _SHIFT).view(np.float64)
    upper = ((key + 1) << _SHIFT).view(np.float64)
    return lower, upper


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
    from gigawatt.simulate import evaluate

    draws = uncertainty.sample(list(plan.dists), n, plan.seed, start=start, correlation=plan.correlation,
                               block=BLOCK)
    params = dict(plan.base)
    for path, values in draws.items():
        if path == "program.platform":
            uniq, inverse = np.unique(values, return_inverse=True)
            params[path] = np.array([plan.platform_index[str(v)] for v in uniq], dtype=np.int64)[inverse]
        else:
            params[path] = values
    data = evaluate(plan.static, params, series=plan.series)
    head = _headline(data, plan.static)
    stats = {}
    for o in plan.outputs:
        x = _series_arrays(data, o.name) if o.kind == "series" else head[o.name][:, None]
        stats[o.key] = _reduce(x, o, start)
    events = {e.name: int(np.count_nonzero(e.test(data, head, plan.static))) for e in EVENTS}
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


def _quantiles_of(h: Histogram, out: Output, levels: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Quantiles (numpy's default 'linear' definition) per cell from the histogram. [(levels, cells)]"""
    kover = _bin_limits(out.scale)[1]
    res = np.full((len(levels), h.counts.shape[0]), np.nan)
    idx = np.arange(h.lo, h.hi + 1)
    mag = np.abs(idx)
    lower, upper = _bin_edges(np.maximum(mag, 1), out.scale)
    for c in range(h.counts.shape[0]):
        cnt = h.counts[c]
        total = int(cnt.sum())
        if total == 0:
            continue
        cum = np.cumsum(cnt)

        def order_stat(j):
            b = int(np.searchsorted(cum, j, side="right"))
            before = cum[b - 1] if b > 0 else 0
            frac = (j - before + 0.5) / cnt[b]
            k = idx[b]
            if k == 0:
                return 0.0
            if abs(k) >= kover:
                return math.copysign(math.inf, k)
            lo_, hi_ = lower[b], upper[b]
            return lo_ + frac * (hi_ - lo_) if k > 0 else -hi_ + frac * (hi_ - lo_)

        for i, p in enumerate(levels):
            hpos = p * (total - 1)
            j0 = int(math.floor(hpos))
            j1 = min(j0 + 1, total - 1)
            # The extreme order statistics are known exactly.
            v0 = low[c] if j0 == 0 else (high[c] if j0 == total - 1 else order_stat(j0))
            v1 = high[c] if j1 == total - 1 else (low[c] if j1 == 0 else order_stat(j1))
            t = hpos - j0
            res[i, c] = v0 if (t == 0 or v0 == v1) else v0 + t * (v1 - v0)
    # Estimates never leave the exact range seen (this makes P0 and P100 exact).
    res = np.where(np.isnan(res), res, np.clip(res, low[None, :], high[None, :]))
    return res + out.offset


@dataclass
class MCResults:
    """A Monte Carlo run: per-quarter and headline statistics, and event probabilities."""

    plan: Plan
    hist: dict
    nan: dict
    finite: dict
    sums: dict
    low: dict
    high: dict
    events: dict

    @property
    def draws(self) -> int:
        return self.plan.draws

    @property
    def seed(self) -> int:
        return self.plan.seed

    @property
    def quarters(self) -> list[str]:
        return self.plan.static.labels

    @property
    def series_names(self) -> list[str]:
        return [o.name for o in self.plan.outputs if o.kind == "series"]

    @property
    def headline_names(self) -> list[str]:
        return [o.name for o in self.plan.outputs if o.kind == "headline"]

    def _output(self, name: str, kind: str | None) -> Output:
        for o in self.plan.outputs:
            if o.name == name and (kind is None or o.kind == kind):
                return o
        raise InputError("name", f"{show(name)} was not aggregated; series: {', '.join(self.series_names)}; "
                                 f"headline: {', '.join(self.headline_names)}")

    def quantiles(self, name: str, levels=LEVELS, kind: str | None = None) -> np.ndarray:
        """Quantiles of an output: (levels, quarters) for a series, (levels,) for a headline figure.

        A name that is both (``gpus``) means the series unless ``kind="headline"``. Dates are quarter
        ordinals (years for ``revenue_covers_year``); +inf means "not within the horizon".
        """
        o = self._output(name, kind)
        scalar = np.ndim(levels) == 0
        lv = np.atleast_1d(np.asarray(levels, dtype=float))
        if np.any((lv < 0) | (lv > 1)) or np.any(np.isnan(lv)):
            raise InputError("levels", f"quantile levels {show(list(lv))} must lie in [0, 1]")
        q = _quantiles_of(self.hist[o.key], o, lv, self.low[o.key], self.high[o.key])
        if o.kind == "headline" and o.name in _QUARTER_FIGURES + _YEAR_FIGURES:
            q = np.round(q)  # a quarter or a year: whole, not interpolated between two
        q = q[:, 0] if o.kind == "headline" else q
        return q[0] if scalar else q

    def headline_quantiles(self, name: str, levels=LEVELS) -> np.ndarray:
        return self.quantiles(name, levels, kind="headline")

    def mean(self, name: str, kind: str | None = None):
        """Mean: (quarters,) for a series, a float for a headline figure.

        NaN draws (no value) are left out; where some draws are infinite (a date that never comes) the
        mean is infinite too, never a mean of the rest that could fall below the P5.
        """
        o = self._output(name, kind)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = self.sums[o.key] / self.finite[o.key] + o.offset
        m = np.where(self.finite[o.key] + self.nan[o.key] < self.draws, np.inf, m)
        return float(m[0]) if o.kind == "headline" else m

    @property
    def probabilities(self) -> dict[str, float]:
        return {k: v / self.draws for k, v in self.events.items()}

    def summary(self, levels=LEVELS):
        """Headline figures as a table: figure, mean, one column per level, unit, description."""
        import pandas as pd

        rows = []
        for o in self.plan.outputs:
            if o.kind != "headline":
                continue
            q = self.quantiles(o.name, levels, kind="headline")
            row = {"figure": o.name, "mean": self.mean(o.name, kind="headline")}
            row.update({_level_name(p): v for p, v in zip(levels, q)})
            row.update({"unit": o.unit, "description": o.description})
            rows.append(row)
        return pd.DataFrame(rows)

    def to_json(self, levels=LEVELS) -> dict[str, Any]:
        from gigawatt.results import _clean

        def clean(a):
            return [_clean(v) for v in np.asarray(a).ravel()]

        head = {}
        for name in self.headline_names:
            q = self.quantiles(name, levels, kind="headline")
            entry = {"mean": _clean(self.mean(name, kind="headline"))}
            entry.update({_level_name(p): _clean(v) for p, v in zip(levels, q)})
            o = self._output(name, "headline")
            entry["unit"] = o.unit
            head[name] = entry
        series = {}
        for name in self.series_names:
            q = self.quantiles(name, levels, kind="series")
            entry = {"mean": clean(self.mean(name, kind="series"))}
            entry.update({_level_name(p): clean(row) for p, row in zip(levels, q)})
            entry["unit"] = self._output(name, "series").unit
            series[name] = entry
        return {
            "scenario": self.plan.scenario_name, "draws": self.draws, "seed": self.seed,
            "quarters": self.quarters, "levels": list(levels),
            "inputs": [{"path": d.path, "dist": d.kind,
                        "params": {k: (list(v) if isinstance(v, tuple) else _clean(v)) for k, v in d.params.items()}}
                       for d in self.plan.dists],
            "headline": head,
            "probabilities": {k: {"probability": p, "description": _event(k).description}
                              for k, p in self.probabilities.items()},
            "series": series,
        }

    def table(self, levels=(0.05, 0.25, 0.5, 0.75, 0.95)):
        """Per-quarter statistics as a long table: series, quarter, mean, p5 ... p95, unit."""
        import pandas as pd

        frames = []
        for name in self.series_names:
            q = self.quantiles(name, levels, kind="series")
            df = pd.DataFrame({"series": name, "quarter": self.quarters, "mean": self.mean(name, kind="series")})
            for p, row in zip(levels, q):
                df[_level_name(p)] = row
            df["unit"] = self._output(name, "series").unit
            frames.append(df)
        return pd.concat(frames, ignore_index=True)

    def to_parquet(self, path) -> None:
        """Write the per-quarter statistics to Parquet, atomically (no partial file on error)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(self.table(), preserve_index=False)
        table = table.replace_schema_metadata({"scenario": self.plan.scenario_name, "draws": str(self.draws),
                                               "seed": str(self.seed)})
        write_atomic(path, lambda tmp: pq.write_table(table, tmp))


def _level_name(p: float) -> str:
    return f"p{100 * p:g}".replace(".", "_")


def _event(name: str) -> Event:
    return next(e for e in EVENTS if e.name == name)


def write_atomic(path, write: Callable[[str], None]) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    from gigawatt import files

    folder = os.path.dirname(os.path.abspath(os.fspath(path)))
    if not os.path.isdir(folder):
        raise InputError("--out", f"folder {folder!r} does not exist")
    files.write_atomic(path, write)


# --- the engine ---------------------------------------------------------------------------------------------

def run(scn, draws: int, seed: int = 0, chunk: int | None = None, workers: int | None = None,
        scheduler: str | None = None, progress: Callable[[int, int], None] | None = None,
        outputs: Iterable[str] | None = None, threads: int | None = None) -> MCResults:
    """Monte Carlo of a scenario: ``draws`` draws from ``seed``, aggregated in chunks of ``chunk``.

    ``workers`` starts a local Dask cluster of that many processes, ``scheduler`` joins one (address);
    otherwise the chunks run in this process on ``threads`` threads (default: one per core, at most 4; numpy
    and the compiled scatter release the GIL, and the result does not depend on it). ``progress``
    is called with (draws done, draws) after each chunk. Same seed, same statistics, whatever the engine.
    """
    if workers is not None and scheduler is not None:
        raise InputError("--workers", "give either --workers (a local cluster) or --scheduler (an existing one)")
    p = plan(scn, draws, seed=seed, chunk=chunk, outputs=outputs)
    if workers is not None or scheduler is not None:
        from gigawatt import distributed

        return distributed.run(p, workers=workers, scheduler=scheduler, progress=progress)
    return run_local(p, progress=progress, threads=threads)


def run_local(p: Plan, progress=None, threads: int | None = None) -> MCResults:
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
