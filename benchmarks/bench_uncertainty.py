"""Print the Monte Carlo / Sobol / Dask benchmark figures (the same as `gigawatt bench --json`).

    .venv/bin/python benchmarks/bench_uncertainty.py [--quick]

--quick shrinks every size (for a smoke run); the issue's targets are for the full sizes.
"""

import json
import sys

from gigawatt import bench

if __name__ == "__main__":
    quick = "--quick" in sys.argv
    sizes = dict(draws=65536, dask_draws=262144, sobol_samples=256) if quick else {}
    print(json.dumps(bench.run(**sizes), indent=2))
