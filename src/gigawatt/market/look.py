"""How the market network looks: layout, colours, sizes and labels, shared by the PNG/SVG and HTML drawings.

Node area grows with revenue, edge width with usd, edge colour with the kind of link; arrows point the way
money flows.
"""

from __future__ import annotations

import math

import numpy as np

from gigawatt import present
from gigawatt.market.graph import revenue

KIND_COLOURS = {"equity": "#1f77b4", "supply": "#d62728", "cloud": "#2ca02c", "warrant": "#9467bd"}
COMPANY_COLOURS = {"chip_vendor": "#76b900", "ai_lab": "#f2a900", "cloud": "#4aa3df", "investor": "#b07aa1",
                   "joint_venture": "#c9b18d", "startup": "#9aa0a6"}


def layout(graph) -> dict[str, tuple[float, float]]:
    import networkx as nx

    simple = nx.Graph(graph.to_undirected())
    return {n: (float(x), float(y)) for n, (x, y) in nx.kamada_kawai_layout(simple).items()}


def bends(graph) -> dict[str, float]:
    """Arc curvature per link: links between one pair of companies (either direction) fan out to alternate
    sides, 0.18, -0.18, 0.38, -0.38, ..., so each stays visible."""
    seen: dict[frozenset, int] = {}
    out = {}
    for u, v, d in graph.edges(data=True):
        k = seen.get(frozenset((u, v)), 0)
        seen[frozenset((u, v))] = k + 1
        offset = (0.18 + 0.2 * (k // 2)) * (1 if k % 2 == 0 else -1)
        # arc3's side is relative to the drawing direction; flip for one direction so sides are shared.
        out[d["id"]] = offset if str(u) < str(v) else -offset
    return out


def arc_control(p1, p2, rad: float) -> tuple[float, float]:
    """The control point of the quadratic Bezier that matplotlib's ``arc3,rad=rad`` draws from p1 to p2."""
    (x1, y1), (x2, y2) = p1, p2
    return (x1 + x2) / 2 + rad * (y2 - y1), (y1 + y2) / 2 - rad * (x2 - x1)


def largest(values) -> float:
    """The largest disclosed (non-NaN) value, or 0 when none is disclosed."""
    values = list(values)
    return float(np.nanmax(values)) if any(not math.isnan(v) for v in values) else 0.0


def node_size(revenue_usd: float, max_revenue: float, small: float, big: float) -> float:
    """Marker area grows with the square root of revenue (a 300× range would otherwise hide the small)."""
    if math.isnan(revenue_usd) or max_revenue <= 0:
        return small
    return small + (big - small) * math.sqrt(revenue_usd / max_revenue)


def edge_width(usd: float, max_usd: float, thin: float, thick: float) -> float:
    if math.isnan(usd) or max_usd <= 0:
        return thin
    return thin + (thick - thin) * math.sqrt(usd / max_usd)


def revenues(graph) -> dict[str, float]:
    return {n: revenue(graph, n) for n in graph.nodes}


def usd_label(x: float) -> str:
    """An amount on the drawing; ``n/d`` where the deal's amount was not disclosed."""
    return present.usd(x) if present.finite(x) else "n/d"
