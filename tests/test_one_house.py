"""The public API: one engine for every scenario, composites included, and a house without import cycles."""

from __future__ import annotations

import ast
import pathlib

import numpy as np
import pytest

import gigawatt as gw
from gigawatt import api, outputs
from gigawatt.scenario import builtin_names, load_scenario

SRC = pathlib.Path(gw.__file__).parent


def _without_uncertainty(name: str):
    """A built-in with nothing uncertain (its parts' too): no distributions, every phase goes ahead."""
    plain = ["uncertainty={}", "correlations=[]"]
    scn = load_scenario(name)
    if not scn.include:
        return load_scenario(name, plain + ["program.continue_probability=1"])
    per_part = [f"parts.{p}.{o}" for p in scn.include for o in plain + ["program.continue_probability=1"]]
    return load_scenario(name, per_part)


@pytest.mark.parametrize("name", builtin_names())
def test_monte_carlo_without_uncertainty_equals_the_deterministic_run(name):
    """P5 = P50 = P95 = the deterministic run, for every headline figure and aggregated series."""
    scn = _without_uncertainty(name)
    det = api.simulate(scn)
    mc = api.monte_carlo(scn, draws=1500, seed=5, chunk=1024)
    assert mc.plan.dists == ()
    h = det.headline()
    from gigawatt.headline import DATE_ARRAYS, headline_arrays

    arrays = headline_arrays(det.data, det.static)
    checked = 0
    for name_ in mc.headline_names:
        q = mc.headline_quantiles(name_)
        want = arrays[name_][0]
        if name_ in ("first_gw_quarter", "full_build_quarter") and want < 0:
            want = np.inf
        if name_ == "revenue_covers_year" and not np.isfinite(want):
            want = np.inf
        if np.isnan(want):
            assert np.isnan(q).all(), name_
            continue
        np.testing.assert_allclose(q, [want] * 3, rtol=1e-12, err_msg=name_)
        checked += 1
    assert checked >= 20
    for s in mc.series_names:
        q = mc.quantiles(s)
        flow = outputs.series()[s].rule[1] if outputs.series()[s].rule[0] == "cumulative" else None
        want = np.cumsum(det.series(flow)) if flow else det.series(s)
        ok = ~np.isnan(want)
        for row in q:
            np.testing.assert_allclose(row[ok], want[ok], rtol=1e-12, atol=1e-9, err_msg=s)
    assert set(DATE_ARRAYS) <= set(h)


def test_the_portfolio_control_changes_its_part_only():
    base = api.simulate("openai-portfolio").headline()["gpus"]
    hot = api.simulate(load_scenario("openai-portfolio", ["parts.openai-nvidia-10gw-executed.facility.pue=1.4"]))
    assert hot.headline()["gpus"] < base


def test_simulate_is_typed_by_draws():
    assert type(api.simulate("openai-nvidia-10gw")).__name__ == "Results"
    assert type(api.simulate("openai-nvidia-10gw", draws=1024)).__name__ == "MCResults"
    assert gw.simulate is api.simulate


def test_public_names_are_listed():
    for name in gw.__all__:
        assert getattr(gw, name) is not None
    assert "check_claims" in gw.__all__ and "monte_carlo" in gw.__all__ and "api" in gw.__all__
    assert (SRC / "py.typed").exists()


def _imports() -> dict[str, set[str]]:
    """Module -> the package modules it imports, function-level imports included."""
    mods = {}
    for f in SRC.rglob("*.py"):
        parts = list(f.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = f
    pkgs = {m for m, f in mods.items() if f.name == "__init__.py"}

    def resolve(n):
        while n and n not in mods:
            n = n.rpartition(".")[0]
        return n or None

    graph = {}
    for m, f in mods.items():
        pkg = m if m in pkgs else m.rpartition(".")[0]
        out = set()
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.Import):
                out |= {resolve(a.name) for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = pkg.split(".")[: len(pkg.split(".")) - (node.level - 1)] if node.level else []
                mod = ".".join(base + ([node.module] if node.module else []))
                out |= {resolve(mod + "." + a.name) or resolve(mod) for a in node.names}
        graph[m] = {t for t in out if t and t != m and t not in pkgs}
    return graph


def test_no_import_cycles():
    import networkx as nx

    g = nx.DiGraph([(a, b) for a, bs in _imports().items() for b in bs])
    cycles = list(nx.simple_cycles(g))
    assert not cycles, " ; ".join(" -> ".join(c + [c[0]]) for c in cycles[:5])


def test_engines_do_not_import_their_callers():
    g = _imports()
    for engine in ("gigawatt.simulate", "gigawatt.stages", "gigawatt.portfolio", "gigawatt.montecarlo.engine",
                   "gigawatt.montecarlo.plan", "gigawatt.distributed", "gigawatt.sensitivity"):
        assert "gigawatt.api" not in g[engine], engine


def test_optimised_supply_prices_energy_at_the_solved_lcoe(monkeypatch):
    """energy.supply: optimised takes the price and intensity from gigawatt.power, solved first (stubbed here:
    the solve itself is tested in tests/power)."""
    from gigawatt import power

    monkeypatch.setattr(power, "energy_overrides",
                        lambda scn: {"energy.price_usd_per_mwh": 40.0, "energy.carbon_g_per_kwh": 300.0})
    flat = api.simulate("openai-nvidia-10gw").headline()
    opt = api.simulate(load_scenario("openai-nvidia-10gw", ["energy.supply=optimised"])).headline()
    # electricity cost scales with the price: 70.08 TWh x $40/MWh = $2.80B/yr (flat: x $81)
    assert opt["electricity_cost_usd_per_year"] == pytest.approx(70.08e6 * 40.0)
    assert flat["electricity_cost_usd_per_year"] == pytest.approx(70.08e6 * 81.0)
    assert opt["carbon_mt_per_year"] == pytest.approx(70.08 * 300.0 / 1e3)
    mc = api.monte_carlo(load_scenario("openai-nvidia-10gw", ["energy.supply=optimised"]), 1024, seed=1)
    assert "energy.price_usd_per_mwh" not in {d.path for d in mc.plan.dists}
