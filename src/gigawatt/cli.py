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
    from typer._click.exceptions import NoArgsIsHelpError as _NoArgsIsHelp
    from typer._click.exceptions import UsageError as _TyperUsageError
except ImportError:  # older typer raises click's own exceptions
    _TyperClickException = click.ClickException
    _TyperUsageError = click.UsageError
    _NoArgsIsHelp = getattr(click.exceptions, "NoArgsIsHelpError", ())  # click >= 8.2

_NO_ARGS = tuple({getattr(click.exceptions, "NoArgsIsHelpError", None), _NoArgsIsHelp} - {None, ()})

app = typer.Typer(add_completion=True, no_args_is_help=True, rich_markup_mode=None,
                  context_settings={"max_content_width": 160},
                  help="Model gigawatt-scale AI infrastructure programs: hardware, energy, compute, money.",
                  pretty_exceptions_enable=False)


def _version(value: bool) -> None:
    if value:
        from gigawatt import __version__

        sys.stdout.write(f"gigawatt {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="Print the version and exit")) -> None:
    """Model gigawatt-scale AI infrastructure programs: hardware, energy, compute, money."""

ScenarioArg = typer.Argument(None, help="Built-in scenario name or YAML path (default: openai-nvidia-2026, the deal as it stands)")
SetOpt = typer.Option(None, "--set", help="Override a field: a.b=value (repeatable)")
JsonOpt = typer.Option(False, "--json", help="Print JSON instead of tables")
RANGE_DRAWS = 4000  # draws behind `run --ranges` (seconds on a laptop; quantiles to about a percent)
ViewOpt = typer.Option(None, "--view", help="Assumption set: independent (default: independent evidence, capex "
                                            "bottom-up), vendor (the vendors' own figures), or a view .yaml file")


def console(stderr: bool = False):
    from gigawatt.present.table import console as safe_console

    con = safe_console(stderr=stderr, highlight=False)
    if not con.is_terminal:  # piped or captured: COLUMNS if given, else 120 (not the 80 rich assumes)
        cols = os.environ.get("COLUMNS", "")
        con = safe_console(stderr=stderr, highlight=False,
                           width=int(cols) if cols.isdigit() and int(cols) >= 40 else 120)
    return con


def load(scenario: Optional[str], overrides: Optional[list[str]], view: Optional[str] = None):
    """A scenario by name or path, optionally ``NAME@VIEW``, with ``--set`` overrides and ``--view``."""
    from gigawatt.scenario import DEFAULT_SCENARIO, load_scenario, split_view

    if view is not None and not view.strip():
        raise InputError("--view", "is empty; give independent, vendor or a view .yaml file")
    name, at_view = split_view(DEFAULT_SCENARIO if scenario is None else scenario)
    views = [f"view={v}" for v in (at_view, view) if v is not None]  # --view wins over NAME@VIEW
    return load_scenario(name, (overrides or []) + views)


def print_json(obj) -> None:
    try:
        text = json.dumps(obj, indent=2, allow_nan=False, default=str)
    except ValueError as e:  # inf or NaN: the inputs drove a figure out of range (exit 2, not a bad JSON file)
        if "Out of range float" not in str(e):
            raise
        raise InputError("result", "a figure is not finite (inf or NaN) for these inputs; check extreme values "
                                   "(`gigawatt schema` gives each field's range)") from None
    sys.stdout.write(text + "\n")


def _ranges(scn, summary: dict) -> tuple[dict, dict]:
    """P5/P50/P95 of each headline figure over :data:`RANGE_DRAWS` seeded draws, and what the deterministic
    value and the median draw each mean (:mod:`gigawatt.present.meaning`)."""
    from gigawatt.api import simulate
    from gigawatt.present import meaning
    from gigawatt.results import HEADLINE

    mc = simulate(scn, draws=RANGE_DRAWS, seed=0)
    spread = mc.headline_ranges()
    units = {k: u for k, (u, _) in HEADLINE.items()}
    return spread, meaning.describe(summary, spread, units, mc.probabilities.get("program_completed"))


@app.command()
def run(scenario: Optional[str] = ScenarioArg, set_: Optional[list[str]] = SetOpt, as_json: bool = JsonOpt,
        view: Optional[str] = ViewOpt,
        ranges: bool = typer.Option(False, "--ranges", help="Also P5–P95 of each figure: a seeded Monte Carlo of "
                                                            "4,000 draws over the scenario's uncertainty and view"),
        save: bool = typer.Option(False, "--save", help="Record the run in the run history"),
        label: Optional[str] = typer.Option(None, "--label", help="With --save: the run's label in the history "
                                                                  "(`gigawatt runs rename` changes it)"),
        db: Optional[Path] = typer.Option(None, "--db", help="Run-history database (default $GIGAWATT_DB)")):
    """Headline figures and a per-year timeline of a scenario (one deterministic run)."""
    import contextlib

    from gigawatt.api import simulate

    if label is not None and not save:
        raise InputError("--label", "goes with --save (gigawatt run --save --label \"base case\")")
    if save:  # an unusable history or label fails before any work
        from gigawatt.store import RunStore, clean_label

        store, label = RunStore(db).check(), clean_label(label, "--label")
    scn = load(scenario, set_, view)
    with contextlib.ExitStack() as stack:
        rec = None
        if save:  # recorded 'running' now, 'done' with its results when the work is done (its duration)
            from gigawatt import runbundle

            rec = stack.enter_context(store.record(kind="run", **runbundle.of(scn), seed=None, draws=1, label=label))
        res = simulate(scn)
        out = res.to_json()
        spread, meaning = (_ranges(scn, out["summary"]) if ranges else (None, None))
        if spread is not None:
            out["ranges"] = {"draws": RANGE_DRAWS, "seed": 0, "figures": spread, "meaning": meaning}
        if rec is not None:
            rec.finish(out)
            out["run_id"] = rec.id
    if as_json:
        print_json(out)
        return
    from gigawatt import views

    views.print_run(console(), res, spread, meaning)
    if save:
        console().print(f"saved as run {rec.id}" + (f" ({label})" if label else ""), markup=False)


@app.command()
def schema():
    """Print the JSON Schema of scenario files (for editor completion)."""
    from gigawatt.scenario import json_schema

    print_json(json_schema())


@app.command()
def data(as_json: bool = JsonOpt, file: Optional[str] = typer.Option(None, help="Only this data file"),
         stale: bool = typer.Option(False, "--stale", help="List the rows of every data file not checked lately"),
         older_than: Optional[str] = typer.Option(None, "--older-than", help="With --stale: last checked longer ago "
                                                  "than this (90d, 8w, 6m, 1y; default 6m)")):
    """List the reference data with sources (--stale: rows not checked within --older-than)."""
    from dataclasses import asdict

    from gigawatt import catalog, views
    from gigawatt.catalog import freshness

    if older_than is not None and not stale:
        raise InputError("--older-than", "goes with --stale (gigawatt data --stale --older-than 6m)")
    if stale and file is not None:
        raise InputError("--file", "--stale lists every data file; leave --file out (or filter the --json output)")
    if stale:
        found = freshness.summary(older_than or "6m")
        print_json(found) if as_json else views.print_stale(console(), found)
        return
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


def _error_line(text: str) -> None:
    """One line on stderr, user text printed as is (no rich markup, no wrapping; "error:" red on a terminal)."""
    from rich.text import Text

    head, sep, rest = text.partition(" ")
    line = Text.assemble((head, "red"), sep + rest) if head == "error:" else Text(text)
    console(stderr=True).print(line, soft_wrap=True, highlight=False)


def _usage_line(e) -> str:
    """A click/typer usage error as one line: the problem, and where help is."""
    ctx = getattr(e, "ctx", None)
    where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
    return f"error: {' '.join(e.format_message().split())}{where}"


def _warning_lines(caught) -> list[str]:
    """Warnings raised during the command (numpy, SALib, ...) as one-line notes, each once, at most three."""
    seen: list[str] = []
    for w in caught:
        text = " ".join(str(w.message).split())
        line = f"note: {w.category.__name__} from {w.filename.rsplit('/', 1)[-1]}: {text[:200]}"
        if line not in seen:
            seen.append(line)
    return seen[:3] + ([f"note: {len(seen) - 3} more warnings"] if len(seen) > 3 else [])


def _run_app() -> int:
    """Run the app; every outcome becomes an exit code (see the README) and at most one line."""
    try:
        rc = app(standalone_mode=False, prog_name="gigawatt")
    except InputError as e:
        _error_line(f"error: {e}")
        return 2
    except (click.exceptions.Exit, typer.Exit) as e:
        rc = e.exit_code
    except _NO_ARGS as e:  # bare `gigawatt`: the help
        e.show()
        return 2
    except (click.ClickException, _TyperClickException) as e:  # usage errors from typer/click: one line
        _error_line(_usage_line(e))
        return 2 if isinstance(e, (click.UsageError, _TyperUsageError)) else (e.exit_code or 1)
    except (KeyboardInterrupt, click.Abort, typer.Abort):
        rc = 130
    except BrokenPipeError:
        return 0
    except RecursionError:  # bounded input cannot get here; kept as one line, not a traceback
        if os.environ.get("GIGAWATT_DEBUG"):
            raise
        _error_line("error: the input is nested too deeply to be read")
        return 2
    except MemoryError:  # the work asked for more memory than this process may have (ulimit, a small machine)
        if os.environ.get("GIGAWATT_DEBUG"):
            raise
        import gc

        gc.collect()
        _error_line("error: out of memory: this machine (or its limit on this process) cannot hold what was asked; "
                    "ask for less (fewer --draws or --samples, fewer --weather-years, a coarser --resolution)")
        return 2
    except Exception as e:  # noqa: BLE001 - the last line of defence: one line, exit 1
        if os.environ.get("GIGAWATT_DEBUG"):
            raise
        from gigawatt.store import StoreBusyError, StoreError

        if isinstance(e, StoreError) and not isinstance(e, StoreBusyError):  # --db names no usable history
            _error_line(f"error: --db: {e}")
            return 2
        if _output_failed(e):
            return 1
        _error_line(f"internal error: {type(e).__name__}: {e} (set GIGAWATT_DEBUG=1 for a traceback)")
        return 1
    if rc == 130:  # typer turns Ctrl-C into exit code 130
        _error_line("interrupted")
        return 130
    return rc if isinstance(rc, int) and not isinstance(rc, bool) else 0


def _output_failed(e: BaseException) -> bool:
    """A full disk or a failing device under the output (``gigawatt run > /dev/full``): one line, exit 1, and stdout
    closed quietly so that the interpreter's last flush does not print a second error."""
    import errno

    if not isinstance(e, OSError) or e.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG):
        return False
    where = f" {e.filename}" if e.filename else " the output"
    _error_line(f"error: cannot write{where}: {e.strerror or e}")
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return True


def main() -> None:
    """Entry point: 0 done, 1 internal error, 2 bad input or usage (one line on stderr), 130 interrupted.

    Warnings that libraries raise during a command (numpy overflow, SALib) never reach stderr as warning
    text: after a successful command each distinct one is printed as a one-line ``note:``; after an error
    only the error line is printed.
    """
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
            warnings.simplefilter("ignore", category)  # library housekeeping, not about the user's figures
        code = _run_app()
        try:  # what is still buffered is written now, where a failure is one line
            sys.stdout.flush()
        except OSError as e:
            code = 1 if _output_failed(e) else code
    if code == 0 and caught:
        for line in _warning_lines(caught):
            _error_line(line)
    sys.exit(code)


if __name__ == "__main__":
    main()
