"""The one JSON encoder for model output: numpy scalars and arrays become JSON, NaN and ±inf become null.

orjson does the work (``OPT_SERIALIZE_NUMPY`` writes numpy arrays and scalars natively and writes non-finite
floats as null); :func:`_default` covers what orjson's numpy support leaves out (non-contiguous or object
arrays, pandas scalars). Keys that are Python ints, floats or dates are written as strings (orjson's
``OPT_NON_STR_KEYS``); numpy scalar keys are refused (TypeError), so key dicts by plain Python values.
"""

from __future__ import annotations

import math
from typing import Any


def _default(obj: Any) -> Any:
    """What orjson cannot write by itself, as something it can (it calls this, then writes the result)."""
    tolist = getattr(obj, "tolist", None)  # numpy arrays orjson refuses (strided, object, str dtype)
    if callable(tolist):
        return tolist()
    item = getattr(obj, "item", None)  # numpy/pandas scalars of other kinds
    if callable(item):
        return item()
    if isinstance(obj, (set, frozenset)):
        return sorted(obj, key=str)
    isoformat = getattr(obj, "isoformat", None)  # pandas Timestamp (a datetime subclass orjson leaves out)
    if callable(isoformat) and type(obj).__name__ == "Timestamp":
        return isoformat()
    if type(obj).__module__.startswith("pandas"):  # Period, Timedelta, NA, NaT (pandas is loaded: obj is one)
        import pandas as pd

        return None if pd.isna(obj) else str(obj)
    raise TypeError(f"{type(obj).__name__} is not JSON serializable")


def dumps_bytes(obj: Any, indent: bool = False) -> bytes:
    """``obj`` as UTF-8 JSON bytes; numpy values as plain numbers and lists, NaN and ±inf as null."""
    import orjson  # here, not at the top: `gigawatt run` imports the formatters and never writes JSON

    option = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(obj, default=_default, option=option)


def to_json(obj: Any, indent: bool = False) -> str:
    """``obj`` as a JSON string (see :func:`dumps_bytes`)."""
    return dumps_bytes(obj, indent=indent).decode()


def plain(obj: Any) -> Any:
    """``obj`` as plain Python that :mod:`json` can write: the value :func:`to_json` would write, read back.

    Tuples become lists, numpy scalars Python numbers, non-finite floats None, non-string keys strings."""
    if isinstance(obj, str) or obj is None or isinstance(obj, bool):
        return obj
    if isinstance(obj, float):  # the common scalar, without a round trip
        return float(obj) if math.isfinite(obj) else None
    import orjson

    return orjson.loads(dumps_bytes(obj))
