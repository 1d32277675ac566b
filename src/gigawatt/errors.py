"""The one error type for bad input.

Every rejection of user input (scenario files, overrides, distributions, CLI and API arguments) raises
:class:`InputError` with the path of the offending field, so that the CLI can print one line and exit 2
and the API can answer 422 with the same text.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad user input at ``path`` (dotted, e.g. ``facility.pue``), with a message saying what is allowed."""

    def __init__(self, path: str, message: str):
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)


def show(value: object) -> str:
    """Short printable form of a user-given value for error messages."""
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


_BOUND_WORDS = {"gt": "greater than", "ge": "greater than or equal to", "lt": "less than",
                "le": "less than or equal to"}


def number(x: float) -> str:
    """A bound as people write it: 10,000, 0.001, 1e8."""
    x = float(x)
    if x == 0 or 1e-3 <= abs(x) < 1e6:
        return f"{x:,g}"
    return f"{x:.3g}".replace("e+0", "e").replace("e+", "e").replace("e-0", "e-")


def bound_text(ctx: dict | None) -> str | None:
    """"must be at least 1e8" from a pydantic error's context with one numeric bound, else None."""
    bounds = {k: v for k, v in (ctx or {}).items() if k in _BOUND_WORDS}
    if len(bounds) != 1:
        return None
    (kind, bound), = bounds.items()
    return f"must be {_BOUND_WORDS[kind]} {number(bound)}"
