"""Issue 20, the attacker's findings on ``gigawatt power`` and ``POST /api/power``: each is refused in one line
(exit 2 / 422) before any solve, and nothing is half-written."""

import subprocess
import sys

import pytest

CHEY = "cheyenne-wy-10gw"


def gw(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", "power", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def one_line(p, needle: str) -> str:
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2, p.stderr
    assert len(lines) == 1 and needle in lines[0], p.stderr
    assert "internal error" not in p.stderr and p.stdout == ""
    return lines[0]


@pytest.mark.parametrize("blocked", ["power_capacity.png", "power_weeks.png"])
def test_a_chart_target_that_is_a_folder_is_refused_before_the_solve_and_nothing_is_written(tmp_path, blocked):
    (tmp_path / "out" / blocked).mkdir(parents=True)
    p = gw(CHEY, "--png", "out", "--hours", "48", "--options", "gas-recip", cwd=tmp_path)
    one_line(p, f"--png: 'out/{blocked}' is a folder; give a file name")
    assert [x.name for x in (tmp_path / "out").iterdir()] == [blocked]  # the other chart was not written either
