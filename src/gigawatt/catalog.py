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
from gigawatt.freshness import FRESHNESS_COLUMNS, data_date  # noqa: F401  (data_date: "data as of ..." in faces)

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


# --- platforms ---------------------------------------------------------------------------------------

PLATFORM_NUMBERS = ("unit_power_kw", "gpu_packages_per_unit", "gpu_dies_per_unit", "fp4_dense_pflops_per_gpu",
                    "fp8_dense_pflops_per_gpu", "bf16_dense_pflops_per_gpu", "hbm_gb_per_gpu",
                    "price_usd_per_unit", "network_usd_per_unit", "other_it_usd_per_unit")
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


# --- comparisons ---------------------------------------------------------------------------------------

# The 50 states and DC: a comparison year must list every one of them (issue 11: never mix years).
STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DC DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split())


def us_states(year: int | None = None) -> dict[str, Ref]:
    """Annual retail electricity sales by state code (and ``US``) of one year: the given one, else the newest
    year that lists all 50 states and DC (later partial years stay history, never mixed into a comparison)."""
    by_year: dict[int | None, dict[str, Ref]] = {}
    for r in rows():
        if r.file == "us_states.csv" and r.quantity == "retail_sales_twh" and isinstance(r.value, float):
            by_year.setdefault(r.year, {}).setdefault(r.key, r)
    if year is None:
        complete = [y for y, refs in by_year.items() if y is not None and STATE_CODES <= set(refs)]
        if not complete:
            raise LookupError("us_states.csv: no year lists all 50 states and DC")
        year = max(complete)
    return dict(by_year.get(year, {}))


PUBLIC_GPUS_PER_GW = ("gpus-per-gw-huang-cnbc", "gpus-per-gw-bg2", "gpus-per-gw-barclays")


def public_gpus_per_gw() -> list[Ref]:
    """Public 'GPUs per GW' statements, each with the counting convention in its note."""
    return [ref(k, "gpus_per_gw") for k in PUBLIC_GPUS_PER_GW if (k, "gpus_per_gw") in _index()]


# --- market: companies and the links between them -------------------------------------------------------
# companies.csv and links.csv (data/links.csv; a link points the way money or value flows, payer -> payee).
# Blank numbers are NaN (not disclosed); text is stripped. ``links()`` is the one place links are read from.

COMPANY_COLUMNS = ("id", "name", "kind", "revenue_usd", "revenue_year", "valuation_usd", "source", "note")
LINK_COLUMNS = ("id", "kind", "payer", "payee", "usd", "gw", "stake", "shares", "strike_usd", "years", "start",
                "seniority", "date", "source", "note")
_COMPANY_NUMBERS = ("revenue_usd", "revenue_year", "valuation_usd")
_LINK_NUMBERS = ("usd", "gw", "stake", "shares", "strike_usd", "years", "seniority")
# Which numeric fields each kind of link may carry; anything else is a data-entry slip (a GW on an equity row).
KIND_FIELDS = {"equity": {"usd", "stake", "shares"}, "supply": {"usd", "gw", "years", "seniority"},
               "cloud": {"usd", "gw", "years", "seniority"}, "warrant": {"usd", "shares", "strike_usd"}}


@dataclass(frozen=True)
class Company:
    """A company of the market data: latest annual revenue [usd] and its year, valuation [usd]; NaN = n/d."""

    id: str
    name: str
    kind: str
    revenue_usd: float
    revenue_year: float
    valuation_usd: float
    source: str
    note: str


@dataclass(frozen=True)
class Link:
    """One deal, payer -> payee. ``usd`` is the total over its life; NaN numbers are not disclosed.
    ``origin`` says where the row came from (``links.csv row 3``, ``links[0]`` of a scenario)."""

    id: str
    kind: str
    payer: str
    payee: str
    usd: float
    gw: float
    stake: float
    shares: float
    strike_usd: float
    years: float
    start: str
    seniority: float
    date: str
    source: str
    note: str
    origin: str


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


def _company(row: dict, where: str) -> Company:
    out = {c: str(row.get(c) or "").strip() for c in COMPANY_COLUMNS}
    cid = out["id"]
    if not cid or cid != cid.lower() or not all(ch.isalnum() or ch in "_-" for ch in cid):
        raise InputError(f"{where}.id", f"{show(row.get('id'))} is not a company id "
                                        "(lowercase letters, digits, - or _)")
    nums = {c: _amount(row.get(c), c, f"{where}.{c}") for c in _COMPANY_NUMBERS}
    if not out["source"]:
        raise InputError(f"{where}.source", "empty; every company row needs a source (publisher and date)")
    return Company(**{**out, **nums, "name": out["name"] or cid})


def companies(path=None) -> tuple[Company, ...]:
    """The companies of ``data/companies.csv`` (or the CSV at ``path``), one per id, each sourced."""
    file = path if path is not None else resources.files("gigawatt") / "data" / "companies.csv"
    name = getattr(file, "name", str(file))
    rows_ = tuple(_company(r, f"{name} row {i + 1}") for i, r in enumerate(_csv_rows(file, COMPANY_COLUMNS)))
    _unique(rows_, name)
    return rows_


def _link(row, where: str, *, need_source: bool) -> Link:
    from collections.abc import Mapping

    if not isinstance(row, Mapping):
        raise InputError(where, f"{show(row)} is not a mapping of link fields")
    unknown = sorted(set(row) - set(LINK_COLUMNS))
    if unknown:
        raise InputError(f"{where}.{unknown[0]}", f"unknown field; a link has {', '.join(LINK_COLUMNS)}")
    out = {c: str("" if row.get(c) is None else row.get(c)).strip() for c in LINK_COLUMNS if c not in _LINK_NUMBERS}
    if not out["id"]:
        raise InputError(f"{where}.id", "empty; every link needs an id")
    _one_of(out["kind"], KIND_FIELDS, f"{where}.kind", "a link kind")
    for col in ("payer", "payee"):
        if not out[col]:
            raise InputError(f"{where}.{col}", "empty; name a company id")
    if out["payer"] == out["payee"]:
        raise InputError(f"{where}.payee", f"{show(out['payee'])} is also the payer; a link joins two companies")
    nums = {c: _amount(row.get(c), c, f"{where}.{c}") for c in _LINK_NUMBERS}
    for col, v in nums.items():
        if not math.isnan(v) and col not in KIND_FIELDS[out["kind"]]:
            raise InputError(f"{where}.{col}", f"{show(v)} given, but {out['kind']} links do not use {col} "
                                               f"(they use {', '.join(sorted(KIND_FIELDS[out['kind']]))})")
    if nums["stake"] > 1:
        raise InputError(f"{where}.stake", f"{show(nums['stake'])} is above 1; a stake is a fraction 0-1 "
                                           "(write 0.27 or \"27 %\")")
    if nums["years"] == 0:
        raise InputError(f"{where}.years", "0 years; a commitment's term must be positive")
    for col in ("date", "source") if need_source else ():
        if not out[col]:
            raise InputError(f"{where}.{col}", f"empty; every shipped link needs a {col}")
    return Link(**{**out, **nums, "source": out["source"] or "scenario", "origin": where})


@functools.cache
def _shipped_links() -> tuple[Link, ...]:  # links.csv, with the deals of deals.csv that are market links
    return _with_deal_links(_read_links(resources.files("gigawatt") / "data" / "links.csv"))


def _read_links(file) -> tuple[Link, ...]:
    name = getattr(file, "name", str(file))
    records = ({k: v for k, v in r.items() if k not in FRESHNESS_COLUMNS} for r in _csv_rows(file, LINK_COLUMNS))
    out = tuple(_link(r, f"{name} row {i + 1}", need_source=True) for i, r in enumerate(records))
    _unique(out, name)
    return out


def links(path=None, extra=()) -> tuple[Link, ...]:
    """The market's links: ``data/links.csv`` (or the CSV at ``path``) plus ``extra``, a scenario's links
    (mappings of the same fields; values may carry units, ``"$100B"``, ``"10 GW"``, ``"27 %"``).

    An extra link whose ``id`` is already there replaces that row (a scenario can restate a deal); otherwise it
    is appended. Every reader of links (market, claims) comes through here."""
    rows_ = list(_shipped_links() if path is None else _read_links(path))
    index = {r.id: i for i, r in enumerate(rows_)}
    for j, raw in enumerate(extra):
        r = _link(raw, f"links[{j}]", need_source=False)
        if r.id in index:
            rows_[index[r.id]] = r
        else:
            index[r.id] = len(rows_)
            rows_.append(r)
    return tuple(rows_)


# --- sites and deals -------------------------------------------------------------------------------------
# sites.csv (campuses), site_timeline.csv (dated status and power online per site, in date order), deals.csv
# (who promised how many GW to whom) and deal_sites.csv (which sites a deal names; many to many). Most site
# figures are Epoch AI's Frontier Data Centers data (CC-BY 4.0), the rest press releases and filings; every row
# carries a source and a date. Blank numbers are NaN (not public).

SITE_COLUMNS = ("id", "name", "operator", "owner", "tenants", "country", "state", "lat", "lon", "planned_mw",
                "power_source", "date", "source", "note")
TIMELINE_COLUMNS = ("site", "date", "status", "power_mw", "h100e", "capital_cost_usd", "source", "note")
DEAL_COLUMNS = ("id", "name", "kind", "payer", "payee", "parties", "gw", "usd", "years", "start", "date", "ended",
                "status", "link_id", "source", "note")
DEAL_SITE_COLUMNS = ("deal", "site", "phase", "gw", "date", "source", "note")
# observed: land_clearing, construction, operational; expected: projected (Epoch's estimate for a later date),
# planned (a target from an announcement); announced: a site known before any work was seen.
TIMELINE_STATUSES = ("announced", "land_clearing", "construction", "operational", "projected", "planned")
DEAL_KINDS = ("program", "site", "supply", "cloud", "financing")
DEAL_STATUSES = ("announced", "loi", "reported", "contract", "operating", "superseded", "cancelled")


@dataclass(frozen=True)
class Site:
    """An AI campus: who runs, owns and uses it, where it is, and its planned facility power [MW]."""

    id: str
    name: str
    operator: str
    owner: tuple[str, ...]
    tenants: tuple[str, ...]
    country: str
    state: str
    lat: float
    lon: float
    planned_mw: float
    power_source: str
    date: str  # first publicly known (announcement, or Epoch's first dated record)
    source: str
    note: str

    @property
    def companies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.operator, *self.owner, *self.tenants)))


@dataclass(frozen=True)
class TimelineRow:
    """A site's state on a date: facility power online [MW], H100-equivalents, cumulative capital cost [usd]."""

    site: str
    date: str
    status: str
    power_mw: float
    h100e: float
    capital_cost_usd: float
    source: str
    note: str


@dataclass(frozen=True)
class Deal:
    """A letter of intent or contract: parties, GW and usd (NaN = not disclosed), dates, status."""

    id: str
    name: str
    kind: str
    payer: str
    payee: str
    parties: tuple[str, ...]
    gw: float
    usd: float
    years: float
    start: str
    date: str
    ended: str
    status: str
    link_id: str
    source: str
    note: str


@dataclass(frozen=True)
class DealSite:
    """A site a deal names; ``gw`` the deal's share of it (NaN: the site's planned capacity, shared pro rata)."""

    deal: str
    site: str
    phase: str
    gw: float
    date: str
    source: str
    note: str


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


def parse_sites(records, file: str = "sites.csv") -> tuple[Site, ...]:
    """Sites from mappings of ``SITE_COLUMNS``; bad values raise InputError naming row and field."""
    out = []
    for where, t in _checked_rows(records, file, SITE_COLUMNS, "site"):
        _sourced(t, where)
        out.append(Site(
            id=t["id"], name=t["name"] or t["id"], operator=t["operator"], owner=_ids(t["owner"]),
            tenants=_ids(t["tenants"]), country=t["country"], state=t["state"],
            lat=_figure(t["lat"], f"{where}.lat", low=-90, high=90, what="a latitude"),
            lon=_figure(t["lon"], f"{where}.lon", low=-180, high=180, what="a longitude"),
            planned_mw=_figure(t["planned_mw"], f"{where}.planned_mw", what="planned MW"),
            power_source=t["power_source"], date=_iso_date(t["date"], f"{where}.date"), source=t["source"],
            note=t["note"]))
    _unique(out, file)
    return tuple(out)


def parse_timeline(records, sites_, file: str = "site_timeline.csv") -> tuple[TimelineRow, ...]:
    """Timeline rows from mappings of ``TIMELINE_COLUMNS``: each names a known site, and a site's rows are in
    date order (a later row never has an earlier date)."""
    known = {s.id for s in sites_}
    last: dict[str, str] = {}
    out = []
    for where, t in _checked_rows(records, file, TIMELINE_COLUMNS):
        if t["site"] not in known:
            raise InputError(f"{where}.site", f"{show(t['site'])} is not a site of sites.csv")
        _sourced(t, where)
        date = _iso_date(t["date"], f"{where}.date")
        if t["site"] in last and date < last[t["site"]]:
            raise InputError(f"{where}.date", f"{date} comes after {last[t['site']]} in the file; the rows of site "
                                              f"{t['site']!r} must be in date order")
        last[t["site"]] = date
        _one_of(t["status"], TIMELINE_STATUSES, f"{where}.status", "a status")
        out.append(TimelineRow(
            site=t["site"], date=date, status=t["status"],
            power_mw=_figure(t["power_mw"], f"{where}.power_mw", what="power MW"),
            h100e=_figure(t["h100e"], f"{where}.h100e", what="H100-equivalents"),
            capital_cost_usd=_figure(t["capital_cost_usd"], f"{where}.capital_cost_usd", what="capital cost"),
            source=t["source"], note=t["note"]))
    return tuple(out)


def parse_deals(records, file: str = "deals.csv") -> tuple[Deal, ...]:
    """Deals from mappings of ``DEAL_COLUMNS``."""
    out = []
    for where, t in _checked_rows(records, file, DEAL_COLUMNS, "deal"):
        _sourced(t, where)
        _one_of(t["kind"], DEAL_KINDS, f"{where}.kind", "a deal kind")
        _one_of(t["status"], DEAL_STATUSES, f"{where}.status", "a deal status")
        date = _iso_date(t["date"], f"{where}.date")
        ended = _iso_date(t["ended"], f"{where}.ended") if t["ended"] else ""
        if ended and ended < date:
            raise InputError(f"{where}.ended", f"{ended} is before the deal's date {date}")
        out.append(Deal(
            id=t["id"], name=t["name"] or t["id"], kind=t["kind"], payer=t["payer"], payee=t["payee"],
            parties=_ids(t["parties"]) or tuple(p for p in (t["payer"], t["payee"]) if p),
            gw=_figure(t["gw"], f"{where}.gw", what="GW"), usd=_figure(t["usd"], f"{where}.usd", what="usd"),
            years=_figure(t["years"], f"{where}.years", what="years"), start=t["start"], date=date, ended=ended,
            status=t["status"], link_id=t["link_id"], source=t["source"], note=t["note"]))
    _unique(out, file)
    return tuple(out)


def parse_deal_sites(records, deals_, sites_, file: str = "deal_sites.csv") -> tuple[DealSite, ...]:
    """Deal-site links: the deal and the site must exist; a link's GW needs a deal GW, and a deal's links
    never add up to more GW than the deal."""
    deal_gw = {d.id: d.gw for d in deals_}
    known_sites = {s.id for s in sites_}
    given: dict[str, float] = {}
    out = []
    for where, t in _checked_rows(records, file, DEAL_SITE_COLUMNS):
        if t["deal"] not in deal_gw:
            raise InputError(f"{where}.deal", f"{show(t['deal'])} is not a deal of deals.csv")
        if t["site"] not in known_sites:
            raise InputError(f"{where}.site", f"deal {t['deal']!r} names {show(t['site'])}, which is not a site of "
                                              "sites.csv")
        _sourced(t, where)
        gw = _figure(t["gw"], f"{where}.gw", what="GW")
        if not math.isnan(gw):
            if math.isnan(deal_gw[t["deal"]]):
                raise InputError(f"{where}.gw", f"{gw:g} GW given, but deal {t['deal']!r} states no GW")
            given[t["deal"]] = given.get(t["deal"], 0.0) + gw
            if given[t["deal"]] > deal_gw[t["deal"]] + 1e-9:
                raise InputError(f"{where}.gw", f"deal {t['deal']!r}'s sites add up to {given[t['deal']]:g} GW, more "
                                                f"than the deal's {deal_gw[t['deal']]:g} GW")
        out.append(DealSite(deal=t["deal"], site=t["site"], phase=t["phase"], gw=gw,
                            date=_iso_date(t["date"], f"{where}.date"), source=t["source"], note=t["note"]))
    return tuple(out)


def _data_rows(name: str, columns: tuple[str, ...]) -> list[dict]:
    return _csv_rows(resources.files("gigawatt") / "data" / name, columns)


@functools.cache
def sites() -> tuple[Site, ...]:
    """The campuses of ``data/sites.csv``."""
    return parse_sites(_data_rows("sites.csv", SITE_COLUMNS))


@functools.cache
def site_timeline() -> tuple[TimelineRow, ...]:
    """The dated rows of ``data/site_timeline.csv`` (each site's rows in date order)."""
    return parse_timeline(_data_rows("site_timeline.csv", TIMELINE_COLUMNS), sites())


@functools.cache
def deals() -> tuple[Deal, ...]:
    """The deals of ``data/deals.csv``."""
    return parse_deals(_data_rows("deals.csv", DEAL_COLUMNS))


@functools.cache
def deal_sites() -> tuple[DealSite, ...]:
    """The sites each deal names (``data/deal_sites.csv``)."""
    return parse_deal_sites(_data_rows("deal_sites.csv", DEAL_SITE_COLUMNS), deals(), sites())


def deal_links(deals_=None) -> tuple[Link, ...]:
    """The market links that deals.csv states (deals with a ``link_id``): the one source of those rows, so
    the pipeline's deals and the market's network never disagree."""
    out = []
    for d in deals() if deals_ is None else deals_:
        if d.link_id:
            out.append(_link({"id": d.link_id, "kind": d.kind, "payer": d.payer, "payee": d.payee, "usd": d.usd,
                              "gw": d.gw, "years": d.years, "start": d.start, "date": d.date, "source": d.source,
                              "note": d.note}, f"deals.csv {d.id}", need_source=True))
    return tuple(out)


def _with_deal_links(rows_: tuple[Link, ...]) -> tuple[Link, ...]:
    """links.csv rows with the deal-derived links in place of any row of the same id (else appended)."""
    out = list(rows_)
    index = {r.id: i for i, r in enumerate(out)}
    for r in deal_links():
        if r.id in index:
            out[index[r.id]] = r
        else:
            index[r.id] = len(out)
            out.append(r)
    return tuple(out)


# --- power options (gigawatt.power) ------------------------------------------------------------------------

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
