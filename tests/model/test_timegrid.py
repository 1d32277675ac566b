"""Scattering cohorts onto the quarterly grid (gigawatt.model.timegrid)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from gigawatt.model.timegrid import at_index, first_true, flow, stock


def test_stock_counts_each_cohort_while_alive():
    # two draws; cohorts alive [2, 5) and [3, 10) on a grid of 6 quarters starting at ordinal 1
    start = np.array([[2, 3], [0, 6]])
    end = np.array([[5, 10], [2, 7]])
    w = np.array([[1.0, 2.0], [4.0, 8.0]])
    out = stock(start, end, w, q0=1, nq=6)
    assert_allclose(out, [[0, 1, 3, 3, 2, 2],    # ordinals 1..6
                          [4, 0, 0, 0, 0, 8]])   # [0, 2) seen from q0=1; [6, 7) at the last quarter


def test_flow_sums_at_the_quarter_and_drops_what_is_off_grid():
    at = np.array([[1, 1, 3, 99]])
    out = flow(at, np.array([[1.0, 2.0, 5.0, 7.0]]), q0=1, nq=3)
    assert_allclose(out, [[3.0, 0.0, 5.0]])


def test_first_true_and_at_index():
    mask = np.array([[False, True, True], [False, False, False]])
    idx = first_true(mask)
    assert_array_equal(idx, [1, -1])
    vals = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    out = at_index(vals, idx)
    assert out[0] == 2.0 and np.isnan(out[1])


@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 20), st.floats(0, 1e6)), min_size=1, max_size=8))
def test_stock_is_never_negative_and_matches_a_loop(cohorts):
    start = np.array([[s for s, _, _ in cohorts]])
    end = np.array([[s + n for s, n, _ in cohorts]])
    w = np.array([[x for _, _, x in cohorts]])
    out = stock(start, end, w, q0=3, nq=12)
    assert (out >= 0).all()
    expect = [sum(x for s, n, x in cohorts if s <= q < s + n) for q in range(3, 15)]
    assert_allclose(out[0], expect, rtol=1e-9, atol=1e-6)


@pytest.mark.parametrize("stock_kind", [False, True])
def test_compiled_place_equals_numpy(monkeypatch, stock_kind):
    """The numba loop used on Monte Carlo chunks gives the numpy scatter's sums."""
    from gigawatt.model import timegrid as grid

    if grid._jit_place() is None:
        pytest.skip("numba not installed")
    rng = np.random.default_rng(7)
    d, c, m, q0, nq = 300, 12, 3, 100, 20
    start = rng.integers(q0 - 6, q0 + nq + 4, size=(d, c))
    end = start + rng.integers(0, 15, size=(d, c))
    weight = rng.random((d, c, m)) * (rng.random((d, c, m)) > 0.3)
    args = (start, weight, q0, nq) if not stock_kind else (start, weight, q0, nq)
    kwargs = {"end": end} if stock_kind else {}
    monkeypatch.setattr(grid, "JIT_MIN_ENTRIES", 10**12)
    by_numpy = np.array(grid.place(*args, **kwargs))
    monkeypatch.setattr(grid, "JIT_MIN_ENTRIES", 0)
    by_jit = np.array(grid.place(*args, **kwargs))
    np.testing.assert_allclose(by_jit, by_numpy, rtol=1e-12, atol=1e-12)
    assert by_jit.shape == (d, nq, m)
