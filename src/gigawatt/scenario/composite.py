"""Composite scenarios (``include:``): parts resolved, overridden (``parts:``), validated, counted once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from gigawatt import timeline
from gigawatt.errors import InputError, show
from gigawatt.scenario.files import builtin_names, exists, read_raw
from gigawatt.scenario.overrides import apply_overrides
from gigawatt.scenario.schema import COMPOSITE_CAPITAL, COMPOSITE_OWN

if TYPE_CHECKING:
    from gigawatt.scenario.schema import Scenario


def include_ref(name: str, where: str, builtins_only: bool = False) -> str:
    """Identity of an included scenario: a built-in name, or a path resolved against the including file."""
    if name in builtin_names() or builtins_only:  # builtins_only: no file is looked at
        return name
    path = Path(name)
    if not path.is_absolute() and Path(where).is_file():
        path = Path(where).parent / path
    return str(path.resolve()) if exists(path) else name


def _part_overrides(raw: dict, include: list[str]) -> dict[str, list[tuple[str, Any]]]:
    """``parts:`` as (path, value) overrides per part. Part names may hold dots (``openai-oracle-4.5gw``), so
    the nested mapping that ``--set parts.NAME.a.b=v`` builds is flattened and matched against the names."""
    own = raw.get("parts") or {}
    if not isinstance(own, dict):
        raise InputError("parts", f"{show(own)} must map part names to field overrides")

    def flat(node, prefix: str):
        if isinstance(node, dict) and (node or not prefix) and prefix.rpartition(".")[2] != "uncertainty":
            for k, v in node.items():
                yield from flat(v, f"{prefix}.{k}" if prefix else str(k))
        else:
            yield prefix, node

    out: dict[str, list[tuple[str, Any]]] = {n: [] for n in include}
    for path, value in flat(own, ""):
        name = max((n for n in include if path.startswith(n + ".")), key=len, default=None)
        if name is None:
            raise InputError(f"parts.{path.split('.')[0]}", f"names no included part with a field; parts: "
                                                            f"{', '.join(include)}")
        out[name].append((path[len(name) + 1:], value))
    return out


def _part_raw(raw: dict, overrides: list[tuple[str, Any]], part_raw: dict) -> dict:
    """A part as the composite runs it: on the composite's horizon and view, with its ``parts.NAME`` overrides."""
    part_raw = copy.deepcopy(part_raw)
    for key in ("horizon", "view"):
        if key in raw:
            part_raw[key] = raw[key]
    apply_overrides(part_raw, overrides)
    return part_raw


def _leaves(scn: "Scenario", ref: str) -> list[str]:
    """The simple scenarios a validated scenario stands for: itself, or its parts' leaves, at any depth."""
    if not scn.include:
        return [ref]
    return [leaf for part, r in zip(scn.part_scenarios, scn.include) for leaf in _leaves(part, r)]


def _short(ref: str) -> str:
    """A part's name for messages: a built-in's name, or a file's name (never its folder)."""
    return ref if ref in builtin_names() else Path(ref).name


def resolve_composite(raw: dict, where: str, stack: tuple[str, ...], builtins_only: bool,
                      validate: Callable[..., "Scenario"]) -> tuple[dict, list["Scenario"]]:
    """Validate a composite's parts (unknown or circular includes, a part counted twice at any depth are errors).

    Returns the includes resolved (built-in names or absolute paths) and a summary program, and the validated
    parts. ``validate`` is the scenario validator, passed in (a part is a scenario of its own).
    """
    include = raw.get("include")
    if not isinstance(include, list) or not all(isinstance(n, str) for n in include):
        raise InputError("include", f"{show(include)} must be a list of scenario names or paths")
    for key in raw:
        if key not in COMPOSITE_OWN:
            raise InputError(key, "a composite scenario (include:) takes this from its included scenarios; "
                                  "set it there")
    finance_keys = raw.get("finance") or {}
    for key in finance_keys if isinstance(finance_keys, dict) else ():
        if key == "capital" and isinstance(finance_keys[key], dict):
            for sub in finance_keys[key]:
                if sub not in COMPOSITE_CAPITAL:
                    raise InputError(f"finance.capital.{sub}", "a composite scenario sets only "
                                     f"{', '.join(sorted(COMPOSITE_CAPITAL))} of finance.capital; its parts fund "
                                     "their own programs (set it there)")
        elif key not in ("customer_revenue", "capital"):
            raise InputError(f"finance.{key}", "a composite scenario sets only finance.customer_revenue "
                                               "(the customer's revenue path) and finance.capital's instruments "
                                               "and credit terms; set the rest in its parts")
    overrides = _part_overrides(raw, include)
    parts, refs = [], []
    owner: dict[str, tuple[int, str]] = {}  # simple scenario -> (index, name) of the include that brings it
    for i, name in enumerate(include):
        if builtins_only and name not in builtin_names():
            raise InputError(f"include[{i}]", f"{show(name)} is not a built-in scenario; a scenario sent to the "
                                              f"server may include built-in scenarios only ({', '.join(builtin_names())})")
        ref = include_ref(name, where, builtins_only)
        if ref in refs:
            raise InputError(f"include[{i}]", f"{show(name)} is included twice; a part counts once")
        if ref in stack:
            raise InputError(f"include[{i}]", "circular include: " + " -> ".join((*stack, ref)))
        try:
            part_raw, part_where = read_raw(ref, builtins_only=builtins_only)
        except InputError as e:
            raise InputError(f"include[{i}]", f"unknown scenario: {e.message}") from None
        part_raw = _part_raw(raw, overrides[name], part_raw)
        try:
            parts.append(validate(part_raw, part_where, _stack=(*stack, ref), builtins_only=builtins_only))
        except InputError as e:
            if not overrides[name] or e.path.startswith("include"):
                raise
            raise InputError(f"parts.{name}.{e.path}", e.message) from None
        for leaf in _leaves(parts[-1], ref):
            if leaf in owner:
                j, other = owner[leaf]
                if leaf == ref:
                    what = f"{show(name)} is already part of {show(other)} (include[{j}])"
                elif include_ref(other, where, builtins_only) == leaf:
                    what = f"{show(name)} includes {show(_short(leaf))}, which include[{j}] already names"
                else:
                    what = (f"{show(name)} includes {show(_short(leaf))}, which is already part of {show(other)} "
                            f"(include[{j}])")
                raise InputError(f"include[{i}]", f"{what}; a part counts once")
            owner[leaf] = (i, name)
        refs.append(ref)
    if not parts:
        raise InputError("include", "is empty")
    # A summary, not simulated: the total power and the earliest first phase (portfolio.py runs the parts).
    first = min(q for p in parts for _, q, _ in p.phases())
    return {"include": refs, "program": {"capacity_gw": sum(p.program.capacity_gw for p in parts),
                                         "first_online": timeline.label(first)}}, parts
