"""The value of speed: what a month of delay costs the program, and a speed-adjusted cost of each supply.

A GW-month of delay is valued two ways, both from the program itself:

* **required revenue** (the default basis): the model's levelised revenue the fleet must earn at full build
  (``required_revenue_usd_per_year``: capex as annuities + opex + energy) per GW of facility power per month
  — what an idle, built campus still costs;
* **compute rented**: the program's GPU packages per GW x a dated GPU-hour price (``power_speed.csv``; an
  H100-hour, a floor for newer GPUs) x 730 hours — what renting the same compute elsewhere would cost.

The speed-adjusted cost of a supply is its LCOE plus the delay it causes, levelised: months
late x $/GW-month x the phase's GW, as an annuity at the discount rate over :data:`DELAY_LIFE_YEARS` (the same
for every option: the delay is one loss to the program whichever supply causes it, so an option with a longer
asset life must not make an equal delay look cheaper), over the energy served in a year [USD/MWh]. Months late are counted from the date the power is needed
(``schedule.needed_by``): the phase's first-online quarter, whatever ``--energised-by`` the user picks (that date
only sets which options may be built), so a later date never hides the delay; a bare site's ``--energised-by``;
a date already past counts as due now. For each firm option alone (grid, firm contract, each gas technology with the
reserve its units need) the table makes "grid in five years vs on-site gas in two" explicit.

The LP itself may weigh that delay (``--late price``, scenario ``energy.supply_late: price``; the default,
``exclude``, leaves out every option that misses the date): each MW of load an option carries
(:func:`gigawatt.power.lp.carried`) that comes d months late costs d x the value per MW-month of load, a
one-off cost annualised by the capital recovery factor at the discount rate over :data:`DELAY_LIFE_YEARS` (the
one the speed-adjusted $/MWh uses, so a priced plan and the side-by-side table agree). Under ``--late price`` nothing is left out, so the user's
``--energised-by`` selects nothing; the delay counts from the same ``needed_by`` date (for a phase, its
first-online quarter, earlier or later than the user's date alike). See :data:`ASSUMPTION`.
"""

from __future__ import annotations

import math

HOURS_PER_MONTH = 730.0
LATE_MODES = ("exclude", "price")
DEFAULT_LATE = "exclude"
DELAY_LIFE_YEARS = 30  # the delay's annuity: one horizon for every option (the longest life in power_options.csv)
MAX_USD_PER_GW_MONTH = 1e11  # $100 B per GW-month: over 100 x the program's own value, still finite for the LP
ASSUMPTION = ("each MW of load an option carries that comes d months after the power is needed (the phase's "
              "first-online quarter; a bare site's energise-by date) costs d months of "
              "the value of speed per MW of load, a one-off cost annualised at the discount rate over "
              f"{DELAY_LIFE_YEARS} years, the same for every option; this prices the delay per MW late: a lower bound when the "
              "campus cannot run partly (then one late MW holds back the whole phase); the date is kept (no slip)")
EXCLUDE_NOTE = "--late exclude (the default): options that miss the energise-by date are left out; --late price " \
               "prices them with their delay instead"


def table() -> dict[str, dict]:
    from gigawatt.power.reliability import read_tidy

    return read_tidy("power_speed.csv")


def value_per_gw_month(scn) -> dict:
    """$ per GW-month of delay on both bases, from the program ``scn`` (a scenario)."""
    from gigawatt import api

    head = api.simulate(scn).headline
    head = head() if callable(head) else head
    gw = float(head["capacity_gw"])
    price = table()["gpu-rental"]["usd_per_gpu_hour"]
    rented = float(head["gpus_per_gw"]) * price.number * HOURS_PER_MONTH
    required = float(head["required_revenue_usd_per_year"]) / gw / 12.0
    return {"usd_per_gw_month": required, "basis": "required revenue (model, levelised, at full build)",
            "required_revenue_usd_per_gw_month": required, "compute_rented_usd_per_gw_month": rented,
            "gpu_hour_usd": price.number, "gpu_hour_source": f"{price.source.split(':')[0]} ({price.true_on})",
            "gpus_per_gw": float(head["gpus_per_gw"])}


def delay_annuity(rate: float) -> float:
    """The capital recovery factor that levelises a delay's one-off cost (:data:`DELAY_LIFE_YEARS`)."""
    from gigawatt.power.options import crf

    return crf(rate, DELAY_LIFE_YEARS)


def delay_usd_per_mwh(months_late: float, usd_per_gw_month: float, gw: float, rate: float, life_years: float,
                      mwh_per_yr: float) -> float:
    """A delay's cost levelised like capex: an annuity of the one-off cost over the energy of a year."""
    from gigawatt.power.options import crf

    if months_late <= 0 or mwh_per_yr <= 0:
        return 0.0
    return months_late * usd_per_gw_month * gw * crf(rate, life_years) / mwh_per_yr


def firm_alone(built: dict, margins: dict, load_mw: float) -> dict[str, float]:
    """LCOE of each firm option serving the flat load alone [USD/MWh]: gas with its units' reserve, the grid
    and the firm contract at their price (their limit aside)."""
    out = {}
    for k, o in built.items():
        if o.kind != "generator" or o.variable:
            continue
        reserve = 1.0 + margins.get(k, 0.0) if o.fixed_usd_per_mw_yr else 1.0
        out[k] = o.fixed_usd_per_mw_yr * reserve / 8760.0 + o.marginal_usd_per_mwh
    return out


def due_in_months(sched: dict) -> float | None:
    """Months from now to the date the power is needed (``schedule.needed_by``: the phase's first-online
    quarter, whatever ``--energised-by`` the user picked for which options may be built; a bare site's
    energise-by date), no less than zero (a date already past is due now); None without a date."""
    if sched.get("energised_by") is None:
        return None
    if "months_to_need" in sched:
        return float(sched["months_to_need"])
    return max(float(sched.get("months_available", 0.0)) - float(sched.get("slip_months", 0.0) or 0.0), 0.0)


def describe(res, value: dict, built_all: dict, margins: dict, rate: float) -> dict:
    """The plan's speed-adjusted LCOE and the firm options side by side (months late, LCOE, adjusted)."""
    sched = res.schedule
    available = due_in_months(sched)
    gw = (sched.get("phase") or {}).get("facility_gw") or res.constraints.get("rating_mw", res.load_mw) / 1e3
    mwh = res.energy_mwh_per_yr
    per = value["usd_per_gw_month"]
    late = max(res.time_to_power_months - available, 0.0) if available is not None else 0.0
    plan = {"months_late": late, "lcoe_usd_per_mwh": res.lcoe_usd_per_mwh,
            "delay_usd_per_mwh": delay_usd_per_mwh(late, per, gw, rate, DELAY_LIFE_YEARS, mwh)}
    plan["speed_adjusted_usd_per_mwh"] = plan["lcoe_usd_per_mwh"] + plan["delay_usd_per_mwh"]
    options = {}
    for k, lcoe in firm_alone(built_all, margins, res.load_mw).items():
        o = built_all[k]
        months = max(o.lead_time_months - available, 0.0) if available is not None else 0.0
        d = delay_usd_per_mwh(months, per, gw, rate, DELAY_LIFE_YEARS, res.load_mw * 8760.0)
        options[k] = {"lead_time_months": o.lead_time_months, "months_late": months, "lcoe_usd_per_mwh": lcoe,
                      "delay_usd_per_mwh": d, "speed_adjusted_usd_per_mwh": lcoe + d}
    return {"value": value, "phase_gw": gw, "usd_per_month_of_delay": per * gw, "plan": plan,
            "firm_options_alone": options,
            "note": f"delay levelised as an annuity over {DELAY_LIFE_YEARS} years at the discount rate; firm options alone at their catalog "
                    "price and reserve, their limits aside (the grid's interconnection limit and queue apply)"}


def for_request(res, req, scn) -> dict:
    """The value of speed for a solved request: $ per GW-month from the program ``scn`` (the default scenario
    for a bare site; its flat energy price, see :func:`program_value`) or the user's ``--speed-value``, the
    plan's speed-adjusted cost and each firm option's alone (every option, ready or not)."""
    from gigawatt.power import options as opt, reliability

    keys = opt.parse_options(req.options)
    built = {k: opt.build(k, discount_rate=req.discount_rate, fuel_price_usd_per_mmbtu=req.fuel_price_usd_per_mmbtu)
             for k in keys}
    margins = reliability.reserve_for([k for k in keys if reliability.units(k)], req.load_mw,
                                      reliability.target_of(req))
    rate = _rate(req)
    value = program_value(_program(scn))
    if req.speed_value_usd_per_gw_month is not None:  # the user's value, the program's kept beside it
        value.update(usd_per_gw_month=float(req.speed_value_usd_per_gw_month), basis=f"{user_source(req, scn)} (the user's)")
    return describe(res, value, built, margins, rate)


SCENARIO_FIELD = "energy.supply_speed_value_usd_per_gw_month"


def user_source(req, scn) -> str:
    """Where the user's value of speed came from: the scenario's field (YAML or ``--set``) when it is the value
    solved, else ``--speed-value``."""
    given = getattr(getattr(scn, "energy", None), "supply_speed_value_usd_per_gw_month", None)
    return SCENARIO_FIELD if given is not None and given == req.speed_value_usd_per_gw_month else "--speed-value"


def program_value(scn) -> dict:
    """:func:`value_per_gw_month` of the program with its flat energy price (``energy.supply: flat``): an
    optimised supply's price would depend on the value that prices its own delay."""
    if getattr(scn.energy, "supply", "flat") != "flat":
        scn = scn.model_copy(update={"energy": scn.energy.model_copy(update={"supply": "flat"})})
    return value_per_gw_month(scn)


def check_late(mode, value) -> None:
    """``--late`` is exclude or price; ``--speed-value`` is None or a finite USD per GW-month from 0 to the cap."""
    from gigawatt.errors import InputError, number, show

    if mode not in LATE_MODES:
        raise InputError("--late", f"{show(mode)} is not allowed: exclude (the default: options that miss the "
                                   "energise-by date are left out) or price (they stay in, priced with their delay)")
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))
                              or not math.isfinite(value) or not 0 <= value <= MAX_USD_PER_GW_MONTH):
        raise InputError("--speed-value", f"{show(value)} is not allowed: the value of speed must be a finite number "
                                          f"of USD per GW-month from 0 to {number(MAX_USD_PER_GW_MONTH)}")


def resolve(req, scn):
    """``req`` with the program's value of speed filled in where ``--late price`` needs it and the user gave
    none (``scn``: the scenario; None for a bare site: the default scenario's program)."""
    from dataclasses import replace

    if req.late != "price" or req.speed_value_usd_per_gw_month is not None \
            or req.program_speed_value_usd_per_gw_month is not None:
        return req
    return replace(req, program_speed_value_usd_per_gw_month=program_value(_program(scn))["usd_per_gw_month"])


def _program(scn):
    """``scn``, or the default scenario for a bare site (no program of its own)."""
    if scn is not None:
        return scn
    from gigawatt.cli import load

    return load(None, None, None)


def value_used(req) -> tuple[float, str]:
    """The USD per GW-month that prices the delay, and where it comes from."""
    if req.speed_value_usd_per_gw_month is not None:
        return float(req.speed_value_usd_per_gw_month), "--speed-value"
    if req.program_speed_value_usd_per_gw_month is None:
        raise ValueError("--late price needs a value of speed: call speed_value.resolve(req, scn) first")
    return float(req.program_speed_value_usd_per_gw_month), \
        "program: required revenue (model, levelised, at full build)"


def months_late(built: dict, when: dict) -> dict[str, float]:
    """Months each option comes after the date the power is needed (:func:`due_in_months`; only those late;
    none without a date)."""
    ready = due_in_months(when)
    if ready is None:
        return {}
    return {k: o.lead_time_months - ready for k, o in built.items() if o.lead_time_months > ready}


def _rate(req) -> float:
    from gigawatt import catalog

    return catalog.power_options()["finance"]["discount_rate"].number if req.discount_rate is None \
        else req.discount_rate


def delay_for(req, built: dict, when: dict) -> dict[str, float]:
    """USD/yr per MW of load held back by each late option, for the LP (``--late price``; ``{}`` otherwise):
    months late x value per MW-month of load x the delay's annuity factor. A MW of average load is
    ``1 / load_factor`` MW of the facility the value is counted on."""
    if req.late != "price":
        return {}
    per = value_used(req)[0] / 1e3 / req.load_factor
    rate = _rate(req)
    return {k: d * per * delay_annuity(rate) for k, d in months_late(built, when).items()}


def late_report(req, built: dict, when: dict, res, delay_usd_per_yr: dict[str, float]) -> dict:
    """Which mode ran and, for ``price``, each chosen late option (its capacity beyond what earlier phases built):
    months late, MW of load held back, delay cost in USD/yr and USD/MWh; the plan's LCOE with and without it."""
    out = {"mode": req.late, "default": DEFAULT_LATE, "note": EXCLUDE_NOTE}
    if req.late != "price":
        return out
    from gigawatt.power.results import MIN_MW

    value, source = value_used(req)
    per, rate, late = value / 1e3 / req.load_factor, _rate(req), months_late(built, when)
    have = dict(req.existing_mw)  # what earlier phases built is not late (--phase each)
    mwh = res.energy_mwh_per_yr or math.nan
    chosen = {k: {"months_late": late[k], "mw_held_back": usd / (late[k] * per * delay_annuity(rate)),
                  "annuity_factor": delay_annuity(rate), "delay_usd_per_yr": usd,
                  "delay_usd_per_mwh": usd / mwh} for k, usd in delay_usd_per_yr.items()
              if res.lp_capacity_mw.get(k, 0.0) - have.get(k, 0.0) >= MIN_MW}  # the LP's MW beyond what exists
    total = sum(o["delay_usd_per_yr"] for o in chosen.values())
    return {**out, "assumption": ASSUMPTION, "energised_by": when.get("energised_by"),
            "delay_counted_from": when.get("needed_by", when.get("energised_by")),
            "delay_counted_from_source": when.get("needed_by_source", when.get("energised_by_source")),
            "usd_per_gw_month": value, "value_source": source, "usd_per_mw_month_of_load": per,
            "discount_rate": rate, "delay_annuity_years": DELAY_LIFE_YEARS, "late_options_offered": late, "chosen_late": chosen,
            "delay_usd_per_yr": total, "delay_usd_per_mwh": total / mwh,
            "cost_with_delay_usd_per_yr": res.cost_usd_per_yr + total,
            "lcoe_with_delay_usd_per_mwh": res.lcoe_usd_per_mwh + total / mwh}


def power_ready(res) -> tuple[str | None, str | None, str]:
    """When the solved supply powers the phase: (the date it was due, the quarter it can, why), or
    ``(None, None, "")`` when on time. ``exclude``: the slipped energise-by date. ``price``: the plan's slowest
    chosen option comes that much after the date the power is needed (``needed_by``); the whole phase waits for
    it (the LP priced the delay per MW late, a lower bound; a phase here runs whole)."""
    from gigawatt import timeline

    when, late = res.schedule or {}, res.late or {}
    which = f"phase {when['phase']['number']}" if when.get("phase") else "the campus"
    if when.get("slipped_from"):
        due, ready = when["slipped_from"], when.get("energised_by")
        return due, ready, f"no option can power {which} by {due}; the earliest is {ready} (lead times in " \
                           "data/power_options.csv)"
    chosen = late.get("chosen_late") or {}
    if late.get("mode") != "price" or not chosen or not when.get("energised_by"):
        return None, None, ""
    key = max(chosen, key=lambda k: chosen[k]["months_late"])
    due, months = when.get("needed_by", when["energised_by"]), chosen[key]["months_late"]
    ready = timeline.label(timeline.parse_quarter(due, "energised_by") + math.ceil(months / 3.0))
    return due, ready, f"late options priced (--late price, energy.supply_late), the plan's slowest, {key}, comes " \
                       f"{months:g} months after {due}: {which} is powered from {ready}"
