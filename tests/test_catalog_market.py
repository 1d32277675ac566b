"""Tests for the market rows of gigawatt.catalog (companies(), links()): typed, sourced rows; scenario links
replacing by id; unit strings parsed; bad rows rejected with file, row and column."""

from __future__ import annotations

import dataclasses
import math

import pytest

from gigawatt import catalog
from gigawatt.errors import InputError

HEADER = ",".join(catalog.LINK_COLUMNS) + "\n"


def test_shipped_companies_are_typed_unique_and_sourced():
    rows = catalog.companies()
    assert all(isinstance(c, catalog.Company) for c in rows)
    assert len({c.id for c in rows}) == len(rows)
    assert all(c.source for c in rows)
    openai = next(c for c in rows if c.id == "openai")
    # companies.csv: openai,OpenAI,ai_lab,13e9,2025,852e9,... (valuation at the close of the 2026 round)
    assert (openai.name, openai.kind, openai.revenue_usd, openai.revenue_year, openai.valuation_usd) == \
        ("OpenAI", "ai_lab", 13e9, 2025.0, 852e9)
    oracle = next(c for c in rows if c.id == "oracle")
    assert math.isnan(oracle.valuation_usd)  # blank = not disclosed


def test_shipped_links_are_typed_in_file_order_with_their_origin():
    rows = catalog.links()
    assert all(isinstance(r, catalog.Link) for r in rows)
    assert rows[0].id == "nvidia-openai-equity-2026" and rows[0].origin == "links.csv row 1"
    # links.csv: oracle-openai-cloud,cloud,openai,oracle,300e9,4.5,,,,5,2027,,2025-09-10,...
    cloud = next(r for r in rows if r.id == "oracle-openai-cloud")
    assert (cloud.kind, cloud.payer, cloud.payee, cloud.usd, cloud.gw, cloud.years, cloud.start) == \
        ("cloud", "openai", "oracle", 300e9, 4.5, 5.0, "2027")
    assert math.isnan(cloud.stake)
    assert {r.kind for r in rows} <= set(catalog.KIND_FIELDS)
    assert all(r.date and r.source for r in rows)
    with pytest.raises(dataclasses.FrozenInstanceError):
        cloud.usd = 1.0


def test_extra_links_replace_by_id_or_append_and_parse_units():
    shipped = catalog.links()
    rows = catalog.links(extra=[
        {"id": "oracle-openai-cloud", "kind": "cloud", "payer": "openai", "payee": "oracle", "usd": "$80B",
         "gw": "2 GW"},
        {"id": "new-stake", "kind": "equity", "payer": "nvidia", "payee": "intel", "stake": "27 %"}])
    assert len(rows) == len(shipped) + 1
    replaced = next(r for r in rows if r.id == "oracle-openai-cloud")
    assert (replaced.usd, replaced.gw, replaced.source, replaced.origin) == (80e9, 2.0, "scenario", "links[0]")
    assert rows[-1].id == "new-stake" and rows[-1].stake == pytest.approx(0.27)
    assert catalog.links() == shipped  # the shipped rows are not changed by a scenario's links


@pytest.mark.parametrize("link, where, words", [
    ({"kind": "loan"}, "links[0].kind", "not a link kind"),
    ({"usd": -5e9}, "links[0].usd", "negative"),
    ({"kind": "equity", "stake": "130 %"}, "links[0].stake", "above 1"),
    ({"kind": "equity", "gw": 2}, "links[0].gw", "equity links do not use gw"),
    ({"payee": "lab"}, "links[0].payee", "also the payer"),
    ({"years": 0}, "links[0].years", "term must be positive"),
    ({"id": ""}, "links[0].id", "every link needs an id"),
    ({"colour": "red"}, "links[0].colour", "unknown field"),
])
def test_bad_extra_links(link, where, words):
    base = {"id": "bad", "kind": "supply", "payer": "lab", "payee": "chip", "usd": 1e9}
    with pytest.raises(InputError) as err:
        catalog.links(extra=[{**base, **link}])
    assert err.value.path == where and words in err.value.message


def test_an_extra_link_must_be_a_mapping():
    with pytest.raises(InputError, match=r"links\[0\]: .*is not a mapping of link fields"):
        catalog.links(extra=["nvidia->openai"])


def test_bad_files(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        catalog.links(tmp_path / "nope.csv")
    short = tmp_path / "short.csv"
    short.write_text("id,kind\n")
    with pytest.raises(InputError, match=r"short.csv: missing column\(s\) payer, payee"):
        catalog.links(short)
    twice = tmp_path / "links.csv"
    row = "x,equity,chip,lab,1e9,,0.5,,,,,,2025-01-01,test,\n"
    twice.write_text(HEADER + row + row)
    with pytest.raises(InputError, match=r"links.csv row 2.id: 'x' appears twice"):
        catalog.links(twice)
    companies = tmp_path / "companies.csv"
    companies.write_text(",".join(catalog.COMPANY_COLUMNS) + "\nNVidia,NVIDIA,chip_vendor,1e9,2025,,test,\n")
    with pytest.raises(InputError, match=r"companies.csv row 1.id: 'NVidia' is not a company id"):
        catalog.companies(companies)
    companies.write_text(",".join(catalog.COMPANY_COLUMNS) + "\nnvidia,NVIDIA,chip_vendor,1e9,2025,,,\n")
    with pytest.raises(InputError, match=r"row 1.source: empty"):
        catalog.companies(companies)
