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


def drawn(amount, start_q: int, quarters, draw_quarters: int = 1, path=()) -> np.ndarray:
    """Amount drawn per quarter (draws x quarters of ``quarters``): the path's shares from ``start_q`` (a program's
    capex path), else evenly over ``draw_quarters`` (a delayed-draw loan; 1 = all at the start)."""
    q = np.asarray(quarters)
    shares = np.asarray(path, dtype=float) if len(path) else np.full(draw_quarters, 1.0 / draw_quarters)
    onto = np.zeros(len(q))
    at = start_q + np.arange(len(shares)) - q[0]
    keep = (at >= 0) & (at < len(q))
    np.add.at(onto, at[keep], shares[keep])
    return np.asarray(amount, dtype=float)[:, None] * onto[None, :]


def by_vintage(drawn_usd, n_quarters: int, bullet: bool = False) -> np.ndarray:
    """Each quarter's draw repaid (or paid for) over the ``n_quarters`` from the quarter it is drawn: level, or
    all in the last quarter (bullet). A Toeplitz matrix product, so draws ride along axis 0. [USD per quarter]"""
    g = drawn_usd.shape[1]
    lag = np.arange(g)[None, :] - np.arange(g)[:, None]
    n = max(1, int(n_quarters))
    kernel = (lag == n - 1).astype(float) if bullet else ((lag >= 0) & (lag < n)) / n
    return drawn_usd @ kernel


def grid(start_q: int, quarters) -> np.ndarray:
    """The run's quarters, reaching back to an instrument's start (its earlier draws and payments count)."""
    q = np.asarray(quarters)
    return np.arange(min(int(start_q), int(q[0])), int(q[-1]) + 1)


def principal_schedule(amount, start_q: int, tenor_years: float, amortisation: str, quarters,
                       draw_quarters: int = 1, path=()) -> np.ndarray:
    """Scheduled principal per quarter (draws x quarters) for amounts (draws,): each draw repaid level over the
    tenor from when it is drawn, or all at maturity (bullet)."""
    q = np.asarray(quarters)
    g = grid(start_q, q)
    d = drawn(amount, start_q, g, draw_quarters, path)
    return by_vintage(d, round(tenor_years * 4), amortisation == "bullet")[:, len(g) - len(q):]


def balance_before(amount, principal, drawn_usd=None) -> np.ndarray:
    """Outstanding in each quarter before its principal (draws x quarters): drawn to date less principal repaid
    in earlier quarters (``drawn_usd`` None: the whole amount drawn before the first quarter)."""
    paid_before = np.cumsum(principal, axis=1) - principal
    if drawn_usd is None:
        return np.asarray(amount, dtype=float)[:, None] - paid_before
    return np.cumsum(drawn_usd, axis=1) - paid_before


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
