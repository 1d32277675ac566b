"""``gigawatt power`` as a subprocess: JSON contract, one-line errors with exit 2."""

import json
import subprocess
import sys

import pytest


def gw(*args):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", *args], capture_output=True, text=True,
                          timeout=300)


def test_json_contract_two_weeks():
    p = gw("cheyenne-wy-10gw", "--hours", "336", "--options", "gas,solar,battery", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)  # nothing but JSON on stdout (HiGHS's banner is kept out)
    for key in ("capacity_mw", "shares", "lcoe_usd_per_mwh", "emissions_t_per_yr", "emissions_g_per_kwh",
                "solve_seconds", "gas_bcf_per_yr", "land_acres", "supply_capex_usd", "time_to_power_months"):
        assert key in out
    assert out["load_mw"] == pytest.approx(1800 * 0.8)  # first phase 1.8 GW x load factor 0.8
    assert out["site"] == "Cheyenne, WY"
    assert sum(out["shares"].values()) == pytest.approx(1.0)


def test_site_of_sites_csv_and_table(tmp_path):
    p = gw("cheyenne-tallgrass", "--hours", "168", "--options", "gas-recip", "--png", str(tmp_path))
    assert p.returncode == 0, p.stderr
    assert "LCOE" in p.stdout and "gas reciprocating" in p.stdout  # the label may fold at 80 columns
    assert "solved for" in p.stdout and "1,440 MW average load" in p.stdout
    assert (tmp_path / "power_weeks.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "power_capacity.png").stat().st_size > 1000


@pytest.mark.parametrize("args,needle", [
    (["cheyenne-wy-10gw", "--energised-by", "2027Q1", "--as-of", "2026Q4"],
     "--energised-by: no option left after --energised-by 2027Q1"),
    (["cheyenne-wy-10gw", "--options", "gas,nuclear"], "--options: 'nuclear' is not a supply option"),
    (["cheyenne-wy-10gw", "--co2-cap=-5"], "--co2-cap: '-5' is not allowed"),
    (["cheyenne-wy-10gw", "--fuel-price=-1", "--hours", "48"], "--fuel-price: -1.0 is not allowed"),
    (["cheyenne-wy-10gw", "--options", "grid", "--hours", "48"], "infeasible: no supply plan serves 1,440 MW"),
    (["no-such-place"], "no-such-place"),
    (["openai-portfolio", "--hours", "48"], "scenario: 'openai-portfolio' is a composite of 4 programs at more than one "
                                            "campus; solve the supply of one part: openai-nvidia-10gw-executed"),
    (["cheyenne-wy-10gw", "--flexible", "0.9"], "--flexible: 0.9 is not allowed"),
    (["cheyenne-tallgrass", "--set", "energy.supply_flexible_share=0.3"], "--set: 'cheyenne-tallgrass' is a site of "
                                                                          "sites.csv, not a scenario"),
    (["cheyenne-wy-10gw", "--hours", "48", "--png", "/proc"], "--png: cannot write in folder '/proc'"),
    (["cheyenne-wy-10gw", "--hours", "48", "--png", ""], "--png: is empty; give a folder"),
    (["cheyenne-wy-10gw", "--reserve-margin", "2"], "--reserve-margin: 2.0 is not allowed"),
    (["cheyenne-wy-10gw", "--flexible-window", "0"], "--flexible-window: 0 is not allowed"),
    (["cheyenne-wy-10gw", "--lat", "95", "--lon", "0"], "--lat: 95.0 is not a latitude"),
    (["stargate-abilene", "--phase", "2"], "--phase: 'stargate-abilene' is a site of sites.csv, one campus of"),
    (["cheyenne-wy-10gw", "--phase", "all", "--mw", "100"], "--mw: --phase all solves the whole program's load"),
    (["cheyenne-wy-10gw", "--phase", "each", "--mw", "100"], "--mw: --phase each solves the whole program's load"),
    (["cheyenne-wy-10gw", "--phase", "each", "--energised-by", "2029Q1"], "--energised-by: --phase each energises"),
    (["cheyenne-wy-10gw", "--phase", "each", "--sweep", "3"], "--sweep: --sweep is for one phase's solve"),
    (["stargate-10gw", "--phase", "each", "--lat", "40", "--lon", "-100"], "--lat: 'stargate-10gw' is a program of 7 "
                                                                           "sites and --phase each solves each at"),
    (["stargate-10gw", "--phase", "all"], "--phase: all would put the 7 sites of 'stargate-10gw' on one campus"),
    (["cheyenne-wy-10gw", "--resolution", "5"], "--resolution: 5 is not allowed: hours per LP step, one of 1, 2, 3"),
    (["cheyenne-wy-10gw", "--hours", "50", "--resolution", "3"], "--hours: 50 is not allowed with --resolution 3"),
])
def test_bad_input_exits_2_with_one_line(args, needle):
    p = gw(*args)
    assert p.returncode == 2, (p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0], p.stderr
    assert "Traceback" not in p.stderr and "HiGHS" not in p.stderr


def test_sweep_reports_quantiles():
    p = gw("stargate-10gw", "--hours", "168", "--options", "gas,solar,battery", "--sweep", "3", "--json")
    assert p.returncode == 0, p.stderr
    sw = json.loads(p.stdout)["sweep"]
    assert sw["solves"] == 3 and len(sw["draws"]) == 3
    q = sw["lcoe_usd_per_mwh"]
    assert q["p5"] <= q["p50"] <= q["p95"]


def test_phase_option_solves_that_phase_by_its_date_and_says_so():
    p = gw("cheyenne-wy-10gw", "--hours", "48", "--phase", "2", "--as-of", "2026Q4", "--json")
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)["schedule"]
    assert s["phase"] == {"number": 2, "of": 5, "facility_gw": 2.05, "first_online": "2028Q4"}
    assert (s["energised_by"], s["energised_by_source"], s["months_available"]) == ("2028Q4", "phase schedule", 24.0)
    assert s["load_mw"] == pytest.approx(2050 * 0.8)
    bad = gw("cheyenne-wy-10gw", "--phase", "9")
    assert bad.returncode == 2 and bad.stderr.strip().endswith("--phase: '9' is not allowed: first, all, or a phase "
                                                                 "number from 1 to 5 (this program has 5 phases); or "
                                                                 "next (the default: the first phase not yet online) "
                                                                 "or each (every phase in turn)")


def test_each_phase_in_turn_as_json_and_text():
    p = gw("cheyenne-wy-10gw", "--phase", "each", "--hours", "48", "--options", "gas", "--as-of", "2026Q4", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    seq = out["sequence"]
    assert out["phase"] == "each" and [s["phase"]["number"] for s in seq["steps"]] == [1, 2, 3, 4, 5]
    assert [s["load_mw"] for s in seq["steps"]] == pytest.approx([1440, 3080, 4720, 6360, 8000])  # cumulative
    for key in ("capex_usd", "lcoe_energy_weighted_usd_per_mwh", "emissions_energy_weighted_g_per_kwh",
                "max_slip_months", "final_capacity_mw", "solve_seconds"):
        assert key in seq["totals"]
    text = gw("cheyenne-wy-10gw", "--phase", "each", "--hours", "48", "--options", "gas", "--as-of", "2026Q4")
    assert text.returncode == 0 and "Every phase in turn" in text.stdout and "energy-weighted" in text.stdout


def test_a_superseded_deal_says_so_first_in_text_and_json():
    p = gw("openai-nvidia-10gw", "--hours", "48", "--options", "gas-recip")
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("SUPERSEDED on 2026-02-27")
    j = gw("openai-nvidia-10gw", "--hours", "48", "--options", "gas-recip", "--json")
    assert json.loads(j.stdout)["standing"]["superseded"]


def test_export_of_a_superseded_deal_says_so_first(tmp_path):
    p = subprocess.run([sys.executable, "-m", "gigawatt.cli", "export", "openai-nvidia-10gw", "-o",
                        str(tmp_path / "q.csv"), "--draws", "0"], capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("SUPERSEDED on 2026-02-27") and "wrote" in p.stdout.splitlines()[-1]


def test_at_80_columns_every_number_is_whole_and_every_cell_filled():
    import os
    import re

    env = {**os.environ, "COLUMNS": "80"}
    p = subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", "cheyenne-wy-10gw", "--hours", "336",
                        "--options", "gas-recip,solar,battery", "--co2-cap", "200"], capture_output=True, text=True,
                       timeout=300, env=env)
    assert p.returncode == 0, p.stderr
    assert max(len(line) for line in p.stdout.splitlines()) <= 80
    table = p.stdout[p.stdout.index("Capacity and generation"):]
    lines = [[c.strip() for c in line.strip("│").split("│")] for line in table.splitlines() if line.startswith("│")]
    for above, below in zip(lines, lines[1:]):  # a number is never split over two lines of a cell
        assert below[0] or not any(re.search(r"[\d,.]$", a) and re.match(r"^[\d,.]", b) for a, b in zip(above, below)), above
    for cells in lines:
        if cells[0]:  # an option's first line: every cell filled
            assert all(cells[1:]), cells
    assert "TWh/yr" in table and "MWh (" in table
