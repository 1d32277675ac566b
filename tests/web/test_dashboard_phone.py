"""The dashboard on a phone (390 × 844) and a desktop (1440 px), in real Chromium: results first (a sticky strip of
key figures that follows the controls, the first chart on the first screen), the Monte Carlo button beside its
chart, no horizontal scrolling, a header that does not stick on a phone.

Shares the live server and Chromium fixtures of ``test_browser.py``.
"""

from __future__ import annotations

import pytest
from test_browser import _card, _move, _settle, browser, server  # noqa: F401 - fixtures (one Chromium per module)
from test_dashboard_share import _open as _open_share

pytestmark = pytest.mark.browser


def _open(browser, url: str, width: int, height: int):  # noqa: F811
    ctx, pg = _open_share(browser, url, width)
    pg.set_viewport_size({"width": width, "height": height})
    _settle(pg)
    return ctx, pg


def _box(pg, selector: str) -> dict:
    """The element's box in page coordinates (top and bottom with the scroll added)."""
    return pg.evaluate(f"""(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();
        return {{ top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, view_top: r.top }}; }})()""")


def _strip(pg) -> dict:
    return pg.evaluate("Object.fromEntries([...document.querySelectorAll('#strip .fig')]"
                       ".map((f) => [f.dataset.key, f.querySelector('.fig-value').textContent]))")


def test_phone_puts_results_first_and_keeps_the_key_figures_in_view(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/?scenario=openai-nvidia-10gw", 390, 844)
    try:
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        assert pg.evaluate("getComputedStyle(document.querySelector('header.top')).position") != "sticky"
        strip = _strip(pg)
        assert list(strip) == ["capacity_gw", "gpus", "annual_energy_twh", "capex_usd", "customer_funding_gap_usd",
                               "vendor_net_cash_usd"]
        assert strip["capacity_gw"] == _card(pg, "capacity_gw") == "10.0 GW"
        assert strip["gpus"] == _card(pg, "gpus")
        assert _box(pg, "#strip")["bottom"] < 400  # under the header, before the title
        build = _box(pg, "#chart-build")
        assert build["top"] + 200 <= 844, build  # the first chart: its title and most of its plot on the first screen
        assert pg.locator("#chart-build .main-svg").count() >= 1
        assert _box(pg, "#inputs-panel")["top"] > build["top"]  # then the inputs, then the cards
        assert _box(pg, "#headline")["top"] > _box(pg, "#inputs-panel")["top"]
        # Scrolled down to a control, the strip stays at the top of the screen and follows the slider.
        pg.locator('.control[data-path="facility.pue"]').scroll_into_view_if_needed()
        assert _box(pg, "#strip")["view_top"] == 0
        gpus = strip["gpus"]
        _move(pg, "facility.pue", 1.5)
        _settle(pg)
        after = _strip(pg)
        assert after["gpus"] != gpus and after["gpus"] == _card(pg, "gpus")
        assert after["capacity_gw"] == "10.0 GW"  # PUE moves the GPUs, not the grid connection
        assert pg.locator('#strip .fig.changed[data-key="gpus"]').count() == 1
        assert _box(pg, "#strip")["view_top"] == 0
        # The Monte Carlo button sits right above its chart (one screen), not 12 screens down.
        run, chart = _box(pg, "#mc-run"), _box(pg, "#chart-mc")
        assert 0 < chart["top"] - run["top"] < 500, (run, chart)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390
        assert pg.errors == []
    finally:
        ctx.close()


def test_desktop_has_the_monte_carlo_button_beside_its_chart_and_no_strip(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/?scenario=openai-nvidia-10gw", 1440, 1000)
    try:
        assert pg.evaluate("document.documentElement.scrollWidth") <= 1440
        assert not pg.is_visible("#strip")  # the cards are on the first screen, with the sidebar's controls
        assert _box(pg, "#headline")["top"] < 400
        run, chart = _box(pg, "#mc-run"), _box(pg, "#chart-mc")
        assert run["right"] < chart["left"] and abs(run["top"] - chart["top"]) < 300, (run, chart)
        assert pg.errors == []
    finally:
        ctx.close()
