"""The plan of a Monte Carlo: the model, its draws, and the outputs aggregated (picklable for Dask)."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any, Iterable

import numpy as np

from gigawatt import outputs as schema
from gigawatt import timeline
from gigawatt.errors import InputError, show
from gigawatt.headline import DATE_ARRAYS as _DATES

MAX_DRAWS = 100_000_000       # documented cap on draws per run
BLOCK = 8192                  # the sampler's block: draws seeded together from SeedSequence(seed, spawn_key=(b,))
SUB = 1024                    # draws per sub-block: the unit of ordered, reproducible summation
DEFAULT_CHUNK = 8192          # draws per chunk: one sampler block, and arrays small enough to stay in cache
LEVELS = (0.05, 0.5, 0.95)
# Headline figures that are dates: aggregated as quarters (or years) after the horizon's start, +inf = never.
QUARTER_FIGURES = ("first_gw_quarter", "full_build_quarter")
YEAR_FIGURES = ("revenue_covers_year",)


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
    """Everything a chunk needs: the model (one program or a composite), the draws, the outputs."""

    model: Any           # simulate.Program or portfolio.Composite: .static, .dists, .correlation, .evaluate, .headline
    seed: int
    draws: int
    chunk: int
    outputs: tuple[Output, ...]
    bytes_per_draw: int  # the model's working memory per draw in a chunk (estimate, see memory_per_draw)

    @property
    def static(self) -> Any:
        return self.model.static

    @property
    def scenario_name(self) -> str:
        return self.model.name

    @property
    def dists(self) -> tuple:
        return self.model.dists

    @property
    def correlation(self):
        return self.model.correlation

    def chunks(self) -> list[tuple[int, int]]:
        return [(s, min(self.chunk, self.draws - s)) for s in range(0, self.draws, self.chunk)]

    @property
    def series(self) -> tuple[str, ...]:
        """The quarterly series the model must give in full (the rest only at full build)."""
        return tuple(cumulative_of(o.name) or o.name for o in self.outputs if o.kind == "series")


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


def cumulative_of(name: str) -> str | None:
    """The flow a ``cumulative:`` series sums to date, or None."""
    how, of = schema.series()[name].rule if name in schema.series() else ("", "")
    return of if how == "cumulative" else None


def series_of(data, name: str) -> np.ndarray:
    """A quarterly series to aggregate (a cumulative one summed from its flow)."""
    flow = cumulative_of(name)
    return np.cumsum(data[flow], axis=1) if flow else data[name]


def headline_of(model, data) -> dict[str, np.ndarray]:
    """Headline figures per draw; dates that never come are +inf (so that they sort last)."""
    h = model.headline(data)
    for k in QUARTER_FIGURES:
        h[k] = np.where(h[k] >= 0, h[k], np.inf)
    for k in YEAR_FIGURES:
        h[k] = np.where(np.isfinite(h[k]), h[k], np.inf)
    return h


# Working memory per draw in a chunk in flight, in float64 values per quarter: about 64 for the series of one
# program whatever its size, and about 3 per phase for the per-phase (cohort) arrays. Measured as peak RSS of a
# warmed-up process (web engineer, this session): 1 phase, chunk 8,192: 162 MB (61.8 floats per cell);
# 100 phases, chunk 2,048: 176 MB (2.7 per phase-cell); 400 phases: 746 MB (2.85).
FLOATS_PER_CELL = 64
FLOATS_PER_PHASE_CELL = 3
MEMORY_BUDGET_BYTES = 1024 * 2**20   # working memory of one chunk in flight


def memory_per_draw(model) -> int:
    """Bytes one draw of a chunk holds while it is evaluated: quarters × (series + per-phase arrays) × 8,
    summed over a composite's parts."""
    parts = getattr(model, "parts", None) or (model,)
    return sum(p.static.nq * (FLOATS_PER_CELL + FLOATS_PER_PHASE_CELL * len(p.static.phase_gw)) * 8 for p in parts)


def plan(model, draws: int, seed: int = 0, chunk: int | None = None,
         outputs: Iterable[str] | None = None, memory_budget: int = MEMORY_BUDGET_BYTES) -> Plan:
    """Validate the arguments and fix everything the chunks share.

    The chunk is the largest whole number of sub-blocks (at most ``DEFAULT_CHUNK``) whose working memory
    fits ``memory_budget``; a model too big for one sub-block is refused, whatever the draws.
    """
    draws, seed = _check_draws(draws), _check_seed(seed)
    series = tuple(outputs) if outputs is not None else schema.mc_series()
    known = schema.series()
    for s in series:
        if s not in known:
            raise InputError("outputs", f"{show(s)} is not a quarterly series; known: {', '.join(known)}")
    per_draw = memory_per_draw(model)
    fits = (memory_budget // per_draw) // SUB * SUB
    if fits < SUB:
        raise InputError("scenario", f"one chunk of {SUB:,} draws of this program would need "
                                     f"{SUB * per_draw / 2**30:.1f} GiB, more than the "
                                     f"{memory_budget / 2**30:.2f} GiB a job may use; use fewer phases "
                                     "(program.phase_gw) or a shorter horizon")
    chunk = min(_check_chunk(chunk), fits) if chunk is not None else min(DEFAULT_CHUNK, fits)
    static = model.static
    # Magnitudes from one deterministic run set each output's zero floor.
    data = model.evaluate()
    head = headline_of(model, data)
    outs = [Output(s, "series", static.nq, _scale(series_of(data, s)), 0.0, known[s].unit, known[s].description)
            for s in series]
    year0 = float(timeline.year_of(static.q0))
    heads = schema.headline()
    for k, arr in head.items():
        offset = float(static.q0) if k in QUARTER_FIGURES else (year0 if k in YEAR_FIGURES else 0.0)
        row = heads.get(k) or heads.get({v: n for n, v in _DATES.items()}.get(k, ""))
        unit, desc = (row.unit, row.description) if row else ("", k.replace("_", " "))
        outs.append(Output(k, "headline", 1, 1.0 if offset else _scale(arr), offset, unit, desc))
    return Plan(model=model, seed=seed, draws=draws, chunk=chunk, outputs=tuple(outs), bytes_per_draw=per_draw)


def _scale(x) -> float:
    x = np.abs(np.asarray(x, dtype=float))
    x = x[np.isfinite(x)]
    m = float(x.max()) if x.size else 0.0
    return m if m > 0 else 1.0
