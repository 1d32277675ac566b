"""Money cycles: money that leaves a company and comes back to it round a loop of deals."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from gigawatt import present
from gigawatt.errors import InputError, show


def flow_graph(graph):
    """A DiGraph with one edge per (payer, payee): ``usd`` = sum of the disclosed usd of its links (NaN if none
    disclosed), ``kinds`` and ``links``."""
    import networkx as nx

    flow = nx.DiGraph()
    flow.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        if flow.has_edge(u, v):
            e = flow.edges[u, v]
            e["usd"] = np.nansum([e["usd"], data["usd"]]) if not (math.isnan(e["usd"]) and math.isnan(data["usd"])) \
                else math.nan
            e["kinds"].append(data["kind"])
            e["links"].append(data["id"])
        else:
            flow.add_edge(u, v, usd=float(data["usd"]), kinds=[data["kind"]], links=[data["id"]])
    return flow


def money_cycles(graph, max_len: int = 5) -> pd.DataFrame:
    """Every simple cycle of money flow with at most ``max_len`` companies, and the amount that goes round it.

    Parallel links between the same payer and payee are summed first. The amount going round a cycle is its
    **bottleneck**: the smallest usd among its edges, the most money that can leave a company and come back
    to it along the cycle (NVIDIA -> OpenAI $30B, OpenAI -> Oracle $300B, Oracle -> NVIDIA $40B: $30B goes
    round). Amounts are totals over the links' lives. A cycle through an undisclosed edge has amount NaN.
    Each cycle starts at its alphabetically first company; sorted by amount, largest first.
    """
    import networkx as nx

    if isinstance(max_len, bool) or not isinstance(max_len, (int, np.integer)) or max_len < 2:
        raise InputError("max_len", f"{show(max_len)} is not an integer of 2 or more (companies in a cycle)")
    flow = flow_graph(graph)
    rows = []
    for cycle in nx.simple_cycles(flow, length_bound=int(max_len)):
        start = cycle.index(min(cycle))
        nodes = cycle[start:] + cycle[:start]
        hops = list(zip(nodes, nodes[1:] + nodes[:1]))
        amounts = [flow.edges[u, v]["usd"] for u, v in hops]
        known = not any(math.isnan(a) for a in amounts)
        neck = hops[int(np.argmin(amounts))] if known else None
        rows.append({
            "cycle": " → ".join([*nodes, nodes[0]]),
            "companies": nodes,
            "length": len(nodes),
            "amount_usd": min(amounts) if known else math.nan,
            "bottleneck": f"{neck[0]} → {neck[1]}" if neck else None,
            "edges": "; ".join(f"{u}→{v} {'+'.join(flow.edges[u, v]['kinds'])} {_usd(flow.edges[u, v]['usd'])}"
                               for u, v in hops),
        })
    out = pd.DataFrame(rows, columns=["cycle", "companies", "length", "amount_usd", "bottleneck", "edges"])
    return out.sort_values(["amount_usd", "cycle"], ascending=[False, True], na_position="last",
                           kind="stable").reset_index(drop=True)


def _usd(x: float) -> str:
    return present.usd(x) if present.finite(x) else "n/d"  # n/d: the deal's amount was not disclosed
