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
