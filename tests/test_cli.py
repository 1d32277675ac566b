"""The command line, run as a subprocess (gigawatt.cli): outputs, the JSON contract, exit codes, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

GW = [str(Path(sys.executable).with_name("gigawatt"))]
# DESIGN.md section 5 and shared/hooks/before-stop: the keys scripts rely on.
CONTRACT = ["capacity_gw", "it_power_gw", "gpus", "gpu_dies", "racks", "gpus_per_gw", "annual_energy_twh",
            "reactor_equivalents", "capex_usd", "vendor_investment_usd", "vendor_equity_share",
            "vendor_system_sales_usd", "vendor_gross_profit_usd", "vendor_net_cash_usd", "customer_funding_gap_usd",
            "required_revenue_usd_per_year", "peak_dense_fp8_flops", "first_gw_online", "full_build_online"]


def gw(*args, cwd=None, columns=None):
    env = None
    if columns:
        import os

        env = {**os.environ, "COLUMNS": str(columns)}
    return subprocess.run(GW + list(args), capture_output=True, text=True, timeout=60, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def run_text():
    p = gw("run", "openai-nvidia-10gw")  # the LOI's figures; the default is the deal as it stands
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_run_shows_packages_dies_and_counting_conventions(run_text):
    out = run_text
    assert "openai-nvidia-10gw" in out and "Full build 2030Q2" in out
    assert "GPU packages" in out and "GPU dies" in out
    assert "1.97 M" in out and "6.86 M" in out           # packages and dies at full build (test_simulate)
    assert "Jensen Huang, CNBC" in out and "4-5 million GPUs" in out
    assert "Blackwell naming" in out and "packages" in out
    assert "Year by year" in out and "2035" in out


def test_run_table_is_readable_at_80_columns():
    """In a real 80-column terminal the year-by-year table must not cut numbers or headers."""
    import io

    from rich.console import Console

    from gigawatt import views
    from gigawatt.scenario import load_scenario
    from gigawatt.api import simulate

    buf = io.StringIO()
    views.print_run(Console(file=buf, width=80, color_system=None), simulate(load_scenario("openai-nvidia-10gw")))
    out = buf.getvalue()
    table = out[out.index("Year by year"):out.index("Guesses")]
    assert "…" not in table and max(len(line) for line in table.splitlines()) <= 80
    assert "ZFLOP/s" in table and "$B" in table
    row_2030 = next(line for line in table.splitlines() if line.startswith("│ 2030"))
    assert "1.97M" in row_2030 and "6.86M" in row_2030 and "59.1" in row_2030


def test_run_json_has_the_contract():
    p = gw("run", "openai-nvidia-10gw", "--json")
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["standing"]["superseded"] and out["standing"]["superseded_on"] == "2026-02-27"
    assert out["scenario"] == "openai-nvidia-10gw" and out["horizon"] == ["2026Q1", "2035Q4"]
    missing = [k for k in CONTRACT if k not in out["summary"]]
    assert not missing
    physical = ["capacity_gw", "it_power_gw", "gpus", "gpu_dies", "racks", "gpus_per_gw", "annual_energy_twh",
                "reactor_equivalents", "peak_dense_fp8_flops", "first_gw_online", "full_build_online"]
    assert all(out["summary"][k] is not None for k in physical)
    assert out["summary"]["gpus"] == pytest.approx(1_974_025.97)
    assert out["assumptions"]["program"]["capacity_gw"] == 10


def test_run_with_overrides_and_a_file(tmp_path):
    p = gw("run", "--json", "--set", "facility.pue=1.35", "--set", "program.capacity_gw=1.8 GW")
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)["summary"]
    assert s["capacity_gw"] == pytest.approx(1.8) and s["it_power_gw"] == pytest.approx(1.8 / 1.35)
    f = tmp_path / "one.yaml"
    f.write_text("name: one\nprogram: {capacity_gw: 1, first_online: 2027Q1, platform: vera-rubin-nvl144}\n")
    s = json.loads(gw("run", str(f), "--json").stdout)["summary"]
    assert s["gpus"] == pytest.approx(259_740.26) and s["gpu_dies"] == pytest.approx(519_480.52)


def test_schema_data_scenarios():
    p = gw("schema")
    assert p.returncode == 0 and "facility" in json.loads(p.stdout)["properties"]
    p = gw("data", "--json")
    rows = json.loads(p.stdout)
    assert p.returncode == 0 and all(r["source"] for r in rows)
    assert {"platforms.csv", "comparisons.csv", "us_states.csv"} <= {r["file"] for r in rows}
    p = gw("data", "--file", "platforms")
    assert p.returncode == 0 and "vera-rubin-nvl144" in p.stdout
    p = gw("scenarios", "--json")
    assert {"openai-nvidia-10gw", "altman-5gw-campuses", "cheyenne-wy-10gw"} <= {s["name"] for s in json.loads(p.stdout)}


@pytest.mark.parametrize("args, words", [
    (["run", "--set", "foo=1"], ["foo", "unknown key"]),
    (["run", "--set", "program.platform=rubin-nvl999"], ["program.platform", "'rubin-nvl999'", "known"]),
    (["run", "--set", "facility.pue=0.5"], ["facility.pue", "0.5", "facility power over IT power"]),
    (["run", "--set", "program.capacity_gw=-1"], ["program.capacity_gw", "-1", "greater than or equal to 0.001"]),
    (["run", "--set", "facility.load_factor=1.2"], ["facility.load_factor", "1.2", "less than or equal to 1"]),
    (["run", "--set", "program.first_online=2026Q5"], ["program.first_online", "'2026Q5'", "2026Q3"]),
    (["run", "--set", "program.first_online=2026H3"], ["program.first_online", "'2026H3'", "H1 and H2"]),
    (["run", "--set", "program.capacity_gw=1.8 parsecs"], ["program.capacity_gw", "'1.8 parsecs'", "1.8 GW"]),
    (["run", "cheyenne-wy-10gw", "--set", "program.capacity_gw=5"], ["program.phases", "10 GW", "5 GW"]),
    (["run", "--set", "horizon=2026Q1"], ["horizon", "[2026Q1, 2035Q4]"]),
    (["run", "no-such.yaml"], ["scenario", "does not exist"]),
    (["run", "."], ["scenario", "directory"]),
    (["run", "no-such-deal"], ["'no-such-deal'", "openai-nvidia-10gw"]),
    (["data", "--file", "nope"], ["--file", "'nope'", "platforms.csv"]),
])
def test_bad_input_exits_2_with_one_line(args, words):
    p = gw(*args)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert "Traceback" not in p.stderr and p.stdout == ""
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    for w in words:
        assert w in lines[0], (w, lines[0])


def test_malformed_yaml_exits_2(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("name: x\nprogram: {capacity_gw: 1\n")
    p = gw("run", str(f))
    assert p.returncode == 2 and "malformed YAML" in p.stderr and len(p.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["run", "a", "b"], ["run", "--bogus"], ["no-such-command"]])
def test_usage_errors_exit_2_without_traceback(args):
    p = gw(*args)
    assert p.returncode == 2 and "Traceback" not in p.stderr and "internal error" not in p.stderr


def test_help_exits_0():
    assert gw("--help").returncode == 0 and gw("run", "--help").returncode == 0


@pytest.mark.parametrize("make, args, needle", [
    (lambda d: (d / "bin.yaml").write_bytes(b"\xff\xfe\x00bad"), ["run", "{d}/bin.yaml"], "not UTF-8 text"),
    (lambda d: (d / "db").mkdir(), ["runs", "--db", "{d}/db"], "is a folder; the run history is a file"),
    (lambda d: (d / "x.duckdb").write_text("not duckdb"), ["runs", "--db", "{d}/x.duckdb"], "--db: run history"),
    (None, ["sensitivity", "--samples", "8", "--seed", "-1"], "--seed: -1"),
    (None, ["bench", "--draws", "1000", "--dask-draws", "1000", "--sobol-samples", "7"], "--samples: 7"),
    (None, ["mc", "--draws", "100", "--scheduler", "foo"], "--scheduler: 'foo'"),
])
def test_more_bad_input_exits_2_with_one_line(tmp_path, make, args, needle):
    if make:
        make(tmp_path)
    p = gw(*[a.format(d=tmp_path) for a in args])
    assert p.returncode == 2, p.stderr
    assert needle in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1


def test_version_and_completion_are_offered():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-c", "from gigawatt.cli import main; main()", "--version"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == "gigawatt 0.1.0"
    r = subprocess.run([sys.executable, "-c", "from gigawatt.cli import main; main()", "--help"],
                       capture_output=True, text=True, timeout=60, env={"COLUMNS": "160", "PATH": ""})
    assert "--install-completion" in r.stdout and "--version" in r.stdout


def test_default_run_names_the_2026_terms_and_a_superseded_deal_says_so_first():
    first = gw("run", columns=200).stdout.splitlines()[:3]
    assert "as it stands (2026 terms)" in first[0] and "openai-nvidia-2026" in first[0]
    from gigawatt import catalog

    assert f"Terms as of 2026-03-31; data as of {catalog.data_date().isoformat()}" in first[1]
    for verb in (("run",), ("ledger",), ("mc", "-n", "200"), ("compare", "openai-nvidia-2026")):
        p = gw(verb[0], "openai-nvidia-10gw", *verb[1:])
        assert p.returncode == 0, p.stderr
        assert p.stdout.startswith("SUPERSEDED on 2026-02-27 by openai-nvidia-2026"), (verb, p.stdout[:200])
