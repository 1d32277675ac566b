"""What hardware: power -> IT power -> rack power -> units -> GPU packages and dies.

DESIGN.md section 3, "Capacity": ``it = facility / pue``; ``rack = it / (1 + non_rack_it_overhead)``
(network, storage and CPU hosts outside the GPU racks); ``units = rack / unit_kw``;
``gpus = units × packages per unit``. The catalog says how a platform counts GPUs: Vera Rubin NVL144 has
144 dies in 72 packages, so the model reports packages and dies and lets the reader pick.
"""

from __future__ import annotations


def it_power_gw(facility_power_gw, pue):
    """Critical IT load behind a grid connection. [GW]"""
    return facility_power_gw / pue


def rack_power_gw(it_power_gw, non_rack_it_overhead):
    """IT power left for the GPU racks once network, storage and CPU hosts are served. [GW]"""
    return it_power_gw / (1.0 + non_rack_it_overhead)


def racks(rack_power_gw, unit_power_kw):
    """GPU racks (or 8-GPU servers) that fit in a rack power budget. [units]"""
    return rack_power_gw * 1e6 / unit_power_kw


def gpus(racks, gpus_per_unit):
    """GPU packages (or dies, given dies per unit) in ``racks`` racks or servers. [GPUs]"""
    return racks * gpus_per_unit


def gpus_per_facility_gw(pue, non_rack_it_overhead, unit_power_kw, gpus_per_unit):
    """GPUs per GW of grid connection, the figure public statements quote. [GPUs/GW]"""
    return racks(rack_power_gw(it_power_gw(1.0, pue), non_rack_it_overhead), unit_power_kw) * gpus_per_unit
