"""Human-readable numbers for terminals, reports and the dashboard (presentation only)."""

from __future__ import annotations

import math

_SI = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
_FLOPS = ((1e24, "YFLOP/s"), (1e21, "ZFLOP/s"), (1e18, "EFLOP/s"), (1e15, "PFLOP/s"))


def _ok(x) -> bool:
    return x is not None and isinstance(x, (int, float)) and math.isfinite(x)


def sig(x: float, digits: int = 3) -> str:
    """``x`` with ``digits`` significant digits, thousands separated."""
    if not _ok(x):
        return "—"
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    decimals = max(digits - 1 - mag, 0)
    return f"{x:,.{decimals}f}"


def count(x: float) -> str:
    """1_974_026 -> '1.97 M'."""
    if not _ok(x):
        return "—"
    for scale, suffix in _SI:
        if abs(x) >= scale:
            return f"{sig(x / scale)} {suffix}"
    return sig(x)


def usd(x: float) -> str:
    """5e11 -> '$500 B'."""
    if not _ok(x):
        return "—"
    sign = "-" if x < 0 else ""
    x = abs(x)
    for scale, suffix in _SI:
        if x >= scale:
            return f"{sign}${sig(x / scale)} {suffix}"
    return f"{sign}${sig(x)}"


def flops(x: float) -> str:
    if not _ok(x):
        return "—"
    for scale, unit in _FLOPS:
        if abs(x) >= scale:
            return f"{sig(x / scale)} {unit}"
    return f"{sig(x)} FLOP/s"


def pct(x: float) -> str:
    return "—" if not _ok(x) else f"{sig(100 * x)} %"


def value(x, unit: str) -> str:
    """Format by the unit of a headline figure."""
    if x is None or isinstance(x, str):
        return "—" if x is None else x
    if unit.startswith("USD"):
        return usd(x) + ("/yr" if unit.endswith("/yr") else "")
    if unit == "FLOP/s":
        return flops(x)
    if unit == "fraction":
        return pct(x)
    if unit == "year":
        return str(int(x)) if _ok(x) else "—"
    if unit in ("GPUs", "dies", "units", "households", "H100e", "tokens/s", "tokens", "GPUs/GW", "dies/GW"):
        return count(x)
    return f"{sig(x)} {unit}".strip()


def headline(key: str, x, unit: str, state: str | None = None) -> str:
    """A headline figure as people read it: ``0.488 × NY``, ``9.71 reactors``, ``$500 B``."""
    if key == "comparison_state_share" and _ok(x):
        return f"{sig(x)} × {state}"
    if key in ("reactor_equivalents", "reactor_equivalents_energy") and _ok(x):
        return f"{sig(x)} reactors"
    return value(x, unit)


def count_range(low: float, high: float) -> str:
    """``400 k–500 k``, or one figure when the range is a point."""
    return f"{count(low)}–{count(high)}" if low != high else count(low)
