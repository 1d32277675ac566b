"""Rich terminal views of results (presentation only: every figure comes from Results or the catalog)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gigawatt import catalog, fmt
from gigawatt.results import HEADLINE

GROUPS = {
    "Build": ["capacity_gw", "it_power_gw", "first_gw_online", "full_build_online", "completed_share"],
    "Hardware": ["gpus", "gpu_dies", "racks", "gpus_per_gw", "gpu_dies_per_gw"],
    "Energy": ["annual_energy_twh", "reactor_equivalents", "reactor_equivalents_energy", "comparison_state_share",
               "household_equivalents", "electricity_cost_usd_per_year", "carbon_mt_per_year", "water_gl_per_year"],
    "Compute": ["peak_dense_fp8_flops", "peak_dense_fp4_flops", "h100_equivalents", "delivered_flops",
                "reference_run_days", "tokens_per_s", "tokens_per_user_week", "interruptions_per_day"],
    "Money": ["capex_usd", "vendor_system_sales_usd", "vendor_gross_profit_usd", "vendor_investment_usd",
              "vendor_equity_share", "vendor_net_cash_usd", "round_trip_ratio", "customer_funding_gap_usd",
              "required_revenue_usd_per_year", "customer_revenue_usd_per_year", "revenue_covers_year"],
}


def _describe(key: str, h: dict) -> str:
    desc = HEADLINE[key][1]
    if key == "comparison_state_share":
        return f"annual energy over {h.get('comparison_state')}'s retail electricity sales"
    return desc


def headline_table(h: dict, title: str) -> Table:
    t = Table(title=title, title_justify="left", show_header=True, header_style="bold")
    t.add_column("", style="bold cyan", no_wrap=True)
    t.add_column("figure")
    t.add_column("value", justify="right", no_wrap=True)
    for group, keys in GROUPS.items():
        for i, key in enumerate(keys):
            unit = HEADLINE[key][0]
            val = h.get(key)
            text = fmt.value(val, unit)
            if key == "comparison_state_share" and isinstance(val, float):
                text = f"{fmt.sig(val)} × {h.get('comparison_state')}"
            elif key in ("reactor_equivalents", "reactor_equivalents_energy") and isinstance(val, float):
                text = f"{fmt.sig(val)} reactors"
            t.add_row(group if i == 0 else "", _describe(key, h), text)
        t.add_section()
    return t


def timeline_table(rows: list[dict]) -> Table:
    t = Table(title="Year by year (stocks at year end; energy and money over the year)", title_justify="left",
              header_style="bold")
    for col in ("year", "GW online", "GPU packages", "GPU dies", "TWh", "peak FP8", "capex", "vendor invests"):
        t.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        t.add_row(str(r["year"]), fmt.sig(r["gw_online"]), fmt.count(r["gpus"]), fmt.count(r["gpu_dies"]),
                  fmt.sig(r["energy_twh"]), fmt.flops(r["peak_dense_fp8_flops"]), fmt.usd(r["capex_usd"]),
                  fmt.usd(r["vendor_investment_cash_usd"]))
    return t


def counting_table(h: dict, first_gw_mix: dict) -> Table:
    """Public 'GPUs per GW' figures beside the model's packages and dies, with each one's convention."""
    t = Table(title="How public figures count GPUs (packages vs dies)", title_justify="left", header_style="bold")
    t.add_column("public figure")
    t.add_column("GPUs per GW", justify="right", no_wrap=True)
    t.add_column("counts")
    for key in ("gpus-per-gw-huang-cnbc", "gpus-per-gw-bg2", "gpus-per-gw-barclays"):
        try:
            r = catalog.ref(key, "gpus_per_gw")
        except LookupError:
            continue
        lo, hi = r.range
        text = f"{fmt.count(lo)}–{fmt.count(hi)}" if lo != hi else fmt.count(r.number)
        t.add_row(r.source.split(":")[0], text, r.note.removeprefix("counting: "))
    t.add_row("gigawatt, this scenario at full build", f"{fmt.count(h['gpus_per_gw'])} packages",
              f"{fmt.count(h['gpu_dies_per_gw'])} dies; platforms: {', '.join(first_gw_mix)}")
    return t


def print_run(con: Console, res) -> None:
    h = res.headline()
    scn = res.scenario
    con.print(f"[bold]{scn.title or scn.name}[/]  ({scn.name})")
    mix = ", ".join(f"{n} {fmt.sig(g)} GW" for n, g in h["platform_mix_gw"].items())
    con.print(f"Full build {h['full_build_online'] or '—'}: {mix}")
    con.print(headline_table(h, f"Headline at full build ({h['full_build_online'] or 'not reached'})"))
    con.print(counting_table(h, h["platform_mix_gw"]))
    con.print(timeline_table(res.by_year()))
    if scn.guesses:
        con.print("[dim]Guesses in this scenario: " + "; ".join(scn.guesses) + "[/]")


def print_data(con: Console, rows) -> None:
    t = Table(header_style="bold", show_lines=False)
    for col in ("file", "key", "quantity", "value", "range", "unit", "year", "source"):
        t.add_column(col, overflow="fold")
    for r in rows:
        rng = f"{fmt.sig(r.low)}–{fmt.sig(r.high)}" if r.low is not None and r.high is not None else ""
        val = fmt.sig(r.value) if isinstance(r.value, float) else (r.value or "")
        t.add_row(r.file.removesuffix(".csv"), r.key, r.quantity, val, rng, r.unit, str(r.year or ""), r.source)
    con.print(t)
