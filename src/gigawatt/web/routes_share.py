"""Routes for sharing and comparing: a scenario with its edits as a new file, a saved run's difference from
its built-in, the timeline controls, and the tornado of one scenario.

* ``POST /api/scenario/edited`` — the scenario a request describes as YAML under a new name, its edits
  listed in ``sources`` and the description (a download that says what was changed, and from what);
* ``GET /api/runs/{id}/diff`` — a saved run's fields that differ from the built-in scenario of its name;
* ``GET /api/meta/timeline`` — the timeline controls (first online, ramp, continuation probability), with
  bounds read from the scenario model as ``/api/meta``'s controls are;
* ``GET /static/plotly-basic.min.js`` — the partial plotly.js bundle the dashboard loads;
* ``POST /api/tornado`` — one-at-a-time swings of a headline figure (:func:`gigawatt.sensitivity.tornado`:
  two model runs per uncertain input, so bounded by the scenario's inputs; a composite's chosen part).
"""

from __future__ import annotations

import datetime as _dt
import functools
from typing import Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from pydantic import Field

from gigawatt.errors import InputError, show
from gigawatt.web.jobs import power_hold
from gigawatt.web.loading import load_request_scenario, override_items
from gigawatt.web.models import ERRORS, ErrorBody, ScenarioRequest

router = APIRouter(tags=["share"], responses=ERRORS)
MAX_TORNADO_INPUTS = 60  # 2 model runs each: a few hundred ms at most
TORNADO_OUTPUTS = ("customer_funding_gap_usd", "capex_usd", "vendor_net_cash_usd", "annual_energy_twh",
                   "required_revenue_usd_per_year")
FIRST_ONLINE = tuple(f"{y}H{h}" for y in range(2026, 2033) for h in (1, 2))  # within the default horizon


def _short(v: Any) -> str:
    from gigawatt import present

    if v is None:  # the field unset: the model's default (or its bottom-up figure)
        return "default"
    if isinstance(v, float):
        return present.number(v)
    text = str(v)
    return text if len(text) <= 60 else text[:57] + "…"


def label(path: str) -> str:
    """A field path in words: the dashboard control's label, else the report's input label."""
    from gigawatt.report import names
    from gigawatt.web.controls import controls

    known = {c["path"]: c["label"] for c in (*controls(), *_timeline_controls())}
    bare, part = path, None
    if path.startswith("parts.") and path.count(".") >= 2:  # part names may hold dots (openai-oracle-4.5gw)
        field = next((k for k in known if path.endswith("." + k)), None)
        part, bare = (path[6:-len(field) - 1], field) if field else path.split(".", 2)[1:]
    text = known.get(bare) or names.input_label(bare)
    return f"{part}: {text}" if part else text


def differences(base, scn) -> list[dict]:
    """Fields of ``scn`` that differ from ``base`` (both Scenarios), as {path, builtin, value, text}: the text in
    the names and units people read (:mod:`gigawatt.present.changes`); a different view of a built-in is one line."""
    from gigawatt.present.changes import differences as changes
    from gigawatt.scenario import builtin_names, load_scenario

    def rebase(view: str):
        return load_scenario(base.name, view=view, builtins_only=True)

    if base.name not in builtin_names():
        return changes(base, scn, label)
    try:
        return changes(base, scn, label, rebase)
    except InputError:  # a view this server cannot load: every field is listed instead
        return changes(base, scn, label)


@router.post("/api/scenario/edited", response_class=Response,
             responses={200: {"content": {"application/yaml": {}}}, 413: ERRORS[413]})
def edited_yaml(req: ScenarioRequest):
    """The scenario with its overrides as a YAML file under a new name (``NAME-edited``), the edits listed in
    its ``sources`` and description; without overrides, the scenario as it is."""
    from gigawatt.web.routes_scenarios import yaml_response

    from gigawatt.scenario import builtin_names
    from gigawatt.web.loading import builtin

    scn = load_request_scenario(req)
    edits = override_items(req.overrides)
    if edits:
        base = load_request_scenario(req.model_copy(update={"overrides": {}}))
    elif req.scenario_text is not None and scn.name in builtin_names():
        base = builtin(scn.name)  # a saved run (or a file) under a built-in's name: an edit of that built-in
    else:
        return yaml_response(scn)
    diff = [d["text"] for d in differences(base, scn)] or [f"{p} = {_short(v)}" for p, v in edits]
    if not diff:  # the built-in as it is
        return yaml_response(scn)
    day = _dt.date.today().isoformat()
    note = f"Edited in the gigawatt dashboard on {day} from {base.name}: " + "; ".join(diff)
    new = scn.model_copy(update={
        "name": f"{base.name}-edited", "title": f"{base.title or base.name} (edited)",
        "description": ((base.description or "").strip() + "\n\n" + note).strip(),
        "sources": [*scn.sources, note]})
    return yaml_response(new)


@router.get("/api/runs/{run_id}/diff", responses={404: {"model": ErrorBody}})
def run_diff(request: Request, run_id: str = Path(description="A run id, or a unique prefix of one",
                                                 examples=["0123456789ab"])):
    """A saved run's differences from the built-in scenario of its name (none for a file of another name)."""
    from gigawatt.scenario import builtin_names, validate
    from gigawatt.web.loading import _parse_text, builtin
    from gigawatt.web.routes_runs import served_run

    run = served_run(request, run_id)
    scn = validate(_parse_text(run["scenario_yaml"]), "run", builtins_only=True)
    if scn.name not in builtin_names():
        return {"id": run["id"], "builtin": None, "differences": []}
    return {"id": run["id"], "builtin": scn.name, "differences": differences(builtin(scn.name), scn)}


@functools.cache
def _timeline_controls() -> tuple[dict, ...]:
    from gigawatt.web.controls import Spec, _control

    first = {"path": "program.first_online", "label": "First online (quarter or half)", "kind": "select",
             "options": list(FIRST_ONLINE), "composite": False}
    ramp = _control(Spec("program.ramp_gw_per_year", "Ramp", "GW", " a year", 1.0, (0.5, 10), 0.5))
    cont = _control(Spec("program.continue_probability", "Chance later phases go ahead (Monte Carlo only)",
                         "fraction", "", 1.0, (0, 1), 0.05))  # a single run builds every phase
    return (first, ramp, cont)


@functools.cache
def _plotly_basic() -> bytes:
    from gigawatt.report import vendor_js

    return vendor_js().encode("utf-8")


@router.get("/static/plotly-basic.min.js", include_in_schema=False)
def plotly_basic():
    """plotly.js's partial bundle (bar, pie, scatter: all the dashboard draws), the report's vendored copy
    (report/vendor/, MIT licence beside it): a quarter of the full bundle's bytes."""
    return Response(_plotly_basic(), media_type="application/javascript",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/api/meta/timeline")
def timeline_controls():
    """The timeline controls: first online (a select), the ramp and the continuation probability (sliders,
    bounds from the scenario model)."""
    return list(_timeline_controls())


class TornadoRequest(ScenarioRequest):
    output: str = Field("customer_funding_gap_usd", description=f"A headline figure: {', '.join(TORNADO_OUTPUTS)}")
    part: str | None = Field(None, max_length=200, description="On a composite: the part whose inputs swing "
                                                                "(default: the first)")


@router.post("/api/tornado")
def tornado(req: TornadoRequest, request: Request):
    """What moves a headline figure: each uncertain input at its 5th and 95th percentile, the others central,
    ranked by swing; labels in words, values formatted."""
    from gigawatt import api, outputs, present, sensitivity
    from gigawatt.report import names

    if req.output not in TORNADO_OUTPUTS:
        raise InputError("output", f"{show(req.output)} is not one of {', '.join(TORNADO_OUTPUTS)}")
    scn = load_request_scenario(req)
    if scn.include:
        parts = dict(zip(scn.include, scn.part_scenarios))
        name = req.part or scn.include[0]
        if name not in parts:
            raise InputError("part", f"{show(name)} is not a part of {scn.name} ({', '.join(scn.include)})")
        scn = parts[name]
    with power_hold(request.app.state.jobs, scn):  # the power LP, when the supply is optimised, is solved here
        model = api.model_of(scn)
    if len(model.dists) > MAX_TORNADO_INPUTS:
        raise InputError("uncertainty", f"{len(model.dists)} uncertain inputs; the tornado takes at most "
                                        f"{MAX_TORNADO_INPUTS}")
    unit = outputs.unit(req.output)
    rows = sensitivity.tornado_of(model, [req.output])[req.output] if model.dists else []
    label = outputs.headline()[req.output].label
    return {"scenario": scn.name, "output": req.output, "label": label, "unit": unit,
            "base": rows[0]["base"] if rows else None,
            "base_text": present.value(rows[0]["base"], unit) if rows else "",
            "rows": [{"input": r["input"], "label": names.input_label(r["input"]),
                      "range_text": f"{names.input_value(r['input'], r['input_low'])} → "
                                    f"{names.input_value(r['input'], r['input_high'])}",
                      "low": r["output_low"], "high": r["output_high"],
                      "low_text": present.value(r["output_low"], unit),
                      "high_text": present.value(r["output_high"], unit)}
                     for r in rows if r["swing"] > 0][:12]}
