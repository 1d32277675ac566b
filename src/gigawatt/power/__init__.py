"""Power for a campus: least-cost hourly supply (capacity expansion + dispatch) as one LP, linopy + HiGHS.

Modules: ``options`` (catalog rows -> annuities and $/MWh), ``profiles`` (solar via pvlib, synthetic
wind), ``lp`` (the linear program), ``results`` (figures of the optimum), ``campus`` (one request, one
solve), ``site`` (locations and the campus load), ``phases`` (which phase, phases online, what earlier
phases built), ``sequence`` (every phase in turn), ``sweep`` (fuel and capex ranges), ``charts``
(matplotlib). Heavy libraries (linopy, highspy, pvlib, matplotlib) load only when a function runs.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from gigawatt.power.campus import Request, solve

__all__ = ["Request", "solve", "solve_cached", "solve_scenario", "energy_overrides"]


def request_for(scn, phase: str = "next", **kw) -> "Request":
    """A request for a scenario: its site (``energy.site_lat/site_lon`` or the built-in default), a phase's
    load (by default the next: the first not yet online at ``kw['as_of']`` or today; ``first``, a number, or
    ``all``: the program), energised by that phase's first-online quarter (a phase online before the as-of
    quarter: no date, see :mod:`gigawatt.power.phases`), and its ``energy.supply_*`` settings; ``kw``
    overrides any :class:`Request` field."""
    from gigawatt.errors import InputError
    from gigawatt.power import phases, site as st

    if scn.include:
        parts = [p if isinstance(p, str) else getattr(p, "name", str(p)) for p in scn.include]
        raise InputError("scenario", f"{scn.name!r} is a composite of {len(parts)} programs at more than one campus; "
                                     f"solve the supply of one part: {', '.join(parts)}")
    e = scn.energy
    from gigawatt.power.campus import _as_of_quarter

    as_of = _as_of_quarter(kw.get("as_of"))
    which = st.phase_of(scn, phase, as_of)
    where = campus_site(scn, which[0])
    choice = tuple(phases.choice([p[1] for p in st.program_phases(scn)], phase, as_of).items())
    base = dict(load_mw=st.load_of_gw(scn, which[2]), site=where, phase=which, phase_choice=choice,
                energised_by=which[3],
                energised_by_from_schedule=True, options=getattr(e, "supply_options", None),
                co2_cap_g_per_kwh=getattr(e, "supply_co2_cap_g_per_kwh", None), load_factor=scn.facility.load_factor,
                flexible_share=getattr(e, "supply_flexible_share", 0.0),
                reserve_margin=getattr(e, "supply_reserve_margin", None), late=getattr(e, "supply_late", "exclude"),
                speed_value_usd_per_gw_month=getattr(e, "supply_speed_value_usd_per_gw_month", None))
    if kw.get("energised_by") is not None:
        kw["energised_by_from_schedule"] = False
    base.update({k: v for k, v in kw.items() if k != "energised_by" or v is not None})
    from gigawatt.power import speed_value

    return speed_value.resolve(Request(**base), scn)


def campus_site(scn, n: int):
    """The campus phase ``n`` is solved at: ``energy.site_lat/site_lon`` where given, else the phase's own site
    (a program of ``program.sites``), else the built-in default (:func:`~gigawatt.power.site.default_site`, never
    looked up by the scenario's name). The whole program (``n`` 0) of
    several sites is not one campus: refused."""
    from gigawatt.errors import InputError
    from gigawatt.power import site as st

    lat, lon = getattr(scn.energy, "site_lat", None), getattr(scn.energy, "site_lon", None)
    if (lat is None) != (lon is None):
        missing = "energy.site_lon" if lon is None else "energy.site_lat"
        raise InputError(missing, f"the scenario gives {'energy.site_lat' if lon is None else 'energy.site_lon'} "
                                  f"but not {missing}: give both (or neither: the built-in default site)")
    if lat is not None:
        return st.at(lat, lon)
    if n == 0 and st.many_sites(scn):
        raise InputError("--phase", f"all would put the {len(scn.program.sites)} sites of {scn.name!r} on one campus; "
                                    "--phase each solves them site by site (or give a phase number)")
    return st.phase_site(scn, n) or st.default_site()


def reference(scn) -> dict[str, float]:
    """The scenario's flat energy assumptions, to show beside an optimised supply's LCOE and intensity."""
    return {"flat_price_usd_per_mwh": scn.energy.price_usd_per_mwh,
            "flat_carbon_g_per_kwh": scn.energy.carbon_g_per_kwh}


def solve_cached(req: "Request"):
    """:func:`solve`, one at a time in a process (a solve takes a CPU and up to a few hundred MB), keeping the
    last results: the CLI's report, the API's runs and ``energy.supply: optimised`` reuse a solve of the same
    request, whatever else in the scenario differs."""
    with _LOCK:
        if req in _SOLVED:
            _SOLVED.move_to_end(req)
            return _SOLVED[req]
        res = solve(req)
        _SOLVED[req] = res
        while len(_SOLVED) > CACHE_SIZE:
            _SOLVED.popitem(last=False)
        return res


def solve_scenario(scn, **kw):
    """The least-cost supply of a scenario's campus (see :func:`request_for`), through :func:`solve_cached`."""
    return solve_cached(request_for(scn, **kw))


CACHE_SIZE = 16
_SOLVED: OrderedDict = OrderedDict()
_LOCK = threading.Lock()
# A scenario's supply settings, as its fields (the request's checks name the CLI's options).
SCENARIO_FIELDS = {"--options": "energy.supply_options", "--co2-cap": "energy.supply_co2_cap_g_per_kwh",
                   "--flexible": "energy.supply_flexible_share", "--reserve-margin": "energy.supply_reserve_margin",
                   "--late": "energy.supply_late", "--speed-value": "energy.supply_speed_value_usd_per_gw_month",
                   "power": "energy.supply"}


SCHEDULE_NOTE = "supply (energy.supply: optimised):"  # how the schedule's note starts (views.supply_line finds it)


def schedule_update(scn) -> tuple[dict, str | None]:
    """For a scenario with ``energy.supply: optimised`` whose next phase's supply cannot be ready by the phase's
    date (the solve slipped its energise-by quarter, or under ``supply_late: price`` chose a late option: see
    :func:`gigawatt.power.speed_value.power_ready`): the program fields that move each phase to the quarter its
    supply can be energised, and a line saying so; ``({}, None)`` otherwise.

    Lead times count from the as-of quarter, so the earliest quarter is the same for every phase: each phase
    given as ``program.phases`` not yet online and due before it moves to it (what ``--phase each`` finds
    phase by phase); phases online before the as-of quarter keep their dates (their supply exists); a ramp's
    ``first_online`` moves to it. A program of ``program.sites`` is several campuses, each with its own supply:
    only the solved phase's site moves (its phases due before that quarter), the other sites keep their dates."""
    if getattr(scn.energy, "supply", "flat") != "optimised" or scn.include:
        return {}, None
    from gigawatt import timeline
    from gigawatt.power import speed_value

    res = solve_scenario(scn)
    late, ready, why = speed_value.power_ready(res)  # a slipped date, or a priced late plan
    if not late or not ready:
        return {}, None
    at = timeline.parse_quarter(ready, "energised_by")
    now = timeline.parse_quarter(res.schedule["as_of"], "as_of")
    prog = scn.program
    said = f"{SCHEDULE_NOTE} {why}"
    if prog.sites:
        return _site_slip(scn, res, now, at, said)
    if prog.phases:
        moved = [ph.model_copy(update={"online": ready}) if now <= timeline.parse_quarter(ph.online, "online") < at
                 else ph for ph in prog.phases]
        n = sum(a is not b for a, b in zip(moved, prog.phases))
        return {"phases": moved}, said + f", so {n} phase{'s' if n != 1 else ''} due before it move{'s' if n == 1 else ''} to {ready}"
    if timeline.parse_quarter(prog.first_online, "first_online") < at:
        return {"first_online": ready}, said + f", so the program's first_online moves to {ready}"
    return {}, None


def _site_slip(scn, res, now: int, at: int, said: str) -> tuple[dict, str]:
    """The move of a program of ``program.sites`` whose next phase's supply slips to ``at``: that phase's site's
    phases due from ``now`` but before ``at`` move to ``at`` (``Program._site_moves``); other sites keep theirs."""
    from gigawatt import timeline
    from gigawatt.power import site as st

    phases = st.site_phases(scn)
    sid = phases[res.schedule["phase"]["number"] - 1][3]
    n = sum(p[3] == sid and now <= p[1] < at for p in phases)
    name = st.catalog_site(sid)[0].name
    moves = {**scn.program._site_moves, sid: (now, at)}
    return {"_site_moves": moves}, said + (f", so {n} phase{'s' if n != 1 else ''} of {name} due before it "
                                           f"move{'s' if n == 1 else ''} to {timeline.label(at)}; the other sites keep "
                                           "their dates (each its own campus and supply)")


def energy_overrides(scn) -> dict[str, float]:
    """For a scenario with ``energy.supply: optimised``: the optimised LCOE and carbon intensity as field
    overrides ``{"energy.price_usd_per_mwh": ..., "energy.carbon_g_per_kwh": ...}``; ``{}`` for ``flat``."""
    if getattr(scn.energy, "supply", "flat") != "optimised":
        return {}
    from gigawatt.errors import InputError

    try:
        res = solve_scenario(scn)
    except InputError as e:
        raise InputError(SCENARIO_FIELDS.get(e.path, e.path), e.message) from None
    return {"energy.price_usd_per_mwh": round(res.lcoe_usd_per_mwh, 4),
            "energy.carbon_g_per_kwh": round(res.emissions_g_per_kwh, 4)}
