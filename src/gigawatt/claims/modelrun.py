"""A claim's scenario, prepared once and evaluated on demand with some inputs replaced by arrays.

The vectorized model (``simulate.evaluate`` on arrays shaped (draws,)) evaluates a whole grid of an input in
one call, which is what makes the sweeps cheap.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np

from gigawatt.claims.lookup import Lookup, quarter
from gigawatt.errors import InputError, show

# Model inputs a refs entry ``PLATFORM.QUANTITY`` may replace (the catalog figures the model reads).
HARDWARE_QUANTITIES = ("unit_power_kw", "gpu_packages_per_unit", "gpu_dies_per_unit", "fp4_dense_pflops_per_gpu",
                       "fp8_dense_pflops_per_gpu", "bf16_dense_pflops_per_gpu")
# The model's own comparison figures (simulate.reference_figures) and the reference rows they come from.
STATIC_REFS = {"reactor_net_capacity_gw": "nuclear-reactor.net_capacity_gw",
               "reactor_capacity_factor": "nuclear-reactor.capacity_factor",
               "household_kwh_per_year": "us-household.electricity_kwh_per_year"}


@dataclass
class ModelRun:
    """A scenario prepared once, evaluated on demand with some inputs replaced by arrays."""

    scn: Any
    static: Any
    params: dict

    @classmethod
    def load(cls, name: str, overrides: list | dict, lookup: Lookup) -> ModelRun:
        from gigawatt.scenario import load_scenario
        from gigawatt.simulate import inputs, prepare

        scn = load_scenario(name, overrides)
        static = prepare(scn)
        params = inputs(scn)
        refs = dict(static.refs)
        for name_, text in {**STATIC_REFS, "state_twh_per_year":
                            f"{scn.energy.comparison_state}.retail_sales_twh"}.items():
            if text in lookup.refs:
                refs[name_] = float(lookup.refs[text])
        available = static.available.copy()
        for key, value in lookup.refs.items():
            plat, _, quantity = str(key).partition(".")
            if plat in static.platform_names and quantity in HARDWARE_QUANTITIES:
                params[f"hardware.{plat}.{quantity}"] = np.array([float(value)])
            elif plat in static.platform_names and quantity == "available":
                available[static.platform_names.index(plat)] = quarter(value, f"refs.{key}")
        static = dataclasses.replace(static, refs=refs, available=available)
        return cls(scn=scn, static=static, params=params)

    def headline(self, replace: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
        """Headline figures with the inputs in ``replace`` set to arrays (key ``_data``: the detailed run)."""
        from gigawatt.results import headline_arrays
        from gigawatt.simulate import evaluate

        p = dict(self.params)
        for k, v in (replace or {}).items():
            if k not in p:
                raise InputError("claims.sweeps.path", f"{show(k)} is not a model input of {self.scn.name}")
            p[k] = np.atleast_1d(np.asarray(v, dtype=float))
        data = evaluate(self.static, p, detail=True)
        h = headline_arrays(data, self.static)
        h["_data"] = data  # type: ignore[assignment]
        return h

    def platform_share(self, h: dict, platform: str) -> np.ndarray:
        """Share of the GW online at the first-GW quarter that runs on ``platform`` (``mix:PLATFORM``)."""
        static, data = self.static, h["_data"]
        if platform not in static.platform_names:
            raise InputError("claims.value", f"mix:{platform}: not a catalog platform")
        idx = np.asarray(data["first_gw_quarter"], dtype=float) - static.q0
        ok = idx >= 0
        i = np.clip(idx, 0, static.nq - 1).astype(np.int64)
        rows = np.arange(i.shape[0])
        on = data["gw_by_platform"][rows, i, static.platform_names.index(platform)]
        total = data["gw_online"][rows, i]
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(ok, on / total, np.nan)
