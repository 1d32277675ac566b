"""The presentation layer: the one number formatter and the one JSON encoder.

``from gigawatt import present; present.usd(1.27e12)`` -> ``'$1.27 T'``; ``present.to_json(results)``.
Front ends (CLI views, report, web) format through here; the model never does.
"""

from gigawatt.present import heading
from gigawatt.present.encode import dumps_bytes, plain, to_json
from gigawatt.present.numbers import (FLOPS_SCALES, MISSING, OVERFLOW, absent, count, count_range, delta, finite, flops, headline,
                                      integer, number, pct, pp, seconds, sig, usd, value, when)
from gigawatt.present.table import fit, note, safe

__all__ = ["FLOPS_SCALES", "MISSING", "OVERFLOW", "absent", "count", "count_range", "delta", "dumps_bytes", "finite", "fit", "flops",
           "heading", "headline", "integer", "note", "number", "pct", "plain", "pp", "safe", "seconds", "sig",
           "to_json", "usd", "value", "when"]
