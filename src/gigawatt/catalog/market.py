"""The market: companies (companies.csv) and the links between them (links.csv plus the deals of deals.csv that
are market links); a link points the way money or value flows, payer -> payee."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from importlib import resources

from gigawatt.catalog.freshness import FRESHNESS_COLUMNS
from gigawatt.catalog.tables import _amount, _csv_rows, _one_of, _unique
from gigawatt.errors import InputError, show

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


# Upper bounds of a link's numbers: each far above any real deal ($100 T is about a year of world output).
_LINK_TOPS = {"usd": (1e14, "$100 T"), "gw": (1e4, "10,000 GW"), "shares": (1e12, "a trillion shares"),
              "strike_usd": (1e7, "$10 M a share"), "years": (100.0, "a century")}


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
    for col, (top, what) in _LINK_TOPS.items():  # far beyond any deal: sums of them cannot overflow a float
        if nums[col] > top:
            raise InputError(f"{where}.{col}", f"{show(nums[col])} is above {top:g} ({what}); check the unit")
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
    given = (_link(raw, f"links[{j}]", need_source=False) for j, raw in enumerate(extra))
    return _replaced(_shipped_links() if path is None else _read_links(path), given)


def deal_links(deals_=None) -> tuple[Link, ...]:
    """The market links that deals.csv states (deals with a ``link_id``): the one source of those rows, so
    the pipeline's deals and the market's network never disagree."""
    from gigawatt.catalog.commitments import deals

    out = []
    for d in deals() if deals_ is None else deals_:
        if d.link_id:
            out.append(_link({"id": d.link_id, "kind": d.kind, "payer": d.payer, "payee": d.payee, "usd": d.usd,
                              "gw": d.gw, "years": d.years, "start": d.start, "date": d.date, "source": d.source,
                              "note": d.note}, f"deals.csv {d.id}", need_source=True))
    return tuple(out)


def _with_deal_links(rows_: tuple[Link, ...]) -> tuple[Link, ...]:
    """links.csv rows with the deal-derived links in place of any row of the same id (else appended)."""
    return _replaced(rows_, deal_links())


def _replaced(rows_, new) -> tuple[Link, ...]:
    """``rows_`` with each of ``new`` in place of the row of the same id, else appended (in order)."""
    out = list(rows_)
    index = {r.id: i for i, r in enumerate(out)}
    for r in new:
        if r.id in index:
            out[index[r.id]] = r
        else:
            index[r.id] = len(out)
            out.append(r)
    return tuple(out)
