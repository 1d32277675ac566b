"""Supply options: catalog rows of ``power_options.csv`` -> cost parameters for the LP (annuities, $/MWh).

One :class:`Option` per supply technology, in plain numbers with units in their names. The annuity
(capital recovery factor) is the textbook one, ``r (1+r)^n / ((1+r)^n - 1)`` (e.g. NREL ATB's fixed charge
rate without taxes); fuel cost is heat rate x fuel price; CO2 is heat rate x the EPA emission factor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gigawatt.errors import InputError, show

GROUPS: dict[str, tuple[str, ...]] = {
    "grid": ("grid",),
    "gas": ("gas-aero", "gas-frame", "gas-ccgt", "gas-recip"),
    "solar": ("solar",),
    "wind": ("wind",),
    "battery": ("battery",),
    "firm": ("firm",),
}
# A battery's duration is chosen by the LP between the two catalog systems (ATB's power + energy cost model,
# linear in duration); battery-4h and battery-8h pin it to one of them.
FIXED_BATTERIES = {"battery-4h": 4.0, "battery-8h": 8.0}
ALL_OPTIONS: tuple[str, ...] = ("grid", "gas-aero", "gas-frame", "gas-ccgt", "gas-recip", "solar", "wind", "battery",
                                *FIXED_BATTERIES, "firm")
DEFAULT_OPTIONS = ",".join(GROUPS)
LABELS = {"grid": "grid import", "gas-aero": "gas aeroderivative CT", "gas-frame": "gas frame CT (simple cycle)",
          "gas-ccgt": "gas combined cycle", "gas-recip": "gas reciprocating engines", "solar": "solar PV (1-axis)",
          "wind": "onshore wind", "battery": "battery (4-8 h)", "battery-4h": "battery 4 h", "battery-8h": "battery 8 h",
          "firm": "firm clean PPA (nuclear/geothermal)"}
MMBTU_PER_MWH_PER_BTU_PER_KWH = 1e-3  # 1 Btu/kWh = 1e-3 MMBtu/MWh


def crf(rate: float, years: float) -> float:
    """Capital recovery factor: the level annual payment per $ of capital over ``years`` at ``rate``. [1/yr]"""
    if rate == 0:
        return 1.0 / years
    g = (1.0 + rate) ** years
    return rate * g / (g - 1.0)


@dataclass(frozen=True)
class Option:
    """One supply option in the LP's units: MW, MWh, USD per year."""

    key: str
    kind: str  # "generator" (dispatchable or variable) or "storage"
    capex_usd_per_mw: float  # overnight, per MW of power (storage: the power part only)
    fixed_usd_per_mw_yr: float  # annuity of capex + fixed O&M (storage: the power part)
    marginal_usd_per_mwh: float  # fuel + variable O&M (+ contract price for grid and firm)
    co2_t_per_mwh: float
    fuel_mmbtu_per_mwh: float  # gas burned per MWh (0 for non-gas)
    life_years: float
    lead_time_months: float
    land_acres_per_mw: float
    limit_mw: float = math.inf  # interconnection or contract size
    efficiency: float = 1.0  # storage round trip
    capex_usd_per_mwh: float = 0.0  # storage: the energy part (overnight)
    fixed_usd_per_mwh_yr: float = 0.0  # storage: annuity + fixed O&M of the energy part
    land_acres_per_mwh: float = 0.0  # storage: land of the energy part
    min_hours: float = 0.0  # storage: energy / power, at least
    max_hours: float = 0.0  # storage: energy / power, at most
    variable: bool = False  # solar/wind: output bounded by an hourly profile
    unit_reserve: float = 0.0  # gas: units kept in reserve over those running, a share (power/reliability.py)

    @property
    def label(self) -> str:
        return LABELS.get(self.key, self.key)


def _num(rows: dict, quantity: str, default: float | None = None, scale: dict | None = None) -> float:
    r = rows.get(quantity)
    if r is None:
        if default is None:
            raise LookupError(f"power_options.csv: no {quantity}")
        return default
    v = r.number
    if scale and quantity in scale:
        v *= scale[quantity]
    return v


def build(key: str, fuel_price_usd_per_mmbtu: float | None = None, discount_rate: float | None = None,
          scale: dict[str, float] | None = None, co2_price_usd_per_t: float = 0.0,
          grid_mw: float | None = None, firm_mw: float | None = None) -> Option:
    """The option ``key`` from the catalog, with annuities at ``discount_rate`` (default: the catalog's).

    ``scale`` multiplies named quantities (``capex_usd_per_kw``, ``price_usd_per_mwh``) for sweeps.
    """
    from gigawatt import catalog

    cat = catalog.power_options()
    rate = cat["finance"]["discount_rate"].number if discount_rate is None else discount_rate
    if key == "battery" or key in FIXED_BATTERIES:
        return _battery(key, cat, rate, scale)
    rows = cat[key]
    fuel = cat["natural-gas"]["fuel_price_usd_per_mmbtu"].number if fuel_price_usd_per_mmbtu is None \
        else fuel_price_usd_per_mmbtu
    life = _num(rows, "life_years", 30.0)
    capex_mw = _num(rows, "capex_usd_per_kw", 0.0, scale) * 1e3
    fom_mw = _num(rows, "fixed_om_usd_per_kw_yr", 0.0) * 1e3
    fixed = capex_mw * crf(rate, life) + fom_mw
    hr = _num(rows, "heat_rate_btu_per_kwh", 0.0)
    fuel_mmbtu = hr * MMBTU_PER_MWH_PER_BTU_PER_KWH
    co2 = fuel_mmbtu * cat["natural-gas"]["co2_kg_per_mmbtu"].number / 1e3
    if key in ("grid", "firm"):
        co2 = _num(rows, "carbon_g_per_kwh", 0.0) / 1e3  # g/kWh = kg/MWh -> t/MWh
    marginal = fuel_mmbtu * fuel + _num(rows, "variable_om_usd_per_mwh", 0.0) + \
        _num(rows, "price_usd_per_mwh", 0.0, scale) + co2 * co2_price_usd_per_t
    limit = _num(rows, "limit_mw", math.inf)
    if key == "grid" and grid_mw is not None:
        limit = grid_mw
    if key == "firm" and firm_mw is not None:
        limit = firm_mw
    return Option(key=key, kind="generator", capex_usd_per_mw=capex_mw,
                  fixed_usd_per_mw_yr=fixed, marginal_usd_per_mwh=marginal, co2_t_per_mwh=co2,
                  fuel_mmbtu_per_mwh=fuel_mmbtu, life_years=life,
                  lead_time_months=_num(rows, "lead_time_months", 0.0),
                  land_acres_per_mw=_num(rows, "land_acres_per_mw", 0.0), limit_mw=limit,
                  variable=key in ("solar", "wind"))


def _battery(key: str, cat: dict, rate: float, scale: dict | None) -> Option:
    """A battery from the catalog's two systems (4 h and 8 h), read as two points of NREL ATB's cost model:
    cost per kW of a system of d hours = power part (USD/kW) + d x energy part (USD/kWh). Two points give both
    parts exactly: energy = (c8 - c4) / (8 - 4), power = c4 - 4 x energy; capex, fixed O&M and land alike.
    ``battery`` may take any duration between the two systems; ``battery-4h`` / ``battery-8h`` are pinned."""
    short, long = cat["battery-4h"], cat["battery-8h"]
    d_short, d_long = _num(short, "duration_hours"), _num(long, "duration_hours")

    def parts(quantity: str, per: float = 1e3) -> tuple[float, float]:
        lo, hi = _num(short, quantity, 0.0, scale) * per, _num(long, quantity, 0.0, scale) * per
        energy = (hi - lo) / (d_long - d_short)
        return lo - d_short * energy, energy  # per MW, per MWh

    capex_p, capex_e = parts("capex_usd_per_kw")
    fom_p, fom_e = parts("fixed_om_usd_per_kw_yr")
    land_p, land_e = parts("land_acres_per_mw", per=1.0)
    life = _num(short, "life_years", 15.0)
    k = crf(rate, life)
    lo, hi = (d_short, d_long) if key == "battery" else (FIXED_BATTERIES[key],) * 2
    return Option(key=key, kind="storage", capex_usd_per_mw=capex_p, fixed_usd_per_mw_yr=capex_p * k + fom_p,
                  marginal_usd_per_mwh=_num(short, "variable_om_usd_per_mwh", 0.0), co2_t_per_mwh=0.0,
                  fuel_mmbtu_per_mwh=0.0, life_years=life,
                  lead_time_months=max(_num(short, "lead_time_months", 0.0), _num(long, "lead_time_months", 0.0)),
                  land_acres_per_mw=land_p, efficiency=_num(short, "round_trip_efficiency", 1.0),
                  capex_usd_per_mwh=capex_e, fixed_usd_per_mwh_yr=capex_e * k + fom_e, land_acres_per_mwh=land_e,
                  min_hours=lo, max_hours=hi)


def parse_options(text: str | None, path: str = "--options") -> tuple[str, ...]:
    """``grid,gas,solar`` (groups or single keys such as ``gas-recip``) -> option keys in catalog order."""
    if text is None or not str(text).strip():
        text = DEFAULT_OPTIONS
    chosen: set[str] = set()
    for word in (w.strip().lower() for w in str(text).split(",")):
        if not word:
            continue
        if word in GROUPS:
            chosen.update(GROUPS[word])
        elif word in ALL_OPTIONS:
            chosen.add(word)
        else:
            raise InputError(path, f"{show(word)} is not a supply option; known: {', '.join(GROUPS)} "
                                   f"or one of {', '.join(ALL_OPTIONS)}")
    if not chosen:
        raise InputError(path, f"{show(text)} names no supply option; known: {', '.join(GROUPS)}")
    return tuple(k for k in ALL_OPTIONS if k in chosen)


def months_until(energised_by: str, as_of_quarter: int, path: str = "--energised-by") -> float:
    """Months from the start of quarter ``as_of_quarter`` to the start of the quarter ``energised_by`` names."""
    from gigawatt import timeline

    q = timeline.parse_quarter(energised_by, path)
    return 3.0 * (q - as_of_quarter)


def energised_filter(keys: tuple[str, ...], opts: dict[str, Option], months: float, energised_by: str) -> tuple[str, ...]:
    """Keep options whose lead time fits in ``months``; none left -> one line saying which need how long."""
    kept = tuple(k for k in keys if opts[k].lead_time_months <= months)
    if not kept:
        slow = ", ".join(f"{opts[k].label} needs {opts[k].lead_time_months:g} months" for k in keys)
        raise InputError("--energised-by", f"no option left after --energised-by {energised_by} "
                                           f"({max(months, 0):g} months away): {slow}")
    return kept

