"""CLI commands: market (the money network, concentration, cycles, stress test)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command()
    def market(
        scenario: Optional[str] = typer.Argument(None, help="Scenario whose `links:` are added to the shipped data"),
        stress: float = typer.Option(0.5, "--stress", help="Customer revenue shortfall, a share in [0, 1]"),
        customer: str = typer.Option("openai", "--customer", help="Company whose commitments are stressed"),
        graph: Optional[Path] = typer.Option(None, "--graph", help="Draw the network to FILE.png, .svg or .html"),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables"),
    ):
        """Money network: supply shares and HHI, concentration, cross-holdings, money cycles, stress test."""
        from gigawatt.files import check_output, write_atomic

        if graph is not None:  # checked before any work (and before the heavy imports)
            check_output(graph, "--graph", (".png", ".svg", ".html"))
        from gigawatt.cli import console, load, print_json

        extra = load(scenario, None).links if scenario is not None else []  # bad input fails before heavy imports
        from gigawatt import market as mk
        report = mk.market_report(stress=stress, extra_links=extra, customer=customer)
        if graph is not None:  # whole or not at all: drawn to a temporary file, then renamed
            network = mk.build_graph(mk.load_companies(), mk.load_links(extra=extra))
            write_atomic(graph, lambda tmp: mk.draw_graph(network, tmp))
        if as_json:
            print_json(report)
            return
        con = console()
        for renderable in mk.render(report):
            con.print(renderable)
        if graph is not None:
            con.print(f"network drawn to {graph}")
