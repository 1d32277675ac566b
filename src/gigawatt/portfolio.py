"""Composite scenarios: a program made of other scenarios (``include: [...]``).

A composite (e.g. ``openai-portfolio``) does not copy its parts: :func:`simulate` runs each included
scenario on the composite's horizon and combines the results. Additive quarterly series (GW, capex, sales,
flows, energy, required revenue, ...) are summed; figures that do not add are rebuilt from the sums with
the model's own functions (round-trip ratio, first year revenue covers the fleet, training-run days) or
reported per vendor (each vendor's stake in the customer). The customer's revenue path is the composite's
own ``finance.customer_revenue``: one company's revenue set beside the whole program, not a sum.

In the combined ledger the party ``vendor`` of each part is renamed to that part's vendor (``nvidia``,
``amd``, ...), so the ledger shows who pays whom across deals and still balances in every quarter.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt.errors import InputError
from gigawatt.model import compute, finance
from gigawatt.model.timegrid import at_index, first_true
from gigawatt.results import Results, _clean

# Series that describe hardware: NaN for a part whose platform's hardware is not published (e.g. custom
# accelerators); they are summed over the parts whose hardware is known, and those parts are listed.
_HARDWARE = ("racks", "gpus", "gpu_dies", "peak_dense_fp4_flops", "peak_dense_fp8_flops", "peak_dense_bf16_flops",
             "h100_equivalents", "delivered_flops", "tokens_per_s", "interruptions_per_day")
# Series that do not add across parts; rebuilt below.
_NOT_ADDITIVE = ("vendor_equity_share", "post_money_valuation_usd", "reference_run_days", "tokens_per_user_week",
                 "customer_revenue_usd_per_year")


@dataclass
class PortfolioResults(Results):
    """A composite's combined run, with each part's own :class:`Results`."""

    parts: list = field(default_factory=list)

    def vendor_of(self, part: Results) -> str:
        return part.scenario.program.vendor

    def by_vendor(self) -> dict[str, dict[str, Any]]:
        """Per vendor, through the portfolio's full build: GW, sales, gross profit, investment, stake."""
        full = int(self.data["full_build_quarter"][0] - self.static.q0) if self.data["full_build_quarter"][0] >= 0 \
            else self.static.nq - 1
        out: dict[str, dict[str, Any]] = {}
        for part in self.parts:
            d = part.data
            cum = {k: float(np.cumsum(d[k][0])[full]) for k in
                   ("vendor_system_sales_usd", "vendor_gross_profit_usd", "vendor_investment_cash_usd",
                    "vendor_warrant_value_usd")}
            v = out.setdefault(self.vendor_of(part), {
                "parts": [], "gw": 0.0, "vendor_system_sales_usd": 0.0, "vendor_gross_profit_usd": 0.0,
                "vendor_investment_cash_usd": 0.0, "vendor_warrant_value_usd": 0.0, "vendor_equity_share": 0.0})
            v["parts"].append(part.scenario.name)
            v["gw"] += float(d["gw_online"][0, full])
            for k, x in cum.items():
                v[k] += x
            v["vendor_equity_share"] += float(d["vendor_equity_share"][0, full])
        for v in out.values():
            v["vendor_investment_usd"] = v["vendor_investment_cash_usd"] + v["vendor_warrant_value_usd"]
            v["vendor_net_cash_usd"] = v["vendor_gross_profit_usd"] - v["vendor_investment_cash_usd"]
            sales = v["vendor_system_sales_usd"]
            v["round_trip_ratio"] = v["vendor_investment_usd"] / sales if sales > 0 else None
            for k, x in v.items():
                v[k] = _clean(x) if k != "parts" else x
        return out

    def hardware_unknown(self) -> list[str]:
        """Parts whose hardware counts are unknown (excluded from GPU and FLOP/s totals)."""
        return [p.scenario.name for p in self.parts if not np.isfinite(p.data["gpus"][0]).all()]

    def headline(self) -> dict[str, Any]:
        h = super().headline()
        h["by_vendor"] = self.by_vendor()
        unknown = self.hardware_unknown()
        h["hardware_unknown_parts"] = unknown
        if unknown and h["capacity_gw"]:  # per GW only over the parts whose hardware is known
            fb = self.data["full_build_quarter"][0]
            at = int(fb - self.static.q0) if fb >= 0 else self.static.nq - 1
            known_gw = sum(float(p.data["gw_online"][0, at]) for p in self.parts if p.scenario.name not in unknown)
            for key, count in (("gpus_per_gw", "gpus"), ("gpu_dies_per_gw", "gpu_dies")):
                h[key] = _clean(h[count] / known_gw) if known_gw > 0 and h[count] is not None else None
        return h

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["parts"] = [{"scenario": p.scenario.name, "vendor": self.vendor_of(p), "buyer": p.scenario.finance.buyer,
                         "summary": p.headline()} for p in self.parts]
        out["by_year"] = self.by_year()
        return out


def _rename(flows: dict, vendor: str) -> dict:
    return {tuple(vendor if p == "vendor" else p for p in key[:2]) + (key[2],): v for key, v in flows.items()}


def combine(scn, parts: list[Results]) -> PortfolioResults:
    """Combine the parts' results on one time grid into the composite's results."""
    from gigawatt.simulate import reference_figures

    first = parts[0]
    q0, nq = first.static.q0, first.static.nq
    quarters = first.static.quarters
    data: dict[str, Any] = {}
    for key, value in first.data.items():
        if key == "flows" or key in _NOT_ADDITIVE or np.asarray(value).ndim < 2:
            continue
        stack = np.stack([np.asarray(p.data[key], dtype=float) for p in parts])
        data[key] = np.nansum(stack, axis=0) if key in _HARDWARE else stack.sum(axis=0)
    flows: dict = {}
    for p in parts:
        for key, usd in _rename(p.data["flows"], p.scenario.program.vendor).items():
            flows[key] = flows[key] + usd if key in flows else usd
    data["flows"] = flows

    # Non-additive series, rebuilt from the sums with the model's functions.
    data["vendor_equity_share"] = sum(p.data["vendor_equity_share"] for p in parts)  # holders' stakes add
    data["post_money_valuation_usd"] = np.full((1, nq), np.nan)  # each part has its own valuation path
    rev = scn.finance.customer_revenue
    data["customer_revenue_usd_per_year"] = finance.revenue_path_usd_per_year(
        quarters, np.array([rev.start_usd_per_year]), rev.start_year, np.array([rev.growth_per_year]),
        np.array([rev.growth_decay_per_year]))
    with np.errstate(divide="ignore", invalid="ignore"):
        data["reference_run_days"] = compute.training_run_days(scn.compute.reference_run_flop, data["delivered_flops"])
    data["tokens_per_user_week"] = compute.tokens_per_user_week(data["tokens_per_s"], scn.compute.weekly_users)

    # Per-draw figures: the portfolio is fully built when its last part is.
    fulls = np.array([p.data["full_build_quarter"][0] for p in parts])
    full_q = fulls.max() if (fulls >= 0).all() else -1.0
    full = np.array([int(full_q - q0) if full_q >= 0 else -1])
    data["full_build_quarter"] = np.array([full_q])
    built = data["program_gw_online"]
    final = sum(p.data["program_gw_built"] for p in parts)
    first_gw = np.where(final > 0, first_true(built >= np.minimum(1.0, np.maximum(final, 1e-12))[:, None]
                                              * (1 - 1e-9)), -1)
    data["first_gw_quarter"] = np.where(first_gw >= 0, first_gw + q0, -1).astype(float)
    data["program_gw_built"] = final
    planned = sum(p.static.planned_gw for p in parts)
    data["completed_share"] = final / max(planned, 1e-12)

    def cum(x):  # cumulative through the portfolio's full build
        return at_index(np.cumsum(x, axis=1), full)

    cash = cum(data["vendor_investment_cash_usd"])
    data["capex_total_usd"] = cum(data["capex_usd"])
    data["vendor_system_sales_total_usd"] = cum(data["vendor_system_sales_usd"])
    data["vendor_gross_profit_total_usd"] = cum(data["vendor_gross_profit_usd"])
    data["vendor_investment_total_usd"] = cash + cum(data["vendor_warrant_value_usd"])
    data["vendor_net_cash_total_usd"] = data["vendor_gross_profit_total_usd"] - cash
    with np.errstate(divide="ignore", invalid="ignore"):
        data["round_trip_ratio"] = data["vendor_investment_total_usd"] / data["vendor_system_sales_total_usd"]
    customer_capex = sum(np.zeros((1, nq)) if p.static.buyer_is_partner else p.data["capex_usd"] for p in parts)
    data["customer_funding_gap_total_usd"] = np.maximum(cum(customer_capex) - cash, 0.0)
    data["revenue_covers_year"] = finance.first_covering_year(data["customer_revenue_usd_per_year"],
                                                             data["required_revenue_usd_per_year"], quarters)
    static = dataclasses.replace(first.static, name=scn.name, planned_gw=planned,
                                 refs=reference_figures(scn.energy.comparison_state))
    return PortfolioResults(scenario=scn, static=static, data=data, parts=parts)


def simulate(scn, draws: int = 1) -> PortfolioResults:
    """Simulate a composite scenario: each included scenario on the composite's horizon, then combined."""
    from gigawatt.scenario import load_scenario
    from gigawatt.simulate import simulate as simulate_one

    if draws != 1:
        raise InputError("include", f"{scn.name} is a composite scenario; Monte Carlo runs one program at a time "
                                    "(run its parts: " + ", ".join(scn.include) + ")")
    parts = [simulate_one(load_scenario(ref, {"horizon": list(scn.horizon)})) for ref in scn.include]
    return combine(scn, parts)
