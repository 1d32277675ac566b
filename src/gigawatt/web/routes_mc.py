"""Routes: Monte Carlo runs, waited for (``POST /api/mc``) or in the background with progress (``/api/mc/jobs``)."""

from __future__ import annotations

import time

from fastapi import APIRouter, Path, Request

from gigawatt.store import RunStore
from gigawatt.web import features
from gigawatt.web import jobs as runner
from gigawatt.web.loading import load_request_scenario
from gigawatt.web.models import ERRORS, ErrorBody, McJob, McRequest, McResponse
from gigawatt.web.payloads import mc_payload

router = APIRouter(tags=["run"], responses={**ERRORS, 429: {"model": ErrorBody, "description": "Memory budget "
                                                                     "taken by running jobs"},
                                           503: {"model": ErrorBody}})


def _work(req: McRequest, db):
    """Validate everything, size the job; returns (work(progress), memory estimate)."""
    scn = load_request_scenario(req)
    features.need("montecarlo")  # 503 before anything is recorded
    sizing = runner.estimate(scn, req.draws)

    def work(progress=None) -> dict:
        t0 = time.perf_counter()
        if req.save:
            with RunStore(db).record(kind="mc", scenario_name=scn.name, scenario_yaml=scn.to_yaml(),
                                     seed=req.seed, draws=req.draws) as rec:
                results = runner.run_mc(scn, req.draws, req.seed, sizing, progress)
                rec.finish(results)
            run_id = rec.id
        else:
            results, run_id = runner.run_mc(scn, req.draws, req.seed, sizing, progress), None
        return mc_payload(scn, req.draws, req.seed, results, run_id, time.perf_counter() - t0)

    return work, sizing.bytes


@router.post("/api/mc", response_model=McResponse)
def mc(req: McRequest, request: Request):
    """A Monte Carlo run that waits for its results (draws capped, see /api/meta). Saved unless save is false."""
    jobs = request.app.state.jobs
    work, memory = _work(req, request.app.state.db)
    return jobs.wait(jobs.start(work, req.draws, memory))


@router.post("/api/mc/jobs", response_model=McJob)
def mc_job(req: McRequest, request: Request):
    """Start a Monte Carlo run in the background; poll GET /api/mc/jobs/{job_id} for progress and results."""
    jobs = request.app.state.jobs
    work, memory = _work(req, request.app.state.db)
    return jobs.get(jobs.start(work, req.draws, memory))


@router.get("/api/mc/jobs/{job_id}", response_model=McJob, responses={404: {"model": ErrorBody}})
def mc_job_status(request: Request, job_id: str = Path(max_length=64, examples=["0123456789ab"])):
    """Progress of a background Monte Carlo run, and its results once done."""
    return request.app.state.jobs.get(job_id)
