"""The orchestrator on whole scenarios (gigawatt.simulate): a regression fixture for the default scenario,
computed by hand from the catalog, and the deployment rules end to end.

Hand figures for openai-nvidia-10gw (scenario file: 10 GW facility, first GW 2026H2, 2.5 GW/yr in 1 GW phases,
PUE 1.2, overhead 0.10, load factor 0.8, utilization 0.375): per GW, 1/1.2/1.1 = 0.757576 GW of racks.
Phases online 2026Q4 and 2027Q2 take vera-rubin-nvl144 (platforms.csv: 210 kW, 72 packages, 144 dies,
FP8 16.7 PF), the eight from 2027Q3 on take rubin-ultra-nvl576 (600 kW, 144 packages, 576 dies, FP8 34.7 PF).
  packages = 2 x 757,576/210 x 72 + 8 x 757,576/600 x 144 = 519,481 + 1,454,545 = 1,974,026
  dies     = 2 x 519,481 + 8 x 727,273                  = 6,857,143
  racks    = 2 x 3,607.50 + 8 x 1,262.63                = 17,316.0
  FP8 peak = 519,481 x 16.7e15 + 1,454,545 x 34.7e15    = 5.9148e22 FLOP/s
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from gigawatt import catalog
from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario
from gigawatt.api import simulate
from gigawatt.timeline import label


@pytest.fixture(scope="module")
def default():
    return simulate(load_scenario("openai-nvidia-10gw"))  # the LOI; the default is the deal as it stands


def test_default_headline_physical_figures_by_hand(default):
    h = default.headline()
    assert h["first_gw_online"] == "2026Q4" and h["full_build_online"] == "2030Q2"
    assert_allclose(h["capacity_gw"], 10.0)
    assert_allclose(h["it_power_gw"], 8.33333, rtol=1e-6)
    assert_allclose(h["gpus"], 1_974_025.97, rtol=1e-8)
    assert_allclose(h["gpu_dies"], 6_857_142.86, rtol=1e-8)
    assert_allclose(h["racks"], 17_316.017, rtol=1e-7)
    assert_allclose(h["gpus_per_gw"], 197_402.6, rtol=1e-7)
    assert_allclose(h["annual_energy_twh"], 70.08)                        # 10 GW x 0.8 x 8,760 h
    assert_allclose(h["reactor_equivalents"], 9.70874, rtol=1e-5)          # 10 / 1.03 GW
    assert_allclose(h["reactor_equivalents_energy"], 8.44238, rtol=1e-5)
    assert_allclose(h["household_equivalents"], 6_830_409.36, rtol=1e-7)  # 70.08e9 kWh / 10,260 (EIA 2023, comparisons.csv)
    ny = catalog.us_states()["NY"].number                                   # latest EIA year in us_states.csv
    assert_allclose(h["comparison_state_share"], 70.08 / ny)
    assert_allclose(h["electricity_cost_usd_per_year"], 5.67648e9)        # x $81/MWh
    assert_allclose(h["carbon_mt_per_year"], 25.71936)                     # x 367 g/kWh
    assert_allclose(h["peak_dense_fp8_flops"], 5.914805e22, rtol=1e-6)
    assert_allclose(h["peak_dense_fp4_flops"], 1.636364e23, rtol=1e-6)    # 519,481 x 35 + 1,454,545 x 100 PF
    assert_allclose(h["h100_equivalents"], 2.995023e7, rtol=1e-6)         # (519,481 x 8.3 + 1,454,545 x 17.4) / 0.989
    assert_allclose(h["delivered_flops"], 2.218052e22, rtol=1e-6)         # x 0.375
    assert_allclose(h["reference_run_days"], 0.521813, rtol=1e-5)         # 1e27 / (2.218e22 x 86,400)
    assert_allclose(h["tokens_per_s"], 5.54513e10, rtol=1e-5)             # / (2 x 2e11)
    assert_allclose(h["tokens_per_user_week"], 4.79099e7, rtol=1e-5)      # x 604,800 / 7e8
    assert_allclose(h["interruptions_per_day"], 552.727, rtol=1e-5)       # 1,974,026 x 2.8e-4
    assert h["platform_mix_gw"] == {"vera-rubin-nvl144": 2.0, "rubin-ultra-nvl576": 8.0}


def test_ramp_expands_into_phases():
    phases = load_scenario("openai-nvidia-10gw").phases()
    assert [g for g, _, _ in phases] == [1.0] * 10
    # phase k is online when the ramp has built k GW: round(k / 2.5 GW/yr x 4) quarters after 2026Q4
    assert [label(o) for _, o, _ in phases] == ["2026Q4", "2027Q2", "2027Q3", "2028Q1", "2028Q2", "2028Q4",
                                                "2029Q2", "2029Q3", "2030Q1", "2030Q2"]
    odd = load_scenario("openai-nvidia-10gw", overrides=["program.capacity_gw=2.5"]).phases()
    assert [g for g, _, _ in odd] == [1.0, 1.0, 0.5]
    single = load_scenario("openai-nvidia-10gw", overrides=["program.ramp_gw_per_year=null"]).phases()
    assert [(g, label(o)) for g, o, _ in single] == [(10.0, "2026Q4")]


def test_gw_online_steps_with_the_phases(default):
    gw = dict(zip(default.quarters, default.series("gw_online")))
    assert gw["2026Q3"] == 0 and gw["2026Q4"] == 1 and gw["2027Q2"] == 2 and gw["2030Q1"] == 9
    assert gw["2030Q2"] == 10 and gw["2035Q4"] == 10
    assert_allclose(default.series("gw_added").sum(), 10.0)


def test_auto_picks_vera_rubin_first_then_the_newest(default):
    mix = default.data["gw_by_platform"][0]
    names = default.static.platform_names
    at = {lab: dict(zip(names, row)) for lab, row in zip(default.quarters, mix)}
    assert at["2026Q4"]["vera-rubin-nvl144"] == 1.0 and sum(at["2026Q4"].values()) == 1.0
    assert at["2027Q3"]["rubin-ultra-nvl576"] == 1.0
    cpx = names.index("vera-rubin-nvl144-cpx")
    assert (mix[:, cpx] == 0).all()  # cancelled: never picked by auto


def test_refresh_switches_to_the_newest_platform_and_keeps_power(default):
    names = default.static.platform_names
    mix = dict(zip(default.quarters, default.data["gw_by_platform"][0]))
    before, after = dict(zip(names, mix["2032Q3"])), dict(zip(names, mix["2032Q4"]))
    assert before["vera-rubin-nvl144"] == 2.0
    assert after["vera-rubin-nvl144"] == 1.0 and after["rubin-ultra-nvl576"] == 9.0   # 2026Q4 phase + 6 years
    gpus = dict(zip(default.quarters, default.series("gpus")))
    assert_allclose(gpus["2032Q4"], 1_974_025.97 - 259_740.26 + 181_818.18, rtol=1e-8)
    assert (default.series("gw_online")[default.quarters.index("2030Q2"):] == 10).all()


def test_explicit_platform_before_its_availability_is_rejected():
    with pytest.raises(InputError) as e:
        load_scenario("cheyenne-wy-10gw", ["program.phases=[{gw: 1, online: 2026Q4, platform: rubin-ultra-nvl576}]"])
    assert e.value.path == "program.phases[0].platform" and "2027Q3" in str(e.value)


def test_explicit_platform_phases():
    res = simulate(load_scenario("cheyenne-wy-10gw", [
        "program.phases=[{gw: 1, online: 2026Q4, platform: gb300-nvl72}, {gw: 1, online: 2027Q4}]"]))
    mix = res.headline()["platform_mix_gw"]
    assert mix == {"gb300-nvl72": 1.0, "rubin-ultra-nvl576": 1.0}
    # GB300 NVL72 at 132 kW, 72 packages: 757,576 / 132 x 72 = 413,223 packages per GW
    assert_allclose(res.headline()["gpus"], 413_223.14 + 181_818.18, rtol=1e-7)


def test_capacity_basis_it_multiplies_by_pue():
    h = simulate(load_scenario("openai-nvidia-10gw", overrides=["program.capacity_basis=it"])).headline()
    assert_allclose(h["capacity_gw"], 12.0)      # 10 GW of IT x PUE 1.2
    assert_allclose(h["it_power_gw"], 10.0)
    assert_allclose(h["annual_energy_twh"], 84.096)
    assert_allclose(h["gpus"], 1_974_025.97 * 1.2, rtol=1e-8)


def test_cheyenne_first_phase_and_wyoming():
    res = simulate(load_scenario("cheyenne-wy-10gw"))
    h = res.headline()
    assert h["first_gw_online"] == "2027Q4" and h["full_build_online"] == "2031Q4"
    assert_allclose(res.series("gw_online")[res.quarters.index("2027Q4")], 1.8)
    assert h["comparison_state"] == "WY"


def test_horizon_before_the_first_phase_gives_no_full_build():
    h = simulate(load_scenario("openai-nvidia-10gw", overrides=["horizon=[2026Q1, 2026Q2]"])).headline()
    assert h["full_build_online"] is None and h["gpus"] is None


@settings(max_examples=15, deadline=None)
@given(gw=st.floats(0.1, 50.0), k=st.floats(1.0, 5.0))
def test_gpus_and_energy_scale_linearly_with_program_gw(gw, k):
    def run(x):
        return simulate(load_scenario("openai-nvidia-10gw", overrides=[f"program.capacity_gw={x!r}", "program.ramp_gw_per_year=null",
                                                 "program.platform=vera-rubin-nvl144"])).headline()

    a, b = run(gw), run(k * gw)
    for key in ("gpus", "gpu_dies", "racks", "annual_energy_twh", "peak_dense_fp8_flops"):
        assert a[key] >= 0
        assert_allclose(b[key], k * a[key], rtol=1e-9)
        assert b[key] >= a[key]  # more GW never means fewer GPUs


def test_an_unpublished_platform_blanks_hardware_only_where_it_is_online():
    # openai-broadcom-xpu has no published rack power or GPU counts; GB300 quarters stay known
    res = simulate(load_scenario("openai-nvidia-10gw", [
        "program.capacity_gw=2",
        "program.phases=[{gw: 1, online: 2027Q1, platform: gb300-nvl72}, "
        "{gw: 1, online: 2028Q1, platform: openai-broadcom-xpu}]"]))
    gpus = res.series("gpus")
    quarters = res.quarters
    assert gpus[quarters.index("2027Q2")] > 0 and np.isfinite(gpus[quarters.index("2027Q2")])
    assert np.isnan(gpus[quarters.index("2028Q2")])
    assert gpus[quarters.index("2026Q2")] == 0
