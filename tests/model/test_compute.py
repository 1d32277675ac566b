"""Compute: FLOP/s, H100-equivalents, training-run days, tokens, interruptions (gigawatt.model.compute).

Per-GPU dense peaks are platforms.csv rows (vera-rubin-nvl144 FP8 16.7 PF; h100-hgx BF16 0.989 PF, NVIDIA
datasheet); utilization 0.375 is Epoch AI's median training MFU over 33 runs; 2 FLOP per active parameter per
token (Kaplan et al. 2020); 2.8e-4 GPU-related interruptions per GPU-day is Meta's Llama 3 report (419 x 0.587
/ (16,384 GPUs x 54 days)); the reference run 1e27 FLOP, 2e11 active parameters and 7e8 weekly users are the
default scenario's figures.
"""

from hypothesis import given
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from gigawatt import catalog
from gigawatt.model.compute import (delivered_flops, h100_equivalents, interruptions_per_day, peak_flops,
                                    tokens_per_s, tokens_per_user_week, training_run_days)

VR_1GW_PACKAGES = 259_740.26  # 1 GW facility at PUE 1.2, overhead 0.10, 210 kW racks of 72 (test_capacity)


def test_one_gw_of_vera_rubin_by_hand():
    fp8 = catalog.platforms()["vera-rubin-nvl144"].get("fp8_dense_pflops_per_gpu")
    assert fp8 == 16.7
    peak = peak_flops(VR_1GW_PACKAGES, fp8)
    assert_allclose(peak, 4.33766e21, rtol=1e-5)                         # 259,740 x 16.7e15
    delivered = delivered_flops(peak, 0.375)
    assert_allclose(delivered, 1.62662e21, rtol=1e-5)
    assert_allclose(training_run_days(1e27, delivered), 7.11534, rtol=1e-5)   # 1e27 / (1.627e21 x 86,400 s)
    tps = tokens_per_s(delivered, 2e11)
    assert_allclose(tps, 4.06656e9, rtol=1e-5)                           # 1.627e21 / (2 x 2e11)
    assert_allclose(tokens_per_user_week(tps, 7e8), 3.51351e6, rtol=1e-5)  # x 604,800 s / 7e8 users
    assert_allclose(interruptions_per_day(VR_1GW_PACKAGES, 2.8e-4), 72.7273, rtol=1e-5)


def test_h100_equivalents():
    h100_bf16 = catalog.platforms()["h100-hgx"].get("bf16_dense_pflops_per_gpu") * 1e15
    assert_allclose(h100_equivalents(peak_flops(1000, 0.989), h100_bf16), 1000)
    # one Vera Rubin package at BF16 (8.3 PF) is 8.39 H100s
    assert_allclose(h100_equivalents(peak_flops(1, 8.3), h100_bf16), 8.39232, rtol=1e-5)


def test_interruption_rate_from_the_llama3_report():
    r = catalog.value("llama3-405b-training", "gpu_interruptions_per_gpu_day")
    per_day = 419 * 0.587 / (16_384 * 54)
    assert_allclose(r, per_day, rtol=2e-3)
    # the Llama 3 cluster itself: 16,384 GPUs -> ~4.6 GPU-related interruptions a day
    assert_allclose(interruptions_per_day(16_384, per_day), 419 * 0.587 / 54)


@given(g=st.floats(0, 1e7), k=st.floats(0, 100), u=st.floats(0.01, 1))
def test_compute_scales_with_gpus(g, k, u):
    d = delivered_flops(peak_flops(g, 16.7), u)
    assert d >= 0
    assert_allclose(delivered_flops(peak_flops(k * g, 16.7), u), k * d, rtol=1e-9, atol=1e-6)
