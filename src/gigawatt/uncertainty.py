"""Distributions for uncertain scenario inputs, and the reproducible sampler that draws them.

The sampler knows distributions and nothing of the model (STYLE 6): it turns the ``uncertainty:`` and
``correlations:`` sections of a scenario into :class:`Distribution` objects and a rank-correlation matrix,
and draws ``{path: array}``; the caller sets the fields.

Reproducibility (DESIGN 3): the stream of draws is cut into fixed blocks of ``block`` draws; block ``b``
comes from ``np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(b,)))`` and always generates the
whole block, so a seed gives bit-identical draws whatever chunking the caller uses. Within a block,
standard normals ``z`` of shape ``(block, k)`` (one column per distribution, in the order given) are
correlated with a Gaussian copula (Iman & Conover 1982; Pearson ``r = 2 sin(pi rho_s / 6)`` from Spearman
``rho_s``, Kruskal 1958), mapped to ``u = Phi(z)`` and through each distribution's inverse CDF.

scipy is imported inside functions so that ``import gigawatt`` stays light.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from gigawatt.errors import InputError, show

DIST_KINDS = ("triangular", "pert", "uniform", "normal", "lognormal", "poisson", "bernoulli", "choice")

# u is kept inside (U_EPS, 1 - U_EPS) so that unbounded ppfs stay finite (|z| <= ~7.03).
U_EPS = 1e-12
Z_MAX = 7.034483825230308  # ndtri(1 - 1e-12)
_Z_P95 = 1.6448536269514722  # ndtri(0.95)

# Required and optional parameter names per kind (lognormal has alternative forms, below).
_PARAMS = {
    "triangular": (("low", "mode", "high"), ()),
    "pert": (("low", "mode", "high"), ("lamb",)),
    "uniform": (("low", "high"), ()),
    "normal": (("mean", "sd"), ("low", "high")),
    "poisson": (("mean",), ()),
    "bernoulli": (("p",), ()),
    "choice": (("options",), ("weights",)),
}
_LOGNORMAL_FORMS = (("median", "sigma"), ("mu", "sigma"), ("p5", "p95"), ("low", "high"))


@dataclass(frozen=True)
class Distribution:
    """One uncertain input: the scenario field it sets (``path``), its ``kind`` and canonical ``params``.

    Canonical params: triangular/pert ``low, mode, high`` (+ ``lamb``); uniform ``low, high``; normal
    ``mean, sd, low, high`` (``-inf``/``inf`` when untruncated); lognormal ``mu, sigma`` (of the log);
    poisson ``mean``; bernoulli ``p``; choice ``options`` (tuple) and ``weights`` (tuple, summing to 1).
    """

    path: str
    kind: str
    params: dict

    def ppf(self, u: np.ndarray) -> np.ndarray:
        """Inverse CDF at ``u`` in (0, 1), vectorized: float64, or str array for a choice of strings."""
        return _PPF[self.kind](self, np.asarray(u, dtype=np.float64))

    def low_high(self, p: float = 0.05) -> tuple:
        """(ppf(p), ppf(1 - p)), the swing for a one-at-a-time tornado; a choice gives first and last option."""
        if not 0.0 < p < 1.0:
            raise InputError(f"uncertainty.{self.path}", f"tornado quantile {show(p)} is outside (0, 1)")
        if self.kind == "choice":
            options = self.params["options"]
            return self._option(options[0]), self._option(options[-1])
        lo, hi = self.ppf(np.array([p, 1.0 - p]))
        return float(lo), float(hi)

    def reach(self, tail: float = 1e-9) -> tuple[float, float]:
        """The lowest and highest values drawn in practice: the exact support where it is bounded, else the
        ``tail`` and ``1 - tail`` quantiles (a normal's ±6 sd). Closed form, no scipy: scenario validation
        calls it, and `gigawatt run` must not pay for importing scipy. Not for choice or bernoulli."""
        from statistics import NormalDist

        z = NormalDist().inv_cdf(1.0 - tail)
        p = self.params
        if self.kind in ("triangular", "pert", "uniform"):
            return p["low"], p["high"]
        if self.kind == "normal":  # truncation renormalises: the tails are taken of the mass inside
            nd = NormalDist(p["mean"], p["sd"])
            a = nd.cdf(p["low"]) if math.isfinite(p["low"]) else 0.0
            b = nd.cdf(p["high"]) if math.isfinite(p["high"]) else 1.0
            lo, hi = (nd.inv_cdf(min(max(a + t * (b - a), 1e-300), 1 - 1e-16)) for t in (tail, 1.0 - tail))
            return max(p["low"], lo), min(p["high"], hi)
        if self.kind == "lognormal":
            return math.exp(p["mu"] - z * p["sigma"]), math.exp(p["mu"] + z * p["sigma"])
        if self.kind == "poisson":  # an upper bound on the 1 - tail quantile
            return 0.0, math.ceil(p["mean"] + z * math.sqrt(p["mean"]) + z * z)
        raise ValueError(f"{self.kind} has discrete outcomes; use its options")

    def central(self):
        """Central value: the mode for triangular/pert, the most likely option for choice, 1.0 for a
        bernoulli with p >= 0.5, else the median."""
        if self.kind in ("triangular", "pert"):
            return self.params["mode"]
        if self.kind == "choice":
            weights = self.params["weights"]
            return self._option(self.params["options"][int(np.argmax(weights))])
        if self.kind == "bernoulli":
            return 1.0 if self.params["p"] >= 0.5 else 0.0
        return float(self.ppf(np.array([0.5]))[0])

    @property
    def dtype(self) -> np.dtype:
        """dtype of the draws: float64, or a str dtype for a choice of strings."""
        if self.kind == "choice" and isinstance(self.params["options"][0], str):
            return np.array(self.params["options"]).dtype
        return np.dtype(np.float64)

    def _option(self, value):
        return value if isinstance(value, str) else float(value)

    def _from_normal(self, z: np.ndarray) -> np.ndarray:
        """ppf(Phi(z)) for standard normals z, with u clipped into (U_EPS, 1 - U_EPS).

        normal, lognormal and pert skip the round trip through u (same values up to rounding, faster).
        """
        if self.kind == "normal" and math.isinf(self.params["low"]) and math.isinf(self.params["high"]):
            return self.params["mean"] + self.params["sd"] * np.clip(z, -Z_MAX, Z_MAX)
        if self.kind == "lognormal":
            return np.exp(self.params["mu"] + self.params["sigma"] * np.clip(z, -Z_MAX, Z_MAX))
        if self.kind == "pert":
            return _pert_from_normal(self, np.clip(z, -Z_MAX, Z_MAX))
        from scipy import special

        return self.ppf(np.clip(special.ndtr(z), U_EPS, 1.0 - U_EPS))

    @cached_property
    def _table(self):
        """Per-distribution lookup table (pert: Hermite interpolant; poisson: CDF), built once."""
        if self.kind == "pert":
            return _PertTable(*_pert_shape(self.params))
        if self.kind == "poisson":
            return _poisson_cdf_table(self.params["mean"])
        raise AttributeError(f"{self.kind} has no table")


# ---------------------------------------------------------------------------------------------- parsing


def parse_distribution(path: str, spec) -> Distribution | None:
    """Parse what a scenario holds under ``uncertainty:`` for ``path``.

    A plain number, string or bool means a fixed value: returns None and the caller sets the field.
    A mapping with ``dist`` gives a validated :class:`Distribution`. Raises :class:`InputError` at
    ``uncertainty.<path>`` naming the value given and what is allowed.
    """
    where = f"uncertainty.{path}"
    if isinstance(spec, (bool, numbers.Real, str)):
        return None
    if not isinstance(spec, dict) or "dist" not in spec:
        raise InputError(
            where,
            f"expected a fixed value or a mapping with 'dist' (one of {', '.join(DIST_KINDS)}); got {show(spec)}",
        )
    kind = spec["dist"]
    if not isinstance(kind, str) or kind.strip().lower() not in DIST_KINDS:
        raise InputError(where, f"unknown distribution {show(kind)}; allowed: {', '.join(DIST_KINDS)}")
    kind = kind.strip().lower()
    given = {k: v for k, v in spec.items() if k != "dist"}
    if kind == "lognormal":
        params = _parse_lognormal(where, given)
    else:
        required, optional = _PARAMS[kind]
        _check_names(where, kind, given, required, optional)
        params = _PARSERS[kind](where, given)
    return Distribution(path=path, kind=kind, params=params)


def _check_names(where, kind, given, required, optional):
    unknown = [k for k in given if k not in required and k not in optional]
    allowed = ", ".join(required + tuple(f"{o} (optional)" for o in optional))
    if unknown:
        raise InputError(where, f"{kind} has no parameter {', '.join(map(show, unknown))}; allowed: {allowed}")
    missing = [k for k in required if k not in given]
    if missing:
        raise InputError(where, f"{kind} needs {', '.join(missing)}; got {show(given)}")


def _number(where, kind, name, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InputError(where, f"{kind} {name} must be a finite number, got {show(value)}")
    return float(value)


def _numbers(where, kind, given, names) -> dict:
    return {name: _number(where, kind, name, given[name]) for name in names}


def _check_ordered(where, kind, given, strict=False):
    low, high = float(given["low"]), float(given["high"])
    if low > high or (strict and low == high):
        relation = "is not below" if low == high else "is above"
        raise InputError(where, f"{kind} low {show(given['low'])} {relation} high {show(given['high'])}")


def _parse_triangular(where, given, kind="triangular"):
    p = _numbers(where, kind, given, ("low", "mode", "high"))
    _check_ordered(where, kind, given)
    if not p["low"] <= p["mode"] <= p["high"]:
        raise InputError(
            where,
            f"{kind} mode {show(given['mode'])} is outside [low, high] = [{show(given['low'])}, {show(given['high'])}]",
        )
    return p


def _parse_pert(where, given):
    p = _parse_triangular(where, given, kind="pert")
    p["lamb"] = _number(where, "pert", "lamb", given.get("lamb", 4.0))
    if p["lamb"] < 0:
        raise InputError(where, f"pert lamb {show(given['lamb'])} must be >= 0 (4 is the classic PERT)")
    return p


def _parse_uniform(where, given):
    p = _numbers(where, "uniform", given, ("low", "high"))
    _check_ordered(where, "uniform", given)
    return p


def _parse_normal(where, given):
    p = _numbers(where, "normal", given, ("mean", "sd"))
    if p["sd"] <= 0:
        raise InputError(where, f"normal sd {show(given['sd'])} must be > 0")
    p["low"] = _number(where, "normal", "low", given["low"]) if "low" in given else -math.inf
    p["high"] = _number(where, "normal", "high", given["high"]) if "high" in given else math.inf
    if "low" in given and "high" in given:
        _check_ordered(where, "normal", given, strict=True)
    lo_mass, hi_mass, _ = _truncation(p)
    if not hi_mass > lo_mass:
        raise InputError(
            where,
            f"normal truncated to [{show(given.get('low', -math.inf))}, {show(given.get('high', math.inf))}] holds no "
            f"probability (mean {show(given['mean'])}, sd {show(given['sd'])})",
        )
    return p


def _parse_lognormal(where, given):
    keys = set(given)
    form = next((f for f in _LOGNORMAL_FORMS if set(f) == keys), None)
    if form is None:
        forms = "; ".join("{" + ", ".join(f) + "}" for f in _LOGNORMAL_FORMS)
        raise InputError(where, f"lognormal takes one of {forms}; got {show(given)}")
    p = _numbers(where, "lognormal", given, form)
    if form in (("median", "sigma"), ("mu", "sigma")):
        if p["sigma"] <= 0:
            raise InputError(where, f"lognormal sigma {show(given['sigma'])} must be > 0")
        if form[0] == "median":
            if p["median"] <= 0:
                raise InputError(where, f"lognormal median {show(given['median'])} must be > 0")
            return {"mu": math.log(p["median"]), "sigma": p["sigma"]}
        return {"mu": p["mu"], "sigma": p["sigma"]}
    lo_name, hi_name = form
    lo, hi = p[lo_name], p[hi_name]
    if lo <= 0:
        raise InputError(where, f"lognormal {lo_name} {show(given[lo_name])} must be > 0")
    if lo >= hi:
        raise InputError(where, f"lognormal {lo_name} {show(given[lo_name])} must be below {hi_name} {show(given[hi_name])}")
    # lo, hi are the 5th and 95th percentiles: the median is their geometric mean.
    return {"mu": 0.5 * (math.log(lo) + math.log(hi)), "sigma": (math.log(hi) - math.log(lo)) / (2 * _Z_P95)}


def _parse_poisson(where, given):
    p = _numbers(where, "poisson", given, ("mean",))
    if p["mean"] < 0:
        raise InputError(where, f"poisson mean {show(given['mean'])} must be >= 0")
    return p


def _parse_bernoulli(where, given):
    p = _numbers(where, "bernoulli", given, ("p",))
    if not 0.0 <= p["p"] <= 1.0:
        raise InputError(where, f"bernoulli p {show(given['p'])} is outside [0, 1]")
    return p


def _parse_choice(where, given):
    options = given["options"]
    if not isinstance(options, (list, tuple)) or len(options) == 0:
        raise InputError(where, f"choice options must be a non-empty list of numbers or strings, got {show(options)}")
    if all(isinstance(o, str) for o in options):
        options = tuple(options)
    elif all(isinstance(o, numbers.Real) and not isinstance(o, bool) and math.isfinite(o) for o in options):
        options = tuple(float(o) for o in options)
    else:
        raise InputError(where, f"choice options must be all numbers or all strings, got {show(list(options))}")
    weights = given.get("weights")
    if weights is None:
        weights = [1.0] * len(options)
    if not isinstance(weights, (list, tuple)):
        raise InputError(where, f"choice weights must be a list of numbers, got {show(weights)}")
    if len(weights) != len(options):
        raise InputError(where, f"choice has {len(options)} options but {len(weights)} weights: {show(list(weights))}")
    given_weights = list(weights)
    weights = [_number(where, "choice", "weights", w) for w in weights]
    if any(w < 0 for w in weights):
        raise InputError(where, f"choice weights {show(given_weights)} must all be >= 0")
    total = sum(weights)
    if total <= 0:
        raise InputError(where, f"choice weights {show(given_weights)} sum to 0")
    return {"options": options, "weights": tuple(w / total for w in weights)}


_PARSERS = {
    "triangular": _parse_triangular,
    "pert": _parse_pert,
    "uniform": _parse_uniform,
    "normal": _parse_normal,
    "poisson": _parse_poisson,
    "bernoulli": _parse_bernoulli,
    "choice": _parse_choice,
}


def parse_correlations(spec, paths: list[str]) -> np.ndarray:
    """Spearman rank-correlation matrix over ``paths`` (in that order) from a scenario's ``correlations:``.

    ``spec`` is a list of ``{between: [path_a, path_b], rank: rho}``; pairs not named are 0.
    Raises :class:`InputError` at ``correlations`` or ``correlations[i]``.
    """
    paths = list(paths)
    matrix = np.eye(len(paths))
    if spec is None:
        return matrix
    if not isinstance(spec, (list, tuple)):
        raise InputError("correlations", f"expected a list of {{between: [a, b], rank: r}}, got {show(spec)}")
    index = {p: i for i, p in enumerate(paths)}
    seen: dict[frozenset, int] = {}
    for i, item in enumerate(spec):
        where = f"correlations[{i}]"
        if not isinstance(item, dict) or set(item) != {"between", "rank"}:
            raise InputError(where, f"expected {{between: [a, b], rank: r}}, got {show(item)}")
        between, rank = item["between"], item["rank"]
        if not isinstance(between, (list, tuple)) or len(between) != 2 or not all(isinstance(p, str) for p in between):
            raise InputError(where, f"between must name two uncertain paths, got {show(between)}")
        a, b = between
        for p in (a, b):
            if p not in index:
                allowed = ", ".join(paths) if paths else "none"
                raise InputError(where, f"{show(p)} is not an uncertain input; uncertain paths: {allowed}")
        if a == b:
            raise InputError(where, f"between names {show(a)} twice; a correlation needs two different paths")
        if isinstance(rank, bool) or not isinstance(rank, numbers.Real) or not -1.0 <= rank <= 1.0:
            raise InputError(where, f"rank {show(rank)} must be a number in [-1, 1]")
        pair = frozenset((a, b))
        if pair in seen:
            raise InputError(where, f"{show(a)} and {show(b)} are already correlated at correlations[{seen[pair]}]")
        seen[pair] = i
        matrix[index[a], index[b]] = matrix[index[b], index[a]] = float(rank)
    smallest = float(np.linalg.eigvalsh(matrix)[0]) if len(paths) else 0.0
    if smallest < -1e-10:
        raise InputError(
            "correlations",
            f"the rank correlations contradict each other: their matrix is not positive semi-definite "
            f"(smallest eigenvalue {smallest:.3g}); weaken some of them",
        )
    return matrix


# ---------------------------------------------------------------------------------------------- sampling


def sample(
    dists: list[Distribution],
    n: int,
    seed: int = 0,
    *,
    start: int = 0,
    correlation: np.ndarray | None = None,
    block: int = 65536,
) -> dict[str, np.ndarray]:
    """Draws ``[start, start + n)`` of the stream defined by ``(seed, dists, correlation, block)``.

    ``correlation`` is a Spearman matrix over ``dists`` in order (see :func:`parse_correlations`).
    Returns ``{path: array of shape (n,)}``; bit-identical for any chunking of the same range.
    """
    _check_count("n", n, minimum=0)
    _check_count("start", start, minimum=0)
    _check_count("block", block, minimum=1)
    _check_count("seed", seed, minimum=0)
    _check_paths(dists)
    k = len(dists)
    factor = _copula_factor(correlation, k)
    out = {d.path: np.empty(n, dtype=d.dtype) for d in dists}
    if n == 0 or k == 0:
        return out
    normals = np.empty((block, k))
    for b in range(start // block, (start + n - 1) // block + 1):
        lo = max(start, b * block) - b * block
        hi = min(start + n, (b + 1) * block) - b * block
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(b,)))
        # Always generate the whole block, so a draw does not depend on where the chunk starts.
        rng.standard_normal(out=normals)
        z = np.ascontiguousarray(normals[lo:hi].T)
        z = _correlate(z, factor)
        dest = slice(b * block + lo - start, b * block + hi - start)
        for j, d in enumerate(dists):
            out[d.path][dest] = d._from_normal(z[j])
    return out


def sample_unit(dists: list[Distribution], u: np.ndarray) -> dict[str, np.ndarray]:
    """Map an ``(n, k)`` matrix of uniforms (e.g. a Sobol design on [0, 1]^k) through the ppfs, in order.

    u is clipped into (U_EPS, 1 - U_EPS) first, so design points on the cube's faces stay finite.
    """
    u = np.asarray(u, dtype=np.float64)
    if u.ndim != 2 or u.shape[1] != len(dists):
        raise InputError("u", f"expected a matrix of shape (n, {len(dists)}), got shape {u.shape}")
    _check_paths(dists)
    u = np.clip(u, U_EPS, 1.0 - U_EPS)
    return {d.path: d.ppf(np.ascontiguousarray(u[:, j])) for j, d in enumerate(dists)}


def _check_count(name, value, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InputError(name, f"{show(value)} must be an integer >= {minimum}")


def _check_paths(dists):
    seen = set()
    for d in dists:
        if d.path in seen:
            raise InputError(f"uncertainty.{d.path}", "has two distributions; give one per path")
        seen.add(d.path)


def _copula_factor(spearman, k):
    """Square root B (B B^T = Pearson) for the Gaussian copula, or None for independence."""
    if spearman is None:
        return None
    rho = np.asarray(spearman, dtype=np.float64)
    if rho.shape != (k, k):
        raise InputError("correlations", f"expected a {k}x{k} matrix, got shape {rho.shape}")
    if not (np.all(np.isfinite(rho)) and np.allclose(rho, rho.T, rtol=0, atol=1e-12)
            and np.all(np.diag(rho) == 1.0) and np.all(np.abs(rho) <= 1.0)):
        raise InputError("correlations", "expected a symmetric matrix with unit diagonal and entries in [-1, 1]")
    if np.array_equal(rho, np.eye(k)):
        return None
    pearson = 2.0 * np.sin(np.pi * rho / 6.0)  # Kruskal (1958): Spearman -> Pearson for normals
    np.fill_diagonal(pearson, 1.0)
    try:
        return np.linalg.cholesky(pearson)
    except np.linalg.LinAlgError:
        # Only semi-definite (e.g. a rank of +-1): clip the eigenvalues and restore the unit diagonal.
        w, v = np.linalg.eigh(pearson)
        factor = v * np.sqrt(np.clip(w, 0.0, None))
        return factor / np.linalg.norm(factor, axis=1, keepdims=True)


def _correlate(z, factor):
    """Rows of factor @ z, as plain elementwise sums so each draw is bit-identical whatever the chunk."""
    if factor is None:
        return z
    out = np.empty_like(z)
    for j, row in enumerate(factor):
        (nonzero,) = np.nonzero(row)
        if len(nonzero) == 1 and nonzero[0] == j and row[j] == 1.0:
            out[j] = z[j]
            continue
        acc = row[nonzero[0]] * z[nonzero[0]]
        for i in nonzero[1:]:
            acc += row[i] * z[i]
        out[j] = acc
    return out


# ---------------------------------------------------------------------------------------------- ppfs


def _ppf_triangular(d, u):
    low, mode, high = d.params["low"], d.params["mode"], d.params["high"]
    width = high - low
    if width == 0:
        return np.full(u.shape, low)
    split = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return np.where(u < split, left, right)


def _pert_shape(params):
    """Beta shape parameters of a PERT (Malcolm et al. 1959; Vose 2008 for lamb)."""
    width = params["high"] - params["low"]
    lamb = params["lamb"]
    alpha = 1.0 + lamb * (params["mode"] - params["low"]) / width
    beta = 1.0 + lamb * (params["high"] - params["mode"]) / width
    return alpha, beta


def _ppf_pert(d, u):
    from scipy import special

    low, high = d.params["low"], d.params["high"]
    if high == low:
        return np.full(u.shape, low)
    # betaincinv costs ~1 us a value, so evaluate a Hermite table in normal-score space instead
    # (accurate to ~1e-12 of the range); u outside the table's range falls back to betaincinv.
    table = d._table
    t = special.ndtri(u)
    x = table(t)
    outside = ~(np.abs(t) <= Z_MAX)
    if np.any(outside):
        x[outside] = special.betaincinv(table.alpha, table.beta, u[outside])
    return low + (high - low) * x


def _pert_from_normal(d, z):
    low, high = d.params["low"], d.params["high"]
    if high == low:
        return np.full(z.shape, low)
    return low + (high - low) * d._table(z)


class _PertTable:
    """Cubic Hermite interpolant of the Beta(alpha, beta) ppf as a function of the normal score t."""

    nodes = 2049

    def __init__(self, alpha, beta):
        from scipy import special

        self.alpha, self.beta = alpha, beta
        t = np.linspace(-Z_MAX, Z_MAX, self.nodes)
        self.step = t[1] - t[0]
        # Each half from its own tail, so x near 1 is as precise as x near 0.
        lower = t <= 0
        x = np.where(lower, special.betaincinv(alpha, beta, special.ndtr(t)), 0.0)
        y = np.where(lower, 0.0, special.betaincinv(beta, alpha, special.ndtr(-t)))  # y = 1 - x
        x = np.where(lower, x, 1.0 - y)
        y = np.where(lower, 1.0 - x, y)
        # dx/dt = phi(t) / beta_pdf(x), in logs to survive the tails.
        log_pdf = special.xlogy(alpha - 1, x) + special.xlogy(beta - 1, y) - special.betaln(alpha, beta)
        slope = np.exp(-0.5 * t * t - 0.5 * math.log(2 * math.pi) - log_pdf) * self.step
        slope = np.where(np.isfinite(slope), slope, 0.0)
        x0, x1, d0, d1 = x[:-1], x[1:], slope[:-1], slope[1:]
        self.coef = np.stack([x0, d0, 3 * (x1 - x0) - 2 * d0 - d1, 2 * (x0 - x1) + d0 + d1])

    def __call__(self, t):
        s = (np.clip(t, -Z_MAX, Z_MAX) + Z_MAX) / self.step
        i = np.minimum(s.astype(np.intp), self.nodes - 2)
        s -= i
        c0, c1, c2, c3 = (np.take(c, i) for c in self.coef)
        return np.clip(c0 + s * (c1 + s * (c2 + s * c3)), 0.0, 1.0)


def _ppf_uniform(d, u):
    return d.params["low"] + (d.params["high"] - d.params["low"]) * u


def _truncation(params):
    """(Phi(a), Phi(b), mirrored) for the truncation bounds in sd units; mirrored when the range lies
    above the mean, where 1 - Phi is the precise side. Uses math.erfc, not scipy: scenario validation calls
    this, and `gigawatt run` must not pay for importing scipy."""

    def ndtr(x):  # standard normal CDF, as scipy.special.ndtr computes it (via erfc)
        return 0.5 * math.erfc(-x / math.sqrt(2.0))

    a = (params["low"] - params["mean"]) / params["sd"]
    b = (params["high"] - params["mean"]) / params["sd"]
    if a > 0:
        return ndtr(-b), ndtr(-a), True
    return ndtr(a), ndtr(b), False


def _ppf_normal(d, u):
    from scipy import special

    mean, sd, low, high = d.params["mean"], d.params["sd"], d.params["low"], d.params["high"]
    if math.isinf(low) and math.isinf(high):
        return mean + sd * special.ndtri(u)
    lo_mass, hi_mass, mirrored = _truncation(d.params)
    if mirrored:
        x = mean - sd * special.ndtri(lo_mass + (1.0 - u) * (hi_mass - lo_mass))
    else:
        x = mean + sd * special.ndtri(lo_mass + u * (hi_mass - lo_mass))
    return np.clip(x, low, high)


def _ppf_lognormal(d, u):
    from scipy import special

    return np.exp(d.params["mu"] + d.params["sigma"] * special.ndtri(u))


def _poisson_cdf_table(mean):
    """CDF at k = 0..K, with K far enough out that the CDF passes 1 - U_EPS; None when too large."""
    from scipy import special

    top = int(math.ceil(mean + 12.0 * math.sqrt(mean) + 40.0))
    if top > 5_000_000:
        return None
    return special.pdtr(np.arange(top + 1), mean)


def _ppf_poisson(d, u):
    cdf = d._table
    if cdf is None:
        from scipy import stats

        return stats.poisson.ppf(u, d.params["mean"]).astype(np.float64)
    # Smallest k with CDF(k) >= u: the definition scipy.stats.poisson.ppf uses, by table lookup.
    return np.minimum(np.searchsorted(cdf, u, side="left"), len(cdf) - 1).astype(np.float64)


def _ppf_bernoulli(d, u):
    # 0 while u <= CDF(0) = 1 - p, written as 1 - u >= p so that u = 0.1, p = 0.9 gives 0 as scipy does
    return (1.0 - u < d.params["p"]).astype(np.float64)


def _ppf_choice(d, u):
    weights = d.params["weights"]
    cumulative = np.cumsum(weights)
    # Exactly 1 from the last option that has weight on, so rounding never picks a zero-weight tail.
    cumulative[max(i for i, w in enumerate(weights) if w > 0):] = 1.0
    index = np.minimum(np.searchsorted(cumulative, u, side="left"), len(cumulative) - 1)
    options = d.params["options"]
    values = np.array(options) if isinstance(options[0], str) else np.array(options, dtype=np.float64)
    return values[index]


_PPF = {
    "triangular": _ppf_triangular,
    "pert": _ppf_pert,
    "uniform": _ppf_uniform,
    "normal": _ppf_normal,
    "lognormal": _ppf_lognormal,
    "poisson": _ppf_poisson,
    "bernoulli": _ppf_bernoulli,
    "choice": _ppf_choice,
}
