"""`gigawatt run --save --label`, `runs rename`, `runs delete`, `runs rerun`: labels in the store, composites kept
whole (their included files hashed and re-run from the store alone), the work's duration, a save on a full disk."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

GIGAWATT = [str(Path(sys.executable).with_name("gigawatt"))]


def _cli(*args, db: Path, columns: int | None = None, **kw):
    env = {k: v for k, v in os.environ.items() if k != "GIGAWATT_DB"}
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run(GIGAWATT + list(args) + ["--db", str(db)], capture_output=True, text=True, env=env,
                          timeout=180, stdin=subprocess.DEVNULL, **kw)


def _json(*args, db: Path, **kw):
    r = _cli(*args, "--json", db=db, **kw)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_labels_live_in_the_store_renamed_and_deleted_from_the_cli(tmp_path):
    db = tmp_path / "runs.duckdb"
    saved = _cli("run", "--save", "--label", "base case", "--set", "facility.pue=1.3", db=db)
    assert saved.returncode == 0, saved.stderr
    assert "saved as run" in saved.stdout and "(base case)" in saved.stdout
    run_id = _json("runs", db=db)[0]["id"]
    assert _json("runs", db=db)[0]["label"] == "base case"
    table = _cli("runs", db=db, columns=80)
    assert "base case" in table.stdout and "unlabelled" not in table.stdout

    renamed = _cli("runs", "rename", run_id[:6], "PUE 1.3, independent view", db=db)
    assert renamed.returncode == 0 and "labelled 'PUE 1.3, independent view'" in renamed.stdout
    assert _json("runs", "show", run_id, db=db)["label"] == "PUE 1.3, independent view"
    assert "label: PUE 1.3, independent view" in _cli("runs", "show", run_id, db=db).stdout

    refused = _cli("runs", "delete", run_id, db=db)  # stdin is not a terminal: no silent delete
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "error: --yes: deleting run" in refused.stderr and "pass --yes" in refused.stderr
    gone = _cli("runs", "delete", run_id, "--yes", db=db)
    assert gone.returncode == 0 and f"deleted run {run_id} (PUE 1.3, independent view)" in gone.stdout
    assert _json("runs", db=db) == []
    again = _cli("runs", "delete", run_id, "--yes", db=db)
    assert again.returncode == 2 and "no run with id" in again.stderr


def test_bad_labels_and_ids_are_one_line_exit_2(tmp_path):
    db = tmp_path / "runs.duckdb"
    for args, text in [(("run", "--label", "x"), "error: --label: goes with --save"),
                       (("run", "--save", "--label", "a\x1bb"), "error: --label: holds the control character"),
                       (("run", "--save", "--label", "x" * 201), "error: --label: is 201 characters long"),
                       (("runs", "rename", "zz", "x"), "error: ID: 'zz' is not a run id"),
                       (("runs", "--limit", "5000"), "error: --limit: 5000 is outside 1..1000")]:
        r = _cli(*args, db=db)
        assert r.returncode == 2, (args, r.stderr)
        assert r.stderr.startswith(text) and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _json("runs", db=db) == []  # nothing was saved by the refused runs


def test_mc_save_keeps_its_label(tmp_path):
    db = tmp_path / "runs.duckdb"
    out = _json("mc", "--draws", "1024", "--save", "--label", "1k draws, seed 0", db=db)
    run = _json("runs", "show", out["run_id"], db=db)
    assert run["kind"] == "mc" and run["label"] == "1k draws, seed 0" and run["seconds"] > 0.005
    r = _cli("runs", "rerun", out["run_id"], db=db)
    assert r.returncode == 2 and "only deterministic runs are re-run here" in r.stderr


def test_runs_pages_through_the_history(tmp_path):
    db = tmp_path / "runs.duckdb"
    ids = [_json("run", "--save", "--label", f"run {i}", db=db)["run_id"] for i in range(3)]
    assert [r["id"] for r in _json("runs", "--limit", "2", db=db)] == ids[::-1][:2]
    assert [r["id"] for r in _json("runs", "--limit", "2", "--offset", "2", db=db)] == ids[:1]
    page = _cli("runs", "--limit", "2", db=db, columns=120)
    assert "runs 1–2 of 3; --offset for older ones." in page.stdout


def _composite(folder: Path, pue_b: float) -> Path:
    (folder / "parts").mkdir(parents=True, exist_ok=True)
    (folder / "parts" / "a.yaml").write_text("name: part-a\nprogram: {capacity_gw: 1, first_online: 2026Q4}\n")
    (folder / "parts" / "b.yaml").write_text(f"name: part-b\nprogram: {{capacity_gw: 2, first_online: 2027Q2}}\n"
                                             f"facility: {{pue: {pue_b}}}\n")
    top = folder / "both.yaml"
    top.write_text("name: both\ninclude: [parts/a.yaml, parts/b.yaml, openai-amd-6gw]\n"
                   "parts:\n  parts/a.yaml: {facility: {pue: 1.4}}\n")
    return top


def test_a_saved_composite_keeps_its_files_hashes_them_and_reruns_from_the_store_alone(tmp_path):
    db = tmp_path / "runs.duckdb"
    one = _json("run", str(_composite(tmp_path / "one", 1.3)), "--save", db=db)
    two = _json("run", str(_composite(tmp_path / "two", 1.5)), "--save", db=db)
    assert one["summary"]["it_power_gw"] != two["summary"]["it_power_gw"]
    first, second = (_json("runs", "show", r["run_id"], db=db) for r in (one, two))
    assert set(first["files"]) == {str((tmp_path / "one" / "parts" / n).resolve()) for n in ("a.yaml", "b.yaml")} | {
        "openai-amd-6gw"}
    assert "pue: 1.3" in first["files"][str((tmp_path / "one" / "parts" / "b.yaml").resolve())]
    # The top files are the same text but for their folder; the included files differ: so do the hashes.
    assert first["scenario_hash"] != second["scenario_hash"]
    same = _json("run", str(_composite(tmp_path / "one", 1.3)), "--save", db=db)
    assert _json("runs", "show", same["run_id"], db=db)["scenario_hash"] == first["scenario_hash"]

    for part in (tmp_path / "one" / "parts").iterdir():  # the files are gone: the store alone re-runs it
        part.unlink()
    (tmp_path / "one" / "both.yaml").unlink()
    report = _json("runs", "rerun", one["run_id"], db=db)
    assert report["files"] == 3 and report["differences"] == [] and report["equal"] == report["compared"] > 30
    text = _cli("runs", "rerun", one["run_id"], db=db)
    assert text.returncode == 0 and "from the store alone (3 included files)" in text.stdout


def test_a_view_file_is_kept_with_the_run_and_reruns_after_it_is_gone(tmp_path):
    import shutil

    db, views = tmp_path / "runs.duckdb", tmp_path / "views"
    views.mkdir()
    src = Path(__file__).resolve().parents[2] / "src" / "gigawatt" / "data" / "views" / "vendor.yaml"
    (views / "mine.yaml").write_text(src.read_text().replace("name: vendor", "name: mine", 1))
    saved = _cli("run", "openai-nvidia-10gw", "--view", str(views / "mine.yaml"), "--save", "--json", db=db)
    assert saved.returncode == 0, saved.stderr
    run = _json("runs", "show", json.loads(saved.stdout)["run_id"], db=db)
    assert list(run["files"]) == [str((views / "mine.yaml").resolve())]
    shutil.rmtree(views)
    report = _json("runs", "rerun", run["id"], db=db)
    assert report["files"] == 1 and report["differences"] == []
    assert "(1 included file)" in _cli("runs", "rerun", run["id"], db=db).stdout


def test_run_save_records_the_duration_of_the_work(tmp_path):
    db = tmp_path / "runs.duckdb"
    saved = _json("run", "openai-portfolio", "--save", db=db)
    run = _json("runs", "show", saved["run_id"], db=db)
    # a composite of several programs simulates in tens of ms; before, ~5 µs (the time to write the row) was kept
    assert run["seconds"] > 0.005
    assert run["finished_at"] > run["started_at"]


def _full_disk():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG) instead of killing
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_first_save_on_a_full_disk_is_one_line_exit_2_and_leaves_no_broken_file(tmp_path):
    db = tmp_path / "runs.duckdb"
    r = _cli("run", "--save", db=db, preexec_fn=_full_disk)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and r.stderr.startswith("error: --db: run history")
    assert "Traceback" not in r.stderr and not db.exists()
    assert _json("run", "--save", db=db)["run_id"]  # with room again the same path works
