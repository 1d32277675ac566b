"""Scenario files: load, override, validate.

A scenario is YAML in the shape of DESIGN.md section 4. This module turns it into a validated
:class:`Scenario` (pydantic), parsing quantities with units once (``"1.8 GW"``, ``"$100B"``), resolving
dates (``"2026H2"``) and catalog names, and applying ``--set a.b=value`` overrides. Every problem becomes
one :class:`~gigawatt.errors.InputError` naming the field, the value given and what is allowed.
"""

from __future__ import annotations

import copy
import math
import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import (BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, field_validator,
                      model_validator)

from gigawatt import catalog, timeline
from gigawatt.errors import InputError, bound_text, show
from gigawatt.units import key_unit, parse_quantity

DEFAULT_SCENARIO = "openai-nvidia-10gw"
MAX_PHASES = 2000  # a ramp of 1 MW phases for 2 GW; more is a typo, and would exhaust memory


class Section(BaseModel):
    """Base of every scenario section: unknown keys are errors; strings with units become numbers."""

    model_config = ConfigDict(extra="forbid", validate_assignment=False, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _quantities(cls, v: Any, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        ann = cls.model_fields[name].annotation if name in cls.model_fields else None
        if isinstance(v, bool) and ann in (float, float | None, int, int | None):  # YAML true is not 1.0
            raise ValueError("must be a number, not true/false")
        numeric = ann in (float, float | None) or (name.endswith(("_usd", "_gw")) and isinstance(v, str))
        if isinstance(v, str) and numeric and (key_unit(name) or v.strip().endswith("%")):
            return parse_quantity(v, name, name)
        if isinstance(v, str) and ann in (float, float | None):
            try:
                return float(v)
            except ValueError:
                return v
        return v


# --- program --------------------------------------------------------------------------------------------

class Phase(Section):
    gw: float = Field(ge=0.001, le=10_000, description="Power of this phase, in the program's capacity basis [GW]")
    online: str = Field(description="Quarter (2026Q3) or half (2026H2, meaning online by its Q4)")
    platform: str | None = Field(None, description="Catalog platform, 'auto', or omitted for the program's")


class Program(Section):
    capacity_gw: float = Field(ge=0.001, le=10_000, description="Total program power, 1 MW to 10,000 GW [GW]")
    capacity_basis: Literal["facility", "it"] = Field(
        "facility", description="facility: GW of grid connection; it: GW of critical IT load")
    first_online: str = Field("2026H2", description="When the first phase is online (quarter or half)")
    ramp_gw_per_year: float | None = Field(None, ge=0.01, le=10_000,
                                           description="Build rate after the first phase [GW/yr]")
    phase_gw: float = Field(1.0, ge=0.001, le=10_000, description="Size of each ramp phase [GW]")
    platform: str = Field("auto", description="Catalog platform name, or auto: newest available at each date")
    vendor: str = Field("nvidia", description="Vendor whose platforms 'auto' picks from")
    phases: list[Phase] = Field(default_factory=list, description="Explicit phases (instead of a ramp)")
    sites: list[str] = Field(default_factory=list, description="Real campuses (ids of data/sites.csv): phases "
                             "from their timelines and planned phases, instead of a ramp or a list")
    delay_quarters: float = Field(0.0, ge=0, le=160, description="Schedule slip of every phase [quarters]")
    continue_probability: float = Field(
        1.0, ge=0, le=1, description="Chance that each phase after the first goes ahead (an LOI binds nobody)")


class Facility(Section):
    pue: float = Field(1.2, ge=1.0, le=5.0, description="Power usage effectiveness: facility power over IT power")
    non_rack_it_overhead: float = Field(
        0.10, ge=0, le=2, description="IT power outside the GPU racks (network, storage, CPU hosts), share of rack power")
    load_factor: float = Field(0.8, ge=0.01, le=1, description="Average draw over capacity")
    service_life_years: float = Field(6.0, ge=0.25, le=30, description="Then refreshed with the newest platform [yr]")


class Energy(Section):
    price_usd_per_mwh: float = Field(81.0, ge=0, le=10_000, description="Electricity price [USD/MWh]")
    carbon_g_per_kwh: float = Field(367.0, ge=0, le=2_000, description="Grid carbon intensity of the site [gCO2/kWh]")
    wue_l_per_kwh: float = Field(0.37, ge=0, le=20, description="On-site water use effectiveness [L/kWh]")
    comparison_state: str = Field("NY", description="US state (code) to compare annual energy with")
    supply: Literal["flat", "optimised"] = Field(
        "flat", description="flat: price and carbon above; optimised: the least-cost supply of `gigawatt power`")
    supply_options: str = Field("grid,gas,solar,wind,battery,firm", description="Supply options for optimised")
    supply_co2_cap_g_per_kwh: float | None = Field(None, ge=0, le=2_000, description="CO2 cap of the optimised supply [gCO2/kWh]")
    supply_flexible_share: float = Field(0.0, ge=0, le=0.5, description="Share of the campus load that may shift "
                                                                        "within a day (optimised supply)")
    supply_reserve_margin: float | None = Field(None, ge=0, le=1, description="Firm capacity above the highest "
                                                                              "hourly draw (optimised supply)")
    site_lat: float | None = Field(None, ge=-90, le=90, description="Campus latitude for the supply model [deg]")
    site_lon: float | None = Field(None, ge=-180, le=180, description="Campus longitude for the supply model [deg]")


class Compute(Section):
    precision: Literal["fp4", "fp8", "bf16"] = Field("fp8", description="Precision of delivered compute")
    utilization: float = Field(0.375, ge=0.001, le=1, description="Delivered over peak dense FLOP/s (MFU)")
    reference_run_flop: float = Field(1e27, ge=1e15, le=1e35, description="Size of a reference training run [FLOP]")
    reference_model_active_params: float = Field(2e11, ge=1e6, le=1e16, description="Active parameters of a reference model")
    weekly_users: float = Field(7e8, ge=1, le=1e11, description="Weekly active users served")
    gpu_interruptions_per_gpu_day: float = Field(2.8e-4, ge=0, le=1, description="GPU-related interruptions per GPU-day")


class CapexSplit(Section):
    vendor_systems: float = Field(0.70, ge=0, le=1, description="Share of capex bought from the vendor")
    other_it: float = Field(0.08, ge=0, le=1, description="Other IT (network, storage from others)")
    facility: float = Field(0.22, ge=0, le=1, description="Buildings, power and cooling")

    @model_validator(mode="after")
    def _sums_to_one(self) -> CapexSplit:
        total = self.vendor_systems + self.other_it + self.facility
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"capex shares sum to {total:g}; they must sum to 1 "
                             f"(vendor_systems {self.vendor_systems:g} + other_it {self.other_it:g} "
                             f"+ facility {self.facility:g})")
        return self


class LeadQuarters(Section):
    vendor_systems: float = Field(1, ge=0, le=20, description="Systems paid this many quarters before online")
    other_it: float = Field(1, ge=0, le=20)
    facility: float = Field(4, ge=0, le=20, description="Construction spread over this many quarters before online")


class Investment(Section):
    kind: Literal["equity", "warrant", "none"] = Field("equity", description="equity: vendor buys customer shares; "
                                                        "warrant: vendor grants customer its own shares")
    per_gw_usd: float = Field(10e9, ge=0, le=1e12, description="Tranche paid as each GW comes online [USD]")
    cap_usd: float = Field(100e9, ge=0, le=1e14, description="Total investment cap [USD]")
    valuation_usd: float = Field(500e9, ge=1e6, le=1e15, description="Customer post-money valuation at valuation_date [USD]")
    valuation_date: str = Field("2025Q4", description="Quarter of valuation_usd")
    valuation_growth_per_year: float = Field(0.25, ge=-0.9, le=10, description="Valuation growth per year")
    other_dilution_per_year: float = Field(0.0, ge=0, lt=1, description="Dilution by other rounds, share per year")
    fixed_usd: float = Field(0.0, ge=0, le=1e14, description="Investment not tied to GW, paid at fixed_date [USD]")
    fixed_date: str = Field("2026Q1", description="Quarter of fixed_usd")
    warrant_shares: float = Field(0.0, ge=0, le=1e12, description="Vendor shares granted (warrant), vesting pro rata to GW")
    warrant_strike_usd: float = Field(0.0, ge=0, le=1e7, description="Strike per share [USD]")
    vendor_share_price_usd: float = Field(0.0, ge=0, le=1e7, description="Vendor share price for warrant value [USD]")

    @model_validator(mode="after")
    def _cap_fits_tranche(self) -> Investment:
        if self.kind == "equity" and self.per_gw_usd > 0 and 0 < self.cap_usd < self.per_gw_usd:
            raise ValueError(f"cap_usd {self.cap_usd:.4g} is below one tranche per_gw_usd {self.per_gw_usd:.4g}")
        return self


class Depreciation(Section):
    it: float = Field(6, gt=0, le=30, description="IT equipment life [yr]")
    facility: float = Field(20, gt=0, le=60, description="Facility life [yr]")


class CustomerRevenue(Section):
    start_usd_per_year: float = Field(13e9, ge=0, le=1e14, description="Customer revenue in start_year [USD/yr]")
    start_year: int = Field(2025, ge=2000, le=2100)
    growth_per_year: float = Field(0.6, ge=-1, le=10, description="Revenue growth per year, first year")
    growth_decay_per_year: float = Field(0.15, ge=0, le=1, description="Growth rate shrinks by this share each year")


class Finance(Section):
    capex_usd_per_gw: float | None = Field(
        None, ge=1e8, le=1e12, description="Top-down override: all-in capex per GW of program power, split by "
                                           "capex_split, $0.1B to $1T [USD/GW]; unset: bottom-up from unit prices")
    facility_usd_per_mw: float | None = Field(
        None, ge=1e5, le=1e9, description="Building, power and cooling per MW of facility power (bottom-up) "
                                          "[USD/MW]; unset: data/costs.csv")
    capex_split: CapexSplit = Field(default_factory=CapexSplit)
    lead_quarters: LeadQuarters = Field(default_factory=LeadQuarters)
    vendor_gross_margin: float = Field(0.73, ge=0, lt=1, description="Vendor gross margin on system sales")
    buyer: Literal["customer", "cloud_partner"] = Field("customer", description="Who buys the systems")
    lease_markup: float = Field(0.15, ge=0, le=5, description="Cloud partner's margin over its cost of the fleet")
    investment: Investment = Field(default_factory=Investment)
    depreciation_years: Depreciation = Field(default_factory=Depreciation)
    opex_usd_per_gw_year: float | None = Field(
        None, ge=0, le=1e11, description="Opex per facility GW per year, energy excluded (energy is priced once, "
                                         "from energy.price_usd_per_mwh) [USD]; unset: data/costs.csv")
    cost_of_capital: float = Field(0.10, ge=0, le=1, description="Annual cost of capital on net book value")
    customer_revenue: CustomerRevenue = Field(default_factory=CustomerRevenue)


class PlatformOverride(Section):
    unit_power_kw: float | None = Field(None, ge=0.1, le=10_000, description="Power of one rack or server [kW]")
    gpu_packages_per_unit: float | None = Field(None, ge=1, le=100_000, description="GPU packages per unit")
    gpu_dies_per_unit: float | None = Field(None, ge=1, le=200_000, description="GPU dies per unit")
    fp4_dense_pflops_per_gpu: float | None = Field(None, ge=0.001, le=100_000, description="[PFLOP/s per GPU]")
    fp8_dense_pflops_per_gpu: float | None = Field(None, ge=0.001, le=100_000, description="[PFLOP/s per GPU]")
    bf16_dense_pflops_per_gpu: float | None = Field(None, ge=0.001, le=100_000, description="[PFLOP/s per GPU]")
    price_usd_per_unit: float | None = Field(None, ge=0, le=1e9, description="Vendor's price of one rack or server [USD]")
    network_usd_per_unit: float | None = Field(None, ge=0, le=1e9,
                                               description="Vendor's networking sold with one unit [USD]")
    other_it_usd_per_unit: float | None = Field(None, ge=0, le=1e9, description="Other IT per unit: CPU hosts, "
                                                                                "storage, third-party network [USD]")


class Scenario(Section):
    """A whole scenario file."""

    name: str = Field(description="Short name (built-in scenarios are found by it)")
    title: str = ""
    description: str = ""
    sources: list[str] = Field(default_factory=list, description="Where the scenario's figures come from")
    guesses: list[str] = Field(default_factory=list, description="Which figures are judgement, not sourced")
    include: list[str] = Field(default_factory=list, description="Scenarios combined into this one")
    view: str = Field("", description="Assumption set: independent (default), vendor, or a view file")
    parts: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="A composite's per-part overrides, by part name (e.g. parts.openai-amd-6gw.facility.pue)")
    horizon: tuple[str, str] = ("2026Q1", "2035Q4")
    program: Program
    facility: Facility = Field(default_factory=Facility)
    energy: Energy = Field(default_factory=Energy)
    compute: Compute = Field(default_factory=Compute)
    finance: Finance = Field(default_factory=Finance)
    hardware: dict[str, PlatformOverride] = Field(default_factory=dict, description="Per-platform overrides")
    links: list[dict[str, Any]] = Field(default_factory=list, description="Market links this deal adds")
    uncertainty: dict[str, Any] = Field(default_factory=dict, description="Distributions by field path")
    correlations: list[dict[str, Any]] = Field(default_factory=list, description="Rank correlations between inputs")

    _parts: tuple = PrivateAttr(default=())  # a composite's validated parts, as it runs them

    @property
    def part_scenarios(self) -> tuple["Scenario", ...]:
        """A composite's parts on its horizon with its ``parts:`` overrides (empty for one program)."""
        return self._parts

    # --- derived, validated views ---
    @property
    def horizon_quarters(self) -> tuple[int, int]:
        return (timeline.parse_quarter(self.horizon[0]), timeline.parse_quarter(self.horizon[1]))

    def phases(self) -> list[tuple[float, int, str]]:
        """The program as explicit phases (gw, online quarter ordinal, platform name or 'auto')."""
        return expand_phases(self.program)

    def to_yaml(self) -> str:
        """The scenario as YAML that loads back to the same scenario (a composite: only what it may set)."""
        data = self.model_dump(mode="json", exclude_defaults=False)
        if self.include:
            data = {k: v for k, v in data.items() if k in _COMPOSITE_OWN and (v or k == "include")}
            data["finance"] = {"customer_revenue": self.model_dump(mode="json")["finance"]["customer_revenue"]}
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    def digest(self) -> str:
        return hashlib.sha256(self.to_yaml().encode()).hexdigest()


def expand_phases(p: Program) -> list[tuple[float, int, str]]:
    """Phases from the explicit list, or from the ramp rule: ``phase_gw`` blocks at ``ramp_gw_per_year``."""
    if p.sites:  # real campuses: phases from their timelines (gigawatt.sites)
        from gigawatt.sites import catalog_phases
        return catalog_phases(p.sites, p.platform)
    if p.phases:  # in date order: continuation is decided phase after phase
        return sorted(((ph.gw, timeline.parse_quarter(ph.online), ph.platform or p.platform) for ph in p.phases),
                      key=lambda ph: ph[1])
    first = timeline.parse_quarter(p.first_online)
    if p.ramp_gw_per_year is None:
        return [(p.capacity_gw, first, p.platform)]
    n_full, rest = divmod(p.capacity_gw, p.phase_gw)
    sizes = [p.phase_gw] * int(n_full) + ([rest] if rest > 1e-9 else [])
    out, built = [], 0.0
    for size in sizes:
        # A phase is online once the ramp has delivered it: built/rate years after the first phase.
        out.append((size, first + round(built / p.ramp_gw_per_year * 4), p.platform))
        built += size
    return out


# --- loading ------------------------------------------------------------------------------------------------

@functools.cache
def builtin_names() -> tuple[str, ...]:
    base = resources.files("gigawatt") / "scenarios"
    return tuple(sorted(p.name[:-5] for p in base.iterdir() if p.name.endswith(".yaml")))


def _read_yaml(text: str, where: str) -> dict:
    from gigawatt.yamlsafe import load_yaml

    data = load_yaml(text, where)
    if not isinstance(data, dict):
        raise InputError(where, f"a scenario file must hold a mapping of sections, got {type(data).__name__}")
    return data


def _read_file(s: str) -> str:
    """The text of the scenario file ``s`` (a regular file, at most :data:`gigawatt.files.MAX_TEXT_BYTES`)."""
    from gigawatt.files import read_text_file

    return read_text_file(s, "scenario", "a scenario is a YAML file")


def read_raw(name_or_path: str | Path, *, builtins_only: bool = False) -> tuple[dict, str]:
    """The raw mapping of a built-in scenario (by name) or a YAML file (by path), and where it came from.

    With ``builtins_only`` (requests to the server) only built-in names are accepted, and the refusal says
    nothing about files.
    """
    s = str(name_or_path)
    if s in builtin_names():
        text = (resources.files("gigawatt") / "scenarios" / f"{s}.yaml").read_text(encoding="utf-8")
        return _read_yaml(text, s), s
    if builtins_only:
        raise InputError("scenario", f"{show(s)} is not a built-in scenario ({', '.join(builtin_names())}); "
                                     "files cannot be named here")
    if not s.strip():
        raise InputError("scenario", "is empty; give a built-in scenario name or a YAML file path")
    path = Path(s)
    if not _exists(path):
        if s.endswith((".yaml", ".yml")) or "/" in s:
            raise InputError("scenario", f"file {s!r} does not exist")
        raise InputError("scenario", f"{show(s)} is neither a built-in scenario ({', '.join(builtin_names())}) "
                                     "nor a file")
    return _read_yaml(_read_file(s), s), s


def parse_override(text: str) -> tuple[str, Any]:
    """``"facility.pue=1.35"`` -> (``"facility.pue"``, 1.35). Values are YAML (numbers, lists, strings)."""
    if "=" not in text:
        raise InputError("--set", f"{show(text)} is not of the form path=value (e.g. facility.pue=1.35)")
    path, raw = text.split("=", 1)
    path = path.strip()
    if not path or any(not part for part in path.split(".")):
        raise InputError("--set", f"{show(text)} has an empty field path")
    from gigawatt.yamlsafe import load_yaml

    try:  # malformed YAML is taken as the string itself; aliases, duplicate keys, deep nesting are refused
        value = load_yaml(raw, f"--set {path}") if raw.strip() else ""
    except InputError as e:
        if not e.message.startswith("malformed YAML"):
            raise
        value = raw
    return path, value


_OPEN_KEYS = {"uncertainty", "hardware"}  # sections whose own keys may contain dots / are free names


def apply_override(raw: dict, path: str, value: Any) -> None:
    """Set ``path`` in the raw mapping (validation afterwards decides whether the field exists)."""
    parts = path.split(".")
    if parts[0] == "uncertainty" and len(parts) > 1:
        raw.setdefault("uncertainty", {})
        if not isinstance(raw["uncertainty"], dict):
            raise InputError("uncertainty", "must be a mapping of field paths to distributions")
        raw["uncertainty"][".".join(parts[1:])] = value
        return
    node = raw
    for i, part in enumerate(parts[:-1]):
        nxt = node.get(part)
        if nxt is None:
            nxt = node[part] = {}
        if not isinstance(nxt, dict):
            raise InputError(".".join(parts[: i + 1]), f"is {show(nxt)}, not a section; cannot set {path}")
        node = nxt
    node[parts[-1]] = value


def _model_at(loc: tuple) -> type[BaseModel] | None:
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int) or model is None:
            continue
        fields = getattr(model, "model_fields", None)
        if not fields or part not in fields:
            return None if not fields else model if part == loc[-1] else None
        ann = fields[part].annotation
        model = _section_type(ann)
    return model


def _section_type(ann: Any) -> Any:
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return ann
    for arg in getattr(ann, "__args__", ()) or ():
        t = _section_type(arg)
        if t is not None:
            return t
    return None


_HINTS = {
    "facility.pue": "PUE is facility power over IT power, so at least 1.0",
    "facility.load_factor": "load factor is average draw over capacity, in (0, 1]",
    "program.capacity_gw": "the program's total power in GW",
    "horizon": "give [first quarter, last quarter], e.g. [2026Q1, 2035Q4]",
}


def _translate(err: ValidationError, where: str) -> InputError:
    e = err.errors(include_url=False)[0]
    loc = tuple(e["loc"])
    path = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
    given = e.get("input")
    msg = e["msg"]
    if e["type"] == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = ", ".join(model.model_fields) if model is not None else "see `gigawatt schema`"
        return InputError(path, f"unknown key; allowed here: {allowed}")
    if e["type"] == "missing":
        return InputError(path, "is required but missing")
    cause = (e.get("ctx") or {}).get("error")
    if isinstance(cause, InputError):  # already a full sentence (units, dates): keep it, with the full path
        return InputError(path, cause.message)
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    elif msg.startswith("Input should be"):
        msg = msg.replace("Input should be", "must be", 1)
    if isinstance(given, (int, float)):  # "at least 100000000" -> "at least 1e8"
        msg = bound_text(e.get("ctx")) or msg
    hint = _HINTS.get(path)
    text = f"{show(given)} is not allowed: {msg}" if not isinstance(given, dict) else msg
    return InputError(path, text + (f" ({hint})" if hint else ""))


# What a composite scenario (``include:``) may set itself: the rest comes from its parts.
_COMPOSITE_OWN = {"name", "title", "description", "sources", "guesses", "include", "parts", "horizon", "finance",
                  "links", "view"}


def _include_ref(name: str, where: str, builtins_only: bool = False) -> str:
    """Identity of an included scenario: a built-in name, or a path resolved against the including file."""
    if name in builtin_names() or builtins_only:  # builtins_only: no file is looked at
        return name
    path = Path(name)
    if not path.is_absolute() and Path(where).is_file():
        path = Path(where).parent / path
    return str(path.resolve()) if _exists(path) else name


def _part_overrides(raw: dict, include: list[str]) -> dict[str, list[tuple[str, Any]]]:
    """``parts:`` as (path, value) overrides per part. Part names may hold dots (``openai-oracle-4.5gw``), so
    the nested mapping that ``--set parts.NAME.a.b=v`` builds is flattened and matched against the names."""
    own = raw.get("parts") or {}
    if not isinstance(own, dict):
        raise InputError("parts", f"{show(own)} must map part names to field overrides")

    def flat(node, prefix: str):
        if isinstance(node, dict) and (node or not prefix) and prefix.rpartition(".")[2] != "uncertainty":
            for k, v in node.items():
                yield from flat(v, f"{prefix}.{k}" if prefix else str(k))
        else:
            yield prefix, node

    out: dict[str, list[tuple[str, Any]]] = {n: [] for n in include}
    for path, value in flat(own, ""):
        name = max((n for n in include if path.startswith(n + ".")), key=len, default=None)
        if name is None:
            raise InputError(f"parts.{path.split('.')[0]}", f"names no included part with a field; parts: "
                                                            f"{', '.join(include)}")
        out[name].append((path[len(name) + 1:], value))
    return out


def _part_raw(raw: dict, overrides: list[tuple[str, Any]], part_raw: dict) -> dict:
    """A part as the composite runs it: on the composite's horizon and view, with its ``parts.NAME`` overrides."""
    part_raw = copy.deepcopy(part_raw)
    for key in ("horizon", "view"):
        if key in raw:
            part_raw[key] = raw[key]
    for path, value in overrides:
        apply_override(part_raw, path, value)
    return part_raw


def _leaves(scn: "Scenario", ref: str) -> list[str]:
    """The simple scenarios a validated scenario stands for: itself, or its parts' leaves, at any depth."""
    if not scn.include:
        return [ref]
    return [leaf for part, r in zip(scn.part_scenarios, scn.include) for leaf in _leaves(part, r)]


def _short(ref: str) -> str:
    """A part's name for messages: a built-in's name, or a file's name (never its folder)."""
    return ref if ref in builtin_names() else Path(ref).name


def _composite(raw: dict, where: str, stack: tuple[str, ...], builtins_only: bool = False) -> dict:
    """Validate a composite's parts (unknown or circular includes, a part counted twice at any depth are errors).

    Returns the includes resolved (built-in names or absolute paths) and a summary program.
    """
    include = raw.get("include")
    if not isinstance(include, list) or not all(isinstance(n, str) for n in include):
        raise InputError("include", f"{show(include)} must be a list of scenario names or paths")
    for key in raw:
        if key not in _COMPOSITE_OWN:
            raise InputError(key, "a composite scenario (include:) takes this from its included scenarios; "
                                  "set it there")
    finance_keys = raw.get("finance") or {}
    for key in finance_keys if isinstance(finance_keys, dict) else ():
        if key != "customer_revenue":
            raise InputError(f"finance.{key}", "a composite scenario sets only finance.customer_revenue "
                                               "(the customer's revenue path); set the rest in its parts")
    overrides = _part_overrides(raw, include)
    parts, refs = [], []
    owner: dict[str, tuple[int, str]] = {}  # simple scenario -> (index, name) of the include that brings it
    for i, name in enumerate(include):
        if builtins_only and name not in builtin_names():
            raise InputError(f"include[{i}]", f"{show(name)} is not a built-in scenario; a scenario sent to the "
                                              f"server may include built-in scenarios only ({', '.join(builtin_names())})")
        ref = _include_ref(name, where, builtins_only)
        if ref in refs:
            raise InputError(f"include[{i}]", f"{show(name)} is included twice; a part counts once")
        if ref in stack:
            raise InputError(f"include[{i}]", "circular include: " + " -> ".join((*stack, ref)))
        try:
            part_raw, part_where = read_raw(ref, builtins_only=builtins_only)
        except InputError as e:
            raise InputError(f"include[{i}]", f"unknown scenario: {e.message}") from None
        part_raw = _part_raw(raw, overrides[name], part_raw)
        try:
            parts.append(validate(part_raw, part_where, _stack=(*stack, ref), builtins_only=builtins_only))
        except InputError as e:
            if not overrides[name] or e.path.startswith("include"):
                raise
            raise InputError(f"parts.{name}.{e.path}", e.message) from None
        for leaf in _leaves(parts[-1], ref):
            if leaf in owner:
                j, other = owner[leaf]
                if leaf == ref:
                    what = f"{show(name)} is already part of {show(other)} (include[{j}])"
                elif _include_ref(other, where, builtins_only) == leaf:
                    what = f"{show(name)} includes {show(_short(leaf))}, which include[{j}] already names"
                else:
                    what = (f"{show(name)} includes {show(_short(leaf))}, which is already part of {show(other)} "
                            f"(include[{j}])")
                raise InputError(f"include[{i}]", f"{what}; a part counts once")
            owner[leaf] = (i, name)
        refs.append(ref)
    if not parts:
        raise InputError("include", "is empty")
    # A summary, not simulated: the total power and the earliest first phase (portfolio.py runs the parts).
    first = min(q for p in parts for _, q, _ in p.phases())
    return {"include": refs, "program": {"capacity_gw": sum(p.program.capacity_gw for p in parts),
                                         "first_online": timeline.label(first)}}, parts


_MISSING = object()


def _get(raw: dict, path: str):
    node: Any = raw
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node


def with_view(raw: dict, builtins_only: bool = False) -> dict:
    """The raw scenario with its view's values filled in where the file leaves a field unset.

    A view (:mod:`gigawatt.assumptions`) supplies assumptions, the file describes the deal: a value the
    file (or ``--set``) gives wins; a view's ``null`` leaves a field at its default; the view's
    distributions join the scenario's uncertainty block for paths it does not name itself (a scenario
    without distributions stays deterministic).
    """
    from gigawatt import assumptions

    view = assumptions.load_view(raw.get("view"), builtins_only=builtins_only)
    _check_view(view)
    raw = copy.deepcopy(raw)
    raw["view"] = raw.get("view") or view.name
    program = raw.get("program") if isinstance(raw.get("program"), dict) else {}
    vendor = program.get("vendor", "nvidia")
    for path, value in view.overrides(vendor):
        if not _for_vendor(path, vendor):
            continue
        if path.startswith("uncertainty."):  # only into a scenario that has distributions of its own
            unc = raw.get("uncertainty")
            if isinstance(unc, dict) and unc and value is not None and path[len("uncertainty."):] not in unc:
                unc[path[len("uncertainty."):]] = value
        elif value is not None and _get(raw, path) is _MISSING:
            apply_override(raw, path, value)
    return raw


_CHECKED_VIEWS: set[str] = set()  # views already checked, by their whole content


def _check_view(view) -> None:
    """Every value and distribution of a view must pass the scenario's own checks, whether or not a given
    scenario uses it (a bad value must not hide until some scenario leaves its field unset)."""
    key = repr(view)
    if key in _CHECKED_VIEWS:
        return
    vendors = {pl.vendor for pl in catalog.platforms().values()}
    where = f"view {view.name}"
    for vendor in view.by_vendor:
        if vendor not in vendors:
            raise InputError(f"{where}.by_vendor.{vendor}", f"is not a vendor of the catalog; known: "
                                                           f"{', '.join(sorted(vendors))}")
    for vendor in sorted({"nvidia", *view.by_vendor}):
        raw = {"name": "view-check", "program": {"capacity_gw": 1, "first_online": "2026Q4", "vendor": vendor},
               "uncertainty": {}}
        for path, value in view.overrides(vendor):
            if path.split(".")[0] in ("view", "name", "include", "parts"):
                raise InputError(f"{where}.values.{path}", "a view sets scenario fields, not this key")
            if value is not None and _for_vendor(path, vendor):
                apply_override(raw, path, value)
        try:
            validate(raw, "view", builtins_only=True, _viewless=True)
        except InputError as e:
            raise InputError(f"{where}: {e.path}", e.message) from None
    _CHECKED_VIEWS.add(key)


def _for_vendor(path: str, vendor: str) -> bool:
    """Whether a view's path applies to a program of ``vendor`` (another vendor's hardware does not)."""
    parts = path.removeprefix("uncertainty.").split(".")
    if parts[0] != "hardware" or len(parts) < 3:
        return True
    pl = catalog.platforms().get(parts[1])
    return pl is None or pl.vendor == vendor


def validate(raw: dict, where: str = "scenario", _stack: tuple[str, ...] | None = None, *,
             builtins_only: bool = False, _viewless: bool = False) -> Scenario:
    """Validate a raw mapping into a :class:`Scenario`, with cross-field checks.

    ``builtins_only=True`` (a scenario sent to the server): ``include:`` may name built-in scenarios only,
    and no file is opened or looked at.
    """
    stack = _stack if _stack is not None else (_include_ref(where, where, builtins_only),)
    parts: list[Scenario] = []
    if raw.get("include"):
        summary, parts = _composite(raw, where, stack, builtins_only)
        raw = {**raw, **summary, "view": parts[0].view if parts else raw.get("view", "")}
    else:
        if raw.get("parts"):
            name = next(iter(raw["parts"])) if isinstance(raw["parts"], dict) else ""
            raise InputError(f"parts.{name}".rstrip("."), "only a composite scenario (include: [...]) has parts; "
                                                          f"{show(raw.get('name', where))} is one program")
        if not _viewless:
            raw = with_view(raw, builtins_only)
    try:
        scn = Scenario.model_validate(raw)
    except ValidationError as err:
        raise _translate(err, where) from None
    except InputError:
        raise
    except RecursionError:  # defence in depth: loaded YAML is at most yamlsafe.MAX_DEPTH levels deep
        raise InputError(where, "is nested too deeply to be a scenario") from None
    _check(scn)
    scn._parts = tuple(parts)
    return scn


def _check(scn: Scenario) -> None:
    """Checks that need the catalog or several fields."""
    start, stop = (timeline.parse_quarter(h, f"horizon[{i}]") for i, h in enumerate(scn.horizon))
    if stop < start:
        raise InputError("horizon", f"{scn.horizon[1]} is before {scn.horizon[0]}")
    if stop - start > 40 * 4:
        raise InputError("horizon", f"{scn.horizon[0]}..{scn.horizon[1]} is longer than 40 years")
    p = scn.program
    n_phases = len(p.phases) if p.phases else (math.ceil(p.capacity_gw / p.phase_gw - 1e-9)
                                                if p.ramp_gw_per_year is not None else 1)
    if n_phases > MAX_PHASES:
        what = "program.phases" if p.phases else "program.phase_gw"
        raise InputError(what, f"the program would have {n_phases:,} phases; at most {MAX_PHASES:,} are allowed "
                               f"(capacity_gw {p.capacity_gw:g} / phase_gw {p.phase_gw:g})")
    cat = catalog.platforms()
    timeline.parse_quarter(p.first_online, "program.first_online")
    for label, value in (("program.platform", p.platform),):
        if value != "auto":
            catalog.platform(value, label)
    if p.vendor not in {pl.vendor for pl in cat.values()}:
        raise InputError("program.vendor", f"{show(p.vendor)} has no platform in the catalog; known vendors: "
                                            f"{', '.join(sorted({pl.vendor for pl in cat.values()}))}")
    for i, ph in enumerate(p.phases):
        q = timeline.parse_quarter(ph.online, f"program.phases[{i}].online")
        if ph.platform not in (None, "auto"):
            pl = catalog.platform(ph.platform, f"program.phases[{i}].platform")
            if pl.available > q:
                raise InputError(f"program.phases[{i}].platform",
                                 f"{ph.platform} is available from {timeline.label(pl.available)}, "
                                 f"after the phase's online date {ph.online}")
    earliest = min(q for _, q, _ in expand_phases(p)) if n_phases <= MAX_PHASES else start
    if earliest < start:
        what = "program.phases" if p.phases else "program.first_online"
        raise InputError(what, f"a phase is online in {timeline.label(earliest)}, before the horizon starts "
                               f"({scn.horizon[0]}); start the horizon earlier so its money and GW are counted")
    if p.phases:
        total = sum(ph.gw for ph in p.phases)
        if total > p.capacity_gw * (1 + 1e-9):
            raise InputError("program.phases", f"phases add up to {total:g} GW, more than program.capacity_gw "
                                               f"{p.capacity_gw:g} GW")
    for name in scn.hardware:
        catalog.platform(name, f"hardware.{name}")
    for date_path, text in (("finance.investment.valuation_date", scn.finance.investment.valuation_date),
                            ("finance.investment.fixed_date", scn.finance.investment.fixed_date)):
        timeline.parse_quarter(text, date_path)
    if scn.energy.comparison_state not in catalog.us_states():
        raise InputError("energy.comparison_state", f"{show(scn.energy.comparison_state)} is not a state code in "
                                                    "the reference data (e.g. NY, TX, CA)")
    from gigawatt import fields  # late: fields imports this module

    fields.check_uncertainty(scn)


def _exists(path: Path) -> bool:
    """Whether a path (or a dangling link) is there; a name the file system cannot take is not."""
    try:
        return path.exists() or path.is_symlink()
    except OSError:
        return False


def split_view(name: str) -> tuple[str, str | None]:
    """``"openai-nvidia-10gw@vendor"`` -> (``"openai-nvidia-10gw"``, ``"vendor"``); a name or an existing path
    without ``@VIEW`` -> (it, None)."""
    if "@" not in name or name in builtin_names() or _exists(Path(name)):
        return name, None
    base, _, view = name.rpartition("@")
    if not base or not view:
        raise InputError("scenario", f"{show(name)}: give SCENARIO@VIEW, e.g. openai-nvidia-10gw@vendor")
    return base, view


def load_scenario(name_or_path: str | Path = DEFAULT_SCENARIO, overrides: list[str] | dict | None = None,
                  *, view: str | None = None, builtins_only: bool = False) -> Scenario:
    """Load a built-in scenario by name or a YAML file by path, apply ``a.b=value`` overrides, validate.

    ``view``: the assumption set (``independent``, the default; ``vendor``; or a view file), as the scenario's
    own ``view:`` key or ``--view``. ``builtins_only=True``: the name, every include and the view must be
    built-in (no file is read).
    """
    raw, where = read_raw(name_or_path, builtins_only=builtins_only)
    raw = copy.deepcopy(raw)
    items = overrides.items() if isinstance(overrides, dict) else [parse_override(o) for o in overrides or []]
    for path, value in items:
        apply_override(raw, path, value)
    if view is not None:
        raw["view"] = view
    return validate(raw, where, builtins_only=builtins_only)


def json_schema() -> dict:
    return Scenario.model_json_schema()
