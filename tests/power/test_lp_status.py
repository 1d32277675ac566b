"""The solver's status passed through honestly: a method that ends neither optimal nor proven infeasible is
retried with the dual simplex, then reported as a solver failure, never as infeasible input."""

import pytest

from gigawatt.errors import InputError
from gigawatt.power import Request, lp, solve
from gigawatt.power.site import SITES

DAY2 = 48


def req(**kw):
    return Request(**{"load_mw": 1000.0, "site": SITES["cheyenne-wy"], "hours": DAY2, "options": "gas-frame",
                      "unit_reserve": False, **kw})


def fake_solve(results, calls):
    """linopy's Model.solve replaced by one that answers ``results`` in turn (after solving for real when told)."""
    import linopy

    real = linopy.Model.solve

    def solve_(self, *a, **kw):
        calls.append(kw["solver"])
        answer = results[len(calls) - 1]
        return real(self, *a, **kw) if answer == "real" else answer
    return solve_


def test_a_time_limit_is_retried_with_the_simplex_and_the_optimum_kept(monkeypatch):
    calls = []
    monkeypatch.setattr("linopy.Model.solve", fake_solve([("warning", "time_limit"), "real"], calls))
    res = solve(req())
    assert calls[1] == "simplex" and len(calls) == 2
    assert res.lp_capacity_mw["gas-frame"] == pytest.approx(1000.0, rel=1e-4)
    assert "simplex" in res.solver


def test_no_optimum_with_any_method_is_a_solver_failure_not_infeasible_input(monkeypatch):
    calls = []
    monkeypatch.setattr("linopy.Model.solve", fake_solve([("warning", "time_limit"), ("warning", "numeric")], calls))
    with pytest.raises(lp.SolverFailed) as e:
        solve(req())
    assert e.value.path == "solver" and "infeasible" not in e.value.message.split(":")[0]
    assert "time_limit" in e.value.message and "simplex: warning/numeric" in e.value.message
    assert "not infeasible input" in e.value.message


def test_a_proven_infeasible_lp_is_not_retried_and_says_why():
    with pytest.raises(InputError, match=r"^power: infeasible: .*CO2 cap") as e:
        solve(req(co2_cap_g_per_kwh=1.0))
    assert e.value.path == "power"
