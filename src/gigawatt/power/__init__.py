"""Power for a campus: least-cost hourly supply (capacity expansion + dispatch) as one LP, linopy + HiGHS.

Modules: ``options`` (catalog rows -> annuities and $/MWh), ``profiles`` (solar via pvlib, synthetic
wind), ``lp`` (the linear program), ``results`` (figures of the optimum), ``campus`` (one request, one
solve), ``site`` (locations and the campus load), ``sweep`` (fuel and capex ranges), ``charts``
(matplotlib). Heavy libraries (linopy, highspy, pvlib, matplotlib) load only when a function runs.
"""

from __future__ import annotations

from gigawatt.power.campus import Request, solve

__all__ = ["Request", "solve", "solve_scenario", "energy_overrides"]


def request_for(scn, **kw) -> "Request":
    """A request for a scenario: its site (``energy.site_lat/site_lon`` or the built-in default), its first
    phase's load, and its ``energy.supply_*`` settings; ``kw`` overrides any :class:`Request` field."""
    from gigawatt.errors import InputError
    from gigawatt.power import site as st

    if scn.include:
        parts = [p if isinstance(p, str) else getattr(p, "name", str(p)) for p in scn.include]
        raise InputError("scenario", f"{scn.name!r} is a composite of {len(parts)} programs at more than one campus; "
                                     f"solve the supply of one part: {', '.join(parts)}")
    e = scn.energy
    lat, lon = getattr(e, "site_lat", None), getattr(e, "site_lon", None)
    where = st.at(lat, lon) if lat is not None and lon is not None else st.for_scenario(scn.name)
    base = dict(load_mw=st.campus_load_mw(scn), site=where, options=getattr(e, "supply_options", None),
                co2_cap_g_per_kwh=getattr(e, "supply_co2_cap_g_per_kwh", None), load_factor=scn.facility.load_factor,
                flexible_share=getattr(e, "supply_flexible_share", 0.0),
                reserve_margin=getattr(e, "supply_reserve_margin", None))
    base.update(kw)
    return Request(**base)


def solve_scenario(scn, **kw):
    """The least-cost supply of a scenario's campus (see :func:`request_for`), solved once per process for the
    same campus and options: a scenario whose energy price was replaced by this very LCOE (``energy.supply:
    optimised``, resolved in :mod:`gigawatt.api`) reuses the solve."""
    import hashlib
    import json

    supply = scn.model_dump(mode="json", exclude={"energy": {"price_usd_per_mwh", "carbon_g_per_kwh"},
                                                  "uncertainty": True, "correlations": True, "sources": True,
                                                  "guesses": True, "description": True, "title": True})
    key = hashlib.sha256(json.dumps([supply, kw], sort_keys=True, default=str).encode()).hexdigest()
    if key not in _SOLVED:
        _SOLVED[key] = solve(request_for(scn, **kw))
    return _SOLVED[key]


_SOLVED: dict[str, object] = {}


def energy_overrides(scn) -> dict[str, float]:
    """For a scenario with ``energy.supply: optimised``: the optimised LCOE and carbon intensity as field
    overrides ``{"energy.price_usd_per_mwh": ..., "energy.carbon_g_per_kwh": ...}``; ``{}`` for ``flat``."""
    if getattr(scn.energy, "supply", "flat") != "optimised":
        return {}
    res = solve_scenario(scn)
    return {"energy.price_usd_per_mwh": round(res.lcoe_usd_per_mwh, 4),
            "energy.carbon_g_per_kwh": round(res.emissions_g_per_kwh, 4)}
