"""The dashboard's power panel in real Chromium: nothing solves until asked, a solve shows the LCOE beside the
flat-price assumption, the mix in the API's own labels and the week charts; bad input shows beside its control,
a busy server says so, results go stale when the scenario changes, and a phone's width holds it all.

Solves a week (``?power_hours=168``) so each solve takes a second or two. Shares the live server and Chromium
fixtures of ``test_browser.py``.
"""

from __future__ import annotations

import re

import pytest
from test_browser import CHROMIUM, CHROMIUM_ARGS, _move, server  # noqa: F401 - fixtures

pytestmark = pytest.mark.browser

URL = "/?scenario=openai-nvidia-10gw&power_hours=168"


@pytest.fixture(scope="module")
def browser(server):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


def _open(browser, server, width: int = 1440):  # noqa: F811
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    pg.errors, pg.solves = [], []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("request", lambda r: pg.solves.append(r.post_data_json) if r.url.endswith("/api/power") else None)
    pg.goto(server + URL)
    pg.wait_for_selector("body[data-render-seq]", timeout=30_000)
    return ctx, pg


@pytest.fixture()
def page(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server)
    yield pg
    ctx.close()


def _solve(pg) -> dict:
    """Press "Solve supply"; the JSON the API answered."""
    done = int(pg.get_attribute("body", "data-power-done") or 0)
    with pg.expect_response(lambda r: r.url.endswith("/api/power"), timeout=120_000) as resp:
        pg.click("#power-solve")
    pg.wait_for_function(f"Number(document.body.dataset.powerDone || 0) > {done}", timeout=30_000)
    return resp.value.json()


def _number(text: str) -> float:
    """The first number in a text: '$81.0/MWh' -> 81.0, '1,150 MW' -> 1150."""
    return float(re.search(r"\d[\d,]*(\.\d+)?", text).group().replace(",", ""))


def test_solves_only_when_asked_and_shows_lcoe_mix_and_week(page):
    _move(page, "facility.pue", 1.3)  # a slider reruns the model, never the supply LP
    assert page.solves == [] and page.is_hidden("#power-result")
    out = _solve(page)
    assert page.solves == [{"scenario": "openai-nvidia-10gw", "hours": 168}]  # defaults left to the server
    # The LCOE card shows the API's figure to three significant digits, beside the flat-price assumption.
    lcoe = page.inner_text('#power-cards .card[data-key="lcoe"] .card-value')
    assert re.fullmatch(r"\$[\d,]+(\.\d+)?/MWh", lcoe), lcoe
    assert _number(lcoe) == pytest.approx(out["lcoe_usd_per_mwh"], rel=5e-3)
    carbon = page.inner_text('#power-cards .card[data-key="carbon"] .card-value')
    assert _number(carbon) == pytest.approx(out["emissions_g_per_kwh"], rel=5e-3, abs=0.05)
    sub = page.inner_text('#power-cards .card[data-key="lcoe"] .card-sub')
    assert sub.startswith("flat-price assumption:")
    assert _number(sub) == pytest.approx(out["reference"]["flat_price_usd_per_mwh"], rel=5e-3)
    carbon_sub = page.inner_text('#power-cards .card[data-key="carbon"] .card-sub')
    assert _number(carbon_sub) == pytest.approx(out["reference"]["flat_carbon_g_per_kwh"], rel=5e-3)
    # The mix: a row per option built, named by the API's labels; the largest share among them.
    rows = page.eval_on_selector_all("table.power-mix tbody tr",
                                     "rs => rs.map(r => [r.dataset.key, r.cells[0].textContent])")
    assert max(out["shares"], key=out["shares"].get) in [k for k, _ in rows]
    assert all(name == out["labels"][k] for k, name in rows)
    # The week chart: a stacked trace per option dispatched and the load line, in the API's numbers.
    assert out["weeks"], "the API answered no week"
    week = out["weeks"][0]
    assert page.is_visible("#power-week-0-box") and page.locator("#chart-power-week-0 .main-svg").count() >= 1
    traces = page.evaluate("document.getElementById('chart-power-week-0').data"
                           ".map(t => [t.name, t.stackgroup || null, t.y])")
    load = [t for t in traces if t[0] == "load"]
    assert len(load) == 1 and len(load[0][2]) == 168 and load[0][1] is None
    scale = 1000 if max(map(abs, week["load_mw"])) >= 2000 else 1
    assert load[0][2] == pytest.approx([v / scale for v in week["load_mw"]])
    stacked = [t for t in traces if t[1] == "supply"]
    assert stacked, traces
    # Supply stacked above zero meets the load in every hour (storage charging is stacked below zero).
    charge = [t for t in traces if t[1] == "charging"]
    net = [sum(t[2][h] for t in stacked) + sum(t[2][h] for t in charge) for h in range(168)]
    served = 1 - out["unserved_share"]
    assert sum(net) == pytest.approx(sum(load[0][2]) * served, rel=1e-3)
    assert week["title"] in page.evaluate("document.getElementById('chart-power-week-0').layout.title.text")
    assert "representative" in page.inner_text("#power-note") and out["profiles_note"] in page.inner_text("#power-note")
    assert page.get_attribute("#power-section", "data-stale") == "false" and page.is_hidden("#power-stale")
    # Another scenario: the result stays on screen, marked out of date, until solved again.
    page.select_option("#scenario", "stargate-10gw")
    page.wait_for_function("document.getElementById('power-section').dataset.stale === 'true'")
    assert page.is_visible("#power-stale") and "Out of date" in page.inner_text("#power-stale")
    assert len(page.solves) == 1
    assert page.errors == []


def test_bad_co2_cap_shows_beside_its_control_then_clears(page):
    page.fill("#power-co2", "-5")
    page.click("#power-solve")
    note = page.locator('[data-power-field="co2_cap_g_per_kwh"] .power-error')
    note.wait_for(timeout=30_000)
    assert "-5" in note.inner_text() and "0 to 2,000" in note.inner_text()
    assert page.locator(".power-error").count() == 1  # beside its control only
    box = note.bounding_box()
    ctl = page.locator("#power-co2").bounding_box()
    assert box and ctl and 0 <= box["y"] - (ctl["y"] + ctl["height"]) < 60  # right under the box, on screen
    assert page.is_hidden("#power-result")
    page.fill("#power-co2", "300")
    assert page.locator(".power-error").count() == 0  # changing the value clears its error
    out = _solve(page)
    assert page.locator(".power-error").count() == 0
    assert page.solves[-1]["co2_cap_g_per_kwh"] == 300 and out["emissions_g_per_kwh"] <= 300 + 1e-6


def test_a_busy_server_says_try_again(page):
    body = {"detail": "scenario: busy", "field": "scenario", "message": "the memory budget is taken by running jobs"}
    page.route("**/api/power", lambda route: route.fulfill(status=429, json=body))  # the server's 429 shape
    page.click("#power-solve")
    note = page.locator(".power-actions .power-error")
    note.wait_for(timeout=10_000)
    assert "busy" in note.inner_text() and "try again" in note.inner_text()
    assert page.is_enabled("#power-solve")


def test_phone_width_holds_the_results(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server, width=390)
    try:
        pg.fill("#power-co2", "100")
        pg.fill("#power-reserve", "0.15")
        pg.locator("#power-flex").fill("0.2")
        assert pg.inner_text("#power-flex-value") == "20 %"
        out = _solve(pg)
        assert pg.solves[-1] == {"scenario": "openai-nvidia-10gw", "hours": 168, "co2_cap_g_per_kwh": 100,
                                 "flexible_share": 0.2, "reserve_margin": 0.15}
        # The reserve margin and the flexible load show what they did.
        firm = pg.inner_text('#power-cards .card[data-key="firm"] .card-value')
        assert _number(firm) == pytest.approx(out["firm_capacity_mw"], rel=5e-3)
        assert out["firm_capacity_mw"] >= 1.15 * out["load_mw"] - 1  # >= (1 + margin) x the flat load's peak
        assert pg.is_visible('#power-cards .card[data-key="shifted"]')
        pg.locator("#power-week-0-box").scroll_into_view_if_needed()
        assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        for sel in ("#power-section", "#power-cards", "#chart-power-week-0", "#power-solve", "table.power-mix"):
            b = pg.locator(sel).bounding_box()
            assert b and b["x"] >= 0 and b["x"] + b["width"] <= 390, sel  # the mix table too: no sideways scroll
        assert pg.errors == []
    finally:
        ctx.close()


FORMATS = [
    (46.7378, "USD/MWh", "$46.7/MWh"), (1.72e9, "USD", "$1.72 B"), (4.81e8, "USD/yr", "$481 M/yr"),
    (0.125, "fraction", "12.5 %"), (1.29e-10, "fraction", "< 0.1 %"), (0, "fraction", "0 %"),
    (292229, "MWh/yr", "292 GWh/yr"), (700800, "t CO2/yr", "701 kt CO₂/yr"), (2.3e6, "t CO2/yr", "2.30 Mt CO₂/yr"),
    (72.0, "months", "72 months"), (1234.56, "MW", "1,235 MW"), (330.35, "g/kWh", "330 g/kWh"), (None, "MW", "—"),
]


def test_the_panels_one_formatter(page):
    """Three significant digits as gigawatt.present.numbers writes them (sig, usd, pct), "—" when missing."""
    got = page.evaluate("(cases) => cases.map(([x, u]) => window.gw.fmtPower(x, u))", [[x, u] for x, u, _ in FORMATS])
    assert got == [text for _, _, text in FORMATS]


def test_an_uploaded_file_is_not_solved(page, tmp_path):
    """The API solves built-in scenarios only: with a file open, the button is off and the panel says why."""
    assert page.is_enabled("#power-solve") and page.is_hidden("#power-stale")
    mine = tmp_path / "mine.yaml"
    mine.write_text("name: my-deal\ntitle: My own deal\nprogram: {capacity_gw: 3}\n")
    page.set_input_files("#upload", str(mine))
    page.wait_for_function("document.body.dataset.uploaded === 'mine.yaml'")
    assert page.is_disabled("#power-solve")
    assert "built-in scenario" in page.inner_text("#power-stale")
    page.select_option("#scenario", "cheyenne-wy-10gw")
    page.wait_for_function("!document.getElementById('power-solve').disabled")
    assert page.is_hidden("#power-stale") and page.solves == []
