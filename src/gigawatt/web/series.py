"""The explorer's data: one output of the output schema (``data/outputs.csv``) for several sources side by side.

A source is a built-in scenario (``openai-nvidia-10gw``), one under a view (``openai-nvidia-10gw@vendor``), or a
saved run (``run:3f9a1c2b``, its scenario run again deterministically). Each is simulated once; the answer
holds the values, their text (:mod:`gigawatt.present`) and the axis scale, so faces only draw.
"""

from __future__ import annotations

import math

from gigawatt import outputs, present
from gigawatt.errors import InputError, show
from gigawatt.present.axis import axis, quarter_year

MAX_SOURCES = 8
SCREEN = "screen"  # the source that is the dashboard's own inputs
KINDS = ("line", "bar", "table")


def output_row(key: str | None) -> outputs.Output:
    """An output by its schema key: a series name (``gw_online``) or ``headline.NAME``."""
    rows = {o.key: o for o in outputs.table()}
    if key in rows:
        return rows[key]
    raise InputError("output", f"{show(key)} is not an output; the output schema (GET /api/meta, outputs[].key) "
                               f"lists them, e.g. {', '.join(list(rows)[:3])}, headline.capex_usd")


def check_sources(sources: list[str] | None) -> list[str]:
    if not sources:
        raise InputError("source", "give at least one source: a built-in scenario, SCENARIO@VIEW or run:ID")
    if len(sources) > MAX_SOURCES:
        raise InputError("source", f"{len(sources)} sources; at most {MAX_SOURCES} in one chart")
    for i, s in enumerate(sources):
        if not s or len(s) > 200:
            raise InputError(f"source[{i}]", f"{show(s)} is not a source (SCENARIO, SCENARIO@VIEW or run:ID)")
    return sources


def _scenario(source: str, i: int):
    from gigawatt.web.loading import load_request_scenario
    from gigawatt.web.models import ScenarioRequest

    name, _, view = source.partition("@")
    try:
        return load_request_scenario(ScenarioRequest(scenario=name, view=view or None))
    except InputError as e:  # say which source of the chart it was
        raise InputError(f"source[{i}]", e.message) from None


def _saved(run_id: str, i: int, db, origins: tuple[str, ...]):
    from gigawatt.store import RunNotFoundError, RunStore
    from gigawatt.web.loading import load_request_scenario
    from gigawatt.web.models import ScenarioRequest

    try:
        run = RunStore(db).get(run_id, origins=origins)
    except RunNotFoundError:
        raise InputError(f"source[{i}]", f"{show(run_id)} names no saved run (GET /api/runs lists them; a unique "
                                         "prefix of an id will do)") from None
    scn = load_request_scenario(ScenarioRequest(scenario_text=run["scenario_yaml"]))
    label = run.get("label") or f"run {run['id'][:8]}"
    return scn, f"{label} ({run['scenario_name']})", f"saved run {run['id']} of {scn.title or scn.name}"


def _on_screen(screen, i: int):
    """The dashboard's own inputs (``POST /api/series``'s ``screen``: a scenario, its view and the changes)."""
    from gigawatt.web.loading import load_request_scenario

    if screen is None:
        raise InputError(f"source[{i}]", f"{SCREEN!r} is what the dashboard shows: send it as 'screen' in the body "
                                         "of POST /api/series")
    try:
        scn = load_request_scenario(screen)
    except InputError as e:
        raise InputError(f"screen.{e.path}" if e.path else "screen", e.message) from None
    n = len(screen.overrides)
    changes = f", {n} change{'s' if n != 1 else ''}" if n else ""
    return scn, "on screen", f"{scn.title or scn.name} as on screen{changes}"


def load_source(source: str, i: int, db, origins: tuple[str, ...] = ("server",), screen=None) -> tuple:
    """(Scenario, short label for a legend, title) of a source; InputError naming ``source[i]`` for one that
    names nothing."""
    if source == SCREEN:
        return _on_screen(screen, i)
    if source.startswith("run:"):
        return _saved(source[4:], i, db, origins)
    scn = _scenario(source, i)
    view = source.partition("@")[2]
    return scn, scn.name + (f" @ {view}" if view else ""), (scn.title or scn.name) + (f" · {view} view" if view else "")


def _state(scn) -> str | None:
    return getattr(getattr(scn, "energy", None), "comparison_state", None)


def _trace(o: outputs.Output, scn, res, source: str, label: str, title: str) -> dict:
    if o.scope == "series":
        values = [float(x) if math.isfinite(x) else None for x in res.series(o.name).tolist()]
        return {"source": source, "label": label, "title": title, "quarters": res.quarters, "values": values,
                "text": [present.value(v, o.unit) for v in values]}
    v = res.headline().get(o.name)
    number = quarter_year(v) if o.unit == "quarter" else v
    number = number if present.finite(number) else None
    return {"source": source, "label": label, "title": title, "value": number,
            "text": present.headline(o.name, v, o.unit, _state(scn))}


def _list(x) -> list:
    return x if isinstance(x, list) else [] if x is None else [x]


def _band(o: outputs.Output, results: dict) -> dict | None:
    """A saved Monte Carlo's P5, median and P95 of the output, where it aggregated it (dates are not banded)."""
    if o.scope == "series":
        q = (results.get("series") or {}).get(o.name)
        return {"quarters": results.get("quarters"), **{p: q[p] for p in ("p5", "p50", "p95")}} if q else None
    q = (results.get("headline") or {}).get(o.name)
    if not q or o.unit in ("quarter", "year") or not all(present.finite(q.get(p)) for p in ("p5", "p50", "p95")):
        return None
    return {p: q[p] for p in ("p5", "p50", "p95")}


def add_bands(traces: list[dict], o: outputs.Output, db, origins: tuple[str, ...] = ("server",)) -> None:
    """Beside each saved Monte Carlo run's deterministic line: its P5–P95 (``band``, with ``band_text`` and the
    draws), read from the run store (the run was found already, so it exists)."""
    from gigawatt.store import RunStore

    for t in traces:
        if not t["source"].startswith("run:"):
            continue
        run = RunStore(db).get(t["source"][4:], origins=origins)
        band = _band(o, run.get("results") or {}) if run.get("kind") == "mc" else None
        if band:
            t["band"] = {**band, "draws": run.get("draws")}
            t["band_text"] = {p: [present.value(v, o.unit) for v in _list(band[p])] for p in ("p5", "p50", "p95")}


def explore(output: str | None, sources: list[str] | None, db=None,
            origins: tuple[str, ...] = ("server",), hold=None, screen=None) -> dict:
    """One output for each source: ``{output, traces, axis: {divisor, title}, quarters}``. ``hold(scenario)``: a
    context the run of each source happens in (the server's memory budget for a power solve); ``screen``: the
    ScenarioRequest the source ``screen`` stands for."""
    from contextlib import nullcontext

    from gigawatt import api

    o = output_row(output)
    traces = []
    for i, source in enumerate(check_sources(sources)):
        scn, label, title = load_source(source, i, db, origins, screen)
        with (hold or (lambda _: nullcontext()))(scn):
            res = api.simulate(scn)
        traces.append(_trace(o, scn, res, source, label, title))
    add_bands(traces, o, db, origins)
    numbers = [v for t in traces for k in ("values", "p5", "p95") for v in _list(t.get(k, t.get("band", {}).get(k)))]
    numbers += [t["value"] for t in traces if "value" in t]
    divisor, axis_title = axis(o.unit, numbers)
    quarters = sorted({q for t in traces for q in t.get("quarters", [])})
    return {"output": {"key": o.key, "name": o.name, "scope": o.scope, "unit": o.unit, "kind": o.kind,
                       "label": o.label, "description": o.description, "group": o.group},
            "axis": {"divisor": divisor, "title": axis_title}, "quarters": quarters, "traces": traces}


def _rows(data: dict) -> tuple[list[str], list[list]]:
    """The table of a chart: a named first column (quarter, or source for a headline figure), values scaled to the
    axis, one column per source (headers carry the axis unit)."""
    d, unit = data["axis"]["divisor"], data["axis"]["title"]
    scaled = (lambda v: None if v is None else v / d)
    banded = [t for t in data["traces"] if "band" in t]
    band_head = [f"{t['label']} {p.upper()} ({unit})" for t in banded for p in ("p5", "p95")]
    if data["output"]["scope"] == "headline":
        head = ["source", f"{data['output']['label']} ({unit})", *(["P5 (" + unit + ")", "P95 (" + unit + ")"] if banded else [])]
        return head, [[t["label"], scaled(t["value"]), *([scaled(t["band"][p]) if "band" in t else None for p in ("p5", "p95")]
                                                        if banded else [])] for t in data["traces"]]
    head = ["quarter", *(f"{t['label']} ({unit})" for t in data["traces"]), *band_head]
    by_q = [dict(zip(t["quarters"], t["values"])) for t in data["traces"]]
    by_q += [dict(zip(t["band"]["quarters"], t["band"][p])) for t in banded for p in ("p5", "p95")]
    return head, [[q, *(scaled(m.get(q)) for m in by_q)] for q in data["quarters"]]


def _sheet(ws, name: str, head: list[str], rows: list[list]) -> None:
    """Rows under one header row, as an Excel table with filters; each column as wide as its widest cell."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ws.title = name
    ws.append(head)
    for r in rows:
        ws.append(r)
    for j, h in enumerate(head, start=1):
        cells = [h, *(f"{r[j - 1]:,.4g}" if isinstance(r[j - 1], float) else str(r[j - 1] or "") for r in rows)]
        ws.column_dimensions[get_column_letter(j)].width = min(max(map(len, cells)) + 3, 80)
        for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
            for c in row:
                if isinstance(c.value, float):
                    c.number_format = "#,##0.000"
    ref = f"A1:{get_column_letter(len(head))}{len(rows) + 1}"
    table = Table(displayName=name.replace(" ", "_"), ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(table)


def to_xlsx(data: dict, today: str) -> bytes:
    """The explorer's view as a workbook: its numbers (sheet Data) and what they are (sheet About)."""
    import io

    from openpyxl import Workbook

    from gigawatt.present.heading import data_date

    wb = Workbook()
    _sheet(wb.active, "Data", *_rows(data))
    o = data["output"]
    about = [["output", f"{o['label']} ({o['key']})"], ["description", o["description"]],
             ["unit", f"{data['axis']['title']} (model unit {o['unit']}, divided by {data['axis']['divisor']:g})"],
             *(["source", f"{t['label']}: {t['title']}"] for t in data["traces"]),
             ["made by", f"gigawatt model (deterministic runs), data as of {data_date()}, exported {today}"]]
    _sheet(wb.create_sheet(), "About", ["field", "value"], about)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
