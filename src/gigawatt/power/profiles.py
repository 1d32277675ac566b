"""Hourly capacity-factor profiles for one representative year (8,760 hours, 2025, local standard time).

* **Solar** (partly synthetic): pvlib clear-sky irradiance (Ineichen with pvlib's shipped Linke turbidity
  table) at the site's latitude and longitude on a single-axis tracker (pvlib ``tracking.singleaxis``,
  ``irradiance.get_total_irradiance``), DC/AC ratio 1.3 with inverter clipping. Clear sky has no weather, so
  each day is multiplied by a *synthetic* daily clearness drawn from Beta(3, 1.2) (mean 0.71, a skew to sunny
  days; seeded, so the profile is the same every run) and the year is then scaled so its mean equals the
  sourced capacity factor (NREL ATB 2024 resource classes, ``power_options.csv``).
* **Wind** (synthetic): an hourly Gaussian AR(1) process (hour-to-hour correlation 0.97, i.e. weather
  systems lasting about a day and a half) with a winter-high seasonal term and a night-high diurnal term,
  mapped through the normal CDF to Weibull(k = 2) wind speeds and a generic power curve (cut-in 3 m/s, rated
  12 m/s, cut-out 25 m/s); the Weibull scale is set by bisection so the mean equals the sourced capacity
  factor.

At a built-in region's sites (``wy``, ``tx``) each month is then scaled to the region's sourced monthly shape
(``power_weather.csv``: ``solar_month_01``.. and ``wind_month_01``..: a month's mean over the year's, from the
region's NREL TMY3 station through :mod:`~gigawatt.power.measured`), the year still at the ATB figure.

Nothing is downloaded. Both are *representative*, not a measured year: state this wherever results are shown
(the measured years themselves are :mod:`~gigawatt.power.measured`).
"""

from __future__ import annotations

import functools
import warnings

import numpy as np

HOURS_PER_YEAR = 8760
YEAR = 2025
SEED = 2025
DC_AC_RATIO = 1.3
SYSTEM_DERATE = 0.86  # soiling, wiring, mismatch, inverter losses (judgement, close to PVWatts' 14 % default)


def _bisect(f, lo: float, hi: float, target: float, iters: int = 60) -> float:
    """x in [lo, hi] with f(x) = target for increasing f."""
    for _ in range(iters):
        mid = 0.5 * (lo + hi)
        if f(mid) < target:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


@functools.lru_cache(maxsize=16)
def _sun(lat: float, lon: float, utc_offset_h: int | None = None):
    """Solar position and the tracker's orientation at mid-hour of each hour of the year (local standard time,
    ``utc_offset_h`` or the nearest to the longitude), and the clear sky there."""
    import pandas as pd
    import pvlib

    tz_hours = -utc_offset_h if utc_offset_h is not None else int(round(-lon / 15.0))
    tz = f"Etc/GMT{'+' if tz_hours >= 0 else '-'}{abs(tz_hours)}"
    times = pd.date_range(f"{YEAR}-01-01 00:30", periods=HOURS_PER_YEAR, freq="h", tz=tz)  # mid-hour
    loc = pvlib.location.Location(lat, lon, tz=tz)
    with warnings.catch_warnings():  # pvlib 0.16 uses a pandas attribute pandas 3 deprecates; harmless here
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        sp = loc.get_solarposition(times)
        cs = loc.get_clearsky(times, model="ineichen", solar_position=sp)
    trk = pvlib.tracking.singleaxis(sp["apparent_zenith"], sp["azimuth"], axis_azimuth=180, max_angle=60,
                                    backtrack=True, gcr=0.35)
    return times, sp, trk, cs


def tracker_poa(lat: float, lon: float, dni, ghi, dhi, utc_offset_h: int | None = None,
                model: str = "haydavies") -> np.ndarray:
    """Plane-of-array irradiance [W/m2] on a single-axis tracker for hourly ``dni``/``ghi``/``dhi`` of a year."""
    import pvlib

    times, sp, trk, _ = _sun(round(lat, 3), round(lon, 3), utc_offset_h)
    with warnings.catch_warnings():  # as in _sun: a pandas deprecation inside pvlib
        warnings.simplefilter("ignore", FutureWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        extra = pvlib.irradiance.get_extra_radiation(times) if model == "haydavies" else None
    poa = pvlib.irradiance.get_total_irradiance(trk["surface_tilt"].fillna(0.0), trk["surface_azimuth"].fillna(180.0),
                                                sp["apparent_zenith"], sp["azimuth"], dni, ghi, dhi,
                                                dni_extra=extra, model=model)
    return poa["poa_global"].fillna(0.0).to_numpy()


@functools.lru_cache(maxsize=16)
def solar_clear_sky(lat: float, lon: float) -> np.ndarray:
    """AC output per MWac of a single-axis tracking plant under clear sky, hourly for a year. [MW/MWac]"""
    _, _, _, cs = _sun(lat, lon)
    poa = tracker_poa(lat, lon, cs["dni"], cs["ghi"], cs["dhi"], model="isotropic")
    dc = poa / 1000.0 * DC_AC_RATIO * SYSTEM_DERATE
    return np.clip(dc, 0.0, 1.0)


MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
MONTH_OF_HOUR = np.repeat(np.arange(12), np.array(MONTH_DAYS) * 24)


def _scaled(make, capacity_factor: float, lo: float, hi: float, monthly=None) -> np.ndarray:
    """``make(s)`` (a year of hourly values, increasing in ``s``) with its mean at ``capacity_factor``; with
    ``monthly`` (12 ratios of a month's mean to the year's), each month bisected to ``capacity_factor`` x its
    ratio, so the months follow the sourced shape."""
    if monthly is None:
        return make(_bisect(lambda s: float(make(s).mean()), lo, hi, capacity_factor))
    out = np.empty(HOURS_PER_YEAR)
    for m, ratio in enumerate(monthly):
        idx = MONTH_OF_HOUR == m
        s = _bisect(lambda s: float(make(s, idx).mean()), lo, hi, min(capacity_factor * ratio, 0.95))
        out[idx] = make(s, idx)
    return out


def solar(lat: float, lon: float, capacity_factor: float, hours: int = HOURS_PER_YEAR, seed: int = SEED,
          monthly: tuple[float, ...] | None = None) -> np.ndarray:
    """Hourly solar capacity factor with synthetic day-to-day clearness (drawn from ``seed``), scaled to
    ``capacity_factor`` (and each month to its share, where ``monthly`` gives the sourced monthly shape)."""
    clear = solar_clear_sky(round(lat, 3), round(lon, 3))
    rng = np.random.default_rng(seed)
    daily = rng.beta(3.0, 1.2, size=HOURS_PER_YEAR // 24).repeat(24)
    base = clear * daily
    prof = _scaled(lambda s, idx=slice(None): np.minimum(base[idx] * s, 1.0), capacity_factor, 0.0, 20.0, monthly)
    prof[prof < 1e-4] = 0.0  # keeps the LP's coefficient range tidy
    return prof[:hours]


@functools.lru_cache(maxsize=16)
def _wind_latent(seed: int = SEED) -> np.ndarray:
    rng = np.random.default_rng(seed)
    rho = 0.97
    eps = rng.standard_normal(HOURS_PER_YEAR) * np.sqrt(1.0 - rho**2)
    from scipy.signal import lfilter

    x = lfilter([1.0], [1.0, -rho], eps)  # AR(1), unit variance in steady state
    h = np.arange(HOURS_PER_YEAR)
    seasonal = 0.35 * np.cos(2 * np.pi * (h / HOURS_PER_YEAR))  # winter (Jan) high
    diurnal = 0.25 * np.cos(2 * np.pi * ((h % 24) - 2) / 24)  # night high (plains low-level jet)
    z = x + seasonal + diurnal
    return (z - z.mean()) / z.std()


def _power_curve(speed_m_s: np.ndarray) -> np.ndarray:
    """Generic turbine power curve: cubic from cut-in 3 m/s to rated 12 m/s, flat to cut-out 25 m/s."""
    v = speed_m_s
    out = np.clip((v**3 - 27.0) / (12.0**3 - 27.0), 0.0, 1.0)
    out[v >= 25.0] = 0.0
    return out


def wind(capacity_factor: float, hours: int = HOURS_PER_YEAR, seed: int = SEED,
         monthly: tuple[float, ...] | None = None) -> np.ndarray:
    """Synthetic hourly wind capacity factor with mean ``capacity_factor`` (each month at its share where
    ``monthly`` gives the sourced shape; see the module docstring)."""
    from scipy.special import ndtr

    u = np.clip(ndtr(_wind_latent(seed)), 1e-9, 1 - 1e-9)
    weibull = np.sqrt(-np.log1p(-u))  # Weibull k=2 quantile at scale 1
    prof = _scaled(lambda c, idx=slice(None): _power_curve(c * weibull[idx]), capacity_factor, 1.0, 20.0,
                   monthly)
    prof[prof < 1e-4] = 0.0
    return prof[:hours]
