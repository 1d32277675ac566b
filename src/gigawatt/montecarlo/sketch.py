"""Mergeable histogram sketches: bounded log-linear histograms whose counts add exactly, and quantiles from them.

A value's bin is the top ``MANTISSA_BITS`` bits of its float64 mantissa plus its exponent, read straight
from the bit pattern (the HDR-histogram idea), so a bin is at most ``2**-MANTISSA_BITS`` (0.39 %) wide
relative to its values. Values smaller than ``FLOOR × scale`` (the output's deterministic magnitude) count
as zero; larger than ``CEIL × scale`` (and ±inf) fall in an overflow bin. Counts are integers, so merging
is exact and order-free, and memory is bounded by the outputs' dynamic range, not by the number of draws.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

MANTISSA_BITS = 8             # histogram resolution: bins at most 2**-8 = 0.39 % wide
_SHIFT = 52 - MANTISSA_BITS
FLOOR = 1e-9                  # |x| below FLOOR × scale counts as 0
CEIL = 1e15                   # |x| above CEIL × scale (and ±inf) counts in the overflow bin


@dataclass
class Histogram:
    """Counts of ``cells`` log-linear histograms over signed bin indices ``lo .. lo + width - 1``."""

    lo: int
    counts: np.ndarray   # (cells, width) int64

    @property
    def hi(self) -> int:
        return self.lo + self.counts.shape[1] - 1

    def merge(self, other: "Histogram") -> "Histogram":
        lo, hi = min(self.lo, other.lo), max(self.hi, other.hi)
        if (lo, hi) == (self.lo, self.hi):
            out = self.counts
        else:
            out = np.zeros((self.counts.shape[0], hi - lo + 1), dtype=np.int64)
            out[:, self.lo - lo: self.lo - lo + self.counts.shape[1]] = self.counts
        out[:, other.lo - lo: other.lo - lo + other.counts.shape[1]] += other.counts
        return Histogram(lo, out)

    def __reduce__(self):
        """Pickled sparse: a chunk's counts are ~93 % zeros (one bin range spans every cell), so a Dask task's
        statistics travel as the non-zero cells only (21 MB -> 1.5 MB for 65,536 draws of the default)."""
        flat = self.counts.ravel()
        at = np.flatnonzero(flat)
        small = np.uint32 if flat.size and int(flat.max(initial=0)) < 2**32 else np.int64
        return _sparse, (self.lo, self.counts.shape, at.astype(np.int64 if flat.size >= 2**31 else np.int32),
                         flat[at].astype(small))


def _sparse(lo: int, shape: tuple, at: np.ndarray, values: np.ndarray) -> Histogram:
    """A :class:`Histogram` from its pickled non-zero cells."""
    counts = np.zeros(shape, dtype=np.int64)
    counts.ravel()[at] = values
    return Histogram(lo, counts)


def _bin_limits(scale: float) -> tuple[int, int]:
    """(kfloor, kover) of an output's histogram: the float64 bin of FLOOR × scale, and the overflow index."""
    kfloor = int(np.float64(FLOOR * scale).view(np.int64)) >> _SHIFT
    return kfloor, (int(np.float64(CEIL * scale).view(np.int64)) >> _SHIFT) - kfloor + 2


def _keys(x: np.ndarray, scale: float) -> np.ndarray:
    """Signed bin index of every value: 0 for |x| < FLOOR × scale, ±1.. by magnitude, ±kover for overflow."""
    kfloor, kover = _bin_limits(scale)
    k = np.abs(x).view(np.int64)
    np.right_shift(k, _SHIFT, out=k)
    np.subtract(k, kfloor - 1, out=k)
    np.clip(k, 0, kover, out=k)
    if np.signbit(x).any():
        np.negative(k, out=k, where=x < 0)
    return k


def _histogram(x: np.ndarray, scale: float) -> tuple[int, np.ndarray]:
    """Counts per cell and signed bin index (see :func:`_keys`): (lowest index, counts (cells, width))."""
    kernel = _jit_histogram()
    if kernel is not None and x.size >= 4096:
        return kernel(np.ascontiguousarray(x), *_bin_limits(scale), _SHIFT)
    k = _keys(x, scale)
    lo, hi = int(k.min()), int(k.max())
    width = hi - lo + 1
    cells = x.shape[1]
    np.add(k, (np.arange(cells, dtype=np.int64) * width - lo)[None, :], out=k)
    return lo, np.bincount(k.ravel(), minlength=cells * width).reshape(cells, width)


@functools.cache
def _jit_histogram():
    """:func:`_keys` and the counting fused in one compiled pass (numba), or None without numba."""
    try:
        import numba
    except ImportError:
        return None

    @numba.njit(nogil=True, cache=True)
    def kernel(x, kfloor, kover, shift):  # pragma: no cover - compiled
        n, cells = x.shape
        keys = np.empty((n, cells), dtype=np.int64)
        bits = np.abs(x).view(np.int64)
        lo, hi = kover, -kover
        for i in range(n):
            for c in range(cells):
                k = (bits[i, c] >> shift) - (kfloor - 1)
                k = min(max(k, 0), kover)
                if x[i, c] < 0:
                    k = -k
                keys[i, c] = k
                lo = min(lo, k)
                hi = max(hi, k)
        counts = np.zeros((cells, hi - lo + 1), dtype=np.int64)
        for i in range(n):
            for c in range(cells):
                counts[c, keys[i, c] - lo] += 1
        return lo, counts

    return kernel


def _bin_edges(k: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """|x| range [lower, upper) of positive bin indices ``k`` >= 1."""
    kfloor, _ = _bin_limits(scale)
    key = (np.asarray(k, dtype=np.int64) + kfloor - 1)
    lower = (key << _SHIFT).view(np.float64)
    upper = ((key + 1) << _SHIFT).view(np.float64)
    return lower, upper


def quantiles_of(h: Histogram, out: Output, levels: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Quantiles (numpy's default 'linear' definition) per cell from the histogram. [(levels, cells)]"""
    kover = _bin_limits(out.scale)[1]
    res = np.full((len(levels), h.counts.shape[0]), np.nan)
    idx = np.arange(h.lo, h.hi + 1)
    mag = np.abs(idx)
    lower, upper = _bin_edges(np.maximum(mag, 1), out.scale)
    for c in range(h.counts.shape[0]):
        cnt = h.counts[c]
        total = int(cnt.sum())
        if total == 0:
            continue
        cum = np.cumsum(cnt)

        def order_stat(j):
            b = int(np.searchsorted(cum, j, side="right"))
            before = cum[b - 1] if b > 0 else 0
            frac = (j - before + 0.5) / cnt[b]
            k = idx[b]
            if k == 0:
                return 0.0
            if abs(k) >= kover:
                return math.copysign(math.inf, k)
            lo_, hi_ = lower[b], upper[b]
            return lo_ + frac * (hi_ - lo_) if k > 0 else -hi_ + frac * (hi_ - lo_)

        for i, p in enumerate(levels):
            hpos = p * (total - 1)
            j0 = int(math.floor(hpos))
            j1 = min(j0 + 1, total - 1)
            # The extreme order statistics are known exactly.
            v0 = low[c] if j0 == 0 else (high[c] if j0 == total - 1 else order_stat(j0))
            v1 = high[c] if j1 == total - 1 else (low[c] if j1 == 0 else order_stat(j1))
            t = hpos - j0
            res[i, c] = v0 if (t == 0 or v0 == v1) else v0 + t * (v1 - v0)
    # Estimates never leave the exact range seen (this makes P0 and P100 exact).
    res = np.where(np.isnan(res), res, np.clip(res, low[None, :], high[None, :]))
    return res + out.offset
