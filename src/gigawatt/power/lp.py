"""The least-cost supply LP: capacity expansion and hourly dispatch for one campus, built with linopy and
solved with HiGHS (``highspy``).

Minimise the annual cost

    sum_g fixed_g * P_g + sum_s fixed_s / d_s * E_s + (8760 / T) * sum_{g,t} marginal_g * p_{g,t}
    + (8760 / T) * voll * sum_t u_t

over capacities P_g [MW] (storage energy E_s [MWh], power E_s / d_s), dispatch p_{g,t}, storage charge,
discharge and state of charge, and unserved load u_t, subject to, every hour t:
    p_{g,t} <= cf_{g,t} P_g (cf = 1 for dispatchable options),  P_g <= limit_g,
    sum_g p_{g,t} + sum_s (dis_{s,t} - ch_{s,t}) + u_t = load_t,
    soc_{s,t} = soc_{s,t-1} + sqrt(eta_s) ch_{s,t} - dis_{s,t} / sqrt(eta_s)  (cyclic over the horizon),
    ch, dis <= E_s / d_s,  soc <= E_s,
and, optionally, sum_{g,t} co2_g p_{g,t} <= cap * T / 8760 and sum_t u_t <= (1 - reliability) sum_t load_t.
Without a reliability target the load is served every hour (no u_t). This is the single-node capacity
expansion of PyPSA's examples and of the open microgrid studies for data centres, written directly in
linopy (lighter than building a PyPSA network for one bus). Costs are handled in k$ for conditioning.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import time
from dataclasses import dataclass, field

import numpy as np

from gigawatt.errors import InputError
from gigawatt.power.options import Option

K = 1e-3  # USD -> kUSD in the objective (coefficients ~1e-3..1e3)


@dataclass
class Solution:
    """Raw optimum: capacities, hourly dispatch, objective. Units in names."""

    hours: int
    load_mw: np.ndarray
    capacity_mw: dict[str, float]
    energy_mwh: dict[str, float]  # storage energy capacity
    dispatch_mw: dict[str, np.ndarray]  # generators: output; storage: discharge - charge
    charge_mw: dict[str, np.ndarray]
    unserved_mw: np.ndarray
    cost_usd_per_yr: float
    solve_seconds: float
    build_seconds: float
    solver: str
    status: str
    extra: dict = field(default_factory=dict)


def _solver_options() -> tuple[str, dict]:
    """HiGHS's HiPO interior point (highspy-extras) when present, else IPX; no crossover (the LP's
    vertices are not needed, only capacities and dispatch)."""
    try:
        import highspy

        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        hipo = h.setOptionValue("solver", "hipo") == highspy.HighsStatus.kOk
    except Exception:  # noqa: BLE001 - probing an optional extension
        hipo = False
    return ("hipo" if hipo else "ipm"), {"run_crossover": "off", "output_flag": False}


@contextlib.contextmanager
def _quiet_stdout():
    """HiGHS prints its banner from C++ straight to file descriptor 1; keep it out of ``--json`` output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def solve(load_mw: np.ndarray, options: dict[str, Option], cf: dict[str, np.ndarray],
          co2_cap_t_per_yr: float | None = None, reliability: float = 1.0, voll_usd_per_mwh: float = 10_000.0,
          solver: str | None = None) -> Solution:
    """Solve the LP for ``load_mw`` (hourly) with ``options``; ``cf`` holds hourly profiles of variable ones."""
    import logging

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # HiPO's dense blocks are small: BLAS threads only contend
    import linopy
    import pandas as pd
    import xarray as xr

    t0 = time.perf_counter()
    load = np.asarray(load_mw, dtype=float)
    hours = load.size
    annual = 8760.0 / hours
    gens = [k for k, o in options.items() if o.kind == "generator"]
    stos = [k for k, o in options.items() if o.kind == "storage"]
    h_idx = pd.RangeIndex(hours, name="hour")
    m = linopy.Model(force_dim_names=True)

    unserved = None
    if reliability < 1.0:
        unserved = m.add_variables(lower=0, upper=xr.DataArray(load, coords=[h_idx]), name="unserved")
    balance = 0
    objective = 0
    dispatch_vars = {}
    # Options with no fixed cost (grid import, a contract) need no capacity column: their limit bounds
    # the hourly dispatch directly. This keeps the KKT system sparse (capacity columns are dense).
    flat = [g for g in gens if options[g].fixed_usd_per_mw_yr == 0 and not options[g].variable]
    built = [g for g in gens if g not in flat]
    co2_terms = 0
    if flat:
        f_idx = pd.Index(flat, name="contract")
        upper = xr.DataArray(np.repeat([[options[g].limit_mw] for g in flat], hours, axis=1), coords=[f_idx, h_idx])
        q = m.add_variables(lower=0, upper=upper, name="contract")
        balance = q.sum("contract")
        marg = xr.DataArray([options[g].marginal_usd_per_mwh * K * annual for g in flat], coords=[f_idx])
        objective = (marg * q).sum()
        co2_terms = (xr.DataArray([options[g].co2_t_per_mwh for g in flat], coords=[f_idx]) * q).sum()
        dispatch_vars["flat"] = q
    if built:
        g_idx = pd.Index(built, name="option")
        upper = xr.DataArray([options[g].limit_mw if math.isfinite(options[g].limit_mw) else np.inf for g in built],
                             coords=[g_idx])
        cap = m.add_variables(lower=0, upper=upper, name="capacity")
        p = m.add_variables(lower=0, coords=[g_idx, h_idx], name="dispatch")
        prof = np.ones((len(built), hours))
        for i, g in enumerate(built):
            if options[g].variable:
                prof[i] = cf[g][:hours]
        m.add_constraints(p - xr.DataArray(prof, coords=[g_idx, h_idx]) * cap <= 0, name="available")
        balance = balance + p.sum("option")
        fixed = xr.DataArray([options[g].fixed_usd_per_mw_yr * K for g in built], coords=[g_idx])
        marg = xr.DataArray([options[g].marginal_usd_per_mwh * K * annual for g in built], coords=[g_idx])
        objective = objective + (fixed * cap).sum() + (marg * p).sum()
        co2_terms = co2_terms + (xr.DataArray([options[g].co2_t_per_mwh for g in built], coords=[g_idx]) * p).sum()
        dispatch_vars["gen"] = (cap, p)
    if co2_cap_t_per_yr is not None and any(options[g].co2_t_per_mwh > 0 for g in gens):
        m.add_constraints(co2_terms <= co2_cap_t_per_yr / annual, name="co2_cap")
    if stos:
        s_idx = pd.Index(stos, name="store")
        dur = xr.DataArray([options[s].duration_hours for s in stos], coords=[s_idx])
        eta = xr.DataArray([math.sqrt(options[s].efficiency) for s in stos], coords=[s_idx])
        e = m.add_variables(lower=0, coords=[s_idx], name="energy")
        ch = m.add_variables(lower=0, coords=[s_idx, h_idx], name="charge")
        dis = m.add_variables(lower=0, coords=[s_idx, h_idx], name="discharge")
        soc = m.add_variables(lower=0, coords=[s_idx, h_idx], name="soc")
        m.add_constraints(ch - e / dur <= 0, name="charge_max")
        m.add_constraints(dis - e / dur <= 0, name="discharge_max")
        m.add_constraints(soc - e <= 0, name="soc_max")
        m.add_constraints(soc - soc.roll(hour=1) - eta * ch + dis / eta == 0, name="soc_balance")
        balance = balance + dis.sum("store") - ch.sum("store")
        fixed_e = xr.DataArray([options[s].fixed_usd_per_mw_yr / options[s].duration_hours * K for s in stos],
                               coords=[s_idx])
        marg_s = xr.DataArray([options[s].marginal_usd_per_mwh * K * annual for s in stos], coords=[s_idx])
        objective = objective + (fixed_e * e).sum() + (marg_s * dis).sum()
        dispatch_vars["sto"] = (e, ch, dis)
    if unserved is not None:
        balance = balance + unserved
        objective = objective + (unserved * (voll_usd_per_mwh * K * annual)).sum()
        m.add_constraints(unserved.sum() <= (1.0 - reliability) * float(load.sum()), name="reliability")
    if isinstance(balance, int):
        raise InputError("--options", "no supply option to solve for")
    m.add_constraints(balance == xr.DataArray(load, coords=[h_idx]), name="balance")
    m.add_objective(objective)
    t1 = time.perf_counter()
    log = logging.getLogger("linopy")
    level = log.level
    log.setLevel(logging.ERROR)  # an infeasible LP is reported by us in one line, not by linopy's warning
    try:
        with _quiet_stdout():
            name, kw = _solver_options()
            name = solver or name
            status, condition = m.solve(solver_name="highs", io_api="direct", solver=name, **kw)
    finally:
        log.setLevel(level)
    t2 = time.perf_counter()
    if status != "ok" or condition != "optimal":
        raise Infeasible(str(condition))

    cap_mw, energy, disp, charge = {}, {}, {}, {}
    if "flat" in dispatch_vars:
        qv = dispatch_vars["flat"].solution.values
        for i, g in enumerate(flat):
            disp[g] = np.maximum(qv[i], 0.0)
            cap_mw[g] = float(disp[g].max())  # the interconnection or contract actually used
    if "gen" in dispatch_vars:
        cap, p = dispatch_vars["gen"]
        cv, pv = cap.solution.values, p.solution.values
        for i, g in enumerate(built):
            cap_mw[g] = max(float(cv[i]), 0.0)
            disp[g] = np.maximum(pv[i], 0.0)
    if "sto" in dispatch_vars:
        e, ch, dis = dispatch_vars["sto"]
        ev, cv, dv = e.solution.values, ch.solution.values, dis.solution.values
        for i, s in enumerate(stos):
            energy[s] = max(float(ev[i]), 0.0)
            cap_mw[s] = energy[s] / options[s].duration_hours
            disp[s] = dv[i] - cv[i]
            charge[s] = np.maximum(cv[i], 0.0)
    un = np.maximum(unserved.solution.values, 0.0) if unserved is not None else np.zeros(hours)
    return Solution(hours=hours, load_mw=load, capacity_mw=cap_mw, energy_mwh=energy, dispatch_mw=disp,
                    charge_mw=charge, unserved_mw=un, cost_usd_per_yr=float(m.objective.value) / K,
                    solve_seconds=t2 - t1, build_seconds=t1 - t0, solver=f"HiGHS {name} (linopy)",
                    status=str(condition))


class Infeasible(Exception):
    """The LP has no solution (the caller turns it into one clear line)."""
