"""The scale and title of a chart's value axis for a unit: dollars in billions, counts in millions.

A chart divides its values by ``divisor`` and writes ``title`` on the axis, so ``capex_usd`` of 5e11 reads
``500`` on an axis titled ``USD billions``; the exported sheets use the same pair in their headers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from gigawatt.present.numbers import COUNT_UNITS, FLOPS_SCALES, finite

_WORDS = ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions"), (1e3, "thousands"))


def _largest(values: Iterable) -> float:
    return max((abs(float(v)) for v in values if finite(v)), default=0.0)


def _words(unit: str, big: float) -> tuple[float, str]:
    base, per_year = (unit[:-3], " per year") if unit.endswith("/yr") else (unit, "")
    for scale, word in _WORDS:
        if big >= scale:
            return scale, (f"{base} {word}{per_year}" if base == "USD" else f"{word} of {base}{per_year}")
    return 1.0, unit


def axis(unit: str, values: Iterable) -> tuple[float, str]:
    """``(divisor, title)`` for an axis of ``values`` in ``unit``: (1e9, 'USD billions'), (0.01, '%'),
    (1e18, 'EFLOP/s'), (1e6, 'millions of GPUs'); (1, unit) where no scale reads better."""
    big = _largest(values)
    if unit == "fraction":
        return 0.01, "%"
    if unit == "FLOP/s":
        return next(((s, name) for s, name in FLOPS_SCALES if big >= s), (1.0, unit))
    if unit.startswith("USD") or unit in COUNT_UNITS:
        return _words(unit, big)
    if unit == "quarter":
        return 1.0, "year (quarter as a decimal year)"
    return 1.0, unit


def quarter_year(label: str | None) -> float:
    """'2027Q3' -> 2027.5 (the quarter's start as a decimal year), for charting a date figure; NaN if none."""
    if not label or len(label) != 6 or label[4] != "Q":
        return math.nan
    return int(label[:4]) + (int(label[5]) - 1) / 4
