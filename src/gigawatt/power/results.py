"""Figures of an optimal supply: capacity, generation shares, LCOE, emissions, gas, land, capex, time to power.

LCOE here is the system's: the LP's annual cost (annuities + fixed O&M + fuel, variable O&M, contract
prices) over the energy served in the year [USD/MWh]. Gas volume uses EIA's 1,037 Btu per cubic foot (2024
average heat content of natural gas consumed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from gigawatt.power.lp import Solution
from gigawatt.power.options import Option

BTU_PER_CF = 1037.0  # EIA, heat content of natural gas consumed, US 2024 (1,036 in 2023)
MIN_MW = 1.0  # capacities below this are solver noise


WEEKS = {"winter week (8-14 Jan)": 7 * 24, "summer week (8-14 Jul)": 188 * 24}  # start hours of the sample weeks


@dataclass
class PowerResult:
    """One campus's least-cost supply."""

    site: str
    lat: float
    lon: float
    load_mw: float
    hours: int
    options: tuple[str, ...]
    excluded: dict[str, str]
    capacity_mw: dict[str, float]
    storage_mwh: dict[str, float]
    generation_mwh_per_yr: dict[str, float]
    shares: dict[str, float]
    curtailment_share: dict[str, float]
    lcoe_usd_per_mwh: float
    cost_usd_per_yr: float
    energy_mwh_per_yr: float
    emissions_t_per_yr: float
    emissions_g_per_kwh: float
    gas_mmbtu_per_yr: float
    gas_bcf_per_yr: float
    land_acres: float
    supply_capex_usd: float
    time_to_power_months: float
    unserved_share: float
    solve_seconds: float
    build_seconds: float
    solver: str
    constraints: dict = field(default_factory=dict)
    schedule: dict = field(default_factory=dict)  # the phase and load solved, the energise-by date used
    storage_hours: dict[str, float] = field(default_factory=dict)
    firm_capacity_mw: float = 0.0  # on-site gas plants: what counts for a reserve margin
    shifted_mwh_per_yr: float = 0.0  # flexible load moved away from its flat timing
    profiles_note: str = ("solar: pvlib clear sky x synthetic daily clearness, scaled to the NREL ATB capacity "
                          "factor; wind: synthetic AR(1)/Weibull profile at the ATB capacity factor")
    step_hours: int = 1  # hours per LP step (gigawatt.power.timesteps)
    solve_cpu_seconds: float = 0.0
    dispatch_mw: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    load_profile_mw: np.ndarray | None = field(default=None, repr=False)  # what the campus drew each hour
    reliability: dict = field(default_factory=dict)  # units, N + k, EUE, LOLH (power/reliability.py)
    weather: dict = field(default_factory=dict)  # the weather years solved and their spread (power/weather.py)
    credits: dict = field(default_factory=dict)  # tax credits applied and why (power/credits.py)
    late: dict = field(default_factory=dict)  # options late for the date: left out or priced (power/speed_value.py)
    capacity_lp_mw: dict[str, float] = field(default_factory=dict)  # gas: the LP's MW before whole units
    as_built: dict = field(default_factory=dict)  # what whole units add to the LP's plan (power/as_built.py)

    @property
    def lp_capacity_mw(self) -> dict[str, float]:
        """Capacities as the LP sized them (gas in continuous MW, before whole units: power/as_built.py)."""
        return {**self.capacity_mw, **self.capacity_lp_mw}

    @property
    def lp_cost_usd_per_yr(self) -> float:
        """The LP's annual cost, before whole gas units (the headline ``cost_usd_per_yr`` is the plan as built)."""
        return self.as_built.get("lp_cost_usd_per_yr", self.cost_usd_per_yr)

    @property
    def lp_lcoe_usd_per_mwh(self) -> float:
        return self.lp_cost_usd_per_yr / self.energy_mwh_per_yr if self.energy_mwh_per_yr > 0 else float("nan")

    @property
    def mix(self) -> str:
        """``gas frame CT (simple cycle) 62%, solar PV (1-axis) 25%, ...`` (generation shares, largest first)."""
        from gigawatt.power.options import LABELS

        return ", ".join(f"{LABELS.get(k, k)} {v:.0%}" for k, v in sorted(self.shares.items(), key=lambda kv: -kv[1])
                         if v >= 0.005)

    def weeks(self) -> list[dict]:
        """Hourly dispatch by option (storage: discharge - charge) and the load, for the sample weeks that fit
        in the solved hours (else its first hours, up to a week)."""
        n = min(168, self.hours)
        starts = {k: s for k, s in WEEKS.items() if s + 168 <= self.hours} or \
            {("first week" if n == 168 else f"first {n} hours"): 0}
        load = self.load_profile_mw if self.load_profile_mw is not None else np.full(self.hours, self.load_mw)
        return [{"title": title, "start_hour": start, "load_mw": _rounded(load[start:start + n]),
                 "dispatch_mw": {k: _rounded(v[start:start + n]) for k, v in self.dispatch_mw.items()
                                 if np.abs(v[start:start + n]).max(initial=0.0) >= MIN_MW}}
                for title, start in starts.items()]

    def resolution(self) -> dict:
        """How finely time is solved, and what coarser steps were measured to cost against hourly ones."""
        from gigawatt.power import timesteps

        out = {"step_hours": self.step_hours, "steps": self.hours // self.step_hours,
               "solve_cpu_seconds": self.solve_cpu_seconds}
        if self.step_hours > 1:
            out["note"] = (f"{self.step_hours}-hour steps over the whole year, in order (storage carried from step "
                           "to step); series repeat each step's average; --resolution 1 solves hourly")
            out["measured_error_vs_hourly"] = timesteps.MEASURED
        return out

    def to_json(self, weeks: bool = True) -> dict:
        from gigawatt.power.options import LABELS

        keys = ("site", "lat", "lon", "load_mw", "hours", "options", "excluded", "capacity_mw", "storage_mwh",
                "storage_hours", "generation_mwh_per_yr", "shares", "curtailment_share", "lcoe_usd_per_mwh",
                "cost_usd_per_yr", "energy_mwh_per_yr", "emissions_t_per_yr", "emissions_g_per_kwh",
                "gas_mmbtu_per_yr", "gas_bcf_per_yr", "land_acres", "supply_capex_usd", "time_to_power_months",
                "unserved_share", "firm_capacity_mw", "shifted_mwh_per_yr", "solve_seconds", "build_seconds",
                "solver", "constraints", "schedule", "profiles_note", "reliability", "weather", "credits", "late",
                "capacity_lp_mw", "as_built")
        out = {k: _finite(getattr(self, k)) for k in keys}
        out["options"] = list(self.options)
        out["labels"] = {k: LABELS.get(k, k) for k in (*self.options, *self.excluded)}
        out["resolution"] = self.resolution()
        if weeks:
            out["weeks"] = self.weeks()
        return out


def _rounded(a: np.ndarray) -> list[float]:
    """Hourly MW for JSON: to 0.1 MW (what a chart can show), solver noise under 0.05 MW as zero."""
    return [round(float(x), 1) + 0.0 for x in a]


def _finite(x):
    """JSON has no infinity: an unlimited figure becomes null."""
    if isinstance(x, float):
        return x if math.isfinite(x) else None
    if isinstance(x, dict):
        return {k: _finite(v) for k, v in x.items()}
    return x


def summarise(sol: Solution, options: dict[str, Option], *, site: str, lat: float, lon: float,
              excluded: dict[str, str], constraints: dict, schedule: dict | None = None) -> PowerResult:
    """Turn the LP's optimum into the figures users read."""
    annual = 8760.0 / sol.hours
    served = float((sol.drawn_mw - sol.unserved_mw).sum()) * annual
    cap = {k: (v if v >= MIN_MW else 0.0) for k, v in sol.capacity_mw.items()}
    energy = {k: (v if v >= MIN_MW else 0.0) for k, v in sol.energy_mwh.items()}
    gen = {}
    curtail = {}
    for k, o in options.items():
        if o.kind == "generator":
            gen[k] = float(sol.dispatch_mw[k].sum()) * annual
            if o.variable and cap[k] > 0:
                avail = float(sol.available_mw[k].sum()) * annual
                curtail[k] = max(0.0, 1.0 - gen[k] / avail) if avail > 0 else 0.0
    total_gen = sum(gen.values())
    shares = {k: (v / total_gen if total_gen > 0 else 0.0) for k, v in gen.items()}
    emissions = sum(gen[k] * options[k].co2_t_per_mwh for k in gen)
    gas = sum(gen[k] * options[k].fuel_mmbtu_per_mwh for k in gen)
    land = sum(cap[k] * options[k].land_acres_per_mw + energy.get(k, 0.0) * options[k].land_acres_per_mwh for k in cap)
    capex = sum(cap[k] * options[k].capex_usd_per_mw + energy.get(k, 0.0) * options[k].capex_usd_per_mwh for k in cap)
    used = [k for k in cap if cap[k] > 0 and (options[k].kind == "storage" or gen.get(k, 0) > 0)]
    ttp = max((options[k].lead_time_months for k in used), default=0.0)
    firm = sum(cap[k] for k, o in options.items() if o.kind == "generator" and not o.variable and o.fixed_usd_per_mw_yr)
    return PowerResult(
        site=site, lat=lat, lon=lon, load_mw=float(sol.load_mw.mean()), hours=sol.hours, options=tuple(options),
        excluded=excluded, capacity_mw=cap, storage_mwh=energy,
        storage_hours={k: (energy[k] / cap[k] if cap[k] > 0 else 0.0) for k in energy},
        generation_mwh_per_yr=gen, shares=shares, curtailment_share=curtail,
        lcoe_usd_per_mwh=sol.cost_usd_per_yr / served if served > 0 else float("nan"),
        cost_usd_per_yr=sol.cost_usd_per_yr, energy_mwh_per_yr=served, emissions_t_per_yr=emissions,
        emissions_g_per_kwh=emissions / served * 1e3 if served > 0 else 0.0, gas_mmbtu_per_yr=gas,
        gas_bcf_per_yr=gas * 1e6 / BTU_PER_CF / 1e9, land_acres=land, supply_capex_usd=capex,
        time_to_power_months=ttp, unserved_share=float(sol.unserved_mw.sum() / sol.load_mw.sum()),
        firm_capacity_mw=firm, shifted_mwh_per_yr=float(np.abs(sol.drawn_mw - sol.load_mw).sum()) / 2 * annual,
        solve_seconds=sol.solve_seconds, build_seconds=sol.build_seconds, solver=sol.solver,
        step_hours=sol.step_hours, solve_cpu_seconds=sol.solve_cpu_seconds,
        constraints=constraints, schedule=schedule or {}, dispatch_mw=sol.dispatch_mw, load_profile_mw=sol.drawn_mw)
