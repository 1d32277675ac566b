"""Run history on real DuckDB files: round trips, record(), several writing processes, killed writers."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

from gigawatt.errors import InputError
from gigawatt.store import (
    RunNotFoundError,
    RunStateError,
    RunStore,
    StoreBusyError,
    default_db_path,
    to_jsonable,
)

YAML = "name: demo\nprogram:\n  capacity: 1.8 GW\n"
SRC = str(pathlib.Path(__file__).resolve().parents[1] / "src")


def _python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    """A fresh interpreter running ``code`` with gigawatt importable (no fork of this process's DuckDB)."""
    env = {**os.environ, "PYTHONPATH": SRC + os.pathsep + os.environ.get("PYTHONPATH", "")}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def _stored_status(path: pathlib.Path, run_id: str) -> str:
    """The status column as written in the file (not the computed view)."""
    import duckdb

    con = duckdb.connect(str(path))
    try:
        return con.execute("SELECT status FROM runs WHERE id = ?", [run_id]).fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def store(tmp_path):
    return RunStore(tmp_path / "nested" / "runs.duckdb")


def test_round_trip_with_numpy_and_nan(store):
    run_id = store.start(kind="mc", scenario_name="demo", scenario_yaml=YAML, seed=7, draws=500)
    assert store.get(run_id)["status"] == "running"
    assert store.get(run_id)["results"] is None
    results = {
        "summary": {"capacity_gw": np.float64(1.8), "gpus": np.int64(1_200_000), "bad": float("nan"),
                    "big": np.float32(np.inf), "ok": np.bool_(True)},
        "draws": np.array([1.5, np.nan, -np.inf]),
        "horizon": ("2026Q1", "2035Q4"),
    }
    store.finish(run_id, results, seconds=np.float64(2.5))
    run = store.get(run_id)
    assert run["status"] == "done"
    assert run["results"] == {
        "summary": {"capacity_gw": 1.8, "gpus": 1_200_000, "bad": None, "big": None, "ok": True},
        "draws": [1.5, None, None],
        "horizon": ["2026Q1", "2035Q4"],
    }
    assert run["scenario_yaml"] == YAML
    assert run["scenario_hash"] == hashlib.sha256(YAML.encode()).hexdigest()
    assert (run["kind"], run["scenario_name"], run["seed"], run["draws"]) == ("mc", "demo", 7, 500)
    assert run["seconds"] == 2.5
    assert run["pid"] == os.getpid()
    assert run["started_at"] <= run["finished_at"] and run["finished_at"].endswith("+00:00")
    json.dumps(run)  # the API returns it as is


def test_list_newest_first_filters_and_prefix_lookup(store):
    assert store.list() == []  # a missing file reads as empty and is not created
    assert not store.path.exists()
    ids = [store.start(kind="run", scenario_name=f"s{i}", scenario_yaml=YAML) for i in range(3)]
    store.finish(ids[0], {"x": 1}, seconds=0.1)
    store.fail(ids[1], "ValueError: boom")
    listed = store.list()
    assert [r["id"] for r in listed] == ids[::-1]
    assert [r["status"] for r in listed] == ["running", "failed", "done"]
    assert "results" not in listed[0] and "scenario_yaml" not in listed[0]
    assert [r["id"] for r in store.list(limit=2)] == ids[:0:-1]
    assert [r["id"] for r in store.list(status="done")] == [ids[0]]
    assert [r["id"] for r in store.list(status="running")] == [ids[2]]
    assert store.get(ids[1])["error"] == "ValueError: boom"
    assert store.get(ids[0][:6])["id"] == ids[0]
    assert store.get(ids[0].upper())["id"] == ids[0]
    with pytest.raises(InputError, match="status"):
        store.list(status="finished")


def test_unknown_ambiguous_and_wrong_state_ids(store):
    run_id = store.start(kind="run", scenario_name="demo", scenario_yaml=YAML)
    with pytest.raises(LookupError, match=r"no run with id '000000000000'.*gigawatt runs"):
        store.get("000000000000")
    with pytest.raises(RunNotFoundError, match="not a run id"):
        store.get("../etc")
    with pytest.raises(RunNotFoundError, match="no run with id 'abc'"):
        store.finish("abc", {}, seconds=1)
    for _ in range(40):  # with enough runs, some pair shares a first hex digit
        store.start(kind="run", scenario_name="demo", scenario_yaml=YAML)
    firsts = [r["id"][0] for r in store.list(limit=100)]
    shared = next(c for c in firsts if firsts.count(c) > 1)
    with pytest.raises(RunNotFoundError, match="matches several runs"):
        store.get(shared)
    store.finish(run_id, {"a": 1}, seconds=1)
    with pytest.raises(RunStateError, match="already 'done'"):
        store.finish(run_id, {"a": 2}, seconds=1)
    with pytest.raises(LookupError):
        store.fail(run_id, "late")
    assert store.get(run_id)["results"] == {"a": 1}
    assert str(RunNotFoundError("plain")) == "plain"  # not quoted like a KeyError


def test_record_marks_done_failed_interrupted(store):
    kw = dict(kind="run", scenario_name="demo", scenario_yaml=YAML)
    with store.record(**kw) as run:
        run.finish({"capacity_gw": 1.8})
    done = store.get(run.id)
    assert done["status"] == "done" and done["seconds"] >= 0 and done["results"] == {"capacity_gw": 1.8}

    with pytest.raises(ZeroDivisionError):
        with store.record(**kw) as run:
            1 / 0
    failed = store.get(run.id)
    assert failed["status"] == "failed" and "ZeroDivisionError" in failed["error"]
    assert failed["results"] is None

    with pytest.raises(KeyboardInterrupt):
        with store.record(**kw) as run:
            raise KeyboardInterrupt
    assert _stored_status(store.path, run.id) == "interrupted"

    with store.record(**kw) as run:
        pass  # no finish(): must not read as done
    assert store.get(run.id)["status"] == "failed"
    assert store.get(run.id)["error"] == "run ended without results"

    with pytest.raises(RuntimeError):  # an error after finish() keeps the committed results
        with store.record(**kw) as run:
            run.finish({"x": 1}, seconds=3.0)
            raise RuntimeError("after")
    assert store.get(run.id)["status"] == "done" and store.get(run.id)["seconds"] == 3.0


def test_results_that_are_not_json_are_refused_before_writing(store):
    run_id = store.start(kind="run", scenario_name="demo", scenario_yaml=YAML)
    with pytest.raises(TypeError, match="object"):
        store.finish(run_id, {"x": object()}, seconds=1)
    assert store.get(run_id)["status"] == "running"
    assert to_jsonable({1: np.array([[1, 2]], dtype=np.int32)}) == {"1": [[1, 2]]}


def test_default_db_path_honours_env(monkeypatch, tmp_path):
    monkeypatch.setenv("GIGAWATT_DB", str(tmp_path / "env.duckdb"))
    assert default_db_path() == tmp_path / "env.duckdb"
    assert RunStore().path == tmp_path / "env.duckdb"
    monkeypatch.delenv("GIGAWATT_DB")
    import platformdirs

    assert default_db_path() == pathlib.Path(platformdirs.user_data_dir("gigawatt")) / "runs.duckdb"
    with pytest.raises(InputError, match="db"):
        RunStore(":memory:")


WRITER = """
    import sys, time
    from gigawatt.store import RunStore
    path, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
    time.sleep(max(0.0, go - time.time()))  # all writers start together
    store = RunStore(path)
    for i in range(n):
        run_id = store.start(kind="mc", scenario_name=f"{tag}-{i}", scenario_yaml=f"tag: {tag}\\n", seed=i)
        store.finish(run_id, {"tag": tag, "i": i}, seconds=0.0)
        print(run_id, flush=True)
"""


def test_concurrent_writers_in_separate_processes_lose_nothing(tmp_path):
    path = tmp_path / "runs.duckdb"
    go = time.time() + 1.5
    procs = [_python(WRITER, str(path), f"w{k}", "10", str(go)) for k in range(4)]
    printed = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        printed += out.split()
    runs = RunStore(path).list(limit=1000)
    assert len(printed) == 40 and sorted(r["id"] for r in runs) == sorted(printed)
    assert {r["status"] for r in runs} == {"done"}
    assert sorted(r["scenario_name"] for r in runs) == sorted(f"w{k}-{i}" for k in range(4) for i in range(10))
    one = RunStore(path).get(printed[0])
    assert one["results"]["tag"] == one["scenario_name"].split("-")[0]


def test_lock_held_too_long_gives_clear_error_then_succeeds(tmp_path):
    path = tmp_path / "runs.duckdb"
    RunStore(path).list()
    holder = _python(
        """
        import sys, time, duckdb
        con = duckdb.connect(sys.argv[1])
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
        con.close()
        """,
        str(path), "1.5",
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreBusyError, match="locked by another process"):
            RunStore(path, lock_timeout_s=0.3).start(kind="run", scenario_name="demo", scenario_yaml=YAML)
        run_id = RunStore(path).start(kind="run", scenario_name="demo", scenario_yaml=YAML)  # waits it out
    finally:
        holder.kill()
        holder.communicate()
    assert RunStore(path).get(run_id)["status"] == "running"


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)  # reaped, so its pid no longer exists


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL and pid checks are POSIX")
def test_writer_killed_mid_run_is_never_done(tmp_path):
    path = tmp_path / "runs.duckdb"
    proc = _python(
        """
        import sys, time
        from gigawatt.store import RunStore
        print(RunStore(sys.argv[1]).start(kind="mc", scenario_name="doomed", scenario_yaml="x: 1"), flush=True)
        time.sleep(60)
        """,
        str(path),
    )
    run_id = proc.stdout.readline().strip()
    store = RunStore(path)
    assert store.get(run_id)["status"] == "running"  # its process is alive
    _kill(proc)
    assert _stored_status(path, run_id) == "running"
    run = store.get(run_id)
    assert run["status"] == "interrupted" and run["results"] is None
    assert [r["id"] for r in store.list(status="interrupted")] == [run_id]
    assert store.list(status="running") == []
    with store.record(kind="run", scenario_name="after", scenario_yaml=YAML) as new:
        new.finish({"ok": 1})
    assert store.get(new.id)["status"] == "done"


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_writer_killed_before_commit_leaves_no_results(tmp_path):
    """Kill finish() between its UPDATE and COMMIT: neither status nor results may survive."""
    path = tmp_path / "runs.duckdb"
    proc = _python(
        """
        import sys, time, duckdb
        from gigawatt.store import RunStore
        store = RunStore(sys.argv[1])
        run_id = store.start(kind="run", scenario_name="doomed", scenario_yaml="x: 1")

        class StallAtCommit:  # the real connection, except the commit that writes results never comes
            def __init__(self, con): self.con, self.writes_results = con, False
            def __getattr__(self, name): return getattr(self.con, name)
            def execute(self, sql, *args):
                if any("capacity_gw" in str(a) for a in args):
                    self.writes_results = True
                if sql.strip().upper() == "COMMIT" and self.writes_results:
                    print(run_id, flush=True)
                    time.sleep(60)
                return self.con.execute(sql, *args)

        real = duckdb.connect
        duckdb.connect = lambda *a, **k: StallAtCommit(real(*a, **k))
        store.finish(run_id, {"capacity_gw": 1.8}, seconds=1.0)
        """,
        str(path),
    )
    run_id = proc.stdout.readline().strip()
    assert run_id, proc.stderr.read()
    _kill(proc)
    store = RunStore(path)
    run = store.get(run_id)  # the file opens again after the holder died
    assert _stored_status(path, run_id) == "running"
    assert run["status"] == "interrupted" and run["results"] is None and run["finished_at"] is None
    other = store.start(kind="run", scenario_name="after", scenario_yaml=YAML)
    store.finish(other, {"ok": True}, seconds=0.5)
    assert [r["status"] for r in store.list()] == ["done", "interrupted"]


# --- the path is checked before any work (exit 2 on the CLI, naming where it came from) ---------------------

def test_check_refuses_unusable_paths_naming_their_source(tmp_path, monkeypatch):
    (tmp_path / "afile").write_text("x")
    for path, words in ((tmp_path, "is a folder"), (tmp_path / "afile" / "runs.duckdb", "is not a folder"),
                        (os.devnull, "not a regular file")):
        with pytest.raises(InputError) as e:
            RunStore(path).check()
        assert e.value.path == "--db" and words in e.value.message, e.value
    with pytest.raises(InputError, match=":memory:"):
        RunStore(":memory:")
    monkeypatch.setenv("GIGAWATT_DB", ":memory:")
    with pytest.raises(InputError) as e:
        RunStore()
    assert e.value.path == "GIGAWATT_DB"
    monkeypatch.setenv("GIGAWATT_DB", str(tmp_path))
    with pytest.raises(InputError) as e:
        RunStore().check()
    assert e.value.path == "GIGAWATT_DB"
    monkeypatch.delenv("GIGAWATT_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "afile"))
    with pytest.raises(InputError) as e:
        RunStore().check()
    assert e.value.path == "XDG_DATA_HOME" and "is not a folder" in e.value.message


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_check_refuses_a_read_only_folder(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        with pytest.raises(InputError, match="cannot write in folder"):
            RunStore(ro / "runs.duckdb").check()
    finally:
        ro.chmod(0o755)


def test_check_makes_the_folder_and_a_usable_store_passes(tmp_path):
    s = RunStore(tmp_path / "a" / "b" / "runs.duckdb").check()
    assert (tmp_path / "a" / "b").is_dir() and not s.path.exists()  # nothing written but the folder
