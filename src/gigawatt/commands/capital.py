"""CLI commands: capital — ``gigawatt capital`` (who lends, who owns, who bears the risk)."""

from __future__ import annotations

from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import JsonOpt, ScenarioArg, SetOpt, ViewOpt

    @app.command()
    def capital(scenario: Optional[str] = ScenarioArg, set_: Optional[list[str]] = SetOpt, as_json: bool = JsonOpt,
                view: Optional[str] = ViewOpt,
                draws: int = typer.Option(2000, "--draws", help="Monte Carlo draws over the labelled guesses "
                                                                "(0 = deterministic, at most 20,000)"),
                seed: int = typer.Option(0, "--seed", help="Random seed (same seed, same result)"),
                revenue_scale: float = typer.Option(1.0, "--revenue-scale",
                                                    help="The customer's revenue as a multiple of its path "
                                                         "(0.5 = half), 0 to 10"),
                credit: Optional[str] = typer.Option(None, "--credit", help="Credit view: stressed (SOFR +150 bp, "
                                                                         "spreads doubled, half the equity raises)")):
        """Capital stack: instruments with sources, cash waterfall, coverage, P(default), expected loss by lender."""
        from gigawatt.capital.analysis import check_args
        from gigawatt.cli import console, load, print_json

        check_args(draws, revenue_scale, seed)  # before any work
        from gigawatt.capital.data import check_credit

        check_credit(credit, "--credit")
        scn = load(scenario, set_, view)
        from gigawatt.capital import analyse

        res = analyse(scn, draws, seed, revenue_scale, credit)
        if as_json:
            print_json({"standing": scn.standing(), **res})
            return
        from gigawatt import views
        from gigawatt.present.capital import print_capital

        views.print_heading(console(), scn, "who bears the risk")  # a superseded deal says so first
        print_capital(console(), res)
