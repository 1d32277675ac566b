"""Whole gas units inside the optimisation (``--units milp``): HiGHS's branch and bound, its gap and time limit.

With ``--units milp`` every gas plant's capacity is ``P_g = unit_mw_g x n_g`` with ``n_g`` an integer
(:func:`gigawatt.power.lp.define_units`); its output stays ``p_{g,t} <= P_g / (1 + k_g)`` with the reserve share
``k_g`` of :mod:`gigawatt.power.reliability`, so the units kept in reserve are paid for as in the LP. HiGHS
solves the MILP by branch and bound over dual-simplex LPs; it stops when the relative gap between the best plan
found and the best bound is at most :data:`MIP_GAP`, or at :data:`TIME_LIMIT_S`. A plan stopped by the time
limit is reported as such, with the gap it reached (``proven_optimal: false``), never as optimal.

The default (``--units round``) solves the LP and rounds each gas capacity up to whole units
(:func:`gigawatt.power.reliability.assess`): the MILP's root LP is solved by the dual simplex, several times
slower than the LP's interior point at a full year (Stargate's Abilene phase under a 200 g/kWh cap: 49 s of CPU
against 1.5 s, measured 2026-12-06 on a loaded 2-core machine). ``--units staged`` (:func:`solve`) is what works
at a full year: the LP first (interior point), then the MILP with solar, wind and battery power fixed at the LP's
capacities (battery energy at least the LP's): only the unit counts and the dispatch are chosen again. It is
optimal for that restricted problem, not for the full MILP; its cost against the full MILP is measured in the
README ("Whole units") and pinned on a small case by ``tests/power/test_milp.py``.
"""

from __future__ import annotations

from gigawatt.power.highs import MIP_GAP, TIME_LIMIT_S  # noqa: F401 - the MILP's gap and time limit, read here

METHODS = ("round", "milp", "staged")
# The most LP steps a MILP (milp or staged) is started for. Measured (cheyenne-wy-10gw, every option, `gigawatt
# power --units milp --json`, /usr/bin/time, this repo, 2026-12-06, 2 shared cores): 4,380 steps (the default
# year) 12.0 s and 354 MB; 8,760 steps (2 weather years) 15.1 s, 453 MB; 17,520 steps (4 years) 44.3 s, 573 MB;
# 43,800 steps (10 years) found no whole-unit plan within the 120 s limit, holding 1.3 GB (issue 20). Above this
# the time roughly triples per doubling, past the limit: refused before any solve.
MAX_STEPS = 17_520


def check(method) -> str:
    """``--units``: round (the LP, then whole units), milp (whole units in the optimisation) or staged (:func:`solve`)."""
    from gigawatt.errors import InputError, show

    if not isinstance(method, str) or method not in METHODS:
        raise InputError("--units", f"{show(method)} is not allowed: round (the LP's gas capacity rounded up to "
                                    "whole units, the default), milp (whole units chosen by the optimisation) or "
                                    "staged (the LP, then a MILP for the units with solar, wind and batteries fixed)")
    return method


def check_size(method: str, steps: int) -> None:
    """A MILP (``--units milp`` or ``staged``) of more than :data:`MAX_STEPS` LP steps: one line, before any solve."""
    if method == "round" or steps <= MAX_STEPS:
        return
    from gigawatt.errors import InputError

    raise InputError("--units", f"{method} solves at most {MAX_STEPS:,} LP steps (4 weather years in 2-hour steps; "
                                f"measured 44 s) and this request has {steps:,} (weather years x hours / step hours): "
                                "HiGHS's branch and bound finds no whole-unit plan within its time limit at that size; "
                                "give fewer weather years or longer steps, or --units round")


def solve(method: str, run, options: dict, existing: tuple, unit_mw: dict[str, float] | None):
    """The supply with whole units by ``method``; ``run(options, existing, unit_mw)`` solves one model
    (:func:`gigawatt.power.lp.solve` with the request's other settings). ``staged``: the LP, then the MILP with
    the variable plants and the stores at the LP's capacities (:func:`fixed_at`); its times are the two stages'."""
    if method == "round" or not unit_mw:
        return run(options, existing, None)
    if method == "milp":
        return run(options, existing, unit_mw)
    relaxed = run(options, existing, None)
    sol = run(*fixed_at(relaxed, options, existing), unit_mw)
    sol.extra["units"].update(method="staged", optimal_for="the unit counts and dispatch with solar, wind and "
                              "battery power fixed at the LP's capacities (not the full MILP)",
                              lp_solve_seconds=relaxed.solve_seconds, lp_cost_usd_per_yr=relaxed.cost_usd_per_yr)
    sol.solve_seconds += relaxed.solve_seconds
    sol.solve_cpu_seconds += relaxed.solve_cpu_seconds
    sol.build_seconds += relaxed.build_seconds
    return sol


def fixed_at(relaxed, options: dict, existing: tuple) -> tuple[dict, tuple]:
    """The options and lower bounds that hold each variable plant and store at ``relaxed``'s capacity: the limit
    and the floor at its MW (a store's energy: at least its MWh, at most its longest duration)."""
    from dataclasses import replace

    held = [k for k, o in options.items() if o.variable or o.kind == "storage"]
    mw = {k: max(relaxed.capacity_mw.get(k, 0.0), 0.0) for k in held}
    mwh = {k: max(relaxed.energy_mwh.get(k, 0.0), 0.0) for k in held if options[k].kind == "storage"}
    return ({k: replace(o, limit_mw=mw[k]) if k in mw else o for k, o in options.items()},
            ({**existing[0], **mw}, {**existing[1], **mwh}))
