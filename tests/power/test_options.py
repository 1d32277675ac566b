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
    # capex 1140 $/kW, fixed O&M 8 $/kW-yr, life 30 yr, discount rate 0.07
    assert_allclose(o.fixed_usd_per_mw_yr, (1140 * 0.0805864 + 8) * 1000, rtol=1e-6)
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
    assert opt.parse_options("battery, solar") == ("solar", "battery-4h", "battery-8h")
    assert opt.parse_options(None) == opt.ALL_OPTIONS
    with pytest.raises(InputError, match="'coal' is not a supply option"):
        opt.parse_options("gas,coal")


def test_grid_and_firm_limits():
    assert opt.build("grid", grid_mw=0.0).limit_mw == 0.0
    assert math.isinf(opt.build("solar").limit_mw)
