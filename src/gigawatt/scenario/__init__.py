"""Scenario files: load, override, validate.

A scenario is YAML in the shape of DESIGN.md section 4. This package turns it into a validated
:class:`Scenario` (pydantic), parsing quantities with units once (``"1.8 GW"``, ``"$100B"``), resolving
dates (``"2026H2"``) and catalog names, and applying ``--set a.b=value`` overrides. Every problem becomes
one :class:`~gigawatt.errors.InputError` naming the field, the value given and what is allowed.

Modules: ``schema`` (the sections as pydantic models), ``phases`` (a program's phases), ``files`` (finding and
reading scenario files), ``overrides`` (``--set``), ``messages`` (validation errors in one line), ``composite``
(``include:``), ``overlay`` (views laid over a scenario), ``phasefields`` (what phases or sites set),
``validate`` (validation and loading).
"""

from gigawatt.scenario.files import builtin_names, read_raw, split_view
from gigawatt.scenario.overrides import apply_override, apply_overrides, parse_override
from gigawatt.scenario.phases import MAX_PHASES, expand_phases
from gigawatt.scenario.schema import (CapexSplit, Compute, CustomerRevenue, Depreciation, Energy, Facility, Finance,
                                      Investment, LeadQuarters, Phase, PlatformOverride, Program, Scenario, Section,
                                      Superseded)
from gigawatt.scenario.validate import DEFAULT_SCENARIO, json_schema, load_scenario, validate

__all__ = ["DEFAULT_SCENARIO", "MAX_PHASES", "CapexSplit", "Compute", "CustomerRevenue", "Depreciation", "Energy",
           "Facility", "Finance", "Investment", "LeadQuarters", "Phase", "PlatformOverride", "Program", "Scenario",
           "Section", "Superseded", "apply_override", "apply_overrides", "builtin_names", "expand_phases", "json_schema", "load_scenario",
           "parse_override", "read_raw", "split_view", "validate"]
