"""The capital stack as export sheets (instruments with sources; risk per party and lender), through the
export's sheet list. Tables only: :mod:`gigawatt.export` writes them, and passes its ``Table`` in (``make``), so
this module never imports the export (no import cycle)."""

from __future__ import annotations

DRAWS, SEED = 2000, 0  # the same Monte Carlo as the report's section


def instruments_table(cap: dict, make):
    cols = ["id", "kind", "borrower", "lender", "amount", "shares", "rate", "spread_bp", "tenor_years", "start",
            "amortisation", "seniority", "collateral", "covenant_dscr", "guess", "source", "true_on", "checked_on"]
    warrant = lambda r: r["kind"] == "warrant"  # noqa: E731 - its amount is shares, its rate the strike
    pick = {"amount": lambda r: None if warrant(r) else r["amount_usd"],
            "shares": lambda r: r["amount_usd"] if warrant(r) else None,
            "rate": lambda r: None if warrant(r) else r["rate"]}
    rows = [[pick[c](r) if c in pick else r[c] for c in cols] for r in cap["instruments"]]
    units = ["", "", "", "", "USD (per year for a lease)", "shares", "per year", "bp", "years", "",
             "", "", "", "x", "", "", "", ""]
    return make("instruments", cols, rows, units=units, widths={"source": 60})


def risk_table(cap: dict, make):
    rows = [["party", p, "p_default", r["p_default"], r["median_default_quarter"]] for p, r in cap["parties"].items()]
    rows += [["lender", r["lender"], "expected_loss_usd", r["expected_loss_usd"], r["seniority"]]
             for r in cap["loss_by_instrument"]]
    rows += [["contagion", f"{r['payer']} -> {r['payee']}", "p_paid_less", r["p_paid_less"], r["first_quarter_median"]]
             for r in cap["contagion"]]
    note = f"Monte Carlo {cap['draws']} draws, seed {cap['seed']}"
    return make("capital_risk", ["group", "who", "figure", "value", "when or seniority"], rows,
                 units=["", "", "", note, ""])


def tables(res, make) -> list:
    """The capital sheets for a result's scenario; ``make(name, columns, rows, units=, widths=)`` builds one."""
    from gigawatt.capital import analyse

    cap = analyse(res.scenario, DRAWS, SEED)
    return [instruments_table(cap, make), risk_table(cap, make)]
