"""POST /api/compare: two runs' headline figures with B − A, absolute and relative, as numbers and text."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")

LOI = "openai-nvidia-10gw"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from gigawatt.web.app import create_app

    with TestClient(create_app(tmp_path_factory.mktemp("cmp") / "runs.duckdb"), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        yield c


def _rows(client, a: dict, b: dict) -> dict:
    r = client.post("/api/compare", json={"a": a, "b": b})
    assert r.status_code == 200, r.text
    return {row["key"]: row for row in r.json()["rows"]}


def test_difference_is_b_minus_a(client):
    from gigawatt import api, load_scenario

    rows = _rows(client, {"scenario": LOI}, {"scenario": LOI, "overrides": {"program.capacity_gw": 5}})
    gw = rows["capacity_gw"]
    assert (gw["a"], gw["b"], gw["delta"], gw["delta_text"]) == (10.0, 5.0, -5.0, "-5.00 GW")
    assert gw["ratio"] == pytest.approx(-0.5) and gw["ratio_text"] == "-50.0 %"
    capex = rows["capex_usd"]
    assert capex["a"] == pytest.approx(api.simulate(load_scenario(LOI)).headline()["capex_usd"])
    assert capex["delta"] == pytest.approx(capex["b"] - capex["a"]) and capex["delta_text"].startswith("-$")


def test_shares_in_points_dates_in_quarters_and_no_ratio(client):
    rows = _rows(client, {"scenario": LOI}, {"scenario": LOI, "overrides": {"program.first_online": "2027Q2"}})
    first = rows["first_gw_online"]
    assert (first["a_text"], first["b_text"], first["delta"], first["delta_text"]) == ("2026Q4", "2027Q2", 2, "+2 quarters")
    assert first["ratio"] is None and first["ratio_text"] == ""
    share = _rows(client, {"scenario": LOI}, {"scenario": LOI, "view": "vendor"})["vendor_share_of_capex"]
    assert share["delta_text"].endswith(" pp") and share["ratio"] is None


def test_same_run_differs_nowhere(client):
    rows = _rows(client, {"scenario": LOI}, {"scenario": LOI})
    assert all(r["delta"] in (0, None) for r in rows.values())


@pytest.mark.parametrize("body, field", [
    ({"a": {"scenario": "nope"}, "b": {"scenario": LOI}}, "a.scenario"),
    ({"a": {"scenario": LOI}, "b": {"scenario": LOI, "overrides": {"facility.pue": 0.5}}}, "b.facility.pue"),
    ({"a": {"scenario": LOI}}, "b"),
])
def test_bad_side_is_422_naming_it(client, body, field):
    r = client.post("/api/compare", json=body)
    assert r.status_code == 422 and r.json()["field"] == field, r.text


def test_optimised_supply_side_waits_for_the_power_slot(client):
    """A side that solves the power LP first is refused at once while another power solve runs."""
    from gigawatt.web import limits

    side = {"scenario": "cheyenne-wy-10gw", "overrides": {"energy.supply": "optimised"}}
    client.app.state.jobs.hold_wait_s = 0  # the refusal itself (a held request may wait for a slot: test_jobs_queue)
    with client.app.state.jobs.hold(limits.POWER_BYTES, "a power solve", field="scenario", kind="power"):
        r = client.post("/api/compare", json={"a": {"scenario": LOI}, "b": side})
    assert r.status_code == 429 and r.json()["field"] == "scenario", r.text[:300]
    assert client.app.state.jobs.in_use() == 0
