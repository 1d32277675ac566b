"""Every phase in turn (``--phase each``), campus by campus: phase k solved with the cumulative load of its
campus's phases up to it by its own date, what that campus's earlier phases built kept as existing capacity
(:mod:`gigawatt.power.phases`); a program of several sites is one sequence per site. Per-phase figures, each
campus's and the program's totals."""

from __future__ import annotations

from dataclasses import replace

from gigawatt.power.phases import NOTE


def sequence(scn, base) -> dict:
    """Every phase, campus by campus: at each campus (a program of ``program.sites`` has one per site; any
    other program is one), phase k solved with the cumulative load of that campus's phases up to k by phase k's
    date (``base``: the request's other settings), what that campus's earlier phases built kept as existing
    capacity. Returns the steps (each with its :class:`~gigawatt.power.results.PowerResult` under ``result``),
    the program's totals over every campus, and each campus's (``sites``)."""
    from gigawatt import power
    from gigawatt.power import site

    phases = site.site_phases(scn)
    campuses: dict = {}  # site id (None: the one campus) -> [(number, phase)], in order of first date
    for n, p in enumerate(phases, 1):
        campuses.setdefault(p[3], []).append((n, p))
    steps, many = [], site.many_sites(scn)  # one campus keeps the request's site (--lat/--lon too)
    for group in campuses.values():
        where = power.campus_site(scn, group[0][0]) if many else base.site
        steps += _campus(scn, replace(base, site=where), group, len(phases))
    return {"steps": steps, "totals": totals(steps), "sites": by_site(steps), "note": NOTE}


def _campus(scn, base, group: list, of: int) -> list[dict]:
    """One campus's phases in turn (``group``: (number, phase) in date order): loads cumulative and capacity
    kept within the campus only."""
    from gigawatt import timeline
    from gigawatt.power import site
    from gigawatt.power.campus import solve

    have: dict[str, float] = {}
    have_mwh: dict[str, float] = {}
    steps, gw_total, capex_before = [], 0.0, 0.0
    for n, (gw, online, _, sid) in group:
        gw_total += gw
        req = replace(base, load_mw=site.load_of_gw(scn, gw_total), phase=(n, of, float(gw), timeline.label(online)),
                      energised_by=timeline.label(online), energised_by_from_schedule=True,
                      existing_mw=tuple(sorted(have.items())), existing_mwh=tuple(sorted(have_mwh.items())))
        res = solve(req)
        now = {k: max(have.get(k, 0.0), mw) for k, mw in res.capacity_mw.items()}
        steps.append({**_step(res, gw_total, have, now, res.supply_capex_usd - capex_before), "site_id": sid})
        have, have_mwh = {k: v for k, v in now.items() if v > 0}, {k: v for k, v in res.storage_mwh.items() if v > 0}
        capex_before = res.supply_capex_usd
    return steps


def _step(res, gw_total: float, before: dict, now: dict, capex_added: float) -> dict:
    """One phase of the sequence: its load and date, what it added, the cumulative mix and its figures."""
    from gigawatt.power import speed_value

    sched = res.schedule
    priced = (res.late or {}).get("mode") == "price"  # --late price: the date kept, late options' delay priced
    return {"phase": sched.get("phase"), "site": res.site, "lat": res.lat, "lon": res.lon,
            "cumulative_facility_gw": gw_total, "load_mw": res.load_mw,
            "energised_by": sched.get("energised_by"), "online_since": sched.get("online_since"),
            "slipped_from": sched.get("slipped_from"), "slip_months": sched.get("slip_months", 0.0),
            "powered_from": speed_value.power_ready(res)[1] if priced else None,
            "delay_usd_per_yr": (res.late or {}).get("delay_usd_per_yr", 0.0),
            "added_mw": {k: v - before.get(k, 0.0) for k, v in now.items() if v - before.get(k, 0.0) >= 1.0},
            "capacity_mw": {k: v for k, v in now.items() if v >= 1.0}, "shares": res.shares,
            "lcoe_usd_per_mwh": res.lcoe_usd_per_mwh, "cost_usd_per_yr": res.cost_usd_per_yr,
            "energy_mwh_per_yr": res.energy_mwh_per_yr, "emissions_t_per_yr": res.emissions_t_per_yr,
            "emissions_g_per_kwh": res.emissions_g_per_kwh, "capex_added_usd": capex_added,
            "supply_capex_usd": res.supply_capex_usd, "excluded": res.excluded, "reliability": res.reliability,
            "solve_seconds": res.solve_seconds + res.build_seconds, "result": res}


def totals(steps: list[dict]) -> dict:
    """Program-level figures over every campus: capex over the sequence, the energy-weighted LCOE and intensity
    (each phase's system for a year at its cumulative load), what stands at the end (each campus's last step,
    added up), the most any phase slipped, the solve time."""
    energy = sum(s["energy_mwh_per_yr"] for s in steps)
    final: dict[str, float] = {}
    for last in _last_steps(steps):
        for k, mw in last["capacity_mw"].items():
            final[k] = final.get(k, 0.0) + mw
    return {"phases": len(steps), "capex_usd": sum(s["capex_added_usd"] for s in steps),
            "final_capacity_mw": final, "campuses": len(_last_steps(steps)),
            "lcoe_energy_weighted_usd_per_mwh": sum(s["cost_usd_per_yr"] for s in steps) / energy if energy else None,
            "emissions_energy_weighted_g_per_kwh":
                sum(s["emissions_t_per_yr"] for s in steps) / energy * 1e3 if energy else None,
            "max_slip_months": max((s["slip_months"] or 0.0 for s in steps), default=0.0),
            "delay_usd_per_yr": sum(s["delay_usd_per_yr"] for s in steps),
            "solve_seconds": sum(s["solve_seconds"] for s in steps),
            "weighting": "each phase's cumulative system for one year at its load: sum of annual costs over sum "
                         "of annual energy"}


def _last_steps(steps: list[dict]) -> list[dict]:
    """Each campus's last step (what it has built at the end), in order of first appearance."""
    last: dict = {}
    for s in steps:
        last[(s["site"], s.get("site_id"))] = s
    return list(last.values())


def by_site(steps: list[dict]) -> list[dict]:
    """Each campus's figures: its phases, facility GW and load at the end, capex, what it has built, its worst slip
    (one entry for a single-campus program)."""
    out = []
    for last in _last_steps(steps):
        mine = [s for s in steps if (s["site"], s.get("site_id")) == (last["site"], last.get("site_id"))]
        out.append({"site": last["site"], "site_id": last.get("site_id"), "lat": last["lat"], "lon": last["lon"],
                    "phases": [s["phase"]["number"] for s in mine], "facility_gw": last["cumulative_facility_gw"],
                    "load_mw": last["load_mw"], "capex_usd": sum(s["capex_added_usd"] for s in mine),
                    "capacity_mw": last["capacity_mw"], "lcoe_usd_per_mwh": last["lcoe_usd_per_mwh"],
                    "max_slip_months": max(s["slip_months"] or 0.0 for s in mine),
                    "powered_from": max((s["powered_from"] for s in mine if s["powered_from"]), default=None),
                    "weather_note": last["result"].weather.get("site_note")})
    return out


def to_json(seq: dict) -> dict:
    """The sequence for ``--json``: every step without its full result object."""
    from gigawatt.power.results import _finite

    return {"steps": [_finite({k: v for k, v in s.items() if k != "result"}) for s in seq["steps"]],
            "totals": _finite(seq["totals"]), "sites": [_finite(c) for c in seq["sites"]], "note": seq["note"]}
