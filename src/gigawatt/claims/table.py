"""Every claim checked: the ``gigawatt claims --json`` list and the :func:`check_claims` table. One Monte
Carlo per scenario (and overrides) is shared by all the claims that use it."""

from __future__ import annotations

from typing import Any, Mapping

from gigawatt import present
from gigawatt.claims.check import check_claim
from gigawatt.claims.evidence import load_evidence, parse_as_of
from gigawatt.claims.load import load_claims
from gigawatt.claims.modelrun import DRAWS, SEED


def check_claims_json(scenario_overrides=None, data: Mapping | None = None, refs: Mapping[str, Any] | None = None,
                      only: list[str] | None = None, as_of=None, evidence=None, draws: int = DRAWS,
                      seed: int = SEED) -> list[dict]:
    """Every claim's verdict as JSON-able mappings (the ``gigawatt claims --json`` list); NaN/inf -> None.

    ``as_of``: the date forward-looking claims are judged at (default today; not after today, not before
    2020); ``evidence``: rows of :func:`~gigawatt.claims.evidence.load_evidence` (default data/evidence.csv)."""
    data = load_claims() if data is None else data
    day = parse_as_of(as_of)
    evidence = load_evidence() if evidence is None else evidence
    runs: dict = {}
    out = []
    for claim in data["claims"]:
        if only and str(claim["id"]) not in only:
            continue
        out.append(present.plain(check_claim(claim, scenario_overrides=scenario_overrides, refs=refs, runs=runs,
                                             as_of=day, evidence=evidence, draws=draws, seed=seed)))
    return out


def check_claims(scenario_overrides=None, data: Mapping | None = None, refs: Mapping[str, Any] | None = None,
                 only: list[str] | None = None, as_of=None, evidence=None, draws: int = DRAWS, seed: int = SEED):
    """Every claim of the seed article, checked: a DataFrame, one row per claim.

    ``scenario_overrides``: ``["facility.pue=1.4"]`` or ``{"facility.pue": 1.4}``, applied to every claim's
    scenario; ``data``: a claims mapping (default ``data/claims.yaml``); ``refs``: reference figures that
    replace the sourced ones, e.g. ``{"NY.retail_sales_twh": 1391.0}``.
    """
    import pandas as pd

    return pd.DataFrame(check_claims_json(scenario_overrides, data, refs, only, as_of, evidence, draws, seed))
