"""Routes: least-cost power supply for a built-in scenario's campus (gigawatt.power, linopy + HiGHS).

``POST /api/power`` takes a built-in scenario name only (the server never opens a file a request names) and
answers the same JSON as ``gigawatt power --json``. Bad input: 422 as ``{detail, field, message}``. Solves run
one at a time (each takes a CPU for seconds).
"""

from __future__ import annotations

import threading
from typing import Optional

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from gigawatt.web.models import ERRORS

router = APIRouter(tags=["power"], responses={422: ERRORS[422]})
_ONE_AT_A_TIME = threading.Lock()


class PowerBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = Field("cheyenne-wy-10gw", max_length=64, description="A built-in scenario name")
    options: Optional[str] = Field(None, max_length=200, description="grid,gas,solar,wind,battery,firm or single keys")
    co2_cap_g_per_kwh: Optional[float] = Field(None, description="CO2 cap [g/kWh], zero or more")
    co2_cap_t_per_yr: Optional[float] = Field(None, description="CO2 cap [t/yr], zero or more")
    energised_by: Optional[str] = Field(None, max_length=16, description="Quarter (2027Q3): drop slower options")
    as_of: Optional[str] = Field(None, max_length=16, description="Quarter the energised-by clock starts (today)")
    hours: int = Field(8760, description="Hours of the representative year to solve (48-8760)")


@router.post("/api/power")
def power(body: PowerBody):
    """Least-cost hourly supply (capacity, mix, LCOE, emissions) for the campus of a built-in scenario."""
    from dataclasses import replace

    from gigawatt import power as pw
    from gigawatt.errors import InputError, show
    from gigawatt.present import plain
    from gigawatt.scenario import builtin_names, load_scenario

    if body.scenario not in builtin_names():
        raise InputError("scenario", f"{show(body.scenario)} is not a built-in scenario ({', '.join(builtin_names())})")
    scn = load_scenario(body.scenario, builtins_only=True)
    req = pw.request_for(scn)
    changes = dict(energised_by=body.energised_by, as_of=body.as_of, hours=body.hours)
    if body.options is not None:
        changes["options"] = body.options
    if body.co2_cap_g_per_kwh is not None:
        changes["co2_cap_g_per_kwh"] = body.co2_cap_g_per_kwh
    if body.co2_cap_t_per_yr is not None:
        changes["co2_cap_t_per_yr"] = body.co2_cap_t_per_yr
    req = replace(req, **changes)
    from gigawatt.power.campus import check

    check(req)  # bad input answers at once, before waiting for the solver
    with _ONE_AT_A_TIME:
        res = pw.solve(req)
    return JSONResponse(plain(res.to_json()))
