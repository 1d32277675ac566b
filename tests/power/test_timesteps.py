"""The LP in steps of several hours: exact where the inputs are constant within a step, close to hourly on the
built-in case, and stated in every result."""

import numpy as np
import pytest

from gigawatt.errors import InputError
from gigawatt.power import Request, lp, options as opt, solve, timesteps
from gigawatt.power.site import SITES

WEEK = 168
TOLERANCE = 0.02  # 2-hour steps (the default) against hourly: LCOE within 2 % on the built-in cases (timesteps.MEASURED)


def req(**kw):
    return Request(**{"load_mw": 1000.0, "site": SITES["cheyenne-wy"], "hours": 4 * WEEK, **kw})


def _options(keys):
    return {k: opt.build(k) for k in keys}


def test_inputs_constant_within_each_step_give_the_hourly_optimum_exactly():
    """Solar and wind held for 3 hours at a time: averaging loses nothing, so the 3-hour LP (battery, flexible
    load and CO2 cap included) costs what the hourly one does."""
    rng = np.random.default_rng(1)
    cf = {k: np.repeat(rng.uniform(0, 1, WEEK // 3), 3) for k in ("solar", "wind")}
    load = lp.Load(np.full(WEEK, 1000.0), flexible_share=0.2, window_hours=24, rating_mw=1250.0)
    options = _options(("gas-ccgt", "solar", "wind", "battery"))
    cap = 150.0 * 1000.0 * 8.76  # 150 g/kWh, t/yr
    hourly, coarse = (lp.solve(load, options, cf, co2_cap_t_per_yr=cap, step_hours=s) for s in (1, 3))
    assert coarse.cost_usd_per_yr == pytest.approx(hourly.cost_usd_per_yr, rel=1e-5)
    assert coarse.step_hours == 3 and coarse.hours == WEEK and len(coarse.drawn_mw) == WEEK


def test_two_hour_steps_stay_within_the_tolerance_of_hourly_on_four_weeks_of_cheyenne():
    for cap in (None, 100.0):
        hourly = solve(req(resolution_hours=1, co2_cap_g_per_kwh=cap))
        coarse = solve(req(resolution_hours=2, co2_cap_g_per_kwh=cap))
        assert coarse.lcoe_usd_per_mwh == pytest.approx(hourly.lcoe_usd_per_mwh, rel=TOLERANCE)
        assert coarse.emissions_g_per_kwh <= (cap or 1e9) * (1 + 1e-6)


def test_the_stated_full_year_error_is_within_the_tolerance():
    for case, lcoe in timesteps.MEASURED.items():
        assert lcoe["rel_2h"] == pytest.approx(lcoe["2"] / lcoe["1"] - 1, abs=1e-4), case
        assert abs(lcoe["rel_2h"]) <= TOLERANCE and lcoe["3"] <= lcoe["2"] <= lcoe["1"] * (1 + 1e-6), case


def test_a_full_year_is_solved_in_two_hour_steps_by_default_and_says_so():
    assert req(hours=8760).step_hours == 2
    assert req(hours=8760, flexible_window_hours=5).step_hours == 1  # a window of 5 h is not whole 2-hour steps
    assert req().step_hours == 1
    out = solve(req(hours=WEEK, resolution_hours=3, options="gas-frame")).to_json()
    assert out["resolution"]["step_hours"] == 3 and out["resolution"]["steps"] == WEEK // 3
    assert "measured_error_vs_hourly" in out["resolution"]


@pytest.mark.parametrize("kw, message", [
    (dict(resolution_hours=5), "--resolution: 5 is not allowed: hours per LP step, one of 1, 2, 3, 4, 6"),
    (dict(resolution_hours=True), "--resolution: True is not allowed"),
    (dict(resolution_hours=3, hours=50), "--hours: 50 is not allowed with --resolution 3"),
    (dict(resolution_hours=6, flexible_share=0.1, flexible_window_hours=8), "--flexible-window: 8 is not allowed"),
])
def test_a_bad_resolution_is_refused_naming_the_option(kw, message):
    with pytest.raises(InputError) as e:
        solve(req(**kw))
    assert str(e.value).startswith(message)


@pytest.mark.slow
def test_the_stated_two_hour_figures_are_what_the_full_year_solve_gives():
    """The full-year 2-hour solves behind timesteps.MEASURED (the hourly ones take minutes: measured once)."""
    from dataclasses import replace

    from gigawatt.power import request_for
    from gigawatt.scenario import load_scenario

    cheyenne = load_scenario("cheyenne-wy-10gw")
    every = replace(request_for(cheyenne), energised_by=None, energised_by_from_schedule=False,
                    unit_reserve=False)  # measured with no reserve (the default now keeps spare units)
    cases = {"cheyenne-wy-10gw phase 1, every option": every,
             "cheyenne-wy-10gw phase 1, scheduled, CO2 cap 100 g/kWh": request_for(cheyenne, as_of="2026Q4",
                                                                                   co2_cap_g_per_kwh=100.0,
                                                                                   unit_reserve=False)}
    for case, r in cases.items():
        res = solve(r)
        assert res.step_hours == 2
        # the LP's LCOE (what the step length changes), before whole gas units (power/as_built.py)
        assert res.lp_lcoe_usd_per_mwh == pytest.approx(timesteps.MEASURED[case]["2"], rel=2e-3), case
