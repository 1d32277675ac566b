"""A claim's scenario under its uncertainty: one seeded Monte Carlo of :data:`DRAWS` draws through the public
model API, evaluated once and shared by every claim (and variant) that asks for the same scenario and overrides.

``api.model_of(scn)`` gives the model; ``uncertainty.sample`` draws its distributions (with their rank
correlation); ``model.evaluate(draws)`` runs every draw at once (arrays shaped (draws,)); ``model.headline``
gives the headline figures per draw. Reference figures passed as ``refs`` (``PLATFORM.unit_power_kw``, the
comparison figures) replace the catalog's inputs, so a test can change a data row and see the verdict move.
An input a claim overrides (``program.continue_probability: 1`` for "the planned 10 GW") is fixed, not drawn.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from gigawatt.claims.lookup import Lookup, quarter
from gigawatt.errors import InputError, show

DRAWS = 20_000
SEED = 20250922  # the day of the letter of intent

# Model inputs a refs entry ``PLATFORM.QUANTITY`` may replace (the catalog figures the model reads).
HARDWARE_QUANTITIES = ("unit_power_kw", "gpu_packages_per_unit", "gpu_dies_per_unit", "fp4_dense_pflops_per_gpu",
                       "fp8_dense_pflops_per_gpu", "bf16_dense_pflops_per_gpu")
# The model's own comparison figures (simulate.reference_figures) and the reference rows they come from.
STATIC_REFS = {"reactor_net_capacity_gw": "nuclear-reactor.net_capacity_gw",
               "reactor_capacity_factor": "nuclear-reactor.capacity_factor",
               "household_kwh_per_year": "us-household.electricity_kwh_per_year"}


def _with_refs(model, lookup: Lookup):
    """The program with the reference figures of ``lookup.refs`` in place of the catalog's; and the input
    paths those figures fix (no longer drawn)."""
    static, base = model.static, dict(model.base)
    refs = dict(static.refs)
    for name, text in {**STATIC_REFS, "state_twh_per_year":
                       f"{model.scenario.energy.comparison_state}.retail_sales_twh"}.items():
        if text in lookup.refs:
            refs[name] = float(lookup.refs[text])
    available, fixed = static.available.copy(), set()
    for key, value in lookup.refs.items():
        plat, _, qty = str(key).partition(".")
        if plat in static.platform_names and qty in HARDWARE_QUANTITIES:
            base[f"hardware.{plat}.{qty}"] = np.array([float(value)])
            fixed.add(f"hardware.{plat}.{qty}")
        elif plat in static.platform_names and qty == "available":
            available[static.platform_names.index(plat)] = quarter(value, f"refs.{key}")
    static = dataclasses.replace(static, refs=refs, available=available)
    return dataclasses.replace(model, static=static, base=base), fixed


@dataclass
class ModelRun:
    """A scenario's Monte Carlo: headline figures per draw (``headline``), and the detail ``mix:`` needs."""

    scn: Any
    static: Any
    headline: dict[str, np.ndarray]
    draws: int

    @classmethod
    def load(cls, name: str, overrides: Mapping[str, Any], lookup: Lookup, *, draws: int = DRAWS,
             seed: int = SEED, detail: bool = False) -> ModelRun:
        from gigawatt import api, uncertainty
        from gigawatt.scenario import load_scenario
        from gigawatt.simulate import Program

        scn = load_scenario(name, dict(overrides))
        model = api.model_of(scn)
        if not isinstance(model, Program):
            raise InputError("claims.scenario", f"{show(name)} is a composite; a claim needs one program")
        model, fixed = _with_refs(model, lookup)
        fixed |= set(overrides)  # an input the claim sets is fixed, no longer drawn
        dists = [d for d in model.dists if d.path not in fixed]
        keep = [i for i, d in enumerate(model.dists) if d.path not in fixed]
        corr = model.correlation[np.ix_(keep, keep)] if model.correlation is not None else None
        sample = uncertainty.sample(dists, draws, seed, correlation=corr) if dists else {}
        data = model.evaluate(sample, detail=detail, series=None if detail else ())  # headline only
        h = dict(model.headline(data))
        n = max([np.size(v) for v in h.values()] + [1])
        h = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) if np.ndim(v) <= 1 else v for k, v in h.items()}
        if detail:
            h["_data"] = data  # type: ignore[assignment]
        return cls(scn=scn, static=model.static, headline=h, draws=n)

    def platform_share(self, h: dict, platform: str) -> np.ndarray:
        """Share of the GW online at the first-GW quarter that runs on ``platform`` (``mix:PLATFORM``)."""
        static, data = self.static, h.get("_data")
        if data is None:
            raise InputError("claims.value", f"mix:{platform} needs the detailed run (load with detail=True)")
        if platform not in static.platform_names:
            raise InputError("claims.value", f"mix:{platform}: not a catalog platform")
        idx = np.asarray(data["first_gw_quarter"], dtype=float) - static.q0
        ok = np.isfinite(idx) & (idx >= 0)
        i = np.clip(np.where(ok, idx, 0), 0, static.nq - 1).astype(np.int64)
        rows = np.arange(i.shape[0])
        on = data["gw_by_platform"][rows, i, static.platform_names.index(platform)]
        total = data["gw_online"][rows, i]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(ok, on / total, np.nan)
