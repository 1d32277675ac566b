"""Check the seed article's quantitative claims against the model and the sourced reference data.

The claims, the article's words and *how* each is checked live in ``data/claims.yaml`` (:mod:`.load`); this
package only evaluates them. A claim's value is a small formula (:mod:`.formula`) over the model's headline
figures (``$gpus``) and sourced figures (``ref:NY.retail_sales_twh``, market data, the market stress test),
looked up in :mod:`.lookup`. The value is a distribution: a seeded Monte Carlo of the claim's scenario
(:mod:`.modelrun`, one per scenario, shared) and draws of every ranged reference figure, summarised as
P5/P50/P95 with ``p_holds``, the share of draws inside what the article states (:mod:`.stated`). The verdict
(:mod:`.verdict`) compares the stated interval with P5–P95 in the plain reading and in the claim's other
readings; forward-looking claims are judged against dated evidence as of a date (:mod:`.evidence`). One claim
is checked in :mod:`.check`, all of them in :mod:`.table`.
"""

from gigawatt.claims.check import check_claim
from gigawatt.claims.evidence import Evidence, forward_verdict, load_evidence, parse_as_of
from gigawatt.claims.formula import evaluate_formula, operands
from gigawatt.claims.load import load_claims
from gigawatt.claims.lookup import Lookup, NotCheckable, undisclosed_links
from gigawatt.claims.modelrun import DRAWS, SEED, ModelRun
from gigawatt.claims.stated import describe, interval, meets, within
from gigawatt.claims.table import check_claims, check_claims_json
from gigawatt.claims.verdict import FORWARD, VERDICTS, distribution, verdict

__all__ = ["DRAWS", "Evidence", "FORWARD", "Lookup", "ModelRun", "NotCheckable", "SEED", "VERDICTS", "check_claim",
           "check_claims", "check_claims_json", "describe", "distribution", "evaluate_formula", "forward_verdict",
           "interval", "load_claims", "load_evidence", "meets", "operands", "parse_as_of", "undisclosed_links",
           "verdict", "within"]
