"""A published case like for like: the off-grid AI whitepaper (Baranko et al., offgridai.us, Dec 2024).

Its West Texas cases, with its cost inputs, its financing and its 30 % investment tax credit on solar and
batteries (``power_cases.csv``, every row sourced: the open calculator's defaults, which a second public
implementation of the whitepaper's workbook carries too), on this project's West Texas solar profile:

* **gas turbines alone**, 125 % of the load as turbines;
* **44 %** and **90 %** of the energy from solar + storage with 125 % gas-engine backup: the LP with gas
  engines, single-axis solar and 4-hour batteries, a CO2 cap that leaves gas at most 56 % (10 %) of the
  energy, and a 25 % reserve margin on the engines.

The LP chooses the design on levelised costs (an after-tax WACC annuity, levelised escalation); each design is
then priced with the workbook's own cash-flow model (``cash_flow_lcoe``: 70 % debt, MACRS, the credit in year 1,
escalating fuel and O&M, the break-even price at which equity earns its 11 %). Differences that remain: the
solar resource (this project's synthetic profile scaled to its Texas capacity factor, not the workbook's
measured weather at its sites), the dispatch (the LP's optimum, not the workbook's rules), no degradation of
solar or batteries over the 20 years.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gigawatt.power import lp, options as opt, profiles
from gigawatt.power.options import crf

CASE = "offgridai-2024"
SITE = (31.9, -106.2)  # El Paso, West Texas: the calculator's example site and the workbook's verification case
MACRS_5 = (0.20, 0.32, 0.192, 0.1152, 0.1152, 0.0576)  # IRS Pub. 946 Table A-1, 5-year half-year (the workbook's)
CO2_T_PER_MMBTU = 0.05306  # EPA GHG Emission Factors Hub (power_options.csv natural-gas co2_kg_per_mmbtu)


@dataclass(frozen=True)
class Design:
    """A built system priced year by year: capex, credit, year-1 O&M and fuel, energy served."""

    capex_usd: float  # hard + soft
    itc_usd: float  # the credit, received in operating year 1
    om_usd_yr: float  # year-1 O&M (fixed + variable), escalating
    fuel_mmbtu_yr: float
    served_mwh_yr: float


def inputs() -> dict[str, float]:
    from gigawatt.power.reliability import read_tidy

    return {q: r.number for q, r in read_tidy("power_cases.csv")[CASE].items()}


def escalated(c: dict, growth: float) -> float:
    """A year-1 cost escalating at ``growth`` a year over the life, levelised at the after-tax WACC [x year 1]."""
    r, n = c["discount_rate"], int(c["life_years"])
    t = np.arange(1, n + 1)
    return float(((1 + growth) ** (t - 1) / (1 + r) ** t).sum()) * crf(r, n)


def levelised_fuel(c: dict) -> float:
    """The fuel price escalating over the life, levelised at the after-tax WACC [USD/MMBtu]."""
    return c["fuel_usd_per_mmbtu"] * escalated(c, c["fuel_escalation"])


def cash_flow_lcoe(d: Design, c: dict) -> float:
    """The workbook's break-even price: equity NPV (at the start of construction, at the cost of equity) = 0.

    Equity pays its share of capex evenly over construction; debt is a level annuity; tax is on revenue less
    O&M, fuel, MACRS depreciation (basis reduced by half the credit) and interest, losses offsetting other
    income; the credit arrives in operating year 1. Revenue is linear in the price, so it is solved directly."""
    n, b, re, rd, tax = int(c["life_years"]), int(c["construction_years"]), c["cost_of_equity"], c["cost_of_debt"], c["tax_rate"]
    t = np.arange(1, n + 1)
    disc = (1 + re) ** -(t + b)
    debt = c["leverage"] * d.capex_usd
    interest = debt * rd * ((1 + rd) ** n - (1 + rd) ** (t - 1)) / ((1 + rd) ** n - 1)
    depreciation = np.zeros(n)
    depreciation[: len(MACRS_5)] = np.array(MACRS_5) * (d.capex_usd - d.itc_usd / 2)
    costs = (d.om_usd_yr * (1 + c["om_escalation"]) ** (t - 1)
             + d.fuel_mmbtu_yr * c["fuel_usd_per_mmbtu"] * (1 + c["fuel_escalation"]) ** (t - 1))
    equity_at_zero_price = (-costs - debt * crf(rd, n) + tax * (costs + depreciation + interest)) @ disc
    equity_capex = (1 - c["leverage"]) * d.capex_usd / b * ((1 + re) ** -np.arange(1, b + 1)).sum()
    npv = equity_at_zero_price + d.itc_usd * disc[0] - equity_capex
    return float(-npv / (d.served_mwh_yr * (1 - tax) * disc.sum()))


def turbines_design(c: dict) -> Design:
    """125 % of the load as gas turbines running flat out for the load; no soft costs on turbines (the workbook's)."""
    gas_mw, load, served = c["backup_share"] * c["load_mw"], c["load_mw"], c["load_mw"] * 8760.0
    integration = c["integration_capex_usd_per_kw"] * 1e3 * load
    om = (c["turbine_fixed_om_usd_per_kw_yr"] * 1e3 * gas_mw + c["bos_fixed_om_usd_per_kw_yr"] * 1e3 * load
          + c["soft_om_share"] * integration + c["turbine_variable_om_usd_per_mwh"] * served)
    return Design(capex_usd=c["turbine_capex_usd_per_kw"] * 1e3 * gas_mw + integration * (1 + c["soft_cost_share"]),
                  itc_usd=0.0, om_usd_yr=om, fuel_mmbtu_yr=served * c["turbine_heat_rate_btu_per_kwh"] / 1e3,
                  served_mwh_yr=served)


def microgrid_design(c: dict, solar_mwac: float, battery_mwh: float, engines_mw: float, gas_mwh: float) -> Design:
    """Engines, solar (MW-DC = MWac x the case's DC/AC) and 4-hour batteries serving the flat load."""
    solar_mwdc, load = solar_mwac * c["dc_ac_ratio"], c["load_mw"]
    clean = c["solar_capex_usd_per_wdc"] * 1e6 * solar_mwdc + c["bess_capex_usd_per_kwh"] * 1e3 * battery_mwh
    hard = clean + c["engine_capex_usd_per_kw"] * 1e3 * engines_mw + c["integration_capex_usd_per_kw"] * 1e3 * load
    om = (c["solar_fixed_om_usd_per_kw_yr"] * 1e3 * solar_mwdc
          + c["bess_fixed_om_usd_per_kw_yr"] * 1e3 * battery_mwh / c["bess_hours"]
          + c["engine_fixed_om_usd_per_kw_yr"] * 1e3 * engines_mw + c["bos_fixed_om_usd_per_kw_yr"] * 1e3 * load
          + c["soft_om_share"] * hard + c["engine_variable_om_usd_per_mwh"] * gas_mwh)
    soft = 1 + c["soft_cost_share"]
    return Design(capex_usd=hard * soft, itc_usd=c["itc_rate"] * clean * soft, om_usd_yr=om,
                  fuel_mmbtu_yr=gas_mwh * c["engine_heat_rate_btu_per_kwh"] / 1e3, served_mwh_yr=load * 8760.0)


def gas_turbines_alone(c: dict) -> float:
    """LCOE of the load on turbines alone, 125 % of it built, by the workbook's cash-flow model [USD/MWh]."""
    return cash_flow_lcoe(turbines_design(c), c)


def case_options(c: dict) -> dict[str, opt.Option]:
    """Gas engines, solar and 4-hour batteries at the case's costs, levelised for the LP's choice of design
    (the credit on solar and batteries; fixed O&M escalated, soft O&M on each one's capex)."""
    k, soft, itc = crf(c["discount_rate"], c["life_years"]), 1 + c["soft_cost_share"], c["itc_rate"]
    om, fuel, dc_ac = escalated(c, c["om_escalation"]), levelised_fuel(c), c["dc_ac_ratio"]
    heat = c["engine_heat_rate_btu_per_kwh"] / 1e3
    engine = c["engine_capex_usd_per_kw"] * 1e3
    solar = c["solar_capex_usd_per_wdc"] * dc_ac * 1e6  # per MWac
    bess = c["bess_capex_usd_per_kwh"] * 1e3  # per MWh
    base = {key: opt.build(key, fuel_price_usd_per_mmbtu=fuel) for key in ("gas-recip", "solar", "battery-4h")}

    def fixed(capex: float, credit: float, om_yr: float) -> float:
        return capex * soft * (1 - credit) * k + (om_yr + c["soft_om_share"] * capex) * om

    return {
        "gas-recip": replace(base["gas-recip"], capex_usd_per_mw=engine * soft, fixed_usd_per_mw_yr=fixed(
            engine, 0.0, c["engine_fixed_om_usd_per_kw_yr"] * 1e3), marginal_usd_per_mwh=heat * fuel
            + c["engine_variable_om_usd_per_mwh"] * om, fuel_mmbtu_per_mwh=heat, co2_t_per_mwh=heat * CO2_T_PER_MMBTU,
            life_years=c["life_years"]),
        "solar": replace(base["solar"], capex_usd_per_mw=solar * soft * (1 - itc), life_years=c["life_years"],
                         fixed_usd_per_mw_yr=fixed(solar, itc, c["solar_fixed_om_usd_per_kw_yr"] * 1e3 * dc_ac)),
        "battery-4h": replace(base["battery-4h"], capex_usd_per_mw=0.0, life_years=c["life_years"],
                              fixed_usd_per_mw_yr=c["bess_fixed_om_usd_per_kw_yr"] * 1e3 * om,
                              capex_usd_per_mwh=bess * soft * (1 - itc), fixed_usd_per_mwh_yr=fixed(bess, itc, 0.0))}


def microgrid(c: dict, renewable_share: float) -> dict:
    """The LP's least-cost microgrid serving ``renewable_share`` of the energy from solar + storage, priced
    with the workbook's cash-flow model."""
    options = case_options(c)
    load = np.full(profiles.HOURS_PER_YEAR, c["load_mw"])
    cf = {"solar": profiles.solar(*SITE, _solar_cf())}
    cap = (1 - renewable_share) * float(load.sum()) * options["gas-recip"].co2_t_per_mwh
    sol = lp.solve(load, options, cf, co2_cap_t_per_yr=cap, reserve_margin=c["backup_share"] - 1.0)
    served, gas = float(load.sum()), float(sol.dispatch_mw["gas-recip"].sum())
    got = {"solar_mw": sol.capacity_mw["solar"], "battery_mwh": sol.energy_mwh["battery-4h"],
           "engines_mw": sol.capacity_mw["gas-recip"]}
    design = microgrid_design(c, got["solar_mw"], got["battery_mwh"], got["engines_mw"], gas)
    return {"lcoe_usd_per_mwh": cash_flow_lcoe(design, c), "renewable_share": 1 - gas / served,
            "annuity_lcoe_usd_per_mwh": sol.cost_usd_per_yr / served + _integration_levelised(c), **got}


def _integration_levelised(c: dict) -> float:
    """System integration (with soft costs, soft O&M) and balance-of-system O&M per kW of load, per MWh."""
    capex = c["integration_capex_usd_per_kw"]
    per_kw = (capex * (1 + c["soft_cost_share"]) * crf(c["discount_rate"], c["life_years"])
              + (c["bos_fixed_om_usd_per_kw_yr"] + c["soft_om_share"] * capex) * escalated(c, c["om_escalation"]))
    return per_kw * 1e3 / 8760.0


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
