"""Quantities with units at the scenario boundary (gigawatt.units)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigawatt.errors import InputError
from gigawatt.units import key_unit, parse_quantity


@pytest.mark.parametrize("key, unit", [
    ("capacity_gw", "gw"), ("gw", "gw"), ("capex_usd_per_gw", "usd_per_gw"), ("price_usd_per_mwh", "usd_per_mwh"),
    ("cap_usd", "usd"), ("start_usd_per_year", "usd_per_year"), ("unit_power_kw", "kw"), ("pue", None),
    ("load_factor", None),
])
def test_key_unit_reads_the_suffix_of_the_name(key, unit):
    assert key_unit(key) == unit


@pytest.mark.parametrize("value, key, expected", [
    ("1.8 GW", "capacity_gw", 1.8),
    ("1.8GW", "capacity_gw", 1.8),
    ("1.8 gw", "capacity_gw", 1.8),
    ("500 MW", "capacity_gw", 0.5),
    ("210 kW", "unit_power_kw", 210.0),
    ("0.21 MW", "unit_power_kw", 210.0),
    ("$100B", "cap_usd", 100e9),
    ("$700M", "cap_usd", 700e6),
    ("$1.5T", "cap_usd", 1.5e12),
    ("100 B", "cap_usd", 100e9),
    ("$55B/GW", "capex_usd_per_gw", 55e9),
    ("55 $B/GW", "capex_usd_per_gw", 55e9),
    ("55 $M/MW", "capex_usd_per_gw", 55e9),
    ("81 $/MWh", "price_usd_per_mwh", 81.0),
    ("8.1 c/kWh", "price_usd_per_mwh", 81.0),  # 8.1 cents per kWh = $81 per MWh
    ("$13B/yr", "start_usd_per_year", 13e9),
    ("176 TWh", "energy_twh", 176.0),
    ("37.5 %", "utilization", 0.375),
    ("1e27", "reference_run_flop", 1e27),
    ("1,000", "weekly_users", 1000.0),
    (2.5, "capacity_gw", 2.5),
    (10, "capacity_gw", 10.0),
])
def test_parse_quantity_to_the_unit_of_the_key(value, key, expected):
    assert parse_quantity(value, key) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("value, key, words", [
    ("1.8 parsecs", "capacity_gw", ["'1.8 parsecs'", "GW", '"1.8 GW"']),
    ("1.8 GWh", "capacity_gw", ["'1.8 GWh'", "GW"]),
    ("", "capacity_gw", ["''", "GW"]),
    ("$55B/parsec", "capex_usd_per_gw", ["'$55B/parsec'", "$55B/GW"]),
    ("lots", "pue", ["'lots'", "no unit"]),
    ("abc%", "utilization", ["'abc%'", "percentage"]),
    (True, "capacity_gw", ["True", "not a number"]),
    (None, "capacity_gw", ["None", "not a number"]),
    ([1], "capacity_gw", ["[1]", "not a number"]),
])
def test_bad_quantities_name_value_and_what_is_allowed(value, key, words):
    with pytest.raises(InputError) as e:
        parse_quantity(value, key, f"program.{key}")
    assert e.value.path == f"program.{key}"
    for w in words:
        assert w in str(e.value)
    assert "\n" not in str(e.value)


@given(st.floats(min_value=1e-6, max_value=1e6, allow_nan=False))
def test_gw_and_mw_agree(x):
    assert math.isclose(parse_quantity(f"{x!r} GW", "capacity_gw"), x, rel_tol=1e-12)
    assert math.isclose(parse_quantity(f"{x * 1000!r} MW", "capacity_gw"), x, rel_tol=1e-9)


@given(st.floats(min_value=0.001, max_value=1e4, allow_nan=False))
def test_money_per_gw_spellings_agree(x):
    a = parse_quantity(f"${x!r}B/GW", "capex_usd_per_gw")
    b = parse_quantity(f"{x!r} $B/GW", "capex_usd_per_gw")
    assert a == b and math.isclose(a, x * 1e9, rel_tol=1e-12)


def test_tranche_per_gw_accepts_money_per_gw():
    # finance.investment.per_gw_usd is money per GW although its name ends in _usd
    assert parse_quantity("$10B/GW", "per_gw_usd") == 10e9
    assert parse_quantity("$10B", "per_gw_usd") == 10e9


# --- no silent factor of ten: a decimal comma or an underscore is refused, never read as thousands -----------------

@pytest.mark.parametrize("text", ["1,5", "81,5", "1,50", "1_5", "1,5 GW", "$1,5B", "5,5%"])
def test_a_decimal_comma_or_underscore_is_refused(text):
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match="is ambiguous") as e:
        parse_quantity(text, "capacity_gw", "program.capacity_gw")
    assert e.value.path == "program.capacity_gw"


@pytest.mark.parametrize("text, value", [("1,500", 1500.0), ("12,345,678", 12345678.0), ("1,500.5", 1500.5),
                                         ("1.5", 1.5), ("1.8 GW", 1.8)])
def test_thousands_in_groups_of_three_still_read(text, value):
    assert parse_quantity(text, "capacity_gw") == value


# --- units must match the field's dimension (issue 22): never a silent wrong number --------------------------------

@pytest.mark.parametrize("value, key, words", [
    ("50%", "capacity_gw", ["'50%' is a percentage", "GW"]),
    ("10%", "cap_usd", ["'10%' is a percentage", "USD"]),
    ("1.8 GW/yr", "capacity_gw", ["'1.8 GW/yr' is a rate per year", '"1.8 GW"']),
    ("$100B/yr", "cap_usd", ["is a rate per year"]),
    ("2 GW", "ramp_gw_per_year", ["is not a rate per year", "GW/yr"]),
    ("10 mW", "unit_power_kw", ["'mW' is milliwatts", "MW for mega", "kW"]),
    ("10 mw", "capacity_gw", ["'mw' is milliwatts"]),
    ("81 $/mWh", "price_usd_per_mwh", ["'mWh' is milliwatt-hours", "MWh"]),
    ("5 kWh", "carbon_g_per_kwh", ["no unit"]),
    ("１０", "capacity_gw", ["U+FF11", "ASCII"]),
    ("10 ＧＷ", "capacity_gw", ["U+FF27", "ASCII"]),
    ("١٠", "pue", ["U+0661", "ASCII"]),
    ("1\u202e0", "pue", ["U+202E"]),
    # a field counted in a unit its name ends with is never a share (attack review: 50% read as 0.5 bp)
    ("50%", "spread_bp", ["counted in basis points"]),
    ("50%", "tenor_years", ["counted in years"]),
    ("600%", "gpu_life_years", ["counted in years"]),
    ("20%", "delay_quarters", ["counted in quarters"]),
])
def test_a_unit_of_another_dimension_or_a_look_alike_is_refused(value, key, words):
    with pytest.raises(InputError) as e:
        parse_quantity(value, key, f"x.{key}")
    assert e.value.path == f"x.{key}" and "\n" not in str(e.value)
    for w in words:
        assert w in str(e.value), str(e.value)


@pytest.mark.parametrize("value, key, expected", [
    ("2.5 GW/yr", "ramp_gw_per_year", 2.5), ("500 MW/yr", "ramp_gw_per_year", 0.5),
    ("2.5 GW per year", "ramp_gw_per_year", 2.5), (2.5, "ramp_gw_per_year", 2.5),
    ("10 MW", "unit_power_kw", 10_000.0), ("10 Mw", "unit_power_kw", 10_000.0), ("80%", "load_factor", 0.8),
    ("367", "carbon_g_per_kwh", 367.0),
])
def test_units_of_the_right_dimension_still_read(value, key, expected):
    assert parse_quantity(value, key) == pytest.approx(expected, rel=1e-12)


def test_a_rate_per_unit_of_something_else_has_no_unit():
    assert key_unit("carbon_g_per_kwh") is None and key_unit("wue_l_per_kwh") is None
    assert key_unit("ramp_gw_per_year") == "gw_per_year" and key_unit("price_usd_per_mwh") == "usd_per_mwh"




# --- a percentage only for a share (issue 20: "50%" read as 0.5 g/kWh and as 0.5 USD per GW-month) -----------------

@pytest.mark.parametrize("value, key", [
    ("50%", "supply_speed_value_usd_per_gw_month"), ("50 %", "supply_co2_cap_g_per_kwh"), ("50%", "carbon_g_per_kwh"),
    ("20%", "wue_l_per_kwh"), ("120%", "pue"), ("50%", "gpu_interruptions_per_gpu_day"), ("50%", "covenant_dscr"),
    ("50%", "site_lat"), ("10%", "weekly_users"), ("50%", "opex_usd_per_gw_year"), ("5%", "start_year"),
])
def test_a_percentage_is_refused_where_the_field_is_no_share(value, key):
    with pytest.raises(InputError) as e:
        parse_quantity(value, key, f"energy.{key}")
    assert e.value.path == f"energy.{key}"
    assert f"{value!r} is a percentage, but {key} is not a share" in e.value.message


@pytest.mark.parametrize("value, key, expected", [
    ("37.5 %", "debt_share", 0.375), ("15%", "supply_reserve_margin", 0.15), ("80 %", "load_factor", 0.8),
    ("10%", "cost_of_capital", 0.1), ("60%", "growth_per_year", 0.6), ("26%", "rent_per_year", 0.26),
    ("22%", "facility", 0.22), ("27%", "stake", 0.27), ("5%", "supply_flexible_share", 0.05), ("6.5%", "rate", 0.065),
])
def test_a_percentage_is_read_for_a_share(value, key, expected):
    assert parse_quantity(value, key) == pytest.approx(expected)
