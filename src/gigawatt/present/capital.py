"""Terminal tables for ``gigawatt capital`` (presentation only: every figure comes from capital.analyse). Each
table fits the terminal's width with every number whole (:func:`gigawatt.present.table.fit`): low-priority
columns go under another column's cells, with a note."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gigawatt.present import numbers as fmt
from gigawatt.present.table import fit, note


def _table(title: str, cols: tuple[str, ...], left: int = 1) -> Table:
    t = Table(title=title, title_justify="left", header_style="bold")
    for i, c in enumerate(cols):
        t.add_column(c, justify="left" if i < left else "right", no_wrap=i == 0 or i >= left)  # figures whole
    return t


def _show(con: Console, t: Table, stack: dict[str, str] | None = None) -> None:
    """Print a table fitted to the console, and a note on what moved."""
    notes = fit(t, con.width, drop=tuple(stack or ()), stack=stack)
    con.print(t)
    if notes:
        con.print(note(notes, con.width), style="dim")


def _terms(r: dict) -> str:
    if r["spread_bp"] is not None:
        return f"SOFR+{r['spread_bp']:g}bp"
    if r["rate"] is not None and r["kind"] != "warrant":
        return f"{r['rate'] * 100:.2f} %"
    return f"strike ${r['rate']:g}" if r["kind"] == "warrant" and r["rate"] is not None else ""


def instruments(con: Console, rows: list[dict]) -> None:
    t = _table("Instruments (amount: shares for a warrant, per year for a lease)",
               ("id", "kind", "borrower <- lender", "amount", "terms", "years", "seniority", "guess", "source"), 3)
    for r in rows:
        amount = fmt.count(r["amount_usd"]) + " sh" if r["kind"] == "warrant" else fmt.usd(r["amount_usd"])
        t.add_row(r["id"], r["kind"], f"{r['borrower']} <- {r['lender']}", amount, _terms(r),
                  f"{r['tenor_years']:g}" if r["tenor_years"] else "", r["seniority"], r["guess"] or "",
                  f"{r['source'][:60]}… ({r['true_on']})")
    _show(con, t, {"source": "id", "guess": "id", "seniority": "kind", "years": "terms", "kind": "id",
                   "borrower <- lender": "id"})


def programs(con: Console, rows: list[dict]) -> None:
    if not rows:
        return
    t = _table("How each program's capex is funded (finance.capital; capex over the whole horizon, GPU refresh "
               "included: more than `gigawatt run`'s capex through full build)",
               ("program", "owner", "from", "funding", "capex"), 4)
    for r in rows:
        shares = ", ".join(f"{k} {r[k] * 100:.0f}%" for k in ("own", "vendor", "debt", "lease", "spv") if r[k] > 0)
        t.add_row(r["scenario"], r["owner"], r["first_quarter"], shares, fmt.usd(r["capex_usd"]))
    _show(con, t, {"owner": "program", "from": "program"})


def waterfall(con: Console, rows: list[dict], years: tuple[int, ...], deterministic: bool = False) -> None:
    every = sorted({r["year"] for r in rows})
    shown = [y for y in every if y in years]
    left = "" if shown == every else (f"; years {', '.join(map(str, shown))} of {every[0]}-{every[-1]} shown, "
                                      "--json has every year")
    t = _table(f"Cash waterfall by party and year ({'deterministic' if deterministic else 'mean over draws'}; "
               f"contracts: lease and cloud payments{left})",
               ("party", "year", "revenue", "opex", "contracts", "interest", "principal", "distributions"), 1)
    for r in rows:
        if r["year"] in years:
            t.add_row(r["party"], str(r["year"]), *(fmt.usd(r[k]) for k in (
                "revenue_usd", "opex_usd", "lease_and_cloud_usd", "interest_usd", "principal_usd",
                "distributions_usd")))
    _show(con, t, {"year": "party", "distributions": "party"})


def coverage(con: Console, cov: dict[str, list[dict]]) -> None:
    t = _table("Debt service coverage, first quarter of each year (median; P5)", ("party", "quarter", "DSCR",
                                                                                  "DSCR P5", "interest cover"), 2)
    for party, rows in cov.items():
        for r in rows:
            if r["quarter"].endswith("Q1"):
                t.add_row(party, r["quarter"], f"{r['dscr_median']:.2f}", f"{r['dscr_p5']:.2f}",
                          f"{r['interest_coverage_median']:.2f}")
    _show(con, t)


def risk(con: Console, res: dict) -> None:
    t = _table("Who misses a payment", ("party", "P(default)", "median quarter"), 1)
    for p, r in res["parties"].items():
        t.add_row(p, fmt.pct(r["p_default"]), r["median_default_quarter"] or "—")
    _show(con, t)
    t = _table("Expected loss by lender (after collateral)", ("lender", "expected loss"), 1)
    for lender, v in sorted(res["expected_loss_by_lender"].items(), key=lambda kv: -kv[1]):
        t.add_row(lender, fmt.usd(v))
    _show(con, t)
    shown = res["contagion"][:8]
    if shown:
        t = _table("Contagion: who is paid less, in order (expected shortfall; first quarter, median)", ("payer -> payee", "claim", "P(paid less)",
                                                              "shortfall", "first"), 2)
        for r in shown:
            t.add_row(f"{r['payer']} -> {r['payee']}", r["claim"], fmt.pct(r["p_paid_less"]),
                      fmt.usd(r["expected_shortfall_usd"]), r["first_quarter_median"])
        _show(con, t, {"claim": "payer -> payee"})


def print_capital(con: Console, res: dict) -> None:
    mode = (f"Monte Carlo, {res['draws']:,} draws, seed {res['seed']}" if res["draws"] else
            "deterministic (every guess at its middle value)")
    con.print(f"[bold]Capital stack[/] — {res['scenario']}; revenue at {res['revenue_scale']:g}x its path; "
              f"credit: {res['credit']}; GPU life {res['gpu_life_years']:g} years; {mode}")
    programs(con, res["programs"])
    instruments(con, res["instruments"])
    waterfall(con, res["waterfall_by_year"], (2026, 2027, 2028, 2030), deterministic=not res["draws"])
    coverage(con, res["coverage"])
    risk(con, res)
    con.print(f"Default rule: {res['default_rule']}")
    con.print(f"Ledger: every party's cash moves by its net flow (largest gap {fmt.usd(res['ledger_imbalance_usd'])}).")
