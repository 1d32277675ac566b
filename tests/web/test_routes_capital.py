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
