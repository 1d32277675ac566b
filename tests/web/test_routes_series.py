"""GET /api/series and /api/series.xlsx: any output of the schema for scenarios, views and saved runs."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("fastapi")

BASE = "http://127.0.0.1"
LOI = "openai-nvidia-10gw"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from gigawatt.web.app import create_app

    with TestClient(create_app(tmp_path_factory.mktemp("series") / "runs.duckdb"), base_url=BASE,
                    raise_server_exceptions=False) as c:
        yield c


def _get(client, output, *sources, path="/api/series"):
    return client.get(path, params=[("output", output), *(("source", s) for s in sources)])


def test_series_equals_the_run_for_each_source(client):
    from gigawatt import api, load_scenario

    d = _get(client, "h100_equivalents", LOI, f"{LOI}@vendor").json()
    assert [t["label"] for t in d["traces"]] == [LOI, f"{LOI} @ vendor"]
    for t, view in zip(d["traces"], (None, "vendor")):
        res = api.simulate(load_scenario(LOI, view=view) if view else load_scenario(LOI))
        assert t["quarters"] == res.quarters
        assert t["values"] == pytest.approx(res.series("h100_equivalents").tolist())
    assert d["output"]["unit"] == "H100e" and d["output"]["scope"] == "series"
    assert d["axis"] == {"divisor": 1e6, "title": "millions of H100e"}


def test_cumulative_series_is_the_flow_summed_to_date(client):
    d = _get(client, "capex_cumulative_usd", LOI).json()
    flow = _get(client, "capex_usd", LOI).json()["traces"][0]["values"]
    got = d["traces"][0]["values"]
    assert got[-1] == pytest.approx(sum(flow))
    assert all(b >= a for a, b in zip(got, got[1:]))  # capex is never negative: to date only grows
    assert d["axis"]["title"] == "USD billions" and d["traces"][0]["text"][-1].startswith("$")


def test_headline_figure_is_one_value_per_source(client):
    from gigawatt import api, load_scenario

    d = _get(client, "headline.capex_usd", LOI, "openai-amd-6gw").json()
    assert [t["value"] for t in d["traces"]] == pytest.approx(
        [api.simulate(load_scenario(n)).headline()["capex_usd"] for n in (LOI, "openai-amd-6gw")])
    q = _get(client, "headline.first_gw_online", LOI).json()["traces"][0]
    assert q["text"] == "2026Q4" and q["value"] == 2026.75  # a quarter charted as its start, a decimal year


@pytest.mark.parametrize("params, field, words", [
    ([("output", "nope"), ("source", LOI)], "output", "is not an output"),
    ([("output", "gw_online")], "source", "at least one source"),
    ([("output", "gw_online"), ("source", "nope")], "source[0]", "is not a built-in scenario"),
    ([("output", "gw_online"), ("source", LOI), ("source", f"{LOI}@nope")], "source[1]", "is not a view"),
    ([("output", "gw_online"), ("source", "run:../etc")], "source[0]", "names no saved run"),
    ([("output", "gw_online"), ("source", "run:abc123")], "source[0]", "names no saved run"),
    ([("output", "gw_online"), *[("source", LOI)] * 9], "source", "at most 8"),
    ([("output", "gw_online"), ("source", LOI), ("draws", "5")], "draws", ""),
])
def test_bad_requests_are_422_naming_the_field(client, params, field, words):
    r = client.get("/api/series", params=params)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["field"] == field and words in body["message"]
    assert "duckdb" not in body["message"] and "tmp" not in body["message"]  # no server paths in errors


def test_saved_run_is_a_source(client):
    rid = client.post("/api/run", json={"scenario": LOI, "overrides": {"facility.pue": 1.5}, "save": True}).json()["run_id"]
    d = _get(client, "it_power_gw", LOI, f"run:{rid[:10]}").json()
    base, saved = (t["values"][-1] for t in d["traces"])
    assert saved == pytest.approx(base * 1.2 / 1.5)  # IT power = facility / PUE
    assert d["traces"][1]["label"].endswith(f"({LOI})")


def test_xlsx_is_one_excel_table_with_units_in_the_header(client):
    from openpyxl import load_workbook

    r = _get(client, "capex_usd", LOI, f"{LOI}@vendor", path="/api/series.xlsx")
    assert r.status_code == 200 and 'filename="capex_usd.xlsx"' in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["Data"]
    head = [c.value for c in ws[1]]
    assert head == ["quarter", f"{LOI} (USD billions)", f"{LOI} @ vendor (USD billions)"]
    assert list(ws.tables) == ["Data"] and ws.tables["Data"].ref == f"A1:C{ws.max_row}"
    values = _get(client, "capex_usd", LOI).json()["traces"][0]["values"]
    assert [ws.cell(i + 2, 2).value for i in range(len(values))] == pytest.approx([v / 1e9 for v in values])
    assert ws.cell(2, 1).value == "2026Q1"
    about = {r[0].value: r[1].value for r in wb["About"].iter_rows(min_row=2) if r[0].value != "source"}
    assert "USD billions" in about["unit"] and "gigawatt model" in about["made by"]


def test_saved_monte_carlo_brings_its_p5_p95(client):
    from openpyxl import load_workbook

    r = client.post("/api/mc", json={"scenario": LOI, "draws": 200, "seed": 3, "save": True})
    rid, mc = r.json()["run_id"], r.json()["results"]
    d = _get(client, "gw_online", f"run:{rid}").json()
    band = d["traces"][0]["band"]
    assert band["p5"] == pytest.approx(mc["series"]["gw_online"]["p5"]) and band["draws"] == 200
    assert band["p95"] == pytest.approx(mc["series"]["gw_online"]["p95"])
    assert all(lo <= hi for lo, hi in zip(band["p5"], band["p95"]))
    assert d["traces"][0]["band_text"]["p95"][-1] == "10.0 GW"
    head = _get(client, "headline.capex_usd", f"run:{rid}", LOI).json()["traces"]
    assert head[0]["band"]["p50"] == pytest.approx(mc["headline"]["capex_usd"]["p50"]) and "band" not in head[1]
    assert "band" not in _get(client, "headline.first_gw_online", f"run:{rid}").json()["traces"][0]  # no date bands
    wb = load_workbook(io.BytesIO(_get(client, "gw_online", LOI, f"run:{rid}", path="/api/series.xlsx").content))
    assert [c.value for c in wb["Data"][1]][-2:] == [f"run {rid[:8]} ({LOI}) P5 (GW)", f"run {rid[:8]} ({LOI}) P95 (GW)"]


def test_saved_single_run_has_no_band(client):
    rid = client.post("/api/run", json={"scenario": LOI, "save": True}).json()["run_id"]
    assert "band" not in _get(client, "gw_online", f"run:{rid}").json()["traces"][0]


def test_saved_run_that_solves_power_waits_for_the_power_slot(client):
    from gigawatt import load_scenario
    from gigawatt.store import RunStore
    from gigawatt.web import limits

    scn = load_scenario("cheyenne-wy-10gw").model_copy(deep=True)
    yaml_text = scn.to_yaml().replace("supply: flat", "supply: optimised")
    assert "supply: optimised" in yaml_text
    with RunStore(client.app.state.db).record(kind="run", scenario_name=scn.name, scenario_yaml=yaml_text,
                                              seed=None, draws=1, origin="server") as rec:
        rec.finish({})
    client.app.state.jobs.hold_wait_s = 0  # the refusal itself (a held request may wait for a slot: test_jobs_queue)
    with client.app.state.jobs.hold(limits.POWER_BYTES, "a power solve", field="scenario", kind="power"):
        r = _get(client, "gw_online", LOI, f"run:{rec.id}")
    assert r.status_code == 429 and "power solve" in r.json()["detail"], r.text[:300]
    assert client.app.state.jobs.in_use() == 0


def test_post_with_what_is_on_screen(client):
    screen = {"scenario": LOI, "overrides": {"facility.pue": 1.5}}
    r = client.post("/api/series", json={"output": "it_power_gw", "sources": ["screen", LOI], "screen": screen})
    assert r.status_code == 200
    mine, built = r.json()["traces"]
    assert mine["label"] == "on screen" and mine["title"].endswith("as on screen, 1 change")
    assert mine["values"][-1] == pytest.approx(built["values"][-1] * 1.2 / 1.5)
    x = client.post("/api/series.xlsx", json={"output": "it_power_gw", "sources": ["screen"], "screen": screen})
    assert x.status_code == 200 and 'filename="it_power_gw.xlsx"' in x.headers["content-disposition"]


@pytest.mark.parametrize("body, field", [
    ({"output": "gw_online", "sources": ["screen"]}, "source[0]"),
    ({"output": "gw_online", "sources": ["screen"], "screen": {"scenario": LOI, "overrides": {"facility.pue": 0.5}}},
     "screen.facility.pue"),
    ({"output": "gw_online", "sources": []}, "sources"),
    ({"output": "gw_online", "sources": [LOI], "draws": 3}, "draws"),
])
def test_post_bad_body_is_422_naming_the_field(client, body, field):
    r = client.post("/api/series", json=body)
    assert r.status_code == 422 and r.json()["field"] == field, r.text
