"""The least-cost supply LP: capacity expansion and hourly dispatch for one campus, built with linopy and
solved with HiGHS (``highspy``).

Minimise the annual cost (annuities + fixed O&M + (8760 / T) x hourly fuel, O&M and contract costs + the value
of unserved load) over, for T hours t:

* contracts f (grid import, firm clean PPA; no fixed cost): hourly draw ``0 <= q_{f,t} <= limit_f``;
* dispatchable plants g (gas): capacity ``P_g`` and output ``0 <= p_{g,t} <= P_g / (1 + k_g)``, k_g: the
  share of units kept in reserve for forced outages (:mod:`gigawatt.power.reliability`; 0 unless set);
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

With ``--late price`` (:mod:`gigawatt.power.speed_value`) an option that comes d months after the energise-by
date adds ``delta_k = d_k x value per MW-month x CRF_k`` USD/yr per MW of load it holds back
(:func:`define_delay`): on ``P_g / (1 + k_g)`` for a plant, ``mean(cf_v) P_v`` for a variable plant, ``P_s`` for
a store and, for a contract, a capacity column ``Q_f >= q_{f,t}`` (its highest hourly draw); all linear.

The model is built one family at a time (``define_contracts``, ``define_plants``, ``define_renewables``,
``define_stores``, ``define_delay``, ``define_flexible_load``, ``define_unserved``, ``define_reserve``: PyPSA's
define_* style);
``run_solver`` passes HiGHS's status through: a method that ends neither optimal nor proven infeasible is
retried with the dual simplex, then reported as a solver failure (:class:`SolverFailed`), never as infeasible
input.

Only the four thermal options and the store carry hourly rows against a capacity column; per hour the LP has
about ten columns and nine rows (the first version had fourteen and fifteen: a dispatch row per renewable
and two fixed-duration batteries), which is what HiGHS's interior point pays for in every iteration. This is
the single-node capacity expansion of PyPSA's examples and of the open microgrid studies for data centres,
written directly in linopy (lighter than a PyPSA network for one bus). Costs are handled in k$ for
conditioning.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from gigawatt.errors import InputError
from gigawatt.power.highs import Infeasible, SolverFailed, run_mip, run_solver  # noqa: F401 - lp's names
from gigawatt.power.options import Option

K = 1e-3  # USD -> kUSD in the objective (coefficients ~1e-3..1e3)
VOLL_USD_PER_MWH = 10_000.0  # the value of lost load charged on unserved energy (only under --reliability < 1)


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
    step_hours: int = 1  # hours per LP step (series are hourly either way: see gigawatt.power.timesteps)
    solve_cpu_seconds: float = 0.0  # the solver's CPU time: what a loaded machine does not inflate


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


def _classify(options: dict[str, Option]) -> tuple[list[str], list[str], list[str], list[str]]:
    """Contracts (no fixed cost), dispatchable plants, variable plants, stores."""
    gens = [k for k, o in options.items() if o.kind == "generator"]
    flat = [g for g in gens if options[g].fixed_usd_per_mw_yr == 0 and not options[g].variable]
    variable = [g for g in gens if options[g].variable]
    plants = [g for g in gens if g not in flat and g not in variable]
    stores = [k for k, o in options.items() if o.kind == "storage"]
    return flat, plants, variable, stores


def dominated(options: dict[str, Option], plants: list[str], delay: dict[str, float] | None = None) -> set[str]:
    """Plants no optimum needs: another plant costs no more to build (its delay cost per MW run included, see
    :func:`define_delay`) or to run, emits no more, and is no more limited (one of them strictly better, or the
    later of two equals). Whatever the dominated plant would do, the other does at no greater cost under any CO2
    cap, price or reserve margin, so dropping it is exact; it shortens every hour of the LP (with the AEO2026 rows,
    aeroderivatives are dominated by frame turbines, unless the frame's delay is priced)."""
    delay = delay or {}

    def key(g):
        o = options[g]
        return o.fixed_usd_per_mw_yr * (1 + o.unit_reserve) + delay.get(g, 0.0), o.marginal_usd_per_mwh, \
            o.co2_t_per_mwh, -o.limit_mw

    out = set()
    for b in plants:
        for a in plants:
            if a != b and a not in out and all(x <= y for x, y in zip(key(a), key(b))) \
                    and (key(a) != key(b) or plants.index(a) < plants.index(b)):
                out.add(b)
                break
    return out


@dataclass
class _Build:
    """The LP under construction: the model, its variables by name, and the three sums every family adds to
    (each hour's supply, the objective, the emissions). Powers are in units of the campus's peak."""

    m: object
    options: dict[str, Option]
    scale: float
    hours: int  # LP steps (each ``step`` hours long)
    h_idx: object
    step: int = 1
    v: dict = field(default_factory=dict)
    existing: tuple = ({}, {})  # what earlier phases built: ({option: MW}, {store: MWh}), lower bounds
    supply: object = 0
    objective: object = 0
    co2: object = 0

    @property
    def annual(self) -> float:
        return 8760.0 / self.hours

    def limit(self, k: str) -> float:
        return self.options[k].limit_mw / self.scale

    def floor(self, keys, dim, energy: bool = False):
        """Each option's existing capacity (MW, or a store's MWh) in units of the peak: its lower bound."""
        have = self.existing[1 if energy else 0]
        return self.by(keys, lambda o: have.get(o.key, 0.0) / self.scale, dim)

    def by(self, keys, what, dim):
        """One figure per option key along ``dim``: ``what(option)``."""
        import pandas as pd
        import xarray as xr

        return xr.DataArray([what(self.options[k]) for k in keys], coords=[pd.Index(keys, name=dim)])


def define_contracts(b: _Build, flat: list[str]) -> None:
    """Contracts: hourly draw up to each one's limit, paid per MWh."""
    import pandas as pd
    import xarray as xr

    upper = xr.DataArray(np.repeat([[b.limit(f)] for f in flat], b.hours, axis=1),
                         coords=[pd.Index(flat, name="contract"), b.h_idx])
    q = b.v["contract"] = b.m.add_variables(lower=0, upper=upper, name="contract")
    b.supply = b.supply + q.sum("contract")
    b.objective = b.objective + (b.by(flat, lambda o: o.marginal_usd_per_mwh * K * b.annual, "contract") * q).sum()
    b.co2 = b.co2 + (b.by(flat, lambda o: o.co2_t_per_mwh, "contract") * q).sum()


def define_plants(b: _Build, plants: list[str]) -> None:
    """Dispatchable plants: a capacity and an hourly output under it."""
    upper = b.by(plants, lambda o: o.limit_mw / b.scale, "plant")
    cap = b.v["plant_capacity"] = b.m.add_variables(lower=b.floor(plants, "plant"), upper=upper,
                                                    name="plant_capacity")
    p = b.v["plant"] = b.m.add_variables(lower=0, coords=[upper.indexes["plant"], b.h_idx], name="plant")
    b.m.add_constraints(p - b.by(plants, lambda o: 1 / (1 + o.unit_reserve), "plant") * cap <= 0,
                        name="plant_available")  # units kept in reserve (power/reliability.py) do not run
    b.supply = b.supply + p.sum("plant")
    b.objective = b.objective + (b.by(plants, lambda o: o.fixed_usd_per_mw_yr * K, "plant") * cap).sum() \
        + (b.by(plants, lambda o: o.marginal_usd_per_mwh * K * b.annual, "plant") * p).sum()
    b.co2 = b.co2 + (b.by(plants, lambda o: o.co2_t_per_mwh, "plant") * p).sum()


def define_units(b: _Build, plants: list[str], unit_mw: dict[str, float]) -> None:
    """Whole units (``--units milp``): each plant with a unit size is ``P_g = unit_mw_g x n_g``, n_g an integer."""
    import pandas as pd

    whole = [g for g in plants if g in unit_mw]
    if not whole:
        return
    n = b.v["units"] = b.m.add_variables(lower=0, coords=[pd.Index(whole, name="plant")], integer=True, name="units")
    size = b.by(whole, lambda o: unit_mw[o.key] / b.scale, "plant")
    b.m.add_constraints(b.v["plant_capacity"].sel(plant=whole) - size * n == 0, name="whole_units")


def define_renewables(b: _Build, variable: list[str], cf: dict[str, np.ndarray]) -> None:
    """Variable plants: a capacity times the hourly profile, less one shared curtailment."""
    import pandas as pd
    import xarray as xr

    profile = xr.DataArray(np.stack([np.asarray(cf[k][:b.hours], dtype=float) for k in variable]),
                           coords=[pd.Index(variable, name="renewable"), b.h_idx])
    capv = b.v["renewable_capacity"] = b.m.add_variables(
        lower=b.floor(variable, "renewable"), upper=b.by(variable, lambda o: o.limit_mw / b.scale, "renewable"), name="renewable_capacity")
    available = (profile * capv).sum("renewable")
    curtail = b.v["curtail"] = b.m.add_variables(lower=0, coords=[b.h_idx], name="curtail")
    b.m.add_constraints(curtail - available <= 0, name="curtail_max")
    b.supply = b.supply + available - curtail
    made = {k: float(profile.sel(renewable=k).sum()) * b.annual for k in variable}  # MWh/yr per MW
    per_mw = xr.DataArray([(b.options[k].fixed_usd_per_mw_yr + b.options[k].marginal_usd_per_mwh * made[k]) * K
                           for k in variable], coords=[pd.Index(variable, name="renewable")])
    b.objective = b.objective + (per_mw * capv).sum()


def define_stores(b: _Build, stores: list[str]) -> None:
    """Stores: power and energy sized apart within a duration range; cyclic state of charge."""
    import pandas as pd

    s_idx = pd.Index(stores, name="store")
    m = b.m
    pw = b.v["store_power"] = m.add_variables(lower=b.floor(stores, "store"), upper=b.by(stores, lambda o: o.limit_mw / b.scale, "store"),
                                              name="store_power")
    en = b.v["store_energy"] = m.add_variables(lower=b.floor(stores, "store", energy=True), name="store_energy")
    m.add_constraints(en - b.by(stores, lambda o: o.min_hours, "store") * pw >= 0, name="duration_min")
    m.add_constraints(en - b.by(stores, lambda o: o.max_hours, "store") * pw <= 0, name="duration_max")
    eta = b.by(stores, lambda o: math.sqrt(o.efficiency), "store")
    ch = b.v["charge"] = m.add_variables(lower=0, coords=[s_idx, b.h_idx], name="charge")
    dis = b.v["discharge"] = m.add_variables(lower=0, coords=[s_idx, b.h_idx], name="discharge")
    soc = m.add_variables(lower=0, coords=[s_idx, b.h_idx], name="soc")
    m.add_constraints(ch + dis - pw <= 0, name="store_rate")
    m.add_constraints(soc - en <= 0, name="soc_max")
    m.add_constraints(soc - soc.roll(hour=1) - b.step * (eta * ch - dis / eta) == 0, name="soc_balance")
    b.supply = b.supply + dis.sum("store") - ch.sum("store")
    b.objective = b.objective + (b.by(stores, lambda o: o.fixed_usd_per_mw_yr * K, "store") * pw).sum() \
        + (b.by(stores, lambda o: o.fixed_usd_per_mwh_yr * K, "store") * en).sum() \
        + (b.by(stores, lambda o: o.marginal_usd_per_mwh * K * b.annual, "store") * dis).sum()


def define_flexible_load(b: _Build, load: Load, demand: np.ndarray) -> None:
    """The shiftable share: drawn hourly up to the rating, its energy made up within each window."""
    import pandas as pd
    import xarray as xr

    rigid = demand * (1.0 - load.flexible_share)
    room = np.maximum(load.peak_mw / b.scale - rigid, 0.0)
    x = b.v["flexible"] = b.m.add_variables(lower=0, upper=xr.DataArray(room, coords=[b.h_idx]), name="flexible")
    window = np.arange(b.hours) * b.step // load.window_hours
    owed = xr.DataArray(np.bincount(window, weights=demand * load.flexible_share),
                        coords=[pd.Index(np.unique(window), name="window")])
    grouped = x.groupby(xr.DataArray(window, coords=[b.h_idx], name="window")).sum()
    b.m.add_constraints(grouped == owed, name="flexible_energy")
    b.supply = b.supply - x


def define_unserved(b: _Build, demand: np.ndarray, reliability: float, voll_usd_per_mwh: float) -> None:
    """Load left unserved at the value of lost load, at most ``1 - reliability`` of the energy."""
    import xarray as xr

    u = b.v["unserved"] = b.m.add_variables(lower=0, upper=xr.DataArray(demand, coords=[b.h_idx]), name="unserved")
    b.supply = b.supply + u
    b.objective = b.objective + (u * (voll_usd_per_mwh * K * b.annual)).sum()
    b.m.add_constraints(u.sum() <= (1.0 - reliability) * float(demand.sum()), name="reliability")


def define_reserve(b: _Build, rigid: np.ndarray, margin: float) -> None:
    """On-site plants at least ``(1 + margin)`` x the highest hourly draw (contracts buy energy, not capacity)."""
    import xarray as xr

    if "plant_capacity" not in b.v:
        raise Infeasible("reserve margin")
    firm = b.v["plant_capacity"].sum()
    if "flexible" in b.v:  # against the highest hour the campus actually draws: D >= drawn_t, P >= (1 + m) D
        top = b.m.add_variables(lower=float(rigid.max()), name="peak_draw")
        b.m.add_constraints(top - b.v["flexible"] >= xr.DataArray(rigid, coords=[b.h_idx]), name="peak_draw_min")
        b.m.add_constraints(firm - (1.0 + margin) * top >= 0, name="reserve")
    else:
        b.m.add_constraints(firm >= (1.0 + margin) * float(rigid.max()), name="reserve")


def carried(o: Option, profile: np.ndarray | None = None) -> float:
    """MW of load one MW of ``o`` carries, what its delay holds back: a plant's running share ``1 / (1 + k)``
    (units kept spare for outages carry none), a variable plant's mean capacity factor (the load it serves on
    average), a contract's or a store's MW (their highest hourly draw, their power)."""
    if o.variable:
        return float(np.mean(profile)) if profile is not None and len(profile) else 0.0
    return 1.0 / (1.0 + o.unit_reserve) if o.kind == "generator" and o.fixed_usd_per_mw_yr else 1.0


def define_delay(b: _Build, delay: dict[str, float], cf: dict[str, np.ndarray]) -> None:
    """The delay of options that come after the energise-by date (``--late price``): ``delay[k]`` USD/yr per
    MW of load held back, on each option's capacity x :func:`carried`. A contract's capacity is a column of
    its own, ``Q_f >= q_{f,t}`` (its highest hourly draw), never below the draw earlier phases had; the others'
    capacities are already columns. What exists is not late: the charge is on capacity beyond it
    (:func:`delay_paid`; the term on the whole column differs from it by a constant)."""
    def cost(keys, dim):
        return b.by(keys, lambda o: delay[o.key] * carried(o, cf.get(o.key, np.empty(0))[:b.hours]) * K, dim)

    late = {name: [k for k in b.v[name].indexes[dim] if delay.get(k, 0) > 0] for name, dim in
            (("contract", "contract"), ("plant_capacity", "plant"), ("renewable_capacity", "renewable"),
             ("store_power", "store")) if name in b.v}
    if late.get("contract"):
        keys = late["contract"]
        q = b.v["contract_capacity"] = b.m.add_variables(
            lower=b.floor(keys, "contract"), upper=b.by(keys, lambda o: o.limit_mw / b.scale, "contract"),
            name="contract_capacity")
        b.m.add_constraints(b.v["contract"].sel(contract=keys) - q <= 0, name="contract_peak")
        b.objective = b.objective + (cost(keys, "contract") * q).sum()
    for name, dim in (("plant_capacity", "plant"), ("renewable_capacity", "renewable"), ("store_power", "store")):
        if late.get(name):
            b.objective = b.objective + (cost(late[name], dim) * b.v[name].sel({dim: late[name]})).sum()


def build(load: Load, options: dict[str, Option], cf: dict[str, np.ndarray], *, co2_cap_t_per_yr=None,
          reliability=1.0, voll_usd_per_mwh=VOLL_USD_PER_MWH, reserve_margin=None, step_hours: int = 1,
          delay: dict[str, float] | None = None, existing: tuple = ({}, {}),
          unit_mw: dict[str, float] | None = None) -> tuple[_Build, tuple]:
    """The LP for ``load`` as a linopy model, one family of variables and constraints at a time (``load`` and
    ``cf`` given per step of ``step_hours`` hours; ``existing``: capacity built before, kept; ``unit_mw``: whole
    units of those plants, a MILP)."""
    import linopy
    import pandas as pd
    import xarray as xr

    flat, plants, variable, stores = _classify(options)
    if not (flat or plants or variable):
        raise InputError("--options", "no supply option to solve for (storage alone makes no energy)")
    if not unit_mw:  # with whole units a plant with cheaper MW may still lose on its unit size: keep them all
        plants = [g for g in plants if g not in dominated(options, plants, delay) or existing[0].get(g)]  # built stays
    scale = load.peak_mw  # powers in units of the campus's peak (~1): the interior point converges faster
    demand = np.asarray(load.mw, dtype=float) / scale
    b = _Build(linopy.Model(force_dim_names=True), options, scale, demand.size, pd.RangeIndex(demand.size, name="hour"),
               step=step_hours, existing=existing)
    families = ((flat, define_contracts), (plants, define_plants),
                (variable, lambda b, keys: define_renewables(b, keys, cf)), (stores, define_stores))
    for keys, define in families:
        if keys:
            define(b, keys)
    if delay and any(v > 0 for v in delay.values()):
        define_delay(b, delay, cf)
    if unit_mw and plants:
        define_units(b, plants, unit_mw)
    rigid = demand * (1.0 - load.flexible_share)
    if load.flexible_share > 0:
        define_flexible_load(b, load, demand)
    if reliability < 1.0:
        define_unserved(b, demand, reliability, voll_usd_per_mwh)
    if co2_cap_t_per_yr is not None and any(options[k].co2_t_per_mwh > 0 for k in flat + plants):
        b.m.add_constraints(b.co2 <= co2_cap_t_per_yr / b.annual / scale, name="co2_cap")
    if reserve_margin is not None:
        define_reserve(b, rigid, reserve_margin)
    b.m.add_constraints(b.supply == xr.DataArray(rigid, coords=[b.h_idx]), name="balance")
    b.m.add_objective(b.objective)
    return b, (flat, plants, variable, stores)


def solve(load: Load | np.ndarray, options: dict[str, Option], cf: dict[str, np.ndarray],
          co2_cap_t_per_yr: float | None = None, reliability: float = 1.0, voll_usd_per_mwh: float = VOLL_USD_PER_MWH,
          reserve_margin: float | None = None, solver: str | None = None, step_hours: int = 1,
          delay: dict[str, float] | None = None, existing: tuple = ({}, {}),
          unit_mw: dict[str, float] | None = None) -> Solution:
    """Solve the LP for ``load`` (a :class:`Load`, or hourly MW) with ``options``; ``cf`` holds the hourly
    profiles of the variable ones; ``step_hours``: hours per LP step (see :mod:`gigawatt.power.timesteps`);
    ``delay``: USD/yr per MW of load held back by each late option (:func:`define_delay`). The delay is kept
    out of ``cost_usd_per_yr`` (the supply's cost) and given per option in ``extra["delay_usd_per_yr"]``;
    ``unit_mw``: gas plants in whole units of these sizes, a MILP (:mod:`gigawatt.power.milp`)."""
    from gigawatt.power import timesteps

    t0 = time.perf_counter()
    if not isinstance(load, Load):
        load = Load(np.asarray(load, dtype=float))
    load, cf = timesteps.coarsen(load, cf, len(load.mw), step_hours)
    b, kinds = build(load, options, cf, co2_cap_t_per_yr=co2_cap_t_per_yr, reliability=reliability,
                     voll_usd_per_mwh=voll_usd_per_mwh, reserve_margin=reserve_margin, step_hours=step_hours,
                     delay=delay, existing=existing, unit_mw=unit_mw)
    t1, c1 = time.perf_counter(), time.process_time()
    if "units" in b.v:
        name, condition, mip = run_mip(b.m)
    else:
        (name, condition), mip = run_solver(b.m, solver), None
    t2, c2 = time.perf_counter(), time.process_time()
    sol = {k: var.solution.values * b.scale for k, var in b.v.items()}
    out = _read(sol, options, cf, load, *kinds, b.hours, cost=float(b.m.objective.value) * b.scale / K,
                solve_s=t2 - t1, build_s=t1 - t0, solver=name, condition=condition)
    out.solve_cpu_seconds = c2 - c1
    if mip is not None:  # whole units: capacities exact multiples of the unit, the gap reached
        counts = {g: int(round(out.capacity_mw[g] / u)) for g, u in unit_mw.items() if g in out.capacity_mw}
        out.capacity_mw.update({g: n * unit_mw[g] for g, n in counts.items()})
        out.extra["units"] = {**mip, "counts": counts}
    for g in options:
        if g not in out.capacity_mw:  # dominated, left out of the LP
            out.capacity_mw[g], out.dispatch_mw[g] = 0.0, np.zeros(b.hours)
    in_objective, late = delay_paid(out.capacity_mw, options, cf, delay or {}, existing[0], b.hours)
    out.extra["delay_usd_per_yr"] = late
    out.cost_usd_per_yr -= sum(in_objective.values())
    return timesteps.refine(out, step_hours)


def delay_paid(capacity_mw: dict, options: dict, cf: dict, delay: dict, have: dict, hours: int) -> tuple[dict, dict]:
    """The delay terms of the objective and the delay charged, USD/yr per late option: the LP's term runs on the
    whole capacity column (linopy takes no constant; a column never falls below what exists, so the term differs
    from the charge by a constant), the charge only on the MW beyond what earlier phases built (``have``)."""
    whole, beyond = {}, {}
    for k, d in delay.items():
        if d > 0 and k in capacity_mw:
            per = d * carried(options[k], cf.get(k, np.empty(0))[:hours])
            whole[k] = per * max(capacity_mw[k], have.get(k, 0.0))
            beyond[k] = per * max(capacity_mw[k] - have.get(k, 0.0), 0.0)
    return whole, beyond


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
