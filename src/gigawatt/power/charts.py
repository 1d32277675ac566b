"""Charts of an optimal supply (matplotlib, imported lazily): stacked hourly dispatch for a sample winter
and summer week, and capacity bars. Each returns PNG bytes; the CLI writes them, the report embeds them."""

from __future__ import annotations

import io

from gigawatt.power.results import PowerResult

COLORS = {"grid": "#7F8C8D", "gas-aero": "#E67E22", "gas-frame": "#D35400", "gas-ccgt": "#A04000",
          "gas-recip": "#F0B27A", "solar": "#F4D03F", "wind": "#5DADE2", "firm": "#8E44AD",
          "battery": "#27AE60", "battery-4h": "#2ECC71", "battery-8h": "#1E8449"}


def _png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def dispatch_weeks_png(res: PowerResult) -> bytes:
    """Stacked dispatch (MW) for a winter and a summer week (:meth:`PowerResult.weeks`), with the load the campus
    drew; storage charging below zero."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from gigawatt.power.options import LABELS

    weeks = res.weeks()
    fig, axes = plt.subplots(len(weeks), 1, figsize=(10, 3.6 * len(weeks)), dpi=100, squeeze=False,
                             layout="constrained")  # makes room for the legends below each plot
    for ax, week in zip(axes[:, 0], weeks):
        series = {k: np.asarray(v) for k, v in week["dispatch_mw"].items()}
        n = len(week["load_mw"])
        hours = np.arange(n)
        pos = {k: np.clip(v, 0, None) for k, v in series.items()}
        keys = [k for k in pos if pos[k].max() > 1.0]
        if keys:
            ax.stackplot(hours, *[pos[k] for k in keys], labels=[LABELS.get(k, k) for k in keys],
                         colors=[COLORS.get(k, "#999") for k in keys])
        for k, v in series.items():
            if (v < 0).any():
                ax.fill_between(hours, np.clip(v, None, 0), 0, color=COLORS.get(k, "#999"), alpha=0.5,
                                label=f"{LABELS.get(k, k)} charging")
        ax.plot(hours, week["load_mw"], color="black", lw=1.2, label="load drawn")
        ax.set_title(f"{res.site}: {week['title']}", loc="left", fontsize=10)
        ax.set_ylabel("MW")
        ax.set_xlim(0, n - 1)
        ax.set_xlabel("hour of the week" if n == 168 else "hour")
        ax.legend(fontsize=7, ncol=5, loc="upper left", bbox_to_anchor=(0, -0.2), frameon=False)  # below the plot
    return _png(fig)


def capacity_png(res: PowerResult) -> bytes:
    """Capacity by option (MW; storage also MWh in the label)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from gigawatt.power.options import LABELS

    keys = [k for k, v in res.capacity_mw.items() if v > 0]
    fig, ax = plt.subplots(figsize=(8, 0.5 + 0.45 * max(len(keys), 1)), dpi=100)
    vals = [res.capacity_mw[k] for k in keys]
    ax.barh([LABELS.get(k, k) for k in keys], vals, color=[COLORS.get(k, "#999") for k in keys])
    for i, k in enumerate(keys):
        extra = f" / {res.storage_mwh[k]:,.0f} MWh ({res.storage_hours[k]:.1f} h)" if k in res.storage_mwh else ""
        ax.annotate(f"{vals[i]:,.0f} MW{extra}", (vals[i], i), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("MW")
    ax.set_title(f"{res.site}: least-cost capacity for {res.load_mw:,.0f} MW of load "
                 f"(LCOE ${res.lcoe_usd_per_mwh:,.0f}/MWh)", loc="left", fontsize=10)
    return _png(fig)
