"""The stress test: the customer's revenue falls short of its path; which commitments go unpaid, and how
large each counterparty's loss is beside its own revenue."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from gigawatt.errors import InputError, show
from gigawatt.market.graph import COMMITMENT_KINDS, DEFAULT_YEARS, annual, check_company_id, edges, revenue


def check_shortfall(shortfall: object, path: str = "stress") -> float:
    """The shortfall as a float in [0, 1], or InputError."""
    if isinstance(shortfall, bool) or not isinstance(shortfall, (int, float, np.floating, np.integer)):
        raise InputError(path, f"{show(shortfall)} is not a number; give the shortfall as a fraction in [0, 1]")
    value = float(shortfall)
    if not 0.0 <= value <= 1.0:
        raise InputError(path, f"{show(shortfall)} is outside [0, 1]; it is the fraction by which revenue falls "
                               "short of its path (0.5 = half)")
    return value


def stress_gap(commitments_usd: float, revenue_usd: float, shortfall: float) -> float:
    """Commitments per year the customer cannot pay when its revenue is ``(1 - shortfall) × revenue_usd``:
    ``max(0, commitments - (1 - shortfall) × revenue)``. [usd per year]"""
    return max(0.0, commitments_usd - (1.0 - shortfall) * revenue_usd)


def _revenue_path(revenue_usd, commitments: float) -> float:
    if revenue_usd is None:
        return commitments  # the path the deals assume: exactly what pays all commitments
    from gigawatt.units import parse_quantity

    path = parse_quantity(revenue_usd, "revenue_usd", "revenue_usd")
    if not math.isfinite(path) or path < 0:
        raise InputError("revenue_usd", f"{show(revenue_usd)} is not an amount of 0 or more (usd per year)")
    return path


def _pay(annual_usd: np.ndarray, seniority: pd.Series, available: float) -> np.ndarray:
    """Pay ``available`` by seniority class (1 first; none: last), pro rata within a class."""
    paid = np.zeros(len(annual_usd))
    # Without seniority data everyone is in one class (pro rata).
    rank = seniority.fillna(np.inf).to_numpy() if seniority.notna().any() else np.zeros(len(annual_usd))
    for level in sorted(set(rank)):
        members = rank == level
        owed = annual_usd[members]
        pay = min(available, owed.sum())
        paid[members] = owed * (pay / owed.sum()) if owed.sum() > 0 else 0.0
        available -= pay
    return paid


def stress_test(graph, customer: str = "openai", shortfall: float = 0.5,
                revenue_usd: float | None = None) -> pd.DataFrame:
    """What goes unpaid if the customer's revenue falls short of its path by ``shortfall`` (0-1).

    Everything is per year. Each of the customer's commitments (its ``supply`` and ``cloud`` links with a
    disclosed usd) costs ``usd / years`` a year (``DEFAULT_YEARS`` where the term is not disclosed). The
    revenue path is ``revenue_usd`` a year; by default it is exactly what pays all commitments (the path the
    deals assume). Revenue turns out ``(1 - shortfall) ×`` the path, and the **gap** is
    :func:`stress_gap`: commitments minus actual revenue, at least 0. That gap goes unpaid: by seniority
    where any of the links has one (1 is paid first; links without one are paid last), else pro rata to the
    annual amounts; pro rata within a seniority class. So ``unpaid_usd`` sums to the gap exactly.

    Rows per commitment: ``counterparty``, ``annual_usd``, ``paid_usd``, ``unpaid_usd`` and
    ``exposure_to_revenue`` (unpaid per year over the counterparty's own annual revenue). ``attrs`` holds the
    totals (``commitments_usd``, ``revenue_path_usd``, ``gap_usd``) and the ``undisclosed`` links left out.
    """
    shortfall = check_shortfall(shortfall)
    check_company_id(graph, customer, "customer")
    e = edges(graph)
    mine = e[(e["payer"] == customer) & e["kind"].isin(COMMITMENT_KINDS)]
    undisclosed = sorted(mine.loc[mine["usd"].isna(), "id"])
    mine = mine[mine["usd"].notna()]
    per_year, assumed = zip(*(annual(u, y) for u, y in zip(mine["usd"], mine["years"]))) if len(mine) else ((), ())
    out = pd.DataFrame({
        "link": mine["id"].to_numpy(), "counterparty": mine["payee"].to_numpy(), "kind": mine["kind"].to_numpy(),
        "usd": mine["usd"].to_numpy(dtype=float), "years": mine["years"].to_numpy(dtype=float),
        "years_assumed": np.asarray(assumed, dtype=bool), "annual_usd": np.asarray(per_year, dtype=float),
        "seniority": mine["seniority"].to_numpy(dtype=float),
    })
    commitments = float(out["annual_usd"].sum())
    path = _revenue_path(revenue_usd, commitments)
    gap = stress_gap(commitments, path, shortfall)
    out["paid_usd"] = _pay(out["annual_usd"].to_numpy(), out["seniority"], commitments - gap)
    out["unpaid_usd"] = out["annual_usd"] - out["paid_usd"]
    out["unpaid_share"] = out["unpaid_usd"] / gap if gap > 0 else 0.0
    out["counterparty_revenue_usd"] = [revenue(graph, c) for c in out["counterparty"]]
    rev = out["counterparty_revenue_usd"]
    out["exposure_to_revenue"] = np.where(rev > 0, out["unpaid_usd"] / rev.where(rev > 0), math.nan)
    out = out.sort_values("unpaid_usd", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs.update(customer=customer, shortfall=shortfall, commitments_usd=commitments, revenue_path_usd=path,
                     gap_usd=gap, undisclosed=undisclosed, default_years=DEFAULT_YEARS)
    return out


def debt_burden(companies) -> pd.DataFrame:
    """Per company: debt it has borrowed (loans and bonds of data/instruments.csv, as ``gigawatt capital`` reads
    them) and its yearly debt service, ``amount × all-in rate + amount / tenor`` (the rate fixed, or SOFR at its
    middle value plus the spread; principal spread evenly over the tenor, bullets included). [usd, usd per year]"""
    from gigawatt.capital import data, terms

    sofr = data.assumptions()["sofr"]["value"]
    rows = {c: [0.0, 0.0] for c in companies}
    for i in data.instruments():
        if i.is_debt and i.borrower in rows:
            rate = terms.all_in_rate(i.rate, i.spread_bp, sofr)
            rows[i.borrower][0] += i.amount_usd
            rows[i.borrower][1] += i.amount_usd * rate + i.amount_usd / i.tenor_years
    return pd.DataFrame([(c, d, s) for c, (d, s) in rows.items()],
                        columns=["counterparty", "debt_usd", "debt_service_usd_per_year"])


def exposures(stress: pd.DataFrame) -> pd.DataFrame:
    """Per counterparty of a :func:`stress_test`: its unpaid usd per year, what it was owed, its annual revenue
    and the unpaid amount as a fraction of that revenue; its debt and debt service (:func:`debt_burden`) and the
    unpaid amount as a fraction of its revenue left after debt service (``exposure_after_debt_service``; NaN
    where debt service already takes all its revenue), so the same loss hits a more indebted company harder.
    ``unpaid_usd`` sums to the stress gap."""
    grouped = stress.groupby("counterparty", sort=False).agg(
        annual_usd=("annual_usd", "sum"), unpaid_usd=("unpaid_usd", "sum"),
        revenue_usd=("counterparty_revenue_usd", "first"))
    out = grouped.reset_index()
    rev = out["revenue_usd"]
    out["exposure_to_revenue"] = out["unpaid_usd"] / rev.where(rev > 0)
    out = out.merge(debt_burden(out["counterparty"]), on="counterparty", how="left")
    left = rev - out["debt_service_usd_per_year"]
    out["exposure_after_debt_service"] = out["unpaid_usd"] / left.where(left > 0)
    return out.sort_values("unpaid_usd", ascending=False, kind="stable").reset_index(drop=True)
