"""Query strings: a GET route answers 422 for a query parameter it does not take (never silently ignored)."""

from __future__ import annotations

from fastapi import Request

from gigawatt.errors import InputError, show


def _taken(route) -> list[str]:
    """The query parameters of a route and its dependencies (FastAPI's Dependant tree, walked here)."""
    names: list[str] = []
    todo = [getattr(route, "dependant", None)]
    while todo:
        dependant = todo.pop()
        if dependant is None:
            continue
        names += [p.alias for p in getattr(dependant, "query_params", ()) if p.alias not in names]
        todo += list(getattr(dependant, "dependencies", ()))
    return names


def known_query(request: Request) -> None:
    """InputError (422) naming the first query parameter the matched GET route does not take."""
    if request.method not in ("GET", "HEAD") or not request.url.query:
        return
    if not request.url.path.startswith("/api/"):  # pages (the dashboard keeps its state in its own query)
        return
    taken = _taken(request.scope.get("route"))
    for name in request.query_params.keys():
        if name not in taken:
            shown = show(name[:60]) if name.isprintable() else "(unprintable)"
            allowed = f"allowed: {', '.join(taken)}" if taken else "it takes none"
            raise InputError(name[:60] if name.isprintable() and name else "query",
                             f"{shown} is not a query parameter of GET {request.url.path[:80]}; {allowed}")
