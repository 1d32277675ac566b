"""Weather years: hourly solar and wind capacity factors and ambient temperature, one year or several.

Two sources, each labelled in the result:

* **the user's CSV** (``--weather FILE``): columns ``solar`` and/or ``wind`` (capacity factors, 0 to 1) and an
  optional ``temp_c`` (ambient, -60 to 60 degC), 8,760 rows per year, one to :data:`MAX_YEARS` years in a row
  (a ``year`` column, if present, must change only every 8,760 rows). Hostile input is refused in one line
  naming the row and column: size bounded before reading (:data:`MAX_BYTES`), unknown columns, text, NaN,
  values out of range, a count of rows that is not whole years.
* **built-in, measured** (a built-in site whose station file is installed, see :mod:`~gigawatt.power.measured`):
  year 1 is the NREL TMY3 station's measured typical year; ``--weather-years N`` adds N-1 years resampled from
  it (:func:`resampled`: its days reshuffled within each month, annual yield moved by the published
  year-to-year variability) and labelled synthetic: only one measured year was found that the project may
  redistribute (TMY3; NSRDB yearly files and ERA5 were not reached).
* **built-in, synthetic** (every other site, or a built-in site without its station file): year 1 is the
  representative year of :mod:`~gigawatt.power.profiles` and each further year draws its own daily clearness
  and wind weather (a new seed) with its annual yield moved by the published year-to-year variability
  (``power_weather.csv``: coefficient of variation of annual solar and wind yield, sourced); temperature runs each
  day's low and high through the TMY3 station's monthly mean daily minima and maxima with its day-to-day noise,
  capped at the recorded all-time high (:func:`temperature`). All of it is labelled *synthetic*. :func:`synthetic_year` draws one year from a seed (one per sweep draw).

The LP sizes one plan for all years at once (the years stacked end to end: every hour of every year must be
served), and the result reports each year's figures so the spread across years is visible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from gigawatt.errors import InputError, show
from gigawatt.power.measured import check_cell

HOURS = 8760
MAX_YEARS = 10  # a stacked LP over ten years is already ~90,000 hours
SEED_MEASURED = 20_261_206  # the resampled years after a measured one
MAX_BYTES = 40 * 1024 * 1024  # ten years of four columns with generous decimals fit in under 10 MB
COLUMNS = {"solar": (0.0, 1.0), "wind": (0.0, 1.0), "temp_c": (-60.0, 60.0)}


@dataclass
class Weather:
    """Hourly series for ``years`` years stacked end to end, and where they come from."""

    years: int
    cf: dict[str, np.ndarray]  # option key -> capacity factor, years x 8760 hours long
    temp_c: np.ndarray | None
    source: str
    synthetic: bool
    annual_cf: dict[str, list[float]] = field(default_factory=dict)  # per year, per option
    first_hours: int | None = None  # one year cut to its first hours (--hours)
    measured_years: int = 0  # how many of the years are measured (the rest synthetic)
    reference_cf: dict[str, float] = field(default_factory=dict)  # the ATB figure the site would use otherwise
    note: str | None = None  # what the profiles are, where not the generic synthetic note

    @property
    def hours(self) -> int:
        return self.first_hours or self.years * HOURS

    def describe(self) -> dict:
        return {"years": self.years, "source": self.source, "synthetic": self.synthetic,
                "annual_capacity_factor": {k: [round(x, 4) for x in v] for k, v in self.annual_cf.items()},
                "temperature": self.temp_c is not None, "measured_years": self.measured_years,
                "atb_capacity_factor": {k: round(v, 4) for k, v in self.reference_cf.items()}}


def table() -> dict[str, dict]:
    from gigawatt.power.reliability import read_tidy

    return read_tidy("power_weather.csv")


def temperature(region: str | None, years: int = 1, seed: int = 2025) -> np.ndarray | None:
    """Synthetic hourly ambient temperature [degC] for a built-in region (None elsewhere: no derating).

    Each day's low (near 05:00) and high (near 14:00) run through the region's TMY3 station's monthly mean daily
    minima and maxima (``power_weather.csv``, interpolated between mid-months), both moved by that day's anomaly:
    AR(1) noise with the station's day-to-day persistence and skew, scaled by the month's standard deviation of
    daily maxima; the hours between follow half-cosines from low to high and back. No hour exceeds the region's
    recorded all-time high (``temp_record_max_degc``)."""
    t = table()
    if region not in t:
        return None
    rows = t[region]
    days = years * 365
    on_day = {q: _through_months([rows[f"temp_month_{m:02d}_{q}_degc"].number for m in range(1, 13)], days)
              for q in ("max", "min", "sd")}
    anomaly = _daily_anomaly(days, seed, t["any"]) * on_day["sd"]
    knots = np.column_stack([np.arange(days) * 24 + LOW_HOUR, np.arange(days) * 24 + HIGH_HOUR]).ravel()
    values = np.column_stack([on_day["min"] + anomaly, on_day["max"] + anomaly]).ravel()
    h = np.arange(years * HOURS)
    i = np.clip(np.searchsorted(knots, h, side="right") - 1, 0, len(knots) - 2)
    w = np.clip((h - knots[i]) / (knots[i + 1] - knots[i]), 0.0, 1.0)
    hourly = values[i] + (values[i + 1] - values[i]) * (1 - np.cos(np.pi * w)) / 2
    return np.minimum(hourly, rows["temp_record_max_degc"].number)


LOW_HOUR, HIGH_HOUR = 5, 14  # the TMY3 stations' commonest hours of the daily low and high (hour ending, local)
MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _through_months(monthly_values: list[float], days: int) -> np.ndarray:
    """Twelve monthly means as a smooth daily series: linear between mid-month knots (wrapping at the year's
    end), the knots solved so that each month's mean of the series is its figure (plain knots at the monthly
    means would shave the peak month and the trough)."""
    mid = np.cumsum(MONTH_DAYS) - MONTH_DAYS / 2
    x = np.concatenate([mid - 365, mid, mid + 365])

    def through(knots, n):
        return np.interp((np.arange(n) + 0.5) % 365, x, np.tile(knots, 3))

    month = np.repeat(np.arange(12), MONTH_DAYS)
    weights = np.stack([through(np.eye(12)[j], 365) for j in range(12)])  # knot x day of the year
    means = np.stack([weights[:, month == m].mean(axis=1) for m in range(12)])  # month x knot
    return through(np.linalg.solve(means, np.asarray(monthly_values, dtype=float)), days)


def _daily_anomaly(days: int, seed: int, any_rows: dict) -> np.ndarray:
    """Unit-variance daily anomalies: AR(1) with the stations' persistence, bent to their (negative) skew by a
    second-order term (skewness of z + c(z^2 - 1) is about 6c for small c)."""
    from scipy.signal import lfilter

    phi = any_rows["temp_day_to_day_ar1"].number
    c = any_rows["temp_daily_max_skew"].number / 6
    z = lfilter([1.0], [1.0, -phi], np.random.default_rng(seed).standard_normal(days) * math.sqrt(1 - phi ** 2))
    return (z + c * (z ** 2 - 1)) / math.sqrt(1 + 2 * c ** 2)


def synthetic(site, cf_means: dict[str, float], years: int) -> Weather:
    """``years`` synthetic years for a built-in site (see the module docstring)."""
    from gigawatt.power import profiles

    _check_years(years)
    t = table()
    rng = np.random.default_rng(20_260_406)
    out: dict[str, list[np.ndarray]] = {k: [] for k in cf_means}
    for y in range(years):
        for k, mean in cf_means.items():
            factor = 1.0 if y == 0 else float(np.clip(1.0 + t[k]["annual_cf_cv"].number * rng.standard_normal(),
                                                      0.5, 1.5))
            target = min(mean * factor, 0.95)
            seed = profiles.SEED + y
            shape = monthly(site.region, k)
            out[k].append(profiles.solar(site.lat, site.lon, target, HOURS, seed=seed, monthly=shape) if k == "solar"
                          else profiles.wind(target, HOURS, seed=seed, monthly=shape))
    cf = {k: np.concatenate(v) for k, v in out.items()}
    return Weather(years, cf, temperature(site.region, years), SYNTHETIC_SOURCE, True, _annual(cf, years))


SYNTHETIC_SOURCE = ("synthetic: pvlib clear sky x seeded daily clearness, AR(1)/Weibull wind, months shaped to the "
                    "region's NREL TMY3 station; years after the first move annual yield by the published "
                    "year-to-year variability (power_weather.csv: American Clean Power for solar, Pryor et al. 2018 "
                    "for wind); temperature through the station's monthly daily highs and lows with its day-to-day "
                    "noise, capped at the recorded all-time high")


def monthly(region: str | None, key: str) -> tuple[float, ...] | None:
    """The sourced monthly shape of ``key`` (solar or wind) at a built-in region's sites (12 ratios of a month's
    mean capacity factor to the year's, from its TMY3 station), or None elsewhere."""
    rows = table().get(region or "", {})
    shape = tuple(rows[q].number for q in (f"{key}_month_{m:02d}" for m in range(1, 13)) if q in rows)
    return shape if len(shape) == 12 else None


def synthetic_note(region: str | None) -> str | None:
    """What the synthetic profiles are at a built-in region without its measured file (None: the generic note)."""
    from gigawatt.power import measured

    row = measured.stations().get(region or "")
    if row is None or monthly(region, "solar") is None:
        return None
    return (f"synthetic (the measured station file is not installed: put NREL's "
            f"{measured.NREL_FILE.format(station=row['station'])} in a folder named by ${measured.ENV_VAR}, see README): solar pvlib clear sky x synthetic daily "
            f"clearness, wind AR(1)/Weibull, each month shaped to NREL TMY3 station {row['station']}'s months "
            "and the year scaled to the ATB capacity factor")


def _check_years(years) -> None:
    if isinstance(years, bool) or not isinstance(years, int) or not 1 <= years <= MAX_YEARS:
        raise InputError("--weather-years", f"{show(years)} is not allowed: a whole number of years from 1 to "
                                            f"{MAX_YEARS}")


def check_years(years, hours: int = HOURS) -> None:
    """``--weather-years`` and ``--hours`` together: several years are solved whole (POST /api/power checks
    them before it waits for the solver)."""
    _check_years(years)
    if years > 1:
        _whole_years(hours)


def _atb(site, key: str) -> float:
    """The ATB capacity factor ``power_options.csv`` gives ``site`` for ``key`` (the synthetic profiles' mean)."""
    from gigawatt import catalog

    rows = catalog.power_options()[key]
    q = f"capacity_factor_{site.region}"
    return rows[q if site.region and q in rows else "capacity_factor"].number


def resampled(cf: dict[str, np.ndarray], temp: np.ndarray, seed: int) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """A further year from a measured one (synthetic): its days reshuffled within each month, every series of a
    day kept together (so sun, wind and heat stay as they co-occurred), each series' annual yield then moved by
    the published year-to-year coefficient of variation (``power_weather.csv``)."""
    t = table()
    rng = np.random.default_rng(seed)
    month_of_day = np.repeat(np.arange(12), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    days = np.concatenate([rng.choice(np.flatnonzero(month_of_day == m), size=int((month_of_day == m).sum()))
                           for m in range(12)])
    hours = (days[:, None] * 24 + np.arange(24)).ravel()
    out = {}
    for k, v in cf.items():
        factor = float(np.clip(1.0 + t[k]["annual_cf_cv"].number * rng.standard_normal(), 0.5, 1.5))
        out[k] = np.minimum(v[hours] * factor, 1.0)
    return out, temp[hours]


def measured_years(site, keys, years: int, atb: dict[str, float], hours: int = HOURS) -> Weather:
    """The site's measured station year, then ``years - 1`` years resampled from it (see :func:`resampled`)."""
    from gigawatt.power import measured

    row, cf1, temp1 = measured.year(site)
    cf = {k: [cf1[k]] for k in keys}
    temps = [temp1]
    for y in range(1, years):
        more, temp = resampled({k: cf1[k] for k in keys}, temp1, SEED_MEASURED + y)
        for k in keys:
            cf[k].append(more[k])
        temps.append(temp)
    stacked = {k: np.concatenate(v) for k, v in cf.items()}
    source = f"measured: {measured.label(row)}; solar via pvlib tracker, wind at hub height by power law and " \
             "the NREL 2019 market-average curve; not scaled to ATB"
    if years > 1:
        source += f"; years 2-{years} synthetic: its days reshuffled within each month, annual yield moved by " \
                  "the published year-to-year variability"
    annual = _annual(stacked, years)
    if hours < HOURS:  # --hours: the first hours of the measured year
        stacked = {k: v[:hours] for k, v in stacked.items()}
    return Weather(years, stacked, np.concatenate(temps)[:years * HOURS if hours == HOURS else hours], source,
                   years > 1, annual, None if hours == HOURS else hours, measured_years=1, reference_cf=atb,
                   note=source)


def synthetic_year(site, seed: int, keys=("solar", "wind")) -> Weather:
    """One weather year drawn with ``seed`` (stable for sweeps: one year per draw): at a site with measured
    weather installed, its measured year resampled (:func:`resampled`); elsewhere the synthetic generator's year
    (:func:`synthetic`'s clearness and wind weather with the seed, annual yield moved by the published
    variability). Always labelled synthetic."""
    from gigawatt.power import measured, profiles

    keys = list(keys)
    atb = {k: _atb(site, k) for k in keys}
    if measured.installed(site) is not None:
        row, cf1, temp1 = measured.year(site)
        cf, temp = resampled({k: cf1[k] for k in keys}, temp1, seed)
        source = f"synthetic: {measured.label(row)} resampled (seed {seed})"
    else:
        rng = np.random.default_rng(seed)
        t = table()
        cf = {}
        for k in keys:
            target = min(atb[k] * float(np.clip(1.0 + t[k]["annual_cf_cv"].number * rng.standard_normal(),
                                                0.5, 1.5)), 0.95)
            shape = monthly(site.region, k)
            cf[k] = profiles.solar(site.lat, site.lon, target, HOURS, seed=seed, monthly=shape) if k == "solar" \
                else profiles.wind(target, HOURS, seed=seed, monthly=shape)
        temp = temperature(site.region, 1, seed)
        source = f"synthetic: generator year (seed {seed})"
    return Weather(1, cf, temp, source, True, _annual(cf, 1), reference_cf=atb)


def _first_hours(wx: Weather, hours: int) -> Weather:
    """One year cut to its first ``hours`` (``--hours``), as the representative year is."""
    if hours < HOURS:
        wx.cf = {k: v[:hours] for k, v in wx.cf.items()}
        wx.temp_c = None if wx.temp_c is None else wx.temp_c[:hours]
        wx.first_hours = hours
    return wx


def _annual(cf: dict[str, np.ndarray], years: int) -> dict[str, list[float]]:
    return {k: [float(x) for x in v.reshape(years, HOURS).mean(axis=1)] for k, v in cf.items()}


def read_csv(path: str, arg: str = "--weather") -> Weather:
    """The user's hourly weather file (see the module docstring); every problem is one line naming the field."""
    import csv
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        raise InputError(arg, f"{show(path)} is not a readable file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(arg, f"{show(path)} is {size / 1e6:.1f} MB: at most {MAX_BYTES / 1e6:.0f} MB "
                              f"({MAX_YEARS} years of hourly rows)")
    try:
        values, year_labels = _rows(p, arg)
    except UnicodeDecodeError as e:
        raise InputError(arg, f"{show(path)} is not UTF-8 text (byte {e.start}); save it as UTF-8 CSV") from None
    except csv.Error as e:
        raise InputError(arg, f"{show(path)} is not a CSV this can read ({e})") from None
    return _weather(values, year_labels, arg, p.name)


def _rows(p, arg: str) -> tuple[dict[str, list[float]], list[str]]:
    """The file's columns as numbers, and its year labels (checked row by row)."""
    import csv

    with p.open(encoding="utf-8-sig", newline="") as f:  # -sig: Excel's "CSV UTF-8" starts with a BOM
        reader = csv.reader(f)
        header = [c.strip().lower() for c in next(reader, [])]
        cols = _check_header(header, arg)
        values = {c: [] for c in cols}
        years_col = header.index("year") if "year" in header else None
        year_labels = []
        for n, row in enumerate(reader, start=2):
            if n - 1 > MAX_YEARS * HOURS:
                raise InputError(arg, f"more than {MAX_YEARS * HOURS:,} hourly rows ({MAX_YEARS} years at most)")
            if len(row) != len(header):
                raise InputError(f"{arg} row {n}", f"{len(row)} fields where the header has {len(header)}")
            for c, i in cols.items():
                values[c].append(check_cell(row[i], c, n, arg, COLUMNS[c]))
            if years_col is not None:
                year_labels.append(row[years_col].strip())
    return values, year_labels


def _check_header(header: list[str], arg: str) -> dict[str, int]:
    allowed = set(COLUMNS) | {"year", "hour", "time"}
    unknown = [c for c in header if c not in allowed]
    twice = sorted({c for c in header if header.count(c) > 1})
    if twice:
        raise InputError(f"{arg} header", f"{show(','.join(twice))} is given more than once: each column once")
    if unknown or not header:
        raise InputError(f"{arg} header", f"{show(','.join(unknown) or '')} is not allowed: columns are solar, wind "
                                          "(capacity factors 0-1), temp_c (degC), and optionally year, hour or time")
    cols = {c: header.index(c) for c in COLUMNS if c in header}
    if not {"solar", "wind"} & set(cols):
        raise InputError(f"{arg} header", "needs a solar or a wind column (hourly capacity factors, 0 to 1)")
    return cols


def _weather(values: dict[str, list[float]], year_labels: list[str], arg: str, name: str) -> Weather:
    rows = len(next(iter(values.values())))
    if rows == 0 or rows % HOURS:
        raise InputError(arg, f"{rows:,} hourly rows is not a whole number of years: give 8,760 rows per year "
                              "(drop 29 February in leap years)")
    years = rows // HOURS
    if year_labels:
        blocks = [year_labels[i * HOURS:(i + 1) * HOURS] for i in range(years)]
        bad = next((i for i, b in enumerate(blocks) if len(set(b)) != 1), None)
        if bad is not None:
            raise InputError(f"{arg} column year", f"year {bad + 1} (rows {bad * HOURS + 2:,}-{(bad + 1) * HOURS + 1:,}) "
                                                   "changes inside its 8,760 rows")
    cf = {k: np.asarray(v) for k, v in values.items() if k != "temp_c"}
    temp = np.asarray(values["temp_c"]) if "temp_c" in values else None
    return Weather(years, cf, temp, f"user file {name}: {years} year{'s' if years > 1 else ''} of hourly "
                                    "capacity factors" + (" and temperatures" if temp is not None else ""),
                   False, _annual(cf, years))


def user_file(path: str, site, variable: list[str], years: int = 1, hours: int = HOURS) -> Weather:
    """The user's file in place of ``site``'s weather: every one of its years solved (``--weather-years`` is
    refused with it), one year cut to its first ``hours`` as the representative year is; temperatures from the
    file, else the site's synthetic ones."""
    if years != 1:
        raise InputError("--weather-years", f"{show(years)} with --weather is not allowed: the file's years are what "
                                            "is solved (leave --weather-years out)")
    wx = read_csv(path)
    missing = [k for k in variable if k not in wx.cf]
    if missing:
        raise InputError("--weather", f"the file has no {' or '.join(missing)} column but the options include "
                                      f"{', '.join(missing)} (add the column or leave the option out)")
    if wx.years > 1 and hours != HOURS:
        raise InputError("--hours", f"{hours} is not allowed with a weather file of {wx.years} years: several years "
                                    "are solved whole (leave --hours out)")
    if wx.temp_c is None:
        wx.temp_c = temperature(site.region, wx.years)
        wx.source += "; temperatures " + ("the site's synthetic ones" if wx.temp_c is not None else
                                          "unknown (no heat derating)")
    wx.source += f"; it replaces {site.name}'s weather"
    return _first_hours(wx, hours)


def per_year(res_dispatch: dict[str, np.ndarray], years: int) -> dict[str, list[float]]:
    """Each year's generation share per option from a stacked solve (the spread across weather years)."""
    gen = {k: np.asarray(v).reshape(years, -1).sum(axis=1) for k, v in res_dispatch.items()}
    total = sum(np.maximum(g, 0.0) for g in gen.values())
    return {k: [float(x) for x in np.divide(np.maximum(g, 0.0), total, out=np.zeros(years), where=total > 0)]
            for k, g in gen.items()}


def _whole_years(hours: int) -> None:
    if hours != HOURS:
        raise InputError("--hours", f"{hours} is not allowed with several weather years: solve whole years "
                                    "(leave --hours out)")


def for_request(req, built: dict, capacity_factors) -> Weather:
    """The weather a request solves over: the user's file, a built-in site's measured year (and years resampled
    from it), N synthetic years, or the representative year (truncated to ``req.hours``), with the site's
    temperatures where known; ``capacity_factors(site, keys, hours)`` gives the representative year's
    profiles."""
    from gigawatt.power import measured

    variable = [k for k in built if k in ("solar", "wind")]
    years = getattr(req, "weather_years", 1)
    path = getattr(req, "weather_file", None)
    if path is None and getattr(req, "weather_seed", None) is not None:  # a sweep's draw: a year of its own
        return _first_hours(synthetic_year(req.site, req.weather_seed, variable), req.hours)
    if path is None and measured.installed(req.site) is not None:
        check_years(years, req.hours)
        return measured_years(req.site, variable, years, {k: _atb(req.site, k) for k in variable}, req.hours)
    if path is None and years == 1:
        cf = capacity_factors(req.site, variable, req.hours)
        temp = temperature(req.site.region)
        return Weather(1, cf, None if temp is None else temp[:req.hours], "representative year (synthetic, see "
                       "profiles_note)", True, {k: [float(v.mean())] for k, v in cf.items()}, req.hours,
                       note=synthetic_note(req.site.region))
    if path is not None:
        return user_file(path, req.site, variable, years, req.hours)
    _whole_years(req.hours)
    means = {k: float(capacity_factors(req.site, [k], HOURS)[k].mean()) for k in variable}
    wx = synthetic(req.site, means, years)
    wx.note = synthetic_note(req.site.region)
    return wx
