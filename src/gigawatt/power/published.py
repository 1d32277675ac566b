"""A published case like for like: the off-grid AI whitepaper (Baranko et al., offgridai.us, Dec 2024).

Its West Texas cases, with its cost inputs and its 30 % investment tax credit on solar and batteries
(``power_cases.csv``, every row sourced; the inputs are the open calculator's defaults, taken as the
whitepaper's workbook assumptions), solved by this project's LP on its own West Texas solar profile:

* **gas turbines alone**, 125 % of the load as turbines (by hand: annuity + fixed O&M + fuel + variable O&M);
* **44 %** and **90 %** of the energy from solar + storage with 125 % gas-engine backup: the LP with gas
  engines, single-axis solar and 4-hour batteries, a CO2 cap that leaves gas at most 56 % (10 %) of the
  energy, and a 25 % reserve margin on the engines.

Both sides charge the calculator's system integration (microgrid, controls) per kW of load and its soft
costs. Differences that remain: the whitepaper's cash-flow model (debt, MACRS, escalation year by year) is
stood in for by an after-tax WACC annuity and a levelised fuel price; its solar resource (measured weather
at its sites) by this project's Abilene-region profile; its dispatch rules by the LP's optimum.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from gigawatt.power import lp, options as opt, profiles
from gigawatt.power.options import crf

CASE = "offgridai-2024"
SITE = (31.42, -103.49)  # Pecos, West Texas (the whitepaper's region; its parcels are mostly in West Texas)
DC_AC = profiles.DC_AC_RATIO


def inputs() -> dict[str, float]:
    from gigawatt.power.reliability import read_tidy

    return {q: r.number for q, r in read_tidy("power_cases.csv")[CASE].items()}


def levelised_fuel(c: dict) -> float:
    """The fuel price escalating 3 %/yr over the life, levelised at the discount rate [USD/MMBtu]."""
    r, n, g = c["discount_rate"], int(c["life_years"]), 0.03
    pv = sum((1 + g) ** (t - 1) / (1 + r) ** t for t in range(1, n + 1))
    return c["fuel_usd_per_mmbtu"] * pv * crf(r, n)


def integration_usd_per_mwh(c: dict) -> float:
    """System integration capex (with soft costs) and balance-of-system O&M per kW of load, per MWh."""
    k = crf(c["discount_rate"], c["life_years"])
    return (c["integration_capex_usd_per_kw"] * (1 + c["soft_cost_share"]) * k + 6.0) * 1e3 / 8760.0


def gas_turbines_alone(c: dict) -> float:
    """LCOE of the load on turbines alone, 125 % of it built [USD/MWh]."""
    k = crf(c["discount_rate"], c["life_years"])
    fixed = c["backup_share"] * (c["turbine_capex_usd_per_kw"] * (1 + c["soft_cost_share"]) * k + 15.0) * 1e3
    return fixed / 8760.0 + 9.630 * levelised_fuel(c) + 5.0 + integration_usd_per_mwh(c)


def case_options(c: dict, itc: float = 0.30) -> dict[str, opt.Option]:
    """Gas engines, solar and 4-hour batteries at the case's costs, the credit on solar and batteries."""
    k = crf(c["discount_rate"], c["life_years"])
    soft = 1 + c["soft_cost_share"]
    fuel = levelised_fuel(c)
    engine_capex = c["engine_capex_usd_per_kw"] * soft * 1e3
    solar_capex = c["solar_capex_usd_per_wdc"] * DC_AC * soft * 1e6  # per MWac
    bess_capex = c["bess_capex_usd_per_kwh"] * soft * 1e3  # per MWh
    base = {key: opt.build(key, fuel_price_usd_per_mmbtu=fuel) for key in ("gas-recip", "solar", "battery-4h")}
    return {
        "gas-recip": replace(base["gas-recip"], capex_usd_per_mw=engine_capex, fixed_usd_per_mw_yr=engine_capex * k + 10e3,
                             marginal_usd_per_mwh=8.989 * fuel + 25.0, fuel_mmbtu_per_mwh=8.989,
                             co2_t_per_mwh=8.989 * 0.05306, life_years=c["life_years"]),
        "solar": replace(base["solar"], capex_usd_per_mw=solar_capex * (1 - itc),
                         fixed_usd_per_mw_yr=solar_capex * (1 - itc) * k + 11e3 * DC_AC, life_years=c["life_years"]),
        "battery-4h": replace(base["battery-4h"], capex_usd_per_mw=0.0, fixed_usd_per_mw_yr=2.5e3,
                              capex_usd_per_mwh=bess_capex * (1 - itc), fixed_usd_per_mwh_yr=bess_capex * (1 - itc) * k,
                              life_years=c["life_years"])}


def microgrid(c: dict, renewable_share: float) -> dict:
    """The LP's least-cost microgrid serving ``renewable_share`` of the energy from solar + storage."""
    options = case_options(c)
    load = np.full(profiles.HOURS_PER_YEAR, c["load_mw"])
    cf = {"solar": profiles.solar(*SITE, _solar_cf())}
    cap = (1 - renewable_share) * float(load.sum()) * options["gas-recip"].co2_t_per_mwh
    sol = lp.solve(load, options, cf, co2_cap_t_per_yr=cap, reserve_margin=c["backup_share"] - 1.0)
    served = float(load.sum())
    gas = float(sol.dispatch_mw["gas-recip"].sum())
    return {"lcoe_usd_per_mwh": sol.cost_usd_per_yr / served + integration_usd_per_mwh(c),
            "renewable_share": 1 - gas / served, "solar_mw": sol.capacity_mw["solar"],
            "battery_mwh": sol.energy_mwh["battery-4h"], "engines_mw": sol.capacity_mw["gas-recip"]}


def _solar_cf() -> float:
    from gigawatt import catalog

    return catalog.power_options()["solar"]["capacity_factor_tx"].number


def side_by_side(shares=(0.44, 0.90)) -> list[dict]:
    """The published LCOEs beside this project's, case by case, with the difference."""
    c = inputs()
    rows = [("gas turbines alone", c["gas_turbine_lcoe_usd_per_mwh"], gas_turbines_alone(c), {})]
    for s in shares:
        got = microgrid(c, s)
        rows.append((f"{s:.0%} solar + storage, 125 % engines", c[f"renewable_{round(s * 100)}_lcoe_usd_per_mwh"],
                     got["lcoe_usd_per_mwh"], got))
    return [{"case": name, "published_usd_per_mwh": pub, "gigawatt_usd_per_mwh": ours,
             "difference": ours / pub - 1.0, **detail} for name, pub, ours, detail in rows]
