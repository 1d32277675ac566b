"""Route: the seed article's claims, checked against the model (computed once per server, ~2 s)."""

from __future__ import annotations

import functools
import threading

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from gigawatt.web import features
from gigawatt.web.models import ERRORS, ErrorBody

router = APIRouter(tags=["claims"], responses={400: ERRORS[400], 503: {"model": ErrorBody}})
_lock = threading.Lock()


@functools.cache
def _checked() -> list:
    from gigawatt import claims
    from gigawatt.present import plain

    return plain(claims.check_claims_json())


@router.get("/api/claims")
def claims():
    """Every quantitative claim of the seed article, checked against the model."""
    features.need("claims")
    with _lock:  # one computation even when the dashboard and a script ask at once
        return JSONResponse(_checked())
