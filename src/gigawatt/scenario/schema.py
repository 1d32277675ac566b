"""The scenario file's schema: one pydantic model per section, quantities with units parsed on the way in."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from gigawatt import timeline
from gigawatt.scenario.phases import expand_phases
from gigawatt.units import parse_quantity

# What a composite scenario (``include:``) may set itself: the rest comes from its parts.
COMPOSITE_OWN = {"name", "title", "description", "sources", "guesses", "include", "parts", "horizon", "finance",
                 "links", "view", "as_of", "superseded"}
# What a composite may set of finance.capital (instruments beyond its parts', credit terms); funding is its parts'.
COMPOSITE_CAPITAL = {"instruments", "credit", "gpu_life_years", "source", "guess"}


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
        if isinstance(v, str) and numeric:  # one parser: units by the key's name, no look-alike digits, no 1_5
            return parse_quantity(v, name, name)
        return v


_BIDI = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A)) | {0x200E, 0x200F, 0x061C}
MAX_NAME_CHARS = 120


def _plain_text(v: Any, *, name: bool) -> Any:
    """Text a person wrote, never text that rewrites the screen: no control characters (NUL, escape; in a name
    no line breaks either), no bidirectional overrides (U+202E turns "gw.yaml" into "lmay.wg"); a name is
    also free of invisible format characters and at most :data:`MAX_NAME_CHARS` long."""
    import unicodedata

    if not isinstance(v, str):
        return v
    if name and len(v) > MAX_NAME_CHARS:
        raise ValueError(f"is {len(v):,} characters long; a name is at most {MAX_NAME_CHARS}")
    for c in v:
        cat = unicodedata.category(c)
        if (cat == "Cc" and (name or c not in "\n\t")) or ord(c) in _BIDI or (name and cat == "Cf"):
            what = unicodedata.name(c, "a control character")
            raise ValueError(f"holds U+{ord(c):04X} ({what}), which could hide or reorder what is shown; "
                             "write plain text")
    return v


def _no_bare_year(v: Any) -> Any:
    """A quarter (2027Q3) or a half (2027H2); a bare year (``2027``) is refused: its first or its last quarter?"""
    text = str(v).strip() if isinstance(v, (str, int, float)) and not isinstance(v, bool) else ""
    if text.isdigit() and len(text) == 4:
        raise ValueError(f"a bare year could mean its first or its last quarter; write a quarter like {text}Q3 "
                         f"or a half like {text}H2")
    return v


def _quarter_fields(*names: str):
    """A before-validator refusing a bare year in the named quarter fields."""
    return field_validator(*names, mode="before")(lambda cls, v: _no_bare_year(v))


# --- program --------------------------------------------------------------------------------------------

class Phase(Section):
    gw: float = Field(ge=0.001, le=10_000, description="Power of this phase, in the program's capacity basis [GW]")
    online: str = Field(description="Quarter (2026Q3) or half (2026H2, meaning online by its Q4)")
    platform: str | None = Field(None, description="Catalog platform, 'auto', or omitted for the program's")

    _online = _quarter_fields("online")


class Program(Section):
    capacity_gw: float = Field(ge=0.001, le=10_000, description="Total program power, 1 MW to 10,000 GW [GW]; "
                               "with phases or sites their total (leave it out, or restate it)")
    capacity_basis: Literal["facility", "it"] = Field(
        "facility", description="facility: GW of grid connection; it: GW of critical IT load")
    first_online: str = Field("2026H2", description="When the first phase is online (quarter or half); with "
                                                    "phases or sites their first quarter")
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
    # Not a field: {site id: (from, to) quarter ordinals}, each phase of that site due from ``from`` but before
    # ``to`` comes online at ``to``; set by ``energy.supply: optimised`` (power.schedule_update, through
    # api.with_supply's model_copy), never read from YAML.
    _site_moves: dict = PrivateAttr(default_factory=dict)

    _first = _quarter_fields("first_online")


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
    supply_late: Literal["exclude", "price"] = Field(
        "exclude", description="Supply options that miss the phase's date: exclude (left out) or price (kept, each "
                               "MW late priced at the value of speed; optimised supply)")
    supply_speed_value_usd_per_gw_month: float | None = Field(
        None, ge=0, le=1e11, description="Value of speed for supply_late: price [USD per GW-month] (default: the "
                                         "program's required revenue)")
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

    _dates = _quarter_fields("valuation_date", "fixed_date")

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


class Funding(Section):
    """How a program's capex is paid for, as shares of it (they sum to 1)."""

    own: float = Field(0.0, ge=0, le=1, description="Paid from the owner's own cash (equity it raised, its revenue)")
    vendor: float = Field(0.0, ge=0, le=1, description="Paid by the vendor's investment in the owner")
    debt: float = Field(0.0, ge=0, le=1, description="Borrowed by the owner as it is spent (finance.capital.debt)")
    lease: float = Field(0.0, ge=0, le=1, description="Bought by a lessor and leased to the owner (finance.capital.lease)")
    spv: float = Field(0.0, ge=0, le=1, description="Bought by a joint venture or SPV that borrows against it and "
                                                    "leases it to the owner (finance.capital.spv)")
    debt_range: tuple[float, float] | None = Field(None, description="[low, high] of the debt share the Monte Carlo "
                                                   "draws (triangular, mode debt); own funds take up the difference")

    @model_validator(mode="after")
    def _sums_to_one(self) -> "Funding":
        total = self.own + self.vendor + self.debt + self.lease + self.spv
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"funding shares sum to {total:g}; they must sum to 1 (own {self.own:g} + vendor "
                             f"{self.vendor:g} + debt {self.debt:g} + lease {self.lease:g} + spv {self.spv:g})")
        _around(self.debt_range, self.debt, "debt")
        if self.debt_range and self.debt_range[1] > self.own + self.debt + 1e-9:
            raise ValueError(f"debt_range high {self.debt_range[1]:g} is above own + debt "
                             f"{self.own + self.debt:g}: own funds take up the difference, so they cannot go below 0")
        return self


_SENIORITY = Literal["secured", "senior", "junior"]
_COLLATERAL = Literal["gpus", "campus", "none"]


class ProgramDebt(Section):
    lender: str = Field("", max_length=64, description="Who lends (empty: '<scenario>-lenders')")
    rate: float | None = Field(None, ge=0, le=1, description="Fixed rate per year; unset: SOFR + spread_bp")
    spread_bp: float = Field(350, ge=0, le=5000, description="Spread over SOFR when no fixed rate [bp]")
    spread_bp_range: tuple[float, float] | None = Field(None, description="[low, high] the Monte Carlo draws the "
                                                                          "spread from (triangular, mode spread_bp)")
    tenor_years: float = Field(5, ge=0.25, le=40, description="Each draw repaid over this many years from its draw")
    amortisation: Literal["straight", "bullet"] = Field("straight", description="Level principal, or all at maturity")
    seniority: _SENIORITY = "secured"
    collateral: _COLLATERAL = Field("gpus", description="What lenders recover from: GPUs at resale value, a campus")
    covenant_dscr: float | None = Field(None, ge=0, le=10, description="Minimum trailing debt service coverage")

    @model_validator(mode="after")
    def _range(self) -> "ProgramDebt":
        _around(self.spread_bp_range, self.spread_bp, "spread_bp", 5000)
        return self


class ProgramLease(Section):
    lessor: str = Field("", max_length=64, description="Who buys and leases (a party id, or empty: '<scenario>-lessor')")
    term_years: float = Field(5, ge=0.25, le=40, description="Each vintage leased for this many years")
    rent_per_year: float = Field(0.26, ge=0, le=2, description="Yearly rent as a share of the leased cost")
    rent_per_year_range: tuple[float, float] | None = Field(None, description="[low, high] the Monte Carlo "
                                                                              "draws the rent from")

    @model_validator(mode="after")
    def _range(self) -> "ProgramLease":
        _around(self.rent_per_year_range, self.rent_per_year, "rent_per_year", 2)
        return self


def _around(rng, mode: float, name: str, top: float = 1.0) -> None:
    """A range must hold its mode, within the bounds the single value has (0 .. ``top``)."""
    if rng is not None and not 0 <= rng[0] <= mode <= rng[1] <= top:
        raise ValueError(f"{name}_range {list(rng)} must hold {name} {mode:g} within 0..{top:g} "
                         f"(0 <= low <= {name} <= high <= {top:g})")


class ProgramSpv(Section):
    sponsor: str = Field("", max_length=64, description="Who holds the SPV's equity (empty: '<scenario>-sponsor')")
    lender: str = Field("", max_length=64, description="Who holds its bonds (empty: '<scenario>-spv-bondholders')")
    debt_share: float = Field(0.8, ge=0, le=1, description="Share of the SPV's cost borrowed")
    rate: float = Field(0.066, ge=0, le=1, description="Fixed rate of its bonds per year")
    tenor_years: float = Field(20, ge=0.25, le=40, description="Bonds repaid level over this many years")
    collateral: _COLLATERAL = "campus"
    lease_term_years: float = Field(15, ge=0.25, le=40, description="The owner leases from the SPV for this long")
    rent_per_year: float = Field(0.11, ge=0, le=2, description="Yearly rent as a share of the SPV's cost")


class Capital(Section):
    """The capital stack of a program (gigawatt capital): which instruments apply, how capex is funded, on what
    terms. Composites combine their parts' stacks."""

    owner: str = Field("openai", max_length=64, description="Party that owns the program's systems and pays for "
                                                            "them (a party of data/capital_parties.csv)")
    instruments: list[str] | None = Field(None, description="Rows of data/instruments.csv that apply (unset: all)")
    funding: Funding | None = Field(None, description="Shares of the program's capex by source; unset: the "
                                                      "program's capex is left out of the stack")
    debt: ProgramDebt = Field(default_factory=ProgramDebt)
    lease: ProgramLease = Field(default_factory=ProgramLease)
    spv: ProgramSpv = Field(default_factory=ProgramSpv)
    credit: str | None = Field(None, description="Credit view of data/credit_views.csv (e.g. stressed)")
    gpu_life_years: float = Field(6.0, ge=1, le=15, description="GPUs' economic life: the resale curve (published "
                                  "for a 6-year life) is compressed to it, so GPU collateral recovers less")
    source: str = Field("", description="Where the funding shares and terms come from")
    guess: str = Field("", description="Which of them are judgement (GUESS), with ranges")

    @field_validator("owner")
    @classmethod
    def _owner(cls, v: str) -> str:
        from gigawatt.capital.data import parties

        if v not in parties():
            raise ValueError(f"{v!r} is not a party of data/capital_parties.csv; allowed: {', '.join(parties())}")
        return v

    @field_validator("instruments")
    @classmethod
    def _instruments(cls, v: list[str] | None) -> list[str] | None:
        from gigawatt.capital.data import instruments

        known = [i.id for i in instruments()]
        bad = [x for x in v or () if x not in known]
        if bad:
            raise ValueError(f"{bad[0]!r} is not an instrument of data/instruments.csv; allowed: {', '.join(known)}")
        return v

    @field_validator("credit")
    @classmethod
    def _credit(cls, v: str | None) -> str | None:
        from gigawatt.capital.data import credit_views

        if v is not None and v not in credit_views():
            raise ValueError(f"{v!r} is not a credit view; allowed: {', '.join(sorted(credit_views()))}")
        return v


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
    capital: Capital = Field(default_factory=Capital)


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
    vendor_content_share: float | None = Field(None, ge=0, le=1, description="Share of the unit's price that is the "
                                               "vendor's own content (GPU and CPU boards, its switches); the rest is "
                                               "others' (ODM assembly, power, cooling, chassis)")


class Superseded(Section):
    """When a deal's terms stopped being the deal, and what replaced them."""

    date: str = Field(description="Date the terms were superseded (YYYY-MM-DD)")
    by: str = Field("", description="Built-in scenario of the terms that replaced them")
    why: str = Field("", description="What replaced them, in one line")

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, v: Any) -> str:
        return _iso(v)


def _iso(v: Any) -> str:
    """A date as YYYY-MM-DD (YAML may hand over a date object)."""
    import datetime as dt

    try:
        return dt.date.fromisoformat(str(v)).isoformat()
    except ValueError:
        raise ValueError(f"{v!r} is not a date; give YYYY-MM-DD") from None


class Scenario(Section):
    """A whole scenario file."""

    name: str = Field(description="Short name (built-in scenarios are found by it)")
    title: str = ""
    description: str = ""
    sources: list[str] = Field(default_factory=list, description="Where the scenario's figures come from")
    guesses: list[str] = Field(default_factory=list, description="Which figures are judgement, not sourced")
    as_of: str = Field("", description="Date the terms stood as stated (YYYY-MM-DD); empty: not dated")
    superseded: Superseded | None = Field(None, description="Set when these terms are no longer the deal")
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

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, v: Any) -> str:
        return _iso(v) if v not in (None, "") else ""

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, v: Any) -> Any:
        return _plain_text(v, name=True)

    @field_validator("title", "description", "as_of", mode="before")
    @classmethod
    def _text(cls, v: Any) -> Any:
        return _plain_text(v, name=False)

    @field_validator("sources", "guesses", mode="before")
    @classmethod
    def _texts(cls, v: Any) -> Any:
        return [_plain_text(t, name=False) for t in v] if isinstance(v, list) else v

    @field_validator("horizon", mode="before")
    @classmethod
    def _horizon(cls, v: Any) -> Any:
        return [_no_bare_year(h) for h in v] if isinstance(v, (list, tuple)) else v

    def standing(self) -> dict[str, Any]:
        """Whether these terms are still the deal: a field of every JSON output."""
        s = self.superseded
        return {"as_of": self.as_of or None, "superseded": s is not None, "superseded_on": s.date if s else None,
                "superseded_by": (s.by or None) if s else None, "superseded_why": (s.why or None) if s else None}

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
        if self.program.phases or self.program.sites:  # the phases set the ramp: a ramp beside them is refused
            data["program"] = {k: v for k, v in data["program"].items() if k not in ("ramp_gw_per_year", "phase_gw")}
        if self.include:
            data = {k: v for k, v in data.items() if k in COMPOSITE_OWN and (v or k == "include")}
            fin = self.model_dump(mode="json")["finance"]
            data["finance"] = {"customer_revenue": fin["customer_revenue"],
                               "capital": {k: v for k, v in fin["capital"].items() if k in COMPOSITE_CAPITAL}}
        return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)

    def digest(self) -> str:
        return hashlib.sha256(self.to_yaml().encode()).hexdigest()
