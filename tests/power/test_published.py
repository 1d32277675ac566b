"""The off-grid AI whitepaper (Dec 2024) like for like: its inputs, financing and tax credit, this project's LP.

The inputs are the open calculator's defaults (power_cases.csv; a second public implementation of the
whitepaper's workbook carries the same figures), among them its DC/AC ratio of 1.2 (the project's own profiles
use 1.3). Each design is priced with the workbook's cash-flow model (cash_flow_lcoe).

Measured differences (this project higher each time; also in docs/power-sources.md and the README): turbines
alone +0.1 % (no solar, no dispatch: the cash-flow model and inputs alone, so a tight 1 % tolerance); 44 % solar
+ storage +3.6 %, 90 % +3.3 %. The solar cases keep a 6 % tolerance for what still differs: this project's synthetic
West Texas profile scaled to its own capacity factor (0.26 AC; at 0.28 the gaps fall to +2.2 % and +0.3 %), the
LP's optimal dispatch instead of the workbook's rules, and no degradation over the 20 years."""

from dataclasses import replace

import pytest

from gigawatt.power import published as pub
from gigawatt.power.options import crf


def test_inputs_are_the_sourced_rows():
    c = pub.inputs()
    assert c["load_mw"] == 100 and c["backup_share"] == 1.25 and c["solar_capex_usd_per_wdc"] == pytest.approx(0.77)
    assert c["dc_ac_ratio"] == 1.2  # the calculator's powerflow model, not the project's 1.3
    assert (c["cost_of_equity"], c["cost_of_debt"], c["leverage"], c["tax_rate"]) == (0.11, 0.075, 0.70, 0.21)
    assert c["discount_rate"] == pytest.approx(0.7 * 0.075 * 0.79 + 0.3 * 0.11, abs=1e-4)


def test_levelised_fuel_by_hand():
    c = pub.inputs()
    r, g = c["discount_rate"], 0.03
    pv = sum((1 + g) ** (t - 1) / (1 + r) ** t for t in range(1, 21))
    assert pub.levelised_fuel(c) == pytest.approx(5.0 * pv * r / (1 - (1 + r) ** -20))
    assert 5.0 < pub.levelised_fuel(c) < 5.0 * 1.03 ** 19


def test_cash_flow_lcoe_of_flat_om_is_its_price():
    # no capex, no fuel, no escalation: tax scales revenue and cost alike, so the price is O&M per MWh
    c = {**pub.inputs(), "om_escalation": 0.0}
    d = pub.Design(capex_usd=0.0, itc_usd=0.0, om_usd_yr=1.2e6, fuel_mmbtu_yr=0.0, served_mwh_yr=1e5)
    assert pub.cash_flow_lcoe(d, c) == pytest.approx(12.0)


def test_cash_flow_lcoe_all_equity_no_tax_is_an_annuity():
    # all equity, no tax, one construction year: the price recovers capex as an annuity at the cost of equity
    c = {**pub.inputs(), "leverage": 0.0, "tax_rate": 0.0, "construction_years": 1}
    d = pub.Design(capex_usd=1e8, itc_usd=0.0, om_usd_yr=0.0, fuel_mmbtu_yr=0.0, served_mwh_yr=1e5)
    assert pub.cash_flow_lcoe(d, c) == pytest.approx(1e8 * crf(0.11, 20) / 1e5)


def test_credit_lowers_and_fuel_raises_the_price():
    c = pub.inputs()
    d = pub.Design(capex_usd=1e8, itc_usd=0.0, om_usd_yr=1e6, fuel_mmbtu_yr=1e5, served_mwh_yr=1e5)
    assert pub.cash_flow_lcoe(replace(d, itc_usd=3e7), c) < pub.cash_flow_lcoe(d, c)
    assert pub.cash_flow_lcoe(replace(d, fuel_mmbtu_yr=2e5), c) > pub.cash_flow_lcoe(d, c)


def test_gas_turbines_alone_within_1_percent_of_the_published_86():
    c = pub.inputs()
    d = pub.turbines_design(c)
    # no soft costs on turbines (the workbook's rule): 885 $/kW x 125 MW + 410 $/kW x 100 MW x 1.118
    assert d.capex_usd == pytest.approx(885e3 * 125 + 410e3 * 100 * 1.118)
    assert d.fuel_mmbtu_yr == pytest.approx(876_000 * 9.630)
    assert pub.gas_turbines_alone(c) == pytest.approx(c["gas_turbine_lcoe_usd_per_mwh"], rel=0.01)


def test_44_percent_solar_storage_within_6_percent_of_the_published_93():
    c = pub.inputs()
    got = pub.microgrid(c, 0.44)
    assert got["renewable_share"] == pytest.approx(0.44, abs=1e-3) and got["engines_mw"] == pytest.approx(125, rel=1e-3)
    assert got["lcoe_usd_per_mwh"] == pytest.approx(c["renewable_44_lcoe_usd_per_mwh"], rel=0.06)
    # near cost parity with gas, as the whitepaper finds (93 / 86 = +8 %): within 12 % of turbines alone
    assert got["lcoe_usd_per_mwh"] / pub.gas_turbines_alone(c) - 1 < 0.12


def test_the_cli_prints_the_published_case_beside_ours(monkeypatch):
    """``gigawatt power --published``: each case's published and own LCOE, the difference, the design; --json the
    same rows (side_by_side stubbed: its solves are pinned above)."""
    import json

    from typer.testing import CliRunner

    from gigawatt.cli import app

    rows = [{"case": "gas turbines alone", "published_usd_per_mwh": 86.0, "gigawatt_usd_per_mwh": 86.05,
             "difference": 86.05 / 86 - 1},
            {"case": "44% solar + storage, 125 % engines", "published_usd_per_mwh": 93.0,
             "gigawatt_usd_per_mwh": 96.4, "difference": 96.4 / 93 - 1, "solar_mw": 198.0, "battery_mwh": 169.0,
             "engines_mw": 125.0, "renewable_share": 0.44}]
    monkeypatch.setattr(pub, "side_by_side", lambda: rows)
    text = CliRunner().invoke(app, ["power", "--published"], env={"COLUMNS": "140"})
    assert text.exit_code == 0, text.output
    assert "+0.1%" in text.output and "+3.7%" in text.output and "198 MWac solar" in text.output
    out = json.loads(CliRunner().invoke(app, ["power", "--published", "--json"]).output)
    assert out["case"] == pub.CASE and out["rows"] == rows
