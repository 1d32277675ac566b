"""What each instrument asks of its borrower per quarter (draws x quarters): contract payments, interest,
principal; and equity paid in."""

from __future__ import annotations

import numpy as np

from gigawatt.capital import data, terms


def _contract_payments(ins, amount, quarters) -> np.ndarray:
    """Level payments over the term; a lease's amount is per year, a cloud contract's is the total."""
    q = np.asarray(quarters)
    n = int(round(ins.tenor_years * 4))
    live = ((q >= ins.start) & (q < ins.start + n)).astype(float)[None, :]
    per_q = amount / 4 if ins.kind == "lease" else amount / n
    return per_q[:, None] * live


def dues(params: dict, quarters) -> dict[str, dict[str, np.ndarray]]:
    """instrument id -> {'payment' | 'interest' | 'principal' | 'balance' | 'equity': draws x quarters}."""
    q = np.asarray(quarters)
    out = {}
    for ins in data.instruments():
        amount = params[f"amount:{ins.id}"]
        if ins.kind in ("lease", "cloud_contract"):
            out[ins.id] = {"payment": _contract_payments(ins, amount, q)}
        elif ins.is_debt:
            principal = terms.principal_schedule(amount, ins.start, ins.tenor_years, ins.amortisation, q)
            balance = terms.balance_before(amount, principal) * (q >= ins.start)[None, :]
            spread = None if ins.spread_bp is None else ins.spread_bp * params.get("spread_factor", 1.0)
            rate = terms.all_in_rate(params.get(f"rate:{ins.id}"), spread, params["sofr"])
            out[ins.id] = {"interest": balance * np.asarray(rate)[:, None] / 4, "principal": principal,
                           "balance": balance}
        elif ins.kind == "equity" and ins.use == "liquidity":
            out[ins.id] = {"equity": amount[:, None] * (q == max(ins.start, q[0]))[None, :]}
    return out
