"""Measured weather for the built-in sites: NREL TMY3 station years turned into hourly capacity factors.

``data/weather_stations.csv`` names, per built-in region, the NREL TMY3 station (a typical meteorological
year: each month a typical month of the station's 1976-2005 record), its file, size and SHA-256, source and
licence. A station's year is NREL's own file (``<station>TYA.CSV``, as NREL publishes it) or a compact copy
(``tmy3-<station>.csv.gz``: hourly ``ghi,dni,dhi`` W/m2, ``temp_c``, ``wind_ms`` at the airport's 10 m
anemometer), looked up in ``$GIGAWATT_WEATHER_DIR``, else in the package's ``data/weather/``; where neither is
there the site keeps the synthetic generator (and says so). A file is read with the same hostile-input rules as a
user's ``--weather`` file (size bound, header, every cell a number in range, whole year) and its values must match
their catalogued checksum (``content_sha256``, the same for both forms).

* **Solar**: pvlib single-axis tracker (as :mod:`~gigawatt.power.profiles`) under the station's measured
  GHI/DNI/DHI (Hay-Davies transposition), cell temperature by the Sandia model from the measured air
  temperature and wind, a power temperature coefficient, DC/AC 1.3 with clipping.
* **Wind**: the 10 m wind raised to hub height by a power law (``power_weather.csv``: shear exponent, hub
  height) through the NREL 2019 market-average 2.6 MW power curve, less plant losses.

Neither is scaled to the ATB capacity factors: the measured year is the point, and the ATB class of each site
is itself a GUESS (``power_options.csv``); both figures are reported side by side.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import math
import os
from importlib import resources
from pathlib import Path

import numpy as np

from gigawatt.errors import InputError, show

ENV_VAR = "GIGAWATT_WEATHER_DIR"
HOURS = 8760
MAX_BYTES = 4 * 1024 * 1024  # a station year is ~150 kB of text
COLUMNS = {"ghi": (0.0, 1500.0), "dni": (0.0, 1500.0), "dhi": (0.0, 1000.0), "temp_c": (-60.0, 60.0),
           "wind_ms": (0.0, 75.0)}
NREL_FILE = "{station}TYA.CSV"  # NREL's TMY3 station file, as rredc.nrel.gov/solar/old_data/nsrdb/1991-2005/tmy3/ has it
NREL_COLUMNS = {"ghi": "GHI (W/m^2)", "dni": "DNI (W/m^2)", "dhi": "DHI (W/m^2)", "temp_c": "Dry-bulb (C)",
                "wind_ms": "Wspd (m/s)"}
MATCH_DEGREES = 0.5  # a site within half a degree of a station uses its measured year


@functools.cache
def stations() -> dict[str, dict]:
    """``weather_stations.csv``: region -> station row."""
    with (resources.files("gigawatt") / "data" / "weather_stations.csv").open(encoding="utf-8", newline="") as f:
        return {r["region"]: r for r in csv.DictReader(f)}


def directory() -> Path:
    env = os.environ.get(ENV_VAR, "").strip()
    return Path(env) if env else Path(str(resources.files("gigawatt") / "data" / "weather"))


def station_for(site) -> dict | None:
    """The station row for ``site`` (its region's station, within :data:`MATCH_DEGREES`), or None."""
    row = stations().get(site.region or "")
    if row is None or abs(float(row["lat"]) - site.lat) > MATCH_DEGREES or \
            abs(float(row["lon"]) - site.lon) > MATCH_DEGREES:
        return None
    return row


def source_path(row: dict) -> Path | None:
    """Where the station's year is: this project's compact file (``tmy3-<station>.csv.gz``), else NREL's own
    TMY3 file as NREL publishes it (``<station>TYA.CSV``), in :func:`directory`; None if neither is there."""
    for name in (row["file"], NREL_FILE.format(station=row["station"])):
        if (directory() / name).is_file():
            return directory() / name
    return None


def installed(site) -> dict | None:
    """The station row for ``site`` if its file is present, else None (the site stays synthetic)."""
    row = station_for(site)
    return row if row is not None and source_path(row) is not None else None


def label(row: dict) -> str:
    return f"NREL TMY3 station {row['station']}, {row['name']} ({row['period']})"


def read(row: dict) -> dict[str, np.ndarray]:
    """The station's hourly columns, checked (size, header, every cell, then the values' checksum); one line per
    problem. Either file form gives the same values, so one checksum (``content_sha256``: SHA-256 of the five
    columns as little-endian float64, rounded to 0.1) holds for both."""
    path = source_path(row)
    arg = f"weather station {row['station']}"
    with path.open("rb") as f:
        blob = f.read(MAX_BYTES + 1)
    if len(blob) > MAX_BYTES:
        raise InputError(arg, f"{show(path.name)} is over {MAX_BYTES / 1e6:.0f} MB: not a station year")
    try:
        text = (gzip.decompress(blob) if path.name.endswith(".gz") else blob).decode("utf-8-sig")
    except (OSError, EOFError, UnicodeDecodeError) as e:
        raise InputError(arg, f"{show(path.name)} is not gzip-compressed UTF-8 text ({e})") from None
    lines = text.splitlines()
    w = parse(lines, arg) if path.name.endswith(".gz") else parse_nrel(lines, row["station"], arg)
    if content_sha256(w) != row["content_sha256"]:
        raise InputError(arg, f"{show(path.name)} does not hold the station year catalogued in weather_stations.csv "
                              "(its values' SHA-256 differ: a changed or damaged copy): restore it or unset " + ENV_VAR)
    return w


def content_sha256(w: dict[str, np.ndarray]) -> str:
    return hashlib.sha256(np.round(np.stack([w[c] for c in COLUMNS]), 1).astype("<f8").tobytes()).hexdigest()


def parse_nrel(lines: list[str], station: str, arg: str) -> dict[str, np.ndarray]:
    """NREL's TMY3 station file: a line of station metadata (its first field the station id), a header naming
    the columns, :data:`HOURS` rows; the five columns used are read by name (:data:`NREL_COLUMNS`)."""
    first = lines[0].split(",")[0].strip() if lines else ""
    if first != station:
        raise InputError(arg, f"{show(first)} is not allowed: NREL's {NREL_FILE.format(station=station)} starts with "
                              f"its station id {station}")
    header = [c.strip() for c in (lines[1].split(",") if len(lines) > 1 else [])]
    missing = [c for c in NREL_COLUMNS.values() if c not in header]
    if missing:
        raise InputError(f"{arg} header", f"lacks {', '.join(missing)}: not an NREL TMY3 station file")
    if len(lines) - 2 != HOURS:
        raise InputError(arg, f"{len(lines) - 2:,} hourly rows: a station year has {HOURS:,}")
    at = {c: header.index(name) for c, name in NREL_COLUMNS.items()}
    out = {c: np.empty(HOURS) for c in COLUMNS}
    for n, line in enumerate(lines[2:], start=3):
        cells = line.split(",")
        if len(cells) != len(header):
            raise InputError(f"{arg} row {n}", f"{len(cells)} fields where the header has {len(header)}")
        for c, bounds in COLUMNS.items():
            out[c][n - 3] = check_cell(cells[at[c]], c, n, arg, bounds)
    return out


def check_cell(text: str, column: str, row: int, arg: str, bounds: tuple[float, float]) -> float:
    """One CSV cell as a finite number within ``bounds``, else one line naming the row and column (the station
    files here and the user's ``--weather`` file in :mod:`~gigawatt.power.weather`)."""
    lo, hi = bounds
    try:
        x = float(text) if "_" not in text else math.nan  # float() reads 1_0 as 10
    except ValueError:
        x = math.nan
    if not math.isfinite(x) or not lo <= x <= hi:
        raise InputError(f"{arg} row {row} column {column}", f"{show(text)} is not allowed: a number from {lo:g} "
                                                             f"to {hi:g}")
    return x


def parse(lines: list[str], arg: str) -> dict[str, np.ndarray]:
    """Rows of ``ghi,dni,dhi,temp_c,wind_ms``: exactly that header, :data:`HOURS` rows, numbers in range."""
    header = [c.strip().lower() for c in (lines[0].split(",") if lines else [])]
    if header != list(COLUMNS):
        raise InputError(f"{arg} header", f"{show(','.join(header))} is not allowed: exactly "
                                          f"{','.join(COLUMNS)}")
    if len(lines) - 1 != HOURS:
        raise InputError(arg, f"{len(lines) - 1:,} hourly rows: a station year has {HOURS:,}")
    out = np.empty((len(COLUMNS), HOURS))
    for n, line in enumerate(lines[1:], start=2):
        cells = line.split(",")
        if len(cells) != len(COLUMNS):
            raise InputError(f"{arg} row {n}", f"{len(cells)} fields where the header has {len(COLUMNS)}")
        for i, (c, bounds) in enumerate(COLUMNS.items()):
            out[i, n - 2] = check_cell(cells[i], c, n, arg, bounds)
    return dict(zip(COLUMNS, out))


def _figures() -> dict[str, dict]:
    from gigawatt.power.reliability import read_tidy

    return read_tidy("power_weather.csv")


def solar_cf(row: dict, w: dict[str, np.ndarray]) -> np.ndarray:
    """Hourly AC capacity factor of a single-axis tracking plant under the station's measured year."""
    import pvlib

    from gigawatt.power import profiles

    lat, lon = float(row["lat"]), float(row["lon"])
    poa = profiles.tracker_poa(lat, lon, w["dni"], w["ghi"], w["dhi"], int(row["utc_offset_h"]))
    params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_polymer"]
    cell = pvlib.temperature.sapm_cell(poa, w["temp_c"], w["wind_ms"], **params)
    gamma = _figures()["solar"]["temp_coeff_per_degc"].number
    dc = poa / 1000.0 * profiles.DC_AC_RATIO * profiles.SYSTEM_DERATE * (1.0 + gamma * (cell - 25.0))
    cf = np.clip(dc, 0.0, 1.0)
    cf[cf < 1e-4] = 0.0
    return cf


def power_curve() -> tuple[np.ndarray, np.ndarray]:
    """(wind speed m/s, fraction of rated) points of the sourced curve, in speed order."""
    pts = sorted((float(q.removeprefix("power_at_").removesuffix("_ms")), r.number)
                 for q, r in _figures()["wind_curve"].items())
    v, p = (np.array(x) for x in zip(*pts))
    return v, p


def wind_cf(w: dict[str, np.ndarray]) -> np.ndarray:
    """Hourly net capacity factor: 10 m wind -> hub height (power law) -> power curve -> less plant losses."""
    t = _figures()["wind"]
    hub = w["wind_ms"] * (t["hub_height_m"].number / 10.0) ** t["shear_exponent"].number
    v, p = power_curve()
    gross = np.interp(hub, v, p, left=0.0, right=0.0)
    gross[hub >= v[-1]] = 0.0  # cut-out
    cf = gross * (1.0 - t["plant_losses"].number)
    cf[cf < 1e-4] = 0.0
    return cf


@functools.lru_cache(maxsize=4)
def _year(region: str, directory_: str) -> tuple[dict[str, np.ndarray], np.ndarray]:
    row = stations()[region]
    w = read(row)
    cf = {"solar": solar_cf(row, w), "wind": wind_cf(w)}
    for v in cf.values():
        v.flags.writeable = False
    return cf, w["temp_c"]


def year(site) -> tuple[dict, dict[str, np.ndarray], np.ndarray]:
    """(station row, {solar, wind} hourly capacity factors, hourly temperature) of ``site``'s measured year."""
    row = installed(site)
    if row is None:
        raise LookupError(f"no measured weather installed for {site.name}")
    cf, temp = _year(row["region"], str(directory()))
    return row, cf, temp

