"""The market network as a self-contained interactive HTML page (plotly, works offline)."""

from __future__ import annotations

import math
import pathlib

import numpy as np

from gigawatt import present
from gigawatt.market.look import (COMPANY_COLOURS, KIND_COLOURS, arc_control, bends, edge_width, largest, node_size,
                                  revenues, usd_label)


def _edges(fig, graph, pos) -> None:
    """One curved line per link (dashed where its amount is not disclosed), an arrow head near the payee, and
    a hover point at its middle with the link's details."""
    import plotly.graph_objects as go

    max_usd = largest(d["usd"] for _, _, d in graph.edges(data=True))
    rads = bends(graph)
    shown: set[str] = set()
    mids_x, mids_y, mids_text = [], [], []
    for u, v, d in graph.edges(data=True):
        (x1, y1), (x2, y2) = pos[u], pos[v]
        cx, cy = arc_control(pos[u], pos[v], rads[d["id"]])
        t = np.linspace(0, 1, 20)
        bx = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * cx + t ** 2 * x2
        by = (1 - t) ** 2 * y1 + 2 * (1 - t) * t * cy + t ** 2 * y2
        fig.add_trace(go.Scatter(
            x=bx, y=by, mode="lines", hoverinfo="skip", legendgroup=d["kind"], name=d["kind"],
            showlegend=d["kind"] not in shown,
            line=dict(color=KIND_COLOURS[d["kind"]], width=edge_width(d["usd"], max_usd, 1, 12),
                      dash="solid" if not math.isnan(d["usd"]) else "dash"), opacity=0.7))
        shown.add(d["kind"])
        fig.add_annotation(x=bx[-3], y=by[-3], ax=bx[-5], ay=by[-5], xref="x", yref="y", axref="x", ayref="y",
                           showarrow=True, arrowhead=2, arrowsize=1.2, arrowwidth=2,
                           arrowcolor=KIND_COLOURS[d["kind"]], text="")
        mids_x.append(bx[10])
        mids_y.append(by[10])
        gw = "" if math.isnan(d["gw"]) else f", {present.sig(d['gw'])} GW"
        mids_text.append(f"<b>{d['id']}</b><br>{u} → {v} ({d['kind']}): {usd_label(d['usd'])}{gw}"
                         f"<br>{d['date']} · {d['source']}<br>{d['note']}")
    fig.add_trace(go.Scatter(x=mids_x, y=mids_y, mode="markers", marker=dict(size=8, color="rgba(0,0,0,0.15)"),
                             hovertext=mids_text, hoverinfo="text", name="link details", showlegend=False))


def network_figure(graph, pos, title: str):
    """The network as a plotly Figure (scatter traces and arrows only: the report's partial bundle draws it)."""
    import plotly.graph_objects as go

    rev = revenues(graph)
    max_rev = largest(rev.values())
    fig = go.Figure()
    _edges(fig, graph, pos)
    nodes = list(graph.nodes)
    fig.add_trace(go.Scatter(
        x=[pos[n][0] for n in nodes], y=[pos[n][1] for n in nodes], mode="markers+text",
        text=[graph.nodes[n].get("name", n) for n in nodes], textposition="middle center",
        marker=dict(size=[math.sqrt(node_size(rev[n], max_rev, 350, 5000)) for n in nodes],
                    color=[COMPANY_COLOURS.get(graph.nodes[n].get("kind", ""), "#cccccc") for n in nodes],
                    line=dict(color="#333333", width=1)),
        hovertext=[f"<b>{graph.nodes[n].get('name', n)}</b> ({graph.nodes[n].get('kind', '')})<br>revenue "
                   f"{usd_label(rev[n])}<br>{graph.nodes[n].get('source', '')}" for n in nodes],
        hoverinfo="text", name="company (size ∝ √revenue)"))
    fig.update_layout(title=title, showlegend=True, plot_bgcolor="white",
                      xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x"),
                      legend=dict(title="link kind (width ∝ √usd)"))
    return fig


def draw_plotly(graph, pos, target: pathlib.Path, title: str) -> None:
    fig = network_figure(graph, pos, title)
    fig.update_layout(width=1100, height=850)
    fig.write_html(target, include_plotlyjs=True, full_html=True)
