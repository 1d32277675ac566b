"""GET /api/sites and /api/pipeline: the build-out as of a date; bad input is 422 naming the field."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def client():
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

    from gigawatt.web import errors
    from gigawatt.web.routes_sites import router

    app = FastAPI()
    errors.install(app)
    app.include_router(router)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_pipeline_as_of(client):
    r = client.get("/api/pipeline", params={"as_of": "2025-12-31"})
    assert r.status_code == 200
    p = r.json()
    assert p["as_of"] == "2025-12-31" and p["over_time"][-1]["date"] == "2025-12-31"
    assert p["dedup_gw"] == pytest.approx(p["announced_gw"] - p["double_counted_gw"])
    later = client.get("/api/pipeline", params={"as_of": "2026-06-30"}).json()
    assert later["delivered_gw"] >= p["delivered_gw"]


def test_sites_filters(client):
    r = client.get("/api/sites", params={"as_of": "2026-06-30", "company": "xAI"})
    assert r.status_code == 200
    assert {s["id"] for s in r.json()} == {"colossus-1", "colossus-2"}
    assert all(s["source"] for s in r.json())


@pytest.mark.parametrize("path, params, field, words", [
    ("/api/pipeline", {"as_of": "2099-01-01"}, "as_of", "is in the future"),
    ("/api/pipeline", {"as_of": "2019-06-30"}, "as_of", "before 2020-01-01"),
    ("/api/sites", {"as_of": "yesterday"}, "as_of", "is not a date"),
    ("/api/sites", {"company": "acme"}, "company", "is not known; known: "),
    ("/api/sites", {"country": "XX"}, "country", "is not known; known: "),
])
def test_bad_input_is_422(client, path, params, field, words):
    r = client.get(path, params=params)
    assert r.status_code == 422
    body = r.json()
    assert set(body) == {"detail", "field", "message"}
    assert body["field"] == field and words in body["message"] and body["detail"].startswith(f"{field}: ")
