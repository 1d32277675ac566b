"""``POST /api/power`` takes the options of ``gigawatt power`` (reliability target, unit reserve, tax credits,
weather years, CO2/fuel/grid/firm prices, grid/firm limits, late options and the value of speed, sweep and seed): the same request through the CLI and
the API gives the same figures, a good value moves the answer the way the option says, a bad one is 422 naming
its key; heavy combinations are refused with 422 before any solve, and no refusal keeps the power slot."""

import json
import subprocess
import sys

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gigawatt.cli import app as cli_app
from gigawatt.web import limits
from gigawatt.web.app import create_app

# A week of Cheyenne's first phase with a fixed clock (as_of), every option ready by 2031Q4: small and fast.
BASE = {"scenario": "cheyenne-wy-10gw", "hours": 168, "options": "grid,gas,solar,battery,firm",
        "energised_by": "2031Q4", "as_of": "2026Q4"}
BASE_ARGS = ["cheyenne-wy-10gw", "--hours", "168", "--options", "grid,gas,solar,battery,firm",
             "--energised-by", "2031Q4", "--as-of", "2026Q4"]
FIGURES = ("lcoe_usd_per_mwh", "emissions_g_per_kwh", "capacity_mw", "firm_capacity_mw", "supply_capex_usd")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(db=tmp_path_factory.mktemp("db") / "runs.db"), base_url="http://localhost")


def api(client, **extra) -> dict:
    r = client.post("/api/power", json={**BASE, **extra})
    assert r.status_code == 200, r.text
    return r.json()


def cli(*extra) -> dict:
    r = CliRunner().invoke(cli_app, ["power", *BASE_ARGS, *extra, "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout[r.stdout.index("{"):])


@pytest.fixture(scope="module")
def base(client):
    return api(client)


def same(a: dict, b: dict) -> None:
    """The figures of two answers to the same request agree (the solve time aside)."""
    for key in FIGURES:
        assert a[key] == pytest.approx(b[key], rel=1e-6, abs=1e-6), key
    for key in ("reliability", "credits", "weather", "speed"):
        assert json.loads(json.dumps(a[key]), parse_float=lambda s: round(float(s), 6)) == \
            json.loads(json.dumps(b[key]), parse_float=lambda s: round(float(s), 6)), key


# (body keys, the CLI's options, how the answer moves from the base request's)
CASES = [
    ({"reliability_target": 0.9}, ["--reliability-target", "0.9"],
     lambda o, b: o["reliability"]["target_energy_served"] == 0.9 and o["firm_capacity_mw"] <= b["firm_capacity_mw"]
     and o["lcoe_usd_per_mwh"] <= b["lcoe_usd_per_mwh"] * (1 + 1e-6)),
    ({"unit_reserve": False}, ["--no-unit-reserve"],
     lambda o, b: o["reliability"]["target_enforced"] is False and o["lcoe_usd_per_mwh"] <= b["lcoe_usd_per_mwh"] * (1 + 1e-6)),
    ({"tax_credits": True}, ["--tax-credits"],
     lambda o, b: o["credits"]["applied"] is True and not b["credits"]["applied"]
     and o["lcoe_usd_per_mwh"] <= b["lcoe_usd_per_mwh"] * (1 + 1e-6)),
    ({"co2_price_usd_per_t": 150.0}, ["--co2-price", "150"],
     lambda o, b: o["lcoe_usd_per_mwh"] > b["lcoe_usd_per_mwh"]
     and o["constraints"]["co2_price_usd_per_t"] == 150.0),
    ({"fuel_price_usd_per_mmbtu": 9.0}, ["--fuel-price", "9"],
     lambda o, b: o["lcoe_usd_per_mwh"] > b["lcoe_usd_per_mwh"]),
    ({"grid_price_usd_per_mwh": 30.0}, ["--grid-price", "30"],
     lambda o, b: o["capacity_mw"].get("grid", 0) > b["capacity_mw"].get("grid", 0)
     and o["lcoe_usd_per_mwh"] < b["lcoe_usd_per_mwh"]),
    ({"grid_price_usd_per_mwh": 30.0, "grid_mw": 500.0}, ["--grid-price", "30", "--grid-mw", "500"],
     lambda o, b: 0 < o["capacity_mw"]["grid"] <= 500 + 1e-6),
    ({"firm_price_usd_per_mwh": 20.0}, ["--firm-price", "20"],
     lambda o, b: o["capacity_mw"].get("firm", 0) > b["capacity_mw"].get("firm", 0)),
    ({"firm_price_usd_per_mwh": 20.0, "firm_mw": 300.0}, ["--firm-price", "20", "--firm-mw", "300"],
     lambda o, b: 0 < o["capacity_mw"]["firm"] <= 300 + 1e-6),
]


@pytest.mark.parametrize("body,args,moved", CASES, ids=[",".join(c[0]) for c in CASES])
def test_option_moves_the_answer_as_on_the_cli(client, base, body, args, moved):
    out = api(client, **body)
    assert moved(out, base), {k: out[k] for k in ("lcoe_usd_per_mwh", "capacity_mw")}
    same(out, cli(*args))
    assert {"view", "reference", "standing", "speed"} <= set(out)  # the CLI's keys beyond the result's own


def test_weather_years_as_on_the_cli(client):
    """Two synthetic years, whole years in 6-hour steps (quick): the spread is reported, CLI and API agree, and
    sizing for both years never needs less capacity than the first alone (the first year is the same)."""
    body = {"hours": 8760, "resolution_hours": 6, "options": "gas,solar,battery"}
    one, two = api(client, **body), api(client, **body, weather_years=2)
    assert two["weather"]["years"] == 2 and len(two["weather"]["annual_capacity_factor"]["solar"]) == 2
    assert sum(two["capacity_mw"].values()) >= sum(one["capacity_mw"].values()) - 1e-3  # a kW: the solver's noise
    same(two, cli("--hours", "8760", "--resolution", "6", "--options", "gas,solar,battery", "--weather-years", "2"))


def test_late_options_priced_as_on_the_cli(client):
    """By 2028Q4 only engines and aeroderivatives (24 months), solar and batteries can be built: exclude (the
    default) leaves the rest out; price keeps them, and at a zero value of speed their delay costs nothing, so the
    plan is never dearer."""
    by = {"energised_by": "2028Q4"}
    left_out = api(client, **by)
    priced = api(client, **by, late="price", speed_value_usd_per_gw_month=0.0)
    assert left_out["excluded"] and left_out["late"]["mode"] == "exclude"
    assert priced["excluded"] == {} and priced["late"]["mode"] == "price"
    # never dearer (the same engines when the late plants' reserve for Texas's hot hours keeps them out)
    assert priced["lcoe_usd_per_mwh"] <= left_out["lcoe_usd_per_mwh"] * (1 + 1e-7)
    same(priced, cli("--energised-by", "2028Q4", "--late", "price", "--speed-value", "0"))
    # under price the delay counts from the phase's date (2027Q4), whatever energised_by says: the same plan
    by_program = api(client, **by, late="price")
    assert by_program["late"]["delay_counted_from"] == "2027Q4"
    assert by_program["lcoe_usd_per_mwh"] == pytest.approx(api(client, late="price")["lcoe_usd_per_mwh"], rel=1e-6)


def test_default_phase_is_the_clis(client):
    """No phase given: the next phase not yet online at as_of, as on the CLI."""
    out = api(client, options="gas")
    assert out["schedule"]["phase"] == cli("--options", "gas")["schedule"]["phase"]


def test_each_phase_as_on_the_cli(client):
    """phase: each answers the CLI's sequence: a step per phase, the cumulative load, capacity never shrinking."""
    body = {k: v for k, v in BASE.items() if k != "energised_by"}
    r = client.post("/api/power", json={**body, "options": "gas", "phase": "each"})
    assert r.status_code == 200, r.text[:300]
    out = r.json()
    steps = out["sequence"]["steps"]
    assert out["phase"] == "each" and len(steps) == 5  # Cheyenne's five phases
    loads = [s["load_mw"] for s in steps]
    assert loads == sorted(loads) and loads[-1] == pytest.approx(10_000 * 0.8)
    args = [a for a in BASE_ARGS if a not in ("--energised-by", "2031Q4")]
    by_cli = json.loads(CliRunner().invoke(cli_app, ["power", *args, "--options", "gas", "--phase", "each",
                                                     "--json"]).stdout)
    a, b = out["sequence"]["totals"], by_cli["sequence"]["totals"]
    for key in ("phases", "capex_usd", "lcoe_energy_weighted_usd_per_mwh", "emissions_energy_weighted_g_per_kwh"):
        assert a[key] == pytest.approx(b[key], rel=1e-6), key
    assert a["final_capacity_mw"] == pytest.approx(b["final_capacity_mw"], rel=1e-6)
    assert [s["lcoe_usd_per_mwh"] for s in steps] == pytest.approx(
        [s["lcoe_usd_per_mwh"] for s in by_cli["sequence"]["steps"]], rel=1e-6)


@pytest.mark.parametrize("body,field,needle", [
    ({"phase": "each", "sweep": 2}, "sweep", "sweep is for one phase's solve, not phase each"),
    ({"phase": "each", "energised_by": "2029Q1"}, "energised_by", "phase each energises every phase by its own "
                                                                  "first-online quarter"),
    ({"phase": "each", "hours": 8760, "weather_years": 5}, "weather_years", "5 solves of 5 weather years"),
    ({"phase": "each", "units": "milp"}, "units", "milp solves take up to 120 s each and this server runs one per "
                                                  "request (5 asked: sweep or phase each)"),
    ({"sweep": 2, "units": "milp"}, "units", "(3 asked: sweep or phase each): units round, or run `gigawatt power`"),
    ({"sweep": 1, "units": "staged"}, "units", "staged solves take up to 120 s each"),
    ({"units": "exact"}, "units", "'exact' is not allowed: round (the LP's gas capacity rounded up to whole units, "
                                  "the default), milp"),
])
def test_each_phase_refuses_what_is_for_one_phase(client, body, field, needle):
    r = client.post("/api/power", json={**{k: v for k, v in BASE.items() if k != "energised_by"}, **body})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["field"] == field and needle in r.json()["message"], r.json()


def test_whole_units_in_the_optimisation_as_on_the_cli(client):
    out = api(client, options="gas", units="milp")
    assert "branch and bound" in out["solver"]
    same(out, cli("--options", "gas", "--units", "milp"))


def test_sweep_and_seed_as_on_the_cli(client):
    out = api(client, options="gas", sweep=3, seed=7)
    sw = out["sweep"]
    assert sw["solves"] == 3 and sw["seed"] == 7 and sw["solved"] == 3
    assert sw["lcoe_usd_per_mwh"]["p5"] <= sw["lcoe_usd_per_mwh"]["p50"] <= sw["lcoe_usd_per_mwh"]["p95"]
    by_cli = cli("--options", "gas", "--sweep", "3", "--seed", "7")["sweep"]
    for a, b in zip(sw["draws"], by_cli["draws"]):
        assert a["fuel_price_usd_per_mmbtu"] == b["fuel_price_usd_per_mmbtu"]
        assert a["lcoe_usd_per_mwh"] == pytest.approx(b["lcoe_usd_per_mwh"], rel=1e-6)
    other = api(client, options="gas", sweep=3, seed=8)["sweep"]["draws"]
    assert [d["capex_factor"] for d in other] != [d["capex_factor"] for d in sw["draws"]]  # the seed is used


@pytest.mark.parametrize("body,field,needle", [
    ({"reliability_target": 0.5}, "reliability_target", "0.5 is not allowed: the share of the energy served in "
                                                        "expectation despite forced outages, from 0.9 to 0.9999999"),
    ({"reliability_target": "0.99"}, "reliability_target", "'0.99' is not allowed: a finite JSON number from 0.9"),
    ({"unit_reserve": 0}, "unit_reserve", "0 is not allowed: JSON true or false"),
    ({"unit_reserve": "false"}, "unit_reserve", "'false' is not allowed: JSON true or false"),
    ({"tax_credits": "yes"}, "tax_credits", "'yes' is not allowed: JSON true or false"),
    ({"weather_years": 11}, "weather_years", "11 is not allowed: a whole number of years from 1 to 10"),
    ({"weather_years": 2.0}, "weather_years", "2.0 is not allowed: a whole JSON number from 1 to 10"),
    ({"weather_years": 2}, "hours", "168 is not allowed with several weather years: solve whole years (leave hours"),
    ({"co2_price_usd_per_t": -1}, "co2_price_usd_per_t", "-1.0 is not allowed: a CO2 price must be a finite number "
                                                         "from 0 to 10,000"),
    ({"co2_price_usd_per_t": True}, "co2_price_usd_per_t", "True is not allowed: a finite JSON number from 0 to 10,000"),
    ({"fuel_price_usd_per_mmbtu": 1001}, "fuel_price_usd_per_mmbtu", "1001.0 is not allowed: a fuel price must be a "
                                                                     "finite number from 0 to 1,000"),
    ({"grid_price_usd_per_mwh": "30"}, "grid_price_usd_per_mwh", "'30' is not allowed: a finite JSON number"),
    ({"firm_price_usd_per_mwh": 1e5}, "firm_price_usd_per_mwh", "is not allowed: a contract price must be a finite "
                                                                "number from 0 to 10,000"),
    ({"grid_mw": -5}, "grid_mw", "-5.0 is not allowed: the grid interconnection limit must be a finite number from "
                                 "0 to 1e6 (the largest is no limit in effect: JSON has no inf)"),
    ({"firm_mw": 2e6}, "firm_mw", "is not allowed: the firm contract size must be a finite number from 0 to 1e6"),
    ({"sweep": 1001}, "sweep", "1001 is not allowed: 1 to 1000 solves (0 or left out: no sweep)"),
    ({"sweep": -1}, "sweep", "-1 is not allowed: 1 to 1000 solves"),
    ({"seed": -1}, "seed", "-1 must be a whole number from 0 to 2**32 - 1"),
    ({"seed": 2**32}, "seed", "4294967296 must be a whole number from 0 to 2**32 - 1"),
    ({"flexible_window_hours": 200}, "flexible_window_hours", "200 is not allowed: 1 to 168 hours"),
    ({"late": "later"}, "late", "'later' is not allowed: exclude (the default: options that miss the energise-by "
                                "date are left out) or price"),
    ({"late": "price", "speed_value_usd_per_gw_month": -1}, "speed_value_usd_per_gw_month",
     "-1.0 is not allowed: the value of speed must be a finite number of USD per GW-month from 0 to 1e11"),
    ({"speed_value_usd_per_gw_month": "1e9"}, "speed_value_usd_per_gw_month",
     "'1e9' is not allowed: a finite JSON number from 0 to 1e11 (USD per GW-month)"),
])
def test_bad_value_is_422_naming_its_key(client, body, field, needle):
    r = client.post("/api/power", json={**BASE, **body})
    assert r.status_code == 422, r.text
    out = r.json()
    assert set(out) == {"detail", "field", "message"} and out["field"] == field, out
    assert needle in out["message"], out["message"]
    assert "--" not in out["message"]  # the body's keys, not the CLI's options
    assert client.app.state.jobs.busy_slots() == 0


def test_infinite_json_number_is_refused(client):
    r = client.post("/api/power", content='{"fuel_price_usd_per_mmbtu": Infinity}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["field"] == "fuel_price_usd_per_mmbtu"
    assert r.json()["message"] == "inf is not allowed: a finite JSON number from 0 to 1,000 (USD/MMBtu)"


def test_the_cli_says_the_same(client):
    """The API's message is the CLI's with the option named by its key."""
    r = subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", *BASE_ARGS, "--reliability-target", "0.5"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    api_msg = client.post("/api/power", json={**BASE, "reliability_target": 0.5}).json()["message"]
    assert r.stderr.strip().endswith(f"--reliability-target: {api_msg}"), (r.stderr, api_msg)


@pytest.mark.parametrize("body,field,needle", [
    ({"hours": 8760, "weather_years": 10, "resolution_hours": 1}, "weather_years",
     "10 weather years of 8,760 hours in 1-hour steps (87,600 LP steps) need about 2.47 GB to solve; the server's "
     "budget is 2.15 GB"),
    ({"hours": 8760, "weather_years": 10, "sweep": 2}, "sweep",
     "3 solves of 10 weather years of 8,760 hours in 2-hour steps (43,800 LP steps) are 131,400 LP steps; one "
     "request may solve 13,140 (about a minute): fewer sweep solves or weather years, or longer steps, or run "
     "`gigawatt power` locally"),
    ({"hours": 8760, "sweep": 3}, "sweep", "4 solves of 1 weather year of 8,760 hours in 2-hour steps (4,380 "
                                           "LP steps) are 17,520 LP steps; one request may solve 13,140"),
    # issue 20: these held the power slot 198 s and 136 s
    ({"hours": 8760, "weather_years": 10, "co2_cap_g_per_kwh": 100}, "weather_years",
     "10 weather years of 8,760 hours in 2-hour steps (43,800 LP steps); one request may solve 13,140"),
    ({"hours": 8760, "weather_years": 8, "resolution_hours": 1}, "weather_years",
     "8 weather years of 8,760 hours in 1-hour steps (70,080 LP steps); one request may solve 13,140"),
    ({"hours": 8760, "resolution_hours": 1, "sweep": 1}, "sweep", "are 17,520 LP steps"),
    ({"sweep": 21}, "sweep", "21 is more than this server runs in one request: 0 to 20 solves (`gigawatt power` runs "
                             "up to 1,000, on Dask with --workers)"),
])
def test_heavy_requests_are_refused_before_any_solve(client, body, field, needle):
    r = client.post("/api/power", json={**BASE, **body})
    assert r.status_code == 422, r.text[:300]
    assert r.json()["field"] == field and needle in r.json()["message"], r.json()
    assert client.app.state.jobs.in_use() == 0 and client.app.state.jobs.busy_slots() == 0


def test_memory_held_grows_with_the_steps():
    from dataclasses import replace

    from gigawatt import power as pw
    from gigawatt.scenario import load_scenario
    from gigawatt.web.routes_power import solve_bytes

    req = pw.request_for(load_scenario("cheyenne-wy-10gw"))
    steps1, one = solve_bytes(req)
    steps3, three = solve_bytes(replace(req, weather_years=3))
    assert (steps1, steps3) == (4380, 13140)  # a year in 2-hour steps, three of them
    assert one == limits.POWER_BYTES  # no less than before for one year
    assert three == limits.POWER_BASE_BYTES + 13140 * limits.POWER_STEP_BYTES > one


def test_a_solve_holds_its_share_and_gives_it_back(client, monkeypatch):
    """While the solve runs it holds the power slot and its memory; after an answer or a refusal mid-solve
    (infeasible), nothing is held."""
    import gigawatt.power as pw

    seen = []
    real = pw.solve_cached

    def spy(req):
        seen.append((client.app.state.jobs.in_use(), client.app.state.jobs.counts()["held"]))
        return real(req)

    monkeypatch.setattr(pw, "solve_cached", spy)
    api(client, options="gas")
    r = client.post("/api/power", json={**BASE, "options": "gas", "co2_cap_g_per_kwh": 0})
    assert r.status_code == 422 and r.json()["field"] == "power" and "infeasible" in r.json()["message"]
    assert seen[0] == (limits.POWER_BYTES, {"power": 1})
    assert client.app.state.jobs.in_use() == 0 and client.app.state.jobs.busy_slots() == 0


def test_busy_server_answers_429_not_a_wait_forever(client):
    j = client.app.state.jobs
    with j.hold(limits.POWER_BYTES, "another power solve", field="scenario", kind="power", wait_s=0):
        j.hold_wait_s, wait = 0, j.hold_wait_s
        try:
            r = client.post("/api/power", json={**BASE, "options": "gas"})
        finally:
            j.hold_wait_s = wait
    assert r.status_code == 429 and r.json()["field"] == "scenario", r.text
    assert j.in_use() == 0
