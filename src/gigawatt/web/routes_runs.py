"""Routes: the run history (runs saved by the dashboard, ``gigawatt run --save`` and ``gigawatt mc --save``)."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query, Request

from gigawatt.store import RunNotFoundError, RunStore
from gigawatt.web.models import ERRORS, ErrorBody, RunDetail, RunStatus, RunSummary

router = APIRouter(tags=["history"], responses={422: ERRORS[422], 400: ERRORS[400], 503: {"model": ErrorBody}})


@router.get("/api/runs", response_model=list[RunSummary])
def runs(request: Request, limit: int = Query(50, ge=1, le=1000),
         status: RunStatus | None = Query(None, description="Only runs with this status")):
    """Saved runs, newest first (``draws_text``: the draws as people read them)."""
    from gigawatt.present import sig

    return [{**r, "draws_text": sig(r["draws"])} for r in RunStore(request.app.state.db).list(limit=limit, status=status)]


@router.get("/api/runs/{run_id}", response_model=RunDetail, responses={404: {"model": ErrorBody}})
def run_detail(request: Request, run_id: str = Path(description="A run id, or a unique prefix of one",
                                                     examples=["0123456789ab"])):
    """One saved run: its scenario YAML and results (a unique id prefix will do)."""
    if len(run_id) > 64:
        raise RunNotFoundError(f"{run_id[:20]!r}... is not a run id")
    return RunStore(request.app.state.db).get(run_id)
