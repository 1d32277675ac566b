"""Issue 20, the attacker's findings on ``gigawatt power`` and ``POST /api/power``: each is refused in one line
(exit 2 / 422) before any solve, and nothing is half-written."""

import subprocess
import sys

import pytest

CHEY = "cheyenne-wy-10gw"


def gw(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def one_line(p, needle: str) -> str:
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2, p.stderr
    assert len(lines) == 1 and needle in lines[0], p.stderr
    assert "internal error" not in p.stderr and p.stdout == ""
    return lines[0]


@pytest.mark.parametrize("blocked", ["power_capacity.png", "power_weeks.png"])
def test_a_chart_target_that_is_a_folder_is_refused_before_the_solve_and_nothing_is_written(tmp_path, blocked):
    (tmp_path / "out" / blocked).mkdir(parents=True)
    p = gw(CHEY, "--png", "out", "--hours", "48", "--options", "gas-recip", cwd=tmp_path)
    one_line(p, f"--png: 'out/{blocked}' is a folder; give a file name")
    assert [x.name for x in (tmp_path / "out").iterdir()] == [blocked]  # the other chart was not written either


def refused(client, body: dict, field: str, needle: str) -> str:
    r = client.post("/api/power", json={"hours": 48, **body})
    assert r.status_code == 422, r.text
    out = r.json()
    assert out["field"] == field and needle in out["message"], out
    return out["message"]


@pytest.mark.parametrize("body, field, needle", [
    ({"phase": "\u0661"}, "phase", "'\u0661' is not allowed"),  # Arabic-Indic one: was phase 1
    ({"phase": "\uff12"}, "phase", "'\uff12' is not allowed"),  # full-width two
    ({"phase": "\u0967"}, "phase", "is not allowed"),  # Devanagari one
    ({"as_of": "\u0662\u0660\u0662\u0666Q1"}, "as_of", "is not allowed: a quarter like"),
    ({"energised_by": "\u0662\u0660\u0662\u0667Q1"}, "energised_by", "is not a date"),
    ({"energised_by": "9999Q4"}, "energised_by", "'9999Q4' is more than 30 years after as_of"),  # was 95,676 months
    ({"energised_by": "2057Q1", "as_of": "2026Q4"}, "energised_by", "give 2026Q4 to 2056Q4"),
])
def test_only_ascii_digits_and_a_bounded_deadline(client, body, field, needle):
    refused(client, body, field, needle)


def test_the_last_allowed_deadline_is_solved(client):
    from gigawatt.power import campus

    campus._check_energised_by("2056Q4", 2026 * 4 + 3)  # as-of + 30 years exactly: allowed
    campus._check_energised_by("2026Q4", 2026 * 4 + 3)


@pytest.mark.parametrize("text", ["\u0662\u0660\u0662\u0666Q1", "\uff12\uff10\uff12\uff16", "\u0662\u0660\u0662\u0666"])
def test_a_quarter_has_ascii_digits(text):
    from gigawatt import timeline
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match="is not a date"):
        timeline.parse_quarter(text, "x")
    assert timeline.parse_quarter("2026Q1") == 2026 * 4


def test_the_site_comes_from_the_scenario_not_its_name(tmp_path):
    """A verbatim copy of cheyenne-wy-10gw.yaml under another name is solved at Cheyenne (its energy.site_lat/
    site_lon), not at the default that a lookup by name gave it."""
    from importlib import resources

    from gigawatt.power import request_for
    from gigawatt.scenario import load_scenario

    text = (resources.files("gigawatt") / "scenarios" / "cheyenne-wy-10gw.yaml").read_text()
    copy = tmp_path / "copy.yaml"
    copy.write_text("\n".join("name: my-copy" if line.startswith("name:") else line for line in text.splitlines()))
    req = request_for(load_scenario(str(copy)), "1", as_of="2026Q4")
    assert (req.site.name, req.site.lat, req.site.lon, req.site.region) == ("Cheyenne, WY", 41.14, -104.82, "wy")
    assert not req.site.default


def test_a_scenario_with_no_site_says_the_default_is_used():
    from gigawatt.commands.power import solve_and_describe
    from gigawatt.power import request_for, site
    from gigawatt.scenario import load_scenario

    scn = load_scenario("openai-amd-6gw")
    req = request_for(scn, "1", as_of="2026Q4", hours=48, options="gas-recip")
    assert req.site.default and req.site == site.SITES["abilene-tx"]
    _, out = solve_and_describe(req, scn, "independent")
    assert out["site"] == "Abilene, TX" and "names no site" in out["site_default"] \
        and "energy.site_lat and energy.site_lon" in out["site_default"]
    _, given = solve_and_describe(request_for(scn.model_copy(update={"energy": scn.energy.model_copy(
        update={"site_lat": 32.45, "site_lon": -99.73})}), "1", as_of="2026Q4", hours=48, options="gas-recip"), scn, "x")
    assert "site_default" not in given and given["site"] == "Abilene, TX"


def test_half_a_site_is_refused():
    p = gw("openai-amd-6gw", "--set", "energy.site_lat=40", "--hours", "48")
    one_line(p, "energy.site_lon: the scenario gives energy.site_lat but not energy.site_lon: give both")


def test_the_cli_bounds_the_total_work_before_any_solve():
    p = gw(CHEY, "--weather-years", "10", "--resolution", "1", "--sweep", "1000", "--workers", "2")
    one_line(p, "--sweep: 1,001 solves of 87,600 LP steps (weather years x hours / --resolution) are 87,687,600; one "
                "command runs at most 5,000,000")


def test_the_bound_lets_the_advertised_sweep_of_the_default_year_through():
    from gigawatt.commands.power import MAX_STEPS, check_work
    from gigawatt.errors import InputError
    from gigawatt.power import request_for
    from gigawatt.scenario import load_scenario

    scn = load_scenario(CHEY)
    year = request_for(scn, "1", as_of="2026Q4")
    check_work(year, scn, sweep=1000, phase="1")  # 1,001 x 4,380 steps
    assert 1001 * 4380 <= MAX_STEPS
    from dataclasses import replace

    hourly10 = replace(year, weather_years=10, resolution_hours=1)
    check_work(hourly10, scn, sweep=0, phase="each")  # 5 phases x 87,600 steps: 438,000
    with pytest.raises(InputError, match="--sweep: 101 solves of 87,600 LP steps .* are 8,847,600"):
        check_work(hourly10, scn, sweep=100, phase="1")


@pytest.mark.parametrize("args", [["--units", "milp", "--weather-years", "10"], ["--units", "staged", "--weather-years",
                                                                                 "3", "--resolution", "1"]])
def test_a_milp_too_large_to_finish_is_refused_before_any_solve(args):
    p = gw(CHEY, *args)
    one_line(p, "--units: ")
    assert "solves at most 17,520 LP steps" in p.stderr


def test_the_api_refuses_a_large_milp_naming_units(client):
    msg = refused(client, {"hours": 8760, "weather_years": 10, "units": "milp"}, "units", "milp solves at most 17,520")
    assert "43,800" in msg


def test_an_api_solve_past_its_deadline_is_one_line_422_and_the_cli_has_none(client, monkeypatch):
    """A deadline already spent: HiGHS is asked for no time and the request is refused with the limit named."""
    from gigawatt.power import highs
    from gigawatt.web import limits

    assert highs._time_left() == {}  # no deadline outside the API (the CLI)
    monkeypatch.setattr(limits, "POWER_SOLVE_S", 0.0)
    msg = refused(client, {"options": "gas-recip"}, "solver", "the solve took longer than 0 s, this server's limit")
    assert "run `gigawatt power` locally" in msg
    with highs.deadline(30.0):
        assert 0 < highs._time_left()["time_limit"] <= 30.0
        assert highs._time_left(120.0)["time_limit"] <= 30.0
    assert highs._time_left(120.0) == {"time_limit": 120.0}


def test_a_run_with_an_optimised_supply_shares_the_deadline(tmp_path, monkeypatch):
    """/api/run of energy.supply: optimised holds the power slot as POST /api/power does, deadline included."""
    from fastapi.testclient import TestClient

    from gigawatt.web import limits
    from gigawatt.web.app import create_app

    from collections import OrderedDict

    from gigawatt import power

    monkeypatch.setattr(limits, "POWER_SOLVE_S", 0.0)
    monkeypatch.setattr(power, "_SOLVED", OrderedDict())  # a solve cached by an earlier test would take no time
    app = TestClient(create_app(db=tmp_path / "runs.db"), base_url="http://localhost")
    r = app.post("/api/run", json={"scenario": CHEY, "overrides": {"energy.supply": "optimised"}})
    assert r.status_code == 422, r.text[:300]
    assert "the solve took longer than 0 s" in r.json()["message"]
