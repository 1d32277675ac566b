"""Composite scenarios: a program made of other scenarios (``include: [...]``).

A composite (e.g. ``openai-portfolio``) does not copy its parts: :class:`Composite` evaluates each
included scenario (on the composite's horizon, with its ``parts:`` overrides) on the same draws and
combines them per draw by the output schema's rules (``combine`` in data/outputs.csv): additive series are
summed; hardware series are summed over the parts whose hardware is published; series that do not add are
rebuilt from the sums with the model's own functions and the composite's inputs (the customer's revenue
path is the composite's own ``finance.customer_revenue``: one company's revenue beside the whole program);
the headline figures then follow from the combined series exactly as for one program.

Under uncertainty a path that several parts make uncertain is drawn once, as one rank: each part maps that
rank through its own distribution, so a common input (PUE, delays, cancellation) moves the parts together
while each keeps its own range. In the combined ledger the party ``vendor`` of each part is renamed to that
part's vendor (``nvidia``, ``amd``, ...), so it shows who pays whom across deals and still balances.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Collection, Mapping

import numpy as np

from gigawatt import outputs, stages
from gigawatt.errors import InputError
from gigawatt.headline import headline_arrays
from gigawatt.model import finance
from gigawatt.present import plain
from gigawatt.results import Results
from gigawatt.simulate import Program, reference_figures
from gigawatt.uncertainty import Distribution


@dataclass(repr=False)  # keep the compact notebook repr of Results
class PortfolioResults(Results):
    """A composite's combined run, with each part's own :class:`Results`."""

    parts: list = field(default_factory=list)

    def vendor_of(self, part: Results) -> str:
        return part.scenario.program.vendor

    def by_vendor(self) -> dict[str, dict[str, Any]]:
        """Per vendor, through the portfolio's full build: GW, sales, gross profit, investment, stake."""
        full = int(self.data["full_build_quarter"][0] - self.static.q0) if self.data["full_build_quarter"][0] >= 0 \
            else self.static.nq - 1
        out: dict[str, dict[str, Any]] = {}
        for part in self.parts:
            d = part.data
            cum = {k: float(np.cumsum(d[k][0])[full]) for k in
                   ("vendor_system_sales_usd", "vendor_gross_profit_usd", "vendor_investment_cash_usd",
                    "vendor_warrant_value_usd")}
            v = out.setdefault(self.vendor_of(part), {
                "parts": [], "gw": 0.0, "vendor_system_sales_usd": 0.0, "vendor_gross_profit_usd": 0.0,
                "vendor_investment_cash_usd": 0.0, "vendor_warrant_value_usd": 0.0, "vendor_equity_share": 0.0})
            v["parts"].append(part.scenario.name)
            v["gw"] += float(d["gw_online"][0, full])
            for k, x in cum.items():
                v[k] += x
            v["vendor_equity_share"] += float(d["vendor_equity_share"][0, full])
        for v in out.values():
            v["vendor_investment_usd"] = v["vendor_investment_cash_usd"] + v["vendor_warrant_value_usd"]
            v["vendor_net_cash_usd"] = v["vendor_gross_profit_usd"] - v["vendor_investment_cash_usd"]
            sales = v["vendor_system_sales_usd"]
            v["round_trip_ratio"] = v["vendor_investment_usd"] / sales if sales > 0 else None
            for k, x in v.items():
                v[k] = plain(x) if k != "parts" else x
        return out

    def hardware_unknown(self) -> list[str]:
        """Parts whose hardware counts are unknown (excluded from GPU and FLOP/s totals)."""
        return [p.scenario.name for p in self.parts if not np.isfinite(p.data["gpus"][0]).all()]

    def headline(self) -> dict[str, Any]:
        h = super().headline()
        h["by_vendor"] = self.by_vendor()
        h["hardware_unknown_parts"] = self.hardware_unknown()
        return h

    def to_json(self) -> dict[str, Any]:
        out = super().to_json()
        out["parts"] = [{"scenario": p.scenario.name, "vendor": self.vendor_of(p), "buyer": p.scenario.finance.buyer,
                         "summary": p.headline()} for p in self.parts]
        out["by_year"] = self.by_year()
        return out



def _rename(flows: dict, vendor: str) -> dict:
    return {tuple(vendor if p == "vendor" else p for p in key[:2]) + (key[2],): v for key, v in flows.items()}


def _union_inputs(parts: list[Program]) -> tuple[tuple[Distribution, ...], np.ndarray | None]:
    """One rank (a uniform) per path any part draws, and the rank correlations the parts give them."""
    paths: list[str] = []
    for part in parts:
        paths += [d.path for d in part.dists if d.path not in paths]
    index = {p: i for i, p in enumerate(paths)}
    corr = np.eye(len(paths))
    for part in parts:
        if part.correlation is None:
            continue
        ix = [index[d.path] for d in part.dists]
        for a, i in enumerate(ix):
            for b, j in enumerate(ix):
                v = part.correlation[a, b]
                if i != j and corr[i, j] not in (0.0, v):
                    raise InputError("correlations", f"{part.name} correlates {paths[i]} and {paths[j]} at {v:g}; "
                                                     f"another part says {corr[i, j]:g}")
                corr[i, j] = v if i != j else 1.0
    ranks = tuple(Distribution(p, "uniform", {"low": 0.0, "high": 1.0}) for p in paths)
    return ranks, (None if np.array_equal(corr, np.eye(len(paths))) else corr)


@dataclass(frozen=True)
class Composite:
    """A composite as the engines see it: its parts and the ranks they draw."""

    scenario: Any
    static: Any
    parts: tuple[Program, ...]
    dists: tuple
    correlation: np.ndarray | None

    @classmethod
    def of(cls, scn) -> "Composite":
        parts = [Program.of(p) for p in scn.part_scenarios]
        first = parts[0].static
        static = dataclasses.replace(first, name=scn.name, planned_gw=sum(p.static.planned_gw for p in parts),
                                     refs=reference_figures(scn.energy.comparison_state))
        dists, corr = _union_inputs(parts)
        return cls(scn, static, tuple(parts), dists, corr)

    @property
    def name(self) -> str:
        return self.static.name

    def input_value(self, path: str, rank):
        """What a shared rank means: the value the first part that draws ``path`` takes at it (for display)."""
        for part in self.parts:
            for d in part.dists:
                if d.path == path:
                    return d.ppf(np.array([float(rank)]))[0]
        return rank

    def part_draws(self, part: Program, ranks: Mapping[str, np.ndarray] | None) -> dict[str, np.ndarray]:
        """A part's own draws: each of its distributions at the shared rank of its path."""
        if not ranks:
            return {}
        return {d.path: d.ppf(ranks[d.path]) for d in part.dists}

    def evaluate(self, draws: Mapping[str, np.ndarray] | None = None, *, detail: bool = False,
                 series: Collection[str] | None = None) -> dict[str, Any]:
        """Every part on the same draws (ranks), combined per draw. ``series`` is accepted and ignored: the
        parts give their series in full, since the composite reads them at its own full build."""
        data = [p.evaluate(self.part_draws(p, draws), detail=detail) for p in self.parts]
        return combine(self, data, detail=detail)

    def headline(self, data) -> dict[str, np.ndarray]:
        return headline_arrays(data, self.static)

    def run(self) -> "PortfolioResults":
        """The deterministic run, with each part's own results."""
        data = [p.evaluate(detail=True) for p in self.parts]
        parts = [Results(scenario=p.scenario, static=p.static, data=d) for p, d in zip(self.parts, data)]
        return PortfolioResults(scenario=self.scenario, static=self.static, data=combine(self, data, detail=True),
                                parts=parts)


def _rebuild(comp: Composite, data: dict, d: int) -> dict[str, np.ndarray]:
    """Series that do not add: recomputed from the combined ones with the composite's own inputs."""
    scn, static = comp.scenario, comp.static
    rev = scn.finance.customer_revenue
    out = {"customer_revenue_usd_per_year": np.broadcast_to(finance.revenue_path_usd_per_year(
        static.quarters, np.array([rev.start_usd_per_year]), rev.start_year, np.array([rev.growth_per_year]),
        np.array([rev.growth_decay_per_year])), (d, static.nq))}
    c = scn.compute
    out.update(stages.reference_model(data["delivered_flops"], data["tokens_per_s"], c.reference_run_flop, None,
                                      c.weekly_users))
    return {k: v for k, v in out.items() if k in outputs.series() and outputs.series()[k].combine == "rebuild"}


def combine(comp: Composite, parts: list[dict], detail: bool = False) -> dict[str, Any]:
    """The parts' outputs (same draws, same quarters) combined per draw by the output schema's rules."""
    d = max(np.asarray(p["gw_online"]).shape[0] for p in parts)
    out: dict[str, Any] = {}
    for name, o in outputs.series().items():
        if o.derive != "model" or name not in parts[0]:
            continue
        stack = np.stack([np.broadcast_to(np.asarray(p[name], dtype=float), (d, comp.static.nq)) for p in parts])
        if o.combine == "sum":
            out[name] = stack.sum(axis=0)
        elif o.combine == "sum_known":  # NaN: a part whose hardware is unpublished; its GW are left out
            out[name] = np.nansum(stack, axis=0)
        elif o.combine == "none":
            out[name] = np.full((d, comp.static.nq), np.nan)
    for name in ("program_gw_online", "program_gw_added"):
        out[name] = sum(np.asarray(p[name]) for p in parts)
    out.update(_rebuild(comp, out, d))
    realised = sum(np.asarray(p["program_gw_realised"]) for p in parts)
    out["program_gw_realised"] = realised
    out.update(stages.milestones(out["program_gw_online"], out["program_gw_added"], realised,
                                 comp.static.planned_gw, comp.static.q0))
    if detail:
        out["gw_by_platform"] = sum(p["gw_by_platform"] for p in parts)
        flows: dict = {}
        for prog, p in zip(comp.parts, parts):
            for key, usd in _rename(p["flows"], prog.scenario.program.vendor).items():
                flows[key] = flows[key] + usd if key in flows else usd
        out["flows"] = flows
    return out
