"""Freshness of the data: every data row's true_on / checked_on, the data date, and `gigawatt data --stale`."""

import csv
import datetime as dt
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from gigawatt import catalog
from gigawatt.catalog import freshness
from gigawatt.errors import InputError

GW = [str(Path(sys.executable).with_name("gigawatt"))]
DATA = resources.files("gigawatt") / "data"


@pytest.mark.parametrize("name", freshness.data_files())
def test_every_data_file_ends_in_the_two_freshness_columns(name):
    with (DATA / name).open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    assert header[-2:] == ["true_on", "checked_on"]


def test_every_row_is_dated_true_no_later_than_checked_and_checked_by_today():
    got = freshness.rows()
    assert {r.file for r in got} == set(freshness.data_files()) and "outputs.csv" not in freshness.data_files()
    day = freshness.data_date()
    assert day <= dt.date.today() and catalog.data_date() == day
    for r in got:
        assert r.true_on[:10] <= r.checked_on <= dt.date.today().isoformat(), r
        assert r.what, r


def test_catalog_rows_carry_their_dates():
    r = catalog.ref("nuclear-reactor", "net_capacity_gw")
    assert r.true_on == "2024" and dt.date.fromisoformat(r.checked_on) <= freshness.data_date()


def test_a_row_without_dates_or_true_after_checked_is_refused():
    with pytest.raises(InputError, match=r"x.csv row 3.checked_on: '' is not an ISO date"):
        freshness._check("x.csv", 3, {"true_on": "2025", "checked_on": ""})
    with pytest.raises(InputError, match=r"x.csv row 1.true_on: '25 Sep' is not an ISO date"):
        freshness._check("x.csv", 1, {"true_on": "25 Sep", "checked_on": "2026-01-01"})
    with pytest.raises(InputError, match=r"true_on: 2026-02 is after checked_on 2026-01-31"):
        freshness._check("x.csv", 1, {"true_on": "2026-02", "checked_on": "2026-01-31"})


@pytest.mark.parametrize(("today", "age", "day"), [
    ("2026-12-06", "6m", "2026-06-06"), ("2026-08-31", "6m", "2026-02-28"), ("2024-08-31", "6m", "2024-02-29"),
    ("2026-01-15", "2m", "2025-11-15"), ("2026-12-06", "1y", "2025-12-06"), ("2026-12-06", "90d", "2026-09-07"),
    ("2026-12-06", "2w", "2026-11-22")])
def test_cutoff_by_hand(today, age, day):
    assert freshness.cutoff(dt.date.fromisoformat(today), freshness.parse_age(age)) == dt.date.fromisoformat(day)


@pytest.mark.parametrize("bad", ["", "6", "m", "0m", "6x", "-6m", "6 months", "1.5y", "99999d", "9999y", "101y"])
def test_bad_ages_are_refused_naming_the_option(bad):
    with pytest.raises(InputError, match=r"^--older-than: .* is not an age; use a whole number and d, w, m or y"):
        freshness.parse_age(bad)


def test_a_longer_age_lists_a_subset_and_a_day_after_every_check_lists_all():
    later = dt.date.fromisoformat(max(r.checked_on for r in freshness.rows())) + dt.timedelta(days=1)
    _, every = freshness.stale("1d", later + dt.timedelta(days=1))
    assert len(every) == len(freshness.rows())
    _, none = freshness.stale("1y", later)
    assert none == ()
    short, long_ = freshness.stale("30d", later + dt.timedelta(days=60))[1], freshness.stale("45d", later)[1]
    assert set(long_) <= set(short)


def test_cli_stale_json_and_table():
    p = subprocess.run(GW + ["data", "--stale", "--older-than", "1d", "--json"], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["data_date"] == freshness.data_date().isoformat() and out["rows"] == len(freshness.rows())
    assert out["stale"] == len(out["stale_rows"]) == sum(f["stale"] for f in out["files"])
    assert {"file", "row", "what", "true_on", "checked_on", "source"} <= set(out["stale_rows"][0]) if out["stale"] else True
    p = subprocess.run(GW + ["data", "--stale"], capture_output=True, text=True)
    assert p.returncode == 0 and p.stdout.startswith(f"data as of {freshness.data_date().isoformat()}")


def test_cli_bad_age_exits_2_with_one_line():
    p = subprocess.run(GW + ["data", "--stale", "--older-than", "six months"], capture_output=True, text=True)
    assert p.returncode == 2 and p.stdout == ""
    assert p.stderr.strip().count("\n") == 0 and "--older-than: 'six months' is not an age" in p.stderr


def test_old_figures_count_rows_true_only_before_the_cutoff():
    assert (freshness.true_until("2024"), freshness.true_until("2025-06"), freshness.true_until("2025-06-02")) == (
        "2024-12-31", "2025-06-31", "2025-06-02")
    out = freshness.summary("6m", dt.date(2026, 12, 6))
    by_hand = sum(freshness.true_until(r.true_on) < "2026-06-06" for r in freshness.rows())
    assert out["old_figures"] == by_hand == sum(f["old_figures"] for f in out["files"]) > 0
