"""The live Excel model: its formulas, evaluated by a formula engine (``formulas`` from PyPI), give
``gigawatt run``'s figures; editing PUE in the Inputs sheet moves the chain; scenario text is never a formula."""

import csv

import pytest

import gigawatt as gw
from gigawatt import export as ex

openpyxl = pytest.importorskip("openpyxl")
formulas = pytest.importorskip("formulas")


@pytest.fixture(scope="module")
def res():
    return gw.simulate(gw.load_scenario("openai-nvidia-10gw"))


@pytest.fixture(scope="module")
def book(res, tmp_path_factory):
    path = tmp_path_factory.mktemp("live") / "deal.xlsx"
    assert ex.write_xlsx(ex.tables(res), path, res=res)
    return path


def _evaluate(path):
    """Every formula cell of the workbook, computed by the engine: {"MODEL!M4": value}."""
    sol = formulas.ExcelModel().loads(str(path)).finish().calculate()
    out = {}
    for key, v in sol.items():
        ref = key.split("]", 1)[-1].replace("'", "").upper()
        if ":" not in ref and hasattr(v, "value"):
            out[ref] = v.value[0, 0]
    return out


def _money(wb, cells):
    names = [r[0].value for r in wb["Money"].iter_rows(min_row=2)]
    return {n: cells[f"MONEY!B{i}"] for i, n in enumerate(names, start=2)}


def test_formulas_recompute_to_the_run(book, res):
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames[:3] == ["Inputs", "Model", "Money"]
    assert str(wb["Model"]["E2"].value).startswith("=") and "pue" in wb["Model"]["C2"].value
    cells = _evaluate(book)
    h = res.headline()
    total = wb["Model"].max_row
    assert cells[f"MODEL!B{total}"] == pytest.approx(h["capacity_gw"])
    assert cells[f"MODEL!E{total}"] == pytest.approx(h["racks"], rel=1e-9)
    assert cells[f"MODEL!F{total}"] == pytest.approx(h["gpus"], rel=1e-9)
    assert cells[f"MODEL!G{total}"] == pytest.approx(h["gpu_dies"], rel=1e-9)
    assert cells[f"MODEL!H{total}"] == pytest.approx(h["annual_energy_twh"], rel=1e-9)
    assert cells[f"MODEL!M{total}"] == pytest.approx(h["capex_usd"] / 1e9, rel=1e-9)
    m = _money(wb, cells)
    assert m["vendor system sales"] == pytest.approx(h["vendor_system_sales_usd"] / 1e9, rel=1e-9)
    assert m["vendor gross profit"] == pytest.approx(h["vendor_gross_profit_usd"] / 1e9, rel=1e-9)
    assert m["vendor net cash"] == pytest.approx(h["vendor_net_cash_usd"] / 1e9, rel=1e-9)
    assert m["vendor share of capex"] == pytest.approx(h["vendor_share_of_capex"], rel=1e-9)
    assert m["required revenue"] == pytest.approx(h["required_revenue_usd_per_year"] / 1e9, rel=1e-9)
    # hand check (model/costs.py docstring): 10 GW at PUE 1.2, 10 % non-rack IT = 7.58 GW of racks; $444.9 B
    assert cells[f"MODEL!D{total}"] == pytest.approx(10 / 1.2 / 1.1) and m["required revenue"] > 0


def test_editing_pue_in_excel_moves_the_results(book, tmp_path):
    wb = openpyxl.load_workbook(book)
    row = next(r for r in wb["Inputs"].iter_rows(min_row=2) if r[0].value == "pue")
    row[2].value = 1.5  # from 1.2: IT, racks and GPUs fall by 1.2 / 1.5
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    before, after = _evaluate(book), _evaluate(edited)
    total = wb["Model"].max_row
    for col in "CDEFG":
        assert after[f"MODEL!{col}{total}"] == pytest.approx(before[f"MODEL!{col}{total}"] * 1.2 / 1.5)
    assert after[f"MODEL!H{total}"] == pytest.approx(before[f"MODEL!H{total}"])  # energy follows facility GW
    assert after[f"MODEL!M{total}"] < before[f"MODEL!M{total}"]
    assert _money(wb, after)["required revenue"] < _money(wb, before)["required revenue"]


def test_inputs_are_named_with_units_and_sources(book):
    wb = openpyxl.load_workbook(book)
    rows = [[c.value for c in r] for r in wb["Inputs"].iter_rows(min_row=2)]
    assert {"pue", "load_factor", "price_mwh", "rack_kw_1", "price_1"} <= set(wb.defined_names)
    assert all(r[3] and r[4] for r in rows)
    for ws in (wb["Inputs"], wb["Model"], wb["Money"]):
        assert len(ws.tables) == 1 and list(ws.tables.values())[0].ref.startswith("A1:")


def test_a_composite_has_no_live_sheets(tmp_path):
    comp = gw.simulate(gw.load_scenario("openai-portfolio"))
    assert not ex.write_xlsx(ex.tables(comp), tmp_path / "p.xlsx", res=comp)
    assert "Model" not in openpyxl.load_workbook(tmp_path / "p.xlsx").sheetnames


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    evil = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "plain"]
    t = ex.Table("sources", ["source"], [[e] for e in evil] + [[-5.0]])
    ex.write_xlsx({"sources": t}, tmp_path / "s.xlsx")
    cells = [r[0] for r in openpyxl.load_workbook(tmp_path / "s.xlsx")["sources"].iter_rows(min_row=2)]
    assert [c.value for c in cells] == evil + [-5.0]
    assert all(c.data_type == "s" for c in cells[:5])
    ex.write_csv(t, tmp_path / "s.csv")
    body = [r[0] for r in csv.reader((tmp_path / "s.csv").open())][1:]
    assert body == ["'" + e for e in evil[:4]] + ["plain", "-5.0"]
