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
