"""Routes: the capital stack of a built-in scenario (gigawatt.capital): who lends, who owns, who bears the risk.

``POST /api/capital`` takes a built-in scenario name only (the server never opens a file a request names) and
answers the same JSON as ``gigawatt capital --json``. Draws are bounded (memory grows with draws x quarters);
bad input: 422 as ``{detail, field, message}``.
"""

from __future__ import annotations

import math

from typing import Optional

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from gigawatt.errors import show
from gigawatt.capital.stack import bytes_per_draw
from gigawatt.web.models import ERRORS, ErrorBody

router = APIRouter(tags=["capital"], responses={422: ERRORS[422]})
WEB_MAX_DRAWS = 2000  # ~250 MB at the peak for openai-portfolio (tracemalloc), held of the jobs' budget
BASE_BYTES = 64 * 1024**2  # the deterministic run and the stack, whatever the draws


class CapitalBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    scenario: str = Field("openai-portfolio", max_length=64, description="A built-in scenario name")
    view: Optional[str] = Field(None, max_length=64, description="A built-in view (e.g. stressed-credit); "
                                                                 "default: the scenario's own")
    draws: int = Field(1000, strict=True, ge=0, le=WEB_MAX_DRAWS,
                       description=f"Monte Carlo draws over the labelled guesses, 0 to {WEB_MAX_DRAWS:,}")
    seed: int = Field(0, strict=True, ge=0, le=2**32 - 1, description="Random seed")
    revenue_scale: float = Field(1.0, strict=True, ge=0, le=10, allow_inf_nan=False,
                                 description="The customer's revenue as a multiple of its path (0.5 = half)")

    @field_validator("draws", mode="before")
    @classmethod
    def _draws(cls, v):
        """Said with this route's own bound (the app-wide message gives /api/mc's)."""
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= WEB_MAX_DRAWS:
            raise PydanticCustomError("draws_range", "{given} is not allowed: a whole JSON number from 0 "
                                      "(deterministic) to {top} (use `gigawatt capital --draws` for more)",
                                      {"given": show(v), "top": f"{WEB_MAX_DRAWS:,}"})
        return v

    @field_validator("revenue_scale", mode="before")
    @classmethod
    def _number(cls, v):
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            raise PydanticCustomError("strict_number", "{given} is not allowed: a finite JSON number from 0 to 10",
                                      {"given": show(v)})
        return float(v)


@router.post("/api/capital", responses={429: {"model": ErrorBody, "description": "The server's heavy-request "
                                                                               "slots or memory budget are taken"}})
def capital(body: CapitalBody, request: Request):
    """Instruments with sources, the cash waterfall, coverage, P(default) per party, expected loss by lender.

    The run holds a heavy-request slot and its memory estimate (draws x the stack's size) of the server's
    budget while it runs, as ``/api/mc`` does: 429 at once when they are taken (nothing is held while waiting)."""
    from gigawatt.capital import analyse
    from gigawatt.errors import InputError
    from gigawatt.present import plain
    from gigawatt.scenario import builtin_names, load_scenario

    if body.scenario not in builtin_names():
        raise InputError("scenario", f"{show(body.scenario)} is not a built-in scenario ({', '.join(builtin_names())})")
    scn = load_scenario(body.scenario, view=body.view, builtins_only=True)
    first, last = scn.horizon_quarters
    need = BASE_BYTES + max(body.draws, 1) * bytes_per_draw(scn, last - first + 1)
    with request.app.state.jobs.hold(need, "a capital stack run", field="draws", kind="capital"):
        out = plain(analyse(scn, body.draws, body.seed, body.revenue_scale))
    return JSONResponse(out)
