"""The customer's revenue path runs through dated evidence (data/comparisons.csv, key openai): reported revenue,
run-rates and plans, each a row with when it was true and its source."""

from gigawatt import catalog
from gigawatt.api import simulate
from gigawatt.scenario import DEFAULT_SCENARIO, load_scenario


def _evidence():
    return {(r.quantity, r.year): r for r in catalog.rows() if r.key == "openai" and r.file == "comparisons.csv"}


def test_evidence_rows_are_dated_and_sourced():
    ev = _evidence()
    for k in (("revenue_usd", 2024), ("revenue_usd", 2025), ("run_rate_usd_per_year", 2026), ("revenue_plan_usd", 2026)):
        assert k in ev and ev[k].source and ev[k].true_on, k
    assert ev[("revenue_usd", 2024)].value < ev[("revenue_usd", 2025)].value < ev[("run_rate_usd_per_year", 2026)].value


def test_the_default_path_runs_through_the_evidence():
    """2025 at the reported $13B; 2026 ($13B x 2.2 = $28.6B) between the >=$24B run-rate of March 2026 and
    OpenAI's ~$30B plan; the Monte Carlo's range of 2026 ($24.05B-$32.5B at growth 0.85-1.5) spans both."""
    ev = _evidence()
    res = simulate(DEFAULT_SCENARIO)
    by_year = {int(q[:4]): v for q, v in zip(res.quarters, res.series("customer_revenue_usd_per_year"))}
    assert ev[("run_rate_usd_per_year", 2026)].value <= by_year[2026] <= ev[("revenue_plan_usd", 2026)].value
    assert abs(by_year[2026] - 28.6e9) < 1e6
    p = load_scenario(DEFAULT_SCENARIO)
    assert p.finance.customer_revenue.start_year == 2025
    assert p.finance.customer_revenue.start_usd_per_year == ev[("revenue_usd", 2025)].value
    growth = p.uncertainty["finance.customer_revenue.growth_per_year"]
    assert 13e9 * (1 + growth["low"]) <= ev[("run_rate_usd_per_year", 2026)].value * 1.01
    assert 13e9 * (1 + growth["high"]) >= ev[("revenue_plan_usd", 2026)].value
