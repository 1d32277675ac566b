"""POST /api/capital: the capital stack of a built-in scenario; bad input is 422 naming the field."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """The whole app (its router list must include the capital routes), as a loopback client."""
    from fastapi.testclient import TestClient

    from gigawatt.web.app import create_app

    app = create_app(tmp_path_factory.mktemp("capital") / "runs.duckdb")
    with TestClient(app, base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def test_capital_answers_the_cli_json(client):
    r = client.post("/api/capital", json={"scenario": "openai-portfolio", "draws": 100, "seed": 1})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["draws"] == 100 and out["instruments"][0]["source"]
    assert "openai" in out["parties"] and out["ledger_imbalance_usd"] == 0
    import json

    from gigawatt.capital import analyse

    assert out["parties"] == json.loads(json.dumps(analyse("openai-portfolio", 100, 1)["parties"]))


@pytest.mark.parametrize("body, field", [
    ({"draws": 2001}, "draws"), ({"draws": -1}, "draws"), ({"draws": "10"}, "draws"),
    ({"revenue_scale": 11}, "revenue_scale"), ({"revenue_scale": True}, "revenue_scale"),
    ({"scenario": "../etc/passwd"}, "scenario"), ({"scenario": "/tmp/x.yaml"}, "scenario"),
    ({"nope": 1}, "nope")])
def test_bad_input_is_422_naming_the_field(client, body, field):
    r = client.post("/api/capital", json=body)
    assert r.status_code == 422, r.text
    assert field in r.json()["field"], r.json()


def test_a_view_sets_the_credit_terms(client):
    r = client.post("/api/capital", json={"scenario": "openai-nvidia-2026", "view": "stressed-credit", "draws": 0})
    assert r.status_code == 200, r.text
    assert (r.json()["credit"], r.json()["gpu_life_years"]) == ("stressed", 4.0)
    bad = client.post("/api/capital", json={"scenario": "openai-nvidia-2026", "view": "/tmp/v.yaml"})
    assert bad.status_code == 422 and bad.json()["field"] == "view"


def test_the_memory_estimate_bounds_the_peak():
    """bytes_per_draw (what a request holds of the budget) is at least what a run holds at its peak."""
    import tracemalloc

    from gigawatt.capital import analyse
    from gigawatt.capital.stack import bytes_per_draw
    from gigawatt.scenario import load_scenario
    from gigawatt.web.routes_capital import BASE_BYTES

    scn = load_scenario("openai-portfolio")
    analyse(scn, 5)  # caches warm
    tracemalloc.start()
    analyse(scn, 300)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    first, last = scn.horizon_quarters
    assert peak <= BASE_BYTES + 300 * bytes_per_draw(scn, last - first + 1), peak


def test_thirty_requests_at_once_hold_at_most_the_slots_and_budget(client, monkeypatch):
    """30 concurrent requests: at most JOB_SLOTS run (each holding its estimate, within the budget), the rest
    are refused with 429 at once; nothing stays held afterwards."""
    import threading
    import time

    from gigawatt.capital import analysis
    from gigawatt.web.limits import JOB_SLOTS, MEMORY_BUDGET_BYTES

    jobs = client.app.state.jobs
    seen, real = [], analysis.analyse

    def watched(*a, **k):
        seen.append((jobs.busy_slots(), jobs.in_use()))
        time.sleep(0.5)  # overlap the requests
        return real(*a, **k)

    monkeypatch.setattr("gigawatt.capital.analyse", watched)
    codes = []
    threads = [threading.Thread(target=lambda: codes.append(client.post(
        "/api/capital", json={"scenario": "openai-nvidia-2026", "draws": 2000}).status_code)) for _ in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(codes) <= {200, 429} and codes.count(429) >= 30 - 2 * JOB_SLOTS and 200 in codes
    assert all(slots <= JOB_SLOTS and held <= MEMORY_BUDGET_BYTES for slots, held in seen)
    assert jobs.busy_slots() == 0 and jobs.in_use() == 0
