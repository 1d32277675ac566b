"""Terminal lines for a supply's reliability, weather years, tax credits and value of speed (the data come from
``gigawatt.power``'s reliability, weather, credits and speed_value; here they are only worded)."""

from __future__ import annotations


def reliability_line(r: dict) -> str:
    if not r.get("assessed"):
        return f"reliability: not assessed ({r.get('why', '')})"
    units = ", ".join(f"{u['count']} x {u['unit_mw']:g} MW {k}" for k, u in r["units"].items())
    return (f"reliability: {units} (N+{r['n_plus_k']}, reserve {r['reserve_margin']:.1%} over the peak need of "
            f"{r['peak_need_mw']:,.0f} MW); expected unserved energy {r['eue_mwh_per_yr']:,.1f} MWh/yr "
            f"({r['eue_share']:.1e} of the energy; target {1 - r['target_energy_served']:.0e}), loss of load "
            f"{r['lolh_h_per_yr']:,.2f} h/yr" + ("; derated with ambient temperature" if r["derated_by_temperature"]
                                                 else "; no temperature: not derated") + _outage_rates(r)
            + (f"; {r['added_cost_usd_per_yr'] / 1e6:,.1f} M$/yr of units added after the LP"
               if r["added_cost_usd_per_yr"] > 0 else "")
            + (f"; {r['rounded_up_cost_usd_per_yr'] / 1e6:,.1f} M$/yr to round the LP up to whole units"
               if r.get("rounded_up_cost_usd_per_yr", 0) >= 5e4 else "")
            + ("; the cost, LCOE and capex above are of these whole units"
               if r["added_cost_usd_per_yr"] + r.get("rounded_up_cost_usd_per_yr", 0) > 0 else "")
            + _units_method(r.get("whole_units"))
            + ("" if r.get("target_enforced", True) else
               f"; --no-unit-reserve: no spare units kept or added, target {'met' if r.get('target_met') else 'NOT met'}"))


def _outage_rates(r: dict) -> str:
    """The forced outage rates over the hours (by temperature band, or flat) and what the table leaves out."""
    rates = "; ".join(f"{k} {u['forced_outage_rate_mean']:.1%} mean, {u['forced_outage_rate_max']:.1%} coldest"
                      for k, u in r["units"].items() if "forced_outage_rate_mean" in u)
    how = "forced outages by temperature (Murphy 2019)" if r.get("outages_by_temperature") else \
        "flat forced outage rates (no temperature)"
    return (f"; {how}: {rates}" if rates else "") + ("; units fail independently: common-mode cold-snap losses "
                                                     "(gas supply) not modelled" if r.get("correlation") else "")


def _units_method(w: dict | None) -> str:
    """How the units were made whole: the MILP (with the gap it reached) or the LP rounded up."""
    if not w:
        return ""
    if w["method"] == "round":
        return "; whole units: the LP rounded up (--units milp or staged optimises them)"
    gap = "" if w["mip_gap"] is None else f"gap {w['mip_gap']:.2%}, "
    nodes = "solved at the root" if w["nodes"] <= 1 else f"{w['nodes']:,} nodes"
    held = "" if w["method"] == "milp" else " with solar, wind and batteries held at the LP's"
    how = "MILP" if w["method"] == "milp" else "staged MILP"
    return (f"; whole units: {how} ({gap}{nodes}, " + (f"optimal within {w['mip_gap_limit']:.1%}{held})"
            if w["proven_optimal"] else f"stopped at the {w['time_limit_s']:g} s limit: NOT proven optimal{held})"))


def weather_line(w: dict) -> str:
    built = w.get("variable_built", list(w["annual_capacity_factor"]))  # sun or wind not built: no spread of it
    spread = "; ".join(f"{k} capacity factor {min(v):.3f}-{max(v):.3f}" for k, v in w["annual_capacity_factor"].items()
                       if len(v) > 1 and k in built)
    head = f"weather: {w['years']} year{'s' if w['years'] > 1 else ''}, {w['source']}"
    return head + (f"; {spread}" if spread else "") + (f"; {_by_year(w)}" if w.get("by_year") else "")


def _by_year(w: dict) -> str:
    """Each year of the one plan: $/MWh, g/kWh, gas, curtailed, unserved, EUE and LOLH; the worst year."""
    def one(r: dict) -> str:
        parts = [f"${r['cost_usd_per_mwh']:,.1f}/MWh", f"{r['emissions_g_per_kwh']:,.0f} g/kWh",
                 f"{r['gas_bcf']:,.1f} Bcf"]
        if r["curtailment_share"] is not None:
            parts.append(f"{r['curtailment_share']:.0%} curtailed")
        if r["unserved_mwh"] > 0:
            parts.append(f"{r['unserved_mwh']:,.0f} MWh unserved")
        if "eue_mwh" in r:
            parts.append(f"EUE {r['eue_mwh']:,.1f} MWh, LOLH {r['lolh_h']:,.2f} h")
        return f"year {r['year']} " + ", ".join(parts)
    worst = w["worst_year"]
    tail = f"; worst: year {worst['year']} by {worst['by']} (spread ${worst['spread_usd_per_mwh']:,.2f}/MWh)" \
        if (worst["spread_usd_per_mwh"] or 0.0) >= 0.005 else "; every year costs the same to the cent: no worst year"
    return "by year, the one plan dispatched in each: " + "; ".join(one(r) for r in w["by_year"]) + tail


def credits_line(c: dict) -> str:
    if not c.get("applied"):
        return f"tax credits: {c['note']}"
    got = "; ".join(f"{k} {v['credit_share_of_capex']:.0%} ({v['why']})" for k, v in c["options"].items())
    return f"tax credits ({c['law']}, as of {c['as_of']}): {got}"


def speed_line(s: dict) -> str:
    v, plan = s["value"], s["plan"]
    firm = "; ".join(f"{k} {o['lead_time_months']:g} mo, ${o['lcoe_usd_per_mwh']:,.1f} -> ${o['speed_adjusted_usd_per_mwh']:,.1f}"
                     for k, o in sorted(s["firm_options_alone"].items(), key=lambda kv: kv[1]["speed_adjusted_usd_per_mwh"]))
    return (f"value of speed: ${v['usd_per_gw_month'] / 1e6:,.0f}M per GW-month ({v['basis']}; compute rented: "
            f"${v['compute_rented_usd_per_gw_month'] / 1e6:,.0f}M at ${v['gpu_hour_usd']:g}/GPU-hour), "
            f"${s['usd_per_month_of_delay'] / 1e6:,.0f}M a month for this {s['phase_gw']:g} GW; this plan "
            f"{plan['months_late']:g} months late: ${plan['lcoe_usd_per_mwh']:,.1f} + ${plan['delay_usd_per_mwh']:,.1f} "
            f"= ${plan['speed_adjusted_usd_per_mwh']:,.1f}/MWh speed-adjusted; firm options alone (lead time, LCOE -> "
            f"speed-adjusted $/MWh): {firm}")


def late_line(late: dict) -> str:
    """Which --late mode ran; for price, each chosen late option's months and delay cost, and the plan's total."""
    if late["mode"] != "price":
        return f"late options: {late['note']}"
    each = "; ".join(f"{k} {o['months_late']:g} months late, {o['mw_held_back']:,.0f} MW held back: "
                     f"${o['delay_usd_per_yr'] / 1e6:,.1f}M/yr (${o['delay_usd_per_mwh']:,.1f}/MWh)"
                     for k, o in late["chosen_late"].items()) or "none chosen"
    since = late.get("delay_counted_from") or late["energised_by"]
    source = f" ({late['delay_counted_from_source']})" if late.get("delay_counted_from_source") else ""
    return (f"late options priced (--late price; the default, exclude, leaves them out): delay counted from "
            f"{since}{source}, no slip; ${late['usd_per_gw_month'] / 1e6:,.1f}M per GW-month "
            f"({late['value_source']}) = ${late['usd_per_mw_month_of_load'] / 1e3:,.1f}k per MW-month of load, "
            f"annualised at {late['discount_rate']:.1%} over {late['delay_annuity_years']} years (the same for every option); {each}; LCOE "
            f"${late['lcoe_with_delay_usd_per_mwh'] - late['delay_usd_per_mwh']:,.1f} + delay "
            f"${late['delay_usd_per_mwh']:,.1f} = ${late['lcoe_with_delay_usd_per_mwh']:,.1f}/MWh; a lower bound "
            "when the campus cannot run partly")


def lines(out: dict) -> list[str]:
    """The five lines for a ``gigawatt power`` JSON answer (those present)."""
    parts = [("reliability", reliability_line), ("weather", weather_line), ("credits", credits_line),
             ("late", late_line), ("speed", speed_line)]
    return [f(out[k]) for k, f in parts if out.get(k)]
