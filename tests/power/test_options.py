"""Catalog rows -> cost parameters: annuity and $/MWh pinned by hand."""

import math

import pytest
from numpy.testing import assert_allclose

from gigawatt.errors import InputError
from gigawatt.power import options as opt


def test_crf_pinned_by_hand():
    # 1.07**30 = 7.612255; 0.07 * 7.612255 / 6.612255 = 0.0805864
    assert_allclose(opt.crf(0.07, 30), 0.0805864, rtol=1e-6)
    assert opt.crf(0.0, 20) == 1 / 20


def test_gas_frame_parameters_from_catalog_rows():
    o = opt.build("gas-frame")
    # capex 1158 $/kW, fixed O&M 7.18 $/kW-yr (EIA AEO2026 Table 3), life 30 yr, discount rate 0.07
    assert_allclose(o.fixed_usd_per_mw_yr, (1158 * 0.0805864 + 7.18) * 1000, rtol=1e-6)
    # heat rate 9142 Btu/kWh = 9.142 MMBtu/MWh x $3.5 + VOM 4.17
    assert_allclose(o.marginal_usd_per_mwh, 9.142 * 3.5 + 4.17, rtol=1e-12)
    # 9.142 MMBtu/MWh x 53.06 kg/MMBtu = 0.4850745 t/MWh
    assert_allclose(o.co2_t_per_mwh, 0.4850745, rtol=1e-6)
    assert o.lead_time_months == 60


def test_every_option_has_sourced_dated_rows():
    from gigawatt import catalog

    for key, rows in catalog.power_options().items():
        for q, r in rows.items():
            assert r.source and r.year and r.unit, (key, q)
            lo, hi = r.range
            assert lo <= r.number <= hi, (key, q)


def test_parse_options_groups_and_keys():
    assert opt.parse_options("gas") == ("gas-aero", "gas-frame", "gas-ccgt", "gas-recip")
    assert opt.parse_options("battery, solar") == ("solar", "battery")
    assert opt.parse_options("battery-8h,battery") == ("battery", "battery-8h")
    assert opt.parse_options(None) == ("grid", "gas-aero", "gas-frame", "gas-ccgt", "gas-recip", "solar", "wind",
                                       "battery", "firm")
    with pytest.raises(InputError, match="'coal' is not a supply option"):
        opt.parse_options("gas,coal")


def test_grid_and_firm_limits():
    assert opt.build("grid", grid_mw=0.0).limit_mw == 0.0
    assert math.isinf(opt.build("solar").limit_mw)


def test_battery_power_and_energy_parts_by_hand():
    # NREL ATB 2024 (Moderate, 2025) systems: 4 h at 1711 $/kW, 8 h at 2996 $/kW; fixed O&M 38.8 and 69.8 $/kW-yr.
    # Energy part (2996 - 1711) / 4 = 321.25 $/kWh; power part 1711 - 4 x 321.25 = 426 $/kW.
    # Fixed O&M: (69.8 - 38.8) / 4 = 7.75 $/kWh-yr and 38.8 - 31 = 7.8 $/kW-yr. Life 15 yr at 7 %: CRF 0.1097946.
    b = opt.build("battery")
    assert_allclose(b.capex_usd_per_mw, 426e3, rtol=1e-9)
    assert_allclose(b.capex_usd_per_mwh, 321.25e3, rtol=1e-9)
    assert_allclose(b.fixed_usd_per_mw_yr, 426e3 * 0.1097946 + 7.8e3, rtol=1e-6)
    assert_allclose(b.fixed_usd_per_mwh_yr, 321.25e3 * 0.1097946 + 7.75e3, rtol=1e-6)
    assert (b.min_hours, b.max_hours) == (4.0, 8.0)
    # the pinned systems cost exactly the catalog's rows at their duration
    for key, hours, per_kw in (("battery-4h", 4, 1711), ("battery-8h", 8, 2996)):
        pinned = opt.build(key)
        assert pinned.min_hours == pinned.max_hours == hours
        assert_allclose(pinned.capex_usd_per_mw + hours * pinned.capex_usd_per_mwh, per_kw * 1e3, rtol=1e-12)
