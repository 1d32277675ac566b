"""The report's "Who bears the risk" section: the capital stack (gigawatt.capital) for the report's scenario.

Reads :func:`gigawatt.capital.analyse` (a seeded Monte Carlo over the labelled guesses); computes nothing itself.
"""

from __future__ import annotations

from gigawatt.present import numbers as fmt
from gigawatt.report.sections import Section, esc, table

DRAWS, SEED = 2000, 0


def _instrument_rows(res: dict) -> list[list[str]]:
    rows = []
    for r in res["instruments"]:
        terms = (f"SOFR+{r['spread_bp']:g} bp" if r["spread_bp"] is not None else
                 f"{r['rate'] * 100:.2f} %" if r["rate"] is not None and r["kind"] != "warrant" else "")
        amount = f"{fmt.count(r['amount_usd'])} shares" if r["kind"] == "warrant" else fmt.usd(r["amount_usd"])
        rows.append([r["id"], r["kind"], f"{r['borrower']} ← {r['lender']}", amount, terms, r["seniority"],
                     f"GUESS: {r['guess']}" if r["guess"] else "public", f"{r['source']} (true on {r['true_on']})"])
    return rows


def _risk_rows(res: dict) -> list[list[str]]:
    return [[p, fmt.pct(r["p_default"]), r["median_default_quarter"] or "—"] for p, r in res["parties"].items()]


def _loss_rows(res: dict) -> list[list[str]]:
    by_ins = {r["lender"]: r for r in res["loss_by_instrument"]}
    return [[lender, by_ins[lender]["seniority"], by_ins[lender]["borrower"], fmt.usd(v)]
            for lender, v in sorted(res["expected_loss_by_lender"].items(), key=lambda kv: -kv[1])]


def _exposed(cap: dict) -> str:
    """Who carries the program's risk: its lenders (amount lent) and lessors (rent a year), and where the rest of
    the customer's commitments are."""
    rows = [f"{esc(r['lender'])} ({fmt.usd(r['amount_usd'])} of {r['seniority']} {r['kind']})" if r["kind"] in
            ("loan", "bond") else f"{esc(r['lender'])} ({fmt.usd(r['amount_usd'])} a year of rent)"
            for r in cap["instruments"] if ":" in r["id"] and r["kind"] in ("loan", "bond", "lease")]
    out = f" The program's risk is carried by {'; '.join(rows)}." if rows else ""
    if cap["scenario"] != "openai-portfolio":
        out += (" This stack is the deal alone; OpenAI's other compute contracts and CoreWeave's debt are in "
                "openai-portfolio (gigawatt capital openai-portfolio).")
    return out


def section(res) -> Section:
    """Who lends, who owns and who bears the risk when revenue falls short, for the report's scenario."""
    from gigawatt.capital import analyse

    cap = analyse(res.scenario, DRAWS, SEED)
    half = analyse(res.scenario, DRAWS, SEED, revenue_scale=0.5)
    who = max(cap["parties"], key=lambda p: cap["parties"][p]["p_default"])
    funded = "; ".join(f"{esc(p['scenario'])} ({fmt.usd(p['capex_usd'])} of capex over the whole horizon, GPU refresh included, owned by {esc(p['owner'])}): "
                       + ", ".join(f"{k} {fmt.pct(p[k])}" for k in ("own", "vendor", "debt", "lease", "spv") if p[k])
                       for p in cap["programs"]) or "not stated (finance.capital.funding), so left out"
    lender = max(cap["expected_loss_by_lender"], key=cap["expected_loss_by_lender"].get, default=None)
    bears = (f" The largest expected loss falls on <b>{esc(lender)}</b>: "
             f"{fmt.usd(cap['expected_loss_by_lender'][lender])} on the path, "
             f"{fmt.usd(half['expected_loss_by_lender'].get(lender, 0.0))} with revenue at half the path."
             if lender and cap["expected_loss_by_lender"][lender] > 0 else "")
    intro = (f"<p>How the build-out is paid for and who loses if the revenue does not come, with this scenario's "
             f"stack (finance.capital): {len(cap['instruments'])} instruments of data/instruments.csv and of its "
             f"program's funding, each with its source. The program's capex is funded as follows: {funded}. "
             f"A Monte Carlo of {DRAWS:,} draws (seed {SEED}) over every term that is not public (each marked "
             f"GUESS with its range) runs a quarterly cash waterfall per party; credit: {esc(cap['credit'])}, GPU "
             f"life {cap['gpu_life_years']:g} years. {esc(cap['default_rule'])} The customer's revenue follows "
             f"the scenario's path. What a lessor or lender spends on the capacity it funds is outside its own "
             f"waterfall (its other revenue carries it).</p>"
             f"<p>Most at risk: <b>{esc(who)}</b>, P(missed payment) {fmt.pct(cap['parties'][who]['p_default'])} "
             f"on the path and {fmt.pct(half['parties'][who]['p_default'])} with revenue at half the path."
             f"{bears}{_exposed(cap)}</p>")
    cards = [(f"P(default) {p}", fmt.pct(r["p_default"])) for p, r in cap["parties"].items()
             if r["p_default"] > 0 or p == "openai"]
    cards.append(("expected loss, all lenders", fmt.usd(sum(cap["expected_loss_by_lender"].values()))))
    half_rows = [[p, fmt.pct(cap["parties"][p]["p_default"]), fmt.pct(half["parties"][p]["p_default"])]
                 for p in cap["parties"]]
    tables = [
        table(["party", "P(default) on the path", "revenue at half the path"], half_rows, {1, 2},
              caption="Who misses a payment (missed payment or covenant breach), by the horizon"),
        table(["lender", "seniority", "borrower", "expected loss"], _loss_rows(cap), {3},
              caption="Expected loss by lender after recovery from collateral (GPUs at resale value, secured first)"),
        table(["id", "kind", "borrower ← lender", "amount", "terms", "seniority", "public?", "source"],
              _instrument_rows(cap), {3}, caption="The instruments, with their sources"),
    ]
    return Section(id="capital", title="Who bears the risk", intro=intro, cards=cards, tables=tables)
