"""Sites and deals: pipeline totals, de-duplication and as-of on a small hand-made set; bad input; the CLI."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import subprocess
import sys
from importlib import resources

import pytest

from gigawatt import catalog
from gigawatt import sites as st
from gigawatt.errors import InputError

D = dt.date


def _site(id_, planned, **kw):
    row = dict(id=id_, name=id_.upper(), operator="op", owner="own", tenants="ten", country="US", state="TX",
               lat="32", lon="-99", planned_mw=str(planned), power_source="utility", date="2024-01-01",
               source="hand-made", note="")
    row.update(kw)
    return row


def _row(site, date, status, mw, cost=""):
    return dict(site=site, date=date, status=status, power_mw=str(mw), h100e="", capital_cost_usd=str(cost),
                source="hand-made", note="")


def _deal(id_, gw, date, ended="", status="contract", parties="x;y"):
    return dict(id=id_, name=id_, kind="cloud", payer="", payee="", parties=parties, gw=str(gw), usd="", years="",
                start="", date=date, ended=ended, status=status, link_id="", source="hand-made", note="")


def _link(deal, site, gw="", phase="", date="2025-01-01"):
    return dict(deal=deal, site=site, phase=phase, gw=str(gw), date=date, source="hand-made", note="")


@pytest.fixture
def world():
    """Three sites, four deals: A is claimed by two deals (1 GW counted twice); d3 names no site; d4 ended."""
    sites = catalog.parse_sites([_site("a", 1000), _site("b", 500, owner="z", tenants=""),
                                 _site("c", 400, country="NO", date="2025-03-01")])
    timeline = catalog.parse_timeline([
        _row("a", "2024-01-01", "land_clearing", 0), _row("a", "2025-01-01", "operational", 200, 6e9),
        _row("a", "2025-07-01", "operational", 400, 12e9), _row("a", "2027-01-01", "projected", 1000),
        _row("b", "2024-06-01", "construction", 0), _row("b", "2025-06-01", "operational", 100, 2.5e9),
        _row("c", "2025-03-01", "announced", 0), _row("c", "2026-12-31", "planned", 400)], sites)
    deals = catalog.parse_deals([_deal("d1", 2.0, "2025-01-10"), _deal("d2", 1.0, "2025-05-01", parties="x;z"),
                                 _deal("d3", 3.0, "2025-08-01"),
                                 _deal("d4", 0.5, "2025-02-01", ended="2025-06-01", status="superseded")])
    links = catalog.parse_deal_sites([_link("d1", "a", 1.0), _link("d1", "b"), _link("d2", "a")], deals, sites)
    return sites, timeline, deals, links


def test_pipeline_totals_and_dedup(world):
    p = st.pipeline(*world, D(2025, 12, 31))
    assert p["announced_gw"] == pytest.approx(6.0)        # d1 2 + d2 1 + d3 3 (d4 ended)
    assert p["double_counted_gw"] == pytest.approx(1.0)   # site a: d1 1 GW and d2 1 GW (a's planned 1 GW)
    assert p["dedup_gw"] == pytest.approx(5.0)
    assert p["sited_gw"] == pytest.approx(2.5)            # d1: a 1.0 + b 0.5 (b's planned); d2: a 1.0
    assert p["unsited_gw"] == pytest.approx(3.5)
    assert p["delivered_gw"] == pytest.approx(0.5)        # a 400 MW + b 100 MW; c only planned
    assert p["delivered_deal_sites_gw"] == pytest.approx(0.5)
    (row,) = p["double_counting"]
    assert row == {"site": "a", "deals": ["d1", "d2"], "claimed_gw": pytest.approx(2.0),
                   "unique_gw": pytest.approx(1.0), "double_counted_gw": pytest.approx(1.0)}


@pytest.mark.parametrize("day, announced, dedup, delivered", [
    (D(2025, 3, 31), 2.5, 2.5, 0.2),    # d1 and d4 live; a at 200 MW
    (D(2025, 6, 30), 3.0, 2.0, 0.3),    # d4 ended 1 Jun, d2 arrived; a 200 + b 100 MW
    (D(2026, 11, 30), 6.0, 5.0, 0.5),   # a's 1000 MW is a projection for 2027: not delivered
])
def test_as_of(world, day, announced, dedup, delivered):
    p = st.pipeline(*world, day)
    assert (p["announced_gw"], p["dedup_gw"], p["delivered_gw"]) == pytest.approx((announced, dedup, delivered))


def test_over_time_is_quarterly_and_ends_at_as_of(world):
    rows = st.announced_vs_delivered(*world, D(2025, 5, 15), start=D(2025, 1, 1))
    assert [r["date"] for r in rows] == ["2025-03-31", "2025-05-15"]
    assert [r["announced_gw"] for r in rows] == pytest.approx([2.5, 3.5])


def test_sites_as_of_and_filters(world):
    sites, timeline, _, _ = world
    assert [r["id"] for r in st.sites_as_of(sites, timeline, D(2024, 12, 31))] == ["a", "b"]  # c known 2025-03
    rows = st.sites_as_of(sites, timeline, D(2025, 8, 1))
    assert [(r["id"], r["power_online_mw"]) for r in rows] == [("a", 400), ("b", 100), ("c", 0)]
    a = rows[0]
    assert (a["next_power_mw"], a["next_date"], a["next_status"]) == (1000, "2027-01-01", "projected")
    assert [r["id"] for r in st.sites_as_of(sites, timeline, D(2025, 8, 1), company="z")] == ["b"]
    assert [r["id"] for r in st.sites_as_of(sites, timeline, D(2025, 8, 1), country="NO")] == ["c"]


def test_phases_by_phase_label():
    sites = catalog.parse_sites([_site("s", 1000)])
    deals = catalog.parse_deals([_deal("p", 0.6, "2025-01-01"), _deal("q", 0.5, "2025-01-01")])
    links = catalog.parse_deal_sites([_link("p", "s", 0.3, phase="1"), _link("p", "s", 0.3, phase="2"),
                                      _link("q", "s", 0.5, phase="1")], deals, sites)
    dc = st.double_counting(deals, links, sites, D(2025, 6, 1))
    # phase 1: max(0.3, 0.5) = 0.5; phase 2: 0.3 -> unique 0.8 of 1.1 claimed
    assert dc["sites"][0]["unique_gw"] == pytest.approx(0.8)
    assert dc["double_counted_gw"] == pytest.approx(0.3)
    assert dc["dedup_gw"] == pytest.approx(0.8)


def test_pro_rata_share_keeps_a_deal_within_its_gw():
    sites = catalog.parse_sites([_site("s", 1000), _site("t", 3000)])
    deals = catalog.parse_deals([_deal("p", 2.0, "2025-01-01")])
    links = catalog.parse_deal_sites([_link("p", "s"), _link("p", "t")], deals, sites)
    held = {h["site"]: h["gw"] for h in st.link_gw(deals, links, sites)}
    assert held == pytest.approx({"s": 0.5, "t": 1.5})  # 4 GW planned shared into the deal's 2 GW


def test_build_speed_and_capital_cost(world):
    sites, timeline, _, _ = world
    bs = st.build_speed(sites, timeline, D(2025, 12, 31))
    per = {b["site"]: b for b in bs["sites"]}
    assert set(per) == {"a", "b"}                              # c has no observed start
    assert per["a"]["months_to_first_power"] == pytest.approx(366 / (365.25 / 12))
    assert per["a"]["mw_per_month"] == pytest.approx(400 / (547 / (365.25 / 12)))
    assert per["b"]["mw_per_month"] == pytest.approx(100 / (365 / (365.25 / 12)))
    classes = {c["size_class"]: c for c in bs["by_size_class"]}
    assert classes["1 GW and more"]["sites"] == 1 and classes["500-1000 MW"]["sites"] == 1
    assert classes["under 500 MW"]["months_to_first_power"]["median"] is None
    assert classes["all"]["months_to_first_power"]["median"] == pytest.approx((366 + 365) / 2 / (365.25 / 12))
    cc = st.capital_cost_per_gw(sites, timeline, D(2025, 12, 31))
    assert (cc["median_usd_per_gw"], cc["low_usd_per_gw"], cc["high_usd_per_gw"]) == pytest.approx((27.5e9, 25e9, 30e9))
    assert st.fitted_delay(sites, timeline, D(2025, 12, 31))["mean"] == pytest.approx(round(0.5 / (365.25 / 12) / 6, 2))


def test_program_phases_from_timelines(world):
    from gigawatt.timeline import parse_quarter as q

    sites, timeline, _, _ = world
    assert st.program_phases(["a", "c"], sites, timeline) == [
        (0.2, q("2025Q1"), "auto"), (0.2, q("2025Q3"), "auto"), (0.4, q("2026Q4"), "auto"), (0.6, q("2027Q1"), "auto")]
    with pytest.raises(InputError, match=r"program.sites\[1\]: 'zz' is not a site"):
        st.program_phases(["a", "zz"], sites, timeline)


# --------------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("value, message", [
    ("2030-01-01", "is in the future"), ("2019-12-31", "before 2020-01-01"), ("31/12/2025", "is not a date")])
def test_as_of_rejected(value, message):
    with pytest.raises(InputError, match=message) as e:
        st.check_as_of(value, today=D(2026, 11, 30))
    assert e.value.path == "--as-of"


def test_unknown_filter_lists_known():
    with pytest.raises(InputError, match="'acme' is not known; known: meta, xai"):
        st.check_filter("acme", ["meta", "xai"], "--company")
    assert st.check_filter("XAI", ["meta", "xai"], "--company") == "xai"


def test_bad_site_rows():
    with pytest.raises(InputError, match=r"sites.csv row 1.lat: '91' is out of range; a latitude must be between"):
        catalog.parse_sites([_site("a", 100, lat="91")])
    with pytest.raises(InputError, match=r"row 1.lon: '-181' is out of range"):
        catalog.parse_sites([_site("a", 100, lon="-181")])
    with pytest.raises(InputError, match=r"row 1.planned_mw: '-5' is out of range; planned MW must be 0 or more"):
        catalog.parse_sites([_site("a", -5)])
    with pytest.raises(InputError, match=r"row 1.source: empty"):
        catalog.parse_sites([_site("a", 100, source="")])
    with pytest.raises(InputError, match=r"row 2.id: 'a' appears twice"):
        catalog.parse_sites([_site("a", 100), _site("a", 200)])


def test_bad_timeline_rows():
    sites = catalog.parse_sites([_site("a", 100)])
    with pytest.raises(InputError, match=r"row 2.date: 2024-01-01 comes after 2025-01-01 .* must be in date order"):
        catalog.parse_timeline([_row("a", "2025-01-01", "construction", 0), _row("a", "2024-01-01", "construction", 0)],
                               sites)
    with pytest.raises(InputError, match=r"row 1.power_mw: '-1' is out of range; power MW must be 0 or more"):
        catalog.parse_timeline([_row("a", "2025-01-01", "operational", -1)], sites)
    with pytest.raises(InputError, match=r"row 1.site: 'b' is not a site of sites.csv"):
        catalog.parse_timeline([_row("b", "2025-01-01", "operational", 1)], sites)
    with pytest.raises(InputError, match=r"row 1.status: 'done' is not a status"):
        catalog.parse_timeline([_row("a", "2025-01-01", "done", 1)], sites)
    with pytest.raises(InputError, match=r"row 1.date: '2025-13-01' is not a date"):
        catalog.parse_timeline([_row("a", "2025-13-01", "operational", 1)], sites)


def test_bad_deal_rows():
    sites = catalog.parse_sites([_site("a", 100)])
    deals = catalog.parse_deals([_deal("d", 1.0, "2025-01-01"), _deal("n", "", "2025-01-01")])
    with pytest.raises(InputError, match=r"deal_sites.csv row 1.site: deal 'd' names 'nowhere', which is not a site"):
        catalog.parse_deal_sites([_link("d", "nowhere")], deals, sites)
    with pytest.raises(InputError, match=r"row 1.deal: 'zz' is not a deal"):
        catalog.parse_deal_sites([_link("zz", "a")], deals, sites)
    with pytest.raises(InputError, match=r"row 2.gw: deal 'd''s sites add up to 1.5 GW, more than the deal's 1 GW"):
        catalog.parse_deal_sites([_link("d", "a", 1.0), _link("d", "a", 0.5, phase="2")], deals, sites)
    with pytest.raises(InputError, match=r"row 1.gw: 0.5 GW given, but deal 'n' states no GW"):
        catalog.parse_deal_sites([_link("n", "a", 0.5)], deals, sites)
    with pytest.raises(InputError, match=r"deals.csv row 1.gw: '-2' is out of range"):
        catalog.parse_deals([_deal("d", -2, "2025-01-01")])
    with pytest.raises(InputError, match=r"row 1.ended: 2024-01-01 is before the deal's date 2025-01-01"):
        catalog.parse_deals([_deal("d", 1, "2025-01-01", ended="2024-01-01")])


# --------------------------------------------------------------------------------------------- shipped data


DATA = {"sites.csv": catalog.SITE_COLUMNS, "site_timeline.csv": catalog.TIMELINE_COLUMNS,
        "deals.csv": catalog.DEAL_COLUMNS, "deal_sites.csv": catalog.DEAL_SITE_COLUMNS}


@pytest.mark.parametrize("name", sorted(DATA))
def test_every_row_has_a_source_and_a_date(name):
    with (resources.files("gigawatt") / "data" / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and tuple(rows[0]) == DATA[name] + catalog.FRESHNESS_COLUMNS
    for i, r in enumerate(rows):
        assert r["source"].strip(), f"{name} row {i + 1} has no source"
        assert dt.date.fromisoformat(r["date"]), f"{name} row {i + 1} has no date"
    assert sum(len(",".join(r.values())) for r in rows) < 60_000  # small: only the columns and rows used


def test_shipped_sites_cover_the_issue():
    sites = {s.id: s for s in catalog.sites()}
    big = [s for s in sites.values() if s.planned_mw >= 180]
    assert len(big) >= 30
    for sid in ("stargate-abilene", "stargate-shackelford", "stargate-milam", "stargate-dona-ana", "stargate-lordstown",
                "stargate-saline", "stargate-uae", "stargate-norway", "colossus-1", "colossus-2", "meta-prometheus",
                "meta-hyperion", "fairwater-atlanta", "fairwater-wisconsin", "amazon-new-carlisle", "amazon-madison-ms",
                "amazon-ridgeland-ms", "google-council-bluffs", "coreweave-helios", "crusoe-goodnight",
                "cheyenne-tallgrass"):
        assert sid in sites, sid
    assert all("Epoch AI" in s.source or "press" in s.source.lower() or "announcement" in s.source.lower()
               for s in sites.values())
    deals = {d.id for d in catalog.deals()}
    assert {"nvidia-openai-loi", "amd-openai", "broadcom-openai", "oracle-openai-4.5gw", "stargate-us",
            "microsoft-openai-azure", "coreweave-openai", "anthropic-google-tpu", "anthropic-microsoft-nvidia"} <= deals
    assert catalog.deal_sites()  # parsed: every deal and site it names exists


def test_shipped_pipeline_invariants():
    p = st.pipeline(catalog.sites(), catalog.site_timeline(), catalog.deals(), catalog.deal_sites(), D(2026, 6, 30))
    assert 0 <= p["double_counted_gw"] <= p["sited_gw"] <= p["announced_gw"]
    assert p["dedup_gw"] == pytest.approx(p["announced_gw"] - p["double_counted_gw"])
    assert p["delivered_deal_sites_gw"] <= p["delivered_gw"]
    over = p["over_time"]
    assert all(a["delivered_gw"] >= 0 for a in over) and over[-1]["date"] == "2026-06-30"
    c = p["capital_cost_per_gw"]
    assert c["low_usd_per_gw"] <= c["median_usd_per_gw"] <= c["high_usd_per_gw"]


# --------------------------------------------------------------------------------------------- CLI


def _cli(*args):
    env = {**os.environ, "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "gigawatt.cli", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def test_cli_pipeline_json_and_table():
    r = _cli("pipeline", "--as-of", "2026-06-30", "--json")
    assert r.returncode == 0, r.stderr
    p = json.loads(r.stdout)
    assert p["as_of"] == "2026-06-30"
    for key in ("announced_gw", "double_counted_gw", "dedup_gw", "delivered_gw", "over_time", "build_speed",
                "capital_cost_per_gw", "by_company", "double_counting"):
        assert key in p
    r = _cli("pipeline", "--as-of", "2025-12-31")
    assert r.returncode == 0 and "announced, de-duplicated" in r.stdout and "Build speed" in r.stdout


def test_cli_sites():
    r = _cli("sites", "--country", "no", "--json")
    assert r.returncode == 0, r.stderr
    assert [s["id"] for s in json.loads(r.stdout)] == ["stargate-norway"]
    r = _cli("sites", "--company", "xai", "--as-of", "2025-06-30")
    assert r.returncode == 0 and "colossus-1" in r.stdout


@pytest.mark.parametrize("args, message", [
    (("sites", "--company", "acme"), "--company: 'acme' is not known; known: "),
    (("sites", "--country", "ZZ"), "--country: 'ZZ' is not known; known: "),
    (("pipeline", "--as-of", "2099-01-01"), "--as-of: 2099-01-01 is in the future"),
    (("sites", "--as-of", "2019-01-01"), "before 2020-01-01"),
])
def test_cli_bad_input_exits_2(args, message):
    r = _cli(*args)
    assert r.returncode == 2
    assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1


# --------------------------------------------------------------------------------------------- scenarios


def test_stargate_runs_on_its_sites_with_the_fitted_delay():
    from gigawatt.api import simulate
    from gigawatt.scenario import load_scenario

    scn = load_scenario("stargate-10gw")
    assert "stargate-abilene" in scn.program.sites and not scn.program.phases
    phases = scn.phases()
    assert sum(gw for gw, _, _ in phases) == pytest.approx(
        sum(s.planned_mw for s in catalog.sites() if s.id in scn.program.sites) / 1000)
    fitted = st.fitted_delay(catalog.sites(), catalog.site_timeline(), D(2026, 11, 30))
    assert scn.uncertainty["program.delay_quarters"] == {"dist": "poisson", "mean": fitted["mean"]}
    assert any("fitted from observed build speeds" in s for s in scn.sources)
    out = simulate(scn).to_json()
    assert out["summary"]["capacity_gw"] == pytest.approx(sum(gw for gw, _, _ in phases))


def test_unknown_site_in_a_scenario(tmp_path):
    from gigawatt.scenario import load_scenario

    f = tmp_path / "s.yaml"
    f.write_text("name: s\nprogram:\n  capacity_gw: 1\n  sites: [stargate-abilene, atlantis]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"program.sites\[1\]: 'atlantis' is not a site; known: "):
        load_scenario(str(f))


def test_market_reads_its_deal_links_from_deals_csv():
    with (resources.files("gigawatt") / "data" / "links.csv").open(encoding="utf-8", newline="") as f:
        in_links_csv = {r["id"] for r in csv.DictReader(f)}
    linked = {d.link_id: d for d in catalog.deals() if d.link_id}
    assert linked and not (set(linked) & in_links_csv)  # one source of truth: no row in both files
    rows = {r.id: r for r in catalog.links()}
    cloud = rows["oracle-openai-cloud"]
    assert cloud.origin == "deals.csv oracle-openai-4.5gw"
    assert (cloud.kind, cloud.payer, cloud.payee, cloud.usd, cloud.gw, cloud.years, cloud.start) == \
        ("cloud", "openai", "oracle", 300e9, 4.5, 5.0, "2027")
    assert rows["nvidia-openai-loi-systems"].gw == linked["nvidia-openai-loi-systems"].gw == 10
