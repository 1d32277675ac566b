"""Route: ``GET /api/meta``, the output schema, the dashboard's controls and cards, limits and features."""

from __future__ import annotations

import functools

from fastapi import APIRouter, Request

from gigawatt.web import features
from gigawatt.web import limits as L
from gigawatt.web.models import ERRORS, Meta

router = APIRouter(tags=["scenarios"], responses={400: ERRORS[400]})


@functools.cache
def _static_meta() -> dict:
    from gigawatt import assumptions, catalog, outputs, timeline
    from gigawatt.scenario import MAX_PHASES
    from gigawatt.web.controls import controls

    schema = outputs.meta()
    return {
        "headline": {k: {"unit": o.unit, "description": o.description, "label": o.label, "group": o.group}
                     for k, o in outputs.headline().items()},
        "series": {k: {"unit": o.unit, "description": o.description, "label": o.label, "group": o.group}
                   for k, o in outputs.series().items()},
        "outputs": schema["outputs"], "groups": schema["groups"],
        "cards": [{"key": k, "label": o.label, "unit": o.unit, "group": o.group, "description": o.description}
                  for k, o in outputs.headline().items() if o.group],
        "controls": list(controls()),
        "platforms": [{"name": n, "vendor": p.vendor, "available": timeline.label(p.available), "status": p.status}
                      for n, p in catalog.platforms().items()],
        "views": [{"name": v.name, "title": v.title} for v in map(assumptions.load_view, assumptions.builtin_views())],
        "limits": {"max_body_bytes": L.MAX_BODY_BYTES, "max_draws": L.MAX_DRAWS, "max_seed": L.MAX_SEED,
                   "max_overrides": L.MAX_OVERRIDES, "max_phases": MAX_PHASES,
                   "memory_budget_bytes": L.MEMORY_BUDGET_BYTES, "body_timeout_s": L.BODY_TIMEOUT_S,
                   "job_slots": L.JOB_SLOTS, "max_queued_jobs": L.MAX_QUEUED_JOBS,
                   "max_client_jobs": L.MAX_CLIENT_JOBS},
    }


def _meta() -> dict:
    return {**_static_meta(), "features": features.available()}


def _cheap_pool(app):
    """Threads of their own for cheap routes (made in the server's event loop, once), so heavy requests
    filling the default pool of 40 do not queue them."""
    import anyio

    if getattr(app.state, "cheap_pool", None) is None:
        app.state.cheap_pool = anyio.CapacityLimiter(4)
    return app.state.cheap_pool


@router.get("/api/meta", response_model=Meta)
async def meta(request: Request):
    """The output schema (units, labels, groups), the dashboard's controls with the scenario model's bounds,
    the platform catalog, the server's limits and features."""
    import anyio

    return await anyio.to_thread.run_sync(_meta, limiter=_cheap_pool(request.app))
