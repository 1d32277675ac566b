"""The value of speed: what a month of delay costs the program, and a speed-adjusted cost of each supply.

A GW-month of delay is valued two ways, both from the program itself:

* **required revenue** (the default basis): the model's levelised revenue the fleet must earn at full build
  (``required_revenue_usd_per_year``: capex as annuities + opex + energy) per GW of facility power per month
  — what an idle, built campus still costs;
* **compute rented**: the program's GPU packages per GW x a dated GPU-hour price (``power_speed.csv``; an
  H100-hour, a floor for newer GPUs) x 730 hours — what renting the same compute elsewhere would cost.

The speed-adjusted cost of a supply is its LCOE plus the delay it causes, levelised like its capex: months
late x $/GW-month x the phase's GW, as an annuity over the plant's life at the discount rate, over the
energy served in a year [USD/MWh]. Months late are counted from the phase's first-online quarter (or the
user's ``--energised-by``; a date already past counts as due now). For each firm option alone (grid, firm contract, each gas technology with the
reserve its units need) the table makes "grid in five years vs on-site gas in two" explicit.
"""

from __future__ import annotations

HOURS_PER_MONTH = 730.0


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
    """Months from now to the date the power is due: the phase's first-online quarter (or ``--energised-by``)
    before any slip, and no less than zero (a date already past is due now); None without a date."""
    if sched.get("energised_by") is None:
        return None
    return max(float(sched.get("months_available", 0.0)) - float(sched.get("slip_months", 0.0) or 0.0), 0.0)


def describe(res, value: dict, built_all: dict, margins: dict, rate: float) -> dict:
    """The plan's speed-adjusted LCOE and the firm options side by side (months late, LCOE, adjusted)."""
    sched = res.schedule
    available = due_in_months(sched)
    gw = (sched.get("phase") or {}).get("facility_gw") or res.constraints.get("rating_mw", res.load_mw) / 1e3
    mwh = res.energy_mwh_per_yr
    per = value["usd_per_gw_month"]
    late = max(res.time_to_power_months - available, 0.0) if available is not None else 0.0
    life = max((built_all[k].life_years for k, c in res.capacity_mw.items() if c > 0 and k in built_all), default=30)
    plan = {"months_late": late, "lcoe_usd_per_mwh": res.lcoe_usd_per_mwh,
            "delay_usd_per_mwh": delay_usd_per_mwh(late, per, gw, rate, life, mwh)}
    plan["speed_adjusted_usd_per_mwh"] = plan["lcoe_usd_per_mwh"] + plan["delay_usd_per_mwh"]
    options = {}
    for k, lcoe in firm_alone(built_all, margins, res.load_mw).items():
        o = built_all[k]
        months = max(o.lead_time_months - available, 0.0) if available is not None else 0.0
        d = delay_usd_per_mwh(months, per, gw, rate, o.life_years, res.load_mw * 8760.0)
        options[k] = {"lead_time_months": o.lead_time_months, "months_late": months, "lcoe_usd_per_mwh": lcoe,
                      "delay_usd_per_mwh": d, "speed_adjusted_usd_per_mwh": lcoe + d}
    return {"value": value, "phase_gw": gw, "usd_per_month_of_delay": per * gw, "plan": plan,
            "firm_options_alone": options,
            "note": "delay levelised as an annuity over the plant's life; firm options alone at their catalog "
                    "price and reserve, their limits aside (the grid's interconnection limit and queue apply)"}


def for_request(res, req, scn) -> dict:
    """The value of speed for a solved request: $ per GW-month from the program ``scn`` (the default scenario
    for a bare site), the plan's speed-adjusted cost and each firm option's alone (every option, ready or not)."""
    from gigawatt import catalog
    from gigawatt.power import options as opt, reliability

    if scn is None:
        from gigawatt.cli import load

        scn = load(None, None, None)
    keys = opt.parse_options(req.options)
    built = {k: opt.build(k, discount_rate=req.discount_rate, fuel_price_usd_per_mmbtu=req.fuel_price_usd_per_mmbtu)
             for k in keys}
    margins = reliability.reserve_for([k for k in keys if reliability.units(k)], req.load_mw,
                                      reliability.target_of(req))
    rate = catalog.power_options()["finance"]["discount_rate"].number if req.discount_rate is None \
        else req.discount_rate
    return describe(res, value_per_gw_month(scn), built, margins, rate)
