"""Every phase in turn (``--phase each``): phase k solved with the cumulative load of phases 1..k by its own
date, what earlier phases built kept as existing capacity (:mod:`gigawatt.power.phases`); per-phase figures and
the program's totals."""

from __future__ import annotations

from dataclasses import replace

from gigawatt.power.phases import NOTE


def sequence(scn, base) -> dict:
    """Every phase in date order: phase k solved with the cumulative load of phases 1..k by phase k's date
    (``base``: the request's other settings), what phases before it built kept as existing capacity. Returns
    the steps (each with its :class:`~gigawatt.power.results.PowerResult` under ``result``) and the totals."""
    from gigawatt import timeline
    from gigawatt.power import site
    from gigawatt.power.campus import solve

    phases = site.program_phases(scn)
    have: dict[str, float] = {}
    have_mwh: dict[str, float] = {}
    steps, gw_total, capex_before = [], 0.0, 0.0
    for n, (gw, online, _) in enumerate(phases, 1):
        gw_total += gw
        req = replace(base, load_mw=site.load_of_gw(scn, gw_total), phase=(n, len(phases), float(gw),
                                                                              timeline.label(online)),
                      energised_by=timeline.label(online), energised_by_from_schedule=True,
                      existing_mw=tuple(sorted(have.items())), existing_mwh=tuple(sorted(have_mwh.items())))
        res = solve(req)
        now = {k: max(have.get(k, 0.0), mw) for k, mw in res.capacity_mw.items()}
        steps.append(_step(res, gw_total, have, now, res.supply_capex_usd - capex_before))
        have, have_mwh = {k: v for k, v in now.items() if v > 0}, {k: v for k, v in res.storage_mwh.items() if v > 0}
        capex_before = res.supply_capex_usd
    return {"steps": steps, "totals": totals(steps), "note": NOTE}


def _step(res, gw_total: float, before: dict, now: dict, capex_added: float) -> dict:
    """One phase of the sequence: its load and date, what it added, the cumulative mix and its figures."""
    sched = res.schedule
    return {"phase": sched.get("phase"), "cumulative_facility_gw": gw_total, "load_mw": res.load_mw,
            "energised_by": sched.get("energised_by"), "online_since": sched.get("online_since"),
            "slipped_from": sched.get("slipped_from"), "slip_months": sched.get("slip_months", 0.0),
            "added_mw": {k: v - before.get(k, 0.0) for k, v in now.items() if v - before.get(k, 0.0) >= 1.0},
            "capacity_mw": {k: v for k, v in now.items() if v >= 1.0}, "shares": res.shares,
            "lcoe_usd_per_mwh": res.lcoe_usd_per_mwh, "cost_usd_per_yr": res.cost_usd_per_yr,
            "energy_mwh_per_yr": res.energy_mwh_per_yr, "emissions_t_per_yr": res.emissions_t_per_yr,
            "emissions_g_per_kwh": res.emissions_g_per_kwh, "capex_added_usd": capex_added,
            "supply_capex_usd": res.supply_capex_usd, "excluded": res.excluded, "reliability": res.reliability,
            "solve_seconds": res.solve_seconds + res.build_seconds, "result": res}


def totals(steps: list[dict]) -> dict:
    """Program-level figures: capex over the sequence, the energy-weighted LCOE and intensity (each phase's
    system for a year at its cumulative load), the most any phase slipped, the solve time."""
    energy = sum(s["energy_mwh_per_yr"] for s in steps)
    return {"phases": len(steps), "capex_usd": sum(s["capex_added_usd"] for s in steps),
            "final_capacity_mw": steps[-1]["capacity_mw"] if steps else {},
            "lcoe_energy_weighted_usd_per_mwh": sum(s["cost_usd_per_yr"] for s in steps) / energy if energy else None,
            "emissions_energy_weighted_g_per_kwh":
                sum(s["emissions_t_per_yr"] for s in steps) / energy * 1e3 if energy else None,
            "max_slip_months": max((s["slip_months"] or 0.0 for s in steps), default=0.0),
            "solve_seconds": sum(s["solve_seconds"] for s in steps),
            "weighting": "each phase's cumulative system for one year at its load: sum of annual costs over sum "
                         "of annual energy"}


def to_json(seq: dict) -> dict:
    """The sequence for ``--json``: every step without its full result object."""
    from gigawatt.power.results import _finite

    return {"steps": [_finite({k: v for k, v in s.items() if k != "result"}) for s in seq["steps"]],
            "totals": _finite(seq["totals"]), "note": seq["note"]}
