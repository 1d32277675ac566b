"""The market around a gigawatt deal: who pays whom, how concentrated it is, and what breaks if revenue falls short.

A graph of companies (nodes, ``catalog.companies()``) and their links (edges, ``catalog.links()``: the shipped
deals plus the links a scenario adds). Every link is one deal, and **its edge points the way the money or
value flows, from ``payer`` to ``payee``**:

==========  ===================  ===================  ==============================================
kind        payer                payee                fields used
==========  ===================  ===================  ==============================================
equity      investor             investee             usd (amount invested), stake (0-1), shares
supply      customer             vendor               usd (contract value), gw, years
cloud       customer             cloud provider       usd (contract value), gw, years
warrant     issuer               holder               usd (value at issue), shares, strike_usd
==========  ===================  ===================  ==============================================

So NVIDIA investing in OpenAI is ``nvidia -> openai`` and OpenAI renting Oracle's cloud is
``openai -> oracle``; a warrant points from the issuer (who gives value away) to the holder. ``usd`` is the
total over the life of the link, not per year; an empty ``usd`` means the amount was not disclosed, and such a
link is shown but left out of every sum. ``seniority`` (1 = paid first) orders a customer's commitments in the
stress test where the data gives it. Every shipped row carries ``date`` and ``source`` (publisher and date).

Modules, each a pure function of the graph or a view of it:

* ``graph`` - the tables and the ``networkx`` graph built from the catalog's rows;
* ``concentration`` - :func:`supply_shares`, :func:`hhi` (0-10,000; US DOJ/FTC Horizontal Merger Guidelines,
  2023: above 1,800 is "highly concentrated") and :func:`customer_concentration`;
* ``holdings`` - :func:`cross_holdings`, who holds equity or warrants in whom;
* ``cycles`` - :func:`money_cycles`, every simple cycle of money flow and the amount that can go round it;
* ``stress`` - :func:`stress_test`, the customer's revenue falls short; who is left unpaid;
* ``report`` and ``render`` - everything as one JSON-able dict, and as terminal tables;
* ``draw``, ``look``, ``draw_static``, ``draw_html`` - the network drawn to PNG/SVG or HTML.
"""

from gigawatt.catalog import KIND_FIELDS
from gigawatt.market.concentration import customer_concentration, hhi, supply_shares
from gigawatt.market.cycles import money_cycles
from gigawatt.market.draw import draw_graph
from gigawatt.market.graph import COMMITMENT_KINDS, DEFAULT_YEARS, build_graph, load_companies, load_links
from gigawatt.market.holdings import cross_holdings
from gigawatt.market.render import render
from gigawatt.market.report import market_report
from gigawatt.market.stress import check_shortfall, exposures, stress_gap, stress_test

__all__ = ["COMMITMENT_KINDS", "DEFAULT_YEARS", "KIND_FIELDS", "build_graph", "check_shortfall",
           "cross_holdings", "customer_concentration", "draw_graph", "exposures", "hhi", "load_companies",
           "load_links", "market_report", "money_cycles", "render", "stress_gap", "stress_test", "supply_shares"]
