"""Checked reading of the id-keyed CSV tables (companies, links, sites, deals): columns present, ids unique,
dates, figures and choices in range; every error names file, row and field."""

from __future__ import annotations

import csv
import math

from gigawatt.errors import InputError, show

def _amount(value: object, key: str, path: str) -> float:
    """A float from a CSV cell or a scenario value (``"$100B"``, ``"1.2 GW"``, ``"27 %"``); blank -> NaN."""
    from gigawatt.units import parse_quantity

    if value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str)
                                                                                and not value.strip()):
        return math.nan
    result = parse_quantity(value, key, path)
    if not math.isfinite(result):
        raise InputError(path, f"{show(value)} is not a finite number")
    if result < 0:
        raise InputError(path, f"{show(result)} is negative; amounts must be 0 or more")
    return result


def _csv_rows(path, columns: tuple[str, ...]) -> list[dict]:
    import pathlib

    file = pathlib.Path(str(path))
    if not file.is_file():
        raise InputError(str(file), "file not found")
    with file.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or ())]
        if missing:
            raise InputError(file.name, f"missing column(s) {', '.join(missing)}; expected {', '.join(columns)}")
        return [{k: v for k, v in r.items() if k is not None} for r in reader]


def _unique(items, file: str) -> None:
    seen: set[str] = set()
    for i, r in enumerate(items):
        if r.id in seen:
            raise InputError(f"{file} row {i + 1}.id", f"{show(r.id)} appears twice; ids must be unique")
        seen.add(r.id)


def _iso_date(value: str, path: str) -> str:
    import datetime as _dt

    try:
        return _dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise InputError(path, f"{show(value)} is not a date (YYYY-MM-DD)") from None


def _figure(value, path: str, *, low: float = 0.0, high: float = math.inf, what: str = "") -> float:
    """A number from a CSV cell: blank -> NaN; otherwise finite and within [low, high]."""
    text = "" if value is None else str(value).strip()
    if not text:
        return math.nan
    try:
        x = float(text)
    except ValueError:
        raise InputError(path, f"{show(text)} is not a number") from None
    if not math.isfinite(x) or x < low or x > high:
        bound = "0 or more" if high == math.inf else f"between {low:g} and {high:g}"
        raise InputError(path, f"{show(text)} is out of range; {what or 'it'} must be {bound}")
    return x


def _ids(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in (text or "").split(";") if p.strip())


def _sourced(out: dict, where: str) -> None:
    for col in ("source", "date"):
        if not out.get(col):
            raise InputError(f"{where}.{col}", f"empty; every row needs a {col}")


def _text(row: dict, columns) -> dict:
    return {c: str(row.get(c) or "").strip() for c in columns}


def _checked_rows(records, file: str, columns, what: str | None = None):
    """``(where, text)`` for each record: ``where`` names the row for errors (``sites.csv row 3``), ``text`` holds
    every column stripped; with ``what``, a row without an id is refused (``every site needs an id``)."""
    for i, row in enumerate(records):
        where = f"{file} row {i + 1}"
        t = _text(row, columns)
        if what and not t["id"]:
            raise InputError(f"{where}.id", f"empty; every {what} needs an id")
        yield where, t


def _one_of(value: str, allowed, path: str, what: str) -> None:
    """``value`` is one of ``allowed``, else one line at ``path`` listing them."""
    if value not in allowed:
        raise InputError(path, f"{show(value)} is not {what}; use one of {', '.join(allowed)}")


def _data_rows(name: str, columns: tuple[str, ...]) -> list[dict]:
    from importlib import resources

    return _csv_rows(resources.files("gigawatt") / "data" / name, columns)
