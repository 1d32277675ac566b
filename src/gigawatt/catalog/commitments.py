"""Deals (deals.csv: who promised how many GW to whom, and its status now), their dated status history
(deal_status.csv: announced, definitive, superseded, cancelled, ...) and the sites each names (deal_sites.csv)."""

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
# loi: a letter of intent; reported: in the press, not confirmed by a party; definitive: a definitive agreement
# (signed, or a round closed); contract: a signed commercial contract; superseded: replaced by another deal.
DEAL_STATUSES = ("announced", "loi", "reported", "definitive", "contract", "operating", "superseded", "cancelled")
ENDED_STATUSES = ("superseded", "cancelled")  # no longer announced capacity from the day they take effect
STATUS_COLUMNS = ("deal", "date", "status", "by", "source", "note")


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


@dataclass(frozen=True)
class DealStatus:
    """A deal's status from ``date`` on; ``by`` names the deal that superseded it."""

    deal: str
    date: str
    status: str
    by: str
    source: str
    note: str


def _status_row(t: dict, where: str, deal, known) -> DealStatus:
    _sourced(t, where)
    _one_of(t["status"], DEAL_STATUSES, f"{where}.status", "a deal status")
    date = _iso_date(t["date"], f"{where}.date")
    if date < deal.date:
        raise InputError(f"{where}.date", f"{date} is before deal {deal.id!r} was made ({deal.date})")
    if t["by"] and t["by"] not in known:
        raise InputError(f"{where}.by", f"{show(t['by'])} is not a deal of deals.csv")
    if (t["status"] == "superseded") != bool(t["by"]):
        raise InputError(f"{where}.by", "name the superseding deal on a superseded row, and only there")
    return DealStatus(deal=t["deal"], date=date, status=t["status"], by=t["by"], source=t["source"], note=t["note"])


def parse_deal_status(records, deals_, file: str = "deal_status.csv") -> tuple[DealStatus, ...]:
    """Status rows: each names a known deal, a deal's rows are in date order, its first row is on the deal's
    date, and its last row agrees with deals.csv (status, and ``ended`` for a superseded or cancelled deal)."""
    known = {d.id: d for d in deals_}
    out: list[DealStatus] = []
    for where, t in _checked_rows(records, file, STATUS_COLUMNS):
        if t["deal"] not in known:
            raise InputError(f"{where}.deal", f"{show(t['deal'])} is not a deal of deals.csv")
        row = _status_row(t, where, known[t["deal"]], known)
        before = [r for r in out if r.deal == row.deal]
        if before and row.date < before[-1].date:
            raise InputError(f"{where}.date", f"{row.date} comes after {before[-1].date}; deal {row.deal!r}'s "
                                              "rows must be in date order")
        out.append(row)
    for d in deals_:
        _agrees(d, [r for r in out if r.deal == d.id], file)
    return tuple(out)


def _agrees(d, rows, file: str) -> None:
    if not rows:
        raise InputError(f"{file}.deal", f"deal {d.id!r} has no status row; give at least the one it was made with")
    if rows[0].date != d.date:
        raise InputError(f"{file}.date", f"deal {d.id!r}'s first status is on {rows[0].date}, not its date {d.date}")
    if rows[-1].status != d.status:
        raise InputError(f"{file}.status", f"deal {d.id!r}'s latest status is {rows[-1].status!r} here but "
                                           f"{d.status!r} in deals.csv")
    if rows[-1].status in ENDED_STATUSES and d.ended != rows[-1].date:
        raise InputError("deals.csv.ended", f"deal {d.id!r} was {rows[-1].status} on {rows[-1].date}; its ended "
                                            f"is {d.ended or 'empty'}")


def status_on(history, deal: str, day: str) -> str | None:
    """A deal's status on ``day`` (ISO), from its status rows; None before it was made."""
    rows = [r for r in history if r.deal == deal and r.date <= day]
    return rows[-1].status if rows else None


@functools.cache
def deal_status() -> tuple[DealStatus, ...]:
    """Every deal's dated status history (``data/deal_status.csv``)."""
    return parse_deal_status(_data_rows("deal_status.csv", STATUS_COLUMNS), deals())


STATEMENT_COLUMNS = ("company", "quantity", "value", "unit", "as_of", "said_on", "who", "source", "note")
STATEMENT_QUANTITIES = ("announced_gw", "delivered_gw")


@dataclass(frozen=True)
class Statement:
    """What a company said of its own capacity: ``value`` GW announced or delivered as of ``as_of``."""

    company: str
    quantity: str
    value: float
    as_of: str
    said_on: str
    who: str
    source: str
    note: str


def parse_statements(records, file: str = "company_statements.csv") -> tuple[Statement, ...]:
    """Company statements from mappings of ``STATEMENT_COLUMNS``; figures in GW, said on or after their date."""
    out = []
    for where, t in _checked_rows(records, file, STATEMENT_COLUMNS):
        _one_of(t["quantity"], STATEMENT_QUANTITIES, f"{where}.quantity", "a checked quantity")
        _one_of(t["unit"], ("GW",), f"{where}.unit", "a unit")
        if not t["source"]:
            raise InputError(f"{where}.source", "empty; every row needs a source")
        as_of, said = _iso_date(t["as_of"], f"{where}.as_of"), _iso_date(t["said_on"], f"{where}.said_on")
        if said < as_of:
            raise InputError(f"{where}.said_on", f"{said} is before the date it speaks of ({as_of})")
        out.append(Statement(company=t["company"], quantity=t["quantity"],
                             value=_figure(t["value"], f"{where}.value", what="GW"), as_of=as_of, said_on=said,
                             who=t["who"], source=t["source"], note=t["note"]))
    return tuple(out)


@functools.cache
def company_statements() -> tuple[Statement, ...]:
    """Companies' own statements of announced and delivered GW (``data/company_statements.csv``)."""
    return parse_statements(_data_rows("company_statements.csv", STATEMENT_COLUMNS))
