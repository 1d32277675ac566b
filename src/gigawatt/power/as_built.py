"""The plan as built: each gas technology in whole units, with the cost, LCOE, capex, land and firm capacity of
those units.

The LP sizes gas plants in continuous MW; :mod:`gigawatt.power.reliability` makes them whole units (the LP's
capacity rounded up, then the units the outage table adds until the target holds). One plan is reported: the
units built. ``capacity_mw`` of a gas technology is ``count x unit_mw``; the LP's continuous figure stays beside
it as ``capacity_lp_mw``; the annual cost (and so the LCOE) adds the annuity and fixed O&M of the extra MW, the
capex and land their overnight cost and acres. Dispatch, fuel and emissions are the LP's: the extra units stand
in reserve. Under ``--units milp`` the LP's units are already whole and only units the table added change it.
"""

from __future__ import annotations

NOTE = ("gas capacity, cost, LCOE, capex and land are of the plan as built: whole units (the LP's MW rounded up "
        "plus units the outage table added); capacity_lp_mw is the LP's continuous figure; dispatch, fuel and "
        "emissions are the LP's (the extra units stand in reserve)")


def apply(res, built: dict) -> None:
    """Restate ``res`` (a :class:`~gigawatt.power.results.PowerResult` with its ``reliability`` report) as the
    whole units built; no gas units: nothing changes."""
    units = (res.reliability or {}).get("units") if (res.reliability or {}).get("assessed") else None
    if not units:
        return
    whole = {k: u["count"] * u["unit_mw"] for k, u in units.items()}
    extra = {k: mw - res.capacity_mw.get(k, 0.0) for k, mw in whole.items()}
    lp_cost, lp_capex = res.cost_usd_per_yr, res.supply_capex_usd
    res.capacity_lp_mw = {k: res.capacity_mw.get(k, 0.0) for k in whole}
    res.capacity_mw = {**res.capacity_mw, **whole}
    res.cost_usd_per_yr += sum(mw * built[k].fixed_usd_per_mw_yr for k, mw in extra.items())
    res.supply_capex_usd += sum(mw * built[k].capex_usd_per_mw for k, mw in extra.items())
    res.land_acres += sum(mw * built[k].land_acres_per_mw for k, mw in extra.items())
    res.firm_capacity_mw += sum(extra.values())
    if res.energy_mwh_per_yr > 0:
        res.lcoe_usd_per_mwh = res.cost_usd_per_yr / res.energy_mwh_per_yr
    res.as_built = {"whole_units_mw": whole, "added_to_lp_mw": extra,
                    "added_cost_usd_per_yr": res.cost_usd_per_yr - lp_cost,
                    "added_capex_usd": res.supply_capex_usd - lp_capex, "lp_cost_usd_per_yr": lp_cost,
                    "lp_lcoe_usd_per_mwh": lp_cost / res.energy_mwh_per_yr if res.energy_mwh_per_yr > 0 else None,
                    "note": NOTE}
