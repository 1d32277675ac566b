"""CLI commands by feature area; each module's ``register(app)`` adds its commands to the typer app.

Modules here import only typer and the standard library at import time (the CLI must start fast);
everything heavier is imported inside the command functions.
"""

AREAS = ("money", "claims", "uncertainty", "market", "report", "web", "runs", "sites", "export", "power", "capital")


def one_format(formats: dict[str, bool], table_only: str | None = None) -> None:
    """Refuse contradicting output flags before any work: two formats at once (``--csv --json``), or a flag that
    shapes the table (``--wide``) beside another format. One line, exit 2, never one flag silently winning."""
    from gigawatt.errors import InputError

    given = [flag for flag, on in formats.items() if on]
    if len(given) > 1:
        raise InputError(given[0], f"cannot be given with {' and '.join(given[1:])}: each picks what is printed; "
                                   "give one")
    if given and table_only:
        raise InputError(table_only, f"shapes the table, which {given[0]} replaces; give one of the two")


def not_an_input(output, option: str, scenario: str | None, view: str | None = None) -> None:
    """Refuse an output path that is a file the command reads (``export in.csv -o in.csv``): the scenario file
    (``PATH`` or ``PATH@VIEW``) or the view file. Writing it would destroy the input. Names that are no file
    (built-in scenarios and views) are skipped."""
    import os

    from gigawatt.errors import InputError, show
    from gigawatt.scenario.files import split_view

    name, at_view = split_view(scenario) if scenario else (None, None)
    for item in (name, at_view, view):
        try:
            same = item is not None and os.path.isfile(item) and os.path.samefile(item, output)
        except OSError:  # the output does not exist yet: it is no input
            same = False
        if same:
            raise InputError(option, f"{show(str(output))} is the file this command reads ({show(str(item))}); "
                                     "writing it would destroy the input: give another output")
