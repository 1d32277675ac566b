"""The supply's date feeds back into the build-out (issue 20, item 4): with ``energy.supply: optimised``, what
would be online before the first phase's supply can be energised moves to the quarter it can, and the run says so."""

from __future__ import annotations

import pytest

from gigawatt import api, power
from gigawatt.scenario import load_scenario


@pytest.fixture(scope="module")
def cheyenne():
    scn = load_scenario("cheyenne-wy-10gw")
    return scn.model_copy(update={"energy": scn.energy.model_copy(update={"supply": "optimised"})})


def test_a_phase_due_before_its_supply_moves_to_the_energise_by_quarter(cheyenne):
    when = power.solve_scenario(cheyenne).schedule
    assert when["slipped_from"] == "2027Q4" and when["energised_by"] == "2028Q4"  # engines' 24 months from 2026Q4
    resolved = api.with_supply(cheyenne)
    assert [p.online for p in resolved.program.phases] == ["2028Q4", "2028H2", "2029H2", "2030H2", "2031H2"]
    assert any(g.startswith(power.SCHEDULE_NOTE) and "moves to 2028Q4" in g for g in resolved.guesses)
    summary = api.simulate(cheyenne).headline()
    assert summary["first_gw_online"] == "2028Q4"
    flat = api.simulate(load_scenario("cheyenne-wy-10gw")).headline()
    assert flat["first_gw_online"] == "2027Q4"
    # the same phases, later: the program built is the same, the money later, never earlier
    assert summary["capex_usd"] == pytest.approx(flat["capex_usd"])


def test_no_slip_no_change(cheyenne):
    later = cheyenne.model_copy(update={"program": cheyenne.program.model_copy(update={
        "phases": [p.model_copy(update={"online": "2029Q1"}) if i == 0 else p
                   for i, p in enumerate(cheyenne.program.phases)]})})
    assert power.schedule_update(later) == ({}, None)
    assert [p.online for p in api.with_supply(later).program.phases][0] == "2029Q1"


def test_a_flat_supply_is_left_alone():
    scn = load_scenario("cheyenne-wy-10gw")
    assert power.schedule_update(scn) == ({}, None) and api.with_supply(scn) is scn
