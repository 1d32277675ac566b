"""One claim checked: its value's distribution in the plain reading and in its other readings, the verdict
against the stated interval (or, for a forward-looking claim, against dated evidence), and context figures."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any, Callable, Mapping

from gigawatt import present
from gigawatt.claims.evidence import Evidence, forward_verdict, load_evidence, parse_as_of
from gigawatt.claims.formula import evaluate_formula, operands
from gigawatt.claims.load import require_fields
from gigawatt.claims.lookup import Lookup, NotCheckable, undisclosed_links
from gigawatt.claims.modelrun import DRAWS, SEED, ModelRun
from gigawatt.claims.stated import describe, interval
from gigawatt.claims.verdict import distribution, verdict

Runner = Callable[..., "ModelRun | None"]


def _needs_detail(claim: dict) -> bool:
    formulas = [claim["value"]] + [v.get("value", "") for v in claim.get("variants") or []]
    return any(op.startswith("mix:") for f in formulas for op in operands(f))


def _runner(claim: dict, lookup: Lookup, user: Mapping, runs: dict) -> Runner:
    """``run_for(overrides)``: the claim's scenario with those overrides, sampled once (``runs`` caches the
    Monte Carlo across claims that share a scenario and overrides)."""
    detail = _needs_detail(claim)

    def run_for(overrides: Mapping | None, lk: Lookup | None = None) -> ModelRun | None:
        if not claim.get("scenario"):
            return None
        lk = lk or lookup
        items = {**(claim.get("overrides") or {}), **user, **(overrides or {})}
        key = (claim["scenario"], repr(sorted(items.items(), key=lambda kv: kv[0])),
               repr(sorted(lk.refs.items())), lk.draws, lk.seed, detail)
        if key not in runs:
            runs[key] = ModelRun.load(claim["scenario"], items, lk, draws=lk.draws, seed=lk.seed, detail=detail)
        return runs[key]

    return run_for


def _bound(x: float) -> float | None:
    return None if math.isinf(x) else x


def _value_is(claim: dict) -> str:
    """What ``p50`` is: the median draw, and whether that draw builds every phase (continuation fixed at 1)."""
    from gigawatt.present import meaning

    if not claim.get("scenario"):
        return f"{meaning.MEDIAN} of the sourced figures' ranges"
    fixed = (claim.get("overrides") or {}).get("program.continue_probability") == 1
    return (f"{meaning.MEDIAN}, {meaning.BUILT} (continuation fixed at 1)" if fixed
            else f"{meaning.MEDIAN}: a draw may cancel later phases")


def _blank(claim: dict, as_of: dt.date) -> dict:
    stated = claim["stated"]
    lo, hi = interval(stated)
    return {"id": str(claim["id"]), "topic": claim["topic"], "words": claim["words"], "english": claim["english"],
            "stated": stated.get("text", ""), "stated_reading": describe(stated), "stated_low": _bound(lo),
            "stated_high": _bound(hi), "stated_op": stated.get("op", "range"), "unit": stated.get("unit", ""),
            "scenario": claim.get("scenario"), "method": claim["value"], "forward": bool(claim.get("forward")),
            "p5": None, "p50": None, "p95": None, "p_holds": None, "value": None, "gigawatt": "—",
            "value_is": _value_is(claim),
            "verdict": "not checkable", "needs": None, "needs_value": None, "assumptions": [], "why": "",
            "readings": [], "reading_taken": None, "reading_why": "",
            "evidence": [], "context": [], "note": claim.get("note", ""),
            "as_of": as_of.isoformat(), "sources": list(claim.get("sources") or [])}


def _spread(d: dict, unit: str) -> str:
    """``P50 (P5–P95)`` in words; just the value where the draws agree."""
    p5, p50, p95 = d["p5"], d["p50"], d["p95"]
    if any(x is None or (isinstance(x, float) and math.isnan(x)) for x in (p5, p50, p95)):
        return "—"
    mid = present.value(p50, unit)
    lo, hi = present.value(p5, unit), present.value(p95, unit)
    return mid if lo == hi == mid else f"{mid} ({lo}–{hi})"


def taken_reading(claim: dict) -> dict:
    """The reading the verdict takes (the claims file's ``reading``: its name and why it is the one)."""
    r = claim.get("reading") or {}
    return {"name": r.get("name") or claim.get("assumes") or "the plain reading", "why": " ".join(
        str(r.get("why") or "the claims file's plain reading of the words").split())}


def _reading(claim: dict, v: dict, lookup: Lookup, run_for: Runner, draws: int) -> dict:
    """The claim under one other reading (scenario overrides, other refs, another formula)."""
    unit = claim["stated"].get("unit", "")
    lk = dataclasses.replace(lookup, refs={**lookup.refs, **(v.get("refs") or {})})
    try:
        run = run_for(v.get("overrides"), lk)
        d = distribution(evaluate_formula(v.get("value", claim["value"]), lk, run), draws, claim["stated"])
    except NotCheckable as e:
        return {"name": v["name"], "taken": False, "p5": None, "p50": None, "p95": None, "p_holds": None,
                "gigawatt": "—", "why": str(e)}
    return {"name": v["name"], "taken": False, **d, "gigawatt": _spread(d, unit)}


def _all_readings(claim: dict, out: dict, base: dict | None, others: list[dict]) -> None:
    """``readings``: the one the verdict takes (``taken``), first, then the others, each with its P(holds)."""
    taken = taken_reading(claim)
    first = {"name": taken["name"], "taken": True, "p5": None, "p50": None, "p95": None, "p_holds": None,
             "gigawatt": "—"}
    if base is not None:
        first.update(base, gigawatt=out["gigawatt"] if out["gigawatt"] != "—" else _spread(base, out["unit"]))
    out.update(readings=[first, *others], reading_taken=taken["name"], reading_why=taken["why"])


def _context(claim: dict, out: dict, lookup: Lookup, run: ModelRun | None, draws: int) -> None:
    """Figures shown beside the verdict, and a note naming links left out for want of an amount."""
    items, lookup = [], dataclasses.replace(lookup, own_source=None)  # context informs; it is no verdict
    for c in claim.get("context") or []:
        try:
            d = distribution(evaluate_formula(c["value"], lookup, run), draws, {"op": "at_least", "low": 0})
            items.append({"label": c["label"], "p5": d["p5"], "p50": d["p50"], "p95": d["p95"],
                          "value": d["p50"], "text": _spread(d, c.get("unit", ""))})
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
                runs: dict | None = None, as_of: dt.date | str | None = None,
                evidence: tuple[Evidence, ...] | None = None, draws: int = DRAWS, seed: int = SEED) -> dict:
    """The verdict of one claim as a mapping (numbers may still be numpy; see ``check_claims_json``).

    ``runs`` caches the scenarios' Monte Carlo across claims; ``as_of`` (default today) and ``evidence``
    (default ``data/evidence.csv``) decide forward-looking claims."""
    require_fields(claim)
    day = parse_as_of(as_of)
    evidence = load_evidence() if evidence is None else evidence
    stated, unit = claim["stated"], claim["stated"].get("unit", "")
    lookup = Lookup(refs=dict(refs or {}), own_source=claim.get("own_source"), draws=draws, seed=seed)
    run_for = _runner(claim, lookup, override_items(scenario_overrides), {} if runs is None else runs)
    out = _blank(claim, day)
    if claim.get("not_checkable"):
        _not_checkable(claim, out, lookup, run_for, draws)
        return out
    run = None
    try:
        run = run_for(None)
        d = distribution(evaluate_formula(claim["value"], lookup, run), draws, stated)
    except NotCheckable as e:
        out["why"] = str(e)
        d = None
    others = [_reading(claim, v, lookup, run_for, draws) for v in claim.get("variants") or []] if d else []
    if d is not None:
        out.update(d, value=d["p50"], gigawatt=_spread(d, unit))
        out.update(verdict(stated, d, others))
        out["assumptions"] = [out["needs"]] if out["needs"] else ([claim["assumes"]] if claim.get("assumes") else [])
    _all_readings(claim, out, d, others)
    if claim.get("forward"):
        out.update(forward_verdict(claim, evidence, day), needs=None, needs_value=None)
        _settled(out)
    _context(claim, out, lookup, run, draws)
    return out


def _not_checkable(claim: dict, out: dict, lookup: Lookup, run_for: Runner, draws: int) -> None:
    """A claim no figure can decide: why, and (for the reader) its readings and context, with no verdict."""
    out["why"] = " ".join(str(claim["not_checkable"]).split())
    run, base = None, None
    try:
        run = run_for(None)
        if claim.get("reading"):  # a named reading is worth showing; a bare value may be the claim's own figure
            base = distribution(evaluate_formula(claim["value"], lookup, run), draws, claim["stated"])
    except NotCheckable:
        pass
    others = [_reading(claim, v, lookup, run_for, draws) for v in claim.get("variants") or []]
    _all_readings(claim, out, base, others)
    _context(claim, out, lookup, run, draws)


def _settled(out: dict) -> None:
    """A forward-looking claim that evidence has settled (happened / did not happen) has no P(holds): the
    draws describe the plan, not what happened."""
    if out["verdict"] not in ("happened", "did not happen"):
        return
    out["p_holds"] = None
    if out["gigawatt"] != "—":
        out["gigawatt"] = f"as planned: {out['gigawatt']}"
    for r in out["readings"]:
        r["p_holds"] = None
