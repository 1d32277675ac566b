"""What the article states, and whether a value agrees with it within the claim's tolerance.

A stated figure is ``op`` (``range``, ``at_least``, ``at_most``) with ``low``/``high`` in ``unit``; the
tolerance is relative (0.1 = 10 %), or in quarters where the unit is ``quarter``.
"""

from __future__ import annotations

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
        return float(quarter(v, f"claims.stated.{key}"))
    return float(v)


def _slack(x: float | None, tolerance: float, quarters: bool, up: bool) -> float | None:
    """``x`` widened by the tolerance: outward by whole quarters, or by a share of its size."""
    if x is None:
        return None
    if quarters:
        return x + tolerance if up else x - tolerance
    grow = (1 + tolerance) if (x >= 0) == up else (1 - tolerance)
    return x * grow


def agrees(value, stated: dict, tolerance: float):
    """Whether ``value`` (scalar or array) agrees with the stated figure within ``tolerance``."""
    v = np.asarray(value, dtype=float)
    op = stated.get("op", "range")
    lo, hi = _bound(stated, "low"), _bound(stated, "high")
    quarters = stated.get("unit") == "quarter"
    ok = np.isfinite(v)
    if op in ("range", "at_least"):
        ok &= v >= _slack(lo, tolerance, quarters, up=False) - 1e-12 * abs(lo)
    if op in ("range", "at_most"):
        top = hi if hi is not None else lo
        ok &= v <= _slack(top, tolerance, quarters, up=True) + 1e-12 * abs(top)
    if op not in OPS:
        raise InputError("claims.stated.op", f"{show(op)} is not range, at_least or at_most")
    return ok


def stated_band(stated: dict, tolerance: float, holding: bool = True) -> str:
    """The values that agree with the stated figure (or, ``holding=False``, that do not), in words."""
    unit, op = stated.get("unit", ""), stated.get("op", "range")
    quarters = unit == "quarter"
    lo_ = _slack(_bound(stated, "low"), tolerance, quarters, up=False)
    hi_ = _slack(_bound(stated, "high"), tolerance, quarters, up=True)
    if op == "at_least":
        return f"{'≥' if holding else '<'} {present.value(lo_, unit)}"
    if op == "at_most":
        return f"{'≤' if holding else '>'} {present.value(hi_ if hi_ is not None else lo_, unit)}"
    return f"{'within' if holding else 'outside'} {present.value(lo_, unit)}–{present.value(hi_, unit)}"
