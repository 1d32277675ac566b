"""Routes: the explorer's data (any output of the output schema for several scenarios, views or saved runs),
as JSON and as a workbook (:mod:`gigawatt.web.series`)."""

from __future__ import annotations

import datetime as _dt
from typing import Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from gigawatt.web.models import ERRORS, ScenarioRequest
from gigawatt.web.series import MAX_SOURCES

router = APIRouter(tags=["explorer"], responses={400: ERRORS[400], 422: ERRORS[422]})

OUTPUT = Query(None, max_length=100, description="An output's key in the output schema (GET /api/meta, outputs[].key): "
                                                "a quarterly series (gw_online) or a headline figure (headline.capex_usd)")
SOURCE = Query(None, description="Up to 8, repeated: a built-in scenario (openai-nvidia-10gw), SCENARIO@VIEW "
                                 "(openai-nvidia-10gw@vendor) or a saved run (run:ID); each runs deterministically")


class SeriesRequest(BaseModel):
    """The explorer's view with the dashboard's own inputs as one more source (``screen``)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"output": "h100_equivalents", "sources": ["screen", "openai-nvidia-10gw@vendor"],
         "screen": {"scenario": "openai-nvidia-10gw", "overrides": {"facility.pue": 1.3}}}]})

    output: str = Field(max_length=100, description=OUTPUT.description)
    sources: list[str] = Field(min_length=1, max_length=MAX_SOURCES, description="As the GET's source, plus "
                               "'screen': the scenario described by screen")
    screen: Optional[ScenarioRequest] = Field(None, description="The dashboard's inputs (as POST /api/run takes them)")


def _data(request: Request, output, source, screen=None) -> dict:
    from gigawatt.present import plain
    from gigawatt.web.routes_runs import origins
    from gigawatt.web.jobs import power_hold
    from gigawatt.web.series import explore

    return plain(explore(output, source, request.app.state.db, origins(request.app),
                         hold=lambda scn: power_hold(request.app.state.jobs, scn), screen=screen))


@router.get("/api/series")
def series(request: Request, output: Optional[str] = OUTPUT, source: Optional[list[str]] = SOURCE):
    """One output for each source: values, their text, the quarters and the axis (divisor and title)."""
    return JSONResponse(_data(request, output, source))


@router.post("/api/series", responses={413: ERRORS[413]})
def series_with_screen(req: SeriesRequest, request: Request):
    """The same, with the dashboard's inputs as the source ``screen``."""
    return JSONResponse(_data(request, req.output, req.sources, req.screen))


def _workbook(data: dict) -> Response:
    from gigawatt.web.series import to_xlsx

    return Response(to_xlsx(data, _dt.date.today().isoformat()),
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    headers={"Content-Disposition": f'attachment; filename="{data["output"]["name"]}.xlsx"'})


XLSX = {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}


@router.get("/api/series.xlsx", response_class=Response, responses={200: XLSX})
def series_xlsx(request: Request, output: Optional[str] = OUTPUT, source: Optional[list[str]] = SOURCE):
    """The same as a workbook: sheet Data (one header row, an Excel table, values in the axis unit), sheet About."""
    return _workbook(_data(request, output, source))


@router.post("/api/series.xlsx", response_class=Response, responses={200: XLSX, 413: ERRORS[413]})
def series_xlsx_with_screen(req: SeriesRequest, request: Request):
    """The workbook of ``POST /api/series``."""
    return _workbook(_data(request, req.output, req.sources, req.screen))
