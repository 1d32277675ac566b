"""The dashboard's controls (GET /api/meta): bounds from the scenario model, and every control offered on
every built-in scenario accepted at both ends of its slider (nothing on screen answers 422)."""

from __future__ import annotations

import warnings

import pytest

from gigawatt.scenario import Scenario, builtin_names, load_scenario
from gigawatt.web import app as webapp
from gigawatt.web.controls import SPECS, control_values

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(webapp.create_app(tmp_path_factory.mktemp("ctl") / "runs.duckdb"), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def meta(client):
    return client.get("/api/meta").json()


def test_bounds_are_the_scenario_models(meta):
    by_path = {c["path"]: c for c in meta["controls"]}
    pue = by_path["facility.pue"]
    field = Scenario.model_fields["facility"].annotation.model_fields["pue"]
    lo = next(m.ge for m in field.metadata if hasattr(m, "ge"))
    hi = next(m.le for m in field.metadata if hasattr(m, "le"))
    assert (pue["min"], pue["max"]) == (lo, hi)
    assert lo <= pue["slider_min"] < pue["slider_max"] <= hi
    capex = by_path["finance.capex_usd_per_gw"]
    assert capex["scale"] == 1e9  # slider in $B/GW
    schema = Scenario.model_json_schema()["$defs"]["Finance"]["properties"]["capex_usd_per_gw"]
    schema = next((s for s in schema.get("anyOf", [schema]) if s.get("type") == "number"), schema)  # optional field
    assert capex["min"] == pytest.approx(schema.get("minimum", schema.get("exclusiveMinimum", 0)) / 1e9)
    for c in meta["controls"]:
        if c["kind"] == "range":
            assert c["slider_min"] < c["slider_max"], c
            assert c["min"] is None or c["slider_min"] >= c["min"], c
            assert c["max"] is None or c["slider_max"] <= c["max"], c


def test_meta_serves_the_output_schema_and_cards(meta):
    from gigawatt import outputs

    assert [o["key"] for o in meta["outputs"]] == [o.key for o in outputs.table()]
    assert meta["groups"] == outputs.groups()
    cards = {c["key"]: c for c in meta["cards"]}
    assert cards["capacity_gw"]["label"] == outputs.headline()["capacity_gw"].label
    assert cards["capacity_gw"]["unit"] == "GW" and cards["capacity_gw"]["group"] == "Build"


def test_composite_controls_are_per_part_and_its_own():
    scn = load_scenario("openai-portfolio")
    values, texts = control_values(scn)
    own = {s.path for s in SPECS if s.composite}
    for key in values:  # part names may hold dots (openai-oracle-4.5gw)
        assert key in own or any(key.startswith(f"parts.{p}.") for p in scn.include), key
    assert "parts.openai-oracle-4.5gw.facility.pue" in values
    assert "facility.pue" not in values
    assert values["parts.openai-amd-6gw.facility.pue"] == scn.part_scenarios[1].facility.pue
    assert texts["finance.customer_revenue.growth_per_year"] == "105 % a year"
    assert "parts.openai-broadcom-10gw.program.capacity_gw" not in values  # explicit phases: their sum


def _ends(meta, scn_values: dict) -> list[tuple[str, float]]:
    by_path = {c["path"]: c for c in meta["controls"]}
    out = []
    for key in scn_values:
        c = by_path.get(key) or next(c for p, c in by_path.items() if key.endswith("." + p))
        if c["kind"] == "range":
            out += [(key, c["slider_min"] * c["scale"]), (key, c["slider_max"] * c["scale"])]
    return out


@pytest.mark.parametrize("name", builtin_names())
def test_every_offered_control_is_accepted_at_both_ends(client, meta, name):
    values, _ = control_values(load_scenario(name))
    ends = _ends(meta, values)
    assert ends
    for key, value in ends:
        r = client.post("/api/run", json={"scenario": name, "overrides": {key: value}})
        assert r.status_code == 200, (name, key, value, r.text[:200])


def test_investment_controls_only_where_they_act():
    """Tranche per GW only with an equity tranche (a cap above zero), valuation only with equity: on the
    portfolio's parts (a fixed sum, a warrant, none, none) the tranche is never offered, the valuation only on
    the NVIDIA part (equity: the valuation prices the shares its fixed sum buys)."""
    scn = load_scenario("openai-portfolio")
    values, _ = control_values(scn)
    assert not [k for k in values if k.endswith("finance.investment.per_gw_usd")]
    assert [k for k in values if k.endswith("finance.investment.valuation_usd")] == [
        "parts.openai-nvidia-10gw-executed.finance.investment.valuation_usd"]
    values, _ = control_values(load_scenario("openai-nvidia-10gw"))  # equity, $10 B a GW up to $100 B
    assert {"finance.investment.per_gw_usd", "finance.investment.valuation_usd"} <= set(values)


@pytest.mark.parametrize("name", ["openai-nvidia-10gw", "openai-portfolio"])
def test_every_offered_investment_control_moves_a_headline(client, name):
    values, _ = control_values(load_scenario(name))
    base = client.post("/api/run", json={"scenario": name}).json()["summary"]
    keys = [k for k in values if ".investment." in k or k.startswith("finance.investment.")]
    assert keys
    for key in keys:
        moved = client.post("/api/run", json={"scenario": name, "overrides": {key: values[key] * 2}}).json()["summary"]
        assert any(moved[k] != base[k] for k in base), key


def test_bottom_up_capex_says_so_and_what_moving_it_does(client):
    r = client.post("/api/run", json={"scenario": "openai-nvidia-10gw"}).json()
    assert r["controls_value"]["finance.capex_usd_per_gw"] is None
    assert r["controls_text"]["finance.capex_usd_per_gw"] == "bottom-up"
    assert "top-down override" in r["controls_note"]["finance.capex_usd_per_gw"]
    r = client.post("/api/run", json={"scenario": "openai-nvidia-10gw",
                                      "overrides": {"finance.capex_usd_per_gw": 40e9}}).json()
    assert r["controls_text"]["finance.capex_usd_per_gw"] == "$40.0 B/GW"
    assert "finance.capex_usd_per_gw" not in r["controls_note"]


def test_continuation_control_says_monte_carlo_only(client):
    tl = {c["path"]: c for c in client.get("/api/meta/timeline").json()}
    assert tl["program.continue_probability"]["label"].endswith("(Monte Carlo only)")


def test_saved_run_difference_shows_default_not_none():
    from gigawatt.web.routes_share import differences

    base = load_scenario("openai-nvidia-10gw")  # capex bottom-up: the field unset (None)
    edited = base.model_copy(update={"finance": base.finance.model_copy(update={"capex_usd_per_gw": 40e9})})
    (d,) = differences(base, edited)
    assert d["path"] == "finance.capex_usd_per_gw" and d["builtin"] is None
    assert "None" not in d["text"] and "(the default) → " in d["text"], d["text"]


def test_monte_carlo_table_writes_the_state_as_the_card_does():
    from gigawatt.web.payloads import mc_text

    results = {"headline": {"comparison_state_share": {"p5": 0.1, "p50": 0.488, "p95": 1.0, "mean": 0.5,
                                                       "unit": "x state"}}}
    row = mc_text(results, "NY")["headline"]["comparison_state_share"]
    assert row["p50"] == "0.488 × NY" and row["p5"] == "0.100 × NY"


def test_difference_labels_name_the_part_even_with_a_dot():
    from gigawatt.web.routes_share import label

    assert label("parts.openai-oracle-4.5gw.facility.pue") == "openai-oracle-4.5gw: PUE (facility ÷ IT power)"
    assert label("parts.openai-amd-6gw.facility.pue") == "openai-amd-6gw: PUE (facility ÷ IT power)"
    assert label("facility.pue") == "PUE (facility ÷ IT power)"
