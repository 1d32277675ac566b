"""A server one client cannot starve (issue 22): background jobs queue, bounded per server and per client, take
their memory and thread only when they start; finished jobs are evicted while long ones run; a job is cancelled
by DELETE or when a waiting client leaves; power solves run one at a time, reached from any route, inside the
same budget; /api/meta answers from its own pool."""

from __future__ import annotations

import threading
import time
import warnings

import pytest

from gigawatt.web import app as webapp
from gigawatt.web import jobs, limits

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1"
MB = 1024**2


def _gated(gate: threading.Event, result=None):
    def work(progress):
        while not gate.wait(0.01):
            progress(0)  # a chunk boundary: where a cancelled job stops
        return result or {"ok": True}
    return work


@pytest.fixture()
def gate():
    g = threading.Event()
    yield g
    g.set()


def test_jobs_beyond_the_slots_queue_without_threads_or_budget(gate):
    j = jobs.Jobs(budget=100 * MB, slots=2, max_queued=8, per_client=8)
    before = threading.active_count()
    ids = [j.start(_gated(gate), 10, 10 * MB, client=f"c{n}") for n in range(5)]
    assert [j.get(i)["status"] for i in ids] == ["running"] * 2 + ["queued"] * 3
    assert threading.active_count() - before == 2  # queued jobs hold no thread
    assert j.in_use() == 20 * MB  # ...and no budget
    assert j.get(ids[2])["status_text"].startswith("queued")
    gate.set()
    for i in ids:
        j.ended(i).wait(10)
    assert [j.get(i)["status"] for i in ids] == ["done"] * 5 and j.in_use() == 0


def test_queue_is_bounded_per_server_and_per_client(gate):
    j = jobs.Jobs(budget=100 * MB, slots=1, max_queued=3, per_client=2)
    j.start(_gated(gate), 10, MB, client="a")
    j.start(_gated(gate), 10, MB, client="a")
    with pytest.raises(jobs.Busy, match="this client already has 2 Monte Carlo jobs"):
        j.start(_gated(gate), 10, MB, client="a")
    j.start(_gated(gate), 10, MB, client="b")
    j.start(_gated(gate), 10, MB, client="c")
    with pytest.raises(jobs.Busy, match="3 Monte Carlo jobs are already waiting"):
        j.start(_gated(gate), 10, MB, client="d")


def test_a_queued_job_waits_for_memory_not_only_slots(gate):
    j = jobs.Jobs(budget=30 * MB, slots=4, max_queued=4, per_client=4)
    first = j.start(_gated(gate), 10, 20 * MB)
    second = j.start(_gated(gate), 10, 20 * MB)
    assert (j.get(first)["status"], j.get(second)["status"]) == ("running", "queued")
    gate.set()
    j.ended(second).wait(10)
    assert j.get(second)["status"] == "done"


def test_finished_jobs_are_evicted_while_a_long_one_runs(gate, monkeypatch):
    monkeypatch.setattr(jobs, "KEPT_JOBS", 3)
    j = jobs.Jobs(budget=100 * MB, slots=2, max_queued=8, per_client=100)
    long = j.start(_gated(gate), 10, MB)  # the oldest, still running
    done = []
    for _ in range(6):
        i = j.start(lambda progress: {"ok": True}, 10, MB)
        j.ended(i).wait(10)
        done.append(i)
    kept = [i for i in done if i in j._jobs]
    assert kept == done[-3:] and j.get(long)["status"] == "running"
    with pytest.raises(jobs.RunNotFoundError, match="kept 10 minutes"):
        j.get(done[0])


def test_cancel_stops_a_running_job_and_drops_a_queued_one(gate):
    j = jobs.Jobs(budget=100 * MB, slots=1, max_queued=8, per_client=8)
    running = j.start(_gated(gate), 10, MB)
    queued = j.start(_gated(gate), 10, MB)
    assert j.cancel(queued)["status"] == "cancelled"
    j.cancel(running)
    assert j.ended(running).wait(10)
    assert j.get(running)["status"] == "cancelled" and j.in_use() == 0
    with pytest.raises(jobs.Unavailable, match="cancelled"):
        j.wait(running)


def test_power_holds_one_at_a_time_and_hold_nothing_while_refused(gate):
    j = jobs.Jobs(budget=10 * limits.POWER_BYTES, slots=4, hold_wait_s=0)
    with j.hold(limits.POWER_BYTES, "a power solve", field="scenario", kind="power"):
        with pytest.raises(jobs.Busy, match="already running on this server"):
            with j.hold(limits.POWER_BYTES, "a power solve", field="scenario", kind="power"):
                pass
        assert j.in_use() == limits.POWER_BYTES  # the refused one took nothing
    assert j.in_use() == 0


def test_a_held_request_waits_for_a_slot_that_frees_and_a_flood_does_not_wait():
    """A page reloaded while its panels' requests still run: the new request waits for the slot (holding nothing)
    and runs when it frees; beyond HOLD_WAITERS waiting, the next is refused at once."""
    j = jobs.Jobs(budget=100 * MB, slots=1, hold_wait_s=20)
    got, started = [], threading.Event()

    def second():
        started.set()
        with j.hold(MB, "a capital stack run", kind="capital"):
            got.append(j.in_use())

    with j.hold(MB, "a capital stack run", kind="capital"):
        waiters = [threading.Thread(target=second) for _ in range(limits.HOLD_WAITERS)]
        for t in waiters:
            t.start()
        started.wait(5)
        deadline = time.monotonic() + 5
        while sum(j._waiting.values()) < limits.HOLD_WAITERS and time.monotonic() < deadline:
            time.sleep(0.01)
        assert j.in_use() == MB  # the waiters hold nothing
        t0 = time.monotonic()
        with pytest.raises(jobs.Busy, match="try again"):  # one more than may wait: refused at once
            with j.hold(MB, "a capital stack run", kind="capital"):
                pass
        assert time.monotonic() - t0 < 1
    for t in waiters:
        t.join(20)
    assert got == [MB] * limits.HOLD_WAITERS and j.in_use() == 0


def test_holds_take_slots_and_queued_jobs_start_when_a_hold_ends(gate):
    j = jobs.Jobs(budget=100 * MB, slots=1, max_queued=4, per_client=4)
    with j.hold(MB, "a claims check", kind="claims"):
        waiting = j.start(_gated(gate), 10, MB)
        assert j.get(waiting)["status"] == "queued"
    assert j.get(waiting)["status"] == "running"


@pytest.fixture()
def client(tmp_path):
    with TestClient(webapp.create_app(tmp_path / "runs.duckdb"), base_url=BASE,
                    raise_server_exceptions=False) as c:
        yield c


def test_api_flood_from_one_client_gets_429_naming_the_cap(client, gate, monkeypatch):
    monkeypatch.setattr(jobs, "run_mc", lambda *a, **k: (gate.wait(30), {})[1])
    codes = [client.post("/api/mc/jobs", json={"draws": 100, "save": False}).status_code
             for _ in range(limits.MAX_CLIENT_JOBS + 2)]
    assert codes == [200] * limits.MAX_CLIENT_JOBS + [429, 429]
    r = client.post("/api/mc/jobs", json={"draws": 100, "save": False})
    assert "this client already has" in r.json()["detail"]
    assert client.get("/api/meta").status_code == 200  # cheap routes still answer
    assert client.get("/api/meta").json()["limits"]["max_client_jobs"] == limits.MAX_CLIENT_JOBS


def test_api_delete_cancels_a_job(client, gate, monkeypatch):
    monkeypatch.setattr(jobs, "run_mc", lambda *a, **k: (gate.wait(30), {})[1])
    ids = [client.post("/api/mc/jobs", json={"draws": 100, "save": False}).json()["job_id"] for _ in range(3)]
    assert client.get(f"/api/mc/jobs/{ids[2]}").json()["status"] == "queued"
    assert client.delete(f"/api/mc/jobs/{ids[2]}").json()["status"] == "cancelled"
    assert client.delete("/api/mc/jobs/nosuchjob").status_code == 404


def test_optimised_supply_run_holds_the_power_slot(client):
    """/api/run of an optimised-supply scenario is refused at once while a power solve runs (not run beside it)."""
    body = {"scenario": "cheyenne-wy-10gw", "overrides": {"energy.supply": "optimised"}}
    client.app.state.jobs.hold_wait_s = 0  # the refusal itself; waiting for a slot is tested above
    with client.app.state.jobs.hold(limits.POWER_BYTES, "a power solve", field="scenario", kind="power"):
        for route in ("/api/run", "/api/tornado", "/api/mc"):
            extra = {"/api/run": {"save": False}, "/api/mc": {"save": False, "draws": 1000}}.get(route, {})
            r = client.post(route, json={**body, **extra})
            assert r.status_code == 429 and r.json()["field"] == "scenario", r.text[:300]
            assert "power solve" in r.json()["detail"] or "slots" in r.json()["detail"], (route, r.text[:300])
    assert client.app.state.jobs.in_use() == 0
