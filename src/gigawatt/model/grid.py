"""Scatter per-cohort quantities onto the quarterly grid, vectorized over draws.

A *cohort* is one block of hardware: a phase of the program in one hardware generation, alive on
quarters ``[start, end)``. ``stock`` sums what is alive each quarter; ``flow`` sums what happens at a
quarter (an addition, a payment). Both use one ``np.bincount`` over flattened (draw, quarter) indices
instead of a loop, so cost is O(draws × cohorts + draws × quarters).
"""

from __future__ import annotations

import numpy as np


def flow(at, weight, q0: int, nq: int):
    """Sum ``weight`` (draws, cohorts) into the quarter ``at`` (draws, cohorts) of each draw. [(draws, nq)]"""
    at = np.asarray(at)
    weight = np.broadcast_to(np.asarray(weight, dtype=float), at.shape)
    d = at.shape[0]
    idx = at - q0
    ok = (idx >= 0) & (idx < nq)
    flat = (np.arange(d)[:, None] * nq + idx)[ok]
    # bincount returns ints when nothing falls on the grid; results are always float
    return np.bincount(flat, weights=weight[ok], minlength=d * nq).astype(float, copy=False).reshape(d, nq)


def stock(start, end, weight, q0: int, nq: int):
    """Sum non-negative ``weight`` over the quarters each cohort is alive, ``start <= q < end``. [(draws, nq)]"""
    start, end = np.asarray(start), np.asarray(end)
    weight = np.broadcast_to(np.asarray(weight, dtype=float), start.shape)
    d = start.shape[0]
    s = np.clip(start - q0, 0, nq)
    e = np.clip(end - q0, 0, nq)
    live = s < e
    rows = np.arange(d)[:, None] * (nq + 1)
    idx = np.concatenate([(rows + s)[live], (rows + e)[live]])
    w = np.concatenate([weight[live], -weight[live]])
    delta = np.bincount(idx, weights=w, minlength=d * (nq + 1)).astype(float, copy=False).reshape(d, nq + 1)
    out = np.cumsum(delta[:, :nq], axis=1)
    # Adding then removing a cohort can leave -1e-17 in float arithmetic; stocks are never negative.
    return np.maximum(out, 0.0, out=out)


def first_true(mask):
    """Index of the first True along the last axis, or -1 where none. [(draws,)]"""
    mask = np.asarray(mask)
    any_ = mask.any(axis=-1)
    return np.where(any_, mask.argmax(axis=-1), -1)


def at_index(values, index):
    """``values[d, index[d]]`` per draw; NaN where index is -1. [(draws,)]"""
    values = np.asarray(values, dtype=float)
    idx = np.clip(index, 0, values.shape[1] - 1)
    out = np.take_along_axis(values, idx[:, None], axis=1)[:, 0]
    return np.where(index >= 0, out, np.nan)
