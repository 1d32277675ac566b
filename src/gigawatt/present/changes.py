"""Change summaries: how one scenario differs from another, in the names and units people read.

``capex per GW: range $30.0–45.0 B/GW → $35.0–50.0 B/GW``, not ``capex usd per gw: dist: default → triangular``:
a field's label (the dashboard control's, else the report's input label, else the scenario model's description),
its value in the unit its name carries (``_usd_per_gw``, ``_gw``, ``_per_mwh``), and one line per uncertain field
however many parameters its distribution has. When the view differs, the view's own values are one line
(``view: independent → vendor``) and only what changed besides them is listed.
"""

from __future__ import annotations

import re
from typing import Any, Callable

SKIPPED = ("name", "title", "description", "sources", "guesses", "as_of")
_UNITS = (("_twh", "TWh"), ("_gwh", "GWh"), ("_mwh", "MWh"), ("_gw", "GW"), ("_mw", "MW"), ("_kw", "kW"),
          ("_years", "years"), ("_quarters", "quarters"), ("_g_per_kwh", "g/kWh"), ("_l_per_kwh", "L/kWh"),
          ("_flop", "FLOP"), ("_per_gpu_day", "per GPU-day"))
_NUMBER = re.compile(r"^(\D*?)(-?[\d.,]+)(.*)$")


def _flat(d: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves by dotted path; an empty mapping has none (``parts: {}`` and no parts are the same)."""
    if isinstance(d, dict):
        out: dict[str, Any] = {}
        for k, v in d.items():
            out.update(_flat(v, f"{prefix}.{k}" if prefix else str(k)))
        return out
    return {prefix: d}


def value(path: str, x: Any) -> str:
    """A field's value in words and the unit its name carries (``program.capacity_gw`` 10 -> ``10.0 GW``)."""
    from gigawatt import present
    from gigawatt.report import names

    if x is None:
        return "not set (the default)"
    if isinstance(x, bool):
        return "yes" if x else "no"
    if isinstance(x, (int, float)):
        last = path.rsplit(".", 1)[-1]
        unit = next((u for suffix, u in _UNITS if last.endswith(suffix) and "_usd" not in last), None)
        return f"{present.sig(x)} {unit}" if unit else names.input_value(path, float(x))
    if isinstance(x, list):
        if x and all(isinstance(i, dict) for i in x):
            return f"{len(x)} entr{'y' if len(x) == 1 else 'ies'}"
        text = ", ".join(str(i) for i in x)
        return text if len(text) <= 80 else text[:79] + "…"
    text = str(x)
    return text if len(text) <= 80 else text[:79] + "…"


def _span(path: str, low: Any, high: Any) -> str:
    """``$30.0–45.0 B/GW`` where both ends share a prefix and a unit, else ``a to b``."""
    a, b = value(path, low), value(path, high)
    ma, mb = _NUMBER.match(a), _NUMBER.match(b)
    if ma and mb and ma.group(1) == mb.group(1) and ma.group(3) == mb.group(3):
        return f"{ma.group(1)}{ma.group(2)}–{mb.group(2)}{ma.group(3)}"
    return f"{a} to {b}"


_PHRASES: dict[str, Callable[[str, Callable], str]] = {  # a distribution's parameters in words, by kind
    "uniform": lambda p, g: f"range {_span(p, g('low'), g('high'))}, evenly",
    "normal": lambda p, g: f"normal, mean {value(p, g('mean'))} ± {value(p, g('sd'))}",
    "poisson": lambda p, g: f"Poisson, mean {value(p, g('mean'))}",
    "bernoulli": lambda p, g: f"yes with probability {g('p')}",
    "choice": lambda p, g: "one of " + ", ".join(value(p, o) for o in (g("options") or [])),
}


def spread(path: str, spec: Any) -> str:
    """An uncertainty entry in words: ``range $30.0–45.0 B/GW, most likely $35.0 B/GW``; none: ``fixed``."""
    if spec is None:
        return "fixed (no uncertainty)"
    if not isinstance(spec, dict):
        return f"fixed at {value(path, spec)}"
    kind, g = spec.get("dist", "?"), spec.get
    if kind in ("triangular", "pert") and {"low", "high"} <= set(spec):
        mode = f", most likely {value(path, g('mode'))}" if "mode" in spec else ""
        return f"range {_span(path, g('low'), g('high'))}{mode}"
    if kind in _PHRASES:
        return _PHRASES[kind](path, g)
    if kind == "lognormal":
        return "lognormal, " + ", ".join(f"{k} {v if k in ('sigma', 'mu') else value(path, v)}"
                                         for k, v in spec.items() if k != "dist")
    return ", ".join(f"{k} {v}" for k, v in spec.items())


def _changes(a: dict, b: dict, label: Callable[[str], str], describe: Callable[[str, Any], str],
             prefix: str = "") -> list[dict]:
    """One entry per path whose value differs between the flat mappings ``a`` and ``b``."""
    out = []
    for path in sorted(set(a) | set(b)):
        if path.split(".")[0] in SKIPPED or a.get(path) == b.get(path):
            continue
        old, new = a.get(path), b.get(path)
        out.append({"path": prefix + path, "builtin": old, "value": new,
                    "text": f"{label(path)}: {describe(path, old)} → {describe(path, new)}"})
    return out


def differences(base, scn, label: Callable[[str], str] | None = None, rebase: Callable | None = None) -> list[dict]:
    """Fields of ``scn`` that differ from ``base`` (both Scenarios), as ``{path, builtin, value, text}``.

    ``label``: a field path in words (default: the report's input labels). ``rebase(view)``: ``base`` under another
    view; when given and the views differ, the view is one line and the fields its values set are not listed."""
    from gigawatt.report.names import input_label

    label = label or input_label
    out = []
    if rebase is not None and base.view != scn.view:
        out.append({"path": "view", "builtin": base.view, "value": scn.view,
                    "text": f"view (assumption set): {base.view} → {scn.view}"})
        base = rebase(scn.view)
    a, b = base.model_dump(mode="json"), scn.model_dump(mode="json")
    ua, ub = a.pop("uncertainty", None) or {}, b.pop("uncertainty", None) or {}
    if rebase is not None:
        a.pop("view", None), b.pop("view", None)
    return out + _changes(_flat(a), _flat(b), label, value) + _changes(ua, ub, label, spread, "uncertainty.")
