"""The market as a graph: companies (nodes) and links (edges, payer -> payee), and the tables read off it.

The rows come from :mod:`gigawatt.catalog` (the one loader of companies.csv and links.csv); here they become
pandas tables for the metrics and a ``networkx.MultiDiGraph`` keyed by link id.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from gigawatt import catalog
from gigawatt.errors import InputError, show

# Links that are a customer's purchase commitments (what the stress test can leave unpaid).
COMMITMENT_KINDS = ("supply", "cloud")
# Term assumed for a commitment whose term is not disclosed, to annualise it (judgement: most of the
# disclosed compute contracts of 2025 run 5-7 years; Oracle-OpenAI is ~5).
DEFAULT_YEARS = 5.0
_LINK_FRAME_COLUMNS = [*catalog.LINK_COLUMNS, "origin"]


def load_companies(path=None) -> pd.DataFrame:
    """Companies as a table, one row each (``catalog.companies``: the shipped CSV, or the one at ``path``)."""
    return pd.DataFrame([dataclasses.asdict(c) for c in catalog.companies(path)],
                        columns=list(catalog.COMPANY_COLUMNS))


def load_links(path=None, extra: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Links as a table (``catalog.links``: the shipped links plus a scenario's ``extra``, which replace by id).
    Column ``origin`` records where each row came from, for error messages."""
    return pd.DataFrame([dataclasses.asdict(r) for r in catalog.links(path, extra)], columns=_LINK_FRAME_COLUMNS)


def build_graph(companies: pd.DataFrame, links: pd.DataFrame):
    """A ``networkx.MultiDiGraph``: a node per company (its row as attributes), an edge per link from payer
    to payee, keyed by the link id (its row as attributes)."""
    import networkx as nx

    known = set(companies["id"])
    graph = nx.MultiDiGraph()
    for row in companies.to_dict("records"):
        graph.add_node(row["id"], **row)
    for row in links.to_dict("records"):
        for col in ("payer", "payee"):
            if row[col] not in known:
                where = row.get("origin") or f"links[{row['id']}]"
                raise InputError(f"{where}.{col}", f"{show(row[col])} is not a known company; known: "
                                                   f"{', '.join(sorted(known))}")
        graph.add_edge(row["payer"], row["payee"], key=row["id"], **row)
    return graph


def edges(graph) -> pd.DataFrame:
    """The graph's links as a table (one row per edge)."""
    return pd.DataFrame([dict(data) for _, _, data in graph.edges(data=True)], columns=_LINK_FRAME_COLUMNS)


def revenue(graph, node: str) -> float:
    """A company's annual revenue [usd], NaN where not disclosed."""
    value = graph.nodes[node].get("revenue_usd", math.nan)
    return math.nan if value is None else float(value)


def check_company_id(graph, node: str, path: str) -> None:
    if node not in graph:
        raise InputError(path, f"{show(node)} is not a known company; known: {', '.join(sorted(graph.nodes))}")


def annual(usd: float, years: float) -> tuple[float, bool]:
    """usd per year of a commitment, and whether the term was assumed (``DEFAULT_YEARS``)."""
    if math.isnan(years):
        return usd / DEFAULT_YEARS, True
    return usd / years, False
