"""Tests for gigawatt.present.numbers: hand-written values of every formatter, missing values, a read-back
invariant (three significant digits lose at most half a unit in the third digit)."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigawatt import present

NAN, INF = float("nan"), float("inf")


@pytest.mark.parametrize("x, text", [
    (1.27e12, "$1.27 T"), (5e11, "$500 B"), (-2.5e9, "-$2.50 B"), (4.2e6, "$4.20 M"), (12_500, "$12.5 k"),
    (999, "$999"), (0, "$0"), (np.float64(3.5e11), "$350 B"),
])
def test_usd(x, text):
    assert present.usd(x) == text


@pytest.mark.parametrize("x, text", [(1234.56, "1,235"), (0.012345, "0.0123"), (0, "0"), (-7.891, "-7.89"),
                                     (12_345_678.9, "12,345,679")])
def test_sig(x, text):
    assert present.sig(x) == text


@pytest.mark.parametrize("fn, x, text", [
    (present.count, 1_974_026, "1.97 M"), (present.count, 4.55e6, "4.55 M"), (present.count, 950, "950"),
    (present.flops, 2.5e21, "2.50 ZFLOP/s"), (present.flops, 3e18, "3.00 EFLOP/s"),
    (present.pct, 0.125, "12.5 %"), (present.pct, 1.0, "100 %"),
    (present.integer, 5102.04, "5,102"), (present.integer, 10_000, "10,000"),
    (present.seconds, 0.0042, "4.2 ms"), (present.seconds, 0.25, "250 ms"), (present.seconds, 12.34, "12.3 s"),
    (present.number, 25_000, "25.0 k"), (present.number, 1.2345, "1.23"), (present.number, "fp8", "fp8"),
])
def test_formatters(fn, x, text):
    assert fn(x) == text


def test_percentage_points_are_signed_and_differ_from_percent():
    # 35 % -> 40 % is +5 percentage points (and +14.3 %): the difference of two fractions, times 100.
    assert present.pp(0.40 - 0.35) == "+5.00 pp"
    assert present.pp(-0.0123) == "-1.23 pp"
    assert present.pp(0.0) == "0 pp"
    assert present.pp(NAN) == "—"


@pytest.mark.parametrize("d, unit, text", [
    (0.40 - 0.35, "fraction", "+5.00 pp"), (1.27e12, "USD", "+$1.27 T"), (-4.5, "GW", "-4.50 GW"),
    (-2e9, "USD/yr", "-$2.00 B/yr"), (3, "quarter", "+3 quarters"), (-1, "year", "-1 year"), (0.0, "GW", "0"),
    (None, "GW", "—"), (float("nan"), "USD", "—"),
])
def test_delta_of_two_figures(d, unit, text):
    assert present.delta(d, unit) == text


@pytest.mark.parametrize("x, unit, text", [
    (8106, "quarter", "2026Q3"),          # 2026 * 4 + (3 - 1)
    (8106.4, "quarter", "2026Q3"),        # a Monte Carlo quantile of quarters rounds to one
    (INF, "quarter", "never"), (INF, "year", "never"), (NAN, "quarter", "—"),
    (2030.0, "year", "2030"), ("2026Q3", "quarter", "2026Q3"), (None, "GW", "—"),
    (3e9, "USD/yr", "$3.00 B/yr"), (1.27e12, "USD", "$1.27 T"), (2.5, "x", "2.50×"),
    (1.5e6, "users", "1.50 M"), (4.55e6, "GPUs", "4.55 M"), (0.3, "fraction", "30.0 %"),
    (4.5, "GW", "4.50 GW"), (NAN, "GW", "—"), (INF, "USD", "overflow"), (7.0, "", "7.00"),
])
def test_value_by_unit(x, unit, text):
    assert present.value(x, unit) == text


def test_headline_figures_read_as_people_say_them():
    assert present.headline("reactor_equivalents", 9.712, "reactors") == "9.71 reactors"
    assert present.headline("comparison_state_share", 0.4881, "x state", "NY") == "0.488 × NY"
    assert present.headline("capex_usd", 1.27e12, "USD") == "$1.27 T"
    assert present.headline("full_build_online", None, "quarter") == "—"


def test_count_range():
    assert present.count_range(4e5, 5e5) == "400 k–500 k"
    assert present.count_range(4e5, 4e5) == "400 k"


@pytest.mark.parametrize("x", [None, NAN, "1.5", True])
def test_missing_and_non_numbers_show_a_dash(x):
    for fn in (present.usd, present.sig, present.count, present.flops, present.pct, present.integer,
               present.seconds):
        assert fn(x) == present.MISSING == "—"


@pytest.mark.parametrize("x", [INF, -INF])
def test_a_figure_past_a_float_says_overflow_not_the_dash(x):  # issue 22: "—" means not disclosed
    for fn in (present.usd, present.sig, present.count, present.flops, present.pct, present.integer,
               present.seconds):
        assert fn(x) == present.OVERFLOW == "overflow"


def test_finite_accepts_numpy_scalars():
    assert present.finite(np.float32(1.5)) and present.finite(np.int64(3)) and present.finite(2)
    assert not present.finite(np.float64("nan")) and not present.finite(None) and not present.finite(True)
    assert not present.finite(np.bool_(True))


_SCALE = {"": 1.0, "k": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def _read_usd(text: str) -> float:
    m = re.fullmatch(r"(-?)\$([\d,.]+)(?: ([kMBT]))?", text)
    assert m, text
    return (-1 if m.group(1) else 1) * float(m.group(2).replace(",", "")) * _SCALE[m.group(3) or ""]


@given(st.floats(min_value=-1e15, max_value=1e15, allow_nan=False).filter(lambda x: abs(x) >= 1e-3))
def test_usd_reads_back_within_three_significant_digits(x):
    # Rounding to 3 significant digits moves a value by at most half a unit in the third digit: 0.5 %.
    assert math.isclose(_read_usd(present.usd(x)), x, rel_tol=5e-3)
