"""Drawing the market network to a file: PNG or SVG (matplotlib, :mod:`~gigawatt.market.draw_static`) or a
self-contained HTML page (plotly, :mod:`~gigawatt.market.draw_html`)."""

from __future__ import annotations

import pathlib

from gigawatt.errors import InputError, show
from gigawatt.market.look import layout

SUFFIXES = (".png", ".svg", ".html")


def draw_graph(graph, path: str | pathlib.Path, title: str | None = None) -> pathlib.Path:
    """Draw the network to ``.png``/``.svg`` (matplotlib) or a self-contained ``.html`` (plotly, works offline):
    node area by revenue, edge width by usd, edge colour by link kind, arrows the way money flows."""
    target = pathlib.Path(path)
    suffix = target.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError("graph", f"{show(str(path))} has suffix {show(suffix)}; use .png, .svg or .html")
    title = title or "Money flows around the AI compute deals (arrow: payer → payee)"
    pos = layout(graph)
    if suffix == ".html":
        from gigawatt.market.draw_html import draw_plotly

        draw_plotly(graph, pos, target, title)
    else:
        from gigawatt.market.draw_static import draw_matplotlib

        draw_matplotlib(graph, pos, target, title)
    return target
