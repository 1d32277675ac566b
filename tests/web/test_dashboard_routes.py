"""The dashboard's sharing routes (``routes_share``): a download that carries the edits, a saved run's
differences from its built-in, the timeline controls, the tornado, the partial plotly.js bundle."""

from __future__ import annotations

import re

import pytest
import yaml


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from gigawatt.web.app import create_app

    db = tmp_path_factory.mktemp("share") / "runs.duckdb"
    return TestClient(create_app(db), base_url="http://127.0.0.1")


def test_edited_download_has_a_new_name_and_lists_the_edits(client):
    r = client.post("/api/scenario/edited", json={"scenario": "openai-nvidia-10gw",
                                                   "overrides": {"facility.pue": 1.5, "program.first_online": "2027H1"}})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="openai-nvidia-10gw-edited.yaml"'
    data = yaml.safe_load(r.text)
    assert data["name"] == "openai-nvidia-10gw-edited" and data["title"].endswith("(edited)")
    assert data["facility"]["pue"] == 1.5 and data["program"]["first_online"] == "2027H1"
    note = data["sources"][-1]
    assert note.startswith("Edited in the gigawatt dashboard on ") and "from openai-nvidia-10gw" in note
    assert "PUE (facility ÷ IT power): 1.20 → 1.50" in note and "facility.pue" not in note  # names people read
    assert "First online (quarter or half): 2026H2 → 2027H1" in note
    assert note in data["description"]
    # The file loads back to the same figures as the request.
    back = client.post("/api/run", json={"scenario_text": r.text}).json()
    same = client.post("/api/run", json={"scenario": "openai-nvidia-10gw",
                                         "overrides": {"facility.pue": 1.5, "program.first_online": "2027H1"}}).json()
    assert back["summary"]["gpus"] == same["summary"]["gpus"]


def test_download_without_edits_is_the_scenario_as_it_is(client):
    r = client.post("/api/scenario/edited", json={"scenario": "openai-amd-6gw"})
    assert r.status_code == 200 and yaml.safe_load(r.text)["name"] == "openai-amd-6gw"


def test_saved_run_differs_from_its_builtin_by_its_overrides(client):
    run = client.post("/api/run", json={"scenario": "openai-nvidia-10gw", "overrides": {"facility.pue": 1.4},
                                        "save": True}).json()
    d = client.get(f"/api/runs/{run['run_id']}/diff").json()
    assert d["builtin"] == "openai-nvidia-10gw"
    assert [(x["path"], x["builtin"], x["value"]) for x in d["differences"]] == [("facility.pue", 1.2, 1.4)]
    assert client.get("/api/runs/nosuchrun/diff").status_code == 404


def test_timeline_controls_bounds_from_the_scenario_model(client):
    from gigawatt.scenario import Scenario

    specs = {c["path"]: c for c in client.get("/api/meta/timeline").json()}
    assert set(specs) == {"program.first_online", "program.ramp_gw_per_year", "program.continue_probability"}
    field = Scenario.model_json_schema()["$defs"]["Program"]["properties"]["continue_probability"]
    assert (specs["program.continue_probability"]["min"], specs["program.continue_probability"]["max"]) == (
        field.get("minimum"), field.get("maximum"))
    assert specs["program.first_online"]["options"][0] == "2026H1"
    run = client.post("/api/run", json={"scenario": "openai-portfolio"}).json()
    assert run["controls_text"]["parts.openai-amd-6gw.program.first_online"]
    assert "program.first_online" not in run["controls_value"]  # a composite's timeline is its parts'


def test_tornado_in_words_ranked_by_swing(client):
    r = client.post("/api/tornado", json={"scenario": "openai-nvidia-10gw", "output": "capex_usd"})
    assert r.status_code == 200
    t = r.json()
    swings = [abs(x["high"] - x["low"]) for x in t["rows"]]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    assert not [x["label"] for x in t["rows"] if re.search(r"[a-z_]+\.[a-z_]+", x["label"])]  # words, not paths
    assert t["base_text"].startswith("$")
    part = client.post("/api/tornado", json={"scenario": "openai-portfolio", "part": "openai-amd-6gw"}).json()
    assert part["scenario"] == "openai-amd-6gw"


@pytest.mark.parametrize("body, field", [({"output": "gpus_per_dollar"}, "output"),
                                         ({"scenario": "openai-portfolio", "part": "nope"}, "part")])
def test_tornado_bad_input_names_the_field(client, body, field):
    r = client.post("/api/tornado", json=body)
    assert r.status_code == 422 and r.json()["field"] == field


def test_run_names_the_parties_in_words(client):
    run = client.post("/api/run", json={"scenario": "openai-portfolio"}).json()
    assert run["party_labels"]["other_suppliers"] == "OpenAI's other suppliers"
    assert run["party_labels"]["cloud_partner"] == "Oracle"
    assert len(set(run["party_colors"].values())) == len(run["party_colors"])
