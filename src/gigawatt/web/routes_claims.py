"""Route: the seed article's claims, checked against the model (~3 s a check; kept per view and date)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Optional

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from gigawatt.errors import InputError, show
from gigawatt.web import features
from gigawatt.web.limits import CLAIMS_BYTES
from gigawatt.web.models import ERRORS, ErrorBody

router = APIRouter(tags=["claims"], responses={400: ERRORS[400], 422: ERRORS[422], 429: {"model": ErrorBody},
                                               503: {"model": ErrorBody}})
_lock = threading.Lock()
_checked: OrderedDict[tuple[str | None, str], list] = OrderedDict()
KEPT = 16  # checks kept (views x dates asked for); each is the claims list, tens of kB


def _check(view: str | None, as_of: str | None):
    """(key, day): the view (built-in only) and the date, checked; InputError (422) naming the parameter."""
    from gigawatt.assumptions import builtin_views
    from gigawatt.claims import parse_as_of

    if view is not None and view not in builtin_views():
        raise InputError("view", f"{show(view)} is not a built-in view ({', '.join(builtin_views())})")
    try:
        day = parse_as_of(as_of)
    except InputError as e:
        raise InputError("as_of", e.message) from None
    return (view, day.isoformat()), day


@router.get("/api/claims")
def claims(request: Request,
           view: Optional[str] = Query(None, max_length=100, description="Assumption set (a built-in view: "
                                                                         "GET /api/meta lists them)"),
           as_of: Optional[str] = Query(None, max_length=32, description="Date forward-looking claims are judged "
                                                                         "at (YYYY-MM-DD; default today)")):
    """Every quantitative claim of the seed article, checked against the model (as ``gigawatt claims --json``)."""
    features.need("claims")
    key, day = _check(view, as_of)
    with _lock:  # one computation at a time, even when the dashboard and a script ask at once
        out = _checked.get(key)
        if out is None:
            from gigawatt import claims as cl
            from gigawatt.present import plain

            with request.app.state.jobs.hold(CLAIMS_BYTES, "a claims check", field="claims", kind="claims"):
                out = plain(cl.check_claims_json([f"view={view}"] if view else None, as_of=day))
            _checked[key] = out
            while len(_checked) > KEPT:
                _checked.popitem(last=False)
        else:
            _checked.move_to_end(key)
    return JSONResponse(out)
