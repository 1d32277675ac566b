"""Tests for gigawatt.uncertainty: ppfs against scipy.stats, the block-seeded stream, the copula, errors."""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal
from scipy import special, stats

from gigawatt.errors import InputError, show
from gigawatt.uncertainty import (
    DIST_KINDS,
    Distribution,
    parse_correlations,
    parse_distribution,
    sample,
    sample_unit,
)

U_POINTS = np.array([1e-9, 1e-6, 0.001, 0.05, 0.1, 0.25, 0.5, 0.6180339, 0.75, 0.9, 0.95, 0.999, 1 - 1e-6])


def dist(spec, path="x.y"):
    return parse_distribution(path, spec)


def _beta_shape(low, mode, high, lamb=4.0):
    return 1 + lamb * (mode - low) / (high - low), 1 + lamb * (high - mode) / (high - low)


# (spec, frozen scipy distribution with the same law); choice is tested separately.
REFERENCE = [
    ({"dist": "triangular", "low": 1.1, "mode": 1.2, "high": 1.4}, stats.triang(c=1 / 3, loc=1.1, scale=0.3)),
    ({"dist": "triangular", "low": 0, "mode": 0, "high": 2}, stats.triang(c=0, loc=0, scale=2)),
    ({"dist": "triangular", "low": 0, "mode": 5, "high": 5}, stats.triang(c=1, loc=0, scale=5)),
    ({"dist": "pert", "low": 0.6, "mode": 0.8, "high": 0.95}, stats.beta(*_beta_shape(0.6, 0.8, 0.95), loc=0.6, scale=0.35)),
    ({"dist": "pert", "low": 10, "mode": 11, "high": 30, "lamb": 8},
     stats.beta(*_beta_shape(10, 11, 30, 8), loc=10, scale=20)),
    ({"dist": "uniform", "low": -2, "high": 3}, stats.uniform(-2, 5)),
    ({"dist": "normal", "mean": 81, "sd": 10}, stats.norm(81, 10)),
    ({"dist": "normal", "mean": 81, "sd": 10, "low": 70, "high": 120}, stats.truncnorm(-1.1, 3.9, loc=81, scale=10)),
    ({"dist": "normal", "mean": 0, "sd": 1, "low": 3}, stats.truncnorm(3, np.inf)),
    ({"dist": "normal", "mean": 0, "sd": 1, "high": -2.5}, stats.truncnorm(-np.inf, -2.5)),
    ({"dist": "lognormal", "median": 50e9, "sigma": 0.2}, stats.lognorm(s=0.2, scale=50e9)),
    ({"dist": "lognormal", "mu": 1.5, "sigma": 0.7}, stats.lognorm(s=0.7, scale=math.exp(1.5))),
    ({"dist": "poisson", "mean": 1}, stats.poisson(1)),
    ({"dist": "poisson", "mean": 37.5}, stats.poisson(37.5)),
    ({"dist": "bernoulli", "p": 0.9}, stats.bernoulli(0.9)),
    ({"dist": "bernoulli", "p": 0.25}, stats.bernoulli(0.25)),
]
DISCRETE = ("poisson", "bernoulli")
IDS = [f"{s['dist']}-{i}" for i, (s, _) in enumerate(REFERENCE)]


# ------------------------------------------------------------------------------------------ ppf vs scipy


@pytest.mark.parametrize(("spec", "ref"), REFERENCE, ids=IDS)
def test_ppf_matches_scipy(spec, ref):
    d = dist(spec)
    got = d.ppf(U_POINTS)
    assert got.dtype == np.float64 and got.shape == U_POINTS.shape
    if spec["dist"] in DISCRETE:
        assert_array_equal(got, ref.ppf(U_POINTS))
    else:
        assert_allclose(got, ref.ppf(U_POINTS), rtol=1e-9, atol=1e-12 * abs(ref.ppf(0.5)))


@pytest.mark.parametrize(("spec", "ref"), REFERENCE, ids=IDS)
def test_sample_moments_and_quantiles_match_scipy(spec, ref):
    n = 200_000
    x = sample([dist(spec)], n, seed=3)["x.y"]
    mean, sd = ref.mean(), ref.std()
    assert abs(x.mean() - mean) < 5 * sd / math.sqrt(n)
    assert abs(x.std() - sd) < 0.02 * sd
    if spec["dist"] not in DISCRETE:
        for q in (0.05, 0.25, 0.5, 0.75, 0.95):
            # empirical CDF at the true quantile: binomial sd is <= 0.0011 at this n
            assert abs(np.mean(x <= ref.ppf(q)) - q) < 0.005
    else:
        for k in np.unique(x):
            assert abs(np.mean(x == k) - ref.pmf(k)) < 0.005


def test_poisson_ppf_equals_scipy_everywhere():
    u = np.random.default_rng(5).random(50_000)
    for mean in (0.0, 0.3, 4.0, 250.0):
        assert_array_equal(dist({"dist": "poisson", "mean": mean}).ppf(u), stats.poisson.ppf(u, mean))


def test_choice_ppf_matches_scipy_discrete_and_frequencies():
    d = dist({"dist": "choice", "options": ["gb300", "rubin", "rubin-ultra"], "weights": [1, 3, 0]})
    index = stats.rv_discrete(values=([0, 1, 2], [0.25, 0.75, 0.0])).ppf(U_POINTS).astype(int)
    assert_array_equal(d.ppf(U_POINTS), np.array(["gb300", "rubin", "rubin-ultra"])[index])
    x = sample([d], 200_000, seed=1)["x.y"]
    assert x.dtype.kind == "U"
    assert abs(np.mean(x == "gb300") - 0.25) < 0.005
    assert not np.any(x == "rubin-ultra")  # weight 0 is never drawn

    numeric = dist({"dist": "choice", "options": [1, 2.5, 4]})
    assert numeric.params["weights"] == pytest.approx((1 / 3, 1 / 3, 1 / 3))
    assert_array_equal(numeric.ppf(np.array([0.1, 0.34, 0.66, 0.67, 0.999])), [1.0, 2.5, 2.5, 4.0, 4.0])
    assert numeric.ppf(np.array([0.5])).dtype == np.float64


def test_pert_mean_is_classic_formula():
    low, mode, high = 0.25, 0.375, 0.7
    d = dist({"dist": "pert", "low": low, "mode": mode, "high": high})
    pert_mean = (low + 4 * mode + high) / 6
    a, b = _beta_shape(low, mode, high)
    assert_allclose(low + (high - low) * a / (a + b), pert_mean, rtol=1e-14)  # the shapes encode the formula
    x = sample([d], 200_000, seed=11)["x.y"]
    assert abs(x.mean() - pert_mean) < 5 * x.std() / math.sqrt(len(x))
    assert x.min() >= low and x.max() <= high


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(-1e6, 1e6),
    width=st.floats(1e-3, 1e6),
    mode_at=st.floats(0, 1),
    lamb=st.floats(0, 200),
)
def test_pert_ppf_agrees_with_betaincinv(low, width, mode_at, lamb):
    high, mode = low + width, low + mode_at * width
    d = dist({"dist": "pert", "low": low, "mode": mode, "high": high, "lamb": lamb})
    u = np.concatenate([np.random.default_rng(0).random(2000), [1e-15, 1e-12, 1e-7, 1 - 1e-7, 1 - 1e-12]])
    a, b = _beta_shape(low, min(max(mode, low), high), high, lamb)
    assert_allclose(d.ppf(u), low + width * special.betaincinv(a, b, u), rtol=0, atol=1e-9 * width + 1e-9 * abs(low))


def test_lognormal_from_p5_p95_hits_those_quantiles():
    for lo_key, hi_key in (("p5", "p95"), ("low", "high")):
        d = dist({"dist": "lognormal", lo_key: 3e11, hi_key: 1e12})
        assert_allclose(d.ppf(np.array([0.05, 0.95])), [3e11, 1e12], rtol=1e-12)
        assert_allclose(d.central(), math.sqrt(3e11 * 1e12), rtol=1e-12)
        x = sample([d], 200_000, seed=2)["x.y"]
        assert abs(np.mean(x <= 3e11) - 0.05) < 0.003 and abs(np.mean(x <= 1e12) - 0.95) < 0.003
    assert dist({"dist": "lognormal", "p5": 2, "p95": 8}).params == dist({"dist": "lognormal", "low": 2, "high": 8}).params
    assert_allclose(dist({"dist": "lognormal", "median": 50, "sigma": 0.3}).ppf(np.array([0.5])), [50.0], rtol=1e-14)


def test_truncated_normal_far_in_the_tail_stays_inside_and_is_accurate():
    d = dist({"dist": "normal", "mean": 0, "sd": 1, "low": 8, "high": 9})
    got = d.ppf(U_POINTS)
    assert np.all((got >= 8) & (got <= 9))
    assert_allclose(got, stats.truncnorm(8, 9).ppf(U_POINTS), rtol=1e-9)
    x = sample([dist({"dist": "normal", "mean": 81, "sd": 10, "low": 70, "high": 90})], 100_000)["x.y"]
    assert x.min() >= 70 and x.max() <= 90


def test_canonical_params():
    assert dist({"dist": "pert", "low": 1, "mode": 2, "high": 3}).params == {"low": 1.0, "mode": 2.0, "high": 3.0, "lamb": 4.0}
    normal = dist({"dist": "normal", "mean": 1, "sd": 2})
    assert normal.params == {"mean": 1.0, "sd": 2.0, "low": -math.inf, "high": math.inf}
    lognormal = dist({"dist": "lognormal", "median": math.e, "sigma": 0.5})
    assert lognormal.params == {"mu": pytest.approx(1.0), "sigma": 0.5}
    choice = dist({"dist": "choice", "options": ["a", "b"], "weights": [3, 1]})
    assert choice.params == {"options": ("a", "b"), "weights": (0.75, 0.25)}
    assert dist({"dist": " Triangular ", "low": 0, "mode": 0, "high": 1}).kind == "triangular"
    assert isinstance(dist({"dist": "uniform", "low": 0, "high": 1}), Distribution)


def test_plain_values_mean_fixed_and_return_none():
    for value in (0.9, 3, "2026Q3", "1.8 GW", True):
        assert parse_distribution("program.continue_probability", value) is None


def test_degenerate_ranges_are_constants():
    for spec in ({"dist": "triangular", "low": 2, "mode": 2, "high": 2},
                 {"dist": "pert", "low": 2, "mode": 2, "high": 2},
                 {"dist": "uniform", "low": 2, "high": 2}):
        assert_array_equal(dist(spec).ppf(U_POINTS), 2.0)
        assert_array_equal(sample([dist(spec)], 10)["x.y"], 2.0)


# ------------------------------------------------------------------------------------------ central, low_high


def test_central_and_low_high_pinned():
    tri = dist({"dist": "triangular", "low": 1.1, "mode": 1.2, "high": 1.4})
    assert tri.central() == 1.2
    # hand-computed: u=0.05 < (mode-low)/(high-low)=1/3 -> low + sqrt(u (high-low)(mode-low))
    assert_allclose(tri.low_high(), (1.1 + math.sqrt(0.05 * 0.3 * 0.1), 1.4 - math.sqrt(0.05 * 0.3 * 0.2)), rtol=1e-14)
    assert dist({"dist": "pert", "low": 0, "mode": 0.3, "high": 1}).central() == 0.3
    assert dist({"dist": "uniform", "low": 0, "high": 10}).low_high(0.1) == pytest.approx((1.0, 9.0))
    assert dist({"dist": "normal", "mean": 5, "sd": 2}).central() == pytest.approx(5.0)
    assert dist({"dist": "normal", "mean": 5, "sd": 2}).low_high() == pytest.approx((5 - 2 * 1.6448536269514722, 5 + 2 * 1.6448536269514722))
    assert dist({"dist": "lognormal", "median": 50, "sigma": 0.3}).central() == pytest.approx(50.0)
    assert dist({"dist": "poisson", "mean": 1}).central() == 1.0
    assert dist({"dist": "poisson", "mean": 1}).low_high() == (0.0, 3.0)
    assert dist({"dist": "bernoulli", "p": 0.5}).central() == 1.0
    assert dist({"dist": "bernoulli", "p": 0.3}).central() == 0.0
    choice = dist({"dist": "choice", "options": ["a", "b", "c"], "weights": [1, 3, 2]})
    assert choice.central() == "b"
    assert choice.low_high() == ("a", "c")
    assert dist({"dist": "choice", "options": [4, 8]}).low_high() == (4.0, 8.0)
    with pytest.raises(InputError):
        tri.low_high(1.5)


# ------------------------------------------------------------------------------------------ the stream


MIXED = [
    {"dist": "triangular", "low": 1.1, "mode": 1.2, "high": 1.4},
    {"dist": "pert", "low": 0.6, "mode": 0.8, "high": 0.95},
    {"dist": "normal", "mean": 81, "sd": 10, "low": 40},
    {"dist": "lognormal", "p5": 200, "p95": 500},
    {"dist": "poisson", "mean": 1},
    {"dist": "bernoulli", "p": 0.9},
    {"dist": "choice", "options": ["gb300", "rubin"], "weights": [1, 3]},
    {"dist": "uniform", "low": 0, "high": 1},
]
MIXED_DISTS = [dist(spec, f"p{i}") for i, spec in enumerate(MIXED)]
MIXED_CORR = parse_correlations(
    [{"between": ["p0", "p1"], "rank": -0.5}, {"between": ["p1", "p3"], "rank": 0.7}, {"between": ["p6", "p7"], "rank": 0.3}],
    [d.path for d in MIXED_DISTS],
)


def _concat(parts):
    return {path: np.concatenate([p[path] for p in parts]) for path in parts[0]}


@pytest.mark.parametrize("correlation", [None, MIXED_CORR], ids=["independent", "correlated"])
def test_chunking_is_bit_identical(correlation):
    whole = sample(MIXED_DISTS, 5000, seed=42, correlation=correlation, block=1000)
    sizes = [1, 998, 1003, 1, 1500, 1497]
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    parts = [sample(MIXED_DISTS, n, seed=42, start=int(s), correlation=correlation, block=1000) for s, n in zip(starts, sizes)]
    joined = _concat(parts)
    for path, x in whole.items():
        assert x.shape == (5000,)
        assert_array_equal(joined[path], x, strict=True)
    # a chunk inside a block, as in the contract
    assert_array_equal(sample(MIXED_DISTS, 10, seed=42, start=5, correlation=correlation, block=1000)["p3"], whole["p3"][5:15])


@settings(max_examples=25, deadline=None)
@given(start=st.integers(0, 2999), n=st.integers(0, 1200))
def test_any_window_is_a_slice_of_the_stream(start, n):
    whole = sample(MIXED_DISTS, 4200, seed=9, correlation=MIXED_CORR, block=1000)
    window = sample(MIXED_DISTS, n, seed=9, start=start, correlation=MIXED_CORR, block=1000)
    for path in whole:
        assert_array_equal(window[path], whole[path][start : start + n])


def test_stream_is_seeded_per_block_as_designed():
    u01 = dist({"dist": "uniform", "low": 0, "high": 1}, "u")
    got = sample([u01], 3, seed=7, start=2000, block=1000)["u"]
    z = np.random.default_rng(np.random.SeedSequence(7, spawn_key=(2,))).standard_normal((1000, 1))
    assert_array_equal(got, np.clip(special.ndtr(z[:3, 0]), 1e-12, 1 - 1e-12))


def test_seeds_and_blocks_differ_and_repeat():
    a = sample(MIXED_DISTS, 2000, seed=1, block=1000)
    b = sample(MIXED_DISTS, 2000, seed=2, block=1000)
    again = sample(MIXED_DISTS, 2000, seed=1, block=1000)
    for path in a:
        assert_array_equal(a[path], again[path])
    for path in ("p0", "p1", "p2", "p3", "p7"):  # continuous: no chance of coincidence
        assert not np.any(a[path] == b[path])
        assert not np.any(a[path][:1000] == a[path][1000:])  # block 1 is not a copy of block 0


def test_sample_agrees_with_sample_unit_on_the_same_uniforms():
    n, seed, block = 3000, 4, 1000
    got = sample(MIXED_DISTS, n, seed=seed, block=block)
    z = np.concatenate([
        np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(b,))).standard_normal((block, len(MIXED_DISTS)))
        for b in range(3)
    ])
    mapped = sample_unit(MIXED_DISTS, special.ndtr(z))
    for d in MIXED_DISTS:
        if d.dtype.kind == "U" or d.kind in DISCRETE:
            assert_array_equal(got[d.path], mapped[d.path])
        else:
            assert_allclose(got[d.path], mapped[d.path], rtol=1e-9)


def test_sample_unit_maps_a_salib_sobol_design():
    from SALib.sample import sobol

    problem = {"num_vars": len(MIXED_DISTS), "names": [d.path for d in MIXED_DISTS], "bounds": [[0, 1]] * len(MIXED_DISTS)}
    design = sobol.sample(problem, 64, calc_second_order=False)
    out = sample_unit(MIXED_DISTS, design)
    for j, d in enumerate(MIXED_DISTS):
        assert out[d.path].shape == (len(design),)
        assert_array_equal(out[d.path], d.ppf(np.clip(design[:, j], 1e-12, 1 - 1e-12)))
    faces = sample_unit(MIXED_DISTS, np.array([[0.0] * 8, [1.0] * 8]))
    assert np.all(np.isfinite(faces["p2"])) and np.all(np.isfinite(faces["p3"]))
    with pytest.raises(InputError, match="shape"):
        sample_unit(MIXED_DISTS, design[:, :3])


def test_sample_edge_cases():
    assert sample(MIXED_DISTS, 0)["p0"].shape == (0,)
    assert sample([], 10) == {}
    x = sample(MIXED_DISTS[:1], 70_000)["p0"]  # default block 65536: spans two blocks
    assert x.shape == (70_000,) and np.all((x >= 1.1) & (x <= 1.4))
    for kwargs in ({"n": -1}, {"n": 10, "start": -5}, {"n": 10, "block": 0}, {"n": 1.5}, {"n": 10, "seed": -1}):
        with pytest.raises(InputError):
            sample(MIXED_DISTS, **kwargs)
    with pytest.raises(InputError, match="uncertainty.p0"):
        sample([MIXED_DISTS[0], MIXED_DISTS[0]], 10)
    with pytest.raises(InputError, match="correlations"):
        sample(MIXED_DISTS, 10, correlation=np.eye(3))


# ------------------------------------------------------------------------------------------ correlations


def test_rank_correlations_are_achieved():
    dists = [
        dist({"dist": "triangular", "low": 1.1, "mode": 1.2, "high": 1.4}, "facility.pue"),
        dist({"dist": "lognormal", "median": 50e9, "sigma": 0.3}, "finance.capex_usd_per_gw"),
        dist({"dist": "pert", "low": 0.25, "mode": 0.375, "high": 0.5}, "compute.utilization"),
    ]
    asked = {(0, 1): 0.6, (0, 2): -0.4, (1, 2): 0.3}
    spec = [{"between": [dists[i].path, dists[j].path], "rank": r} for (i, j), r in asked.items()]
    rho = parse_correlations(spec, [d.path for d in dists])
    out = sample(dists, 100_000, seed=5, correlation=rho)
    achieved = stats.spearmanr(np.column_stack([out[d.path] for d in dists])).statistic
    for (i, j), r in asked.items():
        assert abs(achieved[i, j] - r) < 0.05, (i, j, achieved[i, j], r)
    # Continuous margins keep the copula's ranks, so the Spearman->Pearson conversion makes it exact up to
    # noise (sd ~0.002 here); without the conversion 0.6 would come out near 0.58.
    assert abs(achieved[0, 1] - 0.6) < 0.01


def test_perfect_rank_correlation_is_only_semidefinite_and_still_samples():
    dists = [dist({"dist": "uniform", "low": 0, "high": 1}, "a"), dist({"dist": "pert", "low": 0, "mode": 1, "high": 3}, "b"),
             dist({"dist": "normal", "mean": 0, "sd": 1}, "c")]
    ranks = [{"between": ["a", "b"], "rank": 1.0}, {"between": ["a", "c"], "rank": -1}]
    with pytest.raises(InputError, match="smallest eigenvalue"):  # b and c must then be perfectly opposed too
        parse_correlations(ranks, ["a", "b", "c"])
    rho = parse_correlations(ranks + [{"between": ["b", "c"], "rank": -1}], ["a", "b", "c"])
    assert np.linalg.eigvalsh(rho)[0] == pytest.approx(0.0, abs=1e-12)
    out = sample(dists, 20_000, seed=1, correlation=rho)
    assert stats.spearmanr(out["a"], out["b"]).statistic > 0.9999
    assert stats.spearmanr(out["a"], out["c"]).statistic < -0.9999


def test_parse_correlations_builds_the_matrix_in_path_order():
    rho = parse_correlations([{"between": ["c", "a"], "rank": -0.3}, {"between": ["b", "c"], "rank": 0.5}], ["a", "b", "c"])
    assert_array_equal(rho, [[1, 0, -0.3], [0, 1, 0.5], [-0.3, 0.5, 1]])
    assert_array_equal(parse_correlations(None, ["a", "b"]), np.eye(2))
    assert_array_equal(parse_correlations([], ["a"]), np.eye(1))


BAD_CORRELATIONS = [
    ({"between": ["a", "b"], "rank": 0.5}, "correlations:", "'between'"),
    ([{"between": ["a", "b"]}], "correlations[0]:", "'between'"),
    ([{"between": ["a", "b"], "rank": 0.5, "kind": "spearman"}], "correlations[0]:", "'spearman'"),
    ([{"between": ["a", "b"], "rank": 0.1}, {"between": ["a", "energy.price"], "rank": 0.2}], "correlations[1]:", "'energy.price'"),
    ([{"between": ["a", "b"], "rank": 1.5}], "correlations[0]:", "1.5"),
    ([{"between": ["a", "b"], "rank": "high"}], "correlations[0]:", "'high'"),
    ([{"between": ["a", "a"], "rank": 0.5}], "correlations[0]:", "'a' twice"),
    ([{"between": ["a"], "rank": 0.5}], "correlations[0]:", "['a']"),
    ([{"between": ["a", "b"], "rank": 0.5}, {"between": ["b", "a"], "rank": 0.2}], "correlations[1]:", "correlations[0]"),
    ([{"between": ["a", "b"], "rank": 0.9}, {"between": ["a", "c"], "rank": 0.9}, {"between": ["b", "c"], "rank": -0.9}],
     "correlations:", "smallest eigenvalue -0.8"),
]


@pytest.mark.parametrize(("spec", "prefix", "fragment"), BAD_CORRELATIONS)
def test_bad_correlations_are_rejected(spec, prefix, fragment):
    with pytest.raises(InputError) as info:
        parse_correlations(spec, ["a", "b", "c"])
    assert str(info.value).startswith(prefix)
    assert fragment in str(info.value)


# ------------------------------------------------------------------------------------------ bad distributions


BAD_SPECS = [
    ({"dist": "gauss", "mean": 1, "sd": 1}, "'gauss'"),
    ({"low": 1, "high": 2}, "dist"),
    (None, "None"),
    ([1.1, 1.4], "[1.1, 1.4]"),
    ({"dist": 3}, "3"),
    ({"dist": "triangular", "low": 1.1, "high": 1.4}, "mode"),
    ({"dist": "triangular", "low": 1.1, "mode": 1.2, "high": 1.4, "peak": 1.3}, "'peak'"),
    ({"dist": "triangular", "low": 1.5, "mode": 1.45, "high": 1.4}, "1.5"),
    ({"dist": "triangular", "low": 1.1, "mode": 1.45, "high": 1.4}, "1.45"),
    ({"dist": "triangular", "low": "1.1", "mode": 1.2, "high": 1.4}, "'1.1'"),
    ({"dist": "triangular", "low": True, "mode": 1.2, "high": 1.4}, "True"),
    ({"dist": "triangular", "low": float("nan"), "mode": 1.2, "high": 1.4}, "nan"),
    ({"dist": "pert", "low": 1.1, "mode": 1.05, "high": 1.4}, "1.05"),
    ({"dist": "pert", "low": 1.1, "mode": 1.2, "high": 1.4, "lamb": -2}, "-2"),
    ({"dist": "uniform", "low": 3, "high": 2}, "3"),
    ({"dist": "uniform", "low": 1, "high": None}, "None"),
    ({"dist": "normal", "mean": 1.2, "sd": 0}, "0"),
    ({"dist": "normal", "mean": 1.2, "sd": -0.1}, "-0.1"),
    ({"dist": "normal", "mean": 1.2, "sd": 0.1, "low": 1.3, "high": 1.25}, "1.3"),
    ({"dist": "normal", "mean": 1.2, "sd": 0.1, "low": 1.3, "high": 1.3}, "1.3"),
    ({"dist": "normal", "mean": 0, "sd": 0.01, "low": 50}, "50"),
    ({"dist": "normal", "mean": 1.2}, "sd"),
    ({"dist": "normal", "mu": 1.2, "sd": 0.1}, "'mu'"),
    ({"dist": "lognormal", "median": 1.2, "sigma": -0.5}, "-0.5"),
    ({"dist": "lognormal", "median": -1.2, "sigma": 0.5}, "-1.2"),
    ({"dist": "lognormal", "p5": 1.4, "p95": 1.1}, "1.4"),
    ({"dist": "lognormal", "p5": 0, "p95": 1.1}, "0"),
    ({"dist": "lognormal", "median": 1.2, "p95": 1.5}, "1.5"),
    ({"dist": "lognormal", "median": 1.2}, "median"),
    ({"dist": "poisson", "mean": -1}, "-1"),
    ({"dist": "poisson", "lam": 1}, "'lam'"),
    ({"dist": "bernoulli", "p": 1.5}, "1.5"),
    ({"dist": "bernoulli", "p": -0.1}, "-0.1"),
    ({"dist": "choice", "options": []}, "[]"),
    ({"dist": "choice", "options": "abc"}, "'abc'"),
    ({"dist": "choice", "options": [1, "a"]}, "[1, 'a']"),
    ({"dist": "choice", "options": ["a", "b"], "weights": [1, -1]}, "[1, -1]"),
    ({"dist": "choice", "options": ["a", "b"], "weights": [0, 0]}, "[0, 0]"),
    ({"dist": "choice", "options": ["a", "b"], "weights": [1, 2, 3]}, "[1, 2, 3]"),
    ({"dist": "choice", "options": ["a", "b"], "weights": ["1", 2]}, "'1'"),
]


@pytest.mark.parametrize(("spec", "fragment"), BAD_SPECS, ids=[str(i) for i in range(len(BAD_SPECS))])
def test_bad_distributions_are_rejected_with_path_and_value(spec, fragment):
    with pytest.raises(InputError) as info:
        parse_distribution("facility.pue", spec)
    message = str(info.value)
    assert message.startswith("uncertainty.facility.pue: ")
    assert info.value.path == "uncertainty.facility.pue"
    assert fragment in message, message


def test_unknown_dist_lists_the_allowed_kinds():
    with pytest.raises(InputError) as info:
        parse_distribution("facility.pue", {"dist": "weibull", "k": 2})
    assert all(kind in str(info.value) for kind in DIST_KINDS)
    assert show("weibull") in str(info.value)


# ------------------------------------------------------------------------------------------ invariants


bounded_specs = st.one_of(
    st.tuples(st.floats(-1e3, 1e3), st.floats(0, 1e3), st.floats(0, 1)).map(
        lambda t: {"dist": "triangular", "low": t[0], "mode": t[0] + t[2] * t[1], "high": t[0] + t[1]}),
    st.tuples(st.floats(-1e3, 1e3), st.floats(1e-6, 1e3), st.floats(0, 1), st.floats(0, 50)).map(
        lambda t: {"dist": "pert", "low": t[0], "mode": t[0] + t[2] * t[1], "high": t[0] + t[1], "lamb": t[3]}),
    st.tuples(st.floats(-1e3, 1e3), st.floats(0, 1e3)).map(lambda t: {"dist": "uniform", "low": t[0], "high": t[0] + t[1]}),
    st.tuples(st.floats(-1e3, 1e3), st.floats(1e-3, 1e3), st.floats(-5, 5), st.floats(0.1, 5)).map(
        lambda t: {"dist": "normal", "mean": t[0], "sd": t[1], "low": t[0] + t[2] * t[1], "high": t[0] + (t[2] + t[3]) * t[1]}),
)


@settings(max_examples=60, deadline=None)
@given(spec=bounded_specs)
def test_ppf_is_monotone_and_stays_in_bounds(spec):
    d = dist(spec)
    u = np.linspace(1e-12, 1 - 1e-12, 2001)
    x = d.ppf(u)
    assert np.all(np.diff(x) >= -1e-9 * max(1.0, abs(spec["high"])))
    assert np.all((x >= spec["low"]) & (x <= spec["high"]))
    lo, hi = d.low_high()
    assert spec["low"] <= lo <= d.central() <= hi <= spec["high"] or d.kind in ("triangular", "pert")


def test_import_stays_light():
    code = "import sys, gigawatt.uncertainty; print('scipy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("spec", [
    {"dist": "triangular", "low": 1.1, "mode": 1.2, "high": 1.4},
    {"dist": "pert", "low": 35e9, "mode": 50e9, "high": 100e9},
    {"dist": "normal", "mean": 81, "sd": 12},
    {"dist": "normal", "mean": 81, "sd": 12, "low": 40},
    {"dist": "lognormal", "p5": 120, "p95": 350},
    {"dist": "poisson", "mean": 2},
])
def test_reach_brackets_the_far_tails_without_scipy(spec):
    # reach() is what scenario validation checks against a field's bounds; it must cover the draws
    d = parse_distribution("x", spec)
    lo, hi = d.reach()
    tails = d.ppf(np.array([1e-9, 1 - 1e-9]))
    assert lo <= tails[0] * (1 + 1e-9) + 1e-9 and tails[1] <= hi * (1 + 1e-9) + 1e-9
    if spec["dist"] in ("normal", "lognormal") and "low" not in spec:  # those very tails, not a loose bound
        np.testing.assert_allclose([lo, hi], tails, rtol=1e-6)


def test_loading_a_scenario_with_uncertainty_does_not_import_scipy():
    code = ("import sys; from gigawatt.scenario import load_scenario; load_scenario('openai-nvidia-10gw'); "
            "print('scipy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
