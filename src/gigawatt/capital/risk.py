"""Risk from the waterfall's draws: P(default) per party and when, loss per lender and seniority after
recovery from collateral (GPUs at their resale value; a campus at a share of its debt), contagion."""

from __future__ import annotations

import numpy as np

from gigawatt.capital import depreciation
from gigawatt.capital.stack import REFERENCE_LIFE_YEARS


def _recoveries(party, st, dues, params, quarters) -> dict[str, np.ndarray]:
    """Loss per debt instrument of a party (draws,): the balance at default less recovery, secured first."""
    dq = st["default_q"][party]
    hit = dq >= 0
    t = np.where(hit, dq, 0)
    rows = np.arange(dq.shape[0])
    debts = [i for i in st["stack"].instruments if i.borrower == party and i.is_debt]
    loss = {}
    pool = np.zeros(dq.shape[0])  # collateral value left after the secured lenders
    for seniority in ("secured", "senior", "junior"):
        for ins in (i for i in debts if i.seniority == seniority):
            d = dues[ins.id]
            owed = (d["balance"][rows, t] - 0) * hit
            if ins.collateral == "gpus":
                coll = gpu_value(d["drawn"], params[f"amount:{ins.id}"], ins.start, t, quarters,
                                 REFERENCE_LIFE_YEARS / st["stack"].gpu_life_years)
            elif ins.collateral == "campus":
                coll = owed * params["campus_share_of_debt"]
            else:
                coll = np.zeros_like(owed)
            got = np.minimum(owed, coll + pool)
            pool = np.maximum(coll + pool - got, 0.0)
            loss[ins.id] = owed - got
    return loss


def gpu_value(drawn_usd, amount, start_q: int, t, quarters, speed: float = 1.0) -> np.ndarray:
    """Resale value at quarter index ``t`` (draws,) of the GPUs bought with each draw, at its age on the residual
    curve (``speed`` > 1: a shorter economic life ages it faster); draws before the run are aged from the start."""
    q = np.asarray(quarters)
    age = np.maximum(q[t][:, None] - q[None, :], 0) / 4 * speed  # draws x vintages
    held = q[None, :] <= q[t][:, None]
    inside = (drawn_usd * held * depreciation.resale_share(age)).sum(axis=1)
    before = np.maximum(np.asarray(amount, dtype=float) - drawn_usd.sum(axis=1), 0.0) * (start_q < q[0])
    return inside + before * depreciation.resale_share(np.maximum(q[t] - start_q, 0) / 4 * speed)


def summarise(st, dues, params, quarters) -> dict:
    """P(default) and its timing per party; expected loss per instrument, lender and seniority."""
    q = np.asarray(quarters)
    n = params["sofr"].shape[0]
    parties = {}
    losses = {}
    for p in st["default_q"]:
        dq = st["default_q"][p]
        hit = dq >= 0
        years = (q[dq[hit]] // 4).tolist() if hit.any() else []
        parties[p] = {"p_default": float(hit.mean()),
                      "median_default_quarter": _qname(int(np.median(q[dq[hit]]))) if hit.any() else None,
                      "p_default_by_year": {int(y): years.count(y) / n for y in sorted(set(years))}}
        losses.update(_recoveries(p, st, dues, params, q))
    by_ins = [{"instrument": i.id, "lender": i.lender, "borrower": i.borrower, "seniority": i.seniority,
               "expected_loss_usd": float(losses[i.id].mean()),
               "loss_share_of_amount": _share(losses[i.id], params[f"amount:{i.id}"])}
              for i in st["stack"].instruments if i.id in losses]
    return {"parties": parties, "loss_by_instrument": by_ins,
            "expected_loss_by_lender": _group(by_ins, "lender"),
            "expected_loss_by_seniority": _group(by_ins, "seniority")}


def _share(loss, amount) -> float:
    """Mean loss as a share of the amount lent (0 where nothing was lent)."""
    return float(np.divide(loss, amount, out=np.zeros_like(loss), where=amount > 0).mean())


def _group(rows, key):
    out: dict = {}
    for r in rows:
        out[r[key]] = out.get(r[key], 0.0) + r["expected_loss_usd"]
    return out


def _qname(qi: int) -> str:
    return f"{qi // 4}Q{qi % 4 + 1}"


def contagion(st, dues, quarters) -> list[dict]:
    """Who is paid less than due, in order of the first quarter it happens (median over the draws hit)."""
    q = np.asarray(quarters)
    out = []
    for key in st["due"]:
        ident, claim = key.rsplit(":", 1)  # a program's ids hold a colon (scenario:debt)
        i = next(x for x in st["stack"].instruments if x.id == ident)
        short = st["due"][key] - st["paid"][key]
        hit = short > 0.005
        any_hit = hit.any(axis=1)
        if not any_hit.any():
            continue
        first = hit.argmax(axis=1)[any_hit]
        out.append({"payer": i.borrower, "payee": i.lender, "instrument": i.id, "claim": "capex (unbuilt)" if i.kind == "own_funds" else claim,
                    "p_paid_less": float(any_hit.mean()),
                    "expected_shortfall_usd": float(short.sum(axis=1).mean()),
                    "first_quarter_median": _qname(int(q[int(np.median(first))]))})
    return sorted(out, key=lambda r: (r["first_quarter_median"], -r["p_paid_less"]))
