"""Yes/no outcomes per draw whose probabilities a Monte Carlo reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np

from gigawatt import timeline


@dataclass(frozen=True)
class Event:
    """A yes/no outcome per draw; its probability is the share of draws where ``test`` holds."""

    name: str
    description: str
    test: Callable[[Mapping[str, np.ndarray], Mapping[str, np.ndarray], Any], np.ndarray]


def _at_quarter(series: np.ndarray, static, label: str) -> np.ndarray:
    """A series' value at a quarter (clamped into the horizon; 0 before it starts)."""
    q = timeline.parse_quarter(label) - static.q0
    if q < 0:
        return np.zeros(series.shape[0])
    return series[:, min(q, static.nq - 1)]


EVENTS = (
    Event("gw10_online_by_2030", "at least 10 GW of facility power online in 2030Q4",
          lambda d, h, s: _at_quarter(d["gw_online"], s, "2030Q4") >= 10.0 - 1e-9),
    Event("full_program_by_2030", "the whole planned program online by 2030Q4",
          lambda d, h, s: (h["completed_share"] >= 1 - 1e-9)
          & (h["full_build_quarter"] <= timeline.parse_quarter("2030Q4"))),
    Event("program_completed", "every planned phase goes ahead (none cancelled)",
          lambda d, h, s: h["completed_share"] >= 1 - 1e-9),
    Event("vendor_net_cash_negative", "vendor's gross profit on the sales is below its cash investment",
          lambda d, h, s: h["vendor_net_cash_usd"] < 0),
    Event("revenue_covers_by_2030", "customer revenue covers the required revenue in a year up to 2030",
          lambda d, h, s: h["revenue_covers_year"] <= 2030),
)


def event(name: str) -> Event:
    return next(e for e in EVENTS if e.name == name)
