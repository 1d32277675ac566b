"""The command line: ``gigawatt run | schema | data | ...`` (typer + rich).

Thin: commands call the public API and format. Bad input exits 2 with one line naming the field; an
internal error exits 1 (the traceback only with GIGAWATT_DEBUG=1). Heavy libraries are imported inside
the commands that need them, so ``gigawatt run`` starts fast.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

import click
import typer

from gigawatt.errors import InputError

try:  # typer >= 0.25 vendors its own click: its usage errors are not click's
    from typer._click.exceptions import ClickException as _TyperClickException
except ImportError:  # older typer raises click's own exceptions
    _TyperClickException = click.ClickException

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Model gigawatt-scale AI infrastructure programs: hardware, energy, compute, money.",
                  pretty_exceptions_enable=False)

ScenarioArg = typer.Argument(None, help="Built-in scenario name or YAML path (default: openai-nvidia-10gw)")
SetOpt = typer.Option(None, "--set", help="Override a field: a.b=value (repeatable)")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of tables")


def console(stderr: bool = False):
    from rich.console import Console

    con = Console(stderr=stderr, highlight=False)
    if not con.is_terminal and con.width < 120:  # piped or captured: don't squeeze tables into 80 columns
        con = Console(stderr=stderr, highlight=False, width=120)
    return con


def load(scenario: Optional[str], overrides: Optional[list[str]]):
    from gigawatt.scenario import DEFAULT_SCENARIO, load_scenario

    return load_scenario(scenario or DEFAULT_SCENARIO, overrides or [])


def print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, allow_nan=False, default=str) + "\n")


@app.command()
def run(scenario: Optional[str] = ScenarioArg, set_: Optional[list[str]] = SetOpt, as_json: bool = JsonOpt,
        save: bool = typer.Option(False, "--save", help="Record the run in the run history"),
        db: Optional[Path] = typer.Option(None, "--db", help="Run-history database (default $GIGAWATT_DB)")):
    """Headline figures and a per-year timeline of a scenario (one deterministic run)."""
    from gigawatt.simulate import simulate

    scn = load(scenario, set_)
    res = simulate(scn)
    out = res.to_json()
    if save:
        from gigawatt.store import RunStore

        store = RunStore(db)
        with store.record(kind="run", scenario_name=scn.name, scenario_yaml=scn.to_yaml(), seed=None,
                          draws=1) as rec:
            rec.finish(out)
        out["run_id"] = rec.id
    if as_json:
        print_json(out)
        return
    from gigawatt import views

    views.print_run(console(), res)
    if save:
        console().print(f"saved as run {rec.id}")


@app.command()
def schema():
    """Print the JSON Schema of scenario files (for editor completion)."""
    from gigawatt.scenario import json_schema

    print_json(json_schema())


@app.command()
def data(as_json: bool = JsonOpt, file: Optional[str] = typer.Option(None, help="Only this data file")):
    """List the reference data with sources."""
    from dataclasses import asdict

    from gigawatt import catalog, views

    rows = [r for r in catalog.rows() if file is None or r.file == file or r.file == f"{file}.csv"]
    if file is not None and not rows:
        raise InputError("--file", f"{file!r} is not a data file; known: {', '.join(catalog.DATA_FILES)}")
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    views.print_data(console(), rows)


@app.command()
def scenarios(as_json: bool = JsonOpt):
    """List the built-in scenarios."""
    from gigawatt.scenario import builtin_names, load_scenario

    items = [(n, load_scenario(n).title) for n in builtin_names()]
    if as_json:
        print_json([{"name": n, "title": t} for n, t in items])
        return
    for n, t in items:
        console().print(f"[bold]{n}[/]  {t}")


def _register_areas() -> None:
    import importlib

    from gigawatt.commands import AREAS

    for area in AREAS:
        importlib.import_module(f"gigawatt.commands.{area}").register(app)


_register_areas()


def main() -> None:
    """Entry point: run the app, turning bad input into exit 2 and one line on stderr."""
    try:
        app(standalone_mode=False)
    except InputError as e:
        from rich.markup import escape  # the message quotes user input, which may contain [brackets]

        console(stderr=True).print(f"[red]error:[/] {escape(str(e))}", markup=True, soft_wrap=True)
        sys.exit(2)
    except (click.exceptions.Exit, typer.Exit) as e:
        sys.exit(e.exit_code)
    except (click.ClickException, _TyperClickException) as e:  # usage errors from typer/click: exit 2
        e.show()
        sys.exit(e.exit_code)
    except (KeyboardInterrupt, click.Abort, typer.Abort):
        console(stderr=True).print("interrupted")
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as e:  # noqa: BLE001 - the last line of defence: one line, exit 1
        if os.environ.get("GIGAWATT_DEBUG"):
            raise
        from gigawatt.store import StoreBusyError, StoreError

        if isinstance(e, StoreError) and not isinstance(e, StoreBusyError):  # --db names no usable history
            console(stderr=True).print(f"error: --db: {e}", markup=False, soft_wrap=True)
            sys.exit(2)
        console(stderr=True).print(f"internal error: {type(e).__name__}: {e} (set GIGAWATT_DEBUG=1 for a traceback)",
                                   markup=False, soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
