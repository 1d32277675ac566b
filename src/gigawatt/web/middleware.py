"""ASGI middleware: who may call, the Host allow-list, HEAD, and the request body's size, deadline and JSON.

They run before FastAPI sees a request, so what they refuse never reaches a route:

* :class:`PeerCheck`: on a bind other than loopback, a peer (the TCP client's address) outside this machine and
  the ``--allow`` networks gets 403, whatever Host it names (a remote client sending ``Host: localhost`` is
  still remote).
* :class:`HeadAsGet`: ``HEAD`` is answered as ``GET`` without the body (FastAPI would answer 405).
* :class:`HostCheck`: a ``Host`` header outside the allow-list (loopback names and the ``--host`` given) gets
  400. A page on another origin that rebinds its DNS name to 127.0.0.1 sends its own name as Host.
* :class:`BodyGuard`: a body above the limit gets 413, declared or streamed; a body not received within
  :data:`~gigawatt.web.limits.BODY_TIMEOUT_S` gets 408; a JSON body that is not UTF-8, nests deeper than
  :data:`~gigawatt.web.limits.MAX_JSON_DEPTH`, holds an integer too long to read or repeats a key in an object
  gets 422, in the one error shape (FastAPI would answer 400 outside it, or keep the last of a repeated key).
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import time

from gigawatt.errors import show
from gigawatt.web.errors import send_error
from gigawatt.web.limits import BODY_TIMEOUT_S, LOOPBACK_HOSTS, MAX_BODY_BYTES, MAX_JSON_DEPTH


def host_name(header: str) -> str:
    """``127.0.0.1:8000`` -> ``127.0.0.1``; ``[::1]:8000`` -> ``[::1]``; lower case."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[: h.find("]") + 1] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


def allowed_hosts(extra: str | None = None) -> frozenset[str]:
    """The loopback names, and ``extra`` (the address ``gigawatt serve --host`` binds) in both spellings."""
    names = set(LOOPBACK_HOSTS)
    if extra and extra not in ("0.0.0.0", "::"):  # a wildcard bind names no host
        names.add(extra.lower())
        if ":" in extra and not extra.startswith("["):
            names.add(f"[{extra.lower()}]")
    return frozenset(names)


def is_loopback(host: str | None) -> bool:
    """True for a loopback address or name (127.0.0.0/8, ::1, localhost)."""
    if not host:
        return False
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def ip_literal(name: str) -> bool:
    """True for a Host that is an IP address (no DNS name: a rebinding page cannot send one of its own)."""
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def networks(specs) -> tuple:
    """``--allow`` values as networks: ``10.0.0.0/8``, ``192.168.1.7`` (one host), ``::1``; InputError otherwise."""
    from gigawatt.errors import InputError

    out = []
    for spec in specs or ():
        try:
            out.append(ipaddress.ip_network(str(spec).strip(), strict=False))
        except ValueError:
            raise InputError("--allow", f"{show(spec)} is not an IP address or network (e.g. 192.168.1.0/24, "
                                        "10.0.0.7, fd00::/8)") from None
    return tuple(out)


class PeerCheck:
    """403 for a peer that is neither this machine nor in ``allow`` (used on a bind other than loopback)."""

    def __init__(self, app, allow: tuple = ()):
        self.app = app
        self.allow = tuple(allow)

    def admits(self, peer: str | None) -> bool:
        if is_loopback(peer):
            return True
        try:
            address = ipaddress.ip_address((peer or "").strip("[]"))
        except ValueError:
            return False
        if getattr(address, "ipv4_mapped", None) is not None:  # ::ffff:10.0.0.7 on a dual-stack bind
            address = address.ipv4_mapped
        return any(address.version == net.version and address in net for net in self.allow)

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        peer = (scope.get("client") or (None,))[0]
        if not self.admits(peer):
            who = "this machine" + (" and " + ", ".join(map(str, self.allow)) if self.allow else "")
            return await send_error(send, 403, "client", f"this server answers {who} only "
                                                         "(gigawatt serve --allow NETWORK)")
        return await self.app(scope, receive, send)


class HeadAsGet:
    """``HEAD`` answered as ``GET``, with the headers and without the body."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return None
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            return await send(message)

        return await self.app({**scope, "method": "GET"}, receive, headers_only)


class HostCheck:
    """400 for a request whose Host header is not in ``hosts`` (nor an IP address, where ``ip_literals``)."""

    def __init__(self, app, hosts: frozenset[str], ip_literals: bool = False):
        self.app = app
        self.hosts = hosts
        self.ip_literals = ip_literals

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        raw = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
        name = host_name(raw)
        if name not in self.hosts and not (self.ip_literals and ip_literal(name)):
            shown = name[:60] if name.isprintable() else "(unprintable)"
            return await send_error(send, 400, "Host", f"{shown!r} is not a name of this server; allowed: "
                                                       f"{', '.join(sorted(self.hosts))} (gigawatt serve --host)")
        return await self.app(scope, receive, send)


def json_depth(text: str) -> int:
    """Deepest nesting of ``[``/``{`` outside strings (a scan, no recursion)."""
    depth = deepest = 0
    in_str = escaped = False
    for ch in text:
        if in_str:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


class DuplicateKey(Exception):
    """A JSON object gives the same key twice (``json`` would keep the last silently)."""

    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _unique_keys(pairs: list) -> dict:
    out = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def json_problem(data: bytes) -> tuple[str, str] | None:
    """(field, why) a JSON body cannot be read (None if it can, or if it is merely malformed: FastAPI says so)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return "body", f"is not UTF-8 text (byte {e.start}); send JSON in UTF-8"
    if json_depth(text) > MAX_JSON_DEPTH:
        return "body", f"nests deeper than {MAX_JSON_DEPTH} levels; a request is a few levels deep"
    try:
        json.loads(text, object_pairs_hook=_unique_keys)
    except DuplicateKey as e:
        key = e.key if e.key.isprintable() and 0 < len(e.key) <= 60 else "body"
        return key, f"{show(e.key[:60])} is given twice in one JSON object; send each key once"
    except ValueError as e:  # json.JSONDecodeError is left to FastAPI's json_invalid
        if not isinstance(e, json.JSONDecodeError):
            return "body", f"holds a number that cannot be read ({str(e).split(';')[0]})"
    except RecursionError:
        return "body", f"nests deeper than {MAX_JSON_DEPTH} levels"
    return None


class BodyGuard:
    """413 above ``limit`` bytes, 408 past the deadline, 422 for JSON that cannot be read; else replayed."""

    def __init__(self, app, limit: int = MAX_BODY_BYTES, timeout_s: float = BODY_TIMEOUT_S):
        self.app = app
        self.limit = limit
        self.timeout_s = timeout_s

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.strip().isdigit():
                return await send_error(send, 400, "Content-Length", "is not a number")
            if int(declared) > self.limit:
                return await self._too_big(send)
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            return await self.app(scope, receive, send)
        body = bytearray()
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                return await send_error(send, 408, "body", f"was not received within {self.timeout_s:g} s")
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            if len(body) > self.limit:
                return await self._too_big(send)
            if not message.get("more_body", False):
                break
        if body and b"json" in headers.get(b"content-type", b"json"):
            problem = json_problem(bytes(body))
            if problem:
                return await send_error(send, 422, *problem)
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        return await self.app(scope, replay, send)

    async def _too_big(self, send):
        return await send_error(send, 413, "body", f"is larger than {self.limit:,} bytes")
