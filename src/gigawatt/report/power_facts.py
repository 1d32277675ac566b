"""The report's power facts beyond the mix: the phase solved and its energise-by date, reliability (N+k, expected
unserved energy, loss-of-load hours, the target), the weather years, tax credits and the value of speed, as
cards and one line each. Worded from the solve's own figures (:class:`gigawatt.power.results.PowerResult` and
:func:`gigawatt.power.speed_value.for_request`); computes nothing."""

from __future__ import annotations

from gigawatt.present.numbers import sig, usd
from gigawatt.report.sections import esc


def nines(share: float) -> str:
    """A share of the energy as people say it: 0.99999 -> '99.999 %'."""
    return f"{100 * share:.6f}".rstrip("0").rstrip(".") + " %"


def served(r: dict | None) -> str:
    """What the mix serves, as the table's caption says it: to the reliability target with N+k, or the LP's."""
    if not r or not r.get("assessed"):
        return "the load served as the LP's reliability setting allows; forced outages not assessed"
    met = "met" if r.get("target_met", True) else "NOT met"
    return (f"load served to {nines(r['target_energy_served'])} of the energy with N+{r['n_plus_k']} gas units "
            f"under forced outages: target {met}")


def schedule_moved(scn) -> str:
    """What ``energy.supply: optimised`` did to the build-out before this report's run (the scenario's note:
    phases due before the supply can be ready moved to that quarter, so the phase solved is due then); ''."""
    from gigawatt.power import SCHEDULE_NOTE

    said = [g[len(SCHEDULE_NOTE):].strip() for g in scn.guesses if g.startswith(SCHEDULE_NOTE)]
    return f" The build-out was moved for it: {'; '.join(said)}." if said else ""


def _phase(pw, moved: str) -> str:
    s = pw.schedule
    ph = s.get("phase") or {}
    which = (f"Phase {ph['number']} of {ph['of']} ({sig(ph['facility_gw'])} GW, due {ph['first_online']})"
             if ph.get("number") not in (None, "all") else "The whole program")
    if not s.get("energised_by"):
        return f"{which}: no energise-by date (already online)."
    slip = (f"; nothing that generates can be ready by {s['slipped_from']}, so the date slipped "
            f"{sig(s['slip_months'])} months" if s.get("slipped_from") else "" if moved else "; no slip")
    return f"{which}: energised by {s['energised_by']} ({s.get('energised_by_source') or 'given'}){slip}.{moved}"


def _reliability(r: dict | None) -> str:
    if not r or not r.get("assessed"):
        return f"Reliability: not assessed ({(r or {}).get('why', 'no gas units')})."
    from gigawatt.power.options import LABELS

    units = ", ".join(f"{u['count']} × {sig(u['unit_mw'])} MW {LABELS.get(k, k)}" for k, u in r["units"].items())
    spare = "" if r.get("target_enforced", True) else " (no spare units kept)"
    return (f"Reliability: N+{r['n_plus_k']}{spare} ({units}); expected unserved energy "
            f"{sig(r['eue_mwh_per_yr'])} MWh/yr, loss of load {sig(r['lolh_h_per_yr'])} h/yr; target "
            f"{nines(r['target_energy_served'])} of the energy: {'met' if r.get('target_met', True) else 'NOT met'}.")


def weather_kind(w: dict) -> str:
    """'1 year, synthetic' / '3 years, 1 measured'."""
    n = w.get("years") or 1
    kind = f"{w.get('measured_years')} measured" if w.get("measured_years") else "synthetic"
    return f"{n} year{'s' if n > 1 else ''}, {kind}"


def _weather(w: dict, built: set[str]) -> str:
    cf = [f"{k} capacity factor {min(v):.3f}–{max(v):.3f}" for k, v in (w.get("annual_capacity_factor") or {}).items()
          if k in built and len(v) > 1]
    spread = "; ".join(cf) if w.get("years", 1) > 1 else "one year: no spread across years"
    source = f" ({w['source']})" if w.get("measured_years") and w.get("source") else ""
    return f"Weather: {weather_kind(w)}{source}; {spread or 'no weather-driven option built'}."


def _credits(c: dict | None) -> str:
    if not c or not c.get("applied"):
        return "Tax credits: off (the default), as in the rest of the report."
    return f"Tax credits: on ({c['law']}, as of {c['as_of']})."


def _speed(s: dict) -> str:
    v, p = s["value"], s["plan"]
    return (f"Value of speed: {usd(v['usd_per_gw_month'])} per GW-month on {v['basis']} × {sig(s['phase_gw'])} GW = "
            f"{usd(s['usd_per_month_of_delay'])} a month of delay; this plan is {sig(p['months_late'])} months late "
            f"for the phase's date: LCOE ${sig(p['lcoe_usd_per_mwh'])} + delay ${sig(p['delay_usd_per_mwh'])} = "
            f"${sig(p['speed_adjusted_usd_per_mwh'])}/MWh speed-adjusted.")


def facts_html(pw, speed: dict, moved: str = "") -> str:
    """One line each: the phase and its date (``moved``: :func:`schedule_moved`), reliability, weather, tax
    credits, the value of speed."""
    built = {k for k, mw in pw.capacity_mw.items() if mw >= 1}
    lines = [_phase(pw, moved), _reliability(pw.reliability), _weather(pw.weather or {}, built), _credits(pw.credits),
             _speed(speed)]
    return '<ul class="power-facts">' + "".join(f"<li>{esc(t)}</li>" for t in lines) + "</ul>"


def cards(pw, speed: dict) -> list[tuple[str, str]]:
    """(label, value) cards of the same figures."""
    s, r, ph = pw.schedule, pw.reliability or {}, (pw.schedule.get("phase") or {})
    out = [("phase solved", f"{ph['number']} of {ph['of']}" if ph.get("number") not in (None, "all") else "all")]
    if s.get("energised_by"):
        slip = f", slipped {sig(s['slip_months'])} months" if s.get("slipped_from") else ""
        out.append((f"energised by (phase due {ph.get('first_online', '—')}{slip})", s["energised_by"]))
    if r.get("assessed"):
        out += [(f"gas units spare (target {nines(r['target_energy_served'])})", f"N+{r['n_plus_k']}"),
                ("expected unserved energy", f"{sig(r['eue_mwh_per_yr'])} MWh/yr"),
                ("loss of load", f"{sig(r['lolh_h_per_yr'])} h/yr")]
    out += [("weather years", weather_kind(pw.weather or {})),
            ("tax credits", "on" if (pw.credits or {}).get("applied") else "off"),
            ("value of a month of delay", usd(speed["usd_per_month_of_delay"])),
            ("speed-adjusted cost", f"${sig(speed['plan']['speed_adjusted_usd_per_mwh'])}/MWh")]
    return out
