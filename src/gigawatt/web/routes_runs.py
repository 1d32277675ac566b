"""Routes: the run history (runs saved by the dashboard, and with ``gigawatt serve --share-cli-runs`` those saved
by ``gigawatt run --save`` and ``gigawatt mc --save``): list in pages, one run, rename, delete.

What is served: runs saved through this server; CLI-saved runs (which carry the user's file paths) only when the
server was started with ``--share-cli-runs``. A served run never holds the saving process's ``pid`` or ``host``,
and a CLI-saved run's absolute paths are cut to their file names (``/home/me/deals/a.yaml`` -> ``…/a.yaml``).
A run that is not served is answered as one that does not exist (404).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Body, Path, Query, Request, Response

from gigawatt.store import MAX_LABEL_CHARS, RunNotFoundError, RunStore
from gigawatt.web.models import ERRORS, ErrorBody, RunDetail, RunStatus, RunSummary

router = APIRouter(tags=["history"], responses={422: ERRORS[422], 400: ERRORS[400], 503: {"model": ErrorBody}})
MAX_PAGE = 200          # runs one GET /api/runs returns (summaries: a few hundred bytes each)
MAX_OFFSET = 1_000_000
IdPath = Path(description="A run id, or a unique prefix of one", examples=["0123456789ab"])
# An absolute path's folders (POSIX, ~ or a drive letter), not a URL's: kept is the file name after them.
_FOLDERS = re.compile(r"""(?<![\w.:/~\\-])(?:~|[A-Za-z]:)?(?:[/\\][^\s/\\"'(),;:\[\]{}]+)+(?=[/\\][^\s/\\"'(),;\[\]{}]+)""")


def origins(app) -> tuple[str, ...]:
    """Where the runs this server serves were saved: its own, and the CLI's with ``--share-cli-runs``."""
    return ("cli", "server") if getattr(app.state, "share_cli_runs", False) else ("server",)


def strip_paths(value: Any) -> Any:
    """``value`` (text, or JSON data) with every absolute path cut to its file name."""
    if isinstance(value, str):
        return _FOLDERS.sub("…", value)
    if isinstance(value, dict):
        return {strip_paths(k): strip_paths(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_paths(v) for v in value]
    return value


def served(run: dict) -> dict:
    """A run as the server shows it: no pid or host; a CLI-saved run without the folders of its paths."""
    run = {k: v for k, v in run.items() if k not in ("pid", "host")}
    return strip_paths(run) if run.get("origin") != "server" else run


def served_run(request: Request, run_id: str) -> dict:
    """The whole run ``run_id`` names, if this server serves it (else :class:`RunNotFoundError`: 404)."""
    if len(run_id) > 64:
        raise RunNotFoundError(f"{run_id[:20]!r}... is not a run id")
    return served(RunStore(request.app.state.db).get(run_id, origins=origins(request.app)))


@router.get("/api/runs", response_model=list[RunSummary])
def runs(request: Request, response: Response,
         limit: int = Query(50, ge=1, le=MAX_PAGE, description=f"Runs in this page, 1..{MAX_PAGE}"),
         offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Newest runs to skip first"),
         status: RunStatus | None = Query(None, description="Only runs with this status")):
    """Saved runs, newest first, as summaries (no scenario text or results: ``GET /api/runs/{id}`` has them),
    a page at a time. Headers: ``X-Total-Count`` (runs in all), and ``Link`` to the next page while there is one.
    ``draws_text``: the draws as people read them."""
    from gigawatt.present import sig

    store, where = RunStore(request.app.state.db), origins(request.app)
    rows = store.list(limit=limit, offset=offset, status=status, origins=where)
    total = store.count(status=status, origins=where)
    response.headers["X-Total-Count"] = str(total)
    if offset + len(rows) < total:
        nxt = request.url.include_query_params(offset=offset + len(rows), limit=limit)
        response.headers["Link"] = f'<{nxt.path}?{nxt.query}>; rel="next"'
    return [{**served(r), "draws_text": sig(r["draws"])} for r in rows]


@router.get("/api/runs/{run_id}", response_model=RunDetail, responses={404: {"model": ErrorBody}})
def run_detail(request: Request, run_id: str = IdPath):
    """One saved run: its label, scenario YAML, included files (by file name) and results (a unique id prefix
    will do)."""
    return served_run(request, run_id)


@router.patch("/api/runs/{run_id}", response_model=RunSummary, responses={404: {"model": ErrorBody}})
def run_rename(request: Request, run_id: str = IdPath,
               label: str | None = Body(..., embed=True, max_length=50 * MAX_LABEL_CHARS,
                                        description=f"The run's new label: one line, at most {MAX_LABEL_CHARS} "
                                                    "characters; empty or null clears it",
                                        examples=["base case, PUE 1.3"])):
    """Rename a saved run (its label lives in the run history, so every browser and `gigawatt runs` see it)."""
    store = RunStore(request.app.state.db)
    return served(store.rename(_served_id(request, store, run_id), label))


@router.delete("/api/runs/{run_id}", response_model=RunSummary, responses={404: {"model": ErrorBody}})
def run_delete(request: Request, run_id: str = IdPath):
    """Delete a saved run; answers the summary it had."""
    store = RunStore(request.app.state.db)
    return served(store.delete(_served_id(request, store, run_id)))


def _served_id(request: Request, store: RunStore, run_id: str) -> str:
    if len(run_id) > 64:
        raise RunNotFoundError(f"{run_id[:20]!r}... is not a run id")
    return store.summary(run_id, origins=origins(request.app))["id"]
