"""Routes: the real build-out (sites as of a date; announced versus delivered GW), from gigawatt.sites."""

from __future__ import annotations

import functools
from typing import Optional

from fastapi import APIRouter, Path, Query
from fastapi.responses import JSONResponse

from gigawatt.web.models import ERRORS

router = APIRouter(tags=["sites"], responses={400: ERRORS[400], 422: ERRORS[422]})

AS_OF = Query(None, max_length=32, description="What was known and online at this date (YYYY-MM-DD; default "
                                               "today; not in the future, not before 2020)")


def _data():
    from gigawatt import catalog

    return catalog.sites(), catalog.site_timeline(), catalog.deals(), catalog.deal_sites()


@router.get("/api/sites")
def sites(as_of: Optional[str] = AS_OF,
          company: Optional[str] = Query(None, max_length=64, description="Only sites this company runs, owns or uses"),
          country: Optional[str] = Query(None, max_length=8, description="Only sites in this country (ISO code)")):
    """The AI campuses known at ``as_of`` with their power online, planned MW, status and sources."""
    from gigawatt import sites as st
    from gigawatt.present import plain

    day = st.check_as_of(as_of, path="as_of")
    s, tl, _, _ = _data()
    company = st.check_filter(company, st.companies_of(s), "company")
    country = st.check_filter(country, sorted({x.country for x in s}), "country")
    rows = st.sites_as_of(s, tl, day, company=company, country=country)
    return JSONResponse(plain([{**r, "text": _text(r)} for r in rows]))


TEXT_UNITS = {"power_online_mw": "MW", "planned_mw": "MW", "power_mw": "MW", "next_power_mw": "MW", "h100e": "H100e",
              "capital_cost_usd": "USD", "usd": "USD", "deal_gw": "GW", "gw_here": "GW"}


def _text(row: dict) -> dict:
    """A row's figures as people read them (``1,200 MW``, ``$15.0 B``), by key."""
    from gigawatt import present

    return {k: present.value(row[k], u) for k, u in TEXT_UNITS.items() if k in row}


@router.get("/api/sites/{site_id}", responses={404: ERRORS[422]})
def site(site_id: str = Path(max_length=64, description="A site's id (GET /api/sites)", examples=["stargate-abilene"]),
         as_of: Optional[str] = AS_OF):
    """One site: its figures at ``as_of``, its dated timeline (power, H100e, capital cost, status, source) and
    its deals (the GW each holds at the site, the deal's status at ``as_of``)."""
    from gigawatt import catalog
    from gigawatt import sites as st
    from gigawatt.errors import show
    from gigawatt.present import plain
    from gigawatt.web.errors import NotFound

    day = st.check_as_of(as_of, path="as_of")
    try:
        out = st.site_history(site_id, *_data(), day, catalog.deal_status())
    except KeyError:
        raise NotFound("site_id", f"{show(site_id)} is not a site (GET /api/sites lists them)") from None
    out["site"]["text"] = _text(out["site"])
    for r in (*out["timeline"], *out["deals"]):
        r["text"] = _text(r)
    return JSONResponse(plain(out))


@router.get("/api/map/us-states")
def us_states():
    """Contiguous-US state outlines for the sites map, drawn offline: US Census Bureau cartographic boundaries
    (cb_2016_us_state_500k, public domain) as shipped in the plotly-geo package, every 16th vertex, 0.1° steps."""
    return JSONResponse(_outlines(), headers={"Cache-Control": "public, max-age=86400"})


@functools.cache
def _outlines() -> dict:
    from gigawatt.report.sites import state_outlines

    rings = [[[round(x, 1) for x in lons], [round(y, 1) for y in lats]] for lons, lats in state_outlines(16)]
    return {"rings": rings, "source": "US Census Bureau, cartographic boundary file cb_2016_us_state_500k "
                                      "(public domain), via the plotly-geo package"}


@router.get("/api/pipeline")
def pipeline(as_of: Optional[str] = AS_OF):
    """Announced GW (deals) against delivered GW (power online), double counting, build speed, cost per GW."""
    from gigawatt import sites as st
    from gigawatt.present import plain

    return JSONResponse(plain(st.pipeline(*_data(), st.check_as_of(as_of, path="as_of"))))
