"""The platform catalog: GPU systems by name, their numbers and ranges (platforms.csv, costs.csv)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from gigawatt import timeline
from gigawatt.catalog.refs import Ref, rows
from gigawatt.errors import InputError, show

PLATFORM_NUMBERS = ("unit_power_kw", "gpu_packages_per_unit", "gpu_dies_per_unit", "fp4_dense_pflops_per_gpu",
                    "fp8_dense_pflops_per_gpu", "bf16_dense_pflops_per_gpu", "hbm_gb_per_gpu",
                    "price_usd_per_unit", "network_usd_per_unit", "other_it_usd_per_unit", "vendor_content_share")
# Files whose rows describe platforms; a later file's row for the same quantity wins (costs.csv carries the
# newer, sourced unit prices).
PLATFORM_FILES = ("platforms.csv", "costs.csv")


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
    keys = {r.key for r in rows() if r.file == "platforms.csv"}
    for file in PLATFORM_FILES:
        for r in rows():
            if r.file == file and r.key in keys:
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
    return [r for r in rows() if r.file in PLATFORM_FILES and r.key == name]
