"""Cross-holdings: who holds equity or warrants in whom, and whether the holder also trades with it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from gigawatt.market.graph import COMMITMENT_KINDS, edges


def cross_holdings(graph) -> pd.DataFrame:
    """Who holds a piece of whom: ``equity`` links (holder = payer) and ``warrant`` links (holder = payee),
    summed per holder and company. ``stake`` sums the stakes the data states (NaN where none is stated);
    ``trade`` says whether the holder also sells to the company (``vendor``), buys from it (``customer``) or
    both; ``mutual`` is True where the company holds a piece of the holder too."""
    e = edges(graph)
    held = e[e["kind"].isin(("equity", "warrant"))].copy()
    held["holder"] = np.where(held["kind"] == "equity", held["payer"], held["payee"])
    held["company"] = np.where(held["kind"] == "equity", held["payee"], held["payer"])
    trades = e[e["kind"].isin(COMMITMENT_KINDS)]
    sells = set(zip(trades["payee"], trades["payer"]))   # (vendor, customer)
    pairs = set(zip(held["holder"], held["company"]))
    rows = []
    for (holder, company), group in held.groupby(["holder", "company"], sort=True):
        vendor, customer = (holder, company) in sells, (company, holder) in sells
        rows.append({
            "holder": holder, "company": company, "kinds": "+".join(sorted(set(group["kind"]))),
            "usd": group["usd"].sum(min_count=1), "stake": group["stake"].sum(min_count=1),
            "shares": group["shares"].sum(min_count=1),
            "trade": "both" if vendor and customer else "vendor" if vendor else "customer" if customer else "",
            "mutual": (company, holder) in pairs,
        })
    out = pd.DataFrame(rows, columns=["holder", "company", "kinds", "usd", "stake", "shares", "trade", "mutual"])
    return out.sort_values("usd", ascending=False, na_position="last", kind="stable").reset_index(drop=True)
