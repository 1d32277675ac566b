"""Deals through the data date: the status history (deal_status.csv), superseded deals out of announced capacity,
the pipeline by region with projections due but unconfirmed, and companies' own statements against the data."""

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace as NS

import pytest

from gigawatt import catalog, delivery
from gigawatt import sites as st
from gigawatt.errors import InputError

GW = [str(Path(sys.executable).with_name("gigawatt"))]


def test_the_2026_deals_are_there_with_their_dates_gw_and_status():
    deals = {d.id: d for d in catalog.deals()}
    want = {"nvidia-openai-5gw": ("2026-02-27", 5.0, "announced"),
            "amazon-openai-trainium": ("2026-02-27", 2.0, "definitive"),
            "cerebras-openai": ("2026-01-14", 0.75, "definitive"),
            "anthropic-google-broadcom": ("2026-04-06", 3.5, "definitive")}
    for key, (date, gw, status) in want.items():
        assert (deals[key].date, deals[key].gw, deals[key].status) == (date, gw, status)
    eq = deals["nvidia-openai-equity-2026"]
    assert eq.usd == 30e9 and eq.kind == "financing" and math.isnan(eq.gw)
    assert all(d.date <= catalog.data_date().isoformat() for d in deals.values())


def test_the_loi_is_superseded_on_27_feb_2026_by_the_5_gw_deal():
    hist = catalog.deal_status()
    assert catalog.status_on(hist, "nvidia-openai-loi", "2025-09-21") is None
    assert catalog.status_on(hist, "nvidia-openai-loi", "2026-02-26") == "loi"
    assert catalog.status_on(hist, "nvidia-openai-loi", "2026-02-27") == "superseded"
    row = [r for r in hist if r.deal == "nvidia-openai-loi"][-1]
    assert row.by == "nvidia-openai-5gw"
    assert catalog.status_on(hist, "nvidia-openai-equity-2026", "2026-03-30") == "announced"
    assert catalog.status_on(hist, "nvidia-openai-equity-2026", "2026-03-31") == "definitive"


def _deal(**kw):
    base = dict(id="d", name="", kind="supply", payer="a", payee="b", parties="a;b", gw="1", usd="", years="",
                start="", date="2026-01-01", ended="", status="announced", link_id="", source="s", note="")
    return {**base, **kw}


def _status(**kw):
    return {**dict(deal="d", date="2026-01-01", status="announced", by="", source="s", note=""), **kw}


@pytest.mark.parametrize(("deal", "rows", "match"), [
    (_deal(), [_status(deal="x")], r"deal_status.csv row 1.deal: 'x' is not a deal of deals.csv"),
    (_deal(), [_status(status="maybe")], r"row 1.status: 'maybe' is not a deal status; use one of announced"),
    (_deal(), [_status(date="2025-12-31")], r"row 1.date: 2025-12-31 is before deal 'd' was made \(2026-01-01\)"),
    (_deal(), [_status(), _status(date="2026-03-01", status="superseded")],
     r"row 2.by: name the superseding deal on a superseded row, and only there"),
    (_deal(status="superseded"), [_status(), _status(date="2026-03-01", status="superseded", by="d")],
     r"deals.csv.ended: deal 'd' was superseded on 2026-03-01; its ended is empty"),
    (_deal(status="definitive"), [_status()], r"deal 'd'.s latest status is 'announced' here but 'definitive'"),
    (_deal(), [], r"deal 'd' has no status row"),
    (_deal(), [_status(date="2026-02-01")], r"first status is on 2026-02-01, not its date 2026-01-01"),
    (_deal(), [_status(), _status(date="2026-03-01"), _status(date="2026-02-01")], r"row 3.date: .* date order"),
])
def test_bad_status_rows_are_refused_naming_row_and_field(deal, rows, match):
    deals = catalog.parse_deals([deal])
    with pytest.raises(InputError, match=match):
        catalog.parse_deal_status(rows, deals)


def test_a_superseded_deal_is_announced_capacity_before_and_not_after():
    data = (catalog.sites(), catalog.site_timeline(), catalog.deals(), catalog.deal_sites())
    before = st.pipeline(*data, dt.date(2026, 2, 26))
    after = st.pipeline(*data, dt.date(2026, 2, 27))
    assert "nvidia-openai-loi" in [d["id"] for d in before["deals"]]
    assert "nvidia-openai-loi" not in [d["id"] for d in after["deals"]]
    assert [d["id"] for d in after["ended_deals"]] == ["nvidia-openai-loi", "amazon-openai"]
    # the LOI's 10 GW out, the 5 GW and Amazon's 2 GW in, on the same day
    assert after["announced_gw"] == pytest.approx(before["announced_gw"] - 10 + 5 + 2)


def test_region_us_is_part_of_world_and_announced_is_not_regional():
    data = (catalog.sites(), catalog.site_timeline(), catalog.deals(), catalog.deal_sites())
    day = dt.date(2026, 12, 6)
    us, world = st.pipeline(*data, day, region="US"), st.pipeline(*data, day, region="world")
    assert 0 < us["delivered_gw"] < world["delivered_gw"]
    assert us["announced_gw"] == world["announced_gw"]
    assert us["due_unconfirmed_gw"] <= world["due_unconfirmed_gw"]
    assert {r["country"] for r in us["due_unconfirmed"]} == {"US"}
    with pytest.raises(InputError, match=r"--region: 'EU' is not a region; use one of world, US"):
        delivery.check_region("EU")
    assert delivery.check_region("us") == "US"


def _row(date, status, mw):
    return NS(site="s", date=date, status=status, power_mw=float(mw))


def test_due_unconfirmed_by_hand():
    site = NS(id="s", country="US")
    rows = [_row("2026-01-01", "construction", 0), _row("2026-03-01", "operational", 200),
            _row("2026-06-01", "projected", 500), _row("2026-09-01", "projected", 800)]
    got = delivery.site_evidence(site, rows, "2026-07-01", st.OBSERVED, st.EXPECTED)
    assert (got["online_mw"], got["evidence_date"], got["due_mw"], got["due_date"]) == (200, "2026-03-01", 300,
                                                                                        "2026-06-01")
    # before the projection's date nothing is due; an observed row showing the power confirms it
    assert delivery.site_evidence(site, rows, "2026-05-31", st.OBSERVED, st.EXPECTED)["due_mw"] == 0
    confirmed = rows + [_row("2026-10-01", "operational", 800)]
    got = delivery.site_evidence(site, confirmed, "2026-10-01", st.OBSERVED, st.EXPECTED)
    assert (got["online_mw"], got["due_mw"]) == (800, 0)


def test_openai_against_its_own_statements():
    data = (catalog.sites(), catalog.site_timeline(), catalog.deals(), catalog.deal_sites())
    p = st.pipeline(*data, dt.date(2026, 12, 6), statements=catalog.company_statements())
    checks = {c["quantity"]: c for c in p["company_checks"]}
    # OpenAI's live deals with a GW on 28 Oct 2025: Stargate US 10, UAE 1, Oracle-NVIDIA Abilene 1.2,
    # Oracle 4.5, Norway 0.23, NVIDIA LOI 10, AMD 6, Broadcom 10 = 42.93 GW, against Altman's ~30 GW
    assert checks["announced_gw"]["data_gw"] == pytest.approx(42.93)
    assert checks["announced_gw"]["ratio"] == pytest.approx(42.93 / 30)
    assert checks["delivered_gw"]["stated_gw"] == 1.9 and checks["delivered_gw"]["as_of"] == "2025-12-31"
    assert 0 < checks["delivered_gw"]["ratio"] < 1
    # a statement made after the date looked at is not shown
    early = st.pipeline(*data, dt.date(2026, 1, 17), statements=catalog.company_statements())
    assert [c["quantity"] for c in early["company_checks"]] == ["announced_gw"]


def test_cli_pipeline_region_json_and_bad_region():
    p = subprocess.run(GW + ["pipeline", "--region", "US", "--json"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["region"] == "US" and {"delivered_gw", "due_unconfirmed_gw", "company_checks", "ended_deals",
                                      "delivered_evidence_to", "announced_gw"} <= set(out)
    p = subprocess.run(GW + ["pipeline", "--region", "mars"], capture_output=True, text=True, timeout=120)
    assert p.returncode == 2 and p.stderr.strip() == "error: --region: 'mars' is not a region; use one of world, US"


def test_site_roles_are_separate_and_the_fact_check_rows_are_fixed():
    sites = {s.id: s for s in catalog.sites()}
    abilene = sites["stargate-abilene"]
    assert abilene.owner == ("crusoe", "blue-owl", "primary-digital") and abilene.lessee == ("oracle",)
    assert abilene.tenants == ("openai",) and abilene.developer == ("crusoe",) and abilene.operator == "crusoe"
    assert sites["meta-hyperion"].owner == ("blue-owl", "meta") and "80 %" in sites["meta-hyperion"].note
    # the 2.7 GW approved in Jan 2026 is the on-site power plant; the campus is 1.8 GW (the note says so)
    assert sites["cheyenne-tallgrass"].planned_mw == 1800 and "2.7 GW" in sites["cheyenne-tallgrass"].note
    assert {"blue-owl", "oracle"} <= set(abilene.companies)
    state = st.site_state(abilene, [], dt.date(2026, 12, 6))
    assert (state["owner"], state["lessee"], state["tenants"]) == (list(abilene.owner), ["oracle"], ["openai"])
