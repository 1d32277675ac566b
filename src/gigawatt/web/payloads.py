"""JSON payloads of runs and Monte Carlo results, each number with its text beside it.

The server formats (:mod:`gigawatt.present`, the one formatter of the CLI, the report and the dashboard); the
dashboard shows these strings and draws charts from the numbers.
"""

from __future__ import annotations

import math
from typing import Any

from gigawatt import outputs, present
from gigawatt.present import meaning, plain


def summary_text(h: dict) -> dict[str, str]:
    """Headline figures as people read them: ``10.0 GW``, ``$500 B``, ``0.488 × NY``."""
    state = h.get("comparison_state")
    return {key: present.headline(key, h.get(key), o.unit, state) for key, o in outputs.headline().items()}


def _floats(a) -> list[float | None]:
    return [float(x) if math.isfinite(x) else None for x in a.tolist()]


def _row_text(row: dict) -> dict[str, str]:
    out = {}
    for k, v in row.items():
        out[k] = str(v) if k == "year" else present.value(v, outputs.unit(k, "series"))
    return out


def timeline_values(scn) -> tuple[dict, dict]:
    """The timeline controls' values and texts by override path (``parts.PART.`` on a composite's parts)."""
    from gigawatt import present

    def one(s, prefix: str, values: dict, texts: dict) -> None:
        p = s.program
        if p.phases:  # explicit phases: the ramp rule does not apply
            return
        values[f"{prefix}program.first_online"] = texts[f"{prefix}program.first_online"] = p.first_online
        if p.ramp_gw_per_year is not None:
            values[f"{prefix}program.ramp_gw_per_year"] = p.ramp_gw_per_year
            texts[f"{prefix}program.ramp_gw_per_year"] = present.value(p.ramp_gw_per_year, "GW") + " a year"
        values[f"{prefix}program.continue_probability"] = p.continue_probability
        texts[f"{prefix}program.continue_probability"] = present.pct(p.continue_probability)

    values: dict = {}
    texts: dict = {}
    if scn.include:
        for name, part in zip(scn.include, scn.part_scenarios):
            if not part.include:
                one(part, f"parts.{name}.", values, texts)
    else:
        one(scn, "", values, texts)
    return values, texts


def _parties(scn, res) -> dict:
    """The ledger's parties in plain words ("OpenAI's other suppliers") and a distinct colour each."""
    from gigawatt.report import names

    keys = list(res.cash_by_party())
    return {"party_labels": {k: names.party(k, scn) for k in keys}, "party_colors": names.party_colors(keys)}


def run_payload(scn, res, overrides: dict, seconds: float) -> dict:
    """``POST /api/run``'s answer for a deterministic Results."""
    from gigawatt.web.controls import control_notes, control_values

    h = plain(res.headline())
    gbp = res.data["gw_by_platform"][0]
    by_year = plain(res.by_year())
    values, texts = control_values(scn)
    more_values, more_texts = timeline_values(scn)  # the timeline controls (GET /api/meta/timeline)
    values.update(more_values)
    texts.update(more_texts)
    return {
        "scenario": scn.name, "title": scn.title or scn.name, "standing": scn.standing(),
        "heading": present.heading.lines(scn), "horizon": list(scn.horizon),
        "summary": h, "summary_text": summary_text(h), "summary_is": meaning.value_label(h),
        "summary_is_text": meaning.BUILT_IS if meaning.value_label(h) == meaning.BUILT else "the deterministic run",
        "assumptions": scn.model_dump(mode="json"),
        "parts": list(scn.include), "controls_value": values, "controls_text": texts,
        "controls_note": control_notes(values), "quarters": res.quarters,
        "series": {k: _floats(res.series(k)) for k in outputs.model_series()},
        "gw_by_platform": {n: _floats(gbp[:, i]) for i, n in enumerate(res.static.platform_names)
                           if gbp[:, i].max() > 0},
        "cash_by_party": {p: _floats(v) for p, v in res.cash_by_party().items()},
        **_parties(scn, res),
        "by_year": by_year, "by_year_text": [_row_text(r) for r in by_year],
        "overrides": plain(overrides), "run_id": None, "seconds": seconds, "seconds_text": present.seconds(seconds),
    }


def mc_text(results: dict, state: str | None = None) -> dict[str, Any]:
    """A Monte Carlo's headline quantiles and probabilities as text (``MCResults.to_json()`` in), as the cards
    write them (``0.488 × NY`` given the comparison ``state``, ``9.71 reactors``)."""
    head = {}
    dates = {"first_gw_quarter": "first_gw_online", "full_build_quarter": "full_build_online"}  # MC's names
    for key, q in (results.get("headline") or {}).items():
        o = outputs.headline().get(key) or outputs.headline().get(dates.get(key, ""))
        unit = q.get("unit") or (o.unit if o else "")
        head[key] = {"label": o.label if o else key.replace("_", " "),
                     **{p: present.headline(key, q.get(p), unit, state) if state else present.value(q.get(p), unit)
                        for p in ("p5", "p50", "p95", "mean")}}
    probs = {k: {"description": v.get("description", k), "probability": present.pct(v.get("probability"))}
             for k, v in (results.get("probabilities") or {}).items()}
    series = {k: (outputs.series()[k].label if k in outputs.series() else k.replace("_", " "))
              for k in results.get("series") or {}}
    from gigawatt.report.names import input_label

    inputs = "; ".join(input_label(i.get("path", "")) for i in results.get("inputs") or []) or "none"
    return {"headline": head, "probabilities": probs, "series_labels": series,
            "about": f"{present.sig(results.get('draws'))} draws, seed {results.get('seed', '—')}; "
                     f"inputs drawn: {inputs}",
            "meaning": _mc_meaning(results)}


def _mc_meaning(results: dict) -> str:
    """What the median draw is, beside the cards' every phase built (:mod:`gigawatt.present.meaning`)."""
    p = (results.get("meaning") or {}).get("p_every_phase_built")
    share = f" Every phase is built in {present.pct(p)} of draws." if p is not None else ""
    return (f"'{meaning.MEDIAN}': {meaning.MEDIAN_IS}.{share} '{meaning.BUILT}': the cards above, {meaning.BUILT_IS}; "
            f"{meaning.MARK} marks one outside its own P5–P95.")


def _state(scn) -> str | None:
    """The US state the energy is compared with (a composite's own, else its first part's)."""
    for s in (scn, *getattr(scn, "part_scenarios", ())):
        state = getattr(getattr(s, "energy", None), "comparison_state", None)
        if state:
            return state
    return None


def mc_payload(scn, draws: int, seed: int, results: dict, run_id: str | None, seconds: float) -> dict:
    return {"scenario": scn.name, "draws": draws, "seed": seed, "results": results,
            "results_text": mc_text(results, _state(scn)), "run_id": run_id, "seconds": seconds}
