"""Dated evidence for the forward-looking claims (``data/evidence.csv``) and the date a check is made as of.

A forward-looking claim names the date it is due (``forward: {by: YYYY-MM-DD}``). As of a date, the latest
evidence row dated on or before it decides: ``happened`` or ``did not happen``; with no row, the claim is
``not yet verifiable`` until its date has passed, then ``did not happen`` (nothing shows it happened in time).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from importlib import resources

from gigawatt.errors import InputError, show

COLUMNS = ("date", "claim", "outcome", "what", "source")
OUTCOMES = {"happened": "happened", "did_not_happen": "did not happen"}
EARLIEST = dt.date(2020, 1, 1)


@dataclass(frozen=True)
class Evidence:
    """What happened by a date, for one claim, and where that is reported."""

    date: dt.date
    claim: str
    outcome: str   # happened | did not happen
    what: str
    source: str


def _iso(text: str, path: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(path, f"{show(text)} is not a date YYYY-MM-DD") from None


def parse_as_of(text: str | dt.date | None, today: dt.date | None = None) -> dt.date:
    """The date a check is made as of: ``None`` is today; a date after today or before 2020 is refused."""
    today = today or dt.date.today()
    if text is None:
        return today
    day = text if isinstance(text, dt.date) else _iso(text, "--as-of")
    if day > today:
        raise InputError("--as-of", f"{day.isoformat()} is in the future (today is {today.isoformat()}); "
                                    "evidence can only be read up to today")
    if day < EARLIEST:
        raise InputError("--as-of", f"{day.isoformat()} is before {EARLIEST.isoformat()}; the claims date "
                                    "from Sep 2025 and the evidence from 2020 on")
    return day


def load_evidence(path=None) -> tuple[Evidence, ...]:
    """The evidence rows, from ``data/evidence.csv`` unless ``path`` is given; each row checked."""
    if path is None:
        text = (resources.files("gigawatt") / "data" / "evidence.csv").read_text(encoding="utf-8")
        where = "evidence.csv"
    else:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        where = str(path)
    rows = list(csv.DictReader(text.splitlines()))
    if rows and set(COLUMNS) - set(rows[0]):
        raise InputError(where, f"columns {', '.join(COLUMNS)} are required")
    out = []
    for i, r in enumerate(rows, start=2):
        at = f"{where} line {i}"
        outcome = (r["outcome"] or "").strip()
        if outcome not in OUTCOMES:
            raise InputError(f"{at}.outcome", f"{show(outcome)} is not one of {', '.join(OUTCOMES)}")
        if not (r["source"] or "").strip():
            raise InputError(f"{at}.source", "every evidence row needs a source")
        out.append(Evidence(date=_iso(r["date"], f"{at}.date"), claim=r["claim"].strip(),
                            outcome=OUTCOMES[outcome], what=r["what"].strip(), source=r["source"].strip()))
    return tuple(sorted(out, key=lambda e: e.date))


def forward_verdict(claim: dict, evidence: tuple[Evidence, ...], as_of: dt.date) -> dict:
    """``verdict``, ``why`` and the evidence used, for a forward-looking claim as of ``as_of``."""
    by = _iso(claim["forward"]["by"], f"claims[{claim['id']}].forward.by")
    seen = [e for e in evidence if e.claim == str(claim["id"]) and e.date <= as_of]
    if seen:
        last = seen[-1]
        return {"verdict": last.outcome, "why": f"{last.date.isoformat()}: {last.what}",
                "evidence": [{"date": e.date.isoformat(), "outcome": e.outcome, "what": e.what, "source": e.source}
                             for e in seen]}
    if as_of > by:
        return {"verdict": "did not happen", "evidence": [],
                "why": f"due by {by.isoformat()}; no evidence that it happened by then"}
    return {"verdict": "not yet verifiable", "evidence": [],
            "why": f"due by {by.isoformat()}; no evidence either way as of {as_of.isoformat()}"}
