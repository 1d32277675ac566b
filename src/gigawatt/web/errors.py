"""Errors of the API: every one answered as ``{"detail", "field", "message"}`` (the ErrorBody model).

``detail`` is the CLI's one line (``field: message``); ``field`` names what was wrong (a scenario field path,
``body``, ``draws``, ``Host``); the status is 422 for bad input, 404 for a name that names nothing, 413/408
for a body too large or too slow, 400 for a Host outside the allow-list, 429 when the memory budget is taken,
503 for a missing part of gigawatt, an unusable run history, or a server out of memory (never 500).
"""

from __future__ import annotations

import json
import logging
import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from gigawatt.errors import InputError, show
from gigawatt.store import RunNotFoundError, StoreError
from gigawatt.web.limits import MAX_DRAWS, MAX_SEED


log = logging.getLogger(__name__)

_URL = re.compile(r"https?://\S+")
_PID = re.compile(r"\s*\(?\bPID \d+\)?")
_USER = re.compile(r"\s+by user \S+")
_PATH = re.compile(r"""(?<![\w.<])(?:[A-Za-z]:\\|/)[^\s"',;:()]+""")
_QUOTED = re.compile(r"""["']<path>["']""")


def redact(text: str) -> str:
    """``text`` without paths, process ids, user names or links of the server's machine (what a caller must
    not learn from an error: where the run history lives, which interpreter holds it)."""
    text = _USER.sub("", _PID.sub("", _URL.sub("", text)))
    text = _QUOTED.sub("<path>", _PATH.sub("<path>", text))
    text = text.replace("run history <path>", "the run history").replace(" in <path>", "")
    text = text.replace("<path> holds", "the run history holds")
    text = re.sub(r"\s*See also\s*\.?", "", text)
    text = re.sub(r"[ \t]{2,}", " ", text).strip()
    return text.replace("<path>", "(a file of the server)")


class NotFound(InputError):
    """A path parameter names nothing (answered 404)."""


class Unavailable(Exception):
    """A part of gigawatt this server build does not have (answered 503)."""


class Busy(Exception):
    """The memory budget is taken by running jobs and heavy requests (answered 429, naming ``field``)."""

    def __init__(self, message: str, field: str = "draws"):
        super().__init__(message)
        self.field = field


def body(detail: str, field: str, message: str | None = None) -> dict:
    return {"detail": detail, "field": field, "message": message or detail}


def error(status: int, field: str, message: str) -> JSONResponse:
    """The one error response: ``field: message`` as detail."""
    return JSONResponse(body(f"{field}: {message}", field, message), status_code=status)


async def send_error(send, status: int, field: str, message: str) -> None:
    """The same error from ASGI middleware (before FastAPI), closing the connection."""
    data = json.dumps(body(f"{field}: {message}", field, message)).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": data})


# Bounds that pydantic reports one at a time, said as one range (the CLI's wording).
RANGES = {"draws": f"1..{MAX_DRAWS:,} (the server's cap; use `gigawatt mc` for more)",
          "seed": f"0..{MAX_SEED:,} (2**32 - 1)", "limit": "1..1,000"}


def _loc(loc) -> str:
    """A pydantic location as a field path: ("body", "overrides") -> overrides; ("query", "status") -> status."""
    parts = [str(p) for p in loc[1:]] if loc and loc[0] in ("body", "query", "path", "header") else [str(p) for p in loc]
    return ".".join(parts) or "body"


def allowed_keys(route, loc) -> list[str]:
    """The keys the request model at ``loc`` (a body's top level, or a model nested in it) takes, from the
    route's own body model; empty when there is none to read."""
    from pydantic import BaseModel

    params = getattr(getattr(route, "dependant", None), "body_params", None) or []
    if len(params) != 1 or not loc or loc[0] != "body":
        return []
    model = params[0].field_info.annotation
    for part in loc[1:-1]:  # a nested model's key: walk the fields down
        field = model.model_fields.get(str(part)) if isinstance(model, type) and issubclass(model, BaseModel) else None
        model = field.annotation if field is not None else None
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _validation_message(e: dict, route=None) -> tuple[str, str]:
    loc, kind = tuple(e.get("loc", ())), e.get("type", "")
    if kind == "json_invalid":  # the position is not a field
        return "body", f"is not valid JSON ({(e.get('ctx') or {}).get('error', 'malformed')})"
    field = _loc(loc)
    given = e.get("input")
    short = field.split(".")[-1]
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than") and short in RANGES:
        return field, f"{show(given)} is outside {RANGES[short]}"
    if kind == "literal_error":
        return field, f"{show(given)} is not one of {(e.get('ctx') or {}).get('expected', '')}"
    if kind == "extra_forbidden":
        keys = allowed_keys(route, loc)
        return field, f"unknown key; allowed: {', '.join(keys)}" if keys else "unknown key"
    msg = str(e.get("msg", "invalid")).replace("Input should be", "must be", 1)
    if kind == "missing":
        msg = "is required but missing"
    return field, msg


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    @app.exception_handler(InputError)
    async def _input_error(request: Request, exc: InputError):
        return error(404 if isinstance(exc, NotFound) else 422, exc.path or "body", exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        errs = exc.errors()
        field, msg = _validation_message(errs[0] if errs else {"loc": ("body",), "msg": "invalid request"},
                                         request.scope.get("route"))
        return error(422, field, msg)

    @app.exception_handler(HTTPException)
    async def _http_error(request: Request, exc: HTTPException):
        if exc.status_code == 404:
            return error(404, "path", f"{show(request.url.path)} is not a page or endpoint of this server")
        if exc.status_code == 405:  # RFC 9110: a 405 names the methods the resource allows
            out = error(405, "method", f"{request.method} is not allowed on {request.url.path}")
            out.headers.update({k: v for k, v in (exc.headers or {}).items() if k.lower() == "allow"})
            return out
        if exc.status_code == 400:  # FastAPI's "error parsing the body": the caller's body
            return error(422, "body", "cannot be read as a JSON request")
        return error(exc.status_code, "request", str(exc.detail))

    @app.exception_handler(RunNotFoundError)
    async def _not_found(request: Request, exc: RunNotFoundError):
        return error(404, "id", redact(str(exc)))

    @app.exception_handler(StoreError)
    async def _store_error(request: Request, exc: StoreError):
        log.warning("run history: %s", exc)  # the whole message, paths included, on the server's terminal only
        return error(503, "db", redact(str(exc)) + " (details on the server's terminal)")

    @app.exception_handler(Unavailable)
    async def _unavailable(request: Request, exc: Unavailable):
        return error(503, "server", str(exc))

    @app.exception_handler(Busy)
    async def _busy(request: Request, exc: Busy):
        return error(429, exc.field, str(exc))

    @app.exception_handler(MemoryError)
    async def _out_of_memory(request: Request, exc: MemoryError):
        return out_of_memory(request.url.path)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):  # the last line: a JSON error, never a stack trace
        if isinstance(exc, MemoryError):  # raised where the handler above does not reach (middleware)
            return out_of_memory(request.url.path)
        return error(500, "server", f"internal error: {type(exc).__name__}")


def out_of_memory(path: str = "") -> JSONResponse:
    """503 for a request to ``path`` that ran out of memory, once what it held is handed back."""
    from gigawatt.web import memory

    memory.release()
    return error(503, "server", memory.out_of_memory_message(path))
