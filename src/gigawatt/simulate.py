"""One program: scenario -> inputs -> deployment -> capacity -> energy -> compute -> finance -> milestones.

This is the only place that wires the model's stages (:mod:`gigawatt.stages`) together (DESIGN.md
section 2). :func:`prepare` turns a validated scenario into the fixed, non-sampled structure of the
program (:class:`Static`); :func:`evaluate` runs every stage on a mapping of input arrays shaped (draws,),
returning arrays shaped (draws, quarters) and (draws,). :class:`Program` bundles both with the scenario's
uncertainty for the engines (a deterministic run, a Monte Carlo, a sensitivity analysis), which
:mod:`gigawatt.api` picks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Collection, Mapping

import numpy as np

from gigawatt import catalog, fields, stages, timeline
from gigawatt.headline import headline_arrays
from gigawatt.model import deployment
from gigawatt.stages import FLEET_METRICS, INHERIT, fleet_metrics

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
    capex_top_down: bool         # finance.capex_usd_per_gw set: capex per GW split in shares, not bottom-up
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
        capex_top_down=scn.finance.capex_usd_per_gw is not None,
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


def evaluate(static: Static, p: Mapping[str, np.ndarray], *, detail: bool = False,
             series: Collection[str] | None = None) -> dict[str, Any]:
    """Run every stage on input arrays shaped (draws,) (or (1,) for fixed inputs).

    Returns quarterly series shaped (draws, quarters) and per-draw figures shaped (draws,); with ``detail``
    also the GW by platform (draws, quarters, platforms) and the ledger's flows. ``series`` names the
    quarterly series needed in full (default: all); hardware and fleet figures not named are computed on
    the headline quarter only, in ``out["at_full_build"]`` (what the headline reads; a Monte Carlo saves a
    sixth of its time this way).
    """
    d = max(np.asarray(v).shape[0] for v in p.values())

    def a(path):  # an input as a (draws,) array
        return np.broadcast_to(np.asarray(p[path], dtype=float), (d,))

    dep = stages.deploy(static, p, a, d)
    cap = stages.hardware_per_gw(static, p, a, dep)
    out: dict[str, Any] = {"gw_online": dep.gw_online, "program_gw_online": dep.program_gw_online,
                           "it_power_gw": dep.gw_online * cap.it_per_gw}
    # Hardware and fleet series in full where asked (a Monte Carlo asks for few): else at the headline only.
    full = series is None or detail or not set(FLEET_METRICS).isdisjoint(series)
    need = {"gpus", "peak_dense_bf16_flops", f"peak_dense_{static.precision}_flops"} if full else set()
    out.update({k: stages.mix(dep.gw_used, per) for k, per in cap.per_gw.items()
                if full or k in need or k in series})
    out.update(stages.energy_series(dep, a))
    if full:
        out.update(fleet_metrics(out, a, static))
    m = stages.money(static, a, dep, out["electricity_cost_usd"], d, cap)
    out.update(m.series)
    out["program_gw_added"] = m.program_gw_added
    realised = (dep.goes_ahead * static.phase_gw[None, :]).sum(axis=1)
    out["program_gw_realised"] = realised
    out.update(stages.milestones(dep.program_gw_online, m.program_gw_added, realised, static.planned_gw, static.q0))
    if detail:
        out["gw_by_platform"] = np.zeros((d, static.nq, len(static.platform_names)))
        out["gw_by_platform"][:, :, dep.used] = dep.gw_used
        out["flows"] = stages.ledger(m)
    if any(k not in out for k in cap.per_gw) or not full:
        out["at_full_build"] = _at_headline(out, dep, cap, a, static)
    return out


def _at_headline(out, dep, cap, a, static) -> dict[str, np.ndarray]:
    """Hardware and fleet figures on the headline quarter alone (draws,), for those not computed in full."""
    hq = np.asarray(out["headline_quarter"])
    idx = np.where(hq >= 0, hq - static.q0, -1).astype(np.int64)
    col = np.clip(idx, 0, static.nq - 1)[:, None]
    gw_at = np.take_along_axis(dep.gw_used, col[:, :, None], axis=1)  # (draws, 1, used)
    fb = {k: np.take_along_axis(out[k], col, axis=1) for k in ("energy_twh",) + tuple(cap.per_gw) if k in out}
    fb.update({k: stages.mix(gw_at, per) for k, per in cap.per_gw.items() if k not in fb})
    fb.update(fleet_metrics(fb, a, static))
    return {k: np.where(idx >= 0, v[:, 0], np.nan) for k, v in fb.items() if k not in out}


def sampled_inputs(scn) -> tuple[list, np.ndarray | None]:
    """The distributions a Monte Carlo draws, in stream order, and their rank-correlation matrix.

    When phases may be cancelled (``program.continue_probability`` below 1, fixed or uncertain), the
    hidden uniform ``program.continue_draw`` that decides it joins the stream, uncorrelated, last.
    """
    from gigawatt import uncertainty

    dists = fields.distributions(scn)
    corr = fields.correlation_matrix(scn, dists)
    fixed = fields.fixed_values(scn)
    uncertain = {d.path for d in dists}
    p_continue = float(fixed.get("program.continue_probability", scn.program.continue_probability))
    if "program.continue_probability" in uncertain or p_continue < 1.0:
        dists = dists + [uncertainty.parse_distribution("program.continue_draw",
                                                        {"dist": "uniform", "low": 0.0, "high": 1.0})]
        if corr is not None:
            k = len(dists)
            grown = np.eye(k)
            grown[: k - 1, : k - 1] = corr
            corr = grown
    return dists, corr


@dataclass(frozen=True)
class Program:
    """One program as the engines see it: its structure, fixed inputs and the distributions of the rest."""

    scenario: Any
    static: Static
    base: Mapping[str, np.ndarray]
    dists: tuple
    correlation: np.ndarray | None

    @classmethod
    def of(cls, scn) -> "Program":
        static = prepare(scn)
        base = inputs(scn)
        fixed = fields.fixed_values(scn)
        if "program.platform" in fixed:  # a fixed choice of platform (the catalog index of its name)
            base = dict(base) | {"program.platform": np.array([platform_code(static, fixed["program.platform"])])}
        dists, corr = sampled_inputs(scn)
        return cls(scn, static, base, tuple(dists), corr)

    @property
    def name(self) -> str:
        return self.static.name

    def evaluate(self, draws: Mapping[str, np.ndarray] | None = None, *, detail: bool = False,
                 series: Collection[str] | None = None) -> dict[str, Any]:
        """The model on the fixed inputs with ``draws`` (path -> (n,) array) in place of some of them."""
        return evaluate(self.static, params(self.base, self.static, draws), detail=detail, series=series)

    def headline(self, data) -> dict[str, np.ndarray]:
        return headline_arrays(data, self.static)

    def run(self):
        """The deterministic run."""
        from gigawatt.results import Results

        return Results(scenario=self.scenario, static=self.static, data=self.evaluate(detail=True))


def platform_code(static: Static, name: str) -> int:
    return deployment.AUTO if name == "auto" else static.platform_names.index(name)


def params(base: Mapping[str, np.ndarray], static: Static, draws: Mapping[str, np.ndarray] | None):
    """Fixed inputs with drawn ones in place; a drawn platform (a name) becomes its catalog index."""
    p = dict(base)
    for path, values in (draws or {}).items():
        if path == "program.platform":
            uniq, inverse = np.unique(values, return_inverse=True)
            p[path] = np.array([platform_code(static, str(v)) for v in uniq], dtype=np.int64)[inverse]
        else:
            p[path] = values
    return p

