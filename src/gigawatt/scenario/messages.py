"""pydantic's validation errors as one-line :class:`~gigawatt.errors.InputError` (path, value, what is allowed)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from gigawatt.errors import InputError, bound_text, show
from gigawatt.scenario.schema import Scenario


def _model_at(loc: tuple) -> type[BaseModel] | None:
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None if not fields else model if part == loc[-1] else None
        ann = fields[part].annotation
        model = _section_type(ann)
    return model


def _section_type(ann: Any) -> Any:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in getattr(ann, "__args__", ()) or ():
        t = _section_type(arg)
        if t is not None:
            return t
    return None


_HINTS = {
    "facility.pue": "PUE is facility power over IT power, so at least 1.0",
    "facility.load_factor": "load factor is average draw over capacity, in (0, 1]",
    "program.capacity_gw": "the program's total power in GW",
    "horizon": "give [first quarter, last quarter], e.g. [2026Q1, 2035Q4]",
}


def translate(err: ValidationError, where: str) -> InputError:
    e = err.errors(include_url=False)[0]
    loc = tuple(e["loc"])
    path = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    given = e.get("input")
    msg = e["msg"]
    if e["type"] == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = ", ".join(model.model_fields) if model is not None else "see `gigawatt schema`"
        return InputError(path, f"unknown key; allowed here: {allowed}")
    if e["type"] == "missing":
        return InputError(path, "is required but missing")
    cause = (e.get("ctx") or {}).get("error")
    if isinstance(cause, InputError):  # already a full sentence (units, dates): keep it, with the full path
        return InputError(path, cause.message)
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    elif msg.startswith("Input should be"):
        msg = msg.replace("Input should be", "must be", 1)
    if isinstance(given, (int, float)):  # "at least 100000000" -> "at least 1e8"
        msg = bound_text(e.get("ctx")) or msg
    hint = _HINTS.get(path)
    text = f"{show(given)} is not allowed: {msg}" if not isinstance(given, dict) else msg
    return InputError(path, text + (f" ({hint})" if hint else ""))

