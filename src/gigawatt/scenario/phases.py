"""A program's phases: the explicit list, real sites, or the ramp rule expanded."""

from __future__ import annotations

from gigawatt import timeline

MAX_PHASES = 2000  # a ramp of 1 MW phases for 2 GW; more is a typo, and would exhaust memory


def expand_phases(p) -> list[tuple[float, int, str]]:
    """A program's phases (``p``: a :class:`~gigawatt.scenario.schema.Program`) from its real sites, its explicit
    list, or its ramp rule: ``phase_gw`` blocks at ``ramp_gw_per_year``."""
    if p.sites:  # real campuses: phases from their timelines (gigawatt.sites)
        from gigawatt.sites import catalog_phases
        return catalog_phases(p.sites, p.platform, moves=p._site_moves)
    if p.phases:  # in date order: continuation is decided phase after phase
        return sorted(((ph.gw, timeline.parse_quarter(ph.online), ph.platform or p.platform) for ph in p.phases),
                      key=lambda ph: ph[1])
    first = timeline.parse_quarter(p.first_online)
    if p.ramp_gw_per_year is None:
        return [(p.capacity_gw, first, p.platform)]
    n_full, rest = divmod(p.capacity_gw, p.phase_gw)
    sizes = [p.phase_gw] * int(n_full) + ([rest] if rest > 1e-9 else [])
    out, built = [], 0.0
    for size in sizes:
        # A phase is online once the ramp has delivered it: built/rate years after the first phase.
        out.append((size, first + round(built / p.ramp_gw_per_year * 4), p.platform))
        built += size
    return out
