"""Whole gas units in the optimisation (``--units milp``): never below the LP, whole multiples of the unit, equal
to an enumeration of unit counts worked out by hand (merit order), and the method said in the result."""

import itertools
import json
import math
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from gigawatt.errors import InputError
from gigawatt.power import lp, milp, options as opt, reliability as rel

PLANTS = ("gas-recip", "gas-frame")


def _plants():
    """Engines and frame turbines with their costs and unit sizes pinned here (near the catalog's 2026 rows), so the
    enumeration below is worked out on the test's own numbers: engines cost more to build and less to run."""
    pinned = {"gas-recip": (200_000.0, 35.0, 18.8), "gas-frame": (100_000.0, 36.0, 240.0)}
    options = {k: replace(opt.build(k), fixed_usd_per_mw_yr=f, marginal_usd_per_mwh=c) for k, (f, c, _) in pinned.items()}
    return options, {k: u for k, (_, _, u) in pinned.items()}


def _by_hand(options, unit_mw, load_mw: float, counts) -> float:
    """Annual cost of ``counts`` units against a flat load, no reserve: annuities + fixed O&M of the nameplate, and
    each hour the cheapest running cost first (merit order) for 8,760 hours; inf if the units cannot carry it."""
    cap = {k: n * unit_mw[k] for k, n in zip(PLANTS, counts)}
    if sum(cap.values()) < load_mw - 1e-9:
        return math.inf
    left, running = load_mw, 0.0
    for k in sorted(PLANTS, key=lambda k: options[k].marginal_usd_per_mwh):
        take = min(left, cap[k])
        running, left = running + take * options[k].marginal_usd_per_mwh, left - take
    return sum(options[k].fixed_usd_per_mw_yr * cap[k] for k in PLANTS) + 8760.0 * running


@pytest.mark.parametrize("load_mw", [300.0, 500.0, 700.0])
def test_milp_equals_an_enumeration_of_unit_counts(load_mw):
    """A week (168 h) of a flat load with engines (18.8 MW units) and frame turbines (240 MW): the MILP's plan is
    the cheapest of every count of each (0-59 engines, 0-4 turbines) costed by hand. At 300 MW that is one
    turbine and four engines, where rounding the LP's 300 MW of turbines up gives two (480 MW)."""
    options, unit_mw = _plants()
    grid = {n: _by_hand(options, unit_mw, load_mw, n) for n in itertools.product(range(60), range(5))}
    best = min(grid, key=grid.get)
    sol = lp.solve(np.full(168, load_mw), options, {}, unit_mw=unit_mw)
    assert sol.extra["units"]["counts"] == dict(zip(PLANTS, best))
    assert sol.cost_usd_per_yr == pytest.approx(grid[best], rel=1e-6)
    assert sol.extra["units"]["proven_optimal"] and sol.extra["units"]["mip_gap"] <= milp.MIP_GAP


def test_whole_units_at_300_mw_beat_rounding_the_lp_up():
    options, unit_mw = _plants()
    relaxed = lp.solve(np.full(168, 300.0), options, {})
    rounded = {k: math.ceil(relaxed.capacity_mw[k] / unit_mw[k] - 1e-6) for k in PLANTS}
    assert rounded == {"gas-recip": 0, "gas-frame": 2}
    whole = lp.solve(np.full(168, 300.0), options, {}, unit_mw=unit_mw)
    assert whole.cost_usd_per_yr < _by_hand(options, unit_mw, 300.0, tuple(rounded.values()))


def _mixed_case():
    """Engines, turbines, solar and a battery under a CO2 cap: the MILP against its own LP relaxation."""
    from gigawatt.power import profiles

    keys = ("gas-recip", "gas-frame", "solar", "battery")
    options = {k: opt.build(k) for k in keys}
    options = {k: replace(o, unit_reserve=0.1) if k in PLANTS else o for k, o in options.items()}
    cf = {"solar": profiles.solar(41.1, -104.8, 0.25, 168)}
    cap_t = 300.0 * 8760 * 0.35  # 350 g/kWh: gas alone emits more
    return np.full(168, 300.0), options, cf, cap_t


def test_milp_never_costs_less_than_its_lp_relaxation_and_units_are_whole():
    load, options, cf, cap_t = _mixed_case()
    unit_mw = {k: rel.units(k).unit_mw for k in PLANTS}
    relaxed = lp.solve(load, options, cf, co2_cap_t_per_yr=cap_t)
    whole = lp.solve(load, options, cf, co2_cap_t_per_yr=cap_t, unit_mw=unit_mw)
    assert whole.cost_usd_per_yr >= relaxed.cost_usd_per_yr * (1 - 1e-7)
    for k, u in unit_mw.items():
        n = whole.capacity_mw[k] / u
        assert n == pytest.approx(round(n), abs=1e-9) and whole.extra["units"]["counts"][k] == round(n)
    assert "units" not in relaxed.extra and whole.solver == "HiGHS branch and bound (linopy)"


def test_a_dominated_plant_is_kept_when_units_are_whole():
    """The LP drops a plant another beats per MW (exact for MW); with whole units its unit size may still win."""
    options, unit_mw = _plants()
    b, kinds = lp.build(lp.Load(np.full(48, 300.0)), options, {}, unit_mw=unit_mw)
    assert set(b.v["units"].indexes["plant"]) == set(PLANTS)


def test_units_method_is_checked():
    assert [milp.check(m) for m in ("round", "milp", "staged")] == ["round", "milp", "staged"]
    for bad in ("mip", "", None, 1, " MILP "):
        with pytest.raises(InputError, match=r"round .* milp .* or staged") as e:
            milp.check(bad)
        assert e.value.path == "--units"


def _gw(*args):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", *args], capture_output=True, text=True,
                          timeout=300)


def test_the_cli_says_which_method_made_units_whole():
    args = ["--mw", "300", "--lat", "41.1", "--lon", "-104.8", "--hours", "168", "--options", "gas", "--json"]
    p = _gw(*args, "--units", "milp")
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    w = got["reliability"]["whole_units"]
    assert w["method"] == "milp" and w["proven_optimal"] and w["mip_gap_limit"] == milp.MIP_GAP
    for k, u in got["reliability"]["units"].items():
        assert got["capacity_mw"][k] == pytest.approx(u["from_lp"] * u["unit_mw"])
    base = json.loads(_gw(*args).stdout)
    assert base["reliability"]["whole_units"]["method"] == "round"
    bad = _gw(*args, "--units", "mip")
    assert bad.returncode == 2 and "--units: 'mip' is not allowed" in bad.stderr and "Traceback" not in bad.stderr


def test_staged_holds_renewables_at_the_lp_and_never_beats_the_full_milp():
    """--units staged: the LP's solar and battery power kept, units chosen again; a restriction of the full MILP, so
    never cheaper than it (beyond the gap), and never cheaper than the LP."""
    load, options, cf, cap_t = _mixed_case()
    unit_mw = {k: rel.units(k).unit_mw for k in PLANTS}

    def run(opts, existing, units):
        return lp.solve(load, opts, cf, co2_cap_t_per_yr=cap_t, existing=existing, unit_mw=units)

    relaxed = run(options, ({}, {}), None)
    full = milp.solve("milp", run, options, ({}, {}), unit_mw)
    staged = milp.solve("staged", run, options, ({}, {}), unit_mw)
    assert staged.cost_usd_per_yr >= full.cost_usd_per_yr * (1 - milp.MIP_GAP) - 1.0
    assert staged.cost_usd_per_yr >= relaxed.cost_usd_per_yr * (1 - 1e-7)
    for k in ("solar", "battery"):
        assert staged.capacity_mw[k] == pytest.approx(relaxed.capacity_mw[k], rel=1e-6, abs=1e-3)
    assert staged.energy_mwh["battery"] >= relaxed.energy_mwh["battery"] * (1 - 1e-6) - 1e-3
    u = staged.extra["units"]
    assert u["method"] == "staged" and "not the full MILP" in u["optimal_for"]
    assert u["lp_cost_usd_per_yr"] == pytest.approx(relaxed.cost_usd_per_yr)
    assert milp.solve("round", run, options, ({}, {}), unit_mw).extra.get("units") is None


def test_a_time_limited_milp_is_never_reported_as_optimal(monkeypatch):
    """Stopped by the time limit: either no plan (one line, a solver failure) or the plan found with its gap and
    proven_optimal false, and the terminal line says NOT proven optimal."""
    from gigawatt.present.power_extras import _units_method

    load, options, cf, cap_t = _mixed_case()
    monkeypatch.setattr("gigawatt.power.highs.TIME_LIMIT_S", 1e-3)
    try:
        sol = lp.solve(load, options, cf, co2_cap_t_per_yr=cap_t, unit_mw={k: rel.units(k).unit_mw for k in PLANTS})
    except lp.SolverFailed as e:
        assert "no whole-unit plan" in e.message and "--units round" in e.message
        return
    u = sol.extra["units"]
    assert sol.status == "time_limit" and u["proven_optimal"] is False
    assert "NOT proven optimal" in _units_method(u)


def test_the_terminal_line_says_how_units_were_made_whole():
    from gigawatt.present.power_extras import _units_method

    base = {"mip_gap": 0.0004, "nodes": 1, "mip_gap_limit": 0.001, "time_limit_s": 120.0, "proven_optimal": True}
    assert _units_method({**base, "method": "milp"}) == \
        "; whole units: MILP (gap 0.04%, solved at the root, optimal within 0.1%)"
    assert _units_method({**base, "method": "staged", "proven_optimal": False, "nodes": 40}) == \
        ("; whole units: staged MILP (gap 0.04%, 40 nodes, stopped at the 120 s limit: NOT proven optimal with "
         "solar, wind and batteries held at the LP's)")
    assert "rounded up" in _units_method({"method": "round"})
