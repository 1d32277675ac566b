"""A raw scenario validated (schema, view, composite, cross-field checks) and loaded by name or path."""

from __future__ import annotations

import copy
import math
from pathlib import Path

from pydantic import ValidationError

from gigawatt import catalog, timeline
from gigawatt.errors import InputError, show
from gigawatt.scenario import phasefields
from gigawatt.scenario.composite import include_ref, resolve_composite
from gigawatt.scenario.files import builtin_names, read_raw
from gigawatt.scenario.messages import translate
from gigawatt.scenario.overlay import with_view
from gigawatt.scenario.overrides import apply_overrides, parse_override
from gigawatt.scenario.phases import MAX_PHASES, expand_phases
from gigawatt.scenario.schema import Scenario

DEFAULT_SCENARIO = "openai-nvidia-2026"  # the NVIDIA–OpenAI deal as it stands (the LOI is superseded)


def validate(raw: dict, where: str = "scenario", _stack: tuple[str, ...] | None = None, *,
             builtins_only: bool = False, _viewless: bool = False) -> Scenario:
    """Validate a raw mapping into a :class:`Scenario`, with cross-field checks.

    ``builtins_only=True`` (a scenario sent to the server): ``include:`` may name built-in scenarios only,
    and no file is opened or looked at.
    """
    stack = _stack if _stack is not None else (include_ref(where, where, builtins_only),)
    parts: list[Scenario] = []
    if raw.get("include"):
        summary, parts = resolve_composite(raw, where, stack, builtins_only, validate)
        raw = {**raw, **summary, "view": parts[0].view if parts else raw.get("view", "")}
    else:
        if raw.get("parts"):
            name = next(iter(raw["parts"])) if isinstance(raw["parts"], dict) else ""
            raise InputError(f"parts.{name}".rstrip("."), "only a composite scenario (include: [...]) has parts; "
                                                          f"{show(raw.get('name', where))} is one program")
        if not _viewless:
            raw = with_view(raw, builtins_only, validate)
    try:
        scn = Scenario.model_validate(phasefields.prepare(raw))
    except ValidationError as err:
        raise translate(err, where) from None
    except InputError:
        raise
    except RecursionError:  # defence in depth: loaded YAML is at most yamlsafe.MAX_DEPTH levels deep
        raise InputError(where, "is nested too deeply to be a scenario") from None
    phasefields.settle(raw, scn)
    _check(scn)
    scn._parts = tuple(parts)
    return scn


def _check(scn: Scenario) -> None:
    """Checks that need the catalog or several fields."""
    start = _check_horizon(scn)
    _check_program(scn.program, start, scn.horizon[0])
    _check_references(scn)
    from gigawatt import fields  # late: fields reads the scenario schema

    fields.check_uncertainty(scn)


def _check_horizon(scn: Scenario) -> int:
    """The horizon in order and at most 40 years; returns its first quarter."""
    start, stop = (timeline.parse_quarter(h, f"horizon[{i}]") for i, h in enumerate(scn.horizon))
    if stop < start:
        raise InputError("horizon", f"{scn.horizon[1]} is before {scn.horizon[0]}")
    if stop - start > 40 * 4:
        raise InputError("horizon", f"{scn.horizon[0]}..{scn.horizon[1]} is longer than 40 years")
    return start


def _check_program(p, start: int, start_label: str) -> None:
    """Phases: how many, their dates and platforms (their total is the capacity: scenario.phasefields)."""
    n_phases = len(p.phases) if p.phases else (math.ceil(p.capacity_gw / p.phase_gw - 1e-9)
                                                if p.ramp_gw_per_year is not None else 1)
    if n_phases > MAX_PHASES:
        what = "program.phases" if p.phases else "program.phase_gw"
        raise InputError(what, f"the program would have {n_phases:,} phases; at most {MAX_PHASES:,} are allowed "
                               f"(capacity_gw {p.capacity_gw:g} / phase_gw {p.phase_gw:g})")
    cat = catalog.platforms()
    timeline.parse_quarter(p.first_online, "program.first_online")
    if p.platform != "auto":
        catalog.platform(p.platform, "program.platform")
    if p.vendor not in {pl.vendor for pl in cat.values()}:
        raise InputError("program.vendor", f"{show(p.vendor)} has no platform in the catalog; known vendors: "
                                            f"{', '.join(sorted({pl.vendor for pl in cat.values()}))}")
    for i, ph in enumerate(p.phases):
        q = timeline.parse_quarter(ph.online, f"program.phases[{i}].online")
        if ph.platform not in (None, "auto"):
            pl = catalog.platform(ph.platform, f"program.phases[{i}].platform")
            if pl.available > q:
                raise InputError(f"program.phases[{i}].platform",
                                 f"{ph.platform} is available from {timeline.label(pl.available)}, "
                                 f"after the phase's online date {ph.online}")
    earliest = min(q for _, q, _ in expand_phases(p))
    if earliest < start:
        what = "program.phases" if p.phases else "program.first_online"
        raise InputError(what, f"a phase is online in {timeline.label(earliest)}, before the horizon starts "
                               f"({start_label}); start the horizon earlier so its money and GW are counted")


def _check_references(scn: Scenario) -> None:
    """Catalog platforms, market links, finance dates and the comparison state the scenario names."""
    _check_dates(scn)
    if scn.links:  # checked with the scenario, not only when `gigawatt market` reads them
        catalog.links(None, scn.links)
    for name in scn.hardware:
        catalog.platform(name, f"hardware.{name}")
    for date_path, text in (("finance.investment.valuation_date", scn.finance.investment.valuation_date),
                            ("finance.investment.fixed_date", scn.finance.investment.fixed_date)):
        timeline.parse_quarter(text, date_path)
    if scn.energy.comparison_state not in catalog.us_states():
        raise InputError("energy.comparison_state", f"{show(scn.energy.comparison_state)} is not a state code in "
                                                    "the reference data (e.g. NY, TX, CA)")


def load_scenario(name_or_path: str | Path = DEFAULT_SCENARIO, overrides: list[str] | dict | None = None,
                  *, view: str | None = None, builtins_only: bool = False) -> Scenario:
    """Load a built-in scenario by name or a YAML file by path, apply ``a.b=value`` overrides, validate.

    ``view``: the assumption set (``independent``, the default; ``vendor``; or a view file), as the scenario's
    own ``view:`` key or ``--view``. ``builtins_only=True``: the name, every include and the view must be
    built-in (no file is read).
    """
    raw, where = read_raw(name_or_path, builtins_only=builtins_only)
    raw = copy.deepcopy(raw)
    items = overrides.items() if isinstance(overrides, dict) else [parse_override(o) for o in overrides or []]
    apply_overrides(raw, items)
    if view is not None:
        raw["view"] = view
    return validate(raw, where, builtins_only=builtins_only)


def json_schema() -> dict:
    """The JSON Schema of scenario files (for editors). ``program.capacity_gw`` is not required there: with
    ``program.phases`` or ``program.sites`` it is left out (their total; see scenario.phasefields)."""
    schema = Scenario.model_json_schema()
    program = schema["$defs"]["Program"]
    program["required"] = [k for k in program.get("required", []) if k != "capacity_gw"]
    if not program["required"]:
        del program["required"]
    return schema



def _check_dates(scn: Scenario) -> None:
    """``as_of`` and ``superseded``: no later than the data date, a supersession not before the terms' own date,
    and what replaced them a built-in scenario other than this one."""
    from gigawatt.catalog import data_date

    day = data_date().isoformat()
    s = scn.superseded
    for path, text in (("as_of", scn.as_of), ("superseded.date", s.date if s else "")):
        if text and text > day:
            raise InputError(path, f"{text} is after the data date {day}; a scenario describes what is known by then")
    if s and scn.as_of and s.date < scn.as_of:
        raise InputError("superseded.date", f"{s.date} is before the terms' own date as_of {scn.as_of}")
    if s and s.by and (s.by not in builtin_names() or s.by == scn.name):
        raise InputError("superseded.by", f"{show(s.by)} is not another built-in scenario; known: "
                                          f"{', '.join(n for n in builtin_names() if n != scn.name)}")
