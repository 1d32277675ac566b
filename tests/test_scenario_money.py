"""Bad money inputs and composite scenarios: one clear InputError naming the field (CLI exit 2)."""

from __future__ import annotations

import pytest

from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario


@pytest.mark.parametrize("overrides, path, words", [
    ({"finance.capex_split.facility": 0.3}, "finance.capex_split", "sum to 1.08"),
    ({"finance.capex_usd_per_gw": -5e9}, "finance.capex_usd_per_gw", "greater than or equal to 1e8"),
    ({"finance.vendor_gross_margin": -0.1}, "finance.vendor_gross_margin", "greater than or equal to 0"),
    ({"finance.investment.cap_usd": 5e9}, "finance.investment", "below one tranche"),
    ({"finance.investment.valuation_usd": 0}, "finance.investment.valuation_usd", "greater than or equal to 1e6"),
    ({"finance.investment.per_gw_usd": -1}, "finance.investment.per_gw_usd", "greater than or equal to 0"),
])
def test_bad_money_inputs(overrides, path, words):
    with pytest.raises(InputError) as e:
        load_scenario("openai-nvidia-10gw", overrides)
    assert e.value.path == path
    assert words in e.value.message
    assert "\n" not in str(e.value)


def _write(tmp_path, name, text):
    p = tmp_path / f"{name}.yaml"
    p.write_text(text)
    return p


def test_unknown_included_scenario(tmp_path):
    p = _write(tmp_path, "c", "name: c\ninclude: [openai-amd-6gw, no-such-deal]\n")
    with pytest.raises(InputError) as e:
        load_scenario(str(p))
    assert e.value.path == "include[1]"
    assert "unknown scenario" in e.value.message and "no-such-deal" in e.value.message


def test_circular_include(tmp_path):
    _write(tmp_path, "a", "name: a\ninclude: [b.yaml]\n")
    _write(tmp_path, "b", "name: b\ninclude: [openai-amd-6gw, a.yaml]\n")
    with pytest.raises(InputError) as e:
        load_scenario(str(tmp_path / "a.yaml"))
    assert "circular include" in e.value.message
    assert e.value.message.count("a.yaml") == 2


def test_self_include(tmp_path):
    p = _write(tmp_path, "s", "name: s\ninclude: [s.yaml]\n")
    with pytest.raises(InputError, match="circular include"):
        load_scenario(str(p))


def test_composite_rejects_own_program_fields():
    with pytest.raises(InputError) as e:
        load_scenario("openai-portfolio", ["facility.pue=1.3"])
    assert e.value.path == "facility" and "included scenarios" in e.value.message
    with pytest.raises(InputError) as e:
        load_scenario("openai-portfolio", ["finance.capex_usd_per_gw=40e9"])
    assert e.value.path == "finance.capex_usd_per_gw"


def test_composite_summary_program():
    scn = load_scenario("openai-portfolio")
    assert scn.include == ["openai-nvidia-10gw-executed", "openai-amd-6gw", "openai-broadcom-10gw",
                           "openai-oracle-4.5gw"]
    assert scn.program.capacity_gw == pytest.approx(10 + 6 + 10 + 4.5)
    assert scn.program.first_online == "2026Q4"


@pytest.mark.parametrize("name", ["openai-nvidia-10gw-executed", "openai-amd-6gw", "openai-broadcom-10gw",
                                  "openai-oracle-4.5gw", "stargate-10gw", "openai-portfolio"])
def test_new_scenarios_have_sources_and_guesses(name):
    scn = load_scenario(name)
    assert scn.sources and scn.guesses and scn.title
