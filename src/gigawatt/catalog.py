"""Sourced reference data: the platform catalog and the comparison figures.

Every figure lives in a CSV under ``gigawatt/data/`` as a tidy row ``key, quantity, value, low, high, unit,
year, source, note``; this module is the one place that reads them. The same rows feed the model (platform
parameters), validation (known platform names), ``gigawatt data`` and the report's list of sources.
Read with the csv module, not pandas, to keep ``gigawatt run`` starting fast.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass, field
from importlib import resources

from gigawatt import timeline
from gigawatt.errors import InputError, show

DATA_FILES = ("platforms.csv", "comparisons.csv", "us_states.csv")
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
               note=(row.get("note") or "").strip())


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


# --- platforms ---------------------------------------------------------------------------------------

PLATFORM_NUMBERS = ("unit_power_kw", "gpu_packages_per_unit", "gpu_dies_per_unit", "fp4_dense_pflops_per_gpu",
                    "fp8_dense_pflops_per_gpu", "bf16_dense_pflops_per_gpu", "hbm_gb_per_gpu",
                    "price_usd_per_unit")


@dataclass(frozen=True)
class Platform:
    """A GPU system as the catalog describes it (per unit: a rack, or an 8-GPU server for HGX)."""

    name: str
    vendor: str
    unit_kind: str
    available: int  # quarter ordinal
    status: str
    numbers: dict[str, float | None] = field(default_factory=dict)
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)

    def get(self, quantity: str) -> float:
        v = self.numbers.get(quantity)
        return float("nan") if v is None else v

    @property
    def auto_eligible(self) -> bool:
        return self.status != "cancelled"


@functools.cache
def platforms() -> dict[str, Platform]:
    """The platform catalog by name, ordered by availability."""
    by_key: dict[str, dict[str, Ref]] = {}
    for r in rows():
        if r.file == "platforms.csv":
            by_key.setdefault(r.key, {})[r.quantity] = r
    out = {}
    for name, q in by_key.items():
        nums, ranges = {}, {}
        for quantity in PLATFORM_NUMBERS:
            r = q.get(quantity)
            nums[quantity] = r.value if r is not None and isinstance(r.value, float) else None
            if r is not None and (r.low is not None or r.high is not None) and nums[quantity] is not None:
                ranges[quantity] = r.range
            elif r is not None and nums[quantity] is None and r.low is not None and r.high is not None:
                ranges[quantity] = (r.low, r.high)
        out[name] = Platform(
            name=name, vendor=str(q["vendor"].value) if "vendor" in q else "nvidia",
            unit_kind=str(q["unit_kind"].value) if "unit_kind" in q else "rack",
            available=timeline.parse_quarter(q["available"].value, f"platforms.csv: {name}.available"),
            status=str(q["status"].value) if "status" in q else "shipping", numbers=nums, ranges=ranges)
    return dict(sorted(out.items(), key=lambda kv: (kv[1].available, kv[0])))


def platform(name: str, path: str = "platform") -> Platform:
    cat = platforms()
    if name not in cat:
        raise InputError(path, f"{show(name)} is not a catalog platform; known: {', '.join(cat)} (or auto)")
    return cat[name]


def platform_sources(name: str) -> list[Ref]:
    return [r for r in rows() if r.file == "platforms.csv" and r.key == name]


# --- comparisons ---------------------------------------------------------------------------------------

def us_states(year: int | None = None) -> dict[str, Ref]:
    """Annual retail electricity sales by state code (and ``US``), latest year unless given."""
    out: dict[str, Ref] = {}
    for r in rows():
        if r.file == "us_states.csv" and r.quantity == "retail_sales_twh" and isinstance(r.value, float):
            if year is not None and r.year != year:
                continue
            if r.key not in out or (r.year or 0) > (out[r.key].year or 0):
                out[r.key] = r
    return out


PUBLIC_GPUS_PER_GW = ("gpus-per-gw-huang-cnbc", "gpus-per-gw-bg2", "gpus-per-gw-barclays")


def public_gpus_per_gw() -> list[Ref]:
    """Public 'GPUs per GW' statements, each with the counting convention in its note."""
    return [ref(k, "gpus_per_gw") for k in PUBLIC_GPUS_PER_GW if (k, "gpus_per_gw") in _index()]
