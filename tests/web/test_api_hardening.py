"""The API against an attacker and a careless caller (issue 14): no file read, one error shape, bounds that
match the engine, a Host allow-list, deadlines on slow connections, Monte Carlo memory admitted by estimate."""

from __future__ import annotations

import json
import socket
import threading
import time
import warnings

import pytest

from gigawatt.montecarlo.plan import FLOATS_PER_CELL, FLOATS_PER_PHASE_CELL

from gigawatt.scenario import load_scenario
from gigawatt.web import app as webapp
from gigawatt.web import jobs, limits
from gigawatt.web.middleware import host_name, json_depth
from test_api_robustness import _shape  # the one error shape: {detail, field, message}

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

BASE = "http://127.0.0.1"
DEFAULT = "openai-nvidia-10gw"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(webapp.create_app(tmp_path_factory.mktemp("hard") / "runs.duckdb"), base_url=BASE,
                    raise_server_exceptions=False) as c:
        yield c


# --- requests never name files --------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["/etc/passwd", "/dev/zero", "/proc/self/environ", "../../etc/passwd",
                                    "/nonexistent/file.yaml", __file__])
def test_include_of_a_file_is_refused_unread(client, target):
    text = f"name: m\ninclude: [{json.dumps(target)}]\n"
    t0 = time.perf_counter()
    r = client.post("/api/run", json={"scenario_text": text})
    assert time.perf_counter() - t0 < 2  # /dev/zero is never opened (it would fill the memory)
    body = _shape(r, 422, "include[0]")
    assert "built-in scenarios only" in body["message"]
    assert "root:" not in r.text and "import" not in r.text  # no file content quoted
    for leak in ("does not exist", "no such file", "permission", "directory", "not a regular file"):
        assert leak not in r.text.lower()  # nor whether the path exists


def test_refusal_is_the_same_whether_or_not_the_file_exists(client):
    def message(path):
        r = client.post("/api/run", json={"scenario_text": f"name: m\ninclude: [{path}]"})
        return r.json()["message"].replace(path, "PATH")

    assert message("/etc/passwd") == message("/etc/no-such-file-here")


def test_nested_include_of_a_file_is_refused(client):
    text = "name: m\ninclude: [openai-amd-6gw, /etc/hostname]"
    _shape(client.post("/api/mc", json={"scenario_text": text, "draws": 10}), 422, "include[1]")


def test_builtin_includes_still_work(client):
    r = client.post("/api/run", json={"scenario_text": "name: mine\ninclude: [openai-amd-6gw, openai-broadcom-10gw]"})
    assert r.status_code == 200, r.text[:300]
    assert r.json()["parts"] == ["openai-amd-6gw", "openai-broadcom-10gw"]


# --- bodies that cannot be read: 422 in the one shape ------------------------------------------------------

def _post(client, data: bytes):
    return client.post("/api/run", content=data, headers={"content-type": "application/json"})


def test_invalid_utf8_is_422(client):
    body = _shape(_post(client, b'{"scenario": "\xff\xfe"}'), 422, "body")
    assert "UTF-8" in body["message"]


def test_json_nested_5000_deep_is_422(client):
    body = _shape(_post(client, b'{"overrides": ' + b"[" * 5000 + b"]" * 5000 + b"}"), 422, "body")
    assert f"deeper than {limits.MAX_JSON_DEPTH}" in body["message"]


def test_5000_digit_integer_is_422(client):
    body = _shape(_post(client, b'{"overrides": {"facility.pue": ' + b"9" * 5000 + b"}}"), 422, "body")
    assert "number" in body["message"]


@pytest.mark.parametrize("data", [b"{not json", b'{"scenario": }', b"[1, 2", b'{"a": 1,}'])
def test_malformed_body_names_the_body_not_a_position(client, data):
    body = _shape(_post(client, data), 422, "body")
    assert "not valid JSON" in body["message"]


def test_strings_are_not_numbers_nor_booleans(client):
    _shape(client.post("/api/mc", json={"draws": True}), 422, "draws")
    _shape(client.post("/api/mc", json={"draws": "10"}), 422, "draws")
    _shape(client.post("/api/run", json={"save": "yes"}), 422, "save")


def test_depth_scan_ignores_brackets_in_strings():
    assert json_depth('{"a": "[[[[", "b": [1, {"c": "\\"]"}]}') == 3


# --- the schema says what the engine takes ------------------------------------------------------------------

def test_openapi_bounds_match_the_engine(client):
    spec = client.get("/openapi.json").json()
    mc = spec["components"]["schemas"]["McRequest"]["properties"]
    assert (mc["seed"]["minimum"], mc["seed"]["maximum"]) == (0, 2**32 - 1)
    assert (mc["draws"]["minimum"], mc["draws"]["maximum"]) == (1, 200_000)
    body = _shape(client.post("/api/mc", json={"seed": 2**32}), 422, "seed")
    assert "2**32 - 1" in body["message"]
    _shape(client.post("/api/mc", json={"draws": 200_001}), 422, "draws")


def test_runs_status_422_matches_its_schema(client):
    spec = client.get("/openapi.json").json()
    op = spec["paths"]["/api/runs"]["get"]
    assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    status = next(p for p in op["parameters"] if p["name"] == "status")
    allowed = status["schema"]["anyOf"][0]["enum"]
    assert allowed == ["running", "done", "failed", "interrupted"]
    required = set(spec["components"]["schemas"]["ErrorBody"]["required"])
    for value in ("", "bogus", "DONE"):
        body = _shape(client.get(f"/api/runs?status={value}"), 422, "status")
        assert required <= set(body)
    assert "HTTPValidationError" not in spec["components"]["schemas"]  # no other error shape is promised


def test_examples_in_the_schema_are_valid_requests(client):
    """What /docs' "Try it out" sends by default (each schema's first example) is answered 200."""
    spec = client.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    for name, url in (("ScenarioRequest", "/api/scenario/yaml"), ("RunRequest", "/api/run"), ("McRequest", "/api/mc")):
        examples = schemas[name].get("examples", [])
        assert examples, name
        for example in examples:
            r = client.post(url, json=example)
            assert r.status_code == 200, (name, example, r.text[:200])
    name = next(p for p in spec["paths"]["/api/scenarios/{name}"]["get"]["parameters"] if p["name"] == "name")
    assert client.get(f"/api/scenarios/{name['schema']['examples'][0]}").status_code == 200


def test_unknown_paths_and_methods_answer_in_the_shape(client):
    _shape(client.get("/api/nothing-here"), 404, "path")
    _shape(client.delete("/api/run"), 405, "method")


# --- Host allow-list ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_loopback_hosts_are_answered(client, host):
    assert client.get("/api/meta", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "", "10.0.0.1"])
def test_other_hosts_get_400(client, host):
    body = _shape(client.get("/api/meta", headers={"host": host}), 400, "Host")
    assert "gigawatt serve --host" in body["message"]


def test_the_serve_host_is_allowed(tmp_path):
    from gigawatt.web.middleware import networks

    app = webapp.create_app(tmp_path / "r.duckdb", host="192.0.2.7", allow=networks(["192.0.2.0/24"]))
    with TestClient(app, base_url="http://192.0.2.7", client=("192.0.2.9", 50000),
                    raise_server_exceptions=False) as c:
        assert c.get("/api/meta").status_code == 200
        assert c.get("/api/meta", headers={"host": "evil.example"}).status_code == 400


def test_host_name_parsing():
    assert host_name("127.0.0.1:8000") == "127.0.0.1"
    assert host_name("[::1]:8000") == "[::1]"
    assert host_name("Example.COM") == "example.com"


# --- Monte Carlo memory: admitted by estimate --------------------------------------------------------------

def test_memory_estimate_pinned_by_hand():
    scn = load_scenario(DEFAULT)  # 10 phases, 40 quarters
    assert len(scn.phases()) == 10
    per_draw = 40 * (FLOATS_PER_CELL + FLOATS_PER_PHASE_CELL * 10) * 8  # 40 x 94 x 8 = 30,080 bytes
    assert jobs.bytes_per_draw(scn) == per_draw == 30_080
    sizing = jobs.estimate(scn, 100_000)
    assert (sizing.chunk, sizing.threads) == (8192, 2)
    assert sizing.bytes == 8192 * 30_080 * 2
    small = jobs.estimate(scn, 10)
    assert small.bytes == 10 * 30_080 * 2


def test_a_composite_counts_every_part():
    scn = load_scenario("openai-portfolio")
    parts = scn.part_scenarios
    cells = sum(FLOATS_PER_CELL + FLOATS_PER_PHASE_CELL * len(p.phases()) for p in parts)
    assert jobs.bytes_per_draw(scn) == 40 * cells * 8


def test_a_job_that_cannot_fit_is_422_before_any_work(client):
    huge = {"program.capacity_gw": 2000, "program.phase_gw": 1, "program.ramp_gw_per_year": 500,
            "horizon": ["2026Q1", "2065Q4"]}
    t0 = time.perf_counter()
    body = _shape(client.post("/api/mc", json={"overrides": huge, "draws": 20_000, "save": False}), 422, "scenario")
    assert time.perf_counter() - t0 < 5
    assert "budget" in body["message"]


def test_chunk_shrinks_to_fit_half_the_budget():
    scn = load_scenario(DEFAULT, {"program.capacity_gw": 500, "program.ramp_gw_per_year": 100})
    sizing = jobs.estimate(scn, 200_000)
    assert sizing.chunk % limits.SUB_BLOCK == 0 and sizing.chunk < limits.MAX_CHUNK
    assert sizing.bytes <= limits.MEMORY_BUDGET_BYTES // 2


# --- slow and idle connections are closed --------------------------------------------------------------------

@pytest.fixture()
def live(tmp_path):
    """A real uvicorn server with short deadlines (header 0.5 s, body 0.5 s)."""
    import uvicorn

    from gigawatt.web.server import DeadlineH11, config

    class Quick(DeadlineH11):
        header_timeout_s = 0.5

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    cfg = config(webapp.create_app(tmp_path / "r.duckdb", body_timeout_s=0.5), "127.0.0.1", port)
    assert cfg.timeout_keep_alive == limits.KEEP_ALIVE_S
    cfg.http = Quick
    srv = uvicorn.Server(cfg)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.02)
    yield port
    srv.should_exit = True
    thread.join(timeout=10)


def _read_all(sock) -> bytes:
    sock.settimeout(5)
    out = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return out
        out += chunk


def test_a_slow_request_head_is_closed(live):
    with socket.create_connection(("127.0.0.1", live)) as s:
        s.sendall(b"GET /api/meta HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the head never ends
        t0 = time.perf_counter()
        assert _read_all(s) == b""  # closed, unanswered
        assert time.perf_counter() - t0 < 3


def test_a_slow_body_gets_408(live):
    with socket.create_connection(("127.0.0.1", live)) as s:
        s.sendall(b"POST /api/run HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 100\r\n\r\n{\"scen")
        reply = _read_all(s)
    assert reply.startswith(b"HTTP/1.1 408")
    assert json.loads(reply.split(b"\r\n\r\n", 1)[1])["field"] == "body"


def test_a_prompt_request_is_answered(live):
    with socket.create_connection(("127.0.0.1", live)) as s:
        s.sendall(b"GET /api/scenarios HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        assert _read_all(s).startswith(b"HTTP/1.1 200")
