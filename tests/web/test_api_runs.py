"""The run history on the API: labels (save, PATCH), DELETE, pages of summaries, bounded lists, and what is served:
CLI-saved runs only with --share-cli-runs, and never a pid, a host or a folder of the user's machine."""

from __future__ import annotations

import pytest

from gigawatt.store import RunStore
from gigawatt.web import app as webapp

pytest.importorskip("fastapi")
BASE = "http://127.0.0.1"


def _client(db, **kw):
    from fastapi.testclient import TestClient

    return TestClient(webapp.create_app(db, **kw), base_url=BASE, raise_server_exceptions=False)


@pytest.fixture
def db(tmp_path):
    return tmp_path / "runs.duckdb"


def _save(c, label=None, **body):
    r = c.post("/api/run", json={"save": True, **({"label": label} if label is not None else {}), **body})
    assert r.status_code == 200, r.text
    return r.json()["run_id"]


def test_labels_are_saved_renamed_and_deleted_on_the_api(db):
    with _client(db) as c:
        run_id = _save(c, "base case", overrides={"facility.pue": 1.3})
        listed = c.get("/api/runs").json()
        assert [(r["id"], r["label"], r["origin"]) for r in listed] == [(run_id, "base case", "server")]
        assert c.get(f"/api/runs/{run_id}").json()["label"] == "base case"

        r = c.patch(f"/api/runs/{run_id[:6]}", json={"label": "PUE 1.3"})
        assert r.status_code == 200 and r.json()["label"] == "PUE 1.3" and r.json()["id"] == run_id
        assert c.get("/api/runs").json()[0]["label"] == "PUE 1.3"
        assert RunStore(db).get(run_id)["label"] == "PUE 1.3"  # in the store: every browser and the CLI see it
        assert c.patch(f"/api/runs/{run_id}", json={"label": None}).json()["label"] is None

        r = c.delete(f"/api/runs/{run_id}")
        assert r.status_code == 200 and r.json()["id"] == run_id
        assert c.get("/api/runs").json() == []
        for method in ("get", "delete"):
            r = getattr(c, method)(f"/api/runs/{run_id}")
            assert r.status_code == 404 and r.json()["field"] == "id" and "no run with id" in r.json()["detail"]
        r = c.patch(f"/api/runs/{run_id}", json={"label": "x"})
        assert r.status_code == 404


def test_bad_labels_are_422_naming_the_field(db):
    with _client(db) as c:
        run_id = _save(c)
        for body, text in [({"label": "x" * 201}, "is 201 characters long; a label may have at most 200"),
                           ({"label": "a\nb"}, "holds the control character '\\n'"),
                           ({"label": "x" * 5000}, "at most 200"),
                           ({}, "label"), ({"label": 5}, "label")]:
            r = c.patch(f"/api/runs/{run_id}", json=body)
            assert r.status_code == 422, (body, r.text)
            assert r.json()["field"].endswith("label") and text in r.json()["detail"], r.json()
        r = c.post("/api/run", json={"label": "unsaved"})
        assert r.status_code == 422 and r.json()["field"] == "label" and "goes with save" in r.json()["detail"]
        r = c.post("/api/run", json={"save": True, "label": "\x1b[2J"})
        assert r.status_code == 422 and r.json()["field"] == "label"
        assert len(c.get("/api/runs").json()) == 1  # refused before anything was recorded
        assert c.patch("/api/runs/zz", json={"label": "x"}).status_code == 404
        assert c.patch("/api/runs/" + "a" * 100, json={"label": "x"}).status_code == 404


def test_runs_come_in_pages_of_summaries(db):
    store = RunStore(db)
    ids = []
    for i in range(5):
        ids.append(store.start(kind="run", scenario_name=f"s{i}", scenario_yaml="name: s\n", origin="server"))
    with _client(db) as c:
        first = c.get("/api/runs?limit=2")
        assert [r["id"] for r in first.json()] == ids[::-1][:2]
        assert first.headers["x-total-count"] == "5"
        assert first.headers["link"] == '</api/runs?offset=2&limit=2>; rel="next"'
        last = c.get("/api/runs?limit=2&offset=4")
        assert [r["id"] for r in last.json()] == ids[:1] and "link" not in last.headers
        assert c.get("/api/runs?limit=201").status_code == 422
        assert c.get("/api/runs?offset=-1").status_code == 422
        for r in first.json():
            assert not {"scenario_yaml", "results", "files", "pid", "host"} & set(r)
        busy = c.delete(f"/api/runs/{ids[0]}")  # still running (this process): not deleted under its runner
        assert busy.status_code == 422 and busy.json()["field"] == "id" and "still running" in busy.json()["detail"]


def test_thirty_saves_of_0_7_mb_keep_the_list_small(db):
    """Issue 22: 30 saves of 0.7 MB made GET /api/runs return 21 MB (a scenario's name is not bounded)."""
    big = "n" * 700_000
    text = f"name: {big}\nprogram: {{capacity_gw: 1, first_online: 2026Q4}}\n"
    store = RunStore(db)
    for _ in range(30):  # as POST /api/run with save would record it (each POST is ~0.75 MB of body)
        with store.record(kind="run", scenario_name=big, scenario_yaml=text, origin="server") as rec:
            rec.finish({"summary": {"capacity_gw": 1.0}})
    with _client(db) as c:
        r = c.get("/api/runs")
        assert r.status_code == 200 and len(r.json()) == 30
        assert len(r.content) < 30 * 1_000  # summaries: about 500 bytes each
        assert all(len(x["scenario_name"]) == 200 for x in r.json())
        one = c.get(f"/api/runs/{r.json()[0]['id']}").json()  # the full run by id
        assert len(one["scenario_name"]) == 700_000 and one["scenario_yaml"] == text


def _cli_run(db, tmp_path) -> str:
    """A run as `gigawatt run --save` of a composite in the user's folder records it."""
    folder = tmp_path / "home" / "analyst" / "deals"
    a, b = str(folder / "a.yaml"), str(folder / "b.yaml")
    store = RunStore(db)
    with store.record(kind="run", scenario_name="both", scenario_yaml=f"name: both\ninclude: [{a}, {b}]\n",
                      files={a: "name: a\n", b: "name: b\n"}) as rec:
        rec.finish({"summary": {"capacity_gw": 3.0}, "assumptions": {"include": [a, b]}})
    store.fail(store.start(kind="run", scenario_name="bad", scenario_yaml="name: bad\n"),
               f"InputError: file {a!r} does not exist")
    return rec.id


def test_cli_saved_runs_are_not_served_unless_asked_for(db, tmp_path):
    cli = _cli_run(db, tmp_path)
    with _client(db) as c:
        web = _save(c, "from the dashboard")
        assert [r["id"] for r in c.get("/api/runs").json()] == [web]
        assert c.get("/api/runs").headers["x-total-count"] == "1"
        for method, path, body in [("get", f"/api/runs/{cli}", None), ("get", f"/api/runs/{cli}/diff", None),
                                   ("patch", f"/api/runs/{cli}", {"label": "mine"}),
                                   ("delete", f"/api/runs/{cli}", None)]:
            r = c.request(method.upper(), path, json=body)
            assert r.status_code == 404, (method, path, r.text)
        r = c.get("/api/series", params={"output": "gw_online", "source": f"run:{cli}"})
        assert r.status_code == 422 and "names no saved run" in r.json()["detail"]
    assert RunStore(db).get(cli)["label"] is None  # untouched


def test_shared_cli_runs_carry_no_pid_host_or_folders(db, tmp_path):
    cli = _cli_run(db, tmp_path)
    with _client(db, share_cli_runs=True) as c:
        web = _save(c)
        listed = c.get("/api/runs")
        assert {r["origin"] for r in listed.json()} == {"cli", "server"} and len(listed.json()) == 3
        one = c.get(f"/api/runs/{cli}")
        assert one.status_code == 200
        run = one.json()
        assert "pid" not in run and "host" not in run
        assert set(run["files"]) == {"…/a.yaml", "…/b.yaml"}
        assert "include: […/a.yaml, …/b.yaml]" in run["scenario_yaml"]
        assert run["results"]["assumptions"]["include"] == ["…/a.yaml", "…/b.yaml"]
        for r in (listed, one, c.get(f"/api/runs/{web}")):
            assert str(tmp_path) not in r.text and "analyst" not in r.text and '"pid"' not in r.text
        failed = next(r for r in listed.json() if r["status"] == "failed")
        assert "…/a.yaml" in c.get(f"/api/runs/{failed['id']}").json()["error"]
        assert c.patch(f"/api/runs/{cli}", json={"label": "shared"}).json()["label"] == "shared"


def test_urls_and_dates_in_a_shared_run_are_kept():
    from gigawatt.web.routes_runs import strip_paths

    text = "sources: [https://nvidianews.nvidia.com/news/openai-and-nvidia, 2026/12/06, 1/2 of it]"
    assert strip_paths(text) == text
    assert strip_paths({"/srv/x/y.yaml": ["C:\\Users\\me\\a.yaml", "~/deals/b.yaml"]}) == {
        "…/y.yaml": ["…\\a.yaml", "…/b.yaml"]}


def test_serve_help_names_share_cli_runs():
    import os
    import subprocess
    import sys
    from pathlib import Path

    r = subprocess.run([str(Path(sys.executable).with_name("gigawatt")), "serve", "--help"], capture_output=True,
                       text=True, timeout=60, env={**os.environ, "COLUMNS": "200"})
    assert r.returncode == 0 and "--share-cli-runs" in r.stdout


def test_format_characters_in_labels_and_short_prefixes_are_refused(tmp_path):
    """Attack review: U+2028 and U+202E were stored and served raw; a one-character prefix deleted a run."""
    from gigawatt.errors import InputError
    from gigawatt.store import RunNotFoundError, RunStore, clean_label

    for bad in ("x\u2028y", "a\u202eb", "zero\u200bwidth", "bad\udcffsurrogate"):
        with pytest.raises(InputError, match="control character"):
            clean_label(bad)
    store = RunStore(tmp_path / "r.duckdb")
    with store.record(kind="run", scenario_name="s", scenario_yaml="name: s\n", seed=None, draws=1) as rec:
        rec.finish({})
    for short in (rec.id[:1], rec.id[:3]):
        with pytest.raises(RunNotFoundError, match="too short to rename or delete"):
            store.delete(short)
    assert store.rename(rec.id[:4], "kept")["label"] == "kept"
