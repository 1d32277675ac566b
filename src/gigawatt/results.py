"""The typed result of a deterministic run: quarterly series, headline figures, the ledger.

Arrays are kept as numpy (draws, quarters) so that ``gigawatt run`` never imports pandas or xarray;
:meth:`Results.to_xarray` and :meth:`Results.summary` build those on demand. Consumers (CLI, report,
web, claims) read figures from here and never recompute model quantities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from gigawatt import outputs, timeline
from gigawatt.present import plain
from gigawatt.headline import DATE_ARRAYS, headline_arrays

__all__ = ["Results", "SERIES", "HEADLINE", "headline_arrays"]

# Views of the output schema (data/outputs.csv) for existing callers: name -> (unit, description).
SERIES = {n: (o.unit, o.description) for n, o in outputs.series().items() if o.derive == "model"}
HEADLINE = {n: (o.unit, o.description) for n, o in outputs.headline().items()}


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
        """A quarterly series of the (single) draw; a ``cumulative:FLOW`` series of the output schema is the flow
        summed to date. [unit in SERIES]"""
        if name not in self.data:
            how, of = outputs.series()[name].rule if name in outputs.series() else ("", "")
            if how == "cumulative":
                return np.cumsum(self.series(of))
        return np.asarray(self.data[name])[0]

    def headline(self) -> dict[str, Any]:
        """The JSON contract's ``summary`` object: headline figures at full build."""
        h = headline_arrays(self.data, self.static)
        out: dict[str, Any] = {}
        for key, o in outputs.headline().items():
            v = h[DATE_ARRAYS.get(key, key)][0]
            if o.unit == "quarter":
                out[key] = quarter_label(v)
            elif o.unit == "year":
                out[key] = int(v) if np.isfinite(v) else None
            else:
                out[key] = plain(v)
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
                row[k] = plain(self.series(k)[last])
            for k in ("energy_twh", "capex_usd", "vendor_system_sales_usd", "vendor_investment_cash_usd",
                      "electricity_cost_usd", "carbon_mt", "gw_added", "customer_commitments_usd",
                      "vendor_gross_profit_usd", "vendor_warrant_value_usd", "lease_usd", "customer_financing_usd"):
                row[k] = plain(self.series(k)[idx].sum())
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
        return {"scenario": self.scenario.name, "standing": self.scenario.standing(),
                "horizon": list(self.scenario.horizon), "summary": self.headline(),
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

    # --- notebook views: a few formatted headline figures, never the arrays ---
    def _repr_rows(self) -> list[tuple[str, str]]:
        from gigawatt import present

        h, spec = self.headline(), outputs.headline()
        return [(spec[k].label, present.headline(k, h.get(k), spec[k].unit, h.get("comparison_state")))
                for k in REPR_FIGURES if k in spec]

    def _repr_title(self) -> tuple[str, str]:
        first, last = self.quarters[0], self.quarters[-1]
        title = f" — {self.scenario.title}" if getattr(self.scenario, "title", "") else ""
        return (f"{type(self).__name__}: {self.scenario.name}{title}",
                f"horizon {first}–{last} ({len(self.quarters)} quarters), one deterministic run")

    def __repr__(self) -> str:
        head, sub = self._repr_title()
        rows = self._repr_rows()
        width = max(len(label) for label, _ in rows)
        return "\n".join([head, sub] + [f"  {label:<{width}}  {text}" for label, text in rows]
                         + ["  (all figures: .summary(); quarterly series: .to_xarray())"])

    def _repr_html_(self) -> str:
        from html import escape

        head, sub = self._repr_title()
        body = "".join(f"<tr><th style='text-align:left'>{escape(label)}</th><td style='text-align:right'>"
                       f"{escape(text)}</td></tr>" for label, text in self._repr_rows())
        return (f"<table class='gigawatt-results'><caption style='text-align:left'><b>{escape(head)}</b><br>"
                f"{escape(sub)}</caption><tbody>{body}</tbody></table>")


# Headline figures a notebook cell shows for a run (keys of the output schema's headline rows).
REPR_FIGURES = ("capacity_gw", "full_build_online", "gpus", "annual_energy_twh", "comparison_state_share",
                "peak_dense_fp8_flops", "capex_usd", "vendor_investment_usd", "customer_funding_gap_usd",
                "revenue_covers_year")
