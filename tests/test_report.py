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
    info = build_report(scn, d / "deal.html", mc=0, png_dir=d / "figures")
    return info, (d / "deal.html").read_text(encoding="utf-8"), d


@pytest.fixture(scope="module")
def built_mc(tmp_path_factory):
    """The four-vendor portfolio with the default Monte Carlo (ranges on the cards)."""
    pytest.importorskip("gigawatt.montecarlo")
    d = tmp_path_factory.mktemp("report-mc")
    info = build_report("openai-portfolio", d / "portfolio.html")
    return info, (d / "portfolio.html").read_text(encoding="utf-8")


def test_report_is_self_contained(built):
    _, text, _ = built
    from gigawatt.report import vendor_js

    bundle = vendor_js()
    assert bundle.startswith("/**\n* plotly.js (basic - minified)")  # the partial bundle, not the full one
    assert bundle[:2000] in text and text.count(bundle[:2000]) == 1  # embedded once
    assert 'name:"scatter"' in bundle and 'name:"bar"' in bundle  # the trace types the report draws ...
    assert 'name:"sankey"' not in bundle and 'name:"choropleth"' not in bundle  # ... and no others
    assert not re.search(r"<script[^>]+src\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert not re.search(r"<link[^>]+href\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert not re.search(r"<img[^>]+src\s*=\s*[\"']?(https?:)?//", text, re.I)
    assert "cdn.plot.ly" not in text.split("<body>")[1]


def test_every_chart_uses_a_trace_type_of_the_bundle(built_mc):
    _, text = built_mc
    body = text.split("</head>", 1)[1]
    types = set(re.findall(r'"type":"(\w+)"', body)) - {"category", "linear", "log", "date", "line", "rect"}  # axes, shapes
    assert types == {"scatter", "bar"}, types


def test_the_vendored_bundle_has_its_licence():
    from importlib import resources

    vendor = resources.files("gigawatt.report") / "vendor"
    licence = (vendor / "plotly-basic.LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Plotly" in licence
    assert (vendor / "plotly-basic.min.js").read_text(encoding="utf-8").count("Licensed under the MIT license") >= 1


def test_report_is_under_2_mb(built, built_mc):
    for info in (built[0], built_mc[0]):
        assert info.size_bytes < 2_000_000, info.size_bytes


def test_the_story_comes_first(built, built_mc):
    info, text, _ = built
    assert info.sections[:2] == ["deal", "meaning"] and info.sections[-1] == "sources"
    mc_info, mc_text = built_mc
    assert mc_info.sections[:3] == ["deal", "meaning", "uncertainty"]  # how sure we are, before the detail
    assert "<h2>How sure we are</h2>" in mc_text


def test_opening_names_the_deal(res):
    single = sections.opening(res)
    gap = sections.value_text("customer_funding_gap_usd", res.headline())
    assert "NVIDIA invests" in single and "leaves OpenAI" in single and f"<b>{gap}</b>" in single
    port_res = gw.simulate(gw.load_scenario("openai-portfolio"))
    port = sections.opening(port_res)
    assert "OpenAI's four compute deals, with NVIDIA, AMD, Broadcom and Oracle" in port
    assert "NVIDIA invests" not in port  # not the single-vendor sentence
    assert sections.value_text("customer_funding_gap_usd", port_res.headline()) in port  # the whole portfolio's gap


def test_cards_carry_p5_p95_ranges_by_default(built_mc):
    _, text = built_mc
    ranges = re.findall(r'<div class="r"[^>]*>P5–P95 ([^<]+)</div>', text)
    assert len(ranges) >= 8
    deal = text.split('<section id="deal">')[1].split("</section>")[0]
    assert deal.count('class="r"') >= 4  # on the opening cards, not only in a later section
    assert "4,000 draws" in text


def test_no_jargon_for_readers(built, built_mc):
    for text in (built[1], built_mc[1]):
        body = re.sub(r"<script.*?</script>", "", text, flags=re.S)
        for word in ("openai's suppliers", "other_suppliers", "cloud_partner", "vendor_suppliers",
                     "program.continue_draw", "→ 0.950)", "Reference data: platforms.csv"):
            assert word not in body, word
    assert "Herfindahl" in built[1]  # HHI explained


def test_every_section_and_its_heading(built):
    info, text, _ = built
    for sid, title in [("deal", "The deal"), ("meaning", "What it means"), ("buildout", "Build-out"),
                       ("hardware", "Hardware"), ("energy", "Energy"), ("compute", "Compute"), ("money", "Money"),
                       ("sources", "Sources")]:
        assert sid in info.sections
        assert f'<section id="{sid}">' in text and f"<h2>{title}</h2>" in text
        assert f'<a href="#{sid}">' in text  # in the table of contents
    for chart_id in ("buildout", "hardware", "energy", "energy-states", "compute", "money-flows", "money-cash",
                     "money-gap", "money-revenue"):
        assert f'id="chart-{chart_id}"' in text
    assert "uncertainty" not in info.sections  # --mc 0: no uncertainty section, no ranges
    assert 'id="uncertainty"' not in text and 'class="r"' not in text


def test_key_figures_match_the_headline(built, res):
    _, text, _ = built
    h = res.headline()
    # The default scenario's figures as `gigawatt run` prints them (the model's own numbers, not pins here:
    # the model's tests pin them).
    assert h["capacity_gw"] == pytest.approx(10.0)
    assert sections.value_text("capacity_gw", h) == "10.0 GW"
    for key in ("capacity_gw", "full_build_online", "capex_usd", "vendor_investment_usd", "customer_funding_gap_usd"):
        assert f'<div class="v">{sections.esc(sections.value_text(key, h))}</div>' in text, key
    for key in ("gpus", "gpu_dies", "racks", "annual_energy_twh", "reactor_equivalents", "household_equivalents",
                "peak_dense_fp8_flops", "vendor_system_sales_usd", "required_revenue_usd_per_year",
                "comparison_state_share"):
        assert f'<div class="v">{sections.esc(sections.value_text(key, h))}</div>' in text, key


def test_sources_are_the_used_ones_once_and_linked(built, res, scn):
    from gigawatt import catalog
    from gigawatt.export import used_refs

    _, text, _ = built
    src = text.split('<section id="sources">')[1].split("</section>")[0]
    assert src.count("<details") >= 3 and "<table" not in src  # collapsible lists, not the catalog dump
    for s in scn.sources + scn.guesses:
        assert sections.linked(s) in src
    used = {r.source for r in used_refs(res)}
    for s in used:
        found = src.count(f"<li>{sections.linked(s)} <span") + src.count(f"<li>{sections.linked(s)}</li>")
        assert found == 1, s  # each source once
    unused = [r for r in catalog.rows() if r.file == "platforms.csv" and r.key == "amd-mi450-helios"]
    assert unused and all(sections.linked(r.source) not in src for r in unused if r.source not in used)
    assert re.search(r'<a href="https://[^"]+" rel="noopener">', src)


def test_linked_makes_urls_links_and_escapes_the_rest():
    out = sections.linked("EIA <2024> https://www.eia.gov/x?a=1&b=2; more")
    assert out == ('EIA &lt;2024&gt; <a href="https://www.eia.gov/x?a=1&amp;b=2" rel="noopener">'
                   'https://www.eia.gov/x?a=1&amp;b=2</a>; more')


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
        assert img.shape[0] > 120 and img.shape[1] > 600
        assert img[..., :3].std() > 0.02  # something is drawn, not a blank canvas


def test_money_flows_are_the_ledger_through_full_build(res):
    h = res.headline()
    ch = sections.flows_chart(res)
    by_label = {k.label.split(" $")[0]: k for k in ch.links}
    assert by_label["investment"].value == pytest.approx(h["vendor_investment_usd"] / 1e9)
    assert by_label["system purchases"].value == pytest.approx(h["vendor_system_sales_usd"] / 1e9)
    assert (by_label["investment"].source, by_label["investment"].target) == ("NVIDIA", "OpenAI")
    assert all(k.value > 0 for k in ch.links)
    fig = charts.to_plotly(ch)
    assert [t.type for t in fig.data] == ["bar"]  # the partial bundle has no Sankey


def test_parties_have_plain_names_and_distinct_colours():
    from gigawatt.report import names

    port = gw.load_scenario("openai-portfolio")
    p = names.parties(port)
    assert p["other_suppliers"] == "OpenAI's other suppliers" and p["cloud_partner"] == "Oracle"
    assert p["amd"] == "AMD" and p["vendor_suppliers"] == "the vendors' suppliers"
    res = gw.simulate(port)
    colors = sections._party_colors(res)
    assert len(set(colors.values())) == len(colors)  # no two parties share a colour


def test_tornado_inputs_in_words():
    from gigawatt.report import names

    assert names.input_label("facility.pue") == "PUE (facility power ÷ IT power)"
    assert names.input_label("hardware.vera-rubin-nvl144.unit_power_kw") == "Vera Rubin NVL144: power per rack (kW)"
    assert names.input_value("program.continue_draw", 0.05) == "5.00 %"
    assert "." not in names.input_label("finance.investment.valuation_growth_per_year")


def test_funding_gap_arrow_spans_the_gap():
    for name in ("openai-nvidia-10gw", "openai-portfolio"):
        res = gw.simulate(gw.load_scenario(name))
        gap_chart = next(c for c in sections.money(res).charts if c.id == "money-gap")
        x, y0, y1, label = gap_chart.bracket
        assert y1 - y0 == pytest.approx(res.headline()["customer_funding_gap_usd"] / 1e9)
        assert label == f"gap {sections.value_text('customer_funding_gap_usd', res.headline())}"
        own = gap_chart.series[0].y[gap_chart.x.index(x)]  # the arrow ends on the customer's own capex line
        assert y1 == pytest.approx(own, rel=1e-6)


def test_png_footer_has_scenario_date_and_source(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    said = []
    real = Figure.text
    monkeypatch.setattr(Figure, "text", lambda self, x, y, s, *a, **k: said.append(s) or real(self, x, y, s, *a, **k))
    ch = Chart("t", "lines", "A title", x=["2026Q1", "2026Q2"], series=[Series("a", [1.0, 2.0])], source="EIA 2024")
    png.render(ch, tmp_path / "t.png", stamp="NVIDIA–OpenAI LOI · gigawatt, 2026-11-30")
    assert said[0] == "A title"  # the title (suptitle) ...
    assert said[-1] == "NVIDIA–OpenAI LOI · gigawatt, 2026-11-30 · Source: EIA 2024"  # ... and the footer


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
    assert sec.title == "How sure we are" and "2,048 draws" in sec.intro
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
    assert "ranges from a Monte Carlo of 4,000 draws" in text  # the default
