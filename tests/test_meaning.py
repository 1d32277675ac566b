"""One figure, one meaning: wherever "every phase built" (the deterministic run) and the "median draw" (the
Monte Carlo) differ, both are labelled as such, and no value is printed beside a range that does not contain
it without a mark and a reason. Pinned on named scenarios, not on the default."""

from __future__ import annotations

import io
import json
import re

import pytest
from rich.console import Console
from typer.testing import CliRunner

from gigawatt.present import meaning

LOI = "openai-nvidia-10gw"  # the letter of intent: later phases may be cancelled (continue_probability < 1)


def test_outside_by_hand():
    r = {"p5": 245e3, "p50": 1.02e6, "p95": 1.93e6}
    assert meaning.outside(1.97e6, r)                 # above its P95 by 2 %
    assert not meaning.outside(1.93e6 * 1.005, r)     # within the quantiles' ~1 % precision
    assert not meaning.outside(1.0e6, r) and meaning.outside(2.0e5, r)
    q = {"p5": "2026Q4", "p95": "2030Q4"}
    assert not meaning.outside("2030Q2", q, "quarter") and meaning.outside("2031Q1", q, "quarter")
    assert meaning.outside(None, q, "quarter")        # never within the horizon: later than any quarter
    assert not meaning.outside(1.0, {}) and not meaning.outside(float("nan"), r)


def test_value_label_says_which_case():
    assert meaning.value_label({"completed_share": 1.0}) == meaning.BUILT
    assert meaning.value_label({"completed_share": 0.5}) == meaning.BASE


@pytest.fixture(scope="module")
def ranged():
    from gigawatt.cli import app

    res = CliRunner().invoke(app, ["run", LOI, "--ranges", "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.output)


def test_run_ranges_json_labels_both_and_lists_what_lies_outside(ranged):
    from gigawatt.results import HEADLINE

    m, figures, summary = ranged["ranges"]["meaning"], ranged["ranges"]["figures"], ranged["summary"]
    assert m["value"] == meaning.BUILT and m["p50"] == meaning.MEDIAN and 0 < m["p_every_phase_built"] < 1
    # the invariant: a figure is listed as outside exactly when its value lies outside its own P5–P95
    for key, r in figures.items():
        assert (key in m["outside_p5_p95"]) == meaning.outside(summary[key], r, HEADLINE[key][0]), key
    # the LOI's GPU packages at every phase built (1.97 M) sit above the draws' P95: listed, with why
    assert "gpus" in m["outside_p5_p95"] and summary["gpus"] > figures["gpus"]["p95"]
    assert "build every phase" in m["why_outside"] and figures["gpus"]["p50"] < 0.7 * summary["gpus"]


def test_run_ranges_terminal_marks_each_value_outside_its_range(ranged):
    from gigawatt import views
    from gigawatt.api import simulate
    from gigawatt.scenario import load_scenario

    res = simulate(load_scenario(LOI))
    buf = io.StringIO()
    views.print_run(Console(file=buf, width=160, color_system=None), res, ranged["ranges"]["figures"],
                    ranged["ranges"]["meaning"])
    out = buf.getvalue()
    head = out[:out.index("How public figures count")]
    assert meaning.BUILT in head and meaning.MEDIAN in head
    marked = [line for line in head.splitlines() if re.search(r"│\s+† ", line)]
    assert len(marked) == len(ranged["ranges"]["meaning"]["outside_p5_p95"]) >= 1
    assert any("GPU packages" in line for line in marked)
    assert "† Where marked" in out and "build every phase" in out


def test_with_nothing_uncertain_the_median_draw_is_every_phase_built():
    from gigawatt.cli import app

    res = CliRunner().invoke(app, ["run", LOI, "--ranges", "--json", "--set", "uncertainty={}"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    m, figures = out["ranges"]["meaning"], out["ranges"]["figures"]
    assert m["p_every_phase_built"] == 1.0 and m["outside_p5_p95"] == [] and m["why_outside"] == ""
    for key in ("gpus", "capex_usd", "annual_energy_twh"):
        assert figures[key]["p5"] == figures[key]["p50"] == figures[key]["p95"] == pytest.approx(out["summary"][key])


def test_mc_json_and_table_say_p50_is_the_median_draw():
    from gigawatt.cli import app

    res = CliRunner().invoke(app, ["mc", LOI, "--draws", "500", "--json"])
    assert res.exit_code == 0, res.output
    m = json.loads(res.output)["meaning"]
    assert m["p50"] == meaning.MEDIAN and 0 < m["p_every_phase_built"] < 1
    text = CliRunner().invoke(app, ["mc", LOI, "--draws", "500"]).output
    assert "median draw" in text and "every phase built" in text


def test_claims_say_what_their_median_is():
    from gigawatt.claims import check_claims_json

    rows = {r["id"]: r for r in check_claims_json(only=["1", "2b"], as_of="2026-11-30", draws=500)}
    assert meaning.BUILT in rows["1"]["value_is"] and meaning.MEDIAN in rows["1"]["value_is"]
    assert meaning.BUILT not in rows["2b"]["value_is"]


def test_dashboard_payloads_name_both_cases():
    from gigawatt.api import simulate
    from gigawatt.scenario import load_scenario
    from gigawatt.web import payloads

    scn = load_scenario(LOI)
    text = payloads.mc_text({"draws": 10, "seed": 0, "meaning": {"p_every_phase_built": 0.3}})
    assert "median draw" in text["meaning"] and "every phase built" in text["meaning"] and "30" in text["meaning"]
    run = payloads.run_payload(scn, simulate(scn), {}, 0.0)
    assert run["summary_is"] == meaning.BUILT and "central value" in run["summary_is_text"]
