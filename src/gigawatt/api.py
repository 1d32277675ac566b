"""The public entry points: simulate, Monte Carlo, sensitivity; one program or a composite; threads or Dask.

This is the only module that picks an engine or a backend. The engines below it (``simulate`` for one
deterministic pass, ``montecarlo`` for chunked aggregation, ``portfolio`` for combining the parts of a
composite, ``distributed`` for Dask) never import it, nor each other's callers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Literal, overload

from gigawatt.scenario import Scenario, load_scenario
from gigawatt.simulate import Program  # eagerly, so that the package's name `simulate` stays the function

if TYPE_CHECKING:
    from gigawatt.montecarlo import MCResults
    from gigawatt.results import Results
    from gigawatt.sensitivity import Sensitivity

Progress = Callable[[int, int], None]

__all__ = ["load_scenario", "simulate", "monte_carlo", "sensitivity", "model_of", "memory_per_draw"]


def _scenario(scn) -> Scenario:
    return scn if isinstance(scn, Scenario) else load_scenario(scn)


def with_supply(scn: Scenario) -> Scenario:
    """The scenario with ``energy.supply: optimised`` resolved: the least-cost campus supply (``gigawatt.power``,
    PyPSA/linopy + HiGHS) solved first, its LCOE and carbon intensity set as the energy price and intensity
    (inputs to the model, not a loop back); their flat-price distributions no longer apply. Where the supply
    cannot be energised by the next phase's date, each phase due before the quarter it can moves to it
    (:func:`gigawatt.power.schedule_update`; said in the scenario's notes). Parts too."""
    if scn.include:
        parts = tuple(with_supply(p) for p in scn.part_scenarios)
        if all(a is b for a, b in zip(parts, scn.part_scenarios)):
            return scn
        out = scn.model_copy()
        out._parts = parts
        return out
    if scn.energy.supply != "optimised":
        return scn
    from gigawatt import power

    values = {path.split(".", 1)[1]: v for path, v in power.energy_overrides(scn).items()}
    gone = {f"energy.{f}" for f in values}
    unc = {k: v for k, v in scn.uncertainty.items() if k not in gone}
    corr = [c for c in scn.correlations if not gone & set(c.get("between") or ())]
    update = {"energy": scn.energy.model_copy(update=values), "uncertainty": unc, "correlations": corr}
    moved, said = power.schedule_update(scn)
    if moved:
        update["program"] = scn.program.model_copy(update=moved)
    if said:
        update["guesses"] = [*scn.guesses, said]
    return scn.model_copy(update=update)


def model_of(scn):
    """The evaluable model of a scenario: one program, or a composite of its parts (``include:``)."""
    scn = with_supply(_scenario(scn))
    if scn.include:
        from gigawatt.portfolio import Composite

        return Composite.of(scn)
    return Program.of(scn)


@overload
def simulate(scn: Scenario | str, draws: Literal[1] = 1, seed: int = 0, **kwargs) -> "Results": ...
@overload
def simulate(scn: Scenario | str, draws: int, seed: int = 0, **kwargs) -> "Results | MCResults": ...


def simulate(scn, draws: int = 1, seed: int = 0, **kwargs):
    """One deterministic run (``draws=1``, a :class:`~gigawatt.results.Results`) or a Monte Carlo.

    ``scn`` is a :class:`~gigawatt.scenario.Scenario`, a built-in name or a path. Keyword arguments go to
    :func:`monte_carlo`.
    """
    if draws != 1:
        return monte_carlo(scn, draws=draws, seed=seed, **kwargs)
    return model_of(scn).run()


def monte_carlo(scn, draws: int, seed: int = 0, *, chunk: int | None = None, workers: int | None = None,
                scheduler: str | None = None, threads: int | None = None, progress: Progress | None = None,
                outputs: Iterable[str] | None = None) -> "MCResults":
    """Monte Carlo of ``draws`` draws from ``seed``: P5/P50/P95 per quarter and headline figure, events.

    ``workers`` starts a local Dask cluster of that many processes and ``scheduler`` joins one; otherwise
    the chunks run here on ``threads`` threads. The same seed gives the same statistics on every backend.
    """
    from gigawatt import montecarlo
    from gigawatt.errors import InputError

    if workers is not None and scheduler is not None:
        raise InputError("--workers", "give either --workers (a local cluster) or --scheduler (an existing one)")
    plan = montecarlo.plan(model_of(scn), draws, seed=seed, chunk=chunk, outputs=outputs)
    if workers is not None or scheduler is not None:
        from gigawatt import distributed

        return distributed.run(plan, workers=workers, scheduler=scheduler, progress=progress)
    return montecarlo.run_local(plan, progress=progress, threads=threads)


def sensitivity(scn, method: str = "sobol", samples: int = 1024, seed: int = 0, **kwargs) -> "Sensitivity":
    """Sobol or Morris indices (SALib) and a tornado of the scenario's uncertain inputs."""
    from gigawatt.sensitivity import analyze

    return analyze(model_of(scn), method=method, samples=samples, seed=seed, **kwargs)


def memory_per_draw(scn) -> int:
    """Bytes one Monte Carlo draw of the scenario holds while its chunk is evaluated (the engine's estimate,
    by which the CLI sizes its chunks and the server admits jobs)."""
    from gigawatt.montecarlo import memory_per_draw as per_draw

    return per_draw(model_of(scn))
