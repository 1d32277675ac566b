"""CLI commands: report."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import ScenarioArg, SetOpt, ViewOpt

    @app.command()
    def report(scenario: Optional[str] = ScenarioArg,
               output: Path = typer.Option(..., "--output", "-o", help="The report: a .html file (self-contained)"),
               mc: int = typer.Option(4000, "--mc", help="Monte Carlo draws behind the P5–P95 ranges on the cards, "
                                                         "the fan charts and the tornado (seeded); 0: none"),
               png: Optional[Path] = typer.Option(None, "--png", help="Also write the charts as PNG to this folder"),
               seed: int = typer.Option(0, "--seed", help="Monte Carlo seed"),
               set_: Optional[list[str]] = SetOpt, view: Optional[str] = ViewOpt):
        """Write a self-contained HTML report of a scenario (works offline), and optionally PNG figures."""
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        from gigawatt import present
        from gigawatt.cli import console, load
        from gigawatt.report import build_report, check_output, check_png_dir

        from gigawatt.commands import not_an_input

        check_output(output)  # bad paths fail before any work
        not_an_input(output, "--output", scenario, view)
        if png is not None:
            check_png_dir(png)
        scn = load(scenario, set_, view)
        err = console(stderr=True)
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                      console=err, transient=True, disable=not err.is_terminal) as bar:
            task = bar.add_task("report", total=1)

            def progress(what: str, done: int, total: int) -> None:
                bar.update(task, description=what, completed=done, total=total)

            info = build_report(scn, output, mc=mc, png_dir=png, seed=seed, progress=progress)
        con = console()
        con.print(f"wrote {info.path} ({present.sig(info.size_bytes / 1e6)} MB; sections: {', '.join(info.sections)})")
        if info.pngs:
            con.print(f"wrote {len(info.pngs)} PNG figures to {png}/")
