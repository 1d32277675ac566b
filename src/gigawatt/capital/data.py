"""Loading the capital stack's reference tables (instruments, parties, depreciation, residual values)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from gigawatt.errors import InputError

KINDS = ("equity", "warrant", "loan", "bond", "lease", "cloud_contract", "own_funds")
SENIORITY = ("secured", "senior", "junior", "operating", "equity")  # order of claim in the waterfall
AMORTISATION = ("", "straight", "bullet", "level")


@dataclass(frozen=True)
class Instrument:
    id: str
    kind: str
    borrower: str
    lender: str
    amount_usd: float
    amount_range: tuple[float, float]
    rate: float | None
    rate_range: tuple[float, float]
    spread_bp: float | None
    tenor_years: float | None
    start: int  # quarter index: year * 4 + quarter - 1
    amortisation: str
    seniority: str
    collateral: str
    covenant_dscr: float | None
    guess: str
    true_on: str
    checked_on: str
    source: str
    note: str
    use: str = ""  # equity only: 'liquidity' (the party's cash) or 'capex' (spent on the build)
    draw_quarters: int = 1  # a delayed-draw loan is drawn evenly over this many quarters from its start
    spread_range: tuple[float, ...] = ()  # (low, high) the Monte Carlo draws a floating spread from [bp]
    path: tuple[float, ...] = ()  # or: the share of the amount drawn in each quarter from the start (a program's
    # capex path; sums to 1), so each draw amortises or is leased from the quarter it is drawn

    @property
    def is_debt(self) -> bool:
        return self.kind in ("loan", "bond")


def _num(text: str, where: str) -> float | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        raise InputError(where, f"{text!r} is not a number") from None


def quarter_index(text: str, where: str) -> int:
    """'2026Q3' -> 2026 * 4 + 2."""
    t = text.strip().upper()
    if len(t) != 6 or t[4] != "Q" or not t[:4].isdigit() or t[5] not in "1234":
        raise InputError(where, f"{text!r} is not a quarter; write YYYYQn, e.g. 2026Q3")
    return int(t[:4]) * 4 + int(t[5]) - 1


def _rows(name: str) -> list[dict]:
    with (resources.files("gigawatt") / "data" / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _choice(value: str, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise InputError(where, f"{value!r} is not one of {', '.join(a for a in allowed if a)}")
    return value


def _instrument(row: dict) -> Instrument:
    w = f"instruments.csv:{row['id']}"
    amount = _num(row["amount_usd"], f"{w}.amount_usd")
    lo, hi = _num(row["amount_low"], w), _num(row["amount_high"], w)
    rate = _num(row["rate"], f"{w}.rate")
    rlo, rhi = _num(row["rate_low"], w), _num(row["rate_high"], w)
    return Instrument(
        id=row["id"], kind=_choice(row["kind"], KINDS, f"{w}.kind"), borrower=row["borrower"], lender=row["lender"],
        amount_usd=amount, amount_range=(lo if lo is not None else amount, hi if hi is not None else amount),
        rate=rate, rate_range=(rlo if rlo is not None else rate, rhi if rhi is not None else rate),
        spread_bp=_num(row["spread_bp"], f"{w}.spread_bp"), tenor_years=_num(row["tenor_years"], f"{w}.tenor_years"),
        start=quarter_index(row["start"], f"{w}.start"),
        amortisation=_choice(row["amortisation"], AMORTISATION, f"{w}.amortisation"),
        seniority=_choice(row["seniority"], SENIORITY, f"{w}.seniority"), collateral=row["collateral"],
        covenant_dscr=_num(row["covenant_dscr"], f"{w}.covenant_dscr"), guess=row["guess"],
        true_on=row["true_on"], checked_on=row["checked_on"], source=row["source"], note=row["note"],
        use=_choice(row["use"], ("", "liquidity", "capex"), f"{w}.use"),
        draw_quarters=_draw_quarters(row.get("draw_quarters", ""), f"{w}.draw_quarters"))


def _draw_quarters(text: str, where: str) -> int:
    n = _num(text, where)
    if n is None:
        return 1
    if n != int(n) or not 1 <= n <= 40:
        raise InputError(where, f"{text!r} must be a whole number of quarters from 1 to 40 (empty: drawn at the start)")
    return int(n)


@lru_cache(maxsize=1)
def instruments() -> tuple[Instrument, ...]:
    """Every instrument in data/instruments.csv, checked."""
    out = tuple(_instrument(r) for r in _rows("instruments.csv"))
    ids = [i.id for i in out]
    if len(set(ids)) != len(ids):
        raise InputError("instruments.csv", "ids must be unique")
    return out


@lru_cache(maxsize=1)
def parties() -> dict[str, dict]:
    """Party rows of capital_parties.csv with numbers parsed (ranges default to the value)."""
    out = {}
    for r in _rows("capital_parties.csv"):
        w = f"capital_parties.csv:{r['id']}"
        row = dict(r)
        for k in ("revenue_usd_per_year", "growth_per_year", "opex_share", "cash_usd", "raise_usd_per_year"):
            row[k] = _num(r[k], f"{w}.{k}") or 0.0
        for k, lo, hi in (("revenue_usd_per_year", "revenue_low", "revenue_high"),
                          ("opex_share", "opex_low", "opex_high"),
                          ("raise_usd_per_year", "raise_low", "raise_high")):
            a, b = _num(r[lo], w), _num(r[hi], w)
            row[k + "_range"] = (row[k] if a is None else a, row[k] if b is None else b)
        row["distributes"] = _choice(r["distributes"], ("yes", "no"), f"{w}.distributes")
        row["raise_from"] = quarter_index(r["raise_from"], f"{w}.raise_from")
        out[r["id"]] = row
    return out


@lru_cache(maxsize=1)
def assumptions() -> dict[str, dict]:
    """key -> {value, low, high, source, ...} from capital_assumptions.csv."""
    return {r["key"]: {**r, "value": float(r["value"]), "low": float(r["low"]), "high": float(r["high"])}
            for r in _rows("capital_assumptions.csv")}


@lru_cache(maxsize=1)
def depreciation_policies() -> tuple[dict, ...]:
    return tuple({**r, "life_years": float(r["life_years"])} for r in _rows("depreciation.csv"))


@lru_cache(maxsize=1)
def residual_curve() -> tuple[dict, ...]:
    return tuple({k: (float(v) if k in ("age_years", "share_of_new", "low", "high") else v) for k, v in r.items()}
                 for r in _rows("residual_values.csv"))


@lru_cache(maxsize=1)
def credit_views() -> dict[str, dict[str, float]]:
    """view -> {key: value} from credit_views.csv (sofr_add, spread_factor, raise_factor)."""
    out: dict = {}
    for r in _rows("credit_views.csv"):
        out.setdefault(r["view"], {})[r["key"]] = float(r["value"])
    return out


def check_credit(view: str | None, where: str = "credit") -> None:
    """A credit view's name, or InputError naming the views there are."""
    if view is not None and view not in credit_views():
        raise InputError(where, f"{view!r} is not a credit view; allowed: {', '.join(sorted(credit_views()))}")
