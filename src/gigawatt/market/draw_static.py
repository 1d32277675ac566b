"""The market network as a PNG or SVG (matplotlib), for the report and ``gigawatt market --graph``."""

from __future__ import annotations

import math
import pathlib

from gigawatt import present
from gigawatt.market.look import (COMPANY_COLOURS, KIND_COLOURS, arc_control, bends, edge_width, largest, node_size,
                                  revenues, usd_label)


def _edges(ax, graph, pos, sizes) -> None:
    """Arrows payer -> payee, each labelled with its amount (and GW) at the arc's midpoint."""
    from matplotlib.patches import FancyArrowPatch

    max_usd = largest(d["usd"] for _, _, d in graph.edges(data=True))
    rads = bends(graph)
    for u, v, d in graph.edges(data=True):
        rad = rads[d["id"]]
        disclosed = not math.isnan(d["usd"])
        ax.add_patch(FancyArrowPatch(
            pos[u], pos[v], connectionstyle=f"arc3,rad={rad}", arrowstyle="-|>", mutation_scale=14,
            linewidth=edge_width(d["usd"], max_usd, 0.8, 9.0), color=KIND_COLOURS[d["kind"]],
            alpha=0.75 if disclosed else 0.9, linestyle="-" if disclosed else (0, (3, 2)),
            shrinkA=math.sqrt(sizes[u]) / 2 + 2, shrinkB=math.sqrt(sizes[v]) / 2 + 2, zorder=1))
        (x1, y1), (x2, y2) = pos[u], pos[v]
        cx, cy = arc_control(pos[u], pos[v], rad)
        mx, my = 0.25 * x1 + 0.5 * cx + 0.25 * x2, 0.25 * y1 + 0.5 * cy + 0.25 * y2
        label = usd_label(d["usd"]).replace("$", "\\$")  # a bare $ would start mathtext
        if not math.isnan(d["gw"]):
            label += f" · {present.sig(d['gw'])} GW"
        ax.text(mx, my, label, fontsize=7.5, ha="center", va="center", color=KIND_COLOURS[d["kind"]], zorder=3,
                bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))


def _nodes(ax, graph, pos, sizes, rev) -> None:
    for n in graph.nodes:
        node = graph.nodes[n]
        colour = COMPANY_COLOURS.get(node.get("kind", ""), "#cccccc")
        known = not math.isnan(rev[n])
        ax.scatter(*pos[n], s=sizes[n], c=colour if known else "white", edgecolors=colour if not known else "#333333",
                   linewidths=1.8 if not known else 0.8, zorder=4)
        text = usd_label(rev[n]).replace("$", "\\$") if known else "revenue n/d"
        # Name below the marker (small markers would vanish under their text), revenue inside big ones.
        radius_pt = math.sqrt(sizes[n]) / 2
        ax.annotate(f"{node.get('name', n)}", pos[n], xytext=(0, -radius_pt - 2), textcoords="offset points",
                    fontsize=9.5, ha="center", va="top", zorder=5, fontweight="bold",
                    bbox=dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.7))
        inside = sizes[n] > 1500
        ax.annotate(text, pos[n], xytext=(0, 0 if inside else -radius_pt - 15), textcoords="offset points",
                    fontsize=8, ha="center", va="center" if inside else "top", zorder=5, color="#222222")


def _legends(ax, graph) -> None:
    from matplotlib.lines import Line2D

    kinds = [Line2D([], [], color=c, lw=3, label=f"{k}") for k, c in KIND_COLOURS.items()]
    kinds.append(Line2D([], [], color="#555555", lw=1, linestyle=(0, (3, 2)), label="value not disclosed"))
    firms = [Line2D([], [], marker="o", ls="", markersize=10, markerfacecolor=c, markeredgecolor="#333333",
                    label=k.replace("_", " ")) for k, c in COMPANY_COLOURS.items()
             if any(graph.nodes[n].get("kind") == k for n in graph.nodes)]
    leg1 = ax.legend(handles=kinds, title="link (width ∝ √usd)", loc="upper left", fontsize=8, title_fontsize=9,
                     frameon=False)
    ax.add_artist(leg1)
    ax.legend(handles=firms, title="company (area ∝ √revenue)", loc="lower left", fontsize=8, title_fontsize=9,
              frameon=False)


def draw_matplotlib(graph, pos, target: pathlib.Path, title: str) -> None:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(12, 10.5), dpi=110)
    ax = fig.add_subplot()
    rev = revenues(graph)
    max_rev = largest(rev.values())
    sizes = {n: node_size(rev[n], max_rev, 350, 5000) for n in graph.nodes}
    _edges(ax, graph, pos, sizes)
    _nodes(ax, graph, pos, sizes, rev)
    xs, ys = zip(*pos.values())
    pad = 0.18
    ax.set_xlim(min(xs) - pad, max(xs) + pad)
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(title, fontsize=13)
    _legends(ax, graph)
    fig.tight_layout()
    fig.savefig(target, format=target.suffix.lstrip(".").lower())
