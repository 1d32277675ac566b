"""All market metrics as one JSON-able dict: the data, shares and HHI, concentration, holdings, cycles, stress."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from gigawatt import present
from gigawatt.market.concentration import customer_concentration, hhi, supply_shares
from gigawatt.market.cycles import money_cycles
from gigawatt.market.graph import DEFAULT_YEARS, build_graph, load_companies, load_links
from gigawatt.market.holdings import cross_holdings
from gigawatt.market.stress import check_shortfall, exposures, stress_test


def market_report(stress: float = 0.5, extra_links: Iterable[Mapping[str, Any]] = (), customer: str = "openai",
                  revenue_usd: float | None = None, companies_path=None, links_path=None) -> dict[str, Any]:
    """All market metrics as one JSON-able dict (for ``gigawatt market --json`` and ``render``); NaN -> None."""
    shortfall = check_shortfall(stress)
    companies = load_companies(companies_path)
    links = load_links(links_path, extra=extra_links)
    graph = build_graph(companies, links)
    shares = supply_shares(graph, customer)
    stressed = stress_test(graph, customer, shortfall, revenue_usd)
    records = lambda frame: frame.to_dict("records")  # noqa: E731
    return present.plain({
        "customer": customer,
        "companies": records(companies),
        "links": records(links.drop(columns="origin")),
        "supply_shares": records(shares),
        "hhi_gw": hhi(shares["gw"]),
        "hhi_usd": hhi(shares["usd"]),
        "customer_concentration": records(customer_concentration(graph)),
        "cross_holdings": records(cross_holdings(graph)),
        "cycles": records(money_cycles(graph)),
        "stress": {
            "shortfall": shortfall,
            "commitments_usd_per_year": stressed.attrs["commitments_usd"],
            "revenue_path_usd_per_year": stressed.attrs["revenue_path_usd"],
            "gap_usd_per_year": stressed.attrs["gap_usd"],
            "default_years": DEFAULT_YEARS,
            "undisclosed_links": stressed.attrs["undisclosed"],
            "commitments": records(stressed),
            "exposures": records(exposures(stressed)),
        },
    })
