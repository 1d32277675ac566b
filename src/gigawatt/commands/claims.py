"""CLI commands: claims (``gigawatt claims``: every quantitative claim of the seed article, checked)."""

from __future__ import annotations

from typing import Optional

import typer

VERDICT_STYLE = {"holds": "green", "holds under assumptions": "yellow", "does not hold": "red",
                 "not checkable": "bright_black"}


def claims_table(rows: list[dict]):
    """A rich table of verdicts (claim, stated, gigawatt, verdict, what would flip it) for ~120 columns."""
    from rich.table import Table
    from rich.text import Text

    t = Table(title="Claims of the seed article, checked (gigawatt claims --json for details and sources)",
              title_justify="left", header_style="bold", show_lines=True, expand=False)
    t.add_column("claim", width=24, overflow="fold")
    t.add_column("stated", width=13, overflow="fold")
    t.add_column("gigawatt", width=17, overflow="fold")
    t.add_column("verdict", width=30, overflow="fold")
    t.add_column("what would flip it", width=24, overflow="fold")
    for r in rows:
        gw = Text(r["gigawatt"])
        for c in r["context"]:
            gw.append(f"\n{c['label']}: {c['text']}", style="dim")
        verdict = Text(r["verdict"], style=f"bold {VERDICT_STYLE[r['verdict']]}")
        if r["verdict"] == "holds under assumptions":
            for a in r["assumptions"]:
                verdict.append(f"\n• {a}", style="dim")
        elif r["verdict"] == "not checkable":
            verdict.append(f"\n{r['why']}", style="dim")
        flips = "\n".join(f"• {f}" for f in r["flips"])
        t.add_row(Text(f"{r['id']}  ", style="bold").append(r["topic"], style="none"), r["stated"], gw, verdict,
                  flips)
    return t


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import JsonOpt, SetOpt

    @app.command()
    def claims(set_: Optional[list[str]] = SetOpt, as_json: bool = JsonOpt,
               only: Optional[list[str]] = typer.Option(None, "--only", help="Only this claim id (repeatable)")):
        """Check every quantitative claim of the seed article against the model and sourced data."""
        from gigawatt import cli
        from gigawatt.claims import check_claims_json, load_claims
        from gigawatt.errors import InputError

        data = load_claims()
        known = [str(c["id"]) for c in data["claims"]]
        for o in only or []:
            if o not in known:
                raise InputError("--only", f"{o!r} is not a claim id; known: {', '.join(known)}")
        rows = check_claims_json(set_ or None, data=data, only=only or None)
        if as_json:
            cli.print_json(rows)
            return
        con = cli.console()
        con.print(claims_table(rows))
        counts = {v: sum(r["verdict"] == v for r in rows) for v in VERDICT_STYLE}
        con.print(", ".join(f"{n} {v}" for v, n in counts.items() if n))
