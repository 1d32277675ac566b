"""Routes: the built-in scenarios, and a scenario with changes as a YAML download."""

from __future__ import annotations

from fastapi import APIRouter, Path
from fastapi.responses import Response

from gigawatt.web.loading import builtin, load_request_scenario
from gigawatt.web.models import DEFAULT_SCENARIO, ERRORS, ErrorBody, ScenarioDetail, ScenarioInfo, ScenarioRequest

router = APIRouter(tags=["scenarios"], responses={422: ERRORS[422], 400: ERRORS[400]})
NAME = Path(description="A built-in scenario's name (GET /api/scenarios)", max_length=200,
            examples=[DEFAULT_SCENARIO])


def info(scn) -> dict:
    return {"name": scn.name, "title": scn.title or scn.name, "description": (scn.description or "").strip(),
            "parts": list(scn.include)}


@router.get("/api/scenarios", response_model=list[ScenarioInfo])
def scenarios():
    """The built-in scenarios."""
    from gigawatt.scenario import builtin_names

    return [info(builtin(n)) for n in builtin_names()]


@router.get("/api/scenarios/{name}", response_model=ScenarioDetail, responses={404: {"model": ErrorBody}})
def scenario(name: str = NAME):
    """One built-in scenario with every resolved field and its YAML."""
    scn = builtin(name)
    return {**info(scn), "sources": scn.sources, "guesses": scn.guesses, "values": scn.model_dump(mode="json"),
            "yaml": scn.to_yaml()}


@router.get("/api/scenarios/{name}/yaml", response_class=Response,
            responses={200: {"content": {"application/yaml": {}}}, 404: {"model": ErrorBody}})
def scenario_yaml(name: str = NAME):
    """A built-in scenario as a YAML file (every field resolved)."""
    return yaml_response(builtin(name))


@router.post("/api/scenario/yaml", response_class=Response,
             responses={200: {"content": {"application/yaml": {}}}, 413: ERRORS[413]})
def scenario_yaml_with_overrides(req: ScenarioRequest):
    """The scenario a request describes (name or text, plus overrides) as a YAML file to download."""
    return yaml_response(load_request_scenario(req))


def yaml_response(scn) -> Response:
    return Response(scn.to_yaml(), media_type="application/yaml",
                    headers={"Content-Disposition": f'attachment; filename="{safe_name(scn.name)}.yaml"'})


def safe_name(name: str) -> str:
    keep = "".join(c if c.isalnum() or c in "-_." else "-" for c in name)[:80].strip(".")
    return keep or "scenario"
