"""Energy, cost, carbon, water and comparisons (gigawatt.model.energy).

Reference figures come from comparisons.csv (seeded from FACTS.md): average US reactor 1.03 GW net at a 0.92
capacity factor (EIA; ANS 2025); average US household 10,260 kWh/yr (EIA, 2023); US grid 367 g CO2/kWh and
industrial electricity $81/MWh (EIA 2023); on-site WUE 0.37 L/kWh (LBNL 2024); New York retail sales
139.061 TWh (EIA-861M, 2023, us_states.csv).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from gigawatt import catalog
from gigawatt.model.energy import (carbon_mt, electricity_cost_usd, energy_twh, households, reactor_equivalents,
                                   reactor_equivalents_energy, share_of, water_gl)


def test_energy_twh_by_hand():
    assert_allclose(energy_twh(1.0, 0.8, 8760), 7.008)        # 1 GW x 0.8 x 8,760 h = 7,008 GWh
    assert_allclose(energy_twh(10.0, 0.8, 8760), 70.08)
    assert_allclose(energy_twh(1.0, 0.8, 2190), 1.752)        # one quarter


def test_cost_carbon_water_by_hand():
    assert_allclose(electricity_cost_usd(70.08, 81.0), 5.67648e9)   # 70.08e6 MWh x $81
    assert_allclose(carbon_mt(70.08, 367.0), 25.71936)              # 70.08e9 kWh x 367 g = 25.7 Mt
    assert_allclose(water_gl(70.08, 0.37), 25.9296)                 # 70.08e9 kWh x 0.37 L = 25.9 GL


def test_comparisons_by_hand():
    reactor_gw = catalog.value("nuclear-reactor", "net_capacity_gw")
    cf = catalog.value("nuclear-reactor", "capacity_factor")
    household = catalog.value("us-household", "electricity_kwh_per_year")
    assert (reactor_gw, cf, household) == (1.03, 0.92, 10260)  # household: EIA 2023 (comparisons.csv; was 2022's 10,791)
    assert_allclose(reactor_equivalents(10.0, reactor_gw), 9.70874, rtol=1e-5)        # 10 / 1.03
    # one reactor makes 1.03 x 0.92 x 8,760 / 1000 = 8.3010 TWh a year; 70.08 / 8.3010 = 8.442
    assert_allclose(reactor_equivalents_energy(70.08, reactor_gw, cf, 8760), 8.44238, rtol=1e-5)
    assert_allclose(households(70.08, household), 6_830_409.36, rtol=1e-7)            # 70.08e9 / 10,260
    assert_allclose(share_of(70.08, catalog.us_states(2023)["NY"].number), 0.503952, rtol=1e-5)  # / 139.061
    # the Cheyenne first phase: 1.8 GW at 0.8 is 12.6 TWh, 4.2x Wyoming's residential sales (2.973 TWh, EIA-861M 2023)
    assert_allclose(share_of(energy_twh(1.8, 0.8, 8760), catalog.value("WY", "residential_sales_twh", 2023)),
                    4.24299, rtol=1e-5)


@given(gw=st.floats(0.0, 100.0), k=st.floats(0.0, 100.0), lf=st.floats(0.01, 1.0))
def test_energy_scales_linearly_with_gw_and_is_never_negative(gw, k, lf):
    e = energy_twh(gw, lf, 8760.0)
    assert e >= 0
    assert_allclose(energy_twh(k * gw, lf, 8760.0), k * e, rtol=1e-12, atol=1e-12)
    assert energy_twh(gw + k, lf, 8760.0) >= e


def test_vectorised():
    e = energy_twh(np.array([[1.0, 2.0]]), np.array([[0.5], ]), 8760.0)
    assert_allclose(e, [[4.38, 8.76]])
