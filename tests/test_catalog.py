"""The sourced reference data (src/gigawatt/data/*.csv) and its one reader, gigawatt.catalog."""

import csv
import math
from importlib import resources

import pytest

from gigawatt import catalog
from gigawatt.errors import InputError
from gigawatt.timeline import label

REQUIRED_PLATFORMS = ("h100-hgx", "b200-hgx", "gb200-nvl72", "gb300-nvl72", "vera-rubin-nvl144",
                      "vera-rubin-nvl144-cpx", "rubin-ultra-nvl576", "amd-mi450-helios")
COLUMNS = ["key", "quantity", "value", "low", "high", "unit", "year", "source", "note", "true_on", "checked_on"]


def _raw(name):
    with (resources.files("gigawatt") / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", catalog.DATA_FILES)
def test_data_file_schema(name):
    """Every reference file is a tidy table: the same eleven columns (the last two: freshness), and each row has unit, source, year."""
    with (resources.files("gigawatt") / "data" / name).open(encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == COLUMNS
    rows = _raw(name)
    assert rows
    for r in rows:
        where = f"{name}: {r['key']}.{r['quantity']}"
        assert r["key"].strip() and r["quantity"].strip(), where
        assert r["unit"].strip(), where
        assert len(r["source"].strip()) > 5, where
        assert 1990 <= int(r["year"]) <= 2030, where
        # A value may be left empty only on purpose, with a note saying why (e.g. "not published").
        assert r["value"].strip() or r["note"].strip(), where
        lo, hi, v = (catalog._num(r[k]) for k in ("low", "high", "value"))
        if lo is not None and hi is not None:
            assert lo <= hi, where
            if v is not None:
                assert lo <= v <= hi, where


def test_keys_are_unique_per_year():
    seen = set()
    for r in catalog.rows():
        k = (r.file, r.key, r.quantity, r.year)
        assert k not in seen, k
        seen.add(k)


def test_required_platforms_are_in_the_catalog():
    assert set(REQUIRED_PLATFORMS) <= set(catalog.platforms())


@pytest.mark.parametrize("name", REQUIRED_PLATFORMS)
def test_every_required_platform_is_complete(name):
    pl = catalog.platforms()[name]
    assert pl.unit_kind == ("server" if name.endswith("-hgx") else "rack")
    assert pl.get("unit_power_kw") > 0
    assert pl.get("gpu_packages_per_unit") >= 8 and pl.get("gpu_dies_per_unit") >= pl.get("gpu_packages_per_unit")
    for prec in ("fp8", "bf16"):
        assert pl.get(f"{prec}_dense_pflops_per_gpu") > 0
    # FP4 exists from Blackwell on; Hopper has none (left empty on purpose in platforms.csv).
    assert math.isnan(pl.get("fp4_dense_pflops_per_gpu")) if name == "h100-hgx" else pl.get(
        "fp4_dense_pflops_per_gpu") > 0
    assert pl.get("hbm_gb_per_gpu") > 0
    for q in ("unit_power_kw", "gpu_packages_per_unit", "fp8_dense_pflops_per_gpu", "available"):
        r = catalog.ref(name, q)
        assert r.source and r.year and r.unit
    for ref in catalog.platform_sources(name):
        assert ref.source and ref.year and ref.unit


@pytest.mark.parametrize("name, unit, packages, dies", [
    # platforms.csv: HGX servers hold 8 GPUs; Blackwell and Rubin packages hold 2 dies, Rubin Ultra 4.
    ("h100-hgx", "server", 8, 8),
    ("b200-hgx", "server", 8, 16),
    ("gb200-nvl72", "rack", 72, 144),
    ("gb300-nvl72", "rack", 72, 144),
    ("vera-rubin-nvl144", "rack", 72, 144),     # NVL144 counts dies; renamed NVL72 (packages) at CES 2026
    ("rubin-ultra-nvl576", "rack", 144, 576),   # NVL576 counts dies: 144 packages of 4 dies
    ("amd-mi450-helios", "rack", 72, 72),
])
def test_packages_and_dies_conventions(name, unit, packages, dies):
    pl = catalog.platforms()[name]
    assert (pl.unit_kind, pl.get("gpu_packages_per_unit"), pl.get("gpu_dies_per_unit")) == (unit, packages, dies)


def test_platform_pins_used_by_the_model_tests():
    """The catalog figures the hand-computed model tests rely on (platforms.csv rows)."""
    vr, ru = catalog.platforms()["vera-rubin-nvl144"], catalog.platforms()["rubin-ultra-nvl576"]
    assert vr.get("unit_power_kw") == 210 and vr.ranges["unit_power_kw"] == (190, 230)
    assert (vr.get("fp4_dense_pflops_per_gpu"), vr.get("fp8_dense_pflops_per_gpu"),
            vr.get("bf16_dense_pflops_per_gpu")) == (35, 16.7, 8.3)
    assert ru.get("unit_power_kw") == 600
    assert (ru.get("fp4_dense_pflops_per_gpu"), ru.get("fp8_dense_pflops_per_gpu"),
            ru.get("bf16_dense_pflops_per_gpu")) == (100, 34.7, 17.4)
    assert catalog.platforms()["h100-hgx"].get("bf16_dense_pflops_per_gpu") == 0.989
    assert label(vr.available) == "2026Q3" and label(ru.available) == "2027Q3"


def test_catalog_is_ordered_by_availability_and_cpx_is_cancelled():
    avail = [p.available for p in catalog.platforms().values()]
    assert avail == sorted(avail)
    cpx = catalog.platforms()["vera-rubin-nvl144-cpx"]
    assert cpx.status == "cancelled" and not cpx.auto_eligible
    assert catalog.platforms()["vera-rubin-nvl144"].auto_eligible
    assert catalog.platforms()["amd-mi450-helios"].vendor == "amd"


def test_unknown_platform_lists_the_known_ones():
    with pytest.raises(InputError) as e:
        catalog.platform("rubin-nvl999", "program.platform")
    msg = str(e.value)
    assert msg.startswith("program.platform: 'rubin-nvl999'")
    assert all(n in msg for n in REQUIRED_PLATFORMS) and "auto" in msg


def test_comparison_figures():
    """comparisons.csv, seeded from FACTS.md (EIA, ANS, LBNL, TechInsights)."""
    assert catalog.value("nuclear-reactor", "net_capacity_gw") == 1.03      # ~97 GW / 94 reactors
    assert catalog.value("nuclear-reactor", "capacity_factor") == 0.92
    assert catalog.value("us-household", "electricity_kwh_per_year") == 10260  # EIA 2023 (latest year)
    assert catalog.value("us-household", "electricity_kwh_per_year", 2022) == 10791  # kept as history
    assert catalog.value("us-household", "electricity_kwh_per_year", 2020) == 10715
    for key in ("datacenter-small", "datacenter-large", "datacenter-largest"):
        assert catalog.value(key, "power_gw") > 0
    assert catalog.value("nvidia-dc-gpu-shipments", "units", 2023) == 3.76e6
    assert catalog.ref("nvidia-dc-gpu-shipments", "units", 2025).range == (4e6, 5e6)
    with pytest.raises(LookupError):  # the old 2024 row was half of Huang's 2025 figure: derived, removed
        catalog.ref("nvidia-dc-gpu-shipments", "units", 2024)
    huang = catalog.ref("gpus-per-gw-huang-cnbc", "gpus_per_gw")
    assert huang.range == (400_000, 500_000) and "4-5 million" in huang.source and "counting" in huang.note
    with pytest.raises(LookupError):
        catalog.value("nuclear-reactor", "no_such_quantity")
    with pytest.raises(LookupError):
        catalog.value("us-household", "electricity_kwh_per_year", 1999)


def test_us_states():
    """us_states.csv (EIA retail sales): by default the newest year listing all 50 states + DC, from one table."""
    states = catalog.us_states()
    assert set(states) == catalog.STATE_CODES | {"US"} and len(catalog.STATE_CODES) == 51
    assert {r.year for r in states.values()} == {2023}                  # 2024/2025 list only some states so far
    assert states["NY"].number == 139.061     # EIA-861M, Jan-Dec 2023 summed: 139,061 thousand MWh (EPA 2023: 139.1)
    assert states["WY"].number == 16.833      # 16,833 thousand MWh
    assert states["TX"].number == 486.787     # 486,787 thousand MWh
    assert states["US"].number == 3861.342    # EIA EPM Table 5.1: 3,861,342 thousand MWh
    assert catalog.value("WY", "residential_sales_twh", 2023) == 2.973  # 2,973 thousand MWh
    assert len({r.source for k, r in states.items() if k != "US"}) == 1  # one table for all 51
    # the 51 rows add up to EIA's US total, both for all sectors and residential (1,454,667 thousand MWh)
    assert sum(r.number for k, r in states.items() if k != "US") == pytest.approx(states["US"].number, abs=0.01)
    res = [catalog.ref(k, "residential_sales_twh", 2023) for k in catalog.STATE_CODES]
    assert sum(r.number for r in res) == pytest.approx(catalog.value("US", "residential_sales_twh", 2023), abs=0.01)
    assert all(0 < r.number < states[r.key].number and r.source == states[r.key].source for r in res)
    assert catalog.us_states(2025)["NY"].number == 143.49           # a partial later year stays available on request


def test_data_as_of_today():
    """Figures updated to the latest published year (issue 11), each with the year it was true."""
    fy26 = catalog.ref("nvidia", "revenue_usd")
    assert (fy26.value, fy26.year) == (215.9e9, 2026) and "Fiscal 2026" in fy26.source
    dc = catalog.ref("nvidia", "dc_revenue_usd")
    quarters = [catalog.value("nvidia", f"dc_revenue_usd_fy2026_q{i}") for i in (1, 2, 3, 4)]
    assert dc.year == 2026 and dc.value == pytest.approx(sum(quarters))  # 39.1 + 41.1 + 51.2 + 62.3
    assert catalog.value("nvidia", "dc_revenue_usd", 2025) == 115.2e9  # FY2025 kept as history
    margin = catalog.ref("nvidia", "gross_margin")
    assert margin.year == 2026 and margin.low <= margin.value <= margin.high
    val = catalog.ref("openai", "valuation_usd")
    assert (val.value, val.year) == (852e9, 2026) and val.low == 730e9  # post-money at the close (31 Mar 2026) and pre-money
    assert catalog.value("openai", "valuation_usd", 2025) == 500e9       # the article's date
    assert catalog.platform("vera-rubin-nvl144").status == "production"  # in full production since Jan 2026


def test_gpu_counting_is_stated_per_figure():
    """Each public GPU count says whether it counts packages or dies, or that its source does not say (NVIDIA
    counted dies at GTC 2025, yet its CFO counted packages on 28 May 2025)."""
    blackwell = catalog.ref("nvidia-dc-gpu-shipments", "blackwell_gpus_top4_csp")
    hopper = catalog.ref("nvidia-dc-gpu-shipments", "hopper_gpus_top4_csp")
    assert "dies" in blackwell.note and "dies = packages" in hopper.note
    assert (blackwell.year, hopper.year) == (2025, 2024)
    huang = catalog.ref("nvidia-dc-gpu-shipments", "units", 2025).note
    assert "counting not stated" in huang and "packages" in huang
    assert "packages" in catalog.ref("nvidia", "racks_per_week").note
    assert "not stated" in catalog.ref("nvidia-dc-gpu-shipments", "blackwell_gpus_four_quarters").note
    for name in ("gb300-nvl72", "vera-rubin-nvl144"):
        p = catalog.platform(name)
        assert p.get("gpu_dies_per_unit") == 2 * p.get("gpu_packages_per_unit")
        assert "dies" in catalog.ref(name, "gpu_packages_per_unit").note


def test_state_sales_from_one_eia_table():
    """Rows from EIA Electric Power Monthly Table 5.4.B (Dec YTD, Feb 2026 release): one table, 2024 and 2025,
    residential below total for every state listed; a year's comparison never mixes tables."""
    table = [r for r in catalog.rows() if r.file == "us_states.csv" and "Table 5.4.B" in r.source]
    states = {r.key for r in table}
    assert {"NY", "PA", "OH", "IL", "CT", "WI"} <= states
    for year in (2024, 2025):
        for key in states:
            total = catalog.ref(key, "retail_sales_twh", year)
            res = catalog.ref(key, "residential_sales_twh", year)
            assert "Table 5.4.B" in total.source and "Table 5.4.B" in res.source
            assert 0 < res.number < total.number
    assert catalog.us_states(2025)["NY"].number == 143.49  # 143,490 thousand MWh
    assert {r.source for r in catalog.us_states(2025).values()} == {table[0].source}
