"""Notebook views: short text reprs and HTML tables for Results, PortfolioResults and MCResults."""

from html.parser import HTMLParser

import pytest

import gigawatt as gw
from gigawatt import present


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.open = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag not in ("br", "hr"):  # void elements have no end tag
            self.open.append(tag)

    def handle_endtag(self, tag):
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1:]}>"
        self.open.pop()


def _parse(html: str) -> list[str]:
    p = _Tags()
    p.feed(html)
    assert not p.open, f"unclosed tags: {p.open}"
    return p.tags


@pytest.fixture(scope="module")
def res():
    return gw.simulate(gw.load_scenario("openai-nvidia-10gw"))


@pytest.fixture(scope="module")
def mc():
    return gw.monte_carlo(gw.load_scenario("openai-nvidia-10gw"), draws=512, seed=3)


def test_results_repr_is_short_and_formatted(res):
    text = repr(res)
    assert len(text) < 2000
    assert "openai-nvidia-10gw" in text and "2026Q1–2035Q4" in text
    h = res.headline()
    assert present.usd(h["capex_usd"]) == "$445 B" and "$445 B" in text   # bottom-up, tests/model/test_finance.py
    assert "10.0 GW" in text and h["full_build_online"] in text
    assert "array([" not in text and "[[" not in text and "e+" not in text   # no arrays dumped


def test_results_html_is_a_table(res):
    html = res._repr_html_()
    tags = _parse(html)
    assert tags[0] == "table" and tags.count("tr") >= 8
    assert "openai-nvidia-10gw" in html and "$445 B" in html
    assert len(html) < 4000


def test_portfolio_keeps_the_compact_repr():
    port = gw.simulate(gw.load_scenario("openai-portfolio"))
    assert type(port).__name__ == "PortfolioResults"
    text = repr(port)
    assert text.startswith("PortfolioResults: openai-portfolio") and len(text) < 2000
    assert present.usd(port.headline()["capex_usd"]) in text
    assert _parse(port._repr_html_())[0] == "table"


def test_mc_repr_shows_quantiles(mc):
    text = repr(mc)
    assert len(text) < 2000
    assert text.startswith("MCResults: openai-nvidia-10gw") and "512 draws, seed 3" in text
    p50 = mc.headline_quantiles("capex_usd")[1]
    assert present.value(float(p50), "USD") in text
    assert "p5" in text and "p95" in text and "P(" in text


def test_mc_html_is_a_table(mc):
    html = mc._repr_html_()
    tags = _parse(html)
    assert tags[0] == "table" and "thead" in tags and tags.count("tr") >= 5
    assert "MCResults: openai-nvidia-10gw" in html and len(html) < 6000


def test_imports_stay_light():
    import subprocess
    import sys

    code = ("import sys, gigawatt, gigawatt.results, gigawatt.montecarlo.results, gigawatt.cli; "
            "print(sorted(m for m in ('pandas', 'xarray', 'openpyxl', 'nbformat') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"
