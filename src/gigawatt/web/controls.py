"""The dashboard's controls: which scenario fields it offers, with bounds read from the scenario model.

Each control is a field path (an override key). Its allowed range comes from the pydantic model
(``Scenario.model_json_schema()``: ``minimum``/``maximum``/``exclusive*``), so the sliders can never offer a
value the server refuses; the slider's own range narrows that to typical values (a program of 10,000 GW is
allowed, a slider to it is not useful), and the dashboard widens it to take in a scenario's value.

On a composite (``include:``) the controls apply per part (``parts.PART.PATH``) and the composite's own
fields are only ``finance.customer_revenue.*``: so nothing on screen can look active and do nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from gigawatt import present


@dataclass(frozen=True)
class Spec:
    path: str
    label: str
    unit: str = ""            # present.value's unit of the field's value
    suffix: str = ""          # after the formatted value: /GW, /MWh
    scale: float = 1.0        # field value = slider value x scale
    typical: tuple[float, float] | None = None  # slider range in slider units
    step: float | None = None
    select: bool = False
    composite: bool = False   # a composite's own field (else per part)


SPECS = (
    Spec("program.capacity_gw", "Program size", "GW", typical=(0.5, 30), step=0.5),
    Spec("program.platform", "Platform", select=True),
    Spec("facility.pue", "PUE (facility ÷ IT power)", typical=(1.0, 2.0), step=0.01),
    Spec("facility.load_factor", "Load factor", "fraction", typical=(0.3, 1.0), step=0.01),
    Spec("finance.capex_usd_per_gw", "Capex per GW", "USD", "/GW", 1e9, (20, 100), 1),
    Spec("finance.investment.per_gw_usd", "Vendor tranche per GW", "USD", "/GW", 1e9, (0, 30), 0.5),
    Spec("finance.investment.valuation_usd", "Customer valuation", "USD", "", 1e9, (100, 3000), 25),
    Spec("energy.price_usd_per_mwh", "Electricity price", "USD", "/MWh", 1.0, (20, 200), 1),
    Spec("finance.customer_revenue.start_usd_per_year", "Customer revenue, first year", "USD/yr", "", 1e9,
         (0, 100), 1, composite=True),
    Spec("finance.customer_revenue.growth_per_year", "Customer revenue growth", "fraction", " a year", 1.0,
         (0, 2), 0.05, composite=True),
)


def _schema_at(path: str) -> dict:
    """The JSON Schema of the field at a dotted path (``$ref`` and ``anyOf`` with null followed)."""
    from gigawatt.scenario import Scenario

    root = Scenario.model_json_schema()
    node: dict = root
    for part in path.split("."):
        node = _deref(root, node)
        node = node["properties"][part]
    node = _deref(root, node)
    for alt in node.get("anyOf", ()):
        if alt.get("type") != "null":
            return {**node, **_deref(root, alt)}
    return node


def _deref(root: dict, node: dict) -> dict:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _control(spec: Spec) -> dict:
    if spec.select:
        return {"path": spec.path, "label": spec.label, "kind": "select", "composite": spec.composite}
    s = _schema_at(spec.path)
    lo = s.get("minimum", s.get("exclusiveMinimum"))
    hi = s.get("maximum", s.get("exclusiveMaximum"))
    lo = None if lo is None else lo / spec.scale
    hi = None if hi is None else hi / spec.scale
    t_lo, t_hi = spec.typical or (lo, hi)
    s_lo = t_lo if lo is None else max(lo, t_lo)
    s_hi = t_hi if hi is None else min(hi, t_hi)
    if "exclusiveMinimum" in s and s_lo <= lo:
        s_lo = lo + spec.step
    if "exclusiveMaximum" in s and s_hi >= hi:
        s_hi = hi - spec.step
    return {"path": spec.path, "label": spec.label, "kind": "range", "unit": spec.unit, "scale": spec.scale,
            "min": lo, "max": hi, "exclusive_min": "exclusiveMinimum" in s,
            "exclusive_max": "exclusiveMaximum" in s, "slider_min": s_lo, "slider_max": s_hi, "step": spec.step,
            "composite": spec.composite}


@functools.cache
def controls() -> tuple[dict, ...]:
    """The controls as ``GET /api/meta`` serves them."""
    return tuple(_control(s) for s in SPECS)


def _get(values: dict, path: str):
    node = values
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# A control that does not apply while another field is set: with explicit phases or real sites the program's
# size is their total (a capacity_gw beside them is refused unless it restates it: scenario.phasefields).
_NOT_APPLICABLE = {"program.capacity_gw": ("program.phases", "program.sites")}


def _investment_applies(path: str, dumped: dict) -> bool:
    """Whether an investment control acts on this program: the tranche only with a tranche to pay (equity and a
    cap above zero: the cap clips the tranches), the valuation only with equity (it prices the shares bought).
    Elsewhere (a warrant, no investment, a fixed sum only) moving them changes nothing, so they are not offered."""
    inv = _get(dumped, "finance.investment") or {}
    if path == "finance.investment.per_gw_usd":
        return inv.get("kind") == "equity" and (inv.get("cap_usd") or 0) > 0
    if path == "finance.investment.valuation_usd":
        return inv.get("kind") == "equity"
    return True


# A field whose value None means "computed": its words instead of a dash, and what moving it does.
BOTTOM_UP = {"finance.capex_usd_per_gw": ("bottom-up", "Bottom-up from the platform's costs; moving the slider "
                                                       "sets a top-down override.")}


def text(spec: Spec, value) -> str:
    if spec.select or isinstance(value, str):
        return "" if value is None else str(value)
    return present.value(value, spec.unit) + spec.suffix


def control_values(scn) -> tuple[dict, dict]:
    """Each control's value (field units) and its text, by override path: ``parts.PART.PATH`` per part of a
    composite, plus the composite's own fields; plain paths for one program."""
    values: dict = {}
    texts: dict = {}

    def put(key: str, spec: Spec, dumped: dict) -> None:
        if any(_get(dumped, other) for other in _NOT_APPLICABLE.get(spec.path, ())):
            return  # not offered (the dashboard hides a control without a value)
        if not _investment_applies(spec.path, dumped):
            return
        v = _get(dumped, spec.path)
        values[key], texts[key] = v, text(spec, v)
        if v is None and spec.path in BOTTOM_UP:
            texts[key] = BOTTOM_UP[spec.path][0]

    dumped = scn.model_dump(mode="json")
    for spec in SPECS:
        if not scn.include or spec.composite:
            put(spec.path, spec, dumped)
    for name, part in zip(scn.include, scn.part_scenarios):
        if part.include:  # a part that is itself a composite: its fields are its parts' (not offered)
            continue
        part_dump = part.model_dump(mode="json")
        for spec in SPECS:
            if not spec.composite:
                put(f"parts.{name}.{spec.path}", spec, part_dump)
    return values, texts


def control_notes(values: dict) -> dict:
    """One line under a control, by override path: what a computed (None) value means and what moving it does."""
    out = {}
    for key, v in values.items():
        for path, (_, note) in BOTTOM_UP.items():  # part names may hold dots (openai-oracle-4.5gw)
            if v is None and (key == path or key.endswith("." + path)):
                out[key] = note
    return out
