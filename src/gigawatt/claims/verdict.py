"""The verdict on a claim, from its value's distribution (P5/P50/P95 over the Monte Carlo draws) and what the
article states (an interval, :mod:`.stated`):

* ``holds`` - the stated interval meets the model's P5–P95 in the plain reading (for a claim that it holds in
  every case, ``stated.every_case``, such as "NVIDIA is sure to win": P5–P95 lies inside the interval);
* ``fails as stated, holds if`` - it does not, but it does under one named assumption (``needs``): the first
  of the claim's other readings, in the claims file's order, whose P5–P95 meets the stated interval;
* ``does not hold`` - no reading meets it;
* ``not yet verifiable`` / ``happened`` / ``did not happen`` - a forward-looking claim, against dated
  evidence as of a date (:mod:`.evidence`);
* ``not checkable`` - a figure is missing, or the only figure is the claim's own source (``why`` says which).
"""

from __future__ import annotations

import math

import numpy as np

from gigawatt.claims.stated import inside, meets, within

VERDICTS = ("holds", "fails as stated, holds if", "does not hold", "not yet verifiable", "happened",
            "did not happen", "not checkable")
FORWARD = ("not yet verifiable", "happened", "did not happen")
QUANTILES = (0.05, 0.5, 0.95)


def distribution(values, draws: int, stated: dict) -> dict:
    """``p5``, ``p50``, ``p95`` of a value over the draws (a scalar counts for every draw) and ``p_holds``, the
    share of draws inside the stated interval. Quantiles are order statistics (never between two draws), so a
    date that may never come stays a date or +inf."""
    v = np.broadcast_to(np.asarray(values, dtype=float), (draws,))
    ok = ~np.isnan(v)
    if not ok.any():
        return {"p5": math.nan, "p50": math.nan, "p95": math.nan, "p_holds": 0.0}
    p5, p50, p95 = (float(q) for q in np.quantile(v[ok], QUANTILES, method="inverted_cdf"))
    return {"p5": p5, "p50": p50, "p95": p95, "p_holds": float(np.mean(within(v, stated)))}


def verdict(stated: dict, base: dict, readings: list[dict]) -> dict:
    """``verdict``, ``needs`` (the one assumption it needs, or None) and ``needs_value`` (its P50 under it).

    ``base`` and each reading carry ``p5``/``p95`` (readings also ``name``; ``None`` values: not computable)."""
    test = inside if stated.get("every_case") else meets
    if test(base["p5"], base["p95"], stated):
        return {"verdict": "holds", "needs": None, "needs_value": None}
    for r in readings:
        if r.get("p5") is not None and test(r["p5"], r["p95"], stated):
            return {"verdict": "fails as stated, holds if", "needs": r["name"], "needs_value": r["p50"]}
    return {"verdict": "does not hold", "needs": None, "needs_value": None}
