"""A program of several sites is powered site by site (power/site.py site_phases, power/sequence.py); delay is
charged only on capacity beyond what exists (power/lp.py delay_paid)."""

from dataclasses import replace

import numpy as np
import pytest

from gigawatt.power import lp, options as opt, request_for, solve
from gigawatt.power.sequence import sequence
from gigawatt.power.site import SITES, site_phases
from gigawatt.scenario import load_scenario
from gigawatt.timeline import label, parse_quarter

HOURS = 48
AS_OF = "2026Q4"
# Two real campuses of sites.csv: Lordstown OH (one rise, 300 MW in 2026Q4; outside the built-in weather regions)
# and Shackelford TX (196 MW in 2027Q1, to 1,960 MW in 2028Q4; within 2 degrees of Abilene: Texas figures).
TWO_SITES = """name: two-sites
horizon: [2025Q1, 2035Q4]
program: {sites: [stargate-shackelford, stargate-lordstown]}
"""


@pytest.fixture(scope="module")
def two(tmp_path_factory):
    path = tmp_path_factory.mktemp("scn") / "two-sites.yaml"
    path.write_text(TWO_SITES)
    return load_scenario(str(path))


@pytest.fixture(scope="module")
def cheyenne():
    return load_scenario("cheyenne-wy-10gw")


def test_each_site_rise_is_a_phase_of_its_own_in_date_order(two):
    got = [(gw, label(q), sid) for gw, q, _, sid in site_phases(two)]
    assert got == [(0.3, "2026Q4", "stargate-lordstown"), (0.196, "2027Q1", "stargate-shackelford"),
                   (1.764, "2028Q4", "stargate-shackelford")]
    assert [(gw, label(q)) for gw, q, _ in two.phases()] == [(0.3, "2026Q4"), (0.196, "2027Q1"), (1.764, "2028Q4")]


@pytest.mark.parametrize("phase,name,lat,lon,gw,due", [
    ("1", "OpenAI Stargate Lordstown", 41.17, -80.86, 0.3, "2026Q4"),
    ("2", "OpenAI Stargate Shackelford", 32.74, -99.35, 0.196, "2027Q1"),
    ("3", "OpenAI Stargate Shackelford", 32.74, -99.35, 1.764, "2028Q4"),
])
def test_a_phase_is_solved_at_its_own_site_with_its_own_load_and_date(two, phase, name, lat, lon, gw, due):
    req = request_for(two, phase, as_of=AS_OF, hours=HOURS)
    assert (req.site.name, req.site.lat, req.site.lon) == (name, lat, lon)
    assert req.load_mw == pytest.approx(gw * 1e3 * 0.8)  # the phase's own GW x the default load factor
    assert req.energised_by == due and req.phase == (int(phase), 3, gw, due)


def test_the_weather_line_says_when_a_site_lies_outside_the_built_in_regions(two):
    ohio = solve(request_for(two, "1", as_of=AS_OF, hours=HOURS, options="gas-recip,solar"))
    texas = solve(request_for(two, "2", as_of=AS_OF, hours=HOURS, options="gas-recip,solar"))
    out = ohio.to_json()
    assert (out["site"], out["lat"], out["lon"]) == ("OpenAI Stargate Lordstown", 41.17, -80.86)
    assert "lies outside the built-in weather regions" in out["weather"]["source"]
    assert "ATB's national capacity factor" in out["weather"]["site_note"] and "no heat derating" in \
        out["weather"]["site_note"]
    assert "site_note" not in texas.weather and "outside" not in texas.weather["source"]


def test_the_whole_program_of_several_sites_is_not_one_campus(two):
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match=r"all would put the 2 sites of 'two-sites' on one campus; --phase each"):
        request_for(two, "all", as_of=AS_OF)


@pytest.fixture(scope="module")
def two_each(two):
    base = request_for(two, "1", as_of=AS_OF, hours=HOURS, options="gas-recip", unit_reserve=False)
    return sequence(two, base)


def test_the_sequence_keeps_capacity_within_a_site_only(two_each):
    # Engines only, no units in reserve, a flat load: each phase builds its own site's new load in whole 18.8 MW
    # units. Lordstown 240 MW: 13 units, 244.4 MW. Shackelford's first phase builds 9 units (169.2 MW) for its
    # 156.8 MW although Lordstown has its own (another campus); its second reaches 84 units (1,579.2 MW) for its
    # cumulative 1,568 MW (1.96 GW x 0.8), adding 1,410 MW.
    steps = two_each["steps"]
    assert [(s["site"], s["phase"]["number"]) for s in steps] == [
        ("OpenAI Stargate Lordstown", 1), ("OpenAI Stargate Shackelford", 2), ("OpenAI Stargate Shackelford", 3)]
    assert [s["load_mw"] for s in steps] == pytest.approx([240.0, 156.8, 1568.0])
    for s, added in zip(steps, (13 * 18.8, 9 * 18.8, 75 * 18.8)):
        assert s["added_mw"] == pytest.approx({"gas-recip": added}, rel=1e-4)
    assert steps[2]["capacity_mw"] == pytest.approx({"gas-recip": 84 * 18.8}, rel=1e-4)
    o = opt.build("gas-recip")
    tot = two_each["totals"]
    assert tot["campuses"] == 2 and tot["final_capacity_mw"] == pytest.approx({"gas-recip": 97 * 18.8}, rel=1e-4)
    assert tot["capex_usd"] == pytest.approx(97 * 18.8 * o.capex_usd_per_mw, rel=1e-4)
    per_site = {c["site"]: (c["phases"], c["facility_gw"], c["capacity_mw"]) for c in two_each["sites"]}
    assert per_site == {"OpenAI Stargate Lordstown": ([1], 0.3, pytest.approx({"gas-recip": 13 * 18.8}, rel=1e-4)),
                        "OpenAI Stargate Shackelford": ([2, 3], 1.96,
                                                        pytest.approx({"gas-recip": 84 * 18.8}, rel=1e-4))}


def test_the_table_groups_phases_by_site(two_each):
    from gigawatt.power.render import render_sequence

    out = {"site": "2 sites", "lat": None, "lon": None, "hours": HOURS}
    table, *lines = render_sequence(two_each, out)
    assert table.title.startswith("Every phase in turn: 2 sites, each its own campus")
    assert list(table.columns[0]._cells) == ["OpenAI Stargate Lordstown", "OpenAI Stargate Shackelford", ""]
    assert lines[0].startswith("OpenAI Stargate Lordstown (41.17, -80.86): phase 1: 0.3 GW, 240 MW load")
    assert lines[0].endswith("(outside the built-in regions)") and "outside" not in lines[1]
    assert lines[1].startswith("OpenAI Stargate Shackelford (32.74, -99.35): phases 2, 3: 1.96 GW, 1,568 MW load")
    assert "over the 3 phases at 2 sites" in lines[2] and "built at the end (all sites): gas-recip 1,824 MW" in lines[2]


def test_a_single_campus_program_is_unchanged(cheyenne):
    # cheyenne-wy-10gw (program.phases, no sites) stays one campus at Cheyenne: every phase there, one sequence.
    assert {sid for *_, sid in site_phases(cheyenne)} == {None}
    assert request_for(cheyenne, "3", as_of=AS_OF).site == SITES["cheyenne-wy"]
    seq = sequence(cheyenne, request_for(cheyenne, "1", as_of=AS_OF, hours=HOURS, options="gas-recip",
                                         unit_reserve=False))
    assert {s["site"] for s in seq["steps"]} == {"Cheyenne, WY"} and len(seq["sites"]) == 1
    assert seq["sites"][0]["phases"] == [1, 2, 3, 4, 5] and seq["totals"]["campuses"] == 1
    from gigawatt.power.render import render_sequence

    table, *lines = render_sequence(seq, {"site": "Cheyenne, WY", "lat": 41.14, "lon": -104.82, "hours": HOURS})
    assert table.title == ("Every phase in turn: Cheyenne, WY (41.14, -104.82), 48 hours per solve; each phase's load "
                           "is cumulative, earlier phases' plant kept")
    assert [c.header for c in table.columns][0] == "phase, GW" and lines[0].startswith("program: supply capex ")
    assert "over the 5 phases;" in lines[0]


def test_delay_is_charged_only_beyond_what_exists():
    # 100 MW flat for 48 h from engines alone, priced late at 1e6 USD/yr per MW of load held back: with 150 MW
    # built before, nothing is added and nothing is late; with 60 MW, the 40 MW added are.
    o = opt.build("gas-recip")
    options, load, d = {"gas-recip": o}, np.full(HOURS, 100.0), {"gas-recip": 1e6}
    per = d["gas-recip"] * lp.carried(o)
    free = lp.solve(load, options, {}, existing=({"gas-recip": 150.0}, {}))
    none_late = lp.solve(load, options, {}, delay=d, existing=({"gas-recip": 150.0}, {}))
    assert none_late.extra["delay_usd_per_yr"] == {"gas-recip": 0.0}
    assert none_late.cost_usd_per_yr == pytest.approx(free.cost_usd_per_yr, rel=1e-6)
    some = lp.solve(load, options, {}, delay=d, existing=({"gas-recip": 60.0}, {}))
    assert some.extra["delay_usd_per_yr"]["gas-recip"] == pytest.approx(per * 40.0, rel=1e-4)
    alone = lp.solve(load, options, {}, existing=({"gas-recip": 60.0}, {}))
    assert some.cost_usd_per_yr == pytest.approx(alone.cost_usd_per_yr, rel=1e-6)  # the delay is kept out of it


def test_a_phase_that_adds_nothing_late_pays_no_delay_in_the_sequence(cheyenne):
    # Phase 1 online (built without lead-time limits, 1.8 GW); phase 2 (tiny, due now) needs 0.8 MW more, which the
    # engines phase 1 built in whole units may already cover. Under --late price the sequence runs (it was refused
    # before) and charges delay only on what a phase adds: phase 1 nothing (online), phase 2 only its added MW.
    ph = [cheyenne.program.phases[0].model_copy(update={"gw": gw, "online": when})
          for gw, when in ((1.8, "2025Q3"), (0.5, "2026Q4"))]
    scn = cheyenne.model_copy(update={"program": cheyenne.program.model_copy(update={"phases": ph})})
    base = request_for(scn, "1", as_of=AS_OF, hours=HOURS, options="gas-recip", unit_reserve=False, late="price")
    steps = sequence(scn, base)["steps"]
    first, second = (s["result"].late for s in steps)
    assert first["delay_usd_per_yr"] == 0.0 and first["chosen_late"] == {}
    assert steps[0]["powered_from"] is None and steps[1]["powered_from"] > "2026Q4"  # the date kept, delay priced
    assert steps[1]["delay_usd_per_yr"] == pytest.approx(second["delay_usd_per_yr"]) and second["delay_usd_per_yr"] > 0
    # phase 1 stands as 77 whole units (1,447.6 MW); phase 2's 1,840 MW need 98 (1,842.4 MW): 394.8 MW added, and
    # the LP, which sizes in MW, holds back the 392.4 MW beyond what stands (0.5 GW x 0.8, less the 7.6 MW spare)
    added = steps[1]["added_mw"]["gas-recip"]
    assert added == pytest.approx(21 * 18.8, rel=1e-4)  # not the 1,842 MW now standing
    assert second["chosen_late"]["gas-recip"]["mw_held_back"] == pytest.approx(1840.0 - 77 * 18.8, rel=1e-4)
    again = replace(base, existing_mw=(("gas-recip", 1840.0),), load_mw=1840.0, phase=(2, 2, 0.5, "2026Q4"),
                    energised_by="2026Q4")
    res = solve(again)  # phase 2 with its whole load already built: nothing added, nothing late, no slip
    assert res.late["chosen_late"] == {} and res.late["delay_usd_per_yr"] == 0.0
    assert "slipped_from" not in res.schedule


def test_a_sites_slip_moves_that_sites_phases_only(two):
    # energy.supply: optimised. The next phase is Lordstown's (0.3 GW due 2026Q4); nothing that generates can be
    # built by then (engines: 24 months from today's quarter), so Lordstown moves to that quarter. Shackelford's
    # phase due 2027Q1, also before it, keeps its date: another campus with its own supply, not solved here.
    from gigawatt import api, power

    scn = two.model_copy(update={"energy": two.energy.model_copy(update={"supply": "optimised",
                                                                         "supply_options": "gas-recip"})})
    moved, said = power.schedule_update(scn)
    ready = power.solve_scenario(scn).schedule["energised_by"]
    assert list(moved["_site_moves"]) == ["stargate-lordstown"] and ready > "2026Q4"
    assert f"1 phase of OpenAI Stargate Lordstown due before it moves to {ready}; the other sites keep" in said
    after = api.with_supply(scn)
    got, want = {}, {}  # GW by quarter (phases of the same quarter merge: Lordstown's may land on 2028Q4)
    for gw, q in [(gw, label(q)) for gw, q, _ in after.phases()]:
        got[q] = round(got.get(q, 0.0) + gw, 6)
    for gw, q in [(0.196, "2027Q1"), (0.3, ready), (1.764, "2028Q4")]:
        want[q] = round(want.get(q, 0.0) + gw, 6)
    assert got == want
    from gigawatt.views import supply_line

    line = supply_line(after)  # the phase solved, at its site (power reads the sites' own dates)
    assert "the least-cost supply of phase 1 of 3 (240 MW at OpenAI Stargate Lordstown)" in line, line
    assert after.guesses[-1] == said and two.program._site_moves == {}  # the scenario itself is untouched


def test_site_moves_by_hand():
    from types import SimpleNamespace as NS

    from gigawatt.sites import program_phases

    sites = [NS(id="a", planned_mw=300.0), NS(id="b", planned_mw=100.0)]
    rows = [NS(site="a", date="2026-01-15", power_mw=100.0), NS(site="a", date="2026-07-01", power_mw=200.0),
            NS(site="a", date="2027-04-01", power_mw=300.0), NS(site="b", date="2026-07-01", power_mw=100.0)]
    q = {lab: parse_quarter(lab) for lab in ("2026Q1", "2026Q3", "2027Q2", "2027Q4")}
    plain = program_phases(["a", "b"], sites, rows)
    assert [(gw, label(o)) for gw, o, _ in plain] == [(0.1, "2026Q1"), (0.2, "2026Q3"), (0.1, "2027Q2")]
    # a's phases from 2026Q3 but before 2027Q4 move there; its 2026Q1 phase (before 2026Q3) and b keep theirs
    moved = program_phases(["a", "b"], sites, rows, moves={"a": (q["2026Q3"], q["2027Q4"])})
    assert [(gw, label(o)) for gw, o, _ in moved] == [(0.1, "2026Q1"), (0.1, "2026Q3"), (0.2, "2027Q4")]


def test_the_api_answers_a_program_of_several_sites_site_by_site():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from gigawatt.web import errors
    from gigawatt.web.routes_power import router

    app = FastAPI()
    errors.install(app)
    app.include_router(router)
    client = TestClient(app)
    r = client.post("/api/power", json={"scenario": "stargate-10gw", "phase": "all", "hours": 48})
    assert r.status_code == 422 and r.json()["field"] == "phase"
    assert "all would put the 7 sites of 'stargate-10gw' on one campus" in r.json()["message"]
    r = client.post("/api/power", json={"scenario": "stargate-10gw", "phase": "each", "hours": 48, "options": "gas",
                                        "late": "price", "as_of": AS_OF})
    assert r.status_code == 200, r.text[:300]
    out = r.json()
    assert (out["site"], out["lat"], out["lon"]) == ("7 sites", None, None)
    seq = out["sequence"]
    assert len(seq["steps"]) == 11 and len(seq["sites"]) == 7 and seq["totals"]["campuses"] == 7
    assert sum(c["facility_gw"] for c in seq["sites"]) == pytest.approx(sum(g for g, *_ in
                                                                              site_phases(load_scenario("stargate-10gw"))))
