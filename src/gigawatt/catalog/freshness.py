"""How fresh the data is: the data date and, per row of every data CSV, when its figure was true and when it
was last checked.

Every dataset under ``gigawatt/data/`` (all ``*.csv`` but ``outputs.csv``, the output schema) ends in two
columns: ``true_on``, the date its figure was true (ISO 8601, to the precision the source gives: ``2024``,
``2025-06`` or ``2025-09-22``), and ``checked_on``, the day the row was last verified against its source. The
data date (``data/data_date.txt``) is the day the dataset as a whole was last brought up to date; faces show it
as "data as of ...". A row is stale when it was last checked longer ago than a given age (``6m`` by default).
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources

from gigawatt.errors import InputError, show

FRESHNESS_COLUMNS = ("true_on", "checked_on")  # the last two columns of every dataset
SCHEMA_FILES = ("outputs.csv",)  # CSVs under data/ that describe the tool, not the world
_TRUE_ON = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_AGE = re.compile(r"(\d{1,4})([dwmy])")
_AGE_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}


@dataclass(frozen=True)
class Freshness:
    """One data row's dates: ``row`` is its 1-based data row, ``what`` names it (id, key.quantity, site@date)."""

    file: str
    row: int
    what: str
    true_on: str
    checked_on: str
    source: str


@functools.cache
def data_date() -> dt.date:
    """The day the shipped dataset was last brought up to date (``data/data_date.txt``)."""
    text = (resources.files("gigawatt") / "data" / "data_date.txt").read_text(encoding="utf-8").strip()
    return dt.date.fromisoformat(text)


def data_files() -> tuple[str, ...]:
    """Every dataset CSV under ``data/`` (sorted), the output schema left out."""
    base = resources.files("gigawatt") / "data"
    return tuple(sorted(p.name for p in base.iterdir() if p.name.endswith(".csv") and p.name not in SCHEMA_FILES))


def _what(row: dict) -> str:
    if row.get("key"):
        return f"{row['key']}.{row.get('quantity', '')}"
    if row.get("id"):
        return row["id"]
    parts = [row.get(c, "") for c in ("deal", "site", "company", "station", "quantity", "claim", "phase") if row.get(c)]
    return "/".join(parts) + (f"@{row['date']}" if row.get("date") else "")


def _check(file: str, i: int, row: dict) -> Freshness:
    where = f"{file} row {i}"
    true_on, checked_on = (row.get("true_on") or "").strip(), (row.get("checked_on") or "").strip()
    if not _TRUE_ON.fullmatch(true_on):
        raise InputError(f"{where}.true_on", f"{show(true_on)} is not an ISO date (2024, 2025-06 or 2025-09-22)")
    try:
        checked = dt.date.fromisoformat(checked_on)
    except ValueError:
        raise InputError(f"{where}.checked_on", f"{show(checked_on)} is not an ISO date (2025-09-22)") from None
    if true_on > checked.isoformat():
        raise InputError(f"{where}.true_on", f"{true_on} is after checked_on {checked_on}")
    return Freshness(file, i, _what(row), true_on, checked_on, (row.get("source") or "").strip())


@functools.cache
def rows() -> tuple[Freshness, ...]:
    """Every data row's freshness, in file and row order; a row without valid dates is refused."""
    out = []
    base = resources.files("gigawatt") / "data"
    for name in data_files():
        with (base / name).open(encoding="utf-8", newline="") as f:
            out.extend(_check(name, i, r) for i, r in enumerate(csv.DictReader(f), start=1))
    return tuple(out)


def parse_age(text: str, option: str = "--older-than") -> tuple[int, str]:
    """``6m`` -> (6, "months"): a whole number of days (d), weeks (w), months (m) or years (y)."""
    m = _AGE.fullmatch((text or "").strip().lower())
    days = int(m.group(1)) * {"d": 1, "w": 7, "m": 31, "y": 366}[m.group(2)] if m else 0
    if not 0 < days <= 36600:
        raise InputError(option, f"{show(text)} is not an age; use a whole number and d, w, m or y (90d, 6m, 1y), "
                                 "at most 100 years")
    return int(m.group(1)), _AGE_UNITS[m.group(2)]


def cutoff(today: dt.date, age: tuple[int, str]) -> dt.date:
    """The day ``age`` before ``today`` (months and years by calendar, the day clipped to the month's end)."""
    n, unit = age
    if unit in ("days", "weeks"):
        return today - dt.timedelta(days=n * (7 if unit == "weeks" else 1))
    months = today.year * 12 + today.month - 1 - (n * 12 if unit == "years" else n)
    year, month = divmod(months, 12)
    month += 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(today.day, last))


def stale(older_than: str = "6m", today: dt.date | None = None) -> tuple[dt.date, tuple[Freshness, ...]]:
    """The cut-off day and the rows last checked before it (``older_than`` before ``today``)."""
    day = cutoff(today or dt.date.today(), parse_age(older_than))
    return day, tuple(r for r in rows() if dt.date.fromisoformat(r.checked_on) < day)


def true_until(true_on: str) -> str:
    """The last day a ``true_on`` of reduced precision covers (``2024`` -> ``2024-12-31``, ``2025-06`` ->
    ``2025-06-31``, a bound for comparing ISO strings, not a calendar date)."""
    return true_on + {4: "-12-31", 7: "-31"}.get(len(true_on), "")


def summary(older_than: str = "6m", today: dt.date | None = None) -> dict:
    """The stale listing as data (``gigawatt data --stale --json``): data date, cut-off, counts and rows."""
    day, old = stale(older_than, today)
    per_file = {f: sum(r.file == f for r in rows()) for f in data_files()}
    return {"data_date": data_date().isoformat(), "older_than": older_than, "checked_before": day.isoformat(),
            "rows": len(rows()), "stale": len(old),
            "old_figures": sum(true_until(r.true_on) < day.isoformat() for r in rows()),
            "files": [{"file": f, "rows": n, "stale": sum(r.file == f for r in old),
                       "old_figures": sum(r.file == f and true_until(r.true_on) < day.isoformat() for r in rows()),
                       "oldest_check": min((r.checked_on for r in rows() if r.file == f), default=None)}
                      for f, n in per_file.items()],
            "stale_rows": [r.__dict__ for r in old]}
