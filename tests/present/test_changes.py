"""Change summaries in the names and units people read (issue 21): no internal paths, one line per uncertain field,
a view switch as one line."""

from __future__ import annotations

import pytest

from gigawatt.present.changes import differences, spread, value
from gigawatt.scenario import load_scenario
from gigawatt.web.routes_share import differences as dashboard_differences

NAME = "openai-nvidia-2026"  # a built-in with an uncertainty block


def _texts(diffs) -> list[str]:
    return [d["text"] for d in diffs]


def test_values_carry_the_unit_of_their_name():
    assert value("finance.capex_usd_per_gw", 35e9) == "$35.0 B/GW"
    assert value("program.capacity_gw", 10) == "10.0 GW"
    assert value("energy.price_usd_per_mwh", 81) == "$81.0/MWh"
    assert value("facility.load_factor", 0.8) == "80.0 %"
    assert value("energy.carbon_g_per_kwh", 367) == "367 g/kWh"
    assert value("finance.capex_usd_per_gw", None) == "not set (the default)"


def test_a_distribution_is_one_phrase():
    path = "finance.capex_usd_per_gw"
    assert spread(path, {"dist": "triangular", "low": 30e9, "mode": 35e9, "high": 45e9}) == \
        "range $30.0–45.0 B/GW, most likely $35.0 B/GW"
    assert spread("facility.pue", {"dist": "uniform", "low": 1.1, "high": 1.4}) == "range 1.10–1.40, evenly"
    assert spread("program.delay_quarters", {"dist": "poisson", "mean": 1}) == "Poisson, mean 1.00 quarters"
    assert spread("program.continue_probability", 0.9) == "fixed at 90.0 %"
    assert spread(path, None) == "fixed (no uncertainty)"


def test_an_uncertain_capex_is_one_line_in_words_not_paths():
    base = load_scenario("openai-nvidia-10gw", ["finance.capex_usd_per_gw=40e9"])
    before = {"dist": "triangular", "low": 30e9, "mode": 35e9, "high": 45e9}
    after = {"dist": "triangular", "low": 35e9, "mode": 40e9, "high": 50e9}
    a = base.model_copy(update={"uncertainty": {"finance.capex_usd_per_gw": before}})
    b = base.model_copy(update={"uncertainty": {"finance.capex_usd_per_gw": after}})
    diffs = differences(a, b)
    assert _texts(diffs) == ["capex per GW: range $30.0–45.0 B/GW, most likely $35.0 B/GW → "
                             "range $35.0–50.0 B/GW, most likely $40.0 B/GW"]
    assert diffs[0]["path"] == "uncertainty.finance.capex_usd_per_gw"
    assert diffs[0]["builtin"] == before and diffs[0]["value"] == after


def test_dashboard_edits_use_the_controls_labels_and_units():
    base = load_scenario(NAME)
    scn = load_scenario(NAME, ["facility.pue=1.4", "program.capacity_gw=12",
                               "uncertainty.energy.price_usd_per_mwh={dist: uniform, low: 60, high: 100}"])
    texts = _texts(dashboard_differences(base, scn))
    assert "PUE (facility ÷ IT power): 1.20 → 1.40" in texts
    assert any(t.startswith("Program size: ") and t.endswith(" GW → 12.0 GW") for t in texts)
    assert any(t.startswith("Electricity price: ") and t.endswith("→ range $60.0–100/MWh, evenly") for t in texts)
    assert not any("usd" in t or "_" in t or "dist:" in t for t in texts), texts


def test_a_view_switch_is_one_line_and_only_other_edits_follow():
    """The UX review counted 25 internal lines for a view switch ("capex usd per gw: dist: default → triangular")."""
    base = load_scenario(NAME)
    vendor = load_scenario(NAME, view="vendor")
    assert _texts(dashboard_differences(base, vendor)) == ["view (assumption set): independent → vendor"]
    edited = load_scenario(NAME, ["facility.pue=1.3"], view="vendor")
    assert _texts(dashboard_differences(base, edited)) == ["view (assumption set): independent → vendor",
                                                           "PUE (facility ÷ IT power): 1.20 → 1.30"]


def test_same_scenario_has_no_differences_and_parts_are_named():
    base = load_scenario("openai-portfolio")
    assert dashboard_differences(base, base) == []
    scn = load_scenario("openai-portfolio", ["parts.openai-amd-6gw.facility.pue=1.5"])
    texts = _texts(dashboard_differences(base, scn))
    assert texts == ["openai-amd-6gw: PUE (facility ÷ IT power): not set (the default) → 1.50"]


@pytest.mark.parametrize("path", ["facility.pue", "finance.capex_usd_per_gw", "program.capacity_gw"])
def test_values_never_show_the_path(path):
    assert path not in value(path, 1.0) and "_" not in value(path, 1.0)
