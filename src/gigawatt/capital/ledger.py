"""The capital stack's ledger: every flow of the waterfall as (payer, payee, kind) -> draws x quarters,
and the check that each party's cash moves by exactly its net flow."""

from __future__ import annotations

import math

import numpy as np


KIND = {"payment": {"lease": "lease", "cloud_contract": "cloud", "own_funds": "capex"}, "interest": "interest",
        "principal": "principal"}


def flows(st) -> dict[tuple[str, str, str], np.ndarray]:
    """Every flow: contract payments, interest, principal, equity, outside revenue, opex, distributions."""
    out: dict = {}
    by_id = {i.id: i for i in st["stack"].instruments}
    received: dict = {}
    for key, paid in st["paid"].items():
        ident, part = key.rsplit(":", 1)
        i = by_id[ident]
        kind = KIND[part][i.kind] if part == "payment" else KIND[part]
        edge = (i.borrower, i.lender, kind)  # two instruments may share an edge (e.g. a contract and its expansion)
        out[edge] = out.get(edge, 0.0) + paid
        received[i.lender] = received.get(i.lender, 0.0) + paid
    for p in st["order"]:
        out[("customers", p, "revenue")] = st["revenue"][p] - received.get(p, 0.0)
        out[(p, "operations", "opex")] = st["opex"][p]
        out[("investors", p, "equity")] = st["equity_in"][p]
        out[(p, "owners", "distribution")] = st["distributions"][p]
    return out


def imbalance_usd(st) -> float:
    """Largest |cash change - net flow| over parties and draws, and the system's total net (both 0). [USD]"""
    net: dict = {}
    for (payer, payee, _), v in flows(st).items():
        net.setdefault(payer, []).append(-v)
        net.setdefault(payee, []).append(v)
    worst = abs(math.fsum(math.fsum(x.ravel()) for v in net.values() for x in v))
    for p in st["order"]:
        terms = np.stack([np.broadcast_to(x, st["revenue"][p].shape) for x in net[p]]).sum(axis=(0, 2))
        worst = max(worst, float(np.max(np.abs(st["cash"][p] - st["cash0"][p] - terms))))
    return round(worst, 2)


def _add(out: dict, key: tuple[str, str, str], usd) -> None:
    out[key] = out.get(key, 0.0) + usd


def _program_flows(stk, st, dues, quarters) -> dict:
    """The program instruments' flows in the main ledger's terms (the owner as ``customer`` or
    ``cloud_partner``): draws and repayments, leased and SPV-funded capex and their rent, equity in, the SPV's
    costs and distributions. Draw 0 only (the deterministic run). [USD per quarter, (1, quarters)]"""
    from gigawatt.capital import terms

    out: dict = {}
    q = np.asarray(quarters)
    for p in stk.programs:
        party = lambda x, p=p: p["ledger_party"] if x == p["owner"] else x  # noqa: E731
        mine = [i for i in stk.instruments if i.id.startswith(p["scenario"] + ":")]
        path = mine[0].path
        spent = terms.drawn(np.array([p["capex_usd"]]), p["first_quarter"], q, 1, path)
        for i in mine:
            d = dues.get(i.id, {})
            if i.is_debt:
                _add(out, (i.lender, party(i.borrower), "loan_draw"), d["drawn"][:1])
                for part in ("interest", "principal"):
                    _add(out, (party(i.borrower), i.lender, part), st["paid"][f"{i.id}:{part}"][:1])
            elif i.kind == "lease":
                _add(out, (party(i.borrower), i.lender, "lease_rent"), st["paid"][f"{i.id}:payment"][:1])
                share = p["lease"] if i.id.endswith(":lease") else p["spv"]
                _add(out, (i.lender, party(i.borrower), "lease_funding"), share * spent)
            elif i.kind == "equity" and not i.id.endswith(":vendor"):  # the vendor's is the ledger's investment
                _add(out, (i.lender, party(i.borrower), "equity_funding"),
                     terms.drawn(np.array([i.amount_usd]), i.start, q, 1, i.path))
        spv = f"{p['scenario']}-spv"
        if spv in st["opex"]:
            _add(out, (spv, "operations", "spv_costs"), st["opex"][spv][:1])
            _add(out, (spv, "spv_owners", "distribution"), st["distributions"][spv][:1])
    return out


def with_capital(res) -> dict:
    """The run's circular ledger (``res.data['flows']``) with its programs' capital stack (finance.capital) at
    the middle values: the debt drawn and repaid, the capex lessors and SPVs fund and the rent paid for it, the
    vendor's and sponsors' equity, the SPVs' costs and distributions; the external financing that closes the
    customer's (and the cloud partner's) cash needs is then what the stack leaves uncovered. Every flow has a
    payer and a payee, so the ledger still balances. [USD per quarter]"""
    from gigawatt.capital import draws, schedule, stack, waterfall
    from gigawatt.model.finance import net_cash_by_party

    stk = stack.build(res.scenario, res)
    flows = dict(res.data["flows"])
    if not stk.programs:
        return flows
    q = np.asarray(res.static.quarters)
    revenue = np.asarray(res.data["customer_revenue_usd_per_year"], dtype=float).reshape(-1)[:len(q)]
    params = draws.sample(0, 0, stk)
    dues = schedule.dues(params, q, stk)
    st = waterfall.run(params, dues, q, revenue, 1.0, stk)
    extra = _program_flows(stk, st, dues, q)
    for who in {p["ledger_party"] for p in stk.programs}:
        key = ("financiers", who, "financing")
        before = net_cash_by_party({k: v for k, v in flows.items() if k != key} or {key: 0.0 * revenue[None, :]})
        added = net_cash_by_party(extra)
        need = -before.get(who, 0.0) - added.get(who, 0.0)
        flows[key] = np.maximum(need, 0.0)
    for k, v in extra.items():
        _add(flows, k, v)
    return flows
