"""Campuses (sites.csv) and their dated status and power online (site_timeline.csv)."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from gigawatt.catalog.tables import _checked_rows, _data_rows, _figure, _ids, _iso_date, _one_of, _sourced, _unique
from gigawatt.errors import InputError, show

# Most site figures are Epoch AI's Frontier Data Centers data (CC-BY 4.0), the rest press releases and filings;
# every row carries a source and a date. Blank numbers are NaN (not public).

SITE_COLUMNS = ("id", "name", "operator", "owner", "tenants", "developer", "lessee", "country", "state", "lat", "lon",
                "planned_mw", "power_source", "date", "source", "note")
TIMELINE_COLUMNS = ("site", "date", "status", "power_mw", "h100e", "capital_cost_usd", "source", "note")
# observed: land_clearing, construction, operational; expected: projected (Epoch's estimate for a later date),
# planned (a target from an announcement); announced: a site known before any work was seen.
TIMELINE_STATUSES = ("announced", "land_clearing", "construction", "operational", "projected", "planned")


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
    developer: tuple[str, ...] = ()  # who builds it (may differ from owner and operator)
    lessee: tuple[str, ...] = ()  # who leases it from the owners (may sublet to the tenants)

    @property
    def companies(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.operator, *self.owner, *self.tenants, *self.developer, *self.lessee)))


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


def parse_sites(records, file: str = "sites.csv") -> tuple[Site, ...]:
    """Sites from mappings of ``SITE_COLUMNS``; bad values raise InputError naming row and field."""
    out = []
    for where, t in _checked_rows(records, file, SITE_COLUMNS, "site"):
        _sourced(t, where)
        out.append(Site(
            id=t["id"], name=t["name"] or t["id"], operator=t["operator"], owner=_ids(t["owner"]),
            tenants=_ids(t["tenants"]), developer=_ids(t["developer"]), lessee=_ids(t["lessee"]),
            country=t["country"], state=t["state"],
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


@functools.cache
def sites() -> tuple[Site, ...]:
    """The campuses of ``data/sites.csv``."""
    return parse_sites(_data_rows("sites.csv", SITE_COLUMNS))


@functools.cache
def site_timeline() -> tuple[TimelineRow, ...]:
    """The dated rows of ``data/site_timeline.csv`` (each site's rows in date order)."""
    return parse_timeline(_data_rows("site_timeline.csv", TIMELINE_COLUMNS), sites())
