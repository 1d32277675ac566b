"""The red-team corpus against the API (issue 22): every case in tests/bad_inputs/api.jsonl is answered 422 in the
one error shape, naming the field, never 500. One JSON object a line: ``id``, ``route``, the request ``body`` (or
``raw`` text, for what JSON encoders will not write: NaN, 1e400, a key given twice), the ``field`` and words the
message must contain (``expect``)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

from gigawatt.web import app as webapp
from test_api_robustness import _shape  # the one error shape: {detail, field, message}

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

CASES = [json.loads(line) for line in
         (Path(__file__).parents[1] / "bad_inputs" / "api.jsonl").read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with TestClient(webapp.create_app(tmp_path_factory.mktemp("api-bad") / "runs.duckdb"),
                    base_url="http://127.0.0.1", raise_server_exceptions=False) as c:
        yield c


def test_the_api_corpus_is_large_and_well_formed():
    assert len(CASES) >= 25 and len({c["id"] for c in CASES}) == len(CASES)
    for c in CASES:
        assert set(c) == {"id", "route", "field", "expect", "body" if "body" in c else "raw"}, c["id"]


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input_is_422_naming_the_field(client, case):
    if "raw" in case:
        r = client.post(case["route"], content=case["raw"].encode(), headers={"content-type": "application/json"})
    else:
        r = client.post(case["route"], json=case["body"])
    body = _shape(r, 422, case["field"])
    assert case["expect"] in body["message"], body["message"]
    assert "Traceback" not in r.text and "\n" not in body["detail"]
