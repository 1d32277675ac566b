"""Check the seed article's quantitative claims against the model and the sourced reference data.

The claims, the article's words and *how* each is checked live in ``data/claims.yaml``; this module only
evaluates them. A claim's value is a small formula over the model's headline figures (``$gpus``), sourced
figures (``ref:NY.retail_sales_twh``) and market data (``link:nvidia-intel-equity.usd``). The verdict follows
from comparing that value with what the article states, under the claim's alternative assumptions
(variants) and over the range of its uncertain inputs (sweeps):

* ``holds`` - the value agrees within tolerance, under every variant and over each input's plausible range;
* ``holds under assumptions`` - it agrees only under some assumptions (named), or only over part of a range;
* ``does not hold`` - no variant and no plausible input value makes it agree;
* ``not checkable`` - a figure is missing, or the only figure is the article's own source.

A sweep evaluates the vectorized model once on a grid of the input (``simulate.evaluate`` on arrays shaped
(draws,)), then refines each point where the verdict flips by bisection. Nothing is hard-coded: pass
``refs`` (figures by ``key.quantity``, ``company:ID.FIELD``, ``link:ID.FIELD``) or ``scenario_overrides`` to
see verdicts change.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import math
import operator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Mapping

import numpy as np

from gigawatt import catalog, fmt, timeline
from gigawatt.errors import InputError, show

VERDICTS = ("holds", "holds under assumptions", "does not hold", "not checkable")
GRID_POINTS = 161
BISECTIONS = 40
# Model inputs a refs entry ``PLATFORM.QUANTITY`` may replace (the catalog figures the model reads).
_HARDWARE_QUANTITIES = ("unit_power_kw", "gpu_packages_per_unit", "gpu_dies_per_unit", "fp4_dense_pflops_per_gpu",
                        "fp8_dense_pflops_per_gpu", "bf16_dense_pflops_per_gpu")
# The model's own comparison figures (simulate.reference_figures) and the reference rows they come from.
_STATIC_REFS = {"reactor_net_capacity_gw": "nuclear-reactor.net_capacity_gw",
                "reactor_capacity_factor": "nuclear-reactor.capacity_factor",
                "household_kwh_per_year": "us-household.electricity_kwh_per_year"}


class NotCheckable(Exception):
    """A figure a claim needs is missing or is not independent of the claim."""


# --------------------------------------------------------------------------------------------- data

def load_claims(path=None) -> dict:
    """The claims file as a mapping (``article_date``, ``claims``); the packaged one by default."""
    import yaml

    if path is None:
        text = (resources.files("gigawatt") / "data" / "claims.yaml").read_text(encoding="utf-8")
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or not isinstance(data.get("claims"), list):
        raise InputError("claims", "a claims file is a mapping with a 'claims' list")
    return data


@functools.cache
def _links():
    from gigawatt import market

    return market.load_links()


@functools.cache
def _companies():
    from gigawatt import market

    return market.load_companies().set_index("id")


# --------------------------------------------------------------------------------------------- formulas

_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
_SYMBOLS = {"+", "-", "*", "/", "(", ")"}


def _tokens(formula: str) -> tuple[str, list[str]]:
    """``"$a / ref:X.y"`` -> (``"v0 / v1"``, operands); operands and operators are separated by spaces."""
    parts, operands = [], []
    for tok in str(formula).split():
        if tok in _SYMBOLS:
            parts.append(tok)
            continue
        try:
            float(tok)
            parts.append(tok)
        except ValueError:
            parts.append(f"v{len(operands)}")
            operands.append(tok)
    return " ".join(parts), operands


def operands(formula: str) -> list[str]:
    return _tokens(formula)[1]


def _evaluate_expr(expr: str, values: list):
    def ev(node):
        if isinstance(node, ast.Expression):
            return ev(node.body)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            with np.errstate(divide="ignore", invalid="ignore"):
                return _OPS[type(node.op)](ev(node.left), ev(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -ev(node.operand)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id.startswith("v"):
            return values[int(node.id[1:])]
        raise InputError("claims.value", f"{show(expr)} is not a formula of + - * / and operands")

    return ev(ast.parse(expr, mode="eval"))


def _quarter(text, path: str) -> int:
    return timeline.parse_quarter(str(text), path)


def _ref_key(text: str) -> tuple[str, str, int | None]:
    body, _, year = text.partition("@")
    key, _, quantity = body.partition(".")
    if not key or not quantity:
        raise InputError("claims.value", f"{show(text)} is not KEY.QUANTITY[@YEAR]")
    return key, quantity, int(year) if year else None


@dataclass
class Lookup:
    """Where formula operands get their numbers: reference data, market data, refs overrides."""

    refs: Mapping[str, Any] = field(default_factory=dict)
    own_source: str | None = None

    def ref(self, text: str):
        """A sourced figure; ``refs`` wins (by ``KEY.QUANTITY@YEAR`` or ``KEY.QUANTITY``)."""
        key, quantity, year = _ref_key(text)
        for k in (text, f"{key}.{quantity}"):
            if k in self.refs:
                v = self.refs[k]
                return v if isinstance(v, np.ndarray) else float(v)
        try:
            r = catalog.ref(key, quantity, year)
        except LookupError as e:
            raise NotCheckable(f"no sourced figure {text} in gigawatt/data") from None
        if self.own_source and self.own_source.lower() in r.source.lower():
            raise NotCheckable(f"the only figure, {key}.{quantity}, cites the claim's own source ({self.own_source})")
        if not isinstance(r.value, float):
            raise NotCheckable(f"{key}.{quantity} has no numeric value ({r.note or 'not published'})")
        return r.value

    def ref_range(self, text: str) -> tuple[float, float] | None:
        key, quantity, year = _ref_key(text)
        if text in self.refs or f"{key}.{quantity}" in self.refs:
            return None
        try:
            r = catalog.ref(key, quantity, year)
            lo, hi = r.range
        except LookupError:
            return None
        return (lo, hi) if hi > lo else None

    def company(self, text: str) -> float:
        full = f"company:{text}"
        if full in self.refs:
            return float(self.refs[full])
        cid, _, col = text.partition(".")
        frame = _companies()
        if cid not in frame.index or col not in frame.columns:
            raise NotCheckable(f"no {col} for company {cid} in companies.csv")
        v = float(frame.loc[cid, col])
        if not math.isfinite(v):
            raise NotCheckable(f"companies.csv gives no {col} for {cid}")
        return v

    def link(self, text: str) -> float:
        full = f"link:{text}"
        if full in self.refs:
            v = self.refs[full]
            return float(_quarter(v, full)) if text.endswith(".start") else float(v)
        lid, _, col = text.partition(".")
        links = _links()
        row = links[links["id"] == lid]
        if row.empty:
            raise NotCheckable(f"no link {lid} in links.csv")
        v = row.iloc[0][col]
        if col in ("start", "date"):
            return float(_quarter(v, f"links.csv {lid}.{col}"))
        v = float(v)
        if not math.isfinite(v):
            raise NotCheckable(f"links.csv {lid} does not disclose {col}")
        return v

    def links_sum(self, text: str) -> float:
        full = f"links:{text}"
        if full in self.refs:
            return float(self.refs[full])
        links = _links()
        mask = np.ones(len(links), dtype=bool)
        for cond in text.split(","):
            k, _, v = cond.partition("=")
            if k == "until":
                mask &= (links["date"] <= v).to_numpy()
            elif k in ("payer", "payee", "kind"):
                mask &= (links[k] == v).to_numpy()
            else:
                raise InputError("claims.value", f"{show(cond)}: filter links by payer, payee, kind or until")
        usd = links.loc[mask, "usd"].to_numpy(dtype=float)
        disclosed = usd[np.isfinite(usd)]
        if disclosed.size == 0:
            raise NotCheckable(f"no link with a disclosed amount matches {text}")
        return float(disclosed.sum())


def undisclosed_links(text: str) -> list[str]:
    """Ids of links matching a ``links:`` filter whose amount is not disclosed."""
    links = _links()
    mask = np.ones(len(links), dtype=bool)
    for cond in text.split(","):
        k, _, v = cond.partition("=")
        mask &= ((links["date"] <= v) if k == "until" else (links[k] == v)).to_numpy()
    sel = links[mask]
    return [str(i) for i, u in zip(sel["id"], sel["usd"]) if not math.isfinite(float(u))]


# --------------------------------------------------------------------------------------------- model runs

@dataclass
class ModelRun:
    """A scenario prepared once, evaluated on demand with some inputs replaced by arrays."""

    scn: Any
    static: Any
    params: dict

    @classmethod
    def load(cls, name: str, overrides: list | dict, lookup: Lookup) -> ModelRun:
        from gigawatt.scenario import load_scenario
        from gigawatt.simulate import inputs, prepare

        scn = load_scenario(name, overrides)
        static = prepare(scn)
        params = inputs(scn)
        refs = dict(static.refs)
        for name_, text in {**_STATIC_REFS, "state_twh_per_year":
                            f"{scn.energy.comparison_state}.retail_sales_twh"}.items():
            if text in lookup.refs:
                refs[name_] = float(lookup.refs[text])
        available = static.available.copy()
        for key, value in lookup.refs.items():
            plat, _, quantity = str(key).partition(".")
            if plat in static.platform_names and quantity in _HARDWARE_QUANTITIES:
                params[f"hardware.{plat}.{quantity}"] = np.array([float(value)])
            elif plat in static.platform_names and quantity == "available":
                available[static.platform_names.index(plat)] = _quarter(value, f"refs.{key}")
        static = dataclasses.replace(static, refs=refs, available=available)
        return cls(scn=scn, static=static, params=params)

    def headline(self, replace: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
        from gigawatt.results import headline_arrays
        from gigawatt.simulate import evaluate

        p = dict(self.params)
        for k, v in (replace or {}).items():
            if k not in p:
                raise InputError("claims.sweeps.path", f"{show(k)} is not a model input of {self.scn.name}")
            p[k] = np.atleast_1d(np.asarray(v, dtype=float))
        data = evaluate(self.static, p, detail=True)
        h = headline_arrays(data, self.static)
        h["_data"] = data  # type: ignore[assignment]
        return h


def _mix(h: dict, static, platform: str) -> np.ndarray:
    """Share of the GW online at the first-GW quarter that runs on ``platform``."""
    data = h["_data"]
    if platform not in static.platform_names:
        raise InputError("claims.value", f"mix:{platform}: not a catalog platform")
    idx = np.asarray(data["first_gw_quarter"], dtype=float) - static.q0
    ok = idx >= 0
    i = np.clip(idx, 0, static.nq - 1).astype(np.int64)
    rows = np.arange(i.shape[0])
    on = data["gw_by_platform"][rows, i, static.platform_names.index(platform)]
    total = data["gw_online"][rows, i]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(ok, on / total, np.nan)


def evaluate_formula(formula: str, lookup: Lookup, run: ModelRun | None = None,
                     replace: Mapping[str, Any] | None = None, headline: dict | None = None):
    """Evaluate a claim formula; model operands come from ``run`` with inputs ``replace``-d (arrays)."""
    expr, ops = _tokens(formula)
    replace = dict(replace or {})
    model_replace = {k: v for k, v in replace.items() if not k.startswith("ref:")}
    ref_replace = {k[4:]: v for k, v in replace.items() if k.startswith("ref:")}
    lk = dataclasses.replace(lookup, refs={**lookup.refs, **ref_replace}) if ref_replace else lookup
    h = headline
    values = []
    for op in ops:
        if op.startswith("$") or op.startswith("mix:"):
            if run is None:
                raise InputError("claims.value", f"{op} needs a scenario")
            if h is None:
                h = run.headline(model_replace)
            if op.startswith("$"):
                if op[1:] not in h:
                    raise InputError("claims.value", f"{op} is not a headline figure")
                values.append(np.asarray(h[op[1:]], dtype=float))
            else:
                values.append(_mix(h, run.static, op[4:]))
        elif op.startswith("ref:"):
            values.append(lk.ref(op[4:]))
        elif op.startswith("company:"):
            values.append(lk.company(op[8:]))
        elif op.startswith("link:"):
            values.append(lk.link(op[5:]))
        elif op.startswith("links:"):
            values.append(lk.links_sum(op[6:]))
        else:
            raise InputError("claims.value", f"{show(op)}: an operand starts with $, mix:, ref:, company:, link: or "
                                             "links:")
    return _evaluate_expr(expr, values)


# --------------------------------------------------------------------------------------------- verdicts

def _bound(stated: dict, key: str) -> float | None:
    v = stated.get(key)
    if v is None:
        return None
    if stated.get("unit") == "quarter":
        return float(_quarter(v, f"claims.stated.{key}"))
    return float(v)


def agrees(value, stated: dict, tolerance: float):
    """Whether ``value`` (scalar or array) agrees with the stated figure within ``tolerance``."""
    v = np.asarray(value, dtype=float)
    op = stated.get("op", "range")
    lo, hi = _bound(stated, "low"), _bound(stated, "high")
    quarter = stated.get("unit") == "quarter"
    slack_lo = (lambda x: x - tolerance) if quarter else (lambda x: x * (1 - tolerance) if x >= 0 else x * (1 + tolerance))
    slack_hi = (lambda x: x + tolerance) if quarter else (lambda x: x * (1 + tolerance) if x >= 0 else x * (1 - tolerance))
    ok = np.isfinite(v)
    if op in ("range", "at_least"):
        ok &= v >= slack_lo(lo) - 1e-12 * abs(lo)
    if op in ("range", "at_most"):
        ok &= v <= slack_hi(hi if hi is not None else lo) + 1e-12 * abs(hi if hi is not None else lo)
    if op not in ("range", "at_least", "at_most"):
        raise InputError("claims.stated.op", f"{show(op)} is not range, at_least or at_most")
    return ok


def stated_band(stated: dict, tolerance: float, holding: bool = True) -> str:
    """The values that agree with the stated figure (or, ``holding=False``, that do not), in words."""
    unit, op = stated.get("unit", ""), stated.get("op", "range")
    lo, hi = _bound(stated, "low"), _bound(stated, "high")
    if unit == "quarter":
        lo_, hi_ = (None if lo is None else lo - tolerance), (None if hi is None else hi + tolerance)
    else:
        lo_ = None if lo is None else (lo * (1 - tolerance) if lo >= 0 else lo * (1 + tolerance))
        hi_ = None if hi is None else (hi * (1 + tolerance) if hi >= 0 else hi * (1 - tolerance))
    if op == "at_least":
        return f"{'≥' if holding else '<'} {_display(lo_, unit)}"
    if op == "at_most":
        return f"{'≤' if holding else '>'} {_display(hi_ if hi_ is not None else lo_, unit)}"
    return f"{'within' if holding else 'outside'} {_display(lo_, unit)}–{_display(hi_, unit)}"


def _scalar(x) -> float:
    a = np.asarray(x, dtype=float).ravel()
    return float(a[0]) if a.size else math.nan


@dataclass
class Sweep:
    path: str
    on: str | None                         # the variant swept (None: the base case)
    grid: tuple[float, float]
    intervals: list[tuple[float, float]]   # where the claim holds, within the grid
    plausible: tuple[float, float]
    coverage: str                          # all | some | none (of the plausible range)
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.path.removeprefix("ref:")

    def _span(self, a: float, b: float) -> str:
        lo, hi = self.grid
        if a <= lo and b >= hi:
            return "any value"
        if a <= lo:
            return f"≤ {_num(b)}"
        if b >= hi:
            return f"≥ {_num(a)}"
        return f"{_num(a)}–{_num(b)}"

    def describe(self) -> str:
        """Where the claim holds: ``facility.pue ≤ 1.38``."""
        if not self.intervals:
            return f"no {self.name} in {_num(self.grid[0])}–{_num(self.grid[1])}"
        return f"{self.name} " + " or ".join(self._span(a, b) for a, b in self.intervals)

    def describe_flip(self) -> str:
        """Where it stops holding (the complement of the intervals within the grid), or ''."""
        lo, hi = self.grid
        gaps, x = [], lo
        for a, b in self.intervals:
            if a > x:
                gaps.append((x, a))
            x = b
        if x < hi:
            gaps.append((x, hi))
        return f"{self.name} " + " or ".join(self._span(a, b) for a, b in gaps) if gaps else ""


def _num(x: float) -> str:
    return fmt.usd(x) if abs(x) >= 1e6 else fmt.sig(x)


def _intervals(xs: np.ndarray, ok: np.ndarray, edges: list[float]) -> list[tuple[float, float]]:
    """Holding intervals from grid flags and the refined flip points between grid neighbours."""
    out, start, j = [], (xs[0] if ok[0] else None), 0
    for i in range(len(xs) - 1):
        if ok[i] != ok[i + 1]:
            e = edges[j]
            j += 1
            if ok[i + 1]:
                start = e
            else:
                out.append((start, e))
                start = None
    if start is not None:
        out.append((start, xs[-1]))
    return out


def sweep(formula: str, stated: dict, tolerance: float, lookup: Lookup, run: ModelRun | None, path: str,
          grid: tuple[float, float], plausible: tuple[float, float], n: int = GRID_POINTS) -> Sweep:
    """Where the claim holds as ``path`` runs over ``grid``: one vectorized evaluation, then bisection."""
    lo, hi = float(grid[0]), float(grid[1])
    xs = np.unique(np.concatenate([np.linspace(lo, hi, n), np.asarray(plausible, dtype=float)]))
    f = lambda x: agrees(evaluate_formula(formula, lookup, run, {path: x}), stated, tolerance)  # noqa: E731
    ok = np.broadcast_to(f(xs), xs.shape)
    flips = np.flatnonzero(ok[:-1] != ok[1:])
    a, b = xs[flips].copy(), xs[flips + 1].copy()
    if flips.size:
        ok_a = ok[flips]
        for _ in range(BISECTIONS):  # all flip points at once
            m = 0.5 * (a + b)
            ok_m = np.broadcast_to(f(m), m.shape)
            same = ok_m == ok_a
            a, b = np.where(same, m, a), np.where(same, b, m)
    edges = list(0.5 * (a + b))
    intervals = _intervals(xs, ok, edges)
    p_lo, p_hi = plausible
    inside = (xs >= p_lo) & (xs <= p_hi)
    cov = "all" if ok[inside].all() else ("some" if ok[inside].any() else "none")
    return Sweep(path=path, on=None, grid=(lo, hi), intervals=intervals, plausible=(p_lo, p_hi), coverage=cov)


# --------------------------------------------------------------------------------------------- one claim

_FIELDS = ("id", "topic", "words", "english", "stated", "value")


def _display(x: float, unit: str) -> str:
    if x is None or not math.isfinite(x):
        return "—"
    if unit == "quarter":
        return timeline.label(int(round(x)))
    if unit in ("GPUs", "users", "count", "tokens"):
        return fmt.count(x)
    if unit == "USD":
        return fmt.usd(x)
    if unit == "fraction":
        return fmt.pct(x)
    if unit == "x":
        return f"{fmt.sig(x)}×"
    return f"{fmt.sig(x)} {unit}"


def check_claim(claim: dict, *, scenario_overrides=None, refs: Mapping[str, Any] | None = None,
                runs: dict | None = None) -> dict:
    """The verdict of one claim as a JSON-able mapping."""
    for k in _FIELDS:
        if k not in claim:
            raise InputError(f"claims[{claim.get('id', '?')}].{k}", "is required but missing")
    stated, tol = claim["stated"], float(claim.get("tolerance", 0.0))
    unit = stated.get("unit", "")
    lookup = Lookup(refs=dict(refs or {}), own_source=claim.get("own_source"))
    runs = {} if runs is None else runs
    user = _override_items(scenario_overrides)

    def run_for(overrides: Mapping | None, extra_refs: Mapping | None = None) -> ModelRun | None:
        if not claim.get("scenario"):
            return None
        items = {**(claim.get("overrides") or {}), **user, **(overrides or {})}
        lk = dataclasses.replace(lookup, refs={**lookup.refs, **(extra_refs or {})})
        key = (claim["scenario"], repr(sorted(items.items(), key=lambda kv: kv[0])), repr(sorted(lk.refs.items())))
        if key not in runs:
            runs[key] = ModelRun.load(claim["scenario"], dict(items), lk)
        return runs[key]

    out = {"id": str(claim["id"]), "topic": claim["topic"], "words": claim["words"], "english": claim["english"],
           "stated": stated.get("text", ""), "stated_low": stated.get("low"), "stated_high": stated.get("high"),
           "stated_op": stated.get("op", "range"), "unit": unit, "tolerance": tol, "scenario": claim.get("scenario"),
           "method": claim["value"], "value": None, "gigawatt": "—", "verdict": "not checkable", "assumptions": [],
           "flips": [], "why": "", "variants": [], "sweeps": [], "context": [], "note": claim.get("note", ""),
           "sources": list(claim.get("sources") or [])}
    try:
        base_run = run_for(None)
        value = _scalar(evaluate_formula(claim["value"], lookup, base_run))
    except NotCheckable as e:
        out["why"] = str(e)
        out["flips"] = ["a sourced, independent figure in gigawatt/data"]
        _context(claim, out, Lookup(refs=lookup.refs), run_for)
        return out
    base_ok = bool(agrees(value, stated, tol))
    out["value"] = value
    out["gigawatt"] = _display(value, unit)

    variants = []
    for v in claim.get("variants") or []:
        vrun = run_for(v.get("overrides"), v.get("refs"))
        vlookup = dataclasses.replace(lookup, refs={**lookup.refs, **(v.get("refs") or {})})
        try:
            val = _scalar(evaluate_formula(v.get("value", claim["value"]), vlookup, vrun))
        except NotCheckable as e:
            variants.append({"name": v["name"], "value": None, "holds": None, "why": str(e)})
            continue
        variants.append({"name": v["name"], "value": val, "gigawatt": _display(val, unit),
                         "holds": bool(agrees(val, stated, tol))})
    out["variants"] = variants

    sweeps: list[Sweep] = []
    specs = list(claim.get("sweeps") or [])
    for op in operands(claim["value"]):  # a ranged reference figure is an uncertain input too
        if op.startswith("ref:") and not any(s.get("path") == op for s in specs):
            rng = lookup.ref_range(op[4:])
            if rng is not None:
                specs.append({"path": op, "grid": list(rng), "plausible": list(rng)})
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
        sweeps.append(res)
    out["sweeps"] = [dataclasses.asdict(s) | {"describe": s.describe()} for s in sweeps]

    unmet = []
    for r in claim.get("requires") or []:
        key, _, quantity = r["ref"].partition(".")
        have = lookup.refs.get(r["ref"], catalog.ref(key, quantity).value)
        if str(have) != str(r["equals"]):
            unmet.append((f"{r['ref']} is {r['equals']} (data: {have})", f"{r['ref']} stays {have}"))

    out.update(_verdict(claim, base_ok, variants, sweeps, unmet))
    _context(claim, out, lookup, run_for)
    return out


def _verdict(claim: dict, base_ok: bool, variants: list, sweeps: list[Sweep], unmet: list[str]) -> dict:
    band = stated_band(claim["stated"], float(claim.get("tolerance", 0.0)), holding=False)
    base_sweeps = [s for s in sweeps if s.on is None]
    var_sweeps = {s.on: [x for x in sweeps if x.on == s.on] for s in sweeps if s.on}
    failing = [v for v in variants if v["holds"] is False]
    holding = [v for v in variants if v["holds"]]
    if base_ok:
        conditions = [f"{s.describe()} (plausible {_num(s.plausible[0])}–{_num(s.plausible[1])})"
                      for s in base_sweeps if s.coverage != "all"] + [u[0] for u in unmet]
        flips = []
        for v in failing:
            rescue = [s.describe() for s in var_sweeps.get(v["name"], []) if s.coverage != "none"]
            flips.append(f"{v['name']}: {v['gigawatt']}" + (f" (holds if {', '.join(rescue)})" if rescue else ""))
        flips += [s.describe_flip() for s in base_sweeps if s.describe_flip()]
        flips += [u[1] for u in unmet]
        if conditions or failing:
            assumptions = ([claim["assumes"]] if claim.get("assumes") else []) + conditions
            return {"verdict": "holds under assumptions", "assumptions": assumptions, "flips": flips}
        return {"verdict": "holds", "assumptions": [claim["assumes"]] if claim.get("assumes") else [],
                "flips": flips or [f"a value {band}"]}
    assumptions = []
    for s in base_sweeps:
        if s.coverage != "none":
            assumptions.append(s.describe())
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


def _context(claim: dict, out: dict, lookup: Lookup, run_for) -> None:
    items = []
    run = run_for(None) if claim.get("scenario") else None
    for c in claim.get("context") or []:
        try:
            v = _scalar(evaluate_formula(c["value"], Lookup(refs=lookup.refs), run))
            items.append({"label": c["label"], "value": v, "text": _display(v, c.get("unit", ""))})
        except NotCheckable as e:
            items.append({"label": c["label"], "value": None, "text": f"— ({e})"})
    for op in operands(claim["value"]):
        if op.startswith("links:"):
            hidden = undisclosed_links(op[6:])
            if hidden:
                out["note"] = (out["note"] + " " if out["note"] else "") + \
                    f"Amounts not disclosed, left out: {', '.join(hidden)}."
    out["context"] = items


def _override_items(overrides) -> dict:
    from gigawatt.scenario import parse_override

    if not overrides:
        return {}
    if isinstance(overrides, Mapping):
        return dict(overrides)
    return dict(parse_override(o) for o in overrides)


# --------------------------------------------------------------------------------------------- all claims

def check_claims_json(scenario_overrides=None, data: Mapping | None = None,
                      refs: Mapping[str, Any] | None = None, only: list[str] | None = None) -> list[dict]:
    """Every claim's verdict as JSON-able mappings (the ``gigawatt claims --json`` list)."""
    data = load_claims() if data is None else data
    runs: dict = {}
    out = []
    for claim in data["claims"]:
        if only and str(claim["id"]) not in only:
            continue
        out.append(_clean(check_claim(claim, scenario_overrides=scenario_overrides, refs=refs, runs=runs)))
    return out


def check_claims(scenario_overrides=None, data: Mapping | None = None, refs: Mapping[str, Any] | None = None,
                 only: list[str] | None = None):
    """Every claim of the seed article, checked: a DataFrame, one row per claim.

    ``scenario_overrides``: ``["facility.pue=1.4"]`` or ``{"facility.pue": 1.4}``, applied to every claim's
    scenario; ``data``: a claims mapping (default ``data/claims.yaml``); ``refs``: reference figures that
    replace the sourced ones, e.g. ``{"NY.retail_sales_twh": 1391.0}``.
    """
    import pandas as pd

    rows = check_claims_json(scenario_overrides, data, refs, only)
    return pd.DataFrame(rows)


def _clean(x):
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_clean(v) for v in x]
    if isinstance(x, (np.floating, float)):
        x = float(x)
        return x if math.isfinite(x) else None
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x
