"""The verdict on a claim, from the base case, its variants (other assumptions) and its sweeps (input ranges).

* ``holds`` - the value agrees within tolerance, under every variant and over each input's plausible range;
* ``holds under assumptions`` - it agrees only under some assumptions (named), or only over part of a range;
* ``does not hold`` - no variant and no plausible input value makes it agree;
* ``not checkable`` - a figure is missing, or the only figure is the article's own source.
"""

from __future__ import annotations

from gigawatt.claims.stated import stated_band
from gigawatt.claims.sweep import Sweep, number

VERDICTS = ("holds", "holds under assumptions", "does not hold", "not checkable")


def _holding(claim: dict, variants: list, base_sweeps: list[Sweep], var_sweeps: dict, unmet: list) -> dict:
    """The base case agrees: it holds, or holds only under the assumptions the sweeps and variants name."""
    band = stated_band(claim["stated"], float(claim.get("tolerance", 0.0)), holding=False)
    failing = [v for v in variants if v["holds"] is False]
    conditions = [f"{s.describe()} (plausible {number(s.plausible[0])}–{number(s.plausible[1])})"
                  for s in base_sweeps if s.coverage != "all"] + [u[0] for u in unmet]
    flips = []
    for v in failing:
        rescue = [s.describe() for s in var_sweeps.get(v["name"], []) if s.coverage != "none"]
        flips.append(f"{v['name']}: {v['gigawatt']}" + (f" (holds if {', '.join(rescue)})" if rescue else ""))
    flips += [s.describe_flip() for s in base_sweeps if s.describe_flip()]
    flips += [u[1] for u in unmet]
    assumes = [claim["assumes"]] if claim.get("assumes") else []
    if conditions or failing:
        return {"verdict": "holds under assumptions", "assumptions": assumes + conditions, "flips": flips}
    return {"verdict": "holds", "assumptions": assumes, "flips": flips or [f"a value {band}"]}


def verdict(claim: dict, base_ok: bool, variants: list, sweeps: list[Sweep], unmet: list) -> dict:
    """``verdict``, ``assumptions`` (under which it holds) and ``flips`` (what would change the verdict).

    ``unmet``: (condition, what flips it) pairs for the claim's ``requires`` that the data does not meet."""
    base_sweeps = [s for s in sweeps if s.on is None]
    var_sweeps = {s.on: [x for x in sweeps if x.on == s.on] for s in sweeps if s.on}
    if base_ok:
        return _holding(claim, variants, base_sweeps, var_sweeps, unmet)
    holding = [v for v in variants if v["holds"]]
    assumptions = [s.describe() for s in base_sweeps if s.coverage != "none"]
    for v in holding:
        extra = [s.describe() for s in var_sweeps.get(v["name"], []) if s.coverage != "all"]
        assumptions.append(v["name"] + (f" with {', '.join(extra)}" if extra else ""))
    for name, ss in var_sweeps.items():
        if name not in {v["name"] for v in holding} and any(s.coverage != "none" for s in ss):
            assumptions.append(f"{name} with " + ", ".join(s.describe() for s in ss if s.coverage != "none"))
    if assumptions:
        return {"verdict": "holds under assumptions", "assumptions": assumptions, "flips": assumptions}
    flips = [s.describe() for s in sweeps if s.intervals]
    return {"verdict": "does not hold", "assumptions": [],
            "flips": flips or [f"a value {stated_band(claim['stated'], float(claim.get('tolerance', 0.0)), True)}"]}
