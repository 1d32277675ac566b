"""Which phase a solve is for, phases already online (power/phases.py), every phase in turn (power/sequence.py)."""

from dataclasses import replace

import pytest

from gigawatt import power
from gigawatt.power import options as opt, phases, request_for, solve
from gigawatt.power.sequence import sequence
from gigawatt.power.site import phase_of
from gigawatt.scenario import load_scenario
from gigawatt.timeline import parse_quarter

HOURS = 48
AS_OF = "2026Q4"
CONTRACTS = {"grid", "firm"}  # no capacity column: their 'capacity' is the draw used


@pytest.fixture(scope="module")
def stargate():
    return load_scenario("stargate-10gw")


@pytest.fixture(scope="module")
def cheyenne():
    return load_scenario("cheyenne-wy-10gw")


def _with_phases(scn, *dated):
    """``scn`` with explicit phases ``(gw, online)``."""
    ph = [scn.program.phases[0].model_copy(update={"gw": gw, "online": when}) for gw, when in dated]
    return scn.model_copy(update={"program": scn.program.model_copy(update={"phases": ph})})


def test_next_is_the_first_phase_not_yet_online(stargate, cheyenne):
    # Stargate's seven sites give 11 phases, each one site's rise: Abilene 2025Q3, 2025Q4, 2026Q2, 2026Q4 (0.61 GW),
    # Lordstown 2026Q4 (0.3 GW), Shackelford 2027Q1, 2028Q4, then four sites in 2028Q4. From 2026Q4 Abilene's first
    # three are online, its fourth (due in the as-of quarter itself) is not yet.
    assert phase_of(stargate, "next", parse_quarter(AS_OF)) == (4, 11, 0.61, "2026Q4")
    assert phase_of(stargate, "first") == (1, 11, 0.147, "2025Q3")
    assert phase_of(cheyenne, "next", parse_quarter(AS_OF)) == phase_of(cheyenne, "1")
    assert phases.next_phase([8100, 8101], 8107) == 2  # every phase online: the last one
    assert phases.choice([8100, 8101], "next", 8107)["why"] == "the last phase: every phase is online before 2026Q4"
    why = dict(request_for(stargate, as_of=AS_OF).phase_choice)
    assert why == {"asked": "next", "why": "the first phase not yet online at 2026Q4 (phases 1-3 online before it)"}
    assert request_for(stargate, as_of=AS_OF).load_mw == pytest.approx(610 * 0.8)


def test_the_error_names_every_word(cheyenne):
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match=r"each \(every phase in turn\) is not one solve: `gigawatt power --phase "
                                         r"each` runs it; here give next, first, all or a phase number from 1 to 5$"):
        phase_of(cheyenne, "each")  # a request (the API's, energy.supply) is one phase
    with pytest.raises(InputError, match=r"'seven' is not allowed: first, all, or a phase number from 1 to 5 \(this "
                                         r"program has 5 phases\); or next \(the default"):
        phase_of(cheyenne, "seven")


def test_a_phase_online_before_the_data_date_is_solved_without_lead_times_and_never_slipped(stargate):
    res = solve(request_for(stargate, "1", as_of=AS_OF, hours=HOURS))
    s = res.schedule
    assert s["energised_by"] is None and "slipped_from" not in s and s["online_since"] == "2025Q3"
    assert s["energised_by_source"] == "online before the data date" and "its supply exists" in s["note"]
    assert res.excluded == {}
    from gigawatt.power.render import render

    head = render(res)[0]
    rows = dict(zip(head.columns[0]._cells, head.columns[1]._cells))
    assert rows["energised by"].startswith("online since 2025Q3, before the data date (2026Q4): its supply exists")
    assert rows["time to power"].startswith("none: online since 2025Q3")
    free = solve(replace(request_for(stargate, "1", as_of=AS_OF, hours=HOURS), energised_by=None,
                         energised_by_from_schedule=False))
    assert res.lcoe_usd_per_mwh == pytest.approx(free.lcoe_usd_per_mwh, rel=1e-6)
    from gigawatt.power import speed_value

    assert speed_value.due_in_months(s) is None  # no delay is charged for a supply that exists


def test_the_whole_program_still_slips_from_its_first_date(cheyenne):
    scn = _with_phases(cheyenne, (0.5, "2025Q3"), (1.0, "2026Q4"))
    s = solve(request_for(scn, "all", as_of=AS_OF, hours=HOURS, options="gas")).schedule
    assert s["slipped_from"] == "2025Q3" and "online_since" not in s
    assert s["phase_choice"]["why"] == ("the whole program's load, energised by its first phase's date, 2025Q3, though "
                                        "1 of its 2 phases were online before 2026Q4: --phase each counts what is built")


@pytest.fixture(scope="module")
def cheyenne_each(cheyenne):
    return sequence(cheyenne, request_for(cheyenne, "1", as_of=AS_OF, hours=HOURS))


def test_capacity_never_falls_from_one_phase_to_the_next(cheyenne_each):
    steps = cheyenne_each["steps"]
    assert [s["phase"]["number"] for s in steps] == [1, 2, 3, 4, 5]
    for before, after in zip(steps, steps[1:]):
        for k, mw in before["capacity_mw"].items():
            assert after["result"].capacity_mw.get(k, 0.0) >= mw - 1e-3 * mw or k in CONTRACTS, (k, before, after)
            assert after["capacity_mw"][k] >= mw
        assert after["load_mw"] > before["load_mw"]


def test_the_first_step_is_the_single_phase_solve(cheyenne, cheyenne_each):
    first = cheyenne_each["steps"][0]
    alone = solve(request_for(cheyenne, "1", as_of=AS_OF, hours=HOURS))
    assert first["lcoe_usd_per_mwh"] == pytest.approx(alone.lcoe_usd_per_mwh, rel=1e-9)
    assert first["capacity_mw"] == pytest.approx({k: v for k, v in alone.capacity_mw.items() if v >= 1.0})
    assert first["energised_by"] == alone.schedule["energised_by"] == "2028Q4"  # engines' 24 months from 2026Q4


def test_totals_add_up(cheyenne_each):
    steps, tot = cheyenne_each["steps"], cheyenne_each["totals"]
    assert tot["capex_usd"] == pytest.approx(steps[-1]["supply_capex_usd"])
    assert tot["lcoe_energy_weighted_usd_per_mwh"] == pytest.approx(
        sum(s["lcoe_usd_per_mwh"] * s["energy_mwh_per_yr"] for s in steps) / sum(s["energy_mwh_per_yr"] for s in steps))
    assert tot["max_slip_months"] == 12.0  # phase 1: 2027Q4 -> 2028Q4; the later phases are on time


@pytest.mark.parametrize("options", ["gas", "gas,solar,battery,wind"])
def test_a_later_date_for_a_phase_never_raises_its_cost(cheyenne, options):
    costs = []
    for when in ("2028Q3", "2029Q4", "2031Q1"):  # phase 2's date; phase 1 (2027H2) is the same each time
        scn = _with_phases(cheyenne, (1.8, "2027H2"), (2.05, when))
        steps = sequence(scn, request_for(scn, "1", as_of=AS_OF, hours=HOURS, options=options))["steps"]
        costs.append(steps[1]["cost_usd_per_yr"])
    assert costs[0] >= costs[1] * (1 - 1e-6) and costs[1] >= costs[2] * (1 - 1e-6), costs


def test_gas_engines_alone_by_hand(cheyenne):
    # Reciprocating engines only, no units in reserve, a flat load: each phase's load (1.8 GW x 0.8 = 1,440 MW,
    # then 2.05 GW x 0.8 = 1,640 MW more each) in whole 18.8 MW units (power_reliability.csv): 77 units, then
    # enough for 3,080, 4,720, 6,360 and 8,000 MW; the LCOE is the units' fixed cost over the load's 8,760 h plus
    # their fuel and O&M at every phase, and the capex is the final MW x $/MW.
    import math

    base = request_for(cheyenne, "1", as_of=AS_OF, hours=HOURS, options="gas-recip", unit_reserve=False)
    seq = sequence(cheyenne, base)
    o = opt.build("gas-recip")
    loads = (1440.0, 3080.0, 4720.0, 6360.0, 8000.0)
    built = [math.ceil(mw / 18.8 - 1e-9) * 18.8 for mw in loads]
    for s, load, now, before in zip(seq["steps"], loads, built, (0.0, *built)):
        assert s["added_mw"] == pytest.approx({"gas-recip": now - before}, rel=1e-4)
        assert s["lcoe_usd_per_mwh"] == pytest.approx(o.fixed_usd_per_mw_yr * now / load / 8760.0
                                                      + o.marginal_usd_per_mwh, rel=1e-4)
        assert s["capex_added_usd"] == pytest.approx((now - before) * o.capex_usd_per_mw, rel=1e-4)
    assert seq["totals"]["capex_usd"] == pytest.approx(built[-1] * o.capex_usd_per_mw, rel=1e-4)
    weighted = (o.fixed_usd_per_mw_yr * sum(built) / 8760.0 + o.marginal_usd_per_mwh * sum(loads)) / sum(loads)
    assert seq["totals"]["lcoe_energy_weighted_usd_per_mwh"] == pytest.approx(weighted, rel=1e-4)
    assert seq["totals"]["final_capacity_mw"] == pytest.approx({"gas-recip": built[-1]}, rel=1e-4)


def test_a_plant_too_slow_for_a_later_date_keeps_running_what_it_has(cheyenne):
    # Phase 1 is online (no lead-time limit); phase 2 is due now, when only engines, solar and batteries can
    # still be built in 24 months: whatever slower plant phase 1 built stays, at its size.
    scn = _with_phases(cheyenne, (0.5, "2025Q3"), (1.0, "2026Q4"))
    base = request_for(scn, "1", as_of=AS_OF, hours=HOURS, options="grid,wind,gas-recip", fuel_price_usd_per_mmbtu=10.0)
    steps = sequence(scn, base)["steps"]
    slow = {k for k, mw in steps[0]["capacity_mw"].items() if opt.build(k).lead_time_months > 24}
    assert slow == {"grid", "wind"}, steps[0]["capacity_mw"]  # gas at $10/MMBtu: the slow options are cheaper
    assert steps[1]["result"].capacity_mw["wind"] == pytest.approx(steps[0]["capacity_mw"]["wind"], rel=1e-4)
    assert steps[1]["result"].capacity_mw["grid"] <= steps[0]["capacity_mw"]["grid"] * (1 + 1e-6)  # up to its draw
    assert set(steps[1]["added_mw"]) == {"gas-recip"}
    for k in slow:
        assert "the " in steps[1]["excluded"][k] and "built for earlier phases runs" in steps[1]["excluded"][k]


def test_each_phase_that_slips_moves_itself_and_later_ones_due_before(cheyenne):
    # Lead times count from today's quarter, so the earliest quarter any phase can be energised is the same
    # (engines: 24 months); each optimised phase due before it moves to it, as --phase each finds phase by phase.
    scn = _with_phases(cheyenne, (1.8, "2027H2"), (2.05, "2028Q1"), (2.05, "2031H2"))
    scn = scn.model_copy(update={"energy": scn.energy.model_copy(update={"supply": "optimised"})})
    moved, said = power.schedule_update(scn)
    steps = sequence(scn, request_for(scn, "1", hours=HOURS))["steps"]
    assert [p.online for p in moved["phases"]][:2] == [s["energised_by"] for s in steps[:2]]
    assert moved["phases"][2] is scn.program.phases[2] and steps[2]["slipped_from"] is None
    assert "2 phases due before it move to" in said
