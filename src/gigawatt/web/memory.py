"""Memory of the server: what a MemoryError answers, and handing freed memory back after heavy work.

A request that runs out of memory (under an address-space limit, or beside other heavy requests) answers 503
with :data:`OUT_OF_MEMORY`, never 500; after it, and after every Monte Carlo job, power solve and claims check,
:func:`release` collects cycles and returns glibc's free arenas to the system (``malloc_trim``), so a server
that once ran a large job does not keep its peak RSS.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc

OUT_OF_MEMORY = ("the server is out of memory; retry with fewer draws (or when other runs end), "
                 "or run `gigawatt mc` locally")

# What a request that takes no draws is told, by route: the same thing done on the caller's own machine.
LOCAL_COMMAND = {"/api/claims": "gigawatt claims", "/api/power": "gigawatt power", "/api/sites": "gigawatt sites",
                 "/api/run": "gigawatt run", "/api/capital": "gigawatt capital", "/api/tornado": "gigawatt sensitivity"}
TAKES_DRAWS = ("/api/mc", "/api/capital")


def out_of_memory_message(path: str = "") -> str:
    """The 503 message for a request to ``path`` that ran out of memory: fewer draws only where it takes draws."""
    if not path or path.startswith(TAKES_DRAWS):
        return OUT_OF_MEMORY
    route = next((r for r in LOCAL_COMMAND if path == r or path.startswith(r + "/")), None)
    local = f", or run `{LOCAL_COMMAND[route]}` locally" if route else ""
    return f"the server is out of memory; retry when other requests end{local}"


@functools.cache
def _libc():
    """glibc, for ``malloc_trim`` (None elsewhere: musl, macOS, Windows)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # noqa: B018 - glibc only
    except (OSError, AttributeError):
        return None
    return libc


def release() -> None:
    """Collect garbage and give free heap memory back to the system where the C library can."""
    gc.collect()
    libc = _libc()
    if libc is not None:
        try:
            libc.malloc_trim(0)
        except OSError:  # pragma: no cover - a libc without a working malloc_trim
            pass
