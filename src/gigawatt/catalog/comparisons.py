"""Comparison figures: US retail electricity sales by state (one complete year) and public GPUs-per-GW statements."""

from __future__ import annotations

from gigawatt.catalog.refs import Ref, _index, ref, rows

# The 50 states and DC: a comparison year must list every one of them (issue 11: never mix years).
STATE_CODES = frozenset(
    "AL AK AZ AR CA CO CT DC DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH "
    "OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split())


def us_states(year: int | None = None) -> dict[str, Ref]:
    """Annual retail electricity sales by state code (and ``US``) of one year: the given one, else the newest
    year that lists all 50 states and DC (later partial years stay history, never mixed into a comparison)."""
    by_year: dict[int | None, dict[str, Ref]] = {}
    for r in rows():
        if r.file == "us_states.csv" and r.quantity == "retail_sales_twh" and isinstance(r.value, float):
            by_year.setdefault(r.year, {}).setdefault(r.key, r)
    if year is None:
        complete = [y for y, refs in by_year.items() if y is not None and STATE_CODES <= set(refs)]
        if not complete:
            raise LookupError("us_states.csv: no year lists all 50 states and DC")
        year = max(complete)
    return dict(by_year.get(year, {}))


PUBLIC_GPUS_PER_GW = ("gpus-per-gw-huang-cnbc", "gpus-per-gw-bg2", "gpus-per-gw-barclays")


def public_gpus_per_gw() -> list[Ref]:
    """Public 'GPUs per GW' statements, each with the counting convention in its note."""
    return [ref(k, "gpus_per_gw") for k in PUBLIC_GPUS_PER_GW if (k, "gpus_per_gw") in _index()]
