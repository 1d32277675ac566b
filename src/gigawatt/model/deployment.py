"""What is built, when: phases, slips, cancellations, platforms, refresh.

DESIGN.md section 3, "Deployment". A program is a list of phases (GW, online quarter, platform or auto).
Under uncertainty the whole schedule slips by a drawn number of quarters, and because a letter of intent
binds nobody each phase after the first goes ahead only with a continuation probability; once one phase is
cancelled the later ones are too. That nested event needs one uniform per draw: phase k (0-based) goes
ahead iff ``u < p**k``, which has exactly the probability ``p**k`` of k successive continuations.
Hardware is refreshed at the end of its service life with the newest platform then available (new IT,
same power).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AUTO = -1


@dataclass(frozen=True)
class Cohorts:
    """Blocks of hardware, arrays shaped (draws, cohorts); cohort c = phase c // generations, generation c % G."""

    start: np.ndarray       # first quarter online (ordinal)
    end: np.ndarray         # first quarter retired (ordinal)
    gw: np.ndarray          # program power of the cohort (0 when cancelled) [GW, program basis]
    platform: np.ndarray    # catalog index
    phase: np.ndarray       # phase index (cohorts,)
    generation: np.ndarray  # 0 = first build, 1 = first refresh, ... (cohorts,)


def newest_platform(quarter, available, eligible):
    """Index of the newest eligible platform available at ``quarter``; the earliest one before any exists.

    ``available`` (platforms,) quarter ordinals, ``eligible`` (platforms,) bool. [same shape as quarter]
    """
    cand = np.flatnonzero(eligible)
    order = cand[np.argsort(available[cand], kind="stable")]
    pos = np.searchsorted(available[order], quarter, side="right") - 1
    return order[np.clip(pos, 0, len(order) - 1)]


def phase_schedule(phase_online, delay_quarters, continue_probability, continue_draw):
    """Online quarter (draws, phases) and whether each phase goes ahead (draws, phases).

    ``phase_online`` (phases,) planned ordinals; ``delay_quarters``, ``continue_probability`` and
    ``continue_draw`` (a uniform in [0, 1); 0 means every phase goes ahead) shaped (draws,).
    """
    slip = np.rint(np.asarray(delay_quarters, dtype=float)).astype(np.int64)
    online = np.asarray(phase_online, dtype=np.int64)[None, :] + slip[:, None]
    k = np.arange(len(phase_online))[None, :]
    goes_ahead = np.asarray(continue_draw)[:, None] < np.power(np.asarray(continue_probability)[:, None], k)
    goes_ahead[:, 0] = True
    return online, goes_ahead


def cohorts(phase_gw, online, goes_ahead, phase_platform, service_life_years, available, eligible,
            horizon_end: int) -> Cohorts:
    """Expand phases into hardware generations up to the horizon.

    ``phase_gw`` (phases,); ``online``, ``goes_ahead`` (draws, phases); ``phase_platform`` (draws, phases)
    catalog index or AUTO; ``service_life_years`` (draws,). The first build of an AUTO phase and every
    refresh take the newest eligible platform at their start.
    """
    d, n_phases = online.shape
    life_q = np.maximum(np.rint(np.asarray(service_life_years, dtype=float) * 4).astype(np.int64), 1)
    span = max(int(horizon_end - online.min()) + 1, 1)
    n_gen = int(np.ceil(span / life_q.min())) + 1
    gen = np.arange(n_gen)
    start = online[:, :, None] + life_q[:, None, None] * gen[None, None, :]
    end = start + life_q[:, None, None]
    platform = newest_platform(start, available, eligible)
    first = np.asarray(phase_platform)
    platform[:, :, 0] = np.where(first == AUTO, platform[:, :, 0], first)
    gw = np.where(goes_ahead[:, :, None], np.asarray(phase_gw, dtype=float)[None, :, None], 0.0)
    gw = np.broadcast_to(gw, start.shape)
    shape = (d, n_phases * n_gen)
    return Cohorts(start=start.reshape(shape), end=end.reshape(shape), gw=gw.reshape(shape),
                   platform=platform.reshape(shape), phase=np.repeat(np.arange(n_phases), n_gen),
                   generation=np.tile(gen, n_phases))


def facility_gw(program_gw, pue, basis_is_it: bool):
    """Facility (grid) power of program GW: the program's GW are facility power unless the basis is IT. [GW]"""
    return program_gw * pue if basis_is_it else program_gw
