"""The quarterly cash waterfall per party, vectorised over draws (a loop over quarters only: cash carries).

Order of claims each quarter: revenue -> opex -> lease and cloud payments -> interest (secured, senior,
junior) -> principal (same order) -> capex paid from own funds (what is short is left unbuilt: no default)
-> distributions (cash above four quarters of claims). A party
**defaults** in the first quarter it cannot pay a claim in full (a missed payment) or its trailing
four-quarter debt service coverage falls below a loan's covenant; its debt is then accelerated (no
further service; lenders recover from collateral) and its contracts are paid pro rata from what it has.
"""

from __future__ import annotations

import numpy as np


ORDER = ("secured", "senior", "junior")
CAPEX_LEVEL = 1 + 2 * len(ORDER)  # after operating claims, interest and principal


def party_order(parties: list[str], instruments) -> list[str]:
    """Payers before payees (contract edges among waterfall parties), so shortfalls flow downstream."""
    edges = {(i.borrower, i.lender) for i in instruments
             if i.kind in ("lease", "cloud_contract") and i.borrower in parties and i.lender in parties}
    left, out = list(parties), []
    while left:
        ready = [p for p in left if not any(b in left and l == p for b, l in edges)] or left[:1]
        out.append(ready[0])
        left.remove(ready[0])
    return out


def _pay(cash, due):
    """Pay a set of claims pro rata from cash: (paid per claim, cash left)."""
    total = sum(due.values()) if due else 0.0
    share = np.where(total > 0, np.clip(cash / np.where(total > 0, total, 1.0), 0.0, 1.0), 1.0)
    return {k: v * share for k, v in due.items()}, cash - share * total


def _base_revenue(party: str, row: dict, params: dict, quarters, scenario_revenue, revenue_scale: float):
    """Revenue per quarter before contract receipts (draws x quarters)."""
    q = np.asarray(quarters)
    if row["revenue_from"] == "scenario":
        return np.asarray(scenario_revenue)[None, :] / 4 * params["revenue_factor"][:, None] * revenue_scale
    years = (q - q[0]) / 4
    return params[f"revenue:{party}"][:, None] / 4 * (1 + row["growth_per_year"]) ** years[None, :]


def _claims(party, dues, t, defaulted, instruments):
    """This quarter's claims on a party by level: operating, then interest and principal by seniority, then the
    capex it pays from its own funds (last: what it cannot pay is left unbuilt, not a missed payment)."""
    live = ~defaulted
    levels = {"operating": {}, "capex": {}}
    for s in ORDER:
        levels[f"interest:{s}"], levels[f"principal:{s}"] = {}, {}
    for ins in instruments:
        if ins.borrower != party or ins.id not in dues:
            continue
        d = dues[ins.id]
        if "payment" in d:
            levels["capex" if ins.kind == "own_funds" else "operating"][f"{ins.id}:payment"] = d["payment"][:, t]
        elif "interest" in d:
            levels[f"interest:{ins.seniority}"][f"{ins.id}:interest"] = d["interest"][:, t] * live
            levels[f"principal:{ins.seniority}"][f"{ins.id}:principal"] = d["principal"][:, t] * live
    return [levels["operating"]] + [levels[f"interest:{s}"] for s in ORDER] + \
           [levels[f"principal:{s}"] for s in ORDER] + [levels["capex"]]


def _covenant(party: str, instruments) -> float | None:
    levels = [i.covenant_dscr for i in instruments if i.borrower == party and i.covenant_dscr]
    return max(levels) if levels else None


def _equity_in(party, dues, t, row, params, quarter, instruments):
    """Equity paid in this quarter: instruments starting now, warrant shares sold as they vest (to the holder),
    and the party's yearly raises (a GUESS)."""
    raised = params[f"raise:{party}"] / 4 * (quarter >= row["raise_from"])
    return raised + sum((d["equity"][:, t] for i in instruments if i.borrower == party
                for d in [dues.get(i.id, {})] if "equity" in d), 0.0) + \
        sum((d["warrant"][:, t] for i in instruments if i.lender == party
             for d in [dues.get(i.id, {})] if "warrant" in d), 0.0)


def _ahead(party, dues, t, instruments):
    """Claims due over the next four quarters (the reserve kept before any distribution)."""
    total = 0.0
    for i in instruments:
        d = dues.get(i.id, {}) if i.borrower == party else {}
        for key in ("payment", "interest", "principal"):
            if key in d:
                total = total + d[key][:, t + 1:t + 5].sum(axis=1)
    return total


def _party_quarter(p, st, dues, t, received, revenue0, row, covenant, params, quarter):
    """One party, one quarter of the waterfall; updates the state st in place."""
    n = st["cash"][p].shape[0]
    rev = revenue0[:, t] + received.get(p, 0.0)
    opex = row["opex_share_draws"] * rev
    ins = st["stack"].instruments
    equity = _equity_in(p, dues, t, row, params, quarter, ins)
    st["equity_in"][p][:, t] = equity
    cash = st["cash"][p] + rev - opex + equity
    defaulted = st["default_q"][p] >= 0
    levels = _claims(p, dues, t, defaulted, ins)
    for i, claims in enumerate(levels):
        paid, cash = _pay(np.maximum(cash, 0.0), claims)
        for k, v in paid.items():
            st["paid"][k][:, t], st["due"][k][:, t] = v, claims[k]
            if i < CAPEX_LEVEL:
                st["missed"][p][:, t] |= claims[k] - v > 0.005
    op = sum(levels[0].values(), np.zeros(n))
    service = sum((sum(lv.values(), np.zeros(n)) for lv in levels[1:CAPEX_LEVEL]), np.zeros(n))
    cfads = rev - opex - op
    st["cfads"][p][:, t], st["service"][p][:, t] = cfads, service
    interest = sum((sum(lv.values(), np.zeros(n)) for lv in levels[1:4]), np.zeros(n))
    st["interest"][p][:, t] = interest
    breach = np.zeros(n, bool)
    if covenant is not None and t >= 3:
        cf4, sv4 = st["cfads"][p][:, t - 3:t + 1].sum(1), st["service"][p][:, t - 3:t + 1].sum(1)
        breach = (sv4 > 0) & (cf4 < covenant * sv4)
    new = ~defaulted & (st["missed"][p][:, t] | breach)
    st["default_q"][p] = np.where(new, t, st["default_q"][p])
    reserve = _ahead(p, dues, t, ins)
    pays_out = row["distributes"] == "yes"  # OpenAI and CoreWeave pay no dividends; they keep their cash
    dist = np.maximum(cash - reserve, 0.0) * (st["default_q"][p] < 0) * pays_out
    st["distributions"][p][:, t], st["cash"][p] = dist, cash - dist
    st["revenue"][p][:, t], st["opex"][p][:, t] = rev, opex
    for k, v in levels[0].items():
        payee = next(i.lender for i in ins if f"{i.id}:payment" == k)
        received[payee] = received.get(payee, 0.0) + st["paid"][k][:, t]


def run(params: dict, dues: dict, quarters, scenario_revenue, revenue_scale: float = 1.0, stack=None) -> dict:
    """The waterfall over all quarters for every party of the stack (default: all of capital_parties.csv)."""
    from gigawatt.capital.stack import default

    stack = stack or default()
    q = np.asarray(quarters)
    n, nq = params["sofr"].shape[0], len(q)
    rows = dict(stack.parties)
    order = party_order(list(rows), stack.instruments)
    z = lambda: np.zeros((n, nq))  # noqa: E731
    st = {k: {p: z() for p in rows} for k in ("revenue", "opex", "cfads", "service", "interest", "distributions",
                                                    "equity_in")}
    st["missed"] = {p: np.zeros((n, nq), bool) for p in rows}
    st["cash"] = {p: np.full(n, rows[p]["cash_usd"]) for p in rows}
    st["default_q"] = {p: np.full(n, -1) for p in rows}
    keys = [f"{i}:{part}" for i, d in dues.items() for part in ("payment", "interest", "principal") if part in d]
    st["paid"] = {k: z() for k in keys}
    st["due"] = {k: z() for k in keys}
    st["cash0"] = {p: st["cash"][p].copy() for p in rows}
    st["stack"] = stack
    revenue0 = {p: _base_revenue(p, rows[p], params, q, scenario_revenue, revenue_scale) for p in rows}
    for p in rows:
        rows[p] = {**rows[p], "opex_share_draws": params[f"opex:{p}"][:, None][:, 0]}
    covenants = {p: _covenant(p, stack.instruments) for p in rows}
    for t in range(nq):
        received: dict = {}
        for p in order:
            _party_quarter(p, st, dues, t, received, revenue0[p], rows[p], covenants[p], params, int(q[t]))
    st["order"] = order
    return st
