"""A run as spreadsheet tables: headline figures, quarterly series, the ledger, the sources; xlsx or CSV.

Pure part: :func:`tables` turns a :class:`~gigawatt.results.Results` into plain tables (a header, rows of
plain values) read from the output schema (:mod:`gigawatt.outputs`), the ledger (``Results.ledger_rows``),
the scenario's ``sources:`` and ``guesses:`` and the catalog rows the run used (:mod:`gigawatt.catalog`).
The writers put them in a workbook (openpyxl, imported only here) or CSV files, each written whole or
not at all (:func:`gigawatt.files.write_atomic`). ``gigawatt export`` is the command-line face.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from gigawatt import catalog, outputs
from gigawatt.errors import InputError, show
from gigawatt.files import check_output, write_atomic

SHEETS = ("headline", "year_by_year", "ranges", "quarterly", "series", "ledger", "sources", "instruments",
          "capital_risk")
RANGE_LEVELS = (0.05, 0.5, 0.95)
SUFFIXES = (".xlsx", ".csv")
# Sourced figures the model reads besides the platforms (simulate.reference_figures), as (key, quantity).
REFERENCE_ROWS = (("nuclear-reactor", "net_capacity_gw"), ("nuclear-reactor", "capacity_factor"),
                  ("us-household", "electricity_kwh_per_year"))
H100 = "h100-hgx"  # the H100-equivalent yardstick (bf16 and fp8 peak per GPU)


@dataclass
class Table:
    """One sheet: column names, optional units under them, rows of plain values (str, int, float, None)."""

    name: str
    columns: list[str]
    rows: list[list]
    units: list[str] | None = None
    widths: dict[str, int] = field(default_factory=dict)


def _plain(x):
    if isinstance(x, (np.floating, float)):
        return float(x) if np.isfinite(x) else None
    if isinstance(x, (np.integer, int)) and not isinstance(x, bool):
        return int(x)
    return x


def headline_table(res) -> Table:
    """One row per headline figure: figure, label, value, unit, description (values as ``gigawatt run --json``)."""
    h = res.headline()
    rows = [[name, o.label, _plain(h.get(name)), o.unit, o.description] for name, o in outputs.headline().items()]
    for platform, gw in h.get("platform_mix_gw", {}).items():
        rows.append([f"platform_mix_gw.{platform}", f"GW online on {platform}", gw, "GW",
                     f"facility power online on {platform} at full build"])
    if h.get("comparison_state"):
        rows.append(["comparison_state", "Comparison state", h["comparison_state"], "",
                     "US state whose retail electricity sales comparison_state_share compares with"])
    return Table("headline", ["figure", "label", "value", "unit", "description"], rows,
                 widths={"label": 44, "description": 60})


def years_table(res) -> Table:
    """One row per calendar year (:meth:`~gigawatt.results.Results.by_year`): levels at the year's end, flows
    summed over the year, each column's name saying which."""
    rows = res.by_year()
    spec = outputs.series()
    keys = [k for k in (rows[0] if rows else {}) if k != "year" and k in spec]
    cols = ["year"] + [f"{k} {'at year end' if spec[k].kind == 'stock' else 'over the year'}" for k in keys]
    return Table("year_by_year", cols, [[r["year"]] + [_plain(r[k]) for k in keys] for r in rows],
                 units=[""] + [spec[k].unit for k in keys])


def ranges_table(res, mc) -> Table:
    """Each headline figure's P5, median and P95 over a Monte Carlo of the same scenario beside this run's value;
    ``mc`` None gives the sheet with a row saying why it is empty."""
    h = res.headline()
    rows = []
    ranges = mc.headline_ranges(RANGE_LEVELS) if mc is not None else {}
    for name, o in outputs.headline().items():
        if name in ranges:
            r = ranges[name]
            rows.append([name, o.label, _plain(h.get(name)), r["p5"], r["p50"], r["p95"], o.unit])
    about = (f"{mc.draws:,} draws, seed {mc.seed}" if mc is not None else "no Monte Carlo (--draws 0)")
    rows.append(["draws", f"Monte Carlo of this scenario: {about}", mc.draws if mc is not None else 0, None, None,
                 None, "draws"])
    return Table("ranges", ["figure", "label", "value", "p5", "median", "p95", "unit"], rows, widths={"label": 44})


def series_names(res) -> list[str]:
    """The quarterly series of the output schema that this run has, in the schema's order."""
    out = []
    for name, o in outputs.series().items():
        how, of = o.rule
        if name in res.data or (how == "cumulative" and of in res.data):
            out.append(name)
    return out


def _series(res, name: str) -> np.ndarray:
    how, of = outputs.series()[name].rule
    if name not in res.data and how == "cumulative":  # the schema's rule: the flow summed to date
        return np.cumsum(res.series(of))
    return res.series(name)


def quarterly_table(res) -> Table:
    """One row per quarter, one column per series; the units in a second header row."""
    names = series_names(res)
    cols = {n: _series(res, n) for n in names}
    rows = [[q] + [_plain(cols[n][i]) for n in names] for i, q in enumerate(res.quarters)]
    return Table("quarterly", ["quarter"] + names, rows, units=["unit"] + [outputs.series()[n].unit for n in names])


def series_table(res) -> Table:
    """What each column of the quarterly sheet holds: name, unit, kind (stock or flow), description."""
    spec = outputs.series()
    rows = [[n, spec[n].unit, spec[n].kind, spec[n].description] for n in series_names(res)]
    return Table("series", ["series", "unit", "kind", "description"], rows, widths={"description": 80})


def ledger_table(res) -> Table:
    """Every flow of the circular ledger: quarter, payer, payee, kind, usd."""
    cols = ["quarter", "payer", "payee", "kind", "usd"]
    return Table("ledger", cols, [[r[c] for c in cols] for r in res.ledger_rows()])


def used_refs(res) -> list[catalog.Ref]:
    """The catalog rows this run read: its platforms, the H100 yardstick, the comparison figures and state."""
    mix = np.asarray(res.data["gw_by_platform"])[0]
    platforms = [p for i, p in enumerate(res.static.platform_names) if np.any(mix[:, i] > 0)]
    refs = [r for p in platforms for r in catalog.platform_sources(p)]
    refs += [r for r in catalog.platform_sources(H100) if r.quantity in ("bf16_dense_pflops_per_gpu",
                                                                         "fp8_dense_pflops_per_gpu")]
    refs += [catalog.ref(k, q) for k, q in REFERENCE_ROWS]
    state = res.scenario.energy.comparison_state
    refs.append(catalog.us_states()[state])
    seen, out = set(), []
    for r in refs:
        if (r.file, r.key, r.quantity, r.year) not in seen:
            seen.add((r.file, r.key, r.quantity, r.year))
            out.append(r)
    return out


def _scenarios(res) -> list:
    """The scenario and, for a composite, its parts' scenarios."""
    return [res.scenario] + [p.scenario for p in getattr(res, "parts", [])]


def sources_table(res) -> Table:
    """The scenario's sources and guesses (and its parts'), then the catalog rows the run used."""
    cols = ["kind", "scenario", "key", "quantity", "value", "low", "high", "unit", "year", "source", "note"]
    rows, seen = [], set()
    for scn in _scenarios(res):
        for kind, items in (("scenario source", scn.sources), ("guess", scn.guesses)):
            for text in items:
                if (kind, text) not in seen:
                    seen.add((kind, text))
                    rows.append([kind, scn.name, "", "", None, None, None, "", None, text, ""])
    for r in used_refs(res):
        rows.append([f"catalog: {r.file}", "", r.key, r.quantity, r.value, r.low, r.high, r.unit, r.year,
                     r.source, r.note])
    return Table("sources", cols, rows,
                 widths={"source": 80, "note": 50})


def tables(res, mc=None) -> dict[str, Table]:
    """Every sheet of the export, by name (:data:`SHEETS`); ``mc``, a Monte Carlo of the same scenario, fills
    the ranges sheet."""
    from gigawatt.capital import sheets as capital_sheets  # the capital stack's sheets (gigawatt.capital)

    return {t.name: t for t in (headline_table(res), years_table(res), ranges_table(res, mc), quarterly_table(res),
                                series_table(res), ledger_table(res),
                                sources_table(res), *capital_sheets.tables(res, Table))}


# --- where the export goes ----------------------------------------------------------------------------------

def target(path: str | Path, option: str = "--output") -> tuple[str, Path]:
    """``("xlsx" | "csv" | "folder", path)``, checked before any work; a bad path is an :class:`InputError`.

    An existing folder takes one CSV per sheet; ``.xlsx`` a workbook; ``.csv`` one table (``--sheet``, by
    default the quarterly series)."""
    p = Path(path)
    try:
        is_dir = bool(str(path).strip()) and p.is_dir()
    except OSError:  # a name too long for the file system: check_output says so
        is_dir = False
    if is_dir:
        check_output(p / "headline.csv", option)  # writable, no folder in the way of a sheet's file
        return "folder", p
    if str(path).strip() and p.suffix.lower() not in SUFFIXES:
        raise InputError(option, f"{show(str(path))} must end in .xlsx or .csv, or name an existing folder "
                                 f"(one CSV per sheet)")
    p = check_output(path, option, SUFFIXES)
    return p.suffix.lower().lstrip("."), p


def csv_text(t: Table) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(t.columns)
    if t.units:
        w.writerow(t.units)
    w.writerows([["" if v is None else inert(v) for v in row] for row in t.rows])
    return buf.getvalue()


def write_csv(t: Table, path: str | Path) -> None:
    write_atomic(path, csv_text(t))


def write_folder(ts: dict[str, Table], folder: str | Path) -> list[Path]:
    paths = []
    for name, t in ts.items():
        paths.append(Path(folder) / f"{name}.csv")
        write_csv(t, paths[-1])
    return paths


def workbook(ts: dict[str, Table], title: str = ""):
    """The tables as an openpyxl Workbook: one header row with units in it (money in $B), each sheet an Excel
    table with filters, frozen panes, every column wide enough for its formatted numbers."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for t in ts.values():
        ws = wb.create_sheet(t.name)
        columns, rows, formats = sheet_of(t)
        ws.append(columns)
        for row in rows:
            ws.append(row)
            _as_text(ws[ws.max_row])
        _finish(ws, t, formats)
    wb.properties.title = title or None
    return wb


def _in_billions(unit: str) -> bool:
    return unit.startswith("USD")


def sheet_of(t: Table) -> tuple[list[str], list[list], list]:
    """(header with units, rows with money in $B, number format per cell) of a table, for a spreadsheet."""
    units = t.units or [""] * len(t.columns)
    if "usd" in t.columns:
        units = ["USD" if c == "usd" else u for c, u in zip(t.columns, units)]
    per_row = "unit" in t.columns and "value" in t.columns and not t.units
    columns = [f"{c} ({_shown(u)})" if u and c not in ("quarter", "unit") else c for c, u in zip(t.columns, units)]
    rows, formats = [], []
    for row in t.rows:
        us = list(units)
        if per_row:  # the row's unit holds for its value (and a catalog row's low and high)
            for c in ("value", "low", "high", "p5", "median", "p95"):
                if c in t.columns:
                    us[t.columns.index(c)] = str(row[t.columns.index("unit")] or "")
        rows.append([_scaled(v, u) for v, u in zip(row, us)])
        if per_row:
            rows[-1][t.columns.index("unit")] = _shown(str(row[t.columns.index("unit")] or ""))
        formats.append([number_format(u) for u in us])
    return columns, rows, formats


def _shown(unit: str) -> str:
    return "$B" + unit[3:] if _in_billions(unit) else unit


def _scaled(v, unit: str):
    return v / 1e9 if _in_billions(unit) and isinstance(v, (int, float)) and not isinstance(v, bool) else v


def _finish(ws, t: Table, formats: list) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table as XlTable, TableStyleInfo

    widths = [len(str(c.value)) for c in ws[1]]
    for row, fmts in zip(ws.iter_rows(min_row=2), formats):
        for j, (cell, fmt) in enumerate(zip(row, fmts)):
            if fmt and isinstance(cell.value, (int, float)):
                cell.number_format = fmt
            widths[j] = max(widths[j], _shown_len(cell.value, fmt))
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(w + 3, t.widths.get(ws.cell(1, j).value, 60))
    ws.freeze_panes = ws.cell(row=2, column=2 if t.name == "quarterly" else 1)
    if ws.max_row > 1:
        tab = XlTable(displayName=f"t_{t.name}", ref=f"A1:{get_column_letter(ws.max_column)}{ws.max_row}")
        tab.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(tab)


def _shown_len(v, fmt) -> int:
    """Characters a cell shows in its format (Excel prints ##### in a narrower column)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return len(str(v or ""))
    if fmt == "0.0%":
        return len(f"{v * 100:,.1f}%")
    if fmt in ("#,##0", "#,##0.000"):
        return len(f"{v:,.{0 if fmt == '#,##0' else 3}f}")
    return len(f"{v:.6g}") + 2  # General: up to 11 characters, 6 significant figures here


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(cells) -> None:
    """Text that Excel would take for a formula (``=HYPERLINK(...)`` in a scenario's source) stays text."""
    for c in cells:
        if isinstance(c.value, str) and c.value.startswith(FORMULA_START):
            c.data_type = "s"


def inert(v):
    """A CSV cell a spreadsheet will not run: text starting ``= + - @``, tab or CR gets a leading ``'``
    (OWASP's advice for CSV injection); numbers stay numbers."""
    return f"'{v}" if isinstance(v, str) and v.startswith(FORMULA_START) else v


def number_format(unit: str) -> str | None:
    """How a spreadsheet shows a value in ``unit`` (the cell keeps the full number; money is in $B)."""
    if _in_billions(unit):
        return "#,##0.000"
    if unit == "fraction":
        return "0.0%"
    if unit in ("GPUs", "dies", "units", "H100e", "households", "tokens", "tokens/s"):
        return "#,##0"
    return None


def write_xlsx(ts: dict[str, Table], path: str | Path, title: str = "", res=None) -> bool:
    """The tables as a workbook; given the run, led by its live model (:mod:`gigawatt.export_model`).
    True where the live sheets were written."""
    wb = workbook(ts, title)
    live = False
    if res is not None:
        from gigawatt import export_model

        live = export_model.add_sheets(wb, res)
    write_atomic(path, lambda tmp: wb.save(tmp))
    return live
