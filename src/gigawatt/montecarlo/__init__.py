"""Monte Carlo at scale: sample inputs per fixed block, evaluate in chunks, aggregate into bounded statistics.

* :mod:`.plan` fixes what the chunks share: the model (one program or a composite, chosen by
  :mod:`gigawatt.api`), the seed, the chunk (sized from a memory budget) and the outputs;
* :mod:`.sketch` holds the mergeable histogram sketches that give quantiles;
* :mod:`.engine` runs chunks (sample, evaluate, reduce) and merges them, here on threads; the Dask backend
  (:mod:`gigawatt.distributed`) runs the same chunks on a cluster;
* :mod:`.events` lists the yes/no outcomes whose probabilities are reported;
* :mod:`.results` is the result: quantiles, means, probabilities, as tables, JSON, Parquet and xarray.

Same seed, same draws: the statistics are bit-identical for every chunk size (a multiple of ``SUB``) and
for the local and the Dask engines.
"""

from gigawatt.montecarlo.engine import Accumulator, ChunkStats, run_chunk, run_chunks, run_local
from gigawatt.montecarlo.events import EVENTS, Event
from gigawatt.montecarlo.plan import (BLOCK, DEFAULT_CHUNK, LEVELS, MAX_DRAWS, SUB, Output, Plan, _check_draws,
                                      _check_seed, memory_per_draw, plan)
from gigawatt.montecarlo.results import MCResults, write_atomic
from gigawatt.montecarlo.sketch import CEIL, FLOOR, MANTISSA_BITS, Histogram

__all__ = ["Accumulator", "ChunkStats", "run_chunk", "run_chunks", "run_local", "EVENTS", "Event", "BLOCK",
           "DEFAULT_CHUNK", "LEVELS", "MAX_DRAWS", "SUB", "Output", "Plan", "plan", "memory_per_draw", "MCResults",
           "write_atomic", "_check_draws", "_check_seed", "CEIL", "FLOOR", "MANTISSA_BITS", "Histogram"]
