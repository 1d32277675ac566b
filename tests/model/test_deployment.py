"""Deployment: phases, slips, continuation, platform choice and refresh (gigawatt.model.deployment).

Platform dates come from platforms.csv (vera-rubin-nvl144 2026Q3, vera-rubin-nvl144-cpx 2026Q4 but cancelled,
rubin-ultra-nvl576 2027Q3, amd-mi450-helios 2026Q3 from another vendor).
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from gigawatt import catalog
from gigawatt.model.deployment import AUTO, cohorts, facility_gw, newest_platform, phase_schedule
from gigawatt.timeline import parse_quarter as q

CAT = catalog.platforms()
NAMES = list(CAT)
AVAILABLE = np.array([p.available for p in CAT.values()])
NVIDIA_ELIGIBLE = np.array([p.vendor == "nvidia" and p.auto_eligible for p in CAT.values()])


def name(i):
    return NAMES[int(i)]


def test_newest_platform_at_a_date():
    assert name(newest_platform(q("2026Q4"), AVAILABLE, NVIDIA_ELIGIBLE)) == "vera-rubin-nvl144"   # not CPX
    assert name(newest_platform(q("2027Q2"), AVAILABLE, NVIDIA_ELIGIBLE)) == "vera-rubin-nvl144"
    assert name(newest_platform(q("2027Q3"), AVAILABLE, NVIDIA_ELIGIBLE)) == "rubin-ultra-nvl576"
    assert name(newest_platform(q("2025Q2"), AVAILABLE, NVIDIA_ELIGIBLE)) in ("b200-hgx", "gb200-nvl72")
    # before anything exists: the earliest eligible platform
    assert name(newest_platform(q("2000Q1"), AVAILABLE, NVIDIA_ELIGIBLE)) == "h100-hgx"
    amd = np.array([p.vendor == "amd" for p in CAT.values()])
    assert name(newest_platform(q("2030Q1"), AVAILABLE, amd)) == "amd-mi450-helios"


def test_cancelled_cpx_is_never_picked():
    quarters = np.arange(q("2020Q1"), q("2040Q1"))
    picked = {name(i) for i in newest_platform(quarters, AVAILABLE, NVIDIA_ELIGIBLE)}
    assert "vera-rubin-nvl144-cpx" not in picked and "amd-mi450-helios" not in picked


def test_phase_schedule_slip_and_continuation():
    online, ahead = phase_schedule(np.array([10, 12, 14]), delay_quarters=np.array([0.0, 2.0]),
                                   continue_probability=np.array([1.0, 0.5]), continue_draw=np.array([0.0, 0.3]))
    assert_array_equal(online, [[10, 12, 14], [12, 14, 16]])
    # draw 2: u = 0.3 < 0.5**1 goes ahead, 0.3 < 0.5**2 = 0.25 does not, and later phases neither
    assert_array_equal(ahead, [[True, True, True], [True, True, False]])


def test_phase_schedule_first_phase_always_goes_ahead():
    _, ahead = phase_schedule(np.array([1, 2]), np.array([0.0]), np.array([0.0]), np.array([0.99]))
    assert_array_equal(ahead, [[True, False]])


@given(p=st.floats(0.0, 1.0), u=st.floats(0.0, 0.999999))
def test_once_cancelled_later_phases_are_too(p, u):
    _, ahead = phase_schedule(np.arange(6), np.array([0.0]), np.array([p]), np.array([u]))
    row = ahead[0]
    assert row[0] and all(not row[k + 1] or row[k] for k in range(5))


def test_cohorts_refresh_at_end_of_life_with_the_newest_platform_and_keep_power():
    vr = NAMES.index("vera-rubin-nvl144")
    online = np.array([[q("2026Q4"), q("2027Q2")]])
    coh = cohorts(np.array([1.0, 2.0]), online, np.array([[True, True]]), np.array([[vr, AUTO]]),
                  service_life_years=np.array([6.0]), available=AVAILABLE, eligible=NVIDIA_ELIGIBLE,
                  horizon_end=q("2035Q4"))
    first = coh.generation == 0
    assert_array_equal(coh.start[0, first], online[0])
    assert [name(i) for i in coh.platform[0, first]] == ["vera-rubin-nvl144", "vera-rubin-nvl144"]
    refresh = coh.generation == 1
    assert_array_equal(coh.start[0, refresh], [q("2032Q4"), q("2033Q2")])   # 6 years = 24 quarters later
    assert [name(i) for i in coh.platform[0, refresh]] == ["rubin-ultra-nvl576", "rubin-ultra-nvl576"]
    assert_allclose(coh.gw[0, refresh], [1.0, 2.0])                            # same power
    assert_array_equal(coh.end[0], coh.start[0] + 24)
    # consecutive generations of a phase abut: the end of one is the start of the next
    for ph in (0, 1):
        idx = np.flatnonzero(coh.phase == ph)
        assert_array_equal(coh.end[0, idx[:-1]], coh.start[0, idx[1:]])


def test_cancelled_phase_has_no_power():
    coh = cohorts(np.array([1.0, 1.0]), np.array([[q("2027Q1"), q("2028Q1")]]), np.array([[True, False]]),
                  np.array([[AUTO, AUTO]]), np.array([6.0]), AVAILABLE, NVIDIA_ELIGIBLE, q("2035Q4"))
    assert (coh.gw[0, coh.phase == 1] == 0).all() and (coh.gw[0, coh.phase == 0] == 1).all()


def test_facility_gw_basis():
    assert facility_gw(10.0, 1.2, basis_is_it=False) == 10.0
    assert_allclose(facility_gw(10.0, 1.2, basis_is_it=True), 12.0)   # IT GW x PUE = grid connection
