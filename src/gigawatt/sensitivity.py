"""Global sensitivity of the headline figures to the uncertain inputs: Sobol, Morris (SALib), and a tornado.

Sample, evaluate, analyze stay apart (STYLE 6): SALib's samplers give points in the unit hypercube, the
distributions' inverse CDFs (:func:`gigawatt.uncertainty.sample_unit`) turn them into inputs, the
vectorized model evaluates them in chunks, and SALib's analyzers see only the unit-cube design and the
outputs. Sobol indices assume independent inputs, so the scenario's rank correlations are not applied here
(the Monte Carlo applies them). The one-at-a-time tornado needs no sampling: each input at its 5th and
95th percentile, the others at their central values.

SALib is imported inside the functions that use it.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

import numpy as np

from gigawatt import present
from gigawatt.errors import InputError, show

MAX_SAMPLES = 1 << 20
CHUNK = 16384
# Headline figures analysed by default (finite in every draw).
OUTPUTS = ("capacity_gw", "gpus", "annual_energy_twh", "peak_dense_fp8_flops", "capex_usd", "vendor_net_cash_usd",
           "customer_funding_gap_usd", "required_revenue_usd_per_year", "vendor_equity_share")
METHODS = ("sobol", "morris")

Model = Callable[[Mapping[str, np.ndarray]], Mapping[str, np.ndarray]]


@dataclass
class Sensitivity:
    """Indices per output, each a list of rows ranked by importance."""

    method: str
    samples: int
    evaluations: int
    inputs: list[str]
    indices: dict[str, list[dict[str, Any]]]
    tornado: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    note: str = ""
    seed: int | None = None  # of SALib's sampler and bootstrap: the same seed gives the same bytes

    def to_json(self) -> dict[str, Any]:
        return {"method": self.method, "samples": self.samples, "seed": self.seed, "evaluations": self.evaluations,
                "inputs": self.inputs, "indices": self.indices, "tornado": self.tornado, "note": self.note}

    def to_dataframe(self):
        """The indices as a tidy table: one row per (output, input), the method's columns (S1, ST, ... or
        mu_star, sigma, ...) as columns."""
        import pandas as pd

        rows = [{"output": out} | row for out, ranked in self.indices.items() for row in ranked]
        return pd.DataFrame(rows)


def _rng(seed: int) -> np.random.Generator:
    """A fresh generator for one SALib call. SALib's analyzers read ``if seed:``, so an int 0 would mean
    "unseeded" (numpy's global state); a Generator is always taken as given, so every seed, 0 included,
    reproduces."""
    return np.random.default_rng(seed)


def _check_samples(samples, method: str) -> int:
    if isinstance(samples, bool) or not isinstance(samples, numbers.Integral) or not 2 <= samples <= MAX_SAMPLES:
        raise InputError("--samples", f"{show(samples)} must be a whole number from 2 to {MAX_SAMPLES:,}")
    if method == "sobol" and samples & (samples - 1):
        raise InputError("--samples", f"{samples:,} is not a power of 2, which Sobol sequences need "
                                      f"(try {1 << int(math.log2(samples)):,} or {1 << (int(math.log2(samples)) + 1):,})")
    return int(samples)


def memory_estimate(method: str, samples: int, inputs: int, outputs: int) -> int:
    """Bytes a Sobol or Morris analysis holds at its peak: the sample (``rows`` x ``inputs``, built with about
    two temporaries of its size), the outputs (``rows`` each) and, for Sobol, the bootstrap's resample index
    and draws (N x 100 per index, a few alive at once)."""
    rows = samples * (inputs + (2 if method == "sobol" else 1))
    boot = samples * 100 * 8 * 4 if method == "sobol" else 0
    return rows * inputs * 8 * 3 + rows * outputs * 8 + boot


def check_memory(method: str, samples: int, inputs: int, outputs: int) -> None:
    """InputError naming ``--samples`` when the analysis would not fit in the memory available now."""
    from gigawatt import machine

    need, free = memory_estimate(method, samples, inputs, outputs), machine.available_bytes()
    if free is not None and need > free:
        fit = samples
        while fit > 2 and memory_estimate(method, fit, inputs, outputs) > free:
            fit //= 2
        raise InputError("--samples", f"{samples:,} samples of {inputs} inputs need about {machine.gb(need)}; "
                                      f"this machine has {machine.gb(free)} available (try --samples {fit:,})")


def problem(dists) -> dict[str, Any]:
    """SALib's problem over the unit hypercube: one dimension per distribution (mapped by its ppf)."""
    return {"num_vars": len(dists), "names": [d.path for d in dists], "bounds": [[0.0, 1.0]] * len(dists)}


def evaluate_unit(dists, model: Model, u: np.ndarray, outputs, chunk: int = CHUNK) -> dict[str, np.ndarray]:
    """Map unit-cube points ``u`` (n, k) through the ppfs and evaluate ``model`` in chunks. [(n,) per output]"""
    from gigawatt import uncertainty

    out = {o: np.empty(u.shape[0]) for o in outputs}
    for s in range(0, u.shape[0], chunk):
        values = model(uncertainty.sample_unit(list(dists), u[s:s + chunk]))
        for o in outputs:
            out[o][s:s + chunk] = values[o]
    return out


def sobol(dists, model: Model, samples: int, outputs, seed: int = 0, conf_level: float = 0.95) -> Sensitivity:
    """First-order and total Sobol indices with bootstrap confidence intervals (Saltelli/Jansen, SALib)."""
    from SALib.analyze import sobol as analyze
    from SALib.sample import sobol as sample

    samples = _check_samples(samples, "sobol")
    _need_inputs(dists)
    prob = problem(dists)
    u = sample.sample(prob, samples, calc_second_order=False, seed=_rng(seed))
    y = evaluate_unit(dists, model, u, outputs)
    indices, notes = {}, []
    for o in outputs:
        with _quiet(o, notes):
            res = analyze.analyze(prob, _finite(y[o], o), calc_second_order=False, conf_level=conf_level,
                                  seed=_rng(seed))
        rows = [{"input": n, "S1": float(res["S1"][i]), "S1_conf": float(res["S1_conf"][i]),
                 "ST": float(res["ST"][i]), "ST_conf": float(res["ST_conf"][i])} for i, n in enumerate(prob["names"])]
        indices[o] = sorted(rows, key=lambda r: -_nan_low(r["ST"]))
    return Sensitivity("sobol", samples, len(u), prob["names"], indices, seed=seed,
                       note="; ".join(["Sobol indices assume independent inputs: rank correlations are not applied",
                                       *_summarize(notes)]))


def morris(dists, model: Model, samples: int, outputs, seed: int = 0, levels: int = 4) -> Sensitivity:
    """Morris elementary effects (mu*, sigma) with bootstrap confidence for mu* (SALib)."""
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sample

    samples = _check_samples(samples, "morris")
    _need_inputs(dists)
    prob = problem(dists)
    u = sample.sample(prob, samples, num_levels=levels, seed=_rng(seed))
    y = evaluate_unit(dists, model, u, outputs)
    indices, notes = {}, []
    for o in outputs:
        with _quiet(o, notes):
            res = analyze.analyze(prob, u, _finite(y[o], o), num_levels=levels, seed=_rng(seed))
        rows = [{"input": n, "mu_star": float(res["mu_star"][i]), "mu_star_conf": float(res["mu_star_conf"][i]),
                 "mu": float(res["mu"][i]), "sigma": float(res["sigma"][i])} for i, n in enumerate(prob["names"])]
        indices[o] = sorted(rows, key=lambda r: -_nan_low(r["mu_star"]))
    return Sensitivity("morris", samples, len(u), prob["names"], indices, seed=seed, note="; ".join(_summarize(notes)))


def tornado_of(model, outputs, p: float = 0.05) -> dict[str, list[dict[str, Any]]]:
    """:func:`tornado` of a model (one program or a composite); a composite's inputs are shown as the values
    its parts take, not as the shared ranks it draws."""
    dists, f = scenario_model(model)
    return tornado(dists, f, outputs, p, show=getattr(model, "input_value", None))


def tornado(dists, model: Model, outputs, p: float = 0.05, show=None) -> dict[str, list[dict[str, Any]]]:
    """One at a time: each input at its p and 1 - p quantiles (first / last option of a choice), the others
    central; rows ranked by swing |high - low|. ``show(path, x)`` gives the value to display for input x."""
    k = len(dists)
    central = {d.path: d.central() for d in dists}
    cases = [dict(central)]
    for d in dists:
        lo, hi = d.low_high(p)
        cases.append(central | {d.path: lo})
        cases.append(central | {d.path: hi})
    params = {d.path: np.array([c[d.path] for c in cases]) for d in dists}
    y = model(params)
    table = {}
    for o in outputs:
        v = np.asarray(y[o], dtype=float)
        rows = []
        for i, d in enumerate(dists):
            lo_in, hi_in = cases[1 + 2 * i][d.path], cases[2 + 2 * i][d.path]
            low, high = float(v[1 + 2 * i]), float(v[2 + 2 * i])
            if show is not None:
                lo_in, hi_in = show(d.path, lo_in), show(d.path, hi_in)
            rows.append({"input": d.path, "input_low": present.plain(lo_in), "input_high": present.plain(hi_in),
                         "output_low": low, "output_high": high, "base": float(v[0]), "swing": abs(high - low)})
        table[o] = sorted(rows, key=lambda r: -_nan_low(r["swing"]))
    assert len(cases) == 2 * k + 1
    return table


@contextlib.contextmanager
def _quiet(output: str, notes: list[tuple[str, str]]):
    """SALib's and numpy's warnings for one output (a constant output divides by a zero variance) become
    notes of the result instead of warning text on stderr."""
    with warnings.catch_warnings(record=True) as caught, np.errstate(divide="warn", invalid="warn", over="warn"):
        warnings.simplefilter("always")
        yield
    for w in caught:
        text = str(w.message)
        notes.append((output, "constant in every draw: no input moves it"
                      if "onstant values" in text or "invalid value" in text else " ".join(text.split())[:160]))


def _summarize(notes: list[tuple[str, str]]) -> list[str]:
    """One phrase per distinct note, naming the outputs it applies to."""
    by_text: dict[str, list[str]] = {}
    for output, text in notes:
        if output not in by_text.setdefault(text, []):
            by_text[text].append(output)
    return [f"{', '.join(outs)}: {text}" for text, outs in by_text.items()]


def _nan_low(x: float) -> float:
    return x if math.isfinite(x) else -math.inf


def _finite(y: np.ndarray, name: str) -> np.ndarray:
    if not np.all(np.isfinite(y)):
        raise InputError("outputs", f"{name} is not finite in every draw ({int(np.sum(~np.isfinite(y)))} draws); "
                                    "variance-based indices are undefined for it")
    return y


def _need_inputs(dists) -> None:
    if not dists:
        raise InputError("uncertainty", "the scenario has no uncertain inputs; add an uncertainty: block")


# --- the scenario as a model of its uncertain inputs ---------------------------------------------------------

def scenario_model(model):
    """(distributions, f) for a model (one program or a composite): f maps {path: (n,)} to headline figures (n,)."""

    def f(values: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        return model.headline(model.evaluate(values, series=()))

    return list(model.dists), f


def analyze(model, method: str = "sobol", samples: int = 1024, seed: int = 0, outputs=OUTPUTS,
            with_tornado: bool = True) -> Sensitivity:
    """Sensitivity of a model's headline figures to its uncertain inputs (:func:`gigawatt.api.sensitivity`
    picks the model of a scenario)."""
    from gigawatt import montecarlo

    if method not in METHODS:
        raise InputError("--method", f"{show(method)} is not a method; choose {' or '.join(METHODS)}")
    seed = montecarlo._check_seed(seed)
    dists, f = scenario_model(model)
    check_memory(method, _check_samples(samples, method), len(dists), len(outputs))
    res = (sobol if method == "sobol" else morris)(dists, f, samples, outputs, seed=seed)
    if with_tornado:
        res.tornado = tornado(dists, f, outputs, show=getattr(model, "input_value", None))
    return res
