"""Flood ``POST /api/mc/jobs`` of a server on loopback and report whether it stays up and responsive.

    .venv/bin/python benchmarks/flood_jobs.py [SECONDS] [CLIENTS] [DRAWS]

Starts ``gigawatt``'s server in this process on 127.0.0.1 and a free port (a throwaway run history), then
CLIENTS threads (default 8) post Monte Carlo jobs of DRAWS draws (default 20,000; not saved) as fast as they
are answered for SECONDS (default 20, at most 120; at most 5,000 posts). Meanwhile, and for a few seconds
after, ``GET /api/meta`` is timed twice a second. Prints JSON: jobs posted, status codes, ``/api/meta``
latency during and after (median and max, ms), the server's threads and RSS (peak while flooding, and after).
Loopback only; every client shares one peer address, so the per-client cap shows. Timings are noisy on a
shared machine. Benchmarks print; tests never time.
"""

from __future__ import annotations

import json
import resource
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

MAX_SECONDS, MAX_POSTS = 120, 5000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # pragma: no cover - not Linux


def _serve(db: Path):
    import uvicorn

    from gigawatt.web.app import create_app
    from gigawatt.web.server import config

    port = _free_port()
    server = uvicorn.Server(config(create_app(db, host="127.0.0.1"), "127.0.0.1", port))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


def _call(url: str, body: dict | None = None, timeout: float = 60) -> int:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0  # refused, reset or timed out


def _flood(base: str, until: float, draws: int, codes: Counter, lock: threading.Lock) -> None:
    while time.monotonic() < until and sum(codes.values()) < MAX_POSTS:
        code = _call(f"{base}/api/mc/jobs", {"draws": draws, "save": False})
        with lock:
            codes[code] += 1
        if code == 429:
            time.sleep(0.05)


def _probe(base: str, until: float, out: list, peak: dict) -> None:
    while time.monotonic() < until:
        t0 = time.perf_counter()
        _call(f"{base}/api/meta", timeout=60)
        out.append((time.perf_counter() - t0) * 1000)
        peak["threads"] = max(peak["threads"], threading.active_count())
        peak["rss_mb"] = max(peak["rss_mb"], _rss_mb())
        time.sleep(0.5)


def _ms(xs: list[float]) -> dict:
    return {"n": len(xs), "median_ms": round(statistics.median(xs), 1) if xs else None,
            "max_ms": round(max(xs), 1) if xs else None}


def main(seconds: float = 20, clients: int = 8, draws: int = 20_000, after_s: float = 5) -> dict:
    seconds = min(float(seconds), MAX_SECONDS)
    with tempfile.TemporaryDirectory() as tmp:
        server, base = _serve(Path(tmp) / "runs.duckdb")
        _call(f"{base}/api/meta")  # warm the cached schema
        codes, lock, during, after = Counter(), threading.Lock(), [], []
        peak = {"threads": threading.active_count(), "rss_mb": _rss_mb()}
        until = time.monotonic() + seconds
        workers = [threading.Thread(target=_flood, args=(base, until, draws, codes, lock)) for _ in range(clients)]
        workers.append(threading.Thread(target=_probe, args=(base, until, during, peak)))
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        _probe(base, time.monotonic() + after_s, after, {"threads": 0, "rss_mb": 0})
        jobs = getattr(server.config.app.state.jobs, "counts", dict)()
        report = {"seconds": seconds, "clients": clients, "draws": draws, "jobs_posted": sum(codes.values()),
                  "status_codes": {str(k): v for k, v in sorted(codes.items())}, "meta_during": _ms(during),
                  "meta_after": _ms(after), "threads_peak": peak["threads"],
                  "threads_after": threading.active_count(), "rss_mb_peak": round(peak["rss_mb"], 1),
                  "rss_mb_after": round(_rss_mb(), 1), "jobs_after": jobs}
        server.should_exit = True
    return report


if __name__ == "__main__":
    args = [float(a) for a in sys.argv[1:4]]
    print(json.dumps(main(*args[:1], *map(int, args[1:])), indent=2))
