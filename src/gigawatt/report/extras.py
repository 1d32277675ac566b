"""Sections from gigawatt's optional parts (market; Monte Carlo, sensitivity, claims where installed).

Each function reads only that part's public API and returns a :class:`~gigawatt.report.sections.Section`;
:func:`gigawatt.report.build_sections` calls it only when the part's module exists.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from gigawatt import present
from gigawatt.report import names
from gigawatt.report.sections import Figure, Section, details, esc, group_sources, linked, table

HHI_TEXT = ("The HHI (Herfindahl–Hirschman index) adds up the squares of each supplier's percentage share: 10,000 "
            "if one supplier has it all, 2,500 for four equal ones; above 1,800 counts as highly concentrated "
            "(US merger guidelines, 2023).")


NETWORK_CAPTION = ("Node area ∝ √revenue, link width ∝ √usd, arrow: payer → payee; dashed: amount not disclosed. "
                   "Hover a node or a link's midpoint for its figures and source; pinch or drag to zoom.")


def _network(graph):
    """The money network for the page: interactive, as wide as the page, about as tall as wide (a phone zooms in)."""
    from gigawatt.market.draw_html import network_figure
    from gigawatt.market.look import layout

    fig = network_figure(graph, layout(graph), "")
    fig.update_layout(title=None, height=640, margin=dict(l=4, r=4, t=8, b=4), meta={"aspect": 0.95, "extra": 150},
                      legend=dict(orientation="h", yanchor="top", y=-0.02, x=0, title=None), dragmode="pan")
    return fig


def market(res, stress: float = 0.5) -> tuple[Section, list[tuple[str, list[str]]]]:
    """The money network around the deal: the graph, the customer's suppliers and HHI, money cycles, and who
    is exposed if the customer's revenue falls short. Also returns the market data's sources."""
    from gigawatt import market as m

    links = list(res.scenario.links)
    rep = m.market_report(stress=stress, extra_links=links)
    graph = m.build_graph(m.load_companies(), m.load_links(extra=links))
    with tempfile.TemporaryDirectory() as tmp:
        png = m.draw_graph(graph, Path(tmp) / "market-network.png").read_bytes()
    network = _network(graph)
    cust = names.company(rep["customer"])
    shares = table(["vendor", "GW", "commitments", "share of GW", "share of usd", "links"],
                   [[names.company(r["name"]), present.sig(r["gw"]) if r["gw"] else "—",
                     present.usd(r["usd"]) if r["usd"] else "—", present.pct(r["share_gw"]) if r["gw"] else "—",
                     present.pct(r["share_usd"]) if r["usd"] else "—", r["links"]]
                    for r in rep["supply_shares"]],
                   numeric={1, 2, 3, 4, 5},
                   caption=f"{cust}'s compute commitments by vendor. HHI {present.sig(rep['hhi_gw'])} by GW, "
                           f"{present.sig(rep['hhi_usd'])} by dollars. {HHI_TEXT}")
    cycles = table(["cycle", "goes round", "bottleneck", "flows"],
                   [[r["cycle"], present.usd(r["amount_usd"]), r["bottleneck"], r["edges"]] for r in rep["cycles"]],
                   numeric={1}, caption="Money cycles: the amount that can go all the way round is the smallest flow "
                                        "on the cycle (totals over the deals' lives).")
    s = rep["stress"]
    expo = table(["counterparty", "owed per year", "unpaid per year", "its revenue", "unpaid ÷ revenue"],
                 [[r["counterparty"], present.usd(r["annual_usd"]), present.usd(r["unpaid_usd"]),
                   present.usd(r["revenue_usd"]), present.pct(r["exposure_to_revenue"])] for r in s["exposures"]],
                 numeric={1, 2, 3, 4},
                 caption=f"Stress test: {cust}'s revenue {present.pct(s['shortfall'])} short of a path of "
                         f"{present.usd(s['revenue_path_usd_per_year'])}/yr against "
                         f"{present.usd(s['commitments_usd_per_year'])}/yr of commitments leaves "
                         f"{present.usd(s['gap_usd_per_year'])}/yr unpaid.")
    hold = table(["holder", "company", "kind", "usd", "stake", "also trades as"],
                 [[r["holder"], r["company"], r["kinds"], present.usd(r["usd"]) if r["usd"] else "—",
                   present.pct(r["stake"]), r["trade"] or ""] for r in rep["cross_holdings"]],
                 numeric={3, 4}, caption="Cross-holdings.")
    intro = ("<p>The deal sits in a web of investments, supply deals and cloud contracts between the same few "
             "companies (sourced links; arrows point the way money flows). Amounts are totals over each deal's "
             f"life; undisclosed amounts are shown dashed and left out of every sum.</p><p>{esc(HHI_TEXT)}</p>")
    sec = Section("market", "The market network", intro=intro,
                  cards=[(f"concentration of {cust}'s suppliers by GW (HHI, 0–10,000)", present.sig(rep["hhi_gw"])),
                         (f"concentration of {cust}'s suppliers by dollars (HHI)", present.sig(rep["hhi_usd"])),
                         (f"{cust}'s commitments per year", present.usd(s["commitments_usd_per_year"]) + "/yr"),
                         (f"unpaid per year at a {present.pct(s['shortfall'])} revenue shortfall",
                          present.usd(s["gap_usd_per_year"]) + "/yr")],
                  figures=[Figure("market-network", "Money flows around the AI compute deals", NETWORK_CAPTION,
                                  network, png)],
                  tables=[shares, details("Stress test, money cycles and cross-holdings", expo + cycles + hold)])
    pairs = [(c["source"], f"{c['name']} revenue") for c in rep["companies"] if c.get("source")]
    pairs += [(r["source"], f"{names.company(r['payer'])} → {names.company(r['payee'])} ({r['kind']})")
              for r in rep["links"] if r.get("source")]
    srcs = [("Market data used", group_sources(pairs))]
    return sec, srcs



# --- uncertainty (gigawatt.montecarlo; the tornado from gigawatt.sensitivity where installed) -------------------

LEVELS = (0.05, 0.5, 0.95)
# Headline figures shown as P5–P95 ranges: (name in MCResults, unit of results.HEADLINE).
MC_FIGURES = ("capacity_gw", "gpus", "annual_energy_twh", "capex_usd", "vendor_investment_usd",
              "customer_funding_gap_usd", "required_revenue_usd_per_year", "vendor_net_cash_usd")


def run_mc(scn, draws: int, seed: int, progress=None):
    """The Monte Carlo the uncertainty section shows (gigawatt.api.monte_carlo), reporting its progress."""
    from gigawatt import api

    def tick(done: int, total: int) -> None:
        if progress is not None:
            progress(f"Monte Carlo: {done:,} of {total:,} draws", done, total)

    return api.monte_carlo(scn, draws, seed=seed, progress=tick)


def _band(mc, name: str, scale: float, base, color: str, label: str):
    import numpy as np

    from gigawatt.report.charts import Band

    if name not in mc.series_names:
        return None
    q = np.asarray(mc.quantiles(name, LEVELS, kind="series"), dtype=float) / scale
    if q.shape != (len(LEVELS), len(mc.quarters)):  # not a per-quarter statistic: nothing to draw
        return None
    return Band(label, [float(x) for x in q[0]], [float(x) for x in q[1]], [float(x) for x in q[2]],
                base=None if base is None else [float(x) / scale for x in base], color=color)


def card_ranges(mc, h: dict) -> dict[str, dict]:
    """The median draw and P5–P95 range of each headline figure the Monte Carlo has, keyed by its card label,
    and whether the card's value (every phase built) lies outside that range (dates left out: a draw's full
    build is its own program's, not a range of the same thing)."""
    from gigawatt.present import meaning
    from gigawatt.report.sections import label_text
    from gigawatt.results import HEADLINE

    out = {}
    for key in mc.headline_names:
        if key not in HEADLINE or HEADLINE[key][0] in ("quarter", "year"):
            continue
        try:
            p5, p50, p95 = (float(x) for x in mc.headline_quantiles(key, (0.05, 0.5, 0.95)))
        except (KeyError, ValueError, TypeError):
            continue
        state = h.get("comparison_state")
        lo, mid, hi = (present.headline(key, x, HEADLINE[key][0], state) for x in (p5, p50, p95))
        out[label_text(key, h)] = {"range": f"{lo} – {hi}", "median": mid,
                                   "outside": meaning.outside(h.get(key), {"p5": p5, "p95": p95})}
    return out


def why_outside(mc, h: dict) -> str:
    """The note under a report whose cards show a value outside its own P5–P95 (empty where none is)."""
    from gigawatt.present import meaning

    if not any(r["outside"] for r in card_ranges(mc, h).values()):
        return ""
    return meaning.why_outside(meaning.value_label(h), mc.probabilities.get("program_completed"))


def uncertainty(res, mc) -> Section:
    """Fan charts (P5, median, P95 per quarter) beside the deterministic run, headline ranges, event odds."""
    import numpy as np

    from gigawatt import montecarlo
    from gigawatt.present import meaning
    from gigawatt.report.charts import PALETTE, Chart
    from gigawatt.results import HEADLINE

    q = res.quarters
    fans = [
        Chart("mc-gw", "fan", "Facility power online: 90 % band", x=q, y_title="GW online",
              bands=[_band(mc, "gw_online", 1, res.series("gw_online"), PALETTE[0], "GW online")]),
        Chart("mc-energy", "fan", "Annual energy: 90 % band", x=q, y_title="TWh per year",
              bands=[_band(mc, "annual_energy_twh", 1, res.series("annual_energy_twh"), PALETTE[2], "energy")]),
        Chart("mc-capex", "fan", "Capex paid to date: 90 % band", x=q, y_title="$B, cumulative",
              bands=[_band(mc, "capex_cumulative_usd", 1e9, np.cumsum(res.series("capex_usd")), PALETTE[0], "capex"),
                     _band(mc, "vendor_investment_cumulative_usd", 1e9,
                           np.cumsum(res.series("vendor_investment_cash_usd")), PALETTE[2], "vendor investment")]),
        Chart("mc-revenue", "fan", "Required revenue vs revenue path: 90 % bands", x=q, y_title="$B per year",
              bands=[_band(mc, "required_revenue_usd_per_year", 1e9, res.series("required_revenue_usd_per_year"),
                           PALETTE[3], "required revenue"),
                     _band(mc, "customer_revenue_usd_per_year", 1e9, res.series("customer_revenue_usd_per_year"),
                           PALETTE[0], "customer revenue")]),
    ]
    for ch in fans:
        ch.bands = [b for b in ch.bands if b is not None]
    fans = [ch for ch in fans if ch.bands]
    for ch in fans:
        ch.caption = (f"Shaded: 5th to 95th percentile of {mc.draws:,} draws in each quarter; line: median; dotted: "
                      "the deterministic run. A percentile band per quarter is not one path.")
    have = set(mc.headline_names)
    rows, h = [], res.headline()
    for key in MC_FIGURES:
        if key not in have:
            continue
        unit = HEADLINE[key][0]
        q = [float(x) for x in mc.headline_quantiles(key, LEVELS)]
        mark = meaning.MARK + " " if meaning.outside(h.get(key), {"p5": q[0], "p95": q[2]}, unit) else ""
        rows.append([HEADLINE[key][1], mark + present.value(h.get(key), unit),
                     *(present.value(x, unit) for x in q)])
    built = meaning.value_label(h)
    ranges = table(["figure", built, "P5", meaning.MEDIAN, "P95"], rows, numeric={1, 2, 3, 4},
                   caption=f"'{built}': the deterministic run at central inputs; P5, {meaning.MEDIAN} and P95: "
                           "each draw at its own full build or where it stops. "
                           + (why_outside(mc, h) or ""))
    desc = {e.name: e.description for e in montecarlo.EVENTS}
    odds = table(["event", "probability"], [[desc.get(k, k), present.pct(p)] for k, p in mc.probabilities.items()],
                 numeric={1}, caption="How likely: the share of draws in which each event happens.")
    fans.extend(tornadoes(res.scenario))
    drawn = "; ".join(dict.fromkeys(names.input_label(d.path) for d in mc.plan.dists)) or "none"  # parts' too
    intro = (f"<p>A Monte Carlo of {mc.draws:,} draws (seed {mc.seed}) over the scenario's uncertain inputs: "
             f"{esc(drawn)}.</p>")
    intro += ("<p>The ranges under the figures on this page are the 5th to 95th percentiles of these draws: in nine "
              "draws out of ten the figure falls inside. The figures themselves are the program as announced, every "
              "phase built on time at the central inputs (labelled 'every phase built'): where later phases may be "
              "cancelled or slip, that figure sits at the top of its range or above it (marked †), and the median "
              "draw is lower." + (f" Every phase is built in {present.pct(mc.probabilities['program_completed'])} "
                                  "of the draws." if "program_completed" in mc.probabilities else "")
              + " The charts below show how the range opens over time, and which inputs move the money most.</p>")
    # No cards of its own: the ranges sit under the figures they belong to, from the opening on.
    return Section("uncertainty", "How sure we are", intro=intro, charts=fans,
                   tables=[details("Every figure's range, and the odds of events", ranges + odds)])


TORNADO_OUTPUTS = (("customer_funding_gap_usd", 1e9, "funding gap, $B", "What moves the customer's funding gap"),
                   ("capex_usd", 1e9, "capex through full build, $B", "What moves capex through full build"))


def available_tornado() -> bool:
    import importlib.util

    return importlib.util.find_spec("gigawatt.sensitivity") is not None


def tornadoes(scn) -> list:
    """One-at-a-time swings (gigawatt.sensitivity.tornado): each uncertain input at its P5 and P95, the others
    central, for the funding gap and capex. Nothing where the module or uncertain inputs are missing."""
    from gigawatt.report.charts import Chart

    if not available_tornado():
        return []
    from gigawatt import api, sensitivity

    model = api.model_of(scn)
    if not model.dists:
        return []
    table_ = sensitivity.tornado_of(model, [t[0] for t in TORNADO_OUTPUTS])
    out = []
    for name, scale, unit, title in TORNADO_OUTPUTS:
        rows = [r for r in table_[name] if r["swing"] > 0][:10]
        if not rows:
            continue
        out.append(Chart(f"tornado-{name.removesuffix('_usd').replace('_', '-')}", "tornado",
                         title,
                         categories=[f"{names.input_label(r['input'])} "
                                     f"({names.input_value(r['input'], r['input_low'])} → "
                                     f"{names.input_value(r['input'], r['input_high'])})" for r in rows],
                         low=[r["output_low"] / scale for r in rows], high=[r["output_high"] / scale for r in rows],
                         base=rows[0]["base"] / scale, x_title=unit,
                         caption="One input at a time at its 5th and 95th percentile, the others at their central "
                                 "values; ranked by how far each moves the figure.",
                         source="gigawatt sensitivity (one at a time) over the scenario's uncertain inputs"))
    return out


# --- claims (gigawatt.claims) --------------------------------------------------------------------------------

VERDICT_CLASS = {"holds": "ok", "holds under assumptions": "warn", "does not hold": "bad", "not checkable": ""}


def _claim_readings(r: dict) -> str:
    """The readings a claim considered, compactly: P(holds) and P50 under each, ▸ the one the verdict takes
    and why."""
    if len(r.get("readings") or []) < 2:
        return ""
    items = []
    for x in r["readings"]:
        p = present.pct(x["p_holds"]) if x.get("p_holds") is not None else "—"
        value = present.value(x["p50"], r["unit"]) if x.get("p50") is not None else "—"
        mark = "▸ " if x["taken"] else ""
        items.append(f"<li>{mark}{esc(x['name'])}: {esc(value)}, P(holds) {esc(p)}</li>")
    return (f'<div class="muted">Readings (▸ the verdict\'s: {esc(r.get("reading_why") or "")})</div>'
            f'<ul class="readings">{"".join(items)}</ul>')


def claims() -> Section:
    """Every quantitative claim of the seed article, checked (gigawatt.claims.check_claims)."""
    from gigawatt.claims import VERDICTS, check_claims

    df = check_claims()
    rows = []
    for r in df.to_dict("records"):
        detail = esc("; ".join(r.get("assumptions") or []) or (r.get("why") or "")) + _claim_readings(r)
        verdict = r["verdict"]
        rows.append(f'<tr><td>{esc(r["id"])}</td><td><b>{esc(r["topic"])}</b><br><span class="muted">'
                    f'{esc(r.get("english") or "")}</span></td><td class=num>{esc(r["stated"])}</td>'
                    f'<td class=num>{esc(r["gigawatt"])}</td><td class="{VERDICT_CLASS.get(verdict, "")}">'
                    f'{esc(verdict)}</td><td>{detail}</td><td class="src">{linked("; ".join(r.get("sources") or []))}'
                    f"</td></tr>")
    head = "".join(f"<th{' class=num' if h in ('stated', 'gigawatt') else ''}>{h}</th>"
                   for h in ("#", "claim", "stated", "gigawatt", "verdict", "under which assumptions / why", "sources"))
    html_table = (f'<div class="table-wrap"><table class="claims"><thead><tr>{head}</tr></thead><tbody>'
                  f'{"".join(rows)}</tbody></table></div>')
    counts = df["verdict"].value_counts()
    intro = ("<p>Each quantitative claim of the seed article, checked against the model (each on its own scenario) "
             "and the sourced reference data, under its alternative assumptions and over the plausible range of "
             "its uncertain inputs.</p>")
    return Section("claims", "The claims, checked", intro=intro,
                   cards=[(v, str(int(counts.get(v, 0)))) for v in VERDICTS], tables=[html_table])
