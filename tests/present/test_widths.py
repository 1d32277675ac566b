"""Every command's text at 60, 80 and 120 columns keeps every number whole: each number of the command's output
at 200 columns (where nothing folds) appears whole at the narrower width, and no line is wider than the terminal.

The tables are fitted by the console itself (:func:`gigawatt.present.table._fitted`): a command that fits its
own table (sites, claims, runs: drops and stacks with a note) comes first; a grid too wide for its numbers is
split into parts that each lead with its first column. ``sites`` and ``claims`` are checked against their
``--json`` in ``test_present_table.py``. Durations (``0.4 s``) vary from run to run and are left out.
"""

import re

import pytest
from typer.testing import CliRunner

from gigawatt.cli import app

WIDTHS = (60, 80, 120)
COMMANDS = {
    "run": ["run", "openai-nvidia-10gw"],
    "run-portfolio": ["run", "openai-portfolio"],
    "ledger": ["ledger", "openai-nvidia-10gw"],
    "compare": ["compare", "openai-nvidia-10gw@vendor", "openai-nvidia-10gw@independent"],
    "mc": ["mc", "openai-nvidia-10gw", "--draws", "1000"],
    "sensitivity": ["sensitivity", "openai-nvidia-10gw", "--samples", "64"],
    "market": ["market"],
    "claims": ["claims"],
    "sites": ["sites"],
    "pipeline": ["pipeline"],
    "data": ["data"],
    "data-stale": ["data", "--stale"],
    "runs": ["runs"],
    "power": ["power", "cheyenne-wy-10gw", "--hours", "168"],
    "capital": ["capital"],
}
NUMBER = re.compile(r"(?<![\w.,/])(?<![A-Za-z]-)[$]?\d[\d,.]*(?:e[+-]?\d+)?(?<![.,])")  # not in a name or URL slug
NOT_FIGURES = re.compile(r"\d[\d,.]*\s?m?s\b|At \d+ columns")  # durations vary by run; the note names its width


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    """A run store with a labelled run and a Monte Carlo, for ``gigawatt runs``."""
    e = {"GIGAWATT_DB": str(tmp_path_factory.mktemp("widths") / "runs.duckdb"), "COLUMNS": "200"}
    for args in (["run", "openai-nvidia-10gw", "--save", "--label", "base case"],
                 ["mc", "openai-nvidia-10gw", "--draws", "1000", "--save"]):
        assert CliRunner().invoke(app, args, env=e).exit_code == 0
    return e


@pytest.fixture(scope="module")
def wide():
    """Each command's text at 200 columns, made once (on its first width)."""
    return {}


def _text(env, width, args):
    r = CliRunner().invoke(app, args, env={**env, "COLUMNS": str(width)})
    assert r.exit_code == 0, r.output
    return r.output


def _numbers(text):
    return {n for n in NUMBER.findall(NOT_FIGURES.sub("", text))}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_number_whole_at_every_width(name, width, env, wide):
    args = COMMANDS[name]
    if name not in wide:
        wide[name] = _text(env, 200, args)
    out = _text(env, width, args)
    assert max(len(line) for line in out.splitlines()) <= width, name
    shown = _numbers(out)
    lost = sorted(_numbers(wide[name]) - shown)
    if lost and re.search(rf"At {width} columns: [^\n]*left out", out):  # a low-priority column left out, said so
        pytest.skip(f"{name} leaves a column out at {width} columns, with a note")
    assert lost == [], f"{name} at {width} columns loses or cuts {lost[:10]}"
