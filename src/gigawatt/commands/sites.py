"""CLI commands: sites and pipeline (real campuses; announced versus delivered GW)."""

from __future__ import annotations

from typing import Optional

import typer

AsOfOpt = typer.Option(None, "--as-of", help="Show what was known and online at this date (YYYY-MM-DD; default today)")


def _data():
    from gigawatt import catalog

    return catalog.sites(), catalog.site_timeline(), catalog.deals(), catalog.deal_sites()


def _gw(x) -> str:
    from gigawatt import present

    return present.value(x, "GW")


def _mw(x) -> str:
    from gigawatt import present

    return present.value(x, "MW")


def sites_table(rows: list[dict], as_of: str):
    """A rich table of sites: power online, planned, next step, where, who."""
    from rich.table import Table

    online_gw = sum(r["power_online_mw"] for r in rows) / 1000
    t = Table(title=f"AI campuses as of {as_of}: {len(rows)} sites, {_gw(online_gw)} online (gigawatt sites --json "
                    "for sources)", title_justify="left", header_style="bold")
    for col, just in (("site", "left"), ("online", "right"), ("planned", "right"), ("status", "left"),
                      ("expected next", "left"), ("where", "left"), ("operator → tenants", "left")):
        t.add_column(col, justify=just, overflow="fold", no_wrap=col == "site")
    for r in rows:
        nxt = f"{_mw(r['next_power_mw'])} {r['next_date'][:7]}" if r["next_date"] else ""
        owners = [o for o in r["owner"] if o != r["operator"]]
        lessee = [x for x in r.get("lessee", []) if x != r["operator"] and x not in owners]
        who = r["operator"] + (f" for {', '.join(owners)}" if owners else "") + (
            f", leased to {', '.join(lessee)}" if lessee else "") + (
            f" → {', '.join(t for t in r['tenants'] if t not in owners and t != r['operator']) or 'own use'}"
            if r["tenants"] else "")
        t.add_row(r["id"], _mw(r["power_online_mw"]), _mw(r["planned_mw"]), r["status"], nxt,
                  f"{r['state']} {r['country']}", who)
    return t


def sites(company: Optional[str] = typer.Option(None, "--company", help="Only sites this company runs, owns or uses"),
          country: Optional[str] = typer.Option(None, "--country", help="Only sites in this country (ISO code: US)"),
          as_of: Optional[str] = AsOfOpt,
          as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables")):
    """Real AI campuses (Epoch AI's Frontier Data Centers data and press): power online, planned, who, where."""
    from gigawatt import cli, present
    from gigawatt import sites as st

    day = st.check_as_of(as_of)
    s, tl, d, _ = _data()
    company = st.check_filter(company, st.companies_of(s), "--company")
    country = st.check_filter(country, sorted({x.country for x in s}), "--country")
    rows = st.sites_as_of(s, tl, day, company=company, country=country)
    if as_json:
        cli.print_json(present.plain(rows))
        return
    con = cli.console()
    t = sites_table(rows, day.isoformat())
    notes = present.fit(t, con.width, drop=("operator → tenants", "where", "status"),
                        stack={"operator → tenants": "site", "where": "site", "status": "site"})
    con.print(t)
    if notes:
        con.print(present.note(notes, con.width), style="dim")


def pipeline_tables(p: dict) -> list:
    """Rich renderables of a pipeline: headline, over time, double counting, by company, build speed, $/GW."""
    from rich.table import Table

    from gigawatt import present

    def table(title, cols):
        t = Table(title=title, title_justify="left", header_style="bold")
        for c in cols:
            t.add_column(c, justify="left" if c in ("", "quarter end", "site", "company", "size class", "deals")
                         else "right", overflow="fold")
        return t

    where = "all tracked sites" if p["region"] == "world" else f"tracked {p['region']} sites"
    head = table(f"Pipeline as of {p['as_of']}, region {p['region']}: announced versus delivered", ["", "GW"])
    for label, key in (("announced in live deals, all regions (headline sum)", "announced_gw"),
                       ("counted in more than one deal (same site)", "double_counted_gw"),
                       ("announced, de-duplicated", "dedup_gw"), ("  of which at named sites", "sited_gw"),
                       ("  of which at no named site", "unsited_gw"),
                       (f"delivered: power online at {where}", "delivered_gw"),
                       ("due, unconfirmed: projections past their date", "due_unconfirmed_gw"),
                       ("delivered at the sites the deals name", "delivered_deal_sites_gw")):
        head.add_row(label, _gw(p[key]))
    head.caption = (f"delivered: latest observed evidence {p['delivered_evidence_from'] or '-'} to "
                    f"{p['delivered_evidence_to'] or '-'}; superseded or cancelled deals are not announced capacity")
    checks = table("Companies' own statements against the data", ["company", "quantity", "as of", "stated",
                                                                   "data", "data / stated", "who, source"])
    for c in p["company_checks"]:
        checks.add_row(c["company"], c["quantity"].removesuffix("_gw"), c["as_of"], _gw(c["stated_gw"]),
                       _gw(c["data_gw"]), present.sig(c["ratio"]), f"{c['who']}: {c['source']}")
    over = table("Over time (deals by announcement date; power online at quarter end)",
                 ["quarter end", "announced", "de-duplicated", f"delivered ({where})", "delivered (deal sites)"])
    for r in p["over_time"]:
        over.add_row(r["date"], _gw(r["announced_gw"]), _gw(r["dedup_gw"]), _gw(r["delivered_gw"]),
                     _gw(r["delivered_deal_sites_gw"]))
    dbl = table("Double counting: the same site in several deals",
                ["site", "deals", "claimed", "unique", "counted twice"])
    for r in p["double_counting"]:
        dbl.add_row(r["site"], ", ".join(r["deals"]), _gw(r["claimed_gw"]), _gw(r["unique_gw"]),
                    _gw(r["double_counted_gw"]))
    comp = table("By company (deals overlap: these do not add up)", ["company", "deals", "announced", "sites",
                                                                       "delivered"])
    for r in p["by_company"]:
        comp.add_row(r["company"], str(r["deals"]), _gw(r["announced_gw"]), str(r["sites"]), _gw(r["delivered_gw"]))
    def rng(x):
        return f"{present.sig(x['low'])}–{present.sig(x['high'])}" if x["low"] is not None else present.MISSING

    speed = table("Build speed (first observed work to first power; MW added per month since)",
                  ["size class", "sites", "months: median", "range", "MW/month: median", "range"])
    for r in p["build_speed"]["by_size_class"]:
        m, w = r["months_to_first_power"], r["mw_per_month"]
        speed.add_row(r["size_class"], str(r["sites"]), present.sig(m["median"]), rng(m), present.sig(w["median"]),
                      rng(w))
    c = p["capital_cost_per_gw"]
    cost = table("Realised capital cost per GW", ["sites", "median", "low", "high"])
    cost.add_row(str(c["n_sites"]), present.usd(c["median_usd_per_gw"]), present.usd(c["low_usd_per_gw"]),
                 present.usd(c["high_usd_per_gw"]))
    ended = table("Deals no longer announced capacity", ["deal", "GW", "made", "status", "on"])
    for d in p["ended_deals"]:
        ended.add_row(d["id"], _gw(d["gw"]), d["date"], d["status"], d["ended"])
    due = table("Due, unconfirmed (a projection's date has passed; no observed row shows the power yet)",
                ["site", "online", "evidence", "due", "due on"])
    for r in p["due_unconfirmed"]:
        due.add_row(r["site"], _mw(r["online_mw"]), r["evidence_date"] or "-", _mw(r["due_mw"]), r["due_date"])
    return [head, checks, ended, due, over, dbl, comp, speed, cost, f"(basis: {c['basis']})"]


def pipeline(as_of: Optional[str] = AsOfOpt,
             region: str = typer.Option("world", "--region", help="Delivered power at the sites of: US or world"),
             as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables")):
    """Announced GW (deals) against delivered GW (power online at sites, with its evidence date), projections due
    but unconfirmed, companies' own statements, double counting, build speed, $/GW."""
    from gigawatt import catalog, cli, delivery, present
    from gigawatt import sites as st

    day = st.check_as_of(as_of)
    p = st.pipeline(*_data(), day, region=delivery.check_region(region), statements=catalog.company_statements())
    if as_json:
        cli.print_json(present.plain(p))
        return
    con = cli.console()
    for t in pipeline_tables(p):
        con.print(t)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("sites")(sites)
    app.command("pipeline")(pipeline)
