"""gigawatt: model gigawatt-scale AI infrastructure programs end to end.

>>> import gigawatt as gw
>>> res = gw.simulate(gw.load_scenario("openai-nvidia-10gw"))
>>> round(res.headline()["capacity_gw"], 1)
10.0
"""

from gigawatt.errors import InputError
from gigawatt.scenario import Scenario, load_scenario
from gigawatt.simulate import simulate

__all__ = ["InputError", "Scenario", "load_scenario", "simulate", "Results"]
__version__ = "0.1.0"


def __getattr__(name):  # lazy: keep `import gigawatt` light
    if name == "Results":
        from gigawatt.results import Results

        return Results
    if name == "check_claims":
        from gigawatt.claims import check_claims

        return check_claims
    raise AttributeError(name)
