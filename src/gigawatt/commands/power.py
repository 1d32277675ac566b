"""CLI command: power (least-cost hourly supply for a campus: gigawatt.power, linopy + HiGHS)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer


def parse_co2_cap(text: str | None) -> tuple[float | None, float | None]:
    """``--co2-cap``: ``100`` or ``100 g/kWh`` (intensity) or ``2e6 t/yr`` (annual tonnes) -> (t/yr, g/kWh)."""
    from gigawatt.errors import InputError, show

    if text is None:
        return None, None
    s = str(text).strip().replace(" ", "")
    unit = "g/kwh"
    for suffix in ("g/kwh", "t/yr", "t"):
        if s.lower().endswith(suffix):
            unit, s = suffix, s[: -len(suffix)]
            break
    try:
        x = float(s)
    except ValueError:
        raise InputError("--co2-cap", f"{show(text)} is not a number with an optional unit (g/kWh or t/yr)") from None
    from gigawatt.errors import number
    from gigawatt.power.campus import LIMITS

    top = LIMITS["--co2-cap-t" if unit in ("t/yr", "t") else "--co2-cap-g"]
    if not 0 <= x <= top:  # NaN and inf fail too
        raise InputError("--co2-cap", f"{show(text)} is not allowed: a CO2 cap must be a finite number from 0 to "
                                      f"{number(LIMITS['--co2-cap-g'])} g/kWh or {number(LIMITS['--co2-cap-t'])} t/yr")
    return (x, None) if unit in ("t/yr", "t") else (None, x)


def _one_place_refused(target, scn, lat, weather_file) -> None:
    """``--phase each`` on a program of several sites solves each at its own place: one place's --lat/--lon or
    weather file would stand for them all."""
    from gigawatt.errors import InputError

    where = f"{target!r} is a program of {len(scn.program.sites)} sites and --phase each solves each at its own"
    if lat is not None:
        raise InputError("--lat", f"{where} (sites.csv): --lat/--lon would move them all to one place; give a "
                                  "phase number with them")
    if weather_file is not None:
        raise InputError("--weather", f"{where}: a weather file is one place's weather; give a phase number with it")


def build_request(target: Optional[str], *, options=None, co2_cap=None, co2_price=0.0, energised_by=None, as_of=None,
                  lat=None, lon=None, mw=None, hours=8760, reliability=1.0, grid_mw=None, firm_mw=None,
                  fuel_price=None, grid_price=None, firm_price=None, phase=None, overrides=None, view=None,
                  flexible=None, flexible_window=None, reserve_margin=None, resolution=None, reliability_target=None,
                  tax_credits=False, weather_years=1, weather_file=None, unit_reserve=True, late=None,
                  speed_value=None, units="round"):
    """A :class:`gigawatt.power.Request` from a scenario name/path (``NAME@VIEW`` too) or a site of ``sites.csv``,
    and the scenario (None for a site).

    The supply model reads no cost-view field; ``view`` is applied to the scenario load all the same, so a bad
    view fails here as it does on every other command."""
    from dataclasses import replace

    from gigawatt.errors import InputError
    from gigawatt.power import site as st

    found = st.catalog_site(target) if target else None
    if found is not None:
        if phase is not None:  # never ignored: a site of sites.csv is one campus with no schedule
            raise InputError("--phase", f"{target!r} is a site of sites.csv, one campus of {found[1]:,.0f} MW with no "
                                        "phases; give a scenario to solve one of its phases (or --mw for a load)")
        base, scn = _site_base(target, found, overrides, view), None
    else:
        check_phase_words(phase, mw=mw, energised_by=energised_by)
        base, scn = _scenario_base(target, overrides, view, phase or "next", as_of)
    if (lat is None) != (lon is None):
        raise InputError("--lat" if lat is None else "--lon", "give both --lat and --lon")
    if scn is not None and str(phase).strip().lower() == "each" and st.many_sites(scn):
        _one_place_refused(target, scn, lat, weather_file)
    cap_t, cap_g = parse_co2_cap(co2_cap)
    changes = dict(co2_price_usd_per_t=co2_price, as_of=as_of, hours=hours,
                   reliability=reliability, grid_mw=grid_mw, firm_mw=firm_mw, fuel_price_usd_per_mmbtu=fuel_price,
                   grid_price_usd_per_mwh=grid_price, firm_price_usd_per_mwh=firm_price,
                   reliability_target=reliability_target, tax_credits=tax_credits, weather_years=weather_years,
                   weather_file=weather_file, unit_reserve=unit_reserve, units=units)
    if options is not None:
        changes["options"] = options
    if energised_by is not None or scn is None:  # a scenario's default: its phase's first-online quarter
        changes.update(energised_by=energised_by, energised_by_from_schedule=False)
    for key, value in (("flexible_share", flexible), ("flexible_window_hours", flexible_window),
                       ("reserve_margin", reserve_margin), ("resolution_hours", resolution), ("late", late),
                       ("speed_value_usd_per_gw_month", speed_value)):
        if value is not None:
            changes[key] = value
    if co2_cap is not None:
        changes.update(co2_cap_t_per_yr=cap_t, co2_cap_g_per_kwh=cap_g)
    if lat is not None:
        changes["site"] = st.at(lat, lon)
    if mw is not None:
        changes["load_mw"] = mw
    from gigawatt.power import speed_value as sv

    return sv.resolve(replace(base, **changes, program_speed_value_usd_per_gw_month=None), scn), scn


# The most LP steps one `gigawatt power` runs over all its solves (1 + --sweep, or every phase for --phase each):
# a 1,000-solve sweep of the default year (1,001 x 4,380 = 4,384,380 steps, hours of one core at ~2 ms a step,
# minutes on Dask) fits; 1,001 ten-year hourly solves (87.7 million steps, days) do not (issue 20).
MAX_STEPS = 5_000_000


def check_work(req, scn, *, sweep: int, phase) -> None:
    """The total LP steps a command asks for, bounded by :data:`MAX_STEPS`: one line naming what to reduce."""
    from gigawatt.errors import InputError
    from gigawatt.power import site
    from gigawatt.power.timesteps import lp_steps

    each = scn is not None and str(phase).strip().lower() == "each"
    solves, steps = (len(site.program_phases(scn)) if each else 1 + sweep), lp_steps(req)
    if solves * steps > MAX_STEPS:
        raise InputError("--sweep" if sweep else "--weather-years",
                         f"{solves:,} solves of {steps:,} LP steps (weather years x hours / --resolution) are "
                         f"{solves * steps:,}; one command runs at most {MAX_STEPS:,} (a 1,000-solve sweep of the "
                         "default year fits): fewer --sweep solves or --weather-years, or a longer --resolution")


def check_phase_words(phase, *, mw, energised_by) -> None:
    """``--phase all`` and ``each`` set the load (and ``each`` every phase's date): refuse what would be lost."""
    from gigawatt.errors import InputError

    word = str(phase).strip().lower()
    if mw is not None and word in ("all", "each"):
        raise InputError("--mw", f"--phase {word} solves the whole program's load"
                                 f"{' phase by phase' if word == 'each' else ''}, so --mw cannot also set it: give one "
                                 "of them (--mw with a phase number keeps that phase's date)")
    if energised_by is not None and word == "each":
        raise InputError("--energised-by", "--phase each energises every phase by its own first-online quarter, so "
                                           "one --energised-by cannot apply: give a phase number with it")


def _site_base(target: str, found, overrides, view):
    """The request for a site of ``sites.csv``: its planned MW at the default load factor (no scenario fields)."""
    from gigawatt import power
    from gigawatt.cli import load
    from gigawatt.errors import InputError
    from gigawatt.scenario import Facility

    if overrides:
        raise InputError("--set", f"{target!r} is a site of sites.csv, not a scenario: --set changes a scenario's "
                                  "fields (give the supply settings as options: --flexible, --reserve-margin, ...)")
    where, planned_mw = found
    if view is not None:
        load(None, None, view)  # a bad --view is refused for a site too
    lf = Facility().load_factor
    return power.Request(load_mw=planned_mw * lf, site=where, load_factor=lf)


def _scenario_base(target: Optional[str], overrides, view, phase: str, as_of=None):
    """The request for a scenario (its next phase, or ``phase``; ``each``: phase 1, the sequence's start) and the
    scenario."""
    from gigawatt import power
    from gigawatt.cli import load
    from gigawatt.errors import InputError
    from gigawatt.power import site as st

    try:
        scn = load(target, overrides, view)
    except InputError as e:  # only "no such scenario" may mean a mistyped site; field/view errors go through
        if target and e.path == "scenario" and "neither" in e.message and not Path(target).suffix:
            raise InputError("SCENARIO|SITE", f"{target!r} is neither a scenario nor a site of sites.csv "
                                              f"(sites: {', '.join(st.site_ids()[:8])}, ...)") from None
        raise
    each = str(phase).strip().lower() == "each"
    return power.request_for(scn, "1" if each else phase, as_of=as_of), scn


def view_name(target: Optional[str], view: Optional[str]) -> str:
    """The view a run used: ``--view``, else the ``@VIEW`` of ``NAME@VIEW``, else the default (independent)."""
    from gigawatt.scenario import split_view

    at_view = split_view(target)[1] if target else None
    return view or at_view or "independent"


# The options of `gigawatt power`, one constant each (the command's signature stays one line per option).
_TARGET = typer.Argument(None, help="Built-in scenario, YAML path, or a site id of sites.csv")
_OPTIONS = typer.Option(None, "--options", help="grid,gas,solar,wind,battery,firm or single keys "
                                                "(gas-ccgt, ...; battery-4h or battery-8h pin the "
                                                "battery's duration, else 4-8 h)")
_CO2_CAP = typer.Option(None, "--co2-cap", help="CO2 cap: 100 (g/kWh) or '2e6 t/yr'")
_CO2_PRICE = typer.Option(0.0, "--co2-price", help="CO2 price [USD/t]")
_ENERGISED_BY = typer.Option(None, "--energised-by", help="Quarter (2027Q3): drop slower options "
                                                        "[default: the phase's first-online quarter]")
_AS_OF = typer.Option(None, "--as-of", help="Quarter the --energised-by clock starts, 2020Q1 "
                                            "to today's (default: today's)")
_LAT = typer.Option(None, "--lat", help="Site latitude [deg]")
_LON = typer.Option(None, "--lon", help="Site longitude [deg]")
_MW = typer.Option(None, "--mw", help="Campus average load [MW] (default: the phase's GW x load factor)")
_PHASE = typer.Option(None, "--phase", help="next (the first phase not yet online at --as-of), first, a "
                                            "phase number (1..N, in date order), all (the whole program by "
                                            "phase 1's date) or each (every phase in turn, the cumulative "
                                            "load, earlier phases' plant kept); energised by the phase's "
                                            "first-online quarter, none for a phase already online [default: "
                                            "next; a scenario's only]")
_HOURS = typer.Option(8760, "--hours", help="Hours to solve (48-8760): the year's first N hours from 1 "
                                            "January, scaled to a year (approximate below 8760)")
_RESOLUTION = typer.Option(None, "--resolution", help="Hours per LP step: 1, 2, 3, 4 or 6 "
                                                      "[default: 2 for a full year, else 1]")
_RELIABILITY = typer.Option(1.0, "--reliability", help="Share of load served (1: every hour; below 1 "
                                                       "the rest may be curtailed at $10,000/MWh)")
_FLEXIBLE = typer.Option(None, "--flexible", help="Share of the load that may shift in time "
                                                  "(0-0.5; default 0 or the scenario's)")
_FLEXIBLE_WINDOW = typer.Option(None, "--flexible-window", help="Hours within which shifted "
                                                               "load is made up (1-168) [default: 24]")
_RESERVE_MARGIN = typer.Option(None, "--reserve-margin", help="Firm capacity above the highest "
                                                             "hourly draw (0.15: 15 %)")
_RELIABILITY_TARGET = typer.Option(None, "--reliability-target", help="Expected share of energy served despite "
                                   "forced outages of gas units, met with whole units (N+k) [default: 0.99999]")
_NO_UNIT_RESERVE = typer.Option(False, "--no-unit-reserve", help="Keep no gas units in reserve for forced outages "
                                "(EUE, LOLH still reported)")
_UNITS = typer.Option("round", "--units", help="Whole gas units: round (the LP rounded up, then units added "
                      "to the target), milp (chosen in the optimisation; HiGHS branch and bound, slow at a full "
                      "year) or staged (the LP, then a MILP for the units with solar, wind, batteries fixed)")
_TAX_CREDITS = typer.Option(False, "--tax-credits", help="Apply 48E credits as legislated at the data date (OBBBA "
                            "2025 phase-outs) [default: off]")
_WEATHER_YEARS = typer.Option(1, "--weather-years", help="Weather years sized together (1-10; the spread is "
                              "reported): a built-in site's measured year then years resampled from it, else "
                              "synthetic years")
_WEATHER = typer.Option(None, "--weather", help="CSV of hourly solar/wind capacity factors (and temp_c), 8760 rows "
                        "per year, 1-10 years")
_LATE = typer.Option(None, "--late", help="Options that miss the energise-by date: exclude (left out) or price "
                     "(kept, each MW late priced at the value of speed; the date is kept) [default: exclude]")
_SPEED_VALUE = typer.Option(None, "--speed-value", help="Value of speed for --late price [USD per GW-month] "
                            "(default: the program's required revenue)")
_GRID_MW = typer.Option(None, "--grid-mw", help="Grid interconnection limit [MW]")
_FIRM_MW = typer.Option(None, "--firm-mw", help="Firm clean contract size [MW]")
_FUEL_PRICE = typer.Option(None, "--fuel-price", help="Gas price [USD/MMBtu]")
_GRID_PRICE = typer.Option(None, "--grid-price", help="Grid price [USD/MWh]")
_FIRM_PRICE = typer.Option(None, "--firm-price", help="Firm contract price [USD/MWh]")
_SWEEP = typer.Option(0, "--sweep", help="Also N solves (1-1000) over fuel-price and capex ranges "
                                         f"(P5/P50/P95); all solves together at most {MAX_STEPS:,} LP steps "
                                         "(weather years x hours / --resolution each)")
_WORKERS = typer.Option(None, "--workers", help="Run the sweep on a local Dask cluster of "
                                                "N workers (1-256)")
_SEED = typer.Option(0, "--seed", help="Sweep seed (0 to 2**32 - 1)")
_PUBLISHED = typer.Option(False, "--published", help="Print the published case (the off-grid AI whitepaper, "
                          "offgridai.us, Dec 2024, West Texas) beside this project's solve of it, and exit")
_PNG = typer.Option(None, "--png", help="Write dispatch-week and capacity charts to this folder")
_SET = typer.Option(None, "--set", help="Override a scenario field: a.b=value")
_AS_JSON = typer.Option(False, "--json", help="Print JSON instead of tables")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import ViewOpt

    @app.command()
    def power(
        target: Optional[str] = _TARGET,
        options: Optional[str] = _OPTIONS,
        co2_cap: Optional[str] = _CO2_CAP,
        co2_price: float = _CO2_PRICE,
        energised_by: Optional[str] = _ENERGISED_BY,
        as_of: Optional[str] = _AS_OF,
        lat: Optional[float] = _LAT,
        lon: Optional[float] = _LON,
        mw: Optional[float] = _MW,
        phase: Optional[str] = _PHASE,
        hours: int = _HOURS,
        resolution: Optional[int] = _RESOLUTION,
        reliability: float = _RELIABILITY,
        flexible: Optional[float] = _FLEXIBLE,
        flexible_window: Optional[int] = _FLEXIBLE_WINDOW,
        reserve_margin: Optional[float] = _RESERVE_MARGIN,
        reliability_target: Optional[float] = _RELIABILITY_TARGET,
        no_unit_reserve: bool = _NO_UNIT_RESERVE,
        units: str = _UNITS,
        tax_credits: bool = _TAX_CREDITS,
        weather_years: int = _WEATHER_YEARS,
        weather: Optional[str] = _WEATHER,
        late: Optional[str] = _LATE,
        speed_value: Optional[float] = _SPEED_VALUE,
        grid_mw: Optional[float] = _GRID_MW,
        firm_mw: Optional[float] = _FIRM_MW,
        fuel_price: Optional[float] = _FUEL_PRICE,
        grid_price: Optional[float] = _GRID_PRICE,
        firm_price: Optional[float] = _FIRM_PRICE,
        sweep: int = _SWEEP,
        workers: Optional[int] = _WORKERS,
        seed: int = _SEED,
        png: Optional[str] = _PNG,
        published: bool = _PUBLISHED,
        set_: Optional[list[str]] = _SET,
        as_json: bool = _AS_JSON,
        view: Optional[str] = ViewOpt,
    ):
        """Least-cost hourly power supply for a campus: capacity, mix, LCOE, emissions (linopy + HiGHS)."""
        from gigawatt.power import sweep as sw

        if published:
            return print_published(as_json)
        png_dir = _png_folder(png)
        sw.check(sweep, seed, workers, zero_ok=True)  # every bad option answers before the base solve
        req, scn = build_request(target, options=options, co2_cap=co2_cap, co2_price=co2_price, energised_by=energised_by,
                                 as_of=as_of, lat=lat, lon=lon, mw=mw, hours=hours, reliability=reliability,
                                 grid_mw=grid_mw, firm_mw=firm_mw, fuel_price=fuel_price, grid_price=grid_price,
                                 firm_price=firm_price, phase=phase, overrides=set_, view=view, flexible=flexible,
                                 flexible_window=flexible_window, reserve_margin=reserve_margin, resolution=resolution,
                                 reliability_target=reliability_target, tax_credits=tax_credits,
                                 weather_years=weather_years, weather_file=weather, unit_reserve=not no_unit_reserve,
                                 late=late, speed_value=speed_value, units=units)
        check_work(req, scn, sweep=sweep, phase=phase)
        if str(phase).strip().lower() == "each":
            return each_phase(req, scn, view_name(target, view), as_json=as_json, sweep=sweep, png=png_dir)
        res, out = solve_and_describe(req, scn, view_name(target, view), sweep=sweep, seed=seed, workers=workers)
        if png_dir is not None:
            write_charts(res, png_dir)
        if as_json:
            from gigawatt.cli import print_json

            print_json(out)
        else:
            print_tables(res, out, scn, png_dir)


def check_each(req, *, sweep: int = 0, png=None) -> None:
    """``--phase each``: refuse what is for one phase's solve (a sweep, charts). ``--late price`` charges delay
    only on capacity beyond what earlier phases built (:func:`gigawatt.power.lp.define_delay`)."""
    from gigawatt.errors import InputError

    for flag, given in (("--sweep", sweep), ("--png", png)):
        if given:
            raise InputError(flag, f"{flag} is for one phase's solve, not --phase each: give a phase number with it")


def describe_each(req, scn, view: str) -> tuple[dict, dict]:
    """Every phase in turn (:func:`gigawatt.power.sequence.sequence`) and its JSON (``POST /api/power`` answers
    the same)."""
    from gigawatt import power as pw
    from gigawatt.power import sequence as sq

    from gigawatt.power.site import DEFAULT_NOTE

    seq = sq.sequence(scn, req)
    sites = seq["sites"]  # several: each its own campus (sequence.sites), no one location for the program
    where = (f"{len(sites)} sites", None, None) if len(sites) > 1 else (req.site.name, req.site.lat, req.site.lon)
    out = {"phase": "each", "site": where[0], "lat": where[1], "lon": where[2], "hours": req.hours,
           "view": view, "reference": pw.reference(scn), "standing": scn.standing(), "sequence": sq.to_json(seq)}
    return seq, {**out, "site_default": DEFAULT_NOTE} if req.site.default else out


def each_phase(req, scn, view: str, *, as_json: bool, sweep: int, png) -> None:
    """``--phase each``: every phase in turn, as tables or JSON."""
    check_each(req, sweep=sweep, png=png)
    seq, out = describe_each(req, scn, view)
    if as_json:
        from gigawatt.cli import print_json

        return print_json(out)
    from gigawatt import present, views
    from gigawatt.cli import console
    from gigawatt.power.render import render_sequence

    con = console()
    views.print_heading(con, scn, "least-cost power supply, phase by phase")
    if "site_default" in out:
        con.print(f"site: {out['site_default']}")
    for r in render_sequence(seq, out):
        if hasattr(r, "columns"):
            present.fit(r, con.width)
        con.print(r)


CHART_FILES = ("power_weeks.png", "power_capacity.png")  # what --png writes into its folder


def _png_folder(png: Optional[str]):
    """``--png``: a folder that may be written, and each chart's file in it one that may be replaced (not a
    folder, not read-only), checked before any solve so that a bad target writes nothing (None: no charts)."""
    if png is None:
        return None
    from gigawatt.files import check_folder, check_output

    folder = check_folder(png, "--png")
    for name in CHART_FILES:
        check_output(folder / name, "--png")
    return folder


def solve_and_describe(req, scn, view: str, *, sweep: int = 0, seed: int = 0, workers=None, solve=None):
    """The solved result and its JSON: the view, the scenario's flat reference, the sweep where asked
    (``POST /api/power`` answers the same, its solve through ``solve``: :func:`gigawatt.power.solve_cached`)."""
    from gigawatt import power as pw
    from gigawatt.power import site as st, speed_value, sweep as sw

    res = (solve or pw.solve)(req)
    out = res.to_json()
    out["view"] = view
    if req.site.default:  # the scenario named no site: say where it was solved and how to set one
        out["site_default"] = st.DEFAULT_NOTE
    if scn is not None:  # the scenario's flat assumptions beside the optimised LCOE and intensity
        out["reference"] = pw.reference(scn)
        out["standing"] = scn.standing()  # whether these terms are still the deal (as run --json)
    out["speed"] = speed_value.for_request(res, req, scn)  # the value of a month of delay
    if sweep:
        out["sweep"] = sw.run(req, sweep, seed=seed, workers=workers)
    return res, out


def write_charts(res, folder) -> None:
    """The dispatch-week and capacity charts as PNGs into ``folder``."""
    from gigawatt.files import write_atomic
    from gigawatt.power import charts

    pngs = (charts.dispatch_weeks_png(res), charts.capacity_png(res))  # both drawn before either is written
    for name, data in zip(CHART_FILES, pngs):
        write_atomic(folder / name, data)


def print_tables(res, out: dict, scn, png_dir) -> None:
    """The terminal answer: a scenario's heading (a superseded deal says so first) and view line, the result's
    tables fitted to the terminal with every number whole, where charts went."""
    from gigawatt import present, views
    from gigawatt.cli import console
    from gigawatt.power.render import render
    from gigawatt.present import power_extras

    con = console()
    if scn is not None:
        views.print_heading(con, scn, "least-cost power supply")
        ref = out["reference"]
        con.print(f"view: {out['view']} (applied to the scenario; the supply model reads no cost-view figure); "
                  f"the scenario's flat assumptions: ${ref['flat_price_usd_per_mwh']:,.1f}/MWh, "
                  f"{ref['flat_carbon_g_per_kwh']:,.0f} g/kWh")
    if "site_default" in out:
        con.print(f"site: {out['site_default']}")
    for r in render(res, out.get("sweep")):
        if hasattr(r, "columns"):
            present.fit(r, con.width)
        con.print(r)
    for line in power_extras.lines(out):  # reliability, weather, credits, value of speed
        con.print(line)
    if png_dir is not None:
        con.print(f"charts written to {png_dir}/power_weeks.png and power_capacity.png")


def print_published(as_json: bool) -> None:
    """``--published``: the whitepaper's LCOEs beside this project's solve of each case with the whitepaper's own
    inputs (:func:`gigawatt.power.published.side_by_side`), as a table or JSON."""
    from gigawatt import present
    from gigawatt.cli import console, print_json
    from gigawatt.power import published

    rows = published.side_by_side()
    out = {"case": published.CASE, "site": {"lat": published.SITE[0], "lon": published.SITE[1]},
           "inputs": "data/power_cases.csv (each row sourced)", "note": PUBLISHED_NOTE, "rows": rows}
    if as_json:
        return print_json(out)
    from rich.table import Table

    con = console()
    t = Table(title=f"Published case like for like: {published.CASE} (offgridai.us whitepaper, Dec 2024; West Texas, "
                    "100 MW flat load)")
    for name, right in (("case", False), ("whitepaper $/MWh", True), ("gigawatt $/MWh", True),
                        ("difference", True), ("design (the LP's, priced by the whitepaper's cash flows)", False)):
        t.add_column(name, justify="right" if right else "left")
    for r in rows:
        design = (f"{r['solar_mw']:,.0f} MWac solar, {r['battery_mwh']:,.0f} MWh battery, {r['engines_mw']:,.0f} MW "
                  f"engines; {r['renewable_share']:.0%} from solar + storage") if "solar_mw" in r else "turbines, 125 % of the load"
        t.add_row(r["case"], f"{r['published_usd_per_mwh']:,.1f}", f"{r['gigawatt_usd_per_mwh']:,.1f}",
                  f"{r['difference']:+.1%}", design)
    present.fit(t, con.width)
    con.print(t)
    con.print(PUBLISHED_NOTE)


PUBLISHED_NOTE = ("Inputs: the whitepaper's own (its open calculator's defaults; data/power_cases.csv). What differs: "
                  "the solar resource (this project's synthetic West Texas profile, not the workbook's measured "
                  "weather), the LP's dispatch instead of the workbook's rules, no degradation (docs/power-sources.md).")
