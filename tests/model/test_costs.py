"""Bottom-up capex (gigawatt.model.costs), pinned by hand from the catalog's rows."""

from __future__ import annotations

import numpy as np
from numpy.testing import assert_allclose

from gigawatt.model.capacity import it_power_gw, rack_power_gw, racks
from gigawatt.model.costs import bottom_up_capex_usd


def test_one_gw_of_vera_rubin_by_hand():
    # 1e6 kW / 1.2 (PUE) / 1.1 (non-rack IT) / 210 kW per NVL144 rack = 3,607.5 racks per facility GW
    per_gw = racks(rack_power_gw(it_power_gw(1.0, 1.2), 0.10), 210.0)
    assert_allclose(per_gw, 3607.504, rtol=1e-6)
    c = bottom_up_capex_usd(np.array([[1.0]]), np.array([[per_gw]]), 7.8e6, 0.9e6, 0.96e6, np.array([10.5e6]),
                            np.array([0]))
    assert_allclose(c["vendor_systems"], 31.385e9, rtol=1e-4)   # 3,607.5 x $8.7M
    assert_allclose(c["other_it"], 3.4632e9, rtol=1e-4)        # 3,607.5 x $0.96M
    assert_allclose(c["facility"], 10.5e9)                      # 1,000 MW x $10.5M
    total = sum(v for v in c.values())[0, 0]
    assert_allclose(total, 45.35e9, rtol=1e-3)
    assert 0.68 < c["vendor_systems"][0, 0] / total < 0.70


def test_refresh_pays_it_only_and_cancelled_pays_nothing():
    gw = np.array([[1.0, 1.0, 0.0]])
    c = bottom_up_capex_usd(gw, np.array([[1000.0, 1000.0, 1000.0]]), 1e6, 0.0, 1e5, np.array([1e7]),
                            np.array([0, 1, 0]))
    assert_allclose(c["facility"], [[1e10, 0.0, 0.0]])
    assert_allclose(c["vendor_systems"], [[1e9, 1e9, 0.0]])
    assert_allclose(c["other_it"], [[1e8, 1e8, 0.0]])


def test_more_gw_never_costs_less():
    rng = np.random.default_rng(1)
    gw = np.sort(rng.uniform(0, 5, size=(1, 50)), axis=1)
    c = bottom_up_capex_usd(gw, np.full((1, 50), 3000.0), 7e6, 5e5, 8e5, np.array([1e7]), np.zeros(50, int))
    total = sum(c.values())[0]
    assert np.all(np.diff(total) >= 0)
