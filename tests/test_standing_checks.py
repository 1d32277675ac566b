"""A scenario's dates are checked against the data date and each other; `gigawatt data` options that go together."""

import subprocess
import sys
from pathlib import Path

import pytest

from gigawatt.catalog import data_date
from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario

GW = [str(Path(sys.executable).with_name("gigawatt"))]


@pytest.mark.parametrize("override, path, words", [
    ("superseded.date=2030-01-01", "superseded.date", "after the data date"),
    ("as_of=2099-01-01", "as_of", "after the data date"),
    ("superseded.date=2020-01-01", "superseded.date", "before the terms' own date as_of 2025-09-22"),
    ("superseded.by=nope", "superseded.by", "is not another built-in scenario"),
    ("superseded.by=openai-nvidia-10gw", "superseded.by", "is not another built-in scenario"),
])
def test_impossible_standings_are_refused(override, path, words):
    with pytest.raises(InputError, match=words) as e:
        load_scenario("openai-nvidia-10gw", [override])
    assert e.value.path == path


def test_the_shipped_standings_pass():
    loi = load_scenario("openai-nvidia-10gw")
    assert loi.superseded.by == "openai-nvidia-2026" and loi.superseded.date <= data_date().isoformat()


@pytest.mark.parametrize("args, field", [(["data", "--older-than", "2m"], "--older-than"),
                                         (["data", "--stale", "--file", "deals"], "--file")])
def test_data_options_that_go_together(args, field):
    p = subprocess.run(GW + args, capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stderr.startswith(f"error: {field}") and p.stderr.count("\n") == 1
