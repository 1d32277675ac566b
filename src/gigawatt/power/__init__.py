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
    from gigawatt.power import site as st

    e = scn.energy
    lat, lon = getattr(e, "site_lat", None), getattr(e, "site_lon", None)
    where = st.at(lat, lon) if lat is not None and lon is not None else st.for_scenario(scn.name)
    base = dict(load_mw=st.campus_load_mw(scn), site=where, options=getattr(e, "supply_options", None),
                co2_cap_g_per_kwh=getattr(e, "supply_co2_cap_g_per_kwh", None))
    base.update(kw)
    return Request(**base)


def solve_scenario(scn, **kw):
    """The least-cost supply of a scenario's campus (see :func:`request_for`)."""
    return solve(request_for(scn, **kw))


def energy_overrides(scn) -> dict[str, float]:
    """For a scenario with ``energy.supply: optimised``: the optimised LCOE and carbon intensity as field
    overrides ``{"energy.price_usd_per_mwh": ..., "energy.carbon_g_per_kwh": ...}``; ``{}`` for ``flat``.

    Solved once per scenario content (cached by the scenario's digest).
    """
    if getattr(scn.energy, "supply", "flat") != "optimised":
        return {}
    return dict(_overrides_cached(scn.digest(), scn))


_CACHE: dict[str, tuple] = {}


def _overrides_cached(digest: str, scn) -> tuple:
    if digest not in _CACHE:
        res = solve_scenario(scn)
        _CACHE[digest] = (("energy.price_usd_per_mwh", round(res.lcoe_usd_per_mwh, 4)),
                          ("energy.carbon_g_per_kwh", round(res.emissions_g_per_kwh, 4)))
    return _CACHE[digest]
