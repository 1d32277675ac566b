"""The output schema, read from ``data/outputs.csv``: every figure the model gives, described once.

One row per output (the way PyPSA keeps its component attributes as data). ``scope`` says whether it is a
quarterly ``series`` (draws × quarters) or a ``headline`` figure (one per draw, at full build); the same
name may be both (``gpus``). The other columns:

* ``unit`` and ``kind``: ``stock`` (a level at the quarter's end), ``flow`` (over the quarter) or
  ``figure`` (a headline number);
* ``combine``: how the parts of a composite combine per draw: ``sum``; ``sum_known`` (summed over the
  parts whose hardware is published); ``rebuild`` (recomputed from the combined series with the
  composite's own inputs); ``none`` (not defined for a composite); ``derived`` (a headline figure,
  computed from the combined series exactly as for one program);
* ``derive`` (headline figures): ``at:SERIES`` the series at the headline quarter, ``annual:SERIES`` four
  times that, ``total:SERIES`` cumulative through the headline quarter, ``formula`` a function of
  :mod:`gigawatt.headline`; (series) ``model`` from the stages, ``cumulative:SERIES`` summed to date;
* ``group`` and ``label`` for the faces (terminal groups, report and dashboard cards), ``description``;
* ``mc``: aggregated by a Monte Carlo by default.

Everything that lists outputs (the JSON contract's keys, the Monte Carlo's default series, composite rules,
terminal groups, the report's labels, the web's ``/api/meta``) reads them from here.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import asdict, dataclass
from importlib import resources

SCOPES = ("series", "headline")
KINDS = ("stock", "flow", "figure")
COMBINE = ("sum", "sum_known", "rebuild", "none", "derived")


@dataclass(frozen=True)
class Output:
    """One row of the output schema."""

    scope: str
    name: str
    unit: str
    kind: str
    combine: str
    derive: str
    group: str
    label: str
    description: str
    mc: bool

    @property
    def key(self) -> str:
        """Unique across scopes: a headline figure may share a series' name (``gpus``)."""
        return self.name if self.scope == "series" else f"headline.{self.name}"

    @property
    def rule(self) -> tuple[str, str]:
        """``derive`` split into (how, series): ``("at", "gw_online")``, ``("formula", "")``."""
        how, _, of = self.derive.partition(":")
        return how, of


def _row(raw: dict) -> Output:
    out = Output(**{k: (raw[k] == "yes" if k == "mc" else raw[k]) for k in Output.__dataclass_fields__})
    for field, allowed in (("scope", SCOPES), ("kind", KINDS), ("combine", COMBINE)):
        if getattr(out, field) not in allowed:
            raise ValueError(f"outputs.csv: {out.name}.{field} = {getattr(out, field)!r}; allowed: {allowed}")
    return out


@functools.cache
def table() -> tuple[Output, ...]:
    """Every output, in the file's order (the faces show them in this order)."""
    text = (resources.files("gigawatt") / "data" / "outputs.csv").read_text(encoding="utf-8")
    rows = tuple(_row(r) for r in csv.DictReader(text.splitlines()))
    keys = [o.key for o in rows]
    if len(set(keys)) != len(keys):
        raise ValueError("outputs.csv: an output is listed twice")
    return rows


@functools.cache
def series() -> dict[str, Output]:
    """Quarterly series by name."""
    return {o.name: o for o in table() if o.scope == "series"}


@functools.cache
def headline() -> dict[str, Output]:
    """Headline figures by name, in the JSON contract's order."""
    return {o.name: o for o in table() if o.scope == "headline"}


def model_series() -> tuple[str, ...]:
    """Series the model's stages give (not derived from other series)."""
    return tuple(n for n, o in series().items() if o.derive == "model")


def mc_series() -> tuple[str, ...]:
    """Series a Monte Carlo aggregates unless told otherwise."""
    return tuple(n for n, o in series().items() if o.mc)


def groups() -> dict[str, list[str]]:
    """Headline figures by group, for the faces (Build, Hardware, Energy, Compute, Money)."""
    out: dict[str, list[str]] = {}
    for name, o in headline().items():
        if o.group:
            out.setdefault(o.group, []).append(name)
    return out


def unit(name: str, scope: str = "headline") -> str:
    rows = headline() if scope == "headline" else series()
    return rows[name].unit if name in rows else ""


def meta() -> dict:
    """The schema as JSON (``GET /api/meta``)."""
    return {"outputs": [asdict(o) | {"key": o.key} for o in table()], "groups": groups()}
