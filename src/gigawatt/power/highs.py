"""Running HiGHS on a model that :mod:`gigawatt.power.lp` built: the LP (interior point, then the dual simplex)
and the MILP of whole units (:mod:`gigawatt.power.milp`: branch and bound to a gap or a time limit), with HiGHS's
banner kept off standard output and its end states turned into :class:`Infeasible` (proven infeasible input) or
:class:`SolverFailed` (no optimum reached: one line, never a traceback)."""

from __future__ import annotations

import contextlib
import contextvars
import math
import os
import sys
import time

from gigawatt.errors import InputError

MIP_GAP = 1e-3  # relative gap at which branch and bound stops: 0.1 % of the annual cost
TIME_LIMIT_S = 120.0  # then the best plan found is reported with its gap, as not proven optimal


# A deadline for every HiGHS call in this context (``POST /api/power``: :func:`deadline`); None: none (the CLI).
_DEADLINE: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar("highs_deadline", default=None)


@contextlib.contextmanager
def deadline(seconds: float):
    """Every solve in this block (a sweep's, a sequence's phases) shares ``seconds`` of HiGHS time: each runs with
    HiGHS's ``time_limit`` at what is left, and one that reaches it raises :class:`TimedOut` (one line)."""
    token = _DEADLINE.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _DEADLINE.reset(token)


def _time_left(cap: float | None = None) -> dict:
    """HiGHS's ``time_limit`` option for the deadline in force (and ``cap``), or {} for none; past it: TimedOut."""
    held = _DEADLINE.get()
    if held is None:
        return {} if cap is None else {"time_limit": cap}
    left = held[0] - time.monotonic()
    if left <= 0:
        raise TimedOut(held[1])
    return {"time_limit": left if cap is None else min(cap, left)}


def _timed_out(condition) -> None:
    """HiGHS stopped at its time limit under a :func:`deadline`: :class:`TimedOut` (not another method after it)."""
    held = _DEADLINE.get()
    if held is not None and (str(condition) == "time_limit" or held[0] <= time.monotonic()):
        raise TimedOut(held[1])


def _solver_options() -> tuple[str, dict]:
    """HiGHS's HiPO interior point (highspy-extras) when present, else IPX; no crossover (the LP's
    vertices are not needed, only capacities and dispatch)."""
    try:
        import highspy

        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        hipo = h.setOptionValue("solver", "hipo") == highspy.HighsStatus.kOk
    except Exception:  # noqa: BLE001 - probing an optional extension
        hipo = False
    return ("hipo" if hipo else "ipm"), {"run_crossover": "off", "output_flag": False}


@contextlib.contextmanager
def _quiet_stdout():
    """HiGHS prints its banner from C++ straight to file descriptor 1; keep it out of ``--json`` output."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


_INFEASIBLE = ("infeasible", "infeasible_or_unbounded", "infeasible_and_unbounded")


def run_solver(m, solver: str | None = None) -> tuple[str, str]:
    """Solve ``m`` with HiGHS: the chosen method, then the dual simplex if it ends neither optimal nor proven
    infeasible (time or iteration limit, numerical trouble). Returns (method, condition); raises
    :class:`Infeasible` only for a proven infeasible LP and :class:`SolverFailed` when no method reached an
    optimum."""
    import logging

    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # HiPO's dense blocks are small: BLAS threads only contend
    log = logging.getLogger("linopy")
    level = log.level
    log.setLevel(logging.ERROR)  # an infeasible LP is reported by us in one line, not by linopy's warning
    tried = []
    try:
        first, kw = _solver_options()
        for name in dict.fromkeys((solver or first, "simplex")):
            with _quiet_stdout():
                status, condition = m.solve(solver_name="highs", io_api="direct", solver=name, **kw, **_time_left())
            tried.append(f"{name}: {status}/{condition}")
            if status == "ok" and condition == "optimal":
                return name, str(condition)
            if str(condition) in _INFEASIBLE:
                raise Infeasible(str(condition))
            _timed_out(condition)
    finally:
        log.setLevel(level)
    raise SolverFailed("solver", "HiGHS reached no optimum (" + "; ".join(tried) + "): a solver failure, not "
                                 "infeasible input; try fewer --hours or fewer --options")


def run_mip(m) -> tuple[str, str, dict]:
    """Solve the MILP ``m`` with HiGHS to :data:`MIP_GAP` within :data:`TIME_LIMIT_S`. Returns (method,
    condition, figures: gap reached, best bound, nodes, proven_optimal); raises
    :class:`Infeasible` for a proven infeasible model and
    :class:`SolverFailed` when no whole-unit plan was found in time."""
    import logging

    log = logging.getLogger("linopy")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with _quiet_stdout():
            status, condition = m.solve(solver_name="highs", io_api="direct", mip_rel_gap=MIP_GAP,
                                        output_flag=False, **_time_left(TIME_LIMIT_S))
    finally:
        log.setLevel(level)
    if str(condition) in _INFEASIBLE:
        raise Infeasible(str(condition))
    _timed_out(condition)
    info = m.solver_model.getInfo()
    found = info.primal_solution_status == 2  # HiGHS: a feasible whole-unit plan is at hand
    if status != "ok" or not found or str(condition) not in ("optimal", "time_limit"):
        raise SolverFailed("solver", f"HiGHS found no whole-unit plan ({status}/{condition}, {TIME_LIMIT_S:g} s "
                                     "limit): try --units round, fewer --hours or fewer --options")
    gap = float(info.mip_gap) if math.isfinite(info.mip_gap) else None
    return "branch and bound", str(condition), {
        "method": "milp", "proven_optimal": str(condition) == "optimal", "mip_gap": gap, "mip_gap_limit": MIP_GAP,
        "time_limit_s": TIME_LIMIT_S, "nodes": int(info.mip_node_count)}


class Infeasible(Exception):
    """The LP has no solution (the caller turns it into one clear line)."""


class SolverFailed(InputError):
    """HiGHS ended neither optimal nor proven infeasible with every method tried (one line, never a traceback)."""


class TimedOut(InputError):
    """A solve ran past the :func:`deadline` (``POST /api/power``: 422, the power slot freed)."""

    def __init__(self, seconds: float):
        super().__init__("solver", f"the solve took longer than {seconds:g} s, this server's limit for one request: "
                                   "run `gigawatt power` locally (or ask for fewer weather years, longer steps or "
                                   "fewer sweep solves)")
