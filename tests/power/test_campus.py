"""The least-cost supply LP: hand-checked cases, invariants, metamorphic properties, bad input."""

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gigawatt.errors import InputError
from gigawatt.power import Request, solve
from gigawatt.power.site import SITES

CHEYENNE = SITES["cheyenne-wy"]
TWO_WEEKS = 336


def req(**kw):
    base = dict(load_mw=1000.0, site=CHEYENNE, hours=TWO_WEEKS)
    base.update(kw)
    return Request(**base)


def test_gas_only_lcoe_is_annuity_plus_fuel_plus_om_by_hand():
    res = solve(req(options="gas-frame", unit_reserve=False))  # no reserve, said (the default keeps spare units)
    # Pinned from power_options.csv by hand (EIA AEO2026 rows, checked 2026-11-30): capex 1158 $/kW x CRF(7 %,
    # 30 yr) 0.0805864 = 93.3190 + fixed O&M 7.18 = 100.4990 $/kW-yr -> /8.76 MWh per kW-yr = 11.4725 $/MWh; fuel
    # 9.142 MMBtu/MWh x 3.5 $/MMBtu = 31.997; variable O&M 4.17 -> 11.4725 + 31.997 + 4.17 = 47.6395 $/MWh.
    assert_allclose(res.lp_lcoe_usd_per_mwh, 47.6395, rtol=1e-4)
    assert_allclose(res.lp_capacity_mw["gas-frame"], 1000.0, rtol=1e-4)
    # as built: 3 whole 337 MW units (power_reliability.csv), 1,011 MW: 11.4725 x 1.011 + 31.997 + 4.17 = 47.7657
    assert_allclose(res.capacity_mw["gas-frame"], 1011.0, rtol=1e-9)
    assert_allclose(res.lcoe_usd_per_mwh, 47.7657, rtol=1e-4)
    assert_allclose(res.emissions_g_per_kwh, 485.0745, rtol=1e-4)  # 9.142 MMBtu/MWh x 53.06 kg/MMBtu
    assert res.shares == pytest.approx({"gas-frame": 1.0})
    assert_allclose(res.supply_capex_usd, 1158e3 * 1011, rtol=1e-4)
    assert res.time_to_power_months == 60


def test_free_unlimited_grid_is_all_the_solver_picks():
    res = solve(req(grid_price_usd_per_mwh=0.0, grid_mw=math.inf))
    assert res.shares["grid"] == pytest.approx(1.0, abs=1e-6)
    assert all(v == 0 for k, v in res.capacity_mw.items() if k != "grid")
    assert res.lcoe_usd_per_mwh == pytest.approx(0.0, abs=1e-3)


def test_zero_co2_cap_without_firm_uses_solar_wind_storage_at_a_higher_lcoe():
    free = solve(req(options="gas,solar,wind,battery"))
    clean = solve(req(options="gas,solar,wind,battery", co2_cap_t_per_yr=0.0))
    gas = sum(v for k, v in clean.shares.items() if k.startswith("gas"))
    assert gas == pytest.approx(0.0, abs=1e-4)
    assert clean.emissions_t_per_yr == pytest.approx(0.0, abs=1.0)
    assert clean.shares["solar"] + clean.shares["wind"] == pytest.approx(1.0, abs=1e-4)
    assert clean.capacity_mw["battery"] > 0
    assert 4.0 - 1e-6 <= clean.storage_hours["battery"] <= 8.0 + 1e-6  # between the two catalog systems
    assert clean.lcoe_usd_per_mwh > free.lcoe_usd_per_mwh * 1.2


@pytest.mark.parametrize("small,big", [
    ("gas-frame", "gas-frame,solar"),
    ("gas-frame,solar", "gas-frame,solar,battery"),
    ("solar,battery,firm", "solar,battery,firm,wind"),
    ("gas", "gas,grid,firm"),
])
def test_adding_an_option_never_raises_the_cost(small, big):
    a = solve(req(options=small, hours=168))
    b = solve(req(options=big, hours=168))
    assert b.cost_usd_per_yr <= a.cost_usd_per_yr * (1 + 1e-6)


def test_co2_cap_by_intensity_is_met():
    res = solve(req(options="gas,solar,wind,battery", co2_cap_g_per_kwh=200.0))
    assert res.emissions_g_per_kwh <= 200.0 * (1 + 1e-4)


def test_energised_by_drops_slow_options():
    res = solve(req(energised_by="2028Q4", as_of="2026Q4"))  # 24 months: engines (24), solar (18), batteries (12)
    assert set(res.options) == {"gas-recip", "solar", "battery"}
    assert "gas-frame" in res.excluded and "60 months" in res.excluded["gas-frame"]
    assert "48 months" in res.excluded["gas-aero"]  # TVA Kingston: ordered 2024, operation 2028 (power_options.csv)
    assert res.time_to_power_months <= 24


def test_energised_by_excluding_everything_says_why():
    with pytest.raises(InputError, match=r"no option left after --energised-by 2027Q1 .*gas frame CT \(simple cycle\) "
                                         r"needs 60 months"):
        solve(req(energised_by="2027Q1", as_of="2026Q4"))


def test_infeasible_is_one_clear_line():
    with pytest.raises(InputError, match="infeasible: no supply plan serves 1,000 MW every hour with grid.*limited to "
                                         "300 MW"):
        solve(req(options="grid"))
    with pytest.raises(InputError, match="CO2 cap of 0 t/yr with no zero-carbon option"):
        solve(req(options="gas", co2_cap_t_per_yr=0.0))


@pytest.mark.parametrize("kw,match", [
    (dict(co2_cap_t_per_yr=-1.0), "--co2-cap: -1.0 is not allowed"),
    (dict(co2_cap_g_per_kwh=-5.0), "--co2-cap: -5.0 is not allowed"),
    (dict(fuel_price_usd_per_mmbtu=-2.0), "--fuel-price: -2.0 is not allowed"),
    (dict(grid_price_usd_per_mwh=-1.0), "--grid-price"),
    (dict(load_mw=0.0), "--mw: 0.0 is not allowed"),
    (dict(load_mw=float("nan")), "--mw"),
    (dict(hours=10), "--hours: 10 is not allowed"),
    (dict(reliability=1.5), "--reliability"),
    (dict(options="gas,coal"), "'coal' is not a supply option"),
])
def test_bad_input_is_rejected_with_the_field(kw, match):
    with pytest.raises(InputError, match=match):
        solve(req(**kw))


def test_reliability_target_allows_bounded_unserved_energy():
    res = solve(req(options="solar,battery", reliability=0.9))
    assert res.unserved_share <= 0.1 + 1e-6


def test_full_year_solve_balances_every_hour():
    res = solve(Request(load_mw=1440.0, site=CHEYENNE))  # every option, 8,760 hours
    assert res.hours == 8760
    total = sum(res.dispatch_mw.values())
    assert_allclose(total, 1440.0, rtol=1e-5, atol=1e-2)
    assert_allclose(res.energy_mwh_per_yr, 1440.0 * 8760, rtol=1e-9)
    assert sum(res.shares.values()) == pytest.approx(1.0)
    assert res.solve_seconds > 0
