"""The smaller items of issue 22, each failing before its change: stdout on a full disk, an output that is the
command's own input, a file's view read beside the file. (Bad-input lines are in tests/bad_inputs/.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_hardening import _main  # the CLI in process: exit code, stdout, stderr

SCENARIO = "name: x\nprogram: {capacity_gw: 1, first_online: 2026Q4}\n"


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("argv", [["run"], ["run", "--json"], ["ledger", "--csv"], ["schema"]])
def test_stdout_on_a_full_disk_is_one_line_not_an_internal_error(argv):
    with open("/dev/full", "w") as full:
        p = subprocess.run([sys.executable, "-m", "gigawatt.cli", *argv], stdout=full, stderr=subprocess.PIPE,
                           text=True, timeout=120, env={**os.environ, "GIGAWATT_DEBUG": ""})
    assert p.returncode == 1 and p.stderr == "error: cannot write the output: No space left on device\n", p.stderr


@pytest.mark.parametrize("command, name, extra", [("export", "in.csv", []), ("export", "in.xlsx", []),
                                                   ("report", "in.html", ["--mc", "0"])])
def test_an_output_that_is_the_commands_own_input_is_refused_and_the_input_kept(monkeypatch, capsys, tmp_path,
                                                                                 command, name, extra):
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(SCENARIO)
    rc, _, err = _main(monkeypatch, capsys, command, name, "-o", name, *extra)
    assert rc == 2 and err == (f"error: --output: {name!r} is the file this command reads ({name!r}); writing it "
                               "would destroy the input: give another output\n")
    assert Path(name).read_text() == SCENARIO
    rc, _, err = _main(monkeypatch, capsys, command, f"./{name}@vendor", "-o", f"{tmp_path}/{name}", *extra)
    assert rc == 2 and "is the file this command reads" in err  # another spelling of the same file


def test_a_files_view_is_read_beside_the_file_like_include_and_view_on_the_command_line_from_here(
        monkeypatch, tmp_path):
    from gigawatt.scenario import load_scenario

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "mine.yaml").write_text("name: mine\nvalues: {facility.pue: 1.5}\n")
    (tmp_path / "sub" / "scn.yaml").write_text("name: x\nview: mine.yaml\n" + SCENARIO.split("\n", 1)[1])
    (tmp_path / "mine.yaml").write_text("name: here\nvalues: {facility.pue: 1.7}\n")
    monkeypatch.chdir(tmp_path)  # not the scenario's folder: the view is found beside the file all the same
    assert load_scenario("sub/scn.yaml").facility.pue == 1.5
    assert load_scenario("sub/scn.yaml", ["view=mine.yaml"]).facility.pue == 1.7  # --view: from here


# --- overflow is an error or says so, never the "not disclosed" dash ------------------------------------------------

def test_a_figure_past_a_float_reads_overflow_and_a_missing_one_the_dash():
    from gigawatt import present

    inf = float("inf")
    for fmt in (present.usd, present.sig, present.count, present.pct, present.integer, present.flops):
        assert fmt(inf) == fmt(-inf) == "overflow", fmt
        assert fmt(float("nan")) == fmt(None) == "—", fmt
    assert present.value(inf, "GW") == present.delta(-inf, "USD") == "overflow"
    assert present.when(inf, "quarter") == "never"  # +inf there means never reached, not an overflow


def test_a_market_link_beyond_any_deal_is_refused_so_its_sums_cannot_overflow(monkeypatch, capsys, tmp_path):
    scn = tmp_path / "big.yaml"
    scn.write_text(SCENARIO + "links:\n" + "".join(
        f"  - {{id: big{i}, kind: supply, payer: openai, payee: nvidia, usd: 1.7e308, years: 5, start: 2026}}\n"
        for i in range(2)))
    rc, out, err = _main(monkeypatch, capsys, "market", str(scn))
    assert rc == 2 and err == "error: links[0].usd: 1.7e+308 is above 1e+14 ($100 T); check the unit\n" and not out


# --- a sweep reports the points the solver failed on and goes on --------------------------------------------------

def test_a_sweep_reports_failed_points_and_goes_on(monkeypatch):
    from types import SimpleNamespace

    from gigawatt.errors import InputError
    from gigawatt.power import sweep
    from gigawatt.power.lp import SolverFailed

    def fake_solve(req):  # LCOE = 100 x the capex factor; two points fail, as HiGHS "unknown" did at 71 g/kWh
        f = req.capex_factor
        if f == draws[1]["capex_factor"]:
            raise SolverFailed("solver", "HiGHS reached no optimum (ipm: warning/unknown; simplex: warning/unknown)")
        if f == draws[3]["capex_factor"]:
            raise InputError("power", "no supply meets the CO2 cap")
        return SimpleNamespace(lcoe_usd_per_mwh=100 * f, emissions_g_per_kwh=50.0, emissions_t_per_yr=1e6, weather={},
                               solve_seconds=0.01)

    draws = sweep.sample(5, seed=1)
    monkeypatch.setattr(sweep, "solve", fake_solve)
    req = SimpleNamespace(fuel_price_usd_per_mmbtu=None, weather_file=None, weather_years=1)
    monkeypatch.setattr(sweep, "replace", lambda r, **d: SimpleNamespace(**d))
    out = sweep.run(req, 5, seed=1)
    assert (out["solves"], out["solved"], out["failed"]) == (5, 3, 2)
    assert [f["failed"] for f in out["failures"]] == ["solver failure", "infeasible"]
    assert "unknown" in out["failures"][0]["why"] and out["failures"][0]["capex_factor"] == draws[1]["capex_factor"]
    ok = sorted(100 * d["capex_factor"] for i, d in enumerate(draws) if i not in (1, 3))
    assert out["lcoe_usd_per_mwh"]["p50"] == pytest.approx(ok[1])  # the median of the three that solved


def test_a_sweep_where_every_point_fails_has_no_percentiles_and_says_why(monkeypatch):
    from types import SimpleNamespace

    from gigawatt.power import sweep
    from gigawatt.power.lp import SolverFailed

    def fails(req):
        raise SolverFailed("solver", "HiGHS reached no optimum")

    monkeypatch.setattr(sweep, "solve", fails)
    monkeypatch.setattr(sweep, "replace", lambda r, **d: SimpleNamespace(**d))
    out = sweep.run(SimpleNamespace(fuel_price_usd_per_mmbtu=None, weather_file=None, weather_years=1), 3)
    assert out["solved"] == 0 and out["failed"] == 3 and out["lcoe_usd_per_mwh"] == {"p5": None, "p50": None,
                                                                                      "p95": None}
