"""The dashboard as something to share, in real Chromium: state in the address bar (restored on reload),
stale results marked, errors beside their control, YAML upload and a download that carries the edits,
labelled saved runs with their differences, two runs side by side, the timeline controls, the tornado,
per-chart PNG and CSV, and a phone's width.

Shares the live server and Chromium fixtures of ``test_browser.py``; each test is short (CI has 2 cores).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import _card, _move, _settle, browser, server  # noqa: F401 - fixtures (one Chromium per module)

pytestmark = pytest.mark.browser



def _open(browser, url: str, width: int = 1440):
    ctx = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(url)
    pg.wait_for_selector("body[data-render-seq]", timeout=30_000)
    return ctx, pg


@pytest.fixture()
def page(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/")
    yield pg
    ctx.close()


def _overflow(pg) -> int:
    return pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [1440, 390])
def test_url_state_is_restored_on_reload_and_nothing_overflows(browser, server, width):  # noqa: F811
    ctx, pg = _open(browser, server + "/", width)
    try:
        assert _overflow(pg) <= 0
        seq = pg.evaluate("window.gw.renderSeq")
        pg.select_option("#scenario", "openai-portfolio")
        pg.wait_for_function(f"window.gw.renderSeq > {seq} && window.gw.state.last.scenario === 'openai-portfolio'")
        pg.select_option("#ctl-part", "openai-amd-6gw")
        path = "parts.openai-amd-6gw.facility.pue"
        _move(pg, path, 1.6)
        _settle(pg)
        gpus = _card(pg, "gpus")
        assert "scenario=openai-portfolio" in pg.url and "part=openai-amd-6gw" in pg.url
        pg.reload()
        pg.wait_for_function("window.gw && window.gw.state.last && window.gw.state.last.scenario === 'openai-portfolio'"
                             " && !window.gw.state.inFlight")
        assert pg.input_value("#scenario") == "openai-portfolio"
        assert pg.input_value("#ctl-part") == "openai-amd-6gw"
        assert pg.input_value(f'.control[data-path="{path}"] input') == "1.6"
        assert pg.evaluate("window.gw.state.last.overrides") == {path: 1.6}
        assert _card(pg, "gpus") == gpus
        assert _overflow(pg) <= 0  # nothing wider than the screen, the portfolio's controls included
        # The claims' verdicts are on screen.
        pg.wait_for_selector("table.claims td.verdict", timeout=60_000)
        box = pg.locator("table.claims td.verdict").first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["width"] > 30
        assert pg.errors == []
    finally:
        ctx.close()


def test_phone_ticks_apart_and_claims_do_not_overlap(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/?scenario=openai-nvidia-10gw", 390)
    try:
        _settle(pg)
        pg.locator("#chart-build").scroll_into_view_if_needed()
        pg.wait_for_selector("#chart-build .xtick text")
        ticks = pg.evaluate("""[...document.querySelectorAll('#chart-build .xtick text')]
            .map((t) => { const b = t.getBoundingClientRect(); return [t.textContent, b.left, b.right]; })""")
        assert len(ticks) >= 3 and all(len(t[0]) == 4 for t in ticks)
        assert all(a[2] + 4 <= b[1] for a, b in zip(ticks, ticks[1:])), ticks
        pg.wait_for_selector("table.claims tbody tr", timeout=60_000)
        rows = pg.evaluate("""[...document.querySelectorAll('table.claims tbody tr')].slice(0, 6)
            .map((r) => { const b = r.getBoundingClientRect(); return [b.top, b.bottom, b.right]; })""")
        assert all(a[1] <= b[0] + 1 for a, b in zip(rows, rows[1:]))  # one block after another
        assert all(r[2] <= 390 for r in rows)
    finally:
        ctx.close()


def test_monte_carlo_is_marked_stale_after_a_change(page):
    if not page.evaluate("window.gw.state.meta.features.montecarlo"):
        pytest.skip("no Monte Carlo engine")
    page.select_option("#mc-draws", "1000")
    page.click("#mc-run")
    page.wait_for_selector("body[data-mc-done]", timeout=120_000)
    assert page.get_attribute("#mc-section", "data-stale") == "false"
    assert page.is_hidden("#mc-stale")
    assert page.get_attribute("body", "data-mc-done") == "yes"  # not saved unless asked
    _move(page, "facility.pue", 1.45)
    assert page.get_attribute("#mc-section", "data-stale") == "true"
    assert page.is_visible("#mc-stale") and page.is_visible("#mc-stale-chart")
    page.click("#reset")  # back to the inputs it answered: current again
    page.wait_for_function("document.getElementById('mc-section').dataset.stale === 'false'")
    assert page.errors == []


def test_error_shows_next_to_its_control(page):
    page.evaluate("""() => { const s = document.querySelector('.control[data-path="program.first_online"] select');
        s.append(new Option('2026Q9', '2026Q9')); s.value = '2026Q9'; s.dispatchEvent(new Event('change')); }""")
    note = page.locator('.control[data-path="program.first_online"] .control-error')
    note.wait_for()
    assert "program.first_online" in note.inner_text()
    box = note.bounding_box()
    assert box and 0 <= box["y"] <= 900  # on screen, not in a banner scrolled away
    page.select_option('.control[data-path="program.first_online"] select', "2027H2")
    page.wait_for_selector(".control-error", state="detached")
    assert _card(page, "first_gw_online") >= "2027Q"


def test_upload_a_yaml_file_and_refusal_of_files_it_names(page, tmp_path):
    good = tmp_path / "mine.yaml"
    good.write_text("name: my-deal\ntitle: My own deal\nprogram: {capacity_gw: 3}\n")
    page.set_input_files("#upload", str(good))
    page.wait_for_function("document.body.dataset.uploaded === 'mine.yaml'")
    assert page.inner_text("#title") == "My own deal"
    assert _card(page, "capacity_gw") == "3.00 GW"
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: sneaky\ninclude: [/etc/passwd]\n")
    page.set_input_files("#upload", str(bad))
    note = page.locator("#upload-box .control-error")
    note.wait_for()
    assert "include" in note.inner_text() and "passwd" not in page.inner_text("#title")


def test_download_carries_the_edits_under_a_new_name(page):
    """The page opens on the default scenario, the deal as it stands (openai-nvidia-2026)."""
    _move(page, "facility.load_factor", 0.66)
    with page.expect_download() as dl:
        page.click("#download")
    assert dl.value.suggested_filename == "openai-nvidia-2026-edited.yaml"
    text = Path(dl.value.path()).read_text()
    assert text.startswith("name: openai-nvidia-2026-edited")
    assert "load_factor: 0.66" in text
    note = __import__("yaml").safe_load(text)["sources"][-1]
    assert note.startswith("Edited in the gigawatt dashboard") and note.endswith("Load factor: 80.0 % → 66.0 %")


def test_labelled_saved_run_with_its_differences_and_side_by_side(page):
    _move(page, "facility.pue", 1.4)
    page.fill("#save-label", "PUE 1.4 case")
    page.click("#save")
    page.wait_for_selector("body[data-saved-run]")
    run_id = page.get_attribute("body", "data-saved-run")
    item = page.locator(f'.run-item[data-run="{run_id}"]')
    item.wait_for()
    assert item.locator(".run-label").inner_text() == "PUE 1.4 case"
    page.wait_for_function(f"""document.querySelector('.run-item[data-run="{run_id}"] .run-diff').textContent.length > 0""")
    assert "1 change from openai-nvidia-2026: PUE (facility ÷ IT power): 1.20 → 1.40" in item.inner_text()
    page.select_option("#cmp-a", f"run:{run_id}")
    page.select_option("#cmp-b", "builtin:openai-nvidia-2026")
    page.click("#cmp-run")
    page.wait_for_selector("body[data-compared]")
    row = page.locator('table.compare tr[data-key="gpus"]')
    assert "differs" in row.get_attribute("class")
    assert page.locator('table.compare tr[data-key="capacity_gw"]').get_attribute("class") == ""
    assert "PUE 1.4 case" in page.inner_text("table.compare thead")


def test_timeline_controls_move_the_build(page):
    before = _card(page, "full_build_online")
    _move(page, "program.ramp_gw_per_year", 5)
    _settle(page)
    assert _card(page, "full_build_online") < before  # a faster ramp finishes sooner
    assert "ramp" in page.url.replace("%5F", "_") and "5" in page.url


def test_tornado_ranks_inputs_in_words_and_goes_stale(page):
    page.click("#tornado-run")
    page.wait_for_selector("body[data-tornado-done]", timeout=60_000)
    labels = page.evaluate("document.getElementById('chart-tornado').data[0].y")
    assert labels and not any("program." in x or "_" in x.split("(")[0] for x in labels)
    _move(page, "facility.pue", 1.5)
    assert page.is_visible("#tornado-stale")


def test_chart_png_and_csv_with_a_source_line(page):
    _settle(page)
    csv = page.evaluate("window.gw.chartCsv('chart-energy')")
    lines = csv.splitlines()  # one header row (the time column named, units in names), no comment lines
    assert lines[0].startswith("quarter,") and lines[0].endswith(",chart,source") and not any(x.startswith("#") for x in lines)
    assert lines[1].startswith("2026Q1,") and "gigawatt model, scenario openai-nvidia-2026" in lines[1]
    rows = list(__import__("csv").reader(lines))
    assert rows[1][-2].startswith("Energy") and len({len(r) for r in rows}) == 1
    assert page.evaluate("window.gw.csvCell('=HYPERLINK(1)') + ' ' + window.gw.csvCell(-5)") == "'=HYPERLINK(1) -5"
    heads = page.evaluate("[...document.querySelectorAll('#years th')].map((t) => t.textContent)")
    assert "Energy over the year" in heads and not any("in the quarter" in h for h in heads)  # yearly sums
    with page.expect_download() as dl:
        page.click('button[data-png="chart-energy"]')
    data = Path(dl.value.path()).read_bytes()
    assert dl.value.suggested_filename == "energy.png" and data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_view_is_part_of_the_link(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/?scenario=openai-nvidia-10gw&view=vendor")
    try:
        pg.wait_for_function("window.gw.state.last && !window.gw.state.inFlight")
        assert pg.input_value("#view") == "vendor"
        assert pg.evaluate("window.gw.state.last.assumptions.view") == "vendor"
        vendor_capex = _card(pg, "capex_usd")
        seq = pg.evaluate("window.gw.renderSeq")
        pg.select_option("#view", "")
        pg.wait_for_function(f"window.gw.renderSeq > {seq} && !window.gw.state.inFlight")
        assert "view=" not in pg.url and _card(pg, "capex_usd") != vendor_capex
    finally:
        ctx.close()


def test_dashboard_draws_with_the_partial_bundle(browser, server):  # noqa: F811
    """Every chart the dashboard draws works with plotly.js's basic bundle (GET /static/plotly-basic.min.js),
    a quarter of the full bundle's bytes."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 900})
    pg = ctx.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    basic = pg.request.get(server + "/static/plotly-basic.min.js")
    assert basic.ok and basic.body().startswith(b"/**\n* plotly.js (basic - minified)")
    pg.route("**/static/plotly.min.js", lambda route: route.fulfill(body=basic.body(),
                                                                     content_type="application/javascript"))
    try:
        pg.goto(server + "/")
        pg.wait_for_selector("body[data-render-seq]", timeout=30_000)
        _settle(pg)
        for chart in ("chart-build", "chart-hardware", "chart-energy", "chart-cash", "chart-revenue"):
            assert pg.locator(f"#{chart} .main-svg").count() >= 1, chart
        pg.click("#tornado-run")
        pg.wait_for_selector("body[data-tornado-done]", timeout=60_000)
        assert pg.locator("#chart-tornado .bars path").count() >= 2
        assert errors == []
    finally:
        ctx.close()


def test_a_saved_runs_link_opens_it(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/?scenario=openai-nvidia-10gw&set=facility.pue%3D1.33")
    try:
        pg.click("#save")
        pg.wait_for_selector("body[data-saved-run]")
        run_id = pg.get_attribute("body", "data-saved-run")
        pg.click(f'.run-item[data-run="{run_id}"]')
        pg.wait_for_function(f"document.body.dataset.loadedRun === '{run_id}'")
        assert f"run={run_id}" in pg.url
        gpus = _card(pg, "gpus")
        pg.reload()
        pg.wait_for_function(f"document.body.dataset.loadedRun === '{run_id}' && !window.gw.state.inFlight")
        assert _card(pg, "gpus") == gpus and run_id in pg.inner_text("#source")
    finally:
        ctx.close()


def test_reset_puts_the_view_back_to_the_default(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/")
    try:
        pg.wait_for_function("window.gw.state.last && !window.gw.state.inFlight")
        seq = pg.evaluate("window.gw.renderSeq")
        pg.select_option("#view", "vendor")
        pg.wait_for_function(f"window.gw.renderSeq > {seq} && !window.gw.state.inFlight")
        _move(pg, "facility.pue", 1.4)
        _settle(pg)
        assert pg.evaluate("window.gw.state.last.assumptions.view") == "vendor"
        seq = pg.evaluate("window.gw.renderSeq")
        pg.click("#reset")
        pg.wait_for_function(f"window.gw.renderSeq > {seq} && !window.gw.state.inFlight")
        assert pg.input_value("#view") == ""
        assert "view=" not in pg.url and "set=" not in pg.url
        assert pg.evaluate("window.gw.state.last.overrides") == {}
        assert pg.evaluate("window.gw.state.last.assumptions.view") in (None, "independent")
        pg.click("#save")  # a run saved now records the default view
        pg.wait_for_selector("body[data-saved-run]")
        run = pg.request.get(server + "/api/runs/" + pg.get_attribute("body", "data-saved-run")).json()
        assert "view: vendor" not in run["scenario_yaml"]
    finally:
        ctx.close()


def test_no_control_on_screen_that_does_nothing(browser, server):  # noqa: F811
    """The portfolio's parts offer no tranche (none pays one) and a valuation only on the NVIDIA part (equity);
    the continuation chance sits with the Monte Carlo, marked so; bottom-up capex says so; parts by title."""
    ctx, pg = _open(browser, server + "/")
    try:
        pg.select_option("#scenario", "openai-portfolio")
        pg.wait_for_function("window.gw && window.gw.state.last && window.gw.state.last.scenario === 'openai-portfolio'"
                             " && !window.gw.state.inFlight")
        visible = lambda sel: pg.evaluate(  # noqa: E731
            f"[...document.querySelectorAll('{sel}')].filter((e) => e.offsetParent !== null)"
            ".map((e) => e.dataset.path)")
        for part in ("openai-nvidia-10gw-executed", "openai-amd-6gw", "openai-broadcom-10gw", "openai-oracle-4.5gw"):
            pg.select_option("#ctl-part", part)
            shown = visible("#controls .control[data-path]")
            assert not [p for p in shown if p.endswith("investment.per_gw_usd")], (part, shown)
            valuation = [p for p in shown if p.endswith("investment.valuation_usd")]
            assert bool(valuation) == (part == "openai-nvidia-10gw-executed"), (part, shown)
            chance = [p for p in visible("#mc-controls .control[data-path]") if p.endswith("continue_probability")]
            offered = f"parts.{part}.program.continue_probability"  # not with explicit phases
            assert chance == ([offered] if pg.evaluate(f"'{offered}' in window.gw.state.last.controls_value") else [])
        assert pg.locator("#mc-controls [data-path$='continue_probability']").count() >= 1
        assert not pg.locator("#controls [data-path$='continue_probability']").count()
        titles = pg.evaluate("[...document.querySelectorAll('#ctl-part option')].map((o) => o.textContent)")
        assert titles and not any(t.startswith("openai-") for t in titles), titles
        pg.select_option("#ctl-part", "openai-amd-6gw")
        assert "(Monte Carlo only)" in pg.inner_text("#mc-panel")
        capex = pg.locator('.control[data-path="parts.openai-amd-6gw.finance.capex_usd_per_gw"]')
        assert capex.locator("output").inner_text() == "bottom-up"
        assert "top-down override" in capex.locator(".control-note").inner_text()
        platforms = pg.evaluate("[...document.querySelectorAll('.control[data-path$=\"program.platform\"] option')]"
                                ".map((o) => o.textContent)")
        assert not any("-" in t.split(" (")[0] for t in platforms), platforms  # names, not ids
        legend = pg.evaluate("document.getElementById('chart-build').data.map((t) => t.name)")
        assert "NVIDIA Vera Rubin NVL144" in legend and not any("-" in n for n in legend), legend
        assert not any(t.startswith("built-in: openai-") for t in pg.evaluate(
            "[...document.querySelectorAll('#cmp-a option')].map((o) => o.textContent)"))
        assert pg.errors == []
    finally:
        ctx.close()


def test_download_after_opening_a_saved_run_has_an_edited_name(page):
    _move(page, "facility.pue", 1.35)
    page.click("#save")
    page.wait_for_selector("body[data-saved-run]")
    run_id = page.get_attribute("body", "data-saved-run")
    page.click(f'.run-item[data-run="{run_id}"]')
    page.wait_for_function(f"document.body.dataset.loadedRun === '{run_id}' && !window.gw.state.inFlight")
    with page.expect_download() as dl:
        page.click("#download")
    assert dl.value.suggested_filename == "openai-nvidia-2026-edited.yaml"
    text = Path(dl.value.path()).read_text()
    assert text.startswith("name: openai-nvidia-2026-edited") and "1.20 → 1.35" in text


def test_tornado_on_a_phone_spans_its_bars(browser, server):  # noqa: F811
    """Browser review: at 390 px the axis ran -1,000 to 0 around bars at 150-250 (the names inside the plot
    widened Plotly's autorange), the bars squeezed into 40 px with no tick numbers."""
    ctx, pg = _open(browser, server + "/", 390)
    try:
        pg.click("#tornado-run")
        pg.wait_for_selector("body[data-tornado-done]", timeout=60_000)
        lo, hi = pg.evaluate("document.getElementById('chart-tornado').layout.xaxis.range")
        ends = pg.evaluate("(() => { const d = document.getElementById('chart-tornado').data;"
                           " return d.flatMap((t) => t.x.map((x, i) => t.base + x)).concat([d[0].base]); })()")
        assert lo <= min(ends) and max(ends) <= hi and (hi - lo) <= 1.3 * (max(ends) - min(ends)) + 1e-9
        assert pg.errors == []
    finally:
        ctx.close()
