"""Delivered capacity with its evidence: power online by region, projections whose date has passed ("due,
unconfirmed"), and checks of a company's own statements (announced and delivered GW) against the data.

Pure functions over catalog rows, like :mod:`gigawatt.sites`; they return plain data.

* **Delivered** at a date: power online at the latest *observed* timeline row on or before it (Epoch AI's
  satellite and permit evidence, or a filing), with the date of that evidence.
* **Due, unconfirmed**: a projection or announced target (``projected``, ``planned``) whose date has passed, for
  more power than the latest observed row shows; it stays "due, unconfirmed" until an observed row confirms it.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Sequence

from gigawatt.errors import InputError, show

REGIONS = {"world": None, "US": "US"}  # region -> country code (None: every country)


def check_region(value: str | None, path: str = "--region") -> str:
    """``US`` or ``world`` (case-insensitive; default world)."""
    if value is None:
        return "world"
    for k in REGIONS:
        if str(value).strip().lower() == k.lower():
            return k
    raise InputError(path, f"{show(value)} is not a region; use one of {', '.join(REGIONS)}")


def in_region(sites: Iterable, region: str) -> list:
    """The sites of a region (``world``: all)."""
    country = REGIONS[check_region(region)]
    return [s for s in sites if country is None or s.country == country]


def _power(r) -> float:
    return r.power_mw if isinstance(r.power_mw, float) and math.isfinite(r.power_mw) else 0.0


def site_evidence(site, rows: Sequence, day: str, observed: Sequence[str], expected: Sequence[str]) -> dict:
    """One site at ``day``: MW online with the date of its evidence, and the MW a passed projection says are due
    beyond that (``due_mw``, 0 when none is due or an observed row already shows it)."""
    seen = [r for r in rows if r.date <= day and r.status in observed]
    online = _power(seen[-1]) if seen else 0.0
    passed = [r for r in rows if r.date <= day and r.status in expected and _power(r) > online]
    due = max(passed, key=lambda r: (_power(r), r.date), default=None)
    return {"site": site.id, "country": site.country, "online_mw": online,
            "evidence_date": seen[-1].date if seen else None,
            "due_mw": _power(due) - online if due else 0.0, "due_date": due.date if due else None,
            "due_status": due.status if due else None}


def delivered(sites: Sequence, by_site: dict, as_of: _dt.date, observed, expected) -> dict:
    """Delivered GW with its evidence over ``sites``, and the GW due but unconfirmed, site by site."""
    day = as_of.isoformat()
    rows = [site_evidence(s, by_site.get(s.id, []), day, observed, expected) for s in sites]
    dated = [r["evidence_date"] for r in rows if r["evidence_date"] and r["online_mw"] > 0]
    due = sorted((r for r in rows if r["due_mw"] > 0), key=lambda r: (-r["due_mw"], r["site"]))
    return {"delivered_gw": sum(r["online_mw"] for r in rows) / 1000.0,
            "evidence_from": min(dated, default=None), "evidence_to": max(dated, default=None),
            "due_unconfirmed_gw": sum(r["due_mw"] for r in due) / 1000.0, "due_unconfirmed": due}


def statement_checks(statements: Iterable, sites: Sequence, by_site: dict, deals: Sequence, as_of: _dt.date,
                     active, observed, expected) -> list[dict]:
    """Each company statement said by ``as_of`` beside the data's own figure on the date it speaks of: GW of the
    live deals the company is party to (announced), or power online at the sites it runs, owns or uses
    (delivered, every region)."""
    out = []
    for st in statements:
        if st.said_on > as_of.isoformat():
            continue
        day = _dt.date.fromisoformat(st.as_of)
        if st.quantity == "announced_gw":
            ours = sum(d.gw for d in active(deals, day) if st.company in d.parties and math.isfinite(d.gw))
        else:
            mine = [s for s in sites if st.company in s.companies]
            ours = delivered(mine, by_site, day, observed, expected)["delivered_gw"]
        out.append({"company": st.company, "quantity": st.quantity, "as_of": st.as_of, "stated_gw": st.value,
                    "data_gw": ours, "ratio": ours / st.value if st.value else None, "who": st.who,
                    "said_on": st.said_on, "source": st.source, "note": st.note})
    return out
