"""The explorer and the sites explorer in real Chromium, at a phone's width (390 px) and a desktop's (1440 px).

Drives what a user does: chart a series none of the five fixed charts shows, overlay a second scenario, go Back
and Forward; filter the sites, click a site on the map, read its timeline and deals. Every page: no console
errors, nothing wider than the window. Screenshots go to ``$GIGAWATT_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from test_browser import browser, server  # noqa: F401 - the live server and Chromium, shared fixtures

pytestmark = pytest.mark.browser
WIDTHS = (390, 1440)
LOI = "openai-nvidia-10gw"
FIXED = ("gw_online", "gpus", "gpu_dies", "annual_energy_twh", "required_revenue_usd_per_year",
         "customer_revenue_usd_per_year")  # what the five fixed charts draw


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def page(request, browser, server):  # noqa: F811
    ctx = browser.new_context(viewport={"width": request.param, "height": 900}, accept_downloads=True)
    pg = ctx.new_page()
    pg.errors, pg.width, pg.server = [], request.param, server
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    ctx.close()


def _open(pg, query: str) -> None:
    pg.goto(f"{pg.server}/?{query}")
    pg.wait_for_selector("body[data-explorer-seq]", timeout=30_000)


def _explorer(pg) -> dict:
    return pg.evaluate("""() => { const gd = document.getElementById('chart-explorer');
        return { names: (gd.data || []).map((t) => t.name), ytitle: gd.layout && gd.layout.yaxis.title.text,
                 ytype: gd.layout && gd.layout.yaxis.type, output: window.gw.explorer.output,
                 sources: [...window.gw.explorer.sources], error: document.getElementById('ex-error').hidden ? ''
                 : document.getElementById('ex-error').textContent }; }""")


def _wait_explorer(pg, n_sources: int) -> None:
    pg.wait_for_function(f"""() => {{ const gd = document.getElementById('chart-explorer');
        const ex = window.gw.explorer;  // the latest change drawn, not an earlier answer
        return document.body.dataset.explorerSeq === String(ex.seq) && ex.data && ex.data.output.key === ex.output
            && gd.data && gd.data.length === {n_sources} && ex.sources.length === {n_sources}; }}""")


def _fits(pg, name: str) -> None:
    """No console errors, nothing wider than the window; a screenshot when asked for."""
    assert pg.errors == []
    assert pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    out = os.environ.get("GIGAWATT_SCREENSHOTS")
    if out:
        Path(out).mkdir(parents=True, exist_ok=True)
        pg.screenshot(path=str(Path(out) / f"{name}-{pg.width}.png"), full_page=False)


def test_explorer_overlays_and_back_restores(page):
    _open(page, f"scenario={LOI}")
    page.select_option("#ex-output", "capex_cumulative_usd")  # not in the five fixed charts
    _wait_explorer(page, 1)
    assert "capex_cumulative_usd" not in FIXED
    assert _explorer(page)["ytitle"] == "USD billions" and "ex=capex_cumulative_usd" in page.url
    page.select_option("#ex-add", "openai-amd-6gw")  # a second scenario overlaid
    _wait_explorer(page, 2)
    two = _explorer(page)
    assert two["names"] == ["on screen", "openai-amd-6gw"] and "exs=openai-amd-6gw" in page.url
    page.check("#ex-log")
    page.wait_for_function("document.getElementById('chart-explorer').layout.yaxis.type === 'log'")
    page.locator("#explorer-section").scroll_into_view_if_needed()
    _fits(page, "explorer")

    page.go_back()  # the log scale undone, both scenarios still there
    page.wait_for_function("document.getElementById('chart-explorer').layout.yaxis.type !== 'log'")
    assert _explorer(page)["names"] == two["names"] and "exlog" not in page.url
    page.go_back()  # the second scenario undone
    _wait_explorer(page, 1)
    assert _explorer(page)["names"] == ["on screen"] and _explorer(page)["output"] == "capex_cumulative_usd"
    page.go_forward()
    _wait_explorer(page, 2)
    assert _explorer(page)["names"] == two["names"]
    assert page.evaluate("window.gw.state.scenario") == LOI  # the dashboard stayed where it was
    _fits(page, "explorer-forward")


def test_explorer_follows_the_inputs_on_screen(page):
    _open(page, f"scenario={LOI}&ex=it_power_gw&exs=screen&exs={LOI}")
    _wait_explorer(page, 2)
    last = "document.getElementById('chart-explorer').data.map((t) => t.y.at(-1))"
    before = page.evaluate(last)
    assert before[0] == pytest.approx(before[1])  # nothing changed yet: on screen is the built-in
    page.evaluate("""() => { const i = document.querySelector('.control[data-path="facility.pue"] input');
        i.value = '1.5'; i.dispatchEvent(new Event('input', { bubbles: true })); }""")
    page.wait_for_function(f"({last})[0] < ({last})[1] * 0.9")
    after = page.evaluate(last)
    assert after[0] == pytest.approx(before[1] * 1.2 / 1.5) and after[1] == pytest.approx(before[1])  # IT = facility / PUE
    assert page.locator("#ex-sources li").first.inner_text().startswith("on screen")
    _fits(page, "explorer-screen")


def test_explorer_table_and_downloads(page):
    _open(page, f"scenario={LOI}&ex=h100_equivalents&exs={LOI}&exs={LOI}@vendor&exk=table")
    page.wait_for_selector("#ex-table table")
    head = page.locator("#ex-table th").all_inner_texts()
    assert head == ["quarter", LOI, f"{LOI} @ vendor"]
    assert page.locator("#ex-table tbody tr").count() == 40
    with page.expect_download() as dl:
        page.click("#ex-csv")
    lines = Path(dl.value.path()).read_text().splitlines()
    assert lines[0].startswith(f"quarter,{LOI} (millions of H100e)") and lines[1].startswith("2026Q1,")
    with page.expect_download() as dl:
        page.click("#ex-xlsx")
    assert dl.value.suggested_filename == "h100_equivalents.xlsx"
    with page.expect_download() as dl:
        page.click("#ex-png")
    assert dl.value.suggested_filename == "explorer.png"
    assert Path(dl.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _fits(page, "explorer-table")


def test_unknown_scenario_in_the_address_is_an_error_on_screen(page):
    page.goto(f"{page.server}/?scenario=nope")
    page.wait_for_selector("body[data-address-error]")
    assert "“nope”, which is not a built-in scenario" in page.inner_text("#error")
    assert page.evaluate("window.gw.state.scenario") is None  # nothing quietly run instead
    assert page.locator(".card").count() == 0
    page.wait_for_selector("body[data-sites-seq]")  # every panel has loaded, and none rewrote the address
    assert page.url.endswith("/?scenario=nope")
    page.select_option("#scenario", LOI)  # choosing one clears the error and writes the address again
    page.wait_for_function(f"location.search.includes('scenario={LOI}')")
    page.wait_for_selector(".card")
    assert page.is_hidden("#error")
    _open(page, f"scenario={LOI}&ex=nope")
    assert "output “nope”" in _explorer(page)["error"]
    page.errors.clear()  # the 422s the page was asked to show arrive as console messages
    _fits(page, "bad-address")


def _lonely_site(pg) -> str:
    """The US site farthest from any other: a click on its circle can mean no other."""
    return pg.evaluate("""() => { const pts = document.getElementById('sx-map').data.slice(1)
        .flatMap((t) => t.customdata.map((id, i) => [id, t.x[i], t.y[i]]));
        const gap = ([, x, y]) => Math.min(...pts.filter((q) => q[1] !== x || q[2] !== y).map((q) => Math.hypot(q[1] - x, q[2] - y)));
        return pts.reduce((a, b) => (gap(b) > gap(a) ? b : a))[0]; }""")


def _click_site_on_map(pg, site: str) -> None:
    """A real mouse click at the site's circle (its position from the map's own axes)."""
    pg.evaluate("document.getElementById('sx-map').scrollIntoView({ block: 'center' })")
    x, y = pg.evaluate("""(id) => { const gd = document.getElementById('sx-map'), L = gd._fullLayout;
        const t = gd.data.find((d) => (d.customdata || []).includes(id)), i = t.customdata.indexOf(id);
        const box = gd.getBoundingClientRect();
        return [box.left + L.xaxis._offset + L.xaxis.l2p(t.x[i]), box.top + L.yaxis._offset + L.yaxis.l2p(t.y[i])]; }""",
                       site)
    pg.mouse.click(x, y)


def test_sites_explorer_filter_map_click_timeline(page):
    _open(page, f"scenario={LOI}")
    page.wait_for_selector("#sx-table-box tbody tr")
    every = page.locator("#sx-table-box tbody tr").count()
    page.fill("#sx-filter", "xai")
    assert sorted(page.locator("#sx-table-box tbody tr").evaluate_all("rs => rs.map((r) => r.dataset.site)")) == [
        "colossus-1", "colossus-2"]
    assert page.evaluate("document.getElementById('sx-map').data.slice(1).flatMap((t) => t.customdata).sort()") == [
        "colossus-1", "colossus-2"]  # the map shows what the table shows
    page.fill("#sx-filter", "texas")  # a state's name finds what its code (TX) finds
    by_name = sorted(page.locator("#sx-table-box tbody tr").evaluate_all("rs => rs.map((r) => r.dataset.site)"))
    page.fill("#sx-filter", "TX")
    assert by_name and by_name == sorted(page.locator("#sx-table-box tbody tr").evaluate_all(
        "rs => rs.map((r) => r.dataset.site)")) and "stargate-abilene" in by_name
    page.fill("#sx-filter", "")
    assert page.locator("#sx-table-box tbody tr").count() == every
    page.click('#sx-table-box th[data-col="planned_mw"] button')  # sort by planned MW, largest first
    planned = page.evaluate("window.gw.sites.rows.map((r) => r.planned_mw)")
    first = page.locator("#sx-table-box tbody tr").first.get_attribute("data-site")
    assert page.evaluate(f"window.gw.sites.rows.find((r) => r.id === '{first}').planned_mw") == max(planned)

    lonely = _lonely_site(page)
    _click_site_on_map(page, lonely)
    page.wait_for_selector(f'body[data-site-shown="{lonely}"]')
    assert page.inner_text("#sx-site h3") == page.evaluate(f"window.gw.sites.rows.find((r) => r.id === '{lonely}').name")
    assert page.locator(f'#sx-table-box tr.chosen[data-site="{lonely}"]').count() == 1
    page.focus('#sx-table-box tr[data-site="stargate-abilene"]')  # a table row opens a site too, from the keyboard
    page.keyboard.press("Enter")
    page.wait_for_selector('body[data-site-shown="stargate-abilene"]')
    assert page.inner_text("#sx-site h3") == "OpenAI Stargate Abilene"
    names = page.evaluate("document.getElementById('sx-timeline').data.map((t) => t.name)")
    assert names == ["power online, MW", "expected, MW", "H100e, thousands", "capital cost, USD billions"]
    assert "Stargate (US)" in page.inner_text("#sx-site .sx-deals")
    assert "site=stargate-abilene" in page.url
    page.locator("#sx-site").scroll_into_view_if_needed()
    _fits(page, "sites")
    page.go_back()  # the site clicked on the map before
    page.wait_for_selector(f'#sx-site[data-site="{lonely}"]')
    assert f"site={lonely}" in page.url and page.locator(f'#sx-table-box tr.chosen[data-site="{lonely}"]').count() == 1
    page.go_back()  # no site chosen
    page.wait_for_function("!location.search.includes('site=') && !document.querySelector('#sx-site h3')")


def test_sites_as_of_slider_reads_the_dated_history(page):
    _open(page, f"scenario={LOI}&sxdate=2024-12-31&site=stargate-abilene")
    page.wait_for_selector('body[data-site-shown="stargate-abilene"]')
    assert page.inner_text("#sx-asof-value") == "2024-12-31"
    row = page.locator('#sx-table-box tr[data-site="stargate-abilene"]').inner_text()
    assert "land clearing" in row  # building began in 2025, power came later
    page.evaluate("""() => { const s = document.getElementById('sx-asof'); s.value = s.max;
        s.dispatchEvent(new Event('input', { bubbles: true })); }""")
    page.wait_for_function("!location.search.includes('sxdate')")
    page.wait_for_function("""document.querySelector('#sx-table-box tr[data-site="stargate-abilene"]')
        .textContent.includes('operational')""")
    _fits(page, "sites-asof")
    page.go_back()  # the date before the slide
    page.wait_for_function("document.getElementById('sx-asof-value').textContent === '2024-12-31'")
    page.wait_for_function("""document.querySelector('#sx-table-box tr[data-site="stargate-abilene"]')
        .textContent.includes('land clearing')""")


def test_compare_shows_differences_and_goes_stale(page):
    _open(page, f"scenario={LOI}")
    page.wait_for_selector("body[data-render-seq]")
    page.select_option("#cmp-b", f"builtin:{LOI}")
    page.evaluate("""() => { const i = document.querySelector('.control[data-path="program.capacity_gw"] input');
        i.value = '5'; i.dispatchEvent(new Event('input', { bubbles: true })); }""")
    page.wait_for_function("document.querySelector('.card[data-key=\"capacity_gw\"] .card-value').textContent === '5.00 GW'")
    page.click("#cmp-run")
    page.wait_for_selector("body[data-compared]")
    row = page.locator('#compare tr[data-key="capacity_gw"] td').all_inner_texts()
    assert row[1:] == ["5.00 GW", "10.0 GW", "+5.00 GW", "+100.0 %"]  # A on screen, B the built-in: B − A
    assert page.is_hidden("#compare-stale")
    page.evaluate("""() => { const i = document.querySelector('.control[data-path="program.capacity_gw"] input');
        i.value = '6'; i.dispatchEvent(new Event('input', { bubbles: true })); }""")
    page.wait_for_selector("#compare-stale", state="visible")
    assert page.get_attribute("#compare-section", "data-stale") == "true"
    page.locator("#compare-section").scroll_into_view_if_needed()
    _fits(page, "compare")
