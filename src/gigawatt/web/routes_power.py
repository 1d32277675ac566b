"""Routes: least-cost power supply for a built-in scenario's campus (gigawatt.power, linopy + HiGHS).

``POST /api/power`` takes a built-in scenario name only (the server never opens a file a request names: no
``--weather FILE``; ``weather_years`` draws the built-in synthetic years) and answers the same JSON as
``gigawatt power --json``. Its keys are the CLI's options (``BODY_FIELDS``), checked by the same functions with
the same one-line messages. Bad input: 422 as ``{detail, field, message}``, before any solve. A solve holds the
power slot and memory sized by its LP steps (:func:`solve_bytes`; 429 when busy); a request whose steps (weather
years x sweep solves) exceed :data:`~gigawatt.web.limits.POWER_MAX_STEPS` or whose memory exceeds the server's
budget is refused with 422. Sweeps run in the request, one solve after another (no Dask workers from the web).
Every solve of a request shares :data:`~gigawatt.web.limits.POWER_SOLVE_S` of HiGHS time (``highs.deadline``):
one past it is stopped and refused with 422, so the slot is never held much more than a minute. A client that
hangs up does not stop the solve: it is one blocking HiGHS call in a worker thread that the server is not told
about (Starlette reports a disconnect only to code awaiting the request), so the deadline is what bounds it.
"""

from __future__ import annotations

import functools
import math
import re
from contextlib import nullcontext
from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from gigawatt.errors import show

from gigawatt.web.models import ERRORS

router = APIRouter(tags=["power"], responses={422: ERRORS[422]})
# The CLI's options and this body's keys (a check's message names the option; the API answers with the key).
BODY_FIELDS = {"--options": "options", "--co2-cap": "co2_cap_g_per_kwh", "--energised-by": "energised_by",
               "--as-of": "as_of", "--hours": "hours", "--flexible": "flexible_share",
               "--reserve-margin": "reserve_margin", "--reliability": "reliability", "--phase": "phase",
               "--resolution": "resolution_hours", "--flexible-window": "flexible_window_hours",
               "--reliability-target": "reliability_target", "--no-unit-reserve": "unit_reserve",
               "--tax-credits": "tax_credits", "--weather-years": "weather_years", "--co2-price": "co2_price_usd_per_t",
               "--fuel-price": "fuel_price_usd_per_mmbtu", "--grid-price": "grid_price_usd_per_mwh",
               "--firm-price": "firm_price_usd_per_mwh", "--grid-mw": "grid_mw", "--firm-mw": "firm_mw",
               "--sweep": "sweep", "--seed": "seed", "--late": "late", "--speed-value": "speed_value_usd_per_gw_month",
               "--units": "units"}
# Keys that are a gigawatt.power.Request field of the same name, set when given.
REQUEST_KEYS = ("flexible_share", "flexible_window_hours", "reserve_margin", "reliability", "reliability_target",
                "unit_reserve", "tax_credits", "weather_years", "co2_price_usd_per_t", "fuel_price_usd_per_mmbtu",
                "grid_price_usd_per_mwh", "firm_price_usd_per_mwh", "grid_mw", "firm_mw", "late",
                "speed_value_usd_per_gw_month", "units")
WHOLE = ("hours", "resolution_hours", "flexible_window_hours", "weather_years", "sweep", "seed")
NUMBERS = ("co2_cap_g_per_kwh", "co2_cap_t_per_yr", "flexible_share", "reserve_margin", "reliability",
           "reliability_target", "co2_price_usd_per_t", "fuel_price_usd_per_mmbtu", "grid_price_usd_per_mwh",
           "firm_price_usd_per_mwh", "grid_mw", "firm_mw", "speed_value_usd_per_gw_month")


@functools.cache
def allowed() -> dict[str, str]:
    """What each number key allows, in words, from the power modules' own bounds (read when first refused)."""
    from gigawatt.errors import number
    from gigawatt.power import campus, profiles, reliability, speed_value, timesteps, weather
    from gigawatt.web.limits import MAX_SEED, POWER_MAX_SWEEP

    def upto(option: str, unit: str) -> str:
        return f"a finite JSON number from 0 to {number(campus.LIMITS[option])} ({unit})"

    lo, hi = reliability.TARGET_BOUNDS
    return {"co2_cap_g_per_kwh": upto("--co2-cap-g", "g/kWh"), "co2_cap_t_per_yr": upto("--co2-cap-t", "t/yr"),
            "co2_price_usd_per_t": upto("--co2-price", "USD/t"), "fuel_price_usd_per_mmbtu": upto("--fuel-price", "USD/MMBtu"),
            "grid_price_usd_per_mwh": upto("--grid-price", "USD/MWh"),
            "firm_price_usd_per_mwh": upto("--firm-price", "USD/MWh"),
            "grid_mw": upto("--grid-mw", "MW"), "firm_mw": upto("--firm-mw", "MW"),
            "hours": f"a whole JSON number from 48 to {profiles.HOURS_PER_YEAR}",
            "flexible_share": f"a finite JSON number from 0 to {campus.MAX_FLEXIBLE:g}",
            "flexible_window_hours": "a whole JSON number of hours (1 to 168)",
            "reserve_margin": "a finite JSON number from 0 to 1",
            "reliability": f"a finite JSON number from {campus.MIN_RELIABILITY:g} to 1",
            "reliability_target": f"a finite JSON number from {lo} to {hi}",
            "resolution_hours": f"one of the whole JSON numbers {', '.join(map(str, timesteps.STEPS))}",
            "weather_years": f"a whole JSON number from 1 to {weather.MAX_YEARS}",
            "sweep": f"a whole JSON number from 0 to {POWER_MAX_SWEEP} (solves in one request)",
            "seed": f"a whole JSON number from 0 to {number(MAX_SEED)}",
            "speed_value_usd_per_gw_month": f"a finite JSON number from 0 to {number(speed_value.MAX_USD_PER_GW_MONTH)} "
                                            "(USD per GW-month)",
            "unit_reserve": "JSON true or false", "tax_credits": "JSON true or false"}


_NUMBER = dict(strict=True, allow_inf_nan=False)


class PowerBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = Field("cheyenne-wy-10gw", max_length=64, description="A built-in scenario name")
    options: Optional[str] = Field(None, max_length=200, description="grid,gas,solar,wind,battery,firm or single keys")
    co2_cap_g_per_kwh: Optional[float] = Field(None, **_NUMBER, description="CO2 cap [g/kWh], 0 to 2,000")
    co2_cap_t_per_yr: Optional[float] = Field(None, **_NUMBER, description="CO2 cap [t/yr], 0 to 2e9")
    energised_by: Optional[str] = Field(None, max_length=16, description="Quarter (2027Q3): drop slower options "
                                                                     "(default: the first phase's first-online quarter)")
    as_of: Optional[str] = Field(None, max_length=16, description="Quarter the energised-by clock starts, 2020Q1 "
                                                                  "to today's (default: today's)")
    hours: int = Field(8760, strict=True, description="Hours of the representative year to solve (48-8760)")
    flexible_share: Optional[float] = Field(None, **_NUMBER, description="Share of the load that may shift within a "
                                                                         "day, 0 to 0.5 (default: the scenario's)")
    flexible_window_hours: Optional[int] = Field(None, strict=True, description="Hours within which shifted load "
                                                                                "is made up, 1-168 (default 24)")
    reserve_margin: Optional[float] = Field(None, **_NUMBER, description="Firm capacity above the highest hourly "
                                                                         "draw, 0 to 1 (0.15: 15 %)")
    reliability: Optional[float] = Field(None, **_NUMBER, description="Share of the load served, 0.5 to 1 (default "
                                                                      "1: every hour)")
    reliability_target: Optional[float] = Field(None, **_NUMBER, description="Expected share of energy served "
                                                "despite forced outages of gas units, met with whole units (N+k), "
                                                "0.9 to 0.9999999 (default 0.99999)")
    unit_reserve: bool = Field(True, strict=True, description="false: keep no gas units in reserve for forced "
                                                              "outages (EUE and LOLH still reported)")
    tax_credits: bool = Field(False, strict=True, description="Apply the credits as legislated at the data date")
    weather_years: int = Field(1, strict=True, description="Synthetic weather years sized together, 1-10 (the "
                                                           "spread is reported; whole years: leave hours out)")
    co2_price_usd_per_t: Optional[float] = Field(None, **_NUMBER, description="CO2 price [USD/t] (default 0)")
    fuel_price_usd_per_mmbtu: Optional[float] = Field(None, **_NUMBER, description="Gas price [USD/MMBtu]")
    grid_price_usd_per_mwh: Optional[float] = Field(None, **_NUMBER, description="Grid price [USD/MWh]")
    firm_price_usd_per_mwh: Optional[float] = Field(None, **_NUMBER, description="Firm contract price [USD/MWh]")
    grid_mw: Optional[float] = Field(None, **_NUMBER, description="Grid interconnection limit [MW]")
    firm_mw: Optional[float] = Field(None, **_NUMBER, description="Firm clean contract size [MW]")
    late: Optional[str] = Field(None, max_length=16, description="Options that miss the energise-by date: exclude "
                                "(left out, the default) or price (kept, each MW late priced at the value of speed)")
    speed_value_usd_per_gw_month: Optional[float] = Field(None, **_NUMBER, description="Value of speed for late = "
                                                          "price [USD per GW-month] (default: the program's)")
    units: Optional[str] = Field(None, max_length=8, description="Whole gas units: round (the LP rounded up, the "
                                 "default), milp (chosen in the optimisation; HiGHS branch and bound, slower) or "
                                 "staged (the LP, then a MILP for the unit counts)")
    sweep: int = Field(0, strict=True, description="Also N solves over fuel-price and capex ranges (P5/P50/P95), "
                                                   "bounded by the server's LP steps per request")
    seed: int = Field(0, strict=True, description="Sweep seed (0 to 2**32 - 1)")
    phase: str = Field("next", max_length=16, description="next (the first phase not yet online at as_of), first, a "
                       "phase number (1..N, in date order), all (the whole program by phase 1's date) or each (every "
                       "phase in turn, the cumulative load, earlier phases' plant kept: answers a sequence)")
    resolution_hours: Optional[int] = Field(None, strict=True, description="Hours per LP step: 1, 2, 3, 4 or 6 "
                                                                          "(default: 2 for a full year, else 1)")

    @field_validator(*NUMBERS, *WHOLE, "unit_reserve", "tax_credits", mode="before")
    @classmethod
    def _strict_value(cls, v, info):
        """A JSON number (whole where counted), not a bool or a numeric string, finite; a switch is JSON true or
        false; the refusal shows the value and what is allowed."""
        name = info.field_name
        if v is None and name not in ("unit_reserve", "tax_credits"):
            return v
        if name in ("unit_reserve", "tax_credits"):
            bad = not isinstance(v, bool)
        else:
            bad = isinstance(v, bool) or not isinstance(v, int if name in WHOLE else (int, float)) or not math.isfinite(v)
        if bad:
            raise PydanticCustomError("strict_value", "{given} is not allowed: {allowed}",
                                      {"given": show(v), "allowed": allowed()[name]})
        return v

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data):
        """An unknown key names this request's own fields (the app-wide message lists /api/run's)."""
        if isinstance(data, dict):
            unknown = [k for k in data if k not in cls.model_fields]
            if unknown:
                raise PydanticCustomError("unknown_key", "{key} is not a key of /api/power; allowed: {allowed}",
                                          {"key": show(unknown[0]), "allowed": ", ".join(cls.model_fields)})
        return data


@router.get("/api/power/options")
def power_options():
    """The supply options a solve may use, with the months each needs before it can deliver (for an "energised
    by" deadline), the quarter the clock starts from (today's), and the bounds of the body's number keys (the
    power modules' own, so a client checks what the server checks)."""
    from gigawatt import timeline
    from gigawatt.power import campus, options as opt, reliability, weather
    from gigawatt.power.campus import _as_of_quarter
    from gigawatt.web.limits import POWER_MAX_SWEEP

    group = {k: g for g, keys in opt.GROUPS.items() for k in keys}
    rows = [{"key": k, "label": opt.LABELS.get(k, k), "group": group[k], "kind": o.kind,
             "lead_time_months": o.lead_time_months}
            for k in opt.parse_options(None) for o in [opt.build(k)]]
    money = {key: [0.0, campus.LIMITS[option]] for option, key in BODY_FIELDS.items() if option in campus.LIMITS}
    bounds = {**money, "co2_cap_g_per_kwh": [0.0, campus.LIMITS["--co2-cap-g"]],
              "co2_cap_t_per_yr": [0.0, campus.LIMITS["--co2-cap-t"]],
              "reliability_target": list(reliability.TARGET_BOUNDS), "weather_years": [1, weather.MAX_YEARS],
              "sweep": [0, POWER_MAX_SWEEP]}
    return {"as_of": timeline.label(_as_of_quarter(None)), "options": rows, "limits": bounds}


def as_body(e, body: PowerBody):
    """A check's InputError (naming the CLI's options) as this body's keys: field and message."""
    from gigawatt.errors import InputError

    field = "co2_cap_t_per_yr" if e.path == "--co2-cap" and body.co2_cap_g_per_kwh is None \
        else BODY_FIELDS.get(e.path, e.path)
    message = re.sub(r"--[a-z][a-z-]+", lambda m: BODY_FIELDS.get(m.group(0), m.group(0)), e.message)
    # JSON has no inf: the CLI's "no limit" is the bound itself here (far above any campus's draw)
    message = message.replace("(or inf: no limit)", "(the largest is no limit in effect: JSON has no inf)")
    return InputError(field, message)


def build(body: PowerBody):
    """The request and the scenario for a body: a built-in scenario's phase, with the body's settings."""
    from dataclasses import replace

    from gigawatt import power as pw
    from gigawatt.commands.power import check_phase_words
    from gigawatt.errors import InputError
    from gigawatt.scenario import builtin_names, load_scenario

    if body.scenario not in builtin_names():
        raise InputError("scenario", f"{show(body.scenario)} is not a built-in scenario ({', '.join(builtin_names())})")
    scn = load_scenario(body.scenario, builtins_only=True)
    check_phase_words(body.phase, mw=None, energised_by=body.energised_by)
    req = pw.request_for(scn, phase="1" if each(body) else body.phase, as_of=body.as_of)
    changes = dict(as_of=body.as_of, hours=body.hours, resolution_hours=body.resolution_hours)
    if body.energised_by is not None:  # else the phase's first-online quarter (request_for)
        changes.update(energised_by=body.energised_by, energised_by_from_schedule=False)
    for key in ("options", "co2_cap_g_per_kwh", "co2_cap_t_per_yr", *REQUEST_KEYS):
        if getattr(body, key) is not None:
            changes[key] = getattr(body, key)
    return replace(req, **changes), scn


def each(body: PowerBody) -> bool:
    """``phase: each``: every phase in turn."""
    return body.phase.strip().lower() == "each"


def solve_bytes(req) -> tuple[int, int]:
    """A solve's LP steps and the memory it is held to (see :data:`~gigawatt.web.limits.POWER_STEP_BYTES`)."""
    from gigawatt.web.limits import POWER_BASE_BYTES, POWER_BYTES, POWER_STEP_BYTES

    from gigawatt.power.timesteps import lp_steps

    steps = lp_steps(req)
    return steps, max(POWER_BYTES, POWER_BASE_BYTES + steps * POWER_STEP_BYTES)


def check(req, scn, body: PowerBody, budget: int) -> int:
    """Every check the CLI makes, then the server's bounds on one request's work and memory (every phase's solve
    for ``each``); the bytes to hold."""
    from gigawatt.commands.power import check_each
    from gigawatt.errors import InputError
    from gigawatt.power import campus, site, sweep, weather
    from gigawatt.web.jobs import _bytes
    from gigawatt.web.limits import POWER_MAX_STEPS, POWER_MAX_SWEEP

    sweep.check(body.sweep, body.seed, None, zero_ok=True)
    if body.sweep > POWER_MAX_SWEEP:
        raise InputError("sweep", f"{body.sweep} is more than this server runs in one request: 0 to {POWER_MAX_SWEEP} "
                                  f"solves (`gigawatt power` runs up to {sweep.MAX_SOLVES:,}, on Dask with --workers)")
    campus.check(req)
    weather.check_years(req.weather_years, req.hours)
    solves = len(site.program_phases(scn)) if each(body) else 1 + body.sweep
    if each(body):
        check_each(req, sweep=body.sweep)
    if solves > 1 and req.units != "round":
        from gigawatt.power.milp import TIME_LIMIT_S

        raise InputError("units", f"{req.units} solves take up to {TIME_LIMIT_S:g} s each and this server runs one per "
                                  f"request ({solves} asked: sweep or phase each): units round, or run `gigawatt power` "
                                  "locally")
    steps, need = solve_bytes(req)
    shape = f"{req.weather_years} weather year{'s' if req.weather_years > 1 else ''} of {req.hours:,} hours in " \
            f"{req.step_hours}-hour steps ({steps:,} LP steps)"
    if need > budget:
        raise InputError("weather_years" if req.weather_years > 1 else "resolution_hours",
                         f"{shape} need about {_bytes(need)} to solve; the server's budget is {_bytes(budget)}: "
                         "fewer weather years or longer steps, or run `gigawatt power` locally")
    if steps * solves > POWER_MAX_STEPS:
        work = f"{solves:,} solves of {shape} are {steps * solves:,} LP steps" if solves > 1 else shape
        raise InputError("sweep" if body.sweep else "weather_years" if req.weather_years > 1 else "resolution_hours",
                         f"{work}; one request may solve {POWER_MAX_STEPS:,} (about a minute): fewer sweep solves or "
                         "weather years, or longer steps, or run `gigawatt power` locally")
    return need


@router.post("/api/power")
def power(body: PowerBody, request: Request):
    """Least-cost hourly supply (capacity, mix, LCOE, emissions, reliability, weather years, tax credits, the
    value of speed, a sweep where asked) for the campus of a built-in scenario, as ``gigawatt power --json``."""
    from gigawatt import power as pw
    from gigawatt.commands.power import describe_each, solve_and_describe
    from gigawatt.errors import InputError
    from gigawatt.power import highs, speed_value
    from gigawatt.present import plain
    from gigawatt.web.limits import MEMORY_BUDGET_BYTES, POWER_SOLVE_S

    jobs = getattr(request.app.state, "jobs", None)  # None: the router alone (tests), no server budget
    try:
        req, scn = build(body)
        need = check(req, scn, body, jobs.budget if jobs else MEMORY_BUDGET_BYTES)  # bad input: before any wait
        held = jobs.hold(need, "a power solve", field="scenario", kind="power") if jobs else nullcontext()
        with held, highs.deadline(POWER_SOLVE_S):  # the slot is freed within about a minute, solved or not
            if each(body):
                _, out = describe_each(req, scn, "independent")
            else:
                req = speed_value.resolve(req, scn)  # late = price: the program's value of speed, unless given
                _, out = solve_and_describe(req, scn, "independent", sweep=body.sweep, seed=body.seed,
                                            solve=pw.solve_cached)  # one solve at a time in the process
    except InputError as e:
        raise as_body(e, body) from None
    return JSONResponse(plain(out))
