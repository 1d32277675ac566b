"""Request and response models of the REST API (their JSON Schema is the OpenAPI document's).

Bounds here are the engine's (seeds 0..2**32-1, draws 1..MAX_DRAWS), so the schema tells a client exactly
what the server accepts; ``json_schema_extra`` examples are valid requests ("try it" in /docs works).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from gigawatt import outputs
from gigawatt.scenario.validate import DEFAULT_SCENARIO
from gigawatt.web.limits import MAX_DRAWS, MAX_OVERRIDES, MAX_SEED

RunStatus = Literal["running", "done", "failed", "interrupted"]


class ScenarioRequest(BaseModel):
    """Which scenario: a built-in name, or a whole scenario as YAML/JSON text; then overrides."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"scenario": DEFAULT_SCENARIO, "overrides": {"facility.pue": 1.3}},
        {"scenario": "openai-portfolio", "overrides": {"parts.openai-amd-6gw.facility.pue": 1.3}},
    ]})

    scenario: str = Field(DEFAULT_SCENARIO, max_length=200,
                          description="Built-in scenario name (GET /api/scenarios); ignored if scenario_text is given")
    scenario_text: str | None = Field(None, description="A whole scenario as YAML or JSON text (instead of a name); "
                                                        "it may include built-in scenarios only")
    overrides: dict[str, Any] | list[str] = Field(
        default_factory=dict,
        description='Field overrides by dotted path, as the CLI\'s --set: {"facility.pue": 1.3} or '
                    '["facility.pue=1.3"]; a composite\'s parts by parts.PART.PATH; at most ' + str(MAX_OVERRIDES))
    view: str | None = Field(None, max_length=100, description="Assumption set: independent (the default) or vendor "
                                                               "(GET /api/meta lists them); built-in views only")


class RunRequest(ScenarioRequest):
    save: bool = Field(False, strict=True, description="Record the run in the run history")
    label: str | None = Field(None, max_length=10_000, description="With save: the saved run's label (one line, at "
                                                                "most 200 characters)")


class McRequest(ScenarioRequest):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"scenario": DEFAULT_SCENARIO, "draws": 1000, "seed": 1, "save": False},
        {"scenario": "openai-portfolio", "draws": 1000, "seed": 1, "save": False},
    ]})

    draws: int = Field(10_000, strict=True, ge=1, le=MAX_DRAWS, description=f"Monte Carlo draws, 1..{MAX_DRAWS:,}")
    seed: int = Field(0, strict=True, ge=0, le=MAX_SEED, description="Seed of the draws, 0..2**32-1 "
                                                                    "(same seed, same results)")
    save: bool = Field(True, strict=True, description="Record the run in the run history")
    label: str | None = Field(None, max_length=10_000, description="With save: the saved run's label (one line, at "
                                                                "most 200 characters)")


def _summary_model() -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for key, o in outputs.headline().items():
        kind: Any = str | None if o.unit == "quarter" else float | None
        fields[key] = (kind, Field(None, description=f"{o.description} [{o.unit}]"))
    fields["platform_mix_gw"] = (dict[str, float], Field(default_factory=dict, description="GW by platform at full build"))
    fields["comparison_state"] = (str | None, Field(None, description="US state the energy is compared with"))
    return create_model("Summary", __config__=ConfigDict(extra="allow"), **fields)


Summary = _summary_model()


class ScenarioInfo(BaseModel):
    name: str
    title: str
    description: str
    parts: list[str] = Field(default_factory=list, description="A composite's included scenarios (empty for one program)")


class ScenarioDetail(ScenarioInfo):
    sources: list[str]
    guesses: list[str]
    values: dict[str, Any] = Field(description="The resolved scenario (every field)")
    yaml: str


class RunResponse(BaseModel):
    scenario: str
    title: str
    standing: dict[str, Any] = Field(default_factory=dict, description="Whether these terms are still the deal: "
                                     "as_of, superseded, superseded_on, superseded_by, superseded_why")
    heading: list[str] = Field(default_factory=list, description="The first lines as people read them: a superseded "
                                                                 "notice first where there is one, the title, the dates")
    horizon: list[str]
    summary: Summary  # type: ignore[valid-type]
    summary_text: dict[str, str] = Field(description="Headline figures formatted for people (units included)")
    assumptions: dict[str, Any]
    parts: list[str] = Field(default_factory=list, description="A composite's parts (their fields: parts.PART.PATH)")
    controls_text: dict[str, str] = Field(default_factory=dict,
                                          description="The dashboard controls' values formatted, by override path")
    quarters: list[str]
    series: dict[str, list[float | None]] = Field(description="Quarterly series by name (units: GET /api/meta)")
    gw_by_platform: dict[str, list[float | None]]
    cash_by_party: dict[str, list[float | None]] = Field(description="Cumulative net cash by party [USD]")
    party_labels: dict[str, str] = Field(default_factory=dict, description="Parties of the ledger in plain names")
    party_colors: dict[str, str] = Field(default_factory=dict, description="A colour per party (colour-blind-safe)")
    by_year: list[dict[str, Any]]
    by_year_text: list[dict[str, str]] = Field(default_factory=list, description="by_year formatted for people")
    overrides: dict[str, Any]
    run_id: str | None = None
    seconds: float
    seconds_text: str = ""


class McResponse(BaseModel):
    scenario: str
    draws: int
    seed: int
    results: dict[str, Any] = Field(description="MCResults.to_json() of the Monte Carlo engine")
    results_text: dict[str, Any] = Field(default_factory=dict,
                                         description="Headline quantiles and probabilities formatted for people")
    run_id: str | None = None
    seconds: float


class McJob(BaseModel):
    job_id: str
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    done: int = Field(description="Draws finished (when the engine reports progress)")
    total: int
    elapsed_s: float
    memory_bytes: int = Field(0, description="The job's memory estimate, counted against the server's budget")
    status_text: str = Field("", description="Progress as people read it")
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
    seconds: float | None = Field(description="Duration of the work, in seconds")
    label: str | None = Field(None, description="The run's label (PATCH /api/runs/{id} changes it)")
    origin: str = Field("server", description="Where the run was saved: server, or cli (gigawatt run --save; "
                                              "served only with gigawatt serve --share-cli-runs)")


class RunDetail(RunSummary):
    error: str | None = None
    scenario_yaml: str
    files: dict[str, str] = Field(default_factory=dict, description="Text of every file the scenario included, "
                                                                    "by reference (a built-in's name, a file's name)")
    results: dict[str, Any] | None


class ErrorBody(BaseModel):
    """Every error the API answers has this shape."""

    detail: str = Field(description="One line, as the CLI prints it")
    field: str = Field(description="Dotted path of the offending field (body, Host, draws, facility.pue, ...)")
    message: str = Field(description="What is wrong with it and what is allowed")


class Control(BaseModel):
    path: str = Field(description="Scenario field path (an override key; on a composite: parts.PART.PATH)")
    label: str
    kind: Literal["range", "select"]
    unit: str = ""
    scale: float = Field(1.0, description="Override value = slider value x scale")
    min: float | None = Field(None, description="Lowest allowed value, in slider units (the scenario model's bound)")
    max: float | None = Field(None, description="Highest allowed value, in slider units (the scenario model's bound)")
    exclusive_min: bool = False
    exclusive_max: bool = False
    slider_min: float | None = Field(None, description="The slider's range: the bounds, narrowed to typical values")
    slider_max: float | None = None
    step: float | None = None
    composite: bool = Field(False, description="Also a composite's own field (else set per part)")


class Meta(BaseModel):
    headline: dict[str, dict[str, str]]
    series: dict[str, dict[str, str]]
    outputs: list[dict[str, Any]] = Field(default_factory=list, description="The output schema (data/outputs.csv)")
    groups: dict[str, list[str]] = Field(default_factory=dict, description="Headline figures by group")
    cards: list[dict[str, Any]] = Field(default_factory=list, description="The dashboard's headline cards")
    controls: list[Control] = Field(default_factory=list)
    platforms: list[dict[str, Any]]
    views: list[dict[str, str]] = Field(default_factory=list, description="Built-in assumption sets (views)")
    limits: dict[str, int]
    features: dict[str, bool]


ERRORS = {422: {"model": ErrorBody, "description": "Bad input (names the field)"},
          413: {"model": ErrorBody, "description": "Request body above the limit"},
          400: {"model": ErrorBody, "description": "Host not allowed"},
          408: {"model": ErrorBody, "description": "Request body not received in time"}}
