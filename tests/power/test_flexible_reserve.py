"""Flexible load (a share that shifts within a window), reserve margin, and the LP's shared curtailment:
hand-checked cases, metamorphic properties, bad input."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gigawatt.errors import InputError
from gigawatt.power import Request, solve
from gigawatt.power.site import SITES

CHEYENNE = SITES["cheyenne-wy"]
TWO_WEEKS = 336
# gas frame CT by hand (EIA AEO2026 Table 3 rows): fixed (1158 x CRF(7 %, 30 yr) 0.0805864 + 7.18) $/kW-yr / 8.76
# = 11.4725 $/MWh per MW of average load; fuel 9.142 x 3.5 + variable O&M 4.17 = 36.167 $/MWh.
FRAME_FIXED, FRAME_MARGINAL = (1158 * 0.0805864 + 7.18) / 8.76, 9.142 * 3.5 + 4.17


def req(**kw):
    base = dict(load_mw=1000.0, site=CHEYENNE, hours=TWO_WEEKS)
    base.update(kw)
    return Request(**base)


def test_reserve_margin_gas_only_by_hand():
    res = solve(req(options="gas-frame", reserve_margin=0.15))
    assert_allclose(res.lp_capacity_mw["gas-frame"], 1150.0, rtol=1e-5)  # 1.15 x the 1,000 MW flat load
    assert_allclose(res.lp_lcoe_usd_per_mwh, 1.15 * FRAME_FIXED + FRAME_MARGINAL, rtol=1e-4)  # 49.3604 $/MWh
    # as built: the whole units the outage table keeps (more than the margin asks), their cost in the LCOE
    units = res.reliability["units"]["gas-frame"]
    assert_allclose(res.capacity_mw["gas-frame"], units["count"] * units["unit_mw"])
    assert_allclose(res.firm_capacity_mw, units["count"] * units["unit_mw"])
    assert_allclose(res.lcoe_usd_per_mwh, res.firm_capacity_mw / 1000.0 * FRAME_FIXED + FRAME_MARGINAL, rtol=1e-4)


def test_flexible_load_reserve_is_against_the_highest_hour_drawn_by_hand():
    # gas alone gains nothing from shifting, and a peak above 1,000 MW would only raise the reserve: the load stays
    # flat, and the 15 % margin is on 1,000 MW (not on the 1,250 MW rating the shifted part could reach)
    res = solve(req(options="gas-frame", flexible_share=0.2, reserve_margin=0.15))
    assert_allclose(res.lp_capacity_mw["gas-frame"], 1150.0, rtol=1e-5)
    assert_allclose(res.lp_lcoe_usd_per_mwh, 1.15 * FRAME_FIXED + FRAME_MARGINAL, rtol=1e-4)  # 49.3604 $/MWh
    assert res.load_profile_mw.max() <= 1000.0 * (1 + 1e-5)
    flat = solve(req(options="gas-frame", flexible_share=0.2, unit_reserve=False))
    assert_allclose(flat.lp_lcoe_usd_per_mwh, FRAME_FIXED + FRAME_MARGINAL, rtol=1e-4)  # 47.6395: shifting is no use


def test_reserve_follows_a_shifted_peak():
    # with sun to follow the load moves into the day, raising its peak; the on-site gas covers that peak + 15 %
    res = solve(req(options="solar,battery,gas-frame", co2_cap_g_per_kwh=150.0, flexible_share=0.3,
                    reserve_margin=0.15, hours=168))
    assert res.lp_capacity_mw["gas-frame"] >= 1.15 * res.load_profile_mw.max() * (1 - 1e-5)
    assert res.lp_capacity_mw["gas-frame"] <= 1.15 * 1250.0 * (1 + 1e-5)
    assert res.firm_capacity_mw >= res.lp_capacity_mw["gas-frame"]  # as built: whole units, at least the LP's


@pytest.mark.parametrize("options,cap", [("solar,battery,gas-frame", 150.0), ("solar,wind,battery", None)])
def test_more_flexibility_never_raises_the_cost(options, cap):
    # the LP's cost: whole 337 MW units after it (sized for Cheyenne's cold-hour outage rates) are lumpy and may
    # add a unit for a flatter need (+0.04 % at 0.5 against 0.25)
    costs = [solve(req(options=options, co2_cap_g_per_kwh=cap, flexible_share=s, hours=168)).lp_cost_usd_per_yr
             for s in (0.0, 0.25, 0.5)]
    assert costs[1] <= costs[0] * (1 + 1e-6) and costs[2] <= costs[1] * (1 + 1e-6)
    assert costs[2] < costs[0] * 0.99  # with sun to follow, shifting is worth something


def test_shifted_load_keeps_each_days_energy_and_the_rating():
    r = req(options="solar,battery,gas-frame", flexible_share=0.3, flexible_window_hours=24)
    res = solve(r)
    drawn = res.load_profile_mw
    days = drawn.reshape(-1, 24).sum(axis=1)
    assert_allclose(days, 24 * 1000.0, rtol=1e-6)  # each day's energy is drawn within that day
    assert drawn.max() <= r.rating_mw * (1 + 1e-6) and drawn.min() >= 700.0 * (1 - 1e-6)
    assert res.shifted_mwh_per_yr > 0
    assert_allclose(res.energy_mwh_per_yr, 1000.0 * 8760, rtol=1e-6)
    supplied = sum(res.dispatch_mw.values())  # generation + storage discharge - charge, every hour
    assert_allclose(supplied, drawn, rtol=1e-5, atol=0.05)


def test_renewables_share_curtailment_and_never_exceed_what_they_could_make():
    res = solve(req(options="solar,wind,battery,gas-ccgt", co2_cap_g_per_kwh=50.0))
    for k in ("solar", "wind"):
        if res.capacity_mw[k] > 0:
            assert 0 <= res.curtailment_share[k] < 1
            assert res.dispatch_mw[k].min() >= 0
    assert res.emissions_g_per_kwh <= 50.0 * (1 + 1e-4)


def test_adding_a_store_never_raises_the_cost_and_pinned_durations_cost_more():
    free = solve(req(options="solar,wind,gas-ccgt,battery", co2_cap_g_per_kwh=100.0, hours=168)).lp_cost_usd_per_yr
    for pinned in ("battery-4h", "battery-8h"):
        fixed = solve(req(options=f"solar,wind,gas-ccgt,{pinned}", co2_cap_g_per_kwh=100.0, hours=168))
        # the LP's optimum (whole CCGT units, rounded after it, can fall either way)
        assert free <= fixed.lp_cost_usd_per_yr * (1 + 1e-6)  # a free duration is never worse than a pinned one


def test_reserve_that_no_option_can_give_is_one_clear_line():
    with pytest.raises(InputError, match=r"--reserve-margin: a 60% reserve margin needs gas plants on site \(the grid "
                                         r"and the firm contract carry no capacity charge"):
        solve(req(options="grid", load_mw=200.0, reserve_margin=0.6))
    with pytest.raises(InputError, match="needs gas plants on site"):
        solve(req(options="solar,wind,battery", reserve_margin=0.1))
    with pytest.raises(InputError, match=r"--reserve-margin: .* none is among the options ready by 2028Q3"):
        solve(req(reserve_margin=0.1, options="grid,gas-ccgt,solar,battery", energised_by="2028Q3", as_of="2026Q4"))


def test_storage_alone_is_refused_naming_what_left_it_alone():
    with pytest.raises(InputError, match=r"--options: 'battery' names only storage \(battery \(4-8 h\)\), which makes "
                                         r"no energy; add one of grid, gas, solar, wind, firm"):
        solve(req(options="battery"))
    with pytest.raises(InputError, match=r"--energised-by: only battery \(4-8 h\) \(12 months to build\) can be ready "
                                         r"by 2027Q4 \(--energised-by\), and storage alone makes no energy; grid "
                                         r"import needs 48 months"):
        solve(req(energised_by="2027Q4", as_of="2026Q4"))


def test_contracts_do_not_give_a_reserve_margin_for_nothing():
    # a firm contract and the grid (500 + 300 MW here) buy energy, not capacity: the margin is on-site gas
    res = solve(req(options="grid,firm,gas-frame", reserve_margin=0.15))
    assert res.lp_capacity_mw["gas-frame"] == pytest.approx(1150.0, rel=1e-5)
    assert res.firm_capacity_mw == pytest.approx(res.capacity_mw["gas-frame"])
    assert res.firm_capacity_mw >= 1150.0
    cheaper = solve(req(options="grid,firm,gas-frame", unit_reserve=False))
    assert res.cost_usd_per_yr > cheaper.cost_usd_per_yr  # the margin costs something


@pytest.mark.parametrize("kw,match", [
    (dict(flexible_share=0.6), "--flexible: 0.6 is not allowed: the share of the load that may shift, from 0 to 0.5"),
    (dict(flexible_share=-0.1), "--flexible: -0.1 is not allowed"),
    (dict(flexible_share=math.nan), "--flexible: nan is not allowed"),
    (dict(flexible_share=True), "--flexible: True is not allowed"),
    (dict(flexible_window_hours=0), "--flexible-window: 0 is not allowed: 1 to 168 hours"),
    (dict(flexible_window_hours=2.5), "--flexible-window: 2.5 is not allowed"),
    (dict(reserve_margin=1.5), "--reserve-margin: 1.5 is not allowed: a share from 0 to 1"),
    (dict(reserve_margin=-0.1), "--reserve-margin: -0.1 is not allowed"),
    (dict(reliability=math.nan), "--reliability: nan is not allowed"),
    (dict(reliability=1e-17), "--reliability: 1e-17 is not allowed: the share of the load served, from 0.5 to 1"),
    (dict(load_mw=0.5), "--mw: 0.5 is not allowed: the campus load must be from 1 to 100,000 MW"),
])
def test_bad_flexible_and_reserve_input_names_the_option(kw, match):
    with pytest.raises(InputError, match=match):
        solve(req(**kw))


def test_weeks_and_labels_in_json():
    res = solve(req(options="gas-frame,solar,battery", hours=TWO_WEEKS))
    out = res.to_json()
    assert out["labels"]["gas-frame"] == "gas frame CT (simple cycle)" and out["labels"]["battery"].startswith("battery")
    (week,) = out["weeks"]  # two weeks solved: the January week (hours 168-335) fits, the July one does not
    assert week["title"].startswith("winter") and week["start_hour"] == 168 and len(week["load_mw"]) == 168
    assert all(len(v) == 168 for v in week["dispatch_mw"].values())
    total = np.sum([v for v in week["dispatch_mw"].values()], axis=0)
    assert_allclose(total, week["load_mw"], atol=0.5)  # rounded to 0.1 MW per series


def test_a_solve_shorter_than_the_sample_weeks_shows_its_first_hours():
    (week,) = solve(req(options="gas-frame", hours=48)).to_json()["weeks"]
    assert week["start_hour"] == 0 and week["title"] == "first 48 hours" and len(week["load_mw"]) == 48


def test_dominated_plants_are_left_out_exactly():
    from dataclasses import replace

    from gigawatt.power import options as opt
    from gigawatt.power.lp import dominated

    o = {k: opt.build(k) for k in ("gas-aero", "gas-frame", "gas-ccgt", "gas-recip")}
    # AEO2026: the aeroderivative costs more to build (2275 vs 1158 $/kW) and burns more (9,447 vs 9,142 Btu/kWh)
    # than a frame turbine; engines cost less to build than a combined cycle ordered at the data date (2,000 vs 2,400
    # $/kW) but more a year with O&M: 2,000 x crf(7 %, 25) + 37 = 208.6 against 2,400 x crf(7 %, 30) + 12.69 = 206.1
    # $/kW-yr, and more to run (7.8 x 3.5 + 6.4 = 33.7 vs 6.226 x 3.5 + 3.57 = 25.4 $/MWh): still dominated, narrowly
    assert dominated(o, list(o)) == {"gas-aero", "gas-recip"}
    assert o["gas-recip"].capex_usd_per_mw < o["gas-ccgt"].capex_usd_per_mw
    pair = {"gas-aero": replace(o["gas-aero"], co2_t_per_mwh=o["gas-frame"].co2_t_per_mwh * 0.99),
            "gas-frame": o["gas-frame"]}
    assert dominated(pair, list(pair)) == set()  # emits less than the frame: useful under a tight cap, kept
    twins = {"a": o["gas-frame"], "b": o["gas-frame"]}
    assert dominated(twins, ["a", "b"]) == {"b"}  # of two equals, one stays
    both = solve(req(options="gas-aero,gas-frame", reserve_margin=0.1, co2_cap_g_per_kwh=600.0))
    frame = solve(req(options="gas-frame", reserve_margin=0.1, co2_cap_g_per_kwh=600.0))
    assert both.cost_usd_per_yr == pytest.approx(frame.cost_usd_per_yr, rel=1e-6)
    assert both.capacity_mw["gas-aero"] == 0.0 and "gas-aero" in both.options
