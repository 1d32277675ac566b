"""The model's stages on input arrays, each returning a small typed result.

deployment → capacity → energy → compute → finance → milestones. Each stage reads the inputs it needs
through ``a(path)`` (an input as a (draws,) array) and the results of the stages before it; none reaches
back. The formulas are the pure functions of :mod:`gigawatt.model`; these functions only apply them to a
program's structure (:class:`~gigawatt.simulate.Static`). :mod:`gigawatt.simulate` wires them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping

import numpy as np

from gigawatt import catalog, timeline
from gigawatt.model import capacity, compute, costs, deployment, energy, finance, kernels
from gigawatt.model.timegrid import first_true, flow, place

Inputs = Callable[[str], np.ndarray]  # path -> (draws,) array
INHERIT = -2  # a phase without its own platform takes the program's


def _per_platform(names, p: Mapping[str, np.ndarray], quantity: str) -> np.ndarray:
    cols = [np.asarray(p[f"hardware.{n}.{quantity}"], dtype=float) for n in names]
    d = max(c.shape[0] for c in cols)
    return np.stack([np.broadcast_to(c, (d,)) for c in cols], axis=1)


def mix(gw_by_platform, per_gw):
    """Sum over platforms of GW (draws, quarters, used) times a per-GW figure (draws or 1, used). [(draws, quarters)]

    A platform whose figure is unpublished (NaN) makes the sum unknown only where it has GW online.
    """
    if kernels.compiled(gw_by_platform.size) and per_gw.shape[0] in (1, gw_by_platform.shape[0]):
        return kernels.mix(gw_by_platform, per_gw)
    out = np.zeros(gw_by_platform.shape[:2])
    for k in range(gw_by_platform.shape[2]):
        gw, per = gw_by_platform[:, :, k], per_gw[:, k, None]
        term = gw * per
        if np.isnan(per).any():
            term = np.where(gw != 0, term, 0.0)
        out += term
    return out


# --- deployment --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deployment:
    """What is online when: hardware cohorts and facility GW by the platforms in use."""

    cohorts: deployment.Cohorts
    goes_ahead: np.ndarray      # (draws, phases)
    pue: np.ndarray             # (draws, 1)
    facility_gw: np.ndarray     # (draws, cohorts) facility power of each cohort
    used: np.ndarray            # (used,) catalog indices of the platforms in use
    gw_used: np.ndarray         # (draws, quarters, used) facility GW online by platform
    gw_online: np.ndarray       # (draws, quarters)
    program_gw_online: np.ndarray  # (draws, quarters) in the program's basis (facility or IT)


def deploy(static, p: Mapping[str, np.ndarray], a: Inputs, d: int) -> Deployment:
    online, goes_ahead = deployment.phase_schedule(static.phase_online, a("program.delay_quarters"),
                                                   a("program.continue_probability"), a("program.continue_draw"))
    program_platform = (np.asarray(p["program.platform"], dtype=np.int64) if "program.platform" in p
                        else np.full(1, static.program_platform))
    phase_platform = np.where(static.phase_platform[None, :] == INHERIT,
                              np.broadcast_to(program_platform, (d,))[:, None], static.phase_platform[None, :])
    cohorts = (kernels.cohorts if kernels.compiled(online.size * static.nq) and static.eligible.any()
               else deployment.cohorts)
    coh = cohorts(static.phase_gw, online, goes_ahead, phase_platform, a("facility.service_life_years"),
                  static.available, static.eligible, static.q0 + static.nq - 1)
    pue = a("facility.pue")[:, None]
    fac_gw = deployment.facility_gw(coh.gw, pue, static.basis_is_it)
    # Every hardware stock is facility GW times a per-platform factor, so one scatter of GW by the
    # platforms in use (draws, quarters, used) carries them all.
    used = np.flatnonzero(np.bincount(coh.platform.ravel(), minlength=len(static.platform_names)))
    if kernels.compiled(coh.gw.size * len(used)):
        gw_used, gw_online = kernels.stock_by_platform(coh.start, coh.end, coh.platform, fac_gw, used, static.q0,
                                                       static.nq)
    else:
        gw_used = place(coh.start, np.where(coh.platform[:, :, None] == used, fac_gw[:, :, None], 0.0), static.q0,
                        static.nq, end=coh.end)
        gw_online = gw_used.sum(axis=2)
    return Deployment(coh, goes_ahead, pue, fac_gw, used, gw_used, gw_online,
                      gw_online / pue if static.basis_is_it else gw_online)


# --- capacity: hardware per GW of each platform --------------------------------------------------------------

@dataclass(frozen=True)
class Capacity:
    """Hardware per facility GW of each platform in use, (draws or 1, used) each."""

    it_per_gw: np.ndarray
    per_gw: dict[str, np.ndarray]  # racks, gpus, gpu_dies, hardware_gw, peak_dense_<precision>_flops
    per_unit: dict[str, np.ndarray]  # per rack: price_usd_per_unit, network_usd_per_unit, other_it_usd_per_unit,
    #                                  vendor_content_share


def hardware_per_gw(static, p: Mapping[str, np.ndarray], a: Inputs, dep: Deployment) -> Capacity:
    def per_gw(quantity):
        return _per_platform(static.platform_names, p, quantity)[:, dep.used]

    it_per_gw = capacity.it_power_gw(1.0, dep.pue)
    racks = capacity.racks(capacity.rack_power_gw(it_per_gw, a("facility.non_rack_it_overhead")[:, None]),
                           per_gw("unit_power_kw"))
    packages = capacity.gpus(racks, per_gw("gpu_packages_per_unit"))
    out = {"racks": racks, "gpus": packages, "gpu_dies": capacity.gpus(racks, per_gw("gpu_dies_per_unit")),
           "hardware_gw": np.isfinite(packages).astype(float)}
    for prec in catalog.PRECISIONS:  # unpublished precisions count as none
        out[f"peak_dense_{prec}_flops"] = compute.peak_flops(packages,
                                                             np.nan_to_num(per_gw(f"{prec}_dense_pflops_per_gpu")))
    prices = {q: per_gw(q) for q in ("price_usd_per_unit", "network_usd_per_unit", "other_it_usd_per_unit")}
    prices["vendor_content_share"] = costs.content_share(per_gw("vendor_content_share"))
    return Capacity(it_per_gw, out, prices)


# --- energy, carbon, water, compute -----------------------------------------------------------------------------

def energy_series(dep: Deployment, a: Inputs) -> dict[str, np.ndarray]:
    """Energy per quarter and per year at the quarter's rate, and its cost. [(draws, quarters)]"""
    if kernels.compiled(dep.gw_online.size * 3):
        e, annual, cost = kernels.energy(dep.gw_online, a("facility.load_factor"), a("energy.price_usd_per_mwh"),
                                         timeline.HOURS_PER_QUARTER, timeline.HOURS_PER_YEAR)
        return {"energy_twh": e, "annual_energy_twh": annual, "electricity_cost_usd": cost}
    lf = a("facility.load_factor")[:, None]
    e = energy.energy_twh(dep.gw_online, lf, timeline.HOURS_PER_QUARTER)
    return {"energy_twh": e, "annual_energy_twh": energy.energy_twh(dep.gw_online, lf, timeline.HOURS_PER_YEAR),
            "electricity_cost_usd": energy.electricity_cost_usd(e, a("energy.price_usd_per_mwh")[:, None])}


# Per-quarter figures derived from the fleet and its energy (not needed in full by a Monte Carlo).
FLEET_METRICS = ("carbon_mt", "water_gl", "h100_equivalents", "delivered_flops", "reference_run_days",
                 "tokens_per_s", "tokens_per_user_week", "interruptions_per_day")


def fleet_metrics(base: Mapping[str, np.ndarray], a: Inputs, static) -> dict[str, np.ndarray]:
    """Carbon, water and compute figures from the fleet's peak FLOP/s, GPUs and energy.

    ``base`` arrays are shaped (draws, quarters) or (draws, 1).
    """
    out = {
        "carbon_mt": energy.carbon_mt(base["energy_twh"], a("energy.carbon_g_per_kwh")[:, None]),
        "water_gl": energy.water_gl(base["energy_twh"], a("energy.wue_l_per_kwh")[:, None]),
        "h100_equivalents": compute.h100_equivalents(base["peak_dense_bf16_flops"], static.refs["h100_dense_flops"]),
        "delivered_flops": compute.delivered_flops(base[f"peak_dense_{static.precision}_flops"],
                                                   a("compute.utilization")[:, None]),
        "interruptions_per_day": compute.interruptions_per_day(base["gpus"],
                                                               a("compute.gpu_interruptions_per_gpu_day")[:, None]),
    }
    out.update(reference_model(out["delivered_flops"], None, a("compute.reference_run_flop")[:, None],
                               a("compute.reference_model_active_params")[:, None], a("compute.weekly_users")[:, None]))
    return out


def reference_model(delivered_flops, tokens_per_s, run_flop, active_params, weekly_users) -> dict[str, np.ndarray]:
    """Days for the reference run, tokens per second and per weekly user (``tokens_per_s`` given or derived)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        days = compute.training_run_days(run_flop, delivered_flops)
    if tokens_per_s is None:
        tokens_per_s = compute.tokens_per_s(delivered_flops, active_params)
    return {"reference_run_days": days, "tokens_per_s": tokens_per_s,
            "tokens_per_user_week": compute.tokens_per_user_week(tokens_per_s, weekly_users)}


# --- finance ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Money:
    """The program's money per quarter: series by name, the ledger's inputs, and the GW the tranches follow."""

    series: dict[str, np.ndarray]
    ledger: dict                    # keyword arguments of finance.ledger_flows / financing_usd
    margin: np.ndarray              # (draws,)
    program_gw_added: np.ndarray    # (draws, quarters)


def capex_components(static, a: Inputs, dep: Deployment, cap: Capacity) -> dict[str, np.ndarray]:
    """Capex of each cohort by component (vendor systems, other IT, facility), (draws, cohorts) each. [USD]

    Bottom-up (the default): racks × the platform's unit price, networking and other IT, plus facility MW ×
    a build cost (:func:`gigawatt.model.costs.bottom_up_capex_usd`). With ``finance.capex_usd_per_gw`` set:
    top-down, that figure × GW split in the scenario's shares (:func:`gigawatt.model.finance.cohort_capex_usd`).
    """
    f, coh = "finance", dep.cohorts
    parts = ("vendor_systems", "other_it", "facility")
    if static.capex_top_down:
        capex_gw = a(f"{f}.capex_usd_per_gw")
        return {k: finance.cohort_capex_usd(coh.gw, coh.generation, capex_gw, a(f"{f}.capex_split.{k}"),
                                            it_part=k != "facility") for k in parts}
    slot = np.searchsorted(dep.used, coh.platform)  # each cohort's platform among those in use

    def per_cohort(per_used):  # (draws or 1, used) -> (draws, cohorts)
        if per_used.shape[0] == 1:  # one figure per platform: a plain gather (10x faster on a chunk)
            return per_used[0][slot]
        per_used = np.broadcast_to(per_used, (coh.platform.shape[0], per_used.shape[1]))
        return np.take_along_axis(per_used, slot, axis=1)

    u = {k: per_cohort(v) for k, v in cap.per_unit.items()}
    return costs.bottom_up_capex_usd(dep.facility_gw, per_cohort(cap.per_gw["racks"]), u["price_usd_per_unit"],
                                     u["network_usd_per_unit"], u["other_it_usd_per_unit"],
                                     a(f"{f}.facility_usd_per_mw"), coh.generation, u["vendor_content_share"])


def _capex_events(static, a: Inputs, dep: Deployment, comp: dict[str, np.ndarray]):
    """Capex by component, scattered: flows (GW added, capitalised cost, payments) and spans (construction
    spread over its lead quarters, depreciation of IT and of the facility). Two scatters in all."""
    f, coh, q0, nq = "finance", dep.cohorts, static.q0, static.nq
    lead = {k: a(f"{f}.lead_quarters.{k}") for k in comp}
    it_capex = comp["vendor_systems"] + comp["other_it"]
    first_gen = coh.generation[None, :] == 0
    vs_at, vs_usd = finance.lead_payment(coh.start, comp["vendor_systems"], lead["vendor_systems"], q0)
    oit_at, oit_usd = finance.lead_payment(coh.start, comp["other_it"], lead["other_it"], q0)
    (fac_start, fac_end, fac_per_q), (fac_at, fac_lump) = finance.spread_payment(
        coh.start, comp["facility"], lead["facility"], q0)
    flows_at = np.stack(np.broadcast_arrays(coh.start, coh.start, coh.start, vs_at, oit_at, fac_at), axis=2)
    flows_w = np.stack(np.broadcast_arrays(np.where(first_gen, dep.facility_gw, 0.0), np.where(first_gen, coh.gw, 0.0),
                                           it_capex + comp["facility"], vs_usd, oit_usd, fac_lump), axis=2)
    events = place(flows_at, flows_w, q0, nq)
    # IT is written off by its retirement at the latest: a refresh before the end of its book life.
    it_book_life = np.minimum(a(f"{f}.depreciation_years.it"), a("facility.service_life_years"))
    dep_it = finance.depreciation_schedule(coh.start, it_capex, it_book_life)
    dep_fac = finance.depreciation_schedule(coh.start, comp["facility"], a(f"{f}.depreciation_years.facility"))
    spans = place(np.stack(np.broadcast_arrays(fac_start, dep_it[0], dep_fac[0]), axis=2),
                  np.stack(np.broadcast_arrays(fac_per_q, dep_it[2], dep_fac[2]), axis=2), q0, nq,
                  end=np.stack(np.broadcast_arrays(fac_end, dep_it[1], dep_fac[1]), axis=2))
    return events, spans


def _investment(static, a: Inputs, program_gw_added, d: int):
    """The vendor's cash investment and vested warrant value per quarter. [USD, (draws, quarters)]"""
    inv, q0, nq = "finance.investment", static.q0, static.nq
    if static.investment_kind == "equity":
        cash = finance.tranches_usd(program_gw_added, a(f"{inv}.per_gw_usd"), a(f"{inv}.cap_usd"))
        # A fixed investment dated before the horizon is booked in its first quarter (no money leaves the books).
        cash = cash + flow(np.full((d, 1), max(static.fixed_quarter, q0)), a(f"{inv}.fixed_usd")[:, None], q0, nq)
    else:
        cash = np.zeros((d, nq))
    if static.investment_kind == "warrant":
        vested = np.cumsum(program_gw_added, axis=1) / max(static.planned_gw, 1e-12)
        per_share = np.maximum(a(f"{inv}.vendor_share_price_usd") - a(f"{inv}.warrant_strike_usd"), 0.0)
        warrant = np.diff(np.minimum(vested, 1.0) * (a(f"{inv}.warrant_shares") * per_share)[:, None], axis=1,
                          prepend=0.0)
    else:
        warrant = np.zeros((d, nq))
    return cash, warrant


def _annuity_factors(a: Inputs) -> tuple[np.ndarray, np.ndarray]:
    """Level capital charge per dollar of depreciation, IT and facility (:func:`finance.annuity_factor`)."""
    coc = a("finance.cost_of_capital")
    it_life = np.minimum(a("finance.depreciation_years.it"), a("facility.service_life_years"))
    return (finance.annuity_factor(coc, it_life),
            finance.annuity_factor(coc, a("finance.depreciation_years.facility")))


def money(static, a: Inputs, dep: Deployment, electricity_cost_usd, d: int, cap: Capacity | None = None) -> Money:
    """Capex, the vendor's sales and investment, the customer's stake and costs, required revenue.

    Large chunks run the block compiled in one pass (:func:`_money_compiled`); this numpy version is the
    reference and the path of a deterministic run.
    """
    comp = capex_components(static, a, dep, cap)
    if kernels.compiled(d * static.nq * len(kernels.FINANCE_OUTPUTS)):
        return _money_compiled(static, a, dep, electricity_cost_usd, d, comp)
    f, quarters, nq = "finance", static.quarters, static.nq
    events, spans = _capex_events(static, a, dep, comp)
    s: dict[str, np.ndarray] = {"gw_added": events[:, :, 0]}
    program_gw_added, capitalised = events[:, :, 1], events[:, :, 2]
    s["vendor_system_sales_usd"], other_it_paid = events[:, :, 3], events[:, :, 4]
    facility_paid = spans[:, :, 0] + events[:, :, 5]
    s["depreciation_usd"] = spans[:, :, 1] + spans[:, :, 2]
    s["capex_usd"] = s["vendor_system_sales_usd"] + other_it_paid + facility_paid
    margin = a(f"{f}.vendor_gross_margin")
    s["vendor_gross_profit_usd"] = s["vendor_system_sales_usd"] * margin[:, None]
    cash, warrant = _investment(static, a, program_gw_added, d)
    s["vendor_investment_cash_usd"], s["vendor_warrant_value_usd"] = cash, warrant
    inv = f"{f}.investment"
    s["post_money_valuation_usd"] = finance.post_money_valuation_usd(
        quarters, a(f"{inv}.valuation_usd"), static.valuation_quarter, a(f"{inv}.valuation_growth_per_year"))
    s["vendor_equity_share"] = finance.equity_share(cash, s["post_money_valuation_usd"],
                                                    a(f"{inv}.other_dilution_per_year"))
    s["net_book_value_usd"] = finance.net_book_value_usd(capitalised, s["depreciation_usd"])
    factors = _annuity_factors(a)
    capital = finance.levelised_capital_usd(spans[:, :, 1], spans[:, :, 2], *factors)
    s["opex_usd"] = dep.gw_online * a(f"{f}.opex_usd_per_gw_year")[:, None] / 4.0
    partner = static.buyer_is_partner
    s["lease_usd"] = lease = capital * (1.0 + a(f"{f}.lease_markup")[:, None]) if partner else np.zeros((d, nq))
    s["required_revenue_usd_per_year"] = 4.0 * ((lease if partner else capital) + electricity_cost_usd + s["opex_usd"])
    rev = f"{f}.customer_revenue"
    s["customer_revenue_usd_per_year"] = finance.revenue_path_usd_per_year(
        quarters, a(f"{rev}.start_usd_per_year"), static.revenue_start_year, a(f"{rev}.growth_per_year"),
        a(f"{rev}.growth_decay_per_year"))
    ledger = dict(buyer_is_partner=partner, system_purchases_usd=s["vendor_system_sales_usd"],
                  other_it_usd=other_it_paid, facility_usd=facility_paid, investment_cash_usd=cash,
                  electricity_usd=electricity_cost_usd, opex_usd=s["opex_usd"], lease_usd=lease)
    s["customer_financing_usd"] = finance.financing_usd(**ledger)[0]
    s["customer_capex_usd"] = np.zeros((d, nq)) if partner else s["capex_usd"]
    s["customer_commitments_usd"] = s["customer_capex_usd"] + lease + electricity_cost_usd + s["opex_usd"]
    return Money(s, ledger, margin, program_gw_added)


def _money_compiled(static, a: Inputs, dep: Deployment, electricity_cost_usd, d: int,
                    comp: dict[str, np.ndarray]) -> Money:
    """:func:`money` through :func:`gigawatt.model.kernels.finance`: the same series, keys and ledger."""
    f, inv, rev, quarters = "finance", "finance.investment", "finance.customer_revenue", static.quarters
    pmv = finance.post_money_valuation_usd(quarters, a(f"{inv}.valuation_usd"), static.valuation_quarter,
                                           a(f"{inv}.valuation_growth_per_year"))
    per_draw = {"vendor_gross_margin": a(f"{f}.vendor_gross_margin"), "cost_of_capital": a(f"{f}.cost_of_capital"),
                "opex_usd_per_gw_year": a(f"{f}.opex_usd_per_gw_year"),
                "keep_per_quarter": np.power(1.0 - a(f"{inv}.other_dilution_per_year"), 0.25)}
    zero = np.zeros(1)
    equity, warrant, partner = (static.investment_kind == "equity", static.investment_kind == "warrant",
                                static.buyer_is_partner)
    per_draw |= {"per_gw_usd": a(f"{inv}.per_gw_usd") if equity else zero,
                 "cap_usd": a(f"{inv}.cap_usd") if equity else zero,
                 "fixed_usd": a(f"{inv}.fixed_usd") if equity else zero,
                 "warrant_usd": (a(f"{inv}.warrant_shares") * np.maximum(a(f"{inv}.vendor_share_price_usd") -
                                                                       a(f"{inv}.warrant_strike_usd"), 0.0)
                                 if warrant else zero),
                 "lease_markup": a(f"{f}.lease_markup") if partner else zero}
    per_draw["annuity_factor_it"], per_draw["annuity_factor_facility"] = _annuity_factors(a)
    k = kernels.finance(
        dep.cohorts.start, dep.cohorts.gw, dep.facility_gw, dep.cohorts.generation == 0,
        [comp[c] for c in ("vendor_systems", "other_it", "facility")],
        [a(f"{f}.lead_quarters.{c}") for c in ("vendor_systems", "other_it", "facility")],
        [np.minimum(a(f"{f}.depreciation_years.it"), a("facility.service_life_years")),
         a(f"{f}.depreciation_years.facility")],
        per_draw, pmv, dep.gw_online, electricity_cost_usd, q0=static.q0, nq=static.nq,
        investment_kind=static.investment_kind, fixed_quarter=static.fixed_quarter, planned_gw=static.planned_gw,
        buyer_is_partner=partner)
    s = {n: k[n] for n in ("gw_added", "vendor_system_sales_usd", "depreciation_usd", "capex_usd",
                           "vendor_gross_profit_usd", "vendor_investment_cash_usd", "vendor_warrant_value_usd")}
    s["post_money_valuation_usd"] = pmv
    s |= {n: k[n] for n in ("vendor_equity_share", "net_book_value_usd", "opex_usd", "lease_usd",
                            "required_revenue_usd_per_year")}
    s["customer_revenue_usd_per_year"] = finance.revenue_path_usd_per_year(
        quarters, a(f"{rev}.start_usd_per_year"), static.revenue_start_year, a(f"{rev}.growth_per_year"),
        a(f"{rev}.growth_decay_per_year"))
    s["customer_financing_usd"] = k["customer_financing_usd"]
    s["customer_capex_usd"] = np.zeros((d, static.nq)) if partner else s["capex_usd"]
    s["customer_commitments_usd"] = k["customer_commitments_usd"]
    ledger = dict(buyer_is_partner=partner, system_purchases_usd=s["vendor_system_sales_usd"],
                  other_it_usd=k["other_it_usd"], facility_usd=k["facility_usd"],
                  investment_cash_usd=s["vendor_investment_cash_usd"], electricity_usd=electricity_cost_usd,
                  opex_usd=s["opex_usd"], lease_usd=s["lease_usd"])
    return Money(s, ledger, a(f"{f}.vendor_gross_margin"), k["program_gw_added"])


def ledger(m: Money) -> dict:
    """Every flow of the circular ledger: {(payer, payee, kind): usd (draws, quarters)}."""
    return finance.ledger_flows(vendor_margin=m.margin, warrant_value_usd=m.series["vendor_warrant_value_usd"],
                                **m.ledger)


# --- milestones: when the program is built --------------------------------------------------------------------

def milestones(program_gw_online, program_gw_added, realised_gw, planned_gw: float, q0: int) -> dict[str, np.ndarray]:
    """Full build, the headline quarter, the first GW and the share built, per draw. [(draws,)]

    The realised program is every phase that goes ahead (``realised_gw``); full build is the first quarter
    with all of it online. If the horizon ends first, there is no full build (-1) and the headline is read
    at the horizon's last quarter. Quarters are ordinals, -1 for never. A composite passes the sums of its
    parts: its full build is its last part's.
    """
    nq = program_gw_online.shape[1]
    first_target = np.minimum(1.0, np.maximum(realised_gw, 1e-12))
    d = np.shape(realised_gw)[0]
    if kernels.compiled(program_gw_added.size) and program_gw_added.shape == program_gw_online.shape == (d, nq):
        final, built_at, online_at = kernels.milestone_scan(program_gw_added, program_gw_online,
                                                            realised_gw * (1 - 1e-9), first_target * (1 - 1e-9))
    else:
        built_cum = np.cumsum(program_gw_added, axis=1)
        final = built_cum[:, -1]
        built_at = first_true(built_cum >= realised_gw[:, None] * (1 - 1e-9))
        online_at = first_true(program_gw_online >= first_target[:, None] * (1 - 1e-9))
    reached = (realised_gw > 0) & (final >= realised_gw * (1 - 1e-9))
    full_build = np.where(reached, built_at, -1)
    full = np.where(reached, full_build, np.where(final > 0, nq - 1, -1))
    first_gw = np.where(final > 0, online_at, -1)

    def ordinal(i):
        return np.where(i >= 0, i + q0, -1).astype(float)

    return {"full_build_quarter": ordinal(full_build), "headline_quarter": ordinal(full),
            "first_gw_quarter": ordinal(first_gw), "program_gw_built": final,
            "completed_share": final / max(planned_gw, 1e-12)}
