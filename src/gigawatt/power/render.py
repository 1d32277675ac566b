"""Terminal tables of an optimal supply (rich), with the project's number formats (gigawatt.present)."""

from __future__ import annotations

from gigawatt.power.options import LABELS
from gigawatt.power.results import PowerResult


def _schedule_rows(when: dict) -> list[tuple[str, str]]:
    """What is solved: the phase and its load, and the energise-by date used (a slip said plainly)."""
    rows = []
    ph = when.get("phase")
    if ph:
        which = "all phases (the whole program)" if ph["number"] == "all" else f"phase {ph['number']} of {ph['of']}"
        pick = when.get("phase_choice") or {}
        rows.append(("solved for", f"{which}: {ph['facility_gw']:g} GW facility, first online {ph['first_online']}, "
                                   f"{when['load_mw']:,.0f} MW average load"))
        if pick.get("asked") not in (None, "number"):
            rows.append(("phase chosen", f"--phase {pick['asked']}: {pick['why']}"))
    elif when.get("load_mw"):
        rows.append(("solved for", f"{when['load_mw']:,.0f} MW average load: a site with no phase schedule (its planned MW x load factor, or --mw)"))
    if when.get("online_since"):
        rows.append(("energised by", when["note"]))
    if when.get("energised_by"):
        text = f"{when['energised_by']} ({when['energised_by_source']}; {when['months_available']:g} months from " \
               f"{when['as_of']})"
        if when.get("slipped_from"):
            text += f"; no firm supply can be ready by {when['slipped_from']}: slipped " \
                    f"{when['slip_months']:g} months to the first quarter one can"
        rows.append(("energised by", text))
    return rows


def _time_to_power(res: PowerResult) -> str:
    """Months the slowest option built needs; for a phase online already, that its supply exists."""
    since = res.schedule.get("online_since")
    if since:
        return f"none: online since {since}; building this mix anew would take {res.time_to_power_months:g} months"
    return f"{res.time_to_power_months:g} months (slowest option built)"


def _solve_text(res: PowerResult) -> str:
    """The solve's time, method and time steps."""
    steps = "hourly steps" if res.step_hours == 1 else f"{res.step_hours}-hour steps (--resolution 1: hourly)"
    return f"{res.solve_seconds:.1f} s, {res.solve_cpu_seconds:.1f} s CPU ({res.solver}; build " \
           f"{res.build_seconds:.1f} s); {res.hours // res.step_hours:,} {steps}"


def render(res: PowerResult, sweep: dict | None = None) -> list:
    from rich.table import Table

    from gigawatt import present

    head = Table(title=f"Least-cost supply: {res.site} ({res.lat:.2f}, {res.lon:.2f}), "
                       f"{res.load_mw:,.0f} MW load, {res.hours:,} hours", show_header=False)
    head.add_column("figure")
    head.add_column("value", justify="right")
    c = res.constraints
    rows = [*_schedule_rows(res.schedule), ("LCOE (system, $/MWh)", f"{res.lcoe_usd_per_mwh:,.1f}"),
            ("annual cost", present.usd(res.cost_usd_per_yr) + "/yr"),
            ("energy served", f"{res.energy_mwh_per_yr / 1e6:,.2f} TWh/yr"),
            ("emissions", f"{res.emissions_t_per_yr / 1e6:,.2f} Mt CO2/yr ({res.emissions_g_per_kwh:,.0f} g/kWh)"),
            ("gas burned", f"{res.gas_bcf_per_yr:,.1f} Bcf/yr"),
            ("supply capex", present.usd(res.supply_capex_usd)),
            ("land", f"{res.land_acres:,.0f} acres"),
            ("time to power", _time_to_power(res)),
            ("on-site firm capacity", f"{res.firm_capacity_mw:,.0f} MW of gas plants"
             + (f"; reserve margin {c['reserve_margin']:.0%} required" if c.get("reserve_margin") is not None else "")),
            ("solve", _solve_text(res))]
    if c.get("flexible_share"):
        rows.append(("flexible load", f"{c['flexible_share']:.0%} may shift within {c['flexible_window_hours']} h "
                                      f"(up to {c['rating_mw']:,.0f} MW); {res.shifted_mwh_per_yr / 1e6:,.2f} TWh/yr "
                                      "shifted"))
    if res.unserved_share > 0:
        rows.append(("unserved (curtailed) load", f"{res.unserved_share:.2%} of the energy"))
    if res.excluded:
        rows.append(("excluded: not ready in time", "; ".join(f"{k}: {v}" for k, v in res.excluded.items())))
    for k, v in rows:
        head.add_row(k, v)
    out = [head, _mix_table(res)]
    if sweep:
        out += _sweep_tables(sweep)
    out.append(f"[dim]{res.profiles_note}. Costs: data/power_options.csv (value, range, source, year per "
               f"figure).[/]")
    return out


def _energy_text(res: PowerResult, k: str) -> str:
    """What an option holds or makes in a year: a store's MWh (hours at full power), else generation (and the
    share of it curtailed for sun and wind)."""
    if k in res.storage_mwh:
        return f"{res.storage_mwh[k]:,.0f} MWh ({res.storage_hours[k]:.1f} h)"
    text = f"{res.generation_mwh_per_yr.get(k, 0.0) / 1e6:,.2f} TWh/yr"
    return text + (f", {res.curtailment_share[k]:.0%} curtailed" if k in res.curtailment_share else "")


def _mix_table(res: PowerResult):
    """Capacity, energy and share of generation per option built (every cell filled)."""
    from rich.table import Table

    mix = Table(title="Capacity and generation by option")
    for c in ("option", "MW", "energy (stored or made)", "share of generation"):
        mix.add_column(c, justify="left" if c == "option" else "right")
    for k in res.options:
        mw = res.capacity_mw.get(k, 0.0)
        share = res.shares.get(k)
        if mw < 1.0 and (share or 0.0) < 5e-4:
            continue
        mix.add_row(LABELS.get(k, k), f"{mw:,.0f}", _energy_text(res, k),
                    f"{share:.1%}" if share is not None else "(storage)")
    return mix


def _sweep_tables(sweep: dict) -> list:
    """The sweep's percentiles, and a line on failed points where any failed."""
    from rich.table import Table

    names = {"fuel_price_usd_per_mmbtu": "fuel price", "capex_factor": "capex", "weather_seed": "weather year"}
    over = ", ".join(names.get(k, k) for k in sweep.get("swept", ()))
    kept = "; fixed: " + ", ".join(sweep["fixed"].values()) if sweep.get("fixed") else ""
    where = f"Dask, {sweep['workers']} workers" if sweep.get("workers") else "local"
    sw = Table(title=f"Sweep: {sweep['solves']} solves drawing {over} (seed {sweep['seed']}, {where}{kept})")
    for c in ("figure", "P5", "P50", "P95"):
        sw.add_column(c, justify="left" if c == "figure" else "right")
    for key, label in (("lcoe_usd_per_mwh", "LCOE $/MWh"), ("emissions_g_per_kwh", "emissions g/kWh")):
        q = sweep[key]
        sw.add_row(label, *("—" if q[p] is None else f"{q[p]:,.1f}" for p in ("p5", "p50", "p95")))
    out = [sw]
    if sweep.get("failed"):
        kinds = sorted({f["failed"] for f in sweep["failures"]})
        out.append(f"[yellow]{sweep['failed']} of {sweep['solves']} solves failed ({', '.join(kinds)}): the "
                   f"percentiles are over the {sweep['solved']} that solved; --json lists the failed points[/]")
    return out


def _when_text(step: dict) -> str:
    """A phase's date in the sequence: online already, on time, or slipped (and from when)."""
    if step.get("online_since"):
        return f"online since {step['online_since']}"
    if step.get("slipped_from"):
        return f"{step['energised_by']} (due {step['slipped_from']}, +{step['slip_months']:g} mo)"
    if step.get("powered_from"):
        return f"{step['energised_by']} kept (late priced: powered from {step['powered_from']})"
    return step.get("energised_by") or "no date"


def _mw_text(mw: dict) -> str:
    return ", ".join(f"{k} {v:,.0f}" for k, v in sorted(mw.items(), key=lambda kv: -kv[1])) or "none"


def render_sequence(seq: dict, out: dict) -> list:
    """``--phase each``: one row per phase (load, date, MW added, cumulative mix, LCOE, emissions, capex, time),
    grouped by site where the program has several, each site's line and the program's totals."""
    from rich.table import Table

    sites = seq.get("sites") or []
    many = len(sites) > 1
    where = (f"{len(sites)} sites, each its own campus (phases numbered in date order over the program)" if many
             else f"{out['site']} ({out['lat']:.2f}, {out['lon']:.2f})")
    t = Table(title=f"Every phase in turn: {where}, {out['hours']:,} hours per solve; each phase's load is cumulative"
                    f"{' over its site' if many else ''}, earlier phases' plant {'at that site ' if many else ''}kept")
    cols = ("site",) * many + ("phase, GW", "load MW", "energised by", "MW added", "generation mix (cumulative)",
                               "LCOE $/MWh", "g/kWh", "capex added", "solve s")
    for c in cols:
        t.add_column(c, justify="left" if c in ("site", "energised by", "MW added", "generation mix (cumulative)")
                     else "right")
    shown = None
    for s in seq["steps"]:
        first = many and s["site"] != shown
        if first and shown is not None:
            t.add_section()
        shown = s["site"]
        t.add_row(*((s["site"] if first else "",) if many else ()), *_step_cells(s))
    lines = [_site_line(c) for c in sites] if many else []
    return [t, *lines, _totals_line(seq["totals"], many), f"[dim]{seq['note']}[/]"]


def _step_cells(s: dict) -> tuple:
    from gigawatt import present

    ph = s["phase"]
    mix = ", ".join(f"{k} {v:.0%}" for k, v in sorted(s["shares"].items(), key=lambda kv: -kv[1]) if v >= 0.005)
    return (f"{ph['number']}: {ph['facility_gw']:g}", f"{s['load_mw']:,.0f}", _when_text(s), _mw_text(s["added_mw"]),
            mix, f"{s['lcoe_usd_per_mwh']:,.1f}", f"{s['emissions_g_per_kwh']:,.0f}", present.usd(s["capex_added_usd"]),
            f"{s['solve_seconds']:.1f}")


def _site_line(c: dict) -> str:
    from gigawatt import present

    n = c["phases"]
    slip = f"most slipped {c['max_slip_months']:g} months" if c["max_slip_months"] else \
        f"late options priced, powered from {c['powered_from']}" if c.get("powered_from") else "on time"
    outside = "; weather: synthetic at NREL ATB's national figures (outside the built-in regions)" \
        if c.get("weather_note") else ""
    return (f"{c['site']} ({c['lat']:.2f}, {c['lon']:.2f}): phase{'s' * (len(n) > 1)} {', '.join(map(str, n))}: "
            f"{c['facility_gw']:g} GW, {c['load_mw']:,.0f} MW load; built {_mw_text(c['capacity_mw'])} MW for "
            f"{present.usd(c['capex_usd'])}; LCOE ${c['lcoe_usd_per_mwh']:,.1f}/MWh; {slip}{outside}")


def _totals_line(tot: dict, many: bool) -> str:
    from gigawatt import present

    over = f"the {tot['phases']} phases at {tot['campuses']} sites" if many else f"the {tot['phases']} phases"
    return (f"program: supply capex {present.usd(tot['capex_usd'])} over {over}; LCOE "
            f"${tot['lcoe_energy_weighted_usd_per_mwh']:,.1f}/MWh and {tot['emissions_energy_weighted_g_per_kwh']:,.0f}"
            f" g/kWh energy-weighted ({tot['weighting']}); most slipped {tot['max_slip_months']:g} months"
            + (f"; delay priced {present.usd(tot['delay_usd_per_yr'])}/yr (--late price, on what each phase adds, "
               "kept out of the LCOE)" if tot.get("delay_usd_per_yr") else "") + "; built at the "
            f"end{' (all sites)' if many else ''}: {_mw_text(tot['final_capacity_mw'])} MW; {tot['solve_seconds']:.1f}"
            " s of solves")
