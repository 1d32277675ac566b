"""The dashboard's power panel in real Chromium: nothing solves until asked, a solve says what it solved and shows
the LCOE beside the scenario's flat price, the mix in the API's own labels and the week charts; bad input is
refused in the browser (nothing sent) or by the server, beside its control in the controls' words; "Energised by"
offers only quarters by which something ticked can be built; the keyboard's focus stays on "Solve supply"; a busy
server says so, results go stale when the scenario changes, and a phone's width holds it all.

Solves a week (``?power_hours=168``) so each solve takes a second or two. Shares the live server and Chromium
fixtures of ``test_browser.py``.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from test_browser import _move, browser, server  # noqa: F401 - fixtures (one Chromium per module)

pytestmark = pytest.mark.browser

URL = "/?scenario=openai-nvidia-10gw&power_hours=168"



def _open(browser, server, width: int = 1440, older_server: bool = False):  # noqa: F811
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    pg = ctx.new_page()
    if older_server:  # a server without GET /api/power/options
        pg.route("**/api/power/options", lambda route: route.fulfill(status=404, json={"detail": "Not Found"}))
    pg.errors, pg.solves = [], []
    # A 404 on GET /api/power/options (an older server, played by a test) is expected: the panel keeps its list.
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error"
          and not (m.location or {}).get("url", "").endswith("/api/power/options") else None)
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
    # Beside it the scenario's flat price, named as what it is (the Inputs' price slider does not reach it).
    sub = page.inner_text('#power-cards .card[data-key="lcoe"] .card-sub')
    assert sub.startswith("the scenario's flat price, as written:")
    assert _number(sub) == pytest.approx(out["reference"]["flat_price_usd_per_mwh"], rel=5e-3)
    carbon_sub = page.inner_text('#power-cards .card[data-key="carbon"] .card-sub')
    assert carbon_sub.startswith("the scenario's flat carbon intensity, as written:")
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
    # What was solved, in one line: the scenario, the phase, the site, the load.
    ph = out["schedule"]["phase"]  # the next phase not yet online (the server's default)
    assert page.inner_text("#power-where") == (f"openai-nvidia-10gw · phase {ph['number']} of {ph['of']} · {out['site']} · "
                                               f"{out['load_mw']:,.0f} MW average load")
    # A week solved is no year: the note says so, with the hours.
    assert out["hours"] == 168 and page.is_visible("#power-short")
    assert page.inner_text("#power-short") == "Short solve: the first 168 hours of the year, scaled to a year — approximate"
    # Land is a card of its own, not a line of the gas card.
    assert "land" not in page.inner_text('#power-cards .card[data-key="gas"]').lower()
    assert _number(page.inner_text('#power-cards .card[data-key="land"] .card-value')) == pytest.approx(
        out["land_acres"], rel=5e-3, abs=0.5)
    # Solver noise is no figure: no "load not served" card below 0.001 %.
    assert (page.locator('#power-cards .card[data-key="unserved"]').count() == 1) == (out["unserved_share"] >= 1e-5)
    # No chart on the page offers to send its data to Plotly's cloud.
    configs = page.evaluate("[...document.querySelectorAll('.js-plotly-plot')].map(g => [g.id, g._context.showSendToCloud])")
    assert configs and all(v is False for _, v in configs), configs
    page.hover("#chart-power-week-0")
    assert page.locator('#chart-power-week-0 .modebar-btn[data-title]').count() > 0  # the toolbar is there...
    assert page.locator('.modebar-btn[data-attr="sendDataToCloud"], .modebar-btn[data-title*="Cloud"]').count() == 0
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
    assert note.inner_text() == "CO₂ cap, g/kWh: -5 is not allowed: from 0 to 2,000 g/kWh, or empty for no cap"
    assert page.solves == []  # refused in the browser: nothing sent
    # A screen reader hears the box as invalid, described by the message.
    assert page.get_attribute("#power-co2", "aria-invalid") == "true"
    assert page.get_attribute("#power-co2", "aria-describedby") == page.get_attribute(".power-error", "id")
    assert page.locator(".power-error").count() == 1  # beside its control only
    box = note.bounding_box()
    ctl = page.locator("#power-co2").bounding_box()
    assert box and ctl and 0 <= box["y"] - (ctl["y"] + ctl["height"]) < 60  # right under the box, on screen
    assert page.is_hidden("#power-result")
    page.fill("#power-co2", "300")
    assert page.locator(".power-error").count() == 0  # changing the value clears its error
    assert page.get_attribute("#power-co2", "aria-invalid") is None
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
        assert pg.inner_text("#power-flex-value") == "20 %" and pg.get_attribute("#power-flex", "aria-valuetext") == "20 %"
        # Tap targets: each checkbox and the Advanced summary 24 px at least, the Solve button 36 px tall.
        for sel in ('input[name="power-option"]', "#power-advanced summary"):
            for b in (pg.locator(sel).nth(i).bounding_box() for i in range(pg.locator(sel).count())):
                assert b["height"] >= 24 and b["width"] >= 24, (sel, b)
        assert pg.locator("#power-solve").bounding_box()["height"] >= 36
        out = _solve(pg)
        assert pg.solves[-1] == {"scenario": "openai-nvidia-10gw", "hours": 168, "co2_cap_g_per_kwh": 100,
                                 "flexible_share": 0.2, "reserve_margin": 0.15}
        # The reserve margin and the flexible load show what they did.
        firm = pg.inner_text('#power-cards .card[data-key="firm"] .card-value')
        assert _number(firm) == pytest.approx(out["firm_capacity_mw"], rel=5e-3)
        assert out["firm_capacity_mw"] >= 1.15 * out["load_mw"] - 1  # >= (1 + margin) x the flat load's peak
        assert pg.is_visible('#power-cards .card[data-key="shifted"]') == (out["shifted_mwh_per_yr"] >= 1)
        # The mix's "option" head is hidden from the eye only: in the accessibility tree, named, a column head.
        head = pg.locator("table.power-mix thead th").first
        assert head.inner_text() == "option" and head.evaluate("e => getComputedStyle(e).display") != "none"
        assert pg.get_by_role("columnheader", name="option", exact=True).count() == 1
        assert head.bounding_box()["width"] <= 1  # ...and takes no room on the screen
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
    assert page.is_disabled("#power-solve")  # aria-disabled: the button keeps its place in the tab order
    assert page.get_attribute("#power-solve", "aria-disabled") == "true"
    assert "built-in scenario" in page.inner_text("#power-stale")
    page.click("#power-solve", force=True)  # ignored
    page.select_option("#scenario", "cheyenne-wy-10gw")
    page.wait_for_function("document.getElementById('power-solve').getAttribute('aria-disabled') === 'false'")
    assert page.is_hidden("#power-stale") and page.solves == []


def _quarters(pg) -> dict[str, tuple[str, bool]]:
    return {v: (t, d) for v, t, d in pg.eval_on_selector_all(
        "#power-by option", "os => os.filter(o => o.value).map(o => [o.value, o.textContent, o.disabled])")}


def test_energised_by_offers_only_quarters_something_ticked_can_meet(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server)
    try:
        cat = pg.request.get(server + "/api/power/options").json()
        now = dt.datetime.now(dt.timezone.utc)
        assert cat["as_of"] == f"{now.year}Q{(now.month - 1) // 3 + 1}"  # today's quarter
        leads = {r["key"]: r["lead_time_months"] for r in cat["options"]}
        assert leads["battery"] == 12 and leads["solar"] == 18 and leads["gas-recip"] == 24 and leads["wind"] == 36, leads
        as_of = int(cat["as_of"][:4]) * 4 + int(cat["as_of"][-1]) - 1

        def label(months: int) -> str:  # the quarter `months` after as_of's start (whole quarters)
            q = as_of + months // 3
            return f"{q // 4}Q{q % 4 + 1}"

        pg.wait_for_function(f"!document.querySelector('#power-by option[value=\"{label(3)}\"]').textContent"
                             f".endsWith('{label(3)}')")
        qs = _quarters(pg)
        assert list(qs)[0] == label(3) and len(qs) == 48  # the quarters after as_of, twelve years of them
        # Lead times (months): battery 12, solar 18, gas engines and aero 24, wind and firm 36, grid 48.
        # 12 months: only a battery, which makes no energy; 18: solar.
        assert qs[label(12)] == (f"{label(12)} (nothing can be built by then)", True)
        assert qs[label(3)][1] and not qs[label(18)][1] and qs[label(18)][0] == label(18)
        # Without solar and gas, the first quarter offered is the one wind or a firm contract can meet.
        for k in ("solar", "gas"):
            pg.uncheck(f'input[name="power-option"][value="{k}"]')
        qs = _quarters(pg)
        assert qs[label(33)][1] and not qs[label(36)][1]
        # A battery alone builds nothing by any quarter.
        for k in ("grid", "wind", "firm"):
            pg.uncheck(f'input[name="power-option"][value="{k}"]')
        assert all(d for _, d in _quarters(pg).values())
        # A quarter chosen while it could be met, then made impossible by unticking: refused here, nothing sent.
        for k in ("solar", "wind"):
            pg.check(f'input[name="power-option"][value="{k}"]')
        pg.select_option("#power-by", label(18))
        pg.uncheck('input[name="power-option"][value="solar"]')
        pg.click("#power-solve")
        note = pg.locator('[data-power-field="energised_by"] .power-error')
        assert note.inner_text().startswith(f"Energised by: nothing ticked can be built by {label(18)}")
        assert pg.get_attribute("#power-by", "aria-invalid") == "true" and pg.solves == []
        # Left out: each option the deadline drops, by its name, never its key.
        pg.check('input[name="power-option"][value="solar"]')
        pg.check('input[name="power-option"][value="gas"]')
        out = _solve(pg)
        left = pg.inner_text("#power-excluded")
        assert out["excluded"] and left.startswith("Left out: ")
        names = {r["key"]: r["label"] for r in cat["options"]}
        for k in out["excluded"]:
            assert (out.get("labels") or {}).get(k, names[k]) in left
        assert not re.search(r"\b(gas-frame|gas-ccgt|gas-aero)\b", left), left
        assert pg.errors == []
    finally:
        ctx.close()


def test_without_the_options_list_a_server_refusal_names_the_control(browser, server):  # noqa: F811
    """An older server (404 on /api/power/options): every quarter stays; the server's refusal of one too soon
    says "Energised by", the control's label, not the CLI's --energised-by."""
    ctx, page = _open(browser, server, older_server=True)
    try:
        _refused_by_the_server(page)
        assert all(e.startswith("Failed to load resource") for e in page.errors), page.errors  # the 422 only
    finally:
        ctx.close()


def _refused_by_the_server(page):
    page.wait_for_timeout(300)  # the options list's answer (a 404) is in
    qs = _quarters(page)
    assert len(qs) == 48 and not any(d for _, d in qs.values())
    first = next(iter(qs))  # three months away: nothing can be built by then
    page.select_option("#power-by", first)
    with page.expect_response(lambda r: r.url.endswith("/api/power"), timeout=60_000) as resp:
        page.click("#power-solve")
    assert resp.value.status == 422
    note = page.locator('[data-power-field="energised_by"] .power-error')
    note.wait_for(timeout=10_000)
    assert "“Energised by”" in note.inner_text() and "--energised-by" not in note.inner_text()
    assert page.inner_text("#power-status") == ""
    # The CLI's flags and the body's keys, as the server's messages may name them, in the controls' words.
    words = page.evaluate("""() => ['--co2-cap', '--flexible', '--flexible-window 3', '--reserve-margin', '--hours',
                                    '--options', '--reliability', '--as-of', 'after energised_by 2027Q1',
                                    'co2_cap_g_per_kwh: -5', 'flexible_share and reserve_margin', 'the first hours',
                                    '__proto__'].map(window.gw.powerWords)""")
    assert words == ["“CO₂ cap”", "“Flexible load”", "--flexible-window 3", "“Reserve margin”", "“Hours solved”",
                     "“Options allowed”", "“Reliability”", "--as-of", "after “Energised by” 2027Q1",
                     "“CO₂ cap”: -5", "“Flexible load” and “Reserve margin”", "the first hours", "__proto__"]


@pytest.mark.parametrize("setup, field, text", [
    ([("uncheck", k) for k in ("grid", "gas", "solar", "wind", "battery", "firm")], "options",
     "Options allowed: tick at least one option"),
    ([("fill", "#power-reserve", "1.5")], "reserve_margin",
     "Reserve margin, 0–1: 1.5 is not allowed: from 0 to 1 (0.15: firm capacity 15 % above the highest hourly draw)"),
    ([("fill", "#power-hours", "30")], "hours", "Hours solved, 48–8760: 30 is not allowed: a whole number from 48 to 8,760"),
    ([("fill", "#power-hours", "100.5")], "hours",
     "Hours solved, 48–8760: 100.5 is not allowed: a whole number from 48 to 8,760"),
    ([("fill", "#power-co2", "2500")], "co2_cap_g_per_kwh",
     "CO₂ cap, g/kWh: 2500 is not allowed: from 0 to 2,000 g/kWh, or empty for no cap"),
    ([("fill", "#power-fuel", "5000")], "fuel_price_usd_per_mmbtu",  # the server's bounds (GET /api/power/options)
     "Gas price, $/MMBtu: 5000 is not allowed: from 0 to 1,000 $/MMBtu, or empty for the catalog's price"),
])
def test_bad_input_is_refused_in_the_browser_and_nothing_is_sent(page, setup, field, text):
    page.wait_for_function("window.gw.power.catalog !== null")
    for step in setup:
        if step[0] == "uncheck":
            page.uncheck(f'input[name="power-option"][value="{step[1]}"]')
        else:
            if step[1] == "#power-hours":
                page.click("#power-advanced summary")
            page.fill(step[1], step[2])
    page.click("#power-solve")
    note = page.locator(f'[data-power-field="{field}"] .power-error')
    note.wait_for(timeout=5_000)
    assert note.inner_text() == text
    page.wait_for_timeout(300)
    assert page.solves == [] and page.is_hidden("#power-result")
    assert page.locator(".power-error").count() == 1
    described = page.eval_on_selector_all('[aria-describedby="power-error"]', "es => es.length")
    assert described >= 1


def test_focus_stays_on_solve_and_a_solve_is_announced_once(page):
    # A week solves in well under a second: the answer is held back 1.5 s so the busy state can be looked at.
    page.evaluate("""() => { const f = window.fetch; window.fetch = (u, o) => String(u).endsWith('/api/power')
        ? new Promise((r) => setTimeout(r, 1500)).then(() => f(u, o)) : f(u, o); }""")
    page.focus("#power-solve")
    done = int(page.get_attribute("body", "data-power-done") or 0)
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('power-solve').getAttribute('aria-disabled') === 'true'")
    assert page.evaluate("document.activeElement.id") == "power-solve"  # while busy: not dropped to <body>
    assert page.inner_text("#power-live") == "Solving the supply…"
    page.keyboard.press("Enter")  # ignored while busy
    page.wait_for_function(f"Number(document.body.dataset.powerDone || 0) > {done}", timeout=120_000)
    assert page.evaluate("document.activeElement.id") == "power-solve"
    assert len(page.solves) == 1
    # The counter is not a live region (it would speak every second); the start and the end are.
    assert page.get_attribute("#power-status", "aria-live") is None and "done in" in page.inner_text("#power-status")
    assert page.inner_text("#power-live").startswith("Supply solved: done in")
    # An error after a solve: the old "done in" goes.
    page.fill("#power-reserve", "2")
    page.click("#power-solve")
    page.locator('[data-power-field="reserve_margin"] .power-error').wait_for(timeout=5_000)
    assert page.inner_text("#power-status") == ""


def test_week_charts_take_the_phone_layout_when_the_window_narrows(page):
    out = _solve(page)
    title = out["weeks"][0]["title"]
    lay = "(() => { const l = document.getElementById('chart-power-week-0').layout; return [l.height, l.title.text]; })()"
    assert page.evaluate(lay) == [340, f"Dispatch, {title}"]
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_function("document.getElementById('chart-power-week-0').layout.height === 380")
    assert page.evaluate(lay) == [380, title]
    page.set_viewport_size({"width": 1440, "height": 900})
    page.wait_for_function("document.getElementById('chart-power-week-0').layout.height === 340")
    assert page.evaluate(lay) == [340, f"Dispatch, {title}"] and len(page.solves) == 1


def _card(pg, key: str) -> tuple[str, str]:
    card = f'#power-extra-cards .card[data-key="{key}"]'
    return pg.inner_text(f"{card} .card-value"), " | ".join(pg.locator(f"{card} .card-sub").all_inner_texts())


def test_reliability_credits_prices_and_the_value_of_speed(page):
    """The analyst's settings go in the body (defaults left out); the answer's reliability (N+k, EUE, LOLH),
    tax credits and value of speed are shown in the API's figures, and each firm option alone in a table."""
    page.fill("#power-co2-price", "50")
    page.fill("#power-fuel", "4.5")
    page.select_option("#power-target", "0.9999")
    page.uncheck("#power-unit-reserve")
    page.check("#power-credits")
    out = _solve(page)
    assert page.solves[-1] == {"scenario": "openai-nvidia-10gw", "hours": 168, "co2_price_usd_per_t": 50,
                               "fuel_price_usd_per_mmbtu": 4.5, "reliability_target": 0.9999, "unit_reserve": False,
                               "tax_credits": True}
    r = out["reliability"]
    value, subs = _card(page, "reliability")
    assert value == f"N+{r['n_plus_k']}" and "target 99.99 % of the energy" in subs and "(no spare units kept)" in subs
    eue = page.evaluate("(x) => window.gw.fmtPower(x, 'MWh/yr')", r["eue_mwh_per_yr"])
    lolh = page.evaluate("(x) => window.gw.fmtPower(x, 'h/yr')", r["lolh_h_per_yr"])
    assert f"expected unserved {eue} · loss of load {lolh}" in subs
    value, subs = _card(page, "credits")
    assert value == "on" and out["credits"]["law"] in subs
    value, subs = _card(page, "speed")
    month = page.evaluate("(x) => window.gw.fmtPower(x, 'USD')", out["speed"]["usd_per_month_of_delay"])
    assert value == f"{month} a month" and value.startswith("$")
    value, subs = _card(page, "speed-adjusted")
    plan = out["speed"]["plan"]
    assert _number(value) == pytest.approx(plan["speed_adjusted_usd_per_mwh"], rel=5e-3)
    assert _number(subs) == pytest.approx(plan["lcoe_usd_per_mwh"], rel=5e-3)
    # Each firm option alone, cheapest speed-adjusted first, in the API's labels.
    rows = page.eval_on_selector_all("table.power-speed tbody tr", "rs => rs.map(r => [r.dataset.key, r.cells[5].textContent])")
    alone = sorted(out["speed"]["firm_options_alone"].items(), key=lambda kv: kv[1]["speed_adjusted_usd_per_mwh"])
    assert [k for k, _ in rows] == [k for k, _ in alone]
    assert [_number(t) for _, t in rows] == pytest.approx([o["speed_adjusted_usd_per_mwh"] for _, o in alone], rel=5e-3)
    value, subs = _card(page, "weather")
    assert value.startswith("1 year") and "no spread" in subs
    assert page.errors == []


def test_weather_years_are_solved_whole_and_show_the_spread(page):
    page.select_option("#power-years", "2")
    page.click("#power-solve")
    note = page.locator('[data-power-field="weather_years"] .power-error')
    note.wait_for(timeout=5_000)
    assert "set “Hours solved” (under Advanced) to 8,760" in note.inner_text() and page.solves == []
    for k in ("grid", "wind", "battery", "firm"):  # gas and solar: a quick two-year solve
        page.uncheck(f'input[name="power-option"][value="{k}"]')
    page.click("#power-advanced summary")
    page.fill("#power-hours", "8760")
    out = _solve(page)
    assert page.solves[-1]["weather_years"] == 2 and out["weather"]["years"] == 2
    value, subs = _card(page, "weather")
    assert value.startswith("2 years")
    # The spread of what the plan uses: solar's capacity factor only where solar is built.
    cf = out["weather"]["annual_capacity_factor"]["solar"]
    solar = f"{out['labels'].get('solar', 'solar')} capacity factor {min(cf):.3f}–{max(cf):.3f}"
    assert (solar in subs) == (out["capacity_mw"].get("solar", 0) >= 1), (subs, out["capacity_mw"])
    assert page.errors == []


def test_late_options_kept_with_their_delay_priced(page):
    """"Kept, delay priced": the body says late = price, nothing is left out, and the card gives the LCOE with the
    delay and what priced it; left out (the default) says how many were left out."""
    out = _solve(page)
    value, subs = _card(page, "late")
    assert value == "left out" and f"{len(out['excluded'])} left out" in subs
    page.select_option("#power-late", "price")
    out = _solve(page)
    assert page.solves[-1]["late"] == "price" and out["excluded"] == {} and out["late"]["mode"] == "price"
    value, subs = _card(page, "late")
    assert _number(value) == pytest.approx(out["late"]["lcoe_with_delay_usd_per_mwh"], rel=5e-3)
    assert "per GW-month (program: required revenue" in subs
    assert page.errors == []


def test_each_phase_in_turn_is_a_table(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server, width=390)
    try:
        pg.select_option("#power-phase", "each")
        pg.select_option("#power-by", pg.eval_on_selector_all("#power-by option", "os => os.map(o => o.value)")[-1])
        pg.click("#power-solve")
        pg.locator('[data-power-field="energised_by"] .power-error').wait_for(timeout=5_000)
        assert pg.solves == []
        pg.select_option("#power-by", "")
        out = _solve(pg)
        assert pg.solves[-1]["phase"] == "each"
        steps = out["sequence"]["steps"]
        rows = pg.eval_on_selector_all("#power-sequence tbody tr", "rs => rs.map(r => [r.dataset.phase, r.cells[2].textContent])")
        assert [int(n) for n, _ in rows] == [s["phase"]["number"] for s in steps]
        assert [_number(t) for _, t in rows] == pytest.approx([s["load_mw"] for s in steps], rel=5e-3)
        # Each phase's reliability: its N+k and expected unserved energy, in the API's figures.
        assert pg.eval_on_selector_all("#power-sequence thead th", "hs => hs.map(h => h.textContent)")[-1] == "N+k, EUE"
        cells = pg.eval_on_selector_all("#power-sequence tbody tr", "rs => rs.map(r => r.cells[7].textContent)")
        for cell, s in zip(cells, steps):
            r = s["reliability"]
            eue = pg.evaluate("(x) => window.gw.fmtPower(x, 'MWh/yr')", r["eue_mwh_per_yr"])
            assert cell == (f"N+{r['n_plus_k']}, {eue}" if r["assessed"] else "not assessed")
        assert "The value of speed is per phase" in pg.inner_text("#power-seq-note")
        assert pg.is_hidden("#power-single") and pg.is_visible("#power-sequence")
        lcoe = pg.inner_text('#power-cards .card[data-key="lcoe"] .card-value')
        assert _number(lcoe) == pytest.approx(out["sequence"]["totals"]["lcoe_energy_weighted_usd_per_mwh"], rel=5e-3)
        pg.locator("#power-sequence").scroll_into_view_if_needed()
        assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0  # fits a phone
        assert pg.errors == []
    finally:
        ctx.close()


def test_phone_holds_the_new_controls_and_results(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server, width=390)
    try:
        for sel in ("#power-unit-reserve", "#power-credits"):
            b = pg.locator(sel).bounding_box()
            assert b["height"] >= 24 and b["width"] >= 24, (sel, b)
        _solve(pg)
        for sel in ("#power-extra-cards", "table.power-speed"):
            pg.locator(sel).scroll_into_view_if_needed()
            b = pg.locator(sel).bounding_box()
            assert b and b["x"] >= 0 and b["x"] + b["width"] <= 390, sel
        assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert pg.errors == []
    finally:
        ctx.close()


def test_no_builtin_scenario_chosen_turns_solve_off_with_a_reason(browser, server):  # noqa: F811
    """?scenario=nope: no built-in scenario is chosen; "Solve supply" is off and says why, nothing is sent."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = ctx.new_page()
    sent = []
    pg.on("request", lambda r: sent.append(r.post_data_json) if r.url.endswith("/api/power") else None)
    try:
        pg.goto(server + "/?scenario=nope&power_hours=168")  # the model's run of it fails: no render
        pg.wait_for_function("window.gw && window.gw.power && window.gw.power.catalog !== null", timeout=30_000)
        pg.wait_for_function("document.getElementById('power-solve').getAttribute('aria-disabled') === 'true'")
        assert pg.is_visible("#power-stale")
        assert pg.inner_text("#power-stale") == "A supply solve needs a built-in scenario: choose one at the top (none is chosen)."
        pg.click("#power-solve", force=True)  # ignored
        pg.wait_for_timeout(300)
        assert sent == [] and pg.locator(".power-error").count() == 0
        pg.select_option("#scenario", "cheyenne-wy-10gw")
        pg.wait_for_function("document.getElementById('power-solve').getAttribute('aria-disabled') === 'false'")
        assert pg.is_hidden("#power-stale")
    finally:
        ctx.close()


def test_the_selects_show_their_whole_choice_at_desktop_width(page):
    """At 1440 px each select's chosen text fits its box (measured in the box's own font, beside the arrow)."""
    fits = """(id) => { const s = document.getElementById(id), st = getComputedStyle(s);
        const c = document.createElement('canvas').getContext('2d'); c.font = `${st.fontSize} ${st.fontFamily}`;
        const room = s.clientWidth - parseFloat(st.paddingLeft) - parseFloat(st.paddingRight) - 20;  // the arrow
        return [...s.options].filter((o) => !o.disabled).map((o) => [o.text, c.measureText(o.text).width <= room, o.title]); }"""
    for sel in ("power-phase", "power-by", "power-target", "power-years", "power-late"):
        rows = page.evaluate(fits, sel)
        assert all(ok for _, ok, _ in rows), (sel, rows)
    titles = {t: title for t, _, title in page.evaluate(fits, "power-phase")}
    assert titles["next (default)"] == "The next phase not yet online (the default)"
    assert page.evaluate(fits, "power-by")[0][0] == "phase date (default)"


def test_weather_years_cost_by_year_and_the_worst(page):
    """weather.by_year (rows per year or columns per figure): the range of each year's $/MWh and the worst year,
    the answer's own worst_year where it names one; nothing from an answer without it."""
    got = page.evaluate("""() => [
        window.gw.yearCosts([{year: 1, cost_usd_per_mwh: 52.1}, {year: 2, cost_usd_per_mwh: 55.04}, {year: 3, cost_usd_per_mwh: 53}]),
        window.gw.yearCosts({year: [1, 2], lcoe_usd_per_mwh: [61, 60]}),
        window.gw.yearCosts([{year: 1, cost_usd_per_mwh: 52}, {year: 2, cost_usd_per_mwh: 55}], {year: 1}),
        window.gw.yearCosts(undefined), window.gw.yearCosts([{year: 1}])]""")
    assert got == [["cost by year $52.1/MWh–$55.0/MWh, worst year 2"], ["cost by year $60.0/MWh–$61.0/MWh, worst year 1"],
                   ["cost by year $52.0/MWh–$55.0/MWh, worst year 1"], [], []]
