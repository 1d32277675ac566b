"""The LP's time steps: hourly inputs averaged over blocks of N hours, and the optimum repeated back to hours.

A year solved in 3-hour steps keeps the whole year in order (storage carries energy from one step to the next,
as PyPSA-Eur's default 3-hourly resolution does) with a third of the LP's columns and rows. Within a step the
load and each capacity factor are their averages, so what is lost is the swing inside three hours: a battery
that would fill and empty within a step, and a peak shorter than a step. The campus load is flat, so its peak
is kept exactly; the measured error against hourly steps on the built-in cases is :data:`MEASURED` (pinned by
``tests/power/test_timesteps.py``).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

STEPS = (1, 2, 3, 4, 6)  # hours per LP step: each divides a day, none longer than a battery's shortest duration
FULL_YEAR_STEP = 3  # the default for a full year (8,760 hours); shorter runs are solved hourly

# Measured against hourly steps (same inputs, HiGHS to its default tolerance) on 2026-12-06: Cheyenne's first
# phase (1,440 MW), every option, no energise-by date, 8,760 hours; ``*_rel``: (3-hour - hourly) / hourly.
MEASURED = {
    "case": "cheyenne-wy-10gw phase 1, 1,440 MW, every option, 8,760 hours, measured 2026-12-06",
    "default": {"lcoe_usd_per_mwh": {"hourly": 46.588, "3h": 46.588}, "lcoe_rel": 0.0,
                "mix": "100 % combined cycle either way"},
    "co2_cap_100_g_per_kwh": {"lcoe_usd_per_mwh": {"hourly": 64.454, "3h": 64.021}, "lcoe_rel": -0.0067,
                              "capacity_mw": {"hourly": {"gas-ccgt": 640, "solar": 1256, "wind": 1440},
                                              "3h": {"gas-ccgt": 640, "solar": 1243, "wind": 1453}},
                              "mix": "grid 300 MW and firm contract 500 MW either way; no battery either way"},
}


def default_step(hours: int, window_hours: int) -> int:
    """3-hour steps for a full year whose flexible window is whole steps; else hourly."""
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
