"""The report's power section in real Chromium at a phone's width (390 px): the mix table fits its box (headers
wrap), and the PNG charts keep their own size (text readable) in a sideways scroller while the page stays put.
Opened in ``test_report_browser``'s Chromium (skipped without it, as there)."""

from __future__ import annotations

import pytest
from browser_support import need_chromium
from test_report_browser import _open, browser  # noqa: F401 - its Chromium, opened on this module's report

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """Cheyenne's report with the optimised supply (its power section solved), no Monte Carlo."""
    need_chromium()
    from gigawatt.report import build_report
    from gigawatt.scenario import load_scenario

    path = tmp_path_factory.mktemp("report-power") / "cheyenne.html"
    build_report(load_scenario("cheyenne-wy-10gw", ["energy.supply=optimised"]), path, mc=0)
    return path


@pytest.fixture(scope="module")
def page(browser, report):  # noqa: F811
    ctx, pg = _open(browser, report, 390)
    yield pg
    ctx.close()


def test_the_mix_table_fits_a_phone(page):
    wrap = page.locator("#power .table-wrap").first
    wrap.scroll_into_view_if_needed()
    inner, outer = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert inner <= outer, (inner, outer)  # nothing hidden inside its scroller
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0 and page.errors == []


def test_png_charts_keep_their_size_in_a_sideways_scroller(page):
    for img_id in ("img-power-weeks", "img-power-capacity"):
        img = page.locator(f"#{img_id}")
        img.scroll_into_view_if_needed()
        shown, natural = img.evaluate("i => [i.clientWidth, i.naturalWidth]")
        assert shown == natural and natural > 390, (img_id, shown, natural)  # drawn 1:1, not shrunk to 366 px
        box = page.locator(f".img-scroll:has(#{img_id})").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # the scroller fits; the image scrolls in it
    assert page.is_visible("#power figcaption .img-hint")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0 and page.errors == []
