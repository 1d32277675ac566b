"""Uncertainty of the least-cost supply: N solves over the catalog's fuel-price and capex ranges and over
weather years.

Sample, evaluate, analyse stay apart (as SALib does): :func:`sample` draws inputs from a seeded
``numpy.random.Generator`` (fuel price and a capex multiplier, each triangular on the catalog's low /
value / high; the capex multiplier's range is the gas frame CT's relative range, applied to every option,
i.e. costs move together; and a weather seed: each draw solves one weather year of its own,
:func:`gigawatt.power.weather.synthetic_year`: the site's measured year resampled where installed, else the
synthetic generator's, with its yield moved by the published year-to-year variability), :func:`evaluate`
solves each draw (locally, or on Dask with ``workers``: the same rows either way), and :func:`analyse` gives
P5/P50/P95 of LCOE and emissions, which so include the weather. A fuel price the user fixes, or the weather
the user gives (a file, or several years sized together), is not swept (``swept`` says what was, ``fixed`` what
was held and why).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from gigawatt.errors import InputError, show
from gigawatt.power.campus import Request, solve

MAX_SOLVES = 1000


def check(n: int, seed: int = 0, workers: int | None = None, zero_ok: bool = False) -> None:
    """Bad ``--sweep`` (1 to MAX_SOLVES; 0 means none where ``zero_ok``), ``--seed`` (0 to 2**32 - 1, as
    ``gigawatt mc``) or ``--workers`` (1 to :data:`gigawatt.distributed.MAX_WORKERS`) -> one InputError."""
    if isinstance(n, bool) or not isinstance(n, int) or not (1 <= n <= MAX_SOLVES or (zero_ok and n == 0)):
        raise InputError("--sweep", f"{show(n)} is not allowed: 1 to {MAX_SOLVES} solves (0 or left out: no sweep)")
    from gigawatt.montecarlo.plan import _check_seed

    _check_seed(seed)
    if workers is not None:
        from gigawatt.distributed import _check_workers

        _check_workers(workers)


def sample(n: int, seed: int = 0) -> list[dict[str, float]]:
    """``n`` draws of {fuel_price_usd_per_mmbtu, capex_factor, weather_seed}."""
    from gigawatt import catalog

    check(n, seed)
    cat = catalog.power_options()
    fuel = cat["natural-gas"]["fuel_price_usd_per_mmbtu"]
    cap = cat["gas-frame"]["capex_usd_per_kw"]
    rng = np.random.default_rng(np.random.SeedSequence(seed))
    lo, hi = fuel.range
    f = rng.triangular(lo, fuel.number, hi, size=n)
    clo, chi = cap.range
    c = rng.triangular(clo / cap.number, 1.0, chi / cap.number, size=n)
    w = rng.integers(0, 2**31, size=n)  # drawn after the prices: a seed's fuel and capex draws stay as they were
    return [{"fuel_price_usd_per_mmbtu": float(a), "capex_factor": float(b), "weather_seed": int(y)}
            for a, b, y in zip(f, c, w)]


SWEPT = {"fuel_price_usd_per_mmbtu": "fuel price (triangular over the catalog's range)",
         "capex_factor": "capex (x the gas frame CT's relative range, every option together)",
         "weather_seed": "weather year (one per solve, its own seed: weather.synthetic_year, labelled synthetic)"}


FIGURES = ("lcoe_usd_per_mwh", "emissions_g_per_kwh", "emissions_t_per_yr")


def _one(req: Request, draw: dict[str, float]) -> dict:
    """One solve; a point the solver fails on (or that is infeasible) is a row that says so, and the sweep goes
    on: one bad point must not sink the other solves (issue 22)."""
    from gigawatt.power.lp import SolverFailed

    try:
        res = solve(replace(req, **draw))
    except SolverFailed as e:
        return {**draw, "failed": "solver failure", "why": e.message}
    except InputError as e:
        if e.path != "power":  # only an infeasible point is the point's own outcome; anything else is a bug
            raise
        return {**draw, "failed": "infeasible", "why": e.message}
    seen = (res.weather or {}).get("annual_capacity_factor", {})  # the draw's weather year, as solved
    weather = {f"{k}_capacity_factor": float(np.mean(v)) for k, v in seen.items()}
    return {**draw, **weather, "lcoe_usd_per_mwh": res.lcoe_usd_per_mwh, "emissions_g_per_kwh":
            res.emissions_g_per_kwh, "emissions_t_per_yr": res.emissions_t_per_yr, "solve_seconds": res.solve_seconds}


def evaluate(req: Request, draws: list[dict[str, float]], workers: int | None = None) -> list[dict[str, float]]:
    """Solve every draw; with ``workers`` on a local Dask cluster (the project's :mod:`gigawatt.distributed`)."""
    if not workers:
        return [_one(req, d) for d in draws]
    from gigawatt import distributed

    client, cluster = distributed.connect(workers=workers)
    try:
        futures = client.map(_one, [req] * len(draws), draws, pure=False)
        return client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def analyse(rows: list[dict]) -> dict:
    """P5/P50/P95 of LCOE and emissions over the points that solved (None where none did); ``failed`` counts the
    points that did not and ``failures`` lists them (draw, kind, why)."""
    ok = [r for r in rows if "failed" not in r]
    out: dict = {"solves": len(rows), "solved": len(ok), "failed": len(rows) - len(ok),
                 "failures": [r for r in rows if "failed" in r]}
    for key in FIGURES:
        v = np.array([r[key] for r in ok], dtype=float)
        out[key] = {f"p{q}": float(np.percentile(v, q)) if len(v) else None for q in (5, 50, 95)}
    return out


def run(req: Request, n: int, seed: int = 0, workers: int | None = None) -> dict:
    """Sample, evaluate and analyse ``n`` solves of ``req``. A fuel price the request fixes (``--fuel-price``)
    and the user's weather (``--weather``, ``--weather-years``) stay fixed: ``swept`` names what was drawn, ``fixed`` what was
    not and why."""
    fixed = {}
    if req.fuel_price_usd_per_mmbtu is not None:
        fixed["fuel_price_usd_per_mmbtu"] = f"--fuel-price {req.fuel_price_usd_per_mmbtu:g}"
    if req.weather_file is not None or req.weather_years > 1:  # the user's years, sized together, are kept
        fixed["weather_seed"] = "--weather file" if req.weather_file is not None else \
            f"--weather-years {req.weather_years} (sized together)"
    draws = [{k: v for k, v in d.items() if k not in fixed} for d in sample(n, seed)]
    rows = evaluate(req, draws, workers)
    swept = [k for k in SWEPT if k not in fixed]
    return {**analyse(rows), "seed": seed, "swept": swept, "swept_what": [SWEPT[k] for k in swept],
            "fixed": fixed, "workers": workers or 0, "draws": rows}
