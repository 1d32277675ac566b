"""A scenario's capital stack: the instruments of data/instruments.csv it names, the instruments that fund its
program's capex (``finance.capital``: own funds, vendor investment, debt, lease, SPV, drawn along the capex
path), the parties they touch, and the credit terms. A composite combines its parts' stacks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from gigawatt.capital import data
from gigawatt.capital.data import Instrument

REFERENCE_LIFE_YEARS = 6.0  # the residual value curve (data/residual_values.csv) is read for a 6-year life


@dataclass(frozen=True)
class Stack:
    instruments: tuple[Instrument, ...]
    parties: dict  # id -> party row (capital_parties.csv, and any program SPV)
    credit: str | None = None
    gpu_life_years: float = REFERENCE_LIFE_YEARS
    programs: tuple[dict, ...] = field(default=())  # per program: owner, capex, funding shares (for the faces)
    vendor_gw: dict = field(default_factory=dict)  # vendor -> GW online per quarter of its programs (warrants vest)
    vendor_price: dict = field(default_factory=dict)  # vendor -> (share price USD, quarter index it was quoted)


def default() -> Stack:
    """Every instrument and party of the shipped tables (the stack of a scenario without finance.capital)."""
    return Stack(data.instruments(), dict(data.parties()))


def _leaves(scn, res):
    """(scenario, result) of each simple program, at any depth of a composite."""
    if not scn.include:
        yield scn, res
        return
    for part_scn, part_res in zip(scn.part_scenarios, res.parts):
        yield from _leaves(part_scn, part_res)


def _spv_party(name: str, source: str) -> dict:
    """A program SPV: its income is the owner's rent; costs 2 % of it (as the Hyperion SPV, a GUESS)."""
    row = {"id": name, "name": f"{name} (program SPV)", "revenue_usd_per_year": 0.0, "growth_per_year": 0.0,
           "opex_share": 0.02, "cash_usd": 0.0, "raise_usd_per_year": 0.0, "raise_from": 9999 * 4,
           "revenue_from": "own", "distributes": "yes", "guess": "opex", "source": source,
           "note": "GUESS: SPV costs 2 % of its rent (as capital_parties.csv's Hyperion SPV)", "true_on": "",
           "checked_on": ""}
    for k in ("revenue_usd_per_year", "opex_share", "raise_usd_per_year"):
        row[k + "_range"] = (row[k], row[k])
    return row


def _row(scn, kind, borrower, lender, amount, start, path, **kw) -> Instrument:
    cap = scn.finance.capital
    from gigawatt.catalog import data_date

    checked = data_date().isoformat()
    date = str(scn.as_of or checked)  # a scenario without as_of stands as of the data date
    return Instrument(
        id=f"{scn.name}:{kw.pop('tag')}", kind=kind, borrower=borrower, lender=lender, amount_usd=amount,
        amount_range=kw.get("amount_range", (amount, amount)), rate=kw.get("rate"),
        rate_range=(kw.get("rate"), kw.get("rate")),
        spread_bp=kw.get("spread_bp"), tenor_years=kw.get("tenor_years"), start=start,
        amortisation=kw.get("amortisation", ""), seniority=kw.get("seniority", "operating"),
        collateral=kw.get("collateral", ""), covenant_dscr=kw.get("covenant_dscr"), guess="funding shares and terms",
        true_on=date, checked_on=checked, source=cap.source or f"scenario {scn.name}: finance.capital",
        note=f"GUESS: {cap.guess}" if cap.guess else "GUESS: funding shares and terms of finance.capital",
        use=kw.get("use", ""), path=path, spread_range=kw.get("spread_range") or ())


def program(scn, capex_usd, quarters) -> tuple[list[Instrument], dict, dict | None]:
    """The instruments that pay for one program's capex (per quarter, ``capex_usd``), and any SPV party."""
    cap = scn.finance.capital
    c = np.nan_to_num(np.asarray(capex_usd, dtype=float).reshape(-1)[:len(quarters)])
    total = float(c.sum())
    if cap.funding is None or total <= 0:
        return [], {}, None
    live = np.nonzero(c)[0]
    start, path = int(quarters[live[0]]), tuple(c[live[0]:live[-1] + 1] / total)
    f, d, ls, sp, n = cap.funding, cap.debt, cap.lease, cap.spv, scn.name
    out, extra = [], {}
    if f.own:
        out.append(_row(scn, "own_funds", cap.owner, f"{n}-suppliers", f.own * total, start, path, tag="own-funds"))
    if f.vendor:
        out.append(_row(scn, "equity", cap.owner, scn.program.vendor, f.vendor * total, start, path, tag="vendor",
                        seniority="equity", use="capex"))
    if f.debt:
        out.append(_row(scn, "loan", cap.owner, d.lender or f"{n}-lenders", f.debt * total, start, path, tag="debt",
                        amount_range=tuple(r * total for r in f.debt_range or (f.debt, f.debt)),
                        rate=d.rate, spread_bp=None if d.rate is not None else d.spread_bp,
                        tenor_years=d.tenor_years, amortisation=d.amortisation, seniority=d.seniority,
                        spread_range=None if d.rate is not None else d.spread_bp_range,
                        collateral="" if d.collateral == "none" else d.collateral, covenant_dscr=d.covenant_dscr))
    if f.lease:
        leased = f.lease * total
        out.append(_row(scn, "lease", cap.owner, ls.lessor or f"{n}-lessor", ls.rent_per_year * leased, start, path,
                        tag="lease", tenor_years=ls.term_years,
                        amount_range=tuple(r * leased for r in ls.rent_per_year_range or (ls.rent_per_year,) * 2)))
    if f.spv:
        spv = f"{n}-spv"
        extra[spv] = _spv_party(spv, cap.source or f"scenario {n}: finance.capital.spv")
        cost = f.spv * total
        out.append(_row(scn, "bond", spv, sp.lender or f"{n}-spv-bondholders", sp.debt_share * cost, start, path,
                        tag="spv-bonds", rate=sp.rate, tenor_years=sp.tenor_years, amortisation="straight",
                        seniority="secured", collateral="" if sp.collateral == "none" else sp.collateral))
        out.append(_row(scn, "equity", spv, sp.sponsor or f"{n}-sponsor", (1 - sp.debt_share) * cost, start, path,
                        tag="spv-equity", seniority="equity", use="capex"))
        out.append(_row(scn, "lease", cap.owner, spv, sp.rent_per_year * cost, start, path, tag="spv-lease",
                        tenor_years=sp.lease_term_years))
    summary = {"scenario": n, "owner": cap.owner, "capex_usd": total, "first_quarter": start,
               "ledger_party": "customer" if scn.finance.buyer == "customer" else "cloud_partner",
               **{k: getattr(f, k) for k in ("own", "vendor", "debt", "lease", "spv")}}
    return out, extra, summary


def build(scn, res) -> Stack:
    """The stack of a scenario (a composite: its parts' stacks and its own instruments, combined)."""
    quarters = np.asarray(res.static.quarters)
    leaves = list(_leaves(scn, res))
    caps = [scn.finance.capital] + [s.finance.capital for s, _ in leaves]
    if all(c.instruments is None and c.funding is None for c in caps):
        base = default()
        return replace(base, credit=_first(c.credit for c in caps), gpu_life_years=min(c.gpu_life_years for c in caps))
    by_id = {i.id: i for i in data.instruments()}
    named = [x for c in caps for x in (c.instruments if c.instruments is not None else by_id)]
    chosen = [by_id[k] for k in dict.fromkeys(named)]
    extra, programs = {}, []
    gw, price = _vendors(leaves, len(quarters))
    for part_scn, part_res in leaves:
        rows, spv, summary = program(part_scn, part_res.data["capex_usd"], quarters)
        chosen += rows
        extra.update(spv)
        programs += [summary] if summary else []
    parties = {p: r for p, r in data.parties().items()
               if any(p in (i.borrower, i.lender) for i in chosen) or any(c.owner == p and c.funding is not None for c in caps[1:])}
    return Stack(tuple(chosen), {**parties, **extra}, _first(c.credit for c in caps),
                 min(c.gpu_life_years for c in caps), tuple(programs), gw, price)


def _vendors(leaves, nq: int) -> tuple[dict, dict]:
    """Per vendor: GW online per quarter over its programs, and the share price a scenario quotes (and when)."""
    from gigawatt import timeline

    gw, price = {}, {}
    for scn, res in leaves:
        v = scn.program.vendor
        path = np.nan_to_num(np.asarray(res.data["gw_online"], dtype=float).reshape(-1)[:nq])
        gw[v] = gw.get(v, 0.0) + path
        inv = scn.finance.investment
        if inv.vendor_share_price_usd > 0:
            price[v] = (inv.vendor_share_price_usd, timeline.parse_quarter(inv.valuation_date))
    return gw, price


def _first(values):
    return next((v for v in values if v is not None), None)


def bytes_per_draw(scn, n_quarters: int) -> int:
    """An upper bound on the memory one Monte Carlo draw of :func:`gigawatt.capital.analyse` holds at its peak,
    from the scenario alone (before anything runs): about 12 arrays of draws x quarters per party and 10 per
    instrument (dues, paid and due per claim, collateral). Checked against tracemalloc in the tests. [bytes]"""
    caps = [scn.finance.capital] + [s.finance.capital for s in _leaf_scenarios(scn)]
    rows = len(data.instruments()) if any(c.instruments is None for c in caps) else \
        len({x for c in caps for x in c.instruments})
    programs = sum(c.funding is not None for c in caps[1:])
    parties = len(data.parties()) + programs  # at most every party, and one SPV per program
    return 8 * n_quarters * (12 * parties + 10 * (rows + 6 * programs))


def _leaf_scenarios(scn):
    return [scn] if not scn.include else [leaf for part in scn.part_scenarios for leaf in _leaf_scenarios(part)]
