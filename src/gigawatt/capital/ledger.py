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
