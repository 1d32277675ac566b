"""``analyse``: the capital stack of a scenario end to end (instruments, waterfall, coverage, risk)."""

from __future__ import annotations

import numpy as np

from gigawatt.capital import data, depreciation, draws, ledger, risk, schedule, stack, waterfall
from gigawatt.errors import InputError

MAX_DRAWS = 20000
DEFAULT_RULE = ("A party defaults in the first quarter it cannot pay a claim in full (revenue less opex, plus "
                "cash, pays lease and cloud payments, then interest, then principal, senior before junior) or "
                "its trailing four-quarter debt service coverage falls below a loan's covenant; its debt is "
                "then accelerated and lenders recover from collateral, secured first. Capex paid from its own "
                "funds comes after debt service: what it cannot pay is left unbuilt, not a default.")


def check_args(draws_: int, revenue_scale: float, seed: int = 0) -> None:
    if not 0 <= seed <= 2**32 - 1:  # numpy's SeedSequence takes no negative seed
        raise InputError("--seed", f"{seed} must be a whole number from 0 to 2**32 - 1")
    if not 0 <= draws_ <= MAX_DRAWS:
        raise InputError("draws", f"{draws_} is out of range; give 0 (deterministic) to {MAX_DRAWS:,}")
    if not 0 <= revenue_scale <= 10:
        raise InputError("revenue_scale", f"{revenue_scale} is out of range; give 0 to 10 (1 = the path)")


def analyse(scn, draws_: int = 0, seed: int = 0, revenue_scale: float = 1.0, credit: str | None = None) -> dict:
    """Instruments with sources, quarterly coverage, P(default) per party, expected loss by lender."""
    from gigawatt.api import simulate

    check_args(draws_, revenue_scale, seed)
    res = simulate(scn)
    quarters = np.asarray(res.static.quarters)
    revenue = np.asarray(res.data["customer_revenue_usd_per_year"], dtype=float).reshape(-1)[:len(quarters)]
    stk = stack.build(res.scenario, res)
    credit = credit or stk.credit  # --credit wins over the scenario's finance.capital.credit
    params = draws.apply_credit(draws.sample(draws_, seed, stk), credit)
    dues = schedule.dues(params, quarters, stk)
    st = waterfall.run(params, dues, quarters, revenue, revenue_scale, stk)
    capex = float(np.asarray(res.data["capex_usd"]).reshape(-1)[:4].sum())
    return {"scenario": res.scenario.name, "draws": draws_, "seed": seed, "revenue_scale": revenue_scale,
            "credit": credit or "base",
            "default_rule": DEFAULT_RULE, "instruments": instrument_rows(stk), "programs": programs(stk),
            "gpu_life_years": stk.gpu_life_years,
            "assumptions": [{k: v for k, v in r.items()} for r in data.assumptions().values()],
            "waterfall_by_year": by_year(st, quarters), "coverage": coverage(st, quarters),
            **risk.summarise(st, dues, params, quarters), "contagion": risk.contagion(st, dues, quarters),
            "depreciation": depreciation.policy_table(capex, _ebitda_share()),
            "depreciation_basis": {"capex_usd": capex, "capex_is": "the scenario's capex in its first four quarters",
                                   "ebitda_share_of_capex": data.assumptions()["ebitda_share_of_capex"]},
            "warrants": warrants(stk, dues, quarters), "ledger_imbalance_usd": ledger.imbalance_usd(st)}


def warrants(stk, dues, quarters) -> list[dict]:
    """Per warrant with a vesting rule: shares vested by each year's end and cash from selling them (mean)."""
    years = np.asarray(quarters) // 4
    out = []
    for i in stk.instruments:
        d = dues.get(i.id, {})
        if "vested_shares" not in d:
            continue
        ends = [int(np.nonzero(years == y)[0][-1]) for y in np.unique(years)]
        out.append({"instrument": i.id, "issuer": i.borrower, "holder": i.lender,
                    "vested_shares_by_year": {int(years[t]): float(d["vested_shares"][:, t].mean()) for t in ends},
                    "proceeds_usd": float(d["warrant"].sum(axis=1).mean()),
                    "rule": "a tranche per GW of the issuer's programs online, once its share price passes the "
                            "tranche's hurdle (capital/terms.py); shares sold as they vest (GUESS)"})
    return out


def _ebitda_share() -> tuple[float, float, float]:
    """The fleet's yearly EBITDA per dollar of capex: middle, low, high (capital_assumptions.csv, a GUESS)."""
    r = data.assumptions()["ebitda_share_of_capex"]
    return r["value"], r["low"], r["high"]


def programs(stk) -> list[dict]:
    """How each program's capex is funded (finance.capital.funding): owner, capex, shares by source."""
    return [{**{k: v for k, v in p.items() if k != "ledger_party"}, "first_quarter": risk._qname(p["first_quarter"])}
            for p in stk.programs]


def instrument_rows(stk) -> list[dict]:
    out = []
    for i in stk.instruments:
        out.append({"id": i.id, "kind": i.kind, "borrower": i.borrower, "lender": i.lender,
                    "amount_usd": i.amount_usd, "amount_range_usd": list(i.amount_range), "rate": i.rate,
                    "spread_bp": i.spread_bp, "spread_range_bp": list(i.spread_range) or None,
                    "tenor_years": i.tenor_years, "start": risk._qname(i.start),
                    "amortisation": i.amortisation or None, "seniority": i.seniority,
                    "collateral": i.collateral or None, "covenant_dscr": i.covenant_dscr,
                    "guess": i.guess or None, "true_on": i.true_on, "checked_on": i.checked_on,
                    "source": i.source, "note": i.note})
    return out


def by_year(st, quarters) -> list[dict]:
    """Mean over draws per party and year: revenue, opex, contracts, interest, principal, distributions."""
    years = np.asarray(quarters) // 4
    out = []
    flows = ledger.flows(st)
    for p in st["order"]:
        pick = lambda kinds: sum((v for (a, _, k), v in flows.items() if a == p and k in kinds), 0.0)  # noqa: E731
        cols = {"revenue_usd": st["revenue"][p], "opex_usd": st["opex"][p],
                "lease_and_cloud_usd": pick(("lease", "cloud")), "interest_usd": pick(("interest",)),
                "principal_usd": pick(("principal",)), "distributions_usd": st["distributions"][p]}
        for y in np.unique(years):
            m = years == y
            row = {"party": p, "year": int(y)}
            row.update({k: float(np.mean(np.sum(np.broadcast_to(v, st["revenue"][p].shape)[:, m], axis=1)))
                        for k, v in cols.items()})
            out.append(row)
    return out


def coverage(st, quarters) -> dict[str, list[dict]]:
    """Per party with debt service, per quarter: DSCR (P5, median) and interest coverage (median)."""
    out = {}
    for p in st["order"]:
        sv, cf, it = st["service"][p], st["cfads"][p], st["interest"][p]
        if not (sv > 0).any():
            continue
        dscr = np.where(sv > 0, cf / np.where(sv > 0, sv, 1), np.nan)
        icr = np.where(it > 0, cf / np.where(it > 0, it, 1), np.nan)
        rows = []
        for t, qi in enumerate(quarters):
            if not (sv[:, t] > 0).any():
                continue
            rows.append({"quarter": risk._qname(int(qi)), "dscr_p5": float(np.nanpercentile(dscr[:, t], 5)),
                         "dscr_median": float(np.nanmedian(dscr[:, t])),
                         "interest_coverage_median": float(np.nanmedian(icr[:, t]))})
        out[p] = rows
    return out
