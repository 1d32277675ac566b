"""CLI commands: ``gigawatt serve`` (dashboard and REST API) and ``gigawatt runs`` (run history)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from gigawatt.errors import InputError

DbOpt = typer.Option(None, "--db", help="Run-history database (default $GIGAWATT_DB, else the user data dir)")


def _store(db: Optional[Path]):
    from gigawatt.store import RunStore

    return RunStore(db).check()  # an unusable path is one line, exit 2, before any work


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    runs_app = typer.Typer(add_completion=False, rich_markup_mode=None, invoke_without_command=True,
                           help="List saved runs (gigawatt run --save, gigawatt mc --save, the dashboard).")
    app.add_typer(runs_app, name="runs")

    @app.command()
    def serve(host: str = typer.Option("127.0.0.1", help="Address to bind (127.0.0.1: this machine only)"),
              port: int = typer.Option(8000, help="TCP port"),
              allow: Optional[list[str]] = typer.Option(None, "--allow", help="On a bind other than loopback, also "
                                                        "answer clients in this network (repeatable; e.g. "
                                                        "192.168.1.0/24). Without it only this machine is answered"),
              db: Optional[Path] = DbOpt):
        """The local dashboard and REST API (http://127.0.0.1:8000/, API docs at /docs)."""
        from gigawatt.cli import console
        from gigawatt.web.middleware import is_loopback, networks
        from gigawatt.web.server import reach
        from gigawatt.web.server import serve as run_server

        if not 0 <= port <= 65535:
            raise InputError("--port", f"{port} is not a TCP port (0..65535)")
        nets = networks(allow)
        if nets and is_loopback(host):
            raise InputError("--allow", "has no effect on a loopback bind; give --host 0.0.0.0 (or this "
                                        "machine's address) with it")
        _store(db)
        if db is not None:
            os.environ["GIGAWATT_DB"] = str(db)  # so that every store the app opens agrees
        shown = f"[{host}]" if ":" in host else host
        console().print(f"gigawatt dashboard on http://{shown}:{port}/  (API docs /docs; Ctrl-C stops)",
                        markup=False)
        console(stderr=True).print(f"who can reach it: {reach(host, nets)}", markup=False)
        run_server(host, port, db, nets)  # peers, Host names checked; idle/slow connections closed

    @runs_app.callback()
    def runs(ctx: typer.Context, db: Optional[Path] = DbOpt,
             as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table"),
             limit: int = typer.Option(50, help="Newest N runs"),
             status: Optional[str] = typer.Option(None, help="Only runs with this status "
                                                            "(running, done, failed, interrupted)")):
        """List saved runs, newest first; `gigawatt runs show ID` shows one."""
        if ctx.invoked_subcommand is not None:
            ctx.obj = {"db": db, "as_json": as_json}
            return
        from gigawatt import present
        from gigawatt.cli import console, print_json

        if limit < 1:
            raise InputError("--limit", f"{limit} is below 1")
        store = _store(db)
        rows = store.list(limit=limit, status=status)
        if as_json:
            print_json(rows)
            return
        con = console()
        if not rows:
            con.print(f"no saved runs in {store.path} (save one with `gigawatt run --save`)", markup=False)
            return
        from rich.table import Table

        t = Table(title=f"Saved runs ({store.path})", title_justify="left", header_style="bold")
        for col in ("id", "kind", "scenario", "status", "draws", "seed", "started (UTC)", "took"):
            t.add_column(col, no_wrap=True, justify="right" if col in ("draws", "seed", "took") else "left")
        for r in rows:
            started = (r["started_at"] or "")[:19].replace("T", " ")
            t.add_row(r["id"], r["kind"], r["scenario_name"], r["status"], f"{r['draws']:,}",
                      "—" if r["seed"] is None else str(r["seed"]), started, present.seconds(r["seconds"]))
        con.print(t)

    @runs_app.command("show")
    def show(ctx: typer.Context, run_id: str = typer.Argument(..., metavar="ID", help="Run id (a unique prefix will do)"),
             db: Optional[Path] = DbOpt,
             as_json: bool = typer.Option(False, "--json", help="Print the whole run as JSON"),
             yaml_: bool = typer.Option(False, "--yaml", help="Print only the run's scenario YAML")):
        """One saved run: what was run, its status, its headline figures."""
        from gigawatt import present
        from gigawatt.cli import console, print_json
        from gigawatt.store import RunNotFoundError

        parent = ctx.obj or {}
        db = db if db is not None else parent.get("db")
        as_json = as_json or parent.get("as_json", False)
        try:
            run = _store(db).get(run_id)
        except RunNotFoundError as e:
            raise InputError("ID", str(e)) from None
        if yaml_:
            typer.echo(run["scenario_yaml"], nl=False)
            return
        if as_json:
            print_json(run)
            return
        con = console()
        con.print(f"[bold]run {run['id']}[/]  {run['kind']} of {run['scenario_name']}  "
                  f"status [bold]{run['status']}[/]")
        con.print(f"started {run['started_at']}, finished {run['finished_at'] or '—'}, took "
                  f"{present.seconds(run['seconds'])}; draws {run['draws']:,}, seed "
                  f"{'—' if run['seed'] is None else run['seed']}", markup=False)
        con.print(f"scenario sha256 {run['scenario_hash'][:16]}…  (`gigawatt runs show {run['id']} --yaml` "
                  "prints it)", markup=False)
        if run.get("error"):
            con.print(f"error: {run['error']}", markup=False)
        summary = (run.get("results") or {}).get("summary")
        if isinstance(summary, dict):
            from gigawatt.views import headline_table

            con.print(headline_table(summary, "Headline at full build"))
        elif run.get("results") is not None:
            keys = ", ".join(list(run["results"])[:12])
            con.print(f"results: {keys} (see --json)", markup=False)
