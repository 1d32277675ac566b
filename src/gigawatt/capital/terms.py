"""Instrument terms by hand: coupons, spreads, debt schedules per quarter, and the AMD warrant's vesting."""

from __future__ import annotations

import numpy as np


def yearly_coupon_usd(principal_usd: float, rate: float) -> float:
    """Interest per year on a principal at a fixed rate (e.g. Hyperion: $27.3B x 6.58 % = $1.80B). [USD]"""
    return principal_usd * rate


def spread_difference_bp(spread_a_bp: float, spread_b_bp: float) -> float:
    """How much more one floating loan pays than another over the same reference rate. [basis points]"""
    return spread_b_bp - spread_a_bp


def all_in_rate(rate, spread_bp, sofr):
    """Fixed rate where given, else SOFR + spread (arrays broadcast over draws)."""
    return rate if rate is not None else sofr + spread_bp / 1e4


def principal_schedule(amount, start_q: int, tenor_years: float, amortisation: str, quarters) -> np.ndarray:
    """Scheduled principal per quarter (draws x quarters) for amounts (draws,): level, or all at maturity."""
    q = np.asarray(quarters)
    n = max(1, int(round(tenor_years * 4)))
    amount = np.asarray(amount, dtype=float)[:, None]
    if amortisation == "bullet":
        return amount * (q == start_q + n - 1)[None, :]
    live = (q >= start_q) & (q < start_q + n)
    return amount * live[None, :] / n


def balance_before(amount, principal) -> np.ndarray:
    """Outstanding at the start of each quarter, given the scheduled principal (draws x quarters)."""
    paid_before = np.cumsum(principal, axis=1) - principal
    return np.asarray(amount, dtype=float)[:, None] - paid_before


AMD_SHARES = 160e6
AMD_TRANCHES = 6  # GUESS: one tranche per GW of the 6 GW (the tranche split is not public)
AMD_FIRST_HURDLE = 0.0  # the first tranche vests on the first GW alone (AMD 8-K, 6 Oct 2025)
AMD_LAST_HURDLE = 600.0


def amd_price_hurdles(first: float = AMD_FIRST_HURDLE, last: float = AMD_LAST_HURDLE) -> np.ndarray:
    """Price hurdles per tranche: none for the first, evenly spaced up to $600 for the last (GUESS between)."""
    return np.concatenate([[first], np.linspace(last / (AMD_TRANCHES - 1), last, AMD_TRANCHES - 1)])


def amd_vested_shares(gw_deployed, share_price_usd) -> np.ndarray:
    """Shares vested: tranche k vests when k GW are deployed and AMD's price has reached hurdle k."""
    gw = np.asarray(gw_deployed, dtype=float)[..., None]
    price = np.asarray(share_price_usd, dtype=float)[..., None]
    k = np.arange(1, AMD_TRANCHES + 1)
    vested = (gw >= k) & (price >= amd_price_hurdles())
    return vested.sum(axis=-1) * (AMD_SHARES / AMD_TRANCHES)


def amd_warrant_value_usd(gw_deployed, share_price_usd, strike_usd: float = 0.01) -> np.ndarray:
    """Intrinsic value of the vested warrant shares at a share price. [USD]"""
    return amd_vested_shares(gw_deployed, share_price_usd) * np.maximum(np.asarray(share_price_usd) - strike_usd, 0)
