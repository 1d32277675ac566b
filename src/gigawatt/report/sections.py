"""The report's sections: each a function of the public API's results, returning a :class:`Section`.

A section is plain data (headline cards, chart specifications, HTML tables); :mod:`gigawatt.report`
renders it to HTML and the charts to PNG. Every figure comes from ``Results`` (its headline, series and
ledger), the catalog, or an optional module's own results; nothing the model computes is recomputed here.
Sums and running totals of the model's quarterly series are the only arithmetic, for display.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt import catalog, present
from gigawatt.report.charts import PALETTE, Band, Chart, Link, Series
from gigawatt.results import HEADLINE


@dataclass
class Section:
    id: str
    title: str
    intro: str = ""                                   # HTML paragraph(s)
    cards: list[tuple[str, str]] = field(default_factory=list)   # (label, value text)
    charts: list[Chart] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)   # HTML
    images: list[tuple[str, str, bytes]] = field(default_factory=list)  # (id, alt text, PNG bytes)


def esc(x: Any) -> str:
    return html.escape(str(x), quote=True)


def value_text(key: str, h: dict) -> str:
    """A headline figure as the report prints it (the terminal's conventions)."""
    val = h.get(key)
    if key == "comparison_state_share" and isinstance(val, float):
        return f"{present.sig(val)} × {h.get('comparison_state')}"
    if key in ("reactor_equivalents", "reactor_equivalents_energy") and isinstance(val, float):
        return f"{present.sig(val)} reactors"
    return present.value(val, HEADLINE[key][0])


def label_text(key: str, h: dict) -> str:
    if key == "comparison_state_share":
        return f"annual energy over {h.get('comparison_state')}'s retail electricity sales"
    return HEADLINE[key][1]


def cards(keys: list[str], h: dict) -> list[tuple[str, str]]:
    return [(label_text(k, h), value_text(k, h)) for k in keys]


def table(headers: list[str], rows: list[list[Any]], numeric: set[int] = frozenset(), caption: str = "",
          cls: str = "") -> str:
    """An HTML table; cells are escaped, columns in ``numeric`` right-aligned."""
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{esc(c)}</th>' for i, c in enumerate(headers))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{esc(c)}</td>'
                                    for i, c in enumerate(r)) + "</tr>" for r in rows)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    return f'<div class="table-wrap"><table class="{cls}">{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _series(res, name: str, scale: float = 1.0) -> list[float]:
    return [float(v) / scale for v in res.series(name)]


def _full_build_index(res) -> int | None:
    fb = res.data["full_build_quarter"][0]
    return int(fb - res.static.q0) if fb >= 0 else None


def _full_build_mark(res, h) -> tuple[str, str] | None:
    return (h["full_build_online"], f" full build {h['full_build_online']}") if h["full_build_online"] else None


# --- the deal in one paragraph --------------------------------------------------------------------------------

def deal(res) -> Section:
    """The deal in one paragraph, from the scenario's own words and the headline figures."""
    scn, h = res.scenario, res.headline()
    v = lambda k: value_text(k, h)  # noqa: E731
    mix = ", ".join(f"{esc(n)} ({present.sig(g)} GW)" for n, g in h["platform_mix_gw"].items())
    when = (f"from {v('first_gw_online')} (first GW) to {v('full_build_online')} (full build)"
            if h["full_build_online"] else "without reaching full build within the horizon")
    parts = [
        f"<b>{esc(v('capacity_gw'))}</b> of facility power ({esc(v('it_power_gw'))} of IT power) comes online "
        f"{esc(when)}, on {mix}.",
        f"At full build that is <b>{esc(v('gpus'))}</b> GPU packages ({esc(v('gpu_dies'))} dies) in "
        f"{esc(v('racks'))} racks, drawing <b>{esc(v('annual_energy_twh'))}</b>: the capacity of "
        f"{esc(v('reactor_equivalents'))}, {esc(v('comparison_state_share'))}'s retail electricity sales, or the "
        f"use of {esc(v('household_equivalents'))} US households. It delivers {esc(v('delivered_flops'))} "
        f"({esc(scn.compute.precision.upper())}, at {present.pct(scn.compute.utilization)} utilization).",
        f"It costs <b>{esc(v('capex_usd'))}</b> through full build, of which the vendor sells "
        f"{esc(v('vendor_system_sales_usd'))} of systems ({esc(v('vendor_gross_profit_usd'))} gross profit).",
    ]
    if (h.get("vendor_investment_usd") or 0) > 0:
        parts.append(
            f"The vendor invests <b>{esc(v('vendor_investment_usd'))}</b> for {esc(v('vendor_equity_share'))} of "
            f"the customer: {esc(v('round_trip_ratio'))} of its sales come back as its own money, and it keeps "
            f"{esc(v('vendor_net_cash_usd'))} net of that investment.")
    cover = (f"revenue on its path covers that from {h['revenue_covers_year']}" if h["revenue_covers_year"]
             else "revenue on its path does not cover that within the horizon")
    parts.append(
        f"The customer must fund <b>{esc(v('customer_funding_gap_usd'))}</b> itself and needs "
        f"{esc(v('required_revenue_usd_per_year'))} of revenue to carry the fleet at full build, against "
        f"{esc(v('customer_revenue_usd_per_year'))} on its revenue path; {esc(cover)}.")
    intro = f'<p class="lede">{esc(scn.description.strip())}</p>' if scn.description.strip() else ""
    intro += "<p>" + " ".join(parts) + "</p>"
    keys = ["capacity_gw", "full_build_online", "gpus", "annual_energy_twh", "capex_usd", "vendor_investment_usd",
            "customer_funding_gap_usd", "required_revenue_usd_per_year"]
    return Section("deal", "The deal", intro=intro, cards=cards(keys, h))


# --- build-out --------------------------------------------------------------------------------------------------

def buildout(res) -> Section:
    h = res.headline()
    gw = res.data["gw_by_platform"][0]  # (quarters, platforms)
    names = res.static.platform_names
    shown = [k for k in range(len(names)) if gw[:, k].max() > 0]
    series = [Series(names[k], [float(x) for x in gw[:, k]], color=PALETTE[i % len(PALETTE)])
              for i, k in enumerate(shown)]
    chart = Chart("buildout", "area", "Facility power online by platform", x=res.quarters, series=series,
                  y_title="GW online", vline=_full_build_mark(res, h),
                  caption="Stacked: GW of facility power online each quarter, by the GPU platform installed; "
                          "hardware is refreshed with the newest platform at the end of its service life.")
    rows = [[r["year"], present.sig(r["gw_online"]), present.sig(r["gw_added"]), present.count(r["gpus"]),
             present.sig(r["energy_twh"]), present.flops(r["peak_dense_fp8_flops"]), present.usd(r["capex_usd"]),
             present.usd(r["vendor_investment_cash_usd"])]
            for r in res.by_year()]
    tab = table(["year", "GW online", "GW added", "GPU packages", "TWh", "peak FP8", "capex", "vendor invests"],
                rows, numeric=set(range(8)),
                caption="Year by year: stocks at year end; energy and money summed over the year.")
    return Section("buildout", "Build-out", cards=cards(
        ["capacity_gw", "it_power_gw", "first_gw_online", "full_build_online", "completed_share"], h),
        charts=[chart], tables=[tab])


# --- hardware --------------------------------------------------------------------------------------------------

def hardware(res) -> Section:
    h = res.headline()
    chart = Chart("hardware", "lines", "GPU packages, dies and racks installed", x=res.quarters, series=[
        Series("GPU packages (millions)", _series(res, "gpus", 1e6), color=PALETTE[0]),
        Series("GPU dies (millions)", _series(res, "gpu_dies", 1e6), color=PALETTE[2]),
        Series("racks (thousands, right axis)", _series(res, "racks", 1e3), axis=2, color=PALETTE[1], dash=True)],
        y_title="millions of GPUs", y2_title="thousands of racks", vline=_full_build_mark(res, h),
        caption="A package is what NVIDIA counted as one GPU until Blackwell; Rubin's NVL144/NVL576 names count "
                "dies. Racks include 8-GPU servers for HGX platforms.")
    rows = []
    for r in catalog.public_gpus_per_gw():
        rows.append([r.source.split(":")[0], present.count_range(*r.range), r.note.removeprefix("counting: ")])
    rows.append(["gigawatt, this scenario at full build", f"{present.count(h['gpus_per_gw'])} packages",
                 f"{present.count(h['gpu_dies_per_gw'])} dies; platforms: {', '.join(h['platform_mix_gw'])}"])
    tab = table(["public figure", "GPUs per GW", "counts"], rows, numeric={1},
                caption="How public figures count GPUs (packages vs dies).")
    return Section("hardware", "Hardware", cards=cards(["gpus", "gpu_dies", "racks", "gpus_per_gw", "gpu_dies_per_gw"], h),
                   charts=[chart], tables=[tab])


# --- energy -----------------------------------------------------------------------------------------------------

def _state_name(ref) -> str:
    name = ref.note.split(";")[0].split(",")[0].split("(")[0].strip()
    return f"{name} ({ref.key})" if name and len(name) < 30 else ref.key


def energy(res) -> Section:
    h = res.headline()
    state = h["comparison_state"]
    states = {k: r for k, r in catalog.us_states().items() if k != "US"}
    twh = h["annual_energy_twh"] or 0.0
    # The states closest in size to the program (on a log scale), and the scenario's comparison state.
    near = sorted(states, key=lambda k: abs(np.log(states[k].number / twh)) if twh > 0 else states[k].number)[:9]
    if state in states and state not in near:
        near.append(state)
    bars = sorted([(f"{_state_name(states[k])}", states[k].number) for k in near], key=lambda t: -t[1])
    label = "this program at full build"
    bars.append((label, twh))
    bars.sort(key=lambda t: -t[1])
    year = max((states[k].year or 0) for k in near) if near else ""
    comp = Chart("energy-states", "hbar", "Annual energy beside US states' retail electricity sales",
                 categories=[b[0] for b in bars], values=[b[1] for b in bars],
                 highlight=[b[0] for b in bars].index(label), x_title="TWh per year", value_format="{:,.1f} TWh",
                 caption=f"States' annual retail electricity sales ({year}, EIA) nearest in size to the program's "
                         "annual energy at full build.")
    hlines = [(states[state].number,
               f"{_state_name(states[state])}: retail sales {present.sig(states[state].number)} TWh/yr")
              ] if state in states else []
    line = Chart("energy", "lines", "Annual energy at each quarter's rate", x=res.quarters, series=[
        Series("annual energy (TWh/yr)", _series(res, "annual_energy_twh"), color=PALETTE[0])],
        y_title="TWh per year", hlines=hlines, vline=_full_build_mark(res, h),
        caption=f"Energy = facility GW × load factor ({res.scenario.facility.load_factor:g}) × hours.")
    reactor = catalog.ref("nuclear-reactor", "net_capacity_gw")
    household = catalog.ref("us-household", "electricity_kwh_per_year")
    intro = (f"<p>An average US reactor has {present.sig(reactor.number)} GW of net capacity ({esc(reactor.source)}, "
             f"{reactor.year}); an average US household uses {present.count(household.number)} kWh a year "
             f"({esc(household.source)}, {household.year}).</p>")
    return Section("energy", "Energy", intro=intro, cards=cards(
        ["annual_energy_twh", "reactor_equivalents", "reactor_equivalents_energy", "comparison_state_share",
         "household_equivalents", "electricity_cost_usd_per_year", "carbon_mt_per_year", "water_gl_per_year"], h),
        charts=[line, comp])


# --- compute ---------------------------------------------------------------------------------------------------

def compute(res) -> Section:
    h = res.headline()
    z = 1e21
    prec = res.scenario.compute.precision
    chart = Chart("compute", "lines", "Peak dense and delivered compute", x=res.quarters, series=[
        Series("peak dense FP4", _series(res, "peak_dense_fp4_flops", z), color=PALETTE[4]),
        Series("peak dense FP8", _series(res, "peak_dense_fp8_flops", z), color=PALETTE[0]),
        Series("peak dense BF16", _series(res, "peak_dense_bf16_flops", z), color=PALETTE[5]),
        Series(f"delivered ({prec.upper()} × utilization)", _series(res, "delivered_flops", z), color=PALETTE[3],
               dash=True)],
        y_title="ZFLOP/s (10²¹ FLOP/s)", vline=_full_build_mark(res, h),
        caption=f"Delivered = peak dense {prec.upper()} × utilization "
                f"({present.pct(res.scenario.compute.utilization)}).")
    c = res.scenario.compute
    intro = (f"<p>Reference training run: {c.reference_run_flop:.3g} FLOP; reference model: "
             f"{present.count(c.reference_model_active_params)} active parameters (2 FLOP per parameter per token); "
             f"{present.count(c.weekly_users)} weekly users.</p>")
    return Section("compute", "Compute", intro=intro, cards=cards(
        ["peak_dense_fp8_flops", "peak_dense_fp4_flops", "h100_equivalents", "delivered_flops", "reference_run_days",
         "tokens_per_s", "tokens_per_user_week", "interruptions_per_day"], h), charts=[chart])


# --- money -------------------------------------------------------------------------------------------------------

PARTY_LABELS = {"vendor": "vendor", "customer": "customer", "cloud_partner": "cloud partner",
                "other_suppliers": "other suppliers", "vendor_suppliers": "vendor's suppliers", "utility": "utility",
                "operations": "operations", "financiers": "financiers"}
PARTY_COLORS = {"vendor": "#59A14F", "customer": "#0072B2", "cloud_partner": "#56B4E9", "other_suppliers": "#9AA5B1",
                "vendor_suppliers": "#7B8794", "utility": "#E69F00", "operations": "#CC79A7", "financiers": "#D55E00"}
KIND_LABELS = {"investment": "investment", "warrant_equity": "warrant equity (non-cash)",
               "system_purchase": "system purchases", "cost_of_goods": "cost of goods", "other_it": "other IT",
               "construction": "construction", "electricity": "electricity", "opex": "opex", "lease": "lease",
               "financing": "financing"}


def _party(p: str, res) -> str:
    label = PARTY_LABELS.get(p, p.replace("_", " "))
    return f"{label} ({res.scenario.program.vendor})" if p == "vendor" else label


def flows_chart(res) -> Chart:
    """The circular ledger through full build (or the horizon) as a Sankey, in $B."""
    h = res.headline()
    full = _full_build_index(res)
    end = (full + 1) if full is not None else res.static.nq
    span = f"{res.quarters[0]}–{res.quarters[end - 1]}"
    links, parties = [], []
    for (payer, payee, kind), usd in res.data["flows"].items():
        total = float(np.asarray(usd)[0, :end].sum())
        if total <= 0.005e9:
            continue
        for p in (payer, payee):
            if p not in parties:
                parties.append(p)
        investing = kind in ("investment", "warrant_equity")
        links.append(Link(_party(payer, res), _party(payee, res), total / 1e9,
                          f"{KIND_LABELS.get(kind, kind)} {present.usd(total)}",
                          sankey_source=f"{_party(payer, res)} investing" if investing else None))
    return Chart("money-flows", "flows", f"Who pays whom, {span}" + (" (through full build)" if full is not None else ""),
                 nodes=[_party(p, res) for p in parties], node_colors=[PARTY_COLORS.get(p, PALETTE[0]) for p in parties],
                 links=links, caption="Every flow of the circular ledger, summed over the period, in $B. The vendor "
                                      "appears twice in the Sankey, investing and selling: its money goes round. "
                                      "Financing closes what the buyer's inflows do not cover. "
                                      f"Vendor investment {value_text('vendor_investment_usd', h)}; "
                                      f"system sales {value_text('vendor_system_sales_usd', h)}.")


def money(res) -> Section:
    h = res.headline()
    mark = _full_build_mark(res, h)
    cash = res.cash_by_party()
    cash_chart = Chart("money-cash", "lines", "Cumulative net cash by party", x=res.quarters, series=[
        Series(_party(p, res), [float(v) / 1e9 for v in c], color=PARTY_COLORS.get(p))
        for p, c in cash.items() if np.abs(c).max() > 0.005e9], y_title="$B, cumulative", vline=mark,
        caption="Each party's inflows less outflows, accumulated (warrant equity is not cash). Financiers' line is "
                "the external money the program needs.")
    cum = lambda name: [float(v) / 1e9 for v in np.cumsum(res.series(name))]  # noqa: E731
    buyer = "cloud partner" if res.scenario.finance.buyer == "cloud_partner" else "customer"
    capex_cum, vendor_cum = cum("capex_usd"), cum("vendor_investment_cash_usd")
    full = _full_build_index(res)
    bracket = None
    if full is not None and buyer == "customer" and (h["customer_funding_gap_usd"] or 0) > 0:
        bracket = (res.quarters[full], vendor_cum[full], capex_cum[full],
                   f"gap {value_text('customer_funding_gap_usd', h)}")
    gap_chart = Chart("money-gap", "lines", "The customer's funding gap", x=res.quarters, series=[
        Series(f"capex paid by the {buyer} (cumulative)", capex_cum, color=PARTY_COLORS["customer"]),
        Series("vendor investment received (cumulative)", vendor_cum, color=PARTY_COLORS["vendor"]),
        Series("customer's external financing (cumulative)", cum("customer_financing_usd"),
               color=PARTY_COLORS["financiers"], dash=True)],
        y_title="$B, cumulative", vline=mark, bracket=bracket,
        caption=f"Funding gap through full build (customer capex not covered by the vendor's cash): "
                f"{value_text('customer_funding_gap_usd', h)}. External financing also carries electricity and opex.")
    cover = h["revenue_covers_year"]
    rev_chart = Chart("money-revenue", "lines", "Required revenue vs the customer's revenue path", x=res.quarters,
                      series=[Series("required revenue (depreciation + cost of capital + electricity + opex)",
                                     _series(res, "required_revenue_usd_per_year", 1e9), color=PALETTE[3]),
                              Series("customer revenue path", _series(res, "customer_revenue_usd_per_year", 1e9),
                                     color=PALETTE[0])],
                      y_title="$B per year", vline=(f"{cover}Q1", f" revenue covers from {cover}")
                      if cover and f"{cover}Q1" in res.quarters else mark,
                      caption="Annualised each quarter. Required revenue carries the fleet: depreciation, cost of "
                              "capital on net book value, electricity and opex (or lease payments to a cloud partner).")
    return Section("money", "Money", cards=cards(
        ["capex_usd", "vendor_system_sales_usd", "vendor_gross_profit_usd", "vendor_investment_usd",
         "vendor_equity_share", "vendor_net_cash_usd", "round_trip_ratio", "customer_funding_gap_usd",
         "required_revenue_usd_per_year", "customer_revenue_usd_per_year", "revenue_covers_year"], h),
        charts=[flows_chart(res), cash_chart, gap_chart, rev_chart])


# --- sources ----------------------------------------------------------------------------------------------------

def sources(res, extra: list[tuple[str, str]] = ()) -> Section:
    """The scenario's sources and guesses, every catalog row, and the sources of optional sections."""
    scn = res.scenario
    intro = ""
    if scn.sources:
        intro += "<h3>This scenario's sources</h3><ul>" + "".join(f"<li>{esc(s)}</li>" for s in scn.sources) + "</ul>"
    if scn.guesses:
        intro += ("<h3>Guesses (judgement, not sourced)</h3><ul>" + "".join(f"<li>{esc(s)}</li>" for s in scn.guesses)
                  + "</ul>")
    tables = []
    used = set(res.headline()["platform_mix_gw"])
    by_file: dict[str, list] = {}
    for r in catalog.rows():
        by_file.setdefault(r.file, []).append(r)
    for file, refs in by_file.items():
        rows = []
        for r in refs:
            val = present.sig(r.value) if isinstance(r.value, float) else (r.value or "")
            rng = f"{present.sig(r.low)}–{present.sig(r.high)}" if r.low is not None and r.high is not None else ""
            key = f"{r.key} ★" if r.key in used else r.key
            rows.append([key, r.quantity, val, rng, r.unit, r.year or "", r.source, r.note])
        cap = f"Reference data: {file}" + (" (★ platforms in this scenario)" if file == "platforms.csv" else "")
        tables.append(table(["key", "quantity", "value", "range", "unit", "year", "source", "note"], rows,
                            numeric={2, 3, 5}, caption=cap, cls="sources"))
    for title, html_table in extra:
        tables.append(f"<h3>{esc(title)}</h3>{html_table}")
    return Section("sources", "Sources", intro=intro, tables=tables)
