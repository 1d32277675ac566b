"""One figure, one meaning: a headline value and its Monte Carlo range say which case each is.

The deterministic run builds every planned phase with each uncertain input at its central value ("every phase
built"); a Monte Carlo draw may cancel later phases and draws each input over its range, so its median ("median
draw") can be far below, and the deterministic value can even lie outside the draws' P5–P95. Every face labels
the two as such and marks (†) a value printed beside a range that does not contain it, saying why.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from gigawatt import timeline

BUILT = "every phase built"
BASE = "base case"
MEDIAN = "median draw"
MARK = "†"
BUILT_IS = "the deterministic run: every planned phase built, each uncertain input at its central value"
TOLERANCE = 0.01  # the Monte Carlo's quantiles are good to about a percent: closer than that is not "outside"
MEDIAN_IS = ("the median of the Monte Carlo draws, each at its own full build or where it stops (a draw may cancel "
             "later phases)")


def value_label(h: Mapping[str, Any]) -> str:
    """What the deterministic headline is: ``every phase built`` where it builds the whole plan."""
    share = h.get("completed_share")
    return BUILT if share is None or (isinstance(share, (int, float)) and share >= 1 - 1e-9) else BASE


def _ordinal(x, unit: str) -> float:
    """A comparable number: a quarter label as its ordinal, "not within the horizon" (None) as +inf."""
    if x is None:
        return math.inf if unit in ("quarter", "year") else math.nan
    if isinstance(x, str):
        return float(timeline.parse_quarter(x))
    return float(x)


def outside(value, rng: Mapping[str, Any] | None, unit: str = "") -> bool:
    """Whether ``value`` lies outside ``rng``'s P5–P95 (False where either is missing)."""
    if not rng or rng.get("p5", None) is None and rng.get("p95", None) is None:
        return False
    v, lo, hi = (_ordinal(x, unit) for x in (value, rng.get("p5"), rng.get("p95")))
    if math.isnan(v) or math.isnan(lo) or math.isnan(hi):
        return False
    tol = 0.0 if unit in ("quarter", "year") else TOLERANCE  # dates are whole quarters or years: exact
    return v < lo - tol * abs(lo) or v > hi + tol * abs(hi)


def outside_keys(h: Mapping[str, Any], ranges: Mapping[str, Mapping], units: Mapping[str, str]) -> list[str]:
    """The headline figures whose value lies outside their own P5–P95."""
    return [k for k, r in ranges.items() if k in h and outside(h[k], r, units.get(k, ""))]


def why_outside(label: str, p_every_phase: float | None) -> str:
    """Why a deterministic value can lie outside the draws' P5–P95 (empty text: nothing to explain)."""
    from gigawatt import present

    share = (f"Only {present.pct(p_every_phase)} of draws build every phase (the others cancel later phases), "
             "and" if p_every_phase is not None else "Draws may cancel later phases, and")
    return (f"{MARK} Where marked, {label} lies outside its own P5–P95: it is one case, not a typical draw. "
            f"{share} every draw takes its inputs over their ranges, which need not be centred on the central "
            "values of the deterministic run.")


def describe(h: Mapping[str, Any], ranges: Mapping[str, Mapping], units: Mapping[str, str],
             p_every_phase: float | None) -> dict[str, Any]:
    """What the value and the ranges mean, for JSON: labels, P(every phase built), the figures outside their
    own range and why."""
    label = value_label(h)
    keys = outside_keys(h, ranges, units)
    return {"value": label, "value_is": BUILT_IS if label == BUILT else "the deterministic run at central inputs",
            "p50": MEDIAN, "p50_is": MEDIAN_IS, "p_every_phase_built": p_every_phase,
            "outside_p5_p95": keys, "why_outside": why_outside(label, p_every_phase) if keys else ""}
