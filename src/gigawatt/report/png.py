"""The report's charts as PNG for slides, drawn with matplotlib (Agg: no display, no browser, no network).

Each function draws the same :class:`~gigawatt.report.charts.Chart` object the HTML report shows.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gigawatt.report.charts import HIGHLIGHT, MUTED, PALETTE, Chart

SIZE_IN = (11.0, 6.0)   # a 16:9-ish slide picture
DPI = 150
INK = "#1f2933"
GREY = "#52606D"


def _figure(chart: Chart, size=SIZE_IN):
    from matplotlib.figure import Figure  # the object API: no pyplot state, Agg canvas

    fig = Figure(figsize=size, dpi=DPI)
    ax = fig.add_subplot()
    # The title starts at the figure's left edge, not the axes' (long bar labels push the axes right).
    fig.suptitle(_tex_safe(chart.title), x=0.01, ha="left", fontsize=14, fontweight="bold", color=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=INK, labelsize=10)
    return fig, ax


def _time_axis(ax, chart: Chart) -> None:
    ticks, text = chart.year_ticks()
    ax.set_xticks([chart.x.index(t) for t in ticks], text)
    ax.set_xlim(0, len(chart.x) - 1)
    values = [v for s in chart.series if s.axis == 1 for v in s.y] + [v for b in chart.bands for v in b.low + b.high]
    top = max(values + [y for y, _ in chart.hlines], default=1.0)
    if min(values, default=0.0) >= 0:  # quantities from zero; cash positions may go negative
        ax.set_ylim(0, top * 1.06 if top > 0 else 1.0)  # reference lines are inside the frame too
    else:
        ax.axhline(0, color=INK, linewidth=0.8)
    ax.set_ylabel(_tex_safe(chart.y_title), fontsize=11, color=INK)
    ax.grid(axis="y", color="#E4E7EB", linewidth=0.8)
    ax.set_axisbelow(True)


def _marks(ax, chart: Chart) -> None:
    for y, label in chart.hlines:
        ax.axhline(y, color=GREY, linestyle=":", linewidth=1.5)
        ax.annotate(_tex_safe(label), (0, y), xytext=(4, 4), textcoords="offset points", fontsize=9.5, color=GREY,
                    va="bottom")
    if chart.bracket and chart.bracket[0] in chart.x:
        x, y0, y1, label = chart.bracket
        i = chart.x.index(x)
        ax.annotate("", (i, y0), xytext=(i, y1), arrowprops=dict(arrowstyle="<->", color=HIGHLIGHT, lw=1.8))
        ax.annotate(_tex_safe(label), (i, (y0 + y1) / 2), xytext=(-8, 0), textcoords="offset points", ha="right",
                    va="center", fontsize=10.5, fontweight="bold", color=HIGHLIGHT,
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.9))
    if chart.vline and chart.vline[0] in chart.x:
        x = chart.x.index(chart.vline[0])
        ax.axvline(x, color=GREY, linestyle="--", linewidth=1)
        ax.annotate(_tex_safe(chart.vline[1]), (x, 1), xycoords=("data", "axes fraction"), xytext=(4, -4),
                    textcoords="offset points", fontsize=9.5, color=GREY, va="top")


def _tex_safe(text: str) -> str:
    """Matplotlib reads $...$ as mathtext; dollar amounts must stay literal."""
    return text.replace("$", r"\$")


def _legend(ax, handles=None, labels=None, ncol=None) -> None:
    h, lab = ax.get_legend_handles_labels() if handles is None else (handles, labels)
    if not h:
        return
    below = -0.2 if ax.get_xlabel() else -0.09  # under the axis title where there is one
    ax.legend(h, [_tex_safe(x) for x in lab], loc="upper center", bbox_to_anchor=(0.5, below),
              ncol=ncol or min(len(h), 4), frameon=False, fontsize=10)


def _draw_area(ax, chart: Chart) -> None:
    xs = range(len(chart.x))
    ax.stackplot(xs, *[s.y for s in chart.series], labels=[s.name for s in chart.series],
                 colors=[s.color or PALETTE[i % len(PALETTE)] for i, s in enumerate(chart.series)], alpha=0.9,
                 linewidth=0.4, edgecolor="white")
    _time_axis(ax, chart)
    stacked = max((sum(v) for v in zip(*[s.y for s in chart.series])), default=0.0)  # the stack's top, not a layer's
    ax.set_ylim(0, max(ax.get_ylim()[1], stacked * 1.06))
    _legend(ax)


def _draw_lines(ax, chart: Chart) -> None:
    xs = range(len(chart.x))
    ax2 = ax.twinx() if chart.y2_title else None
    for i, s in enumerate(chart.series):
        target = ax2 if (ax2 is not None and s.axis == 2) else ax
        target.plot(xs, s.y, label=_tex_safe(s.name), color=s.color or PALETTE[i % len(PALETTE)], linewidth=2.4,
                    linestyle="--" if s.dash else "-")
    _time_axis(ax, chart)
    if ax2 is not None:
        ax2.set_ylim(bottom=0)
        ax2.set_ylabel(_tex_safe(chart.y2_title), fontsize=11, color=INK)
        ax2.spines["top"].set_visible(False)
        h1, l1 = ax.get_legend_handles_labels()
        h2, l2 = ax2.get_legend_handles_labels()
        _legend(ax, h1 + h2, l1 + l2)
    else:
        _legend(ax)


def _draw_fan(ax, chart: Chart) -> None:
    xs = range(len(chart.x))
    for b in chart.bands:
        ax.fill_between(xs, b.low, b.high, color=b.color, alpha=0.25, linewidth=0, label=f"{b.name}: 90 % band (P5–P95)")
        ax.plot(xs, b.mid, color=b.color, linewidth=2.4, label=f"{b.name}: median")
        if b.base is not None:
            ax.plot(xs, b.base, color=b.color, linewidth=1.6, linestyle=":", label=f"{b.name}: deterministic run")
    _time_axis(ax, chart)
    _legend(ax, ncol=3)


def _draw_hbar(ax, chart: Chart) -> None:
    ys = range(len(chart.values))
    colors = [HIGHLIGHT if i == chart.highlight else MUTED for i in ys]
    ax.barh(list(ys), chart.values, color=colors)
    ax.set_yticks(list(ys), [_tex_safe(c) for c in chart.categories])
    ax.invert_yaxis()
    top = max(chart.values) if chart.values else 1.0
    for y, v in zip(ys, chart.values):
        ax.annotate(_tex_safe(chart.value_format.format(v)), (v, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9.5, color=INK)
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(_tex_safe(chart.x_title), fontsize=11, color=INK)
    ax.grid(axis="x", color="#E4E7EB", linewidth=0.8)
    ax.set_axisbelow(True)
    if chart.highlight is not None:
        ax.get_yticklabels()[chart.highlight].set_fontweight("bold")


def _draw_tornado(ax, chart: Chart) -> None:
    ys = list(range(len(chart.categories)))
    ax.barh(ys, [v - chart.base for v in chart.low], left=chart.base, color=PALETTE[0], label="input at its low")
    ax.barh(ys, [v - chart.base for v in chart.high], left=chart.base, color=PALETTE[1], label="input at its high")
    ax.axvline(chart.base, color=INK, linewidth=1)
    ax.set_yticks(ys, [_tex_safe(c) for c in chart.categories])
    ax.invert_yaxis()
    ax.set_xlabel(_tex_safe(chart.x_title), fontsize=11, color=INK)
    ax.grid(axis="x", color="#E4E7EB", linewidth=0.8)
    ax.set_axisbelow(True)
    _legend(ax)


def _draw_flows(ax, chart: Chart) -> None:
    """The money flows as the page shows them: one bar per payer -> payee flow, largest first, coloured by payer."""
    colors = dict(zip(chart.nodes, chart.node_colors or [PALETTE[i % len(PALETTE)] for i in range(len(chart.nodes))]))
    links = sorted(chart.links, key=lambda k: -k.value)
    ys = list(range(len(links)))
    ax.barh(ys, [k.value for k in links], color=[colors.get(k.source, PALETTE[0]) for k in links])
    ax.set_yticks(ys, [_tex_safe(f"{k.source} → {k.target}: {k.label.split(' $')[0]}") for k in links])
    ax.invert_yaxis()
    top = max((k.value for k in links), default=1.0)
    for y, k in zip(ys, links):
        ax.annotate(_tex_safe(f"${k.value:,.0f} B" if k.value >= 10 else f"${k.value:,.1f} B"), (k.value, y),
                    xytext=(4, 0), textcoords="offset points", va="center", fontsize=9.5, color=INK)
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(_tex_safe(chart.x_title or "$B"), fontsize=11, color=INK)
    ax.grid(axis="x", color="#E4E7EB", linewidth=0.8)
    ax.set_axisbelow(True)


_DRAW = {"area": _draw_area, "lines": _draw_lines, "fan": _draw_fan, "hbar": _draw_hbar,
         "tornado": _draw_tornado, "flows": _draw_flows}


def render(chart: Chart, path: Path, stamp: str = "") -> Path:
    """Draw ``chart`` to ``path`` (PNG), atomically: a reader never sees a half-written file.

    ``stamp`` (the scenario and the date) goes in the footer with the chart's source line, so a slide that
    shows the picture alone still says what it is, when it was made and where its figures come from."""
    size = SIZE_IN
    if chart.kind in ("hbar", "tornado"):
        n = len(chart.categories)
        size = (SIZE_IN[0], max(3.5, min(9.0, 1.4 + 0.42 * n)))
    elif chart.kind == "flows":
        size = (SIZE_IN[0], max(4.0, min(10.0, 1.6 + 0.42 * len(chart.links))))
    fig, ax = _figure(chart, size)

    _DRAW[chart.kind](ax, chart)
    _marks(ax, chart)
    footer = " · ".join(x for x in (stamp, f"Source: {chart.source}" if chart.source else "") if x)
    if footer:
        fig.text(0.01, 0.005, _tex_safe(footer), fontsize=8.5, color=GREY, ha="left", va="bottom", wrap=True)
    fig.tight_layout(rect=(0, 0.04 if footer else 0, 1, 1))
    return save_atomic(fig, Path(path))


def save_atomic(fig, path: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".png", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            fig.savefig(f, format="png", facecolor="white")
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a figure for slides is an ordinary file
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def compact(data: bytes, colors: int = 64) -> bytes:
    """A PNG re-encoded with a palette of ``colors`` (a quarter of the bytes for a chart or a map, no visible
    change), for embedding in the HTML page; the PNG files for slides keep every colour."""
    import io

    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        out = io.BytesIO()
        im.convert("RGB").quantize(colors=colors, method=Image.Quantize.MEDIANCUT).save(out, "PNG", optimize=True)
    return out.getvalue() if out.tell() < len(data) else data
