"""Who pays whom: capex, the vendor's investment, equity, depreciation, required revenue, the ledger.

DESIGN.md section 3, "Finance". All functions are pure and work on arrays shaped (draws, quarters) or
(draws, cohorts); money is in nominal USD. Sources for the default figures are in the scenario files.

The circular ledger is a set of flows ``(payer, payee, kind) -> usd per quarter``. Each flow is one debit
and one credit, so the parties' net cash sums to zero in every quarter by construction; external
financing is the residual that closes the customer's (and the cloud partner's) cash needs each quarter.
"""

from __future__ import annotations

import numpy as np

from gigawatt.model.timegrid import flow, stock

PARTIES = ("vendor", "customer", "cloud_partner", "other_suppliers", "vendor_suppliers", "utility", "operations",
           "financiers")


# --- capex -------------------------------------------------------------------------------------------------

def cohort_capex_usd(cohort_gw, generation, capex_usd_per_gw, share, it_part: bool):
    """Capex of each cohort for one component: the first build buys everything, a refresh only IT. [USD]"""
    buys = np.ones_like(generation, dtype=bool) if it_part else (generation == 0)
    return np.where(buys[None, :] if buys.ndim == 1 else buys, cohort_gw * capex_usd_per_gw[:, None] *
                    share[:, None], 0.0)


def lead_payment(online, capex_usd, lead_quarters, q0: int):
    """Capex due all at once ``lead_quarters`` before ``online`` (systems): (quarter, usd) per cohort.

    A payment due before the horizon is booked in its first quarter, so no money leaves the books.
    """
    lead = np.rint(np.asarray(lead_quarters, dtype=float)).astype(np.int64)[:, None]
    return np.maximum(online - lead, q0), capex_usd


def spread_payment(online, capex_usd, lead_quarters, q0: int):
    """Capex paid evenly over the ``lead_quarters`` before ``online`` (construction).

    Returns the spread as a stock ``(start, end, usd per quarter)`` and a lump ``(quarter, usd)``: the part
    due before the horizon, booked in its first quarter, or the whole capex at ``online`` when there is no lead.
    """
    lead = np.rint(np.asarray(lead_quarters, dtype=float)).astype(np.int64)[:, None]
    start = online - lead
    per_quarter = np.where(lead > 0, capex_usd / np.maximum(lead, 1), 0.0)
    early = np.clip(q0 - start, 0, lead)
    lump = np.where(lead > 0, per_quarter * early, capex_usd)
    at = np.maximum(np.where(lead > 0, q0, online), q0)
    return (start, online, per_quarter), (at, lump)


def paid_before(online, capex_usd, lead_quarters, q0: int, nq: int, spread: bool):
    """Payments per quarter for capex due ``lead_quarters`` before ``online``. [USD]

    ``spread``: paid evenly over the lead quarters (construction); else all at ``online - lead`` (systems).
    """
    if not spread:
        return flow(*lead_payment(online, capex_usd, lead_quarters, q0), q0, nq)
    (start, end, per_quarter), (at, lump) = spread_payment(online, capex_usd, lead_quarters, q0)
    return stock(start, end, per_quarter, q0, nq) + flow(at, lump, q0, nq)


# --- the vendor's investment ----------------------------------------------------------------------------

def tranches_usd(gw_added, per_gw_usd, cap_usd):
    """Investment paid as each GW comes online, ``per_gw_usd`` a GW, until the cap is reached. [USD/quarter]"""
    cum = np.cumsum(gw_added * per_gw_usd[:, None], axis=1)
    capped = np.minimum(cum, cap_usd[:, None])
    return np.diff(capped, axis=1, prepend=0.0)


def post_money_valuation_usd(quarters, valuation_usd, valuation_quarter: int, growth_per_year):
    """Customer's post-money valuation path: compound growth from a dated valuation. [USD]"""
    years = (np.asarray(quarters) - valuation_quarter)[None, :] / 4.0
    return valuation_usd[:, None] * np.power(1.0 + growth_per_year[:, None], years)


def equity_share(investment_usd, post_money_usd, other_dilution_per_year):
    """The investor's stake after each quarter.

    A cash investment I at post-money V buys I/V; every holder, the investor's earlier stake included,
    is diluted by that new issue and by other rounds: s_q = s_{q-1}(1 - x_q)(1 - d) + x_q.
    """
    x = np.clip(investment_usd / post_money_usd, 0.0, 1.0)
    keep = np.power(1.0 - other_dilution_per_year, 0.25)
    s = np.zeros(x.shape[0])
    out = np.empty_like(x)
    for q in range(x.shape[1]):  # a recursion over quarters, vectorized over draws
        s = s * (1.0 - x[:, q]) * keep + x[:, q]
        out[:, q] = s
    return out


# --- cost of carrying the fleet ----------------------------------------------------------------------------

def depreciation_schedule(online, capex_usd, life_years):
    """Straight-line depreciation from the online quarter over ``life_years``: (start, end, USD per quarter)."""
    life_q = np.maximum(np.rint(np.asarray(life_years, dtype=float) * 4), 1.0)[:, None]
    return online, online + life_q.astype(np.int64), capex_usd / life_q


def depreciation_usd(online, capex_usd, life_years, q0: int, nq: int):
    """Straight-line depreciation from the online quarter over ``life_years``. [USD/quarter]"""
    return stock(*depreciation_schedule(online, capex_usd, life_years), q0, nq)


def net_book_value_usd(capitalised_usd, depreciation_usd):
    """Capitalised cost less accumulated depreciation, after each quarter. [USD]"""
    return np.maximum(np.cumsum(capitalised_usd - depreciation_usd, axis=1), 0.0)


def carrying_cost_usd(depreciation_usd, net_book_value_usd, cost_of_capital):
    """Peak-year carrying cost: depreciation plus the cost of capital on net book value, per quarter.
    [USD/quarter]

    Charged on the whole book at full build, this overstates what the fleet must earn over its life (the
    book falls as it depreciates); :func:`levelised_capital_usd` is the annuity the required revenue uses.
    """
    return depreciation_usd + net_book_value_usd * cost_of_capital[:, None] / 4.0


def annuity_factor(cost_of_capital, life_years):
    """The level capital charge per dollar of straight-line depreciation: ``n × CRF(r, n)``. [-]

    ``CRF(r, n) = r / (1 - (1 + r)^-n)`` is the capital recovery factor: the yearly payment that repays a
    dollar over ``n`` years at the cost of capital ``r`` (annual compounding). Straight-line depreciation is
    ``1/n`` a year, so the annuity is ``n × CRF`` times it (1 at ``r = 0``). ``n`` is the life on the quarterly
    grid (whole quarters), as :func:`depreciation_schedule` books it. Epoch AI's levelised TCO of a 1 GW AI
    data centre (14 May 2026: CapEx annualised over each asset's life, IT 5 yr, facility 14 yr) is this sum.
    """
    n = np.maximum(np.rint(np.asarray(life_years, dtype=float) * 4), 1.0) / 4.0
    r = np.asarray(cost_of_capital, dtype=float)
    safe = np.where(r > 1e-12, r, 1.0)
    crf = np.where(r > 1e-12, safe / -np.expm1(-n * np.log1p(safe)), 1.0 / n)
    return n * crf


def levelised_capital_usd(depreciation_it_usd, depreciation_facility_usd, factor_it, factor_facility):
    """Capex as annuities over the IT and facility lives, per quarter in service. [USD/quarter]

    Each asset pays ``capex × CRF(r, life)`` a year from its online quarter to the end of its book life: its
    straight-line depreciation times :func:`annuity_factor`.
    """
    return (depreciation_it_usd * np.asarray(factor_it)[:, None]
            + depreciation_facility_usd * np.asarray(factor_facility)[:, None])


def revenue_path_usd_per_year(quarters, start_usd_per_year, start_year: int, growth_per_year,
                              growth_decay_per_year):
    """Customer revenue by quarter (annual rate of its year): growth ``g × (1 - decay)^k`` in year k. [USD/yr]"""
    years = np.asarray(quarters) // 4
    first = min(int(years.min()), start_year)
    span = np.arange(first - start_year, int(years.max()) - start_year + 1)
    k = np.maximum(span, 0)  # flat before the start year: no growth is run backwards
    # year k >= 1 grows at g (1 - decay)^(k - 1); year 0 does not grow (its exponent is clamped, never -1)
    rate = growth_per_year[:, None] * np.power(1.0 - growth_decay_per_year[:, None], np.maximum(k - 1, 0)[None, :])
    log_growth = np.where(k[None, :] >= 1, np.log1p(np.maximum(rate, -0.999999)), 0.0)
    by_year = start_usd_per_year[:, None] * np.exp(np.cumsum(log_growth, axis=1))
    return by_year[:, years - first]


def first_covering_year(revenue_usd_per_year, required_usd_per_year, quarters):
    """First year from which revenue (annual rate) covers the annualised required revenue in every quarter
    to the end of the horizon, counting from a year with a fleet; NaN if it never does for good. [year]

    A year that is covered and then lost again is not break-even, so coverage must last.
    """
    quarters = np.asarray(quarters)
    covered = revenue_usd_per_year >= required_usd_per_year
    fleet = required_usd_per_year > 0
    years = quarters // 4
    out = np.full(covered.shape[0], np.nan)
    holding = np.ones(covered.shape[0], dtype=bool)  # covered in every later year seen so far
    for y in np.unique(years)[::-1]:  # years, not draws
        cols = years == y
        holding &= covered[:, cols].all(axis=1)
        out = np.where(holding & fleet[:, cols].any(axis=1), float(y), out)
    return out


# --- the ledger ---------------------------------------------------------------------------------------------

def ledger_flows(*, buyer_is_partner: bool, system_purchases_usd, other_it_usd, facility_usd, vendor_margin,
                 investment_cash_usd, warrant_value_usd, electricity_usd, opex_usd, lease_usd):
    """Every money flow of the program, per quarter: ``{(payer, payee, kind): usd (draws, quarters)}``.

    The customer pays electricity and opex; the buyer (customer or cloud partner) pays for systems, other
    IT and construction; with a cloud partner the customer pays it lease payments instead. The vendor pays
    its own suppliers its cost of goods. Financing closes what each buyer's inflows do not cover.
    """
    buyer = "cloud_partner" if buyer_is_partner else "customer"
    f = {
        ("vendor", "customer", "investment"): investment_cash_usd,
        ("vendor", "customer", "warrant_equity"): warrant_value_usd,
        (buyer, "vendor", "system_purchase"): system_purchases_usd,
        ("vendor", "vendor_suppliers", "cost_of_goods"): system_purchases_usd * (1.0 - vendor_margin[:, None]),
        (buyer, "other_suppliers", "other_it"): other_it_usd,
        (buyer, "other_suppliers", "construction"): facility_usd,
        ("customer", "utility", "electricity"): electricity_usd,
        ("customer", "operations", "opex"): opex_usd,
    }
    customer_financing, partner_financing = financing_usd(
        buyer_is_partner=buyer_is_partner, system_purchases_usd=system_purchases_usd, other_it_usd=other_it_usd,
        facility_usd=facility_usd, investment_cash_usd=investment_cash_usd, electricity_usd=electricity_usd,
        opex_usd=opex_usd, lease_usd=lease_usd)
    if buyer_is_partner:
        f[("customer", "cloud_partner", "lease")] = lease_usd
        f[("financiers", "cloud_partner", "financing")] = partner_financing
    f[("financiers", "customer", "financing")] = customer_financing
    return f


def financing_usd(*, buyer_is_partner: bool, system_purchases_usd, other_it_usd, facility_usd, investment_cash_usd,
                  electricity_usd, opex_usd, lease_usd):
    """External financing each quarter: what the customer's (and the cloud partner's) inflows leave uncovered.

    Returns (customer, cloud partner) [USD/quarter]; the partner's is None when the customer buys.
    """
    capex = system_purchases_usd + other_it_usd + facility_usd
    if buyer_is_partner:
        customer_need = lease_usd + electricity_usd + opex_usd - investment_cash_usd
        return np.maximum(customer_need, 0.0), np.maximum(capex - lease_usd, 0.0)
    return np.maximum(capex + electricity_usd + opex_usd - investment_cash_usd, 0.0), None


NON_CASH = ("warrant_equity",)


def net_cash_by_party(flows):
    """Each party's inflows minus outflows per quarter (non-cash warrant equity excluded). [USD/quarter]

    Parties are the standard ones (:data:`PARTIES`) plus any other name in the flows (a portfolio names
    each vendor), so the result sums to zero over parties in every quarter.
    """
    first = np.asarray(next(iter(flows.values())))
    names = list(PARTIES) + sorted({p for key in flows for p in key[:2]} - set(PARTIES))
    out = {p: np.zeros_like(first, dtype=float) for p in names}
    for (payer, payee, kind), usd in flows.items():
        if kind in NON_CASH:
            continue
        out[payer] = out[payer] - usd
        out[payee] = out[payee] + usd
    return out
