"""The schedule sets what can be built: a phase's first-online quarter is the default energise-by date."""

import pytest

from gigawatt.errors import InputError
from gigawatt.power import request_for, solve
from gigawatt.power.site import phase_of
from gigawatt.scenario import load_scenario

HOURS = 48


@pytest.fixture(scope="module")
def cheyenne():
    return load_scenario("cheyenne-wy-10gw")


def test_phases_are_numbered_in_date_order_with_their_dates(cheyenne):
    assert phase_of(cheyenne) == (1, 5, 1.8, "2027Q4")  # 2027H2 reads as its last quarter
    assert phase_of(cheyenne, "3") == (3, 5, 2.05, "2029Q4")
    assert phase_of(cheyenne, "all") == (0, 5, pytest.approx(10.0), "2027Q4")  # the program needs phase 1's date


@pytest.mark.parametrize("bad", ["0", "6", "two", "-1"])
def test_a_phase_that_is_not_there_is_refused_naming_the_range(cheyenne, bad):
    with pytest.raises(InputError, match=r"is not allowed: first, all, or a phase number from 1 to 5"):
        phase_of(cheyenne, bad)


def test_no_generator_ready_by_the_phase_date_slips_to_the_first_quarter_one_is(cheyenne):
    # From 2026Q4, 2027Q4 leaves 12 months: only batteries (12) fit, which make no energy; solar (18) makes some
    # but cannot carry a flat load. The fastest firm supplies (reciprocating engines and aeroderivatives: 24
    # months, power_options.csv) are ready 8 quarters on: 2028Q4, 12 months after the phase date.
    res = solve(request_for(cheyenne, as_of="2026Q4", hours=HOURS))
    s = res.schedule
    assert (s["energised_by"], s["slipped_from"], s["slip_months"], s["months_available"]) == ("2028Q4", "2027Q4",
                                                                                              12.0, 24.0)
    assert s["phase"] == {"number": 1, "of": 5, "facility_gw": 1.8, "first_online": "2027Q4"}
    assert s["load_mw"] == pytest.approx(1440.0)  # 1.8 GW x load factor 0.8
    assert res.time_to_power_months <= 24
    assert "gas-ccgt" in res.excluded and "gas-recip" in res.options


def test_a_date_the_user_gives_is_kept_never_slipped(cheyenne):
    with pytest.raises(InputError, match=r"^--energised-by: no option left after --energised-by 2027Q1"):
        solve(request_for(cheyenne, as_of="2026Q4", energised_by="2027Q1", hours=HOURS))


def test_a_date_the_schedule_can_meet_is_used_as_is(cheyenne):
    s = solve(request_for(cheyenne, phase="5", as_of="2026Q4", hours=HOURS)).schedule
    assert s["energised_by"] == "2031Q4" and "slipped_from" not in s and s["months_available"] == 60.0


@pytest.mark.parametrize("options", ["gas", "gas,solar,battery"])
def test_a_later_energise_by_date_never_costs_more(cheyenne, options):
    costs = [solve(request_for(cheyenne, as_of="2026Q4", energised_by=q, options=options, hours=HOURS))
             .lcoe_usd_per_mwh for q in ("2028Q4", "2029Q4", "2031Q1")]
    assert costs[0] >= costs[1] - 1e-6 >= costs[2] - 2e-6
