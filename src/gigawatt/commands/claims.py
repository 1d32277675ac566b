"""CLI commands: claims (``gigawatt claims``: every quantitative claim of the seed article, checked)."""

from __future__ import annotations

from typing import Optional

import typer

VERDICT_STYLE = {"holds": "green", "fails as stated, holds if": "yellow", "does not hold": "red",
                 "not yet verifiable": "cyan", "happened": "green", "did not happen": "red",
                 "not checkable": "bright_black"}


def verdict_text(r: dict) -> str:
    """The verdict in words: ``fails as stated, holds if GPUs counted as packages (4.1 M)``."""
    from gigawatt import present

    if r["verdict"] == "fails as stated, holds if":
        value = present.value(r["needs_value"], r["unit"]) if r.get("needs_value") is not None else ""
        return f"{r['verdict']} {r['needs']}" + (f" ({value})" if value else "")
    return r["verdict"]


def readings_text(r: dict) -> str:
    """The readings a claim considered, one a line: ``▸ 58 % 4.05 M  the GPUs of Sep 2025 …`` (▸: the one the
    verdict takes); empty where the claim has only the one reading."""
    from gigawatt import present

    if len(r["readings"]) < 2:
        return ""
    lines = []
    for x in r["readings"]:
        p = present.pct(x["p_holds"]) if x["p_holds"] is not None else "—"
        value = present.value(x["p50"], r["unit"]) if x.get("p50") is not None else "—"
        lines.append(f"{'▸' if x['taken'] else ' '} {p} · {value} · {x['name']}")
    return "readings (P(holds) · P50):\n" + "\n".join(lines)


def claims_table(rows: list[dict], as_of: str):
    """A rich table (claim, stated, gigawatt P50 (P5–P95), P(holds), verdict and why); :func:`present.fit` sizes
    it to the terminal."""
    from rich.table import Table
    from rich.text import Text

    from gigawatt import present

    t = Table(title=f"Claims of the seed article, checked as of {as_of} (median draw (P5–P95) over the "
                    "scenario's uncertainty; claims about the planned 10 GW fix every phase built; gigawatt claims "
                    "--json for details and sources)",
              title_justify="left", header_style="bold", show_lines=True, expand=False)
    t.add_column("claim", max_width=24)
    t.add_column("stated", max_width=15)
    t.add_column("gigawatt: median draw (P5–P95)", max_width=24)
    t.add_column("P(holds)", justify="right", no_wrap=True)
    t.add_column("verdict", max_width=34)
    for r in rows:
        gw = Text(r["gigawatt"])
        for c in r["context"]:
            gw.append(f"\n{c['label']}: {c['text']}", style="dim")
        verdict = Text(verdict_text(r), style=f"bold {VERDICT_STYLE[r['verdict']]}")
        if r["why"]:
            verdict.append(f"\n{r['why']}", style="dim")
        elif r["verdict"] == "holds" and r["assumptions"] and len(r["readings"]) < 2:
            verdict.append(f"\nreading: {r['assumptions'][0]}", style="dim")
        if readings_text(r):
            verdict.append(f"\n{readings_text(r)}", style="dim")
        stated = Text(r["stated"])
        if "(" not in r["stated"] and r["stated_reading"] not in r["stated"]:
            stated.append(f"\nreads as {r['stated_reading']}", style="dim")
        p = present.pct(r["p_holds"]) if r["p_holds"] is not None else "—"
        t.add_row(Text(f"{r['id']}  ", style="bold").append(r["topic"], style="none"), stated, gw, p, verdict)
    return t


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    from gigawatt.cli import JsonOpt, SetOpt, ViewOpt

    @app.command()
    def claims(set_: Optional[list[str]] = SetOpt, as_json: bool = JsonOpt, view: Optional[str] = ViewOpt,
               only: Optional[list[str]] = typer.Option(None, "--only", help="Only this claim id (repeatable)"),
               as_of: Optional[str] = typer.Option(None, "--as-of", help="Judge forward-looking claims as of this "
                                                   "date, YYYY-MM-DD (default today; 2020-01-01 to today)")):
        """Check every quantitative claim of the seed article against the model and sourced data."""
        from gigawatt import cli, present
        from gigawatt.claims import VERDICTS, check_claims_json, load_claims, parse_as_of
        from gigawatt.errors import InputError

        day = parse_as_of(as_of)
        data = load_claims()
        known = [str(c["id"]) for c in data["claims"]]
        for o in only or []:
            if o not in known:
                raise InputError("--only", f"{o!r} is not a claim id; known: {', '.join(known)}")
        overrides = (set_ or []) + ([f"view={view}"] if view else [])
        rows = check_claims_json(overrides or None, data=data, only=only or None, as_of=day)
        if as_json:
            cli.print_json(rows)
            return
        con = cli.console()
        t = claims_table(rows, day.isoformat())
        notes = present.fit(t, min(con.width, 130), drop=("stated",), stack={"stated": "claim"})
        con.print(t)
        if notes:
            con.print(present.note(notes, con.width), style="dim")
        counts = {v: sum(r["verdict"] == v for r in rows) for v in VERDICTS}
        con.print("Verdicts: " + "; ".join(f"{v.removesuffix(', holds if')}: {n}" for v, n in counts.items() if n))
