"""Sourced reference data, the one reader of ``gigawatt/data/``: every figure, site, deal and link with its source
and its dates (when true, when last checked). Public names live here; each module reads one kind of table:

- ``refs``: the tidy ``key, quantity, value, ...`` rows (platforms, costs, comparisons, US states, power options)
- ``hardware``: the platform catalog (GPU systems by name)
- ``comparisons``: US retail sales by state, public GPUs-per-GW statements
- ``tables``: checked reading of the id-keyed tables (errors name file, row and field)
- ``market``: companies and the links between them
- ``campuses``: sites and their dated timelines
- ``commitments``: deals, their dated status history and the sites they name
- ``freshness``: the data date and each row's ``true_on`` / ``checked_on``
"""

from gigawatt.catalog.campuses import (SITE_COLUMNS, TIMELINE_COLUMNS, TIMELINE_STATUSES, Site, TimelineRow,
                                       parse_sites, parse_timeline, site_timeline, sites)
from gigawatt.catalog.commitments import (DEAL_COLUMNS, DEAL_KINDS, DEAL_SITE_COLUMNS, DEAL_STATUSES, ENDED_STATUSES,
                                          STATEMENT_COLUMNS, STATUS_COLUMNS, Deal, DealSite, DealStatus, Statement,
                                          company_statements, deal_sites, deal_status, deals, parse_deal_sites,
                                          parse_deal_status, parse_deals, parse_statements, status_on)
from gigawatt.catalog.comparisons import PUBLIC_GPUS_PER_GW, STATE_CODES, public_gpus_per_gw, us_states
from gigawatt.catalog.freshness import FRESHNESS_COLUMNS, data_date
from gigawatt.catalog.hardware import PLATFORM_FILES, PLATFORM_NUMBERS, Platform, platform, platform_sources, platforms
from gigawatt.catalog.market import (COMPANY_COLUMNS, KIND_FIELDS, LINK_COLUMNS, Company, Link, companies, deal_links,
                                     links)
from gigawatt.catalog.refs import DATA_FILES, PRECISIONS, Ref, _num, power_options, ref, rows, value

__all__ = ["COMPANY_COLUMNS", "DATA_FILES", "DEAL_COLUMNS", "DEAL_KINDS", "DEAL_SITE_COLUMNS", "DEAL_STATUSES", "ENDED_STATUSES", "STATUS_COLUMNS", "DealStatus",
           "deal_status", "parse_deal_status", "status_on", "STATEMENT_COLUMNS", "Statement",
           "company_statements", "parse_statements",
           "FRESHNESS_COLUMNS", "KIND_FIELDS", "LINK_COLUMNS", "PLATFORM_FILES", "PLATFORM_NUMBERS", "PRECISIONS",
           "PUBLIC_GPUS_PER_GW", "SITE_COLUMNS", "STATE_CODES", "TIMELINE_COLUMNS", "TIMELINE_STATUSES", "Company",
           "Deal", "DealSite", "Link", "Platform", "Ref", "Site", "TimelineRow", "_num", "companies", "data_date",
           "deal_links", "deal_sites", "deals", "links", "parse_deal_sites", "parse_deals", "parse_sites",
           "parse_timeline", "platform", "platform_sources", "platforms", "power_options", "public_gpus_per_gw",
           "ref", "rows", "site_timeline", "sites", "us_states", "value"]
