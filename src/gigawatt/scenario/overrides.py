"""``--set a.b=value`` overrides: parsed as YAML, set into the raw mapping by path."""

from __future__ import annotations

from typing import Any

from gigawatt.errors import InputError, show


def parse_override(text: str) -> tuple[str, Any]:
    """``"facility.pue=1.35"`` -> (``"facility.pue"``, 1.35). Values are YAML (numbers, lists, strings)."""
    if "=" not in text:
        raise InputError("--set", f"{show(text)} is not of the form path=value (e.g. facility.pue=1.35)")
    path, raw = text.split("=", 1)
    path = path.strip()
    if not path or any(not part for part in path.split(".")):
        raise InputError("--set", f"{show(text)} has an empty field path")
    from gigawatt.yamlsafe import load_yaml

    try:  # malformed YAML is taken as the string itself; aliases, duplicate keys, deep nesting are refused
        value = load_yaml(raw, f"--set {path}") if raw.strip() else ""
    except InputError as e:
        if not e.message.startswith("malformed YAML"):
            raise
        value = raw
    return path, value


_OPEN_KEYS = {"uncertainty", "hardware"}  # sections whose own keys may contain dots / are free names


def apply_override(raw: dict, path: str, value: Any) -> None:
    """Set ``path`` in the raw mapping (validation afterwards decides whether the field exists)."""
    parts = path.split(".")
    if parts[0] == "uncertainty" and len(parts) > 1:
        raw.setdefault("uncertainty", {})
        if not isinstance(raw["uncertainty"], dict):
            raise InputError("uncertainty", "must be a mapping of field paths to distributions")
        raw["uncertainty"][".".join(parts[1:])] = value
        return
    node = raw
    for i, part in enumerate(parts[:-1]):
        nxt = node.get(part)
        if nxt is None:
            nxt = node[part] = {}
        if not isinstance(nxt, dict):
            raise InputError(".".join(parts[: i + 1]), f"is {show(nxt)}, not a section; cannot set {path}")
        node = nxt
    node[parts[-1]] = value


_PHASE_SOURCES = ("program.phases", "program.sites")


def apply_overrides(raw: dict, items) -> None:
    """Set every (path, value) of ``items``; those that give the phases (``program.phases``, ``program.sites``)
    first, and they replace what the file says of the program's size and dates (``capacity_gw``, ``first_online``,
    the ramp, the other list). A size or date set beside them is then refused by validation, in any order."""
    from gigawatt.scenario.phasefields import SET_BY_PHASES

    for path, value in sorted(items, key=lambda item: item[0] not in _PHASE_SOURCES):
        if path in _PHASE_SOURCES and isinstance(raw.get("program"), dict):
            for key in (*SET_BY_PHASES, "phases", "sites"):
                raw["program"].pop(key, None)
        apply_override(raw, path, value)


MISSING = object()


def get_path(raw: dict, path: str):
    node: Any = raw
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return MISSING
        node = node[part]
    return node
