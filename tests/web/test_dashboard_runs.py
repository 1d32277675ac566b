"""The dashboard's Saved runs panel in real Chromium: labels kept by the server (a fresh browser sees them), rename
and delete from the panel, labels an older dashboard kept in localStorage moved to the server, a phone's width."""

from __future__ import annotations

import json

import pytest
from test_browser import browser, server  # noqa: F401 - fixtures (one Chromium per module)
from test_dashboard_share import _open

pytestmark = pytest.mark.browser


def _row(pg, run_id: str):
    row = pg.locator(f'.run-row[data-run="{run_id}"]')
    row.wait_for()
    return row


def test_a_label_saved_here_is_seen_by_a_fresh_browser_renamed_and_deleted(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/")
    try:
        pg.fill("#save-label", "PUE 1.2 base")
        pg.click("#save")
        pg.wait_for_selector("body[data-saved-run]")
        run_id = pg.get_attribute("body", "data-saved-run")
        assert pg.request.get(f"{server}/api/runs/{run_id}").json()["label"] == "PUE 1.2 base"
        assert pg.evaluate("localStorage.getItem('gigawatt.runLabels')") is None  # nothing kept in the browser
    finally:
        ctx.close()
    ctx, pg = _open(browser, server + "/")  # another browser: the label comes from the run history
    try:
        row = _row(pg, run_id)
        assert row.locator(".run-label").inner_text() == "PUE 1.2 base"
        row.locator(".run-rename").click()
        row.locator(".run-edit-label").fill("base case (renamed)")
        row.locator(".run-edit button[type=submit]").click()
        pg.wait_for_selector(f'body[data-renamed-run="{run_id}"]')
        assert row.locator(".run-label").inner_text() == "base case (renamed)"
        assert pg.request.get(f"{server}/api/runs/{run_id}").json()["label"] == "base case (renamed)"
        assert "saved: base case (renamed)" in pg.inner_text("#cmp-a")

        pg.once("dialog", lambda d: d.dismiss())  # asked first: dismissed, nothing deleted
        row.locator(".run-delete").click()
        assert pg.request.get(f"{server}/api/runs/{run_id}").status == 200
        pg.once("dialog", lambda d: d.accept())
        row.locator(".run-delete").click()
        pg.wait_for_selector(f'body[data-deleted-run="{run_id}"]')
        assert pg.locator(f'.run-row[data-run="{run_id}"]').count() == 0
        assert pg.request.get(f"{server}/api/runs/{run_id}").status == 404
        assert f"run:{run_id}" not in pg.inner_html("#cmp-a")
        assert not pg.errors, pg.errors
    finally:
        ctx.close()


def test_labels_an_older_dashboard_kept_in_the_browser_move_to_the_server(browser, server):  # noqa: F811
    import urllib.request

    req = urllib.request.Request(f"{server}/api/run", data=json.dumps({"save": True}).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    run_id = json.loads(urllib.request.urlopen(req, timeout=60).read())["run_id"]
    ctx, pg = _open(browser, server + "/")
    try:  # as an older dashboard left it in this browser, before this page loads again
        pg.evaluate(f"localStorage.setItem('gigawatt.runLabels', JSON.stringify({{'{run_id}': 'kept in the browser'}}))")
        pg.reload()
        pg.wait_for_selector("body[data-render-seq]", timeout=30_000)
        row = _row(pg, run_id)
        pg.wait_for_function(f"""document.querySelector('.run-row[data-run="{run_id}"] .run-label')
                                 .textContent === 'kept in the browser'""")
        assert pg.request.get(f"{server}/api/runs/{run_id}").json()["label"] == "kept in the browser"
        assert row.locator(".run-label").inner_text() == "kept in the browser"
    finally:
        ctx.close()


def test_the_runs_panel_fits_a_phone(browser, server):  # noqa: F811
    ctx, pg = _open(browser, server + "/", width=390)
    try:
        pg.fill("#save-label", "a label long enough to wrap on a phone's narrow screen, kept whole")
        pg.click("#save")
        pg.wait_for_selector("body[data-saved-run]")
        run_id = pg.get_attribute("body", "data-saved-run")
        row = _row(pg, run_id)
        row.locator(".run-rename").click()
        row.locator(".run-edit").wait_for()
        assert pg.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        assert not pg.errors, pg.errors
    finally:
        ctx.close()
