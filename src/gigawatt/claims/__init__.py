"""Check the seed article's quantitative claims against the model and the sourced reference data.

The claims, the article's words and *how* each is checked live in ``data/claims.yaml`` (:mod:`.load`); this
package only evaluates them. A claim's value is a small formula (:mod:`.formula`) over the model's headline
figures (``$gpus``, from :mod:`.modelrun`), sourced figures (``ref:NY.retail_sales_twh``) and market data
(``link:nvidia-intel-equity.usd``), both looked up in :mod:`.lookup`. The verdict (:mod:`.verdict`) follows
from comparing that value with what the article states (:mod:`.stated`), under the claim's alternative
assumptions (variants) and over the range of its uncertain inputs (sweeps, :mod:`.sweep`):

* ``holds`` - the value agrees within tolerance, under every variant and over each input's plausible range;
* ``holds under assumptions`` - it agrees only under some assumptions (named), or only over part of a range;
* ``does not hold`` - no variant and no plausible input value makes it agree;
* ``not checkable`` - a figure is missing, or the only figure is the article's own source.

A sweep evaluates the vectorized model once on a grid of the input (``simulate.evaluate`` on arrays shaped
(draws,)), then refines each point where the verdict flips by bisection. Nothing is hard-coded: pass
``refs`` (figures by ``key.quantity``, ``company:ID.FIELD``, ``link:ID.FIELD``) or ``scenario_overrides`` to
see verdicts change. One claim is checked in :mod:`.check`, all of them in :mod:`.table`.
"""

from gigawatt.claims.check import check_claim
from gigawatt.claims.formula import evaluate_formula, operands
from gigawatt.claims.load import load_claims
from gigawatt.claims.lookup import Lookup, NotCheckable, undisclosed_links
from gigawatt.claims.modelrun import ModelRun
from gigawatt.claims.stated import agrees, stated_band
from gigawatt.claims.sweep import BISECTIONS, GRID_POINTS, Sweep, sweep
from gigawatt.claims.table import check_claims, check_claims_json
from gigawatt.claims.verdict import VERDICTS

__all__ = ["BISECTIONS", "GRID_POINTS", "Lookup", "ModelRun", "NotCheckable", "Sweep", "VERDICTS", "agrees",
           "check_claim", "check_claims", "check_claims_json", "evaluate_formula", "load_claims", "operands",
           "stated_band", "sweep", "undisclosed_links"]
