"""Terminal tables for ``gigawatt capital`` (presentation only: every figure comes from capital.analyse)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gigawatt.present import numbers as fmt


def _table(title: str, cols: tuple[str, ...], left: int = 1) -> Table:
    t = Table(title=title, title_justify="left", header_style="bold")
    for i, c in enumerate(cols):
        t.add_column(c, justify="left" if i < left else "right", no_wrap=i < left)
    return t


def _terms(r: dict) -> str:
    if r["spread_bp"] is not None:
        return f"SOFR+{r['spread_bp']:g}bp"
    if r["rate"] is not None and r["kind"] != "warrant":
        return f"{r['rate'] * 100:.2f} %"
    return "strike $0.01" if r["kind"] == "warrant" else ""


def instruments(con: Console, rows: list[dict]) -> None:
    t = _table("Instruments (amount: shares for the warrant, per year for leases)",
               ("id", "kind", "borrower <- lender", "amount", "terms", "years", "seniority", "guess", "source"), 3)
    for r in rows:
        amount = fmt.count(r["amount_usd"]) + " sh" if r["kind"] == "warrant" else fmt.usd(r["amount_usd"])
        t.add_row(r["id"], r["kind"], f"{r['borrower']} <- {r['lender']}", amount, _terms(r),
                  f"{r['tenor_years']:g}" if r["tenor_years"] else "", r["seniority"], r["guess"] or "",
                  f"{r['source'][:60]}… ({r['true_on']})")
    con.print(t)


def waterfall(con: Console, rows: list[dict], years: tuple[int, ...]) -> None:
    t = _table("Cash waterfall by party and year (mean over draws)",
               ("party", "year", "revenue", "opex", "lease+cloud", "interest", "principal", "distributions"), 1)
    for r in rows:
        if r["year"] in years:
            t.add_row(r["party"], str(r["year"]), *(fmt.usd(r[k]) for k in (
                "revenue_usd", "opex_usd", "lease_and_cloud_usd", "interest_usd", "principal_usd",
                "distributions_usd")))
    con.print(t)


def coverage(con: Console, cov: dict[str, list[dict]]) -> None:
    t = _table("Debt service coverage, first quarter of each year (median; P5)", ("party", "quarter", "DSCR",
                                                                                  "DSCR P5", "interest cover"), 2)
    for party, rows in cov.items():
        for r in rows:
            if r["quarter"].endswith("Q1"):
                t.add_row(party, r["quarter"], f"{r['dscr_median']:.2f}", f"{r['dscr_p5']:.2f}",
                          f"{r['interest_coverage_median']:.2f}")
    con.print(t)


def risk(con: Console, res: dict) -> None:
    t = _table("Who misses a payment", ("party", "P(default)", "median quarter"), 1)
    for p, r in res["parties"].items():
        t.add_row(p, fmt.pct(r["p_default"]), r["median_default_quarter"] or "—")
    con.print(t)
    t = _table("Expected loss by lender (after collateral)", ("lender", "expected loss"), 1)
    for lender, v in sorted(res["expected_loss_by_lender"].items(), key=lambda kv: -kv[1]):
        t.add_row(lender, fmt.usd(v))
    con.print(t)
    shown = res["contagion"][:8]
    if shown:
        t = _table("Contagion: who is paid less, in order", ("payer -> payee", "claim", "P(paid less)",
                                                              "expected shortfall", "first (median)"), 2)
        for r in shown:
            t.add_row(f"{r['payer']} -> {r['payee']}", r["claim"], fmt.pct(r["p_paid_less"]),
                      fmt.usd(r["expected_shortfall_usd"]), r["first_quarter_median"])
        con.print(t)


def print_capital(con: Console, res: dict) -> None:
    mode = (f"Monte Carlo, {res['draws']:,} draws, seed {res['seed']}" if res["draws"] else
            "deterministic (every guess at its middle value)")
    con.print(f"[bold]Capital stack[/] — {res['scenario']}; revenue at {res['revenue_scale']:g}x its path; "
              f"credit: {res['credit']}; {mode}")
    instruments(con, res["instruments"])
    waterfall(con, res["waterfall_by_year"], (2026, 2027, 2028, 2030))
    coverage(con, res["coverage"])
    risk(con, res)
    con.print(f"Default rule: {res['default_rule']}")
    con.print(f"Ledger: every party's cash moves by its net flow (largest gap {fmt.usd(res['ledger_imbalance_usd'])}).")
