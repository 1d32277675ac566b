"""Assumption sets ("views"): named, sourced overlays of scenario field values.

Whose numbers? A view says. ``independent`` (the default) takes capital cost bottom-up from independent
evidence (unit prices, other IT per rack, facility per MW: ``data/costs.csv``); ``vendor`` takes the
vendors' own statements (e.g. $50B per GW, ~$35B of it NVIDIA's, for the letter of intent). A user's own
YAML file is a view too. A view file::

    name: vendor
    title: The vendors' own statements
    sources: [...]
    guesses: [...]
    values:                       # field paths, as for --set; applied to every program
      finance.capex_usd_per_gw: 50e9
    by_vendor:                    # optional: values for programs of one vendor only
      amd: {finance.capex_usd_per_gw: 32e9}
    uncertainty:                  # optional: distributions by path, replacing the scenario's for those paths
      finance.capex_usd_per_gw: {dist: pert, low: 35e9, mode: 50e9, high: 60e9}

A view is applied to the raw scenario before the user's ``--set`` overrides (which win), and to every part
of a composite. The view is part of a run's identity: ``scenario.view`` names it in every output.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from gigawatt.errors import InputError, show

DEFAULT_VIEW = "independent"
_KEYS = {"name", "title", "description", "sources", "guesses", "values", "by_vendor", "uncertainty", "base"}


@dataclass(frozen=True)
class View:
    name: str
    title: str = ""
    sources: tuple[str, ...] = ()
    guesses: tuple[str, ...] = ()
    values: dict[str, Any] = field(default_factory=dict)
    by_vendor: dict[str, dict[str, Any]] = field(default_factory=dict)
    uncertainty: dict[str, Any] = field(default_factory=dict)
    base: "View | None" = None  # a built-in view this one adds to (its values apply where this one is silent)

    def overrides(self, vendor: str | None) -> list[tuple[str, Any]]:
        """(path, value) pairs for a program of ``vendor``: the vendor's own first, then the common values
        (a scenario takes the first value given for a path)."""
        out = list(self.by_vendor.get(vendor or "", {}).items()) + list(self.values.items())
        out += [(f"uncertainty.{p}", spec) for p, spec in self.uncertainty.items()]
        return out + (self.base.overrides(vendor) if self.base else [])


@functools.cache
def builtin_views() -> tuple[str, ...]:
    base = resources.files("gigawatt") / "data" / "views"
    return tuple(sorted(p.name[:-5] for p in base.iterdir() if p.name.endswith(".yaml")))


def _mapping(raw: dict, key: str, where: str) -> dict:
    value = raw.get(key) or {}
    if not isinstance(value, dict):
        raise InputError(f"{where}.{key}", f"{show(value)} must be a mapping of field paths to values")
    for path in value:
        if not isinstance(path, str) or not path or any(not p for p in path.split(".")):
            raise InputError(f"{where}.{key}", f"{show(path)} is not a field path (e.g. facility.pue)")
    return value


def parse_view(raw: Any, where: str) -> View:
    """A view from its parsed YAML, its shape checked (its paths are checked when applied to a scenario)."""
    if not isinstance(raw, dict):
        raise InputError(where, f"a view file holds a mapping (name, values, ...), got {type(raw).__name__}")
    unknown = set(raw) - _KEYS
    if unknown:
        raise InputError(f"{where}.{sorted(unknown)[0]}", f"unknown key; allowed: {', '.join(sorted(_KEYS))}")
    if not isinstance(raw.get("name"), str) or not raw["name"]:
        raise InputError(f"{where}.name", "a view needs a name")
    by_vendor = raw.get("by_vendor") or {}
    if not isinstance(by_vendor, dict):
        raise InputError(f"{where}.by_vendor", "must map vendor names to field values")
    return View(name=raw["name"], title=str(raw.get("title") or ""),
                sources=tuple(str(s) for s in raw.get("sources") or ()),
                guesses=tuple(str(s) for s in raw.get("guesses") or ()),
                values=_mapping(raw, "values", where),
                by_vendor={str(v): _mapping(by_vendor, v, f"{where}.by_vendor") for v in by_vendor},
                uncertainty=_mapping(raw, "uncertainty", where), base=_base(raw.get("base"), raw["name"], where))


def _base(name: Any, own: str, where: str) -> View | None:
    """The built-in view a view adds to (``base: independent``), or None."""
    if name is None:
        return None
    if not isinstance(name, str) or name not in builtin_views() or name == own:
        raise InputError(f"{where}.base", f"{show(name)} is not another built-in view; built-in views: "
                                          f"{', '.join(v for v in builtin_views() if v != own)}")
    return _builtin(name)


@functools.cache
def _builtin(name: str) -> View:
    from gigawatt.yamlsafe import load_yaml

    text = (resources.files("gigawatt") / "data" / "views" / f"{name}.yaml").read_text(encoding="utf-8")
    return parse_view(load_yaml(text, f"view {name}"), f"view {name}")


def load_view(name_or_path: str | None, *, builtins_only: bool = False) -> View:
    """A built-in view by name, or (not from the server) a YAML file of one by path."""
    name = DEFAULT_VIEW if name_or_path in (None, "") else str(name_or_path)
    if name in builtin_views():
        return _builtin(name)
    if builtins_only or not name.endswith((".yaml", ".yml")):
        raise InputError("view", f"{show(name)} is not a view; built-in views: {', '.join(builtin_views())}"
                                 + ("" if builtins_only else ", or a .yaml file of your own"))
    from gigawatt.files import read_text_file
    from gigawatt.yamlsafe import load_yaml

    return parse_view(load_yaml(read_text_file(Path(name), "view"), f"view {name}"), f"view {Path(name).name}")
