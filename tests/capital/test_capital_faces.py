"""``gigawatt capital`` in a terminal at 60, 80 and 120 columns: no line wider than the terminal, every
probability and loss of its JSON shown whole."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from gigawatt import present
from gigawatt.cli import app

ARGS = ("capital", "openai-portfolio", "--draws", "100", "--seed", "1")


def _run(width, *args):
    r = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width)})
    assert r.exit_code == 0, r.output
    return r.output


@pytest.fixture(scope="module")
def cap_json():
    return json.loads(_run(120, *ARGS, "--json"))


@pytest.mark.parametrize("width", (60, 80, 120))
def test_capital_keeps_every_number_whole(width, cap_json):
    out = _run(width, *ARGS)
    assert max(len(line) for line in out.splitlines()) <= width
    for party, r in cap_json["parties"].items():
        assert present.pct(r["p_default"]) in out, (width, party)
    for lender, v in cap_json["expected_loss_by_lender"].items():
        assert lender in out and present.usd(v) in out, (width, lender)
    for p in cap_json["programs"]:
        assert present.usd(p["capex_usd"]) in out and p["scenario"] in out
    if width < 120:
        assert f"At {width} columns:" in out


def test_depreciation_uses_the_labelled_ebitda_guess_by_hand():
    from gigawatt.capital import analyse, data

    row = data.assumptions()["ebitda_share_of_capex"]
    assert "GUESS" in row["source"] and row["low"] < row["value"] < row["high"]
    res = analyse("openai-nvidia-2026", 0)
    capex = res["depreciation_basis"]["capex_usd"]
    meta = next(r for r in res["depreciation"] if r["company"] == "meta")
    assert meta["first_year_earnings_usd"] == pytest.approx(row["value"] * capex - capex / 5.5)
    lo, hi = meta["first_year_earnings_range_usd"]
    assert lo == pytest.approx(row["low"] * capex - capex / 5.5) and hi > meta["first_year_earnings_usd"] > lo


def test_the_report_says_who_bears_the_risk_for_the_default_scenario():
    import re

    from gigawatt.api import simulate
    from gigawatt.report.capital import section

    s = section(simulate("openai-nvidia-2026"))
    text = re.sub("<[^>]+>", "", s.intro)
    assert "own 30.0 %, debt 40.0 %, lease 30.0 %" in text
    assert "risk is carried by openai-nvidia-2026-lenders" in text and "openai-portfolio" in text
