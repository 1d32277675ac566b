"""Tests for gigawatt.market: hand-computed metrics on a small network, invariants, bad input, shipped data."""

from __future__ import annotations

import io
import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from gigawatt import market
from gigawatt.errors import InputError

B = 1e9

# A hand-made market. "lab" is the customer; it buys from three vendors and is backed by "chip".
#   chip  -> lab    equity  $20B (10 %)
#   lab   -> chip   supply  $40B, 3 GW, 4 years   ($10B/yr)
#   lab   -> cloud  cloud   $40B, 1 GW, 4 years   ($10B/yr)
#   lab   -> rival  supply  $20B, 1 GW, 2 years   ($10B/yr)
#   cloud -> chip   supply  $30B
#   rival -> lab    warrant $5B (value at issue)
COMPANIES = """id,name,kind,revenue_usd,revenue_year,valuation_usd,source,note
chip,Chip,chip_vendor,100e9,2025,,test,
lab,Lab,ai_lab,10e9,2025,,test,
cloud,Cloud,cloud,50e9,2025,,test,
rival,Rival,chip_vendor,20e9,2025,,test,
"""
LINKS = """id,kind,payer,payee,usd,gw,stake,shares,strike_usd,years,start,seniority,date,source,note
chip-lab,equity,chip,lab,20e9,,0.1,,,,,,2025-01-01,test,
lab-chip,supply,lab,chip,40e9,3,,,,4,,,2025-01-01,test,
lab-cloud,cloud,lab,cloud,40e9,1,,,,4,,,2025-01-01,test,
lab-rival,supply,lab,rival,20e9,1,,,,2,,,2025-01-01,test,
cloud-chip,supply,cloud,chip,30e9,,,,,,,,2025-01-01,test,
rival-lab,warrant,rival,lab,5e9,,,1e6,0.01,,,,2025-01-01,test,
"""
HEADER = LINKS.splitlines()[0] + "\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("market")
    (d / "companies.csv").write_text(COMPANIES)
    (d / "links.csv").write_text(LINKS)
    (d / "empty_links.csv").write_text(HEADER)
    return d


@pytest.fixture(scope="module")
def graph(files):
    return market.build_graph(market.load_companies(files / "companies.csv"), market.load_links(files / "links.csv"))


def _graph(files, extra=(), links="links.csv"):
    return market.build_graph(market.load_companies(files / "companies.csv"),
                              market.load_links(files / links, extra=extra))


# ------------------------------------------------------------------------------------------- HHI and shares


def test_hhi_reference_values():
    assert market.hhi([1.0]) == 10_000
    assert_allclose(market.hhi([0.5, 0.5]), 5_000)
    # Raw amounts are normalised: 40/100, 40/100, 20/100 -> 40² + 40² + 20² = 3,600.
    assert_allclose(market.hhi([40, 40, 20]), 3_600)
    assert math.isnan(market.hhi([]))


def test_supply_shares_of_the_hand_network(graph):
    shares = market.supply_shares(graph, "lab").set_index("vendor")
    assert set(shares.index) == {"chip", "cloud", "rival"}
    # usd: chip 40, cloud 40, rival 20 of 100 -> 0.4, 0.4, 0.2; HHI = 1600 + 1600 + 400 = 3,600.
    assert_allclose(shares.loc[["chip", "cloud", "rival"], "share_usd"], [0.4, 0.4, 0.2])
    assert_allclose(market.hhi(shares["share_usd"]), 3_600)
    # GW: chip 3, cloud 1, rival 1 of 5 -> 0.6, 0.2, 0.2; HHI = 3600 + 400 + 400 = 4,400.
    assert_allclose(shares.loc[["chip", "cloud", "rival"], "share_gw"], [0.6, 0.2, 0.2])
    assert_allclose(market.hhi(shares["gw"]), 4_400)


def test_customer_concentration_of_the_hand_network(graph):
    conc = market.customer_concentration(graph).set_index("vendor")
    # chip sells $40B to lab and $30B to cloud: shares 4/7 and 3/7; HHI = (400/7)² + (300/7)² = 5,102.04.
    assert conc.loc["chip", "committed_usd"] == 70 * B
    assert conc.loc["chip", "top_customer"] == "lab"
    assert_allclose(conc.loc["chip", "top_share"], 4 / 7)
    assert_allclose(conc.loc["chip", "hhi"], 250_000 / 49)
    assert conc.loc["rival", "hhi"] == 10_000


def test_cross_holdings_of_the_hand_network(graph):
    holds = market.cross_holdings(graph).set_index(["holder", "company"])
    assert holds.loc[("chip", "lab"), "stake"] == 0.1
    assert holds.loc[("chip", "lab"), "trade"] == "vendor"  # chip invests in its own customer
    assert holds.loc[("lab", "rival"), "kinds"] == "warrant"  # the warrant's holder is the payee
    assert holds.loc[("lab", "rival"), "trade"] == "customer"


@settings(max_examples=60, deadline=None)
@given(amounts=st.lists(st.floats(0.1, 1e3), min_size=1, max_size=6), fraction=st.floats(0.01, 1.0))
def test_adding_a_supplier_lowers_hhi(files, amounts, fraction):
    # A new supplier no larger than the smallest one has share <= 1/(n+1) < 2H/(1+H), so HHI must fall
    # (adding share s turns H into (1-s)²H + s², which is below H exactly when s < 2H/(1+H)).
    vendors = [f"v{i}" for i in range(len(amounts) + 1)]
    companies = pd.concat([market.load_companies(files / "companies.csv"),
                           pd.DataFrame([{"id": v, "name": v, "kind": "chip_vendor", "source": "t"} for v in vendors])],
                          ignore_index=True)
    links = [{"id": v, "kind": "supply", "payer": "lab", "payee": v, "usd": a * B} for v, a in zip(vendors, amounts)]
    newcomer = {"id": vendors[-1], "kind": "supply", "payer": "lab", "payee": vendors[-1],
                "usd": min(amounts) * fraction * B}
    before = market.build_graph(companies, market.load_links(files / "empty_links.csv", extra=links))
    after = market.build_graph(companies, market.load_links(files / "empty_links.csv", extra=[*links, newcomer]))
    hhi_before = market.hhi(market.supply_shares(before, "lab")["usd"])
    hhi_after = market.hhi(market.supply_shares(after, "lab")["usd"])
    assert hhi_after < hhi_before


# ------------------------------------------------------------------------------------------- cycles


def test_money_cycles_of_the_hand_network(graph):
    cycles = market.money_cycles(graph).set_index("cycle")
    # chip->lab 20, lab->chip 40: 20 goes round.  chip->lab 20, lab->cloud 40, cloud->chip 30: bottleneck 20.
    # lab->rival 20, rival->lab 5: 5 goes round.
    assert_allclose(cycles["amount_usd"].to_dict()["chip → lab → chip"], 20 * B)
    assert_allclose(cycles["amount_usd"].to_dict()["chip → lab → cloud → chip"], 20 * B)
    assert_allclose(cycles["amount_usd"].to_dict()["lab → rival → lab"], 5 * B)
    assert len(cycles) == 3
    assert cycles.loc["lab → rival → lab", "bottleneck"] == "rival → lab"
    assert list(cycles.index)[-1] == "lab → rival → lab"  # sorted by amount


def test_money_cycles_respect_max_len(graph):
    assert len(market.money_cycles(graph, max_len=2)) == 2
    with pytest.raises(InputError, match="max_len"):
        market.money_cycles(graph, max_len=1)


def test_parallel_links_add_up_in_cycles(files):
    g = _graph(files, extra=[{"id": "more", "kind": "equity", "payer": "rival", "payee": "lab", "usd": "$3B"}])
    cycles = market.money_cycles(g).set_index("cycle")
    assert_allclose(cycles.loc["lab → rival → lab", "amount_usd"], 8 * B)  # 5 + 3 against 20


# ------------------------------------------------------------------------------------------- stress test


def test_stress_pro_rata_on_the_hand_network(graph):
    # Commitments 10 + 10 + 10 = $30B/yr; the default path pays them exactly; a 50 % shortfall leaves $15B/yr
    # unpaid, $5B each: chip 5/100 = 5 %, cloud 5/50 = 10 %, rival 5/20 = 25 % of their revenue.
    stress = market.stress_test(graph, "lab", 0.5)
    assert_allclose(stress.attrs["commitments_usd"], 30 * B)
    assert_allclose(stress.attrs["gap_usd"], 15 * B)
    by = stress.set_index("counterparty")
    assert_allclose(by.loc[["chip", "cloud", "rival"], "unpaid_usd"], [5 * B] * 3)
    assert_allclose(by.loc[["chip", "cloud", "rival"], "exposure_to_revenue"], [0.05, 0.10, 0.25])


def test_stress_by_seniority(files):
    # cloud is senior (1), chip next (2), rival has none (paid last). $15B/yr is available:
    # cloud gets its 10, chip the remaining 5 of 10, rival nothing.
    extra = [{"id": "lab-cloud", "kind": "cloud", "payer": "lab", "payee": "cloud", "usd": 40 * B, "gw": 1,
              "years": 4, "seniority": 1},
             {"id": "lab-chip", "kind": "supply", "payer": "lab", "payee": "chip", "usd": 40 * B, "gw": 3,
              "years": 4, "seniority": 2}]
    stress = market.stress_test(_graph(files, extra), "lab", 0.5).set_index("counterparty")
    assert_allclose(stress.loc[["cloud", "chip", "rival"], "unpaid_usd"], [0, 5 * B, 10 * B], atol=1e-3)


def test_stress_with_an_explicit_revenue_path(graph):
    # Path $20B/yr, 25 % short -> $15B/yr of revenue against $30B/yr: gap 15.  Path $50B/yr, 20 % short ->
    # $40B/yr covers everything: gap 0.
    assert_allclose(market.stress_test(graph, "lab", 0.25, revenue_usd=20 * B).attrs["gap_usd"], 15 * B)
    assert market.stress_test(graph, "lab", 0.2, revenue_usd=50 * B)["unpaid_usd"].sum() == 0


@settings(max_examples=80, deadline=None)
@given(
    deals=st.lists(st.tuples(st.floats(0.01, 500), st.one_of(st.none(), st.floats(0.5, 10)),
                             st.one_of(st.none(), st.integers(1, 3)), st.sampled_from(["chip", "cloud", "rival"])),
                   min_size=1, max_size=8),
    shortfall=st.floats(0, 1),
    path=st.one_of(st.none(), st.floats(0, 2000)),
)
def test_stress_conserves_money(files, deals, shortfall, path):
    extra = [{"id": f"d{i}", "kind": "supply", "payer": "lab", "payee": payee, "usd": usd * B,
              "years": years, "seniority": seniority}
             for i, (usd, years, seniority, payee) in enumerate(deals)]
    g = _graph(files, extra, links="empty_links.csv")
    stress = market.stress_test(g, "lab", shortfall, None if path is None else path * B)
    gap = stress.attrs["gap_usd"]
    scale = stress["annual_usd"].sum()
    # Unpaid commitments equal the gap, and equal the sum of the counterparties' exposures.
    assert_allclose(stress["unpaid_usd"].sum(), gap, atol=1e-9 * scale)
    assert_allclose(market.exposures(stress)["unpaid_usd"].sum(), gap, atol=1e-9 * scale)
    assert (stress["unpaid_usd"] >= -1e-9 * scale).all()
    assert (stress["paid_usd"] <= stress["annual_usd"] + 1e-9 * scale).all()
    assert_allclose(gap, market.stress_gap(scale, scale if path is None else path * B, shortfall))


# ------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("link, where, words", [
    ({"payee": "nobody"}, "links[0].payee", "'nobody' is not a known company"),
    ({"usd": -5e9}, "links[0].usd", "negative"),
    ({"usd": "-5e9"}, "links[0].usd", "negative"),
    ({"kind": "equity", "stake": 1.3}, "links[0].stake", "above 1"),
    ({"kind": "equity", "stake": "130 %"}, "links[0].stake", "above 1"),
    ({"kind": "loan"}, "links[0].kind", "not a link kind"),
    ({"kind": "equity", "gw": 2}, "links[0].gw", "equity links do not use gw"),
    ({"payee": "lab"}, "links[0].payee", "also the payer"),
    ({"colour": "red"}, "links[0].colour", "unknown field"),
])
def test_bad_links_raise_input_error(files, link, where, words):
    base = {"id": "bad", "kind": "supply", "payer": "lab", "payee": "chip", "usd": 1e9}
    with pytest.raises(InputError) as err:
        _graph(files, extra=[{**base, **link}])
    assert err.value.path == where
    assert words in err.value.message


def test_bad_csv_row_names_file_row_and_column(files, tmp_path):
    bad = tmp_path / "links.csv"
    bad.write_text(HEADER + "x,equity,chip,lab,1e9,,1.5,,,,,,2025-01-01,test,\n")
    with pytest.raises(InputError, match=r"links.csv row 1.stake: 1.5 is above 1"):
        market.load_links(bad)
    bad.write_text(HEADER + "x,equity,chip,lab,1e9,,0.5,,,,,,,,\n")
    with pytest.raises(InputError, match=r"row 1.date: empty"):
        market.load_links(bad)


@pytest.mark.parametrize("stress", [-0.1, 1.5, float("nan"), "half"])
def test_stress_outside_unit_interval(graph, stress):
    with pytest.raises(InputError) as err:
        market.stress_test(graph, "lab", stress)
    assert err.value.path == "stress"
    with pytest.raises(InputError, match="stress"):
        market.market_report(stress=stress)


def test_unknown_customer(graph):
    with pytest.raises(InputError, match="customer: 'nobody' is not a known company"):
        market.supply_shares(graph, "nobody")


def test_draw_rejects_other_suffixes(graph, tmp_path):
    with pytest.raises(InputError, match=r"\.png, \.svg or \.html"):
        market.draw_graph(graph, tmp_path / "net.pdf")


# ------------------------------------------------------------------------------------------- extra links


def test_extra_links_replace_by_id_and_append(files):
    links = market.load_links(files / "links.csv", extra=[
        {"id": "lab-chip", "kind": "supply", "payer": "lab", "payee": "chip", "usd": "$80B", "gw": "3 GW"},
        {"id": "new", "kind": "cloud", "payer": "lab", "payee": "cloud", "usd": 1e9}])
    assert len(links) == 7
    row = links.set_index("id").loc["lab-chip"]
    assert row["usd"] == 80 * B and row["origin"] == "links[0]" and row["source"] == "scenario"


# ------------------------------------------------------------------------------------------- shipped data


def test_shipped_data_loads_and_every_row_is_sourced_and_dated():
    companies = market.load_companies()
    links = market.load_links()
    required = {"nvidia", "openai", "microsoft", "oracle", "google", "amazon", "amd", "broadcom", "intel",
                "coreweave", "softbank", "nscale", "enfabrica"}
    assert required <= set(companies["id"])
    assert (companies["source"].str.len() > 0).all()
    assert (links["source"].str.len() > 5).all() and (links["date"].str.match(r"^\d{4}-\d{2}-\d{2}$")).all()
    assert set(links["kind"]) == {"equity", "supply", "cloud", "warrant"}
    market.build_graph(companies, links)


def test_shipped_network_has_the_nvidia_openai_oracle_cycle():
    graph = market.build_graph(market.load_companies(), market.load_links())
    cycles = market.money_cycles(graph).set_index("cycle")
    # NVIDIA -> OpenAI $30B (2026 round), OpenAI -> Oracle $300B, Oracle -> NVIDIA $40B: $30B goes round.
    assert_allclose(cycles.loc["nvidia → openai → oracle → nvidia", "amount_usd"], 30 * B)


def test_market_report_is_json_and_renders():
    from rich.console import Console

    report = market.market_report(stress=0.5)
    json.dumps(report, allow_nan=False)
    assert "nvidia → openai → oracle → nvidia" in [c["cycle"] for c in report["cycles"]]
    s = report["stress"]
    assert_allclose(sum(e["unpaid_usd"] for e in s["exposures"]), s["gap_usd_per_year"])
    assert_allclose(s["gap_usd_per_year"], 0.5 * s["commitments_usd_per_year"])
    out = io.StringIO()
    console = Console(file=out, width=140)
    for renderable in market.render(report):
        console.print(renderable)
    assert "Money cycles" in out.getvalue() and "HHI" in out.getvalue()


@pytest.mark.parametrize("suffix", [".png", ".svg", ".html"])
def test_draw_graph_writes_files(graph, tmp_path, suffix):
    path = market.draw_graph(graph, tmp_path / f"net{suffix}")
    assert path.stat().st_size > 5_000
    if suffix == ".html":
        text = path.read_text()
        assert "plotly" in text and "<script src=\"http" not in text  # self-contained, works offline
    if suffix == ".svg":
        assert "<svg" in path.read_text()


# ------------------------------------------------------------------------------------------- one loader, one formatter


def test_market_reads_links_only_through_the_catalog(monkeypatch):
    from gigawatt import catalog

    shipped = catalog.links
    added = {"id": "test-extra", "kind": "supply", "payer": "openai", "payee": "amd", "usd": 1e9, "date": "2026-01-01",
             "source": "test"}
    monkeypatch.setattr(catalog, "links", lambda path=None, extra=(): shipped(path, [*extra, added]))
    report = market.market_report(stress=0.5)
    assert "test-extra" in [r["id"] for r in report["links"]]


def test_report_and_tables_of_the_hand_network_use_the_one_formatter(files):
    from rich.console import Console

    report = market.market_report(stress=0.5, customer="lab", companies_path=files / "companies.csv",
                                  links_path=files / "links.csv")
    cycles = {c["cycle"]: c for c in report["cycles"]}
    assert cycles["chip → lab → chip"]["edges"] == "chip→lab equity $20.0 B; lab→chip supply $40.0 B"
    conc = {c["vendor"]: c for c in report["customer_concentration"]}
    assert conc["chip"]["customers"] == "lab 57.1 %, cloud 42.9 %"  # 40 / 70 and 30 / 70
    out = io.StringIO()
    for renderable in market.render(report):
        Console(file=out, width=200).print(renderable)
    text = " ".join(out.getvalue().split())  # captions wrap to their table's width
    # GW 3, 1, 1 of 5 -> HHI 4,400; usd 40, 40, 20 of 100 -> 3,600; $30B/yr of commitments, half unpaid.
    assert "HHI: 4,400 by GW, 3,600 by usd" in text
    assert "lab's revenue 50.0 % short of a path of $30.0 B/yr against $30.0 B/yr of commitments: $15.0 B/yr unpaid" \
        in text
    assert "5,102" in text  # chip's customer HHI, 250,000 / 49


def test_the_stress_reads_the_capital_instruments():
    """Debt per counterparty is the sum of its loans and bonds in data/instruments.csv (by hand from the rows),
    and the same unpaid amount hits the more indebted of two equal companies harder."""
    import csv
    from importlib import resources


    from gigawatt.market.stress import debt_burden, exposures

    with (resources.files("gigawatt") / "data" / "instruments.csv").open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["borrower"] == "coreweave" and r["kind"] in ("loan", "bond")]
    by_hand = sum(float(r["amount_usd"]) for r in rows)
    burden = debt_burden(["coreweave", "nvidia"]).set_index("counterparty")
    assert burden.loc["coreweave", "debt_usd"] == pytest.approx(by_hand) and by_hand > 10e9
    assert burden.loc["nvidia", "debt_usd"] == 0
    stress = pd.DataFrame({"counterparty": ["coreweave", "nvidia"], "annual_usd": [5e9, 5e9],
                           "unpaid_usd": [2e9, 2e9], "counterparty_revenue_usd": [20e9, 20e9]})
    ex = exposures(stress).set_index("counterparty")
    assert ex.loc["coreweave", "exposure_to_revenue"] == ex.loc["nvidia", "exposure_to_revenue"] == 0.1
    assert ex.loc["nvidia", "exposure_after_debt_service"] == pytest.approx(0.1)
    assert ex.loc["coreweave", "exposure_after_debt_service"] > 0.1
