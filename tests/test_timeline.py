"""The quarterly grid (gigawatt.timeline): ordinals, labels, halves."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigawatt.errors import InputError
from gigawatt.timeline import HOURS_PER_QUARTER, HOURS_PER_YEAR, label, labels, parse_quarter, year_of


@pytest.mark.parametrize("text, expected", [
    ("2026Q3", "2026Q3"), ("2026q1", "2026Q1"), ("2026-Q3", "2026Q3"),
    ("2026H1", "2026Q2"), ("2026H2", "2026Q4"),  # a half means online by its last quarter (DESIGN.md 4)
    ("2027", "2027Q4"), (2027, "2027Q4"),        # a bare year means its Q4
])
def test_parse_quarter(text, expected):
    assert label(parse_quarter(text)) == expected


def test_ordinal_arithmetic():
    assert parse_quarter("2026Q3") == 2026 * 4 + 2
    assert parse_quarter("2027Q1") - parse_quarter("2026Q4") == 1
    assert labels(parse_quarter("2026Q3"), parse_quarter("2027Q2")) == ["2026Q3", "2026Q4", "2027Q1", "2027Q2"]
    assert year_of(parse_quarter("2026Q4")) == 2026
    assert list(year_of(np.array([parse_quarter("2026Q4"), parse_quarter("2027Q1")]))) == [2026, 2027]


def test_hours():
    assert HOURS_PER_YEAR == 8760.0 and HOURS_PER_QUARTER == 2190.0


@pytest.mark.parametrize("text, allowed", [
    ("2026Q5", "2026Q3"), ("2026Q0", "2026Q3"), ("2026H3", "H1 and H2"), ("26Q1", "2026Q3"),
    ("next year", "2026Q3"), ("2026Q3x", "2026Q3"), (2026.5, "2026Q3"),
])
def test_impossible_dates_name_the_field_the_value_and_what_is_allowed(text, allowed):
    with pytest.raises(InputError) as e:
        parse_quarter(text, "program.first_online")
    msg = str(e.value)
    assert msg.startswith("program.first_online: ")
    assert str(text) in msg and allowed in msg


@given(st.integers(min_value=1900 * 4, max_value=2200 * 4))
def test_label_round_trips(q):
    assert parse_quarter(label(q)) == q
