"""Tests for gigawatt.sensitivity: SALib recovers the Ishigami indices through gigawatt's path; the tornado."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import numpy as np
import pytest

from gigawatt import api, sensitivity
from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario
from gigawatt.uncertainty import parse_distribution

# Ishigami & Homma (1990), a = 7, b = 0.1: analytic first-order and total indices.
A, B = 7.0, 0.1
_V = A**2 / 8 + B * math.pi**4 / 5 + B**2 * math.pi**8 / 18 + 0.5
_V1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
_V2 = A**2 / 8
_V13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
S1 = [_V1 / _V, _V2 / _V, 0.0]
ST = [(_V1 + _V13) / _V, _V2 / _V, _V13 / _V]

DISTS = [parse_distribution(f"x{i}", {"dist": "uniform", "low": -math.pi, "high": math.pi}) for i in (1, 2, 3)]


def ishigami(v):
    x1, x2, x3 = v["x1"], v["x2"], v["x3"]
    return {"y": np.sin(x1) + A * np.sin(x2) ** 2 + B * x3**4 * np.sin(x1)}


def test_analytic_values():
    assert S1[0] == pytest.approx(0.3139, abs=1e-4) and ST[2] == pytest.approx(0.2437, abs=1e-4)


def test_sobol_recovers_ishigami():
    res = sensitivity.sobol(DISTS, ishigami, 4096, ["y"], seed=1)
    rows = {r["input"]: r for r in res.indices["y"]}
    for i, name in enumerate(("x1", "x2", "x3")):
        assert rows[name]["S1"] == pytest.approx(S1[i], abs=0.03), name
        assert rows[name]["ST"] == pytest.approx(ST[i], abs=0.03), name
        assert rows[name]["S1_conf"] < 0.1
    assert [r["input"] for r in res.indices["y"]][0] == "x1"  # ranked by total index
    assert res.evaluations == 4096 * (3 + 2)


def test_morris_ranks_ishigami_inputs():
    res = sensitivity.morris(DISTS, ishigami, 256, ["y"], seed=1)
    rows = res.indices["y"]
    assert {r["input"] for r in rows} == {"x1", "x2", "x3"}
    assert all(r["mu_star"] > 0 and math.isfinite(r["mu_star_conf"]) for r in rows)
    assert [r["mu_star"] for r in rows] == sorted((r["mu_star"] for r in rows), reverse=True)


def test_tornado_is_one_at_a_time():
    table = sensitivity.tornado(DISTS, ishigami, ["y"])["y"]
    # x2 alone at its 5th / 95th percentile with x1 = x3 = 0 (the medians): y = 7 sin^2(x2), same at both ends.
    row = {r["input"]: r for r in table}["x2"]
    lo = -math.pi + 0.05 * 2 * math.pi
    assert row["output_low"] == pytest.approx(A * math.sin(lo) ** 2)
    assert row["base"] == pytest.approx(0.0)


def test_scenario_sobol_ranks_capex_for_capex():
    scn = load_scenario("openai-nvidia-10gw", ["view=vendor"])  # capex per GW itself uncertain (Huang's $50-60B)
    res = api.sensitivity(scn, "sobol", 256, seed=0, outputs=("capex_usd", "annual_energy_twh"))
    top = [r["input"] for r in res.indices["capex_usd"][:3]]
    assert "finance.capex_usd_per_gw" in top
    inputs = {r["input"] for r in res.indices["annual_energy_twh"] if r["ST"] > 0.01}
    assert "finance.capex_usd_per_gw" not in inputs  # energy does not depend on capex
    assert res.tornado["capex_usd"][0]["swing"] >= res.tornado["capex_usd"][-1]["swing"]


def test_bad_input():
    scn = load_scenario("openai-nvidia-10gw")
    with pytest.raises(InputError, match="--method"):
        api.sensitivity(scn, "fast", 64)
    with pytest.raises(InputError, match="power of 2"):
        api.sensitivity(scn, "sobol", 1000)
    with pytest.raises(InputError, match="--samples"):
        api.sensitivity(scn, "morris", 0)
    plain = load_scenario("altman-5gw-campuses", ["uncertainty={}", "correlations=[]"])
    with pytest.raises(InputError, match="no uncertain inputs"):
        api.sensitivity(plain, "sobol", 64)


def test_cli_json():
    r = subprocess.run([sys.executable, "-m", "gigawatt.cli", "sensitivity", "--method", "morris", "--samples", "8",
                        "--json"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["method"] == "morris" and "capex_usd" in out["indices"] and "capex_usd" in out["tornado"]
    r = subprocess.run([sys.executable, "-m", "gigawatt.cli", "sensitivity", "--samples", "1000"],
                       capture_output=True, text=True)
    assert r.returncode == 2 and "power of 2" in r.stderr


def test_seed_zero_reproduces_and_is_recorded():
    # SALib's analyzers read `if seed:`, so an int 0 used to mean "unseeded": the bootstrap intervals changed
    # from run to run. A Generator from the seed is passed to every SALib call instead.
    a = sensitivity.sobol(DISTS, ishigami, 256, ["y"], seed=0).to_json()
    b = sensitivity.sobol(DISTS, ishigami, 256, ["y"], seed=0).to_json()
    assert json.dumps(a) == json.dumps(b) and a["seed"] == 0
    c = sensitivity.sobol(DISTS, ishigami, 256, ["y"], seed=1).to_json()
    assert c["seed"] == 1 and c["indices"]["y"][0]["S1_conf"] != a["indices"]["y"][0]["S1_conf"]
    m1 = sensitivity.morris(DISTS, ishigami, 32, ["y"], seed=0).to_json()
    m2 = sensitivity.morris(DISTS, ishigami, 32, ["y"], seed=0).to_json()
    assert json.dumps(m1) == json.dumps(m2) and m1["seed"] == 0


def test_a_constant_output_is_a_note_not_a_warning(recwarn):
    def model(v):
        return {"y": np.sin(v["x1"]), "flat": np.full(np.shape(v["x1"]), 3.0)}

    res = sensitivity.sobol(DISTS, model, 64, ["y", "flat"], seed=0)
    assert "flat: constant in every draw" in res.note and "y:" not in res.note
    assert not [w for w in recwarn if "sobol" in w.filename.lower() or issubclass(w.category, RuntimeWarning)]


def test_cli_sensitivity_json_is_byte_identical_across_runs():
    cmd = [sys.executable, "-m", "gigawatt.cli", "sensitivity", "--samples", "256", "--json"]
    a, b = (subprocess.run(cmd, capture_output=True, text=True, timeout=300) for _ in range(2))
    assert a.returncode == 0 and b.returncode == 0, a.stderr
    assert a.stdout == b.stdout and a.stderr == b.stderr == ""
    assert json.loads(a.stdout)["seed"] == 0


def test_samples_beyond_memory_refused_before_sampling(monkeypatch):
    """`sensitivity --samples 1048576` failed with MemoryError after 30-45 s; now refused at once, with the estimate."""
    from gigawatt import api, machine
    from gigawatt import sensitivity as sens
    from gigawatt.errors import InputError
    from gigawatt.scenario import DEFAULT_SCENARIO, load_scenario

    monkeypatch.setattr(machine, "available_bytes", lambda: 4 * 10**9)
    called = []
    monkeypatch.setattr(sens, "sobol", lambda *a, **k: called.append(a))
    with pytest.raises(InputError, match=r"--samples: 1,048,576 samples of \d+ inputs need about [\d.]+ GB; "
                                         r"this machine has 4 GB available \(try --samples [\d,]+\)"):
        api.sensitivity(load_scenario(DEFAULT_SCENARIO), "sobol", 1 << 20)
    assert not called


def test_memory_estimate_grows_with_samples_and_inputs():
    from gigawatt import sensitivity as sens

    a = sens.memory_estimate("sobol", 1024, 10, 9)
    assert sens.memory_estimate("sobol", 2048, 10, 9) == 2 * a
    assert sens.memory_estimate("sobol", 1024, 20, 9) > a > sens.memory_estimate("morris", 1024, 10, 9)
