"""A view's values laid over a raw scenario, and a view checked whole against the scenario's own rules."""

from __future__ import annotations

import copy
from typing import Callable

from gigawatt import catalog
from gigawatt.errors import InputError
from gigawatt.scenario.overrides import MISSING, apply_override, get_path


def with_view(raw: dict, builtins_only: bool, validate: Callable) -> dict:
    """The raw scenario with its view's values filled in where the file leaves a field unset.

    A view (:mod:`gigawatt.assumptions`) supplies assumptions, the file describes the deal: a value the
    file (or ``--set``) gives wins; a view's ``null`` leaves a field at its default; the view's
    distributions join the scenario's uncertainty block for paths it does not name itself (a scenario
    without distributions stays deterministic).
    """
    from gigawatt import assumptions

    view = assumptions.load_view(raw.get("view"), builtins_only=builtins_only)
    _check_view(view, validate)
    raw = copy.deepcopy(raw)
    raw["view"] = raw.get("view") or view.name
    program = raw.get("program") if isinstance(raw.get("program"), dict) else {}
    vendor = program.get("vendor", "nvidia")
    for path, value in view.overrides(vendor):
        if not _for_vendor(path, vendor):
            continue
        if path.startswith("uncertainty."):  # only into a scenario that has distributions of its own
            unc = raw.get("uncertainty")
            if isinstance(unc, dict) and unc and value is not None and path[len("uncertainty."):] not in unc:
                unc[path[len("uncertainty."):]] = value
        elif value is not None and get_path(raw, path) is MISSING:
            apply_override(raw, path, value)
    return raw


_CHECKED_VIEWS: set[str] = set()  # views already checked, by their whole content


def _check_view(view, validate: Callable) -> None:
    """Every value and distribution of a view must pass the scenario's own checks, whether or not a given
    scenario uses it (a bad value must not hide until some scenario leaves its field unset)."""
    key = repr(view)
    if key in _CHECKED_VIEWS:
        return
    vendors = {pl.vendor for pl in catalog.platforms().values()}
    where = f"view {view.name}"
    for vendor in view.by_vendor:
        if vendor not in vendors:
            raise InputError(f"{where}.by_vendor.{vendor}", f"is not a vendor of the catalog; known: "
                                                           f"{', '.join(sorted(vendors))}")
    for vendor in sorted({"nvidia", *view.by_vendor}):
        raw = {"name": "view-check", "program": {"capacity_gw": 1, "first_online": "2026Q4", "vendor": vendor},
               "uncertainty": {}}
        for path, value in view.overrides(vendor):
            if path.split(".")[0] in ("view", "name", "include", "parts"):
                raise InputError(f"{where}.values.{path}", "a view sets scenario fields, not this key")
            if value is not None and _for_vendor(path, vendor):
                apply_override(raw, path, value)
        try:
            validate(raw, "view", builtins_only=True, _viewless=True)
        except InputError as e:
            raise InputError(f"{where}: {e.path}", e.message) from None
    _CHECKED_VIEWS.add(key)


def _for_vendor(path: str, vendor: str) -> bool:
    """Whether a view's path applies to a program of ``vendor`` (another vendor's hardware does not)."""
    parts = path.removeprefix("uncertainty.").split(".")
    if parts[0] != "hardware" or len(parts) < 3:
        return True
    pl = catalog.platforms().get(parts[1])
    return pl is None or pl.vendor == vendor
