"""Print where one Monte Carlo chunk's time goes: the model and headline with the compiled kernels and without.

    .venv/bin/python benchmarks/bench_chunk.py [CHUNKS] [SCENARIO]

Evaluates CHUNKS (default 20) chunks of 8,192 draws of SCENARIO (default: the default scenario) as
``gigawatt mc`` does, first through the numpy path (``gigawatt.model.kernels`` off), then compiled, and prints
CPU milliseconds per chunk for each, their ratio, and the compiled path's heaviest functions (cProfile).
CPU time, not wall time: other work on the machine moves it less. Benchmarks print; tests never time.
"""

import cProfile
import io
import pstats
import sys
import time

from gigawatt import api, montecarlo, uncertainty
from gigawatt.model import kernels
from gigawatt.montecarlo.plan import headline_of
from gigawatt.scenario import DEFAULT_SCENARIO, load_scenario


def _chunks(plan):
    return [uncertainty.sample(list(plan.dists), n, plan.seed, start=s, correlation=plan.model.correlation,
                               block=montecarlo.BLOCK) for s, n in plan.chunks()]


def _run(plan, draws) -> None:
    for values in draws:
        headline_of(plan.model, plan.model.evaluate(values, series=plan.series))


def _cpu_ms_per_chunk(plan, draws) -> float:
    _run(plan, draws[:1])  # warm: JIT cache, imports
    t = time.process_time()
    _run(plan, draws)
    return (time.process_time() - t) / len(draws) * 1e3


if __name__ == "__main__":
    chunks = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    scn = load_scenario(sys.argv[2] if len(sys.argv) > 2 else DEFAULT_SCENARIO)
    plan = montecarlo.plan(api.model_of(scn), montecarlo.DEFAULT_CHUNK * chunks, seed=0)
    draws = _chunks(plan)
    compiled = kernels.compiled
    kernels.compiled = lambda entries: False
    numpy_ms = _cpu_ms_per_chunk(plan, draws)
    kernels.compiled = compiled
    compiled_ms = _cpu_ms_per_chunk(plan, draws)
    print(f"{scn.name}: {chunks} chunks of {montecarlo.DEFAULT_CHUNK:,} draws, model + headline, CPU ms per chunk")
    print(f"  numpy    {numpy_ms:8.1f}")
    print(f"  compiled {compiled_ms:8.1f}   ({compiled_ms / numpy_ms:.2f} of numpy)")
    prof = cProfile.Profile(time.process_time)
    prof.runcall(_run, plan, draws)
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(15)
    print(out.getvalue())
