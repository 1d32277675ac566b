"""The run history's labels, renames, deletes, bounds, retention, pages, origins and a first save on a full disk."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import subprocess
import sys
import textwrap

import pytest

from gigawatt import store as store_mod
from gigawatt.errors import InputError
from gigawatt.store import RunNotFoundError, RunStore, scenario_hash

YAML = "name: demo\nprogram:\n  capacity_gw: 1.8\n"
SRC = str(pathlib.Path(__file__).resolve().parents[1] / "src")


def _done(store: RunStore, **kw) -> str:
    with store.record(kind="run", scenario_name=kw.pop("name", "demo"), scenario_yaml=kw.pop("yaml", YAML),
                      draws=1, **kw) as rec:
        rec.finish({"summary": {"capacity_gw": 1.8}})
    return rec.id


@pytest.fixture
def store(tmp_path):
    return RunStore(tmp_path / "runs.duckdb")


def test_a_label_is_stored_renamed_cleared_and_listed(store):
    run_id = _done(store, label="  base case, PUE 1.3 ")
    assert store.get(run_id)["label"] == "base case, PUE 1.3"
    assert store.list()[0]["label"] == "base case, PUE 1.3"
    assert store.rename(run_id[:5], "stress: capex +20 %")["label"] == "stress: capex +20 %"
    assert store.list()[0]["label"] == "stress: capex +20 %"
    assert store.rename(run_id, "   ")["label"] is None


def test_bad_labels_are_refused_naming_the_field(store):
    run_id = _done(store)
    with pytest.raises(InputError, match=r"label: is 201 characters long; a label may have at most 200"):
        store.rename(run_id, "x" * 201)
    with pytest.raises(InputError, match=r"label: holds the control character '\\x1b'"):
        store.rename(run_id, "red \x1b[31m")
    with pytest.raises(InputError, match="label: int given"):
        store.rename(run_id, 5)
    with pytest.raises(InputError, match="label: holds the control character"):
        store.start(kind="run", scenario_name="demo", scenario_yaml=YAML, label="two\nlines")
    assert store.get(run_id)["label"] is None


def test_delete_removes_one_run_and_unknown_ids_are_not_found(store):
    keep, gone = _done(store, label="keep"), _done(store, label="gone")
    assert store.delete(gone)["label"] == "gone"
    assert [r["id"] for r in store.list()] == [keep]
    with pytest.raises(RunNotFoundError, match="no run with id"):
        store.delete(gone)
    with pytest.raises(RunNotFoundError, match="no run with id"):
        store.rename(gone, "x")


def test_a_run_in_progress_is_not_deleted(store):
    running = store.start(kind="mc", scenario_name="demo", scenario_yaml=YAML, draws=10)
    with pytest.raises(InputError, match=f"id: run {running} is still running; delete it once it has ended"):
        store.delete(running)
    store.finish(running, {"summary": {}}, seconds=1.0)  # its runner still finds its row
    assert store.delete(running)["status"] == "done"


def test_old_files_gain_the_new_columns_and_old_rows_count_as_cli(tmp_path):
    import duckdb

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))  # the schema before labels, origins and files
    con.execute(store_mod._SCHEMA.split(";")[0])
    con.execute("INSERT INTO runs (id, kind, scenario_name, scenario_hash, scenario_yaml, draws, status, started_at)"
                " VALUES ('0123456789ab', 'run', 'demo', 'h', ?, 1, 'done', now())", [YAML])
    con.close()
    old = RunStore(path)
    row = old.list()[0]
    assert row["label"] is None and row["origin"] == "cli"
    assert old.rename("0123", "from before")["label"] == "from before"
    assert old.list(origins=("server",)) == []


def test_list_pages_and_counts(store):
    ids = [_done(store, name=f"s{i}") for i in range(7)]
    newest_first = ids[::-1]
    assert [r["id"] for r in store.list(limit=3)] == newest_first[:3]
    assert [r["id"] for r in store.list(limit=3, offset=3)] == newest_first[3:6]
    assert [r["id"] for r in store.list(limit=3, offset=6)] == newest_first[6:]
    assert store.list(limit=3, offset=7) == []
    assert store.count() == 7 and store.count(status="done") == 7 and store.count(status="failed") == 0
    with pytest.raises(InputError, match="limit: 0 is outside 1..1000"):
        store.list(limit=0)
    with pytest.raises(InputError, match="offset: -1 is below 0"):
        store.list(offset=-1)


def test_origins_filter_lists_and_lookups(store):
    cli = _done(store)
    web = _done(store, origin="server")
    assert [r["id"] for r in store.list(origins=("server",))] == [web]
    assert {r["origin"] for r in store.list()} == {"cli", "server"}
    assert store.get(web, origins=("server",))["id"] == web
    with pytest.raises(RunNotFoundError, match="no run with id"):
        store.get(cli, origins=("server",))
    with pytest.raises(InputError, match="origin: 'browser' is not one of cli, server"):
        store.start(kind="run", scenario_name="demo", scenario_yaml=YAML, origin="browser")


def test_retention_keeps_the_newest_runs_and_never_a_running_one(tmp_path):
    store = RunStore(tmp_path / "runs.duckdb", keep=3)
    running = store.start(kind="mc", scenario_name="slow", scenario_yaml=YAML, draws=10)
    ids = [_done(store, name=f"s{i}") for i in range(5)]
    listed = [r["id"] for r in store.list()]
    assert listed == ids[::-1][:3] + [running]  # 3 finished runs, and the one in progress (never evicted)
    assert store.count(status="done") == 3


def test_retention_by_age_from_the_environment(tmp_path, monkeypatch):
    import duckdb

    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("GIGAWATT_RUNS_MAX_AGE_DAYS", "30")
    store = RunStore(path)
    old = _done(store)
    con = duckdb.connect(str(path))
    con.execute("UPDATE runs SET started_at = ? WHERE id = ?", [dt.datetime(2020, 1, 1), old])
    con.close()
    new = _done(store)
    assert [r["id"] for r in store.list()] == [new]
    monkeypatch.setenv("GIGAWATT_RUNS_KEEP", "none")
    with pytest.raises(InputError, match=r"GIGAWATT_RUNS_KEEP: 'none' is not a number of runs"):
        RunStore(path)
    monkeypatch.setenv("GIGAWATT_RUNS_KEEP", "2")
    monkeypatch.setenv("GIGAWATT_RUNS_MAX_AGE_DAYS", "0")
    with pytest.raises(InputError, match=r"GIGAWATT_RUNS_MAX_AGE_DAYS: '0' is not a number of days above 0"):
        RunStore(path)


def test_total_stored_text_is_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod, "MAX_STORED_BYTES", 2_500_000)
    store = RunStore(tmp_path / "runs.duckdb")
    big = YAML + "description: |\n" + ("  " + "x" * 98 + "\n") * 7_000  # 0.7 MB
    ids = [_done(store, yaml=big) for _ in range(5)]
    assert [r["id"] for r in store.list()] == ids[::-1][:3]  # 3 × 0.7 MB fit in 2.5 MB, a 4th does not


def test_text_over_the_caps_is_refused_and_errors_are_cut(store):
    with pytest.raises(InputError, match=r"scenario: with its included files is 4,000,0\d\d bytes; a saved run "
                                         r"keeps at most 4,000,000"):
        store.start(kind="run", scenario_name="demo", scenario_yaml=YAML, files={"/a.yaml": "x" * 4_000_000})
    run_id = store.start(kind="run", scenario_name="demo", scenario_yaml=YAML)
    with pytest.raises(InputError, match="results: are 16,000,0\\d\\d bytes as JSON; a saved run keeps at most"):
        store.finish(run_id, {"text": "x" * 16_000_000}, seconds=1.0)
    store.fail(run_id, "boom\n" * 2_000)
    error = store.get(run_id)["error"]
    assert len(error) == 2_000 and error.endswith("…") and "\n" not in error


def test_long_scenario_names_are_cut_in_lists_only(store):
    run_id = _done(store, name="n" * 5_000)
    assert len(store.list()[0]["scenario_name"]) == 200
    assert len(store.get(run_id)["scenario_name"]) == 5_000


def test_the_hash_covers_included_files():
    top = "name: both\ninclude: [/x/a.yaml, /x/b.yaml]\n"
    one = scenario_hash(top, {"/x/a.yaml": "name: a\n", "/x/b.yaml": "name: b\n"})
    two = scenario_hash(top, {"/x/a.yaml": "name: a\n", "/x/b.yaml": "name: b2\n"})
    assert one != two != scenario_hash(top)
    assert scenario_hash(YAML) == scenario_hash(YAML, {})  # runs that read one file keep their old hash


def test_a_first_save_that_cannot_write_leaves_no_unopenable_file(tmp_path):
    """A full disk on the first save (simulated with RLIMIT_FSIZE, which fails writes past a size with EFBIG)."""
    path = tmp_path / "runs.duckdb"
    code = f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails instead of killing
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        from gigawatt.store import RunStore, StoreError
        try:
            RunStore({str(path)!r}).start(kind="run", scenario_name="demo", scenario_yaml="name: demo")
        except StoreError as e:
            print("refused:", e)
        """
    env = {**os.environ, "PYTHONPATH": SRC}
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("refused: run history") and len(out.stdout.strip().splitlines()) == 1
    assert not path.exists() and not pathlib.Path(f"{path}.wal").exists()
    later = RunStore(path)  # with room again, the same path works
    assert later.get(_done(later))["status"] == "done"
