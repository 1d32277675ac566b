"""What the article states, as an interval: which values the words allow in their plain reading.

A stated figure is ``op`` (``range``, ``at_least``, ``at_most``) with ``low``/``high`` in ``unit``. For "about"
figures the claims file gives the interval the words allow (``≈ 10 reactors``: 9.5–10.5, what rounds to
10), so no verdict depends on a tolerance chosen afterwards. Bounds in unit ``quarter`` are quarters or
halves (``2026H2`` ends in 2026Q4).
"""

from __future__ import annotations

import math

import numpy as np

from gigawatt import present
from gigawatt.claims.lookup import quarter
from gigawatt.errors import InputError, show

OPS = ("range", "at_least", "at_most")


def _bound(stated: dict, key: str) -> float | None:
    v = stated.get(key)
    if v is None:
        return None
    if stated.get("unit") == "quarter":
        return float(quarter(v, f"claims.stated.{key}"))  # a half is the quarter it ends in (2026H2: 2026Q4)
    return float(v)


def interval(stated: dict) -> tuple[float, float]:
    """The stated values as ``(low, high)``; an open side is ±inf."""
    op = stated.get("op", "range")
    if op not in OPS:
        raise InputError("claims.stated.op", f"{show(op)} is not range, at_least or at_most")
    lo, hi = _bound(stated, "low"), _bound(stated, "high")
    if op == "at_least":
        return (lo if lo is not None else -math.inf, math.inf)
    if op == "at_most":
        top = hi if hi is not None else lo
        return (-math.inf, top if top is not None else math.inf)
    if lo is None:
        raise InputError("claims.stated.low", "a range needs a low bound")
    return (lo, hi if hi is not None else lo)


def within(values, stated: dict) -> np.ndarray:
    """Whether each value lies in the stated interval (NaN: no)."""
    lo, hi = interval(stated)
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return (v >= lo) & (v <= hi)


def meets(p5: float, p95: float, stated: dict) -> bool:
    """Whether the stated interval meets the model's P5–P95 (the two intervals overlap)."""
    lo, hi = interval(stated)
    if math.isnan(p5) or math.isnan(p95):
        return False
    return p5 <= hi and p95 >= lo


def inside(p5: float, p95: float, stated: dict) -> bool:
    """Whether the model's P5–P95 lies inside the stated interval (a claim that holds in every case)."""
    lo, hi = interval(stated)
    return not (math.isnan(p5) or math.isnan(p95)) and p5 >= lo and p95 <= hi


def describe(stated: dict) -> str:
    """The stated interval in words: ``4 M–5 M GPUs``, ``≥ 3``."""
    unit = stated.get("unit", "")
    lo, hi = interval(stated)

    def q(x: float) -> str:
        return present.value(x, unit)
    if math.isinf(hi):
        return f"≥ {q(lo)}"
    if math.isinf(lo):
        return f"≤ {q(hi)}"
    return q(lo) if lo == hi else f"{q(lo)}–{q(hi)}"
