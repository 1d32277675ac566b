"""The typed result (gigawatt.results): headline at full build, yearly roll-up, xarray and DataFrame views."""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gigawatt.results import HEADLINE, SERIES
from gigawatt.scenario import load_scenario
from gigawatt.api import simulate


@pytest.fixture(scope="module")
def res():
    return simulate(load_scenario("openai-nvidia-10gw"))  # the LOI; the default is the deal as it stands


def test_headline_is_read_at_full_build(res):
    h = res.headline()
    assert set(HEADLINE) <= set(h)
    i = res.quarters.index(h["full_build_online"])
    for key, series in (("capacity_gw", "gw_online"), ("gpus", "gpus"), ("gpu_dies", "gpu_dies"),
                        ("racks", "racks"), ("peak_dense_fp8_flops", "peak_dense_fp8_flops")):
        assert h[key] == pytest.approx(res.series(series)[i])
        assert h[key] > res.series(series)[i - 1]  # the quarter before full build had less
    assert h["gpus_per_gw"] == pytest.approx(h["gpus"] / h["capacity_gw"])
    assert h["gpu_dies_per_gw"] == pytest.approx(h["gpu_dies"] / h["capacity_gw"])
    assert h["completed_share"] == pytest.approx(1.0)


def test_by_year_sums_equal_quarterly_sums(res):
    rows = res.by_year()
    assert [r["year"] for r in rows] == list(range(2026, 2036))
    for flow in ("energy_twh", "capex_usd", "vendor_investment_cash_usd", "electricity_cost_usd", "carbon_mt",
                 "gw_added"):
        assert_allclose(sum(r[flow] for r in rows), res.series(flow).sum(), rtol=1e-12)
    # stocks are read at the year's last quarter
    for r in rows:
        last = res.quarters.index(f"{r['year']}Q4")
        assert r["gpus"] == pytest.approx(res.series("gpus")[last])
        assert r["gw_online"] == pytest.approx(res.series("gw_online")[last])
    assert rows[0]["energy_twh"] == pytest.approx(1.752)  # 1 GW in 2026Q4 only: 1 x 0.8 x 2,190 h


def test_series_are_never_negative(res):
    for name in ("gw_online", "it_power_gw", "racks", "gpus", "gpu_dies", "energy_twh", "peak_dense_fp8_flops",
                 "interruptions_per_day"):
        assert (res.series(name) >= 0).all(), name


def test_xarray_dataset(res):
    ds = res.to_xarray()
    assert dict(ds.sizes) == {"draw": 1, "quarter": 40, "platform": len(res.static.platform_names)}
    assert list(ds["quarter"].values[:2]) == ["2026Q1", "2026Q2"]
    for name, (unit, _) in SERIES.items():
        assert ds[name].dims == ("draw", "quarter") and ds[name].attrs["units"] == unit
    assert ds["gpus"].attrs["units"] == "GPUs" and ds["energy_twh"].attrs["units"] == "TWh"
    assert ds["gw_by_platform"].sum("platform").values == pytest.approx(ds["gw_online"].values)
    assert ds.attrs["scenario"] == "openai-nvidia-10gw"


def test_summary_dataframe(res):
    df = res.summary()
    assert list(df.columns) == ["figure", "value", "unit", "description"]
    assert list(df["figure"]) == list(HEADLINE)
    row = df.set_index("figure").loc["gpus"]
    assert row["unit"] == "GPUs" and row["value"] == pytest.approx(1_974_025.97)


def test_to_json_is_plain_json(res):
    import json

    out = res.to_json()
    text = json.dumps(out, allow_nan=False)
    assert json.loads(text)["summary"]["full_build_online"] == "2030Q2"
    assert out["assumptions"]["facility"]["pue"] == 1.2
    assert not any(isinstance(v, (np.floating, np.integer)) for v in out["summary"].values())
