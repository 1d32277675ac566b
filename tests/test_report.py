"""The HTML report and its PNG figures: self-contained, every section, figures matching the headline."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import gigawatt as gw
from gigawatt.errors import InputError
from gigawatt.report import build_report, charts, png, sections
from gigawatt.report.charts import Chart, Series

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def scn():
    return gw.load_scenario("openai-nvidia-10gw")


@pytest.fixture(scope="module")
def res(scn):
    return gw.simulate(scn)


@pytest.fixture(scope="module")
def built(tmp_path_factory, scn):
    d = tmp_path_factory.mktemp("report")
    info = build_report(scn, d / "deal.html", png_dir=d / "figures")
    return info, (d / "deal.html").read_text(encoding="utf-8"), d


def test_report_is_self_contained(built):
    _, text, _ = built
    from plotly.offline import get_plotlyjs

    assert get_plotlyjs()[:2000] in text  # plotly.js embedded ...
    assert text.count(get_plotlyjs()[:2000]) == 1  # ... once
    assert not re.search(r"<script[^>]+src\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert not re.search(r"<img[^>]+src\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert "cdn.plot.ly" not in text.split("<body>")[1]


def test_every_section_and_its_heading(built):
    info, text, _ = built
    for sid, title in [("deal", "The deal"), ("buildout", "Build-out"), ("hardware", "Hardware"),
                       ("energy", "Energy"), ("compute", "Compute"), ("money", "Money"), ("sources", "Sources")]:
        assert sid in info.sections
        assert f'<section id="{sid}">' in text and f"<h2>{title}</h2>" in text
        assert f'<a href="#{sid}">' in text  # in the table of contents
    for chart_id in ("buildout", "hardware", "energy", "energy-states", "compute", "money-flows", "money-cash",
                     "money-gap", "money-revenue"):
        assert f'id="chart-{chart_id}"' in text
    assert "uncertainty" not in info.sections  # no --mc: no uncertainty section, and no word of it
    assert 'id="uncertainty"' not in text


def test_key_figures_match_the_headline(built, res):
    _, text, _ = built
    h = res.headline()
    # The default scenario's figures as `gigawatt run` prints them.
    assert h["capacity_gw"] == pytest.approx(10.0)
    for key, shown in [("capacity_gw", "10.0 GW"), ("full_build_online", "2030Q2"), ("capex_usd", "$500 B"),
                       ("vendor_investment_usd", "$100 B"), ("customer_funding_gap_usd", "$400 B")]:
        assert sections.value_text(key, h) == shown
        assert f'<div class="v">{shown}</div>' in text
    for key in ("gpus", "gpu_dies", "racks", "annual_energy_twh", "reactor_equivalents", "household_equivalents",
                "peak_dense_fp8_flops", "vendor_system_sales_usd", "required_revenue_usd_per_year",
                "comparison_state_share"):
        assert f'<div class="v">{sections.esc(sections.value_text(key, h))}</div>' in text, key


def test_sources_list_every_catalog_row_and_the_scenario(built, scn):
    from gigawatt import catalog

    _, text, _ = built
    for s in scn.sources + scn.guesses:
        assert sections.esc(s) in text
    for r in catalog.rows():
        assert sections.esc(r.source) in text


def test_pngs_are_valid_images(built):
    info, _, d = built
    names = {p.name for p in info.pngs}
    assert {"buildout.png", "hardware.png", "energy.png", "money-flows.png", "money-gap.png"} <= names
    assert not [p for p in (d / "figures").iterdir() if p.name.startswith(".")]  # no temp files left
    from matplotlib.image import imread

    for p in info.pngs:
        data = p.read_bytes()
        assert data[:8] == PNG_MAGIC and len(data) > 10_000
        img = imread(p)
        assert img.shape[0] > 300 and img.shape[1] > 600
        assert img[..., :3].std() > 0.02  # something is drawn, not a blank canvas


def test_sankey_flows_are_the_ledger_through_full_build(res):
    h = res.headline()
    ch = sections.flows_chart(res)
    by_label = {k.label.split(" $")[0]: k for k in ch.links}
    assert by_label["investment"].value == pytest.approx(h["vendor_investment_usd"] / 1e9)
    assert by_label["system purchases"].value == pytest.approx(h["vendor_system_sales_usd"] / 1e9)
    assert by_label["investment"].sankey_source == "vendor (nvidia) investing"  # no cycle in the Sankey
    assert all(k.value > 0 for k in ch.links)


def test_buildout_stacks_to_gw_online(res):
    sec = sections.buildout(res)
    stacked = np.sum([s.y for s in sec.charts[0].series], axis=0)
    np.testing.assert_allclose(stacked, res.series("gw_online"), atol=1e-9)


@pytest.mark.parametrize("chart", [
    Chart("t-lines", "lines", "Negative cash", x=["2026Q1", "2026Q2", "2027Q1"],
          series=[Series("a", [0.0, -5.0, 3.0]), Series("b", [1.0, 2.0, 3.0], axis=2)], y_title="$B", y2_title="x"),
    Chart("t-hbar", "hbar", "Bars", categories=["a", "b", "c"], values=[3.0, 1.0, 2.0], highlight=1),
    Chart("t-tornado", "tornado", "Swings", categories=["pue", "capex"], low=[8.0, 7.0], high=[12.0, 11.0], base=10.0),
])
def test_each_chart_kind_draws_in_both_renderers(tmp_path, chart):
    fig = charts.to_plotly(chart)
    assert fig.layout.title.text
    out = png.render(chart, tmp_path / f"{chart.id}.png")
    assert out.read_bytes()[:8] == PNG_MAGIC


def test_monte_carlo_section(res, scn):
    pytest.importorskip("gigawatt.montecarlo")
    from gigawatt.report import extras

    mc = extras.run_mc(scn, 2048, seed=1)
    sec = extras.uncertainty(res, mc)
    assert sec.title == "Uncertainty" and "2,048 draws" in sec.intro
    gw_fan = next(c for c in sec.charts if c.id == "mc-gw")
    band = gw_fan.bands[0]
    assert np.all(np.array(band.low) <= np.array(band.mid) + 1e-9)
    assert np.all(np.array(band.mid) <= np.array(band.high) + 1e-9)
    assert band.base == pytest.approx(list(res.series("gw_online")))
    assert 'id="chart-mc-gw"' in charts.to_html_div(gw_fan)
    from gigawatt.report.extras import available_tornado

    if available_tornado():
        tornado = next(c for c in sec.charts if c.kind == "tornado")
        swings = [abs(h - lo) for lo, h in zip(tornado.low, tornado.high)]
        assert swings == sorted(swings, reverse=True) and swings[0] > 0


@pytest.mark.parametrize("name, message", [("deal.pdf", "must end in .html"), ("no/such/folder/deal.html",
                                                                               "does not exist")])
def test_bad_output_path_is_input_error(tmp_path, scn, name, message):
    with pytest.raises(InputError, match=message):
        build_report(scn, tmp_path / name)
    assert list(tmp_path.iterdir()) == []


def test_failed_write_leaves_no_half_written_file(tmp_path, monkeypatch):
    import gigawatt.report as report

    target = tmp_path / "deal.html"
    target.write_text("the old report")

    def broken_replace(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(report.os, "replace", broken_replace)
    with pytest.raises(OSError, match="No space left"):
        report.write_atomic(target, "<html>the new report</html>")
    assert target.read_text() == "the old report"
    assert [p.name for p in tmp_path.iterdir()] == ["deal.html"]


def _cli(*args, cwd):
    exe = Path(sys.executable).with_name("gigawatt")
    return subprocess.run([str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})


@pytest.mark.parametrize("args, field", [(["-o", "deal.txt"], "--output"), (["-o", "missing/deal.html"], "--output"),
                                         (["-o", "."], "--output"), (["-o", "d.html", "--png", "d.html.x"], "--png"),
                                         (["-o", "d.html", "--set", "facility.pue=0.5"], "facility.pue")])
def test_cli_bad_input_exits_2_with_one_line(tmp_path, args, field):
    (tmp_path / "d.html.x").write_text("a file, not a folder")
    before = sorted(p.name for p in tmp_path.iterdir())
    r = _cli("report", *args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and field in lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing written


def test_cli_writes_report_and_pngs(tmp_path):
    r = _cli("report", "cheyenne-wy-10gw", "-o", "wy.html", "--png", "figs", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "wrote wy.html" in r.stdout
    text = (tmp_path / "wy.html").read_text(encoding="utf-8")
    assert "Cheyenne" in text and "Wyoming (WY)" in text
    assert (tmp_path / "figs" / "money-flows.png").read_bytes()[:8] == PNG_MAGIC
