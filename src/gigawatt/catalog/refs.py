"""The tidy reference rows: every figure of ``platforms.csv``, ``comparisons.csv``, ``us_states.csv``,
``costs.csv`` (and ``power_options.csv``) as ``key, quantity, value, low, high, unit, year, source, note,
true_on, checked_on``, looked up by key and quantity.

Read with the csv module, not pandas, to keep ``gigawatt run`` starting fast.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from importlib import resources

DATA_FILES = ("platforms.csv", "comparisons.csv", "us_states.csv", "costs.csv")
PRECISIONS = ("fp4", "fp8", "bf16")


@dataclass(frozen=True)
class Ref:
    """One sourced figure."""

    file: str
    key: str
    quantity: str
    value: float | str | None
    low: float | None
    high: float | None
    unit: str
    year: int | None
    source: str
    note: str
    true_on: str = ""  # when the figure was true (ISO, to the source's precision)
    checked_on: str = ""  # the day the row was last checked against its source

    @property
    def number(self) -> float:
        if not isinstance(self.value, float):
            raise LookupError(f"{self.file}: {self.key}.{self.quantity} has no numeric value")
        return self.value

    @property
    def range(self) -> tuple[float, float]:
        """(low, high), falling back to the value where the sources give no range."""
        v = self.number
        return (self.low if self.low is not None else v, self.high if self.high is not None else v)


def _num(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        x = float(text)
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def _parse_row(file: str, row: dict) -> Ref:
    raw = (row.get("value") or "").strip()
    value: float | str | None = _num(raw)
    if value is None and raw:
        value = raw
    year = (row.get("year") or "").strip()
    return Ref(file=file, key=row["key"].strip(), quantity=row["quantity"].strip(), value=value,
               low=_num(row.get("low")), high=_num(row.get("high")), unit=(row.get("unit") or "").strip(),
               year=int(float(year)) if year else None, source=(row.get("source") or "").strip(),
               note=(row.get("note") or "").strip(), true_on=(row.get("true_on") or "").strip(),
               checked_on=(row.get("checked_on") or "").strip())


@functools.cache
def rows() -> tuple[Ref, ...]:
    """All reference rows of all data files."""
    out = []
    base = resources.files("gigawatt") / "data"
    for name in DATA_FILES:
        with (base / name).open(encoding="utf-8", newline="") as f:
            out.extend(_parse_row(name, r) for r in csv.DictReader(f) if r.get("key"))
    return tuple(out)


@functools.cache
def _index() -> dict[tuple[str, str], list[Ref]]:
    idx: dict[tuple[str, str], list[Ref]] = {}
    for r in rows():
        idx.setdefault((r.key, r.quantity), []).append(r)
    for refs in idx.values():
        refs.sort(key=lambda r: r.year or 0)
    return idx


def ref(key: str, quantity: str, year: int | None = None) -> Ref:
    """The figure for ``key.quantity``: the given year's, else the latest year's."""
    refs = _index().get((key, quantity))
    if not refs:
        raise LookupError(f"no reference figure {key}.{quantity} in {', '.join(DATA_FILES)}")
    if year is None:
        return refs[-1]
    for r in refs:
        if r.year == year:
            return r
    raise LookupError(f"no reference figure {key}.{quantity} for {year} (have {[r.year for r in refs]})")


def value(key: str, quantity: str, year: int | None = None) -> float:
    return ref(key, quantity, year).number


@functools.cache
def power_options() -> dict[str, dict[str, Ref]]:
    """Supply options for ``gigawatt power`` from ``power_options.csv``: key -> quantity -> sourced figure.

    Read separately from :data:`DATA_FILES` so that the platform and comparison tables stay as they are.
    """
    out: dict[str, dict[str, Ref]] = {}
    with (resources.files("gigawatt") / "data" / "power_options.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r.get("key"):
                ref_ = _parse_row("power_options.csv", r)
                out.setdefault(ref_.key, {})[ref_.quantity] = ref_
    return out
