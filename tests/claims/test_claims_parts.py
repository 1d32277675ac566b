"""Tests for the parts of gigawatt.claims: the stated figure (tolerance bands), the formula, the lookups of
market data through the catalog, a sweep's bisection and its words, and the verdict rules."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from gigawatt.claims.formula import evaluate_formula, operands
from gigawatt.claims.load import require_fields
from gigawatt.claims.lookup import Lookup, NotCheckable, undisclosed_links
from gigawatt.claims.stated import agrees, stated_band
from gigawatt.claims.sweep import Sweep, sweep
from gigawatt.claims.verdict import verdict
from gigawatt.errors import InputError


def test_tolerance_widens_the_stated_range_outward():
    stated = {"op": "range", "low": 100, "high": 200, "unit": "GW"}
    assert_allclose(agrees(np.array([89.9, 90.1, 219.9, 220.1]), stated, 0.1), [False, True, True, False])
    # A negative bound widens away from zero too: at most -100 with 10 % is at most -90.
    assert agrees(-95.0, {"op": "at_most", "low": -100}, 0.1) and not agrees(-85.0, {"op": "at_most", "low": -100}, 0.1)
    assert not agrees(np.nan, stated, 0.5)
    with pytest.raises(InputError, match="claims.stated.op: 'about' is not range, at_least or at_most"):
        agrees(1.0, {"op": "about", "low": 1}, 0.0)


def test_quarters_widen_by_whole_quarters():
    stated = {"op": "range", "low": "2026Q3", "high": "2026Q3", "unit": "quarter"}
    q3 = 2026 * 4 + 2
    assert_allclose(agrees(np.array([q3 - 2, q3 - 1, q3 + 1, q3 + 2]), stated, 1), [False, True, True, False])
    assert stated_band(stated, 1) == "within 2026Q2–2026Q4"
    assert stated_band({"op": "at_least", "low": "2026Q3", "unit": "quarter"}, 1, holding=False) == "< 2026Q2"


def test_stated_band_in_words():
    stated = {"op": "range", "low": 100, "high": 200, "unit": "GW"}
    assert stated_band(stated, 0.1) == "within 90.0 GW–220 GW"
    assert stated_band(stated, 0.1, holding=False) == "outside 90.0 GW–220 GW"
    assert stated_band({"op": "at_most", "low": 1e12, "unit": "USD"}, 0.0) == "≤ $1.00 T"


def test_formula_operands_and_arithmetic():
    assert operands("$gpus / ref:NY.retail_sales_twh * 2") == ["$gpus", "ref:NY.retail_sales_twh"]
    lookup = Lookup(refs={"X.y": 3.0})
    assert evaluate_formula("ref:X.y * 2 + 1", lookup) == 7.0
    assert evaluate_formula("( ref:X.y - 1 ) / 4", lookup) == 0.5
    assert_allclose(evaluate_formula("ref:X.y * 2", lookup, replace={"ref:X.y": np.array([1.0, 2.0])}), [2.0, 4.0])
    with pytest.raises(InputError, match="an operand starts with"):
        evaluate_formula("__import__('os')", lookup)
    with pytest.raises(InputError, match=r"\$gpus needs a scenario"):
        evaluate_formula("$gpus", lookup)


def test_market_operands_come_from_the_catalog():
    lookup = Lookup()
    # links.csv: openai's cloud contracts with Oracle $300B, CoreWeave $22.4B, Microsoft $250B, Amazon $38B; Google
    # not disclosed (left out of the sum and named).
    assert_allclose(lookup.links_sum("payer=openai,kind=cloud"), (300 + 22.4 + 250 + 38) * 1e9)
    assert undisclosed_links("payer=openai,kind=cloud") == ["google-openai-cloud"]
    assert lookup.link("oracle-openai-cloud.gw") == 4.5
    assert lookup.link("oracle-openai-cloud.start") == 2027 * 4 + 3  # a bare year means its Q4
    assert lookup.company("openai.revenue_usd") == 13e9
    with pytest.raises(NotCheckable, match="does not disclose usd"):
        lookup.link("google-openai-cloud.usd")
    with pytest.raises(NotCheckable, match="no link nobody"):
        lookup.link("nobody.usd")
    with pytest.raises(InputError, match="filter links by payer, payee, kind or until"):
        lookup.links_sum("colour=red")
    assert Lookup(refs={"link:oracle-openai-cloud.usd": 1.0}).link("oracle-openai-cloud.usd") == 1.0


def test_sweep_bisects_to_the_flip_point_and_says_where_it_holds():
    # value = the swept reference itself; it holds while value <= 10 (no tolerance).
    res = sweep("ref:X.y", {"op": "at_most", "low": 10}, 0.0, Lookup(), None, "ref:X.y", (0.0, 20.0), (5.0, 15.0))
    (lo, hi), = res.intervals
    assert lo == 0.0 and abs(hi - 10.0) < 1e-9
    assert res.coverage == "some"
    assert res.describe() == "X.y ≤ 10.0" and res.describe_flip() == "X.y ≥ 10.0"


def test_sweep_words():
    s = Sweep(path="facility.pue", on=None, grid=(1.0, 2.0), intervals=[(1.2, 1.38)], plausible=(1.1, 1.5),
              coverage="some")
    assert s.describe() == "facility.pue 1.20–1.38"
    assert s.describe_flip() == "facility.pue ≤ 1.20 or ≥ 1.38"
    money = Sweep(path="ref:x.usd", on=None, grid=(0.0, 1e12), intervals=[], plausible=(0, 1e12), coverage="none")
    assert money.describe() == "no x.usd in 0–$1.00 T"


def test_verdict_rules():
    claim = {"stated": {"op": "range", "low": 100, "high": 200, "unit": "GW"}, "tolerance": 0.1}
    assert verdict(claim, True, [], [], []) == {"verdict": "holds", "assumptions": [],
                                                 "flips": ["a value outside 90.0 GW–220 GW"]}
    assert verdict(claim, False, [], [], []) == {"verdict": "does not hold", "assumptions": [],
                                                  "flips": ["a value within 90.0 GW–220 GW"]}
    variants = [{"name": "at 1.4 PUE", "value": 150.0, "gigawatt": "150 GW", "holds": True}]
    out = verdict(claim, False, variants, [], [])
    assert out["verdict"] == "holds under assumptions" and out["assumptions"] == ["at 1.4 PUE"]
    out = verdict({**claim, "assumes": "a GB200 build"}, True, [], [], [("x.y is 1 (data: 2)", "x.y stays 2")])
    assert out == {"verdict": "holds under assumptions", "assumptions": ["a GB200 build", "x.y is 1 (data: 2)"],
                   "flips": ["x.y stays 2"]}


def test_a_claim_missing_a_field_is_named():
    with pytest.raises(InputError) as err:
        require_fields({"id": 7, "topic": "t", "words": "w", "stated": {}, "value": "1"})
    assert err.value.path == "claims[7].english"
