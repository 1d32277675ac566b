"""The report's sections: each a function of the public API's results, returning a :class:`Section`.

A section is plain data (headline cards, chart specifications, HTML tables); :mod:`gigawatt.report`
renders it to HTML and the charts to PNG. Every figure comes from ``Results`` (its headline, series and
ledger), the catalog, or an optional module's own results; nothing the model computes is recomputed here.
Sums and running totals of the model's quarterly series are the only arithmetic, for display.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gigawatt import catalog, present
from gigawatt.report import names
from gigawatt.report.charts import PALETTE, Chart, Link, Series
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
    figures: list[Figure] = field(default_factory=list)  # interactive on the page, a PNG for slides


@dataclass
class Figure:
    """A figure drawn by its own module (the money network, the sites map): a plotly Figure for the page, which a
    phone can zoom and hover, and the same picture as a PNG for ``--png``."""

    id: str
    title: str
    caption: str
    plotly: Any
    png: bytes


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


# --- the deal in one paragraph, then what it means ----------------------------------------------------------

def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int) -> str:
    return ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")[n] if n <= 10 else str(n)


def _counterparties(scn) -> list[str]:
    """A composite's parts as their counterparties: each part's vendor, or its cloud partner where it leases."""
    out = []
    for p in scn.part_scenarios:
        who = names.party("cloud_partner", p) if p.finance.buyer == "cloud_partner" else names.company(p.program.vendor)
        if who not in out:
            out.append(who)
    return out


def opening(res) -> str:
    """The deal in one paragraph: who, how much power, when, what it costs and who pays."""
    scn, h = res.scenario, res.headline()
    v = lambda k: esc(value_text(k, h))  # noqa: E731
    who = names.parties(scn)
    customer = who["customer"]
    when = (f"between {v('first_gw_online')} (first GW) and {v('full_build_online')} (full build)"
            if h["full_build_online"] else "without reaching full build within the horizon")
    if scn.include:
        deals = _counterparties(scn)
        first = (f"{esc(customer)}'s {_count(len(scn.include))} compute deals, with {esc(_and(deals))}, taken together: "
                 f"<b>{v('capacity_gw')}</b> of facility power coming online {when}.")
        money = (f"They cost <b>{v('capex_usd')}</b> of capital spending through full build; the vendors put "
                 f"<b>{v('vendor_investment_usd')}</b> back into {esc(customer)} (cash and shares), which leaves "
                 f"{esc(customer)} <b>{v('customer_funding_gap_usd')}</b> of its own capex to fund.")
    else:
        mix = _and([esc(names.platform_name(n)) for n in h["platform_mix_gw"]]) or "no platform"
        first = (f"{esc(scn.title or scn.name)}: <b>{v('capacity_gw')}</b> of facility power, built for "
                 f"{esc(customer)} on {esc(who['vendor'])}'s {mix} systems, coming online {when}.")
        invest = (f"{esc(who['vendor'])} invests <b>{v('vendor_investment_usd')}</b> in {esc(customer)}, which "
                  f"leaves " if (h.get("vendor_investment_usd") or 0) > 0 else "That leaves ")
        money = (f"It costs <b>{v('capex_usd')}</b> of capital spending through full build. {invest}"
                 f"{esc(customer)} <b>{v('customer_funding_gap_usd')}</b> of its own capex to fund.")
    return f"<p class=\"opening\">{first} {money}</p>"


BESIDE_KEYS = ("capacity_gw", "full_build_online", "gpus", "capex_usd", "vendor_system_sales_usd",
               "vendor_investment_usd", "vendor_equity_share", "vendor_net_cash_usd", "required_revenue_usd_per_year")


def beside_table(res, other) -> str:
    """As announced beside as it stands: the headline figures of a deal and of the terms that superseded it."""
    pair = sorted([res, other], key=lambda r: r.scenario.superseded is None)  # as announced first
    heads = [r.headline() for r in pair]
    cols = [f"{r.scenario.name} ({'as announced' if r.scenario.superseded else 'as it stands'})" for r in pair]
    rows = [[label_text(k, heads[0])] + [value_text(k, h) for h in heads] for k in BESIDE_KEYS]
    return table(["figure", *cols], rows, numeric={1, 2},
                 caption="As announced beside as it stands: the same model on the deal's two sets of terms.")


def deal(res, beside=None) -> Section:
    """The opening: the deal in one paragraph, with ``beside`` (its counterpart's results) the deal as announced
    beside the deal as it stands, its description, the figures that matter most."""
    scn, h = res.scenario, res.headline()
    intro = opening(res)
    if beside is not None:
        intro += beside_table(res, beside)
    if scn.description.strip():
        intro += f'<p class="lede">{esc(scn.description.strip())}</p>'
    keys = ["capacity_gw", "full_build_online", "capex_usd", "vendor_investment_usd", "customer_funding_gap_usd",
            "annual_energy_twh"]
    return Section("deal", "The deal", intro=intro, cards=cards(keys, h))


def meaning(res) -> Section:
    """What the deal means physically (chips, power, energy, compute) and financially (who pays, who earns)."""
    scn, h = res.scenario, res.headline()
    v = lambda k: esc(value_text(k, h))  # noqa: E731
    who = names.parties(scn)
    customer, vendor = who["customer"], who["vendor"]
    physical = (
        f"At full build that is <b>{v('gpus')}</b> GPU packages ({v('gpu_dies')} dies) in {v('racks')} racks. "
        f"They draw <b>{v('annual_energy_twh')}</b>: the output of {v('reactor_equivalents')}, "
        f"{v('comparison_state_share')}'s retail electricity sales, or the use of {v('household_equivalents')} "
        f"US households. They deliver {v('delivered_flops')} of compute.")
    cover = (f"its revenue path covers that from {h['revenue_covers_year']}" if h["revenue_covers_year"]
             else "its revenue path does not cover that within the horizon")
    vendor_cap = vendor[:1].upper() + vendor[1:]
    sells = "sell" if scn.include else "sells"
    financial = [
        f"{esc(vendor_cap)} {sells} <b>{v('vendor_system_sales_usd')}</b> of systems ({v('vendor_gross_profit_usd')} "
        f"gross profit)."]
    if (h.get("vendor_investment_usd") or 0) > 0:
        financial.append(
            f"{'Their' if scn.include else 'Its'} investment of {v('vendor_investment_usd')} buys {v('vendor_equity_share')} of {esc(customer)}: "
            f"{v('round_trip_ratio')} of the sales come back as the vendor's own money, and it keeps "
            f"{v('vendor_net_cash_usd')} in cash net of the investment.")
    financial.append(
        f"To carry the fleet (depreciation, cost of capital, electricity, operations) {esc(customer)} needs "
        f"<b>{v('required_revenue_usd_per_year')}</b> of revenue at full build, against "
        f"{v('customer_revenue_usd_per_year')} on its revenue path; {esc(cover)}.")
    intro = f"<h3>Physically</h3><p>{physical}</p><h3>Financially</h3><p>{' '.join(financial)}</p>"
    keys = ["gpus", "racks", "reactor_equivalents", "comparison_state_share", "vendor_system_sales_usd",
            "vendor_net_cash_usd", "required_revenue_usd_per_year", "customer_revenue_usd_per_year"]
    return Section("meaning", "What it means", intro=intro, cards=cards(keys, h))


# --- build-out --------------------------------------------------------------------------------------------------

def buildout(res) -> Section:
    h = res.headline()
    gw = res.data["gw_by_platform"][0]  # (quarters, platforms)
    platforms = res.static.platform_names
    shown = [k for k in range(len(platforms)) if gw[:, k].max() > 0]
    series = [Series(names.platform_name(platforms[k]), [float(x) for x in gw[:, k]], color=PALETTE[i % len(PALETTE)])
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


def near_states(res) -> list[str]:
    """The states closest in size to the program's annual energy (on a log scale), and the comparison state."""
    h = res.headline()
    state = h["comparison_state"]
    states = {k: r for k, r in catalog.us_states().items() if k != "US"}
    twh = h["annual_energy_twh"] or 0.0
    near = sorted(states, key=lambda k: abs(np.log(states[k].number / twh)) if twh > 0 else states[k].number)[:9]
    if state in states and state not in near:
        near.append(state)
    return near


def energy(res) -> Section:
    h = res.headline()
    state = h["comparison_state"]
    states = {k: r for k, r in catalog.us_states().items() if k != "US"}
    twh = h["annual_energy_twh"] or 0.0
    near = near_states(res)
    bars = sorted([(f"{_state_name(states[k])}", states[k].number) for k in near], key=lambda t: -t[1])
    label = "this program at full build"
    bars.append((label, twh))
    bars.sort(key=lambda t: -t[1])
    year = max((states[k].year or 0) for k in near) if near else ""
    comp = Chart("energy-states", "hbar", "Annual energy beside US states' retail electricity sales",
                 categories=[b[0] for b in bars], values=[b[1] for b in bars],
                 highlight=[b[0] for b in bars].index(label), x_title="TWh per year", value_format="{:,.1f} TWh",
                 caption=f"States' annual retail electricity sales ({year}, EIA) nearest in size to the program's "
                         "annual energy at full build.", source=f"EIA retail sales by state ({year}); gigawatt model")
    hlines = [(states[state].number,
               f"{_state_name(states[state])}: retail sales {present.sig(states[state].number)} TWh/yr")
              ] if state in states else []
    line = Chart("energy", "lines", "Annual energy at each quarter's rate", x=res.quarters, series=[
        Series("annual energy (TWh/yr)", _series(res, "annual_energy_twh"), color=PALETTE[0])],
        y_title="TWh per year", hlines=hlines, vline=_full_build_mark(res, h),
        caption=f"Energy = facility GW × load factor ({res.scenario.facility.load_factor:g}) × hours.",
        source="gigawatt model; EIA retail sales by state")
    reactor = catalog.ref("nuclear-reactor", "net_capacity_gw")
    household = catalog.ref("us-household", "electricity_kwh_per_year")
    intro = (f"<p>An average US reactor has {present.sig(reactor.number)} GW of net capacity ({linked(reactor.source)}, "
             f"{reactor.year}); an average US household uses {present.count(household.number)} kWh a year "
             f"({linked(household.source)}, {household.year}).</p>")
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

KIND_LABELS = {"investment": "investment", "warrant_equity": "warrant equity (non-cash)",
               "system_purchase": "system purchases", "cost_of_goods": "cost of goods", "other_it": "other IT",
               "construction": "construction", "electricity": "electricity", "opex": "operating costs",
               "lease": "lease payments", "financing": "financing"}
LEDGER_SOURCE = "gigawatt's circular ledger of the scenario (model); inputs as listed under Sources"


def _party(p: str, res) -> str:
    return names.party(p, res.scenario)


def _party_colors(res) -> dict[str, str]:
    keys = {k for (payer, payee, _) in res.data["flows"] for k in (payer, payee)} | set(res.cash_by_party())
    return names.party_colors(keys)


def flows_chart(res) -> Chart:
    """The circular ledger through full build (or the horizon): one bar per payer -> payee flow, in $B."""
    h = res.headline()
    full = _full_build_index(res)
    end = (full + 1) if full is not None else res.static.nq
    span = f"{res.quarters[0]}–{res.quarters[end - 1]}"
    colors = _party_colors(res)
    links, parties = [], []
    for (payer, payee, kind), usd in res.data["flows"].items():
        total = float(np.asarray(usd)[0, :end].sum())
        if total <= 0.005e9:
            continue
        for p in (payer, payee):
            if p not in parties:
                parties.append(p)
        links.append(Link(_party(payer, res), _party(payee, res), total / 1e9,
                          f"{KIND_LABELS.get(kind, kind)} {present.usd(total)}"))
    vendor = names.party("vendor", res.scenario)
    goes_round = (f"Money goes round: {vendor} invest in the customer, which buys their systems." if res.scenario.include
                  else f"Money goes round: {vendor} invests in the customer, which buys {vendor}'s systems.")
    return Chart("money-flows", "flows", f"Who pays whom, {span}" + (" (through full build)" if full is not None else ""),
                 nodes=[_party(p, res) for p in parties], node_colors=[colors[p] for p in parties],
                 links=links, x_title="$B over the period", source=LEDGER_SOURCE,
                 caption="Every flow of the circular ledger, summed over the period, in $B, coloured by who pays. "
                         f"{goes_round} "
                         "Financing closes what the buyer's inflows do not cover; other suppliers build the facilities and sell the other IT. "
                         f"Vendor investment {value_text('vendor_investment_usd', h)}; "
                         f"system sales {value_text('vendor_system_sales_usd', h)}.")


def money(res) -> Section:
    h = res.headline()
    mark = _full_build_mark(res, h)
    cash = res.cash_by_party()
    colors = _party_colors(res)
    cash_chart = Chart("money-cash", "lines", "Cumulative net cash by party", x=res.quarters, series=[
        Series(_party(p, res), [float(v) / 1e9 for v in c], color=colors[p])
        for p, c in cash.items() if np.abs(c).max() > 0.005e9], y_title="$B, cumulative", vline=mark,
        source=LEDGER_SOURCE,
        caption="Each party's inflows less outflows, accumulated (warrant equity is not cash). Financiers' line is "
                "the external money the program needs.")
    cum = lambda name: [float(v) / 1e9 for v in np.cumsum(res.series(name))]  # noqa: E731
    customer = _party("customer", res)
    own_capex, vendor_cum = cum("customer_capex_usd"), cum("vendor_investment_cash_usd")
    full = _full_build_index(res)
    bracket = None
    gap = h["customer_funding_gap_usd"] or 0
    if full is not None and gap > 0:
        # The arrow spans exactly the gap: from the vendor's cash received up by the gap (the customer's own
        # capex to date, the line it ends on, when the gap is its definition: own capex less vendor cash).
        bracket = (res.quarters[full], vendor_cum[full], vendor_cum[full] + gap / 1e9,
                   f"gap {value_text('customer_funding_gap_usd', h)}")
    gap_chart = Chart("money-gap", "lines", f"{customer}'s funding gap", x=res.quarters, series=[
        Series(f"capex {customer} pays (cumulative)", own_capex, color=colors.get("customer")),
        Series(f"vendor investment received (cumulative)", vendor_cum, color=colors.get("vendor", PALETTE[1])),
        Series(f"{customer}'s external financing (cumulative)", cum("customer_financing_usd"),
               color=colors.get("financiers", PALETTE[3]), dash=True)],
        y_title="$B, cumulative", vline=mark, bracket=bracket, source=LEDGER_SOURCE,
        caption=f"Funding gap through full build ({customer}'s own capex not covered by the vendors' cash): "
                f"{value_text('customer_funding_gap_usd', h)}. Capex a cloud partner pays is the partner's, not "
                f"{customer}'s; external financing also carries electricity and operating costs.")
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

URL = re.compile(r"https?://[^\s;,()\"'<>]+[^\s;,()\"'<>.]")


def linked(text: str) -> str:
    """Escaped text with its URLs as links."""
    out, pos = [], 0
    for m in URL.finditer(text):
        out.append(esc(text[pos:m.start()]))
        out.append(f'<a href="{esc(m.group(0))}" rel="noopener">{esc(m.group(0))}</a>')
        pos = m.end()
    out.append(esc(text[pos:]))
    return "".join(out)


def _ref_text(r) -> str:
    what = names.platform_name(r.key) if r.file == "platforms.csv" or r.file == "costs.csv" else r.key
    if isinstance(r.value, float):
        val = present.sig(r.value) + (f" {r.unit}" if r.unit and r.unit not in ("fraction", "text") else "")
        if r.low is not None and r.high is not None:
            val += f" (range {present.sig(r.low)}–{present.sig(r.high)})"
    else:
        val = str(r.value or "")
    return f"{what}, {r.quantity.replace('_', ' ')}: {val}" + (f" ({r.year})" if r.year else "")


def used_sources(res, shown_states: list[str] = ()) -> list[tuple[str, list[str]]]:
    """The catalog rows this run used (gigawatt.export.used_refs) and the states the energy chart shows, grouped
    by source: (source text, [the figures it gives])."""
    from gigawatt import catalog
    from gigawatt.export import used_refs

    refs = list(used_refs(res))
    states = catalog.us_states()
    refs += [states[k] for k in shown_states if k in states and states[k] not in refs]
    return group_sources((r.source, _ref_text(r)) for r in refs)


def group_sources(pairs) -> list[tuple[str, list[str]]]:
    """(source, figure) pairs grouped by source, in first-seen order, each figure once."""
    out: dict[str, list[str]] = {}
    for src, what in pairs:
        src = (src or "").strip()
        if not src:
            continue
        figs = out.setdefault(src, [])
        if what and what not in figs:
            figs.append(what)
    return list(out.items())


def source_list(items: list[tuple[str, list[str]]]) -> str:
    lis = []
    for src, figs in items:
        used = f' <span class="muted">— {esc("; ".join(figs[:8]))}{" …" if len(figs) > 8 else ""}</span>' if figs else ""
        lis.append(f"<li>{linked(src)}{used}</li>")
    return f'<ol class="sources">{"".join(lis)}</ol>'


def details(summary: str, body: str, open_: bool = False) -> str:
    return f"<details{' open' if open_ else ''}><summary>{esc(summary)}</summary>{body}</details>"


def sources(res, extra: list[tuple[str, list[tuple[str, list[str]]]]] = (), shown_states: list[str] = ()) -> Section:
    """Where the figures come from: the scenario's (and its parts') sources and guesses, the reference data the
    run used, and the sources of the other sections, each source once, with its links, in collapsible lists."""
    scn = res.scenario
    scns = [scn, *getattr(scn, "part_scenarios", ())]
    own = group_sources((src, f"scenario {x.name}" if len(scns) > 1 else "") for x in scns for src in x.sources)
    guesses = group_sources((g, "") for x in scns for g in x.guesses)
    groups = [("This scenario's sources", own), ("Guesses (judgement, not sourced)", guesses),
              ("Reference data used", used_sources(res, shown_states)), *extra]
    body = "".join(details(f"{title} ({len(items)})", source_list(items)) for title, items in groups if items)
    intro = ("<p>Only the sources of figures this report uses, each listed once with the figures it gives. "
             "Open a list to read it.</p>")
    return Section("sources", "Sources", intro=intro + body)
