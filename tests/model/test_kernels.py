"""Compiled kernels: the same figures as the numpy reference on random inputs, and hand-computed pins."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal

from gigawatt import stages
from gigawatt.model import deployment, kernels, timegrid

pytestmark = pytest.mark.skipif(kernels._kernels() is None, reason="numba not installed")

Q0, NQ = 8104, 24  # 2026Q1, six years


def _static(kind: str, partner: bool, planned_gw: float, top_down: bool = True) -> SimpleNamespace:
    return SimpleNamespace(q0=Q0, nq=NQ, quarters=np.arange(Q0, Q0 + NQ), investment_kind=kind,
                           fixed_quarter=Q0 + 3, planned_gw=planned_gw, valuation_quarter=Q0 + 2,
                           revenue_start_year=Q0 // 4, buyer_is_partner=partner, capex_top_down=top_down)


def _program(rng, d: int):
    """Phases some of which are cancelled, online before, in and after the grid, refreshed after a short life."""
    phase_gw = np.array([1.0, 2.0, 0.5, 1.5, 3.0])
    phase_online = Q0 + np.array([-3, 0, 5, 11, NQ + 2])
    delay = rng.integers(-2, 5, d).astype(float)
    online, goes_ahead = deployment.phase_schedule(phase_online, delay, np.full(d, 0.6), rng.random(d))
    life = rng.choice([1.0, 2.5, 4.0], d)  # 1 year: several refreshes inside the grid
    eligible = np.array([True, True])
    coh = deployment.cohorts(phase_gw, online, goes_ahead, np.full(online.shape, deployment.AUTO), life,
                             np.array([Q0 - 8, Q0 + 6]), eligible, Q0 + NQ - 1)
    pue = 1.1 + 0.3 * rng.random((d, 1))
    fac_gw = coh.gw * pue
    gw_online = timegrid.stock(coh.start, coh.end, fac_gw, Q0, NQ)
    dep = SimpleNamespace(cohorts=coh, facility_gw=fac_gw, gw_online=gw_online, pue=pue, used=np.array([0, 1]))
    return dep, life, float(phase_gw.sum())


def _capacity(rng, d: int) -> SimpleNamespace:
    """Racks per GW and prices per rack of the two platforms; the second's price unpublished in a few draws."""
    price = rng.uniform(3e6, 8e6, (d, 2))
    price[rng.random(d) < 0.02, 1] = np.nan
    return SimpleNamespace(per_gw={"racks": rng.uniform(3000, 8000, (1, 2))},
                           per_unit={"price_usd_per_unit": price, "network_usd_per_unit": rng.uniform(0, 1e6, (1, 2)),
                                     "other_it_usd_per_unit": rng.uniform(0.5e6, 1e6, (d, 2)),
                                     "vendor_content_share": rng.uniform(0.5, 1.0, (d, 2))})


def _inputs(rng, d: int, life) -> dict[str, np.ndarray]:
    f, inv, rev = "finance", "finance.investment", "finance.customer_revenue"
    split = rng.dirichlet([7, 1, 2], d)
    p = {
        f"{f}.capex_usd_per_gw": rng.uniform(30e9, 60e9, d),
        f"{f}.capex_split.vendor_systems": split[:, 0], f"{f}.capex_split.other_it": split[:, 1],
        f"{f}.capex_split.facility": split[:, 2],
        f"{f}.lead_quarters.vendor_systems": rng.integers(0, 3, d).astype(float),
        f"{f}.lead_quarters.other_it": rng.uniform(0, 2.4, d),
        f"{f}.lead_quarters.facility": rng.integers(0, 7, d).astype(float),  # 0: paid at once when online
        f"{f}.depreciation_years.it": rng.uniform(3, 6, d), f"{f}.depreciation_years.facility": rng.uniform(10, 20, d),
        "facility.service_life_years": life,
        f"{f}.facility_usd_per_mw": rng.uniform(8e6, 14e6, d), f"{f}.vendor_gross_margin": rng.uniform(0.5, 0.8, d),
        f"{f}.cost_of_capital": rng.uniform(0.05, 0.15, d),
        f"{f}.opex_usd_per_gw_year": rng.uniform(0.5e9, 2e9, d), f"{f}.lease_markup": rng.uniform(0.0, 0.3, d),
        f"{inv}.per_gw_usd": rng.uniform(5e9, 15e9, d), f"{inv}.cap_usd": rng.uniform(20e9, 100e9, d),
        f"{inv}.fixed_usd": np.where(rng.random(d) < 0.5, 0.0, 10e9),
        f"{inv}.valuation_usd": rng.uniform(300e9, 600e9, d),
        f"{inv}.valuation_growth_per_year": rng.uniform(0, 0.5, d),
        f"{inv}.other_dilution_per_year": rng.uniform(0, 0.1, d),
        f"{inv}.vendor_share_price_usd": rng.uniform(100, 300, d), f"{inv}.warrant_strike_usd": rng.uniform(0, 200, d),
        f"{inv}.warrant_shares": rng.uniform(1e8, 2e8, d),
        f"{rev}.start_usd_per_year": rng.uniform(10e9, 20e9, d), f"{rev}.growth_per_year": rng.uniform(0.5, 2, d),
        f"{rev}.growth_decay_per_year": rng.uniform(0, 0.4, d),
    }
    # Unknowns ride along: an unpublished capex, margin and valuation in a few draws.
    for path in (f"{f}.capex_usd_per_gw", f"{f}.vendor_gross_margin", f"{inv}.valuation_usd"):
        p[path][rng.random(d) < 0.02] = np.nan
    return p


def _money(static, p, dep, cap, electricity, d, compiled: bool, monkeypatch):
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 0 if compiled else 10**15)
    called = []
    finance = kernels.finance
    monkeypatch.setattr(kernels, "finance", lambda *a, **k: called.append(1) or finance(*a, **k))
    m = stages.money(static, lambda path: p[path], dep, electricity, d, cap)
    assert bool(called) == compiled  # the path asked for is the path taken
    return m


@pytest.mark.parametrize("kind", ["equity", "warrant", "none"])
@pytest.mark.parametrize("partner", [False, True])
@pytest.mark.parametrize("top_down", [False, True])
def test_compiled_finance_block_equals_numpy(monkeypatch, kind, partner, top_down):
    rng = np.random.default_rng(11)
    d = 600
    dep, life, planned = _program(rng, d)
    p = _inputs(rng, d, life)
    cap = _capacity(rng, d)
    electricity = rng.uniform(0, 1e9, (d, NQ)) * (dep.gw_online > 0)
    electricity[rng.random((d, NQ)) < 0.01] = np.nan
    static = _static(kind, partner, planned, top_down)
    want = _money(static, p, dep, cap, electricity, d, False, monkeypatch)
    got = _money(static, p, dep, cap, electricity, d, True, monkeypatch)
    assert list(got.series) == list(want.series)
    for name, x in want.series.items():
        scale = np.nanmax(np.abs(x)) if np.isfinite(x).any() else 0.0
        assert_allclose(got.series[name], x, rtol=1e-12, atol=1e-12 * scale, err_msg=name)
        assert got.series[name].shape == (d, NQ)
    assert list(got.ledger) == list(want.ledger)
    for name, x in want.ledger.items():
        assert_allclose(got.ledger[name], x, rtol=1e-12, atol=1e-3, err_msg=name)
    assert_allclose(got.program_gw_added, want.program_gw_added, rtol=1e-12, atol=1e-12)
    assert_array_equal(got.margin, want.margin)
    # The inputs do exercise what they claim: cancelled phases, refreshes, unknowns, investment.
    assert (dep.cohorts.gw == 0).any() and (dep.cohorts.generation > 0).any()
    assert np.isnan(want.series["capex_usd"]).any() and np.nanmax(want.series["capex_usd"]) > 0
    if kind == "equity":
        assert np.nanmax(want.series["vendor_investment_cash_usd"]) > 0


def test_compiled_finance_block_pinned_by_hand(monkeypatch):
    """One 1 GW cohort online at Q0+2, $40B/GW (70 % systems paid 1 quarter ahead, 10 % other IT at once,
    20 % facility over 2 quarters), IT written off over 1 year, the facility over 2 years; no investment."""
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 0)
    one = np.ones(1)
    per_draw = {k: np.zeros(1) for k in kernels.FINANCE_INPUTS}
    per_draw |= {"vendor_gross_margin": 0.5 * one, "keep_per_quarter": one}
    b = 1e9
    out = kernels.finance(np.array([[Q0 + 2]]), one[:, None], 1.2 * one[:, None], np.array([True]),
                          [np.array([[28 * b]]), np.array([[4 * b]]), np.array([[8 * b]])], [one, 0 * one, 2 * one],
                          [one, 2 * one], per_draw, np.full((1, 6), 1e12),
                          np.zeros((1, 6)), np.zeros((1, 6)), q0=Q0, nq=6, investment_kind="none",
                          fixed_quarter=Q0, planned_gw=1.0, buyer_is_partner=False)
    assert_allclose(out["gw_added"][0], [0, 0, 1.2, 0, 0, 0])
    assert_allclose(out["vendor_system_sales_usd"][0], [0, 28 * b, 0, 0, 0, 0])
    assert_allclose(out["other_it_usd"][0], [0, 0, 4 * b, 0, 0, 0])
    assert_allclose(out["facility_usd"][0], [4 * b, 4 * b, 0, 0, 0, 0])
    assert_allclose(out["capex_usd"][0], [4 * b, 32 * b, 4 * b, 0, 0, 0])
    assert_allclose(out["depreciation_usd"][0], [0, 0, 8 * b + 1 * b] + [8 * b + 1 * b] * 3)
    assert_allclose(out["net_book_value_usd"][0], [0, 0, 31 * b, 22 * b, 13 * b, 4 * b])
    assert_allclose(out["vendor_gross_profit_usd"][0], [0, 14 * b, 0, 0, 0, 0])
    # The capital charge is depreciation times each asset's annuity factor (0 here, with no opex or energy:
    # nothing is required); with factors 2 (IT) and 1 (facility) it is 4 x (2 x $8B + $1B) a year in service.
    assert_allclose(out["required_revenue_usd_per_year"][0], [0.0] * 6)
    per_draw |= {"annuity_factor_it": 2 * one, "annuity_factor_facility": one}
    out = kernels.finance(np.array([[Q0 + 2]]), one[:, None], 1.2 * one[:, None], np.array([True]),
                          [np.array([[28 * b]]), np.array([[4 * b]]), np.array([[8 * b]])], [one, 0 * one, 2 * one],
                          [one, 2 * one], per_draw, np.full((1, 6), 1e12),
                          np.zeros((1, 6)), np.zeros((1, 6)), q0=Q0, nq=6, investment_kind="none",
                          fixed_quarter=Q0, planned_gw=1.0, buyer_is_partner=False)
    assert_allclose(out["required_revenue_usd_per_year"][0], [0, 0] + [4 * (2 * 8 * b + 1 * b)] * 4)


@pytest.mark.parametrize("shared", [True, False])
def test_compiled_mix_equals_numpy(monkeypatch, shared):
    rng = np.random.default_rng(3)
    d, nq, used = 400, 30, 3
    gw = rng.random((d, nq, used)) * (rng.random((d, nq, used)) < 0.6)
    per = rng.uniform(1e4, 1e6, (1 if shared else d, used))
    per[:, 1] = np.nan  # an unpublished platform: unknown only where it has GW online
    gw[:, :10, 1] = 0.0
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 10**15)
    want = stages.mix(gw, per)
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 0)
    got = stages.mix(gw.transpose(0, 2, 1).copy().transpose(0, 2, 1), per)  # strided, as place() returns it
    assert_array_equal(np.isnan(got), np.isnan(want))
    assert np.isfinite(want[:, :10]).any() and np.isnan(want).any()
    assert_allclose(got, want, rtol=1e-13)


def test_total_through_equals_the_cumulative_sum_read_there(monkeypatch):
    rng = np.random.default_rng(5)
    d, nq = 500, 40
    x = rng.normal(size=(d, nq))
    x[rng.random((d, nq)) < 0.01] = np.nan
    idx = rng.integers(-1, nq + 3, d)  # -1: never; past the end: the whole horizon
    want = timegrid.at_index(np.cumsum(x, axis=1), idx)
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 0)
    got = kernels.total_through(x, idx)
    assert_array_equal(got, want)  # the same additions in the same order
    assert np.isnan(got[idx < 0]).all() and np.isfinite(got).any()


@pytest.mark.parametrize("entries", [0, 10**15])
def test_total_through_pinned(monkeypatch, entries):
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", entries)
    x = np.array([[1.0, 2.0, 3.0, 4.0]] * 4)
    assert_allclose(kernels.total_through(x, np.array([2, -1, 0, 9])), [6.0, np.nan, 1.0, 10.0])


def test_stock_by_platform_equals_place_and_its_sum(monkeypatch):
    """GW online by platform: the scatter of place() with the weights routed to the cohort's platform."""
    rng = np.random.default_rng(9)
    d, c, q0, nq = 300, 12, 100, 20
    start = rng.integers(q0 - 6, q0 + nq + 4, size=(d, c))
    end = start + rng.integers(0, 15, size=(d, c))
    platform = rng.choice([2, 5, 6], size=(d, c))
    weight = rng.random((d, c)) * (rng.random((d, c)) > 0.3)  # cancelled cohorts weigh nothing
    weight[rng.random((d, c)) < 0.01] = np.nan
    used = np.array([2, 5, 6])
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 0)
    want = timegrid.place(start, np.where(platform[:, :, None] == used, weight[:, :, None], 0.0), q0, nq, end=end)
    got, total = kernels.stock_by_platform(start, end, platform, weight, used, q0, nq)
    assert_array_equal(got, want)
    assert_array_equal(total, want.sum(axis=2))
    assert got.shape == (d, nq, 3) and np.isnan(total).any() and (total > 0).any()
    # By hand: one cohort of 2 GW on platform 5 alive on quarters 101..102 of a grid from 100.
    one, tot = kernels.stock_by_platform(np.array([[101]]), np.array([[103]]), np.array([[5]]), np.array([[2.0]]),
                                         used, 100, 4)
    assert_allclose(one[0, :, 1], [0, 2, 2, 0])
    assert_allclose(tot[0], [0, 2, 2, 0])


def test_energy_equals_the_numpy_formulas():
    from gigawatt import timeline
    from gigawatt.model import energy

    rng = np.random.default_rng(4)
    d, nq = 300, 16
    gw = rng.random((d, nq)) * 5 * (rng.random((d, nq)) < 0.8)
    lf, price = rng.uniform(0.6, 0.9, d), rng.uniform(30, 90, d)
    price[:3] = np.nan
    e, annual, cost = kernels.energy(gw, lf, price, timeline.HOURS_PER_QUARTER, timeline.HOURS_PER_YEAR)
    want = energy.energy_twh(gw, lf[:, None], timeline.HOURS_PER_QUARTER)
    assert_array_equal(e, want)
    assert_array_equal(annual, energy.energy_twh(gw, lf[:, None], timeline.HOURS_PER_YEAR))
    assert_array_equal(cost, energy.electricity_cost_usd(want, price[:, None]))
    # 1 GW at 0.8 for a year is 7.008 TWh; at $50/MWh a quarter of it costs $87.6M.
    e1, a1, c1 = kernels.energy(np.ones((1, 1)), np.array([0.8]), np.array([50.0]), 2190.0, 8760.0)
    assert_allclose([e1[0, 0], a1[0, 0], c1[0, 0]], [1.752, 7.008, 87.6e6])


@pytest.mark.parametrize("compiled", [False, True])
def test_milestones_compiled_equal_numpy(monkeypatch, compiled):
    rng = np.random.default_rng(8)
    d, nq = 400, 20
    added = rng.random((d, nq)) * (rng.random((d, nq)) < 0.2)
    added[:5] = 0.0  # nothing built
    online = np.cumsum(added, axis=1)
    realised = np.where(rng.random(d) < 0.5, online[:, -1], online[:, -1] + 1.0)  # half not built by the end
    realised[5:8] = 0.0
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 10**15)
    want = stages.milestones(online, added, realised, 8.0, 100)
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 0 if compiled else 10**15)
    got = stages.milestones(online, added, realised, 8.0, 100)
    assert list(got) == list(want)
    for k in want:
        assert_array_equal(got[k], want[k], err_msg=k)
    assert (want["full_build_quarter"] == -1).any() and (want["full_build_quarter"] > 100).any()


def test_value_at_equals_at_index(monkeypatch):
    rng = np.random.default_rng(6)
    x = rng.normal(size=(300, 12))
    idx = rng.integers(-1, 15, 300)
    monkeypatch.setattr(timegrid, "JIT_MIN_ENTRIES", 0)
    assert_array_equal(kernels.value_at(x, idx), timegrid.at_index(x, idx))
    assert_array_equal(kernels.value_at(x[:, ::2], idx), timegrid.at_index(x[:, ::2], idx))  # a strided series
    assert_allclose(kernels.value_at(np.array([[1.0, 2.0, 3.0]] * 3), np.array([1, -1, 7])), [2.0, np.nan, 3.0])


def test_cohorts_compiled_equal_deployment_cohorts():
    """Phases, slips, cancellations, explicit and auto platforms, refreshes onto the newest platform."""
    rng = np.random.default_rng(12)
    d = 300
    phase_gw = np.array([1.0, 2.0, 0.5, 1.5])
    online, goes_ahead = deployment.phase_schedule(Q0 + np.array([-3, 0, 6, 20]), rng.integers(-2, 6, d).astype(float),
                                                   np.full(d, 0.7), rng.random(d))
    phase_platform = np.where(rng.random((d, 4)) < 0.5, deployment.AUTO, rng.integers(0, 4, (d, 4)))
    life = rng.choice([1.0, 2.5, 4.0], d)
    available = np.array([Q0 - 8, Q0 + 4, Q0 + 4, Q0 + 12])  # two platforms of one date: the stable order decides
    eligible = np.array([True, True, True, False])
    args = (phase_gw, online, goes_ahead, phase_platform, life, available, eligible, Q0 + NQ - 1)
    want, got = deployment.cohorts(*args), kernels.cohorts(*args)
    for field in ("start", "end", "gw", "platform", "phase", "generation"):
        assert_array_equal(getattr(got, field), getattr(want, field), err_msg=field)
    assert (want.generation > 0).any() and (want.gw == 0).any() and len(np.unique(want.platform)) >= 3
