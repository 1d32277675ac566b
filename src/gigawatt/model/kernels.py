"""Compiled loops (numba) for Monte Carlo chunks: the model's stages fused, one pass over each draw.

The finance block (capex by component, payments, depreciation, investment, stake, book value, required
revenue, financing), GW online by platform, the platform mix, energy and its cost, the milestones' scans,
and the headline's reads (a value, or a total, at the headline quarter). The formulas are those of
:mod:`gigawatt.model` as :mod:`gigawatt.stages` and :mod:`gigawatt.headline` apply them; the numpy versions
stay the reference (tests compare the two on random inputs) and the path of small runs, which do not pay
the JIT's start-up (the rule of :func:`~gigawatt.model.timegrid.place`: at least
:data:`~gigawatt.model.timegrid.JIT_MIN_ENTRIES` cells). A kernel does, cell by cell, the float operations of
the numpy version in the same order (on every built-in scenario's chunks the results are bit for bit the
numpy path's); what it saves is memory traffic: no
(draws, quarters) temporary per operation, no (draws, cohorts, quantities) stacks.
"""

from __future__ import annotations

import functools
from types import SimpleNamespace
from typing import Mapping

import numpy as np

from gigawatt.model import timegrid

# Per-draw inputs of the finance block, (draws,) each: margin, investment terms, carrying costs.
FINANCE_INPUTS = ("vendor_gross_margin", "per_gw_usd", "cap_usd", "fixed_usd", "warrant_usd", "keep_per_quarter",
                  "cost_of_capital", "opex_usd_per_gw_year", "lease_markup", "annuity_factor_it",
                  "annuity_factor_facility")
# Quarterly outputs of the finance block, (draws, quarters) each.
FINANCE_OUTPUTS = ("gw_added", "program_gw_added", "vendor_system_sales_usd", "other_it_usd", "facility_usd",
                   "depreciation_usd", "capex_usd", "vendor_gross_profit_usd", "vendor_investment_cash_usd",
                   "vendor_warrant_value_usd", "vendor_equity_share", "net_book_value_usd", "opex_usd", "lease_usd",
                   "required_revenue_usd_per_year", "customer_financing_usd", "customer_commitments_usd")
_ROW_PAD = 24  # float64s between output rows (192 bytes): 17 rows then start at distinct 4 KiB offsets
INVESTMENT_KINDS = ("none", "equity", "warrant")  # anything else books no investment, as the numpy path does


def compiled(entries: int) -> bool:
    """Whether a job of ``entries`` array cells runs compiled: numba is installed and the job is large enough."""
    return entries >= timegrid.JIT_MIN_ENTRIES and _kernels() is not None


def finance(cohort_start, cohort_gw, cohort_facility_gw, first_build, capex_usd, lead_quarters, book_life_years,
            per_draw: Mapping[str, np.ndarray], post_money_usd, gw_online, electricity_usd, *, q0: int, nq: int,
            investment_kind: str, fixed_quarter: int, planned_gw: float,
            buyer_is_partner: bool) -> dict[str, np.ndarray]:
    """The finance block of :func:`gigawatt.stages.money` for every draw in one pass. [(draws, quarters) each]

    ``cohort_*`` (draws, cohorts): online quarter, program GW and facility GW; ``first_build`` (cohorts,) bool;
    ``capex_usd`` each cohort's capex by component (vendor systems, other IT, facility), (draws, cohorts) each
    (:func:`gigawatt.stages.capex_components`); ``lead_quarters`` (vendor systems, other IT, facility) and
    ``book_life_years`` (IT, facility) are tuples of (draws,) arrays, rounded here as
    :mod:`~gigawatt.model.finance` rounds them;
    ``per_draw`` holds :data:`FINANCE_INPUTS`; ``post_money_usd``, ``gw_online`` and ``electricity_usd`` are
    (draws, quarters). Returns :data:`FINANCE_OUTPUTS`; capex a cloud partner buys is the caller's to zero.
    """
    start = np.ascontiguousarray(cohort_start, dtype=np.int64)
    d = start.shape[0]
    lead = np.stack([np.rint(np.broadcast_to(np.asarray(x, dtype=float), (d,))).astype(np.int64)
                     for x in lead_quarters])
    life_q = np.stack([np.maximum(np.rint(np.broadcast_to(np.asarray(x, dtype=float), (d,)) * 4), 1.0)
                       for x in book_life_years])
    life_n = life_q.astype(np.int64)  # as finance.depreciation_schedule ends a life
    par = np.stack([np.broadcast_to(np.asarray(per_draw[k], dtype=float), (d,)) for k in FINANCE_INPUTS])
    # The outputs are rows of one buffer, each row offset from the last by a few cache lines: rows exactly
    # 2**k bytes apart would put the 17 streams the kernel writes in the same cache sets (3-4x slower).
    rows = np.empty((len(FINANCE_OUTPUTS), d * nq + _ROW_PAD))
    out = rows[:, : d * nq].reshape(len(FINANCE_OUTPUTS), d, nq)
    kind = INVESTMENT_KINDS.index(investment_kind) if investment_kind in INVESTMENT_KINDS else 0

    def grid(x):  # (draws, quarters), C order; a copy only where it must broadcast (one compiled signature)
        x = np.asarray(x, dtype=float)
        return np.ascontiguousarray(x if x.shape == (d, nq) else np.broadcast_to(x, (d, nq)).copy())

    _kernels().finance(start, np.ascontiguousarray(cohort_gw, dtype=float),
                       np.ascontiguousarray(cohort_facility_gw, dtype=float),
                       np.ascontiguousarray(first_build, dtype=np.bool_),
                       *(np.ascontiguousarray(np.broadcast_to(np.asarray(x, dtype=float), start.shape))
                         for x in capex_usd), par, lead, life_q, life_n,
                       grid(post_money_usd),
                       grid(gw_online), grid(electricity_usd), q0, nq, kind, max(fixed_quarter, q0) - q0,
                       max(float(planned_gw), 1e-12), bool(buyer_is_partner), out)
    return dict(zip(FINANCE_OUTPUTS, out))


def cohorts(phase_gw, online, goes_ahead, phase_platform, service_life_years, available, eligible, horizon_end: int):
    """:func:`gigawatt.model.deployment.cohorts` in one pass (same arguments, same :class:`Cohorts`)."""
    from gigawatt.model.deployment import AUTO, Cohorts

    online = np.ascontiguousarray(online, dtype=np.int64)
    d, n_phases = online.shape
    life_q = np.maximum(np.rint(np.broadcast_to(np.asarray(service_life_years, dtype=float), (d,)) * 4)
                        .astype(np.int64), 1)
    span = max(int(horizon_end - online.min()) + 1, 1)
    n_gen = int(np.ceil(span / life_q.min())) + 1
    cand = np.flatnonzero(eligible)
    order = cand[np.argsort(available[cand], kind="stable")]  # deployment.newest_platform's search
    shape = (d, n_phases * n_gen)
    start, end, platform, gw = (np.empty(shape, dtype=np.int64), np.empty(shape, dtype=np.int64),
                                np.empty(shape, dtype=np.int64), np.empty(shape))
    _kernels().cohorts(np.asarray(phase_gw, dtype=float), online, np.ascontiguousarray(goes_ahead, dtype=np.bool_),
                       np.ascontiguousarray(np.broadcast_to(phase_platform, (d, n_phases)), dtype=np.int64), life_q,
                       np.ascontiguousarray(available[order], dtype=np.int64), order.astype(np.int64), AUTO, n_gen,
                       start, end, platform, gw)
    gen = np.arange(n_gen)
    return Cohorts(start=start, end=end, gw=gw, platform=platform, phase=np.repeat(np.arange(n_phases), n_gen),
                   generation=np.tile(gen, n_phases))


def mix(gw_by_platform, per_gw):
    """:func:`gigawatt.stages.mix` in one pass: sum over platforms of GW times a per-GW figure. [(draws, quarters)]"""
    gw = np.asarray(gw_by_platform, dtype=float)
    per = np.ascontiguousarray(per_gw, dtype=float)
    out = np.empty(gw.shape[:2])
    _kernels().mix(gw, per, np.isnan(per).any(axis=0), out)
    return out


def stock_by_platform(start, end, platform, weight, used, q0: int, nq: int):
    """``timegrid.place(start, where(platform[..., None] == used, weight[..., None], 0), q0, nq, end=end)`` and its
    sum over platforms, without the (draws, cohorts, platforms) weights. [(draws, quarters, used), (draws, quarters)]

    ``start``, ``end``, ``platform`` (catalog index) and ``weight`` (draws, cohorts); ``used`` (used,) the
    catalog indices of the platforms in use, every cohort's among them.
    """
    start = np.ascontiguousarray(start, dtype=np.int64)
    d, m = start.shape[0], len(used)
    slot = np.full(int(max(np.max(used), np.max(platform))) + 1, -1, dtype=np.int64)
    slot[used] = np.arange(m)
    buf = np.zeros((d, m, nq + 1))  # place()'s layout: (draw, platform, quarter) and a spare column
    total = np.empty((d, nq))
    _kernels().stock_by_platform(start, np.ascontiguousarray(end, dtype=np.int64),
                                 slot[np.asarray(platform, dtype=np.int64)],
                                 np.ascontiguousarray(weight, dtype=float), q0, nq, buf, total)
    return buf[:, :, :nq].transpose(0, 2, 1), total


def energy(gw_online, load_factor, price_usd_per_mwh, hours_per_quarter: float, hours_per_year: float):
    """Energy in the quarter, energy per year at its rate and its cost, as :mod:`~gigawatt.model.energy` computes
    them (``energy_twh``, ``electricity_cost_usd``), in one pass. [TWh, TWh/yr, USD; (draws, quarters) each]"""
    gw = np.asarray(gw_online, dtype=float)
    d = gw.shape[0]
    out = [np.empty(gw.shape) for _ in range(3)]
    _kernels().energy(gw, np.broadcast_to(np.asarray(load_factor, dtype=float), (d,)),
                      np.broadcast_to(np.asarray(price_usd_per_mwh, dtype=float), (d,)), float(hours_per_quarter),
                      float(hours_per_year), *out)
    return tuple(out)


def milestone_scan(program_gw_added, program_gw_online, built_target, online_target):
    """GW built by the end, the first quarter with ``built_target`` built and the first with ``online_target``
    online (-1: none), per draw: what :func:`gigawatt.stages.milestones` reads of its cumulative sum and masks.
    [(draws,) each]"""
    added = np.asarray(program_gw_added, dtype=float)
    d = added.shape[0]
    final, built_at, online_at = np.empty(d), np.empty(d, dtype=np.int64), np.empty(d, dtype=np.int64)
    _kernels().milestone_scan(added, np.asarray(program_gw_online, dtype=float),
                              np.broadcast_to(np.asarray(built_target, dtype=float), (d,)),
                              np.broadcast_to(np.asarray(online_target, dtype=float), (d,)), final, built_at,
                              online_at)
    return final, built_at, online_at


def value_at(values, index):
    """:func:`~gigawatt.model.timegrid.at_index`: ``values[d, index[d]]`` per draw, NaN where -1. [(draws,)]"""
    values = np.asarray(values, dtype=float)
    index = np.asarray(index, dtype=np.int64)
    if not compiled(values.size) or index.shape != values.shape[:1]:
        return timegrid.at_index(values, index)
    out = np.empty(values.shape[0])
    _kernels().value_at(values, index, out)
    return out


def total_through(values, index):
    """``values`` summed over quarters 0..``index`` per draw (``index`` past the end: all); NaN where -1. [(draws,)]

    What :func:`~gigawatt.model.timegrid.at_index` of the cumulative sum gives, without the (draws, quarters)
    cumulative array.
    """
    values = np.asarray(values, dtype=float)
    index = np.asarray(index, dtype=np.int64)
    if not compiled(values.size) or index.shape != values.shape[:1]:
        return timegrid.at_index(np.cumsum(values, axis=1), index)
    out = np.empty(values.shape[0])
    _kernels().total_through(values, index, out)
    return out


@functools.cache
def _kernels():
    """The compiled kernels, or None where numba is not installed."""
    try:
        import numba
    except ImportError:
        return None

    # No helper functions: a kernel that calls another jitted function defined here holds it in a closure, and
    # numba's on-disk cache then misses in every new process (2 s of compiling per `gigawatt mc`). Scalar
    # np.minimum / np.maximum are written out as `a if (a <= b or a != a) else b` (NaN wins, as in numpy).
    jit = numba.njit(nogil=True, cache=True)

    @jit
    def finance_kernel(start, gw, fac_gw, first, capex_vs, capex_oit, capex_fac, par, lead, life_q, life_n, pmv,
                       gw_online, elec, q0, nq, kind,
                       fixed_col, vest_gw, partner, out):  # pragma: no cover - compiled
        d, c = gw.shape
        flows = np.zeros((6, nq + 1))  # GW added, program GW added, capitalised, systems, other IT, facility lump
        spans = np.zeros((3, nq + 1))  # construction spread, IT depreciation, facility depreciation
        at, w = np.zeros(6, dtype=np.int64), np.zeros(6)  # one cohort's flows: column, amount
        lo, hi, ws = np.zeros(3, dtype=np.int64), np.zeros(3, dtype=np.int64), np.zeros(3)  # its stocks
        for i in range(d):
            flows[:] = 0.0
            spans[:] = 0.0
            l_vs, l_oit, l_fac = lead[0, i], lead[1, i], lead[2, i]
            life_it, life_fac, n_it, n_fac = life_q[0, i], life_q[1, i], life_n[0, i], life_n[1, i]
            nonneg = True
            # With finite, non-negative amounts and finite lives, a cohort of no GW and no capex, or one paid for
            # after the grid, adds nothing anywhere (numpy adds its zeros), so it is skipped.
            lives = np.isfinite(life_it) and np.isfinite(life_fac)
            last_paid = nq + max(max(l_vs, l_oit), max(l_fac, 0))  # a cohort online from here pays nothing on the grid
            # finance.cohort_capex_usd, lead_payment, spread_payment, depreciation_schedule; timegrid.place.
            for j in range(c):
                st, g = start[i, j], gw[i, j]
                vs, oit, fac = capex_vs[i, j], capex_oit[i, j], capex_fac[i, j]
                if (lives and 0.0 <= g < np.inf and 0.0 <= vs < np.inf and 0.0 <= oit < np.inf
                        and 0.0 <= fac < np.inf and (st - q0 >= last_paid or (
                            g == 0.0 and fac_gw[i, j] == 0.0 and vs == 0.0 and oit == 0.0 and fac == 0.0))):
                    continue
                it = vs + oit
                k = st - q0
                at[0], w[0] = k, fac_gw[i, j] if first[j] else 0.0
                at[1], w[1] = k, g if first[j] else 0.0
                at[2], w[2] = k, it + fac
                at[3], w[3] = max(st - l_vs, q0) - q0, vs
                at[4], w[4] = max(st - l_oit, q0) - q0, oit
                if l_fac > 0:
                    per_q = fac / max(l_fac, 1)
                    at[5], w[5] = 0, per_q * min(max(q0 - (st - l_fac), 0), l_fac)
                else:
                    per_q = 0.0
                    at[5], w[5] = max(st, q0) - q0, fac
                lo[0], hi[0], ws[0] = k - l_fac, k, per_q
                lo[1], hi[1], ws[1] = k, k + n_it, it / life_it
                lo[2], hi[2], ws[2] = k, k + n_fac, fac / life_fac
                for r in range(6):  # timegrid.place's flows: on the grid, zeros skipped
                    if w[r] != 0.0 and 0 <= at[r] < nq:
                        flows[r, at[r]] += w[r]
                for r in range(3):  # and its stocks: added at the start, removed at the end
                    if ws[r] != 0.0:
                        if ws[r] < 0.0:
                            nonneg = False
                        spans[r, min(max(lo[r], 0), nq)] += ws[r]
                        spans[r, min(max(hi[r], 0), nq)] -= ws[r]
            margin, per_gw, cap, fixed, warrant_usd = par[0, i], par[1, i], par[2, i], par[3, i], par[4, i]
            keep, opex_rate, markup = par[5, i], par[7, i], par[8, i]
            f_it, f_fac = par[9, i], par[10, i]
            run0 = run1 = run2 = 0.0
            tranches = capped_before = vested_gw = value_before = book = share = 0.0
            for q in range(nq):
                run0 += spans[0, q]
                run1 += spans[1, q]
                run2 += spans[2, q]
                built, sales, other_it = flows[1, q], flows[3, q], flows[4, q]
                facility = (0.0 if (nonneg and run0 < 0.0) else run0) + flows[5, q]
                dep_it = 0.0 if (nonneg and run1 < 0.0) else run1
                dep_fac = 0.0 if (nonneg and run2 < 0.0) else run2
                depreciation = dep_it + dep_fac
                capital = dep_it * f_it + dep_fac * f_fac  # finance.levelised_capital_usd
                capex = sales + other_it + facility
                cash = 0.0
                if kind == 1:  # finance.tranches_usd plus the fixed investment's flow
                    tranches += built * per_gw
                    capped = tranches if (tranches <= cap or tranches != tranches) else cap
                    cash = (capped - capped_before) + (fixed if q == fixed_col and fixed != 0.0 else 0.0)
                    capped_before = capped
                warrant = 0.0
                if kind == 2:
                    vested_gw += built
                    vested = vested_gw / vest_gw
                    value = (vested if (vested <= 1.0 or vested != vested) else 1.0) * warrant_usd
                    warrant = value - value_before
                    value_before = value
                x = cash / pmv[i, q]  # finance.equity_share: clipped to [0, 1]
                x = x if (x >= 0.0 or x != x) else 0.0
                x = x if (x <= 1.0 or x != x) else 1.0
                share = share * (1.0 - x) * keep + x
                book += flows[2, q] - depreciation  # finance.net_book_value_usd
                nbv = book if (book >= 0.0 or book != book) else 0.0
                opex = gw_online[i, q] * opex_rate / 4.0
                e = elec[i, q]
                if partner:  # finance.financing_usd
                    lease = capital * (1.0 + markup)
                    required = 4.0 * (lease + e + opex)
                    need = lease + e + opex - cash
                    commitments = 0.0 + lease + e + opex
                else:
                    lease = 0.0
                    required = 4.0 * (capital + e + opex)
                    need = capex + e + opex - cash
                    commitments = capex + 0.0 + e + opex
                out[0, i, q] = flows[0, q]
                out[1, i, q] = built
                out[2, i, q] = sales
                out[3, i, q] = other_it
                out[4, i, q] = facility
                out[5, i, q] = depreciation
                out[6, i, q] = capex
                out[7, i, q] = sales * margin
                out[8, i, q] = cash
                out[9, i, q] = warrant
                out[10, i, q] = share
                out[11, i, q] = nbv
                out[12, i, q] = opex
                out[13, i, q] = lease
                out[14, i, q] = required
                out[15, i, q] = need if (need >= 0.0 or need != need) else 0.0
                out[16, i, q] = commitments

    @jit
    def cohorts_kernel(phase_gw, online, goes_ahead, phase_platform, life_q, avail_sorted, order, auto, n_gen,
                       start, end, platform, gw):  # pragma: no cover - compiled
        d, n_phases = online.shape
        n = len(order)
        for i in range(d):
            life = life_q[i]
            for p in range(n_phases):
                g = phase_gw[p] if goes_ahead[i, p] else 0.0
                for k in range(n_gen):
                    c = p * n_gen + k
                    st = online[i, p] + life * k
                    start[i, c] = st
                    end[i, c] = st + life
                    gw[i, c] = g
                    if k == 0 and phase_platform[i, p] != auto:
                        platform[i, c] = phase_platform[i, p]
                    else:  # the newest eligible platform available at st; the earliest before any is
                        pos = 0  # np.searchsorted(avail_sorted, st, side="right") - 1, clipped
                        while pos + 1 < n and avail_sorted[pos + 1] <= st:
                            pos += 1
                        platform[i, c] = order[pos]

    @jit
    def mix_kernel(gw, per, nan_col, out):  # pragma: no cover - compiled
        d, nq, m = gw.shape
        shared = per.shape[0] == 1
        for i in range(d):
            r = 0 if shared else i
            out[i, :] = 0.0
            for k in range(m):  # platform by platform, as numpy adds them; gw is laid out (draw, platform, quarter)
                p, unknown = per[r, k], nan_col[k]
                for q in range(nq):
                    g = gw[i, q, k]
                    out[i, q] += 0.0 if (unknown and g == 0.0) else g * p  # unpublished: unknown only where online

    @jit
    def stock_kernel(start, end, slot, weight, q0, nq, out, total):  # pragma: no cover - compiled
        d, c = weight.shape
        m = out.shape[1]
        for i in range(d):
            nonneg = True
            for j in range(c):
                w = weight[i, j]
                if w == 0.0:
                    continue
                if w < 0.0:
                    nonneg = False
                k = slot[i, j]
                out[i, k, min(max(start[i, j] - q0, 0), nq)] += w
                out[i, k, min(max(end[i, j] - q0, 0), nq)] -= w
            for k in range(m):
                run = 0.0
                for q in range(nq):
                    run += out[i, k, q]
                    out[i, k, q] = 0.0 if (nonneg and run < 0.0) else run
            for q in range(nq):  # np.sum over platforms: in order, from the first
                acc = out[i, 0, q]
                for k in range(1, m):
                    acc += out[i, k, q]
                total[i, q] = acc

    @jit
    def energy_kernel(gw, lf, price, hq, hy, e, annual, cost):  # pragma: no cover - compiled
        d, nq = gw.shape
        for i in range(d):
            for q in range(nq):
                x = gw[i, q] * lf[i] * hq / 1000.0
                e[i, q] = x
                annual[i, q] = gw[i, q] * lf[i] * hy / 1000.0
                cost[i, q] = x * 1e6 * price[i]

    @jit
    def milestone_kernel(added, online, built_target, online_target, final, built_at,
                         online_at):  # pragma: no cover - compiled
        d, nq = added.shape
        for i in range(d):
            cum = added[i, 0]
            built_at[i] = 0 if cum >= built_target[i] else -1
            online_at[i] = -1
            for q in range(1, nq):  # in order, as np.cumsum adds
                cum += added[i, q]
                if built_at[i] < 0 and cum >= built_target[i]:
                    built_at[i] = q
            final[i] = cum
            for q in range(nq):
                if online[i, q] >= online_target[i]:
                    online_at[i] = q
                    break

    @jit
    def value_kernel(values, index, out):  # pragma: no cover - compiled
        nq = values.shape[1]
        for i in range(values.shape[0]):
            out[i] = values[i, min(index[i], nq - 1)] if index[i] >= 0 else np.nan

    @jit
    def total_kernel(values, index, out):  # pragma: no cover - compiled
        d, nq = values.shape
        for i in range(d):
            if index[i] < 0:
                out[i] = np.nan
                continue
            acc = values[i, 0]
            for q in range(1, min(index[i], nq - 1) + 1):  # in order, as np.cumsum adds
                acc += values[i, q]
            out[i] = acc

    return SimpleNamespace(finance=finance_kernel, cohorts=cohorts_kernel, mix=mix_kernel,
                           stock_by_platform=stock_kernel,
                           energy=energy_kernel, milestone_scan=milestone_kernel, value_at=value_kernel,
                           total_through=total_kernel)
