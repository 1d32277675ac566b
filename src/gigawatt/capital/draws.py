"""The Monte Carlo's draws over the capital stack's labelled guesses (seeded; no draws = the modes)."""

from __future__ import annotations

import numpy as np

from gigawatt.capital import data


def _tri(rng, n: int, low: float, mode: float, high: float) -> np.ndarray:
    if rng is None or high <= low:
        return np.full(n, float(mode))
    return rng.triangular(low, min(max(mode, low), high), high, n)


def sample(draws: int, seed: int, stack=None) -> dict:
    """Parameter arrays (n,) per guess: SOFR, the revenue factor, each instrument's amount and rate, each
    party's other revenue and opex share. draws=0 gives one draw at the modes (the deterministic run)."""
    from gigawatt.capital.stack import default

    stack = stack or default()
    n = max(draws, 1)
    rng = np.random.default_rng(np.random.SeedSequence(seed)) if draws > 0 else None
    a = data.assumptions()
    out = {k: _tri(rng, n, r["low"], r["value"], r["high"]) for k, r in sorted(a.items())}
    for ins in stack.instruments:
        out[f"amount:{ins.id}"] = _tri(rng, n, *ins.amount_range[:1], ins.amount_usd, ins.amount_range[1])
        if ins.rate is not None:
            out[f"rate:{ins.id}"] = _tri(rng, n, ins.rate_range[0], ins.rate, ins.rate_range[1])
        if ins.spread_range:
            out[f"spread:{ins.id}"] = _tri(rng, n, ins.spread_range[0], ins.spread_bp, ins.spread_range[1])
    for prog in stack.programs:  # own funds take up what a drawn debt share leaves (the shares still sum to 1)
        own, debt = f"amount:{prog['scenario']}:own-funds", f"amount:{prog['scenario']}:debt"
        if own in out and debt in out:
            out[own] = np.maximum((prog["own"] + prog["debt"]) * prog["capex_usd"] - out[debt], 0.0)
    for p, row in stack.parties.items():
        out[f"revenue:{p}"] = _tri(rng, n, *row["revenue_usd_per_year_range"][:1], row["revenue_usd_per_year"],
                                   row["revenue_usd_per_year_range"][1])
        out[f"raise:{p}"] = _tri(rng, n, row["raise_usd_per_year_range"][0], row["raise_usd_per_year"],
                                 row["raise_usd_per_year_range"][1])
        out[f"opex:{p}"] = _tri(rng, n, row["opex_share_range"][0], row["opex_share"], row["opex_share_range"][1])
    return out


def apply_credit(params: dict, view: str | None) -> dict:
    """The parameters under a credit view (credit_views.csv): SOFR shifted, spreads scaled, raises scaled."""
    if view is None:
        return params
    data.check_credit(view)
    v = data.credit_views()[view]
    out = dict(params, sofr=params["sofr"] + v.get("sofr_add", 0.0))
    out["spread_factor"] = np.full_like(params["sofr"], v.get("spread_factor", 1.0))
    for k in params:
        if k.startswith("raise:"):
            out[k] = params[k] * v.get("raise_factor", 1.0)
    return out
