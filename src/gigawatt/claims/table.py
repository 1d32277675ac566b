"""Every claim checked: the ``gigawatt claims --json`` list and the :func:`check_claims` table."""

from __future__ import annotations

from typing import Any, Mapping

from gigawatt import present
from gigawatt.claims.check import check_claim
from gigawatt.claims.load import load_claims


def check_claims_json(scenario_overrides=None, data: Mapping | None = None,
                      refs: Mapping[str, Any] | None = None, only: list[str] | None = None) -> list[dict]:
    """Every claim's verdict as JSON-able mappings (the ``gigawatt claims --json`` list); NaN/inf -> None."""
    data = load_claims() if data is None else data
    runs: dict = {}
    out = []
    for claim in data["claims"]:
        if only and str(claim["id"]) not in only:
            continue
        out.append(present.plain(check_claim(claim, scenario_overrides=scenario_overrides, refs=refs, runs=runs)))
    return out


def check_claims(scenario_overrides=None, data: Mapping | None = None, refs: Mapping[str, Any] | None = None,
                 only: list[str] | None = None):
    """Every claim of the seed article, checked: a DataFrame, one row per claim.

    ``scenario_overrides``: ``["facility.pue=1.4"]`` or ``{"facility.pue": 1.4}``, applied to every claim's
    scenario; ``data``: a claims mapping (default ``data/claims.yaml``); ``refs``: reference figures that
    replace the sourced ones, e.g. ``{"NY.retail_sales_twh": 1391.0}``.
    """
    import pandas as pd

    return pd.DataFrame(check_claims_json(scenario_overrides, data, refs, only))
