"""Tests for gigawatt.present.encode: numpy scalars and arrays (1-D, 2-D, strided, float32) to JSON,
NaN and ±inf to null, and plain() as the value to_json writes."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from gigawatt import present

NAN, INF = float("nan"), float("inf")


def test_non_finite_floats_become_null():
    assert present.to_json({"a": NAN, "b": INF, "c": -INF, "d": 1.5}) == '{"a":null,"b":null,"c":null,"d":1.5}'
    assert present.to_json(np.float64("nan")) == "null"
    assert present.to_json(np.float32("inf")) == "null"


@pytest.mark.parametrize("value, text", [
    (np.float32(1.5), "1.5"), (np.float64(0.1), "0.1"), (np.int64(7), "7"), (np.int32(-3), "-3"),
    (np.bool_(True), "true"), (np.uint8(255), "255"), ((1, 2), "[1,2]"),
])
def test_numpy_scalars(value, text):
    assert present.to_json(value) == text


def test_arrays_one_and_two_dimensional():
    assert present.to_json(np.array([1.0, NAN, INF, -INF])) == "[1.0,null,null,null]"
    assert present.to_json(np.arange(6.0).reshape(2, 3)) == "[[0.0,1.0,2.0],[3.0,4.0,5.0]]"
    assert present.to_json(np.array([[1.0, NAN], [INF, 2.0]])) == "[[1.0,null],[null,2.0]]"
    assert present.to_json(np.arange(4).reshape(2, 2)) == "[[0,1],[2,3]]"
    assert present.to_json(np.array([0.5, NAN], dtype=np.float32)) == "[0.5,null]"


def test_arrays_orjson_leaves_out_go_through_the_fallback():
    # A transposed (non-contiguous) array, a strided slice, strings and float16.
    assert present.to_json(np.arange(6.0).reshape(2, 3).T) == "[[0.0,3.0],[1.0,4.0],[2.0,5.0]]"
    assert present.to_json(np.arange(6.0)[::2]) == "[0.0,2.0,4.0]"
    assert present.to_json(np.array(["a", "b"])) == '["a","b"]'
    assert present.to_json(np.array([1.5], dtype=np.float16)) == "[1.5]"


def test_pandas_scalars():
    assert present.to_json([pd.Timestamp("2026-07-01"), pd.Period("2026Q3"), pd.NaT, pd.NA]) == \
        '["2026-07-01T00:00:00","2026Q3",null,null]'


def test_int_keys_become_strings_and_unknown_objects_are_refused():
    assert present.to_json({2026: 1}) == '{"2026":1}'
    with pytest.raises(TypeError, match="not JSON serializable"):
        present.to_json(object())


def test_bytes_and_indent():
    assert present.dumps_bytes([1]) == b"[1]"
    assert present.to_json({"a": [1]}, indent=True) == '{\n  "a": [\n    1\n  ]\n}'


def test_plain_is_what_to_json_writes_read_back():
    obj = {"x": (1, np.float32(2.5), NAN), "y": np.array([[1, 2]]), "z": np.bool_(False), 3: "three"}
    out = present.plain(obj)
    assert out == {"x": [1, 2.5, None], "y": [[1, 2]], "z": False, "3": "three"}
    assert type(out["x"][1]) is float and type(out["y"][0][0]) is int
    assert json.dumps(out, allow_nan=False) == json.dumps(json.loads(present.to_json(obj)), allow_nan=False)
    assert present.plain(INF) is None and present.plain("s") == "s" and present.plain(None) is None
