"""The LP's time steps: hourly inputs averaged over blocks of N hours, and the optimum repeated back to hours.

A year solved in 2-hour steps keeps the whole year in order (storage carries energy from one step to the next,
as PyPSA-Eur's 3-hourly resolution does) with half the LP's columns and rows: the interior point's work falls
by 2-3x (4x at 3-hour steps). Within a step the load and each capacity factor are their averages, so what is
lost is the swing inside a step: a battery
that would fill and empty within a step, and a peak shorter than a step. The campus load is flat, so its peak
is kept exactly; the measured error against hourly steps on the built-in cases is :data:`MEASURED` (pinned by
``tests/power/test_timesteps.py``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

STEPS = (1, 2, 3, 4, 6)  # hours per LP step: each divides a day, none longer than a battery's shortest duration
FULL_YEAR_STEP = 2  # the default for a full year (8,760 hours); shorter runs are solved hourly

# Measured against hourly steps (same inputs, HiGHS to its default tolerance) on 2026-12-06, full year (8,760 h):
# the LP's LCOE in $/MWh (before whole gas units, power/as_built.py) by hours per step, and (2-hour - hourly) / hourly. Coarser steps understate the cost where sun and
# batteries matter (a step's average hides the swing within it); 3-hour steps missed by up to 2.7 %, so the
# default is 2. "every option": no energise-by date; "scheduled": the options buildable by the phase's date
# (as of 2026Q4: engines, aeroderivatives, solar, batteries), as `gigawatt power` solves by default. Re-measured 2026-12-06 when
# the synthetic profiles' months were shaped to the TMY3 stations (power_weather.csv); with the measured station
# files installed (power/measured.py) the built-in cases solve other weather and these figures do not apply.
# The three Cheyenne cases re-measured 2026-12-06 after the fact-check data update (engine heat rate 7,800,
# combined-cycle capex 2,400, aeroderivatives 48 months); the Stargate case is from before it (not re-measured).
MEASURED = {
    "cheyenne-wy-10gw phase 1, every option": {"1": 47.639, "2": 47.639, "3": 47.639, "rel_2h": 0.0},
    "cheyenne-wy-10gw phase 1, every option, CO2 cap 100 g/kWh": {"1": 65.217, "2": 64.991, "3": 64.748,
                                                                  "rel_2h": -0.0035},
    "cheyenne-wy-10gw phase 1, scheduled, CO2 cap 100 g/kWh": {"1": 154.639, "2": 152.887, "3": 151.133,
                                                               "rel_2h": -0.0113},
    "stargate-10gw phase 1 (Abilene, TX), scheduled, CO2 cap 100 g/kWh": {"1": 147.346, "2": 145.386, "3": 143.403,
                                                                          "rel_2h": -0.0133},
}


def lp_steps(req) -> int:
    """The LP's time steps for one solve of ``req``: weather years x hours / hours per step (the work and memory
    of a solve grow with it)."""
    return req.weather_years * -(-req.hours // req.step_hours)


def default_step(hours: int, window_hours: int) -> int:
    """2-hour steps for a full year whose flexible window is whole steps; else hourly."""
    return FULL_YEAR_STEP if hours == 8760 and window_hours % FULL_YEAR_STEP == 0 else 1


def average(a: np.ndarray, step: int) -> np.ndarray:
    """Means of consecutive blocks of ``step`` values (``len(a)`` a multiple of ``step``)."""
    a = np.asarray(a, dtype=float)
    return a if step == 1 else a.reshape(-1, step).mean(axis=1)


def coarsen(load, cf: dict[str, np.ndarray], hours: int, step: int):
    """The load and the capacity factors averaged over steps of ``step`` hours."""
    mw = np.asarray(load.mw, dtype=float)[:hours]
    return replace(load, mw=average(mw, step)), {k: average(np.asarray(v, dtype=float)[:hours], step)
                                                for k, v in cf.items()}


def refine(sol, step: int):
    """The optimum of a coarse LP as hourly series (each step's values repeated over its hours): every annual sum and every share reads as it does for an hourly solve."""
    if step == 1:
        return sol

    def rep(a):
        return np.repeat(np.asarray(a, dtype=float), step)

    def each(d):
        return {k: rep(v) for k, v in d.items()}

    return replace(sol, hours=sol.hours * step, load_mw=rep(sol.load_mw),
                   drawn_mw=rep(sol.drawn_mw), dispatch_mw=each(sol.dispatch_mw), charge_mw=each(sol.charge_mw),
                   available_mw=each(sol.available_mw), unserved_mw=rep(sol.unserved_mw), step_hours=step)
