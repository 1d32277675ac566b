"""The real build-out: sites as of a date, announced versus delivered GW, double counting, build speed, cost.

Pure functions over catalog rows (``catalog.sites()``, ``site_timeline()``, ``deals()``, ``deal_sites()``);
each takes the rows as arguments, so tests pass their own, and returns plain data (no printing).

Definitions (used by ``gigawatt sites`` and ``gigawatt pipeline``):

* **Delivered** power of a site at a date: facility power [MW] of its latest *observed* timeline row
  (``announced``, ``land_clearing``, ``construction``, ``operational``) on or before the date. Epoch AI's
  projections (``projected``) and announced targets (``planned``) never count as delivered.
* **Announced** GW at a date: the sum of the GW of the deals made on or before it and not ended or cancelled by
  then (a deal counts from its announcement date).
* **Double counting**: a deal's GW at a site is the GW its link states, or else the site's planned GW, scaled
  down pro rata so that a deal's sites never hold more than the deal. At each site, the links without a phase
  claim the whole site; links with a phase claim that phase. The site's unique GW is the larger of its largest
  whole-site claim and the sum over phases of each phase's largest claim; what the deals claim beyond that is
  counted twice. ``dedup_gw`` = announced GW - GW counted twice.
* **Build speed**: months from the first observed work (land clearing or construction, before any power) to
  the first operational row with power, and MW added per month from that start to the latest observed row.
* **Realised capital cost per GW**: a site's cumulative capital cost at its latest observed operational row
  over its power then (Epoch AI's estimate: compute plus construction, 2025 USD).
"""

from __future__ import annotations

import datetime as _dt
import math
import statistics
from collections.abc import Iterable, Sequence

from gigawatt.errors import InputError, show

EARLIEST = _dt.date(2020, 1, 1)
OBSERVED = ("announced", "land_clearing", "construction", "operational")
EXPECTED = ("projected", "planned")
STARTED = ("land_clearing", "construction")
SIZE_CLASSES = ((0.0, 500.0, "under 500 MW"), (500.0, 1000.0, "500-1000 MW"), (1000.0, math.inf, "1 GW and more"))
DAYS_PER_MONTH = 365.25 / 12


# --------------------------------------------------------------------------------------------- inputs


def check_as_of(value: object, today: _dt.date | None = None, path: str = "--as-of") -> _dt.date:
    """A date to look at the build-out on: ISO ``YYYY-MM-DD``, not in the future, not before 2020."""
    today = today or _dt.date.today()
    if value is None or value == "":
        return today
    if isinstance(value, _dt.date):
        day = value
    else:
        try:
            day = _dt.date.fromisoformat(str(value).strip())
        except ValueError:
            raise InputError(path, f"{show(value)} is not a date; use YYYY-MM-DD, e.g. 2026-06-30") from None
    if day > today:
        raise InputError(path, f"{day} is in the future (today is {today}); the pipeline shows what was known "
                               "and online at a past date")
    if day < EARLIEST:
        raise InputError(path, f"{day} is before {EARLIEST}; the site data start in 2020")
    return day


def _day(text: str) -> _dt.date:
    return _dt.date.fromisoformat(text)


def _finite(x: float) -> bool:
    return isinstance(x, (int, float)) and math.isfinite(x)


def _rows_by_site(timeline: Iterable) -> dict[str, list]:
    out: dict[str, list] = {}
    for r in timeline:
        out.setdefault(r.site, []).append(r)
    return out


def _months(a: str, b: str) -> float:
    return (_day(b) - _day(a)).days / DAYS_PER_MONTH


def _known_from(site, rows: Sequence) -> str:
    observed = [r.date for r in rows if r.status in OBSERVED]
    return min([site.date, *observed])


def companies_of(sites: Iterable, deals: Iterable = ()) -> list[str]:
    """Every company id that runs, owns or uses a site or is party to a deal, sorted."""
    names = {c for s in sites for c in s.companies if c}
    names |= {c for d in deals for c in d.parties if c}
    return sorted(names)


def check_filter(value: str | None, known: Sequence[str], path: str) -> str | None:
    """A ``--company`` or ``--country`` value: None, or one of ``known`` (case-insensitive)."""
    if value is None:
        return None
    low = value.strip().lower()
    for k in known:
        if k.lower() == low:
            return k
    raise InputError(path, f"{show(value)} is not known; known: {', '.join(known)}")


# --------------------------------------------------------------------------------------------- sites


def site_state(site, rows: Sequence, as_of: _dt.date) -> dict:
    """A site's figures at ``as_of``: power online [MW], H100e, capital cost [usd], status, and what comes next."""
    day = as_of.isoformat()
    seen = [r for r in rows if r.date <= day and r.status in OBSERVED]
    last = seen[-1] if seen else None
    ahead = [r for r in rows if r.date > day and r.status in EXPECTED + ("operational",)]
    nxt = next((r for r in ahead if _finite(r.power_mw) and r.power_mw > (last.power_mw if last and
                                                                          _finite(last.power_mw) else 0)), None)
    power = last.power_mw if last and _finite(last.power_mw) else 0.0
    return {
        "id": site.id, "name": site.name, "operator": site.operator, "owner": list(site.owner),
        "tenants": list(site.tenants), "developer": list(site.developer), "lessee": list(site.lessee),
        "country": site.country, "state": site.state, "lat": site.lat,
        "lon": site.lon, "planned_mw": site.planned_mw, "power_source": site.power_source,
        "status": last.status if last else "announced", "as_of_row": last.date if last else None,
        "power_online_mw": power,
        "h100e": last.h100e if last and _finite(last.h100e) else None,
        "capital_cost_usd": last.capital_cost_usd if last and _finite(last.capital_cost_usd) else None,
        "next_date": nxt.date if nxt else None, "next_power_mw": nxt.power_mw if nxt else None,
        "next_status": nxt.status if nxt else None,
        "source": last.source if last else site.source, "site_source": site.source, "note": site.note,
    }


def sites_as_of(sites: Iterable, timeline: Iterable, as_of: _dt.date, company: str | None = None,
                country: str | None = None) -> list[dict]:
    """The sites known at ``as_of`` (optionally those of one company or country), largest power online first."""
    by_site = _rows_by_site(timeline)
    out = []
    for s in sites:
        rows = by_site.get(s.id, [])
        if _known_from(s, rows) > as_of.isoformat():
            continue
        if company and company not in s.companies:
            continue
        if country and s.country != country:
            continue
        out.append(site_state(s, rows, as_of))
    out.sort(key=lambda r: (-r["power_online_mw"], -(r["planned_mw"] if _finite(r["planned_mw"]) else 0), r["id"]))
    return out


def site_history(site_id: str, sites: Sequence, timeline: Iterable, deals: Sequence, links: Sequence,
                 as_of: _dt.date, status_history: Iterable = ()) -> dict:
    """One site as of ``as_of`` (:func:`site_state`), every dated row of its timeline (observed and expected, each
    with its source) and the deals that name it: the GW each holds there (:func:`link_gw`) and the deal's status
    on ``as_of`` from its dated history (None: not made yet). KeyError for an unknown id."""
    from gigawatt.catalog import status_on

    site = next((x for x in sites if x.id == site_id), None)
    if site is None:
        raise KeyError(site_id)
    rows = _rows_by_site(timeline).get(site_id, [])
    held = {(ln["deal"], ln["phase"]): ln["gw"] for ln in link_gw(deals, links, sites) if ln["site"] == site_id}
    by_id, day, history = {d.id: d for d in deals}, as_of.isoformat(), tuple(status_history)
    mine = [ln for ln in links if ln.site == site_id and ln.deal in by_id]
    return {"site": site_state(site, rows, as_of),
            "timeline": [{"date": r.date, "status": r.status, "observed": r.status in OBSERVED, "power_mw": r.power_mw,
                          "h100e": r.h100e, "capital_cost_usd": r.capital_cost_usd, "source": r.source, "note": r.note}
                         for r in rows],
            "deals": [{"id": ln.deal, "name": by_id[ln.deal].name, "kind": by_id[ln.deal].kind,
                       "parties": list(by_id[ln.deal].parties), "phase": ln.phase, "date": by_id[ln.deal].date,
                       "deal_gw": by_id[ln.deal].gw, "usd": by_id[ln.deal].usd,
                       "gw_here": held.get((ln.deal, ln.phase)), "gw_stated": _finite(ln.gw),
                       "status": by_id[ln.deal].status, "status_as_of": status_on(history, ln.deal, day),
                       "source": ln.source or by_id[ln.deal].source} for ln in mine]}


def delivered_gw(sites: Iterable, timeline: Iterable, as_of: _dt.date, only: Iterable[str] | None = None) -> float:
    """Facility power online at ``as_of`` [GW], over all sites or the ids in ``only``."""
    keep = set(only) if only is not None else None
    by_site = _rows_by_site(timeline)
    return sum(site_state(s, by_site.get(s.id, []), as_of)["power_online_mw"] for s in sites
               if keep is None or s.id in keep) / 1000.0


# --------------------------------------------------------------------------------------------- deals


def active_deals(deals: Iterable, as_of: _dt.date) -> list:
    """Deals announced on or before ``as_of`` and not ended by then."""
    day = as_of.isoformat()
    return [d for d in deals if d.date <= day and not (d.ended and d.ended <= day)
            and not (d.status == "cancelled" and not d.ended)]


def link_gw(deals: Iterable, links: Iterable, sites: Iterable) -> list[dict]:
    """Each deal-site link with the GW it holds: the stated GW, or the site's planned GW shared pro rata so a
    deal's sites never hold more than the deal. Links of deals without GW hold none (they are left out)."""
    planned = {s.id: s.planned_mw / 1000.0 if _finite(s.planned_mw) else 0.0 for s in sites}
    by_deal: dict[str, list] = {}
    for ln in links:
        by_deal.setdefault(ln.deal, []).append(ln)
    out = []
    for d in deals:
        mine = by_deal.get(d.id, [])
        if not mine or not _finite(d.gw):
            continue
        given = sum(ln.gw for ln in mine if _finite(ln.gw))
        blank = [ln for ln in mine if not _finite(ln.gw)]
        want = sum(planned.get(ln.site, 0.0) for ln in blank)
        room = max(d.gw - given, 0.0)
        scale = min(1.0, room / want) if want > 0 else 0.0
        for ln in mine:
            gw = ln.gw if _finite(ln.gw) else planned.get(ln.site, 0.0) * scale
            out.append({"deal": d.id, "site": ln.site, "phase": ln.phase, "gw": gw, "stated": _finite(ln.gw)})
    return out


def double_counting(deals: Iterable, links: Iterable, sites: Iterable, as_of: _dt.date) -> dict:
    """Announced GW, the GW counted in more than one deal at the same site, and the de-duplicated total."""
    live = active_deals(deals, as_of)
    ids = {d.id for d in live}
    day = as_of.isoformat()
    known = [ln for ln in links if ln.deal in ids and ln.date <= day]
    held = link_gw(live, known, sites)
    per_site: dict[str, list[dict]] = {}
    for h in held:
        per_site.setdefault(h["site"], []).append(h)
    rows = []
    for site, hs in sorted(per_site.items()):
        whole = max((h["gw"] for h in hs if not h["phase"]), default=0.0)
        phases: dict[str, float] = {}
        for h in hs:
            if h["phase"]:
                phases[h["phase"]] = max(phases.get(h["phase"], 0.0), h["gw"])
        unique = max(whole, sum(phases.values()))
        claimed = sum(h["gw"] for h in hs)
        rows.append({"site": site, "deals": sorted({h["deal"] for h in hs}), "claimed_gw": claimed,
                     "unique_gw": unique, "double_counted_gw": max(claimed - unique, 0.0)})
    announced = sum(d.gw for d in live if _finite(d.gw))
    sited = sum(h["gw"] for h in held)
    double = sum(r["double_counted_gw"] for r in rows)
    return {"announced_gw": announced, "sited_gw": sited, "unsited_gw": max(announced - sited, 0.0),
            "double_counted_gw": double, "dedup_gw": announced - double,
            "sites": [r for r in rows if r["double_counted_gw"] > 1e-12]}


def quarter_ends(start: _dt.date, end: _dt.date) -> list[_dt.date]:
    """Quarter-end dates from the quarter of ``start`` to the last one on or before ``end``, then ``end``."""
    out = []
    y, q = start.year, (start.month - 1) // 3 + 1
    while True:
        m = 3 * q
        last = _dt.date(y, m, 31 if m in (3, 12) else 30)
        if last > end:
            break
        out.append(last)
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    if not out or out[-1] != end:
        out.append(end)
    return out


def announced_vs_delivered(sites: Sequence, timeline: Sequence, deals: Sequence, links: Sequence,
                           as_of: _dt.date, start: _dt.date = _dt.date(2024, 1, 1), here: Sequence | None = None
                           ) -> list[dict]:
    """Per quarter end up to ``as_of``: announced GW, de-duplicated GW, delivered GW at all sites (or those of
    ``here``, a region's) and at the sites the deals name."""
    named = {ln.site for ln in links}
    here = sites if here is None else here
    out = []
    for day in quarter_ends(min(start, as_of), as_of):
        dc = double_counting(deals, links, sites, day)
        out.append({"date": day.isoformat(), "announced_gw": dc["announced_gw"], "dedup_gw": dc["dedup_gw"],
                    "delivered_gw": delivered_gw(here, timeline, day),
                    "delivered_deal_sites_gw": delivered_gw(here, timeline, day, only=named)})
    return out


def by_company(sites: Sequence, timeline: Sequence, deals: Sequence, as_of: _dt.date) -> list[dict]:
    """Per company: GW of the deals it is party to (deals overlap, so these do not add up) and GW online at the
    sites it runs, owns or uses."""
    live = active_deals(deals, as_of)
    state = {r["id"]: r for r in sites_as_of(sites, timeline, as_of)}
    out = []
    for c in companies_of(sites, deals):
        mine = [d for d in live if c in d.parties]
        where = [s for s in sites if c in s.companies and s.id in state]
        announced = sum(d.gw for d in mine if _finite(d.gw))
        delivered = sum(state[s.id]["power_online_mw"] for s in where) / 1000.0
        if not mine and not where:
            continue
        out.append({"company": c, "deals": len(mine), "announced_gw": announced, "sites": len(where),
                    "delivered_gw": delivered})
    out.sort(key=lambda r: (-r["announced_gw"], -r["delivered_gw"], r["company"]))
    return out


# --------------------------------------------------------------------------------------------- speed and cost


def size_class(planned_mw: float) -> str:
    mw = planned_mw if _finite(planned_mw) else 0.0
    return next(label for low, high, label in SIZE_CLASSES if low <= mw < high)


def site_build(site, rows: Sequence, as_of: _dt.date) -> dict | None:
    """Months from the first observed work to first power, and MW added per month, or None where the
    timeline does not show work before power (no start seen) or no power yet."""
    day = as_of.isoformat()
    seen = [r for r in rows if r.date <= day and r.status in OBSERVED]
    if not seen or seen[0].status not in STARTED:
        return None
    first = next((r for r in seen if r.status == "operational" and _finite(r.power_mw) and r.power_mw > 0), None)
    if first is None:
        return None
    last = seen[-1]
    months_to_power = _months(seen[0].date, first.date)
    span = _months(seen[0].date, last.date)
    power = last.power_mw if _finite(last.power_mw) else 0.0
    return {"site": site.id, "size_class": size_class(site.planned_mw), "start": seen[0].date,
            "first_power": first.date, "months_to_first_power": months_to_power,
            "power_mw": power, "mw_per_month": power / span if span > 0 else math.nan}


def _summary(values: list[float]) -> dict:
    vals = [v for v in values if _finite(v)]
    if not vals:
        return {"median": None, "low": None, "high": None}
    return {"median": statistics.median(vals), "low": min(vals), "high": max(vals)}


def build_speed(sites: Sequence, timeline: Sequence, as_of: _dt.date) -> dict:
    """Build speed per site and by size class (n, median and range of months to first power, MW/month)."""
    by_site = _rows_by_site(timeline)
    per = [b for s in sites if (b := site_build(s, by_site.get(s.id, []), as_of)) is not None]
    classes = []
    for _, _, label in SIZE_CLASSES:
        mine = [b for b in per if b["size_class"] == label]
        classes.append({"size_class": label, "sites": len(mine),
                        "months_to_first_power": _summary([b["months_to_first_power"] for b in mine]),
                        "mw_per_month": _summary([b["mw_per_month"] for b in mine])})
    classes.append({"size_class": "all", "sites": len(per),
                    "months_to_first_power": _summary([b["months_to_first_power"] for b in per]),
                    "mw_per_month": _summary([b["mw_per_month"] for b in per])})
    return {"by_size_class": classes, "sites": per}


def capital_cost_per_gw(sites: Sequence, timeline: Sequence, as_of: _dt.date) -> dict:
    """Realised capital cost per GW [usd/GW] at each site's latest observed operational row: median and range."""
    by_site = _rows_by_site(timeline)
    day = as_of.isoformat()
    per = []
    for s in sites:
        ops = [r for r in by_site.get(s.id, []) if r.date <= day and r.status == "operational"
               and _finite(r.power_mw) and r.power_mw > 0 and _finite(r.capital_cost_usd) and r.capital_cost_usd > 0]
        if ops:
            r = ops[-1]
            per.append({"site": s.id, "date": r.date, "power_mw": r.power_mw, "capital_cost_usd": r.capital_cost_usd,
                        "usd_per_gw": r.capital_cost_usd / (r.power_mw / 1000.0)})
    return {**{f"{k}_usd_per_gw": v for k, v in _summary([p["usd_per_gw"] for p in per]).items()},
            "n_sites": len(per), "sites": per,
            "basis": "Epoch AI's estimated total capital cost (compute and construction, 2025 USD) over facility power"}


def fitted_delay(sites: Sequence, timeline: Sequence, as_of: _dt.date) -> dict:
    """A phase's schedule slip [quarters] fitted from observed build speeds: Poisson with the mean excess of the
    sites' months to first power over the median, in quarters (how far a build runs behind a typical one)."""
    per = build_speed(sites, timeline, as_of)["sites"]
    months = [b["months_to_first_power"] for b in per]
    if len(months) < 2:
        raise InputError("sites", "fewer than two sites with an observed start and first power; cannot fit a delay")
    med = statistics.median(months)
    mean_excess_q = sum(max(m - med, 0.0) for m in months) / len(months) / 3.0
    return {"dist": "poisson", "mean": round(mean_excess_q, 2), "sites": len(months),
            "median_months_to_first_power": med}


# --------------------------------------------------------------------------------------------- the whole pipeline


def pipeline(sites: Sequence, timeline: Sequence, deals: Sequence, links: Sequence, as_of: _dt.date,
             region: str = "world", statements: Sequence = ()) -> dict:
    """Everything ``gigawatt pipeline --json`` prints, as of a date; delivered figures over the sites of
    ``region`` (US or world), announced over every deal (deals are not split by region)."""
    from gigawatt import delivery

    region = delivery.check_region(region)
    here = delivery.in_region(sites, region)
    dc = double_counting(deals, links, sites, as_of)
    live = active_deals(deals, as_of)
    named = {ln.site for ln in links if ln.deal in {d.id for d in live} and ln.date <= as_of.isoformat()}
    by_site = _rows_by_site(timeline)
    got = delivery.delivered(here, by_site, as_of, OBSERVED, EXPECTED)
    return {
        "as_of": as_of.isoformat(), "region": region,
        "announced_scope": "every live deal, all regions (deals are not split by region)",
        **{k: dc[k] for k in ("announced_gw", "double_counted_gw", "dedup_gw", "sited_gw", "unsited_gw")},
        "delivered_gw": got["delivered_gw"],
        "delivered_evidence_from": got["evidence_from"], "delivered_evidence_to": got["evidence_to"],
        "due_unconfirmed_gw": got["due_unconfirmed_gw"], "due_unconfirmed": got["due_unconfirmed"],
        "delivered_deal_sites_gw": delivered_gw(here, timeline, as_of, only=named),
        "double_counting": dc["sites"],
        "deals": [{"id": d.id, "name": d.name, "kind": d.kind, "parties": list(d.parties),
                   "gw": d.gw if _finite(d.gw) else None, "usd": d.usd if _finite(d.usd) else None,
                   "date": d.date, "status": d.status, "source": d.source} for d in live],
        "ended_deals": [{"id": d.id, "name": d.name, "gw": d.gw if _finite(d.gw) else None, "date": d.date,
                         "status": d.status, "ended": d.ended} for d in deals
                        if d.ended and d.ended <= as_of.isoformat()],
        "company_checks": delivery.statement_checks(statements, sites, by_site, deals, as_of, active_deals,
                                                    OBSERVED, EXPECTED),
        "over_time": announced_vs_delivered(sites, timeline, deals, links, as_of, here=here),
        "by_company": by_company(here, timeline, deals, as_of),
        "build_speed": build_speed(here, timeline, as_of),
        "capital_cost_per_gw": capital_cost_per_gw(here, timeline, as_of),
        "sources": ["Epoch AI, Frontier Data Centers (CC-BY 4.0), https://epoch.ai/data/data-centers",
                    "press releases and filings named per row in data/sites.csv, site_timeline.csv, deals.csv, "
                    "deal_status.csv, deal_sites.csv, company_statements.csv"],
    }


# --------------------------------------------------------------------------------------------- scenarios


def catalog_phases(site_ids: Sequence[str], platform: str = "auto", moves: dict | None = None
                   ) -> list[tuple[float, int, str]]:
    """:func:`program_phases` over the shipped sites (``program.sites`` of a scenario)."""
    from gigawatt import catalog

    return program_phases(site_ids, catalog.sites(), catalog.site_timeline(), platform, moves=moves)


def program_phases(site_ids: Sequence[str], sites: Sequence, timeline: Sequence, platform: str = "auto",
                   path: str = "program.sites", moves: dict | None = None) -> list[tuple[float, int, str]]:
    """Phases (GW, online quarter ordinal, platform) from the sites' timelines: each rise of a site's power
    (observed, projected or planned) is a phase in the quarter of its date; planned capacity beyond the last
    row comes online with the last row. Quarters in date order. ``moves`` ({site id: (from, to) ordinals}, set
    where a site's supply cannot be ready: ``gigawatt.power.schedule_update``): that site's phases due from
    ``from`` but before ``to`` come online at ``to``."""
    from gigawatt import timeline as tl

    known = {s.id: s for s in sites}
    by_site = _rows_by_site(timeline)
    out: list[tuple[float, int, str]] = []
    for i, sid in enumerate(site_ids):
        if sid not in known:
            raise InputError(f"{path}[{i}]", f"{show(sid)} is not a site; known: {', '.join(sorted(known))}")
        rows = [r for r in by_site.get(sid, []) if _finite(r.power_mw)]
        top, last_q, begin = 0.0, None, len(out)
        for r in rows:
            if r.power_mw > top + 1e-9:
                day = _day(r.date)
                q = tl.parse_quarter(f"{day.year}Q{(day.month - 1) // 3 + 1}")
                out.append(((r.power_mw - top) / 1000.0, q, "auto"))
                top, last_q = r.power_mw, q
        planned = known[sid].planned_mw
        if _finite(planned) and planned > top + 1e-9 and last_q is not None:
            out.append(((planned - top) / 1000.0, last_q, "auto"))
        if last_q is None:
            raise InputError(f"{path}[{i}]", f"site {sid!r} has no dated power (observed, projected or planned) "
                                             "to build phases from")
        if moves and sid in moves:
            start, to = moves[sid]
            out[begin:] = [(gw, to if start <= q < to else q, pl) for gw, q, pl in out[begin:]]
    merged: dict[int, float] = {}
    for gw, q, _ in out:
        merged[q] = merged.get(q, 0.0) + gw
    return [(round(gw, 6), q, platform) for q, gw in sorted(merged.items())]
