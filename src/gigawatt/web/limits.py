"""The server's limits: what one request may ask for, and the budgets that keep it responsive.

They are served at ``GET /api/meta`` (``limits``) and written into the OpenAPI schema, so a client sees the
same bounds the engine enforces.
"""

from __future__ import annotations

MAX_BODY_BYTES = 1_000_000      # a scenario is a few kB; the largest built-in is under 10 kB
MAX_JSON_DEPTH = 64             # a request body is at most ~8 levels deep (scenario_text is a string)
MAX_DRAWS = 200_000             # Monte Carlo draws one API request may ask for (the CLI allows more)
MAX_SEED = 2**32 - 1            # the engine's seeds (numpy's legacy seeding in SALib stops here)
MAX_OVERRIDES = 200
KEPT_JOBS = 32                  # finished Monte Carlo jobs kept for polling
KEPT_JOB_S = 600                # ... and for at most this long after they end

# Concurrency of heavy work (issue 22): a flood of small jobs must not become a flood of threads.
JOB_SLOTS = 2                   # Monte Carlo jobs and held heavy requests running at once (2 cores)
MAX_QUEUED_JOBS = 16            # background jobs waiting for a slot, the whole server
MAX_CLIENT_JOBS = 4             # background jobs queued or running for one client address
KIND_SLOTS = {"power": 1, "claims": 1}   # held requests of one kind running at once (else 429, after a wait:)
HOLD_WAIT_S = 10                # a held request that finds no slot waits this long for one ...
HOLD_WAITERS = 2                # ... if fewer than this many wait already (a reloaded page's panels; not a flood)

# Memory of Monte Carlo jobs (issue 14): a job is admitted by its estimate, not by count.
MEMORY_BUDGET_BYTES = 2 * 1024**3   # all running jobs together
JOB_THREADS = 2                     # chunks one job evaluates at once (this machine class has 2 cores)
SUB_BLOCK = 1024                    # chunks are whole sub-blocks of the engine's ordered sums
MAX_CHUNK = 8192                    # the engine's default chunk
# Bytes per draw: the engine's own estimate (gigawatt.montecarlo.plan.memory_per_draw, measured there).
# Other heavy requests hold a fixed share of the same budget while they run: the peak RSS of one in a fresh
# process (/usr/bin/time -v, this repo, 2026-11-30): POST /api/power on cheyenne-wy-10gw, 8760 h (linopy +
# HiGHS): 600 MB in 11 s; GET /api/claims (every claim, its Monte Carlo checks included): 735 MB in 2.8 s.
POWER_BYTES = 600 * 1024**2
# A power solve's memory grows with its LP steps (weather years x hours / step hours). Peak RSS of `gigawatt
# power cheyenne-wy-10gw --json` (/usr/bin/time, this repo, 2026-12-06, 2 shared cores): 4,380 steps (the
# default year) 321 MB; 3 weather years 414 MB; 10 years 732 MB; 10 years hourly (87,600 steps) 1,214 MB; every
# option under a 100 g/kWh cap, 8,760 steps 446 MB, 13,140 steps 533 MB (about 20 kB a step). POST /api/power
# holds max(POWER_BYTES, POWER_BASE_BYTES + steps x POWER_STEP_BYTES), above each of those.
POWER_BASE_BYTES = 300 * 1024**2
POWER_STEP_BYTES = 24 * 1024
# A request's LP steps over all its solves (1 + sweep, or every phase), so the power slot is held about a minute
# at most (issue 20: 87,600 steps let 10 weather years under a 100 g/kWh cap hold it 198 s, 8 hourly years 136 s).
# Seconds per LP step measured (cheyenne-wy-10gw, every option, /usr/bin/time, this repo, 2026-12-06, 2 shared
# cores): 2 weather years under a 100 g/kWh cap, 8,760 steps, 20.5 s wall with ~3 s start-up: ~2.0 ms a step;
# the attacker's 10 years under the same cap, 43,800 steps in 198 s: 4.5 ms a step (the interior point grows
# faster than the steps). 13,140 steps (three default years, or a year and a half hourly) x 4.5 ms = 59 s.
POWER_MAX_STEPS = 13_140
# HiGHS time shared by every solve of one request (highs.deadline): a solve past it is stopped and refused with
# 422 ("took longer than 45 s: run gigawatt power locally"); with the model's build, the slot is held ~60 s at most.
POWER_SOLVE_S = 45.0
POWER_MAX_SWEEP = 20            # sweep solves one request may run (each builds its LP: ~1 s even for 48 hours)
CLAIMS_BYTES = 800 * 1024**2

# Connections: idle keep-alive and slow requests are closed.
KEEP_ALIVE_S = 5                # uvicorn's timeout_keep_alive
HEADER_TIMEOUT_S = 10           # from connection (or last response) to a complete request head
BODY_TIMEOUT_S = 10             # from the request head to the end of its body

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]", "::1")
