"""The result of a Monte Carlo: quantiles, means and event probabilities, as tables, JSON, Parquet, xarray."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from gigawatt.errors import InputError, show
from gigawatt.montecarlo.events import EVENTS, event
from gigawatt.montecarlo.plan import LEVELS, QUARTER_FIGURES, YEAR_FIGURES, Output, Plan
from gigawatt.montecarlo.sketch import quantiles_of
from gigawatt.present import meaning, plain


@dataclass
class MCResults:
    """A Monte Carlo run: per-quarter and headline statistics, and event probabilities."""

    plan: Plan
    hist: dict
    nan: dict
    finite: dict
    sums: dict
    low: dict
    high: dict
    events: dict

    @property
    def draws(self) -> int:
        return self.plan.draws

    @property
    def seed(self) -> int:
        return self.plan.seed

    @property
    def quarters(self) -> list[str]:
        return self.plan.static.labels

    @property
    def series_names(self) -> list[str]:
        return [o.name for o in self.plan.outputs if o.kind == "series"]

    @property
    def headline_names(self) -> list[str]:
        return [o.name for o in self.plan.outputs if o.kind == "headline"]

    def _output(self, name: str, kind: str | None) -> Output:
        for o in self.plan.outputs:
            if o.name == name and (kind is None or o.kind == kind):
                return o
        raise InputError("name", f"{show(name)} was not aggregated; series: {', '.join(self.series_names)}; "
                                 f"headline: {', '.join(self.headline_names)}")

    def quantiles(self, name: str, levels=LEVELS, kind: str | None = None) -> np.ndarray:
        """Quantiles of an output: (levels, quarters) for a series, (levels,) for a headline figure.

        A name that is both (``gpus``) means the series unless ``kind="headline"``. Dates are quarter
        ordinals (years for ``revenue_covers_year``); +inf means "not within the horizon".
        """
        o = self._output(name, kind)
        scalar = np.ndim(levels) == 0
        lv = np.atleast_1d(np.asarray(levels, dtype=float))
        if np.any((lv < 0) | (lv > 1)) or np.any(np.isnan(lv)):
            raise InputError("levels", f"quantile levels {show(list(lv))} must lie in [0, 1]")
        q = quantiles_of(self.hist[o.key], o, lv, self.low[o.key], self.high[o.key])
        if o.kind == "headline" and o.name in QUARTER_FIGURES + YEAR_FIGURES:
            q = np.round(q)  # a quarter or a year: whole, not interpolated between two
        q = q[:, 0] if o.kind == "headline" else q
        return q[0] if scalar else q

    def headline_quantiles(self, name: str, levels=LEVELS) -> np.ndarray:
        return self.quantiles(name, levels, kind="headline")

    def mean(self, name: str, kind: str | None = None):
        """Mean: (quarters,) for a series, a float for a headline figure.

        NaN draws (no value) are left out; where some draws are infinite (a date that never comes) the
        mean is infinite too, never a mean of the rest that could fall below the P5.
        """
        o = self._output(name, kind)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = self.sums[o.key] / self.finite[o.key] + o.offset
        m = np.where(self.finite[o.key] + self.nan[o.key] < self.draws, np.inf, m)
        return float(m[0]) if o.kind == "headline" else m

    @property
    def probabilities(self) -> dict[str, float]:
        return {k: v / self.draws for k, v in self.events.items()}

    def summary(self, levels=LEVELS):
        """Headline figures as a table: figure, mean, one column per level, unit, description."""
        import pandas as pd

        rows = []
        for o in self.plan.outputs:
            if o.kind != "headline":
                continue
            q = self.quantiles(o.name, levels, kind="headline")
            row = {"figure": o.name, "mean": self.mean(o.name, kind="headline")}
            row.update({_level_name(p): v for p, v in zip(levels, q)})
            row.update({"unit": o.unit, "description": o.description})
            rows.append(row)
        return pd.DataFrame(rows)

    def to_json(self, levels=LEVELS) -> dict[str, Any]:

        def clean(a):
            return [plain(v) for v in np.asarray(a).ravel()]

        head = {}
        for name in self.headline_names:
            q = self.quantiles(name, levels, kind="headline")
            entry = {"mean": plain(self.mean(name, kind="headline"))}
            entry.update({_level_name(p): plain(v) for p, v in zip(levels, q)})
            o = self._output(name, "headline")
            entry["unit"] = o.unit
            head[name] = entry
        series = {}
        for name in self.series_names:
            q = self.quantiles(name, levels, kind="series")
            entry = {"mean": clean(self.mean(name, kind="series"))}
            entry.update({_level_name(p): clean(row) for p, row in zip(levels, q)})
            entry["unit"] = self._output(name, "series").unit
            series[name] = entry
        return {
            "scenario": self.plan.scenario_name, "view": getattr(self.plan.model.scenario, "view", ""),
            "draws": self.draws, "seed": self.seed,
            "quarters": self.quarters, "levels": list(levels),
            "inputs": [{"path": d.path, "dist": d.kind,
                        "params": {k: (list(v) if isinstance(v, tuple) else plain(v)) for k, v in d.params.items()}}
                       for d in self.plan.dists],
            "headline": head,
            "probabilities": {k: {"probability": p, "description": event(k).description}
                              for k, p in self.probabilities.items()},
            "series": series,
            "meaning": {"p50": meaning.MEDIAN, "p50_is": meaning.MEDIAN_IS,
                        "p_every_phase_built": self.probabilities.get("program_completed"),
                        "every_phase_built": "gigawatt run (the deterministic run) gives every phase built"},
        }

    def table(self, levels=(0.05, 0.25, 0.5, 0.75, 0.95)):
        """Per-quarter statistics as a long table: series, quarter, mean, p5 ... p95, unit."""
        import pandas as pd

        frames = []
        for name in self.series_names:
            q = self.quantiles(name, levels, kind="series")
            df = pd.DataFrame({"series": name, "quarter": self.quarters, "mean": self.mean(name, kind="series")})
            for p, row in zip(levels, q):
                df[_level_name(p)] = row
            df["unit"] = self._output(name, "series").unit
            frames.append(df)
        return pd.concat(frames, ignore_index=True)

    def headline_ranges(self, levels=LEVELS) -> dict[str, dict[str, Any]]:
        """Quantiles of every headline figure by its name in the JSON contract's ``summary`` (dates as
        quarter labels or years, None for "not within the horizon"): ``{"gpus": {"p5": ..., "p95": ...}}``."""
        from gigawatt import outputs, timeline
        from gigawatt.headline import DATE_ARRAYS

        out = {}
        for key, o in outputs.headline().items():
            name = DATE_ARRAYS.get(key, key)
            if name not in self.headline_names:
                continue
            q = self.headline_quantiles(name, levels)
            if o.unit == "quarter":
                vals = [timeline.label(int(v)) if np.isfinite(v) else None for v in q]
            elif o.unit == "year":
                vals = [int(v) if np.isfinite(v) else None for v in q]
            else:
                vals = [plain(float(v)) for v in q]
            out[key] = dict(zip((_level_name(p) for p in levels), vals))
        return out

    def quantile_frame(self, name: str, levels=LEVELS, kind: str | None = None):
        """Quantiles of a series as a DataFrame: one row per quarter (a pandas Period index), one column per
        level (``p5``, ``p50``, ...), plus the mean; a headline figure gives one row."""
        import pandas as pd

        o = self._output(name, kind)
        q = np.atleast_2d(self.quantiles(name, levels, kind=o.kind).T if o.kind == "series"
                          else self.quantiles(name, levels, kind="headline"))
        index = pd.PeriodIndex(self.quarters, freq="Q", name="quarter") if o.kind == "series" else [name]
        df = pd.DataFrame(q, index=index, columns=[_level_name(p) for p in levels])
        df["mean"] = self.mean(name, kind=o.kind)
        df.attrs["unit"] = o.unit
        return df

    def to_xarray(self, levels=LEVELS):
        """Every aggregated output as an xarray.Dataset: series over (level, quarter), headline figures over
        (level,), means beside them, units in attrs; quarters as pandas Periods."""
        import pandas as pd
        import xarray as xr

        names = [_level_name(p) for p in levels]
        coords = {"level": names, "quarter": pd.PeriodIndex(self.quarters, freq="Q")}
        data = {}
        for o in self.plan.outputs:
            dims = ("level", "quarter") if o.kind == "series" else ("level",)
            var = o.name if o.kind == "series" else f"headline_{o.name}"
            q = self.quantiles(o.name, levels, kind=o.kind)
            data[var] = (dims, q, {"units": o.unit, "long_name": o.description})
            data[f"{var}_mean"] = (dims[1:], self.mean(o.name, kind=o.kind), {"units": o.unit})
        ds = xr.Dataset(data, coords=coords)
        ds.attrs.update({"scenario": self.plan.scenario_name, "draws": self.draws, "seed": self.seed})
        return ds

    def to_parquet(self, path) -> None:
        """Write the per-quarter statistics to Parquet, atomically (no partial file on error)."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(self.table(), preserve_index=False)
        table = table.replace_schema_metadata({"scenario": self.plan.scenario_name, "draws": str(self.draws),
                                               "seed": str(self.seed)})
        write_atomic(path, lambda tmp: pq.write_table(table, tmp))

    # --- notebook views: a few headline figures as P5 / P50 / P95 and the event probabilities, never arrays ---
    def _repr_rows(self) -> tuple[list[str], list[list[str]]]:
        from gigawatt import outputs, present

        spec = outputs.headline()
        names = [n for n in REPR_FIGURES if n in self.headline_names] or self.headline_names[:8]
        header = ["figure"] + [_level_name(p) for p in LEVELS]
        rows = []
        for name in names:
            unit = self._output(name, "headline").unit
            label = spec[name].label if name in spec else name
            rows.append([label] + [present.value(float(v), unit) for v in self.headline_quantiles(name)])
        for k, p in list(self.probabilities.items())[:4]:
            rows.append([f"P({event(k).description})", present.pct(p)] + [""] * (len(LEVELS) - 1))
        return header, rows

    def _repr_title(self) -> tuple[str, str]:
        from gigawatt import present

        q = self.quarters
        return (f"MCResults: {self.plan.scenario_name}",
                f"{present.integer(self.draws)} draws, seed {self.seed}, horizon {q[0]}–{q[-1]} ({len(q)} quarters)")

    def __repr__(self) -> str:
        head, sub = self._repr_title()
        header, rows = self._repr_rows()
        figures = [r for r in rows if not r[0].startswith("P(")]
        width = max(len(r[0]) for r in figures)
        cols = [max(len(r[i]) for r in [header] + figures) for i in range(1, len(header))]
        lines = [head, sub, f"  {'':<{width}}  " + "  ".join(f"{h:>{w}}" for h, w in zip(header[1:], cols))]
        lines += [f"  {r[0]:<{width}}  " + "  ".join(f"{c:>{w}}" for c, w in zip(r[1:], cols)) for r in figures]
        lines += [f"  {r[0]}: {r[1]}" for r in rows if r[0].startswith("P(")]
        lines.append("  (all figures: .summary(); per quarter: .quantile_frame(name), .to_xarray())")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from html import escape

        head, sub = self._repr_title()
        header, rows = self._repr_rows()
        th = "".join(f"<th style='text-align:right'>{escape(h)}</th>" for h in header[1:])
        body = "".join("<tr><th style='text-align:left'>" + escape(r[0]) + "</th>"
                       + "".join(f"<td style='text-align:right'>{escape(c)}</td>" for c in r[1:]) + "</tr>"
                       for r in rows)
        return (f"<table class='gigawatt-mcresults'><caption style='text-align:left'><b>{escape(head)}</b><br>"
                f"{escape(sub)}</caption><thead><tr><th></th>{th}</tr></thead><tbody>{body}</tbody></table>")


# Headline figures a notebook cell shows for a Monte Carlo (those aggregated, in this order).
REPR_FIGURES = ("capacity_gw", "full_build_online", "gpus", "annual_energy_twh", "capex_usd",
                "vendor_investment_usd", "customer_funding_gap_usd", "revenue_covers_year")


def _level_name(p: float) -> str:
    return f"p{100 * p:g}".replace(".", "_")


def write_atomic(path, write: Callable[[str], None]) -> None:
    """Write through a temporary file in the same folder and rename it into place."""
    from gigawatt import files

    folder = os.path.dirname(os.path.abspath(os.fspath(path)))
    if not os.path.isdir(folder):
        raise InputError("--out", f"folder {folder!r} does not exist")
    files.write_atomic(path, write)
