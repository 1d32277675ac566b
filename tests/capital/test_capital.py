"""The capital stack: hand-computed terms from sourced figures, metamorphic checks, the ledger, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from gigawatt.capital import analyse, data, depreciation, draws, risk, schedule, terms, waterfall

QUARTERS = np.arange(2026 * 4, 2036 * 4)
REVENUE = 26e9 * 1.6 ** ((QUARTERS - QUARTERS[0]) / 4)  # a revenue path (per year) for the lower-level checks


def _by_id(ident):
    return next(i for i in data.instruments() if i.id == ident)


def test_hyperion_yearly_coupon_by_hand():
    notes = _by_id("hyperion-notes-2049")
    assert notes.amount_usd == 27.3e9 and notes.rate == pytest.approx(0.0658)
    assert terms.yearly_coupon_usd(27.3e9, 0.066) == pytest.approx(1.8018e9)  # the brief's ~6.6 %: $1.80B
    assert terms.yearly_coupon_usd(notes.amount_usd, notes.rate) == pytest.approx(1.79634e9)
    # the schedule's first-year interest equals the coupon on the balance (level principal, quarterly)
    params = draws.sample(0, 0)
    d = schedule.dues(params, QUARTERS)["hyperion-notes-2049"]
    bal = 27.3e9 - 27.3e9 / 92 * np.arange(4)
    assert d["interest"][0, :4].sum() == pytest.approx((bal * 0.0658 / 4).sum())


def test_coreweave_spread_difference_is_225bp():
    d4, d5 = _by_id("coreweave-ddtl-4"), _by_id("coreweave-ddtl-5")
    assert terms.spread_difference_bp(d4.spread_bp, d5.spread_bp) == 225
    sofr = np.array([0.0365])
    assert terms.all_in_rate(None, d5.spread_bp, sofr) - terms.all_in_rate(None, d4.spread_bp, sofr) == \
        pytest.approx(0.0225)


@pytest.mark.parametrize("gw, price, shares", [
    (0.5, 300.0, 0.0),               # nothing before the first GW
    (1.0, 50.0, 160e6 / 6),          # the first tranche needs no price hurdle
    (6.0, 100.0, 160e6 / 6),         # every GW but the price short of the second hurdle ($120)
    (3.0, 250.0, 3 * 160e6 / 6),     # GW caps: tranches 1-3 (hurdles 0, 120, 240)
    (6.0, 600.0, 160e6),             # everything at 6 GW and $600
])
def test_amd_warrant_vesting_and_value(gw, price, shares):
    assert float(terms.amd_vested_shares(gw, price)) == pytest.approx(shares)
    assert float(terms.amd_warrant_value_usd(gw, price)) == pytest.approx(shares * (price - 0.01))


def test_amd_warrant_full_value_by_hand():
    assert float(terms.amd_warrant_value_usd(6.0, 600.0)) == pytest.approx(160e6 * 599.99)  # $95.998B


def test_every_row_is_dated_and_sourced_and_guesses_say_so():
    date = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for i in data.instruments():
        assert i.source and date.match(i.true_on) and date.match(i.checked_on), i.id
        if i.guess:
            assert "GUESS" in i.note, i.id
    for p, row in data.parties().items():
        assert row["source"] and date.match(row["true_on"]) and date.match(row["checked_on"]), p
    for r in data.depreciation_policies():
        assert r["source"] and date.match(r["checked_on"])


def test_bad_instrument_rows_are_named():
    with pytest.raises(ValueError, match=r"x\.start: '2026-3' is not a quarter"):
        data.quarter_index("2026-3", "x.start")


def _run(params, revenue_scale=1.0):
    dues = schedule.dues(params, QUARTERS)
    st = waterfall.run(params, dues, QUARTERS, REVENUE, revenue_scale)
    return st, dues


def test_no_debt_no_lender_loses():
    params = draws.sample(300, 4)
    for i in data.instruments():
        if i.is_debt:
            params[f"amount:{i.id}"] = np.zeros_like(params[f"amount:{i.id}"])
    st, dues = _run(params, 0.3)
    out = risk.summarise(st, dues, params, QUARTERS)
    assert all(v == 0 for v in out["expected_loss_by_lender"].values())


def test_more_revenue_never_raises_any_p_default():
    params = draws.sample(400, 7)
    p = []
    for scale in (0.25, 0.5, 1.0, 2.0):
        st, dues = _run(params, scale)
        p.append({k: float((v >= 0).mean()) for k, v in st["default_q"].items()})
    assert p[0]["openai"] > p[-1]["openai"]  # the check is not vacuous
    for lo, hi in zip(p, p[1:]):
        assert all(hi[k] <= lo[k] for k in lo), (lo, hi)


def test_senior_never_loses_a_larger_share_than_junior():
    params = draws.sample(400, 11)
    st, dues = _run(params, 0.3)
    out = risk.summarise(st, dues, params, QUARTERS)
    rank = {"secured": 0, "senior": 1, "junior": 2}
    share = {}
    for r in out["loss_by_instrument"]:
        share.setdefault(r["borrower"], []).append((rank[r["seniority"]], r["loss_share_of_amount"]))
    assert any(s > 0 for rows in share.values() for _, s in rows)
    for rows in share.values():
        for ra, sa in rows:
            assert all(sa <= sb + 1e-12 for rb, sb in rows if rb > ra)


def test_longer_life_never_lowers_first_year_earnings():
    lives = sorted({p["life_years"] for p in data.depreciation_policies()} | {2, 3, 7})
    earn = [depreciation.first_year_earnings_usd(40e9, 25e9, life) for life in lives]
    assert earn == sorted(earn)
    rows = depreciation.policy_table(40e9, (25 / 40, 0.2, 0.8))
    assert {r["company"]: r["life_years"] for r in rows}["meta"] == 5.5


def test_book_value_runs_above_resale_for_a_six_year_life():
    ages = np.array([1, 2, 3, 4])
    assert (depreciation.book_share(ages, 6) > depreciation.resale_share(ages)).all()


def test_the_ledger_balances_to_the_cent():
    params = draws.sample(300, 5)
    st, _ = _run(params, 0.5)
    from gigawatt.capital import ledger

    assert ledger.imbalance_usd(st) == 0.0


def test_reproducible_by_seed_and_draws_differ_by_seed():
    a = analyse("openai-portfolio", 200, 3)
    b = analyse("openai-portfolio", 200, 3)
    c = analyse("openai-portfolio", 200, 4)
    assert json.dumps(a, default=str) == json.dumps(b, default=str)
    assert a["parties"] != c["parties"] or a["expected_loss_by_lender"] != c["expected_loss_by_lender"]


def test_deterministic_run_uses_the_middle_values():
    params = draws.sample(0, 0)
    assert params["sofr"].shape == (1,) and params["sofr"][0] == pytest.approx(0.0365)
    assert params["amount:amazon-openai-equity-2026"][0] == 50e9


def _cli(*args):
    return subprocess.run([sys.executable, "-c", "from gigawatt.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=180)


def test_cli_json_lists_what_the_issue_asks():
    r = _cli("capital", "openai-portfolio", "--json", "--draws", "200", "--seed", "2")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert all(i["source"] and i["true_on"] for i in out["instruments"])
    assert {"openai", "coreweave"} <= set(out["parties"]) and "coreweave" in out["coverage"]
    assert "ddtl4-lenders" in out["expected_loss_by_lender"] and out["ledger_imbalance_usd"] == 0


@pytest.mark.parametrize("args, text", [(["--draws", "-1"], "draws: -1 is out of range"),
                                        (["--revenue-scale", "11"], "revenue_scale: 11.0 is out of range")])
def test_cli_bad_input_exits_2_in_one_line(args, text):
    r = _cli("capital", "openai-portfolio", *args)
    assert r.returncode == 2 and text in r.stderr and "Traceback" not in r.stderr


def test_stressed_credit_never_lowers_any_p_default():
    base = draws.sample(300, 9)
    p = []
    for params in (base, draws.apply_credit(base, "stressed")):
        st, _ = _run(params, 0.7)
        p.append({k: float((v >= 0).mean()) for k, v in st["default_q"].items()})
    assert all(p[1][k] >= p[0][k] for k in p[0]) and p[1] != p[0]


def test_unknown_credit_view_is_refused_naming_the_views():
    r = _cli("capital", "openai-portfolio", "--credit", "nope")
    assert r.returncode == 2 and "--credit: 'nope' is not a credit view; allowed: stressed" in r.stderr


@pytest.mark.parametrize("seed", [-1, 2**32])
def test_a_seed_out_of_range_is_one_line(seed):
    import subprocess
    import sys
    from pathlib import Path

    p = subprocess.run([str(Path(sys.executable).with_name("gigawatt")), "capital", "--draws", "10", "--seed",
                        str(seed)], capture_output=True, text=True, timeout=60)
    assert p.returncode == 2 and p.stderr.startswith("error: --seed:") and p.stderr.count("\n") == 1


def test_a_superseded_deal_says_so_first():
    import subprocess
    import sys
    from pathlib import Path

    p = subprocess.run([str(Path(sys.executable).with_name("gigawatt")), "capital", "openai-nvidia-10gw", "--draws",
                        "0"], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0 and p.stdout.startswith("SUPERSEDED on 2026-02-27")
