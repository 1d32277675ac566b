"""The dashboard's "Who bears the risk" panel in real Chromium: it runs for the default scenario, shows
P(default) per party and loss by lender, and says what is wrong with a bad revenue multiple."""

from __future__ import annotations

import pytest
from test_browser import browser, page, server  # noqa: F401 - fixtures (one Chromium per module)

pytestmark = pytest.mark.browser


def test_panel_shows_who_bears_the_risk_for_the_default_scenario(page):  # noqa: F811
    page.wait_for_selector("#capital-out table", timeout=60_000)
    text = page.inner_text("#capital-section")
    assert "Who misses a payment" in text and "openai" in text and "Expected loss by lender" in text
    default = page.eval_on_selector("#scenario", "s => s.value")
    assert default and page.inner_text("#capital-note").startswith(default)
    page.fill("#capital-scale", "11")
    page.click("#capital-run")
    assert "from 0 to 10" in page.inner_text("#capital-error")
