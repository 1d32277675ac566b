"""The market report as terminal tables (rich): numbers through :mod:`gigawatt.present`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gigawatt import present

_CELL = {"usd": present.usd, "pct": present.pct, "gw": present.sig, "int": present.integer}


def _cell(value: Any, kind: str) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return present.MISSING
    return _CELL[kind](value) if kind else str(value)


def _table(title: str, spec, rows, caption: str | None = None):
    from rich.table import Table

    t = Table(title=title, caption=caption, title_justify="left", caption_justify="left")
    for header, _, kind in spec:
        t.add_column(header, justify="right" if kind else "left")
    for row in rows:
        t.add_row(*(_cell(row.get(key), kind) for _, key, kind in spec))
    return t


def render(report: Mapping[str, Any]) -> list:
    """Rich renderables for the CLI: supply shares + HHI, vendor concentration, cross-holdings, cycles and the
    stress test's exposures."""
    customer, s = report["customer"], report["stress"]
    out = [
        _table(f"{customer}'s compute commitments by vendor",
               [("vendor", "vendor", ""), ("GW", "gw", "gw"), ("usd", "usd", "usd"), ("share GW", "share_gw", "pct"),
                ("share usd", "share_usd", "pct"), ("links", "links", "int")],
               report["supply_shares"],
               caption=f"HHI: {_cell(report['hhi_gw'], 'int')} by GW, {_cell(report['hhi_usd'], 'int')} by usd "
                       "(0-10,000; above 1,800 is highly concentrated). Shares of disclosed amounts."),
        _table("Vendors' customer concentration",
               [("vendor", "vendor", ""), ("customers", "customers", ""), ("committed", "committed_usd", "usd"),
                ("top share", "top_share", "pct"), ("HHI", "hhi", "int"),
                ("per year", "committed_usd_per_year", "usd"), ("÷ revenue", "per_year_to_revenue", "pct")],
               report["customer_concentration"]),
        _table("Cross-holdings",
               [("holder", "holder", ""), ("company", "company", ""), ("kind", "kinds", ""), ("usd", "usd", "usd"),
                ("stake", "stake", "pct"), ("also trades as", "trade", "")],
               report["cross_holdings"]),
        _table("Money cycles",
               [("cycle", "cycle", ""), ("goes round", "amount_usd", "usd"), ("bottleneck", "bottleneck", "")],
               report["cycles"], caption="Amount = the smallest flow on the cycle (totals over the deals' lives)."),
    ]
    caption = (f"{customer}'s revenue {present.pct(s['shortfall'])} short of a path of "
               f"{present.usd(s['revenue_path_usd_per_year'])}/yr against "
               f"{present.usd(s['commitments_usd_per_year'])}/yr of commitments: "
               f"{present.usd(s['gap_usd_per_year'])}/yr unpaid.")
    if s["undisclosed_links"]:
        caption += f" Left out (value not disclosed): {', '.join(s['undisclosed_links'])}."
    out.append(_table(f"Stress test: exposures at a {present.pct(s['shortfall'])} shortfall",
                      [("counterparty", "counterparty", ""), ("owed/yr", "annual_usd", "usd"),
                       ("unpaid/yr", "unpaid_usd", "usd"), ("revenue", "revenue_usd", "usd"),
                       ("unpaid ÷ revenue", "exposure_to_revenue", "pct"),
                       ("debt service/yr", "debt_service_usd_per_year", "usd"),
                       ("unpaid ÷ revenue after debt service", "exposure_after_debt_service", "pct")],
                      s["exposures"], caption=caption + " Debt service: loans and bonds of data/instruments.csv "
                                                        "(gigawatt capital)."))
    return out
