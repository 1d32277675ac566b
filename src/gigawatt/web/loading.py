"""The scenario a request describes: a built-in name or whole text, plus overrides; never a file.

A scenario sent to the server may include built-in scenarios only (``validate(..., builtins_only=True)``):
no path a request names is opened or even looked at, and the refusal says nothing about files. Text is
read by the one bounded YAML loader (:func:`gigawatt.yamlsafe.load_yaml`: no aliases, no duplicate keys,
bounded depth and size).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from gigawatt.errors import InputError, show
from gigawatt.web.limits import MAX_OVERRIDES


def override_items(overrides: dict[str, Any] | list[str]) -> list[tuple[str, Any]]:
    """Overrides as (path, value) pairs, in the CLI's ``--set`` form or as a mapping; paths checked."""
    from gigawatt.scenario import parse_override

    n = len(overrides)
    if n > MAX_OVERRIDES:
        raise InputError("overrides", f"{n} overrides; at most {MAX_OVERRIDES} per request")
    items = list(overrides.items()) if isinstance(overrides, dict) else [parse_override(o) for o in overrides]
    for path, _ in items:
        if not path or len(path) > 200 or any(not part for part in path.split(".")):
            raise InputError("--set", f"{show(path)} is not a field path (e.g. facility.pue)")
    return items


def _parse_text(text: str) -> dict:
    from gigawatt.yamlsafe import load_yaml

    data = load_yaml(text, "scenario_text")
    if not isinstance(data, dict):
        raise InputError("scenario_text", f"a scenario must be a mapping of sections, got {type(data).__name__}")
    return data


@functools.lru_cache(maxsize=64)
def _builtin_raw(name: str) -> dict:
    """A built-in scenario's raw mapping, parsed once (YAML parsing is most of a small run's time)."""
    from gigawatt.scenario import read_raw

    return read_raw(name, builtins_only=True)[0]


def load_request_scenario(req):
    """The validated Scenario a request (``scenario``/``scenario_text``/``overrides``) asks for.

    Raises InputError (422) for anything wrong, naming the field."""
    from gigawatt.scenario import apply_overrides, builtin_names, validate

    if req.scenario_text is not None:
        raw, where = _parse_text(req.scenario_text), "scenario_text"
    else:
        if req.scenario not in builtin_names():
            raise InputError("scenario", f"{show(req.scenario)} is not a built-in scenario "
                                         f"({', '.join(builtin_names())}); send a whole scenario as scenario_text")
        raw, where = copy.deepcopy(_builtin_raw(req.scenario)), req.scenario
    apply_overrides(raw, override_items(req.overrides))
    if getattr(req, "view", None) is not None:
        raw["view"] = req.view
    try:
        return validate(raw, where, builtins_only=True)
    except RecursionError:
        raise InputError(where, "is nested too deeply to be a scenario") from None
    except (TypeError, KeyError, AttributeError, ZeroDivisionError, OverflowError) as e:
        # a value of a shape the validators did not expect: still the caller's input (the field checks name
        # the field where they can; this is the last line of defence)
        raise InputError(where, f"cannot be read ({type(e).__name__})") from None


def builtin(name: str):
    """A built-in scenario by name; NotFound (404) for any other name."""
    from gigawatt.scenario import builtin_names, load_scenario
    from gigawatt.web.errors import NotFound

    if name not in builtin_names():
        raise NotFound("name", f"{show(name)} is not a built-in scenario ({', '.join(builtin_names())})")
    return load_scenario(name, builtins_only=True)


def uses_power(scn) -> bool:
    """Whether running the scenario solves the power LP first (``energy.supply: optimised``, here or in a part):
    such a run holds :data:`~gigawatt.web.limits.POWER_BYTES` of the server's budget and its power slot."""
    if scn.include:
        return any(uses_power(p) for p in scn.part_scenarios)
    return getattr(scn.energy, "supply", "flat") == "optimised"
