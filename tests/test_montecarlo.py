"""Tests for gigawatt.montecarlo: quantiles against numpy on the same draws, determinism, bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from gigawatt import api, montecarlo, uncertainty
from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario
from gigawatt.montecarlo.plan import headline_of, series_of
from gigawatt.simulate import evaluate, sampled_inputs

SCN = "openai-nvidia-10gw"
LEVELS = [0.05, 0.25, 0.5, 0.75, 0.95]


@pytest.fixture(scope="module")
def scn():
    return load_scenario(SCN)


@pytest.fixture(scope="module")
def mc(scn):
    return api.monte_carlo(scn, 3000, seed=7, chunk=1024)


def _exact(plan):
    """The same draws, evaluated at once: what the engine must agree with."""
    draws = uncertainty.sample(list(plan.dists), plan.draws, plan.seed, correlation=plan.correlation,
                               block=montecarlo.BLOCK)
    data = plan.model.evaluate(draws)
    return data, headline_of(plan.model, data)


def test_quantiles_match_numpy_on_the_same_draws(mc):
    data, head = _exact(mc.plan)
    for o in mc.plan.outputs:
        x = series_of(data, o.name) if o.kind == "series" else head[o.name][:, None]
        x = x[:, ~np.all(np.isnan(x), axis=0)] if o.kind == "series" else x
        if o.kind == "headline" and not np.isfinite(x).all():
            continue  # checked separately below (inf = never within the horizon)
        exact = np.quantile(x, LEVELS, axis=0)
        got = mc.quantiles(o.name, LEVELS, kind=o.kind).reshape(exact.shape)
        tol = 0.005 * np.abs(exact) + montecarlo.FLOOR * o.scale
        assert np.all(np.abs(got - exact) <= tol), o.name
        assert np.allclose(mc.mean(o.name, kind=o.kind), x.mean(axis=0), rtol=1e-12, atol=0), o.name


def test_never_is_infinite_and_probabilities_match_the_draws(mc):
    data, head = _exact(mc.plan)
    years = head["revenue_covers_year"]
    exact = np.quantile(years, [0.05, 0.5])
    got = mc.headline_quantiles("revenue_covers_year", [0.05, 0.5])
    assert np.allclose(got, exact, rtol=0.005)
    assert mc.probabilities["program_completed"] == np.mean(head["completed_share"] >= 1 - 1e-9)
    assert mc.probabilities["vendor_net_cash_negative"] == np.mean(head["vendor_net_cash_usd"] < 0)
    assert mc.probabilities["revenue_covers_by_2030"] == np.mean(years <= 2030)


def test_p0_and_p100_are_exact(mc):
    data, _ = _exact(mc.plan)
    assert np.array_equal(mc.quantiles("gw_online", [0.0, 1.0]), np.quantile(data["gw_online"], [0, 1], axis=0))


def test_same_seed_same_output_whatever_the_chunk(scn):
    a = api.monte_carlo(scn, 5000, seed=3, chunk=1024).to_json()
    b = api.monte_carlo(scn, 5000, seed=3, chunk=4096).to_json()
    c = api.monte_carlo(scn, 5000, seed=3, chunk=3000, threads=2).to_json()  # rounded up to 3072
    assert a == b == c
    d = api.monte_carlo(scn, 5000, seed=4, chunk=1024).to_json()
    assert d["headline"]["capex_usd"] != a["headline"]["capex_usd"]


def test_merge_order_does_not_change_the_result(scn):
    plan = montecarlo.plan(api.model_of(scn), 4096, seed=2, chunk=1024)
    chunks = [montecarlo.run_chunk(plan, s, n) for s, n in plan.chunks()]
    forward, backward = montecarlo.Accumulator(plan), montecarlo.Accumulator(plan)
    for c in chunks:
        forward.add(c)
    for c in reversed(chunks):
        backward.add(c)
    assert forward.result().to_json() == backward.result().to_json()


def test_rank_correlation_is_achieved(scn):
    scn = load_scenario("openai-nvidia-10gw", ["view=vendor", "correlations=[{between: [finance.capex_usd_per_gw, "
                                               "hardware.vera-rubin-nvl144.unit_power_kw], rank: 0.5}]"])
    dists, corr = sampled_inputs(scn)
    x = uncertainty.sample(dists, 20000, 5, correlation=corr)
    rho = stats.spearmanr(x["finance.capex_usd_per_gw"], x["hardware.vera-rubin-nvl144.unit_power_kw"])[0]
    assert abs(rho - 0.5) <= 0.05
    assert abs(stats.spearmanr(x["finance.capex_usd_per_gw"], x["facility.pue"])[0]) <= 0.05


def test_continuation_draw_joins_the_stream_when_phases_may_stop(scn):
    paths = [d.path for d in sampled_inputs(scn)[0]]
    assert paths[-1] == "program.continue_draw"
    plain = load_scenario("altman-5gw-campuses", ["uncertainty={}", "correlations=[]"])
    assert sampled_inputs(plain)[0] == []
    fixed = load_scenario("altman-5gw-campuses", ["uncertainty={}", "correlations=[]", "program.continue_probability=0.5"])
    assert [d.path for d in sampled_inputs(fixed)[0]] == ["program.continue_draw"]
    res = api.monte_carlo(fixed, 4000, seed=1)
    # 7 phases, each after the first with p = 0.5: all go ahead with 0.5**6.
    assert abs(res.probabilities["program_completed"] - 0.5 ** 6) < 0.01


def test_uncertain_platform_choice(scn):
    s = load_scenario(SCN, ["uncertainty.program.platform={dist: choice, options: [gb300-nvl72, vera-rubin-nvl144]}"])
    res = api.monte_carlo(s, 2000, seed=1)
    assert np.isfinite(res.headline_quantiles("gpus")).all()


@pytest.mark.parametrize("draws", [0, -5, montecarlo.MAX_DRAWS + 1, 2.5, True])
def test_bad_draws(scn, draws):
    with pytest.raises(InputError, match="draws"):
        api.monte_carlo(scn, draws)


def test_bad_chunk_and_both_engines(scn):
    with pytest.raises(InputError, match="chunk"):
        api.monte_carlo(scn, 10, chunk=0)
    with pytest.raises(InputError, match="--workers"):
        api.monte_carlo(scn, 10, workers=2, scheduler="tcp://127.0.0.1:1")


def test_parquet_has_every_quarter_of_every_series(mc, tmp_path):
    import pyarrow.parquet as pq

    out = tmp_path / "mc.parquet"
    mc.to_parquet(out)
    t = pq.read_table(out).to_pandas()
    assert len(t) == len(mc.series_names) * len(mc.quarters)
    row = t[(t.series == "gw_online") & (t.quarter == mc.quarters[-1])].iloc[0]
    assert row["p50"] == pytest.approx(mc.quantiles("gw_online", 0.5)[-1])
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_cli_json():
    r = _cli("mc", "--draws", "2000", "--seed", "1", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["draws"] == 2000 and set(out["probabilities"]) == {e.name for e in montecarlo.EVENTS}
    assert out["headline"]["capacity_gw"]["p5"] <= out["headline"]["capacity_gw"]["p95"]


BAD_SCENARIO = """name: bad
program: {capacity_gw: 2, ramp_gw_per_year: 1}
uncertainty:
  facility.pue: {dist: uniform, low: 1.1, high: 1.3}
  facility.load_factor: {dist: uniform, low: 0.6, high: 0.9}
  energy.price_usd_per_mwh: {dist: uniform, low: 50, high: 90}
correlations:
  - {between: [facility.pue, facility.load_factor], rank: 0.9}
  - {between: [facility.pue, energy.price_usd_per_mwh], rank: 0.9}
  - {between: [facility.load_factor, energy.price_usd_per_mwh], rank: -0.9}
"""


@pytest.mark.parametrize("args, needle", [
    (["--draws", "0"], "draws"),
    (["--draws", "100000001"], "draws"),
    (["--draws", "10", "--set", "uncertainty.facility.pue={dist: triangular, low: 1.4, mode: 1.2, high: 1.1}"], "pue"),
    (["--draws", "10", "--set", "uncertainty.facility.nope={dist: uniform, low: 0, high: 1}"], "facility.nope"),
    (["BAD", "--draws", "10"], "positive semi-definite"),
    (["--draws", "10", "--scheduler", "tcp://127.0.0.1:1"], "scheduler"),
])
def test_cli_bad_input_exits_2_without_output(tmp_path, args, needle):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD_SCENARIO)
    args = [str(bad) if a == "BAD" else a for a in args]
    out = tmp_path / "out.parquet"
    r = _cli("mc", *args, "--out", str(out))
    assert r.returncode == 2, r.stderr
    assert needle in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml"]


def test_compiled_histogram_equals_numpy():
    """The numba pass that bins Monte Carlo outputs gives numpy's keys and counts, NaN and signs included."""
    from gigawatt.montecarlo import sketch as m

    if m._jit_histogram() is None:
        pytest.skip("numba not installed")
    rng = np.random.default_rng(3)
    x = rng.lognormal(3, 2, size=(5000, 7)) * rng.choice([-1.0, 1.0], size=(5000, 7))
    x[::97, 2] = 0.0
    x[::131, 4] = np.nan
    x[::151, 5] = np.inf
    lo_jit, counts_jit = m._jit_histogram()(x, *m_keys_args(m, 50.0))
    k = m._keys(x, 50.0)
    lo = int(k.min())
    counts = np.stack([np.bincount(k[:, c] - lo, minlength=counts_jit.shape[1]) for c in range(7)])
    assert lo_jit == lo
    np.testing.assert_array_equal(counts_jit, counts)


def m_keys_args(m, scale):
    return (*m._bin_limits(scale), m._SHIFT)


def test_fields_that_shape_the_phases_cannot_be_uncertain():
    # capacity, ramp and phase size are expanded into phases before any draw: a distribution there
    # would be silently ignored, so it is refused with a pointer to continue_probability
    with pytest.raises(InputError, match=r"uncertainty\.program\.capacity_gw: .*continue_probability"):
        load_scenario("openai-nvidia-10gw",
                      ["uncertainty.program.capacity_gw={dist: uniform, low: 5, high: 10}"])


def test_headline_from_the_full_build_quarter_alone_equals_the_full_series(mc):
    """evaluate(series=...) computes fleet figures on the full-build quarter only: same headline."""
    plan = mc.plan
    draws = uncertainty.sample(list(plan.dists), 2000, plan.seed, correlation=plan.correlation,
                               block=montecarlo.BLOCK)
    params = dict(plan.model.base) | draws
    full = headline_of(plan.model, evaluate(plan.static, params))
    lean_data = evaluate(plan.static, params, series=())
    assert "tokens_per_s" not in lean_data and "racks" not in lean_data
    lean = headline_of(plan.model, lean_data)
    assert set(lean) == set(full)
    for k in full:
        np.testing.assert_allclose(lean[k], full[k], rtol=1e-12, equal_nan=True, err_msg=k)


def test_chunks_merged_in_groups_give_the_same_result(scn):
    """What a Dask task sends (several chunks merged) accumulates to exactly the per-chunk result."""
    plan = montecarlo.plan(api.model_of(scn), 5000, seed=3, chunk=1024)
    per_chunk, grouped = montecarlo.Accumulator(plan), montecarlo.Accumulator(plan)
    for start, n in plan.chunks():
        per_chunk.add(montecarlo.run_chunk(plan, start, n))
    for start in (2048, 0, 4096):  # out of order, as tasks finish
        grouped.add(montecarlo.run_chunks(plan, start, min(2048, plan.draws - start)))
    assert grouped.result().to_json() == per_chunk.result().to_json()


def test_a_date_that_may_never_come_has_no_finite_mean_and_whole_quantiles(mc):
    for name in ("revenue_covers_year", "full_build_quarter", "first_gw_quarter"):
        top = mc.quantiles(name, 1.0, kind="headline")
        mean = mc.mean(name, kind="headline")
        assert (mean == np.inf) if np.isinf(top) else np.isfinite(mean)
        q = mc.quantiles(name, [0.05, 0.5, 0.95], kind="headline")
        assert np.all(q[np.isfinite(q)] == np.round(q[np.isfinite(q)]))
