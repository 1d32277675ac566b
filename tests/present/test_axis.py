"""The value axis of a chart: a scale and a title per unit (present/axis.py)."""

import math

import pytest

from gigawatt.present.axis import axis, quarter_year


@pytest.mark.parametrize("unit, values, expected", [
    ("USD", [5e11, 2e9], (1e9, "USD billions")),
    ("USD", [1.3e12], (1e12, "USD trillions")),
    ("USD/yr", [4e10], (1e9, "USD billions per year")),
    ("USD", [5.0], (1.0, "USD")),
    ("GPUs", [4.5e6, None, float("nan")], (1e6, "millions of GPUs")),
    ("H100e", [3.2e7], (1e6, "millions of H100e")),
    ("FLOP/s", [2.1e21], (1e21, "ZFLOP/s")),
    ("fraction", [0.3], (0.01, "%")),
    ("GW", [10.0], (1.0, "GW")),
    ("TWh/yr", [], (1.0, "TWh/yr")),
])
def test_axis(unit, values, expected):
    assert axis(unit, values) == expected


def test_quarter_year():
    assert quarter_year("2027Q3") == 2027.5 and quarter_year("2026Q1") == 2026.0
    assert math.isnan(quarter_year(None)) and math.isnan(quarter_year("soon"))
