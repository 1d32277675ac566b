"""Schema-driven fuzzing of the API (schemathesis): bounded examples, no 500, every error in the one shape.

Monte Carlo POSTs are left out here (each valid example would run up to 200,000 draws); their validation is
fuzzed by tests/web/test_api.py and their bounds are pinned by tests/web/test_hardening.py.
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from gigawatt.web.app import create_app  # noqa: E402

ERROR_KEYS = {"detail", "field", "message"}
EXAMPLES = 25  # per operation, valid and invalid requests mixed: the file runs in ~30 s on 2 cores


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    # schemathesis' ASGI client sends Host: testserver from peer "testclient"; the fuzz is of the routes, so the
    # requests are shown to the app as this machine's (the Host and peer checks have tests of their own)
    app = create_app(tmp_path_factory.mktemp("st") / "runs.duckdb")

    async def local(scope, receive, send):
        if scope["type"] == "http":
            headers = [(k, b"localhost") if k == b"host" else (k, v) for k, v in scope.get("headers", [])]
            scope = {**scope, "headers": headers, "client": ("127.0.0.1", 50000)}
        return await app(scope, receive, send)

    return schemathesis.openapi.from_asgi("/openapi.json", local).exclude(method="POST", path_regex="^/api/mc")


def _operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_every_operation_is_fuzzed(api_schema):
    names = {f"{op.method.upper()} {op.path}" for op in _operations(api_schema)}
    assert {"GET /api/meta", "POST /api/run", "GET /api/runs", "GET /api/runs/{run_id}",
            "POST /api/scenario/yaml", "GET /api/mc/jobs/{job_id}"} <= names


def test_no_500_and_one_error_shape(api_schema):
    seen: dict[str, set[int]] = {}
    for op in _operations(api_schema):
        if op.path == "/api/claims":  # no input; a 2 s computation: test_api.py checks it
            continue

        strategy = op.as_strategy() | op.as_strategy(schemathesis.GenerationMode.NEGATIVE)

        @given(case=strategy)
        @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case):
            response = case.call()
            seen.setdefault(f"{op.method.upper()} {op.path}", set()).add(response.status_code)
            assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
            if response.status_code >= 400:
                body = response.json()
                assert set(body) == ERROR_KEYS, body
                assert body["field"] and body["detail"] == f"{body['field']}: {body['message']}", body

        check()
    assert seen["POST /api/run"] & {200, 422}, seen
