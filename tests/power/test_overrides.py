"""``energy.supply: optimised``: the optimised LCOE and intensity as field overrides (a full-year solve)."""

import pytest

from gigawatt.power import energy_overrides
from gigawatt.scenario import load_scenario


def test_flat_supply_overrides_nothing():
    assert energy_overrides(load_scenario("cheyenne-wy-10gw")) == {}


def test_optimised_gas_only_full_year_by_hand():
    scn = load_scenario("cheyenne-wy-10gw", ["energy.supply=optimised", "energy.supply_options=gas"])
    out = energy_overrides(scn)
    # 8,760 hours, gas only, energised by the first phase's date (2027H2 -> 2027Q4; no gas plant is ready by
    # then from 2026Q4, so it slips to 2028Q4, 24 months: only engines fit, aeroderivatives need 48). By
    # hand from power_options.csv: 2000 $/kW x CRF(7 %, 25 yr) 0.0858105 = 171.621 + 37 = 208.621 $/kW-yr x 1000 /
    # 8760 = 23.8152; 7.8 MMBtu/MWh (HHV, 2026-12-06) x 3.5 = 27.3; + 6.4 variable O&M -> 57.5152 $/MWh with no reserve. The default
    # reserve (power_reliability.csv: 18.8 MW engines, forced outages by temperature band: 3 % at 15 degC, up to
    # 6.1 % in Cheyenne's hours below -12.5 degC, 99.999 % of the energy): 88 engines (1,654.4 MW) for 1,440 MW,
    # 14.8889 % kept in reserve -> 23.8152 x 1.148889 = 27.3610 + 27.3 + 6.4 = 61.0610 $/MWh (62.7935 at the old
    # 8,295 Btu/kWh); CO2 7.8 x 53.06 kg = 413.868 g/kWh. (Combined cycle at $2,400/kW, 72 months away: 48.888.)
    assert out["energy.price_usd_per_mwh"] == pytest.approx(61.0610, rel=1e-4)
    assert out["energy.carbon_g_per_kwh"] == pytest.approx(413.868, rel=1e-4)
    assert set(out) == {"energy.price_usd_per_mwh", "energy.carbon_g_per_kwh"}
    load_scenario("cheyenne-wy-10gw", [f"{k}={v}" for k, v in out.items()])  # they are valid field overrides


def test_bad_supply_value_is_rejected():
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match="energy.supply"):
        load_scenario("cheyenne-wy-10gw", ["energy.supply=cheap"])


def test_a_scenarios_bad_supply_settings_name_its_fields():
    from gigawatt.errors import InputError

    scn = load_scenario("cheyenne-wy-10gw", ["energy.supply=optimised", "energy.supply_options=battery"])
    with pytest.raises(InputError, match=r"^energy.supply_options: 'battery' names only storage"):
        energy_overrides(scn)
    scn = load_scenario("cheyenne-wy-10gw", ["energy.supply=optimised", "energy.supply_options=solar,wind,battery",
                                             "energy.supply_reserve_margin=0.1"])
    with pytest.raises(InputError, match=r"^energy.supply_reserve_margin: a 10% reserve margin needs gas plants"):
        energy_overrides(scn)


def test_run_says_the_price_was_optimised():
    import subprocess
    import sys

    p = subprocess.run([sys.executable, "-m", "gigawatt.cli", "run", "cheyenne-wy-10gw", "--set", "energy.supply=optimised",
                        "--set", "energy.supply_options=gas"], capture_output=True, text=True, timeout=300,
                       env={**__import__("os").environ, "COLUMNS": "200"})
    assert p.returncode == 0, p.stderr
    assert "Energy: optimised supply (energy.supply) at $61.1/MWh and 414 g/kWh, the least-cost supply of phase 1 of " \
           "5 (1,440 MW at Cheyenne, WY)" in p.stdout and "Phase 1 is the first phase not yet online at" in p.stdout


def test_a_sweep_keeps_a_fuel_price_given():
    from gigawatt.power import Request, sweep
    from gigawatt.power.site import SITES

    out = sweep.run(Request(load_mw=100.0, site=SITES["cheyenne-wy"], hours=48, options="gas-frame",
                            fuel_price_usd_per_mmbtu=8.0), 3, seed=1)
    assert out["swept"] == ["capex_factor", "weather_seed"] and out["fixed"] == {
        "fuel_price_usd_per_mmbtu": "--fuel-price 8"}
    assert all("fuel_price_usd_per_mmbtu" not in d for d in out["draws"])
    # gas frame only: LCOE = capex share x factor + 9.142 x 8 + 4.17, so every draw's fuel part is 77.3
    assert min(d["lcoe_usd_per_mwh"] for d in out["draws"]) > 9.142 * 8 + 4.17
