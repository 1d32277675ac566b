"""Fixes from the browser walk-through (issue 20, model side): lateness counted from the phase's date whatever
``--energised-by`` the user picks, and infeasible plans naming the date used."""

import pytest

from gigawatt.errors import InputError
from gigawatt.power import campus, options as opt, request_for, speed_value

AS_OF = "2026Q4"  # Cheyenne's phase 1 is due 2027Q4: 12 months later
VALUE = {"usd_per_gw_month": 1e9, "basis": "test"}


@pytest.fixture(scope="module")
def cheyenne():
    from gigawatt.scenario import load_scenario

    return load_scenario("cheyenne-wy-10gw")


def speed(res):
    """The speed table of a solved plan at $1bn per GW-month, every option at catalog figures."""
    built = {k: opt.build(k) for k in opt.ALL_OPTIONS}
    return speed_value.describe(res, VALUE, built, {}, 0.07)


# ------------------------------------------------------------------ 1. lateness against the phase's date


@pytest.mark.parametrize("by", [None, "2028Q2", "2032Q4"])
def test_months_late_count_from_the_phase_date_whatever_date_the_user_picks(cheyenne, by):
    res = campus.solve(request_for(cheyenne, as_of=AS_OF, hours=168, energised_by=by))
    assert (res.schedule["needed_by"], res.schedule["months_to_need"]) == ("2027Q4", 12.0)
    s = speed(res)
    assert s["plan"]["months_late"] == res.time_to_power_months - 12.0 > 0  # nothing firm is ready in 12 months
    assert s["plan"]["delay_usd_per_mwh"] > 0
    for k, o in s["firm_options_alone"].items():  # grid 48 -> 36 late, CCGT 72 -> 60, engines 24 -> 12
        assert o["months_late"] == o["lead_time_months"] - 12.0, k


def test_a_later_user_date_keeps_the_delay_it_causes(cheyenne):
    # 2028Q2 (18 months) rules out everything firm; the solar + battery plan takes 18 months: 6 late
    res = campus.solve(request_for(cheyenne, as_of=AS_OF, hours=168, energised_by="2028Q2"))
    plan = speed(res)["plan"]
    assert res.time_to_power_months == 18.0 and plan["months_late"] == 6.0
    assert plan["speed_adjusted_usd_per_mwh"] == pytest.approx(res.lcoe_usd_per_mwh + speed_value.delay_usd_per_mwh(
        6.0, 1e9, 1.8, 0.07, max(opt.build(k).life_years for k, c in res.capacity_mw.items() if c > 0),
        res.energy_mwh_per_yr))


def test_a_bare_site_counts_from_its_own_energise_by_date():
    from gigawatt.power.site import SITES

    req = campus.Request(load_mw=200.0, site=SITES["abilene-tx"], hours=48, energised_by="2029Q4", as_of=AS_OF)
    res = campus.solve(req)
    assert (res.schedule["needed_by"], res.schedule["months_to_need"]) == ("2029Q4", 36.0)
    assert res.schedule["needed_by_source"] == "--energised-by"


def test_late_price_counts_the_delay_from_the_phase_date_not_the_users(cheyenne):
    kw = dict(as_of=AS_OF, hours=168, options="grid,gas", late="price", speed_value_usd_per_gw_month=1e6)
    plain = campus.solve(request_for(cheyenne, **kw))
    later = campus.solve(request_for(cheyenne, energised_by="2030Q4", **kw))
    assert later.schedule["energised_by"] == "2030Q4"
    assert later.late["delay_counted_from"] == "2027Q4" == plain.late["delay_counted_from"]
    assert later.late["chosen_late"] == plain.late["chosen_late"]  # gas-frame, 48 months after 2027Q4
    assert later.late["chosen_late"]["gas-frame"]["months_late"] == 48.0
    assert speed_value.power_ready(later)[:2] == ("2027Q4", "2031Q4")


# ------------------------------------------------------------------ 2. infeasible plans name the date used


def test_an_infeasible_plan_names_the_slipped_date_not_a_flag_never_given(cheyenne):
    with pytest.raises(InputError) as e:
        campus.solve(request_for(cheyenne, as_of=AS_OF, hours=168, options="grid"))
    msg = str(e.value)
    assert "energised by 2030Q4, the phase's date (2027Q4) slipped to the first quarter one can" in msg
    assert "--energised-by" not in msg and "2027Q4 (solver" not in msg


def test_an_infeasible_plan_names_the_users_date_as_the_users(cheyenne):
    with pytest.raises(InputError) as e:
        campus.solve(request_for(cheyenne, as_of=AS_OF, hours=168, options="grid", energised_by="2031Q1"))
    assert "energised by 2031Q1 (--energised-by)" in str(e.value)
