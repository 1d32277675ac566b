"""Depreciation policies and their effect: reported earnings vs cash, book value vs resale value."""

from __future__ import annotations

import numpy as np

from gigawatt.capital import data


def book_share(age_years, life_years: float) -> np.ndarray:
    """Straight-line book value as a share of cost at an age."""
    return np.clip(1.0 - np.asarray(age_years, dtype=float) / life_years, 0.0, 1.0)


def resale_share(age_years, scale: float = 1.0) -> np.ndarray:
    """Resale value as a share of new, interpolated on the residual value curve (scale 1 = the mid curve)."""
    curve = data.residual_curve()
    ages = [r["age_years"] for r in curve]
    shares = [r["share_of_new"] for r in curve]
    return np.clip(np.interp(age_years, ages, shares) * scale, 0.0, 1.0)


def first_year_earnings_usd(capex_usd: float, ebitda_usd: float, life_years: float) -> float:
    """Reported earnings in the first year of an asset (EBITDA less straight-line depreciation). [USD]"""
    return ebitda_usd - capex_usd / life_years


def policy_table(capex_usd: float, ebitda_share: tuple[float, float, float], ages=(1, 2, 3, 4, 6)) -> list[dict]:
    """Per company policy: first-year reported earnings (at the middle, low and high EBITDA per dollar of capex)
    vs cash, and book vs resale value by age."""
    mid, low, high = (capex_usd * s for s in ebitda_share)
    out = []
    for p in data.depreciation_policies():
        life = p["life_years"]
        out.append({
            "company": p["company"], "asset_class": p["asset_class"], "life_years": life,
            "first_year_depreciation_usd": capex_usd / life, "ebitda_usd_per_year": mid,
            "first_year_earnings_usd": first_year_earnings_usd(capex_usd, mid, life),
            "first_year_earnings_range_usd": [first_year_earnings_usd(capex_usd, x, life) for x in (low, high)],
            "first_year_cash_usd": mid - capex_usd,
            "book_vs_resale": [{"age_years": a, "book_share": float(book_share(a, life)),
                                "resale_share": float(resale_share(a))} for a in ages],
            "source": p["source"], "true_on": p["true_on"], "checked_on": p["checked_on"]})
    return out
