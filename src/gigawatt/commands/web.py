"""CLI command: ``gigawatt serve`` (dashboard and REST API); the run history's commands are in ``runs``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer

from gigawatt.commands.runs import DbOpt, _store
from gigawatt.errors import InputError


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command()
    def serve(host: str = typer.Option("127.0.0.1", help="Address to bind (127.0.0.1: this machine only)"),
              port: int = typer.Option(8000, help="TCP port"),
              allow: Optional[list[str]] = typer.Option(None, "--allow", help="On a bind other than loopback, also "
                                                        "answer clients in this network (repeatable; e.g. "
                                                        "192.168.1.0/24). Without it only this machine is answered"),
              share_cli_runs: bool = typer.Option(False, "--share-cli-runs", help="Also serve the runs saved by "
                                                  "`gigawatt run/mc --save` (their file paths cut to file names); "
                                                  "by default only runs saved through the server are served"),
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
        run_server(host, port, db, nets, share_cli_runs)  # peers, Host names checked; idle/slow connections closed
