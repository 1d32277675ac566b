"""Options late for the energise-by date: left out (``--late exclude``, the default) or kept and priced with
their delay (``--late price``): hand-computed delay, the fast-or-cheap choice on Cheyenne, metamorphic tests."""

import json
import math
import subprocess
import sys
from dataclasses import replace

import pytest

from gigawatt.errors import InputError
from gigawatt.power import campus, lp, request_for, speed_value
from gigawatt.power.options import build, crf
from gigawatt.power.site import SITES

AS_OF = "2026Q4"
RATE = 0.07  # the catalog's discount rate (finance,discount_rate in power_options.csv)


def bare(options, by, late="exclude", value=None, hours=48, **kw):
    """A 1,000 MW flat campus at Abilene (load factor 0.8: 1.25 GW of facility), as of 2026Q4."""
    return campus.Request(load_mw=1000.0, site=SITES["abilene-tx"], options=options, energised_by=by, as_of=AS_OF,
                          hours=hours, late=late, speed_value_usd_per_gw_month=value, **kw)


def with_delay(res) -> float:
    """What the LP minimised: the supply's cost plus the delay priced (0 under exclude)."""
    return res.late.get("cost_with_delay_usd_per_yr", res.cost_usd_per_yr)


@pytest.fixture(scope="module")
def cheyenne():
    from gigawatt.scenario import load_scenario

    return load_scenario("cheyenne-wy-10gw")


# ------------------------------------------------------------------------------------------- hand-checked


@pytest.mark.parametrize("key, by, months", [("grid", "2028Q4", 24.0), ("gas-recip", "2027Q4", 12.0)])
def test_one_option_alone_d_months_late_costs_d_x_value_x_mw_x_annuity(key, by, months):
    # grid: 48-month lead, 24 months to 2028Q4 -> 24 late; recip: 24-month lead, 12 to 2027Q4 -> 12 late.
    # $100M per GW-month; 1,000 MW of load is 1.25 GW of facility at load factor 0.8 -> $125k per MW-month of load.
    value, per_mw_month = 1e8, 1e8 / 1e3 / 0.8
    # the delay's annuity: 30 years for every option (speed_value.DELAY_LIFE_YEARS), whatever the asset's life
    want = months * per_mw_month * 1000.0 * crf(RATE, 30.0)  # grid: 24 x 125,000 x 1,000 x 0.080586 = $241.8M/yr
    if key == "grid":
        assert want == pytest.approx(241.759e6, rel=1e-4)
    else:  # recip (a 25-year asset): 12 x 125,000 x 1,000 x 0.080586 = $120.9M/yr, as the grid's per month late
        assert want == pytest.approx(120.879e6, rel=1e-4)
    unlimited = {"grid_mw": math.inf}  # the catalog's grid limit aside: one option carries the whole load
    priced = campus.solve(bare(key, by, "price", value, **unlimited))
    on_time = campus.solve(bare(key, "2040Q1", "price", value, **unlimited))
    assert on_time.late["chosen_late"] == {} and on_time.late["delay_usd_per_yr"] == 0
    assert priced.cost_usd_per_yr == pytest.approx(on_time.cost_usd_per_yr, rel=1e-6)  # delay kept out of LCOE
    assert with_delay(priced) - with_delay(on_time) == pytest.approx(want, rel=1e-5)
    row = priced.late["chosen_late"][key]
    assert row["months_late"] == months and row["mw_held_back"] == pytest.approx(1000.0, rel=1e-5)  # not spares
    assert row["delay_usd_per_mwh"] == pytest.approx(want / (1000.0 * 8760.0), rel=1e-5)
    assert priced.schedule["energised_by"] == by and "slipped_from" not in priced.schedule


def test_exclude_is_the_default_and_says_price_is_the_other_mode():
    res = campus.solve(bare("grid,gas-recip", "2028Q4"))
    assert res.late == {"mode": "exclude", "default": "exclude", "note": speed_value.EXCLUDE_NOTE}
    assert "--late price prices them with their delay instead" in res.late["note"]
    assert set(res.excluded) == {"grid"}


# ------------------------------------------------------------------------------------- Cheyenne: fast or cheap


def test_cheyenne_fast_gas_at_the_programs_value_slow_frame_at_a_low_one(cheyenne):
    # Phase 1 is due 2027Q4, 12 months from 2026Q4; nothing that generates is ready by then. No units kept in
    # reserve and no combined cycle (the cheapest without one): the choice here is the delay's price (the reserve for
    # January's cold hours, when turbines fail most, would pick engines whatever the value of speed)
    kw = dict(as_of=AS_OF, hours=336, options="grid,gas-recip,gas-aero,gas-frame", unit_reserve=False)
    excluded = request_for(cheyenne, **kw)
    assert excluded.late == "exclude"
    ex = campus.solve(excluded)
    assert ex.schedule["slipped_from"] == "2027Q4" and ex.schedule["energised_by"] == "2028Q4"  # slips, as before
    fast = campus.solve(request_for(cheyenne, late="price", **kw))
    assert fast.schedule["energised_by"] == "2027Q4" and "slipped_from" not in fast.schedule  # the date is kept
    assert fast.late["value_source"].startswith("program") and fast.late["usd_per_gw_month"] > 1e8
    # 12 months late beats 48: engines and aeroderivatives (both 24-month leads) are 12 months late and pay the
    # same delay per MW (one annuity for every option), so the cheaper engines win
    assert [k for k, c in fast.capacity_mw.items() if c] == ["gas-recip"]
    assert fast.late["chosen_late"]["gas-recip"]["months_late"] == 12.0
    slow = campus.solve(request_for(cheyenne, late="price", speed_value_usd_per_gw_month=1e6, **kw))
    assert [k for k, c in slow.capacity_mw.items() if c] == ["gas-frame"]  # 60-month frame turbines: cheaper
    assert slow.late["chosen_late"]["gas-frame"]["months_late"] == 48.0
    assert slow.lcoe_usd_per_mwh < fast.lcoe_usd_per_mwh
    assert slow.late["lcoe_with_delay_usd_per_mwh"] < fast.lcoe_usd_per_mwh  # worth the wait at $1M per GW-month


def test_a_scenario_carries_the_mode_and_value(cheyenne):
    scn = cheyenne.model_copy(update={"energy": cheyenne.energy.model_copy(
        update={"supply_late": "price", "supply_speed_value_usd_per_gw_month": 2e6})})
    req = request_for(scn, as_of=AS_OF)
    assert (req.late, req.speed_value_usd_per_gw_month) == ("price", 2e6)
    program = request_for(cheyenne, late="price")
    assert program.program_speed_value_usd_per_gw_month == pytest.approx(
        speed_value.value_per_gw_month(cheyenne)["usd_per_gw_month"])


def test_a_priced_frame_is_not_dropped_as_dominated_by_its_delay():
    opts = {k: build(k) for k in ("gas-aero", "gas-frame")}
    assert lp.dominated(opts, list(opts)) == {"gas-aero"}  # same or dearer to build and run, on time
    assert lp.dominated(opts, list(opts), {"gas-frame": 1e9, "gas-aero": 0.0}) == set()  # aero: faster now


def test_a_priced_late_plan_still_moves_the_phase_it_cannot_power(cheyenne):
    from gigawatt import api, power

    scn = cheyenne.model_copy(update={"energy": cheyenne.energy.model_copy(
        update={"supply": "optimised", "supply_late": "price", "supply_speed_value_usd_per_gw_month": 1e6,
                "supply_reserve_margin": 0.15, "supply_options": "grid,gas-recip,gas-aero,gas-frame"})})
    # a system margin, no combined cycle: the frame turbines' reserve for Cheyenne's cold hours left out
    res = power.solve_scenario(scn)
    assert res.schedule["energised_by"] == "2027Q4" and set(res.late["chosen_late"]) == {"gas-frame"}
    due, ready, why = speed_value.power_ready(res)
    assert (due, ready) == ("2027Q4", "2031Q4")  # 48 months late: 16 quarters after 2027Q4
    assert why.endswith("the plan's slowest, gas-frame, comes 48 months after 2027Q4: phase 1 is powered from "
                        "2031Q4")
    resolved = api.with_supply(scn)
    assert resolved.program.phases[0].online == "2031Q4"  # the phase waits for its frame turbines
    assert any(g.startswith(power.SCHEDULE_NOTE) and "slowest, gas-frame" in g for g in resolved.guesses)


# -------------------------------------------------------------------------------------------- metamorphic


def test_price_never_costs_more_than_exclude_and_equals_it_when_nothing_is_late():
    opts = "grid,gas,solar,battery"
    for by in ("2028Q2", "2029Q4"):
        ex, pr = campus.solve(bare(opts, by)), campus.solve(bare(opts, by, "price"))
        assert ex.excluded and with_delay(pr) <= with_delay(ex) * (1 + 1e-6)
    ex, pr = campus.solve(bare(opts, "2040Q1")), campus.solve(bare(opts, "2040Q1", "price"))
    assert not ex.excluded and pr.late["chosen_late"] == {} and pr.late["late_options_offered"] == {}
    assert pr.cost_usd_per_yr == pytest.approx(ex.cost_usd_per_yr, rel=1e-6)
    assert all(pr.capacity_mw[k] == pytest.approx(ex.capacity_mw[k], rel=1e-4, abs=1.0) for k in ex.capacity_mw)


def test_raising_the_value_of_speed_never_lowers_the_cost():
    costs = [with_delay(campus.solve(bare("grid,gas,solar,battery", "2027Q4", "price", v)))
             for v in (0.0, 1e6, 3e7, 3e8, 1e9)]
    assert all(b >= a * (1 - 1e-6) for a, b in zip(costs, costs[1:]))
    assert costs[-1] > costs[0]


def test_at_value_zero_price_is_the_solve_with_no_lead_time_limit():
    zero = campus.solve(bare("grid,gas,solar,battery", "2027Q4", "price", 0.0))
    free = campus.solve(bare("grid,gas,solar,battery", "2045Q4"))
    assert zero.late["late_options_offered"] and zero.late["delay_usd_per_yr"] == 0
    assert zero.cost_usd_per_yr == pytest.approx(free.cost_usd_per_yr, rel=1e-6)


@pytest.mark.parametrize("late", ["price", "exclude"])
def test_a_later_energise_by_date_never_costs_more(late):
    costs = [with_delay(campus.solve(bare("grid,gas,solar,battery", by, late)))
             for by in ("2028Q2", "2028Q4", "2030Q4", "2033Q4")]
    assert all(b <= a * (1 + 1e-6) for a, b in zip(costs, costs[1:]))


# ------------------------------------------------------------------------------------------------ bad input


@pytest.mark.parametrize("late, value, path, needle", [
    ("late", None, "--late", "'late' is not allowed: exclude (the default"),
    ("Price", None, "--late", "'Price' is not allowed"),
    ("price", -1.0, "--speed-value", "-1.0 is not allowed: the value of speed must be a finite number of USD per "
                                     "GW-month from 0 to"),
    ("price", math.nan, "--speed-value", "is not allowed"),
    ("price", 1e12, "--speed-value", "is not allowed"),
    ("price", True, "--speed-value", "is not allowed")])
def test_bad_mode_or_value_is_refused_naming_the_option(late, value, path, needle):
    with pytest.raises(InputError) as e:
        campus.check(bare("gas", "2027Q4", late, value))
    assert e.value.path == path and needle in e.value.message


def test_a_scenario_field_out_of_range_is_refused(cheyenne):
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        cheyenne.energy.model_validate({**cheyenne.energy.model_dump(), "supply_late": "delay"})
    with pytest.raises(ValidationError):
        cheyenne.energy.model_validate({**cheyenne.energy.model_dump(), "supply_speed_value_usd_per_gw_month": -1})


def test_resolve_needs_no_program_where_the_user_gave_a_value():
    req = bare("gas", "2027Q4", "price", 5e6)
    assert speed_value.resolve(req, None) is req and speed_value.value_used(req) == (5e6, "--speed-value")
    with pytest.raises(ValueError):
        speed_value.value_used(replace(req, speed_value_usd_per_gw_month=None))


# ------------------------------------------------------------------------------------------------------ CLI


def gw(*args):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", *args], capture_output=True, text=True,
                          timeout=300)


def test_cli_late_price_json_and_text():
    common = ("cheyenne-wy-10gw", "--as-of", AS_OF, "--hours", "168", "--options", "gas-recip,gas-aero,gas-frame",
              "--no-unit-reserve")
    p = gw(*common, "--late", "price", "--speed-value", "1e6", "--json")
    assert p.returncode == 0, p.stderr
    late = json.loads(p.stdout)["late"]
    assert late["mode"] == "price" and late["default"] == "exclude" and late["value_source"] == "--speed-value"
    assert set(late["chosen_late"]) == {"gas-frame"} and "lower bound" in late["assumption"]
    t = gw(*common, "--late", "price")
    assert t.returncode == 0, t.stderr
    assert "late options priced (--late price; the default, exclude, leaves them out)" in " ".join(t.stdout.split())


@pytest.mark.parametrize("args, needle", [(["--late", "later"], "--late: 'later' is not allowed"),
                                          (["--late", "price", "--speed-value=-5"], "--speed-value: -5.0 is not")])
def test_cli_bad_late_is_one_line_exit_2(args, needle):
    p = gw("cheyenne-wy-10gw", "--hours", "48", *args)
    assert p.returncode == 2 and needle in p.stderr and "Traceback" not in p.stderr


def test_the_value_of_speeds_basis_names_where_the_users_value_came_from(cheyenne):
    """Issue 20: a value set in the scenario (YAML or --set) is said to be that field, not --speed-value."""
    scn = cheyenne.model_copy(update={"energy": cheyenne.energy.model_copy(
        update={"supply_speed_value_usd_per_gw_month": 2e6})})
    req = request_for(scn, as_of=AS_OF)
    assert speed_value.user_source(req, scn) == "energy.supply_speed_value_usd_per_gw_month"
    assert speed_value.user_source(replace(req, speed_value_usd_per_gw_month=3e6), scn) == "--speed-value"
    assert speed_value.user_source(req, None) == "--speed-value"
    assert speed_value.user_source(req, cheyenne) == "--speed-value"
