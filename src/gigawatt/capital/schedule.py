"""What each instrument asks of its borrower per quarter (draws x quarters): contract payments, capex paid from
the owner's own funds, interest, principal; and equity paid in. Draws (a delayed-draw loan's period, a program's
capex path) are repaid or leased by vintage, from the quarter each is drawn."""

from __future__ import annotations

import numpy as np

from gigawatt.capital import terms


def _debt(ins, d, params) -> dict[str, np.ndarray]:
    principal = terms.by_vintage(d, round(ins.tenor_years * 4), ins.amortisation == "bullet")
    balance = terms.balance_before(None, principal, d)
    spread = None if ins.spread_bp is None else \
        params.get(f"spread:{ins.id}", ins.spread_bp) * params.get("spread_factor", 1.0)
    rate = terms.all_in_rate(params.get(f"rate:{ins.id}"), spread, params["sofr"])
    return {"interest": balance * np.asarray(rate)[:, None] / 4, "principal": principal, "balance": balance,
            "drawn": d}


def _warrant(ins, params, q, stack) -> dict[str, np.ndarray] | None:
    """AMD's warrant (terms.amd_vested_shares): shares vest as the vendor's GW come online and its share price
    passes the hurdles, once and for good; the holder is taken to sell them as they vest (cash at that price)."""
    if ins.borrower not in stack.vendor_price or ins.borrower not in stack.vendor_gw:
        return None  # no vesting rule or price for this warrant: valued nowhere in cash
    p0, q0 = stack.vendor_price[ins.borrower]
    price = p0 * (1 + params["warrant_share_price_growth_per_year"][:, None]) ** ((q - q0)[None, :] / 4)
    gw = np.broadcast_to(stack.vendor_gw[ins.borrower][None, :], price.shape)
    vested = np.maximum.accumulate(terms.amd_vested_shares(gw, price), axis=1) * (q >= ins.start)[None, :]
    vested *= (params[f"amount:{ins.id}"] / terms.AMD_SHARES)[:, None]
    newly = np.diff(vested, axis=1, prepend=0.0)
    return {"warrant": newly * np.maximum(price - (ins.rate or 0.0), 0.0), "vested_shares": vested}


def _one(ins, params, q, stack) -> dict[str, np.ndarray] | None:
    amount = params[f"amount:{ins.id}"]
    if ins.kind == "equity":
        if ins.use != "liquidity":
            return None  # spent on the build by its investor: no cash passes through the borrower
        return {"equity": terms.drawn(amount, max(ins.start, int(q[0])), q)}
    if ins.kind == "warrant":
        return _warrant(ins, params, q, stack)
    g = terms.grid(ins.start, q)
    d = terms.drawn(amount, ins.start, g, ins.draw_quarters, ins.path)
    if ins.kind == "own_funds":
        out = {"payment": d}
    elif ins.kind in ("lease", "cloud_contract"):
        n = round(ins.tenor_years * 4)  # a lease's amount is rent per year; a cloud contract's is its total
        out = {"payment": terms.by_vintage(d, n) * (n / 4 if ins.kind == "lease" else 1.0)}
    else:
        out = _debt(ins, d, params)
    return {k: v[:, len(g) - len(q):] for k, v in out.items()}


def dues(params: dict, quarters, stack=None) -> dict[str, dict[str, np.ndarray]]:
    """instrument id -> {'payment' | 'interest' | 'principal' | 'balance' | 'equity': draws x quarters}."""
    from gigawatt.capital.stack import default

    q = np.asarray(quarters)
    out = {}
    stack = stack or default()
    for ins in stack.instruments:
        d = _one(ins, params, q, stack)
        if d is not None:
            out[ins.id] = d
    return out
