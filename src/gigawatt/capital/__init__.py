"""The capital stack: instruments as data, depreciation, a quarterly cash waterfall per party, and risk.

``analyse(scn, draws, seed)`` answers "who lends, who owns, who bears the risk when revenue falls short":
instruments with sources, each party's quarterly coverage, P(missed payment) per party and expected loss
by lender and seniority under a seeded Monte Carlo over the labelled guesses (data/instruments.csv,
capital_parties.csv, capital_assumptions.csv).
"""

from gigawatt.capital.analysis import analyse

__all__ = ["analyse"]
