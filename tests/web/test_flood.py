"""The job flood of benchmarks/flood_jobs.py, small enough for CI: a loopback server flooded with Monte Carlo
jobs answers only 200 or 429 (never 5xx or a dropped connection), keeps its threads bounded, and still answers
/api/meta. No timing is asserted (the benchmark prints latencies)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "benchmarks" / "flood_jobs.py"


def test_a_short_flood_gets_200_or_429_only_and_bounded_threads():
    spec = importlib.util.spec_from_file_location("flood_jobs", SCRIPT)
    flood = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(flood)
    report = flood.main(seconds=3, clients=6, draws=1000, after_s=1)
    assert set(report["status_codes"]) <= {"200", "429"}, report
    assert report["status_codes"].get("429", 0) > 0, report  # one peer address: its cap shows
    # 6 clients + 1 probe + the server's loop, pools (<= 40 + 4) and 2 job slots: never one thread per job
    assert report["threads_peak"] <= 60, report
    assert report["meta_during"]["n"] > 0 and report["meta_after"]["n"] > 0
    assert "running" not in report["jobs_after"] or report["jobs_after"]["running"] <= 2
