"""Where a claim holds as one uncertain input runs over a range: one vectorized evaluation on a grid, then
bisection of every point where the verdict flips (all flip points at once, :data:`BISECTIONS` halvings)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gigawatt import present
from gigawatt.claims.formula import evaluate_formula
from gigawatt.claims.lookup import Lookup
from gigawatt.claims.modelrun import ModelRun
from gigawatt.claims.stated import agrees

GRID_POINTS = 161
BISECTIONS = 40


def number(x: float) -> str:
    """An input value in words: an amount in dollars from $1 M up, else three significant digits."""
    return present.usd(x) if abs(x) >= 1e6 else present.sig(x)


@dataclass
class Sweep:
    path: str
    on: str | None                         # the variant swept (None: the base case)
    grid: tuple[float, float]
    intervals: list[tuple[float, float]]   # where the claim holds, within the grid
    plausible: tuple[float, float]
    coverage: str                          # all | some | none (of the plausible range)
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.path.removeprefix("ref:")

    def _span(self, a: float, b: float) -> str:
        lo, hi = self.grid
        if a <= lo and b >= hi:
            return "any value"
        if a <= lo:
            return f"≤ {number(b)}"
        if b >= hi:
            return f"≥ {number(a)}"
        return f"{number(a)}–{number(b)}"

    def describe(self) -> str:
        """Where the claim holds: ``facility.pue ≤ 1.38``."""
        if not self.intervals:
            return f"no {self.name} in {number(self.grid[0])}–{number(self.grid[1])}"
        return f"{self.name} " + " or ".join(self._span(a, b) for a, b in self.intervals)

    def describe_flip(self) -> str:
        """Where it stops holding (the complement of the intervals within the grid), or ''."""
        lo, hi = self.grid
        gaps, x = [], lo
        for a, b in self.intervals:
            if a > x:
                gaps.append((x, a))
            x = b
        if x < hi:
            gaps.append((x, hi))
        return f"{self.name} " + " or ".join(self._span(a, b) for a, b in gaps) if gaps else ""


def _intervals(xs: np.ndarray, ok: np.ndarray, edges: list[float]) -> list[tuple[float, float]]:
    """Holding intervals from grid flags and the refined flip points between grid neighbours."""
    out, start, j = [], (xs[0] if ok[0] else None), 0
    for i in range(len(xs) - 1):
        if ok[i] != ok[i + 1]:
            e = edges[j]
            j += 1
            if ok[i + 1]:
                start = e
            else:
                out.append((start, e))
                start = None
    if start is not None:
        out.append((start, xs[-1]))
    return out


def sweep(formula: str, stated: dict, tolerance: float, lookup: Lookup, run: ModelRun | None, path: str,
          grid: tuple[float, float], plausible: tuple[float, float], n: int = GRID_POINTS) -> Sweep:
    """Where the claim holds as ``path`` runs over ``grid``: one vectorized evaluation, then bisection."""
    lo, hi = float(grid[0]), float(grid[1])
    xs = np.unique(np.concatenate([np.linspace(lo, hi, n), np.asarray(plausible, dtype=float)]))
    f = lambda x: agrees(evaluate_formula(formula, lookup, run, {path: x}), stated, tolerance)  # noqa: E731
    ok = np.broadcast_to(f(xs), xs.shape)
    flips = np.flatnonzero(ok[:-1] != ok[1:])
    a, b = xs[flips].copy(), xs[flips + 1].copy()
    if flips.size:
        ok_a = ok[flips]
        for _ in range(BISECTIONS):  # all flip points at once
            m = 0.5 * (a + b)
            ok_m = np.broadcast_to(f(m), m.shape)
            same = ok_m == ok_a
            a, b = np.where(same, m, a), np.where(same, b, m)
    edges = list(0.5 * (a + b))
    intervals = _intervals(xs, ok, edges)
    p_lo, p_hi = plausible
    inside = (xs >= p_lo) & (xs <= p_hi)
    cov = "all" if ok[inside].all() else ("some" if ok[inside].any() else "none")
    return Sweep(path=path, on=None, grid=(lo, hi), intervals=intervals, plausible=(p_lo, p_hi), coverage=cov)

