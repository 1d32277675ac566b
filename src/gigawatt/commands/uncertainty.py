"""CLI commands: uncertainty (``gigawatt mc``, ``gigawatt sensitivity``, ``gigawatt bench``)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from gigawatt.errors import InputError

_PROGRESS_MIN_DRAWS = 200_000  # below this a run takes about a second: no bar


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import JsonOpt, ScenarioArg, SetOpt, ViewOpt

    @app.command()
    def mc(scenario: Optional[str] = ScenarioArg, set_: Optional[list[str]] = SetOpt, view: Optional[str] = ViewOpt,
           draws: int = typer.Option(100_000, "--draws", "-n", help="Number of draws (1 to 100,000,000)"),
           seed: int = typer.Option(0, "--seed", help="Seed of the draws (same seed, same result)"),
           chunk: Optional[int] = typer.Option(None, "--chunk", help="Draws per chunk (memory per chunk)"),
           workers: Optional[int] = typer.Option(None, "--workers", help="Run on a local Dask cluster of K processes"),
           scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Run on the Dask scheduler at ADDR"),
           as_json: bool = JsonOpt,
           out: Optional[Path] = typer.Option(None, "--out", help="Write per-quarter statistics to FILE.parquet"),
           save: bool = typer.Option(False, "--save", help="Record the run in the run history"),
           label: Optional[str] = typer.Option(None, "--label", help="With --save: the run's label in the history"),
           db: Optional[Path] = typer.Option(None, "--db", help="Run-history database (default $GIGAWATT_DB)")):
        """Monte Carlo over the scenario's uncertainty block: P5/P50/P95 and event probabilities."""
        import contextlib

        from gigawatt import montecarlo
        from gigawatt.cli import console, load, print_json

        if out is not None:  # every path is checked before any work
            from gigawatt.files import check_output

            check_output(out, "--out", (".parquet",))
        store = None
        if label is not None and not save:
            raise InputError("--label", "goes with --save (gigawatt mc --save --label \"base case\")")
        if save:
            from gigawatt.store import RunStore, clean_label

            store, label = RunStore(db).check(), clean_label(label, "--label")
        scn = load(scenario, set_, view)
        montecarlo._check_draws(draws)
        with contextlib.ExitStack() as stack:
            rec = None
            if save:  # recorded 'running' now, 'done' with its results in one transaction at the end
                from gigawatt import runbundle

                rec = stack.enter_context(store.record(kind="mc", **runbundle.of(scn), seed=seed, draws=draws,
                                                       label=label))
            res = _run_mc(scn, draws, seed, chunk, workers, scheduler, as_json)
            if rec is not None:
                rec.finish(res.to_json())
        if out is not None:
            res.to_parquet(out)
        if as_json:
            saved = {"run_id": rec.id} if rec is not None else {}
            print_json({"standing": scn.standing()} | res.to_json() | saved)
            return
        from gigawatt import views

        views.print_heading(console(), scn, "Monte Carlo")
        _print_mc(console(), res, out, scn.energy.comparison_state)
        if rec is not None:
            console().print(f"saved as run {rec.id}")

    def _run_mc(scn, draws, seed, chunk, workers, scheduler, as_json):
        from gigawatt import api
        from gigawatt.cli import console

        if draws >= _PROGRESS_MIN_DRAWS and not as_json:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                          TimeRemainingColumn(), console=console(stderr=True), transient=True) as bar:
                task = bar.add_task("draws", total=draws)
                return api.monte_carlo(scn, draws, seed=seed, chunk=chunk, workers=workers, scheduler=scheduler,
                                       progress=lambda done, total: bar.update(task, completed=done))
        return api.monte_carlo(scn, draws, seed=seed, chunk=chunk, workers=workers, scheduler=scheduler)

    @app.command()
    def sensitivity(scenario: Optional[str] = ScenarioArg, set_: Optional[list[str]] = SetOpt,
                    view: Optional[str] = ViewOpt,
                    method: str = typer.Option("sobol", "--method", help="sobol or morris"),
                    samples: int = typer.Option(1024, "--samples", help="Base samples N (Sobol: a power of 2)"),
                    seed: int = typer.Option(0, "--seed", help="Seed of SALib's sampler and bootstrap"),
                    as_json: bool = JsonOpt):
        """Which uncertain inputs drive the headline figures: Sobol or Morris indices, and a tornado."""
        from gigawatt import api
        from gigawatt import sensitivity as sens
        from gigawatt.cli import console, load, print_json

        if method not in sens.METHODS:
            raise InputError("--method", f"{method!r} is not a method; choose sobol or morris")
        scn = load(scenario, set_, view)
        res = api.sensitivity(scn, method=method, samples=samples, seed=seed)
        if as_json:
            print_json(res.to_json())
            return
        _print_sensitivity(console(), res)

    @app.command()
    def bench(as_json: bool = JsonOpt,
              draws: int = typer.Option(1_000_000, "--draws", help="Draws of the Monte Carlo benchmark"),
              dask_draws: int = typer.Option(8_000_000, "--dask-draws", help="Draws of the Dask speed-up benchmark"),
              sobol_samples: int = typer.Option(4096, "--sobol-samples", help="N of the Sobol benchmark"),
              rss_draws: int = typer.Option(0, "--rss-draws", help="Also measure peak RSS at this many draws "
                                                                   "(e.g. 10000000)")):
        """Benchmark the engine against the issue's targets (each figure measured in a fresh process)."""
        from gigawatt import bench as b
        from gigawatt import montecarlo, sensitivity
        from gigawatt.cli import console, print_json

        for n in (draws, dask_draws) + ((rss_draws,) if rss_draws else ()):  # fail here, not in a subprocess
            montecarlo._check_draws(n)
        sensitivity._check_samples(sobol_samples, "sobol")
        figures = b.run(draws=draws, dask_draws=dask_draws, sobol_samples=sobol_samples, rss_draws=rss_draws)
        if as_json:
            print_json(figures)
            return
        b.print_table(console(), figures)


def _print_mc(con, res, out, state: str | None = None) -> None:
    from rich.table import Table

    from gigawatt import present

    from gigawatt.present import meaning

    built = res.probabilities.get("program_completed")
    t = Table(title=f"{res.plan.scenario_name}: {res.draws:,} draws, seed {res.seed} (headline at each draw's own full "
                    "build or where it stops; P50 = the median draw, in which later phases may be cancelled"
                    + (f"; every phase built in {present.pct(built)} of draws" if built is not None else "")
                    + "; `gigawatt run` gives every phase built)")
    for c in ("figure", "P5", f"P50 ({meaning.MEDIAN})", "P95", "mean"):
        t.add_column(c, justify="left" if c == "figure" else "right")
    for name in res.headline_names:
        o = res._output(name, "headline")
        unit = "quarter" if name.endswith("_quarter") else ("year" if name == "revenue_covers_year" else o.unit)
        if name == "comparison_state_share" and state:
            unit = f"× {state}"
        q = res.headline_quantiles(name)
        m = res.mean(name, kind="headline")
        t.add_row(name, *(present.value(float(v), unit) for v in q),
                  present.value(m, unit) if unit not in ("quarter", "year") else "")
    con.print(t)
    p = Table(title="Event probabilities")
    p.add_column("event")
    p.add_column("probability", justify="right")
    p.add_column("meaning")
    from gigawatt.montecarlo import EVENTS

    for e in EVENTS:
        p.add_row(e.name, f"{100 * res.probabilities[e.name]:.1f} %", e.description)
    con.print(p)
    if out is not None:
        con.print(f"per-quarter statistics written to {out}")


def _print_sensitivity(con, res) -> None:
    from rich.table import Table

    for output, rows in res.indices.items():
        t = Table(title=f"{output}: {res.method} ({res.evaluations:,} model runs)")
        t.add_column("input")
        if res.method == "sobol":
            for c in ("S1", "±", "ST", "± "):
                t.add_column(c, justify="right")
            for r in rows:
                t.add_row(r["input"], f"{r['S1']:.3f}", f"{r['S1_conf']:.3f}", f"{r['ST']:.3f}", f"{r['ST_conf']:.3f}")
        else:
            for c in ("mu*", "±", "sigma"):
                t.add_column(c, justify="right")
            for r in rows:
                t.add_row(r["input"], f"{r['mu_star']:.4g}", f"{r['mu_star_conf']:.3g}", f"{r['sigma']:.4g}")
        con.print(t)
        if output in res.tornado:
            tt = Table(title=f"{output}: tornado (P5 / P95 of each input, others central)")
            for c in ("input", "at low", "at high", "swing"):
                tt.add_column(c, justify="left" if c == "input" else "right")
            for r in res.tornado[output]:
                tt.add_row(r["input"], f"{r['output_low']:.4g}", f"{r['output_high']:.4g}", f"{r['swing']:.4g}")
            con.print(tt)
    if res.note:
        con.print(res.note)
