"""Serving the app with uvicorn, with deadlines: idle and slow connections are closed.

uvicorn closes an idle keep-alive connection after ``timeout_keep_alive``, but not one that opens and then
sends its request head slowly, or never (a slow-loris): :class:`DeadlineH11` closes a connection whose
request head is not complete :data:`~gigawatt.web.limits.HEADER_TIMEOUT_S` after it opened or after the last
response. The body's deadline is the middleware's (:class:`~gigawatt.web.middleware.BodyGuard`).
"""

from __future__ import annotations

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from gigawatt.web.limits import HEADER_TIMEOUT_S, KEEP_ALIVE_S


class DeadlineH11(H11Protocol):
    """uvicorn's h11 protocol with a deadline on each request head."""

    header_timeout_s: float = HEADER_TIMEOUT_S

    def connection_made(self, transport) -> None:  # noqa: ANN001 - asyncio's signature
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm()

    def _arm(self) -> None:
        self._deadline_seq = getattr(self, "_deadline_seq", 0) + 1
        self.loop.call_later(self.header_timeout_s, self._deadline, self._deadline_seq)

    def _deadline(self, seq: int) -> None:
        # still waiting for (the rest of) a request head since the deadline was armed: close
        if seq == self._deadline_seq and self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def config(app, host: str, port: int):
    import uvicorn

    return uvicorn.Config(app, host=host, port=port, log_level="warning", http=DeadlineH11,
                          timeout_keep_alive=KEEP_ALIVE_S)


def reach(host: str, allow: tuple = ()) -> str:
    """Who can reach a server bound to ``host`` that admits the ``allow`` networks, in words (its startup line)."""
    from gigawatt.web.limits import LOOPBACK_HOSTS
    from gigawatt.web.middleware import is_loopback

    if is_loopback(host):
        return "answers this machine only (bound to loopback)"
    who = "this machine" + "".join(f", {net}" + (" (EVERY address: anyone who can reach this machine)"
                                                  if net.prefixlen == 0 else "") for net in allow)
    names = ", ".join(n for n in LOOPBACK_HOSTS if n != "::1")
    named = names + ("" if host in ("0.0.0.0", "::") else f", {host}") + (", any IP address" if allow else "")
    tail = "" if allow else "; to let other machines in, add --allow NETWORK (e.g. --allow 192.168.1.0/24)"
    return (f"answers requests from {who} only, whatever address they connect to, when they name the server as "
            f"{named}; no authentication, no TLS{tail}")


def serve(host: str, port: int, db=None, allow: tuple = (), share_cli_runs: bool = False) -> None:
    """Run the dashboard and API until Ctrl-C."""
    import uvicorn

    from gigawatt.web.app import create_app

    app = create_app(db, host=host, allow=allow, share_cli_runs=share_cli_runs)
    uvicorn.Server(config(app, host, port)).run()
