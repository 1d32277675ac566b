"""Deals (deals.csv: who promised how many GW to whom, and its status) and the sites each names (deal_sites.csv)."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

from gigawatt.catalog.campuses import sites
from gigawatt.catalog.tables import _checked_rows, _data_rows, _figure, _ids, _iso_date, _one_of, _sourced, _unique
from gigawatt.errors import InputError, show

DEAL_COLUMNS = ("id", "name", "kind", "payer", "payee", "parties", "gw", "usd", "years", "start", "date", "ended",
                "status", "link_id", "source", "note")
DEAL_SITE_COLUMNS = ("deal", "site", "phase", "gw", "date", "source", "note")
DEAL_KINDS = ("program", "site", "supply", "cloud", "financing")
DEAL_STATUSES = ("announced", "loi", "reported", "contract", "operating", "superseded", "cancelled")


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


@functools.cache
def deals() -> tuple[Deal, ...]:
    """The deals of ``data/deals.csv``."""
    return parse_deals(_data_rows("deals.csv", DEAL_COLUMNS))


@functools.cache
def deal_sites() -> tuple[DealSite, ...]:
    """The sites each deal names (``data/deal_sites.csv``)."""
    return parse_deal_sites(_data_rows("deal_sites.csv", DEAL_SITE_COLUMNS), deals(), sites())
