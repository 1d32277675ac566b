"""Fixes from the browser walk-through (issue 20, model side): lateness counted from the phase's date whatever
``--energised-by`` the user picks, infeasible plans naming the date used, the plan stated in whole units, and
each weather year's figures from the one sized plan."""

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
    # no units kept in reserve, no combined cycle: the delay's price decides (January's cold-hour outage rates would
    # pick engines whatever the value of speed; tests/power/test_late.py alike)
    kw = dict(as_of=AS_OF, hours=168, options="grid,gas-recip,gas-aero,gas-frame", late="price",
              speed_value_usd_per_gw_month=1e6, unit_reserve=False)
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


# ------------------------------------------------------------------ 3. one plan: gas in whole units


@pytest.mark.parametrize("kw", [{}, {"co2_cap_g_per_kwh": 200.0, "tax_credits": True}], ids=["default", "capped"])
def test_gas_capacity_is_the_whole_units_built_and_the_cost_is_theirs(cheyenne, kw):
    res = campus.solve(request_for(cheyenne, as_of=AS_OF, hours=168, **kw))
    rel = res.reliability
    assert rel["units"]  # both plans build gas units
    for k, u in rel["units"].items():
        assert res.capacity_mw[k] == pytest.approx(u["count"] * u["unit_mw"]), k
        assert res.capacity_lp_mw[k] <= res.capacity_mw[k] + 1e-6
    assert sum(res.capacity_mw[k] for k in rel["units"]) == pytest.approx(rel["firm_nameplate_mw"])
    assert res.firm_capacity_mw == pytest.approx(rel["firm_nameplate_mw"])
    # the headline cost is the LP's plus what rounding up and the added units cost, all of it
    extra = rel["rounded_up_cost_usd_per_yr"] + rel["added_cost_usd_per_yr"]
    assert res.cost_usd_per_yr == pytest.approx(res.as_built["lp_cost_usd_per_yr"] + extra, rel=1e-9)
    assert res.lcoe_usd_per_mwh == pytest.approx(res.cost_usd_per_yr / res.energy_mwh_per_yr)
    built = {k: opt.build(k) for k in rel["units"]}
    assert res.as_built["added_capex_usd"] == pytest.approx(sum(
        (res.capacity_mw[k] - res.capacity_lp_mw[k]) * built[k].capex_usd_per_mw for k in built))


def test_a_plan_without_gas_is_unchanged(cheyenne):
    res = campus.solve(request_for(cheyenne, as_of=AS_OF, hours=168, options="solar,battery,grid"))
    assert res.capacity_lp_mw == {} and res.as_built == {}


# ------------------------------------------------------------------ 4. the spread across weather years


@pytest.fixture(scope="module")
def two_years():
    """A capped 200 MW campus at Abilene over two synthetic years, 6-hour steps (engines, sun and batteries)."""
    from gigawatt.power.site import SITES

    req = campus.Request(load_mw=200.0, site=SITES["abilene-tx"], options="gas-recip,solar,battery",
                         co2_cap_g_per_kwh=250.0, weather_years=2, resolution_hours=6, as_of=AS_OF)
    return campus.solve(req)


def test_each_years_figures_add_up_to_the_plans(two_years):
    res, w = two_years, two_years.weather
    rows = w["by_year"]
    assert [r["year"] for r in rows] == [1, 2] and w["variable_built"] == ["solar"]
    assert sum(r["energy_served_mwh"] for r in rows) == pytest.approx(2 * res.energy_mwh_per_yr, rel=1e-9)
    assert sum(r["emissions_t"] for r in rows) == pytest.approx(2 * res.emissions_t_per_yr, rel=1e-9)
    assert sum(r["gas_mmbtu"] for r in rows) == pytest.approx(2 * res.gas_mmbtu_per_yr, rel=1e-9)
    # the years' costs (the plan's fixed cost as built + each year's variable cost) average to the headline
    assert sum(r["cost_usd"] for r in rows) / 2 == pytest.approx(res.cost_usd_per_yr, rel=1e-6)
    # the outage figures of the stacked years are the mean of each year's
    rel = res.reliability
    assert sum(r["eue_mwh"] for r in rows) / 2 == pytest.approx(rel["eue_mwh_per_yr"], rel=1e-9)
    assert sum(r["lolh_h"] for r in rows) / 2 == pytest.approx(rel["lolh_h_per_yr"], rel=1e-9)
    for r in rows:
        assert r["cost_usd_per_mwh"] == pytest.approx(r["cost_usd"] / r["energy_served_mwh"])
        assert 0 <= r["curtailment_share"] < 1


def test_the_worst_year_is_the_dearest(two_years):
    w = two_years.weather
    costs = [r["cost_usd_per_mwh"] for r in w["by_year"]]
    assert w["worst_year"]["cost_usd_per_mwh"] == max(costs)
    assert w["by_year"][w["worst_year"]["year"] - 1]["cost_usd_per_mwh"] == max(costs)
    assert w["worst_year"]["spread_usd_per_mwh"] == pytest.approx(max(costs) - min(costs))
    from gigawatt.present.power_extras import weather_line

    line = weather_line(w)
    assert f"worst: year {w['worst_year']['year']} by cost per MWh served" in line and "year 2 $" in line


def test_no_spread_is_shown_for_sun_or_wind_not_built():
    from gigawatt.present.power_extras import weather_line

    w = {"years": 3, "source": "synthetic", "annual_capacity_factor": {"solar": [0.24, 0.238, 0.227]},
         "variable_built": []}
    assert "capacity factor" not in weather_line(w)
    # a gas plan's years differ only by solver noise: no year is named the worst
    row = {"cost_usd_per_mwh": 62.17, "emissions_g_per_kwh": 440.0, "gas_bcf": 100.9, "curtailment_share": None,
           "unserved_mwh": 0.0}
    w.update(by_year=[{**row, "year": 1}, {**row, "year": 2, "cost_usd_per_mwh": 62.17 + 1e-9}],
             worst_year={"year": 2, "by": "cost per MWh served", "spread_usd_per_mwh": 1e-9})
    assert weather_line(w).endswith("every year costs the same to the cent: no worst year")
