"""The quarterly time grid.

A quarter is an integer ordinal ``year * 4 + (q - 1)`` so that arithmetic on dates is arithmetic on ints
and vectorizes over draws. Labels look like ``2026Q3``. Halves (``2026H2``) mean "online by the end of that
half" (H1 -> Q2, H2 -> Q4), as DESIGN.md section 4 says; a bare year means its Q4.
"""

from __future__ import annotations

import re

import numpy as np

from gigawatt.errors import InputError, show

# ASCII digits only: \d also matches Arabic-Indic and full-width digits, which int() would read
_QUARTER = re.compile(r"^\s*([0-9]{4})\s*[-_ ]?\s*([QqHh])\s*([1-4])\s*$")
_YEAR = re.compile(r"^\s*([0-9]{4})\s*$")

QUARTERS_PER_YEAR = 4
HOURS_PER_YEAR = 8760.0
HOURS_PER_QUARTER = HOURS_PER_YEAR / QUARTERS_PER_YEAR


def parse_quarter(text: object, path: str = "date") -> int:
    """``"2026Q3"`` -> ordinal; ``"2026H2"`` -> ordinal of 2026Q4; ``2027`` -> 2027Q4."""
    s = str(text)
    m = _QUARTER.match(s)
    if m:
        year, kind, n = int(m.group(1)), m.group(2).upper(), int(m.group(3))
        if kind == "H":
            if n > 2:
                raise InputError(path, f"{show(text)} is not a date: a year has halves H1 and H2")
            n = 2 * n
        return year * 4 + n - 1
    m = _YEAR.match(s)
    if m:
        return int(m.group(1)) * 4 + 3
    raise InputError(path, f"{show(text)} is not a date; use a quarter like 2026Q3, a half like 2026H2, or a year")


def label(ordinal: int) -> str:
    """Ordinal -> ``"2026Q3"``."""
    ordinal = int(ordinal)
    return f"{ordinal // 4}Q{ordinal % 4 + 1}"


def labels(start: int, stop: int) -> list[str]:
    """Labels for quarters ``start..stop`` inclusive."""
    return [label(q) for q in range(start, stop + 1)]


def year_of(ordinal: np.ndarray | int) -> np.ndarray | int:
    return np.asarray(ordinal) // 4 if isinstance(ordinal, np.ndarray) else int(ordinal) // 4
