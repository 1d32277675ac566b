"""Route: two runs side by side (``POST /api/compare``): the dashboard's headline figures of each, the difference
B − A (absolute, in the figure's unit, and relative), each as numbers and as people read them."""

from __future__ import annotations

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from gigawatt.web.models import ERRORS, ScenarioRequest

router = APIRouter(tags=["run"], responses=ERRORS)


class CompareRequest(BaseModel):
    """Two scenarios, each as ``POST /api/run`` takes one (a built-in name or whole text, overrides, view)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"a": {"scenario": "openai-nvidia-10gw"}, "b": {"scenario": "openai-nvidia-10gw", "view": "vendor"}}]})

    a: ScenarioRequest = Field(description="The base: differences are B − A")
    b: ScenarioRequest


def _number(x, unit: str):
    """A figure as a number to subtract: a quarter label as its ordinal, a date figure's year as it is."""
    from gigawatt import present, timeline

    if unit == "quarter" and isinstance(x, str):
        return timeline.parse_quarter(x)
    return x if present.finite(x) else None


def difference(key: str, unit: str, a, b) -> dict:
    """B − A of one figure: ``delta`` and ``delta_text`` ('+$12.0 B', '+5.00 pp', '+2 quarters'), ``ratio`` and
    ``ratio_text`` (B / A − 1 as '+8.0 %'; none for shares, dates, or a base of zero)."""
    from gigawatt import present

    x, y = _number(a, unit), _number(b, unit)
    if x is None or y is None:
        return {"delta": None, "delta_text": present.MISSING, "ratio": None, "ratio_text": ""}
    d = y - x
    ratio = d / abs(x) if x and unit not in ("fraction", "quarter", "year") else None
    return {"delta": d, "delta_text": present.delta(d, unit), "ratio": ratio,
            "ratio_text": "" if ratio is None else ("+" if ratio > 0 else "") + f"{ratio * 100:.1f} %"}


def _load(load, req, side: str):
    """The scenario of one side; an error names the side (``b.facility.pue``)."""
    from gigawatt.errors import InputError

    try:
        return load(req)
    except InputError as e:
        raise InputError(f"{side}.{e.path}" if e.path else side, e.message) from None


def _run(request: Request, scn):
    """One side's run, inside the server's memory budget when it solves the power LP first."""
    from gigawatt import api
    from gigawatt.present import plain
    from gigawatt.web.jobs import power_hold

    with power_hold(request.app.state.jobs, scn):
        return plain(api.simulate(scn).headline())


@router.post("/api/compare")
def compare(req: CompareRequest, request: Request):
    """The headline figures of the dashboard's cards for A and B, with B − A, absolute and relative."""
    from gigawatt import outputs
    from gigawatt.web.loading import load_request_scenario
    from gigawatt.web.payloads import summary_text

    scns = [_load(load_request_scenario, r, side) for r, side in ((req.a, "a"), (req.b, "b"))]
    heads = [_run(request, s) for s in scns]
    texts = [summary_text(h) for h in heads]
    other_state = heads[0].get("comparison_state") != heads[1].get("comparison_state")  # × NY against × TX
    rows = [{"key": k, "label": o.label, "unit": o.unit, "a": heads[0].get(k), "b": heads[1].get(k),
             "a_text": texts[0][k], "b_text": texts[1][k],
             **difference(k, o.unit, *((None, None) if other_state and k == "comparison_state_share"
                                       else (heads[0].get(k), heads[1].get(k))))}
            for k, o in outputs.headline().items() if o.group]
    return {"a": {"scenario": scns[0].name, "title": scns[0].title or scns[0].name},
            "b": {"scenario": scns[1].name, "title": scns[1].title or scns[1].name}, "rows": rows}
