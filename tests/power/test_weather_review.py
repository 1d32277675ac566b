"""Review of 2026-12-05 (issue 20): synthetic temperatures calibrated to the TMY3 stations and capped at the
records; a weather file refused where it cannot mean what it says; Excel's BOM accepted; true messages."""

import subprocess
import sys

import numpy as np
import pytest

from gigawatt.errors import InputError
from gigawatt.power import weather as wx
from gigawatt.power.site import SITES

MONTH = np.repeat(np.arange(12), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _row(region, quantity):
    return wx.table()[region][quantity].number


@pytest.mark.parametrize("region", ["wy", "tx"])
def test_no_synthetic_hour_is_hotter_than_the_record(region):
    """Before: Abilene's year reached 49.9 degC (record 111 degF = 43.9), Cheyenne's 42.5 (never over 100 degF)."""
    record = _row(region, "temp_record_max_degc")
    assert record == {"wy": 37.8, "tx": 43.9}[region]  # 100 and 111 degF
    for seed in (2025, 1, 7, 99):
        assert wx.temperature(region, 10, seed).max() <= record


@pytest.mark.parametrize("region", ["wy", "tx"])
def test_the_first_year_matches_the_station_year(region):
    """The representative (first) synthetic year against the TMY3 station's own: hottest hour within 2 degC,
    hours above 35 degC within 25 % (+5 h), hours above 38 degC within a factor 2 (+5 h): these hours set the
    gas derating."""
    t = wx.temperature(region)
    assert t.max() == pytest.approx(_row(region, "temp_tmy_max_degc"), abs=2.0)
    above35, above38 = _row(region, "temp_tmy_hours_above_35"), _row(region, "temp_tmy_hours_above_38")
    assert abs((t > 35).sum() - above35) <= 0.25 * above35 + 5
    assert (t > 38).sum() <= 2 * above38 + 5 and (t > 38).sum() >= above38 / 2 - 5


@pytest.mark.parametrize("region", ["wy", "tx"])
def test_thirty_years_average_to_the_station_months(region):
    """Each month's mean daily high and low over thirty synthetic years sit within 1.5 degC of the station's
    (sampling: winter days vary by up to 8 degC; and a calendar day's low also catches the evening before a cold
    front, so winter lows run up to 0.8 degC under the station's); the hours above 35 and 38 degC average within 25 % (+5 h) and 50 % (+3 h) of the station year's,
    the hottest hour within 2 degC."""
    t = wx.temperature(region, 30, seed=11).reshape(30, 365, 24)
    for m in range(12):
        days = t[:, MONTH == m, :]
        assert days.max(axis=2).mean() == pytest.approx(_row(region, f"temp_month_{m + 1:02d}_max_degc"), abs=1.5)
        assert days.min(axis=2).mean() == pytest.approx(_row(region, f"temp_month_{m + 1:02d}_min_degc"), abs=1.5)
    above35, above38 = _row(region, "temp_tmy_hours_above_35"), _row(region, "temp_tmy_hours_above_38")
    assert abs((t > 35).sum(axis=(1, 2)).mean() - above35) <= 0.25 * above35 + 5
    assert abs((t > 38).sum(axis=(1, 2)).mean() - above38) <= 0.5 * above38 + 3
    assert t.max(axis=(1, 2)).mean() == pytest.approx(_row(region, "temp_tmy_max_degc"), abs=2.0)


def test_daily_noise_has_the_stations_persistence_and_skew():
    from scipy.stats import skew

    z = wx._daily_anomaly(365 * 200, 3, wx.table()["any"])
    assert z.std() == pytest.approx(1.0, abs=0.03) and abs(z.mean()) < 0.03
    assert np.corrcoef(z[1:], z[:-1])[0, 1] == pytest.approx(_row("any", "temp_day_to_day_ar1"), abs=0.03)
    assert skew(z) == pytest.approx(_row("any", "temp_daily_max_skew"), abs=0.1)


def test_synthetic_source_names_what_the_rows_are():
    w = wx.synthetic(SITES["abilene-tx"], {"solar": 0.26}, 2)
    assert "GUESS" not in w.source and "Pryor" in w.source and "TMY3" in w.source
    note = wx.synthetic_note("tx")
    assert "722660TYA.CSV" in note and "GIGAWATT_WEATHER_DIR" in note


def _file(tmp_path, years=1, bom=False):
    p = tmp_path / "w.csv"
    body = "solar,wind\n" + "0.2,0.4\n" * (8760 * years)
    p.write_text(("\ufeff" if bom else "") + body, encoding="utf-8")
    return str(p)


def test_excel_bom_is_accepted(tmp_path):
    w = wx.read_csv(_file(tmp_path, bom=True))
    assert set(w.cf) == {"solar", "wind"} and w.years == 1


def test_one_year_file_is_cut_to_hours_and_replaces_the_sites_weather(tmp_path):
    w = wx.user_file(_file(tmp_path), SITES["abilene-tx"], ["solar", "wind"], hours=48)
    assert w.hours == 48 and w.cf["solar"].shape == (48,) and w.temp_c.shape == (48,)
    assert "replaces Abilene, TX's weather" in w.source and "synthetic" in w.source


def test_several_year_file_with_hours_says_how_many_years(tmp_path):
    with pytest.raises(InputError, match="a weather file of 2 years"):
        wx.user_file(_file(tmp_path, years=2), SITES["abilene-tx"], ["solar"], hours=48)


def _cli(*args):
    p = subprocess.run([sys.executable, "-c", "from gigawatt.cli import main; main()", "power", *args],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stderr


def test_weather_years_with_a_file_refused(tmp_path):
    """Before: --weather-years 2 was silently dropped (the file's one year solved)."""
    r = _cli("stargate-abilene", "--weather", _file(tmp_path), "--weather-years", "2")
    code, err = r
    assert code == 2 and err.count("\n") == 1
    assert "--weather-years: 2 with --weather is not allowed: the file's years are what is solved" in err


def test_one_file_for_a_program_of_sites_refused(tmp_path):
    """Before: one file's weather was applied to every one of the program's seven sites."""
    r = _cli("stargate-10gw", "--phase", "each", "--weather", _file(tmp_path))
    code, err = r
    assert code == 2 and err.count("\n") == 1
    assert "a weather file is one place's weather; give a phase number" in err
