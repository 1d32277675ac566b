"""Route: one deterministic run (``POST /api/run``), optionally recorded in the run history."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import Response

from gigawatt import runbundle
from gigawatt.present import dumps_bytes
from gigawatt.store import RunStore, clean_label
from gigawatt.web.jobs import power_hold
from gigawatt.web.loading import load_request_scenario, override_items
from gigawatt.web.models import ERRORS, RunRequest, RunResponse
from gigawatt.web.payloads import run_payload

router = APIRouter(tags=["run"], responses=ERRORS)


@router.post("/api/run", response_model=RunResponse)
def run(req: RunRequest, request: Request):
    """One deterministic run: headline figures (with their text), quarterly series, cash by party, years."""
    from gigawatt import api

    t0 = time.perf_counter()
    check_label(req)
    scn = load_request_scenario(req)
    overrides = dict(override_items(req.overrides))
    with power_hold(request.app.state.jobs, scn):
        return _run(req, request, scn, overrides, t0)


def _run(req: RunRequest, request: Request, scn, overrides: dict, t0: float):
    from gigawatt import api

    if not req.save:  # the dashboard's hot path: written straight out, not re-validated (~5 ms)
        out = run_payload(scn, api.simulate(scn), overrides, time.perf_counter() - t0)
        return Response(dumps_bytes(out), media_type="application/json")
    with RunStore(request.app.state.db).record(kind="run", **runbundle.of(scn), seed=None, draws=1,
                                               label=req.label, origin="server") as rec:
        res = api.simulate(scn)
        rec.finish(res.to_json())
    out = run_payload(scn, res, overrides, time.perf_counter() - t0)
    out["run_id"] = rec.id
    return out


def check_label(req) -> None:
    """A label goes with ``save`` and is checked before any work (422 naming ``label``)."""
    from gigawatt.errors import InputError

    if req.label is not None and not req.save:
        raise InputError("label", "goes with save: true (a label names a saved run)")
    clean_label(req.label)
