"""Numbers as people read them: the one formatter for terminals, reports and the dashboard.

Three significant digits, thousands separated, SI suffixes (``$1.27 T``, ``4.55 M``), "—" for a figure that
is missing (not disclosed, NaN) and "overflow" for one beyond a float (±inf): the two are never confused.
Presentation only: nothing here feeds back into the model.
"""

from __future__ import annotations

import math

_SI = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k"))
FLOPS_SCALES = ((1e24, "YFLOP/s"), (1e21, "ZFLOP/s"), (1e18, "EFLOP/s"), (1e15, "PFLOP/s"))
COUNT_UNITS = ("GPUs", "dies", "units", "households", "H100e", "tokens/s", "tokens", "GPUs/GW", "dies/GW", "count",
               "users")
MISSING = "—"
OVERFLOW = "overflow"  # a figure that ran past a float (±inf): not "not disclosed"


def finite(x) -> bool:
    """True for a real, finite number (numpy scalars included; bools and strings are not numbers here)."""
    if x is None or isinstance(x, (bool, str)) or type(x).__name__ in ("bool", "bool_"):  # numpy's bool too
        return False
    try:
        return math.isfinite(x)
    except TypeError:
        return False


def absent(x) -> str:
    """What stands for a figure that is not a finite number: "overflow" for ±inf, "—" for the rest."""
    if x is None or isinstance(x, (bool, str)):
        return MISSING
    try:
        return OVERFLOW if math.isinf(x) else MISSING
    except TypeError:
        return MISSING


def sig(x: float, digits: int = 3) -> str:
    """``x`` with ``digits`` significant digits, thousands separated: 1234.56 -> '1,235', 0.01234 -> '0.0123'."""
    if not finite(x):
        return absent(x)
    if x == 0:
        return "0"
    mag = math.floor(math.log10(abs(x)))
    decimals = max(digits - 1 - mag, 0)
    return f"{x:,.{decimals}f}"


def integer(x: float) -> str:
    """A whole number, thousands separated: 5102.04 -> '5,102' (an index, a count of links)."""
    return absent(x) if not finite(x) else f"{x:,.0f}"


def count(x: float) -> str:
    """1_974_026 -> '1.97 M'."""
    if not finite(x):
        return absent(x)
    for scale, suffix in _SI:
        if abs(x) >= scale:
            return f"{sig(x / scale)} {suffix}"
    return sig(x)


def usd(x: float) -> str:
    """5e11 -> '$500 B'; -2.5e9 -> '-$2.50 B'."""
    if not finite(x):
        return absent(x)
    sign = "-" if x < 0 else ""
    x = abs(x)
    for scale, suffix in _SI:
        if x >= scale:
            return f"{sign}${sig(x / scale)} {suffix}"
    return f"{sign}${sig(x)}"


def flops(x: float) -> str:
    """2.5e21 -> '2.50 ZFLOP/s'."""
    if not finite(x):
        return absent(x)
    for scale, unit in FLOPS_SCALES:
        if abs(x) >= scale:
            return f"{sig(x / scale)} {unit}"
    return f"{sig(x)} FLOP/s"


def pct(x: float) -> str:
    """A fraction as a percentage: 0.125 -> '12.5 %'."""
    return absent(x) if not finite(x) else f"{sig(100 * x)} %"


def pp(x: float) -> str:
    """A difference of two fractions in percentage points, signed: 0.4 - 0.35 -> '+5.00 pp'.

    Percentage points, not percent: going from 35 % to 40 % is +5 pp (and +14 %)."""
    if not finite(x):
        return absent(x)
    return "0 pp" if x == 0 else f"{'+' if x > 0 else '-'}{sig(100 * abs(x))} pp"


def seconds(s: float | None) -> str:
    """A duration: 0.0042 -> '4.2 ms', 0.25 -> '250 ms', 12.34 -> '12.3 s'."""
    if not finite(s):
        return absent(s)
    if s < 0.01:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1000:.0f} ms" if s < 1 else f"{s:.1f} s"


def when(x: float, unit: str) -> str:
    """A date figure: a quarter ordinal -> '2026Q3', a year -> '2027'; +inf (never reached) -> 'never'."""
    if x is None or isinstance(x, str):
        return MISSING if x is None else x
    if math.isinf(x) and x > 0:
        return "never"
    if not finite(x):
        return absent(x)
    if unit == "quarter":
        from gigawatt.timeline import label  # function-level: keeps this module free of numpy at import

        return label(int(round(x)))
    return str(int(round(x)))


def value(x, unit: str) -> str:
    """Format by the unit of a figure (the units of DESIGN.md's headline table)."""
    if x is None or isinstance(x, str):
        return MISSING if x is None else x
    if unit in ("quarter", "year"):
        return when(x, unit)
    if not finite(x):
        return absent(x)
    if unit.startswith("USD"):
        return usd(x) + ("/yr" if unit.endswith("/yr") else "")
    if unit == "FLOP/s":
        return flops(x)
    if unit == "fraction":
        return pct(x)
    if unit == "x":  # a multiple: 2.5 -> '2.50×'
        return f"{sig(x)}×"
    if unit in COUNT_UNITS:
        return count(x)
    return f"{sig(x)} {unit}".strip()


def delta(d, unit: str) -> str:
    """A signed difference of two figures in ``unit``: '+$1.27 T', '-4.50 GW', '+3 quarters'; fractions in
    percentage points ('+5.00 pp', see :func:`pp`), since the difference of two shares is not a share."""
    if not finite(d):
        return absent(d)
    if d == 0:
        return "0"
    if unit == "fraction":
        return pp(d)
    sign = "+" if d > 0 else "-"
    if unit in ("quarter", "year"):
        n = int(round(abs(d)))
        return f"{sign}{n} {unit}{'' if n == 1 else 's'}"
    return sign + value(abs(d), unit)


def headline(key: str, x, unit: str, state: str | None = None) -> str:
    """A headline figure as people read it: ``0.488 × NY``, ``9.71 reactors``, ``$500 B``."""
    if key == "comparison_state_share" and finite(x):
        return f"{sig(x)} × {state}"
    if key in ("reactor_equivalents", "reactor_equivalents_energy") and finite(x):
        return f"{sig(x)} reactors"
    return value(x, unit)


def number(x) -> str:
    """A bare input value: text as it is, a count from 10,000 up (``25.0 k``), else 3 significant digits."""
    if isinstance(x, str):
        return x
    return count(x) if finite(x) and abs(x) >= 1e4 else sig(x)


def count_range(low: float, high: float) -> str:
    """``400 k–500 k``, or one figure when the range is a point."""
    return f"{count(low)}–{count(high)}" if low != high else count(low)
