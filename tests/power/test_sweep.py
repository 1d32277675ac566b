"""Sweeps of the least-cost supply: fuel price, capex and the weather year drawn per solve; the same rows on a
local Dask cluster as in one process; what was swept and what was held said in the result."""

import numpy as np
import pytest

from gigawatt.power import Request, sweep, weather
from gigawatt.power.site import SITES

REQ = Request(load_mw=100.0, site=SITES["cheyenne-wy"], hours=168, options="gas-recip,solar,battery",
              co2_cap_g_per_kwh=300.0)


def _same(rows):
    return [{k: v for k, v in r.items() if k != "solve_seconds"} for r in rows]


def test_each_draw_has_its_own_weather_year_and_prices_keep_their_draws():
    from gigawatt import catalog

    draws = sweep.sample(4, seed=7)
    assert len({d["weather_seed"] for d in draws}) == 4
    # the weather seed is drawn after the prices: a seed's fuel and capex draws are those of a bare triangular
    fuel = catalog.power_options()["natural-gas"]["fuel_price_usd_per_mmbtu"]
    rng = np.random.default_rng(np.random.SeedSequence(7))
    np.testing.assert_allclose([d["fuel_price_usd_per_mmbtu"] for d in draws],
                               rng.triangular(*fuel.range[:1], fuel.number, fuel.range[1], size=4))


def test_seeded_weather_is_reproducible_and_differs_by_seed():
    site = SITES["cheyenne-wy"]
    a, b, c = (weather.synthetic_year(site, seed, ["solar", "wind"]) for seed in (11, 11, 12))
    np.testing.assert_array_equal(a.cf["solar"], b.cf["solar"])
    np.testing.assert_array_equal(a.temp_c, b.temp_c)
    assert not np.array_equal(a.cf["wind"], c.cf["wind"]) and not np.array_equal(a.temp_c, c.temp_c)
    assert "seed 11" in a.source and a.synthetic


def test_a_request_with_a_weather_seed_solves_that_year_cut_to_its_hours():
    from dataclasses import replace

    from gigawatt.power import campus

    wx = weather.for_request(replace(REQ, weather_seed=5), {"solar": None}, campus.capacity_factors)
    rep = weather.for_request(REQ, {"solar": None}, campus.capacity_factors)
    assert wx.hours == 168 and wx.cf["solar"].size == 168 and wx.temp_c.size == 168
    assert not np.array_equal(wx.cf["solar"], rep.cf["solar"])


def test_the_weather_moves_the_sweep_and_the_rows_repeat():
    out = sweep.run(REQ, 2, seed=3)
    assert out["swept"] == ["fuel_price_usd_per_mmbtu", "capex_factor", "weather_seed"] and out["fixed"] == {}
    assert len(out["swept_what"]) == 3 and out["workers"] == 0
    cfs = [r["solar_capacity_factor"] for r in out["draws"]]
    assert len(set(cfs)) == 2  # each solve saw its own weather year
    assert _same(sweep.run(REQ, 2, seed=3)["draws"]) == _same(out["draws"])


def test_dask_workers_give_the_local_rows():
    local = sweep.run(REQ, 3, seed=21)
    dask = sweep.run(REQ, 3, seed=21, workers=2)
    assert _same(dask["draws"]) == _same(local["draws"]) and dask["workers"] == 2
    assert dask["lcoe_usd_per_mwh"] == local["lcoe_usd_per_mwh"]


@pytest.mark.parametrize("change,fixed", [({"weather_file": "w.csv"}, "--weather file"),
                                          ({"weather_years": 3}, "--weather-years 3 (sized together)")])
def test_weather_the_user_gives_is_not_swept(monkeypatch, change, fixed):
    from dataclasses import replace

    seen = []
    monkeypatch.setattr(sweep, "evaluate", lambda req, draws, workers: seen.extend(draws) or
                        [{**d, "lcoe_usd_per_mwh": 1.0, "emissions_g_per_kwh": 0.0, "emissions_t_per_yr": 0.0}
                         for d in draws])
    out = sweep.run(replace(REQ, **change), 2, seed=1)
    assert out["fixed"] == {"weather_seed": fixed} and "weather_seed" not in out["swept"]
    assert all("weather_seed" not in d for d in seen)
