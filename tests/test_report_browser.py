"""The report in real Chromium at a desktop's and a phone's width: nothing wider than the screen, the claims'
verdicts on screen, every chart drawn, year ticks apart, and no request leaving the file.

Without Chromium these tests skip, except under ``CI=true``, where they fail: CI installs it.
"""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS
from browser_support import need_chromium as _need_chromium

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """The four-vendor portfolio's report with a small Monte Carlo (ranges on the cards, the fan charts)."""
    _need_chromium()
    from gigawatt.report import build_report

    path = tmp_path_factory.mktemp("report-browser") / "portfolio.html"
    build_report("openai-portfolio", path, mc=400)
    return path


@pytest.fixture(scope="module")
def browser(report):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _open(browser, report, width: int):
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    pg.errors, pg.foreign = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.foreign.append(r.url) if not r.url.startswith(("file:", "data:", "blob:")) else None)
    pg.goto(report.as_uri())
    pg.wait_for_load_state("load")
    pg.wait_for_function("[...document.querySelectorAll('.js-plotly-plot')].every((d) => d._gw)")  # fitted
    return ctx, pg


@pytest.mark.parametrize("width", [1440, 390])
def test_report_fits_the_screen_and_fetches_nothing(browser, report, width):
    ctx, pg = _open(browser, report, width)
    try:
        assert pg.evaluate("document.documentElement.scrollWidth") <= width  # no horizontal scrolling
        charts = pg.locator(".js-plotly-plot")
        assert charts.count() >= 12
        assert pg.locator(".js-plotly-plot .main-svg").count() >= charts.count()  # every chart drawn
        widest = pg.evaluate("Math.max(...[...document.querySelectorAll('.js-plotly-plot')].map((d) => "
                             "d.getBoundingClientRect().right))")
        assert widest <= width
        # The claims' verdicts are on screen, not in a column scrolled off to the right.
        verdicts = pg.locator("table.claims tbody td:nth-child(5)")
        assert verdicts.count() >= 5
        for i in range(3):
            box = verdicts.nth(i).bounding_box()
            assert box and box["width"] > 20 and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        # Year ticks apart, none cut: on a phone every other year (or fewer), full four-digit labels.
        ticks = pg.evaluate("""[...document.querySelectorAll('#chart-buildout .xtick text')]
            .map((t) => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.right]; })""")
        assert len(ticks) >= 4 and all(len(t[0]) == 4 for t in ticks)
        assert all(a[2] + 4 <= b[1] for a, b in zip(ticks, ticks[1:])), ticks
        assert pg.errors == [] and pg.foreign == []
    finally:
        ctx.close()


def test_sources_are_collapsible_and_linked(browser, report):
    ctx, pg = _open(browser, report, 390)
    try:
        first = pg.locator("#sources details").first
        assert not first.locator("ol").is_visible()  # closed until asked
        first.locator("summary").click()
        assert first.locator("ol").is_visible()
        assert pg.locator("#sources a[href^='http']").count() >= 3
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [1440, 390])
def test_tornado_axes_numbered_names_and_legends_whole_network_and_map_interactive(browser, report, width):
    ctx, pg = _open(browser, report, width)
    try:
        for tornado in ("chart-tornado-capex", "chart-tornado-customer-funding-gap"):
            ticks = pg.evaluate(f"""[...document.querySelectorAll('#{tornado} .xtick text')]
                .filter((t) => getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().width > 0)
                .map((t) => t.textContent)""")
            assert len(ticks) >= 3 and all(t.replace(",", "").isdigit() for t in ticks), (tornado, ticks)
        # Every bar's name, legend entry and note lies inside its chart: wrapped, not cut mid-word.
        cut = pg.evaluate("""[...document.querySelectorAll('.js-plotly-plot')].flatMap((d) => {
            const box = d.getBoundingClientRect();
            return [...d.querySelectorAll('.legendtext, .annotation-text, .ytick text')]
              .filter((t) => getComputedStyle(t).display !== 'none' && t.textContent)
              .filter((t) => { const r = t.getBoundingClientRect(); return r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1); })
              .map((t) => `${d.id}: ${t.textContent}`); })""")
        assert cut == [], cut
        # The money network and the sites map: interactive figures as wide as the page, kept in shape, no PNG.
        assert pg.locator("img#img-market-network, img#img-sites-map").count() == 0
        for fig, least in (("chart-market-network", 17), ("chart-sites-map", 10)):
            box = pg.locator(f"#{fig}").bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["width"] >= min(width, 1100) * 0.8 - 40
            assert box["height"] >= 0.5 * box["width"], (fig, box)  # not a strip a phone cannot read
            points = pg.locator(f"#{fig} .scatterlayer .point").count()  # markers drawn: companies, sites
            assert points >= least, (fig, points)
        assert pg.errors == []
    finally:
        ctx.close()
