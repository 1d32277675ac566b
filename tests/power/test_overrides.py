"""``energy.supply: optimised``: the optimised LCOE and intensity as field overrides (a full-year solve)."""

import pytest

from gigawatt.power import energy_overrides
from gigawatt.scenario import load_scenario


def test_flat_supply_overrides_nothing():
    assert energy_overrides(load_scenario("cheyenne-wy-10gw")) == {}


def test_optimised_gas_only_full_year_by_hand():
    scn = load_scenario("cheyenne-wy-10gw", ["energy.supply=optimised", "energy.supply_options=gas"])
    out = energy_overrides(scn)
    # 8,760 hours, gas only: combined cycle is cheapest at a flat load. By hand from power_options.csv:
    # (2150 $/kW x CRF(7 %, 30 yr) 0.0805864 = 173.2608 + 12.69) x 1000 / 8760 = 21.2273; 6.226 MMBtu/MWh x 3.5
    # = 21.791; + 3.57 variable O&M -> 46.5883 $/MWh (frame CT: 47.6395, so CC stays cheapest);
    # CO2 6.226 x 53.06 kg = 330.35 g/kWh.
    assert out["energy.price_usd_per_mwh"] == pytest.approx(46.5883, rel=1e-4)
    assert out["energy.carbon_g_per_kwh"] == pytest.approx(330.3516, rel=1e-4)
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
