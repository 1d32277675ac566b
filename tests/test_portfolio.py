"""Composite scenarios: parts simulated and combined; additive figures sum, the others per vendor."""

from __future__ import annotations

import numpy as np
import pytest

from gigawatt.scenario import load_scenario
from numpy.testing import assert_allclose

from gigawatt.model import finance
from gigawatt.api import simulate


@pytest.fixture(scope="module")
def pf():
    return simulate("openai-portfolio")


def test_additive_totals_are_sums_of_parts(pf):
    h = pf.headline()
    assert [p.scenario.name for p in pf.parts] == pf.scenario.include
    assert h["capacity_gw"] == pytest.approx(30.5)
    # all parts are fully built by the portfolio's full build (2030Q2), so totals are the parts' totals;
    # on the vendors' figures: capex 10x50 + 6x32 + 10x35 + 4.5x50 = $1,267B; sales 350 + 90 + 100 + 157.5 = $697.5B
    assert h["full_build_online"] == "2030Q2"
    vendor = simulate(load_scenario("openai-portfolio", ["view=vendor"])).headline()
    assert_allclose(vendor["capex_usd"], 1267e9, rtol=1e-12)
    assert_allclose(vendor["vendor_system_sales_usd"], 697.5e9, rtol=1e-12)
    for key in ("capex_usd", "vendor_system_sales_usd", "vendor_gross_profit_usd", "vendor_investment_usd"):
        assert_allclose(h[key], sum(p.headline()[key] for p in pf.parts), rtol=1e-12)
    assert_allclose(pf.series("required_revenue_usd_per_year"),
                    sum(p.series("required_revenue_usd_per_year") for p in pf.parts))


def test_non_additive_figures(pf):
    h = pf.headline()
    v = h["by_vendor"]
    assert set(v) == {"nvidia", "amd", "broadcom"}
    assert v["nvidia"]["parts"] == ["openai-nvidia-10gw-executed", "openai-oracle-4.5gw"]
    assert_allclose(v["nvidia"]["vendor_equity_share"], 30 / 852)  # round closed at $852B post-money (31 Mar 2026)
    assert_allclose(v["amd"]["vendor_investment_usd"], 160e6 * (203.71 - 0.01))
    assert_allclose(h["round_trip_ratio"], h["vendor_investment_usd"] / h["vendor_system_sales_usd"])
    # the customer's revenue is the composite's own path, not a sum: $13B (2025) x 2.05 in 2026
    years = np.asarray(pf.static.quarters) // 4
    assert_allclose(pf.series("customer_revenue_usd_per_year")[years == 2026], 13e9 * 2.05)
    assert h["hardware_unknown_parts"] == ["openai-broadcom-10gw"]
    assert h["gpus"] == pytest.approx(sum(p.headline()["gpus"] or 0 for p in pf.parts))


def test_combined_ledger_names_vendors_and_balances(pf):
    flows = pf.data["flows"]
    payees = {k[1] for k in flows if k[2] == "system_purchase"}
    assert payees == {"nvidia", "amd", "broadcom"}
    assert ("cloud_partner", "nvidia", "system_purchase") in flows  # Oracle buys NVIDIA systems
    net = finance.net_cash_by_party(flows)
    assert np.abs(sum(np.asarray(x)[0] for x in net.values())).max() < 0.01


def test_json_keeps_contract_keys(pf):
    from gigawatt.results import HEADLINE

    out = pf.to_json()
    assert set(HEADLINE) <= set(out["summary"])
    assert {"scenario", "horizon", "summary", "assumptions", "parts", "by_year"} <= set(out)
    assert len(out["parts"]) == 4


def test_monte_carlo_of_a_composite_samples_each_part():
    """A composite's Monte Carlo runs its parts on shared ranks: the full program is its P95 (every phase
    goes ahead), cancellations pull the median below it, and the capex median stays near the deterministic run."""
    det = simulate("openai-portfolio").headline()
    mc = simulate("openai-portfolio", draws=2048, seed=3)
    p5, p50, p95 = mc.headline_quantiles("capacity_gw")
    assert p95 == pytest.approx(det["capacity_gw"])
    assert p5 < p50 < p95
    assert mc.mean("full_build_quarter", kind="headline") < float("inf") or mc.probabilities["program_completed"] < 1
    lo, mid, hi = mc.headline_quantiles("capex_usd")
    assert lo < det["capex_usd"] < hi * 1.0001


def test_part_overrides_reach_only_their_part():
    base = simulate("openai-portfolio")
    hot = simulate(load_scenario("openai-portfolio", ["parts.openai-amd-6gw.facility.pue=1.5"]))
    amd = [p for p in hot.parts if p.scenario.name == "openai-amd-6gw"][0]
    assert amd.scenario.facility.pue == 1.5
    assert [p.scenario.facility.pue for p in hot.parts if p is not amd] == [1.2, 1.2, 1.2]
    # same facility GW, fewer GPUs: AMD's IT power is 1/1.5 of its GW instead of 1/1.2
    assert hot.headline()["capacity_gw"] == base.headline()["capacity_gw"]
    assert hot.headline()["it_power_gw"] < base.headline()["it_power_gw"]


def test_tornado_of_a_composite_shows_the_parts_values_not_ranks():
    from gigawatt import api, sensitivity

    rows = sensitivity.tornado_of(api.model_of("openai-portfolio"), ["capex_usd"])["capex_usd"]
    pue = next(r for r in rows if r["input"] == "facility.pue")
    # the parts' PUE is triangular(1.1, 1.2, 1.4): its P5 and P95, not the ranks 0.05 and 0.95
    assert 1.1 < pue["input_low"] < 1.2 < pue["input_high"] < 1.4
