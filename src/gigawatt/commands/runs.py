"""CLI commands: the run history (``gigawatt runs``, ``runs show``, ``runs rename``, ``runs delete``, ``runs rerun``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from gigawatt.errors import InputError

DbOpt = typer.Option(None, "--db", help="Run-history database (default $GIGAWATT_DB, else the user data dir)")
IdArg = typer.Argument(..., metavar="ID", help="Run id (a unique prefix will do)")


def _store(db: Optional[Path]):
    from gigawatt.store import RunStore

    return RunStore(db).check()  # an unusable path is one line, exit 2, before any work


def _found(work, *args):
    """``work(*args)`` with an unknown run id as bad input (one line, exit 2)."""
    from gigawatt.store import RunNotFoundError

    try:
        return work(*args)
    except RunNotFoundError as e:
        raise InputError("ID", str(e)) from None


def _parent(ctx: typer.Context, db: Optional[Path], as_json: bool) -> tuple[Optional[Path], bool]:
    """``--db`` and ``--json`` given before the subcommand (``gigawatt runs --db X show ID``) count too."""
    parent = ctx.obj or {}
    return (db if db is not None else parent.get("db")), (as_json or parent.get("as_json", False))


def _name(run: dict) -> str:
    return f"{run['id']} ({run['label']})" if run.get("label") else run["id"]


def _table(con, rows: list[dict], store, total: int, offset: int) -> None:
    from rich.table import Table

    from gigawatt import present

    t = Table(title=f"Saved runs ({store.path})", title_justify="left", header_style="bold")
    for col in ("id", "label", "scenario", "kind", "status", "draws", "seed", "started (UTC)", "took"):
        t.add_column(col, no_wrap=col in ("id", "started (UTC)"),
                     justify="right" if col in ("draws", "seed", "took") else "left")
    for r in rows:
        started = (r["started_at"] or "")[:16].replace("T", " ")
        t.add_row(r["id"], r.get("label") or "—", r["scenario_name"], r["kind"], r["status"], f"{r['draws']:,}",
                  "—" if r["seed"] is None else str(r["seed"]), started, present.seconds(r["seconds"]))
    notes = present.fit(t, con.width, drop=("seed", "took", "kind", "draws", "status", "started (UTC)"),
                        stack={"status": "scenario", "started (UTC)": "id"})
    con.print(t)
    shown = (f"runs {offset + 1:,}–{offset + len(rows):,} of {total:,}" if total > len(rows)
             else f"{total:,} run{'s' if total != 1 else ''}")
    more = "; --offset for older ones" if offset + len(rows) < total else ""
    con.print(" ".join(filter(None, [f"{shown}{more}.", present.note(notes, con.width)])), markup=False)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    runs_app = typer.Typer(add_completion=False, rich_markup_mode=None, invoke_without_command=True,
                           help="Saved runs (gigawatt run --save, gigawatt mc --save, the dashboard): list, show, "
                                "rename, delete, re-run.")
    app.add_typer(runs_app, name="runs")

    @runs_app.callback()
    def runs(ctx: typer.Context, db: Optional[Path] = DbOpt,
             as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table"),
             limit: int = typer.Option(50, help="Newest N runs (1..1000)"),
             offset: int = typer.Option(0, help="Skip the newest N runs first (pages through the history)"),
             status: Optional[str] = typer.Option(None, help="Only runs with this status "
                                                            "(running, done, failed, interrupted)")):
        """List saved runs, newest first, with their labels; `gigawatt runs show ID` shows one."""
        if ctx.invoked_subcommand is not None:
            ctx.obj = {"db": db, "as_json": as_json}
            return
        from gigawatt.cli import console, print_json

        if not 1 <= limit <= 1000:
            raise InputError("--limit", f"{limit} is outside 1..1000")
        if offset < 0:
            raise InputError("--offset", f"{offset} is below 0")
        store = _store(db)
        rows = store.list(limit=limit, offset=offset, status=status)
        if as_json:
            print_json(rows)
            return
        con = console()
        if not rows:
            con.print(f"no saved runs in {store.path}" + (" at this offset" if offset else
                      " (save one with `gigawatt run --save --label \"...\"`)"), markup=False)
            return
        _table(con, rows, store, store.count(status=status), offset)

    @runs_app.command("show")
    def show(ctx: typer.Context, run_id: str = IdArg, db: Optional[Path] = DbOpt,
             as_json: bool = typer.Option(False, "--json", help="Print the whole run as JSON"),
             yaml_: bool = typer.Option(False, "--yaml", help="Print only the run's scenario YAML")):
        """One saved run: what was run, its label and status, its headline figures."""
        from gigawatt.cli import console, print_json

        db, as_json = _parent(ctx, db, as_json)
        run = _found(_store(db).get, run_id)
        if yaml_:
            typer.echo(run["scenario_yaml"], nl=False)
            return
        if as_json:
            print_json(run)
            return
        _print_run(console(), run)

    @runs_app.command("rename")
    def rename(ctx: typer.Context, run_id: str = IdArg,
               label: str = typer.Argument(..., metavar="LABEL", help="The new label (\"\" clears it)"),
               db: Optional[Path] = DbOpt, as_json: bool = typer.Option(False, "--json", help="Print the run as JSON")):
        """Give a saved run a label (at most 200 characters, one line)."""
        from gigawatt.cli import console, print_json

        db, as_json = _parent(ctx, db, as_json)
        run = _found(_store(db).rename, run_id, label)
        if as_json:
            print_json(run)
            return
        console().print(f"run {run['id']} " + (f"labelled {run['label']!r}" if run["label"] else "unlabelled"),
                        markup=False)

    @runs_app.command("delete")
    def delete(ctx: typer.Context, run_id: str = IdArg, db: Optional[Path] = DbOpt,
               yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation"),
               as_json: bool = typer.Option(False, "--json", help="Print the deleted run's summary as JSON")):
        """Delete a saved run (asks first unless --yes)."""
        from gigawatt.cli import console, print_json

        db, as_json = _parent(ctx, db, as_json)
        store = _store(db)
        run = _found(store.summary, run_id)
        if not yes:
            if not sys.stdin.isatty():
                raise InputError("--yes", f"deleting run {_name(run)} needs confirmation; stdin is not a terminal, "
                                          "so pass --yes")
            if not typer.confirm(f"Delete run {_name(run)}, {run['kind']} of {run['scenario_name']} "
                                 f"({run['status']}, {(run['started_at'] or '')[:16]})?", default=False):
                console(stderr=True).print("not deleted", markup=False)
                raise typer.Exit(1)
        gone = _found(store.delete, run["id"])
        if as_json:
            print_json(gone)
            return
        console().print(f"deleted run {_name(gone)}", markup=False)

    @runs_app.command("rerun")
    def rerun(ctx: typer.Context, run_id: str = IdArg, db: Optional[Path] = DbOpt,
              as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON")):
        """Run a saved deterministic run again from the store alone (its scenario and every file it included)
        and compare the headline figures with those saved."""
        from gigawatt.cli import console, print_json

        db, as_json = _parent(ctx, db, as_json)
        from gigawatt.runbundle import rerun as check

        report = check(_found(_store(db).get, run_id))
        if as_json:
            print_json(report)
            return
        _print_rerun(console(), report)


def _print_run(con, run: dict) -> None:
    from gigawatt import present

    con.print(f"run {run['id']}  {run['kind']} of {run['scenario_name']}  status {run['status']}", markup=False)
    unset = '— (`gigawatt runs rename ID "..."` gives one)'
    con.print(f"label: {run['label'] or unset}", markup=False)
    con.print(f"started {run['started_at']}, finished {run['finished_at'] or '—'}, took "
              f"{present.seconds(run['seconds'])}; draws {run['draws']:,}, seed "
              f"{'—' if run['seed'] is None else run['seed']}; saved from the {run['origin']}", markup=False)
    files = run.get("files") or {}
    read = f", with {len(files)} included file{'s' if len(files) != 1 else ''}" if files else ""
    con.print(f"scenario{read}: sha256 {run['scenario_hash'][:16]}…  (`gigawatt runs show {run['id']} --yaml` "
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


def _print_rerun(con, report: dict) -> None:
    same, total = report["equal"], report["compared"]
    n = report["files"]
    con.print(f"re-ran run {report['id']} from the store alone ({n} included file{'s' if n != 1 else ''}): "
              f"{same} of {total} headline figures equal to those saved", markup=False)
    for d in report["differences"]:
        con.print(f"  {d['key']}: saved {d['saved']}, now {d['now']}", markup=False)
    for name in report["changed_builtins"]:
        con.print(f"note: built-in scenario {name} has changed since the run was saved", markup=False)
