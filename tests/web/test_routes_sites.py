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


def test_one_site_timeline_and_deals(client):
    from gigawatt import catalog

    r = client.get("/api/sites/stargate-abilene", params={"as_of": "2025-12-31"})
    assert r.status_code == 200
    d = r.json()
    rows = [t for t in catalog.site_timeline() if t.site == "stargate-abilene"]
    assert [t["date"] for t in d["timeline"]] == [t.date for t in rows] and all(t["source"] for t in d["timeline"])
    assert d["site"]["status"] == "operational" and d["site"]["power_online_mw"] == 295  # the 2025-12-24 row
    assert d["site"]["text"]["power_online_mw"] == "295 MW"
    deals = {x["id"]: x for x in d["deals"]}
    assert deals["stargate-us"]["gw_here"] == 1.2 and deals["stargate-us"]["status_as_of"]
    early = client.get("/api/sites/stargate-abilene", params={"as_of": "2025-02-01"}).json()
    assert {x["id"]: x["status_as_of"] for x in early["deals"]}["oracle-nvidia-abilene"] is None  # made in May 2025


def test_unknown_site_is_404_naming_it(client):
    r = client.get("/api/sites/nope")
    assert r.status_code == 404 and r.json()["field"] == "site_id" and "'nope' is not a site" in r.json()["message"]


def test_us_state_outlines_are_shipped_not_fetched(client):
    r = client.get("/api/map/us-states")
    assert r.status_code == 200 and "public domain" in r.json()["source"]
    rings = r.json()["rings"]
    lons = [x for ring in rings for x in ring[0]]
    lats = [y for ring in rings for y in ring[1]]
    assert -125 < min(lons) < -120 and -68 < max(lons) < -66  # the contiguous US, west to east
    assert 24 < min(lats) < 26 and 48 < max(lats) < 50
    assert len(r.content) < 200_000
