"""The report's sites section: table, power-online chart, announced-versus-delivered chart, offline map."""

from __future__ import annotations

import datetime as dt

import pytest

from gigawatt.report import sites as rs


def test_state_outlines_ship_offline():
    rings = rs.state_outlines()
    assert len(rings) >= 49  # 48 contiguous states and DC, plus islands and lakes' shores
    lons = [x for lo, _ in rings for x in lo]
    lats = [y for _, la in rings for y in la]
    assert -125 < min(lons) < -120 and -68 < max(lons) < -66 and 24 < min(lats) < 26 and 49 < max(lats) < 50


def test_section_as_of():
    sec = rs.section(as_of=dt.date(2026, 6, 30), highlight=("stargate-abilene",))
    assert sec.id == "sites"
    assert [c.id for c in sec.charts] == ["sites-pipeline", "sites-power"]
    pipe, power = sec.charts
    assert pipe.x[-1] == "2026Q2" and len(pipe.series) == 4
    assert power.x[0] == "2023Q1" and power.x[-1] == "2026Q2"
    total_gw = sum(s.y[-1] for s in power.series)
    assert total_gw == pytest.approx(pipe.series[2].y[-1])  # the stack adds up to delivered (all sites)
    (fig,) = sec.figures  # interactive on the page (a phone zooms), a PNG for --png
    assert fig.id == "sites-map" and fig.png[:8] == b"\x89PNG\r\n\x1a\n" and "Outside the US" in fig.caption
    outlines, planned, online = fig.plotly.data
    assert {t.type for t in fig.plotly.data} == {"scatter"}  # the report's partial plotly bundle draws it offline
    assert len(planned.x) == len(online.x) >= 10 and max(planned.marker.size) == pytest.approx(40)
    assert all(o <= p for o, p in zip(online.marker.size, planned.marker.size))  # online: a share of the circle
    assert any("Abilene" in h for h in planned.hovertext)
    assert "★ OpenAI Stargate Abilene" in sec.tables[0]
    assert any("Build speed" in t for t in sec.tables)


def test_future_as_of_rejected():
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match="in the future"):
        rs.section(as_of=dt.date.today() + dt.timedelta(days=1))


def test_section_says_data_as_of_and_how_to_cite():
    from gigawatt import catalog

    sec = rs.section(as_of=dt.date(2026, 6, 30))
    day = catalog.data_date().isoformat()
    assert f"Data as of {day}" in sec.intro and "CC-BY 4.0 and must be attributed" in sec.intro
    assert "https://epoch.ai/data/data-centers" in sec.intro and "due, unconfirmed" in sec.intro
    assert any(label.startswith("due, unconfirmed") for label, _ in sec.cards)
