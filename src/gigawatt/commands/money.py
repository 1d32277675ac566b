"""CLI commands: money — ``gigawatt ledger`` (the circular ledger) and ``gigawatt compare`` (side by side)."""

from __future__ import annotations

from typing import Optional

import typer

# Headline figures that `compare` shows, in order (keys of the JSON contract's summary).
COMPARE_KEYS = ("capacity_gw", "full_build_online", "gpus", "annual_energy_twh", "capex_usd",
                "vendor_system_sales_usd", "vendor_share_of_capex", "vendor_gross_profit_usd", "vendor_investment_usd",
                "vendor_equity_share",
                "vendor_net_cash_usd", "round_trip_ratio", "customer_funding_gap_usd",
                "required_revenue_usd_per_year", "customer_revenue_usd_per_year", "revenue_covers_year")


def ledger_by_year(res) -> list[dict]:
    """Per calendar year and party: inflows, outflows, net, and cumulative net cash at year end. [USD]"""
    import numpy as np

    from gigawatt.model.finance import NON_CASH, net_cash_by_party

    years = np.asarray(res.static.quarters) // 4
    net = {p: np.asarray(v)[0] for p, v in net_cash_by_party(res.data["flows"]).items()}
    inflow = {p: np.zeros(len(years)) for p in net}
    for (payer, payee, kind), usd in res.data["flows"].items():
        if kind not in NON_CASH:
            inflow[payee] = inflow[payee] + np.asarray(usd)[0]
    rows = []
    for y in np.unique(years):
        cols = years == y
        last = np.flatnonzero(cols)[-1]
        for p, series in net.items():
            cents = lambda x: round(float(x), 2) + 0.0  # noqa: E731 - to the cent: no float dust, no -0
            cum = cents(np.cumsum(series)[last])
            paid_in = cents(inflow[p][cols].sum())
            n = cents(series[cols].sum())
            if abs(paid_in) < 0.005 and abs(n) < 0.005 and abs(cum) < 0.005:
                continue
            rows.append({"year": int(y), "party": p, "inflow_usd": paid_in, "outflow_usd": paid_in - n,
                         "net_usd": n, "cumulative_net_usd": cum})
    return rows


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import JsonOpt, ScenarioArg, SetOpt, ViewOpt

    @app.command()
    def ledger(scenario: Optional[str] = ScenarioArg, set_: Optional[list[str]] = SetOpt, as_json: bool = JsonOpt,
               view: Optional[str] = ViewOpt,
               as_csv: bool = typer.Option(False, "--csv", help="Write every flow (quarter, payer, payee, kind, "
                                                               "usd) as CSV to stdout"),
               wide: bool = typer.Option(False, "--wide", help="Net cash as a party x year grid (cumulative at the "
                                                               "last column)"),
               capital: bool = typer.Option(False, "--capital", help="Add the program's capital stack "
                                            "(finance.capital): debt drawn and repaid, leased and SPV-funded capex "
                                            "and its rent, SPV costs and distributions; financing is what is left")):
        """The circular ledger: who pays whom, by year and party, with each party's cumulative cash."""
        import sys

        from gigawatt.cli import console, load, print_json
        from gigawatt.commands import one_format
        from gigawatt.api import simulate

        one_format({"--csv": as_csv, "--json": as_json}, "--wide" if wide else None)
        res = simulate(load(scenario, set_, view))
        if capital:
            from gigawatt.capital.ledger import with_capital

            res.data["flows"] = with_capital(res)
        rows = res.ledger_rows()
        if as_csv:
            import csv

            w = csv.DictWriter(sys.stdout, fieldnames=["quarter", "payer", "payee", "kind", "usd"],
                               lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow({**r, "usd": f"{r['usd']:.2f}"})
            return
        by_year = ledger_by_year(res)
        if as_json:
            print_json({"scenario": res.scenario.name, "standing": res.scenario.standing(), "flows": rows, "by_year": by_year,
                        "cumulative_net_usd": {p: float(v[-1]) for p, v in res.cash_by_party().items()}})
            return
        from gigawatt import views

        (views.print_ledger_wide if wide else views.print_ledger)(console(), res, by_year)

    @app.command()
    def compare(scenarios: list[str] = typer.Argument(..., help="Two or more built-in names or YAML paths, each "
                                                                "optionally SCENARIO@VIEW (e.g. openai-nvidia-10gw@vendor)"),
                set_: Optional[list[str]] = SetOpt, as_json: bool = JsonOpt, view: Optional[str] = ViewOpt):
        """Headline figures of several scenarios side by side, with differences from the first."""
        from gigawatt.cli import console, load, print_json
        from gigawatt.errors import InputError
        from gigawatt.api import simulate

        if len(scenarios) < 2:
            raise InputError("scenarios", "compare needs at least two scenarios")
        scns = [load(s, set_, view) for s in scenarios]
        heads = [(s, scn, simulate(scn).headline()) for s, scn in zip(scenarios, scns)]
        base = heads[0][2]
        out = []
        for name, scn, h in heads:
            diff = {}
            for k in COMPARE_KEYS:
                a, b = h.get(k), base.get(k)
                numeric = isinstance(a, (int, float)) and isinstance(b, (int, float))
                diff[k] = a - b if numeric else None
            out.append({"scenario": name, "standing": scn.standing(), "summary": {k: h.get(k) for k in COMPARE_KEYS}, "difference": diff})
        if as_json:
            print_json({"base": scenarios[0], "scenarios": out})
            return
        from gigawatt import views

        views.print_compare(console(), out, COMPARE_KEYS, scns)
