"""One claim checked: its value, its variants and sweeps, what the data requires, the verdict and context."""

from __future__ import annotations

import dataclasses
from typing import Any, Callable, Mapping

from gigawatt import catalog, present
from gigawatt.claims.formula import evaluate_formula, operands, scalar
from gigawatt.claims.load import require_fields
from gigawatt.claims.lookup import Lookup, NotCheckable, undisclosed_links
from gigawatt.claims.modelrun import ModelRun
from gigawatt.claims.stated import agrees
from gigawatt.claims.sweep import Sweep, sweep
from gigawatt.claims.verdict import verdict
from gigawatt.errors import InputError, show

Runner = Callable[..., "ModelRun | None"]


def _runner(claim: dict, lookup: Lookup, user: Mapping, runs: dict) -> Runner:
    """``run_for(overrides, extra_refs)``: the claim's scenario with those overrides, prepared once per case
    (``runs`` caches across claims that share a scenario)."""
    def run_for(overrides: Mapping | None, extra_refs: Mapping | None = None) -> ModelRun | None:
        if not claim.get("scenario"):
            return None
        items = {**(claim.get("overrides") or {}), **user, **(overrides or {})}
        lk = dataclasses.replace(lookup, refs={**lookup.refs, **(extra_refs or {})})
        key = (claim["scenario"], repr(sorted(items.items(), key=lambda kv: kv[0])), repr(sorted(lk.refs.items())))
        if key not in runs:
            runs[key] = ModelRun.load(claim["scenario"], dict(items), lk)
        return runs[key]

    return run_for


def _blank(claim: dict) -> dict:
    stated = claim["stated"]
    return {"id": str(claim["id"]), "topic": claim["topic"], "words": claim["words"], "english": claim["english"],
            "stated": stated.get("text", ""), "stated_low": stated.get("low"), "stated_high": stated.get("high"),
            "stated_op": stated.get("op", "range"), "unit": stated.get("unit", ""),
            "tolerance": float(claim.get("tolerance", 0.0)), "scenario": claim.get("scenario"),
            "method": claim["value"], "value": None, "gigawatt": "—", "verdict": "not checkable", "assumptions": [],
            "flips": [], "why": "", "variants": [], "sweeps": [], "context": [], "note": claim.get("note", ""),
            "sources": list(claim.get("sources") or [])}


def _variants(claim: dict, lookup: Lookup, run_for: Runner) -> list[dict]:
    """The claim under each of its alternative assumptions (scenario overrides, other refs, another formula)."""
    stated, tol, unit = claim["stated"], float(claim.get("tolerance", 0.0)), claim["stated"].get("unit", "")
    out = []
    for v in claim.get("variants") or []:
        vrun = run_for(v.get("overrides"), v.get("refs"))
        vlookup = dataclasses.replace(lookup, refs={**lookup.refs, **(v.get("refs") or {})})
        try:
            val = scalar(evaluate_formula(v.get("value", claim["value"]), vlookup, vrun))
        except NotCheckable as e:
            out.append({"name": v["name"], "value": None, "holds": None, "why": str(e)})
            continue
        out.append({"name": v["name"], "value": val, "gigawatt": present.value(val, unit),
                    "holds": bool(agrees(val, stated, tol))})
    return out


def _sweeps(claim: dict, lookup: Lookup, run_for: Runner, base_run: ModelRun | None) -> list[Sweep]:
    """The claim's sweeps, plus one over each ranged reference figure its formula uses."""
    stated, tol = claim["stated"], float(claim.get("tolerance", 0.0))
    specs = list(claim.get("sweeps") or [])
    for op in operands(claim["value"]):  # a ranged reference figure is an uncertain input too
        if op.startswith("ref:") and not any(s.get("path") == op for s in specs):
            rng = lookup.ref_range(op[4:])
            if rng is not None:
                specs.append({"path": op, "grid": list(rng), "plausible": list(rng)})
    out = []
    for s in specs:
        vspec = next((v for v in claim.get("variants") or [] if v["name"] == s.get("variant")), None)
        if s.get("variant") and vspec is None:
            raise InputError(f"claims[{claim['id']}].sweeps.variant",
                             f"{show(s['variant'])} is not a variant of the claim")
        srun = run_for(vspec.get("overrides"), vspec.get("refs")) if vspec else base_run
        plausible = s.get("plausible") or catalog.ref(*s["plausible_ref"].split(".", 1)).range
        res = sweep(vspec.get("value", claim["value"]) if vspec else claim["value"], stated, tol, lookup, srun,
                    s["path"], tuple(float(g) for g in s["grid"]), tuple(float(g) for g in plausible))
        res.on, res.label = s.get("variant"), s.get("label", "")
        out.append(res)
    return out


def _unmet(claim: dict, lookup: Lookup) -> list[tuple[str, str]]:
    """The claim's ``requires`` (a reference field equal to a value) that the data does not meet."""
    out = []
    for r in claim.get("requires") or []:
        key, _, quantity = r["ref"].partition(".")
        have = lookup.refs.get(r["ref"], catalog.ref(key, quantity).value)
        if str(have) != str(r["equals"]):
            out.append((f"{r['ref']} is {r['equals']} (data: {have})", f"{r['ref']} stays {have}"))
    return out


def _context(claim: dict, out: dict, lookup: Lookup, run_for: Runner) -> None:
    """Figures shown beside the verdict, and a note naming links left out for want of an amount."""
    items = []
    run = run_for(None) if claim.get("scenario") else None
    for c in claim.get("context") or []:
        try:
            v = scalar(evaluate_formula(c["value"], Lookup(refs=lookup.refs), run))
            items.append({"label": c["label"], "value": v, "text": present.value(v, c.get("unit", ""))})
        except NotCheckable as e:
            items.append({"label": c["label"], "value": None, "text": f"— ({e})"})
    for op in operands(claim["value"]):
        if op.startswith("links:"):
            hidden = undisclosed_links(op[6:])
            if hidden:
                out["note"] = (out["note"] + " " if out["note"] else "") + \
                    f"Amounts not disclosed, left out: {', '.join(hidden)}."
    out["context"] = items


def override_items(overrides) -> dict:
    """Scenario overrides as a mapping: from ``["facility.pue=1.4"]`` or ``{"facility.pue": 1.4}``."""
    from gigawatt.scenario import parse_override

    if not overrides:
        return {}
    if isinstance(overrides, Mapping):
        return dict(overrides)
    return dict(parse_override(o) for o in overrides)


def check_claim(claim: dict, *, scenario_overrides=None, refs: Mapping[str, Any] | None = None,
                runs: dict | None = None) -> dict:
    """The verdict of one claim as a mapping (numbers may still be numpy; see ``check_claims_json``).

    ``runs`` caches prepared scenarios across claims."""
    require_fields(claim)
    stated, tol = claim["stated"], float(claim.get("tolerance", 0.0))
    lookup = Lookup(refs=dict(refs or {}), own_source=claim.get("own_source"))
    run_for = _runner(claim, lookup, override_items(scenario_overrides), {} if runs is None else runs)
    out = _blank(claim)
    try:
        base_run = run_for(None)
        value = scalar(evaluate_formula(claim["value"], lookup, base_run))
    except NotCheckable as e:
        out["why"] = str(e)
        out["flips"] = ["a sourced, independent figure in gigawatt/data"]
        _context(claim, out, Lookup(refs=lookup.refs), run_for)
        return out
    out["value"], out["gigawatt"] = value, present.value(value, stated.get("unit", ""))
    out["variants"] = variants = _variants(claim, lookup, run_for)
    sweeps = _sweeps(claim, lookup, run_for, base_run)
    out["sweeps"] = [dataclasses.asdict(s) | {"describe": s.describe()} for s in sweeps]
    out.update(verdict(claim, bool(agrees(value, stated, tol)), variants, sweeps, _unmet(claim, lookup)))
    _context(claim, out, lookup, run_for)
    return out
