"""What it draws: energy, electricity cost, carbon, water, and comparisons.

DESIGN.md section 3, "Energy": ``energy_twh = facility_gw × load_factor × hours / 1000``. Comparisons use
sourced reference data (gigawatt/data): reactors are compared by power, states and households by energy.
"""

from __future__ import annotations


def energy_twh(facility_power_gw, load_factor, hours):
    """Energy drawn over ``hours`` at an average of ``load_factor`` × capacity. [TWh]

    1 GW at 0.8 for 8,760 h is 7.008 TWh.
    """
    return facility_power_gw * load_factor * hours / 1000.0


def electricity_cost_usd(energy_twh, price_usd_per_mwh):
    """Cost of the energy at a flat price (1 TWh = 1e6 MWh). [USD]"""
    return energy_twh * 1e6 * price_usd_per_mwh


def carbon_mt(energy_twh, carbon_g_per_kwh):
    """CO2 from grid electricity: TWh × g/kWh = 1e9 kWh × g = kt; /1000 -> Mt. [Mt CO2]"""
    return energy_twh * carbon_g_per_kwh / 1000.0


def water_gl(energy_twh, wue_l_per_kwh):
    """On-site water: 1e9 kWh × L/kWh = 1e9 L = 1 GL per TWh per L/kWh. [GL]"""
    return energy_twh * wue_l_per_kwh


def reactor_equivalents(facility_power_gw, reactor_net_capacity_gw):
    """Reactors whose net capacity equals the facility power (power against power). [reactors]"""
    return facility_power_gw / reactor_net_capacity_gw


def reactor_equivalents_energy(annual_energy_twh, reactor_net_capacity_gw, capacity_factor, hours_per_year):
    """Reactors whose annual output equals the annual energy (energy against energy). [reactors]"""
    return annual_energy_twh / energy_twh(reactor_net_capacity_gw, capacity_factor, hours_per_year)


def share_of(annual_energy_twh, reference_twh):
    """Annual energy as a multiple of a reference's annual use (a state, a city). [ratio]"""
    return annual_energy_twh / reference_twh


def households(annual_energy_twh, household_kwh_per_year):
    """Average households whose yearly use equals the annual energy. [households]"""
    return annual_energy_twh * 1e9 / household_kwh_per_year
