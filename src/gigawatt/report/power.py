"""The report's power section: the least-cost supply of the scenario's campus (gigawatt.power) beside the
flat price and grid intensity the rest of the report assumes; the mix table and a winter/summer week chart.

Reads :func:`gigawatt.power.solve_scenario` (solved once per scenario in a process); computes nothing itself.
"""

from __future__ import annotations

from gigawatt.report.sections import Section, esc, table

def _result(scn):
    """The solve (once per campus in a process, :func:`gigawatt.power.solve_scenario`) and its value of speed."""
    from gigawatt import power
    from gigawatt.power import speed_value

    req = power.request_for(scn)
    res = power.solve_scenario(scn)
    return res, speed_value.for_request(res, req, scn)


def section(res) -> Section | None:
    """The power section for a simulation result ``res`` (its scenario's next phase, default site)."""
    from gigawatt.errors import InputError
    from gigawatt.power import charts
    from gigawatt.power.options import LABELS
    from gigawatt.report import power_facts as extras

    scn = res.scenario
    if getattr(scn, "include", None):  # a composite has no single campus
        return None
    if scn.energy.supply != "optimised":  # a campus-year solve takes seconds: only where the figures use it
        return Section(id="power", title="Power for the campus", intro=(
            "<p>This report prices energy at a flat price and grid carbon intensity. For the least-cost hourly "
            f"supply of the campus (grid, gas, solar, wind, batteries, firm clean power), run <code>gigawatt power "
            f"{esc(scn.name)}</code>, or set <code>energy.supply: optimised</code> to have these figures use its "
            "LCOE and carbon intensity.</p>"))
    try:
        pw, speed = _result(scn)
    except InputError as e:  # e.g. options a scenario names that cannot serve the load: say so, keep the report
        return Section(id="power", title="Power for the campus", intro=f"<p>No supply plan: {esc(e)}</p>")
    # the flat assumptions it replaces: the field defaults (the resolved scenario carries the LCOE itself)
    fields_ = type(scn.energy).model_fields
    flat_price = fields_["price_usd_per_mwh"].default
    flat_carbon = fields_["carbon_g_per_kwh"].default
    used = "used by this report's figures" if scn.energy.supply == "optimised" else \
        "the report's figures use the flat price (set energy.supply: optimised to use this LCOE)"
    c = pw.constraints
    ph = pw.schedule.get("phase") or {}
    why = (pw.schedule.get("phase_choice") or {}).get("why") if ph.get("number") else None
    which = f"phase {ph['number']} of {ph['of']}" if ph.get("number") else "the phase"
    load = (f"a {pw.load_mw:,.0f} MW average load ({which} × load factor"
            + (f"; {c['flexible_share']:.0%} of it may shift within {c['flexible_window_hours']} h" if c.get("flexible_share")
               else "; flat") + ")"
            + (f", with {c['reserve_margin']:.0%} of on-site gas capacity spare" if c.get("reserve_margin") is not None
               else ""))
    intro = (f"<p>Least-cost supply for {load} at "
             f"{esc(pw.site)} ({pw.lat:.2f}, {pw.lon:.2f}), hour by hour over {_over(pw.weather or {})} "
             f"({pw.hours:,} hours), as one linear program (linopy + HiGHS, {pw.solve_seconds:.1f} s). "
             + (f"The phase solved is {esc(why)}. " if why else "") + f"Mix: {esc(pw.mix)}. LCOE ${pw.lcoe_usd_per_mwh:,.1f}/MWh against the flat "
             f"${flat_price:,.0f}/MWh assumption; {pw.emissions_g_per_kwh:,.0f} g CO2/kWh against "
             f"{flat_carbon:,.0f} g/kWh; {used}. Hourly profiles: {esc(pw.profiles_note)}; costs from power_options.csv "
             f"(EIA AEO2026, NREL ATB 2024, Lazard LCOE+ 2025; unconfirmed figures marked GUESS there).</p>"
             + extras.facts_html(pw, speed, extras.schedule_moved(scn)))
    cards = [("supply LCOE", f"${pw.lcoe_usd_per_mwh:,.0f}/MWh"), ("flat price assumed", f"${flat_price:,.0f}/MWh"),
             ("supply carbon", f"{pw.emissions_g_per_kwh:,.0f} g/kWh"), ("gas burned", f"{pw.gas_bcf_per_yr:,.0f} Bcf/yr"),
             ("supply capex", f"${pw.supply_capex_usd / 1e9:,.2f}B"), ("time to power", f"{pw.time_to_power_months:g} months"),
             *extras.cards(pw, speed)]
    rows = [[LABELS.get(k, k), f"{pw.capacity_mw.get(k, 0):,.0f}",
             f"{pw.storage_mwh[k]:,.0f}" if k in pw.storage_mwh else "",
             f"{pw.shares[k]:.1%}" if k in pw.shares else "(storage)"]
            for k in pw.options if pw.capacity_mw.get(k, 0) >= 1 or pw.shares.get(k, 0) >= 5e-4]
    tbl = table(["option", "MW", "MWh", "share of generation"], rows, numeric={1, 2, 3}, cls="wrap-head",
                caption=f"Capacity and generation by option (least cost, {extras.served(pw.reliability)}).")
    images = [("power-weeks", f"Hourly dispatch at {pw.site}: a winter and a summer week (MW)",
               charts.dispatch_weeks_png(pw)),
              ("power-capacity", "Least-cost capacity by option (MW)", charts.capacity_png(pw))]
    return Section(id="power", title="Power for the campus", intro=intro, cards=cards, tables=[tbl], images=images)


def _over(weather: dict) -> str:
    """What the hours solved are: one synthetic representative year, a measured typical year, or N years."""
    years = weather.get("years") or 1
    if years > 1:
        return f"{years} weather years sized together ({weather.get('measured_years', 0)} measured)"
    return "a measured typical year" if weather.get("measured_years") else "a representative (synthetic) year"

