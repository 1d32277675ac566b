"""Each weather year's figures from the one plan sized for all of them (``--weather-years N``, a CSV of several
years): the dispatch of that plan, year by year.

Per year: energy served, gas burned, the variable cost (fuel and O&M, contract purchases, the value of lost
load the LP charged), emissions (t and g/kWh), the share of sun and wind curtailed, the LP's unserved energy,
and where gas units are built the expected unserved energy and loss-of-load hours of their forced outages
(:func:`gigawatt.power.reliability.adequacy` on that year's hours and temperatures); the cost per MWh of the
year: the plan's fixed cost as built (annuities and fixed O&M of the capacity in ``capacity_mw``, whole gas
units included) plus that year's variable cost, over the energy it served. The years' costs average to the
headline ``cost_usd_per_yr``. The worst year is the one with the highest cost per MWh served.
"""

from __future__ import annotations

import numpy as np

from gigawatt.power.lp import VOLL_USD_PER_MWH
from gigawatt.power.results import BTU_PER_CF

WORST_BY = "cost per MWh served"


def by_year(sol, res, built: dict, years: int, temp_c: np.ndarray | None) -> dict:
    """``{"by_year": [...], "worst_year": {...}}`` for the solution ``sol`` of ``years`` stacked years; ``res``
    its :class:`~gigawatt.power.results.PowerResult` as built (after :func:`gigawatt.power.as_built.apply`)."""
    n = sol.hours // years
    annual = 8760.0 / n

    def split(a) -> np.ndarray:  # MWh per year, from an hourly series of the stacked solve
        return np.asarray(a, dtype=float)[:years * n].reshape(years, n).sum(axis=1) * annual

    served, lost = split(sol.drawn_mw - sol.unserved_mw), split(sol.unserved_mw)
    gen = {k: split(sol.dispatch_mw[k]) for k, o in built.items() if o.kind == "generator" and k in sol.dispatch_mw}
    gas = sum((gen[k] * built[k].fuel_mmbtu_per_mwh for k in gen), np.zeros(years))
    co2 = sum((gen[k] * built[k].co2_t_per_mwh for k in gen), np.zeros(years))
    made = {k: split(a) for k, a in sol.available_mw.items() if k in gen and res.capacity_mw.get(k, 0.0) > 0}
    spilled = sum((made[k] - gen[k] for k in made), np.zeros(years))
    possible = sum(made.values(), np.zeros(years))
    variable = _variable_cost(sol, built, gen, made, split) + lost * VOLL_USD_PER_MWH
    cost = _fixed_cost(sol, res, built) + variable
    rel = _adequacy(res, sol, years, n, temp_c)
    rows = [{"year": y + 1, "energy_served_mwh": served[y], "gas_mmbtu": gas[y],
             "gas_bcf": gas[y] * 1e6 / BTU_PER_CF / 1e9, "variable_cost_usd": variable[y], "emissions_t": co2[y],
             "emissions_g_per_kwh": co2[y] / served[y] * 1e3 if served[y] > 0 else 0.0,
             "curtailment_share": spilled[y] / possible[y] if possible[y] > 0 else None, "unserved_mwh": lost[y],
             **(rel[y] if rel else {}), "cost_usd": cost[y],
             "cost_usd_per_mwh": cost[y] / served[y] if served[y] > 0 else None} for y in range(years)]
    rows = [{k: v if v is None or k == "year" else float(v) for k, v in r.items()} for r in rows]  # JSON: floats
    worst = max(rows, key=lambda r: -np.inf if r["cost_usd_per_mwh"] is None else r["cost_usd_per_mwh"])
    costs = [r["cost_usd_per_mwh"] for r in rows if r["cost_usd_per_mwh"] is not None]
    return {"by_year": rows, "worst_year": {"year": worst["year"], "by": WORST_BY,
                                            "cost_usd_per_mwh": worst["cost_usd_per_mwh"],
                                            "spread_usd_per_mwh": max(costs) - min(costs) if costs else None},
            "by_year_note": __doc__.split("\n\n")[1].replace("\n", " ")}


def _fixed_cost(sol, res, built: dict) -> float:
    """Annuities and fixed O&M of the plan as built [USD/yr]: the LP's capacities (contracts have none; every
    MW, even under the 1 MW shown) and what whole gas units add (:mod:`gigawatt.power.as_built`)."""
    return sum(mw * built[k].fixed_usd_per_mw_yr for k, mw in sol.capacity_mw.items() if k in built) \
        + sum(mwh * built[k].fixed_usd_per_mwh_yr for k, mwh in sol.energy_mwh.items() if k in built) \
        + (res.as_built or {}).get("added_cost_usd_per_yr", 0.0)


def _variable_cost(sol, built: dict, gen: dict, made: dict, split) -> np.ndarray:
    """Each year's fuel, O&M and contract cost [USD] as the LP charges it: plants and contracts on what they
    make, sun and wind on what they could make (curtailed or not), stores on what they discharge."""
    out = sum((built[k].marginal_usd_per_mwh * (made[k] if k in made else gen[k]) for k in gen),
              np.zeros(next(iter(gen.values())).size))
    for k, o in built.items():
        if o.kind == "storage" and k in sol.dispatch_mw:
            out = out + o.marginal_usd_per_mwh * split(sol.dispatch_mw[k] + sol.charge_mw.get(k, 0.0))
    return out


def _adequacy(res, sol, years: int, n: int, temp_c: np.ndarray | None) -> list[dict] | None:
    """Per year: EUE [MWh] and LOLH [h] of the gas units built against that year's need for gas (None: no units)."""
    from gigawatt.power import reliability

    units = (res.reliability or {}).get("units") if (res.reliability or {}).get("assessed") else None
    if not units:
        return None
    fleet = {k: (reliability.units(k, u["forced_outage_rate"]), u["count"]) for k, u in units.items()}
    need = sum(np.asarray(sol.dispatch_mw[k], dtype=float) for k in fleet)[:years * n].reshape(years, n)
    temps = None if temp_c is None else np.asarray(temp_c, dtype=float)[:years * n].reshape(years, n)
    out = []
    for y in range(years):  # a handful of years, each one vectorised over its hours
        f = reliability.adequacy(fleet, need[y], None if temps is None else temps[y])
        out.append({"eue_mwh": f["eue_mwh_per_yr"], "lolh_h": f["lolh_h_per_yr"]})
    return out

