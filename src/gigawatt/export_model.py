"""The live Excel model: an Inputs sheet of named cells and a Model sheet of formulas over them.

The chain at the headline quarter (full build), one row per platform online then: facility GW → IT GW
(÷ PUE) → rack GW (÷ 1 + non-rack IT) → racks (× 1e6 ÷ rack kW) → GPUs and dies → energy (GW × load factor ×
8,760 h) → capex bottom-up (racks × unit, network and other-IT prices; MW × facility $/MW) → the vendor's
sales (its own content of each rack, plus its network), gross profit and net cash → required revenue (capex as
annuities over the IT and facility lives, electricity, opex). Every formula is the
model's own (:mod:`gigawatt.model.capacity`, ``energy``, ``costs``, ``finance``) written in Excel, reading
the run's own inputs (:func:`gigawatt.simulate.params`), so editing PUE in Excel moves racks, GPUs, capex and
required revenue. The time path (payment leads, depreciation by cohort) stays in the model; at full build every
asset is in service, so the levelised capital charge is capex × CRF(r, life) per asset class (``it_life``,
``facility_life``: the book lives on the model's quarterly grid).
Money in $B, energy in TWh. A top-down capex scenario (``finance.capex_usd_per_gw``) has no live chain.
"""

from __future__ import annotations

import sys

import numpy as np

from gigawatt import catalog, timeline
from gigawatt.model import costs

# (name in Excel, input path, unit shown, scale from the model's unit to the unit shown)
GLOBAL_INPUTS = (
    ("pue", "facility.pue", "ratio", 1.0),
    ("non_rack_it", "facility.non_rack_it_overhead", "fraction of rack IT", 1.0),
    ("load_factor", "facility.load_factor", "fraction", 1.0),
    ("price_mwh", "energy.price_usd_per_mwh", "$/MWh", 1.0),
    ("facility_per_mw", "finance.facility_usd_per_mw", "$M/MW", 1e-6),
    ("gross_margin", "finance.vendor_gross_margin", "fraction", 1.0),
    ("cost_of_capital", "finance.cost_of_capital", "per year", 1.0),
    ("opex_gw_year", "finance.opex_usd_per_gw_year", "$B/GW/yr", 1e-9),
    ("lease_markup", "finance.lease_markup", "fraction", 1.0),
)
PLATFORM_INPUTS = (("rack_kw", "unit_power_kw", "kW/rack"), ("pkg", "gpu_packages_per_unit", "GPUs/rack"),
                   ("dies", "gpu_dies_per_unit", "dies/rack"), ("price", "price_usd_per_unit", "$M/rack"),
                   ("network", "network_usd_per_unit", "$M/rack"), ("other_it", "other_it_usd_per_unit", "$M/rack"),
                   ("content", "vendor_content_share", "share of the rack price"))
MODEL_COLUMNS = ("platform", "GW (facility)", "IT GW", "rack GW", "racks", "GPUs", "GPU dies", "energy TWh/yr",
                 "electricity $B/yr", "vendor systems $B", "other IT $B", "facility $B", "capex $B")


def _program():
    return sys.modules["gigawatt.simulate"].Program


def _quarter(res) -> int:
    fb = int(np.asarray(res.data["headline_quarter"])[0])
    return fb - res.static.q0 if fb >= 0 else res.static.nq - 1


def _total(res, name: str) -> float:
    return float(np.asarray(res.series(name))[: _quarter(res) + 1].sum())


def inputs_rows(res) -> list[list]:
    """[name, input path, value, unit, source] of every cell the Model sheet reads, named as in Excel."""
    prog = _program().of(res.scenario)
    p = sys.modules["gigawatt.simulate"].params(prog.base, prog.static, None)
    scn = f"scenario {res.scenario.name}"
    rows = [[n, path, float(np.asarray(p[path])[0]) * k, unit, scn] for n, path, unit, k in GLOBAL_INPUTS]
    for i, name in enumerate(res.platform_mix()):
        refs = {r.quantity: r for r in catalog.platform_sources(name)}
        for short, q, unit in PLATFORM_INPUTS:
            x = np.asarray(p[f"hardware.{name}.{q}"])[0]
            x = costs.content_share(x) if q == "vendor_content_share" else np.nan_to_num(x)
            v = float(x) * (1e-6 if "$" in unit else 1.0)
            src = f"{refs[q].source} ({refs[q].year})" if q in refs else "catalog: data/platforms"
            rows.append([f"{short}_{i + 1}", f"hardware.{name}.{q}", v, unit, src])
    def grid_years(years: float) -> float:  # a life on the model's quarterly grid (finance.depreciation_schedule)
        return max(round(years * 4), 1) / 4

    it_life = min(float(np.asarray(p["finance.depreciation_years.it"])[0]),
                  float(np.asarray(p["facility.service_life_years"])[0]))
    rows += [["investment_cash", "total vendor_investment_cash_usd to full build", _total(
                 res, "vendor_investment_cash_usd") / 1e9, "$B", "gigawatt run (the scenario's investment terms)"],
             ["it_life", "min(finance.depreciation_years.it, facility.service_life_years)", grid_years(it_life),
              "years", scn],
             ["facility_life", "finance.depreciation_years.facility",
              grid_years(float(np.asarray(p["finance.depreciation_years.facility"])[0])), "years", scn],
             ["partner", "buyer leases from a partner (1) or owns (0)", int(res.static.buyer_is_partner), "0/1",
              scn]]
    return rows


def _platform_row(i: int, r: int, name: str, gw: float) -> list:
    k = i + 1
    return [name, gw, f"=B{r}/pue", f"=C{r}/(1+non_rack_it)", f"=D{r}*1000000/rack_kw_{k}", f"=E{r}*pkg_{k}",
            f"=E{r}*dies_{k}", f"=B{r}*load_factor*{timeline.HOURS_PER_YEAR:g}/1000", f"=H{r}*price_mwh/1000",
            f"=E{r}*(price_{k}*content_{k}+network_{k})/1000", f"=E{r}*(other_it_{k}+price_{k}*(1-content_{k}))/1000",
            f"=B{r}*1000*facility_per_mw/1000",
            f"=J{r}+K{r}+L{r}"]


def model_rows(res) -> tuple[list[list], list[list]]:
    """(the chain by platform with a total row, the money that follows as [figure, formula, unit, meaning])."""
    mix = res.platform_mix()
    rows = [_platform_row(i, i + 2, n, gw) for i, (n, gw) in enumerate(mix.items())]
    last = len(rows) + 1
    rows.append(["total"] + [f"=SUM({c}2:{c}{last})" for c in "BCDEFGHIJKLM"])
    t = f"Model!{{}}{last + 1}".format
    def crf(life: str) -> str:  # the capital recovery factor; 1/life at no cost of capital
        return f"IF(cost_of_capital=0,1/{life},cost_of_capital/(1-(1+cost_of_capital)^-{life}))"

    money = [["vendor system sales", f"={t('J')}", "$B", "the vendor's own content of the racks, and its network"],
             ["vendor gross profit", f"={t('J')}*gross_margin", "$B", "sales × the vendor's gross margin"],
             ["vendor investment (cash)", "=investment_cash", "$B", "cash the vendor puts in, to full build"],
             ["vendor net cash", "=B3-B4", "$B", "gross profit less the cash invested"],
             ["vendor share of capex", f"={t('J')}/{t('M')}", "fraction", "vendor systems ÷ capex"],
             ["capital charge (levelised)", f"=({t('J')}+{t('K')})*{crf('it_life')}+{t('L')}*{crf('facility_life')}",
              "$B/yr", "capex as annuities over the IT and facility lives at the cost of capital"],
             ["opex", f"={t('B')}*opex_gw_year", "$B/yr", "operating cost per GW online"],
             ["required revenue", f"=B7*IF(partner=1,1+lease_markup,1)+{t('I')}+B8", "$B/yr",
              "revenue that covers the capital charge (a partner's lease), electricity and opex at full build"]]
    return rows, money


def add_sheets(wb, res) -> bool:
    """Add the Inputs (named cells), Model and Money sheets to an openpyxl workbook; False (nothing added) for
    a composite or a top-down capex scenario, which have no one chain to write."""
    from openpyxl.workbook.defined_name import DefinedName

    if getattr(res, "parts", None) or res.static.capex_top_down:
        return False
    rows, money = model_rows(res)
    ins = wb.create_sheet("Inputs", 0)
    ins.append(["name", "input", "value", "unit", "source"])
    for i, row in enumerate(inputs_rows(res), start=2):
        ins.append(row)
        wb.defined_names[row[0]] = DefinedName(row[0], attr_text=f"Inputs!$C${i}")
    model = wb.create_sheet("Model", 1)
    model.append(list(MODEL_COLUMNS))
    for row in rows:
        model.append(row)
    out = wb.create_sheet("Money", 2)
    out.append(["figure", "value", "unit", "meaning"])
    for row in money:
        out.append(row)
    for ws in (ins, model, out):
        _as_table(ws)
    return True


def _as_table(ws) -> None:
    """One header row, an Excel table with filters, numbers to 3 decimals with thousands, columns wide enough."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.table import Table, TableStyleInfo

    ref = f"A1:{get_column_letter(ws.max_column)}{ws.max_row}"
    tab = Table(displayName=f"t_{ws.title}", ref=ref)
    tab.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(tab)
    ws.freeze_panes = "B2"
    for j, col in enumerate(ws.iter_cols(), start=1):
        for cell in col[1:]:
            if isinstance(cell.value, (int, float)) or (isinstance(cell.value, str) and cell.value.startswith("=")):
                cell.number_format = "#,##0.000"
        text = [len(str(c.value)) for c in col if isinstance(c.value, str) and not c.value.startswith("=")]
        ws.column_dimensions[get_column_letter(j)].width = min(max(text + [16]) + 2, 70)
