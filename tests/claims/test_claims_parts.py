"""Tests for the parts of gigawatt.claims: the stated interval, the distribution and the verdict rules, the
formula and its lookups (ranged figures drawn, market data, the stress test), the Monte Carlo of a scenario."""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gigawatt import catalog
from gigawatt.claims.formula import evaluate_formula, operands
from gigawatt.claims.load import require_fields
from gigawatt.claims.lookup import Lookup, NotCheckable, undisclosed_links
from gigawatt.claims.modelrun import ModelRun
from gigawatt.claims.stated import describe, inside, interval, meets, within
from gigawatt.claims.verdict import distribution, verdict
from gigawatt.errors import InputError


def test_stated_intervals():
    assert interval({"op": "range", "low": 4e6, "high": 5e6}) == (4e6, 5e6)
    assert interval({"op": "at_least", "low": 3}) == (3, math.inf)
    assert interval({"op": "at_most", "high": 1e11}) == (-math.inf, 1e11)
    assert interval({"op": "range", "low": 7e8}) == (7e8, 7e8)
    # a half is the quarter it ends in: H2 2026 = 2026Q3-2026Q4
    lo, hi = interval({"op": "range", "low": "2026Q3", "high": "2026H2", "unit": "quarter"})
    assert hi - lo == 1
    with pytest.raises(InputError, match="between"):
        interval({"op": "between", "low": 1})


def test_within_meets_inside():
    s = {"op": "range", "low": 9.5, "high": 10.5}
    assert within([9.4, 9.5, 10.0, 10.5, 10.6, np.nan], s).tolist() == [False, True, True, True, False, False]
    assert meets(10.4, 12.0, s) and not meets(10.6, 12.0, s) and not meets(math.nan, 1, s)
    assert inside(9.6, 10.4, s) and not inside(9.6, 10.6, s)
    assert describe({"op": "at_least", "low": 3, "unit": "cities"}).startswith("≥ 3")


def test_distribution_is_order_statistics_and_share_inside():
    v = np.arange(1, 101, dtype=float)  # 1..100
    d = distribution(v, 100, {"op": "at_least", "low": 91})
    assert (d["p5"], d["p50"], d["p95"]) == (5.0, 50.0, 95.0)   # draws, never between two draws
    assert d["p_holds"] == pytest.approx(0.10)
    d = distribution(7.0, 50, {"op": "range", "low": 7, "high": 7})  # a scalar counts for every draw
    assert (d["p5"], d["p95"], d["p_holds"]) == (7.0, 7.0, 1.0)
    never = distribution(np.array([8107.0, np.inf, np.inf]), 3, {"op": "at_most", "high": 8107})
    assert never["p95"] == math.inf and never["p_holds"] == pytest.approx(1 / 3)


def test_verdict_rules():
    s = {"op": "range", "low": 4e6, "high": 5e6}
    assert verdict(s, {"p5": 3.9e6, "p95": 6e6}, [])["verdict"] == "holds"
    r = verdict(s, {"p5": 6e6, "p95": 7e6}, [{"name": "dies", "p5": 8e6, "p50": 8.5e6, "p95": 9e6},
                                             {"name": "packages", "p5": 3e6, "p50": 3.5e6, "p95": 4.1e6}])
    assert r == {"verdict": "fails as stated, holds if", "needs": "packages", "needs_value": 3.5e6}
    assert verdict(s, {"p5": 6e6, "p95": 7e6}, [{"name": "x", "p5": None}])["verdict"] == "does not hold"
    every = {"op": "at_least", "low": 0, "every_case": True}  # "sure to win": the whole P5-P95
    assert verdict(every, {"p5": -1, "p95": 5}, [])["verdict"] == "does not hold"
    assert verdict({"op": "at_least", "low": 0}, {"p5": -1, "p95": 5}, [])["verdict"] == "holds"


def test_formula_operands_and_arithmetic():
    assert operands("$a / ref:X.y * 2") == ["$a", "ref:X.y"]
    lk = Lookup(refs={"X.y": 4.0})
    assert evaluate_formula("( ref:X.y - 1 ) * 2 / 3", lk) == pytest.approx(2.0)
    with pytest.raises(InputError, match="needs a scenario"):
        evaluate_formula("$gpus", lk)
    with pytest.raises(InputError, match="operand starts with"):
        evaluate_formula("foo:bar", lk)


def test_ranged_reference_figures_are_drawn():
    r = catalog.ref("vera-rubin-nvl144", "fp4_dense_pflops_per_gpu")   # 35 PF, sourced range 33-50
    x = Lookup(draws=20_000, seed=1).ref("vera-rubin-nvl144.fp4_dense_pflops_per_gpu")
    assert x.shape == (20_000,) and r.low <= x.min() and x.max() <= r.high
    assert x.mean() == pytest.approx((r.low + r.value + r.high) / 3, rel=0.01)   # triangular mean
    assert Lookup().ref("vera-rubin-nvl144.fp4_dense_pflops_per_gpu") == r.value   # no draws: the value
    same = Lookup(draws=20_000, seed=1).ref("vera-rubin-nvl144.fp4_dense_pflops_per_gpu")
    assert np.array_equal(x, same)
    with pytest.raises(NotCheckable, match="no sourced figure"):
        Lookup().ref("nowhere.nothing")
    with pytest.raises(NotCheckable, match="own source"):
        Lookup(own_source="seed article").ref("datacenter-large.power_gw")


def test_market_operands_come_from_the_catalog():
    lk = Lookup()
    links = {r.id: r for r in catalog.links()}
    assert lk.link("nvidia-intel-equity.usd") == links["nvidia-intel-equity"].usd
    assert lk.links_sum("payer=openai,kind=cloud,until=2025-09-23") == pytest.approx(sum(
        r.usd for r in links.values() if r.payer == "openai" and r.kind == "cloud" and r.date <= "2025-09-23"
        and math.isfinite(r.usd)))
    assert isinstance(undisclosed_links("payer=openai,kind=cloud"), list)
    paid = lk.paid("openai:nvidia:0.5")
    assert 0 < paid < 1 and lk.paid("openai:nvidia:0.0") == pytest.approx(1.0)  # no shortfall: all paid
    with pytest.raises(InputError, match="paid:CUSTOMER"):
        lk.paid("openai:nvidia")


def test_model_run_fixes_overridden_inputs_and_takes_refs():
    lk = Lookup(draws=500, seed=3)
    run = ModelRun.load("openai-nvidia-10gw", {"program.continue_probability": 1}, lk, draws=500, seed=3)
    assert run.headline["capacity_gw"].shape == (500,)
    assert_allclose(run.headline["capacity_gw"], 10.0)   # the plan built in full in every draw
    # a reactor of 2 GW in place of the catalog's 1.03 GW halves the reactor equivalents
    lk2 = Lookup(refs={"nuclear-reactor.net_capacity_gw": 2.0}, draws=500, seed=3)
    run2 = ModelRun.load("openai-nvidia-10gw", {"program.continue_probability": 1}, lk2, draws=500, seed=3)
    assert_allclose(run2.headline["reactor_equivalents"], 5.0)
    with pytest.raises(InputError, match="detailed run"):
        run.platform_share(run.headline, "vera-rubin-nvl144")


def test_a_claim_missing_a_field_is_named():
    with pytest.raises(InputError, match=r"claims\[9\]\.value"):
        require_fields({"id": "9", "topic": "t", "words": "w", "english": "e", "stated": {}})
