"""``POST /api/power``: built-in scenarios only, 422 with {detail, field, message} on bad input."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from gigawatt.web import errors
from gigawatt.web.routes_power import router


@pytest.fixture(scope="module")
def client():
    app = FastAPI()
    errors.install(app)
    app.include_router(router)
    return TestClient(app)


def test_power_for_a_builtin(client):
    r = client.post("/api/power", json={"scenario": "stargate-10gw", "options": "gas", "hours": 168})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["site"] == "Abilene, TX" and out["lcoe_usd_per_mwh"] > 0


@pytest.mark.parametrize("body,field,needle", [
    ({"scenario": "/etc/passwd"}, "scenario", "is not a built-in scenario"),
    ({"options": "coal"}, "--options", "'coal' is not a supply option"),
    ({"co2_cap_g_per_kwh": -1}, "--co2-cap", "must be a finite number from 0 to 2,000"),
    ({"hours": 5}, "--hours", "48 to 8760"),
    ({"energised_by": "2027Q1", "as_of": "2026Q4"}, "--energised-by", "no option left"),
    ({"nonsense": 1}, "body", "'nonsense' is not a key of /api/power; allowed: scenario, options, co2_cap_g_per_kwh"),
])
def test_bad_input_is_422_with_field(client, body, field, needle):
    r = client.post("/api/power", json=body)
    assert r.status_code == 422, r.text
    out = r.json()
    assert set(out) == {"detail", "field", "message"}
    assert field in out["field"] and needle in out["message"]
