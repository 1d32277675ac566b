"""Reliability as engineers size it: the outage table by hand, N + k, derating, the target's monotone cost."""

import numpy as np
import pytest

from gigawatt.errors import InputError
from gigawatt.power import reliability as rel


def _unit(mw=100.0, f=0.1, per_c=0.0, above=15.0):
    return rel.Units("x", mw, f, per_c, above)


def test_two_units_by_hand():
    # 2 x 100 MW at a 10 % outage rate against 150 MW: short when one or both are out (0.18 + 0.01 = 0.19 of
    # the hours); expected shortfall 0.01 x 150 + 0.18 x 50 = 10.5 MW, 7 % of the energy
    got = rel.adequacy({"x": (_unit(), 2)}, np.full(8760, 150.0))
    assert got["lolh_h_per_yr"] == pytest.approx(0.19 * 8760)
    assert got["eue_mwh_per_yr"] == pytest.approx(10.5 * 8760)
    assert got["eue_share"] == pytest.approx(0.07)


def test_one_unit_loses_its_outage_rate_of_the_energy():
    got = rel.adequacy({"x": (_unit(f=0.03), 1)}, np.full(100, 80.0))
    assert got["eue_share"] == pytest.approx(0.03)


def test_heat_derates_and_raises_unserved_energy():
    hot = np.full(8760, 35.0)  # 20 degC above ISO at 1 %/degC: 80 % of nameplate
    spec = _unit(per_c=0.01)
    cool = rel.adequacy({"x": (spec, 2)}, np.full(8760, 90.0))
    warm = rel.adequacy({"x": (spec, 2)}, np.full(8760, 90.0), hot)
    assert warm["eue_mwh_per_yr"] > cool["eue_mwh_per_yr"]
    # 1 unit up gives 80 MW against 90: 10 MW short with P(one up) = 0.18, 90 short with 0.01
    assert warm["eue_share"] == pytest.approx((0.18 * 10 + 0.01 * 90) / 90)


def test_assess_adds_units_until_the_target_holds():
    spec = rel.units("gas-recip")
    need = np.full(8760, 20 * spec.unit_mw)
    out = rel.assess({"gas-recip": 20 * spec.unit_mw}, {"gas-recip": need}, {"gas-recip": 1e5}, 0.99999)
    u = out["units"]["gas-recip"]
    assert u["from_lp"] == 20 and u["count"] > 20 and out["n_plus_k"] == u["count"] - 20
    assert out["eue_share"] <= 1e-5 and out["added_cost_usd_per_yr"] == pytest.approx(
        (u["count"] - 20) * spec.unit_mw * 1e5)


def test_no_unit_reserve_adds_nothing_and_says_the_target_is_not_met():
    """--no-unit-reserve: the LP's plan in whole units, nothing added after it (its cost is the plan's), and the
    shortfall against the target reported (a user found 362.6 M$/yr of units added but left out of the cost)."""
    spec = rel.units("gas-recip")
    need = np.full(8760, 20 * spec.unit_mw)
    out = rel.assess({"gas-recip": 20 * spec.unit_mw}, {"gas-recip": need}, {"gas-recip": 1e5}, 0.99999,
                     enforce=False)
    assert out["units"]["gas-recip"]["count"] == 20 and out["added_cost_usd_per_yr"] == 0
    assert out["target_enforced"] is False and out["target_met"] is False and out["eue_share"] > 1e-5


def test_a_higher_target_never_needs_a_smaller_reserve():
    targets = (0.99, 0.999, 0.9999, 0.99999, 0.999999)
    for key in ("gas-recip", "gas-frame", "gas-aero", "gas-ccgt"):
        margins = [rel.reserve_for([key], 1440.0, t)[key] for t in targets]
        assert margins == sorted(margins) and margins[0] >= 0


def test_a_higher_target_never_costs_less():
    from gigawatt.power import campus
    from gigawatt.power.site import SITES

    costs = [campus.solve(campus.Request(load_mw=200.0, site=SITES["abilene-tx"], options="gas", hours=48,
                                         reliability_target=t)).cost_usd_per_yr for t in (0.999, 0.99999, 0.9999999)]
    assert costs == sorted(costs) and costs[0] < costs[-1]


def test_default_reserve_is_never_zero_by_silence():
    from gigawatt.power import campus
    from gigawatt.power.site import SITES

    res = campus.solve(campus.Request(load_mw=300.0, site=SITES["cheyenne-wy"], options="gas-recip", hours=48))
    r = res.reliability
    assert r["lp_reserve"]["from"] == "target" and r["reserve_margin"] > 0 and r["n_plus_k"] >= 1
    assert r["eue_share"] <= 1e-5 and r["lolh_h_per_yr"] >= 0


@pytest.mark.parametrize("bad", [0.5, 1.0, float("nan"), "x", True])
def test_bad_target_refused_with_the_field(bad):
    with pytest.raises(InputError, match="--reliability-target") as e:
        rel.check_target(bad)
    assert "five nines" in e.value.message


def test_default_reserve_gas_only_by_hand():
    # gas frame alone, 1,000 MW at Cheyenne: its units kept in reserve k (reserve_for) raise the fixed part by
    # (1 + k) and nothing else; the nameplate is (1 + k) x 1,000 MW, whole units (power_reliability.csv: a 337 MW
    # 7HA.02 in simple cycle)
    from gigawatt.power import campus, weather
    from gigawatt.power.site import SITES

    res = campus.solve(campus.Request(load_mw=1000.0, site=SITES["cheyenne-wy"], options="gas-frame", hours=336))
    k = rel.reserve_for(["gas-frame"], 1000.0, 0.99999, weather.temperature("wy")[:336])["gas-frame"]
    none = campus.solve(campus.Request(load_mw=1000.0, site=SITES["cheyenne-wy"], options="gas-frame", hours=336,
                                       unit_reserve=False))
    fixed = none.lp_lcoe_usd_per_mwh - (9.142 * 3.5 + 4.17)  # the LP's (as built: 3 whole units)
    assert res.lcoe_usd_per_mwh == pytest.approx(fixed * (1 + k) + 9.142 * 3.5 + 4.17, rel=1e-4)
    assert res.capacity_mw["gas-frame"] == pytest.approx(1000.0 * (1 + k), rel=1e-4)
    unit = rel.units("gas-frame").unit_mw
    assert unit == 337.0 and (1 + k) * 1000.0 / unit == pytest.approx(round((1 + k) * 1000.0 / unit))


def test_rounding_up_to_whole_units_is_costed():
    """19.5 units' worth of engines from the LP: 20 units are built, half a unit more at its fixed cost."""
    spec = rel.units("gas-recip")
    need = np.full(8760, 10 * spec.unit_mw)
    out = rel.assess({"gas-recip": 19.5 * spec.unit_mw}, {"gas-recip": need}, {"gas-recip": 1e5}, 0.99999)
    assert out["units"]["gas-recip"]["from_lp"] == 20
    assert out["rounded_up_cost_usd_per_yr"] == pytest.approx(0.5 * spec.unit_mw * 1e5)


def test_solver_noise_is_not_a_unit():
    """An interior point leaves ~1e-4 MW on a plant it does not use: no engine is built for it."""
    spec = rel.units("gas-frame")
    need = np.full(8760, 2 * spec.unit_mw)
    out = rel.assess({"gas-frame": 3 * spec.unit_mw, "gas-recip": 3e-4}, {"gas-frame": need, "gas-recip": 0 * need},
                     {"gas-frame": 1e5, "gas-recip": 2e5}, 0.99)
    assert "gas-recip" not in out["units"] and out["units"]["gas-frame"]["from_lp"] == 3


# --- forced outages by temperature band (Murphy, Sowell & Apt 2019, via NREL ReEDS) ------------------------------

def _banded(cold=0.3, mw=100.0):
    """A 100 MW unit at 10 % flat whose rate is ``cold`` in the -15 degC band and 10 % in the others."""
    return rel.Units("x", mw, 0.1, 0.0, 15.0, (cold,) + (0.1,) * (len(rel.BAND_C) - 1))


def test_a_constant_temperature_is_the_flat_table_at_that_bands_rate():
    # 2 x 100 MW at -20 degC (the -15 band: 30 %) against 150 MW: short unless both run, P = 1 - 0.49 = 0.51;
    # expected shortfall 0.09 x 150 + 0.42 x 50 = 34.5 MW
    need, cold = np.full(8760, 150.0), np.full(8760, -20.0)
    got = rel.adequacy({"x": (_banded(), 2)}, need, cold)
    assert got == pytest.approx(rel.adequacy({"x": (_unit(f=0.3), 2)}, need, cold))
    assert got["lolh_h_per_yr"] == pytest.approx(0.51 * 8760) and got["eue_share"] == pytest.approx(34.5 / 150)
    # at 0 degC the band's rate is the flat 10 %: the table by hand of test_two_units_by_hand
    assert rel.adequacy({"x": (_banded(), 2)}, need, np.full(8760, 0.0))["eue_share"] == pytest.approx(0.07)


def test_hours_take_their_bands_rate():
    """Half the hours at -20 degC (30 %), half at 20 (10 %): the EUE is the mean of the two flat tables'."""
    need = np.full(100, 150.0)
    temps = np.r_[np.full(50, -20.0), np.full(50, 20.0)]
    got = rel.adequacy({"x": (_banded(), 2)}, need, temps)["eue_share"]
    assert got == pytest.approx((34.5 / 150 + 0.07) / 2)


def test_murphys_table_is_read_per_technology():
    """The rows copied from Murphy's table (ReEDS outage_forced_temperature_murphy2019.csv); gas engines keep the
    project's 3 % level, shaped by the internal-combustion class's temperature dependence (its own value shown)."""
    at = dict(zip(rel.BAND_C, rel.units("gas-ccgt").by_band))
    assert (at[-15], at[-10], at[20], at[35]) == (0.149, 0.081, 0.035, 0.072)
    for key in ("gas-frame", "gas-aero"):
        at = dict(zip(rel.BAND_C, rel.units(key).by_band))
        assert (at[-15], at[-10], at[10], at[35]) == (0.199, 0.099, 0.021, 0.066)
    recip = rel.units("gas-recip")
    assert dict(zip(rel.BAND_C, recip.by_band))[15] == 0.03 == recip.forced_outage_rate
    row = rel.table()["gas-recip"]["forced_outage_rate_at_-15degC"]
    assert row.number == pytest.approx(0.03 * 0.212 / 0.104, abs=1e-4) and row.high == 0.212


def test_colder_weather_never_lowers_unserved_energy():
    """At or below 10 degC Murphy's rates rise as it gets colder (between 10 and 15 degC they dip slightly, so the
    invariant is stated for the cold side): any colder year has at least the unserved energy."""
    rng = np.random.default_rng(7)
    base = rng.uniform(-25.0, 10.0, 2000)
    colder = base - rng.uniform(0.0, 10.0, base.size)
    for key in ("gas-recip", "gas-aero", "gas-frame", "gas-ccgt"):
        spec = rel.units(key)
        fleet, need = {key: (spec, 12)}, np.full(base.size, 10 * spec.unit_mw)
        assert rel.adequacy(fleet, need, colder)["eue_mwh_per_yr"] >= rel.adequacy(fleet, need, base)["eue_mwh_per_yr"]


def test_cheyennes_cold_hours_raise_its_reserve_and_the_target_still_holds():
    from gigawatt.power import weather

    wy = weather.temperature("wy")
    mild = np.maximum(wy, 10.0)  # the same year without its cold hours
    for key in ("gas-recip", "gas-aero"):
        assert rel.reserve_for([key], 1440.0, 0.99999, wy)[key] > rel.reserve_for([key], 1440.0, 0.99999, mild)[key]
    spec = rel.units("gas-aero")
    need = np.full(wy.size, 30 * spec.unit_mw)
    out = rel.assess({"gas-aero": 30 * spec.unit_mw}, {"gas-aero": need}, {"gas-aero": 1e5}, 0.99999, wy)
    assert out["target_met"] and out["eue_share"] <= 1e-5 and out["outages_by_temperature"]
    u = out["units"]["gas-aero"]
    assert u["forced_outage_rate_max"] == 0.199 and u["count"] > 30
    assert "independently" in out["correlation"] and "Elliott" in out["correlation"]


def test_without_a_temperature_the_flat_rate_as_before():
    spec = rel.units("gas-ccgt")
    need = np.full(500, 3 * spec.unit_mw)
    flat = rel.Units(spec.key, spec.unit_mw, spec.forced_outage_rate, spec.derate_per_degc, spec.derate_above_degc)
    assert rel.adequacy({"c": (spec, 5)}, need) == rel.adequacy({"c": (flat, 5)}, need)
    out = rel.assess({"gas-ccgt": 3 * spec.unit_mw}, {"gas-ccgt": need}, {"gas-ccgt": 1e5}, 0.999)
    assert out["outages_by_temperature"] is False and out["units"]["gas-ccgt"]["forced_outage_rate_max"] == 0.04
