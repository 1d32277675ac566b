"""Which optional parts of gigawatt this server build has (``GET /api/meta``'s ``features``)."""

from __future__ import annotations

import importlib.util

from gigawatt.web.errors import Unavailable

NAMES = {"montecarlo": "Monte Carlo", "claims": "claims checking"}


def has(module: str) -> bool:
    """True when ``gigawatt.<module>`` can be imported (looked up, not imported)."""
    try:
        return importlib.util.find_spec(f"gigawatt.{module}") is not None
    except (ImportError, ValueError):
        return False


def need(module: str) -> None:
    """Unavailable (503) unless this build has ``gigawatt.<module>``."""
    if not has(module):
        raise Unavailable(f"{NAMES.get(module, module)} is not available in this build of gigawatt")


def available() -> dict[str, bool]:
    return {name: has(name) for name in NAMES}
