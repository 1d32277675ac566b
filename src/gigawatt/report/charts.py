"""Chart specifications and their Plotly rendering.

A :class:`Chart` holds the data of one figure, already scaled to its display unit, and nothing about how
to draw it; :func:`to_plotly` draws it for the HTML report and :mod:`gigawatt.report.png` draws the very
same object with matplotlib for slides, so the two never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Okabe-Ito, then Tableau: distinguishable, and safe for the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
           "#4E79A7", "#F28E2B", "#59A14F", "#E15759")
HIGHLIGHT = "#D55E00"
MUTED = "#9AA5B1"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@dataclass
class Series:
    """One line or area: ``y`` in the chart's display unit, on the left (1) or right (2) axis."""

    name: str
    y: list[float]
    axis: int = 1
    color: str | None = None
    dash: bool = False


@dataclass
class Band:
    """A Monte Carlo fan: P-low, median, P-high per x, and the deterministic run for reference."""

    name: str
    low: list[float]
    mid: list[float]
    high: list[float]
    base: list[float] | None = None
    color: str = PALETTE[0]


@dataclass
class Link:
    """A flow of money from one party to another, in the chart's unit ($B)."""

    source: str
    target: str
    value: float
    label: str


@dataclass
class Chart:
    """The data of one figure.

    kinds: ``area`` (stacked areas over x), ``lines`` (lines over x, optional right axis), ``hbar``
    (horizontal bars, one highlighted), ``fan`` (bands over x), ``tornado`` (low/high swings around a base)
    and ``flows`` (money flows between parties: one bar per payer -> payee flow on the page, since the
    report's partial plotly.js bundle has no Sankey; the PNG draws the same bars).
    """

    id: str
    kind: str
    title: str
    x: list = field(default_factory=list)
    series: list[Series] = field(default_factory=list)
    bands: list[Band] = field(default_factory=list)
    y_title: str = ""
    y2_title: str = ""
    x_title: str = ""
    caption: str = ""
    hlines: list[tuple[float, str]] = field(default_factory=list)   # (y, label) reference lines
    vline: tuple[str, str] | None = None                          # (x, label) a marked quarter
    bracket: tuple[str, float, float, str] | None = None           # (x, y0, y1, label) a marked difference
    categories: list[str] = field(default_factory=list)              # hbar / tornado
    values: list[float] = field(default_factory=list)                # hbar
    highlight: int | None = None                                     # hbar: the bar to colour
    low: list[float] = field(default_factory=list)                   # tornado: output at the input's low
    high: list[float] = field(default_factory=list)                  # tornado: output at the input's high
    base: float = 0.0                                                # tornado: output at the base case
    nodes: list[str] = field(default_factory=list)                   # flows
    node_colors: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    value_format: str = "{:,.3g}"                                   # hover / bar labels
    source: str = ""                                                 # where the figures come from (PNG footer)

    def year_ticks(self) -> tuple[list, list[str]]:
        """Tick positions at each year's first quarter, labelled with the year."""
        ticks = [x for x in self.x if isinstance(x, str) and x.endswith("Q1")]
        return ticks, [t[:4] for t in ticks]


def _layout(chart: Chart, height: int) -> dict:
    return dict(
        title=dict(text=f"<b>{chart.title}</b>", x=0, xanchor="left", font=dict(size=15)),
        template="plotly_white", height=height, font=dict(family=FONT, size=12, color="#1f2933"),
        margin=dict(l=70, r=70 if chart.y2_title else 30, t=60, b=60),
        legend=dict(orientation="h", yanchor="top", y=-0.14, xanchor="left", x=0),
        hoverlabel=dict(namelength=-1), colorway=list(PALETTE),  # the PNGs' palette too
    )


def _time_axes(fig, chart: Chart) -> None:
    ticks, text = chart.year_ticks()
    fig.update_xaxes(type="category", tickmode="array", tickvals=ticks, ticktext=text, title=chart.x_title or None,
                     showgrid=False)
    fig.update_yaxes(title=chart.y_title, rangemode="tozero", zeroline=True)


def _marks(fig, chart: Chart) -> None:
    for y, label in chart.hlines:
        fig.add_hline(y=y, line=dict(color="#52606D", dash="dot", width=1.5), annotation_text=label,
                      annotation_position="top left", annotation_font=dict(size=11, color="#52606D"))
    if chart.bracket and chart.bracket[0] in chart.x:
        x, y0, y1, label = chart.bracket
        fig.add_annotation(x=x, y=y0, ax=x, ay=y1, xref="x", yref="y", axref="x", ayref="y", text="",
                           showarrow=True, arrowhead=2, startarrowhead=2, arrowside="end+start", arrowwidth=1.8,
                           arrowcolor=HIGHLIGHT)
        fig.add_annotation(x=x, y=(y0 + y1) / 2, text=f"<b>{label}</b>", showarrow=False, xanchor="right", xshift=-8,
                           font=dict(color=HIGHLIGHT, size=12), bgcolor="rgba(255,255,255,0.85)")
    if chart.vline and chart.vline[0] in chart.x:
        x, label = chart.vline
        # Category axes take the position as an index for shapes.
        fig.add_vline(x=chart.x.index(x), line=dict(color="#52606D", dash="dash", width=1))
        fig.add_annotation(x=x, y=1, yref="paper", text=label, showarrow=False, xanchor="left", yanchor="bottom",
                           font=dict(size=11, color="#52606D"))


def to_plotly(chart: Chart):
    """A plotly Figure of the chart."""
    import plotly.graph_objects as go
    from plotly.subplots import make_subplots

    hover = "%{y:,.3~s}" if chart.kind in ("area", "lines", "fan") else None
    if chart.kind == "area":
        fig = go.Figure()
        for s in chart.series:
            fig.add_trace(go.Scatter(x=chart.x, y=s.y, name=s.name, stackgroup="one", mode="lines",
                                     line=dict(width=0.5, color=s.color), hovertemplate=hover))
        _time_axes(fig, chart)
        fig.update_layout(hovermode="x unified")
    elif chart.kind == "lines":
        fig = make_subplots(specs=[[{"secondary_y": bool(chart.y2_title)}]])
        for s in chart.series:
            fig.add_trace(go.Scatter(x=chart.x, y=s.y, name=s.name, mode="lines",
                                     line=dict(width=2.5, color=s.color, dash="dash" if s.dash else None),
                                     hovertemplate=hover), secondary_y=s.axis == 2 if chart.y2_title else None)
        _time_axes(fig, chart)
        if chart.y2_title:  # its own round ticks, not the left axis' grid
            fig.update_yaxes(title=chart.y2_title, secondary_y=True, showgrid=False, rangemode="tozero",
                             tickmode="auto", nticks=8)
        fig.update_layout(hovermode="x unified")
    elif chart.kind == "fan":
        fig = go.Figure()
        for b in chart.bands:
            fig.add_trace(go.Scatter(x=chart.x, y=b.high, mode="lines", line=dict(width=0), showlegend=False,
                                     name=f"{b.name} high", hovertemplate=hover))
            fig.add_trace(go.Scatter(x=chart.x, y=b.low, mode="lines", line=dict(width=0), fill="tonexty",
                                     fillcolor=_rgba(b.color, 0.25), name=f"{b.name}: 90 % band (P5–P95)",
                                     hovertemplate=hover))
            fig.add_trace(go.Scatter(x=chart.x, y=b.mid, mode="lines", line=dict(width=2.5, color=b.color),
                                     name=f"{b.name}: median", hovertemplate=hover))
            if b.base is not None:
                fig.add_trace(go.Scatter(x=chart.x, y=b.base, mode="lines", name=f"{b.name}: deterministic run",
                                         line=dict(width=1.8, color=b.color, dash="dot"), hovertemplate=hover))
        _time_axes(fig, chart)
        fig.update_layout(hovermode="x unified")
    elif chart.kind == "hbar":
        colors = [HIGHLIGHT if i == chart.highlight else MUTED for i in range(len(chart.values))]
        fig = go.Figure(go.Bar(x=chart.values, y=chart.categories, orientation="h", marker_color=colors,
                               text=[chart.value_format.format(v) for v in chart.values], textposition="outside",
                               cliponaxis=False, hovertemplate="%{y}: %{x:,.4~g}<extra></extra>"))
        fig.update_xaxes(title=chart.x_title, rangemode="tozero")
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(showlegend=False)
    elif chart.kind == "tornado":
        lo = [v - chart.base for v in chart.low]
        hi = [v - chart.base for v in chart.high]
        fig = go.Figure()
        fig.add_trace(go.Bar(y=chart.categories, x=lo, base=chart.base, orientation="h", name="input at its low",
                             marker_color=PALETTE[0], customdata=chart.low,
                             hovertemplate="%{y}: %{customdata:,.4~g}<extra>input low</extra>"))
        fig.add_trace(go.Bar(y=chart.categories, x=hi, base=chart.base, orientation="h", name="input at its high",
                             marker_color=PALETTE[1], customdata=chart.high,
                             hovertemplate="%{y}: %{customdata:,.4~g}<extra>input high</extra>"))
        fig.add_vline(x=chart.base, line=dict(color="#1f2933", width=1))
        fig.update_layout(barmode="overlay")
        fig.update_yaxes(autorange="reversed")
        fig.update_xaxes(title=chart.x_title)
    elif chart.kind == "flows":
        # One bar per flow, largest first, coloured by the payer (the partial bundle has no Sankey).
        colors = dict(zip(chart.nodes, chart.node_colors or PALETTE))
        links = sorted(chart.links, key=lambda k: -k.value)
        labels = [f"{k.source} → {k.target}: {k.label.split(' $')[0]}" for k in links]
        fig = go.Figure(go.Bar(x=[k.value for k in links], y=labels, orientation="h",
                               marker_color=[colors.get(k.source, PALETTE[0]) for k in links],
                               text=[f"${k.value:,.0f} B" if k.value >= 10 else f"${k.value:,.1f} B" for k in links],
                               textposition="outside", cliponaxis=False,
                               hovertemplate="%{y}: $%{x:,.1f} B<extra></extra>"))
        fig.update_xaxes(title=chart.x_title or "$B", rangemode="tozero")
        fig.update_yaxes(autorange="reversed")
        fig.update_layout(showlegend=False)
    else:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    height = {"hbar": 60 + 34 * max(len(chart.values), 4), "tornado": 120 + 40 * max(len(chart.categories), 3),
              "flows": 90 + 44 * max(len(chart.links), 4)}.get(chart.kind, 430)
    fig.update_layout(**_layout(chart, height))
    if chart.kind in ("hbar", "tornado", "flows"):
        fig.update_layout(margin=dict(l=10, r=60, t=80, b=50),  # legend above: the axis title is below
                          legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1))
        fig.update_yaxes(automargin=True)
    _marks(fig, chart)
    return fig


def _rgba(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def to_html_div(chart: Chart) -> str:
    """The chart as an HTML fragment (a div and its script); plotly.js itself is embedded once per page.

    The title is the page's (an ``<h3>`` above, which wraps on a phone), so the figure starts at its plot."""
    fig = to_plotly(chart)
    top = 50 if chart.kind in ("hbar", "tornado", "flows") else 24
    fig.update_layout(title=None, margin=dict(t=top))
    return figure_div(fig, f"chart-{chart.id}", chart.id)


def figure_div(fig, div_id: str, filename: str) -> str:
    """A plotly Figure as an HTML fragment for the page (the toolbar's PNG named ``filename``)."""
    # The template's layout only: its per-trace defaults for every trace type plotly has (most not in the
    # partial bundle) would add ~10 kB a chart for nothing.
    fig.layout.template = {"layout": fig.layout.template.layout}
    return fig.to_html(full_html=False, include_plotlyjs=False, div_id=div_id,
                       config={"displaylogo": False, "responsive": True,
                               "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
                               "toImageButtonOptions": {"filename": filename, "scale": 2}})
