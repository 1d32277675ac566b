"""Where a campus is and how much it draws: built-in sites, the default site, the campus load.

A scenario names its campus with ``energy.site_lat/site_lon`` (``cheyenne-wy-10gw`` does: Cheyenne, Wyoming,
41.14, -104.82, the announced Tallgrass/Crusoe campus) or a program of ``program.sites`` (each phase at its own
site of sites.csv); one that names neither is solved at the built-in default, Abilene, Texas (32.45, -99.73;
Stargate's flagship campus), and the output says so (:data:`DEFAULT_NOTE`). ``--lat/--lon`` override all of
these. The site is never looked up by the scenario's name: a copy of a scenario under another name is solved
where its fields say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from gigawatt.errors import InputError, show


@dataclass(frozen=True)
class Site:
    name: str
    lat: float
    lon: float
    region: str | None  # selects site-specific capacity factors in power_options.csv (wy, tx), else generic
    default: bool = field(default=False, compare=False)  # the built-in default: the scenario named no site


SITES = {
    "cheyenne-wy": Site("Cheyenne, WY", 41.14, -104.82, "wy"),
    "abilene-tx": Site("Abilene, TX", 32.45, -99.73, "tx"),
}
DEFAULT_SITE = "abilene-tx"
DEFAULT_NOTE = ("the scenario names no site: solved at the built-in default, Abilene, TX (32.45, -99.73); set "
                "energy.site_lat and energy.site_lon in the scenario (or --set them, or give --lat/--lon)")


def default_site() -> Site:
    """The site of a scenario that names none (marked ``default``: the output says so)."""
    return replace(SITES[DEFAULT_SITE], default=True)


def at(lat: float, lon: float, name: str | None = None) -> Site:
    """A site at ``lat``, ``lon``; within 2 degrees of a built-in site it uses that site's capacity factors."""
    if not -90 <= lat <= 90:
        raise InputError("--lat", f"{show(lat)} is not a latitude (-90 to 90 degrees)")
    if not -180 <= lon <= 180:
        raise InputError("--lon", f"{show(lon)} is not a longitude (-180 to 180 degrees)")
    region = next((s.region for s in SITES.values() if abs(s.lat - lat) <= 2 and abs(s.lon - lon) <= 2), None)
    same = next((s.name for s in SITES.values() if (s.lat, s.lon) == (lat, lon)), None)  # a built-in site's name
    return Site(name or same or f"{lat:.2f},{lon:.2f}", lat, lon, region)


def phase_of(scn, phase: str = "next", as_of: int | None = None) -> tuple:
    """``--phase``: next, first, all or a phase number (1..N in date order) -> (number or 0 for all, of how many,
    facility GW, first-online quarter). The whole program needs its first phase's date. ``next`` (the default)
    is the first phase not yet online at the quarter ``as_of`` (an ordinal; None: today's), the last phase if
    every one is (see :func:`gigawatt.power.phases.next_phase`). ``each`` is not one phase: the sequence
    (:mod:`gigawatt.power.sequence`) asks for each phase by number."""
    from gigawatt import timeline
    from gigawatt.power import phases as ph

    phases = program_phases(scn)
    text = str(phase).strip().lower()
    if text == "each":  # the sequence solves phase by phase (power/sequence.py); one request is one phase
        raise InputError("--phase", "each (every phase in turn) is not one solve: `gigawatt power --phase each` runs "
                                    "it; here give next, first, all or a phase number from 1 to "
                                    f"{len(phases)}")
    if text == "all":
        return 0, len(phases), float(sum(p[0] for p in phases)), timeline.label(phases[0][1])
    n = {"first": 1, "next": ph.next_phase([p[1] for p in phases], as_of)}.get(text) \
        or (int(text) if re.fullmatch("[0-9]{1,4}", text) else -1)  # ASCII digits only: no '\u0661', no '\uff12'
    if not 1 <= n <= len(phases):
        raise InputError("--phase", f"{show(phase)} is not allowed: {ph.allowed(len(phases))}")
    gw, online, _ = phases[n - 1]
    return n, len(phases), float(gw), timeline.label(online)


def program_phases(scn) -> list[tuple]:
    """The scenario's phases in date order as (facility or IT GW, first-online quarter ordinal, platform); a
    program of ``program.sites`` has each site's own (see :func:`site_phases`)."""
    return [p[:3] for p in site_phases(scn)]


def site_phases(scn) -> list[tuple]:
    """The phases power is solved for, in date order, as (GW, first-online quarter ordinal, platform, site id or
    None). A program of ``program.sites`` is several campuses: each rise of one site's power is a phase of its
    own (two sites rising in one quarter are two phases, in the program's site order), where ``scn.phases()``
    adds them up by quarter; any other program is one campus (site id None)."""
    from gigawatt import timeline

    ids = list(getattr(scn.program, "sites", None) or [])
    if not ids:
        return [(*p[:3], None) for p in scn.phases()] or \
            [(scn.program.capacity_gw, timeline.parse_quarter(scn.program.first_online), None, None)]
    from gigawatt.sites import catalog_phases

    # the sites' own dates: a slip found by energy.supply: optimised (Program._site_moves) moves the build-out the
    # model runs (scn.phases()), not the phase that was solved, so the resolved scenario names what was solved
    rows = [(gw, q, plat, sid) for sid in ids for gw, q, plat in catalog_phases([sid], scn.program.platform)]
    return sorted(rows, key=lambda r: (r[1], ids.index(r[3])))


def phase_site(scn, n: int) -> Site | None:
    """The campus of phase ``n`` (1..N) of a program of ``program.sites`` (its row of sites.csv), else None."""
    sid = site_phases(scn)[n - 1][3] if n else None
    return catalog_site(sid)[0] if sid else None


def many_sites(scn) -> bool:
    """Whether the program's phases lie at more than one campus (``program.sites`` of two or more)."""
    return len(getattr(scn.program, "sites", None) or []) > 1


def weather_note(where: Site) -> str | None:
    """What the weather of a site outside the built-in weather regions is, said plainly (None inside one)."""
    if where.region:
        return None
    near = min(SITES.values(), key=lambda s: (s.lat - where.lat) ** 2 + (s.lon - where.lon) ** 2)
    return (f"{where.name} lies outside the built-in weather regions (within 2 degrees of Cheyenne, WY or Abilene, "
            f"TX; the nearest is {near.name}): its solar is pvlib's clear sky at its own latitude and longitude "
            "scaled to NREL ATB's national capacity factor, its wind ATB's national capacity factor (neither shaped "
            "to a region's months), and no ambient temperature is known (no heat derating)")


def campus_load_mw(scn, phase: str = "next", as_of: int | None = None) -> float:
    """Average facility draw of the campus [MW]: a phase's (the next by default) or the whole program's
    facility GW x ``facility.load_factor``; an IT-basis program is converted with its PUE."""
    return load_of_gw(scn, phase_of(scn, phase, as_of)[2])


def load_of_gw(scn, gw: float) -> float:
    """Average facility draw [MW] of ``gw`` of the program's capacity (IT-basis converted with the PUE)."""
    if scn.program.capacity_basis == "it":
        gw *= scn.facility.pue
    return gw * 1e3 * scn.facility.load_factor


def catalog_site(site_id: str) -> tuple[Site, float] | None:
    """A campus of ``sites.csv`` as (site, planned facility MW), or None if ``site_id`` is not one."""
    from gigawatt import catalog

    for s in catalog.sites():
        if s.id == site_id:
            return at(s.lat, s.lon, name=s.name), s.planned_mw
    return None


def site_ids() -> list[str]:
    from gigawatt import catalog

    return [s.id for s in catalog.sites()]
