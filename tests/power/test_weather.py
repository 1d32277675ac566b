"""Weather years: the user's CSV refused line by line, synthetic years labelled, more years never size less."""

import numpy as np
import pytest

from gigawatt.errors import InputError
from gigawatt.power import reliability as rel, weather as wx


def _write(tmp_path, rows, header="year,solar,wind,temp_c"):
    p = tmp_path / "w.csv"
    p.write_text(header + "\n" + "\n".join(rows) + "\n")
    return str(p)


def _year(y, solar=0.25, wind=0.4, temp=20.0):
    return [f"{y},{solar},{wind},{temp}"] * 8760


def test_two_years_read(tmp_path):
    w = wx.read_csv(_write(tmp_path, _year(2019) + _year(2020, solar=0.2)))
    assert w.years == 2 and w.hours == 17520 and not w.synthetic
    assert w.annual_cf["solar"] == pytest.approx([0.25, 0.2]) and w.temp_c.shape == (17520,)


@pytest.mark.parametrize("rows, where, what", [
    (["2019,1.3,0.4,20"] + _year(2019)[1:], "row 2 column solar", "from 0 to 1"),
    (_year(2019)[:-1] + ["2019,0.2,nan,20"], "row 8761 column wind", "from 0 to 1"),
    (_year(2019)[:100], "--weather", "not a whole number of years"),
    (_year(2019)[:5000] + _year(2020)[:3760], "column year", "changes inside"),
])
def test_bad_files_refused_in_one_line(tmp_path, rows, where, what):
    with pytest.raises(InputError, match=what) as e:
        wx.read_csv(_write(tmp_path, rows))
    assert where in f"{e.value.path} {e.value.message}"


def test_unknown_column_and_size_bound(tmp_path, monkeypatch):
    with pytest.raises(InputError, match="columns are solar, wind"):
        wx.read_csv(_write(tmp_path, ["1,2"], header="solar,price"))
    monkeypatch.setattr(wx, "MAX_BYTES", 100)
    with pytest.raises(InputError, match="at most"):
        wx.read_csv(_write(tmp_path, _year(2019)))


def test_synthetic_first_year_is_the_representative_year():
    from gigawatt.power import profiles
    from gigawatt.power.site import SITES

    site = SITES["abilene-tx"]
    w = wx.synthetic(site, {"solar": 0.26, "wind": 0.38}, 3)
    assert w.synthetic and w.years == 3 and "synthetic" in w.source
    np.testing.assert_allclose(w.cf["solar"][:8760], profiles.solar(site.lat, site.lon, 0.26,
                                                                    monthly=wx.monthly("tx", "solar")))
    assert len(set(round(x, 4) for x in w.annual_cf["wind"])) == 3  # the years differ
    with pytest.raises(InputError, match="--weather-years"):
        wx.synthetic(site, {"solar": 0.26}, 11)


def test_more_weather_years_never_lower_the_sized_capacity():
    # the units sized for the target over all years serve every year's hours: a further year (here a hotter,
    # higher-need one) can only add units, never remove one
    spec = rel.units("gas-frame")
    need1 = np.full(8760, 900.0)
    for extra in (np.full(8760, 900.0), np.full(8760, 1000.0)):
        need2 = np.concatenate([need1, extra])
        assert rel.units_for(spec, need2, 0.99999) >= rel.units_for(spec, need1, 0.99999)
    hot = wx.temperature("tx", 2)
    assert rel.units_for(spec, np.full(17520, 900.0), 0.99999, hot) >= \
        rel.units_for(spec, np.full(8760, 900.0), 0.99999, hot[:8760])


@pytest.mark.parametrize("body, words", [
    (b"solar,wind\n\xff\xfe0.1,0.2\n", "is not UTF-8 text"),
    (b"solar,wind\n\"" + b"x" * 200_000 + b"\",0.1\n", "is not a CSV this can read"),
    (b"solar,wind,solar\n0.1,0.2,0.5\n", "is given more than once"),
    (b"solar,wind\n1_0,0.2\n", "column solar"),
])
def test_files_that_cannot_be_read_right_are_one_line(tmp_path, body, words):
    """Attack review: non-UTF-8 bytes and a huge field were internal errors; a repeated column and 1_0 were
    read silently (the first column kept; 1_0 as 10)."""
    f = tmp_path / "w.csv"
    f.write_bytes(body)
    with pytest.raises(InputError, match=words):
        wx.read_csv(str(f))
