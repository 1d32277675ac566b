"""Bad input to ``gigawatt power`` / ``POST /api/power`` is refused before any solve, in one line (exit 2 / 422)."""

import datetime as dt
import json
import subprocess
import sys

import pytest

from gigawatt.errors import InputError
from gigawatt.power import campus, sweep
from gigawatt.power.campus import Request
from gigawatt.power.site import SITES


def gw(*args):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", *args], capture_output=True, text=True,
                          timeout=300)


CHEY = "cheyenne-wy-10gw"
# Every case answers before the base solve: no solver runs, so each takes only the start-up time.
CLI_CASES = [
    ([CHEY, "--seed", "-1", "--sweep", "2"], "--seed: -1 must be a whole number from 0 to 2**32 - 1"),  # 1
    ([CHEY, "--seed", "4294967296"], "--seed: 4294967296 must be a whole number from 0 to 2**32 - 1"),  # 1
    ([CHEY, "--co2-price", "inf"],
     "--co2-price: inf is not allowed: a CO2 price must be a finite number from 0 to 10,000"),  # 3
    ([CHEY, "--fuel-price", "inf"], "--fuel-price: inf is not allowed"),  # 3
    ([CHEY, "--co2-cap", "inf"], "--co2-cap: 'inf' is not allowed: a CO2 cap must be a finite number from 0 to 2,000"),
    ([CHEY, "--co2-cap", "1e300"], "--co2-cap: '1e300' is not allowed"),  # 3
    ([CHEY, "--co2-cap", "1e400"], "--co2-cap: '1e400' is not allowed"),  # 3
    ([CHEY, "--as-of", "nonsense"], "--as-of: 'nonsense' is not allowed: a quarter like"),  # 4
    ([CHEY, "--as-of", "1900Q1"], "from 2020Q1 to"),  # 4
    ([CHEY, "--as-of", "2099Q1"], "(today's quarter)"),  # 4
    ([CHEY, "--as-of", ""], "--as-of: '' is not allowed"),  # 4
    ([CHEY, "--as-of", "2026-01-01"], "--as-of: '2026-01-01' is not allowed"),  # 4
    (["openai-amd-6gw", "--set", "facility.pue=nan"], "facility.pue: nan is not allowed"),  # 6
    ([CHEY, "--set", "facility.pue=0.1"], "facility.pue: 0.1 is not allowed"),  # 6
    ([CHEY + "@nosuchview"], "view: 'nosuchview' is not a view"),  # 6
    ([CHEY, "--view", "nosuchview"], "view: 'nosuchview' is not a view"),  # 10
    ([CHEY, "--options", ""], "--options: '' is not allowed: name one or more of grid, gas"),  # 7
    ([CHEY, "--sweep", "-1"], "--sweep: -1 is not allowed: 1 to 1000 solves"),  # 7
    ([CHEY, "--sweep", "100000000"], "--sweep: 100000000 is not allowed: 1 to 1000 solves"),  # 7
    ([CHEY, "--sweep", "2", "--workers", "100000"], "--workers: 100000 must be a whole number from 1 to 256"),  # 7
    ([CHEY, "--energised-by", "2021Q1", "--as-of", "2026Q1"],
     "--energised-by: '2021Q1' is before --as-of 2026Q1: the deadline must be that quarter or later"),  # 9
]


def test_cli_bad_input_exits_2_in_one_line_before_solving():
    for args, needle in CLI_CASES:
        p = gw(*args, "--hours", "48")
        lines = p.stderr.strip().splitlines()
        assert p.returncode == 2, (args, p.stderr)
        assert len(lines) == 1 and needle in lines[0], (args, p.stderr)
        assert "neither a scenario nor a site" not in p.stderr and "internal error" not in p.stderr
        assert p.stdout == "", (args, p.stdout)  # nothing solved, nothing printed


def test_png_with_short_hours_and_view_in_output(tmp_path):  # cases 2 and 10
    p = gw(CHEY + "@vendor", "--png", str(tmp_path), "--hours", "48", "--options", "gas-recip")
    assert p.returncode == 0, p.stderr
    assert "view: vendor" in p.stdout
    assert (tmp_path / "power_weeks.png").read_bytes()[:4] == b"\x89PNG"
    p = gw(CHEY, "--view", "vendor", "--hours", "48", "--options", "gas-recip", "--json")
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["view"] == "vendor"


def test_as_of_quarter_range_with_a_fixed_today():  # case 4
    today = dt.date(2026, 11, 30)
    assert campus._as_of_quarter("2020Q1", today) == 2020 * 4
    assert campus._as_of_quarter("2026q4", today) == 2026 * 4 + 3
    assert campus._as_of_quarter(None, today) == 2026 * 4 + 3
    for bad in ("2027Q1", "2019Q4", "2026", "2026H2", "", "2026-01-01"):
        with pytest.raises(InputError, match="from 2020Q1 to 2026Q4"):
            campus._as_of_quarter(bad, today)


def test_check_refuses_non_finite_and_absurd_figures():  # case 3
    base = Request(load_mw=100.0, site=SITES["cheyenne-wy"])
    from dataclasses import replace

    for field, value, needle in (("co2_price_usd_per_t", float("inf"), "--co2-price"),
                                 ("fuel_price_usd_per_mmbtu", float("nan"), "--fuel-price"),
                                 ("co2_cap_g_per_kwh", 2000.5, "--co2-cap"), ("co2_cap_t_per_yr", 3e9, "--co2-cap"),
                                 ("grid_mw", 1e9, "--grid-mw"), ("firm_mw", float("nan"), "--firm-mw"),
                                 ("firm_price_usd_per_mwh", True, "--firm-price")):
        with pytest.raises(InputError, match=needle):
            campus.check(replace(base, **{field: value}))
    campus.check(replace(base, co2_cap_g_per_kwh=2000.0, co2_price_usd_per_t=10_000.0))  # the bounds themselves pass
    campus.check(replace(base, grid_mw=float("inf")))  # inf: no interconnection limit


def test_sweep_check_bounds():  # cases 1 and 7
    sweep.check(0, 0, None, zero_ok=True)
    sweep.check(1000, 2**32 - 1, 1)  # workers are bounded by this machine's cores (gigawatt.distributed)
    for n, seed, workers, path in ((0, 0, None, "--sweep"), (1001, 0, None, "--sweep"), (True, 0, None, "--sweep"),
                                   (2, -1, None, "--seed"), (2, 2**32, None, "--seed"), (2, 0, 0, "--workers"),
                                   (2, 0, 257, "--workers")):
        with pytest.raises(InputError, match=path):
            sweep.check(n, seed, workers)




@pytest.mark.parametrize("raw,field,needle", [
    ('{"co2_cap_g_per_kwh": Infinity}', "co2_cap_g_per_kwh",
     "inf is not allowed: a finite JSON number from 0 to 2,000"),  # case 3
    ('{"co2_cap_t_per_yr": NaN}', "co2_cap_t_per_yr", "nan is not allowed"),
    ('{"co2_cap_g_per_kwh": 1e300}', "co2_cap_g_per_kwh", "from 0 to 2,000"),  # case 3
    ('{"co2_cap_g_per_kwh": true}', "co2_cap_g_per_kwh", "True is not allowed"),  # case 5
    ('{"hours": "48"}', "hours", "'48' is not allowed: a whole JSON number from 48 to 8760"),  # case 5
    ('{"hours": 48.0}', "hours", "48.0 is not allowed"),
    ('{"as_of": "nonsense"}', "as_of", "'nonsense' is not allowed: a quarter like"),  # case 4
    ('{"options": ""}', "options", "'' is not allowed: name one or more of grid, gas, solar, wind, battery, firm (or "
                                   "leave options out for all)"),
    ('{"energised_by": "2021Q1", "as_of": "2026Q1"}', "energised_by", "is before as_of 2026Q1"),  # case 9
    ('{"draws": 5}', "body", "'draws' is not a key of /api/power; allowed: scenario, options, co2_cap_g_per_kwh, "
                             "co2_cap_t_per_yr, energised_by, as_of, hours"),  # case 8
])
def test_api_refuses_with_422(client, raw, field, needle):
    r = client.post("/api/power", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422, r.text
    out = r.json()
    assert set(out) == {"detail", "field", "message"}
    assert out["field"] == field and needle in out["message"], out
