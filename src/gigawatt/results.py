"""The typed result of a deterministic run: quarterly series, headline figures, the ledger.

Arrays are kept as numpy (draws, quarters) so that ``gigawatt run`` never imports pandas or xarray;
:meth:`Results.to_xarray` and :meth:`Results.summary` build those on demand. Consumers (CLI, report,
web, claims) read figures from here and never recompute model quantities.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gigawatt import timeline
from gigawatt.model import energy
from gigawatt.model.timegrid import at_index

# Quarterly series: name -> (unit, description).
SERIES = {
    "gw_online": ("GW", "facility power online"),
    "gw_added": ("GW", "facility power added (new phases)"),
    "it_power_gw": ("GW", "critical IT power online"),
    "racks": ("units", "GPU racks (or 8-GPU servers)"),
    "gpus": ("GPUs", "GPU packages"),
    "gpu_dies": ("dies", "GPU dies"),
    "annual_energy_twh": ("TWh/yr", "annual energy at the quarter's rate"),
    "energy_twh": ("TWh", "energy in the quarter"),
    "electricity_cost_usd": ("USD", "electricity cost in the quarter"),
    "carbon_mt": ("Mt CO2", "emissions in the quarter"),
    "water_gl": ("GL", "on-site water in the quarter"),
    "peak_dense_fp4_flops": ("FLOP/s", "peak dense FP4"),
    "peak_dense_fp8_flops": ("FLOP/s", "peak dense FP8"),
    "peak_dense_bf16_flops": ("FLOP/s", "peak dense BF16"),
    "h100_equivalents": ("H100e", "BF16 peak in H100s"),
    "delivered_flops": ("FLOP/s", "delivered FLOP/s (peak x utilization)"),
    "reference_run_days": ("days", "days for the reference training run"),
    "tokens_per_s": ("tokens/s", "tokens per second of the reference model"),
    "tokens_per_user_week": ("tokens", "tokens per weekly user per week"),
    "interruptions_per_day": ("1/day", "GPU-related interruptions per day"),
    "capex_usd": ("USD", "capex paid in the quarter"),
    "vendor_system_sales_usd": ("USD", "vendor system sales in the quarter"),
    "vendor_gross_profit_usd": ("USD", "vendor gross profit in the quarter"),
    "vendor_investment_cash_usd": ("USD", "vendor cash investment in the quarter"),
    "vendor_warrant_value_usd": ("USD", "vendor warrant equity vested in the quarter"),
    "vendor_equity_share": ("fraction", "vendor's stake in the customer"),
    "post_money_valuation_usd": ("USD", "customer post-money valuation"),
    "depreciation_usd": ("USD", "depreciation in the quarter"),
    "net_book_value_usd": ("USD", "net book value of the fleet"),
    "opex_usd": ("USD", "non-electricity opex in the quarter"),
    "lease_usd": ("USD", "lease payments to the cloud partner in the quarter"),
    "required_revenue_usd_per_year": ("USD/yr", "revenue required to carry the fleet (annualised)"),
    "customer_revenue_usd_per_year": ("USD/yr", "customer revenue path"),
    "customer_financing_usd": ("USD", "external financing the customer needs in the quarter"),
    "customer_commitments_usd": ("USD", "what the customer pays on the program in the quarter "
                                        "(capex it buys, leases, electricity, opex)"),
}

# Headline figures of the JSON contract (DESIGN.md section 5): key -> (unit, description).
HEADLINE = {
    "capacity_gw": ("GW", "facility power online at full build"),
    "it_power_gw": ("GW", "critical IT power"),
    "gpus": ("GPUs", "GPU packages"),
    "gpu_dies": ("dies", "GPU dies (Rubin's NVL144/NVL576 naming counts dies)"),
    "racks": ("units", "racks (or 8-GPU servers)"),
    "gpus_per_gw": ("GPUs/GW", "GPU packages per GW of facility power"),
    "gpu_dies_per_gw": ("dies/GW", "GPU dies per GW of facility power"),
    "annual_energy_twh": ("TWh/yr", "energy per year at full build"),
    "reactor_equivalents": ("reactors", "reactors of equal net capacity (power vs power)"),
    "reactor_equivalents_energy": ("reactors", "reactors of equal annual output (energy vs energy)"),
    "comparison_state_share": ("x state", "annual energy over the comparison state's retail sales"),
    "household_equivalents": ("households", "average US households of equal annual use"),
    "electricity_cost_usd_per_year": ("USD/yr", "electricity cost per year"),
    "carbon_mt_per_year": ("Mt CO2/yr", "emissions per year"),
    "water_gl_per_year": ("GL/yr", "on-site water per year"),
    "peak_dense_fp4_flops": ("FLOP/s", "peak dense FP4"),
    "peak_dense_fp8_flops": ("FLOP/s", "peak dense FP8"),
    "peak_dense_bf16_flops": ("FLOP/s", "peak dense BF16"),
    "h100_equivalents": ("H100e", "BF16 peak in H100s"),
    "delivered_flops": ("FLOP/s", "delivered FLOP/s"),
    "reference_run_days": ("days", "days for the reference training run"),
    "tokens_per_s": ("tokens/s", "reference-model tokens per second"),
    "tokens_per_user_week": ("tokens", "tokens per weekly user per week"),
    "interruptions_per_day": ("1/day", "GPU-related interruptions per day"),
    "capex_usd": ("USD", "capex through full build"),
    "vendor_investment_usd": ("USD", "vendor investment through full build (cash + warrant value)"),
    "vendor_equity_share": ("fraction", "vendor's stake in the customer at full build"),
    "vendor_system_sales_usd": ("USD", "vendor system sales through full build"),
    "vendor_gross_profit_usd": ("USD", "vendor gross profit on those sales"),
    "vendor_net_cash_usd": ("USD", "vendor gross profit less its cash investment"),
    "round_trip_ratio": ("fraction", "vendor investment over vendor sales"),
    "customer_funding_gap_usd": ("USD", "customer capex not covered by the vendor's cash"),
    "required_revenue_usd_per_year": ("USD/yr", "revenue required to carry the fleet at full build"),
    "customer_revenue_usd_per_year": ("USD/yr", "customer revenue at full build (path)"),
    "revenue_covers_year": ("year", "first year revenue covers required revenue"),
    "completed_share": ("fraction", "share of the planned program built"),
    "first_gw_online": ("quarter", "first quarter with 1 GW online"),
    "full_build_online": ("quarter", "first quarter with the whole program online"),
}

# Headline key -> the quarterly series it is read from at full build.
_AT_FULL_BUILD = {
    "capacity_gw": "gw_online", "it_power_gw": "it_power_gw", "gpus": "gpus", "gpu_dies": "gpu_dies",
    "racks": "racks", "annual_energy_twh": "annual_energy_twh", "peak_dense_fp4_flops": "peak_dense_fp4_flops",
    "peak_dense_fp8_flops": "peak_dense_fp8_flops", "peak_dense_bf16_flops": "peak_dense_bf16_flops",
    "h100_equivalents": "h100_equivalents", "delivered_flops": "delivered_flops",
    "reference_run_days": "reference_run_days", "tokens_per_s": "tokens_per_s",
    "tokens_per_user_week": "tokens_per_user_week", "interruptions_per_day": "interruptions_per_day",
    "vendor_equity_share": "vendor_equity_share", "required_revenue_usd_per_year": "required_revenue_usd_per_year",
    "customer_revenue_usd_per_year": "customer_revenue_usd_per_year",
}
_TOTALS = {
    "capex_usd": "capex_total_usd", "vendor_investment_usd": "vendor_investment_total_usd",
    "vendor_system_sales_usd": "vendor_system_sales_total_usd",
    "vendor_gross_profit_usd": "vendor_gross_profit_total_usd", "vendor_net_cash_usd": "vendor_net_cash_total_usd",
    "round_trip_ratio": "round_trip_ratio", "customer_funding_gap_usd": "customer_funding_gap_total_usd",
    "revenue_covers_year": "revenue_covers_year", "completed_share": "completed_share",
}


def headline_arrays(data: dict, static) -> dict[str, np.ndarray]:
    """Headline figures per draw (draws,), from the model's output arrays."""
    # Figures are read at full build, or at the horizon's end where the horizon cuts the program short.
    at = np.asarray(data.get("headline_quarter", data["full_build_quarter"]))
    full = np.where(at >= 0, at - static.q0, -1).astype(np.int64)
    at_fb = data.get("at_full_build", {})  # figures evaluate() computed on the full-build quarter alone

    def at_full_build(name):
        return at_fb[name] if name in at_fb else at_index(data[name], full)

    out = {k: at_full_build(s) for k, s in _AT_FULL_BUILD.items()}
    out.update({k: np.asarray(data[s], dtype=float) for k, s in _TOTALS.items()})
    refs = static.refs
    with np.errstate(divide="ignore", invalid="ignore"):
        out["gpus_per_gw"] = out["gpus"] / out["capacity_gw"]
        out["gpu_dies_per_gw"] = out["gpu_dies"] / out["capacity_gw"]
    out["reactor_equivalents"] = energy.reactor_equivalents(out["capacity_gw"], refs["reactor_net_capacity_gw"])
    out["reactor_equivalents_energy"] = energy.reactor_equivalents_energy(
        out["annual_energy_twh"], refs["reactor_net_capacity_gw"], refs["reactor_capacity_factor"],
        timeline.HOURS_PER_YEAR)
    out["comparison_state_share"] = energy.share_of(out["annual_energy_twh"], refs["state_twh_per_year"])
    out["household_equivalents"] = energy.households(out["annual_energy_twh"], refs["household_kwh_per_year"])
    for name, series in (("electricity_cost_usd_per_year", "electricity_cost_usd"),
                         ("carbon_mt_per_year", "carbon_mt"), ("water_gl_per_year", "water_gl")):
        out[name] = 4.0 * at_full_build(series)
    out["first_gw_quarter"] = np.asarray(data["first_gw_quarter"], dtype=float)
    out["full_build_quarter"] = np.asarray(data["full_build_quarter"], dtype=float)
    return out


def _clean(x: Any) -> Any:
    """JSON-able: numpy scalars to Python, NaN/inf to None."""
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return x if math.isfinite(x) else None
    if isinstance(x, np.integer):
        return int(x)
    return x


def quarter_label(ordinal: float) -> str | None:
    return None if not np.isfinite(ordinal) or ordinal < 0 else timeline.label(int(ordinal))


@dataclass
class Results:
    """A deterministic run (draws = 1)."""

    scenario: Any
    static: Any
    data: dict

    @property
    def quarters(self) -> list[str]:
        return self.static.labels

    def series(self, name: str) -> np.ndarray:
        """A quarterly series of the (single) draw. [unit in SERIES]"""
        return np.asarray(self.data[name])[0]

    def headline(self) -> dict[str, Any]:
        """The JSON contract's ``summary`` object: headline figures at full build."""
        h = headline_arrays(self.data, self.static)
        out: dict[str, Any] = {}
        for key in HEADLINE:
            if key == "first_gw_online":
                out[key] = quarter_label(h["first_gw_quarter"][0])
            elif key == "full_build_online":
                out[key] = quarter_label(h["full_build_quarter"][0])
            elif key == "revenue_covers_year":
                v = h[key][0]
                out[key] = int(v) if np.isfinite(v) else None
            else:
                out[key] = _clean(h[key][0])
        out["platform_mix_gw"] = self.platform_mix()
        out["comparison_state"] = self.scenario.energy.comparison_state
        return out

    def platform_mix(self, quarter: int | None = None) -> dict[str, float]:
        """GW online by platform at full build (or at a quarter index)."""
        if quarter is None:
            fb = self.data.get("headline_quarter", self.data["full_build_quarter"])[0]
            quarter = int(fb - self.static.q0) if fb >= 0 else self.static.nq - 1
        mix = self.data["gw_by_platform"][0, quarter]
        return {n: round(float(g), 6) for n, g in zip(self.static.platform_names, mix) if g > 0}

    def by_year(self) -> list[dict[str, Any]]:
        """The timeline per calendar year: stocks at the year's last quarter, flows summed over the year."""
        years = np.asarray(self.static.quarters) // 4
        rows = []
        for y in np.unique(years):
            idx = np.flatnonzero(years == y)
            last = idx[-1]
            row = {"year": int(y)}
            for k in ("gw_online", "it_power_gw", "racks", "gpus", "gpu_dies", "peak_dense_fp8_flops",
                      "delivered_flops", "h100_equivalents", "annual_energy_twh", "vendor_equity_share",
                      "required_revenue_usd_per_year", "customer_revenue_usd_per_year", "net_book_value_usd"):
                row[k] = _clean(self.series(k)[last])
            for k in ("energy_twh", "capex_usd", "vendor_system_sales_usd", "vendor_investment_cash_usd",
                      "electricity_cost_usd", "carbon_mt", "gw_added", "customer_commitments_usd",
                      "vendor_gross_profit_usd", "vendor_warrant_value_usd", "lease_usd", "customer_financing_usd"):
                row[k] = _clean(self.series(k)[idx].sum())
            rows.append(row)
        return rows

    def ledger_rows(self, min_usd: float = 0.005) -> list[dict[str, Any]]:
        """Every flow of the circular ledger as a row (quarter, payer, payee, kind, usd)."""
        rows = []
        labels = self.quarters
        for (payer, payee, kind), usd in self.data["flows"].items():
            for q, v in enumerate(np.asarray(usd)[0]):
                if abs(v) >= min_usd:
                    rows.append({"quarter": labels[q], "payer": payer, "payee": payee, "kind": kind,
                                 "usd": float(v)})
        rows.sort(key=lambda r: (r["quarter"], r["payer"], r["payee"], r["kind"]))
        return rows

    def cash_by_party(self) -> dict[str, np.ndarray]:
        """Cumulative net cash of each party by quarter. [USD]"""
        from gigawatt.model.finance import net_cash_by_party

        return {p: np.cumsum(v[0]) for p, v in net_cash_by_party(self.data["flows"]).items()}

    def to_json(self) -> dict[str, Any]:
        return {"scenario": self.scenario.name, "horizon": list(self.scenario.horizon), "summary": self.headline(),
                "assumptions": self.scenario.model_dump(mode="json")}

    # --- heavier views, built on demand ---
    def summary(self):
        """Headline figures as a tidy table (figure, value, unit, description)."""
        import pandas as pd

        h = self.headline()
        return pd.DataFrame([{"figure": k, "value": h[k], "unit": HEADLINE[k][0], "description": HEADLINE[k][1]}
                             for k in HEADLINE])

    def to_xarray(self):
        """All quarterly series as an xarray.Dataset (dims draw x quarter, units in attrs)."""
        import xarray as xr

        coords = {"draw": np.arange(1), "quarter": self.quarters}
        ds = xr.Dataset({k: (("draw", "quarter"), np.asarray(self.data[k]), {"units": u, "long_name": d})
                         for k, (u, d) in SERIES.items()}, coords=coords)
        ds["gw_by_platform"] = (("draw", "quarter", "platform"), self.data["gw_by_platform"], {"units": "GW"})
        ds = ds.assign_coords(platform=list(self.static.platform_names))
        ds.attrs["scenario"] = self.scenario.name
        return ds
