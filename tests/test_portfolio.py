"""Composite scenarios: parts simulated and combined; additive figures sum, the others per vendor."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gigawatt.model import finance
from gigawatt.simulate import simulate


@pytest.fixture(scope="module")
def pf():
    return simulate("openai-portfolio")


def test_additive_totals_are_sums_of_parts(pf):
    h = pf.headline()
    assert [p.scenario.name for p in pf.parts] == pf.scenario.include
    assert h["capacity_gw"] == pytest.approx(30.5)
    # all parts are fully built by the portfolio's full build (2030Q2), so totals are the parts' totals:
    # capex 10x50 + 6x32 + 10x35 + 4.5x50 = $1,267B; sales 350 + 90 + 100 + 157.5 = $697.5B
    assert h["full_build_online"] == "2030Q2"
    assert_allclose(h["capex_usd"], 1267e9, rtol=1e-12)
    assert_allclose(h["vendor_system_sales_usd"], 697.5e9, rtol=1e-12)
    for key in ("capex_usd", "vendor_system_sales_usd", "vendor_gross_profit_usd", "vendor_investment_usd"):
        assert_allclose(h[key], sum(p.headline()[key] for p in pf.parts), rtol=1e-12)
    assert_allclose(pf.series("required_revenue_usd_per_year"),
                    sum(p.series("required_revenue_usd_per_year") for p in pf.parts))


def test_non_additive_figures(pf):
    h = pf.headline()
    v = h["by_vendor"]
    assert set(v) == {"nvidia", "amd", "broadcom"}
    assert v["nvidia"]["parts"] == ["openai-nvidia-10gw-executed", "openai-oracle-4.5gw"]
    assert_allclose(v["nvidia"]["vendor_equity_share"], 30 / 830)
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


def test_monte_carlo_of_a_composite_is_refused():
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match="composite"):
        simulate("openai-portfolio", draws=100)
