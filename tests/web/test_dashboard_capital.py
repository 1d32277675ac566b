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


def test_panel_runs_again_on_a_scenario_change_and_shows_its_stack(page):  # noqa: F811
    page.wait_for_selector("#capital-out table", timeout=60_000)
    page.select_option("#scenario", "stargate-10gw")
    page.wait_for_function("document.querySelector('#capital-note').textContent.startsWith('stargate-10gw: 1,000')",
                           timeout=60_000)
    text = page.inner_text("#capital-section")
    assert "How each program's capex is funded" in text and "spv 50 %" in text and "oracle" in text
    page.select_option("#scenario", "openai-nvidia-10gw")
    page.wait_for_function(
        "document.querySelector('#capital-note').textContent.startsWith('openai-nvidia-10gw: 1,000')", timeout=60_000)
    assert "vendor 20 %, lease 80 %" in page.inner_text("#capital-out")
