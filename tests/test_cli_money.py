"""`gigawatt ledger` and `gigawatt compare`: subprocess for the real entry point, in-process for the rest."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from gigawatt.cli import app

runner = CliRunner()


def _gw(*args):
    return subprocess.run([sys.executable, "-c", "from gigawatt.cli import main; main()", *args], capture_output=True, text=True, timeout=120)


def test_ledger_csv_subprocess_balances():
    r = _gw("ledger", "openai-nvidia-10gw", "--csv", "--view", "vendor")  # the vendor's $35B of systems per GW
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert set(rows[0]) == {"quarter", "payer", "payee", "kind", "usd"}
    sales = sum(float(x["usd"]) for x in rows if x["kind"] == "system_purchase" and x["quarter"] <= "2030Q2")
    assert sales == pytest.approx(350e9, abs=1.0)  # cents rounding only
    invest = sum(float(x["usd"]) for x in rows if x["kind"] == "investment")
    assert invest == pytest.approx(100e9, abs=1.0)


def test_compare_bad_input_subprocess_exit_2():
    r = _gw("compare", "openai-nvidia-10gw", "no-such-deal")
    assert r.returncode == 2
    assert "no-such-deal" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_ledger_table():
    r = runner.invoke(app, ["ledger", "openai-nvidia-10gw@vendor"])
    assert r.exit_code == 0, r.output
    assert "financiers" in r.output and "cumulative" in r.output and "$156 B" in r.output


def test_ledger_json_cumulative_cash_sums_to_zero():
    r = runner.invoke(app, ["ledger", "openai-oracle-4.5gw", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert abs(sum(out["cumulative_net_usd"].values())) < 1.0
    assert any(f["kind"] == "lease" and f["payee"] == "cloud_partner" for f in out["flows"])


def test_compare_json_differences():
    r = runner.invoke(app, ["compare", "openai-nvidia-10gw", "openai-amd-6gw", "--json", "--view", "vendor"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    base, amd = out["scenarios"]
    assert base["difference"]["capex_usd"] == 0
    assert amd["difference"]["capex_usd"] == pytest.approx(192e9 - 500e9)
    assert amd["difference"]["full_build_online"] is None


def test_compare_table_and_needs_two():
    r = runner.invoke(app, ["compare", "openai-nvidia-10gw", "openai-amd-6gw"])
    assert r.exit_code == 0 and "Δ" in r.output and "openai-amd-6gw" in r.output
    r = runner.invoke(app, ["compare", "openai-nvidia-10gw"])
    assert r.exit_code != 0


def test_run_portfolio_json_and_table():
    r = runner.invoke(app, ["run", "openai-portfolio", "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["summary"]["capacity_gw"] == pytest.approx(30.5)
    r = runner.invoke(app, ["run", "openai-portfolio"])
    assert r.exit_code == 0 and "customer pays" in r.output and "By vendor" in r.output


def test_compare_views_of_one_deal():
    """How much the answer depends on whose numbers: the LOI on the vendor's figures and on independent ones."""
    r = runner.invoke(app, ["compare", "openai-nvidia-10gw@vendor", "openai-nvidia-10gw@independent", "--json"])
    assert r.exit_code == 0, r.output
    vendor, independent = (s["summary"] for s in json.loads(r.output)["scenarios"])
    assert vendor["capex_usd"] == pytest.approx(500e9) and vendor["vendor_system_sales_usd"] == pytest.approx(350e9)
    assert independent["capex_usd"] == pytest.approx(444.9e9, rel=1e-3)  # bottom-up, tests/model/test_finance.py
    assert vendor["gpus"] == independent["gpus"]  # the physical chain does not depend on whose prices
    r = _gw("run", "--view", "nobody")
    assert r.returncode == 2 and "not a view" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_ledger_wide_is_a_party_by_year_grid(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # piped output honours COLUMNS
    r = _gw("ledger", "openai-nvidia-10gw", "--wide", "--view", "vendor")
    assert r.returncode == 0, r.stderr
    head = next(line for line in r.stdout.splitlines() if "2026" in line and "total" in line)
    assert all(str(y) in head for y in range(2026, 2036)) and "…" not in r.stdout  # fits 120 columns
    nvidia = next(line for line in r.stdout.splitlines() if line.startswith("│ NVIDIA "))
    assert nvidia.split("│")[-2].strip() == "385"  # NVIDIA's net cash over the horizon, $B, vendor view
