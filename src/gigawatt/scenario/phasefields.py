"""Fields that a program's phases or sites set: refused beside them unless they agree, never silently ignored.

With ``program.phases`` or ``program.sites`` the phases give the program's size and dates: ``capacity_gw`` is
their total, ``first_online`` their first quarter, and a ramp (``ramp_gw_per_year``, ``phase_gw``) has nothing
to act on. Before issue 22 a value given beside them was dropped without a word
(``stargate-10gw --set program.capacity_gw=1`` answered 9.57 GW). Now a value that restates what the phases say
(a file's ``capacity_gw: 10`` beside phases of 10 GW) is accepted; any other is refused, naming both fields;
left out, ``capacity_gw`` and ``first_online`` are filled from the phases.
"""

from __future__ import annotations

from typing import Any

from gigawatt import timeline
from gigawatt.errors import InputError, show

SET_BY_PHASES = ("capacity_gw", "first_online", "ramp_gw_per_year", "phase_gw")
_PLACEHOLDER_GW = 1.0  # stands for a capacity the phases will set, so that the schema's bounds pass


def source(program: Any) -> str | None:
    """``"program.sites"`` or ``"program.phases"`` when a raw or validated program lists them, else None."""
    get = program.get if isinstance(program, dict) else lambda k: getattr(program, k, None)
    return "program.sites" if get("sites") else "program.phases" if get("phases") else None


def prepare(raw: dict) -> dict:
    """The raw scenario with a placeholder ``capacity_gw`` where phases or sites set it (filled by :func:`settle`)."""
    program = raw.get("program")
    if isinstance(program, dict) and source(program) and "capacity_gw" not in program:
        return {**raw, "program": {**program, "capacity_gw": _PLACEHOLDER_GW}}
    return raw


def settle(raw: dict, scn) -> None:
    """Refuse a field that phases or sites set when it disagrees with them; fill the ones left out."""
    program, p = raw.get("program"), scn.program
    where = source(p)
    if where is None or not isinstance(program, dict):
        return
    _refuse_uncertain(raw, where)
    for key in ("ramp_gw_per_year", "phase_gw"):
        if program.get(key) is not None:
            raise InputError(f"program.{key}", f"{show(program[key])} is given together with {where}, which set the "
                                               f"phases; a ramp has nothing to act on: remove program.{key} or {where}")
    phases = _phases(p)
    total = sum(gw for gw, _, _ in phases)
    if "capacity_gw" in program and abs(p.capacity_gw - total) > 1e-6 * max(total, 1.0):
        raise InputError("program.capacity_gw", f"{p.capacity_gw:.6g} GW is given together with {where}, "
                                                f"whose phases add up to {total:.6g} GW; the phases set the size: "
                                                f"remove program.capacity_gw (or make it {total:.6g})")
    first = min(q for _, q, _ in phases)
    if "first_online" in program and timeline.parse_quarter(p.first_online, "program.first_online") != first:
        raise InputError("program.first_online", f"{show(program['first_online'])} is given together with {where}, "
                                                 f"whose first phase is online in {timeline.label(first)}; the "
                                                 f"phases set the dates: remove program.first_online")
    p.capacity_gw, p.first_online = total, p.first_online if "first_online" in program else timeline.label(first)


def _phases(p) -> list[tuple[float, int, str]]:
    """The phases, each explicit date read with its own path (a bad one is named where it is)."""
    if p.sites:
        seen: dict[str, int] = {}
        for i, sid in enumerate(p.sites):
            if sid in seen:
                raise InputError(f"program.sites[{i}]", f"{show(sid)} is listed twice (also program.sites[{seen[sid]}]);"
                                                        " a site counts once: remove one")
            seen[sid] = i
        from gigawatt.sites import catalog_phases
        return catalog_phases(p.sites, p.platform)
    return [(ph.gw, timeline.parse_quarter(ph.online, f"program.phases[{i}].online"), "")
            for i, ph in enumerate(p.phases)]


def _refuse_uncertain(raw: dict, where: str) -> None:
    """``uncertainty: {program.capacity_gw: 5}`` sets the field: beside phases or sites it would be ignored too."""
    block = raw.get("uncertainty")
    if not isinstance(block, dict):
        return
    for key in SET_BY_PHASES:
        if f"program.{key}" in block:
            raise InputError(f"uncertainty.program.{key}", f"is given together with {where}, which set the "
                                                           f"program's size and dates: remove one of the two")
