"""Measured station weather: station files refused like user CSVs, capacity factors by hand, the built-in sites'
measured years against published figures, resampled further years."""

import gzip
import hashlib

import numpy as np
import pytest

from gigawatt.errors import InputError
from gigawatt.power import measured, weather as wx
from gigawatt.power.site import SITES

HEADER = "ghi,dni,dhi,temp_c,wind_ms"


def _lines(row="0,0,0,10.0,5.0", n=8760):
    return [HEADER] + [row] * n


@pytest.mark.parametrize("lines, where, what", [
    (["ghi,dni,temp_c,wind_ms"] + ["0,0,10,5"] * 8760, "header", "exactly ghi,dni,dhi,temp_c,wind_ms"),
    (_lines(n=8000), "station 1", "8,000 hourly rows"),
    (_lines()[:5] + ["0,0,0,nan,5"] + _lines()[6:], "row 6 column temp_c", "from -60 to 60"),
    (_lines()[:2] + ["2000,0,0,10,5"] + _lines()[3:], "row 3 column ghi", "from 0 to 1500"),
    (_lines()[:2] + ["0,0,0,10,1_0"] + _lines()[3:], "row 3 column wind_ms", "1_0"),
    (_lines()[:2] + ["0,0,0,10"] + _lines()[3:], "row 3", "4 fields where the header has 5"),
])
def test_station_files_refused_in_one_line_like_user_files(lines, where, what):
    with pytest.raises(InputError, match=what) as e:
        measured.parse(lines, "weather station 1")
    assert where in f"{e.value.path} {e.value.message}"


def _install(tmp_path, monkeypatch, ghi=0.0, wind=5.0, temp=25.0, corrupt=False):
    """A station file for Cheyenne in a temporary weather directory, catalogued with its checksum."""
    text = "\n".join(_lines(f"{ghi:g},{ghi:g},0,{temp:g},{wind:g}")) + "\n"
    blob = gzip.compress(text.encode(), mtime=0)
    (tmp_path / "tmy3-test.csv.gz").write_bytes(blob)
    values = measured.parse(text.splitlines(), "test")
    row = {**measured.stations()["wy"], "file": "tmy3-test.csv.gz", "sha256": hashlib.sha256(blob).hexdigest(),
           "content_sha256": hashlib.sha256(b"x").hexdigest() if corrupt else measured.content_sha256(values)}
    monkeypatch.setenv(measured.ENV_VAR, str(tmp_path))
    monkeypatch.setattr(measured, "stations", lambda: {"wy": row})
    measured._year.cache_clear()
    return row


def test_a_changed_station_file_is_refused(tmp_path, monkeypatch):
    _install(tmp_path, monkeypatch, corrupt=True)
    with pytest.raises(InputError, match="does not hold the station year catalogued"):
        measured.year(SITES["cheyenne-wy"])


def _nrel_file(lines: list[str], station: str = "725640") -> str:
    """NREL's TMY3 layout: a metadata line, a header of many columns, the five used ones among them."""
    head = "Date (MM/DD/YYYY),Time (HH:MM),GHI (W/m^2),GHI source,DNI (W/m^2),DHI (W/m^2),Dry-bulb (C),Wspd (m/s)"
    rows = [f"1/1/1982,{h % 24 + 1}:00,{g},1,{d},{f},{t},{w}"
            for h, (g, d, f, t, w) in enumerate(x.split(",") for x in lines[1:])]
    return "\n".join([f"{station},CHEYENNE MUNICIPAL ARPT,WY,-7,41.15,-104.8,1867", head, *rows]) + "\n"


def test_nrel_own_station_file_gives_the_same_year(tmp_path, monkeypatch):
    """A user who downloads NREL's 725640TYA.CSV gets the same values as the compact file, checked by the same
    checksum; a file of another station or without the columns is refused in one line."""
    row = _install(tmp_path, monkeypatch, ghi=300.0, wind=6.0, temp=10.0)
    compact = measured.read(row)
    lines = gzip.decompress((tmp_path / "tmy3-test.csv.gz").read_bytes()).decode().splitlines()
    (tmp_path / "tmy3-test.csv.gz").unlink()
    (tmp_path / "725640TYA.CSV").write_text(_nrel_file(lines))
    assert measured.source_path(row).name == "725640TYA.CSV"
    assert all(np.array_equal(measured.read(row)[c], compact[c]) for c in measured.COLUMNS)
    with pytest.raises(InputError, match="starts with its station id 725640"):
        measured.parse_nrel(_nrel_file(lines, "722660").splitlines(), "725640", "x")
    with pytest.raises(InputError, match="lacks Wspd"):
        measured.parse_nrel([ln.replace("Wspd", "Wdir") for ln in _nrel_file(lines).splitlines()], "725640", "x")


def test_wind_capacity_factor_by_hand(tmp_path, monkeypatch):
    # 10 m wind x (90.1 / 10) ** 0.143 = x 1.3696: 5 m/s -> 6.848 m/s on the curve between 6.5 m/s (755 kW)
    # and 7 m/s (952 kW) of 2,550 kW: (755 + 0.696 x 197) / 2550 = 0.3499, less 15 % losses = 0.2974;
    # 8 m/s -> 10.96 m/s, above rated (9.75): 0.85
    row = _install(tmp_path, monkeypatch, wind=5.0)
    assert measured.year(SITES["cheyenne-wy"])[1]["wind"].mean() == pytest.approx(0.2974, abs=5e-4)
    assert measured.year(SITES["cheyenne-wy"])[0] == row
    _install(tmp_path, monkeypatch, wind=8.0)
    assert measured.year(SITES["cheyenne-wy"])[1]["wind"].mean() == pytest.approx(0.85)
    _install(tmp_path, monkeypatch, wind=20.0)  # 27.4 m/s at hub height: cut out
    assert measured.year(SITES["cheyenne-wy"])[1]["wind"].max() == 0.0


def test_no_sun_no_solar_and_hotter_cells_make_less(tmp_path, monkeypatch):
    _install(tmp_path, monkeypatch, ghi=0.0)
    assert measured.year(SITES["cheyenne-wy"])[1]["solar"].max() == 0.0
    _install(tmp_path, monkeypatch, ghi=300.0, temp=0.0)
    cool = measured.year(SITES["cheyenne-wy"])[1]["solar"].mean()
    _install(tmp_path, monkeypatch, ghi=300.0, temp=40.0)
    assert 0 < measured.year(SITES["cheyenne-wy"])[1]["solar"].mean() < cool


def test_a_site_far_from_the_station_stays_synthetic():
    from gigawatt.power.site import at

    assert measured.station_for(SITES["cheyenne-wy"])["station"] == "725640"
    assert measured.station_for(SITES["abilene-tx"])["station"] == "722660"
    assert measured.station_for(at(42.5, -104.8)) is None  # same region (within 2 degrees), 150 km away


def test_resampled_years_keep_each_day_whole_and_inside_its_month():
    rng = np.random.default_rng(1)
    cf = {"solar": rng.random(8760) / 2, "wind": rng.random(8760) / 2}  # no hour clipped at 1
    temp = np.arange(8760.0)  # each hour its own label
    more, t = wx.resampled(cf, temp, seed=3)
    day = (t // 24).astype(int).reshape(365, 24)
    assert (day == day[:, :1]).all()  # every day is one measured day, whole
    month = np.repeat(np.arange(12), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    assert (month[day[:, 0]] == month).all()  # and from the same month
    hours = t.astype(int)
    ratio = more["wind"] / cf["wind"][hours]
    assert np.allclose(ratio, ratio[0])  # one annual factor per series
    again, _ = wx.resampled(cf, temp, seed=3)
    np.testing.assert_array_equal(again["solar"], more["solar"])


def test_synthetic_year_is_seeded_and_labelled():
    from gigawatt.power.site import at

    site = at(45.0, -100.0)  # no station: the generator
    a, b = wx.synthetic_year(site, 5), wx.synthetic_year(site, 6)
    assert a.synthetic and "generator" in a.source and a.years == 1 and a.cf["solar"].shape == (8760,)
    np.testing.assert_array_equal(wx.synthetic_year(site, 5).cf["wind"], a.cf["wind"])
    assert a.annual_cf != b.annual_cf


needs_files = pytest.mark.skipif(measured.installed(SITES["cheyenne-wy"]) is None
                                 or measured.installed(SITES["abilene-tx"]) is None,
                                 reason="measured station files not installed (set GIGAWATT_WEATHER_DIR)")


@needs_files
@pytest.mark.parametrize("site, solar, wind", [
    # published bands: NREL ATB 2024 utility PV classes 10-1 (AC CF 0.202-0.320); Lazard LCOE+ June 2025 new
    # onshore wind 30-55 %; measured 2026-12-06: Cheyenne 0.263 / 0.397, Abilene 0.290 / 0.385
    ("cheyenne-wy", (0.202, 0.320), (0.30, 0.55)),
    ("abilene-tx", (0.202, 0.320), (0.30, 0.55)),
])
def test_measured_years_within_the_published_bands(site, solar, wind):
    row, cf, temp = measured.year(SITES[site])
    assert solar[0] <= cf["solar"].mean() <= solar[1] and wind[0] <= cf["wind"].mean() <= wind[1]
    assert temp.shape == (8760,) and -40 < temp.min() < temp.max() < 45


@needs_files
def test_a_built_in_site_solves_over_its_measured_year_by_default():
    from gigawatt.power import campus

    req = campus.Request(site=SITES["cheyenne-wy"], load_mw=100.0, weather_years=2)
    w = wx.for_request(req, {"solar": None, "wind": None}, campus.capacity_factors)
    assert w.source.startswith("measured: NREL TMY3 station 725640, Cheyenne") and w.measured_years == 1
    assert w.years == 2 and w.cf["solar"].shape == (17520,) and w.temp_c.shape == (17520,)
    assert w.describe()["atb_capacity_factor"] == {"solar": 0.24, "wind": 0.42}


@pytest.mark.parametrize("region", ["wy", "tx"])
def test_synthetic_months_follow_the_station_shape_and_the_year_the_atb_figure(region):
    from gigawatt.power import profiles

    m = profiles.MONTH_OF_HOUR
    for key, cf in (("solar", 0.25), ("wind", 0.40)):
        shape = wx.monthly(region, key)
        assert len(shape) == 12 and np.dot(shape, profiles.MONTH_DAYS) / 365 == pytest.approx(1.0, abs=1e-3)
        prof = profiles.solar(41.14, -104.82, cf, monthly=shape) if key == "solar" else profiles.wind(cf, monthly=shape)
        months = np.array([prof[m == i].mean() for i in range(12)])
        np.testing.assert_allclose(months, cf * np.array(shape), rtol=2e-3)
        assert prof.mean() == pytest.approx(cf, rel=2e-3)
    assert wx.monthly("elsewhere", "solar") is None and wx.synthetic_note(None) is None
    assert "TMY3 station" in wx.synthetic_note(region)
