"""`gigawatt export`: the workbook's sheets, pinned cells, the CSV variants, bad paths rejected before work."""

import csv
import json
import os
import subprocess
import sys

import pytest

from gigawatt import export as ex
from gigawatt import outputs

openpyxl = pytest.importorskip("openpyxl")


def gigawatt(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "COLUMNS": "200"}, timeout=300)


@pytest.fixture(scope="module")
def run_json():
    r = gigawatt("run", "openai-nvidia-10gw", "--json")  # the workbook below is of the LOI
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("xlsx") / "deal.xlsx"
    r = gigawatt("export", "openai-nvidia-10gw", "-o", str(path))
    assert r.returncode == 0, r.stderr
    notice, wrote = r.stdout.strip().splitlines()  # the LOI is superseded: the notice comes first
    assert notice.startswith("SUPERSEDED on 2026-02-27") and r.stderr == ""
    assert wrote.startswith(f"wrote {path} (sheets: Inputs, Model, Money (live formulas), headline")
    return openpyxl.load_workbook(path)


def _rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def test_workbook_has_its_sheets(workbook):
    assert workbook.sheetnames == ["Inputs", "Model", "Money", *ex.SHEETS]  # the live model first
    assert _rows(workbook["headline"])[0] == ["figure", "label", "value", "unit", "description"]
    assert _rows(workbook["ledger"])[0] == ["quarter", "payer", "payee", "kind", "usd ($B)"]
    for ws in workbook:  # one header row, an Excel table with filters over the whole sheet
        assert [t.ref for t in ws.tables.values()] == [f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"]
    assert _rows(workbook["sources"])[0][:4] == ["kind", "scenario", "key", "quantity"]


def test_headline_cells_pinned_to_run_json(workbook, run_json):
    rows = {r[0]: r for r in _rows(workbook["headline"])[1:]}
    assert set(outputs.headline()) <= set(rows)
    summary = run_json["summary"]
    for key in ("capex_usd", "gpus", "annual_energy_twh", "full_build_online", "revenue_covers_year"):
        value = summary[key] / 1e9 if key.endswith("_usd") else summary[key]  # money in $B
        expected = pytest.approx(value) if isinstance(value, float) else value
        assert rows[key][2] == expected, key
    # hand-computed: bottom-up $444.9 B (tests/model/test_finance.py); 10 GW x 0.8 load factor x 8,760 h = 70.08 TWh
    assert rows["capex_usd"][2] == pytest.approx(444.9, rel=1e-3) and rows["capex_usd"][3] == "$B"
    assert rows["annual_energy_twh"][2] == pytest.approx(70.08)
    cells = {r[0].value: r for r in workbook["headline"].iter_rows(min_row=2)}
    assert cells["capex_usd"][2].number_format == "#,##0.000" and cells["round_trip_ratio"][2].number_format == "0.0%"
    mix = summary["platform_mix_gw"]["rubin-ultra-nvl576"]
    assert rows["platform_mix_gw.rubin-ultra-nvl576"][2] == pytest.approx(mix)


def test_no_number_is_too_wide_for_its_column(workbook):
    """Excel shows ##### where a formatted number is wider than its column (about one character a unit)."""
    for ws in workbook:
        for row in ws.iter_rows(min_row=2):
            for c in row:
                if isinstance(c.value, (int, float)) and not isinstance(c.value, bool):
                    shown = ex._shown_len(c.value, c.number_format if c.number_format != "General" else None)
                    assert shown < ws.column_dimensions[c.column_letter].width, (ws.title, c.coordinate, c.value)


def test_quarterly_sheet_one_row_per_quarter_units_in_the_header(workbook):
    rows = _rows(workbook["quarterly"])
    header, body = rows[0], rows[1:]
    assert header[0] == "quarter"
    assert [r[0] for r in body][:2] == ["2026Q1", "2026Q2"] and len(body) == 40   # 2026Q1-2035Q4
    col = header.index("gw_online (GW)")
    assert body[-1][col] == pytest.approx(10.0)
    cum = header.index("capex_cumulative_usd ($B)")  # a `cumulative:` series of the schema, summed to date
    assert body[-1][cum] == pytest.approx(sum(r[header.index("capex_usd ($B)")] for r in body))
    assert {r[0] for r in _rows(workbook["series"])[1:]} == {h.split(" (")[0] for h in header[1:]}


def test_year_by_year_sheet_levels_at_year_end_flows_summed(workbook):
    rows = _rows(workbook["year_by_year"])
    header, body = rows[0], rows[1:]
    assert [r[0] for r in body] == list(range(2026, 2036))  # one row per calendar year of the horizon
    assert "gw_online at year end (GW)" in header and "capex_usd over the year ($B)" in header
    assert body[-1][header.index("gw_online at year end (GW)")] == pytest.approx(10.0)
    quarterly = _rows(workbook["quarterly"])
    capex = [r[quarterly[0].index("capex_usd ($B)")] for r in quarterly[1:]]
    yearly = [r[header.index("capex_usd over the year ($B)")] for r in body]
    assert yearly[0] == pytest.approx(sum(capex[:4])) and sum(yearly) == pytest.approx(sum(capex))
    # a flow: the year's energy is its four quarters' energy
    energy = [r[quarterly[0].index("energy_twh (TWh)")] for r in quarterly[1:5]]
    assert body[0][header.index("energy_twh over the year (TWh)")] == pytest.approx(sum(energy))


def test_ranges_sheet_brackets_each_figure(workbook, run_json):
    rows = _rows(workbook["ranges"])
    assert rows[0] == ["figure", "label", "value", "p5", "median", "p95", "unit"]
    by = {r[0]: r for r in rows[1:]}
    assert by["draws"][2] == 1000 and "1,000 draws, seed 1" in by["draws"][1]
    assert by["capacity_gw"][2] == pytest.approx(run_json["summary"]["capacity_gw"])
    assert by["capex_usd"][2] == pytest.approx(run_json["summary"]["capex_usd"] / 1e9) and by["capex_usd"][6] == "$B"
    numeric = [r for r in rows[1:-1] if all(isinstance(v, (int, float)) for v in r[3:6])]
    assert len(numeric) >= 20 and all(r[3] <= r[4] <= r[5] for r in numeric)  # P5 <= median <= P95
    assert by["capacity_gw"][5] <= 10.0 + 1e-9  # no draw builds more than the program


def test_ledger_sheet_is_every_flow(workbook):
    import gigawatt as gw

    flows = gw.simulate(gw.load_scenario("openai-nvidia-10gw")).ledger_rows()
    body = _rows(workbook["ledger"])[1:]
    assert len(body) == len(flows)
    assert sum(r[4] for r in body) == pytest.approx(sum(f["usd"] for f in flows) / 1e9)  # $B


def test_sources_sheet_has_scenario_sources_guesses_and_used_catalog_rows(workbook):
    body = _rows(workbook["sources"])[1:]
    kinds = {r[0] for r in body}
    assert {"scenario source", "guess", "catalog: platforms.csv", "catalog: comparisons.csv",
            "catalog: us_states.csv"} <= kinds
    platforms = {r[2] for r in body if r[0] == "catalog: platforms.csv"}
    assert {"vera-rubin-nvl144", "rubin-ultra-nvl576"} <= platforms
    assert "gb200-nvl72" not in platforms   # not in this deal: not listed
    assert any(r[2] == "NY" and r[3] == "retail_sales_twh" for r in body)   # the comparison state


def test_csv_variants(tmp_path, run_json):
    r = gigawatt("export", "-o", str(tmp_path / "q.csv"), "--set", "facility.pue=1.3")
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader((tmp_path / "q.csv").open()))
    assert rows[0][0] == "quarter" and rows[1][0] == "unit" and len(rows) == 42
    r = gigawatt("export", "openai-nvidia-10gw", "-o", str(tmp_path / "h.csv"), "--sheet", "headline")
    assert r.returncode == 0, r.stderr
    head = {row["figure"]: row for row in csv.DictReader((tmp_path / "h.csv").open())}
    assert float(head["capex_usd"]["value"]) == pytest.approx(run_json["summary"]["capex_usd"])
    folder = tmp_path / "out"
    folder.mkdir()
    r = gigawatt("export", "-o", str(folder))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{s}.csv" for s in ex.SHEETS)


@pytest.mark.parametrize("args, message", [
    (["-o", "no-such-folder/deal.xlsx"], "error: --output: folder 'no-such-folder' does not exist"),
    (["-o", "deal.txt"], "error: --output: 'deal.txt' must end in .xlsx or .csv, or name an existing folder"),
    (["-o", "deal.csv", "--sheet", "cash"], "error: --sheet: 'cash' is not a sheet; choose one of headline"),
    (["-o", "deal.xlsx", "--sheet", "ledger"], "error: --sheet: applies only to a .csv output"),
    (["no-such-scenario", "-o", "deal.xlsx"], "error:"),
    (["-o", "deal.xlsx", "--draws", "-1"], "error: --draws: -1 is outside 0..100,000 (the ranges sheet's Monte Carlo)"),
    (["-o", "deal.xlsx", "--draws", "100001"], "error: --draws: 100,001 is outside 0..100,000"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, args, message):
    r = gigawatt("export", *args, cwd=tmp_path)
    assert r.returncode == 2, r.stderr
    assert r.stderr.startswith(message) and len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []   # nothing written


def test_bad_path_fails_before_any_work(tmp_path, monkeypatch):
    import gigawatt.api

    def boom(*a, **k):
        raise AssertionError("simulated before checking the path")

    monkeypatch.setattr(gigawatt.api, "simulate", boom)
    from gigawatt.errors import InputError

    with pytest.raises(InputError, match="does not exist"):
        ex.target(tmp_path / "missing" / "deal.xlsx")
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(InputError, match="is not a folder"):
        ex.target(tmp_path / "a-file" / "deal.xlsx")
    (tmp_path / "d.xlsx").mkdir()
    assert ex.target(tmp_path / "d.xlsx")[0] == "folder"   # an existing folder takes one CSV per sheet
    (tmp_path / "d.xlsx" / "headline.csv").mkdir()
    with pytest.raises(InputError, match="is a folder"):   # a sheet's file would be blocked
        ex.target(tmp_path / "d.xlsx")


def test_tables_are_plain_and_portfolio_lists_its_parts_sources():
    import gigawatt as gw

    res = gw.simulate(gw.load_scenario("openai-portfolio"))
    ts = ex.tables(res)
    src = ts["sources"].rows
    named = {r[1] for r in src if r[0] == "scenario source"}
    assert named >= {p.scenario.name for p in res.parts if p.scenario.sources}
    for t in ts.values():
        for row in t.rows:
            assert len(row) == len(t.columns)
            assert all(v is None or type(v) in (str, int, float) for v in row), (t.name, row)
