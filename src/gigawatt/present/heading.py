"""A scenario's first lines: what the terms are, as of when, and whether they are still the deal.

Every face (CLI, report, dashboard) opens with these, so a superseded deal says so before any figure.
"""

from __future__ import annotations


def data_date() -> str:
    """The dataset's date (``catalog.data_date()``) as YYYY-MM-DD."""
    from gigawatt import catalog

    return catalog.data_date().isoformat()


def superseded_line(scn) -> str | None:
    """``SUPERSEDED on 2026-02-27 by ...``; None for terms that still stand."""
    s = scn.superseded
    if s is None:
        return None
    by = f" by {s.by}" if s.by else ""
    why = f": {s.why}" if s.why else ""
    return f"SUPERSEDED on {s.date}{by}{why}. As announced, not the deal as it stands."


def dated(scn) -> str:
    """``terms as of 2026-03-31; data as of 2026-12-05`` (either part left out where unknown)."""
    parts = [f"terms as of {scn.as_of}" if scn.as_of else "", f"data as of {d}" if (d := data_date()) else ""]
    return "; ".join(p for p in parts if p)


def title_line(scn) -> str:
    """The scenario's title with its name and view, in plain text."""
    return f"{scn.title or scn.name}  ({scn.name}, view: {scn.view or 'independent'})"


def lines(scn) -> list[str]:
    """The first lines of any output about one scenario: the superseded notice first where there is one, the
    title, then the dates (terms as of, data as of) where known."""
    first, when = superseded_line(scn), dated(scn)
    return ([first] if first else []) + [title_line(scn)] + ([when[0].upper() + when[1:]] if when else [])
