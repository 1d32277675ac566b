"""`gigawatt market`: JSON contract, graph output, bad input exits 2 with one line."""

import json
import subprocess
import sys

import pytest

GW = [sys.executable, "-m", "gigawatt.cli"]


def run(*args):
    return subprocess.run([*GW, *args], capture_output=True, text=True, timeout=120)


def test_market_json_has_metrics_and_conserves_stress_money():
    p = run("market", "--stress", "0.5", "--json")
    assert p.returncode == 0, p.stderr
    rep = json.loads(p.stdout)
    assert 0 < rep["hhi_usd"] <= 10_000 and 0 < rep["hhi_gw"] <= 10_000
    stress = rep["stress"]
    unpaid = sum(e["unpaid_usd"] for e in stress["exposures"])
    assert unpaid == pytest.approx(stress["gap_usd_per_year"], rel=1e-9)
    # the article's circle: NVIDIA invests in OpenAI, OpenAI pays Oracle, Oracle buys NVIDIA systems
    assert any(c["companies"] == ["nvidia", "openai", "oracle"] for c in rep["cycles"])


def test_market_graph_png(tmp_path):
    out = tmp_path / "net.png"
    p = run("market", "--graph", str(out))
    assert p.returncode == 0, p.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("args, needle", [
    (("--stress", "1.5"), "stress: 1.5"),
    (("--stress", "-0.1"), "stress: -0.1"),
    (("--graph", "net.gif"), "--graph"),
])
def test_market_bad_input(args, needle):
    p = run("market", *args)
    assert p.returncode == 2
    assert needle in p.stderr and "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
