"""Views (assumption sets): whose numbers fill a scenario, checked whole, named in every output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gigawatt.api import simulate
from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario


def _gw(*args, cwd=None):
    return subprocess.run([sys.executable, "-c", "from gigawatt.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=120, cwd=cwd)


def test_the_default_view_is_independent_and_named():
    scn = load_scenario("openai-nvidia-10gw")
    assert scn.view == "independent" and scn.finance.capex_usd_per_gw is None
    assert load_scenario("openai-nvidia-10gw", view="vendor").finance.capex_usd_per_gw == 50e9
    assert load_scenario("openai-portfolio", view="vendor").part_scenarios[1].finance.capex_usd_per_gw == 32e9


def test_a_file_value_wins_over_the_view():
    scn = load_scenario("openai-nvidia-10gw", ["finance.capex_usd_per_gw=40e9"], view="vendor")
    assert scn.finance.capex_usd_per_gw == 40e9
    assert simulate(scn).headline()["capex_usd"] == pytest.approx(400e9)


def test_a_view_adds_distributions_only_to_an_uncertain_scenario():
    assert "hardware.vera-rubin-nvl144.price_usd_per_unit" in load_scenario("openai-nvidia-10gw").uncertainty
    plain = load_scenario("openai-nvidia-10gw", ["uncertainty={}"])
    assert plain.uncertainty == {}


@pytest.mark.parametrize("text, words", [
    ("name: bad\nvalues: {facility.pue: 0.2}\n", "facility.pue: 0.2 is not allowed"),
    ("name: bad\nby_vendor: {nosuch: {facility.pue: 1.1}}\n", "is not a vendor of the catalog"),
    ("name: bad\nuncertainty: {facility.pue: {dist: triangular, low: 5, mode: 1, high: 0}}\n", "above high"),
    ("name: bad\nvalues: {view: vendor}\n", "a view sets scenario fields"),
    ("name: bad\nby_vendor: {amd: {finance.capex_usd_per_gw: -1}}\n", "greater than or equal to 1e8"),
    ("name: bad\nvalues: {finance.nosuch: 1}\n", "finance.nosuch"),
])
def test_a_bad_view_is_refused_whether_or_not_a_scenario_uses_it(tmp_path, text, words):
    f = tmp_path / "v.yaml"
    f.write_text(text)
    with pytest.raises(InputError) as e:
        load_scenario("openai-nvidia-10gw", view=str(f))  # the LOI sets none of these fields' defaults away
    assert words in str(e.value)


def test_views_and_parts_refusals_on_the_command_line(tmp_path):
    cases = [
        (["run", "--view", ""], "--view: is empty"),
        (["run", "--view", "nobody"], "not a view"),
        (["run", "openai-nvidia-10gw", "--set", "parts.openai-amd-6gw.facility.pue=1.3"], "only a composite"),
        (["run", "openai-portfolio", "--set", "parts.openai-amd-6gw.parts.x.facility.pue=1.3"], "only a composite"),
        (["run", "x" * 300], "neither a built-in scenario"),
        (["export", "-o", ""], "--output: is empty"),
        (["export", "-o", "a" * 300 + ".xlsx"], "cannot be used"),
    ]
    for args, words in cases:
        r = _gw(*args, cwd=tmp_path)
        assert r.returncode == 2 and words in r.stderr and len(r.stderr.strip().splitlines()) == 1, (args, r.stderr)
    ro = tmp_path / "ro.xlsx"
    ro.write_text("kept")
    ro.chmod(0o444)
    r = _gw("export", "-o", str(ro))
    assert r.returncode == 2 and "read-only" in r.stderr and ro.read_text() == "kept"
