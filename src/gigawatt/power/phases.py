"""Which phase a solve is for and phases already online; what earlier phases built, kept for later ones.

* ``next`` (the default) is the first phase not yet online at the as-of quarter: what an analyst asks "can it
  be powered in time" of. A phase online before that quarter already has its supply: it is solved as the
  least-cost supply without lead-time limits and is never "slipped" nor charged for delay.
* ``each`` (:mod:`gigawatt.power.sequence`) solves phase 1 with its load by its date, then phase 2 with the cumulative load by its date with
  what was built before kept as existing capacity (a lower bound on each option's capacity in the LP; an
  option too slow for the later date keeps what it has, no more), and so on. Contracts (grid, firm) carry no
  capacity column: each phase draws what it needs up to their limit, and the peak draw so far is reported as
  their capacity. Costs are at the catalog's figures for every phase (no learning between phases). A program
  of ``program.sites`` is several campuses: one such sequence per site (:func:`gigawatt.power.site.site_phases`).
"""

from __future__ import annotations

from dataclasses import replace

PHASE_WORDS = ("next", "first", "all", "each")
ONLINE_SOURCE = "online before the data date"
NOTE = ("each phase is solved with the cumulative load of the phases up to it, by its own first-online quarter "
        "(none for a phase online before the as-of quarter); what earlier phases built is kept as existing "
        "capacity (a lower bound in the LP; an option too slow for the later date runs what it has and adds "
        "none); contracts (grid, firm) have no capacity column, so each phase draws what it needs and their peak "
        "draw so far is shown as their capacity; catalog costs for every phase (no learning between phases); a "
        "program of several sites is one such sequence per site, each at its own location, nothing shared between "
        "sites; under --late price a phase is charged delay only on the capacity it adds")


def allowed(n: int) -> str:
    """What ``--phase`` takes, for a program of ``n`` phases (one line)."""
    return (f"first, all, or a phase number from 1 to {n} (this program has {n} phase{'s' if n != 1 else ''}); "
            "or next (the default: the first phase not yet online) or each (every phase in turn)")


def today_quarter() -> int:
    """Today's quarter as an ordinal (the default as-of quarter)."""
    import datetime as dt

    today = dt.date.today()
    return today.year * 4 + (today.month - 1) // 3


def next_phase(online: list[int], as_of: int | None = None) -> int:
    """The number (1..N) of the first phase whose first-online quarter (ordinals) is not before ``as_of`` (an
    ordinal; None: today's quarter); the last phase when every one is online already."""
    q = today_quarter() if as_of is None else as_of
    return next((i for i, when in enumerate(online, 1) if when >= q), len(online))


def online_before(req, as_of: int) -> dict | None:
    """For a phase (not the whole program) whose date came from the schedule and lies before the as-of
    quarter: the schedule of a supply that exists (no energise-by date, no slip); None otherwise."""
    from gigawatt import timeline

    if not (req.energised_by_from_schedule and req.energised_by and req.phase and req.phase[0]):
        return None
    if timeline.parse_quarter(req.energised_by, "energised_by") >= as_of:
        return None
    return {"energised_by": None, "energised_by_source": ONLINE_SOURCE, "online_since": req.energised_by,
            "as_of": timeline.label(as_of),
            "note": f"online since {req.energised_by}, before the data date ({timeline.label(as_of)}): its supply "
                    "exists; solved as the least-cost supply without lead-time limits (no slip, no delay charged)"}


def choice(dates: list[int], phase: str, as_of: int) -> dict:
    """Which phase ``--phase`` picked among phases first online in ``dates`` (ordinals, in order) at the quarter
    ``as_of``, and why (JSON ``schedule.phase_choice``)."""
    from gigawatt import timeline

    asked = str(phase).strip().lower()
    q = as_of
    n = len(dates)
    done = sum(d < q for d in dates)
    why = {"all": "the whole program's load, energised by its first phase's date"
                  + (f", {timeline.label(dates[0])}, though {done} of its {n} phases were online before "
                     f"{timeline.label(q)}: --phase each counts what is built" if done else ""),
           "first": "the first phase by date",
           "next": (f"the first phase not yet online at {timeline.label(q)}"
                    + (f" (phase{'s' if done > 1 else ''} 1{f'-{done}' if done > 1 else ''} online before it)"
                       if done else "") if done < n else
                    f"the last phase: every phase is online before {timeline.label(q)}")}.get(asked, "asked by number")
    return {"asked": asked if asked in PHASE_WORDS else "number", "why": why}


def existing_options(built: dict, excluded: dict, all_built: dict, existing: dict[str, float]) -> tuple[dict, dict]:
    """The options of a phase with what earlier phases built, and the excluded ones with why: an option left
    out for its lead time but built before stays, limited to what it has (it can run, not grow)."""
    out, why = dict(built), dict(excluded)
    for k in excluded:
        if existing.get(k, 0.0) > 0 and k in all_built:
            out[k] = replace(all_built[k], limit_mw=min(all_built[k].limit_mw, existing[k]))
            why[k] = f"{excluded[k]}: no more is built; the {existing[k]:,.0f} MW built for earlier phases runs"
    return out, why
