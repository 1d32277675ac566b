"""Rich terminal views of results (presentation only: every figure comes from Results or the catalog)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gigawatt import catalog, outputs, present
from gigawatt.results import HEADLINE

GROUPS = outputs.groups()  # terminal groups, from data/outputs.csv


def _describe(key: str, h: dict) -> str:
    desc = HEADLINE[key][1]
    if key == "comparison_state_share":
        return f"annual energy over {h.get('comparison_state')}'s retail electricity sales"
    return desc


def headline_table(h: dict, title: str, ranges: dict | None = None) -> Table:
    """Headline figures by group, the value labelled as what it is (every phase built); with ``ranges`` (from
    a Monte Carlo) the median draw and P5–P95 beside it, a value outside its own range marked †."""
    from gigawatt.present import meaning

    t = Table(title=title, title_justify="left", show_header=True, header_style="bold")
    t.add_column("", style="bold cyan", no_wrap=True)
    t.add_column("figure")
    t.add_column(meaning.value_label(h), justify="right", no_wrap=True)
    if ranges is not None:
        t.add_column(meaning.MEDIAN, justify="right", no_wrap=True)
        t.add_column("P5–P95", justify="right", no_wrap=True, style="dim")
    for group, keys in GROUPS.items():
        for i, key in enumerate(keys):
            unit, state = HEADLINE[key][0], h.get("comparison_state")
            value = present.headline(key, h.get(key), unit, state)
            row = [group if i == 0 else "", _describe(key, h), value]
            if ranges is not None:
                r = ranges.get(key) or {}
                lo, mid, hi = (present.headline(key, r.get(p), unit, state) for p in ("p5", "p50", "p95"))
                row[2] = f"{meaning.MARK} {value}" if meaning.outside(h.get(key), r, unit) else value
                row += ["", ""] if not r else [mid, lo if lo == hi else f"{lo} – {hi}"]
            t.add_row(*row)
        t.add_section()
    return t


def _flops_scale(values) -> tuple[float, str]:
    """One FLOP/s unit for a whole column (the largest value's), so the numbers line up and stay short."""
    top = max((abs(v) for v in values if present.finite(v)), default=0.0)
    return next(((s, u) for s, u in present.FLOPS_SCALES if top >= s), (1.0, "FLOP/s"))


def timeline_table(rows: list[dict]) -> Table:
    """Year-by-year table; short two-line headers carry the units so that it fits in 80 columns."""
    t = Table(title="Year by year (stocks at year end; energy and money over the year)", title_justify="left",
              header_style="bold")
    scale, unit = _flops_scale(r["peak_dense_fp8_flops"] for r in rows)

    def compact(x):  # 1.97 M -> 1.97M
        return present.count(x).replace(" ", "")

    def bn(x):
        return present.sig(x / 1e9) if present.finite(x) else "—"

    for col in ("year", "GW\nonline", "GPUs\npackages", "GPU\ndies", "energy\nTWh", f"FP8 peak\n{unit}",
                "capex\n$B", "vendor\ninvests $B"):
        t.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        fp8 = r["peak_dense_fp8_flops"]
        t.add_row(str(r["year"]), present.sig(r["gw_online"]), compact(r["gpus"]), compact(r["gpu_dies"]),
                  present.sig(r["energy_twh"]), present.sig(fp8 / scale) if present.finite(fp8) else "—",
                  bn(r["capex_usd"]), bn(r["vendor_investment_cash_usd"]))
    return t


def counting_table(h: dict, first_gw_mix: dict) -> Table:
    """Public 'GPUs per GW' figures beside the model's packages and dies, with each one's convention."""
    t = Table(title="How public figures count GPUs (packages vs dies)", title_justify="left", header_style="bold")
    t.add_column("public figure")
    t.add_column("GPUs per GW", justify="right", no_wrap=True)
    t.add_column("counts")
    for r in catalog.public_gpus_per_gw():
        who, _, quote = r.source.partition(":")
        t.add_row(who + (f"\n“{quote.strip()}”" if quote else ""), present.count_range(*r.range),
                  r.note.removeprefix("counting: "))
    t.add_row("gigawatt, this scenario at full build", f"{present.count(h['gpus_per_gw'])} packages",
              f"{present.count(h['gpu_dies_per_gw'])} dies; in all {present.count(h['gpus'])} packages = "
              f"{present.count(h['gpu_dies'])} dies; platforms: {', '.join(first_gw_mix)}")
    return t


def print_heading(con: Console, scn, what: str = "") -> None:
    """A scenario's first lines (superseded notice first where there is one), then ``what`` this output is."""
    from rich.markup import escape

    notice = present.heading.superseded_line(scn)
    first, *rest = present.heading.lines(scn)[1 if notice else 0:]
    if notice:
        con.print(f"[bold red]{escape(notice)}[/]")
    con.print(f"[bold]{escape(first)}[/]" + (f" — {escape(what)}" if what else ""))
    for line in rest:
        con.print(escape(line))


def print_run(con: Console, res, ranges: dict | None = None, meaning: dict | None = None) -> None:
    h = res.headline()
    scn = res.scenario
    print_heading(con, scn)
    mix = ", ".join(f"{n} {present.sig(g)} GW" for n, g in h["platform_mix_gw"].items())
    last = res.quarters[-1]
    con.print(f"Full build {h['full_build_online']}: {mix}" if h["full_build_online"]
              else f"Full build not reached within the horizon; figures at {last}: {mix}")
    title = (f"Headline at full build ({h['full_build_online']})" if h["full_build_online"]
             else f"Headline at the horizon's end ({last}; full build not reached)")
    if ranges is not None:
        title += (f"; '{(meaning or {}).get('value', 'value')}' is the deterministic run at central inputs; "
                  "median draw and P5–P95 over the scenario's uncertainty, each draw at its own full build or "
                  "where it stops (a draw may cancel later phases)")
    if getattr(scn.energy, "supply", "flat") == "optimised":
        con.print(supply_line(scn))
    con.print(headline_table(h, title, ranges))
    if meaning and meaning.get("why_outside"):
        con.print(f"[dim]{meaning['why_outside']}[/]")
    con.print(counting_table(h, h["platform_mix_gw"]))
    con.print(timeline_table(res.by_year()))
    if getattr(res, "parts", None):  # a composite scenario (portfolio.py)
        print_portfolio(con, res)
    if scn.guesses:
        con.print("[dim]Guesses in this scenario: " + "; ".join(scn.guesses) + "[/]")


def supply_line(scn) -> str:
    """What ``energy.supply: optimised`` put in place of the flat price (the scenario as resolved by the API)."""
    from gigawatt.power import SCHEDULE_NOTE, request_for

    req = request_for(scn)
    n, of = req.phase[:2]
    why = dict(req.phase_choice).get("why", "")
    moved = "".join(f" Schedule: {g[len(SCHEDULE_NOTE):].strip()}." for g in scn.guesses if g.startswith(SCHEDULE_NOTE))
    return (f"Energy: optimised supply (energy.supply) at ${scn.energy.price_usd_per_mwh:,.1f}/MWh and "
            f"{scn.energy.carbon_g_per_kwh:,.0f} g/kWh, the least-cost supply of phase {n} of {of} "
            f"({req.load_mw:,.0f} MW at {req.site.name}), applied to every phase; the flat price and its spread no "
            f"longer apply; `gigawatt power` on this scenario shows the mix. Phase {n} is {why}.{moved}")


def print_data(con: Console, rows) -> None:
    t = Table(header_style="bold", show_lines=False)
    for col in ("file", "key", "quantity", "value", "range", "unit", "year", "source"):
        # names stay whole (they are looked up by); the source text wraps at word boundaries
        t.add_column(col, no_wrap=col in ("key", "quantity"), overflow="fold" if col == "source" else "ellipsis")
    for r in rows:
        rng = f"{present.sig(r.low)}–{present.sig(r.high)}" if r.low is not None and r.high is not None else ""
        val = present.sig(r.value) if isinstance(r.value, float) else (r.value or "")
        t.add_row(r.file.removesuffix(".csv"), r.key, r.quantity, val, rng, r.unit, str(r.year or ""), r.source)
    con.print(t)


def print_stale(con: Console, found: dict) -> None:
    """``gigawatt data --stale``: per file, rows last checked before the cut-off; then the stale rows."""
    con.print(f"data as of {found['data_date']}; stale = last checked before {found['checked_before']} "
              f"(older than {found['older_than']}): {found['stale']} of {found['rows']} rows; "
              f"{found['old_figures']} rows state a figure true only before then")
    t = Table(header_style="bold")
    for col in ("file", "rows", "stale", "oldest check", "figures true before"):
        t.add_column(col, justify="left" if col == "file" else "right")
    for f in found["files"]:
        t.add_row(f["file"], str(f["rows"]), str(f["stale"]), f["oldest_check"] or "", str(f["old_figures"]))
    con.print(t)
    if found["stale_rows"]:
        s = Table(header_style="bold")
        for col in ("file", "row", "what", "true on", "checked on", "source"):
            s.add_column(col, overflow="fold" if col == "source" else "ellipsis", no_wrap=col == "what")
        for r in found["stale_rows"]:
            s.add_row(r["file"].removesuffix(".csv"), str(r["row"]), r["what"], r["true_on"], r["checked_on"],
                      r["source"])
        con.print(s)


# --- money: ledger, compare, portfolio ------------------------------------------------------------------

def print_ledger_wide(con: Console, res, by_year: list[dict]) -> None:
    """Net cash by party (rows) and year (columns), and each party's cumulative cash at the horizon's end."""
    from gigawatt.report import names  # the parties' plain names (NVIDIA, OpenAI, lenders and investors, ...)

    scn = res.scenario
    print_heading(con, scn, "net cash by party and year, $B (inflows less outflows; warrant equity is not cash)")
    years = sorted({r["year"] for r in by_year})
    parties = list(dict.fromkeys(r["party"] for r in by_year))
    cell = {(r["party"], r["year"]): r for r in by_year}
    t = Table(title_justify="left", header_style="bold")
    t.add_column("party", no_wrap=True)
    for y in years:
        t.add_column(str(y), justify="right", no_wrap=True)
    t.add_column("total", justify="right", no_wrap=True, style="bold")

    def bn(x):
        return present.sig(x / 1e9) if abs(x) >= 5e6 else "0"

    for p in parties:
        row = [bn(cell[(p, y)]["net_usd"]) if (p, y) in cell else "" for y in years]
        last = [r for r in by_year if r["party"] == p][-1]["cumulative_net_usd"]
        t.add_row(names.party(p, scn), *row, bn(last))
    con.print(t)


def print_ledger(con: Console, res, by_year: list[dict]) -> None:
    """The circular ledger by year and party, then each party's cumulative cash at the horizon's end."""
    scn = res.scenario
    print_heading(con, scn, "who pays whom")
    t = Table(title="Cash by year and party (warrant equity is not cash; financing closes the buyers' needs)",
              title_justify="left", header_style="bold")
    for col in ("year", "party", "in", "out", "net", "cumulative"):
        t.add_column(col, justify="right" if col not in ("party",) else "left", no_wrap=True)
    last = None
    for r in by_year:
        if last is not None and r["year"] != last:
            t.add_section()
        t.add_row(str(r["year"]) if r["year"] != last else "", r["party"], present.usd(r["inflow_usd"]),
                  present.usd(r["outflow_usd"]), present.usd(r["net_usd"]), present.usd(r["cumulative_net_usd"]))
        last = r["year"]
    con.print(t)
    h = res.headline()
    con.print(f"Through full build ({h['full_build_online'] or 'not reached'}): vendor sales "
              f"{present.usd(h['vendor_system_sales_usd'])}, gross profit {present.usd(h['vendor_gross_profit_usd'])}, "
              f"investment {present.usd(h['vendor_investment_usd'])}, "
              f"net cash {present.usd(h['vendor_net_cash_usd'])}, "
              f"round trip {present.pct(h['round_trip_ratio'])}; customer funding gap "
              f"{present.usd(h['customer_funding_gap_usd'])}")


def print_compare(con: Console, rows: list[dict], keys, scns=()) -> None:
    """Headline figures side by side; each later scenario also shows its difference from the first."""
    for scn in scns:  # each scenario's first lines: a superseded one says so before any figure
        print_heading(con, scn)
    t = Table(title=f"Compared with {rows[0]['scenario']}", title_justify="left", header_style="bold")
    t.add_column("figure")
    for i, r in enumerate(rows):
        t.add_column(r["scenario"], justify="right", no_wrap=True)
        if i:
            t.add_column("Δ", justify="right", no_wrap=True, style="dim")
    for k in keys:
        unit = HEADLINE[k][0]
        cells = []
        for i, r in enumerate(rows):
            cells.append(present.value(r["summary"][k], unit))
            if i:
                d = r["difference"][k]
                cells.append("" if unit == "quarter" else present.delta(d, unit))
        t.add_row(HEADLINE[k][1], *cells)
    con.print(t)


def print_portfolio(con: Console, res) -> None:
    """A composite's parts and the money it commits each year beside the customer's revenue."""
    t = Table(title="Parts (each through its own full build)", title_justify="left", header_style="bold")
    for col in ("part", "vendor", "buyer", "GW", "full build", "capex", "vendor sales", "vendor invests"):
        t.add_column(col, justify="left" if col in ("part", "vendor", "buyer") else "right", no_wrap=True)
    for p in res.parts:
        h = p.headline()
        t.add_row(p.scenario.name, p.scenario.program.vendor, p.scenario.finance.buyer, present.sig(h["capacity_gw"]),
                  h["full_build_online"] or "—", present.usd(h["capex_usd"]),
                  present.usd(h["vendor_system_sales_usd"]), present.usd(h["vendor_investment_usd"]))
    con.print(t)
    t = Table(title="Money by year: what the customer commits, what the fleet requires, its revenue",
              title_justify="left", header_style="bold")
    for col in ("year", "GW online", "capex", "customer pays", "required revenue", "customer revenue"):
        t.add_column(col, justify="right", no_wrap=True)
    for r in res.by_year():
        t.add_row(str(r["year"]), present.sig(r["gw_online"]), present.usd(r["capex_usd"]),
                  present.usd(r["customer_commitments_usd"]), present.usd(r["required_revenue_usd_per_year"]) + "/yr",
                  present.usd(r["customer_revenue_usd_per_year"]) + "/yr")
    con.print(t)
    h = res.headline()
    vend = "; ".join(f"{v}: sales {present.usd(x['vendor_system_sales_usd'])}, "
                     f"invests {present.usd(x['vendor_investment_usd'])}, "
                     f"stake {present.pct(x['vendor_equity_share'])}" for v, x in h["by_vendor"].items())
    con.print(f"By vendor (through full build): {vend}")
    if h["hardware_unknown_parts"]:
        con.print("[dim]GPU and FLOP/s totals exclude parts whose hardware is not published: "
                  + ", ".join(h["hardware_unknown_parts"]) + "[/]")
