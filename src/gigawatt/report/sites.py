"""The report's sites section: the real build-out (sites table, power online per site over time, announced
versus delivered GW, and a map drawn offline from US state outlines shipped in the ``plotly-geo`` package).

Reads :mod:`gigawatt.sites` (the analysis) and the catalog; computes nothing the analysis does not give.
"""

from __future__ import annotations

import datetime as _dt
import functools
import io

from gigawatt import present
from gigawatt.report.charts import PALETTE, Chart, Series
from gigawatt.report.sections import Figure, Section, details, esc, table

TOP_SITES = 10  # sites drawn one by one in the power-online chart; the rest are summed
NON_STATES = {"AK", "HI", "PR", "VI", "GU", "MP", "AS"}  # off the contiguous-US map


def _quarter(day: _dt.date) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


@functools.cache
def state_outlines(step: int = 8) -> tuple[tuple[tuple[float, ...], tuple[float, ...]], ...]:
    """Contiguous-US state outlines as (lons, lats) rings, every ``step``-th vertex (US Census cartographic
    boundaries cb_2016_us_state_500k, as shipped offline by the plotly-geo package)."""
    import os

    import _plotly_geo
    import shapefile

    path = os.path.join(os.path.dirname(_plotly_geo.__file__), "package_data", "cb_2016_us_state_500k.shp")
    rings = []
    with shapefile.Reader(path) as r:
        code = [f[0] for f in r.fields[1:]].index("STUSPS")
        for sr in r.iterShapeRecords():
            if sr.record[code] in NON_STATES:
                continue
            pts, parts = sr.shape.points, [*sr.shape.parts, len(sr.shape.points)]
            for a, b in zip(parts[:-1], parts[1:]):
                if b - a < 4 * step:  # small islands: invisible at this scale
                    continue
                ring = pts[a:b:step] + [pts[a]]
                rings.append((tuple(p[0] for p in ring), tuple(p[1] for p in ring)))
    return tuple(rings)


def _us(rows: list[dict]) -> list[dict]:
    return [r for r in rows if r["country"] == "US" and r["state"] not in NON_STATES]


def map_figure(rows: list[dict]):
    """The contiguous-US sites as an interactive plotly map (scatter traces only: offline, the partial bundle):
    state outlines, each site a circle of area ∝ planned MW with an inner one ∝ power online, hover for figures."""
    import plotly.graph_objects as go

    lons, lats = [], []
    for ring_lons, ring_lats in state_outlines():  # 0.01° (~1 km): finer than a phone's pixel, and half the bytes
        lons += [*(round(v, 2) for v in ring_lons), None]
        lats += [*(round(v, 2) for v in ring_lats), None]
    us = _us(rows)
    top = max((r["planned_mw"] or 0) for r in us) if us else 1
    size = [6 + 34 * ((r["planned_mw"] or 0) / top) ** 0.5 for r in us]  # diameter: area ∝ MW
    share = [min(r["power_online_mw"] / r["planned_mw"], 1) if r["planned_mw"] else 0 for r in us]
    hover = [f"<b>{r['name']}</b> ({r['state']})<br>{present.value(r['power_online_mw'], 'MW')} online of "
             f"{present.value(r['planned_mw'], 'MW')} planned<br>{r['status']} · {r['operator']}" for r in us]
    lon, lat = [r["lon"] for r in us], [r["lat"] for r in us]
    fig = go.Figure([
        go.Scatter(x=lons, y=lats, mode="lines", line=dict(color="#9AA5B1", width=0.6), hoverinfo="skip",
                   showlegend=False),
        go.Scatter(x=lon, y=lat, mode="markers", name="planned (circle area ∝ MW)", hovertext=hover,
                   hoverinfo="text", marker=dict(size=size, color="white", line=dict(color=PALETTE[0], width=1.4))),
        go.Scatter(x=lon, y=lat, mode="markers", name="power online (share of the circle)", hovertext=hover,
                   hoverinfo="text", marker=dict(size=[d * s ** 0.5 for d, s in zip(size, share)], color=PALETTE[1],
                                                 line=dict(width=0))),
    ])
    fig.update_layout(height=520, margin=dict(l=4, r=4, t=8, b=4), plot_bgcolor="white", dragmode="pan",
                      meta={"aspect": 0.62, "extra": 70, "x": [-125, -66], "y": [24, 50]},  # the page keeps this view
                      legend=dict(orientation="h", yanchor="top", y=-0.02, x=0),
                      xaxis=dict(visible=False, range=[-125, -66], constrain="domain"),
                      yaxis=dict(visible=False, range=[24, 50], scaleanchor="x", scaleratio=1.25, constrain="domain"))
    return fig


def map_png(rows: list[dict], as_of: str) -> bytes:
    """A PNG map of the contiguous-US sites: circle area ∝ planned MW, filled by the share online."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    us = _us(rows)
    fig, ax = plt.subplots(figsize=(10, 6.2), dpi=110)
    for lons, lats in state_outlines():
        ax.plot(lons, lats, color="#9AA5B1", lw=0.6)
    top = max((r["planned_mw"] or 0) for r in us) if us else 1
    for r in us:
        size = 30 + 900 * (r["planned_mw"] or 0) / top
        share = min(r["power_online_mw"] / r["planned_mw"], 1) if r["planned_mw"] else 0
        ax.scatter(r["lon"], r["lat"], s=size, facecolor="white", edgecolor=PALETTE[0], lw=1.2, zorder=3)
        if share > 0:
            ax.scatter(r["lon"], r["lat"], s=size * share, color=PALETTE[1], zorder=4, lw=0)
    for r in sorted(us, key=lambda r: -(r["planned_mw"] or 0))[:12]:
        ax.annotate(r["id"], (r["lon"], r["lat"]), fontsize=7, xytext=(4, 4), textcoords="offset points", zorder=5)
    ax.set_xlim(-125, -66)
    ax.set_ylim(24, 50)
    ax.set_aspect(1.25)  # ~1/cos(37°): an equirectangular view that keeps shapes recognisable
    ax.set_axis_off()
    ax.set_title(f"US AI campuses as of {as_of}: circle area ∝ planned MW, orange ∝ power online", loc="left",
                 fontsize=11)
    fig.text(0.01, 0.01, f"gigawatt, {_dt.date.today().isoformat()} · Source: Epoch AI, Frontier Data Centers "
                          "(CC-BY 4.0), press releases and filings; state outlines: US Census cb_2016 (plotly-geo)",
             fontsize=7.5, color="#52606D", ha="left", va="bottom")
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def power_chart(sites_, timeline, as_of: _dt.date, start: _dt.date = _dt.date(2023, 1, 1)) -> Chart:
    """Power online per site at each quarter end (the largest sites by name, the rest summed) [GW]."""
    from gigawatt import sites as st

    days = st.quarter_ends(start, as_of)
    by_site: dict[str, list] = {}
    for r in timeline:
        by_site.setdefault(r.site, []).append(r)
    series = {s.id: [st.site_state(s, by_site.get(s.id, []), d)["power_online_mw"] / 1000 for d in days]
              for s in sites_}
    order = sorted(series, key=lambda k: -series[k][-1])
    top, rest = order[:TOP_SITES], order[TOP_SITES:]
    out = [Series(k, series[k], color=PALETTE[i % len(PALETTE)]) for i, k in enumerate(top)]
    out.append(Series(f"{len(rest)} other sites", [sum(series[k][i] for k in rest) for i in range(len(days))],
                      color="#9AA5B1"))
    return Chart("sites-power", "area", "Power online at each site (observed; quarter ends)",
                 x=[_quarter(d) for d in days], series=out, y_title="GW",
                 caption="Facility power at each quarter end from each site's latest observed timeline row "
                         "(Epoch AI, Frontier Data Centers, CC-BY 4.0; press for the rest). Projections and "
                         "announced targets are not shown.")


def pipeline_chart(p: dict) -> Chart:
    """Announced GW (deals, headline and de-duplicated) against delivered GW, per quarter end."""
    rows = p["over_time"]
    return Chart("sites-pipeline", "lines", "Announced versus delivered",
                 x=[_quarter(_dt.date.fromisoformat(r["date"])) for r in rows],
                 series=[Series("announced", [r["announced_gw"] for r in rows], color=PALETTE[3]),
                         Series("announced, de-duplicated", [r["dedup_gw"] for r in rows], color=PALETTE[3],
                                dash=True),
                         Series("delivered (all sites)", [r["delivered_gw"] for r in rows],
                                color=PALETTE[0]),
                         Series("delivered (deal sites)", [r["delivered_deal_sites_gw"] for r in rows],
                                color=PALETTE[2], dash=True)],
                 y_title="GW",
                 caption="Deals count from their announcement date until they end; de-duplicated removes GW that "
                         "several deals claim at the same site. Delivered is power online at quarter end, at all "
                         "tracked sites or only at the sites the deals name.")


def _as_of_note(p: dict) -> str:
    """Data as of the data date, the evidence dates behind "delivered", and how to cite the data."""
    from gigawatt import __version__, catalog

    day = catalog.data_date().isoformat()
    return (f"<p>Data as of {day} (deals and their statuses checked to then; each row carries when its figure was "
            f"true and when it was last checked: <code>gigawatt data --stale</code>). Delivered power rests on "
            f"observed evidence dated {p['delivered_evidence_from'] or '—'} to {p['delivered_evidence_to'] or '—'}; "
            f"projections whose date has passed count as due, unconfirmed, not delivered. Superseded or cancelled "
            f"deals are not announced capacity.</p><p>How to cite: gigawatt {esc(__version__)}, data as of {day}. "
            "Rows from Epoch AI are CC-BY 4.0 and must be attributed: Epoch AI, “Frontier Data Centers”, "
            "https://epoch.ai/data/data-centers; other rows cite their original publication in their source.</p>")


def section(as_of: _dt.date | None = None, highlight: tuple[str, ...] = ()) -> Section:
    """The sites section, as of ``as_of`` (default today); ``highlight`` marks a scenario's own sites."""
    from gigawatt import catalog
    from gigawatt import sites as st

    day = st.check_as_of(as_of)
    s, tl, d, links = catalog.sites(), catalog.site_timeline(), catalog.deals(), catalog.deal_sites()
    p = st.pipeline(s, tl, d, links, day)
    rows = st.sites_as_of(s, tl, day)
    speed = p["build_speed"]["by_size_class"]
    cost = p["capital_cost_per_gw"]

    def rng(x):
        return f"{present.sig(x['low'])}–{present.sig(x['high'])}" if x["low"] is not None else present.MISSING

    site_rows = [[("★ " if r["id"] in highlight else "") + r["name"], f"{r['state']}, {r['country']}",
                  r["operator"], ", ".join(r["owner"]) or "—", ", ".join(r["lessee"]) or "—",
                  ", ".join(r["tenants"]) or "—", present.value(r["power_online_mw"], "MW"),
                  present.value(r["planned_mw"], "MW"), r["status"],
                  f"{present.value(r['next_power_mw'], 'MW')} by {r['next_date']}" if r["next_date"] else "",
                  r["power_source"]] for r in rows]
    sites_tbl = table(["site", "where", "operator", "owner", "lessee", "tenants", "online", "planned", "status",
                       "expected next", "power"], site_rows, numeric={6, 7},
                      caption=f"{len(rows)} campuses known by {day}"
                              + (" (★ this scenario's sites)" if highlight else "")
                              + ". Each row's figures are sourced and dated in gigawatt's sites data (Epoch AI, "
                                "press releases, filings).")
    dbl = table(["site", "deals", "claimed", "unique", "counted twice"],
                [[r["site"], ", ".join(r["deals"]), present.value(r["claimed_gw"], "GW"),
                  present.value(r["unique_gw"], "GW"), present.value(r["double_counted_gw"], "GW")]
                 for r in p["double_counting"]], numeric={2, 3, 4},
                caption="The same gigawatts in several deals.")
    spd = table(["size class", "sites", "months to first power (median)", "range", "MW per month (median)", "range"],
                [[r["size_class"], r["sites"], present.sig(r["months_to_first_power"]["median"]),
                  rng(r["months_to_first_power"]), present.sig(r["mw_per_month"]["median"]), rng(r["mw_per_month"])]
                 for r in speed], numeric={1, 2, 4},
                caption="Build speed from the timelines: first observed land clearing or construction to first power.")
    non_us = [r["name"] for r in rows if r["country"] != "US"]
    intro = ("<p>Where announced gigawatts meet delivered ones: the campuses of roughly 200 MW or more that public "
             "sources cover, the deals that name them, and how fast they are built. Site figures are Epoch AI's "
             "Frontier Data Centers data (CC-BY 4.0, from satellite images and permits) plus press releases and "
             "filings; every row is sourced and dated.</p>" + _as_of_note(p))
    return Section(
        "sites", "The real build-out: sites and deals", intro=intro,
        cards=[("announced in deals", present.value(p["announced_gw"], "GW")),
               ("announced, de-duplicated", present.value(p["dedup_gw"], "GW")),
               ("delivered: power online at tracked sites", present.value(p["delivered_gw"], "GW")),
               ("due, unconfirmed: projections past their date", present.value(p["due_unconfirmed_gw"], "GW")),
               ("realised capital cost per GW (median)", present.usd(cost["median_usd_per_gw"]))],
        charts=[pipeline_chart(p), power_chart(s, tl, day)],
        figures=[Figure("sites-map", f"US AI campuses as of {day}",
                        "Circle area ∝ planned MW, orange ∝ power online; hover a site for its figures, pinch or drag "
                        "to zoom (outlines: US Census cb_2016 500k via plotly-geo). "
                        f"Outside the US: {', '.join(non_us) or 'none'}.",
                        map_figure(rows), map_png(rows, day.isoformat()))],
        tables=[details(f"All {len(rows)} campuses", sites_tbl), details("Gigawatts counted in several deals", dbl),
                details("Build speed by size class", spd)])
