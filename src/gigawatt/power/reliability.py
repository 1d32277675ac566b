"""Reliability as engineers size it: discrete gas units with forced outages, a target met with N+k units.

A supply plan from the LP gives each gas technology a capacity; here it becomes whole units of a sourced size
(``power_reliability.csv``: unit MW, forced outage rate, derating with ambient temperature). Units fail
independently, so the capacity still available follows a *capacity outage probability table* (COPT): for each
technology the binomial distribution of units out, convolved across technologies on a MW grid. Against the
hourly need for gas (what the LP's gas plants deliver each hour, after solar, wind, batteries and contracts,
which are taken as available as dispatched) it gives, per year:

* **expected unserved energy** ``EUE = sum_t E[(need_t - d_t A)^+]`` [MWh/yr] and its share of the energy;
* **loss-of-load hours** ``LOLH = sum_t P(d_t A < need_t)`` [h/yr];

with ``A`` the available nameplate and ``d_t`` the fleet's derating at hour t's temperature (capacity-weighted
over the technologies; 1 where the weather gives no temperature). Both are exact for the table: per hour only
the states below the need count, read from prefix sums (no loop over hours or states in Python).

The **target** is a share of the energy served in expectation (default 99.999 %, "five nines", sourced in the
CSV). Before the LP, each gas technology gets the share of units it would keep in reserve to carry the
campus's load alone at the target through the hottest hour (:func:`reserve_for`); in the LP a plant then runs
at most ``P_g / (1 + k_g)`` (:func:`with_reserve`), so the mix it picks pays for its spare units, and a plan
served by the grid or the sun needs none — never a zero reserve by silence. After the LP, :func:`assess` rounds to whole units and adds one unit at a time (the one that removes the most unserved
energy per dollar) until the target holds: N + k, reported with the cost of the units added.

With ``--units milp`` (:mod:`gigawatt.power.milp`) the whole units are chosen inside the optimisation instead
(:func:`unit_sizes` gives the LP their sizes): rounding then changes nothing, and :func:`assess` only adds units
where the outage table needs more. The result's ``whole_units`` says which method ran, with the MILP's gap.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from gigawatt.errors import InputError, show

TARGET_BOUNDS = (0.9, 0.9999999)  # 90 % to seven nines; beyond, forced outages are not the binding risk
MAX_BINS = 6000  # the MW grid of the outage table: memory bounded whatever the campus size
MAX_ADDED = 400  # units added after the LP at most (far above any real plan)
# Murphy, Sowell & Apt (2019)'s temperatures [degC]: an hour takes the rate of the nearest (bands 5 degC wide;
# colder than -15 or hotter than 35 takes the end point's rate: the table stops there, so a colder hour is understated)
BAND_C = tuple(range(-15, 40, 5))
CORRELATION_NOTE = (
    "units fail independently given the hour's temperature: the temperature bands carry the failures a cold or hot "
    "hour makes more likely for every unit at once (Murphy, Sowell & Apt 2019), not common-mode losses of the whole "
    "plant; in Winter Storm Elliott (Dec 2022) 90.5 GW, 13 % of the Eastern Interconnection's resources, was out at "
    "once, 63 % of it gas, over half from freezing and fuel supply (FERC-NERC, staff findings 2023-09-21, final "
    "report 2023-11-07); no per-hour probability of such a loss for one campus's gas supply is published, so none is "
    "modelled: cold-snap risk is understated")


@dataclass(frozen=True)
class Units:
    """One gas technology's unit: size, forced outage rate (flat, and by temperature band), derating with heat."""

    key: str
    unit_mw: float
    forced_outage_rate: float
    derate_per_degc: float
    derate_above_degc: float
    by_band: tuple[float, ...] | None = None  # the rate at each of BAND_C (None: the flat rate at every temperature)

    def derate(self, temp_c: np.ndarray | None, hours: int) -> np.ndarray:
        """Share of the nameplate available each hour at the ambient temperature (1 without a temperature)."""
        if temp_c is None:
            return np.ones(hours)
        return np.clip(1.0 - self.derate_per_degc * np.maximum(np.asarray(temp_c[:hours]) - self.derate_above_degc,
                                                                0.0), 0.05, 1.0)

    def rate(self, band: int | None) -> float:
        """The forced outage rate in temperature band ``band`` (an index of BAND_C; None: no temperature)."""
        return self.forced_outage_rate if band is None or self.by_band is None else self.by_band[band]


@functools.cache
def read_tidy(name: str) -> dict[str, dict]:
    """A tidy ``key, quantity, value, low, high, ...`` file of ``data/``: key -> quantity -> sourced figure."""
    import csv
    from importlib import resources

    from gigawatt.catalog.refs import _parse_row

    out: dict[str, dict] = {}
    with (resources.files("gigawatt") / "data" / name).open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            ref = _parse_row(name, r)
            out.setdefault(ref.key, {})[ref.quantity] = ref
    return out


def table() -> dict[str, dict]:
    """``power_reliability.csv``: unit sizes, outage rates, derating, the default target."""
    return read_tidy("power_reliability.csv")


def default_target() -> float:
    return table()["target"]["energy_served_share"].number


def units(key: str, forced_outage_rate: float | None = None) -> Units | None:
    """The unit of gas technology ``key`` (None for an option without units: contracts, solar, wind, storage); a
    ``forced_outage_rate`` given replaces the flat rate and scales the rates by temperature band alike."""
    rows = table().get(key)
    if rows is None:
        return None
    flat = rows["forced_outage_rate"].number
    f = flat if forced_outage_rate is None else forced_outage_rate
    band = [rows.get(f"forced_outage_rate_at_{t}degC") for t in BAND_C]
    by_band = None if None in band else tuple(r.number if f == flat else min(r.number * f / flat, 1.0) for r in band)
    return Units(key, rows["unit_mw"].number, f, rows["derate_per_degc"].number, rows["derate_above_degc"].number,
                 by_band)


def bands(temp_c: np.ndarray | None, hours: int) -> np.ndarray | None:
    """Each hour's temperature band: the index of the nearest of BAND_C (None without a temperature)."""
    if temp_c is None:
        return None
    t = np.asarray(temp_c[:hours], dtype=float)
    return np.clip(np.rint((t - BAND_C[0]) / 5.0), 0, len(BAND_C) - 1).astype(int)


def check_target(target, path: str = "--reliability-target") -> None:
    """A target is a share of the expected energy served, from 0.9 to 0.9999999."""
    lo, hi = TARGET_BOUNDS
    if isinstance(target, bool) or not isinstance(target, (int, float)) or not math.isfinite(target) \
            or not lo <= target <= hi:
        raise InputError(path, f"{show(target)} is not allowed: the share of the energy served in expectation "
                               f"despite forced outages, from {lo} to {hi} (0.99999: five nines)")


# --- the capacity outage probability table -------------------------------------------------------------------

def outage_table(fleet: dict[str, tuple[Units, int]], step_mw: float, band: int | None = None) -> np.ndarray:
    """Probability of each available nameplate ``i * step_mw`` (i = 0..) with ``fleet`` = key -> (unit, count), at
    the outage rates of temperature ``band`` (None: the flat rates)."""
    from scipy.stats import binom

    pmf = np.ones(1)
    for spec, n in fleet.values():
        if n <= 0:
            continue
        size = max(int(round(spec.unit_mw / step_mw)), 1)
        up = binom.pmf(np.arange(n + 1), n, 1.0 - spec.rate(band))  # P(k units available)
        one = np.zeros(n * size + 1)
        one[::size] = up
        pmf = np.convolve(pmf, one)
    return pmf


def grid_step(fleet: dict[str, tuple[Units, int]]) -> float:
    """A MW step fine enough for the smallest unit (a tenth of it) and coarse enough to bound the table."""
    total = sum(s.unit_mw * n for s, n in fleet.values())
    smallest = min((s.unit_mw for s, n in fleet.values() if n > 0), default=1.0)
    return max(smallest / 10.0, total / MAX_BINS, 1e-3)


def adequacy(fleet: dict[str, tuple[Units, int]], need_mw: np.ndarray, temp_c: np.ndarray | None = None) -> dict:
    """EUE [MWh/yr], its share of the energy needed, and LOLH [h/yr] of ``fleet`` against the hourly need: one
    outage table per temperature band the hours fall in (one at the flat rates without a temperature)."""
    need = np.maximum(np.asarray(need_mw, dtype=float), 0.0)
    hours = need.size
    annual = 8760.0 / hours
    step = grid_step(fleet)
    derate = fleet_derate(fleet, temp_c, hours)
    short, eue = np.zeros(hours), np.zeros(hours)
    for band, hrs in _band_hours(fleet, temp_c, hours):
        short[hrs], eue[hrs] = _shortfall(outage_table(fleet, step, band), step, need[hrs], derate[hrs])
    energy = float(need.sum()) * annual
    eue_mwh = float(np.maximum(eue, 0.0).sum()) * annual
    return {"eue_mwh_per_yr": eue_mwh, "lolh_h_per_yr": float(short[need > 0].sum()) * annual,
            "eue_share": eue_mwh / energy if energy > 0 else 0.0}


def _band_hours(fleet, temp_c, hours):
    """(band, hours in it) for each temperature band present; (None, all hours) where the rates are flat."""
    idx = bands(temp_c, hours)
    if idx is None or all(s.by_band is None for s, n in fleet.values() if n > 0):
        return [(None, slice(None))]
    return [(int(b), np.flatnonzero(idx == b)) for b in np.unique(idx)]


def _shortfall(pmf: np.ndarray, step: float, need: np.ndarray, derate: np.ndarray):
    """Per hour: P(short) and E[shortfall] [MW] of the table ``pmf`` (states ``i * step``) against ``need``."""
    avail = np.arange(pmf.size) * step
    cdf = np.concatenate(([0.0], np.cumsum(pmf)))  # P(A < avail[i]) = cdf[i]
    first = np.concatenate(([0.0], np.cumsum(pmf * avail)))
    i = np.searchsorted(avail, need / derate - 1e-9, side="left")  # d A < need  <=>  A < need / d: states below
    return cdf[i], need * cdf[i] - derate * first[i]


def fleet_derate(fleet: dict[str, tuple[Units, int]], temp_c: np.ndarray | None, hours: int) -> np.ndarray:
    """The fleet's hourly derating: each technology's, weighted by its nameplate."""
    weights = {k: s.unit_mw * n for k, (s, n) in fleet.items() if n > 0}
    total = sum(weights.values())
    if total <= 0:
        return np.ones(hours)
    return sum(fleet[k][0].derate(temp_c, hours) * w for k, w in weights.items()) / total


# --- before the LP: a reserve per technology; in the LP: capacity counted net of it ---------------------------

def units_for(spec: Units, need_mw: np.ndarray, target: float, temp_c: np.ndarray | None = None) -> int:
    """Fewest units of ``spec`` alone that serve ``target`` of the hourly need in expectation."""
    peak = float(np.max(need_mw)) / float(np.min(spec.derate(temp_c, np.asarray(need_mw).size)))
    n = max(math.ceil(peak / spec.unit_mw - 1e-9), 1)
    for _ in range(MAX_ADDED):
        if adequacy({spec.key: (spec, n)}, need_mw, temp_c)["eue_share"] <= 1.0 - target + 1e-15:
            return n
        n += 1
    raise InputError("--reliability-target", f"{target:g} cannot be met with {spec.key} units of "
                                             f"{spec.unit_mw:g} MW at a {spec.forced_outage_rate:.0%} outage rate "
                                             f"({max(spec.by_band or (0,)):.0%} in the coldest band)")


def reserve_for(plants, peak_mw: float, target: float, temp_c: np.ndarray | None = None) -> dict[str, float]:
    """Per gas technology in ``plants``: the reserve margin ``m_g = n_g u_g / peak - 1`` it needs alone to carry
    the flat ``peak_mw`` at ``target`` over the hours of ``temp_c`` (derated hour by hour; a year if None)."""
    need = np.full(8760 if temp_c is None else np.asarray(temp_c).size, float(peak_mw))
    out = {}
    for key in plants:
        spec = units(key)
        if spec is not None:
            out[key] = units_for(spec, need, target, temp_c) * spec.unit_mw / peak_mw - 1.0
    return out


# --- after the LP: whole units, N + k, the figures ------------------------------------------------------------

def assess(capacity_mw: dict[str, float], dispatch_mw: dict[str, np.ndarray], fixed_usd_per_mw_yr: dict[str, float],
           target: float, temp_c: np.ndarray | None = None, forced_outage_rates: dict | None = None,
           enforce: bool = True) -> dict:
    """Round the LP's gas capacities to whole units and (``enforce``) add units until ``target`` holds; the
    figures. Not enforced (``--no-unit-reserve``): the LP's plan in whole units, its shortfall against the target
    reported, nothing added."""
    rates = forced_outage_rates or {}
    fleet = {k: (units(k, rates.get(k)), 0) for k in capacity_mw if units(k) is not None}
    from gigawatt.power.results import MIN_MW  # below it a capacity is solver noise, not a unit to build

    fleet = {k: (s, math.ceil(capacity_mw[k] / s.unit_mw - 1e-6) if capacity_mw[k] >= MIN_MW else 0)
             for k, (s, _) in fleet.items()}
    if not any(n for _, n in fleet.values()):
        return {"assessed": False, "why": "no gas units in the plan: solar, wind, batteries and contracts are taken "
                                          "as available as dispatched (no forced-outage model for them)"}
    hours = next(iter(dispatch_mw.values())).size
    need = sum((np.asarray(dispatch_mw[k]) for k in fleet), np.zeros(hours))
    lp_units = {k: n for k, (_, n) in fleet.items()}
    fig = adequacy(fleet, need, temp_c)
    added = 0
    while enforce and fig["eue_share"] > 1.0 - target + 1e-15:
        if added >= MAX_ADDED:
            raise InputError("--reliability-target", f"{target:g} not met after adding {MAX_ADDED} units")
        fleet, fig = _add_best(fleet, need, temp_c, fixed_usd_per_mw_yr, fig)
        added += 1
    out = _figures(fleet, lp_units, need, fig, target, fixed_usd_per_mw_yr, temp_c)
    # the LP's capacity made whole: what rounding up costs (0 when the MILP chose whole units)
    out["rounded_up_cost_usd_per_yr"] = sum(max(lp_units[k] * s.unit_mw - capacity_mw[k], 0.0)
                                            * fixed_usd_per_mw_yr.get(k, 0.0) for k, (s, _) in fleet.items())
    out["target_enforced"] = enforce
    out["target_met"] = fig["eue_share"] <= 1.0 - target + 1e-15
    return out


def _add_best(fleet, need, temp_c, fixed, fig):
    """The fleet with one more unit: the technology that removes the most unserved energy per dollar."""
    best = None
    for k, (s, n) in fleet.items():
        if n == 0:
            continue
        trial = {**fleet, k: (s, n + 1)}
        f = adequacy(trial, need, temp_c)
        gain = (fig["eue_mwh_per_yr"] - f["eue_mwh_per_yr"]) / max(fixed.get(k, 1.0) * s.unit_mw, 1.0)
        if best is None or gain > best[0]:
            best = (gain, trial, f)
    return best[1], best[2]


def _figures(fleet, lp_units, need, fig, target, fixed, temp_c) -> dict:
    hours = need.size
    peak_need = float(need.max())
    derate = fleet_derate(fleet, temp_c, hours)
    nameplate = sum(s.unit_mw * n for s, n in fleet.values())
    carry = float(np.max(need / derate)) if peak_need > 0 else 0.0  # nameplate needed with no unit out
    added_cost = sum((n - lp_units[k]) * s.unit_mw * fixed.get(k, 0.0) for k, (s, n) in fleet.items())
    return {"assessed": True, "target_energy_served": target,
            "units": {k: {"unit_mw": s.unit_mw, "count": n, "from_lp": lp_units[k], "forced_outage_rate":
                          s.forced_outage_rate, **_hourly_rates(s, temp_c, hours)} for k, (s, n) in fleet.items() if n},
            "firm_nameplate_mw": nameplate, "peak_need_mw": peak_need,
            "n_plus_k": max(sum(n for _, n in fleet.values()) - _units_to_carry(fleet, carry), 0),
            "reserve_margin": nameplate / peak_need - 1.0 if peak_need > 0 else None,
            "eue_mwh_per_yr": fig["eue_mwh_per_yr"], "eue_share": fig["eue_share"],
            "lolh_h_per_yr": fig["lolh_h_per_yr"], "added_cost_usd_per_yr": added_cost,
            "min_derate": float(derate.min()), "derated_by_temperature": temp_c is not None,
            "outages_by_temperature": temp_c is not None and any(s.by_band for s, n in fleet.values() if n),
            "method": "capacity outage probability table (binomial per technology, convolved) against the hourly "
                      "need for gas, one table per 5 degC temperature band at its forced outage rates (Murphy, "
                      "Sowell & Apt 2019; the flat rates where the weather gives no temperature); other supplies "
                      "as dispatched",
            "correlation": CORRELATION_NOTE}


def _hourly_rates(spec: Units, temp_c, hours: int) -> dict:
    """The forced outage rate over the hours: its mean and its highest (the flat rate without a temperature)."""
    idx = bands(temp_c, hours)
    if idx is None or spec.by_band is None:
        return {"forced_outage_rate_mean": spec.forced_outage_rate, "forced_outage_rate_max": spec.forced_outage_rate}
    r = np.asarray(spec.by_band)[idx]
    return {"forced_outage_rate_mean": float(r.mean()), "forced_outage_rate_max": float(r.max())}


def _units_to_carry(fleet, carry_mw: float) -> int:
    """Units needed with none out to carry ``carry_mw`` of nameplate, largest first (the N of N + k)."""
    sizes = sorted((s.unit_mw for s, n in fleet.values() for _ in range(n)), reverse=True)
    total, count = 0.0, 0
    for u in sizes:
        if total >= carry_mw - 1e-6:
            break
        total, count = total + u, count + 1
    return count


# --- a request's reserve and its report (the calls campus.solve makes) ---------------------------------------

def target_of(req) -> float:
    t = getattr(req, "reliability_target", None)
    return default_target() if t is None else t


def with_reserve(req, built: dict, temp_c: np.ndarray | None) -> tuple[dict, dict | None]:
    """The options with each gas technology's units in reserve from the target (:func:`reserve_for`): in the LP a
    plant runs at most ``P_g / (1 + k_g)``, so every plan pays for its spare units and a grid or solar plan
    needs none. A ``--reserve-margin`` the user gives replaces it (a system margin, as before);
    ``--no-unit-reserve`` leaves it out (said in the result); None: no gas."""
    from dataclasses import replace

    plants = [k for k in built if units(k) is not None]
    if req.reserve_margin is not None or not plants or not getattr(req, "unit_reserve", True):
        return built, None
    margins = reserve_for(plants, req.load_mw, target_of(req), temp_c)
    return {k: replace(o, unit_reserve=margins[k]) if k in margins else o for k, o in built.items()}, margins


def unit_sizes(req, built: dict) -> dict[str, float] | None:
    """For ``--units milp|staged``: the unit size [MW] of each gas plant among ``built`` (None: the LP, then
    rounding)."""
    if getattr(req, "units", "round") == "round":
        return None
    return {k: units(k).unit_mw for k in built if units(k) is not None} or None


def whole_units(sol) -> dict:
    """Which method made the units whole: the MILP's figures (gap, nodes, proven optimal) or the rounding."""
    mip = sol.extra.get("units")
    if mip is not None:
        return {k: v for k, v in mip.items() if k != "counts"}
    return {"method": "round", "note": "the LP's gas capacity rounded up to whole units, then units added until the "
                                       "target holds (--units milp chooses them in the optimisation)"}


def report(req, sol, built: dict, temp_c: np.ndarray | None, margin) -> dict:
    """The reliability figures of a solved plan (:func:`assess`), with the reserve the LP was given."""
    cap = {k: v for k, v in sol.capacity_mw.items() if units(k) is not None and k in built}
    out = assess(cap, sol.dispatch_mw, {k: built[k].fixed_usd_per_mw_yr for k in cap}, target_of(req), temp_c,
                 enforce=getattr(req, "unit_reserve", True))
    if out.get("assessed") is False:
        return out
    out["whole_units"] = whole_units(sol)
    out["lp_reserve"] = ({"units_in_reserve_share": {k: round(m, 4) for k, m in margin.items()}, "from": "target"}
                         if margin is not None else {"margin": req.reserve_margin, "from": "--reserve-margin"}
                         if req.reserve_margin is not None else {"from": "--no-unit-reserve: none kept"}
                         if not getattr(req, "unit_reserve", True) else {"from": "none: no gas plant among the options"})
    return out
