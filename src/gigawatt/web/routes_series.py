"""Routes: the explorer's data (any output of the output schema for several scenarios, views or saved runs),
as JSON and as a workbook (:mod:`gigawatt.web.series`)."""

from __future__ import annotations

import datetime as _dt
from typing import Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from gigawatt.web.models import ERRORS

router = APIRouter(tags=["explorer"], responses={400: ERRORS[400], 422: ERRORS[422]})

OUTPUT = Query(None, max_length=100, description="An output's key in the output schema (GET /api/meta, outputs[].key): "
                                                "a quarterly series (gw_online) or a headline figure (headline.capex_usd)")
SOURCE = Query(None, description="Up to 8, repeated: a built-in scenario (openai-nvidia-10gw), SCENARIO@VIEW "
                                 "(openai-nvidia-10gw@vendor) or a saved run (run:ID); each runs deterministically")


def _data(request: Request, output, source) -> dict:
    from gigawatt.present import plain
    from gigawatt.web.routes_runs import origins
    from gigawatt.web.jobs import power_hold
    from gigawatt.web.series import explore

    return plain(explore(output, source, request.app.state.db, origins(request.app),
                         hold=lambda scn: power_hold(request.app.state.jobs, scn)))


@router.get("/api/series")
def series(request: Request, output: Optional[str] = OUTPUT, source: Optional[list[str]] = SOURCE):
    """One output for each source: values, their text, the quarters and the axis (divisor and title)."""
    return JSONResponse(_data(request, output, source))


@router.get("/api/series.xlsx", response_class=Response,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
def series_xlsx(request: Request, output: Optional[str] = OUTPUT, source: Optional[list[str]] = SOURCE):
    """The same as a workbook: sheet Data (one header row, an Excel table, values in the axis unit), sheet About."""
    from gigawatt.web.series import to_xlsx

    data = _data(request, output, source)
    name = f"{data['output']['name']}.xlsx"
    return Response(to_xlsx(data, _dt.date.today().isoformat()),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
