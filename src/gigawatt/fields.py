"""Field paths of a scenario: which numbers the model reads, their values, and the uncertainty block.

A path is the dotted name a user writes in ``--set`` and under ``uncertainty:`` (``facility.pue``,
``finance.investment.per_gw_usd``, ``hardware.vera-rubin-nvl144.unit_power_kw``). The model's inputs are
exactly :func:`numeric_values`; Monte Carlo replaces some of them by arrays of draws.
"""

from __future__ import annotations

import copy
from typing import Any


from pydantic import BaseModel

from gigawatt import catalog
from gigawatt.errors import InputError, bound_text, show
from gigawatt.units import parse_quantity

# Model inputs that are not scenario fields: the uniform draw that decides continuation (0 = all go ahead).
HIDDEN = {"program.continue_draw": 0.0}
CATEGORICAL = ("program.platform",)
_SECTIONS = ("program", "facility", "energy", "compute", "finance")
_NOT_NUMERIC = {"finance.customer_revenue.start_year"}
# Per-platform numbers the model reads (catalog rows, or a scenario's hardware.<platform>.<quantity>).
HARDWARE_NUMBERS = ("unit_power_kw", "gpu_packages_per_unit", "gpu_dies_per_unit", "fp4_dense_pflops_per_gpu",
                    "fp8_dense_pflops_per_gpu", "bf16_dense_pflops_per_gpu", "price_usd_per_unit",
                    "network_usd_per_unit", "other_it_usd_per_unit", "vendor_content_share")
# Scenario fields whose default is a catalog row (data/costs.csv), read when the scenario leaves them unset.
CATALOG_DEFAULTS = {"finance.facility_usd_per_mw": ("facility", "usd_per_mw"),
                    "finance.opex_usd_per_gw_year": ("opex", "usd_per_gw_year_ex_energy")}
# Fields that shape the list of phases before any draw: they cannot vary between draws.
STRUCTURAL = {"program.capacity_gw": "the program's size", "program.ramp_gw_per_year": "the ramp",
              "program.phase_gw": "the phase size"}


def _walk(model: BaseModel, prefix: str, out: dict[str, float]) -> None:
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        path = f"{prefix}.{name}"
        if isinstance(value, BaseModel):
            _walk(value, path, out)
        elif info.annotation in (float, float | None) and value is not None and path not in _NOT_NUMERIC:
            out[path] = float(value)


def numeric_values(scn) -> dict[str, float]:
    """Every number the model reads, by path, as the scenario sets it (deterministic values)."""
    out: dict[str, float] = {}
    for section in _SECTIONS:
        _walk(getattr(scn, section), section, out)
    for path, (key, quantity) in CATALOG_DEFAULTS.items():  # unset: the catalog's figure
        out.setdefault(path, catalog.value(key, quantity))
    for name, pl in catalog.platforms().items():
        override = scn.hardware.get(name)
        for q in HARDWARE_NUMBERS:
            v = getattr(override, q, None) if override is not None else None
            out[f"hardware.{name}.{q}"] = float(v) if v is not None else pl.get(q)
    out.update(HIDDEN)
    return out


def _convert_params(path: str, spec: dict) -> dict:
    """Unit strings inside a distribution ("1.8 GW") become numbers in the unit of the field's name."""
    key = path.rsplit(".", 1)[-1]
    out = {}
    for k, v in spec.items():
        if k in ("dist", "options", "weights") or not isinstance(v, str):
            out[k] = v
        else:
            out[k] = parse_quantity(v, key, f"uncertainty.{path}.{k}")
    if isinstance(spec.get("options"), list) and path not in CATEGORICAL:
        out["options"] = [parse_quantity(o, key, f"uncertainty.{path}.options") if isinstance(o, str) else o
                          for o in spec["options"]]
    return out


def distributions(scn) -> list:
    """The scenario's uncertainty block as validated distributions (in a stable order)."""
    from gigawatt import uncertainty  # scipy is imported lazily there

    known = numeric_values(scn)
    dists = []
    for path, spec in scn.uncertainty.items():
        if path == "finance.capex_usd_per_gw" and scn.finance.capex_usd_per_gw is None:
            raise InputError(f"uncertainty.{path}", f"is unset in this scenario under the {scn.view or 'independent'} "
                                                    "view (capex is bottom-up from unit prices); set it to make capex "
                                                    "top-down, or use --view vendor")
        if path not in known and path not in CATEGORICAL:
            near = [p for p in known if p.endswith("." + path.rsplit(".", 1)[-1])][:3]
            hint = f"; did you mean {', '.join(near)}?" if near else "; see `gigawatt schema` for the fields"
            raise InputError(f"uncertainty.{path}", f"{show(path)} is not a numeric field of the scenario{hint}")
        if path in STRUCTURAL and isinstance(spec, dict):
            raise InputError(f"uncertainty.{path}", f"{STRUCTURAL[path]} sets the phases and cannot be uncertain; "
                                                    "model a program that may stop short with "
                                                    "program.continue_probability, or compare sizes with --set")
        if isinstance(spec, dict):
            spec = _convert_params(path, spec)
            if path in CATEGORICAL:
                if spec.get("dist") != "choice":
                    raise InputError(f"uncertainty.{path}", "a platform can only be uncertain as a choice "
                                                            "(dist: choice, options: [...])")
                for o in spec.get("options") or []:
                    if o != "auto":
                        catalog.platform(str(o), f"uncertainty.{path}.options")
        elif isinstance(spec, str) and path not in CATEGORICAL:
            spec = parse_quantity(spec, path.rsplit(".", 1)[-1], f"uncertainty.{path}")
        dist = uncertainty.parse_distribution(path, spec)
        if dist is not None:
            dists.append(dist)
    return dists


def fixed_values(scn) -> dict[str, Any]:
    """Plain numbers in the uncertainty block (``program.continue_probability: 0.9``): they set the field."""
    out = {}
    for path, spec in scn.uncertainty.items():
        if not isinstance(spec, dict):
            out[path] = spec if path in CATEGORICAL else parse_quantity(spec, path.rsplit(".", 1)[-1],
                                                                        f"uncertainty.{path}")
    return out


def correlation_matrix(scn, dists):
    from gigawatt import uncertainty

    if not scn.correlations:
        return None
    return uncertainty.parse_correlations(scn.correlations, [d.path for d in dists])


def check_uncertainty(scn) -> None:
    """Validate the uncertainty and correlations blocks (called by scenario validation).

    A value set there, and each end of a distribution's range, must pass the field's own checks (PUE at
    least 1, capex shares summing to 1, ...): the block can make a field uncertain, not unbounded.
    """
    if not scn.uncertainty and not scn.correlations:
        return
    fixed = fixed_values(scn)
    dists = distributions(scn)
    correlation_matrix(scn, dists)
    base = scn.model_dump(mode="python", exclude={"uncertainty", "correlations"})
    for path, value in fixed.items():
        if path not in CATEGORICAL:
            _check_field(type(scn), base, path, value, "the value")
    for d in dists:
        if d.path in CATEGORICAL:
            continue
        if d.kind == "choice":
            ends = [("the option", float(o)) for o in d.params["options"]]
        elif d.kind == "bernoulli":
            ends = [("the outcome", 0.0), ("the outcome", 1.0)]
        else:
            try:
                lo, hi = d.reach()
            except OverflowError:
                raise InputError(f"uncertainty.{d.path}", f"{show(d.params)}: the distribution's parameters "
                                                          "overflow (its range is beyond a float); give a smaller "
                                                          "spread") from None
            ends = [("its low end", float(lo)), ("its high end", float(hi))]
        for what, value in ends:
            _check_field(type(scn), base, d.path, value, f"the distribution ({d.kind}) reaches {what}")


def _check_field(model: type, base: dict, path: str, value: float, what: str) -> None:
    """``value`` at ``path`` must pass the scenario model's own checks (``model`` is the Scenario class)."""
    from pydantic import ValidationError

    raw = copy.deepcopy(base)
    node = raw
    parts = path.split(".")
    for part in parts[:-1]:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[parts[-1]] = value
    try:
        model.model_validate(raw)
    except ValidationError as err:
        e = err.errors(include_url=False)[0]
        msg = bound_text(e.get("ctx")) or e["msg"].removeprefix("Value error, ").replace("Input should be", "must be")
        where = ".".join(str(p) for p in e["loc"])
        raise InputError(f"uncertainty.{path}", f"{what} {value:.6g}, which {where} does not allow: {msg}"
                                                + (" (truncate the distribution with low/high)"
                                                   if "distribution" in what else "")) from None
