"""Routes: Monte Carlo runs, waited for (``POST /api/mc``) or in the background with progress (``/api/mc/jobs``)."""

from __future__ import annotations

import asyncio
import time

from fastapi import APIRouter, Path, Request
from starlette.concurrency import run_in_threadpool

from gigawatt import runbundle
from gigawatt.store import RunStore
from gigawatt.web import features
from gigawatt.web import jobs as runner
from gigawatt.web.loading import load_request_scenario
from gigawatt.web.models import ERRORS, ErrorBody, McJob, McRequest, McResponse
from gigawatt.web.payloads import mc_payload
from gigawatt.web.routes_run import check_label

router = APIRouter(tags=["run"], responses={**ERRORS, 429: {"model": ErrorBody, "description": "Memory budget "
                                                                     "taken by running jobs"},
                                           503: {"model": ErrorBody}})


def _work(req: McRequest, db, jobs):
    """Validate everything, solve an optimised supply, size the job; returns (work(progress), memory estimate)."""
    from gigawatt import api

    check_label(req)
    scn = load_request_scenario(req)
    features.need("montecarlo")  # 503 before anything is recorded
    with runner.power_hold(jobs, scn):  # the power LP of an optimised supply: solved here, in its slot
        scn = api.with_supply(scn)
    sizing = runner.estimate(scn, req.draws)

    def work(progress=None) -> dict:
        t0 = time.perf_counter()
        if req.save:
            with RunStore(db).record(kind="mc", **runbundle.of(scn), seed=req.seed, draws=req.draws,
                                     label=req.label, origin="server") as rec:
                results = runner.run_mc(scn, req.draws, req.seed, sizing, progress)
                rec.finish(results)
            run_id = rec.id
        else:
            results, run_id = runner.run_mc(scn, req.draws, req.seed, sizing, progress), None
        return mc_payload(scn, req.draws, req.seed, results, run_id, time.perf_counter() - t0)

    return work, sizing.bytes


def client_of(request: Request) -> str:
    """The peer address a job is counted against (its share of the queue)."""
    return request.client.host if request.client else ""


@router.post("/api/mc", response_model=McResponse)
async def mc(req: McRequest, request: Request):
    """A Monte Carlo run that waits for its results (draws capped, see /api/meta). Saved unless save is false.
    Cancelled when the client goes away before it ends."""
    jobs = request.app.state.jobs
    work, memory = await run_in_threadpool(_work, req, request.app.state.db, jobs)
    job_id = jobs.start(work, req.draws, memory, client=client_of(request), queue=False)
    ended = jobs.ended(job_id)
    while not ended.is_set():
        if await request.is_disconnected():
            jobs.cancel(job_id)
            break
        await asyncio.sleep(0.05)
    return await run_in_threadpool(jobs.wait, job_id)


@router.post("/api/mc/jobs", response_model=McJob)
def mc_job(req: McRequest, request: Request):
    """Start a Monte Carlo run in the background (queued when the server is busy; see /api/meta's limits);
    poll GET /api/mc/jobs/{job_id} for progress and results, DELETE it to cancel."""
    jobs = request.app.state.jobs
    work, memory = _work(req, request.app.state.db, jobs)
    return jobs.get(jobs.start(work, req.draws, memory, client=client_of(request)))


@router.delete("/api/mc/jobs/{job_id}", response_model=McJob, responses={404: {"model": ErrorBody}})
def mc_job_cancel(request: Request, job_id: str = Path(max_length=64, examples=["0123456789ab"])):
    """Cancel a queued or running Monte Carlo job (a running one stops at its next chunk of draws)."""
    return request.app.state.jobs.cancel(job_id)


@router.get("/api/mc/jobs/{job_id}", response_model=McJob, responses={404: {"model": ErrorBody}})
def mc_job_status(request: Request, job_id: str = Path(max_length=64, examples=["0123456789ab"])):
    """Progress of a background Monte Carlo run, and its results once done."""
    return request.app.state.jobs.get(job_id)
