"""The REST API and the dashboard (DESIGN.md section 5): ``create_app()`` builds the FastAPI app.

Thin: every figure comes from :func:`gigawatt.simulate` and :class:`~gigawatt.results.Results`; this
module validates requests, formats, and records runs in the run history (:mod:`gigawatt.store`).

Limits (the API's contract with an untrusted caller on the same machine):

* request bodies above :data:`MAX_BODY_BYTES` (1 MB) get 413, whether or not they declare a length;
* a scenario is a built-in *name* or a whole scenario sent as YAML/JSON text (``scenario_text``); no
  request can make the server read a file (names outside the built-in list get 422);
* bad input gets 422 with ``{"detail", "field", "message"}``; ``detail`` is the CLI's one-line message;
* Monte Carlo ``draws`` above :data:`MAX_DRAWS` get 422; at most :data:`MAX_MC_JOBS` run at once (429);
* nothing a caller sends produces a 500: inputs are validated first, and a last-resort handler turns any
  remaining failure into a JSON error.
"""

from __future__ import annotations

import functools
import inspect
import math
import threading
import time
import uuid
from collections import OrderedDict
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, create_model

from gigawatt import fmt
from gigawatt.errors import InputError, show
from gigawatt.scenario import MAX_PHASES
from gigawatt.store import RunNotFoundError, RunStore, StoreError, to_jsonable

MAX_BODY_BYTES = 1_000_000
MAX_DRAWS = 200_000          # Monte Carlo draws one API request may ask for
MAX_OVERRIDES = 200
MAX_MC_JOBS = 2              # Monte Carlo runs at once
KEPT_JOBS = 32               # finished jobs kept for polling

STATIC_DIR = Path(str(resources.files("gigawatt") / "web" / "static"))


# --- request and response models -------------------------------------------------------------------------

class ScenarioRequest(BaseModel):
    """Which scenario: a built-in name, or a whole scenario as YAML/JSON text; then overrides."""

    model_config = ConfigDict(extra="forbid")

    scenario: str = Field("openai-nvidia-10gw", max_length=200,
                          description="Built-in scenario name (GET /api/scenarios); ignored if scenario_text is given")
    scenario_text: str | None = Field(None, description="A whole scenario as YAML or JSON text (instead of a name)")
    overrides: dict[str, Any] | list[str] = Field(
        default_factory=dict,
        description='Field overrides by dotted path, as the CLI\'s --set: {"facility.pue": 1.3} or ["facility.pue=1.3"]')


class RunRequest(ScenarioRequest):
    save: bool = Field(False, description="Record the run in the run history")


class McRequest(ScenarioRequest):
    draws: int = Field(10_000, description=f"Monte Carlo draws, 1..{MAX_DRAWS}")
    seed: int = Field(0, ge=0, lt=2**63, description="Seed of the draws (same seed, same results)")
    save: bool = Field(True, description="Record the run in the run history")


def _summary_model() -> type[BaseModel]:
    from gigawatt.results import HEADLINE

    fields: dict[str, Any] = {}
    for key, (unit, desc) in HEADLINE.items():
        kind: Any = str | None if unit == "quarter" else float | None
        fields[key] = (kind, Field(None, description=f"{desc} [{unit}]"))
    fields["platform_mix_gw"] = (dict[str, float], Field(default_factory=dict, description="GW by platform at full build"))
    fields["comparison_state"] = (str | None, Field(None, description="US state the energy is compared with"))
    return create_model("Summary", __config__=ConfigDict(extra="allow"), **fields)


Summary = _summary_model()


class ScenarioInfo(BaseModel):
    name: str
    title: str
    description: str


class ScenarioDetail(ScenarioInfo):
    sources: list[str]
    guesses: list[str]
    values: dict[str, Any] = Field(description="The resolved scenario (every field)")
    yaml: str


class RunResponse(BaseModel):
    scenario: str
    title: str
    horizon: list[str]
    summary: Summary  # type: ignore[valid-type]
    summary_text: dict[str, str] = Field(description="Headline figures formatted for people (units included)")
    assumptions: dict[str, Any]
    quarters: list[str]
    series: dict[str, list[float | None]] = Field(description="Quarterly series by name (units: GET /api/meta)")
    gw_by_platform: dict[str, list[float | None]]
    cash_by_party: dict[str, list[float | None]] = Field(description="Cumulative net cash by party [USD]")
    by_year: list[dict[str, Any]]
    overrides: dict[str, Any]
    run_id: str | None = None
    seconds: float


class McResponse(BaseModel):
    scenario: str
    draws: int
    seed: int
    results: dict[str, Any] = Field(description="MCResults.to_json() of the Monte Carlo engine")
    run_id: str | None = None
    seconds: float


class McJob(BaseModel):
    job_id: str
    status: Literal["running", "done", "failed"]
    done: int = Field(description="Draws finished (when the engine reports progress)")
    total: int
    elapsed_s: float
    error: str | None = None
    result: McResponse | None = None


class RunSummary(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    kind: str
    scenario_name: str
    scenario_hash: str
    seed: int | None
    draws: int
    status: str
    started_at: str | None
    finished_at: str | None
    seconds: float | None


class RunDetail(RunSummary):
    error: str | None = None
    scenario_yaml: str
    results: dict[str, Any] | None


class ErrorBody(BaseModel):
    detail: str = Field(description="One line, as the CLI prints it")
    field: str | None = Field(None, description="Dotted path of the offending field")
    message: str | None = None


class Meta(BaseModel):
    headline: dict[str, dict[str, str]]
    series: dict[str, dict[str, str]]
    platforms: list[dict[str, Any]]
    limits: dict[str, int]
    features: dict[str, bool]


_ERRORS = {422: {"model": ErrorBody, "description": "Bad input (names the field)"},
           413: {"model": ErrorBody, "description": "Request body above 1 MB"}}


# --- scenario loading (never from a path a request names) -------------------------------------------------

class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors/aliases: a scenario never needs them, and they allow "billion laughs"."""

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "YAML aliases (*name) are not accepted here", mark)
        return super().compose_node(parent, index)


def _parse_text(text: str) -> dict:
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise InputError("scenario_text", f"malformed YAML{at}: {problem}") from None
    except RecursionError:
        raise InputError("scenario_text", "is nested too deeply to be a scenario") from None
    if not isinstance(data, dict):
        raise InputError("scenario_text", f"a scenario must be a mapping of sections, got {type(data).__name__}")
    return data


def _override_items(overrides: dict[str, Any] | list[str]) -> list[tuple[str, Any]]:
    from gigawatt.scenario import parse_override

    items = list(overrides.items()) if isinstance(overrides, dict) else [parse_override(o) for o in overrides]
    if len(items) > MAX_OVERRIDES:
        raise InputError("overrides", f"{len(items)} overrides; at most {MAX_OVERRIDES} per request")
    for path, _ in items:
        if not path or len(path) > 200 or any(not part for part in path.split(".")):
            raise InputError("--set", f"{show(path)} is not a field path (e.g. facility.pue)")
    return items


def load_request_scenario(req: ScenarioRequest):
    """The validated Scenario a request asks for; InputError (-> 422) for anything wrong."""
    import copy

    from gigawatt.scenario import apply_override, builtin_names, validate

    if req.scenario_text is not None:
        raw, where = _parse_text(req.scenario_text), "scenario_text"
    else:
        if req.scenario not in builtin_names():
            raise InputError("scenario", f"{show(req.scenario)} is not a built-in scenario "
                                         f"({', '.join(builtin_names())}); send a whole scenario as scenario_text")
        raw, where = copy.deepcopy(_builtin_raw(req.scenario)), req.scenario
    for path, value in _override_items(req.overrides):
        apply_override(raw, path, value)
    try:
        scn = validate(raw, where)
    except RecursionError:
        raise InputError(where, "is nested too deeply to be a scenario") from None
    except (TypeError, KeyError, AttributeError, ZeroDivisionError, OverflowError) as e:
        # a value of a shape the validators did not expect: still the caller's input
        raise InputError(where, f"cannot be read: {type(e).__name__}: {e}") from None
    return scn


@functools.lru_cache(maxsize=64)
def _builtin_raw(name: str) -> dict:
    """A built-in scenario's raw mapping, parsed once (YAML parsing is most of a run's ~15 ms)."""
    from gigawatt.scenario import read_raw

    return read_raw(name)[0]


# --- formatting -------------------------------------------------------------------------------------------

def summary_text(h: dict) -> dict[str, str]:
    """Headline figures as people read them (the terminal table's conventions, gigawatt.fmt)."""
    from gigawatt.results import HEADLINE

    return {key: fmt.headline(key, h.get(key), unit, h.get("comparison_state")) for key, (unit, _) in HEADLINE.items()}


def _floats(a) -> list[float | None]:
    return [float(x) if math.isfinite(x) else None for x in a.tolist()]


def run_payload(scn, res, overrides: dict, seconds: float) -> dict:
    from gigawatt.results import SERIES

    h = to_jsonable(res.headline())
    gbp = res.data["gw_by_platform"][0]
    return {
        "scenario": scn.name, "title": scn.title or scn.name, "horizon": list(scn.horizon),
        "summary": h, "summary_text": summary_text(h), "assumptions": scn.model_dump(mode="json"),
        "quarters": res.quarters,
        "series": {k: _floats(res.series(k)) for k in SERIES},
        "gw_by_platform": {n: _floats(gbp[:, i]) for i, n in enumerate(res.static.platform_names)
                           if gbp[:, i].max() > 0},
        "cash_by_party": {p: _floats(v) for p, v in res.cash_by_party().items()},
        "by_year": to_jsonable(res.by_year()),
        "overrides": to_jsonable(overrides), "run_id": None, "seconds": seconds,
    }


# --- Monte Carlo and claims: optional engines -------------------------------------------------------------

class Unavailable(Exception):
    """A part of gigawatt this server build does not have (answered 503)."""


def _mc_engine():
    try:
        from gigawatt import montecarlo
    except ImportError as e:
        raise Unavailable(f"Monte Carlo is not available in this build of gigawatt ({e})") from None
    return montecarlo


def _accepts(fn, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


def run_mc(scn, draws: int, seed: int, progress=None) -> dict:
    """MCResults.to_json() of ``draws`` draws; ``progress(done, total)`` if the engine reports it."""
    engine = _mc_engine()
    run = getattr(engine, "run")
    kwargs = {"progress": progress} if progress is not None and _accepts(run, "progress") else {}
    res = run(scn, draws=draws, seed=seed, **kwargs)
    return to_jsonable(res.to_json())


def check_mc_draws(draws: int) -> None:
    if draws < 1 or draws > MAX_DRAWS:
        raise InputError("draws", f"{draws} is outside 1..{MAX_DRAWS:,} (the server's cap; use `gigawatt mc` "
                                  "for more)")


class Jobs:
    """Monte Carlo runs in background threads, polled for progress by the dashboard."""

    def __init__(self):
        self._lock = threading.Lock()
        self._jobs: OrderedDict[str, dict] = OrderedDict()

    def start(self, work, total: int) -> str:
        job_id = uuid.uuid4().hex[:12]
        job = {"job_id": job_id, "status": "running", "done": 0, "total": total, "t0": time.perf_counter(),
               "elapsed_s": 0.0, "error": None, "result": None, "exc": None, "ended": threading.Event()}
        with self._lock:
            if sum(1 for j in self._jobs.values() if j["status"] == "running") >= MAX_MC_JOBS:
                raise Busy(f"{MAX_MC_JOBS} Monte Carlo runs are already running; try again when one ends")
            self._jobs[job_id] = job
            while len(self._jobs) > KEPT_JOBS:
                oldest = next(iter(self._jobs))
                if self._jobs[oldest]["status"] == "running":
                    break
                self._jobs.pop(oldest)

        def progress(done, total_=None):
            job["done"] = int(done)
            if total_:
                job["total"] = int(total_)

        def target():
            try:
                job["result"] = work(progress)
                job["done"] = job["total"]
                job["status"] = "done"
            except (InputError, Unavailable, StoreError) as e:
                job["error"], job["status"], job["exc"] = str(e), "failed", e
            except Exception as e:  # noqa: BLE001 - reported to the poller, never lost in a thread
                job["error"], job["status"] = f"internal error: {type(e).__name__}: {e}", "failed"
                job["exc"] = e
            finally:
                job["elapsed_s"] = time.perf_counter() - job["t0"]
                job["ended"].set()

        threading.Thread(target=target, name=f"gigawatt-mc-{job_id}", daemon=True).start()
        return job_id

    def wait(self, job_id: str) -> dict:
        """The result of a job once it ends; its error re-raised if it failed."""
        with self._lock:
            job = self._jobs[job_id]
        job["ended"].wait()
        if job["exc"] is not None:
            raise job["exc"]
        return job["result"]

    def get(self, job_id: str) -> dict:
        with self._lock:
            job = self._jobs.get(job_id)
        if job is None:
            raise RunNotFoundError(f"no Monte Carlo job {job_id!r} (jobs live in the server's memory)")
        out = {k: v for k, v in job.items() if k not in ("t0", "exc", "ended")}
        if job["status"] == "running":
            out["elapsed_s"] = time.perf_counter() - job["t0"]
        return out


class NotFound(InputError):
    """A path parameter names nothing (answered 404)."""


class Busy(Exception):
    """Too many Monte Carlo runs at once (answered 429)."""


# --- the app ----------------------------------------------------------------------------------------------

class BodyLimit:
    """ASGI middleware: 413 for request bodies above ``limit`` bytes, declared or streamed."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES):
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                return await _send_json(send, 400, {"detail": "Content-Length is not a number"})
            if too_big:
                return await self._too_big(send)
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > self.limit:
                return await self._too_big(send)
            if not message.get("more_body", False):
                break
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_big(self, send):
        return await _send_json(send, 413, {"detail": f"request body is larger than {self.limit:,} bytes",
                                            "field": "body", "message": f"larger than {self.limit:,} bytes"})


async def _send_json(send, status: int, body: dict) -> None:
    import json

    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})


def _error(status: int, detail: str, field: str | None = None, message: str | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "field": field, "message": message or detail}, status_code=status)


def _loc_text(loc) -> str:
    return ".".join(str(p) for p in loc if p != "body") or "body"


@functools.cache
def _plotly_js() -> bytes:
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().encode("utf-8")


def create_app(db: str | Path | None = None) -> FastAPI:
    """The API and dashboard; runs are recorded in ``db`` (default ``$GIGAWATT_DB`` or the user data dir)."""
    from gigawatt import __version__

    app = FastAPI(title="gigawatt", version=__version__, docs_url=None, redoc_url=None,
                  description="Model gigawatt-scale AI infrastructure deals: the REST API behind the dashboard. "
                              f"Bodies above {MAX_BODY_BYTES:,} bytes get 413; bad input gets 422 naming the "
                              f"field; Monte Carlo draws are capped at {MAX_DRAWS:,}.")
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    jobs = Jobs()
    app.state.jobs = jobs
    app.state.db = db

    def store() -> RunStore:
        return RunStore(app.state.db)

    # -- error handlers: bad input is the caller's (4xx); the catch-all is the last line --------------------
    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        return _error(404 if isinstance(exc, NotFound) else 422, str(exc), exc.path, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        errs = exc.errors()
        first = errs[0] if errs else {"loc": ("body",), "msg": "invalid request"}
        field = _loc_text(first.get("loc", ()))
        msg = str(first.get("msg", "invalid")).replace("Input should be", "must be", 1)
        if first.get("type") == "json_invalid":
            msg = "the body is not valid JSON"
        return _error(422, f"{field}: {msg}", field, msg)

    @app.exception_handler(RunNotFoundError)
    async def _not_found(request: Request, exc: RunNotFoundError):
        return _error(404, str(exc), "id")

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError):
        return _error(503, str(exc), "db")

    @app.exception_handler(Unavailable)
    async def _unavailable(request: Request, exc: Unavailable):
        return _error(503, str(exc))

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy):
        return _error(429, str(exc))

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):  # the last line: a JSON error, never a stack trace
        return _error(500, f"internal error: {type(exc).__name__}: {exc}")

    # -- scenarios -------------------------------------------------------------------------------------------
    @app.get("/api/scenarios", response_model=list[ScenarioInfo], tags=["scenarios"])
    def scenarios():
        """The built-in scenarios."""
        from gigawatt.scenario import builtin_names, load_scenario

        return [_info(load_scenario(n)) for n in builtin_names()]

    @app.get("/api/scenarios/{name}", response_model=ScenarioDetail, tags=["scenarios"],
             responses={404: {"model": ErrorBody}})
    def scenario(name: str):
        """One built-in scenario with every resolved field and its YAML."""
        scn = _builtin(name)
        return {**_info(scn), "sources": scn.sources, "guesses": scn.guesses,
                "values": scn.model_dump(mode="json"), "yaml": scn.to_yaml()}

    @app.get("/api/scenarios/{name}/yaml", tags=["scenarios"], response_class=Response,
             responses={200: {"content": {"application/yaml": {}}}, 404: {"model": ErrorBody}})
    def scenario_yaml(name: str):
        """A built-in scenario as a YAML file (every field resolved)."""
        scn = _builtin(name)
        return _yaml_response(scn)

    @app.post("/api/scenario/yaml", tags=["scenarios"], response_class=Response,
              responses={200: {"content": {"application/yaml": {}}}, **_ERRORS})
    def scenario_yaml_with_overrides(req: ScenarioRequest):
        """The scenario a request describes (name or text, plus overrides) as a YAML file to download."""
        return _yaml_response(load_request_scenario(req))

    @app.get("/api/meta", response_model=Meta, tags=["scenarios"])
    def meta():
        """Units and descriptions of the figures, the platform catalog, the server's limits and features."""
        from gigawatt import catalog, timeline
        from gigawatt.results import HEADLINE, SERIES

        return {
            "headline": {k: {"unit": u, "description": d} for k, (u, d) in HEADLINE.items()},
            "series": {k: {"unit": u, "description": d} for k, (u, d) in SERIES.items()},
            "platforms": [{"name": n, "vendor": p.vendor, "available": timeline.label(p.available),
                           "status": p.status} for n, p in catalog.platforms().items()],
            "limits": {"max_body_bytes": MAX_BODY_BYTES, "max_draws": MAX_DRAWS, "max_overrides": MAX_OVERRIDES,
                       "max_phases": MAX_PHASES},
            "features": {"montecarlo": _has("montecarlo"), "claims": _has("claims")},
        }

    # -- runs ------------------------------------------------------------------------------------------------
    @app.post("/api/run", response_model=RunResponse, tags=["run"], responses=_ERRORS)
    def run(req: RunRequest):
        """One deterministic run: headline figures, quarterly series, cash by party, the year-by-year table."""
        from gigawatt.simulate import simulate

        t0 = time.perf_counter()
        scn = load_request_scenario(req)
        overrides = dict(_override_items(req.overrides))
        if not req.save:  # the dashboard's hot path: skip re-validating our own output (~5 ms)
            return JSONResponse(run_payload(scn, simulate(scn), overrides, time.perf_counter() - t0))
        with store().record(kind="run", scenario_name=scn.name, scenario_yaml=scn.to_yaml(), seed=None,
                            draws=1) as rec:
            res = simulate(scn)
            rec.finish(res.to_json())
        out = run_payload(scn, res, overrides, time.perf_counter() - t0)
        out["run_id"] = rec.id
        return out

    def mc_work(req: McRequest):
        check_mc_draws(req.draws)
        scn = load_request_scenario(req)
        _mc_engine()  # 503 before anything is recorded

        def work(progress=None) -> dict:
            t0 = time.perf_counter()
            if req.save:
                with store().record(kind="mc", scenario_name=scn.name, scenario_yaml=scn.to_yaml(),
                                    seed=req.seed, draws=req.draws) as rec:
                    results = run_mc(scn, req.draws, req.seed, progress)
                    rec.finish(results)
                run_id = rec.id
            else:
                results, run_id = run_mc(scn, req.draws, req.seed, progress), None
            return {"scenario": scn.name, "draws": req.draws, "seed": req.seed, "results": results,
                    "run_id": run_id, "seconds": time.perf_counter() - t0}

        return work

    @app.post("/api/mc", response_model=McResponse, tags=["run"],
              responses={**_ERRORS, 429: {"model": ErrorBody}, 503: {"model": ErrorBody}})
    def mc(req: McRequest):
        """A Monte Carlo run that waits for its results (draws capped, see /api/meta). Saved unless save is false."""
        return jobs.wait(jobs.start(mc_work(req), req.draws))

    @app.post("/api/mc/jobs", response_model=McJob, tags=["run"],
              responses={**_ERRORS, 429: {"model": ErrorBody}, 503: {"model": ErrorBody}})
    def mc_job(req: McRequest):
        """Start a Monte Carlo run in the background; poll GET /api/mc/jobs/{job_id} for progress and results."""
        job_id = jobs.start(mc_work(req), req.draws)
        return jobs.get(job_id)

    @app.get("/api/mc/jobs/{job_id}", response_model=McJob, tags=["run"], responses={404: {"model": ErrorBody}})
    def mc_job_status(job_id: str):
        """Progress of a background Monte Carlo run, and its results once done."""
        return jobs.get(job_id)

    @app.get("/api/claims", tags=["claims"], responses={503: {"model": ErrorBody}})
    def claims():
        """Every quantitative claim of the seed article, checked against the model."""
        return JSONResponse(_claims())

    @app.get("/api/runs", response_model=list[RunSummary], tags=["history"], responses={503: {"model": ErrorBody}})
    def runs(limit: int = Query(50, ge=1, le=1000), status: str | None = Query(None, max_length=20)):
        """Saved runs, newest first (status: running, done, failed, interrupted)."""
        return store().list(limit=limit, status=status)

    @app.get("/api/runs/{run_id}", response_model=RunDetail, tags=["history"],
             responses={404: {"model": ErrorBody}, 503: {"model": ErrorBody}})
    def run_detail(run_id: str):
        """One saved run: its scenario YAML and results (a unique id prefix will do)."""
        if len(run_id) > 64:
            raise RunNotFoundError(f"{run_id[:20]!r}... is not a run id")
        return store().get(run_id)

    # -- the dashboard and offline docs ----------------------------------------------------------------------
    @app.get("/", include_in_schema=False)
    def index():
        return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs():
        return FileResponse(STATIC_DIR / "docs.html", headers={"Cache-Control": "no-cache"})

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly_js():
        return Response(_plotly_js(), media_type="application/javascript",
                         headers={"Cache-Control": "public, max-age=86400"})

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _info(scn) -> dict:
    return {"name": scn.name, "title": scn.title or scn.name, "description": (scn.description or "").strip()}


def _builtin(name: str):
    from gigawatt.scenario import builtin_names, load_scenario

    if name not in builtin_names():
        raise NotFound("name", f"{show(name)} is not a built-in scenario ({', '.join(builtin_names())})")
    return load_scenario(name)


def _yaml_response(scn) -> Response:
    return Response(scn.to_yaml(), media_type="application/yaml",
                    headers={"Content-Disposition": f'attachment; filename="{_safe_name(scn.name)}.yaml"'})


def _safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:80].strip(".")
    return keep or "scenario"


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"gigawatt.{module}") is not None


_claims_lock = threading.Lock()


@functools.cache
def _claims_cached() -> list:
    from gigawatt import claims as engine

    return to_jsonable(engine.check_claims_json())


def _claims() -> list:
    """The claims checked on the built-in scenarios (the same for every request: computed once, ~2 s)."""
    if not _has("claims"):
        raise Unavailable("claims checking is not available in this build of gigawatt")
    with _claims_lock:  # one computation even when the dashboard and a script ask at once
        return _claims_cached()
