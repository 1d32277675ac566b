"""The least-cost supply LP: capacity expansion and hourly dispatch for one campus, built with linopy and
solved with HiGHS (``highspy``).

Minimise the annual cost (annuities + fixed O&M + (8760 / T) x hourly fuel, O&M and contract costs + the value
of unserved load) over, for T hours t:

* contracts f (grid import, firm clean PPA; no fixed cost): hourly draw ``0 <= q_{f,t} <= limit_f``;
* dispatchable plants g (gas): capacity ``P_g`` and output ``0 <= p_{g,t} <= P_g``;
* variable plants v (solar, wind): capacity ``P_v``; their output is ``cf_{v,t} P_v`` less one shared
  curtailment ``0 <= c_t <= sum_v cf_{v,t} P_v`` (exact: curtailing solar or wind costs nothing either way,
  so only the total matters; it is shared out pro rata to what each could make). Their variable O&M (zero in
  ATB) is charged on what they could make, curtailed or not;
* stores s (batteries): power ``P_s`` and energy ``E_s`` sized apart (NREL ATB's power + energy cost model),
  ``d_min P_s <= E_s <= d_max P_s``; charge and discharge ``ch + dis <= P_s``; state of charge
  ``soc_t = soc_{t-1} + sqrt(eta) ch_t - dis_t / sqrt(eta)`` (cyclic), ``soc_t <= E_s``;
* the load: a rigid part ``(1 - phi) L_t`` and a flexible part ``0 <= x_t <= R - (1 - phi) L_t`` (R: the
  campus's rating) that must draw its energy ``phi sum L_t`` within each window of W hours (a day by default):
  compute that can wait some hours;
* unserved load ``0 <= u_t <= L_t`` only under a reliability target: ``sum u <= (1 - reliability) sum L``, at
  the value of lost load;

every hour ``sum q + sum p + sum_v cf P_v - c + sum (dis - ch) + u = (1 - phi) L_t + x_t``; optionally
``sum co2 (q + p) <= cap T / 8760`` and a reserve margin: on-site firm capacity ``sum_g P_g >= (1 + m) D`` with
``D >= (1 - phi) L_t + x_t`` every hour (D: the highest hourly draw, which shifting may raise). Only gas plants count: the contracts here are priced per MWh with no capacity charge (a
contract's limit would otherwise give a margin for nothing), and sun, wind and batteries cannot run for days.

Only the four thermal options and the store carry hourly rows against a capacity column; per hour the LP has
about ten columns and nine rows (the first version had fourteen and fifteen: a dispatch row per renewable
and two fixed-duration batteries), which is what HiGHS's interior point pays for in every iteration. This is
the single-node capacity expansion of PyPSA's examples and of the open microgrid studies for data centres,
written directly in linopy (lighter than a PyPSA network for one bus). Costs are handled in k$ for
conditioning.
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
    load_mw: np.ndarray  # the load as given (rigid + flexible, before shifting)
    drawn_mw: np.ndarray  # what the campus drew each hour after shifting its flexible part
    capacity_mw: dict[str, float]
    energy_mwh: dict[str, float]  # storage energy capacity
    dispatch_mw: dict[str, np.ndarray]  # generators: output; storage: discharge - charge
    charge_mw: dict[str, np.ndarray]
    available_mw: dict[str, np.ndarray]  # variable options: what they could have made
    unserved_mw: np.ndarray
    cost_usd_per_yr: float
    solve_seconds: float
    build_seconds: float
    solver: str
    status: str
    extra: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Load:
    """The campus's load for the LP: hourly MW, the share that may shift, its window, the campus rating."""

    mw: np.ndarray
    flexible_share: float = 0.0
    window_hours: int = 24
    rating_mw: float | None = None  # the most the campus can draw in an hour (default: its peak load)

    @property
    def peak_mw(self) -> float:
        """The highest hourly draw possible: the rating where a share may shift, else the peak load."""
        return float(self.rating_mw) if self.flexible_share > 0 and self.rating_mw else float(np.max(self.mw))


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


def _classify(options: dict[str, Option]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Contracts (no fixed cost), dispatchable plants, variable plants, stores."""
    gens = [k for k, o in options.items() if o.kind == "generator"]
    flat = [g for g in gens if options[g].fixed_usd_per_mw_yr == 0 and not options[g].variable]
    variable = [g for g in gens if options[g].variable]
    plants = [g for g in gens if g not in flat and g not in variable]
    stores = [k for k, o in options.items() if o.kind == "storage"]
    return flat, plants, variable, stores


def dominated(options: dict[str, Option], plants: list[str]) -> set[str]:
    """Plants no optimum needs: another plant costs no more to build or to run, emits no more, and is no more
    limited (one of them strictly better, or the later of two equals). Whatever the dominated plant would do, the
    other does at no greater cost under any CO2 cap, price or reserve margin, so dropping it is exact; it
    shortens every hour of the LP (with the AEO2026 rows, aeroderivatives are dominated by frame turbines)."""
    def key(g):
        o = options[g]
        return o.fixed_usd_per_mw_yr, o.marginal_usd_per_mwh, o.co2_t_per_mwh, -o.limit_mw

    out = set()
    for b in plants:
        for a in plants:
            if a != b and a not in out and all(x <= y for x, y in zip(key(a), key(b))) \
                    and (key(a) != key(b) or plants.index(a) < plants.index(b)):
                out.add(b)
                break
    return out


def solve(load: Load | np.ndarray, options: dict[str, Option], cf: dict[str, np.ndarray],
          co2_cap_t_per_yr: float | None = None, reliability: float = 1.0, voll_usd_per_mwh: float = 10_000.0,
          reserve_margin: float | None = None, solver: str | None = None) -> Solution:
    """Solve the LP for ``load`` (a :class:`Load`, or hourly MW) with ``options``; ``cf`` holds the hourly
    profiles of the variable ones."""
    import logging

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # HiPO's dense blocks are small: BLAS threads only contend
    import linopy
    import pandas as pd
    import xarray as xr

    t0 = time.perf_counter()
    if not isinstance(load, Load):
        load = Load(np.asarray(load, dtype=float))
    scale = load.peak_mw  # powers in units of the campus's peak (~1): the interior point converges faster
    demand = np.asarray(load.mw, dtype=float) / scale
    hours = demand.size
    annual = 8760.0 / hours
    flat, plants, variable, stores = _classify(options)
    if not (flat or plants or variable):
        raise InputError("--options", "no supply option to solve for (storage alone makes no energy)")
    plants = [g for g in plants if g not in dominated(options, plants)]

    def limit(k):
        return options[k].limit_mw / scale
    h_idx = pd.RangeIndex(hours, name="hour")
    m = linopy.Model(force_dim_names=True)

    def by(keys, values, dim):
        return xr.DataArray(list(values), coords=[pd.Index(keys, name=dim)])

    supply = 0  # every hour's supply, as a linopy expression over "hour"
    objective = 0
    co2 = 0
    v = {}
    if flat:
        upper = xr.DataArray(np.repeat([[limit(f)] for f in flat], hours, axis=1),
                             coords=[pd.Index(flat, name="contract"), h_idx])
        q = v["contract"] = m.add_variables(lower=0, upper=upper, name="contract")
        supply = q.sum("contract")
        objective = (by(flat, (options[f].marginal_usd_per_mwh * K * annual for f in flat), "contract") * q).sum()
        co2 = (by(flat, (options[f].co2_t_per_mwh for f in flat), "contract") * q).sum()
    if plants:
        upper = by(plants, (limit(g) for g in plants), "plant")
        cap = v["plant_capacity"] = m.add_variables(lower=0, upper=upper, name="plant_capacity")
        p = v["plant"] = m.add_variables(lower=0, coords=[upper.indexes["plant"], h_idx], name="plant")
        m.add_constraints(p - cap <= 0, name="plant_available")
        supply = supply + p.sum("plant")
        objective = objective + (by(plants, (options[g].fixed_usd_per_mw_yr * K for g in plants), "plant") * cap).sum() \
            + (by(plants, (options[g].marginal_usd_per_mwh * K * annual for g in plants), "plant") * p).sum()
        co2 = co2 + (by(plants, (options[g].co2_t_per_mwh for g in plants), "plant") * p).sum()
    if variable:
        profile = xr.DataArray(np.stack([np.asarray(cf[k][:hours], dtype=float) for k in variable]),
                               coords=[pd.Index(variable, name="renewable"), h_idx])
        upper = by(variable, (limit(k) for k in variable), "renewable")
        capv = v["renewable_capacity"] = m.add_variables(lower=0, upper=upper, name="renewable_capacity")
        available = (profile * capv).sum("renewable")
        curtail = v["curtail"] = m.add_variables(lower=0, coords=[h_idx], name="curtail")
        m.add_constraints(curtail - available <= 0, name="curtail_max")
        supply = supply + available - curtail
        per_mw = [options[k].fixed_usd_per_mw_yr + options[k].marginal_usd_per_mwh * float(profile.sel(renewable=k).sum())
                  * annual for k in variable]
        objective = objective + (by(variable, (c * K for c in per_mw), "renewable") * capv).sum()
    if stores:
        s_idx = pd.Index(stores, name="store")
        pw = v["store_power"] = m.add_variables(lower=0, upper=by(stores, (limit(s) for s in stores), "store"),
                                                name="store_power")
        en = v["store_energy"] = m.add_variables(lower=0, coords=[s_idx], name="store_energy")
        m.add_constraints(en - by(stores, (options[s].min_hours for s in stores), "store") * pw >= 0, name="duration_min")
        m.add_constraints(en - by(stores, (options[s].max_hours for s in stores), "store") * pw <= 0, name="duration_max")
        eta = by(stores, (math.sqrt(options[s].efficiency) for s in stores), "store")
        ch = v["charge"] = m.add_variables(lower=0, coords=[s_idx, h_idx], name="charge")
        dis = v["discharge"] = m.add_variables(lower=0, coords=[s_idx, h_idx], name="discharge")
        soc = m.add_variables(lower=0, coords=[s_idx, h_idx], name="soc")
        m.add_constraints(ch + dis - pw <= 0, name="store_rate")
        m.add_constraints(soc - en <= 0, name="soc_max")
        m.add_constraints(soc - soc.roll(hour=1) - eta * ch + dis / eta == 0, name="soc_balance")
        supply = supply + dis.sum("store") - ch.sum("store")
        objective = objective + (by(stores, (options[s].fixed_usd_per_mw_yr * K for s in stores), "store") * pw).sum() \
            + (by(stores, (options[s].fixed_usd_per_mwh_yr * K for s in stores), "store") * en).sum() \
            + (by(stores, (options[s].marginal_usd_per_mwh * K * annual for s in stores), "store") * dis).sum()
    rigid = demand * (1.0 - load.flexible_share)
    need = xr.DataArray(rigid, coords=[h_idx])
    if load.flexible_share > 0:
        room = np.maximum(load.peak_mw / scale - rigid, 0.0)
        x = v["flexible"] = m.add_variables(lower=0, upper=xr.DataArray(room, coords=[h_idx]), name="flexible")
        window = np.arange(hours) // load.window_hours
        w_idx = pd.Index(np.unique(window), name="window")
        owed = xr.DataArray(np.bincount(window, weights=demand * load.flexible_share), coords=[w_idx])
        grouped = x.groupby(xr.DataArray(window, coords=[h_idx], name="window")).sum()
        m.add_constraints(grouped == owed, name="flexible_energy")
        supply = supply - x
    if reliability < 1.0:
        u = v["unserved"] = m.add_variables(lower=0, upper=xr.DataArray(demand, coords=[h_idx]), name="unserved")
        supply = supply + u
        objective = objective + (u * (voll_usd_per_mwh * K * annual)).sum()
        m.add_constraints(u.sum() <= (1.0 - reliability) * float(demand.sum()), name="reliability")
    if co2_cap_t_per_yr is not None and any(options[k].co2_t_per_mwh > 0 for k in flat + plants):
        m.add_constraints(co2 <= co2_cap_t_per_yr / annual / scale, name="co2_cap")
    if reserve_margin is not None:  # on-site plants only: contracts here buy energy, not capacity
        if not plants:
            raise Infeasible("reserve margin")
        if "flexible" in v:  # against the highest hour the campus actually draws: D >= drawn_t, P >= (1 + m) D
            top = m.add_variables(lower=float(rigid.max()), name="peak_draw")
            m.add_constraints(top - v["flexible"] >= xr.DataArray(rigid, coords=[h_idx]), name="peak_draw_min")
            m.add_constraints(v["plant_capacity"].sum() - (1.0 + reserve_margin) * top >= 0, name="reserve")
        else:
            m.add_constraints(v["plant_capacity"].sum() >= (1.0 + reserve_margin) * float(demand.max()), name="reserve")
    m.add_constraints(supply == need, name="balance")
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
    sol = {k: var.solution.values * scale for k, var in v.items()}
    out = _read(sol, options, cf, load, flat, plants, variable, stores, hours, cost=float(m.objective.value) * scale / K,
                solve_s=t2 - t1, build_s=t1 - t0, solver=name, condition=condition)
    for g in options:
        if g not in out.capacity_mw:  # dominated, left out of the LP
            out.capacity_mw[g], out.dispatch_mw[g] = 0.0, np.zeros(hours)
    return out


def _read(v, options, cf, load, flat, plants, variable, stores, hours, *, cost, solve_s, build_s, solver,
          condition) -> Solution:
    """Capacities and hourly dispatch per option from the solved variables (``v``: values in MW and MWh)."""
    cap_mw, energy, disp, charge, avail = {}, {}, {}, {}, {}
    if flat:
        qv = v["contract"]
        for i, f in enumerate(flat):
            disp[f] = np.maximum(qv[i], 0.0)
            cap_mw[f] = float(disp[f].max())  # the interconnection or contract actually used
    if plants:
        cv, pv = v["plant_capacity"], v["plant"]
        for i, g in enumerate(plants):
            cap_mw[g] = max(float(cv[i]), 0.0)
            disp[g] = np.maximum(pv[i], 0.0)
    if variable:
        capv = np.maximum(v["renewable_capacity"], 0.0)
        made = np.stack([np.asarray(cf[k][:hours], dtype=float) * capv[i] for i, k in enumerate(variable)])
        total = made.sum(axis=0)
        spill = np.clip(v["curtail"], 0.0, total)
        kept = np.divide(total - spill, total, out=np.zeros_like(total), where=total > 0)  # shared pro rata
        for i, k in enumerate(variable):
            cap_mw[k] = float(capv[i])
            avail[k] = made[i]
            disp[k] = made[i] * kept
    if stores:
        pw, ev = v["store_power"], v["store_energy"]
        cv, dv = v["charge"], v["discharge"]
        for i, s in enumerate(stores):
            cap_mw[s] = max(float(pw[i]), 0.0)
            energy[s] = max(float(ev[i]), 0.0)
            disp[s] = dv[i] - cv[i]
            charge[s] = np.maximum(cv[i], 0.0)
    demand = np.asarray(load.mw, dtype=float)
    drawn = demand * (1.0 - load.flexible_share)
    if "flexible" in v:
        drawn = drawn + np.maximum(v["flexible"], 0.0)
    un = np.maximum(v["unserved"], 0.0) if "unserved" in v else np.zeros(hours)
    return Solution(hours=hours, load_mw=demand, drawn_mw=drawn, capacity_mw=cap_mw, energy_mwh=energy,
                    dispatch_mw=disp, charge_mw=charge, available_mw=avail, unserved_mw=un, cost_usd_per_yr=cost,
                    solve_seconds=solve_s, build_seconds=build_s, solver=f"HiGHS {solver} (linopy)",
                    status=str(condition))


class Infeasible(Exception):
    """The LP has no solution (the caller turns it into one clear line)."""
