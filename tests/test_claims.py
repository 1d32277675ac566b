"""Claims of the seed article: hand-computed values, verdicts that follow from data, the CLI."""

from __future__ import annotations

import copy
import json
import pathlib
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose
from typer.testing import CliRunner

from gigawatt import catalog
from gigawatt.claims import agrees, check_claims_json, evaluate_formula, load_claims, Lookup, sweep
from gigawatt.errors import InputError

ARTICLE = pathlib.Path(__file__).resolve().parents[2] / "shared" / "seed-article.txt"
HOURS = 8760.0  # timeline.HOURS_PER_YEAR


@pytest.fixture(scope="module")
def rows():
    return {r["id"]: r for r in check_claims_json()}


def _data_with(claim_id: str, **changes) -> dict:
    data = copy.deepcopy(load_claims())
    data["claims"] = [c for c in data["claims"] if c["id"] == claim_id]
    data["claims"][0].update(changes)
    return data


# --- the claims file ----------------------------------------------------------------------------------

def test_claims_file_is_complete():
    data = load_claims()
    ids = [c["id"] for c in data["claims"]]
    assert len(ids) == len(set(ids))
    for n in range(1, 14):  # the 13 claims, some split into parts (2a, 2b, ...)
        assert any(i == str(n) or (i[:-1] == str(n) and i[-1].isalpha()) for i in ids), n
    for c in data["claims"]:
        for k in ("words", "english", "value", "sources", "stated", "topic"):
            assert c.get(k), (c["id"], k)
        assert "tolerance" in c and c["stated"].get("unit") and c["stated"].get("op")


@pytest.mark.skipif(not ARTICLE.exists(), reason="seed article not in this checkout")
def test_words_are_quoted_exactly_from_the_article():
    text = ARTICLE.read_text(encoding="utf-8")
    for c in load_claims()["claims"]:
        assert c["words"] in text, c["id"]


# --- arithmetic, by hand ------------------------------------------------------------------------------

def test_claim1_gpus_in_10gw(rows):
    # openai-nvidia-10gw at full build: 2 GW Vera Rubin (210 kW, 72 packages / 144 dies per rack) + 8 GW
    # Rubin Ultra (600 kW, 144 / 576), platforms.csv; PUE 1.2 and 10 % non-rack IT: 1e6/1.2/1.1 kW of racks per GW.
    rack_kw_per_gw = 1e6 / 1.2 / 1.1
    packages = 2 * rack_kw_per_gw / 210 * 72 + 8 * rack_kw_per_gw / 600 * 144      # 1,974,026
    assert_allclose(rows["1"]["value"], packages, rtol=1e-9)
    v = {x["name"]: x for x in rows["1"]["variants"]}
    # GB300 NVL72 (132 kW, 72 packages): 10 GW -> 4,132,231, inside 4-5 M
    assert_allclose(v["Blackwell GB300 NVL72, packages"]["value"], 10 * rack_kw_per_gw / 132 * 72, rtol=1e-9)
    assert v["Blackwell GB300 NVL72, packages"]["holds"]
    # Band with 10 % tolerance: 3.6-5.5 M. GB300 holds while 1e7*72/(1.1*132*pue) >= 3.6e6: pue <= 1.3774
    s = next(s for s in rows["1"]["sweeps"] if s["on"] == "Blackwell GB300 NVL72, packages" and s["path"] == "facility.pue")
    assert_allclose(s["intervals"][0][1], 1e7 * 72 / (1.1 * 132 * 3.6e6), rtol=1e-6)
    # Rubin dies: 1e7/(1.1*210)*144/pue in 3.6-5.5 M: pue in 1.1334-1.7316
    s = next(s for s in rows["1"]["sweeps"] if s["on"] == "Vera Rubin NVL144 throughout, dies")
    dies = 1e7 / (1.1 * 210) * 144
    assert_allclose(s["intervals"][0], [dies / 5.5e6, dies / 3.6e6], rtol=1e-6)
    assert rows["1"]["verdict"] == "holds under assumptions"


def test_claim2_shipments(rows):
    # Kress (Aug 2025): ~1,000 racks a week x 72 packages x 52 weeks = 3.744 M; TechInsights 2023: 3.76 M units
    assert catalog.value("nvidia", "racks_per_week") == 1000
    assert_allclose(rows["2a"]["value"], 1000 * 72 * 52)
    assert rows["2a"]["variants"][0]["holds"] is False           # 7.488 M dies is outside 3.6-5.5 M
    assert_allclose(rows["2b"]["value"], 1000 * 72 * 52 / 3.76e6)  # 0.996, not 2
    assert_allclose(rows["2b"]["variants"][0]["value"], 1000 * 144 * 52 / 3.76e6)  # 1.99 counting dies
    assert rows["2b"]["verdict"] == "holds under assumptions"
    assert "dies" in rows["2b"]["assumptions"][0]


def test_claim3_investment_and_money_claims(rows):
    # $10 B per GW x 10 GW = $100 B; 3 GW -> $30 B
    assert_allclose(rows["3"]["value"], 100e9)
    assert_allclose([v["value"] for v in rows["3"]["variants"]], [30e9, 30e9])
    # 12: sales 10 GW x $50 B x 0.70 = $350 B; gross profit x 0.73 = $255.5 B; less $100 B = $155.5 B
    assert_allclose(rows["12"]["value"], 10 * 50e9 * 0.70 * 0.73 - 100e9)
    assert rows["12"]["verdict"] == "holds"
    # break-even margin: 350 B x m = 100 B -> m = 0.2857
    s = next(s for s in rows["12"]["sweeps"] if s["path"] == "finance.vendor_gross_margin")
    assert_allclose(s["intervals"][0][0], 100 / 350, rtol=1e-6)
    # break-even capex per GW: 10 x c x 0.7 x 0.73 = 100 B -> c = $19.57 B
    s = next(s for s in rows["12"]["sweeps"] if s["path"] == "finance.capex_usd_per_gw")
    assert_allclose(s["intervals"][0][0], 100e9 / (10 * 0.7 * 0.73), rtol=1e-6)
    # 14: sales over investment 350 / 100 = 3.5
    assert_allclose(rows["14"]["value"], 3.5)
    # 10a: $100 B at a flat $500 B post-money buys 100 / 600
    ctx = {c["label"]: c["value"] for c in rows["10a"]["context"]}
    assert_allclose(ctx["at a flat $500B"], 100 / 600)


def test_claim4_schedule(rows):
    assert rows["4a"]["gigawatt"] == "2026Q4"
    s = rows["4a"]["sweeps"][0]
    assert_allclose(s["intervals"][0][1], 0.5, atol=1e-6)  # any slip that rounds to a quarter moves it to 2027
    assert rows["4b"]["value"] == 1.0                       # all of the first GW on vera-rubin-nvl144
    assert rows["4b"]["variants"][0]["value"] == 0.0        # Rubin available 2027Q2: auto picks GB300
    assert any("status" in a for a in rows["4b"]["assumptions"])  # catalog: announced, not shipping


def test_claim5_reactors(rows):
    # 10 GW / 1.03 GW per reactor (EIA/ANS) = 9.709; energy: 10 x 0.8 x 8760 h / (1.03 x 0.92 x 8760 h) = 8.442
    assert_allclose(rows["5a"]["value"], 10 / 1.03)
    assert_allclose(rows["5a"]["variants"][0]["value"], 10 * 0.8 / (1.03 * 0.92))
    assert rows["5a"]["variants"][0]["holds"] is False  # below 10 x 0.85
    s = rows["5a"]["sweeps"][0]
    assert_allclose(s["intervals"][0][0], 8.5 * 1.03 * 0.92 / 10, rtol=1e-6)  # load factor >= 0.805
    assert_allclose(rows["5b"]["value"], 1.03)
    assert rows["5b"]["verdict"] == "holds"


def test_claims_6_7_8_9_energy_comparisons(rows):
    assert rows["6"]["verdict"] == "not checkable" and "own source" in rows["6"]["why"]
    ctx = {c["label"]: c["value"] for c in rows["6"]["context"]}
    assert_allclose(ctx["10 GW = large DCs"], 10 / 0.075)
    nyc = catalog.value("new-york-city", "electricity_twh_per_year")  # 52.5 TWh
    e10 = 10 * 0.8 * HOURS / 1000                                      # 70.08 TWh
    assert_allclose(rows["7"]["value"], e10 / nyc)
    assert_allclose(rows["7"]["sweeps"][0]["intervals"][0][1], e10 / 3, rtol=1e-6)  # cities <= 23.36 TWh
    ny = catalog.value("NY", "retail_sales_twh")                       # latest EIA year
    assert_allclose(rows["8"]["value"], 35 * 0.8 * HOURS / 1000 / ny)
    # "about twice" (15 %): 35 GW x lf x 8.76 / ny >= 1.7
    assert_allclose(rows["8"]["sweeps"][0]["intervals"][0][0], 1.7 * ny / (35 * HOURS / 1000), rtol=1e-6)
    wy_res = catalog.value("WY", "residential_sales_twh")              # 2.97 TWh (EIA 2023)
    assert_allclose(rows["9"]["value"], 1.8 * 0.8 * HOURS / 1000 / wy_res)
    assert rows["9"]["verdict"] == "holds"
    assert_allclose(rows["9"]["sweeps"][0]["intervals"][0][0], wy_res / (1.8 * HOURS / 1000), rtol=1e-6)


def test_market_claims(rows):
    # links.csv by 23 Sep 2025: Oracle $300 B (CoreWeave's row is dated 25 Sep; Google undisclosed)
    assert_allclose(rows["11"]["value"], 300e9)
    assert "google-openai-cloud" in rows["11"]["note"]
    assert_allclose(rows["13a"]["value"], 5e9)
    assert_allclose(rows["13b"]["value"], 0.7e9)
    assert_allclose(rows["13c"]["value"], 0.9e9)
    assert all(rows[i]["verdict"] == "holds" for i in ("13a", "13b", "13c", "10a", "15"))
    # comparisons.csv chatgpt.weekly_users: 700M (OpenAI, Aug 2025), the figure at the article's date
    assert rows["10b"]["verdict"] == "holds"
    assert_allclose(rows["10b"]["value"], 700e6)
    # 16: AMD MI450 40 PF vs Rubin 35 PF dense FP4; flips if Rubin's dense FP4 is above 40 (range 33-50)
    assert_allclose(rows["16"]["value"], 40 / 35)
    assert_allclose(rows["16"]["sweeps"][0]["intervals"][0][1], 40.0, rtol=1e-6)


# --- verdicts follow from data ------------------------------------------------------------------------

def test_state_consumption_tenfold_flips_claim8():
    base = check_claims_json(only=["8"])[0]
    ny = catalog.value("NY", "retail_sales_twh")
    changed = check_claims_json(only=["8"], refs={"NY.retail_sales_twh": 10 * ny})[0]
    assert base["verdict"] != "does not hold"
    assert changed["verdict"] == "does not hold"
    assert_allclose(changed["value"], base["value"] / 10)


def test_scenario_override_flips_claim9():
    assert check_claims_json(only=["9"])[0]["verdict"] == "holds"
    # A load factor alone does not flip it: the claim sweeps load factor over its plausible 0.6-0.9 and still holds
    assert check_claims_json(["facility.load_factor=0.15"], only=["9"])[0]["verdict"] == "holds under assumptions"
    # A 0.3 GW first phase: 0.3 GW x 1.0 x 8.76 h = 2.63 TWh < 2.97 TWh even at full load
    small = check_claims_json(["program.phases=[{gw: 0.3, online: 2027H2}]"], only=["9"])[0]
    assert small["verdict"] == "does not hold"


def test_reference_and_market_overrides_flip_verdicts():
    assert check_claims_json(only=["13a"], refs={"link:nvidia-intel-equity.usd": 2e9})[0]["verdict"] == "does not hold"
    r = check_claims_json(only=["10b"], refs={"chatgpt.weekly_users": 7e8})[0]
    assert r["verdict"] == "holds"
    # PUE 1.1 instead of 1.2 moves Rubin-dies into range and GB300 packages stays in: still under assumptions
    r1 = check_claims_json(["facility.pue=1.1"], only=["1"])[0]
    assert_allclose(r1["value"], 1.974026e6 * 1.2 / 1.1, rtol=1e-6)


def test_claim_with_no_holding_variant_does_not_hold():
    data = _data_with("1", variants=[], sweeps=[])
    r = check_claims_json(data=data)[0]
    assert r["verdict"] == "does not hold"


def test_grid_sweep_matches_bisection_boundary():
    lookup = Lookup()
    stated = {"op": "at_least", "low": 2.0, "unit": "x"}
    s = sweep("ref:X.y * 2", stated, 0.0, lookup, None, "ref:X.y", (0.0, 3.0), (0.5, 2.0))
    assert_allclose(s.intervals, [(1.0, 3.0)], atol=1e-9)
    assert s.coverage == "some"


def test_agrees_and_formula():
    assert list(agrees(np.array([3.5e6, 3.7e6, 5.6e6]), {"op": "range", "low": 4e6, "high": 5e6}, 0.1)) == \
        [False, True, False]
    assert_allclose(evaluate_formula("( 2 + 4 ) / ref:a.b", Lookup(refs={"a.b": 3.0})), 2.0)
    with pytest.raises(InputError):
        evaluate_formula("__import__ ( 1 )", Lookup())


def test_check_claims_dataframe():
    import gigawatt as gw

    df = gw.check_claims(only=["5b", "13a"])
    assert list(df["id"]) == ["5b", "13a"]
    assert {"stated", "gigawatt", "verdict", "flips", "assumptions", "sources"} <= set(df.columns)


# --- CLI ----------------------------------------------------------------------------------------------

def test_cli_table_in_process():
    from gigawatt.cli import app

    res = CliRunner().invoke(app, ["claims", "--only", "9", "--only", "13c"])
    assert res.exit_code == 0, res.output
    assert "holds" in res.output and "Cheyenne" in res.output
    assert max(len(line) for line in res.output.splitlines()) <= 120


def test_cli_bad_claim_id_in_process():
    from gigawatt.cli import app

    res = CliRunner().invoke(app, ["claims", "--only", "99"])
    assert isinstance(res.exception, InputError) and "not a claim id" in str(res.exception)


def test_cli_json_subprocess():
    out = subprocess.run([sys.executable, "-m", "gigawatt.cli", "claims", "--json"], capture_output=True,
                         text=True, check=True, timeout=120)
    rows = json.loads(out.stdout)
    assert len(rows) == len(load_claims()["claims"])
    assert {r["verdict"] for r in rows} <= {"holds", "holds under assumptions", "does not hold", "not checkable"}
