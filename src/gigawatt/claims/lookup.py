"""Where a claim formula's operands get their numbers: sourced reference figures (``ref:``), market data
(``company:``, ``link:``, ``links:``, read through :mod:`gigawatt.catalog`), and the ``refs`` that replace them.

A reference figure with a sourced low-high range is uncertain too: with ``draws`` set, it comes as that many
seeded draws from a triangular distribution (low, value, high), one stream per figure."""

from __future__ import annotations

import functools
import math
import zlib
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from gigawatt import catalog, timeline
from gigawatt.errors import InputError, show


class NotCheckable(Exception):
    """A figure a claim needs is missing or is not independent of the claim."""


@functools.cache
def _links() -> tuple[catalog.Link, ...]:
    return catalog.links()


@functools.cache
def _companies() -> dict[str, catalog.Company]:
    return {c.id: c for c in catalog.companies()}


def quarter(text, path: str) -> int:
    return timeline.parse_quarter(str(text), path)


def _ref_key(text: str) -> tuple[str, str, int | None]:
    body, _, year = text.partition("@")
    key, _, quantity = body.partition(".")
    if not key or not quantity:
        raise InputError("claims.value", f"{show(text)} is not KEY.QUANTITY[@YEAR]")
    return key, quantity, int(year) if year else None


def _matching(text: str, strict: bool) -> list[catalog.Link]:
    """Links matching a ``links:`` filter ``payer=X,kind=Y,until=DATE``."""
    out = list(_links())
    for cond in text.split(","):
        k, _, v = cond.partition("=")
        if k == "until":
            out = [r for r in out if r.date <= v]
        elif k in ("payer", "payee", "kind") or not strict:
            out = [r for r in out if getattr(r, k) == v]
        else:
            raise InputError("claims.value", f"{show(cond)}: filter links by payer, payee, kind or until")
    return out


def undisclosed_links(text: str) -> list[str]:
    """Ids of links matching a ``links:`` filter whose amount is not disclosed."""
    return [r.id for r in _matching(text, strict=False) if not math.isfinite(r.usd)]


@dataclass
class Lookup:
    """Where formula operands get their numbers: reference data, market data, refs overrides."""

    refs: Mapping[str, Any] = field(default_factory=dict)
    own_source: str | None = None
    draws: int = 0          # > 0: ranged reference figures come as this many draws
    seed: int = 0

    def ref(self, text: str):
        """A sourced figure; ``refs`` wins (by ``KEY.QUANTITY@YEAR`` or ``KEY.QUANTITY``)."""
        key, quantity, year = _ref_key(text)
        for k in (text, f"{key}.{quantity}"):
            if k in self.refs:
                v = self.refs[k]
                return v if isinstance(v, np.ndarray) else float(v)
        try:
            r = catalog.ref(key, quantity, year)
        except LookupError:
            raise NotCheckable(f"no sourced figure {text} in gigawatt/data") from None
        if self.own_source and self.own_source.lower() in r.source.lower():
            raise NotCheckable(f"the only figure, {key}.{quantity}, cites the claim's own source ({self.own_source})")
        if not isinstance(r.value, float):
            raise NotCheckable(f"{key}.{quantity} has no numeric value ({r.note or 'not published'})")
        lo, hi = r.range
        if self.draws and hi > lo:
            rng = np.random.default_rng([self.seed, zlib.crc32(text.encode())])
            return rng.triangular(lo, min(max(r.value, lo), hi), hi, self.draws)
        return r.value

    def company(self, text: str) -> float:
        full = f"company:{text}"
        if full in self.refs:
            return float(self.refs[full])
        cid, _, col = text.partition(".")
        row = _companies().get(cid)
        if row is None or col not in catalog.COMPANY_COLUMNS or col == "id":
            raise NotCheckable(f"no {col} for company {cid} in companies.csv")
        try:
            v = float(getattr(row, col))
        except ValueError:
            v = math.nan
        if not math.isfinite(v):
            raise NotCheckable(f"companies.csv gives no {col} for {cid}")
        return v

    def link(self, text: str) -> float:
        full = f"link:{text}"
        if full in self.refs:
            v = self.refs[full]
            return float(quarter(v, full)) if text.endswith(".start") else float(v)
        lid, _, col = text.partition(".")
        row = next((r for r in _links() if r.id == lid), None)
        if row is None:
            raise NotCheckable(f"no link {lid} in links.csv")
        if col not in catalog.LINK_COLUMNS:
            raise InputError("claims.value", f"link:{text}: {show(col)} is not a column of links.csv")
        v = getattr(row, col)
        if col in ("start", "date"):
            return float(quarter(v, f"links.csv {lid}.{col}"))
        v = float(v)
        if not math.isfinite(v):
            raise NotCheckable(f"links.csv {lid} does not disclose {col}")
        return v

    def links_sum(self, text: str) -> float:
        full = f"links:{text}"
        if full in self.refs:
            return float(self.refs[full])
        disclosed = [r.usd for r in _matching(text, strict=True) if math.isfinite(r.usd)]
        if not disclosed:
            raise NotCheckable(f"no link with a disclosed amount matches {text}")
        return float(np.sum(disclosed))

    def paid(self, text: str) -> float:
        """``paid:CUSTOMER:VENDOR:SHORTFALL``: the share of its commitments to VENDOR that CUSTOMER pays when
        its revenue falls short of its path by SHORTFALL (the market stress test, :mod:`gigawatt.market`)."""
        full = f"paid:{text}"
        if full in self.refs:
            return float(self.refs[full])
        parts = text.split(":")
        if len(parts) != 3:
            raise InputError("claims.value", f"{show(full)} is not paid:CUSTOMER:VENDOR:SHORTFALL")
        customer, vendor, shortfall = parts
        return _paid_share(customer, vendor, float(shortfall))


@functools.cache
def _paid_share(customer: str, vendor: str, shortfall: float) -> float:
    from gigawatt.market.graph import build_graph, load_companies, load_links
    from gigawatt.market.stress import stress_test

    s = stress_test(build_graph(load_companies(), load_links()), customer, shortfall)
    mine = s[s["counterparty"] == vendor]
    owed = float(mine["annual_usd"].sum())
    if owed <= 0:
        raise NotCheckable(f"{customer} has no disclosed commitment to {vendor} in the market data")
    return float(mine["paid_usd"].sum()) / owed
