"""The capital stack's terms as published: key public figures reproduced by hand from their sources, every row
dated and sourced, every guess labelled and drawn, and the terms consistent with the deal tables."""

from __future__ import annotations

import csv
import re
from datetime import date
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from gigawatt.capital import data, draws, schedule, terms

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
TABLES = ("instruments.csv", "capital_parties.csv", "capital_assumptions.csv", "depreciation.csv",
          "residual_values.csv", "credit_views.csv")
# guesses the Monte Carlo draws from a row's own range columns; the others must say they are not drawn (the schema
# has no range column for a tenor, a covenant, a tranche split or a payment date)
DRAWN = {"amount": ("amount_low", "amount_high"), "rate": ("rate_low", "rate_high"), "rent": ("amount_low", "amount_high")}


def _rows(name):
    with (resources.files("gigawatt") / "data" / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _ins(ident):
    return next(i for i in data.instruments() if i.id == ident)


def _data_date():
    return date.fromisoformat((resources.files("gigawatt") / "data" / "data_date.txt").read_text().strip())


# --- every row: a dated, named source; public or a labelled guess -------------------------------------------------

@pytest.mark.parametrize("name", TABLES)
def test_every_row_names_a_dated_source_and_both_dates(name):
    today = _data_date()
    for r in _rows(name):
        who = f"{name}:{r.get('id') or r.get('key')}"
        assert r["source"].strip(), who
        if not r["guess"] and not r["source"].startswith("definition"):
            assert YEAR.search(r["source"]), f"{who}: a public figure names its publication's date"
        assert ISO.match(r["true_on"]) and ISO.match(r["checked_on"]), who
        assert date.fromisoformat(r["true_on"]) <= date.fromisoformat(r["checked_on"]) <= today, who


@pytest.mark.parametrize("name", TABLES)
def test_a_row_is_public_or_a_labelled_guess_never_both(name):
    for r in _rows(name):
        who = f"{name}:{r.get('id') or r.get('key')}"
        says_guess = "GUESS" in r["source"] + r["note"]
        assert says_guess == bool(r["guess"].strip()), who


def test_a_drawn_guess_has_a_range_and_the_monte_carlo_draws_it():
    params = draws.sample(400, 1)
    drawn = 0
    for r in _rows("instruments.csv"):
        for word, (lo, hi) in DRAWN.items():
            if word in r["guess"]:
                assert float(r[lo]) < float(r[hi]), (r["id"], word)
                key = f"{'rate' if word == 'rate' else 'amount'}:{r['id']}"
                assert params[key].std() > 0 and params[key].min() >= float(r[lo]) - 1e-9, (r["id"], word)
                drawn += 1
    assert drawn >= 8


def test_an_undrawn_guess_says_it_is_not_drawn():
    for r in _rows("instruments.csv"):
        left = [w.strip() for w in re.split(r",| and ", r["guess"]) if w.strip() and w.strip() not in DRAWN]
        for word in left:
            assert re.search(rf"not drawn: [^;]*\b{re.escape(word)}\b", r["note"]) or (
                f"{word} not drawn" in r["note"]), (r["id"], word)


def test_debt_has_a_rate_or_a_spread_and_contracts_a_term():
    for i in data.instruments():
        if i.is_debt:
            assert (i.rate is None) != (i.spread_bp is None), i.id
            assert i.tenor_years and i.amortisation in ("straight", "bullet", "level"), i.id
        if i.kind in ("lease", "cloud_contract"):
            assert i.tenor_years and i.tenor_years > 0, i.id


# --- Oracle: the six September 2025 series -----------------------------------------------------------------------

ORACLE_SEP_2025 = {2030: (3.0e9, 0.0445), 2032: (3.0e9, 0.048), 2035: (4.0e9, 0.052), 2045: (2.5e9, 0.05875),
                   2055: (3.5e9, 0.0595), 2065: (2.0e9, 0.061)}  # Oracle 8-K and 424(b)(2), Sep 2025


def test_oracle_sep_2025_notes_are_the_six_public_series():
    total = 0.0
    for year, (amount, rate) in ORACLE_SEP_2025.items():
        i = _ins(f"oracle-notes-{year}")
        assert (i.amount_usd, i.rate, i.amortisation, i.guess) == (amount, rate, "bullet", "")
        assert i.start + round(i.tenor_years * 4) - 1 == year * 4 + 2  # matures in the third quarter (26 Sep)
        total += i.amount_usd
    assert total == 18e9


def test_oracle_tranche_weighted_coupon_by_hand():
    # (3 x 4.450 + 3 x 4.800 + 4 x 5.200 + 2.5 x 5.875 + 3.5 x 5.950 + 2 x 6.100) / 18 = 96.2625 / 18
    weighted = sum(a * r for a, r in ORACLE_SEP_2025.values()) / sum(a for a, _ in ORACLE_SEP_2025.values())
    assert weighted == pytest.approx(96.2625 / 18 / 100) == pytest.approx(0.0534792, abs=1e-7)
    assert "5.348 %" in _ins("oracle-notes-2030").note
    # the deterministic schedule's 2026 interest on the six series is the coupon on $18B: $962.6M
    q = np.arange(2026 * 4, 2030 * 4)
    dues = schedule.dues(draws.sample(0, 0), q)
    interest = sum(dues[f"oracle-notes-{y}"]["interest"][0, :4].sum() for y in ORACLE_SEP_2025)
    assert interest == pytest.approx(18e9 * weighted) == pytest.approx(962.625e6)


# --- CoreWeave: spreads follow the customer's credit; the unsecured notes -----------------------------------------

def test_coreweave_spread_difference_and_the_fixed_tranche_cross_check():
    d4, d5 = _ins("coreweave-ddtl-4"), _ins("coreweave-ddtl-5")
    assert (d4.spread_bp, d5.spread_bp) == (225, 450)
    assert terms.spread_difference_bp(d4.spread_bp, d5.spread_bp) == 225
    # at the base SOFR (3.65 %) DDTL 4.0's floating tranche costs 5.90 %, the ~5.9 % of its fixed tranche
    assert terms.all_in_rate(None, d4.spread_bp, data.assumptions()["sofr"]["value"]) == pytest.approx(0.059)


def test_coreweave_unsecured_notes_by_hand():
    n30, n31, cv31 = _ins("coreweave-notes-2030"), _ins("coreweave-notes-2031"), _ins("coreweave-convertible-2031")
    assert (n30.amount_usd, n30.rate) == (2.0e9, 0.0925)     # 9.250 % notes due June 2030
    assert (n31.amount_usd, n31.rate) == (1.75e9, 0.09)      # 9.000 % notes due 1 Feb 2031
    assert (cv31.amount_usd, cv31.rate) == (2.25e9, 0.0175)  # 1.75 % convertible due 1 Dec 2031
    assert n31.start + round(n31.tenor_years * 4) - 1 == 2031 * 4 + 0
    assert cv31.start + round(cv31.tenor_years * 4) - 1 == 2031 * 4 + 3
    yearly = sum(terms.yearly_coupon_usd(i.amount_usd, i.rate) for i in (n30, n31, cv31))
    assert yearly == pytest.approx(185e6 + 157.5e6 + 39.375e6)
    assert cv31.amount_range == (2.25e9, 2.25e9 + 337.5e6)  # the option, if exercised


def test_coreweave_debt_is_secured_by_gpus_only_where_it_is_a_ddtl():
    for i in data.instruments():
        if i.borrower == "coreweave" and i.is_debt:
            assert (i.collateral == "gpus") == i.id.startswith("coreweave-ddtl"), i.id


# --- OpenAI's equity and commitments --------------------------------------------------------------------------------

def test_softbank_pays_three_equal_instalments_in_2026():
    sb = sorted((i for i in data.instruments() if i.lender == "softbank"), key=lambda i: i.start)
    assert [i.amount_usd for i in sb] == [10e9] * 3
    assert [i.start for i in sb] == [2026 * 4 + 1, 2026 * 4 + 2, 2026 * 4 + 3]  # 1 Apr, 1 Jul, 1 Oct 2026
    assert 34.6e9 + sum(i.amount_usd for i in sb) == pytest.approx(64.6e9)      # SoftBank: cumulative $64.6B


def test_the_2026_round_adds_up():
    assert _ins("nvidia-openai-equity-2026").amount_usd == 30e9
    amazon = _ins("amazon-openai-equity-2026")
    assert amazon.amount_usd == 50e9 and amazon.amount_range == (15e9, 50e9)  # $15B first, $35B on conditions


def test_amd_warrant_terms_match_the_8k():
    w = _ins("amd-openai-warrant")
    assert (w.amount_usd, w.rate) == (terms.AMD_SHARES, 0.01) == (160e6, 0.01)
    assert terms.amd_price_hurdles()[-1] == 600.0 and terms.amd_price_hurdles()[0] == 0.0


def test_cerebras_loan_and_warrant_are_listed_with_the_s1_figures():
    loan, warrant = _ins("cerebras-openai-loan"), _ins("cerebras-openai-warrant")
    assert (loan.borrower, loan.lender, loan.amount_usd) == ("cerebras", "openai", 1.0e9)
    assert (warrant.kind, warrant.amount_usd) == ("warrant", 33.5e6)
    assert "rate" in loan.guess and "not run" in loan.note  # Cerebras is not a waterfall party


# --- consistency with the deal tables (where they differ, both are shown) -------------------------------------------

def _deal(ident):
    return next(r for r in _rows("deals.csv") if r["id"] == ident)


@pytest.mark.parametrize("instrument, deal", [
    ("oracle-openai-cloud", "oracle-openai-4.5gw"), ("azure-openai-cloud", "microsoft-openai-azure"),
    ("aws-openai-cloud", "amazon-openai"), ("coreweave-openai-cloud", "coreweave-openai"),
    ("nvidia-openai-equity-2026", "nvidia-openai-equity-2026"), ("amazon-openai-equity-2026", "amazon-openai-equity-2026"),
])
def test_instrument_amounts_match_deals_csv(instrument, deal):
    i, d = _ins(instrument), _deal(deal)
    assert i.amount_usd == float(d["usd"]), (instrument, deal)
    if d["years"] and i.tenor_years:
        assert i.tenor_years == float(d["years"])


def test_the_aws_expansion_spans_both_published_readings():
    # "by an additional $100B" (Tom's Hardware, 27 Feb 2026: total $138B) vs "from $38B to $100B" (deals.csv)
    nov, feb, deal = _ins("aws-openai-cloud"), _ins("aws-openai-cloud-2026"), _deal("amazon-openai-trainium")
    assert nov.amount_usd + feb.amount_usd == 138e9
    assert nov.amount_usd + feb.amount_range[0] == float(deal["usd"]) == 100e9
    assert feb.tenor_years == float(deal["years"]) == 8


def test_hyperion_terms_by_hand():
    notes = _ins("hyperion-notes-2049")
    assert (notes.amount_usd, notes.rate, notes.seniority, notes.collateral) == (27.3e9, 0.0658, "secured", "campus")
    assert terms.yearly_coupon_usd(notes.amount_usd, notes.rate) == pytest.approx(1.79634e9)
    # the lease's mode is the notes' first-year debt service x 1.07 ($27.3B / 23 + the coupon = $2.98B)
    service = notes.amount_usd / 23 + notes.amount_usd * notes.rate
    assert service == pytest.approx(2.983e9, rel=1e-3) and _ins("hyperion-lease").amount_usd == pytest.approx(
        service * 1.07, rel=0.01)


# --- depreciation and residual values ------------------------------------------------------------------------------

def test_depreciation_lives_as_published():
    lives = {r["id"]: r["life_years"] for r in data.depreciation_policies()}
    assert lives == {"microsoft-servers": 6, "alphabet-servers": 6, "meta-servers": 5.5, "amazon-servers-subset": 5,
                     "amazon-servers-rest": 6, "oracle-servers": 6, "coreweave-gpus": 6, "critics-gpus": 3}


def test_residual_curve_is_ordered_and_brackets_both_readings():
    curve = data.residual_curve()
    ages = [r["age_years"] for r in curve]
    mids = [r["share_of_new"] for r in curve]
    assert ages == sorted(ages) and mids == sorted(mids, reverse=True)
    assert all(0 <= r["low"] <= r["share_of_new"] <= r["high"] <= 1 for r in curve)
    age3 = next(r for r in curve if r["age_years"] == 3)
    rental = (1.70 / 8, 2.35 / 8)     # H100 one-year contract low (Oct 2025) and Mar 2026 against ~$8 at launch
    resale = (14e3 / 40e3, 25e3 / 40e3)  # used H100 SXM floor (Apr 2026) and Q1 2026 quotes against $40k new
    assert all(age3["low"] <= x <= age3["high"] for x in rental + resale)


# --- the page that lists them ---------------------------------------------------------------------------------------

def test_the_terms_page_lists_every_instrument_under_public_or_guess():
    page = (Path(__file__).resolve().parents[2] / "docs" / "capital-terms.md").read_text(encoding="utf-8")
    public, _, guesses = page.partition("## Guesses")
    for i in data.instruments():
        assert f"`{i.id}`" in (guesses if i.guess else public), i.id
