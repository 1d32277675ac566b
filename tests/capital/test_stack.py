"""finance.capital: each scenario's own stack (instruments, program funding along the capex path), composites
combining their parts', a view that sets credit terms; draws repaid by vintage; the ledger with the new flows."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gigawatt.capital import analyse, terms
from gigawatt.errors import InputError
from gigawatt.scenario import load_scenario


@pytest.fixture(scope="module")
def det():
    """Deterministic stacks (every guess at its middle value) of the scenarios compared below."""
    return {s: analyse(s, 0) for s in ("openai-nvidia-10gw", "openai-nvidia-2026", "stargate-10gw", "openai-portfolio")}


def _ids(res):
    return {i["id"] for i in res["instruments"]}


def test_the_stack_differs_by_scenario_where_the_stacks_differ(det):
    loi, now, star = det["openai-nvidia-10gw"], det["openai-nvidia-2026"], det["stargate-10gw"]
    # the LOI leans on NVIDIA: its money ($10B per GW of ~$50B) and leased GPUs; the 2026 terms on own funds and debt
    assert (loi["programs"][0]["vendor"], loi["programs"][0]["lease"]) == (0.2, 0.8)
    assert (now["programs"][0]["own"], now["programs"][0]["debt"]) == (0.3, 0.4)
    assert "openai-nvidia-10gw:lease" in _ids(loi) and "openai-nvidia-10gw:debt" not in _ids(loi)
    assert "nvidia-openai-equity-2026" in _ids(now) and "nvidia-openai-equity-2026" not in _ids(loi)
    # Stargate is Oracle's: bonds and campuses in joint ventures that lease to it
    assert star["programs"][0]["owner"] == "oracle" and star["programs"][0]["spv"] == 0.5
    assert {"stargate-10gw:spv-bonds", "stargate-10gw:spv-lease", "oracle-notes-2035"} <= _ids(star)
    assert "stargate-10gw-spv" in star["parties"]
    assert loi["expected_loss_by_lender"] != now["expected_loss_by_lender"] or loi["parties"] != now["parties"]


def test_a_program_is_funded_by_its_shares_of_the_capex_path(det):
    res = det["openai-nvidia-2026"]
    capex = res["programs"][0]["capex_usd"]
    rows = {i["id"]: i for i in res["instruments"]}
    assert rows["openai-nvidia-2026:own-funds"]["amount_usd"] == pytest.approx(0.3 * capex)
    assert rows["openai-nvidia-2026:debt"]["amount_usd"] == pytest.approx(0.4 * capex)
    assert rows["openai-nvidia-2026:lease"]["amount_usd"] == pytest.approx(0.11 * 0.3 * capex)  # rent per year
    assert rows["openai-nvidia-2026:debt"]["spread_bp"] == 400 and "GUESS" in rows["openai-nvidia-2026:debt"]["note"]


def test_a_composite_combines_its_parts_stacks(det):
    port = det["openai-portfolio"]
    parts = ("openai-nvidia-10gw-executed", "openai-amd-6gw", "openai-broadcom-10gw", "openai-oracle-4.5gw")
    assert [p["scenario"] for p in port["programs"]] == list(parts)
    for part in parts:
        assert _ids(analyse(part, 0)) <= _ids(port), part
    assert {"azure-openai-cloud", "coreweave-ddtl-4", "amd-openai-warrant"} <= _ids(port)  # its own, and a part's
    assert len(_ids(port)) == len(port["instruments"])  # each instrument once


def test_the_ledger_balances_with_program_flows_and_an_spv(det):
    for name, res in det.items():
        assert res["ledger_imbalance_usd"] == 0.0, name


def test_same_seed_same_json_for_the_portfolio():
    a, b = analyse("openai-portfolio", 150, 8), analyse("openai-portfolio", 150, 8)
    assert json.dumps(a, default=str) == json.dumps(b, default=str)


def test_the_stressed_credit_view_sets_terms_and_never_lowers_any_p_default():
    base = analyse("openai-portfolio", 300, 2, 0.7)
    stressed = analyse(load_scenario("openai-portfolio", view="stressed-credit"), 300, 2, 0.7)
    assert (stressed["credit"], stressed["gpu_life_years"]) == ("stressed", 4.0)
    assert all(stressed["parties"][p]["p_default"] >= r["p_default"] for p, r in base["parties"].items())
    assert sum(stressed["expected_loss_by_lender"].values()) > sum(base["expected_loss_by_lender"].values())


def test_draws_are_repaid_by_vintage_by_hand():
    drawn = np.array([[100.0, 100.0, 0.0, 0.0]])
    principal = terms.by_vintage(drawn, 2)
    np.testing.assert_allclose(principal, [[50, 100, 50, 0]])
    np.testing.assert_allclose(terms.balance_before(None, principal, drawn), [[100, 150, 50, 0]])
    np.testing.assert_allclose(terms.by_vintage(drawn, 2, bullet=True), [[0, 100, 100, 0]])


def test_a_delayed_draw_loan_is_drawn_over_its_draw_period():
    from gigawatt.capital import data, draws, schedule

    ddtl4 = next(i for i in data.instruments() if i.id == "coreweave-ddtl-4")
    assert ddtl4.draw_quarters == 4
    q = np.arange(2026 * 4, 2036 * 4)
    d = schedule.dues(draws.sample(0, 0), q)["coreweave-ddtl-4"]
    np.testing.assert_allclose(d["drawn"][0, 1:5], ddtl4.amount_usd / 4)  # 2026Q2-2027Q1
    assert d["drawn"][0, 0] == 0 and d["drawn"].sum() == pytest.approx(ddtl4.amount_usd)
    assert d["balance"][0, 1] == pytest.approx(ddtl4.amount_usd / 4)  # interest only on what is drawn


@pytest.mark.parametrize("sets, path, text", [
    (["finance.capital.funding.own=0.5"], "finance.capital.funding",
     "funding shares sum to 1.2; they must sum to 1"),
    (["finance.capital.instruments=[nope]"], "finance.capital.instruments", "'nope' is not an instrument"),
    (["finance.capital.owner=acme"], "finance.capital.owner", "'acme' is not a party"),
    (["finance.capital.credit=calm"], "finance.capital.credit", "'calm' is not a credit view; allowed: stressed"),
])
def test_bad_capital_input_names_the_field(sets, path, text):
    with pytest.raises(InputError) as e:
        load_scenario("openai-broadcom-10gw", overrides=sets)
    assert e.value.path.startswith(path) and text in e.value.message


def test_a_composite_may_not_fund_its_parts_programs():
    with pytest.raises(InputError) as e:
        load_scenario("openai-portfolio", overrides=["finance.capital.funding.own=1"])
    assert e.value.path == "finance.capital.funding" and "its parts fund their own programs" in e.value.message


def test_amds_warrant_vests_in_the_waterfall_by_gw_and_price():
    """By hand: the first tranche (26.7M shares) vests with the first GW at any price; at $203.71 flat the
    second ($120 hurdle) vests at 2 GW, the third ($240) never; sold as they vest."""
    from gigawatt.capital import data, draws, schedule
    from gigawatt.capital.stack import Stack

    q = np.arange(2026 * 4, 2028 * 4)
    gw = np.array([0, 0, 0.5, 1, 1, 2, 3, 3], dtype=float)
    warrant = next(i for i in data.instruments() if i.id == "amd-openai-warrant")
    stk = Stack((warrant,), {}, vendor_gw={"amd": gw}, vendor_price={"amd": (203.71, 2025 * 4 + 3)})
    params = draws.sample(0, 0, stk)
    params["warrant_share_price_growth_per_year"] = np.array([0.0])
    d = schedule.dues(params, q, stk)["amd-openai-warrant"]
    tranche = 160e6 / 6
    np.testing.assert_allclose(d["vested_shares"][0], [0, 0, 0, tranche, tranche, 2 * tranche, 2 * tranche,
                                                       2 * tranche])
    np.testing.assert_allclose(d["warrant"][0, 3], tranche * (203.71 - 0.01))
    params["warrant_share_price_growth_per_year"] = np.array([0.5])  # a rising price vests more, never less
    more = schedule.dues(params, q, stk)["amd-openai-warrant"]["vested_shares"][0]
    assert (more >= d["vested_shares"][0]).all() and more[-1] > d["vested_shares"][0, -1]


def test_the_portfolio_reports_the_warrant():
    res = analyse("openai-portfolio", 0)
    w = next(x for x in res["warrants"] if x["instrument"] == "amd-openai-warrant")
    assert w["holder"] == "openai" and w["proceeds_usd"] > 0 and max(w["vested_shares_by_year"].values()) <= 160e6


@pytest.mark.parametrize("name", ["openai-nvidia-2026", "stargate-10gw", "openai-nvidia-10gw"])
def test_the_main_ledger_carries_the_capital_flows_and_balances_to_the_cent(name):
    from gigawatt.api import simulate
    from gigawatt.capital.ledger import with_capital
    from gigawatt.model.finance import net_cash_by_party

    res = simulate(name)
    flows = with_capital(res)
    net = net_cash_by_party(flows)
    assert np.abs(sum(np.asarray(v) for v in net.values())).max() < 0.005  # every quarter, to the cent
    kinds = {k[2] for k in flows}
    assert {"lease_rent", "lease_funding"} <= kinds
    for who in ("customer", "cloud_partner"):  # financing closes each buyer's needs, no more
        if who in net:
            assert np.asarray(net[who]).min() > -0.005
    if name == "openai-nvidia-2026":  # debt: what is drawn is repaid with interest; rent is paid
        assert {"loan_draw", "interest", "principal"} <= kinds
        drawn = flows[("openai-nvidia-2026-lenders", "customer", "loan_draw")].sum()
        assert drawn == pytest.approx(0.4 * analyse(name, 0)["programs"][0]["capex_usd"])
        assert flows[("financiers", "customer", "financing")].sum() < res.data["flows"][
            ("financiers", "customer", "financing")].sum()
    if name == "stargate-10gw":  # the SPV's bonds, costs and distributions
        assert {"spv_costs", "distribution", "equity_funding"} <= kinds


def test_ledger_capital_on_the_command_line():
    from typer.testing import CliRunner

    from gigawatt.cli import app

    r = CliRunner().invoke(app, ["ledger", "openai-nvidia-2026", "--capital", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert abs(sum(out["cumulative_net_usd"].values())) < 1.0
    assert any(f["kind"] == "interest" and f["payer"] == "customer" for f in out["flows"])


def test_the_programs_guessed_terms_are_drawn_within_their_ranges():
    from gigawatt.api import simulate
    from gigawatt.capital import draws, stack

    res = simulate("openai-nvidia-2026")
    stk = stack.build(res.scenario, res)
    p = draws.sample(400, 3, stk)
    spread, rent = p["spread:openai-nvidia-2026:debt"], p["amount:openai-nvidia-2026:lease"]
    assert 225 <= spread.min() < 400 < spread.max() <= 650
    leased = 0.3 * analyse("openai-nvidia-2026", 0)["programs"][0]["capex_usd"]
    assert 0.09 * leased <= rent.min() < 0.11 * leased < rent.max() <= 0.13 * leased + 1
    assert draws.sample(0, 0, stk)["spread:openai-nvidia-2026:debt"][0] == 400  # no draws: the middle value


def test_a_range_that_misses_its_value_is_refused():
    with pytest.raises(InputError) as e:
        load_scenario("openai-broadcom-10gw", overrides=["finance.capital.debt.spread_bp_range=[500, 650]"])
    assert e.value.path.startswith("finance.capital.debt") and "must hold spread_bp 400" in e.value.message


def test_the_debt_share_is_drawn_and_own_funds_take_up_the_rest():
    from gigawatt.api import simulate
    from gigawatt.capital import draws, stack

    res = simulate("openai-nvidia-2026")
    stk = stack.build(res.scenario, res)
    capex = stk.programs[0]["capex_usd"]
    p = draws.sample(400, 5, stk)
    debt, own = p["amount:openai-nvidia-2026:debt"], p["amount:openai-nvidia-2026:own-funds"]
    assert 0.2 * capex <= debt.min() < 0.4 * capex < debt.max() <= 0.6 * capex
    np.testing.assert_allclose(own + debt, 0.7 * capex)
    with pytest.raises(InputError) as e:
        load_scenario("openai-broadcom-10gw", overrides=["finance.capital.funding.debt_range=[0.2, 0.8]"])
    assert e.value.path.startswith("finance.capital.funding") and "own funds take up the difference" in e.value.message


@pytest.mark.parametrize("override, words", [
    ({"finance.capital.debt.spread_bp_range": [0, 1e30]}, "within 0..5000"),
    ({"finance.capital.lease.rent_per_year_range": [0.09, 1e6]}, "within 0..2"),
])
def test_ranges_keep_the_bounds_of_their_values(override, words):
    """Attack review: a spread range up to 1e30 bp and a rent range up to 1e6 x cost per year were drawn."""
    from gigawatt.errors import InputError
    from gigawatt.scenario import load_scenario

    with pytest.raises(InputError, match=words):
        load_scenario("openai-amd-6gw", overrides=override)
