"""`gigawatt runs`, `gigawatt runs show ID` and `gigawatt serve --help`, run as subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

GIGAWATT = [str(Path(sys.executable).with_name("gigawatt"))]


def _cli(*args, db: Path, env_db: bool = False):
    env = {k: v for k, v in os.environ.items() if k != "GIGAWATT_DB"}
    if env_db:
        env["GIGAWATT_DB"] = str(db)
        extra = []
    else:
        extra = ["--db", str(db)]
    return subprocess.run(GIGAWATT + list(args) + extra, capture_output=True, text=True, env=env, timeout=120)


def test_runs_lists_saved_runs_and_shows_one(tmp_path):
    db = tmp_path / "runs.duckdb"
    empty = _cli("runs", "--json", db=db)
    assert empty.returncode == 0 and json.loads(empty.stdout) == []
    assert "no saved runs" in _cli("runs", db=db).stdout

    saved = _cli("run", "openai-nvidia-10gw", "--save", "--json", "--set", "facility.pue=1.3", db=db)
    assert saved.returncode == 0, saved.stderr
    run_id = json.loads(saved.stdout)["run_id"]

    listed = json.loads(_cli("runs", "--json", db=db).stdout)
    assert [r["id"] for r in listed] == [run_id]
    assert listed[0]["status"] == "done" and listed[0]["kind"] == "run"
    table = _cli("runs", db=db, env_db=True)
    assert table.returncode == 0 and run_id in table.stdout and "openai-nvidia-10gw" in table.stdout

    shown = _cli("runs", "show", run_id[:6], "--json", db=db)
    assert shown.returncode == 0, shown.stderr
    run = json.loads(shown.stdout)
    assert run["id"] == run_id and "pue: 1.3" in run["scenario_yaml"]
    assert run["results"]["summary"]["capacity_gw"] == 10.0

    text = _cli("runs", "show", run_id, db=db)
    assert "status done" in text.stdout and "Headline at full build" in text.stdout
    yaml_only = _cli("runs", "show", run_id, "--yaml", db=db)
    assert yaml_only.stdout == run["scenario_yaml"]


def test_runs_bad_input_exits_2_with_one_line(tmp_path):
    db = tmp_path / "runs.duckdb"
    r = _cli("runs", "show", "not-hex", db=db)
    assert r.returncode == 2
    assert "is not a run id" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = _cli("runs", "--status", "bogus", db=db)
    assert r.returncode == 2 and "status" in r.stderr


def test_serve_help_names_the_defaults():
    r = subprocess.run(GIGAWATT + ["serve", "--help"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0
    assert "127.0.0.1" in r.stdout and "8000" in r.stdout and "--db" in r.stdout


def test_mc_save_records_a_done_run_with_its_statistics(tmp_path):
    db = tmp_path / "runs.duckdb"
    saved = _cli("mc", "--draws", "2048", "--seed", "4", "--save", "--json", db=db)
    assert saved.returncode == 0, saved.stderr
    out = json.loads(saved.stdout)
    run = json.loads(_cli("runs", "show", out["run_id"], "--json", db=db).stdout)
    assert run["status"] == "done" and run["kind"] == "mc" and run["draws"] == 2048 and run["seed"] == 4
    assert run["results"]["probabilities"] == out["probabilities"]
