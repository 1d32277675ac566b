"""Routes: the real build-out (sites as of a date; announced versus delivered GW), from gigawatt.sites."""

from __future__ import annotations

from typing import Optional

from fastapi import APIRouter, Query
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
    return JSONResponse(plain(st.sites_as_of(s, tl, day, company=company, country=country)))


@router.get("/api/pipeline")
def pipeline(as_of: Optional[str] = AS_OF):
    """Announced GW (deals) against delivered GW (power online), double counting, build speed, cost per GW."""
    from gigawatt import sites as st
    from gigawatt.present import plain

    return JSONResponse(plain(st.pipeline(*_data(), st.check_as_of(as_of, path="as_of"))))
