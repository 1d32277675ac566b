"""Routes: least-cost power supply for a built-in scenario's campus (gigawatt.power, linopy + HiGHS).

``POST /api/power`` takes a built-in scenario name only (the server never opens a file a request names) and
answers the same JSON as ``gigawatt power --json``. Bad input: 422 as ``{detail, field, message}``. Solves run
one at a time (each takes a CPU for seconds).
"""

from __future__ import annotations

import math
import re
from typing import Optional

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from gigawatt.errors import show

from gigawatt.web.models import ERRORS

router = APIRouter(tags=["power"], responses={422: ERRORS[422]})
BODY_FIELDS = {"--options": "options", "--co2-cap": "co2_cap_g_per_kwh", "--energised-by": "energised_by",
               "--as-of": "as_of", "--hours": "hours", "--flexible": "flexible_share",
               "--reserve-margin": "reserve_margin", "--reliability": "reliability", "--phase": "phase",
               "--resolution": "resolution_hours"}


# Numbers are strict (no bool, no numeric strings) and finite (JSON's Infinity/NaN are refused); their ranges
# (CO2 caps 0 to 2,000 g/kWh or 2e9 t/yr, hours 48 to 8760) are gigawatt.power.campus.check's, as on the CLI.
_NUMBER = dict(strict=True, allow_inf_nan=False)
_ALLOWED = {"co2_cap_g_per_kwh": "a finite JSON number from 0 to 2,000 (g/kWh)",
            "co2_cap_t_per_yr": "a finite JSON number from 0 to 2e9 (t/yr)",
            "hours": "a whole JSON number from 48 to 8760",
            "flexible_share": "a finite JSON number from 0 to 0.5",
            "reserve_margin": "a finite JSON number from 0 to 1",
            "reliability": "a finite JSON number above 0, at most 1",
            "resolution_hours": "one of the whole JSON numbers 1, 2, 3, 4, 6"}


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
    reserve_margin: Optional[float] = Field(None, **_NUMBER, description="Firm capacity above the highest hourly "
                                                                         "draw, 0 to 1 (0.15: 15 %)")
    reliability: Optional[float] = Field(None, **_NUMBER, description="Share of the load served, (0, 1] (default 1: "
                                                                      "every hour)")
    phase: str = Field("first", max_length=16, description="first, a phase number (1..N, in date order) or all (the "
                                                            "whole program): its load and first-online quarter")
    resolution_hours: Optional[int] = Field(None, strict=True, description="Hours per LP step: 1, 2, 3, 4 or 6 "
                                                                          "(default: 2 for a full year, else 1)")

    @field_validator("co2_cap_g_per_kwh", "co2_cap_t_per_yr", "hours", "flexible_share", "reserve_margin",
                     "reliability", "resolution_hours", mode="before")
    @classmethod
    def _strict_number(cls, v, info):
        """A JSON number, not a bool or a numeric string, finite; the refusal shows the value and what is allowed."""
        if v is None:
            return v
        whole = info.field_name in ("hours", "resolution_hours")
        if isinstance(v, bool) or not isinstance(v, int if whole else (int, float)) or not math.isfinite(v):
            raise PydanticCustomError("strict_number", "{given} is not allowed: {allowed}",
                                      {"given": show(v), "allowed": _ALLOWED[info.field_name]})
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
    by" deadline), and the quarter the clock starts from (today's)."""
    from gigawatt import timeline
    from gigawatt.power import options as opt
    from gigawatt.power.campus import _as_of_quarter

    group = {k: g for g, keys in opt.GROUPS.items() for k in keys}
    rows = [{"key": k, "label": opt.LABELS.get(k, k), "group": group[k], "kind": o.kind,
             "lead_time_months": o.lead_time_months}
            for k in opt.parse_options(None) for o in [opt.build(k)]]
    return {"as_of": timeline.label(_as_of_quarter(None)), "options": rows}


@router.post("/api/power")
def power(body: PowerBody):
    """Least-cost hourly supply (capacity, mix, LCOE, emissions) for the campus of a built-in scenario."""
    from dataclasses import replace

    from gigawatt import power as pw
    from gigawatt.errors import InputError
    from gigawatt.present import plain
    from gigawatt.scenario import builtin_names, load_scenario

    if body.scenario not in builtin_names():
        raise InputError("scenario", f"{show(body.scenario)} is not a built-in scenario ({', '.join(builtin_names())})")
    scn = load_scenario(body.scenario, builtins_only=True)
    try:
        req = pw.request_for(scn, phase=body.phase)
    except InputError as e:
        raise InputError(BODY_FIELDS.get(e.path, e.path), e.message) from None
    changes = dict(as_of=body.as_of, hours=body.hours, resolution_hours=body.resolution_hours)
    if body.energised_by is not None:  # else the first phase's first-online quarter (request_for)
        changes.update(energised_by=body.energised_by, energised_by_from_schedule=False)
    if body.options is not None:
        changes["options"] = body.options
    if body.co2_cap_g_per_kwh is not None:
        changes["co2_cap_g_per_kwh"] = body.co2_cap_g_per_kwh
    if body.co2_cap_t_per_yr is not None:
        changes["co2_cap_t_per_yr"] = body.co2_cap_t_per_yr
    for key in ("flexible_share", "reserve_margin", "reliability"):
        if getattr(body, key) is not None:
            changes[key] = getattr(body, key)
    req = replace(req, **changes)
    from gigawatt.power.campus import check

    try:
        check(req)  # bad input (ranges, quarters) answers at once, before waiting for the solver
        res = pw.solve_cached(req)  # one solve at a time in the process, API runs with optimised supply included
    except InputError as e:  # the request's checks name the CLI's options; answer with this body's keys
        field = "co2_cap_t_per_yr" if e.path == "--co2-cap" and body.co2_cap_g_per_kwh is None \
            else BODY_FIELDS.get(e.path, e.path)
        message = re.sub(r"--[a-z][a-z-]+", lambda m: BODY_FIELDS.get(m.group(0), m.group(0)), e.message)
        raise InputError(field, message) from None
    out = res.to_json()
    out["reference"] = pw.reference(scn)
    return JSONResponse(plain(out))
