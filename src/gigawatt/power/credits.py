"""Federal tax credits as legislated at the data date (2026-12-06), an option off by default (``--tax-credits``).

The clean electricity investment credit (26 U.S.C. 48E) as amended by the 2025 reconciliation act (Pub. L.
119-21, signed 2025-07-04), rows in ``power_credits.csv`` with their sources:

* **solar and wind**: 30 % of capex (prevailing wage and apprenticeship met) only if placed in service by
  2027-12-31 (construction beginning after 2026-07-04; a campus starting now is past the earlier window);
* **batteries**: 30 % in full for construction beginning before 2034, 75 % of it in 2034, 50 % in 2035, none
  from 2036;
* **gas**: none (45Q applies to carbon capture, which no option here has); grid and the firm contract are
  bought per MWh, so a credit, if any, is in the seller's price.

The credit is taken as an investment credit on the option's overnight capex, its annuity lowered by the same
share (the production credit 45Y, the bonus adders and the FEOC rules are not modelled). A facility is
placed in service at the energise-by date the solve uses and begins construction its lead time before.
"""

from __future__ import annotations

from dataclasses import replace

from gigawatt.power.options import crf

VARIABLE = ("solar", "wind")


def table() -> dict[str, dict]:
    from gigawatt.power.reliability import read_tidy

    return read_tidy("power_credits.csv")


# power_credits.csv notes it; the CLI line must say it too (fact check 2026-12-05)
FEOC = ("not modelled: the foreign-entity 'material assistance' rules for construction beginning after "
        "2025-12-31, under which too much content from prohibited foreign entities forfeits the credit")


def share(key: str, option, in_service_quarter: int) -> tuple[float, str]:
    """Share of the full credit option ``key`` earns when placed in service in ``in_service_quarter`` (a
    quarter ordinal, year x 4 + q - 1), and why."""
    from gigawatt import timeline

    t = table()
    if key in VARIABLE:
        last = timeline.parse_quarter("2027Q4")
        return (1.0, "placed in service by 2027-12-31") if in_service_quarter <= last else \
            (0.0, f"placed in service {timeline.label(in_service_quarter)}, after the 2027-12-31 deadline for wind "
                  "and solar (construction after 2026-07-04)")
    if option.kind == "storage":
        start_year = (in_service_quarter - round(option.lead_time_months / 3.0)) // 4
        if start_year < 2034:
            return 1.0, f"storage: construction before 2034; {FEOC}"
        frac = {2034: t["storage"]["phase_down_2034"].number, 2035: t["storage"]["phase_down_2035"].number}
        return frac.get(start_year, 0.0), f"storage: construction begins {start_year} (phase-down); {FEOC}"
    return 0.0, "no credit for this technology"


def apply(req, built: dict, when: dict) -> tuple[dict, dict]:
    """The options with their credits (``req.tax_credits``), and what was applied and why."""
    if not getattr(req, "tax_credits", False):
        return built, {"applied": False, "note": "off (the default): --tax-credits applies the credits as "
                                                 "legislated at the data date"}
    import datetime as dt

    from gigawatt import catalog, timeline

    rate_itc = table()["itc"]["rate"].number
    rate = catalog.power_options()["finance"]["discount_rate"].number if req.discount_rate is None \
        else req.discount_rate
    today = dt.date.today()
    as_of = timeline.parse_quarter(when["as_of"]) if when.get("as_of") else today.year * 4 + (today.month - 1) // 3
    out, why = dict(built), {}
    for k, o in built.items():
        in_service = timeline.parse_quarter(when["energised_by"]) if when.get("energised_by") \
            else as_of + round(o.lead_time_months / 3.0)
        s, reason = share(k, o, in_service)
        if o.capex_usd_per_mw <= 0 and o.capex_usd_per_mwh <= 0:
            continue
        c = rate_itc * s
        k_crf = crf(rate, o.life_years)
        out[k] = replace(o, capex_usd_per_mw=o.capex_usd_per_mw * (1 - c),
                         fixed_usd_per_mw_yr=o.fixed_usd_per_mw_yr - c * o.capex_usd_per_mw * k_crf,
                         capex_usd_per_mwh=o.capex_usd_per_mwh * (1 - c),
                         fixed_usd_per_mwh_yr=o.fixed_usd_per_mwh_yr - c * o.capex_usd_per_mwh * k_crf)
        why[k] = {"credit_share_of_capex": round(c, 4), "why": reason}
    return out, {"applied": True, "law": "26 U.S.C. 48E as amended by Pub. L. 119-21 (signed 2025-07-04)",
                 "as_of": "2026-12-06", "options": why}
