"""The orchestrator: scenario -> inputs -> deployment -> capacity -> energy -> compute -> finance -> Results.

``simulate()`` is the only place that wires the model's stages together (DESIGN.md section 2). The work
is split in two so that Monte Carlo rides on the same code: :func:`prepare` turns a validated scenario into
the fixed, non-sampled structure of the program (:class:`Static`), and :func:`evaluate` runs every stage
on a mapping of input arrays shaped (draws,), returning arrays shaped (draws, quarters) and (draws,).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Mapping

import numpy as np

from gigawatt import catalog, fields, timeline
from gigawatt.model import capacity, compute, deployment, energy, finance
from gigawatt.model.timegrid import at_index, first_true, flow, place

PRECISIONS = catalog.PRECISIONS


@dataclass(frozen=True)
class Static:
    """What does not vary between draws: the time grid, the planned phases, the catalog, references."""

    name: str
    q0: int
    nq: int
    phase_gw: np.ndarray         # (phases,) in the program's basis
    phase_online: np.ndarray     # (phases,) planned quarter ordinals
    phase_platform: np.ndarray   # (phases,) catalog index, AUTO, or INHERIT (the program's platform)
    program_platform: int        # catalog index or AUTO
    platform_names: tuple[str, ...]
    available: np.ndarray        # (platforms,)
    eligible: np.ndarray         # (platforms,) bool: what `auto` may pick
    basis_is_it: bool
    buyer_is_partner: bool
    investment_kind: str
    valuation_quarter: int
    fixed_quarter: int
    revenue_start_year: int
    planned_gw: float
    precision: str               # precision of delivered compute
    refs: Mapping[str, float]

    @property
    def quarters(self) -> np.ndarray:
        return np.arange(self.q0, self.q0 + self.nq)

    @property
    def labels(self) -> list[str]:
        return timeline.labels(self.q0, self.q0 + self.nq - 1)


INHERIT = -2


def _platform_index(names: tuple[str, ...], name: str | None) -> int:
    if name is None:
        return INHERIT
    return deployment.AUTO if name == "auto" else names.index(name)


def reference_figures(state: str) -> dict[str, float]:
    """Sourced comparison figures the model reads (gigawatt/data)."""
    h100 = catalog.platforms()["h100-hgx"]
    return {
        "reactor_net_capacity_gw": catalog.value("nuclear-reactor", "net_capacity_gw"),
        "reactor_capacity_factor": catalog.value("nuclear-reactor", "capacity_factor"),
        "household_kwh_per_year": catalog.value("us-household", "electricity_kwh_per_year"),
        "state_twh_per_year": catalog.us_states()[state].number,
        "h100_dense_flops": h100.get("bf16_dense_pflops_per_gpu") * 1e15,
        "h100_dense_fp8_flops": h100.get("fp8_dense_pflops_per_gpu") * 1e15,
    }


def prepare(scn) -> Static:
    """The fixed structure of a validated scenario."""
    cat = catalog.platforms()
    names = tuple(cat)
    q0, q1 = scn.horizon_quarters
    phases = scn.phases()
    program = scn.program
    raw_phase_platforms = [ph.platform for ph in program.phases] if program.phases else [None] * len(phases)
    inv = scn.finance.investment
    return Static(
        name=scn.name, q0=q0, nq=q1 - q0 + 1,
        phase_gw=np.array([g for g, _, _ in phases], dtype=float),
        phase_online=np.array([q for _, q, _ in phases], dtype=np.int64),
        phase_platform=np.array([_platform_index(names, p) for p in raw_phase_platforms], dtype=np.int64),
        program_platform=_platform_index(names, program.platform),
        platform_names=names,
        available=np.array([p.available for p in cat.values()], dtype=np.int64),
        eligible=np.array([p.vendor == program.vendor and p.auto_eligible for p in cat.values()]),
        basis_is_it=program.capacity_basis == "it",
        buyer_is_partner=scn.finance.buyer == "cloud_partner",
        investment_kind=inv.kind,
        valuation_quarter=timeline.parse_quarter(inv.valuation_date),
        fixed_quarter=timeline.parse_quarter(inv.fixed_date),
        revenue_start_year=scn.finance.customer_revenue.start_year,
        planned_gw=float(sum(g for g, _, _ in phases)),
        precision=scn.compute.precision,
        refs=reference_figures(scn.energy.comparison_state),
    )


def inputs(scn) -> dict[str, np.ndarray]:
    """The deterministic inputs: every numeric field as an array of one draw."""
    values = fields.numeric_values(scn)
    values.update({k: v for k, v in fields.fixed_values(scn).items() if k not in fields.CATEGORICAL})
    return {k: np.array([v], dtype=float) for k, v in values.items()}


def _gather(per_platform: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``per_platform[d, index[d, c]]`` for (draws or 1, platforms) by (draws, cohorts)."""
    if per_platform.shape[0] == 1:
        return per_platform[0][index]
    return np.take_along_axis(per_platform, index, axis=1)


def _per_platform(static: Static, p: Mapping[str, np.ndarray], quantity: str) -> np.ndarray:
    cols = [np.asarray(p[f"hardware.{n}.{quantity}"], dtype=float) for n in static.platform_names]
    d = max(c.shape[0] for c in cols)
    return np.stack([np.broadcast_to(c, (d,)) for c in cols], axis=1)


def _mix(gw_by_platform, per_gw):
    """Sum over platforms of GW (draws, quarters, used) times a per-GW figure (draws or 1, used). [(draws, quarters)]

    A platform whose figure is unpublished (NaN) makes the sum unknown only where it has GW online.
    """
    out = np.zeros(gw_by_platform.shape[:2])
    for k in range(gw_by_platform.shape[2]):
        gw, per = gw_by_platform[:, :, k], per_gw[:, k, None]
        term = gw * per
        if np.isnan(per).any():
            term = np.where(gw != 0, term, 0.0)
        out += term
    return out


def evaluate(static: Static, p: Mapping[str, np.ndarray], *, detail: bool = False,
             series: Collection[str] | None = None) -> dict[str, np.ndarray]:
    """Run every stage on input arrays shaped (draws,) (or (1,) for fixed inputs).

    Returns quarterly series shaped (draws, quarters) and per-draw figures shaped (draws,); with ``detail``
    also the GW by platform (draws, quarters, platforms) and the ledger's flows. ``series`` names the
    quarterly series needed in full (default: all); hardware and fleet figures not named are computed on
    the full-build quarter only, in ``out["at_full_build"]`` (what the headline reads; a Monte Carlo saves
    a sixth of its time this way).
    """

    def wanted(name: str) -> bool:
        return series is None or detail or name in series

    d = max(np.asarray(v).shape[0] for v in p.values())

    def a(path):  # an input as a (draws,) array
        return np.broadcast_to(np.asarray(p[path], dtype=float), (d,))

    q0, nq = static.q0, static.nq
    quarters = static.quarters
    out: dict[str, np.ndarray] = {}

    # --- deployment -------------------------------------------------------------------------------------
    online, goes_ahead = deployment.phase_schedule(static.phase_online, a("program.delay_quarters"),
                                                   a("program.continue_probability"), a("program.continue_draw"))
    program_platform = (np.asarray(p["program.platform"], dtype=np.int64) if "program.platform" in p
                        else np.full(1, static.program_platform))
    phase_platform = np.where(static.phase_platform[None, :] == INHERIT,
                              np.broadcast_to(program_platform, (d,))[:, None], static.phase_platform[None, :])
    coh = deployment.cohorts(static.phase_gw, online, goes_ahead, phase_platform, a("facility.service_life_years"),
                             static.available, static.eligible, q0 + nq - 1)
    pue = a("facility.pue")[:, None]
    fac_gw = deployment.facility_gw(coh.gw, pue, static.basis_is_it)
    first_gen = coh.generation[None, :] == 0

    # Every hardware stock is facility GW times a per-platform factor, so one scatter of GW by the
    # platforms in use (draws, quarters, used) carries them all.
    k_all = len(static.platform_names)
    used = np.flatnonzero(np.bincount(coh.platform.ravel(), minlength=k_all))
    gw_used = place(coh.start, np.where(coh.platform[:, :, None] == used, fac_gw[:, :, None], 0.0), q0, nq,
                    end=coh.end)
    out["gw_online"] = gw_used.sum(axis=2)
    out["program_gw_online"] = out["gw_online"] / pue if static.basis_is_it else out["gw_online"]
    if detail:
        out["gw_by_platform"] = np.zeros((d, nq, k_all))
        out["gw_by_platform"][:, :, used] = gw_used

    # --- capacity ------------------------------------------------------------------------------------
    def per_gw(quantity):  # (draws or 1, used) per-platform figure
        return _per_platform(static, p, quantity)[:, used]

    it_per_gw = capacity.it_power_gw(1.0, pue)
    units_per_gw = capacity.racks(capacity.rack_power_gw(it_per_gw, a("facility.non_rack_it_overhead")[:, None]),
                                  per_gw("unit_power_kw"))
    packages_per_gw = capacity.gpus(units_per_gw, per_gw("gpu_packages_per_unit"))
    out["it_power_gw"] = out["gw_online"] * it_per_gw
    per_gw_figures = {"racks": units_per_gw, "gpus": packages_per_gw,
                      "gpu_dies": capacity.gpus(units_per_gw, per_gw("gpu_dies_per_unit"))}
    for prec in PRECISIONS:  # unpublished precisions count as none
        per_gw_figures[f"peak_dense_{prec}_flops"] = compute.peak_flops(
            packages_per_gw, np.nan_to_num(per_gw(f"{prec}_dense_pflops_per_gpu")))
    # Fleet metrics per quarter (when asked) need these hardware series in full.
    fleet_full = series is None or detail or not set(FLEET_METRICS).isdisjoint(series)
    need = {"gpus", "peak_dense_bf16_flops", f"peak_dense_{static.precision}_flops"} if fleet_full else set()
    for name, per in per_gw_figures.items():
        if wanted(name) or name in need:
            out[name] = _mix(gw_used, per)

    # --- energy ----------------------------------------------------------------------------------------
    lf = a("facility.load_factor")[:, None]
    out["energy_twh"] = energy.energy_twh(out["gw_online"], lf, timeline.HOURS_PER_QUARTER)
    out["annual_energy_twh"] = energy.energy_twh(out["gw_online"], lf, timeline.HOURS_PER_YEAR)
    out["electricity_cost_usd"] = energy.electricity_cost_usd(out["energy_twh"], a("energy.price_usd_per_mwh")[:, None])

    # --- compute, carbon, water: per quarter where asked, else only at full build (below) -----------
    if fleet_full:
        out.update(fleet_metrics(out, a, static))
    # --- finance -----------------------------------------------------------------------------------------
    f = "finance"
    capex_gw = a(f"{f}.capex_usd_per_gw")
    split = {k: a(f"{f}.capex_split.{k}") for k in ("vendor_systems", "other_it", "facility")}
    lead = {k: a(f"{f}.lead_quarters.{k}") for k in split}
    comp = {k: finance.cohort_capex_usd(coh.gw, coh.generation, capex_gw, split[k], it_part=k != "facility")
            for k in split}
    it_capex = comp["vendor_systems"] + comp["other_it"]
    life = a(f"{f}.depreciation_years.it"), a(f"{f}.depreciation_years.facility")
    # All cohort events in two scatters: flows (GW added, capitalised cost, payments) and stocks
    # (construction spread over its lead quarters, depreciation of IT and of the facility).
    vs_at, vs_usd = finance.lead_payment(coh.start, comp["vendor_systems"], lead["vendor_systems"], q0)
    oit_at, oit_usd = finance.lead_payment(coh.start, comp["other_it"], lead["other_it"], q0)
    (fac_start, fac_end, fac_per_q), (fac_at, fac_lump) = finance.spread_payment(
        coh.start, comp["facility"], lead["facility"], q0)
    flows_at = np.stack(np.broadcast_arrays(coh.start, coh.start, coh.start, vs_at, oit_at, fac_at), axis=2)
    flows_w = np.stack(np.broadcast_arrays(np.where(first_gen, fac_gw, 0.0), np.where(first_gen, coh.gw, 0.0),
                                           it_capex + comp["facility"], vs_usd, oit_usd, fac_lump), axis=2)
    events = place(flows_at, flows_w, q0, nq)
    out["gw_added"], program_gw_added, capitalised = events[:, :, 0], events[:, :, 1], events[:, :, 2]
    out["vendor_system_sales_usd"], other_it_paid = events[:, :, 3], events[:, :, 4]
    # IT is written off by its retirement at the latest: a refresh before the end of its book life.
    it_book_life = np.minimum(life[0], a("facility.service_life_years"))
    dep_it, dep_fac = (finance.depreciation_schedule(coh.start, it_capex, it_book_life),
                       finance.depreciation_schedule(coh.start, comp["facility"], life[1]))
    spans = place(np.stack(np.broadcast_arrays(fac_start, dep_it[0], dep_fac[0]), axis=2),
                  np.stack(np.broadcast_arrays(fac_per_q, dep_it[2], dep_fac[2]), axis=2), q0, nq,
                  end=np.stack(np.broadcast_arrays(fac_end, dep_it[1], dep_fac[1]), axis=2))
    facility_paid = spans[:, :, 0] + events[:, :, 5]
    out["depreciation_usd"] = dep = spans[:, :, 1] + spans[:, :, 2]
    out["capex_usd"] = out["vendor_system_sales_usd"] + other_it_paid + facility_paid
    margin = a(f"{f}.vendor_gross_margin")
    out["vendor_gross_profit_usd"] = out["vendor_system_sales_usd"] * margin[:, None]

    inv = f"{f}.investment"
    if static.investment_kind == "equity":
        cash = finance.tranches_usd(program_gw_added, a(f"{inv}.per_gw_usd"), a(f"{inv}.cap_usd"))
        # A fixed investment dated before the horizon is booked in its first quarter (no money leaves the books).
        cash = cash + flow(np.full((d, 1), max(static.fixed_quarter, q0)), a(f"{inv}.fixed_usd")[:, None], q0, nq)
    else:
        cash = np.zeros((d, nq))
    if static.investment_kind == "warrant":
        vested = np.cumsum(program_gw_added, axis=1) / max(static.planned_gw, 1e-12)
        per_share = np.maximum(a(f"{inv}.vendor_share_price_usd") - a(f"{inv}.warrant_strike_usd"), 0.0)
        warrant_value = np.diff(np.minimum(vested, 1.0) * (a(f"{inv}.warrant_shares") * per_share)[:, None],
                                axis=1, prepend=0.0)
    else:
        warrant_value = np.zeros((d, nq))
    out["vendor_investment_cash_usd"] = cash
    out["vendor_warrant_value_usd"] = warrant_value
    out["post_money_valuation_usd"] = finance.post_money_valuation_usd(
        quarters, a(f"{inv}.valuation_usd"), static.valuation_quarter, a(f"{inv}.valuation_growth_per_year"))
    out["vendor_equity_share"] = finance.equity_share(cash, out["post_money_valuation_usd"],
                                                      a(f"{inv}.other_dilution_per_year"))

    out["net_book_value_usd"] = finance.net_book_value_usd(capitalised, dep)
    coc = a(f"{f}.cost_of_capital")
    carrying = finance.carrying_cost_usd(dep, out["net_book_value_usd"], coc)
    out["opex_usd"] = out["gw_online"] * a(f"{f}.opex_usd_per_gw_year")[:, None] / 4.0
    lease = carrying * (1.0 + a(f"{f}.lease_markup")[:, None]) if static.buyer_is_partner else np.zeros((d, nq))
    out["lease_usd"] = lease
    fleet_cost = lease if static.buyer_is_partner else carrying
    out["required_revenue_usd_per_year"] = 4.0 * (fleet_cost + out["electricity_cost_usd"] + out["opex_usd"])
    rev = f"{f}.customer_revenue"
    out["customer_revenue_usd_per_year"] = finance.revenue_path_usd_per_year(
        quarters, a(f"{rev}.start_usd_per_year"), static.revenue_start_year, a(f"{rev}.growth_per_year"),
        a(f"{rev}.growth_decay_per_year"))
    out["revenue_covers_year"] = finance.first_covering_year(out["customer_revenue_usd_per_year"],
                                                             out["required_revenue_usd_per_year"], quarters)

    money = dict(buyer_is_partner=static.buyer_is_partner, system_purchases_usd=out["vendor_system_sales_usd"],
                 other_it_usd=other_it_paid, facility_usd=facility_paid, investment_cash_usd=cash,
                 electricity_usd=out["electricity_cost_usd"], opex_usd=out["opex_usd"], lease_usd=lease)
    if detail:  # the whole ledger
        flows = finance.ledger_flows(vendor_margin=margin, warrant_value_usd=warrant_value, **money)
        out["customer_financing_usd"] = flows[("financiers", "customer", "financing")]
    else:
        out["customer_financing_usd"] = finance.financing_usd(**money)[0]
    customer_capex = np.zeros((d, nq)) if static.buyer_is_partner else out["capex_usd"]
    out["customer_commitments_usd"] = customer_capex + lease + out["electricity_cost_usd"] + out["opex_usd"]
    if detail:
        out["flows"] = flows  # type: ignore[assignment]

    # --- headline figures: at full build (first quarter with the whole realised program online) -----------
    # The realised program is every phase that goes ahead; if the horizon ends before all of it is online,
    # there is no full build and the headline is read at the horizon's last quarter instead.
    built = out["program_gw_online"]
    built_cum = np.cumsum(program_gw_added, axis=1)
    final = built_cum[:, -1]
    realised = (goes_ahead * static.phase_gw[None, :]).sum(axis=1)
    reached = (realised > 0) & (final >= realised * (1 - 1e-9))
    full_build = np.where(reached, first_true(built_cum >= realised[:, None] * (1 - 1e-9)), -1)
    full = np.where(reached, full_build, np.where(final > 0, nq - 1, -1))  # the headline quarter
    first_target = np.minimum(1.0, np.maximum(realised, 1e-12))
    first_gw = np.where(final > 0, first_true(built >= first_target[:, None] * (1 - 1e-9)), -1)
    out["full_build_quarter"] = np.where(full_build >= 0, full_build + q0, -1).astype(float)
    out["headline_quarter"] = np.where(full >= 0, full + q0, -1).astype(float)
    out["first_gw_quarter"] = np.where(first_gw >= 0, first_gw + q0, -1).astype(float)
    out["program_gw_built"] = final
    out["completed_share"] = final / max(static.planned_gw, 1e-12)
    cum = lambda x: at_index(np.cumsum(x, axis=1), full)  # noqa: E731 - cumulative through full build
    out["capex_total_usd"] = cum(out["capex_usd"])
    sales = cum(out["vendor_system_sales_usd"])
    out["vendor_system_sales_total_usd"] = sales
    out["vendor_gross_profit_total_usd"] = sales * margin
    cash_total, warrant_total = cum(cash), cum(warrant_value)
    out["vendor_investment_total_usd"] = cash_total + warrant_total
    out["vendor_net_cash_total_usd"] = sales * margin - cash_total
    with np.errstate(divide="ignore", invalid="ignore"):
        out["round_trip_ratio"] = (cash_total + warrant_total) / sales
    out["customer_funding_gap_total_usd"] = np.maximum(cum(customer_capex) - cash_total, 0.0)
    if not fleet_full or any(k not in out for k in per_gw_figures):
        # Only the headline reads these: compute them on the full-build quarter alone.
        idx = np.clip(full, 0, nq - 1)[:, None]
        gw_fb = np.take_along_axis(gw_used, idx[:, :, None], axis=1)  # (draws, 1, used)
        fb = {k: np.take_along_axis(out[k], idx, axis=1) for k in ("energy_twh",) + tuple(per_gw_figures)
              if k in out}
        fb.update({k: _mix(gw_fb, per) for k, per in per_gw_figures.items() if k not in fb})
        fb.update(fleet_metrics(fb, a, static))
        out["at_full_build"] = {k: np.where(full >= 0, v[:, 0], np.nan) for k, v in fb.items()  # type: ignore
                                if k not in out}
    return out


# Per-quarter figures derived from the fleet and its energy (not needed in full by a Monte Carlo).
FLEET_METRICS = ("carbon_mt", "water_gl", "h100_equivalents", "delivered_flops", "reference_run_days",
                 "tokens_per_s", "tokens_per_user_week", "interruptions_per_day")


def fleet_metrics(base: Mapping[str, np.ndarray], a, static: Static) -> dict[str, np.ndarray]:
    """Carbon, water and compute figures from the fleet's peak FLOP/s, GPUs and energy.

    ``base`` arrays are shaped (draws, quarters) or (draws, 1); ``a(path)`` gives an input as (draws,).
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
    with np.errstate(divide="ignore", invalid="ignore"):
        out["reference_run_days"] = compute.training_run_days(a("compute.reference_run_flop")[:, None],
                                                              out["delivered_flops"])
    out["tokens_per_s"] = compute.tokens_per_s(out["delivered_flops"], a("compute.reference_model_active_params")[:, None])
    out["tokens_per_user_week"] = compute.tokens_per_user_week(out["tokens_per_s"], a("compute.weekly_users")[:, None])
    return out


def simulate(scn, draws: int = 1, seed: int = 0, **kwargs):
    """Simulate a scenario: one deterministic draw (default) or a Monte Carlo of ``draws``.

    ``scn`` is a :class:`~gigawatt.scenario.Scenario` or a built-in name / path.
    """
    from gigawatt.results import Results
    from gigawatt.scenario import Scenario, load_scenario

    if not isinstance(scn, Scenario):
        scn = load_scenario(scn)
    if scn.include:  # a composite: its parts are simulated and combined (portfolio.py)
        from gigawatt import portfolio

        return portfolio.simulate(scn, draws=draws)
    if draws != 1:
        from gigawatt import montecarlo

        return montecarlo.run(scn, draws=draws, seed=seed, **kwargs)
    static = prepare(scn)
    return Results(scenario=scn, static=static, data=evaluate(static, inputs(scn), detail=True))
