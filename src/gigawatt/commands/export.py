"""CLI commands: export — a run's tables as an Excel workbook or CSV files (:mod:`gigawatt.export`)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

SHEET_HELP = ("With a .csv output: which table (headline, year_by_year, ranges, quarterly, series, ledger, sources; "
              "default quarterly)")
RANGE_DRAWS = 1000  # the ranges sheet: a bounded Monte Carlo (seconds), seeded, so re-exports agree
MAX_DRAWS = 100_000


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import ScenarioArg, SetOpt, ViewOpt

    @app.command()
    def export(scenario: Optional[str] = ScenarioArg,
               output: str = typer.Option(..., "--output", "-o",
                                           help="deal.xlsx (every sheet), deal.csv (one table) or an existing "
                                                "folder (one CSV per sheet)"),
               sheet: Optional[str] = typer.Option(None, "--sheet", help=SHEET_HELP),
               draws: int = typer.Option(RANGE_DRAWS, "--draws",
                                         help="Monte Carlo draws behind the ranges sheet (P5, median, P95; seed 1); "
                                              "0 leaves it empty"),
               set_: Optional[list[str]] = SetOpt, view: Optional[str] = ViewOpt):
        """Write a run's headline figures, quarterly series, ledger and sources for a spreadsheet."""
        from gigawatt import export as ex
        from rich.markup import escape

        from gigawatt.cli import console, load
        from gigawatt.errors import InputError, show

        from gigawatt.commands import not_an_input

        kind, path = ex.target(output)  # bad paths fail before any work
        not_an_input(path, "--output", scenario, view)
        if sheet is not None and sheet not in ex.SHEETS:
            raise InputError("--sheet", f"{show(sheet)} is not a sheet; choose one of {', '.join(ex.SHEETS)}")
        if sheet is not None and kind != "csv":
            raise InputError("--sheet", "applies only to a .csv output (a workbook or a folder gets every sheet)")
        if not 0 <= draws <= MAX_DRAWS:
            raise InputError("--draws", f"{draws:,} is outside 0..{MAX_DRAWS:,} (the ranges sheet's Monte Carlo)")
        from gigawatt.api import monte_carlo, simulate

        scn = load(scenario, set_, view)
        from gigawatt.present.heading import superseded_line

        if notice := superseded_line(scn):  # a superseded deal says so first, as run does
            console().print(f"[bold red]{escape(notice)}[/]", soft_wrap=True)
        res = simulate(scn)
        wanted = kind != "csv" or sheet == "ranges"  # one CSV of another sheet needs no Monte Carlo
        mc = monte_carlo(scn, draws, seed=1) if draws and wanted else None
        tables = ex.tables(res, mc)
        if kind == "xlsx":
            live = ex.write_xlsx(tables, path, title=f"gigawatt: {res.scenario.name}", res=res)
            what = ", ".join(f"{t.name} ({len(t.rows)} rows)" for t in tables.values())
            what = ("Inputs, Model, Money (live formulas), " if live else "") + what
            console().print(f"wrote {path} (sheets: {what})", markup=False, soft_wrap=True)
        elif kind == "csv":
            t = tables[sheet or "quarterly"]
            ex.write_csv(t, path)
            console().print(f"wrote {path} ({t.name}: {len(t.rows)} rows)", markup=False, soft_wrap=True)
        else:
            paths = ex.write_folder(tables, path)
            console().print(f"wrote {len(paths)} CSV files to {path}/ ({', '.join(p.name for p in paths)})",
                            markup=False, soft_wrap=True)
