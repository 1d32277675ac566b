"""The REST API and the dashboard (DESIGN.md section 5): :func:`create_app` builds the FastAPI app.

Thin: every figure comes from :mod:`gigawatt.api`; the modules beside this one validate requests
(:mod:`~gigawatt.web.loading`), format (:mod:`~gigawatt.web.payloads`, through :mod:`gigawatt.present`), run
Monte Carlo jobs (:mod:`~gigawatt.web.jobs`) and hold the routes (``routes_*.py``, each an ``APIRouter``).

Limits (the API's contract with an untrusted caller on the same machine; numbers in :mod:`~gigawatt.web.limits`):

* on a bind other than loopback, a client that is not this machine nor in an ``--allow`` network gets 403,
  whatever ``Host`` it names;
* requests whose ``Host`` is not a loopback name or the ``--host`` given get 400 (DNS rebinding); where
  ``--allow`` admits other machines, an IP address is accepted as Host too (it cannot be a rebound name);
* ``HEAD`` is answered as ``GET`` without the body;
* bodies above 1 MB get 413, declared or streamed; bodies not received within 10 s get 408;
* a scenario is a built-in *name* or a whole scenario sent as text, which may include built-in scenarios
  only: no request makes the server open, or even look for, a file;
* every error is ``{"detail", "field", "message"}``: 422 for bad input, naming the field;
* Monte Carlo draws above :data:`MAX_DRAWS` get 422; jobs are admitted by their memory estimate within a
  2 GB budget (a job that cannot fit: 422; one that must wait for others: 429); a power solve and a claims
  check hold a fixed share of the same budget while they run; a request that runs out of memory gets 503;
* a query parameter a GET route does not take gets 422 naming it.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles

from gigawatt.web import errors
from gigawatt.web.jobs import Jobs
from gigawatt.web.limits import BODY_TIMEOUT_S, MAX_BODY_BYTES, MAX_DRAWS, MEMORY_BUDGET_BYTES
from gigawatt.web.middleware import BodyGuard, HeadAsGet, HostCheck, PeerCheck, allowed_hosts, is_loopback
from gigawatt.web.params import known_query
from gigawatt.web.routes_docs import STATIC_DIR

__all__ = ["create_app", "MAX_BODY_BYTES", "MAX_DRAWS", "MEMORY_BUDGET_BYTES", "ROUTERS"]

ROUTERS = ("routes_scenarios", "routes_meta", "routes_run", "routes_mc", "routes_claims", "routes_runs",
           "routes_share", "routes_series", "routes_compare", "routes_docs")
OPTIONAL_ROUTERS = ("routes_power", "routes_sites", "routes_capital")  # other areas' routes, included when they import cleanly
log = logging.getLogger(__name__)


# Heavy routes of other areas' routers admitted by memory here (none now: POST /api/power holds a share sized by
# its LP steps itself, after its checks: gigawatt.web.routes_power.solve_bytes).
HELD: dict = {}


def _router(name: str, optional: bool):
    try:
        module = importlib.import_module(f"gigawatt.web.{name}")
    except ModuleNotFoundError as e:
        if optional and e.name == f"gigawatt.web.{name}":
            return None
        raise
    except Exception as e:  # noqa: BLE001 - another area's half-written module must not take the API down
        if not optional:
            raise
        log.warning("gigawatt.web.%s is not served: %s: %s", name, type(e).__name__, e)
        return None
    return getattr(module, "router", None)


def create_app(db: str | Path | None = None, host: str | None = None,
               memory_budget: int = MEMORY_BUDGET_BYTES, body_timeout_s: float = BODY_TIMEOUT_S,
               allow: tuple = (), share_cli_runs: bool = False) -> FastAPI:
    """The API and dashboard; runs are recorded in ``db`` (default ``$GIGAWATT_DB`` or the user data dir).

    ``host``: the address ``gigawatt serve --host`` binds, accepted as a Host header besides the loopback
    names; on any other bind, only this machine and the ``allow`` networks (``ipaddress`` networks, from
    ``gigawatt serve --allow``) are answered. ``share_cli_runs``: serve runs saved by the CLI too (their paths cut
    to file names; default: only runs saved through the server). ``memory_budget``: bytes the Monte Carlo jobs may hold together. ``body_timeout_s``: the deadline
    for a request body."""
    from gigawatt import __version__

    app = FastAPI(title="gigawatt", version=__version__, docs_url=None, redoc_url=None,
                  dependencies=[Depends(known_query)],
                  description="Model gigawatt-scale AI infrastructure deals: the REST API behind the dashboard. "
                              f"Bodies above {MAX_BODY_BYTES:,} bytes get 413; bad input gets 422 naming the "
                              f"field, as {{detail, field, message}}; Monte Carlo draws are capped at "
                              f"{MAX_DRAWS:,} and jobs share a {memory_budget / 2**30:g} GiB memory budget. "
                              "For local use: the server answers loopback names (and the --host given) only.")
    app.add_middleware(BodyGuard, limit=MAX_BODY_BYTES, timeout_s=body_timeout_s)
    app.add_middleware(HeadAsGet)
    app.add_middleware(HostCheck, hosts=allowed_hosts(host), ip_literals=bool(allow))
    if host is not None and not is_loopback(host):
        app.add_middleware(PeerCheck, allow=allow)  # added last: runs first
    app.state.jobs = Jobs(memory_budget)
    app.state.db = db
    app.state.share_cli_runs = share_cli_runs
    errors.install(app)
    for name in ROUTERS:
        app.include_router(_router(name, optional=False))
    for name in OPTIONAL_ROUTERS:
        router = _router(name, optional=True)
        if router is not None:
            held = [Depends(HELD[name])] if name in HELD else []
            app.include_router(router, dependencies=held)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
