"""One campus, one solve: check the request, pick the options, build profiles, run the LP, summarise.

Every bad request becomes one :class:`~gigawatt.errors.InputError` (exit 2 / 422) naming the option and
what is allowed; an infeasible LP becomes one line saying why, never a solver log.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from dataclasses import dataclass

import numpy as np

from gigawatt.errors import InputError, number, show
from gigawatt.power import (as_built, credits, lp, milp, options as opt, phases, profiles, reliability, site,
                            speed_value, timesteps, weather, years)
from gigawatt.power.results import PowerResult, summarise
from gigawatt.power.site import Site

MAX_LOAD_MW = 100_000.0
MIN_LOAD_MW = 1.0  # below this a campus is not one (and capacities under 1 MW read as solver noise)
MIN_RELIABILITY = 0.5  # serving less than half the load is not a supply plan
MAX_FLEXIBLE = 0.5  # at most half the load may move in time (studies of flexible data centres go to 25-50 %)
# --energised-by: at most this many years after --as-of. Every option's lead time (power_options.csv, highs up
# to 84 months) is far shorter, so a later deadline changes no plan; without a bound '9999Q4' reported 95,676 months.
MAX_ENERGISE_YEARS = 30
FIRST_QUARTER = "2020Q1"  # --as-of: the project's data start (as `gigawatt sites --as-of`, `claims`)
# Upper bounds of the money and size inputs: far above any real value, low enough that the LP stays finite.
LIMITS = {"--co2-cap-g": 2_000.0,  # g/kWh; coal emits about 1,000
          "--co2-cap-t": 2e9,  # t/yr; a 100 GW campus on coal emits under 1e9
          "--co2-price": 10_000.0, "--fuel-price": 1_000.0,  # USD/t, USD/MMBtu
          "--grid-price": 10_000.0, "--firm-price": 10_000.0,  # USD/MWh (ERCOT's offer cap is 5,000)
          "--grid-mw": 1e6, "--firm-mw": 1e6, "--discount-rate": 1.0}
_QUARTER = re.compile(r"^\s*[0-9]{4}\s*Q\s*[1-4]\s*$", re.IGNORECASE)  # ASCII digits only (\d matches '٢')


@dataclass(frozen=True)
class Request:
    """What to solve. Units in names; ``None`` means 'no such constraint' / 'the catalog's value'."""

    load_mw: float
    site: Site
    options: str | None = None
    co2_cap_t_per_yr: float | None = None
    co2_cap_g_per_kwh: float | None = None
    co2_price_usd_per_t: float = 0.0
    energised_by: str | None = None
    as_of: str | None = None  # quarter the clock starts from for --energised-by (default: today)
    hours: int = profiles.HOURS_PER_YEAR
    reliability: float = 1.0
    grid_mw: float | None = None
    firm_mw: float | None = None
    fuel_price_usd_per_mmbtu: float | None = None
    grid_price_usd_per_mwh: float | None = None
    firm_price_usd_per_mwh: float | None = None
    discount_rate: float | None = None
    capex_factor: float = 1.0  # multiplies every option's capex (sweeps)
    flexible_share: float = 0.0  # share of the load that may shift in time within a window
    flexible_window_hours: int = 24
    load_factor: float = 0.8  # average draw over the campus's rating: a shifted load may draw up to load / this
    reserve_margin: float | None = None  # firm capacity >= (1 + this) x the highest hourly draw
    # The scenario phase solved: (number, of how many, facility GW, first-online quarter); None for a bare site.
    phase: tuple | None = None
    energised_by_from_schedule: bool = False  # energised_by is the phase's first-online quarter, not the user's
    resolution_hours: int | None = None  # hours per LP step (1, 2, 3, 4 or 6); None: 2 for a full year, else 1
    reliability_target: float | None = None  # expected share of energy served despite forced outages (None: CSV's)
    weather_years: int = 1  # synthetic weather years solved together (power/weather.py)
    weather_file: str | None = None  # the user's hourly weather CSV (CLI only; the server never names a file)
    tax_credits: bool = False  # credits as legislated at the data date (power/credits.py)
    unit_reserve: bool = True  # False: no gas units kept in reserve from the target (--no-unit-reserve)
    late: str = "exclude"  # options that miss the energise-by date: left out, or priced with their delay
    speed_value_usd_per_gw_month: float | None = None  # the user's value of speed (--speed-value; None: program's)
    program_speed_value_usd_per_gw_month: float | None = None  # the program's, filled by speed_value.resolve
    # What earlier phases built (power/phases.py): (option, MW) and (store, MWh) pairs, lower bounds in the LP.
    existing_mw: tuple = ()
    existing_mwh: tuple = ()
    phase_choice: tuple = ()  # (key, text) pairs: which phase --phase picked and why (power/phases.py)
    units: str = "round"  # whole gas units: "round" (the LP, then rounded up) or "milp" (power/milp.py)
    weather_seed: int | None = None  # a sweep's draw: synthetic weather years of this seed (power/weather.py)

    @property
    def step_hours(self) -> int:
        """Hours per LP step: the one asked for, else :func:`gigawatt.power.timesteps.default_step`."""
        return self.resolution_hours or timesteps.default_step(self.hours, self.flexible_window_hours)

    @property
    def rating_mw(self) -> float:
        return self.load_mw / self.load_factor


def _nonneg(value: float | None, path: str, what: str, key: str | None = None, inf_ok: bool = False) -> None:
    """``value`` is None or a finite number in [0, LIMITS[key or path]] (or inf where ``inf_ok``: no limit)."""
    if value is None or (inf_ok and value == math.inf):
        return
    top = LIMITS.get(key or path, math.inf)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not 0 <= value <= top:
        bound = f"from 0 to {number(top)}" if math.isfinite(top) else "zero or more"
        raise InputError(path, f"{show(value)} is not allowed: {what} must be a finite number {bound}"
                               + (" (or inf: no limit)" if inf_ok else ""))


def _number(x) -> bool:
    return not isinstance(x, bool) and isinstance(x, (int, float)) and math.isfinite(x)


def check(req: Request) -> None:
    """Reject bad input before anything is built."""
    if not _number(req.load_mw) or not MIN_LOAD_MW <= req.load_mw <= MAX_LOAD_MW:
        raise InputError("--mw", f"{show(req.load_mw)} is not allowed: the campus load must be from {MIN_LOAD_MW:g} to "
                                 f"{MAX_LOAD_MW:,.0f} MW")
    _nonneg(req.co2_cap_t_per_yr, "--co2-cap", "a CO2 cap (t/yr)", "--co2-cap-t")
    _nonneg(req.co2_cap_g_per_kwh, "--co2-cap", "a CO2 cap (g/kWh)", "--co2-cap-g")
    _nonneg(req.co2_price_usd_per_t, "--co2-price", "a CO2 price")
    _nonneg(req.grid_mw, "--grid-mw", "the grid interconnection limit", inf_ok=True)
    _nonneg(req.firm_mw, "--firm-mw", "the firm contract size", inf_ok=True)
    _nonneg(req.fuel_price_usd_per_mmbtu, "--fuel-price", "a fuel price")
    _nonneg(req.grid_price_usd_per_mwh, "--grid-price", "a grid price")
    _nonneg(req.firm_price_usd_per_mwh, "--firm-price", "a contract price")
    _nonneg(req.discount_rate, "--discount-rate", "a discount rate")
    if req.capex_factor <= 0 or not math.isfinite(req.capex_factor):
        raise InputError("capex_factor", f"{show(req.capex_factor)} must be positive")
    if not isinstance(req.hours, int) or not 48 <= req.hours <= profiles.HOURS_PER_YEAR:
        raise InputError("--hours", f"{show(req.hours)} is not allowed: 48 to 8760 hours")
    if req.reliability_target is not None:
        reliability.check_target(req.reliability_target)
    if not _number(req.reliability) or not MIN_RELIABILITY <= req.reliability <= 1:
        raise InputError("--reliability", f"{show(req.reliability)} is not allowed: the share of the load served, from "
                                          f"{MIN_RELIABILITY:g} to 1")
    if not _number(req.flexible_share) or not 0 <= req.flexible_share <= MAX_FLEXIBLE:
        raise InputError("--flexible", f"{show(req.flexible_share)} is not allowed: the share of the load that may "
                                       f"shift, from 0 to {MAX_FLEXIBLE:g}")
    if isinstance(req.flexible_window_hours, bool) or not isinstance(req.flexible_window_hours, int) \
            or not 1 <= req.flexible_window_hours <= 168:
        raise InputError("--flexible-window", f"{show(req.flexible_window_hours)} is not allowed: 1 to 168 hours "
                                              "(a whole number)")
    if not _number(req.load_factor) or not 0.01 <= req.load_factor <= 1:
        raise InputError("facility.load_factor", f"{show(req.load_factor)} is not allowed: from 0.01 to 1")
    if req.reserve_margin is not None and (not _number(req.reserve_margin) or not 0 <= req.reserve_margin <= 1):
        raise InputError("--reserve-margin", f"{show(req.reserve_margin)} is not allowed: a share from 0 to 1 "
                                             "(0.15: firm capacity 15 % above the highest hourly draw)")
    _check_resolution(req)
    speed_value.check_late(req.late, req.speed_value_usd_per_gw_month)
    milp.check(req.units)
    milp.check_size(req.units, timesteps.lp_steps(req))
    if req.options is not None and not str(req.options).strip():
        raise InputError("--options", "'' is not allowed: name one or more of grid, gas, solar, wind, battery, firm "
                                      "(or leave --options out for all)")
    as_of = _as_of_quarter(req.as_of)
    if req.energised_by is not None and not req.energised_by_from_schedule:  # a past phase date slips instead
        _check_energised_by(req.energised_by, as_of)


def _check_energised_by(text, as_of: int) -> None:
    """``--energised-by``: a quarter from ``as_of`` to :data:`MAX_ENERGISE_YEARS` years after it."""
    from gigawatt import timeline

    by = timeline.parse_quarter(text, "--energised-by")
    if by < as_of:
        raise InputError("--energised-by", f"{show(text)} is before --as-of {timeline.label(as_of)}: the deadline "
                                           "must be that quarter or later")
    last = as_of + 4 * MAX_ENERGISE_YEARS
    if by > last:
        raise InputError("--energised-by", f"{show(text)} is more than {MAX_ENERGISE_YEARS} years after --as-of "
                                           f"{timeline.label(as_of)}: give {timeline.label(as_of)} to "
                                           f"{timeline.label(last)} (every option's lead time is far shorter, so a "
                                           "later date changes nothing)")


def _check_resolution(req: Request) -> None:
    """``--resolution``: one of :data:`timesteps.STEPS`, whole steps in ``--hours`` and in the flexible window."""
    r = req.resolution_hours
    if r is None:
        return
    steps = ", ".join(map(str, timesteps.STEPS))
    if isinstance(r, bool) or not isinstance(r, int) or r not in timesteps.STEPS:
        raise InputError("--resolution", f"{show(r)} is not allowed: hours per LP step, one of {steps}")
    for path, n in (("--hours", req.hours), ("--flexible-window", req.flexible_window_hours)):
        if n % r:
            raise InputError(path, f"{n} is not allowed with --resolution {r}: it must be a whole number of "
                                   f"{r}-hour steps (or give --resolution 1)")


def _as_of_quarter(as_of: str | None, today: _dt.date | None = None) -> int:
    """``--as-of`` as a quarter ordinal: a quarter like 2026Q4, from 2020Q1 to today's quarter (None: today's)."""
    from gigawatt import timeline

    today = today or _dt.date.today()
    now = today.year * 4 + (today.month - 1) // 3
    if as_of is None:
        return now
    allowed = f"a quarter like {timeline.label(now)}, from {FIRST_QUARTER} to {timeline.label(now)} (today's quarter)"
    if not isinstance(as_of, str) or not _QUARTER.match(as_of):
        raise InputError("--as-of", f"{show(as_of)} is not allowed: {allowed}")
    q = timeline.parse_quarter(as_of, "--as-of")
    if not timeline.parse_quarter(FIRST_QUARTER) <= q <= now:
        raise InputError("--as-of", f"{show(as_of)} is not allowed: {allowed}")
    return q


def build_options(req: Request) -> tuple[dict[str, opt.Option], dict[str, str]]:
    """The chosen, available options as LP parameters, and the excluded ones with why."""
    keys = opt.parse_options(req.options)
    scale = {"capex_usd_per_kw": req.capex_factor}
    built = {k: opt.build(k, fuel_price_usd_per_mmbtu=req.fuel_price_usd_per_mmbtu, discount_rate=req.discount_rate,
                          scale=scale, co2_price_usd_per_t=req.co2_price_usd_per_t, grid_mw=req.grid_mw,
                          firm_mw=req.firm_mw) for k in keys}
    from dataclasses import replace

    from gigawatt import catalog

    cat = catalog.power_options()
    for key, price in (("grid", req.grid_price_usd_per_mwh), ("firm", req.firm_price_usd_per_mwh)):
        if price is not None and key in built:
            base = cat[key]["price_usd_per_mwh"].number
            built[key] = replace(built[key], marginal_usd_per_mwh=built[key].marginal_usd_per_mwh - base + price)
    excluded, date = ready_by(req, keys, built)
    built, excluded = phases.existing_options({k: built[k] for k in keys if k not in excluded}, excluded, built,
                                              dict(req.existing_mw))
    built = {k: o for k, o in built.items() if not (o.limit_mw == 0)}
    if not built:
        raise InputError("--options", "no option left: every chosen option has a zero limit")
    if not any(o.kind == "generator" for o in built.values()):  # storage moves energy, it makes none
        stores = ", ".join(opt.LABELS.get(k, k) for k in built)
        if excluded:
            ready = min(o.lead_time_months for k, o in built.items())
            raise InputError("--energised-by", f"only {stores} ({ready:g} months to build) can be ready "
                                               f"{date_used(date)}, and storage alone makes no energy; " + "; ".join(
                                                   f"{opt.LABELS.get(k, k)} {why}" for k, why in excluded.items()))
        raise InputError("--options", f"{show(req.options)} names only storage ({stores}), which makes no energy; "
                                      "add one of grid, gas, solar, wind, firm")
    if req.reserve_margin is not None and not any(o.kind == "generator" and not o.variable and o.fixed_usd_per_mw_yr
                                                  for o in built.values()):
        raise InputError("--reserve-margin", f"a {req.reserve_margin:.0%} reserve margin needs gas plants on site (the "
                                             "grid and the firm contract carry no capacity charge, and sun, wind and "
                                             "batteries cannot run for days), and none is among the options"
                                             + (f" ready {date_used(date)}" if excluded else ""))
    return built, excluded


def ready_by(req: Request, keys, built: dict[str, opt.Option]) -> tuple[dict[str, str], dict]:
    """The options left out for missing the energise-by date (with why) and the date used.

    A date the user gave is kept: nothing ready by it is an error. A date taken from the schedule (the phase's
    first-online quarter) that no firm supply (grid, gas, a firm contract: sun and wind alone cannot carry a flat
    load) can meet slips to the first quarter one can, and the result says so: a supply that cannot be built by the
    phase's date is never shown as if it could. With ``--late price`` nothing is left out and the date never
    slips: the LP prices each late option's delay instead."""
    if req.energised_by is None:
        return {}, {"energised_by": None}
    from gigawatt import timeline

    as_of = _as_of_quarter(req.as_of)
    online = phases.online_before(req, as_of)
    if online:
        return {}, online
    months = opt.months_until(req.energised_by, as_of)
    date = {"energised_by": req.energised_by, "energised_by_source": "phase schedule"
            if req.energised_by_from_schedule else "--energised-by", "months_available": max(months, 0.0),
            "as_of": timeline.label(as_of), **needed_by(req, as_of)}
    if req.late == "price":
        return {}, date
    gens = [built[k] for k in keys if built[k].kind == "generator"]
    # the date slips to the first quarter a supply that can run round the clock is ready (sun and wind alone
    # cannot carry a flat load); with no such option offered, to the first quarter anything generates
    makers = [o.lead_time_months for o in gens if not o.variable] or [o.lead_time_months for o in gens]
    if req.energised_by_from_schedule and makers and min(makers) > months:
        quarters = math.ceil(min(makers) / 3.0)
        date.update(energised_by=timeline.label(as_of + quarters), slipped_from=req.energised_by,
                    slip_months=3.0 * quarters - months, months_available=3.0 * quarters)
        months = 3.0 * quarters
    kept = opt.energised_filter(tuple(keys), built, months, date["energised_by"])
    return {k: f"needs {built[k].lead_time_months:g} months, {max(months, 0):g} available" for k in keys
            if k not in kept}, date


def needed_by(req: Request, as_of: int) -> dict:
    """When the power is needed, what lateness and the delay cost count from: the phase's first-online quarter
    when a phase of the program not yet online is solved, whatever ``--energised-by`` says (that date only sets
    which options may be built); otherwise (a bare site, a phase online before the as-of quarter) the
    energise-by date. ``months_to_need`` counts from the as-of quarter, a date already past as now."""
    from gigawatt import timeline

    online = req.phase[3] if req.phase is not None else None
    if online and timeline.parse_quarter(online, "first_online") >= as_of:
        which = f"phase {req.phase[0]}" if req.phase[0] else "the program's first phase"
        need, source = online, f"{which}'s first-online quarter"
    else:
        need, source = req.energised_by, "--energised-by" if not req.energised_by_from_schedule else "phase schedule"
    return {"needed_by": need, "needed_by_source": source,
            "months_to_need": max(opt.months_until(need, as_of, "energised_by"), 0.0)}


def schedule(req: Request, built: dict[str, opt.Option]) -> dict:
    """What the solve is for: the phase and its load, and the energise-by date used (see :func:`ready_by`)."""
    _, date = ready_by(req, tuple(built), built)
    out = {"load_mw": req.load_mw, **date}
    if req.phase is not None:
        n, of, gw, online = req.phase
        out["phase"] = {"number": n, "of": of, "facility_gw": gw, "first_online": online} if n else \
            {"number": "all", "of": of, "facility_gw": gw, "first_online": online}
    if req.phase_choice:
        out["phase_choice"] = dict(req.phase_choice)
    return out


def capacity_factors(site: Site, keys, hours: int) -> dict[str, np.ndarray]:
    from gigawatt import catalog

    cat = catalog.power_options()
    out = {}
    for k in keys:
        if k in ("solar", "wind"):
            rows = cat[k]
            q = f"capacity_factor_{site.region}" if site.region and f"capacity_factor_{site.region}" in rows \
                else "capacity_factor"
            cf = rows[q].number
            shape = weather.monthly(site.region, k)  # the region's sourced monthly shape, if any
            out[k] = profiles.solar(site.lat, site.lon, cf, hours, monthly=shape) if k == "solar" \
                else profiles.wind(cf, hours, monthly=shape)
    return out


def solve(req: Request) -> PowerResult:
    """The least-cost supply for the request (see :mod:`gigawatt.power.lp`)."""
    check(req)
    built, excluded = build_options(req)
    wx = weather.for_request(req, built, capacity_factors)
    cf = wx.cf
    load = lp.Load(np.full(wx.hours, float(req.load_mw)), flexible_share=float(req.flexible_share),
                   window_hours=req.flexible_window_hours, rating_mw=req.rating_mw)
    cap_t = req.co2_cap_t_per_yr
    if req.co2_cap_g_per_kwh is not None:
        by_intensity = req.co2_cap_g_per_kwh * req.load_mw * 8760.0 / 1e3  # g/kWh x MWh/yr -> t/yr
        cap_t = by_intensity if cap_t is None else min(cap_t, by_intensity)
    when = schedule(req, built)
    built, credit_info = credits.apply(req, built, when)
    built, reserve = reliability.with_reserve(req, built, wx.temp_c)
    req = speed_value.resolve(req, None)  # a bare request priced with the default program's value
    delay = speed_value.delay_for(req, built, when)
    constraints = {"co2_cap_t_per_yr": cap_t, "co2_price_usd_per_t": req.co2_price_usd_per_t,
                   "energised_by": when["energised_by"], "reliability": req.reliability,
                   "grid_limit_mw": built["grid"].limit_mw if "grid" in built else None,
                   "flexible_share": req.flexible_share,
                   "flexible_window_hours": min(req.flexible_window_hours, req.hours),
                   "rating_mw": req.rating_mw, "reserve_margin": req.reserve_margin}
    try:
        def run(options, existing, unit_mw):
            return lp.solve(load, options, cf, co2_cap_t_per_yr=cap_t, reliability=req.reliability,
                            reserve_margin=req.reserve_margin, step_hours=req.step_hours, delay=delay,
                            existing=existing, unit_mw=unit_mw)

        sol = milp.solve(req.units, run, built, (dict(req.existing_mw), dict(req.existing_mwh)),
                         reliability.unit_sizes(req, built))
    except lp.Infeasible as e:
        raise InputError("power", _why_infeasible(req, built, cap_t, str(e), when)) from None
    res = summarise(sol, built, site=req.site.name, lat=req.site.lat, lon=req.site.lon,
                    excluded=excluded, constraints=constraints, schedule=when)
    res.reliability = reliability.report(req, sol, built, wx.temp_c, reserve)
    as_built.apply(res, built)  # one plan: gas in the whole units built
    res.credits = credit_info
    res.late = speed_value.late_report(req, built, when, res, sol.extra.get("delay_usd_per_yr", {}))
    res.weather = _weather_report(req, wx, sol, res, built)
    if wx.note:  # the measured station, or the synthetic profiles shaped to its months
        res.profiles_note = wx.note
    return res


def _weather_report(req: Request, wx, sol, res: PowerResult, built: dict[str, opt.Option]) -> dict:
    """The weather years solved: their source, capacity factors and shares, which of sun and wind were built,
    and for several years each year's figures from the one plan (:mod:`gigawatt.power.years`)."""
    out = {**wx.describe(), "shares_by_year": weather.per_year(sol.dispatch_mw, wx.years),
           "variable_built": [k for k in wx.cf if res.capacity_mw.get(k, 0.0) > 0]}
    if wx.years > 1:
        out.update(years.by_year(sol, res, built, wx.years, wx.temp_c))
    outside = site.weather_note(req.site)  # Michigan is not given Abilene's sun: said in the weather line
    if outside and not wx.measured_years and getattr(req, "weather_file", None) is None:
        out.update(source=f"{out['source']}; {outside}", site_note=outside)
    return out


def _why_infeasible(req: Request, built: dict[str, opt.Option], cap_t: float | None, condition: str,
                    when: dict | None = None) -> str:
    names = ", ".join(opt.LABELS.get(k, k) for k in built)
    firm_mw = sum(o.limit_mw for o in built.values() if o.kind == "generator" and not o.variable)
    clean = [k for k, o in built.items() if o.co2_t_per_mwh == 0 and o.kind == "generator"]
    parts = [f"no supply plan serves {req.load_mw:,.0f} MW every hour with {names}"]
    if not any(o.variable for o in built.values()) and firm_mw < req.load_mw:
        parts.append(f"the dispatchable options are limited to {firm_mw:,.0f} MW in all")
    if cap_t is not None:
        given = f"{req.co2_cap_g_per_kwh:,.0f} g/kWh" if req.co2_cap_g_per_kwh is not None \
            and (req.co2_cap_t_per_yr is None or cap_t < req.co2_cap_t_per_yr) else f"{cap_t:,.0f} t/yr"
        parts.append(f"under a CO2 cap of {given}" + ("" if clean else " with no zero-carbon option"))
    if not any(o.kind == "storage" for o in built.values()) and any(o.variable for o in built.values()):
        parts.append("solar/wind alone cannot cover hours without sun or wind (add battery or firm)")
    by = date_used(when or {})
    if by:
        parts.append(f"energised {by}")
    return "infeasible: " + "; ".join(parts) + f" (solver: {condition})"


def date_used(when: dict) -> str:
    """The energise-by date a solve used and where it came from, for a message: ``by 2028Q4, the phase's date
    (2027Q4) slipped to the first quarter one can``; '' without a date."""
    by, source = when.get("energised_by"), when.get("energised_by_source")
    if not by:
        return ""
    if when.get("slipped_from"):
        return f"by {by}, the phase's date ({when['slipped_from']}) slipped to the first quarter one can"
    return f"by {by} (--energised-by)" if source == "--energised-by" else f"by {by}, the phase's first-online quarter"
