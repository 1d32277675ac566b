"""How concentrated the market is: the Herfindahl-Hirschman index, a customer's suppliers, a vendor's customers.

HHI on the 0-10,000 scale (US DOJ/FTC Merger Guidelines, 2023, section 2.1: above 1,800 is "highly
concentrated"). Shares are of disclosed amounts; a link whose usd is not disclosed counts as 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import pandas as pd

from gigawatt import present
from gigawatt.errors import InputError, show
from gigawatt.market.graph import COMMITMENT_KINDS, annual, check_company_id, edges, revenue


def hhi(shares: Iterable[float]) -> float:
    """Herfindahl-Hirschman index on the 0-10,000 scale: sum of squared percentage shares.

    The values are normalised to sum to 1 first, so raw amounts (GW, usd) work as well as fractions;
    NaN counts as 0. One supplier gives 10,000; n equal suppliers give 10,000 / n. Empty or all-zero: NaN.
    (US DOJ/FTC Merger Guidelines, 2023, section 2.1: HHI > 1,800 is "highly concentrated".)
    """
    values = np.asarray(list(shares), dtype=float)
    values = values[~np.isnan(values)]
    if (values < 0).any():
        raise InputError("shares", f"{show(float(values.min()))} is negative; shares must be 0 or more")
    total = values.sum()
    if total <= 0:
        return math.nan
    return float(((values / total * 100.0) ** 2).sum())


def supply_shares(graph, customer: str = "openai") -> pd.DataFrame:
    """The customer's ``supply`` and ``cloud`` commitments by vendor: ``gw``, ``usd`` (sums of its links, NaN
    where none is disclosed), ``share_gw`` and ``share_usd`` (of the disclosed totals), and ``links``.
    Sorted by usd, then GW. Feed a share column to :func:`hhi`."""
    check_company_id(graph, customer, "customer")
    e = edges(graph)
    mine = e[(e["payer"] == customer) & e["kind"].isin(COMMITMENT_KINDS)]
    grouped = mine.groupby("payee", sort=False).agg(
        gw=("gw", lambda s: s.sum(min_count=1)), usd=("usd", lambda s: s.sum(min_count=1)), links=("id", "count"))
    out = grouped.reset_index().rename(columns={"payee": "vendor"})
    out.insert(1, "name", [graph.nodes[v]["name"] for v in out["vendor"]])
    for basis in ("gw", "usd"):
        total = out[basis].sum(min_count=1)
        out[f"share_{basis}"] = out[basis].fillna(0.0) / total if total and total > 0 else math.nan
    out = out.sort_values(["usd", "gw"], ascending=False, na_position="last", kind="stable")
    return out[["vendor", "name", "gw", "usd", "share_gw", "share_usd", "links"]].reset_index(drop=True)


def customer_concentration(graph) -> pd.DataFrame:
    """Per vendor (payee of ``supply``/``cloud`` links): its customers' shares of its committed sales (usd over
    the contracts' lives), their HHI, the top customer, and the committed sales per year beside the vendor's
    own annual revenue (terms not disclosed are taken as ``DEFAULT_YEARS``)."""
    e = edges(graph)
    sales = e[e["kind"].isin(COMMITMENT_KINDS)]
    rows = []
    for vendor, group in sales.groupby("payee", sort=True):
        by_customer = group.groupby("payer")["usd"].sum(min_count=1).sort_values(ascending=False)
        committed = by_customer.sum(min_count=1)
        per_year = sum(annual(u, y)[0] for u, y in zip(group["usd"], group["years"]) if not math.isnan(u))
        shares = by_customer.fillna(0.0) / committed if committed and committed > 0 else by_customer * math.nan
        top = shares.index[0] if committed and committed > 0 else None
        vendor_revenue = revenue(graph, vendor)
        rows.append({
            "vendor": vendor,
            "customers": ", ".join(f"{c} {present.pct(s)}" if not math.isnan(s) else f"{c} n/d"
                                   for c, s in shares.items()),
            "n_customers": int(len(by_customer)),
            "committed_usd": committed,
            "top_customer": top,
            "top_share": float(shares.iloc[0]) if top is not None else math.nan,
            "hhi": hhi(shares.values) if top is not None else math.nan,
            "committed_usd_per_year": per_year if top is not None else math.nan,
            "revenue_usd": vendor_revenue,
            "per_year_to_revenue": per_year / vendor_revenue if top is not None and vendor_revenue > 0 else math.nan,
        })
    out = pd.DataFrame(rows)
    return out.sort_values("committed_usd", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
