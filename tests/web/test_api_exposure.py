"""Who can reach the server, and what its errors tell them (issue 22, "Nothing leaks"): on a wildcard bind a
remote peer naming ``Host: localhost`` is refused by its address; ``--allow`` lets a network in; the startup
line says who can reach what; errors name no path, PID or interpreter; HEAD is GET without a body; an
out-of-memory message speaks of draws only where the route takes draws."""

from __future__ import annotations

import ipaddress
import subprocess
import sys
import warnings

import pytest

from gigawatt.store import StoreError
from gigawatt.web import app as webapp
from gigawatt.web import memory, routes_claims
from gigawatt.web.errors import redact
from gigawatt.web.middleware import PeerCheck, networks
from gigawatt.web.server import reach
from test_api_robustness import _shape

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _client(tmp_path, host, peer, allow=()):
    app = webapp.create_app(tmp_path / "r.duckdb", host=host, allow=networks(allow))
    return TestClient(app, base_url="http://localhost", client=(peer, 50000), raise_server_exceptions=False)


@pytest.mark.parametrize("peer", ["192.0.2.9", "10.1.2.3", "2001:db8::5", "::ffff:192.0.2.9", "testclient"])
def test_wildcard_bind_refuses_a_remote_peer_that_names_localhost(tmp_path, peer):
    with _client(tmp_path, "0.0.0.0", peer) as c:
        body = _shape(c.get("/api/meta", headers={"host": "localhost"}), 403, "client")
        assert "this machine only" in body["message"] and "--allow" in body["message"]


@pytest.mark.parametrize("peer", ["127.0.0.1", "127.8.9.10", "::1"])
def test_wildcard_bind_answers_this_machine(tmp_path, peer):
    with _client(tmp_path, "0.0.0.0", peer) as c:
        assert c.get("/api/meta").status_code == 200


def test_allow_lets_a_network_in_and_no_other(tmp_path):
    with _client(tmp_path, "0.0.0.0", "192.168.1.7", allow=["192.168.1.0/24"]) as c:
        assert c.get("/api/meta", headers={"host": "192.168.1.2:8000"}).status_code == 200  # the server's IP
        assert c.get("/api/meta", headers={"host": "evil.example"}).status_code == 400  # rebinding: still refused
    with _client(tmp_path, "0.0.0.0", "192.168.2.7", allow=["192.168.1.0/24"]) as c:
        assert _shape(c.get("/api/meta"), 403, "client")["message"].count("192.168.1.0/24") == 1


def test_a_specific_bind_is_checked_by_peer_too(tmp_path):
    with _client(tmp_path, "192.0.2.7", "192.0.2.9") as c:
        assert c.get("/api/meta", headers={"host": "192.0.2.7"}).status_code == 403
    with _client(tmp_path, "192.0.2.7", "192.0.2.9", allow=["192.0.2.0/24"]) as c:
        assert c.get("/api/meta", headers={"host": "192.0.2.7"}).status_code == 200


def test_peer_check_unit():
    check = PeerCheck(None, networks(["10.0.0.0/8", "fd00::/8"]))
    assert [check.admits(p) for p in ("127.0.0.1", "::1", "10.9.9.9", "fd00::1", "::ffff:10.0.0.1")] == [True] * 5
    assert [check.admits(p) for p in ("11.0.0.1", "fe80::1", "", None, "localhost.evil")] == [False] * 5


@pytest.mark.parametrize("bad", ["10.0.0.0/33", "evil.example", "", "1.2.3"])
def test_allow_refuses_what_is_not_a_network(bad):
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match="--allow"):
        networks([bad])


def test_startup_line_says_who_can_reach_what():
    assert reach("127.0.0.1") == "answers this machine only (bound to loopback)"
    wide = reach("0.0.0.0")
    assert "from this machine only" in wide and "--allow NETWORK" in wide and "no authentication" in wide
    lan = reach("0.0.0.0", (ipaddress.ip_network("192.168.1.0/24"),))
    assert "this machine, 192.168.1.0/24 only" in lan and "any IP address" in lan and "--allow" not in lan


def test_serve_cli_refuses_allow_on_loopback_and_bad_networks():
    from pathlib import Path

    run = [str(Path(sys.executable).with_name("gigawatt")), "serve", "--port", "0"]
    for extra, needle in ((["--allow", "10.0.0.0/8"], "no effect on a loopback bind"),
                          (["--host", "0.0.0.0", "--allow", "nope"], "is not an IP address or network")):
        out = subprocess.run(run + extra, capture_output=True, text=True, timeout=60)
        assert out.returncode == 2 and needle in out.stderr and "Traceback" not in out.stderr


# --- errors name no path, PID or interpreter -----------------------------------------------------------------

LOCKED = ('run history /home/ana/.local/share/gigawatt/runs.duckdb stayed locked by another process for 5 s: '
          'IO Error: Could not set lock on file "/home/ana/.local/share/gigawatt/runs.duckdb": Conflicting lock '
          'is held in /usr/bin/python3.12 (PID 4242) by user ana. See also https://duckdb.org/docs/connect')


def test_redact_removes_paths_pids_users_links():
    out = redact(LOCKED)
    for leak in ("/home", "ana", "python3", "4242", "PID", "duckdb.org", ".duckdb"):
        assert leak not in out, out
    assert out.startswith("the run history stayed locked by another process for 5 s")
    assert redact("no run with id 'x' in /tmp/r.duckdb (see `gigawatt runs`)") == \
        "no run with id 'x' (see `gigawatt runs`)"


def test_store_errors_reach_the_caller_redacted(tmp_path, monkeypatch):
    from gigawatt.store import RunStore

    with TestClient(webapp.create_app(tmp_path / "runs.duckdb"), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        r = c.get("/api/runs/nope")
        assert r.status_code == 404 and str(tmp_path) not in r.text and "duckdb" not in r.text

        def locked(*a, **k):
            raise StoreError(LOCKED)

        monkeypatch.setattr(RunStore, "list", locked)  # GET /api/runs reads through RunStore.list
        r = c.get("/api/runs")
        body = _shape(r, 503, "db")
        assert "/home" not in r.text and "4242" not in r.text and "python3" not in r.text
        assert "details on the server's terminal" in body["message"]


# --- HEAD, and what an out-of-memory answer says ---------------------------------------------------------------

def test_head_is_get_without_a_body(tmp_path):
    with TestClient(webapp.create_app(tmp_path / "r.duckdb"), base_url="http://127.0.0.1") as c:
        for path in ("/", "/api/meta", "/api/scenarios"):
            got, head = c.get(path), c.head(path)
            assert head.status_code == 200 == got.status_code, path
            assert head.content == b"" and head.headers["content-type"] == got.headers["content-type"]
        assert c.head("/api/nope").status_code == 404


def test_out_of_memory_speaks_of_draws_only_where_a_route_takes_them(tmp_path, monkeypatch):
    from gigawatt import claims

    assert "fewer draws" in memory.out_of_memory_message("/api/mc/jobs")
    said = memory.out_of_memory_message("/api/claims")
    assert "draws" not in said and "`gigawatt claims` locally" in said

    def oom(*a, **k):
        raise MemoryError

    monkeypatch.setattr(claims, "check_claims_json", oom)
    monkeypatch.setattr(routes_claims, "_checked", routes_claims.OrderedDict())
    with TestClient(webapp.create_app(tmp_path / "r.duckdb"), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        body = _shape(c.get("/api/claims", params={"as_of": "2025-10-01"}), 503, "server")
        assert "draws" not in body["message"] and "gigawatt claims" in body["message"]


def test_allow_everyone_is_said_as_such():
    line = reach("0.0.0.0", networks(["0.0.0.0/0"]))
    assert "EVERY address" in line and "no authentication" in line


def test_405_names_the_allowed_methods(tmp_path):
    with TestClient(webapp.create_app(tmp_path / "r.duckdb"), base_url="http://127.0.0.1",
                    raise_server_exceptions=False) as c:
        r = c.get("/api/capital")
        assert r.status_code == 405 and "POST" in r.headers.get("allow", "")


def test_redact_leaves_escaped_text_alone():
    assert redact("'\\x00' is not a run id") == "'\\x00' is not a run id"
    assert "Users" not in redact("run history C:\\Users\\ana\\r.duckdb: boom")
