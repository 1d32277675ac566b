"""The REST API through FastAPI's TestClient: every endpoint, limits, messages, no 500 under fuzz."""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gigawatt import fields
from gigawatt.errors import InputError
from gigawatt.scenario import builtin_names, load_scenario
from gigawatt.api import simulate
from gigawatt.web import app as webapp

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

DEFAULT = "openai-nvidia-10gw"
BASE = "http://127.0.0.1"  # the server answers loopback Host names only


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return tmp_path_factory.mktemp("web") / "runs.duckdb"


@pytest.fixture(scope="module")
def client(db):
    with TestClient(webapp.create_app(db), base_url=BASE, raise_server_exceptions=False) as c:
        yield c


# --- scenarios and meta ---------------------------------------------------------------------------------

def test_scenarios_lists_the_builtins(client):
    r = client.get("/api/scenarios")
    assert r.status_code == 200
    names = [s["name"] for s in r.json()]
    assert names == list(builtin_names())
    assert DEFAULT in names and all(s["title"] for s in r.json())


def test_scenario_detail_and_yaml(client):
    r = client.get(f"/api/scenarios/{DEFAULT}")
    assert r.status_code == 200
    body = r.json()
    assert body["values"]["facility"]["pue"] == 1.2
    assert body["sources"] and body["yaml"].startswith(f"name: {DEFAULT}")
    y = client.get(f"/api/scenarios/{DEFAULT}/yaml")
    assert y.status_code == 200 and y.headers["content-type"].startswith("application/yaml")
    assert f'filename="{DEFAULT}.yaml"' in y.headers["content-disposition"]
    assert y.text == load_scenario(DEFAULT).to_yaml()


def test_unknown_scenario_is_404_and_never_a_path(client):
    for name in ("nope", "..%2F..%2Fetc%2Fpasswd", "etc"):
        r = client.get(f"/api/scenarios/{name}")
        assert r.status_code == 404, name
    assert "is not a built-in scenario" in client.get("/api/scenarios/nope").json()["detail"]


def test_yaml_download_carries_the_overrides(client):
    r = client.post("/api/scenario/yaml", json={"scenario": DEFAULT, "overrides": {"facility.pue": 1.31}})
    assert r.status_code == 200
    scn = load_scenario(DEFAULT, {"facility.pue": 1.31})
    assert r.text == scn.to_yaml()
    assert "pue: 1.31" in r.text


def test_meta_lists_units_platforms_and_limits(client):
    m = client.get("/api/meta").json()
    assert m["headline"]["annual_energy_twh"]["unit"] == "TWh/yr"
    assert "vera-rubin-nvl144" in [p["name"] for p in m["platforms"]]
    assert m["limits"]["max_draws"] == webapp.MAX_DRAWS
    assert m["limits"]["max_body_bytes"] == 1_000_000


def test_openapi_and_offline_docs(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/scenarios", "/api/scenarios/{name}", "/api/run", "/api/mc", "/api/claims", "/api/runs",
                 "/api/runs/{run_id}", "/api/scenarios/{name}/yaml"):
        assert path in spec["paths"], path
    assert "RunRequest" in spec["components"]["schemas"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/openapi.json" in docs.text
    assert "http://" not in docs.text and "https://" not in docs.text  # nothing from a CDN


def test_dashboard_and_assets_are_local(client):
    page = client.get("/")
    assert page.status_code == 200
    for src in ("/static/plotly-basic.min.js", "/static/app.js", "/static/app.css"):
        assert src in page.text
        assert client.get(src).status_code == 200, src
    assert "https://" not in page.text and "http://" not in page.text
    js = client.get("/static/plotly-basic.min.js")
    assert js.headers["content-type"].startswith("application/javascript") and len(js.content) > 1_000_000


# --- POST /api/run --------------------------------------------------------------------------------------

def test_run_matches_the_library(client):
    r = client.post("/api/run", json={"scenario": DEFAULT, "overrides": {"facility.pue": 1.3}})
    assert r.status_code == 200
    body = r.json()
    expected = simulate(load_scenario(DEFAULT, {"facility.pue": 1.3})).headline()
    assert body["summary"]["annual_energy_twh"] == pytest.approx(expected["annual_energy_twh"])
    assert body["summary"]["gpus"] == pytest.approx(expected["gpus"])
    assert body["assumptions"]["facility"]["pue"] == 1.3
    assert body["overrides"] == {"facility.pue": 1.3}
    assert len(body["quarters"]) == len(body["series"]["gw_online"]) == 40
    assert body["series"]["gw_online"][-1] == pytest.approx(10.0)
    assert sum(v[-1] for v in body["gw_by_platform"].values()) == pytest.approx(10.0)
    assert body["by_year"][0]["year"] == 2026
    assert body["run_id"] is None


def test_run_says_whether_the_terms_still_stand(client):
    loi = client.post("/api/run", json={"scenario": DEFAULT}).json()
    assert loi["standing"]["superseded"] and loi["standing"]["superseded_by"] == "openai-nvidia-2026"
    assert loi["heading"][0].startswith("SUPERSEDED on 2026-02-27")
    now = client.post("/api/run", json={}).json()  # the default: the deal as it stands
    assert now["scenario"] == "openai-nvidia-2026" and now["standing"]["superseded"] is False
    assert now["heading"][0].startswith(now["title"])
    assert now["heading"][1].startswith("Terms as of 2026-03-31; data as of")


def test_run_formats_like_the_cli(client):
    body = client.post("/api/run", json={"scenario": DEFAULT}).json()
    t = body["summary_text"]
    assert t["capacity_gw"] == "10.0 GW"
    assert t["annual_energy_twh"] == "70.1 TWh/yr"  # 10 GW x 0.8 x 8760 h
    assert t["gpus"].endswith(" M")
    assert t["capex_usd"].startswith("$") and t["capex_usd"].endswith(" B")


def test_run_accepts_cli_style_override_list(client):
    a = client.post("/api/run", json={"overrides": ["facility.pue=1.3"]}).json()
    b = client.post("/api/run", json={"overrides": {"facility.pue": 1.3}}).json()
    assert a["summary"] == b["summary"]


def test_run_of_a_scenario_sent_as_text(client):
    text = load_scenario(DEFAULT).to_yaml().replace(f"name: {DEFAULT}", "name: mine")
    r = client.post("/api/run", json={"scenario_text": text, "overrides": {"program.capacity_gw": 5}})
    assert r.status_code == 200
    assert r.json()["scenario"] == "mine"
    assert r.json()["summary"]["capacity_gw"] == pytest.approx(5.0)
    as_json = json.dumps(load_scenario(DEFAULT).model_dump(mode="json"))
    assert client.post("/api/run", json={"scenario_text": as_json}).status_code == 200


@pytest.mark.parametrize("override", [{"facility.pue": 0.8}, {"facility.load_factor": 2}, {"facility.nope": 1},
                                      {"program.platform": "nonexistent-gpu"}, {"finance.capex_usd_per_gw": "lots"}])
def test_invalid_override_is_422_with_the_cli_message(client, override):
    (path, value), = override.items()
    with pytest.raises(InputError) as cli:
        load_scenario(DEFAULT, [f"{path}={value}"])
    r = client.post("/api/run", json={"overrides": override})
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == str(cli.value)
    assert body["field"] == cli.value.path


def test_pue_message_names_the_field(client):
    body = client.post("/api/run", json={"overrides": {"facility.pue": 0.8}}).json()
    assert body["field"] == "facility.pue"
    assert body["detail"].startswith("facility.pue: 0.8 is not allowed")


@pytest.mark.parametrize("name", ["/etc/passwd", "../../etc/passwd", "scenarios/openai-nvidia-10gw.yaml",
                                  str(__file__)])
def test_a_file_path_is_never_read(client, name):
    r = client.post("/api/run", json={"scenario": name})
    assert r.status_code == 422
    assert r.json()["field"] == "scenario"
    assert "is not a built-in scenario" in r.json()["detail"]


def test_scenario_text_bad_inputs(client):
    cases = {
        "a: [1, 2": "malformed YAML",
        "- 1\n- 2": "must be a mapping",
        "a: &x [1]\nb: *x": "are not accepted",  # anchors and aliases (the one YAML loader)
        "[" * 5000: "",
    }
    for text, words in cases.items():
        r = client.post("/api/run", json={"scenario_text": text})
        assert r.status_code == 422, text[:20]
        assert words in r.json()["detail"]
        assert r.json()["field"] == "scenario_text"


def test_too_many_phases_is_422(client):
    r = client.post("/api/run", json={"overrides": {"program.phase_gw": 1e-6}})
    assert r.status_code == 422
    assert r.json()["field"] == "program.phase_gw"


def test_request_validation_names_the_field(client):
    r = client.post("/api/run", json={"overrides": 3})
    assert r.status_code == 422 and r.json()["field"].startswith("overrides")
    r = client.post("/api/run", json={"bogus": 1})
    assert r.status_code == 422 and r.json()["field"] == "bogus"
    r = client.post("/api/run", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and "JSON" in r.json()["detail"]


# --- body size limit -------------------------------------------------------------------------------------

def test_body_above_1mb_is_413(client):
    big = json.dumps({"scenario_text": "x" * 1_100_000})
    r = client.post("/api/run", content=big, headers={"content-type": "application/json"})
    assert r.status_code == 413
    assert "1,000,000 bytes" in r.json()["detail"]


def test_streamed_body_above_1mb_is_413(client):
    def chunks():  # no Content-Length: chunked transfer
        for _ in range(12):
            yield b" " * 100_000

    r = client.post("/api/run", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_body_just_under_the_limit_is_read(client):
    pad = " " * (1_000_000 - 100)
    r = client.post("/api/run", content=("{" + pad + "}").encode(), headers={"content-type": "application/json"})
    assert r.status_code == 200


# --- Monte Carlo and claims ------------------------------------------------------------------------------

def test_draws_above_the_cap_are_422(client):
    r = client.post("/api/mc", json={"draws": webapp.MAX_DRAWS + 1})
    assert r.status_code == 422
    assert r.json()["field"] == "draws" and f"{webapp.MAX_DRAWS:,}" in r.json()["detail"]
    assert client.post("/api/mc", json={"draws": 0}).status_code == 422
    assert client.post("/api/mc/jobs", json={"draws": 10**9}).status_code == 422


def _has(module):
    import importlib.util

    return importlib.util.find_spec(f"gigawatt.{module}") is not None


def test_mc_without_the_engine_is_503(client, monkeypatch):
    import sys

    import gigawatt

    monkeypatch.setitem(sys.modules, "gigawatt.montecarlo", None)  # as if the module were absent
    monkeypatch.delattr(gigawatt, "montecarlo", raising=False)
    r = client.post("/api/mc", json={"draws": 100})
    assert r.status_code == 503 and "Monte Carlo is not available" in r.json()["detail"]
    assert client.post("/api/mc/jobs", json={"draws": 100}).status_code == 503


@pytest.mark.skipif(not _has("montecarlo"), reason="the Monte Carlo engine has not landed")
def test_mc_runs_saves_and_reloads(client):
    r = client.post("/api/mc", json={"draws": 200, "seed": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["draws"] == 200 and body["seed"] == 3 and body["results"]
    run = client.get(f"/api/runs/{body['run_id']}").json()
    assert run["kind"] == "mc" and run["status"] == "done" and run["draws"] == 200 and run["seed"] == 3
    assert run["results"] == body["results"]
    again = client.post("/api/mc", json={"draws": 200, "seed": 3, "save": False}).json()
    assert again["results"] == body["results"] and again["run_id"] is None


@pytest.mark.skipif(not _has("montecarlo"), reason="the Monte Carlo engine has not landed")
def test_mc_job_reports_and_finishes(client):
    import time

    job = client.post("/api/mc/jobs", json={"draws": 100, "seed": 1, "save": False}).json()
    for _ in range(600):
        if job["status"] != "running":
            break
        time.sleep(0.05)
        job = client.get(f"/api/mc/jobs/{job['job_id']}").json()
    assert job["status"] == "done", job
    assert job["done"] == job["total"] == 100
    assert job["result"]["results"]


def test_unknown_job_is_404(client):
    assert client.get("/api/mc/jobs/abc").status_code == 404


def test_claims_without_the_engine_is_503(client, monkeypatch):
    from gigawatt.web import features

    monkeypatch.setattr(features, "has", lambda module: module != "claims")
    r = client.get("/api/claims")
    assert r.status_code == 503 and "claims" in r.json()["detail"]


@pytest.mark.skipif(not _has("claims"), reason="the claims engine has not landed")
def test_claims_answer_json(client):
    from gigawatt import claims

    r = client.get("/api/claims")
    assert r.status_code == 200
    rows = r.json()
    assert [c["id"] for c in rows] == [str(c["id"]) for c in claims.load_claims()["claims"]]
    assert {c["verdict"] for c in rows} <= set(claims.VERDICTS)


# --- run history -----------------------------------------------------------------------------------------

def test_saved_run_lists_and_reloads(client):
    r = client.post("/api/run", json={"scenario": DEFAULT, "overrides": {"facility.pue": 1.25}, "save": True})
    assert r.status_code == 200
    run_id = r.json()["run_id"]
    assert run_id and len(run_id) == 12
    listed = client.get("/api/runs").json()
    assert listed[0]["id"] == run_id and listed[0]["status"] == "done" and listed[0]["kind"] == "run"
    run = client.get(f"/api/runs/{run_id[:6]}").json()
    assert run["id"] == run_id
    assert run["results"]["summary"]["annual_energy_twh"] == pytest.approx(r.json()["summary"]["annual_energy_twh"])
    # reloading: the stored YAML runs to the same figures
    again = client.post("/api/run", json={"scenario_text": run["scenario_yaml"]}).json()
    assert again["summary"] == r.json()["summary"]
    assert again["assumptions"]["facility"]["pue"] == 1.25


def test_runs_errors(client):
    assert client.get("/api/runs/zzzz").status_code == 404
    assert client.get("/api/runs/" + "a" * 100).status_code == 404
    assert client.get("/api/runs?limit=0").status_code == 422
    r = client.get("/api/runs?status=bogus")
    assert r.status_code == 422 and r.json()["field"] == "status"


def test_an_unusable_db_is_503_not_500(tmp_path):
    bad = tmp_path / "not-a-db.duckdb"
    bad.write_text("this is not a duckdb file")
    with TestClient(webapp.create_app(bad), base_url=BASE, raise_server_exceptions=False) as c:
        assert c.get("/api/runs").status_code == 503
        r = c.post("/api/run", json={"save": True})
        assert r.status_code == 503 and r.json()["field"] == "db"
        assert c.post("/api/run", json={}).status_code == 200  # unsaved runs still work


# --- no 500 under fuzz ------------------------------------------------------------------------------------

_PATHS = sorted(p for p in fields.numeric_values(load_scenario(DEFAULT)) if p not in fields.HIDDEN)
_path = st.one_of(st.sampled_from(_PATHS + ["program.platform", "energy.comparison_state", "program.phases",
                                            "uncertainty.facility.pue", "finance.buyer", "horizon", "program",
                                            "finance.capex_split", "hardware.gb300-nvl72.unit_power_kw", "name"]),
                  st.text(alphabet="abcdefghijklmnopqrstuvwxyz._-0123456789[]", min_size=0, max_size=30))
_scalar = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
                    st.sampled_from(["1.8 GW", "$100B", "55 $B/GW", "2026Q3", "2026H2", "auto", "1e309", "nan",
                                     "-inf", "gb300-nvl72", "10%", "0"]))
_value = st.recursive(_scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=3)),
                      max_leaves=6)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(overrides=st.dictionaries(_path, _value, max_size=4))
def test_fuzz_run_never_500(client, overrides):
    r = client.post("/api/run", json={"scenario": DEFAULT, "overrides": overrides})
    assert r.status_code in (200, 413, 422), (overrides, r.status_code, r.text[:300])
    if r.status_code == 200:
        json.loads(r.text)  # strict JSON: no NaN/Infinity
    else:
        assert r.json()["detail"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.dictionaries(st.sampled_from(["scenario", "scenario_text", "overrides", "save", "x"]),
                                      _value, max_size=4), _value))
def test_fuzz_whole_body_never_500(client, body):
    r = client.post("/api/run", json=body)
    assert r.status_code in (200, 413, 422), (body, r.status_code, r.text[:300])


def _wait_done(client, job):
    import time

    for _ in range(1200):
        job = client.get(f"/api/mc/jobs/{job['job_id']}").json()
        if job["status"] != "running":
            break
        time.sleep(0.05)
    return job


@pytest.mark.skipif(not _has("montecarlo"), reason="the Monte Carlo engine has not landed")
def test_mc_jobs_are_admitted_by_memory_429(tmp_path, monkeypatch):
    """Two jobs whose estimates fit the budget run at once; a third that does not fit beside them gets 429."""
    import threading

    from gigawatt.web import jobs

    need = jobs.estimate(load_scenario(), 10).bytes  # the requests below name no scenario: the default
    gate = threading.Event()
    real = jobs.run_mc

    def slow(*args, **kwargs):
        gate.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs, "run_mc", slow)
    app = webapp.create_app(tmp_path / "runs.duckdb", memory_budget=int(2.5 * need))
    with TestClient(app, base_url=BASE, raise_server_exceptions=False) as c:
        started = [c.post("/api/mc/jobs", json={"draws": 10, "save": False}).json() for _ in range(2)]
        assert [j["status"] for j in started] == ["running", "running"]
        assert all(j["memory_bytes"] == need for j in started)
        try:
            r = c.post("/api/mc", json={"draws": 10, "save": False})
            assert r.status_code == 429 and "try again when one ends" in r.json()["detail"]
            assert r.json()["field"] == "draws"
        finally:
            gate.set()
        assert [_wait_done(c, j)["status"] for j in started] == ["done", "done"]
        assert c.post("/api/mc", json={"draws": 10, "save": False}).status_code == 200  # memory given back


def test_saved_composite_run_reloads(client):
    over = {"parts.openai-amd-6gw.facility.pue": 1.3}
    r = client.post("/api/run", json={"scenario": "openai-portfolio", "overrides": over, "save": True}).json()
    run = client.get(f"/api/runs/{r['run_id']}").json()
    again = client.post("/api/run", json={"scenario_text": run["scenario_yaml"]})
    assert again.status_code == 200, again.text[:300]
    assert again.json()["summary"] == r["summary"]
