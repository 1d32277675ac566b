"""gigawatt: model gigawatt-scale AI infrastructure programs end to end.

>>> import gigawatt as gw
>>> res = gw.simulate(gw.load_scenario("openai-nvidia-10gw"))
>>> round(res.headline()["capacity_gw"], 1)
10.0
"""

from gigawatt.api import monte_carlo, simulate
from gigawatt.errors import InputError
from gigawatt.scenario import Scenario, load_scenario

__all__ = ["InputError", "Scenario", "load_scenario", "simulate", "monte_carlo", "api", "Results",
           "MCResults", "PortfolioResults", "check_claims", "outputs"]
__version__ = "0.1.0"

_LAZY = {"Results": ("gigawatt.results", "Results"), "MCResults": ("gigawatt.montecarlo", "MCResults"),
         "PortfolioResults": ("gigawatt.portfolio", "PortfolioResults"),
         "check_claims": ("gigawatt.claims", "check_claims"), "outputs": ("gigawatt.outputs", None),
         "api": ("gigawatt.api", None)}


def __getattr__(name):  # lazy: keep `import gigawatt` light
    if name not in _LAZY:
        raise AttributeError(name)
    import importlib

    module, attr = _LAZY[name]
    mod = importlib.import_module(module)
    return mod if attr is None else getattr(mod, attr)


def __dir__():
    return sorted(set(globals()) | set(__all__))
