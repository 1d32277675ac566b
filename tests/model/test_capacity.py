"""Capacity: facility power -> IT -> rack power -> racks -> GPU packages and dies (gigawatt.model.capacity).

Inputs: PUE 1.2 and non-rack IT overhead 0.10 are the default scenario's (openai-nvidia-10gw.yaml, marked as
judgement there); rack power and GPUs per rack are platforms.csv rows (vera-rubin-nvl144: 210 kW, 72
packages, 144 dies; rubin-ultra-nvl576: 600 kW, 144 packages, 576 dies; gb300-nvl72: 132 kW, 72 packages).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from gigawatt import catalog
from gigawatt.model.capacity import gpus, gpus_per_facility_gw, it_power_gw, rack_power_gw, racks


def test_one_gw_of_vera_rubin_by_hand():
    vr = catalog.platforms()["vera-rubin-nvl144"]
    kw, pkg, dies = vr.get("unit_power_kw"), vr.get("gpu_packages_per_unit"), vr.get("gpu_dies_per_unit")
    assert (kw, pkg, dies) == (210, 72, 144)
    it = it_power_gw(1.0, 1.2)
    assert_allclose(it, 0.833333, rtol=1e-6)                    # 1 / 1.2
    rack = rack_power_gw(it, 0.10)
    assert_allclose(rack, 0.757576, rtol=1e-6)                  # 0.8333 / 1.1
    n = racks(rack, kw)
    assert_allclose(n, 3607.5036, rtol=1e-7)                    # 757,576 kW / 210 kW
    assert_allclose(gpus(n, pkg), 259_740.26, rtol=1e-7)        # x 72 packages
    assert_allclose(gpus(n, dies), 519_480.52, rtol=1e-7)       # x 144 dies
    assert_allclose(gpus_per_facility_gw(1.2, 0.10, kw, pkg), 259_740.26, rtol=1e-7)


def test_rubin_ultra_and_gb300_by_hand():
    assert_allclose(gpus_per_facility_gw(1.2, 0.10, 600, 144), 181_818.18, rtol=1e-7)   # 1,262.6 racks x 144
    assert_allclose(gpus_per_facility_gw(1.2, 0.10, 600, 576), 727_272.73, rtol=1e-7)   # x 576 dies
    # GB300 NVL72 at 132 kW: 757,576 / 132 = 5,739 racks -> 413,223 packages per GW, inside Huang's 400-500k
    assert_allclose(gpus_per_facility_gw(1.2, 0.10, 132, 72), 413_223.14, rtol=1e-7)


def test_arrays_broadcast_over_draws_and_quarters():
    fac = np.array([[0.0, 1.0, 2.0], [0.0, 1.0, 2.0]])
    pue = np.array([[1.2], [1.5]])
    it = it_power_gw(fac, pue)
    assert it.shape == (2, 3)
    assert_allclose(it[1], [0.0, 1 / 1.5, 2 / 1.5])


@given(gw=st.floats(0.0, 100.0), k=st.floats(0.01, 100.0), pue=st.floats(1.0, 3.0), oh=st.floats(0.0, 2.0),
       kw=st.floats(1.0, 1000.0), per=st.sampled_from([8, 72, 144, 576]))
def test_gpus_scale_linearly_with_gw_and_are_never_negative(gw, k, pue, oh, kw, per):
    def g(x):
        return gpus(racks(rack_power_gw(it_power_gw(x, pue), oh), kw), per)

    assert g(gw) >= 0
    assert_allclose(g(k * gw), k * g(gw), rtol=1e-9, atol=1e-9)
    assert g(gw + k) >= g(gw)  # more GW never means fewer GPUs


@given(pue=st.floats(1.0, 3.0), more=st.floats(0.0, 1.0))
def test_higher_pue_means_fewer_gpus(pue, more):
    assert gpus_per_facility_gw(pue + more, 0.1, 210, 72) <= gpus_per_facility_gw(pue, 0.1, 210, 72)
