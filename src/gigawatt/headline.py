"""Headline figures per draw, from the quarterly series, as the output schema says (data/outputs.csv).

A headline figure is read at the *headline quarter* (full build, or the horizon's end where the horizon
cuts the program short): ``at:SERIES`` the series there, ``annual:SERIES`` four times a quarter's flow,
``total:SERIES`` cumulative through it, or a formula below. The same function serves one program and a
composite (whose series are its parts' combined per draw), a deterministic run and a Monte Carlo chunk.
"""

from __future__ import annotations

from typing import Callable, Mapping

import numpy as np

from gigawatt import outputs, timeline
from gigawatt.model import energy, finance
from gigawatt.model.kernels import total_through, value_at

# Dates travel as quarter ordinals under these names (Results labels them, e.g. "2030Q2").
DATE_ARRAYS = {"first_gw_online": "first_gw_quarter", "full_build_online": "full_build_quarter"}


def _ratio(a, b):
    with np.errstate(divide="ignore", invalid="ignore"):
        return a / b


# name -> f(figures so far, total(series), data, static); evaluated in the schema's order.
FORMULAS: dict[str, Callable] = {
    "gpus_per_gw": lambda h, t, d, s: _ratio(h["gpus"], h["hardware_gw"]),
    "gpu_dies_per_gw": lambda h, t, d, s: _ratio(h["gpu_dies"], h["hardware_gw"]),
    "reactor_equivalents": lambda h, t, d, s: energy.reactor_equivalents(h["capacity_gw"],
                                                                         s.refs["reactor_net_capacity_gw"]),
    "reactor_equivalents_energy": lambda h, t, d, s: energy.reactor_equivalents_energy(
        h["annual_energy_twh"], s.refs["reactor_net_capacity_gw"], s.refs["reactor_capacity_factor"],
        timeline.HOURS_PER_YEAR),
    "comparison_state_share": lambda h, t, d, s: energy.share_of(h["annual_energy_twh"],
                                                                 s.refs["state_twh_per_year"]),
    "household_equivalents": lambda h, t, d, s: energy.households(h["annual_energy_twh"],
                                                                  s.refs["household_kwh_per_year"]),
    "vendor_share_of_capex": lambda h, t, d, s: _ratio(h["vendor_system_sales_usd"], h["capex_usd"]),
    "vendor_investment_usd": lambda h, t, d, s: t("vendor_investment_cash_usd") + t("vendor_warrant_value_usd"),
    "vendor_net_cash_usd": lambda h, t, d, s: h["vendor_gross_profit_usd"] - t("vendor_investment_cash_usd"),
    "round_trip_ratio": lambda h, t, d, s: _ratio(h["vendor_investment_usd"], h["vendor_system_sales_usd"]),
    "customer_funding_gap_usd": lambda h, t, d, s: np.maximum(
        t("customer_capex_usd") - t("vendor_investment_cash_usd"), 0.0),
    "revenue_covers_year": lambda h, t, d, s: finance.first_covering_year(
        d["customer_revenue_usd_per_year"], d["required_revenue_usd_per_year"], s.quarters),
    "completed_share": lambda h, t, d, s: np.asarray(d["completed_share"], dtype=float),
    "first_gw_online": lambda h, t, d, s: np.asarray(d["first_gw_quarter"], dtype=float),
    "full_build_online": lambda h, t, d, s: np.asarray(d["full_build_quarter"], dtype=float),
}


def headline_arrays(data: Mapping[str, np.ndarray], static) -> dict[str, np.ndarray]:
    """Every headline figure per draw (draws,), dates as quarter ordinals under :data:`DATE_ARRAYS` names."""
    at_q = np.asarray(data["headline_quarter"])
    idx = np.where(at_q >= 0, at_q - static.q0, -1).astype(np.int64)
    at_fb = data.get("at_full_build", {})  # figures a Monte Carlo computed on that quarter alone

    def at(name):
        return at_fb[name] if name in at_fb else value_at(data[name], idx)

    totals: dict[str, np.ndarray] = {}

    def total(name):  # several figures read the same total
        if name not in totals:
            totals[name] = total_through(data[name], idx)
        return totals[name]

    h: dict[str, np.ndarray] = {"hardware_gw": at("hardware_gw")}
    for name, o in outputs.headline().items():
        how, of = o.rule
        if how == "at":
            h[name] = at(of)
        elif how == "annual":
            h[name] = 4.0 * at(of)
        elif how == "total":
            h[name] = total(of)
        elif name in FORMULAS:
            h[DATE_ARRAYS.get(name, name)] = FORMULAS[name](h, total, data, static)
        else:
            raise KeyError(f"outputs.csv: headline figure {name!r} has derive=formula but no formula")
    del h["hardware_gw"]
    return h
